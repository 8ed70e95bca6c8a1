// The insights library's routes: every member reads, adds and shares assets; uploads are checked for size,
// type and content before they are stored.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { errorSchema, idParams } from "../../../shared/common.js";
import {
  assetGapsSchema,
  assetListQuerySchema,
  assetPageSchema,
  assetSchema,
  assetSharePageSchema,
  assetShareSchema,
  assetSharesQuerySchema,
  assetUsageQuerySchema,
  assetUsageSchema,
  createAssetSchema,
  MAX_ASSET_FILE_BYTES,
  messagingGuideSchema,
  messagingOverviewSchema,
  shareAssetSchema,
  updateAssetSchema,
  updateMessagingGuideSchema,
  writeObjectionResponseSchema,
} from "../../../shared/library.js";
import type { Db } from "../../db/client.js";
import { LEADS, MEMBER } from "../../lib/access.js";
import { badRequest } from "../../lib/errors.js";
import {
  assetGaps,
  assetUsage,
  createAsset,
  getAsset,
  listAssets,
  listShares,
  readAssetFile,
  setAssetArchived,
  shareAsset,
  updateAsset,
  uploadAssetFile,
} from "./library.service.js";
import {
  approveObjectionResponse,
  getMessagingGuide,
  messagingOverview,
  updateMessagingGuide,
  writeObjectionResponse,
} from "./messaging.service.js";

const tags = ["Library"];
const errors = {
  400: errorSchema,
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
  409: errorSchema,
  413: errorSchema,
  415: errorSchema,
};

const fileQuerySchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, { message: "is required (the file's name)" })
    .max(200)
    .regex(/^[^/\\\r\n"]+$/, { message: "must be a plain file name" })
    .default("file")
    .describe("The file's name, as it downloads"),
});

