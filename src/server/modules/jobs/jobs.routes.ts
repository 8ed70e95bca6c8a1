// Background jobs: how far a calibration or backtest got, its result, and cancel.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { errorSchema } from "../../../shared/common.js";
import { jobListQuerySchema, jobListSchema, jobParams, jobSchema } from "../../../shared/jobs.js";
import type { Db } from "../../db/client.js";
import { MEMBER } from "../../lib/access.js";
import { cancelJob, getJob, listJobs } from "./jobs.service.js";

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };

export function registerJobRoutes(app: FastifyInstance, db: Db) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["Jobs"];
  r.get(
    "/api/jobs",
    {
      schema: {
        tags,
        summary: "The newest background jobs (at most 20), optionally of one record or kind",
        querystring: jobListQuerySchema,
        response: { 200: jobListSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    async (request) => listJobs(db, request.caller, request.query),
  );
  r.get(
    "/api/jobs/:id",
    {
      schema: {
        tags,
        summary: "A background job: status, progress, and its result once it succeeded",
        params: jobParams,
        response: { 200: jobSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    async (request) => getJob(db, request.caller, request.params.id),
  );
  r.post(
    "/api/jobs/:id/cancel",
    {
      schema: {
        tags,
        summary: "Ask a running job to stop at its next checkpoint (its starter, a team lead or an admin)",
        params: jobParams,
        response: { 200: jobSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    async (request) =>
      getJob(db, request.caller, (await cancelJob(db, request.caller, request.params.id)).id),
  );
}
