// The seating-plan mixer's routes: every member reads floors and plans; team leads and admins edit floors and
// generate plans.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { errorSchema, idParams } from "../../../shared/common.js";
import {
  createFloorSchema,
  floorListQuerySchema,
  floorSchema,
  generatePlanSchema,
  planListQuerySchema,
  planPageSchema,
  planSchema,
  seatableMembersSchema,
  updateFloorSchema,
} from "../../../shared/seating.js";
import type { Db } from "../../db/client.js";
import { LEADS, MEMBER } from "../../lib/access.js";
import { registerRecordRoutes } from "../../lib/record-routes.js";
import {
  createFloor,
  generatePlan,
  getFloor,
  getPlan,
  listFloors,
  listPlans,
  listSeatableMembers,
  setFloorArchived,
  updateFloor,
} from "./seating.service.js";

const tags = ["Seating"];
const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };

export function registerSeatingRoutes(app: FastifyInstance, db: Db) {
  registerRecordRoutes(app, {
    path: "/api/seating/floors",
    tag: "Seating",
    noun: "floor",
    schemas: {
      list: floorListQuerySchema,
      create: createFloorSchema,
      update: updateFloorSchema,
      item: floorSchema,
    },
    service: {
      list: (caller, query) => listFloors(db, caller, query),
      get: (caller, id) => getFloor(db, caller, id),
      create: (caller, input) => createFloor(db, caller, input),
      update: (caller, id, input) => updateFloor(db, caller, id, input),
      setArchived: (caller, id, archived) => setFloorArchived(db, caller, id, archived),
    },
    write: LEADS,
  });
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    "/api/seating/members",
    {
      schema: {
        tags,
        summary:
          "The members who may be seated, with their team and the pod they sit with (their first pod by name)",
        response: { 200: seatableMembersSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    async (request) => ({ items: await listSeatableMembers(db, request.caller.workspaceId) }),
  );
  r.post(
    "/api/seating/floors/:id/plans",
    {
      schema: {
        tags,
        summary:
          "Generate a seating plan for the floor: pods together, neighbours across teams, fixed seats kept (stored)",
        params: idParams,
        body: generatePlanSchema,
        response: { 201: planSchema, ...errors },
      },
      config: { access: { ...LEADS, action: "generate a seating plan" } },
    },
    async (request, reply) =>
      reply.status(201).send(await generatePlan(db, request.caller, request.params.id, request.body)),
  );
  r.get(
    "/api/seating/floors/:id/plans",
    {
      schema: {
        tags,
        summary: "The floor's seating plans, newest first",
        params: idParams,
        querystring: planListQuerySchema,
        response: { 200: planPageSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => listPlans(db, request.caller, request.params.id, request.query),
  );
  r.get(
    "/api/seating/plans/:id",
    {
      schema: {
        tags,
        summary: "One seating plan: every table's seats, the cross-team share and its bound, pod cohesion",
        params: idParams,
        response: { 200: planSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => getPlan(db, request.caller, request.params.id),
  );
}
