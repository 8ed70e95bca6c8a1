import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { errorSchema, idParams } from "../../../shared/common.js";
import {
  assignLeadSchema,
  bulkAssignResultSchema,
  bulkAssignSchema,
  contactSlaSchema,
  leadAssignmentSchema,
  routingQueueQuerySchema,
  routingQueueSchema,
} from "../../../shared/sla.js";
import type { Db } from "../../db/client.js";
import { contacts } from "../../db/schema/index.js";
import { MEMBER } from "../../lib/access.js";
import { findRecord } from "../../lib/records.js";
import { listClocks } from "../sla/sla-clocks.service.js";
import { assignLead, assignLeads, listAssignments, listRoutingQueue } from "./routing.service.js";

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };

export function registerRoutingRoutes(app: FastifyInstance, db: Db) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    "/api/contacts/:id/assign",
    {
      schema: {
        tags: ["Routing"],
        summary: "Give a lead to a member by hand (a sales lead or an admin); its SLA clocks follow",
        params: idParams,
        body: assignLeadSchema,
        response: { 201: leadAssignmentSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    async (request, reply) =>
      reply.status(201).send(await assignLead(db, request.caller, request.params.id, request.body)),
  );
  r.get(
    "/api/routing/queue",
    {
      schema: {
        tags: ["Routing"],
        summary:
          "The routing queue: MQLs nobody owns yet, oldest first, with the reason they wait (paged; the total on the first page)",
        querystring: routingQueueQuerySchema,
        response: { 200: routingQueueSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => listRoutingQueue(db, request.caller, request.query),
  );
  r.post(
    "/api/routing/assign",
    {
      schema: {
        tags: ["Routing"],
        summary:
          "Give several MQLs to one member at once (a sales lead or an admin); all or none, each recorded, clocks follow",
        body: bulkAssignSchema,
        response: { 200: bulkAssignResultSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => assignLeads(db, request.caller, request.body),
  );
  // Here rather than with the SLA's routes: the assignment history is routing's, and routing builds on
  // the SLA clocks (never the other way round).
  r.get(
    "/api/contacts/:id/sla",
    {
      schema: {
        tags: ["SLA"],
        summary: "A contact's SLA clocks and its assignment history (who got the lead, when and why)",
        params: idParams,
        response: {
          200: contactSlaSchema,
          ...errors,
        },
      },
      config: { access: MEMBER },
    },
    async (request) => {
      const ws = request.caller.workspaceId;
      await findRecord(db, contacts, ws, request.params.id, "Contact");
      const [clocks, assignments] = await Promise.all([
        listClocks(db, ws, { contactId: request.params.id }),
        listAssignments(db, ws, request.params.id),
      ]);
      return { clocks, assignments };
    },
  );
}