/** "attachment; filename=..." safe for any name (RFC 6266 / 5987). */
function disposition(name: string) {
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function registerLibraryRoutes(app: FastifyInstance, db: Db) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    "/api/assets",
    {
      schema: {
        tags,
        summary:
          "Search the insights library (kind, persona, funnel stage, industry, tag, owner), newest first",
        querystring: assetListQuerySchema,
        response: { 200: assetPageSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => listAssets(db, request.caller, request.query),
  );
  r.get(
    "/api/assets/gaps",
    {
      schema: {
        tags,
        summary: "The gap grid: live assets per persona and funnel stage (empty cells are gaps)",
        response: { 200: assetGapsSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => assetGaps(db, request.caller),
  );
  r.post(
    "/api/assets",
    {
      schema: {
        tags,
        summary:
          "Add an asset (link its URL, or upload its file next); a statistic needs its source and date",
        body: createAssetSchema,
        response: { 201: assetSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    async (request, reply) => reply.status(201).send(await createAsset(db, request.caller, request.body)),
  );
  r.get(
    "/api/assets/:id",
    {
      schema: {
        tags,
        summary: "One asset",
        params: idParams,
        response: { 200: assetSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => getAsset(db, request.caller, request.params.id),
  );
  r.patch(
    "/api/assets/:id",
    {
      schema: {
        tags,
        summary: "Edit an asset",
        params: idParams,
        body: updateAssetSchema,
        response: { 200: assetSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => updateAsset(db, request.caller, request.params.id, request.body),
  );
  for (const archived of [true, false])
    r.post(
      `/api/assets/:id/${archived ? "archive" : "restore"}`,
      {
        schema: {
          tags,
          summary: archived
            ? "Archive an asset (it leaves the lists and the gap grid; its shares stay)"
            : "Restore an archived asset",
          params: idParams,
          response: { 200: assetSchema, ...errors },
        },
        config: { access: MEMBER },
      },
      (request) => setAssetArchived(db, request.caller, request.params.id, archived),
    );
  // Uploads take the file as the raw body: a parser of their own, in a scope holding only this route.
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      "*",
      { parseAs: "buffer", bodyLimit: MAX_ASSET_FILE_BYTES },
      (_r, body, done) => done(null, body),
    );
    scope.withTypeProvider<ZodTypeProvider>().put(
      "/api/assets/:id/file",
      {
        bodyLimit: MAX_ASSET_FILE_BYTES,
        schema: {
          tags,
          summary:
            "Upload the asset's file as the request body, with its content type (PDF, image, MP4, Office document or text; 10 MB at most)",
          params: idParams,
          querystring: fileQuerySchema,
          response: { 200: assetSchema, ...errors },
        },
        config: { access: MEMBER },
      },
      (request) => {
        const body = request.body;
        if (!Buffer.isBuffer(body))
          throw badRequest("send the file itself as the request body, with its content type", "file");
        return uploadAssetFile(db, request.caller, request.params.id, {
          contentType: request.headers["content-type"],
          name: request.query.name,
          bytes: body,
        });
      },
    );
  });
  // The answer is the file's bytes, not JSON: declared on the untyped app (the schemas still validate).
  app.get<{ Params: { id: string } }>(
    "/api/assets/:id/file",
    {
      schema: {
        tags,
        summary: "Download the asset's uploaded file",
        params: idParams,
        produces: ["application/octet-stream"],
        response: { ...errors },
      },
      config: { access: MEMBER },
    },
    async (request, reply) => {
      const file = await readAssetFile(db, request.caller, request.params.id);
      return reply
        .type(file.type)
        .header("content-disposition", disposition(file.name))
        .header("x-content-type-options", "nosniff")
        .header("content-security-policy", "sandbox; default-src 'none'")
        .send(file.bytes);
    },
  );
  r.post(
    "/api/assets/:id/shares",
    {
      schema: {
        tags,
        summary: "Mark the asset shared with a contact: a content-shared touch on the contact's timeline",
        params: idParams,
        body: shareAssetSchema,
        response: { 201: assetShareSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    async (request, reply) =>
      reply.status(201).send(await shareAsset(db, request.caller, request.params.id, request.body)),
  );
  r.get(
    "/api/assets/:id/shares",
    {
      schema: {
        tags,
        summary: "Who the asset was shared with and by whom, newest first",
        params: idParams,
        querystring: assetSharesQuerySchema,
        response: { 200: assetSharePageSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => listShares(db, request.caller, request.params.id, request.query),
  );
  r.get(
    "/api/assets/:id/usage",
    {
      schema: {
        tags,
        summary:
          "The asset's use in a period and its influence on won deals (the attribution report's won deals whose journey holds a share of it)",
        params: idParams,
        querystring: assetUsageQuerySchema,
        response: { 200: assetUsageSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => assetUsage(db, request.caller, request.params.id, request.query),
  );
}

export function registerMessagingRoutes(app: FastifyInstance, db: Db) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["Library"];
  r.get(
    "/api/messaging",
    {
      schema: {
        tags,
        summary:
          "Every persona's messaging guide: how complete it is and how many objections await a response",
        response: { 200: messagingOverviewSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => messagingOverview(db, request.caller),
  );
  r.get(
    "/api/messaging/:id",
    {
      schema: {
        tags,
        summary:
          "A persona's messaging guide (id: the persona): value proposition, pains, proof points and objections, those without an approved response first by frequency",
        params: idParams,
        response: { 200: messagingGuideSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => getMessagingGuide(db, request.caller, request.params.id),
  );
  r.put(
    "/api/messaging/:id",
    {
      schema: {
        tags,
        summary: "Write a persona's value proposition, pains and proof points (library assets)",
        params: idParams,
        body: updateMessagingGuideSchema,
        response: { 200: messagingGuideSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => updateMessagingGuide(db, request.caller, request.params.id, request.body),
  );
  r.post(
    "/api/messaging/:id/responses",
    {
      schema: {
        tags,
        summary:
          "Write the response to an objection of the persona (a draft until a team lead approves it; rewriting an approved one makes it a draft)",
        params: idParams,
        body: writeObjectionResponseSchema,
        response: { 200: messagingGuideSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => writeObjectionResponse(db, request.caller, request.params.id, request.body),
  );
  r.post(
    "/api/objection-responses/:id/approve",
    {
      schema: {
        tags,
        summary: "Approve a response to an objection (team leads and admins): the one both teams give",
        params: idParams,
        response: { 200: messagingGuideSchema, ...errors },
      },
      config: { access: LEADS },
    },
    (request) => approveObjectionResponse(db, request.caller, request.params.id),
  );
}
