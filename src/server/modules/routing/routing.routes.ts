import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { errorSchema, idParams } from "../../../shared/common.js";
import { assignLeadSchema, leadAssignmentSchema, routingQueueSchema } from "../../../shared/sla.js";
import type { Db } from "../../db/client.js";
import { MEMBER } from "../../lib/access.js";
import { assignLead, listRoutingQueue } from "./routing.service.js";

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
        summary: "The routing queue: MQLs nobody owns yet, oldest first, with the reason they wait",
        response: { 200: routingQueueSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    async (request) => ({ items: await listRoutingQueue(db, request.caller) }),
  );
}
