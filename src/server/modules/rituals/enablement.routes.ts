// Enablement's routes: every member schedules and reads sessions; whoever scheduled a session, its host, its
// participants, leads and admins mark it done or cancel it; participants give their own feedback.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { errorSchema, idParams } from "../../../shared/common.js";
import {
  completeEnablementSchema,
  coverageQuerySchema,
  coverageSchema,
  createEnablementSchema,
  enablementFeedbackSchema,
  enablementListQuerySchema,
  enablementPageSchema,
  enablementSessionSchema,
} from "../../../shared/rituals.js";
import type { Db } from "../../db/client.js";
import { MEMBER } from "../../lib/access.js";
import {
  cancelEnablement,
  completeEnablement,
  createEnablement,
  enablementCoverage,
  getEnablement,
  giveFeedback,
  listEnablement,
} from "./enablement.service.js";

const tags = ["Enablement"];
const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };

export function registerEnablementRoutes(app: FastifyInstance, db: Db) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    "/api/enablement",
    {
      schema: {
        tags,
        summary:
          "Training, shadowing and job rotation sessions, latest scheduled first (kind, status, member)",
        querystring: enablementListQuerySchema,
        response: { 200: enablementPageSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => listEnablement(db, request.caller, request.query),
  );
  r.get(
    "/api/enablement/coverage",
    {
      schema: {
        tags,
        summary:
          "Who has done at least one training, shadowing and job rotation in the last months, per member and per team",
        querystring: coverageQuerySchema,
        response: { 200: coverageSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => enablementCoverage(db, request.caller, request.query),
  );
  r.post(
    "/api/enablement",
    {
      schema: {
        tags,
        summary:
          "Schedule a training, shadowing or job rotation: the host team (and member), the day, participants from another team",
        body: createEnablementSchema,
        response: { 201: enablementSessionSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    async (request, reply) =>
      reply.status(201).send(await createEnablement(db, request.caller, request.body)),
  );
  r.get(
    "/api/enablement/:id",
    {
      schema: {
        tags,
        summary: "One enablement session with its participants' feedback",
        params: idParams,
        response: { 200: enablementSessionSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => getEnablement(db, request.caller, request.params.id),
  );
  r.post(
    "/api/enablement/:id/complete",
    {
      schema: {
        tags,
        summary: "Mark a session done, with the participants' ratings (1-5) and comments",
        params: idParams,
        body: completeEnablementSchema,
        response: { 200: enablementSessionSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => completeEnablement(db, request.caller, request.params.id, request.body),
  );
  r.post(
    "/api/enablement/:id/cancel",
    {
      schema: {
        tags,
        summary: "Cancel a scheduled session",
        params: idParams,
        response: { 200: enablementSessionSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => cancelEnablement(db, request.caller, request.params.id),
  );
  r.put(
    "/api/enablement/:id/feedback",
    {
      schema: {
        tags,
        summary:
          "Give your feedback on a done session (rating 1-5 and a comment); leads record a participant's",
        params: idParams,
        body: enablementFeedbackSchema,
        response: { 200: enablementSessionSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => giveFeedback(db, request.caller, request.params.id, request.body),
  );
}
