import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { errorSchema, idParams } from "../../../shared/common.js";
import {
  acceptLeadSchema,
  decisionSummaryQuerySchema,
  decisionSummarySchema,
  leadDecisionSchema,
  rejectLeadSchema,
} from "../../../shared/feedback.js";
import type { Db } from "../../db/client.js";
import { MEMBER } from "../../lib/access.js";
import { acceptLead, listDecisions, rejectLead, summarizeDecisions } from "./feedback.service.js";

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };

export function registerFeedbackRoutes(app: FastifyInstance, db: Db) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["Feedback"];
  r.post(
    "/api/contacts/:id/accept",
    {
      schema: {
        tags,
        summary: "Accept an MQL: it becomes a SAL (the owner, a sales lead or an admin)",
        params: idParams,
        body: acceptLeadSchema,
        response: { 201: leadDecisionSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    async (request, reply) =>
      reply.status(201).send(await acceptLead(db, request.caller, request.params.id, request.body)),
  );
  r.post(
    "/api/contacts/:id/reject",
    {
      schema: {
        tags,
        summary: "Reject an MQL with a reason: back to nurture (recycled) or disqualified",
        params: idParams,
        body: rejectLeadSchema,
        response: { 201: leadDecisionSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    async (request, reply) =>
      reply.status(201).send(await rejectLead(db, request.caller, request.params.id, request.body)),
  );
  r.get(
    "/api/contacts/:id/decisions",
    {
      schema: {
        tags,
        summary: "Sales' accept/reject decisions on a contact, newest first",
        params: idParams,
        response: { 200: z.object({ items: z.array(leadDecisionSchema) }), ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => listDecisions(db, request.caller, request.params.id),
  );
  r.get(
    "/api/feedback/decisions",
    {
      schema: {
        tags,
        summary: "Acceptance rate and reject reasons per campaign or source that produced the leads",
        querystring: decisionSummaryQuerySchema,
        response: { 200: decisionSummarySchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => summarizeDecisions(db, request.caller, request.query),
  );
}
