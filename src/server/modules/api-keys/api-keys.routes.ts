// Admin routes for the workspace's API keys of every kind (read, full, ingest). The tracking settings'
// /api/write-keys routes are the same keys, limited to the ingest kind.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { createApiKeyBodySchema } from "../../../shared/api-keys.js";
import { errorSchema, idParams } from "../../../shared/common.js";
import { apiKeyListSchema, apiKeySchema, createdApiKeySchema } from "../../../shared/tracking.js";
import type { Db } from "../../db/client.js";
import { ADMINS } from "../../lib/access.js";
import { createApiKey, listApiKeys, revokeApiKey } from "./api-keys.service.js";

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema };
const access = { ...ADMINS, action: "manage API keys" };

export function registerApiKeyRoutes(app: FastifyInstance, db: Db) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["API keys"];

  r.get(
    "/api/api-keys",
    {
      schema: {
        tags,
        summary: "The workspace's API keys (never the keys themselves)",
        response: { 200: apiKeyListSchema, ...errors },
      },
      config: { access },
    },
    (request) => listApiKeys(db, request.caller),
  );
  r.post(
    "/api/api-keys",
    {
      schema: {
        tags,
        summary: "Create an API key: read, full or ingest (the key is in this answer only)",
        description:
          "Send the key as `Authorization: Bearer <key>`. read: GET routes; full: every route an admin may call " +
          "except API keys, members and invitations; ingest: only the tracking API under /v1.",
        body: createApiKeyBodySchema,
        response: { 201: createdApiKeySchema, ...errors },
      },
      config: { access },
    },
    async (request, reply) => reply.status(201).send(await createApiKey(db, request.caller, request.body)),
  );
  r.delete(
    "/api/api-keys/:id",
    {
      schema: {
        tags,
        summary: "Revoke an API key (for good)",
        params: idParams,
        response: { 200: apiKeySchema, ...errors },
      },
      config: { access },
    },
    (request) => revokeApiKey(db, request.caller, request.params.id),
  );
}
