import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { cockpitQuerySchema, cockpitSchema } from "../../../shared/cockpit.js";
import { errorSchema } from "../../../shared/common.js";
import { revenueCockpitSchema } from "../../../shared/goals.js";
import type { Db } from "../../db/client.js";
import { MEMBER } from "../../lib/access.js";
import { getCockpit } from "./cockpit.service.js";
import { revenueCockpit } from "./revenue-team.service.js";

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema };

export function registerCockpitRoutes(app: FastifyInstance, db: Db) {
  app.withTypeProvider<ZodTypeProvider>().get(
    "/api/cockpit",
    {
      schema: {
        tags: ["Reports"],
        summary:
          "The cockpit: this month's MQLs and their acceptance, both teams' SLA compliance with the clocks at risk, the hottest leads waiting for an answer, recent feedback, and what needs you",
        querystring: cockpitQuerySchema,
        response: { 200: cockpitSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => getCockpit(db, request.caller, request.query),
  );
  app.withTypeProvider<ZodTypeProvider>().get(
    "/api/cockpit/revenue-team",
    {
      schema: {
        tags: ["Reports"],
        summary:
          "The cockpit's revenue-team tiles: revenue against target with its forecast, goals with progress (yours first), shared wins and their celebration, pods side by side for leaders, and the wall",
        response: { 200: revenueCockpitSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => revenueCockpit(db, request.caller),
  );
}
