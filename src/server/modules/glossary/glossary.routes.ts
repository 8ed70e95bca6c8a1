import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { agreementVersionParams } from "../../../shared/agreements.js";
import { errorSchema } from "../../../shared/common.js";
import {
  createGlossaryDraftSchema,
  glossaryOverviewSchema,
  glossaryVersionSchema,
  updateGlossaryDraftSchema,
} from "../../../shared/glossary.js";
import type { Db } from "../../db/client.js";
import { LEADS, MEMBER } from "../../lib/access.js";
import {
  activateGlossaryVersion,
  approveGlossaryVersion,
  createGlossaryDraft,
  getGlossaryOverview,
  getGlossaryVersion,
  updateGlossaryDraft,
  withdrawGlossaryApproval,
} from "./glossary.service.js";

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };
const params = agreementVersionParams;

export function registerGlossaryRoutes(app: FastifyInstance, db: Db) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["Glossary"];
  r.get(
    "/api/glossary",
    {
      schema: {
        tags,
        summary: "The glossary in force and every version of it, newest first",
        response: { 200: glossaryOverviewSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => getGlossaryOverview(db, request.caller),
  );
  r.post(
    "/api/glossary/versions",
    {
      schema: {
        tags,
        summary:
          "Propose a change: a new draft of the glossary (from the version in force, or another version)",
        body: createGlossaryDraftSchema,
        response: { 201: glossaryVersionSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    async (request, reply) =>
      reply.status(201).send(await createGlossaryDraft(db, request.caller, request.body)),
  );
  r.get(
    "/api/glossary/versions/:version",
    {
      schema: {
        tags,
        summary: "One glossary version",
        params,
        response: { 200: glossaryVersionSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => getGlossaryVersion(db, request.caller, request.params.version),
  );
  r.put(
    "/api/glossary/versions/:version",
    {
      schema: {
        tags,
        summary: "Change a draft's terms (clears its approvals)",
        params,
        body: updateGlossaryDraftSchema,
        response: { 200: glossaryVersionSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => updateGlossaryDraft(db, request.caller, request.params.version, request.body),
  );
  // The agreement verbs every jointly approved agreement shares (src/shared/agreements.ts).
  const versionAction = (
    method: "POST" | "DELETE",
    path: string,
    summary: string,
    run: typeof approveGlossaryVersion,
  ) =>
    r.route({
      method,
      url: `/api/glossary/versions/:version/${path}`,
      schema: { tags, summary, params, response: { 200: glossaryVersionSchema, ...errors } },
      config: { access: LEADS },
      handler: (request) => run(db, request.caller, request.params.version),
    });
  versionAction(
    "POST",
    "approval",
    "Approve a draft for your team (a sales lead and a marketing lead; the second approval puts it in force)",
    approveGlossaryVersion,
  );
  versionAction("DELETE", "approval", "Withdraw your approval", withdrawGlossaryApproval);
  versionAction(
    "POST",
    "activate",
    "Put a version both teams approved in force (the previous one retires)",
    activateGlossaryVersion,
  );
}
