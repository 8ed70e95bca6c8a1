import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { errorSchema, idParams } from "../../../shared/common.js";
import {
  acceptLeadSchema,
  acceptLeadsResultSchema,
  acceptLeadsSchema,
  contentRequestListQuerySchema,
  contentRequestListSchema,
  contentRequestSchema,
  createContentRequestSchema,
  createObjectionSchema,
  decisionSummaryQuerySchema,
  decisionSummarySchema,
  leadDecisionListSchema,
  leadDecisionSchema,
  objectionListQuerySchema,
  objectionListSchema,
  objectionSchema,
  objectionSummarySchema,
  rejectLeadSchema,
  updateContentRequestSchema,
} from "../../../shared/feedback.js";
import type { Db } from "../../db/client.js";
import { MEMBER } from "../../lib/access.js";
import {
  createContentRequest,
  listContentRequests,
  listObjections,
  recordObjection,
  summarizeObjections,
  updateContentRequest,
} from "./asks.service.js";
import {
  acceptLead,
  acceptLeads,
  listDecisions,
  rejectLead,
  summarizeDecisions,
} from "./feedback.service.js";

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
    "/api/feedback/accept",
    {
      schema: {
        tags,
        summary:
          "Accept several MQLs at once (each by the owner, a sales lead or an admin); all or none, each recorded",
        body: acceptLeadsSchema,
        response: { 200: acceptLeadsResultSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => acceptLeads(db, request.caller, request.body),
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
        response: { 200: leadDecisionListSchema, ...errors },
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

  r.post(
    "/api/objections",
    {
      schema: {
        tags,
        summary: "Record an objection sales heard (with persona, stage, contact or deal)",
        body: createObjectionSchema,
        response: { 201: objectionSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    async (request, reply) => reply.status(201).send(await recordObjection(db, request.caller, request.body)),
  );
  r.get(
    "/api/objections",
    {
      schema: {
        tags,
        summary: "Objections heard, newest first (200 at most)",
        querystring: objectionListQuerySchema,
        response: { 200: objectionListSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => listObjections(db, request.caller, request.query),
  );
  r.get(
    "/api/objections/summary",
    {
      schema: {
        tags,
        summary: "Objections grouped by persona and wording, most frequent first",
        response: { 200: objectionSummarySchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => summarizeObjections(db, request.caller),
  );
  r.post(
    "/api/content-requests",
    {
      schema: {
        tags,
        summary: "Ask marketing for an asset (persona, stage, need, due date)",
        body: createContentRequestSchema,
        response: { 201: contentRequestSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    async (request, reply) =>
      reply.status(201).send(await createContentRequest(db, request.caller, request.body)),
  );
  r.get(
    "/api/content-requests",
    {
      schema: {
        tags,
        summary: "Content requests, newest first (200 at most)",
        querystring: contentRequestListQuerySchema,
        response: { 200: contentRequestListSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => listContentRequests(db, request.caller, request.query.status),
  );
  r.patch(
    "/api/content-requests/:id",
    {
      schema: {
        tags,
        summary:
          "Move a content request forward (new, in progress, delivered, used), assign it, link the asset",
        params: idParams,
        body: updateContentRequestSchema,
        response: { 200: contentRequestSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => updateContentRequest(db, request.caller, request.params.id, request.body),
  );
}
