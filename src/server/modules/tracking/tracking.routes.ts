// The Segment-compatible HTTP tracking API (/v1/*, authenticated by a workspace write key - an ingest API
// key - as the HTTP Basic user, as Segment does, or as a Bearer token), plus the admin routes for write
// keys and the event mapping.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { errorSchema, idParams } from "../../../shared/common.js";
import {
  apiKeyListSchema,
  apiKeySchema,
  batchBodySchema,
  createApiKeySchema,
  createdApiKeySchema,
  DEFAULT_EVENT_MAPPING,
  eventMappingListSchema,
  eventMappingSchema,
  ingestResultSchema,
  MAX_BATCH_BYTES,
  MAX_EVENT_BYTES,
  trackingEventBodySchema,
  updateEventMappingSchema,
} from "../../../shared/tracking.js";
import type { Db } from "../../db/client.js";
import { eventMappings } from "../../db/schema/index.js";
import { ADMINS, bearerToken, LEADS, MEMBER, PUBLIC } from "../../lib/access.js";
import { resolveApiKey } from "../../lib/api-keys.js";
import { forbidden } from "../../lib/errors.js";
import { loadEventMapping } from "../../lib/event-mapping.js";
import { DEFAULT_LIMITS, type Limits } from "../../lib/limits.js";
import { createLimiter } from "../../lib/rate-limits.js";
import { createApiKey, listApiKeys, revokeApiKey } from "../api-keys/api-keys.service.js";
import { ingestEvents } from "./ingest.service.js";
import { TRACKING_SCRIPT } from "./snippet.js";

declare module "fastify" {
  interface FastifyRequest {
    ingestWorkspaceId: string;
    ingestKeyId: string;
  }
}

function basicAuthUser(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header?.startsWith("Basic ")) return undefined;
  const decoded = Buffer.from(header.slice(6), "base64").toString("utf8");
  return decoded.split(":")[0];
}

// Segment's HTTP API answers 200 to every request except a too large payload or malformed JSON (400);
// its clients drop a batch on a 4xx other than 429 and retry 429 and 5xx. Lockstep answers the same:
// a request over the size limit is a 400 (not 413), invalid events are reported in a 200 answer.
const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 429: errorSchema };
const WRONG_KEY = "Unknown or revoked write key: send it as the HTTP Basic user (as Segment does)";
const SINGLE_TYPES = ["identify", "track", "page", "screen", "group", "alias"] as const;

