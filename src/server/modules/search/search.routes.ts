import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { errorSchema } from "../../../shared/common.js";
import { searchQuerySchema, searchResultsSchema } from "../../../shared/search.js";
import type { Db } from "../../db/client.js";
import { MEMBER } from "../../lib/access.js";
import { searchRecords } from "./search.service.js";

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema };

export function registerSearchRoutes(app: FastifyInstance, db: Db) {
  app.withTypeProvider<ZodTypeProvider>().get(
    "/api/search",
    {
      schema: {
        tags: ["Records"],
        summary:
          "Find contacts, accounts, opportunities and campaigns by name, email or domain (a few of each)",
        querystring: searchQuerySchema,
        response: { 200: searchResultsSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => searchRecords(db, request.caller, request.query),
  );
}