export function registerTrackingRoutes(app: FastifyInstance, db: Db, limits: Limits = DEFAULT_LIMITS) {
  app.decorateRequest("ingestWorkspaceId", "");
  app.decorateRequest("ingestKeyId", "");
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["Tracking (Segment-compatible)"];

  // Browsers send from the customer's own site: /v1 answers any origin (the write key is the guard).
  // The snippet (/t.js) is loaded by those sites too: helmet's same-origin resource policy would block it.
  app.addHook("onSend", async (request, reply) => {
    const v1 = request.url.startsWith("/v1/");
    if (v1) reply.header("access-control-allow-origin", "*");
    if (v1 && reply.statusCode === 413) reply.code(400);
    if (v1 || request.url.split("?")[0] === "/t.js")
      reply.header("cross-origin-resource-policy", "cross-origin");
  });
  app.options("/v1/*", { schema: { hide: true }, config: { access: PUBLIC } }, (_request, reply) =>
    reply
      .header("access-control-allow-origin", "*")
      .header("access-control-allow-methods", "POST")
      .header("access-control-allow-headers", "authorization, content-type")
      .header("access-control-max-age", "86400")
      .status(204)
      .send(),
  );
  app.get("/t.js", { schema: { hide: true }, config: { access: PUBLIC } }, (_request, reply) =>
    reply
      .type("application/javascript; charset=utf-8")
      .header("cache-control", "public, max-age=300")
      .send(TRACKING_SCRIPT),
  );
  // Per address first (before the key is even looked up: guessing keys costs the guesser), then per key.
  const perAddress = createLimiter(app, {
    max: limits.ingestPerMinute,
    what: "tracking requests from this address",
  });
  const perKey = createLimiter(app, {
    max: limits.ingestPerMinute,
    what: "tracking requests with this write key",
    key: (request) => `key:${request.ingestKeyId}`,
  });
  // The key is checked before the body is read, so a stranger learns nothing about the payload rules.
  const authenticate = async (request: FastifyRequest, reply: FastifyReply) => {
    await perAddress(request, reply);
    const key = await resolveApiKey(db, basicAuthUser(request) ?? bearerToken(request), WRONG_KEY);
    if (key.kind !== "ingest")
      throw forbidden(
        `This is a ${key.kind === "read" ? "read-only" : "full-access"} API key: tracking events need an ingest (write) key`,
      );
    request.ingestWorkspaceId = key.workspaceId;
    request.ingestKeyId = key.id;
    await perKey(request, reply);
  };

  r.post(
    "/v1/batch",
    {
      schema: {
        tags,
        summary: "Send up to 500 KB of events",
        body: batchBodySchema,
        response: { 200: ingestResultSchema, ...errors },
      },
      config: { access: PUBLIC },
      bodyLimit: MAX_BATCH_BYTES,
      onRequest: authenticate,
    },
    async (request) => {
      return ingestEvents(db, request.ingestWorkspaceId, request.body.batch, {
        context: request.body.context,
      });
    },
  );
  for (const type of SINGLE_TYPES) {
    r.post(
      `/v1/${type}`,
      {
        schema: {
          tags,
          summary: `Send one ${type} event`,
          body: trackingEventBodySchema,
          response: { 200: ingestResultSchema, ...errors },
        },
        config: { access: PUBLIC },
        bodyLimit: MAX_EVENT_BYTES,
        onRequest: authenticate,
      },
      async (request) => {
        const { writeKey: _key, ...event } = request.body;
        // An invalid event is reported in the answer, as in a batch (Segment answers 200 too).
        return ingestEvents(db, request.ingestWorkspaceId, [{ ...event, type }]);
      },
    );
  }

  const settingsTags = ["Tracking settings"];
  const adminErrors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema };
  r.get(
    "/api/write-keys",
    {
      schema: {
        tags: settingsTags,
        summary: "Tracking write keys",
        response: { 200: apiKeyListSchema, ...adminErrors },
      },
      config: { access: { ...ADMINS, action: "manage keys" } },
    },
    (request) => listApiKeys(db, request.caller, "ingest"),
  );
  r.post(
    "/api/write-keys",
    {
      schema: {
        tags: settingsTags,
        summary: "Create a write key (shown once)",
        body: createApiKeySchema,
        response: { 201: createdApiKeySchema, ...adminErrors },
      },
      config: { access: { ...ADMINS, action: "manage keys" } },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createApiKey(db, request.caller, { name: request.body.name, kind: "ingest" })),
  );
  r.delete(
    "/api/write-keys/:id",
    {
      schema: {
        tags: settingsTags,
        summary: "Revoke a write key",
        params: idParams,
        response: { 200: apiKeySchema, ...adminErrors },
      },
      config: { access: { ...ADMINS, action: "manage keys" } },
    },
    (request) => revokeApiKey(db, request.caller, request.params.id, "ingest"),
  );
  r.get(
    "/api/event-mapping",
    {
      schema: {
        tags: settingsTags,
        summary: "How tracked event names become touch types",
        response: { 200: eventMappingListSchema, ...adminErrors },
      },
      config: { access: MEMBER },
    },
    async (request) => {
      const mapping = await loadEventMapping(db, request.caller.workspaceId);
      return {
        items: [...mapping].map(([eventName, touchType]) => ({
          eventName,
          touchType,
          isDefault: DEFAULT_EVENT_MAPPING[eventName] === touchType,
        })),
      };
    },
  );
  r.put(
    "/api/event-mapping",
    {
      schema: {
        tags: settingsTags,
        summary: "Map an event name to a touch type",
        body: updateEventMappingSchema,
        response: { 200: eventMappingSchema, ...adminErrors },
      },
      config: { access: { ...LEADS, action: "change the event mapping" } },
    },
    async (request) => {
      const { eventName, touchType } = request.body;
      await db
        .insert(eventMappings)
        .values({ workspaceId: request.caller.workspaceId, eventName, touchType })
        .onConflictDoUpdate({
          target: [eventMappings.workspaceId, eventMappings.eventName],
          set: { touchType, updatedAt: new Date() },
        });
      return { eventName, touchType, isDefault: DEFAULT_EVENT_MAPPING[eventName] === touchType };
    },
  );
}
