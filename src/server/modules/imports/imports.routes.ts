import { Transform } from "node:stream";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { errorSchema, idParams } from "../../../shared/common.js";
import {
  importEntityParams,
  importListSchema,
  importMappingOverrideSchema,
  importQuerySchema,
  importReportSchema,
  newPropertiesSchema,
} from "../../../shared/imports.js";
import type { Db } from "../../db/client.js";
import { LEADS, MEMBER } from "../../lib/access.js";
import { AppError, badRequest } from "../../lib/errors.js";
import { DEFAULT_LIMITS, formatBytes } from "../../lib/limits.js";
import { mayDefineProperties } from "../properties/properties.service.js";
import { mayAssignLeads } from "../routing/routing.service.js";
import { getImport, importCsv, listImports } from "./imports.service.js";

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 413: errorSchema };

function tooLarge(maxBytes: number) {
  const message = `file: is larger than the ${formatBytes(maxBytes)} an import through the API may be; split it, or import it on the server with \`lockstep import\`, which has no limit`;
  return new AppError(413, "payload_too_large", message, [{ path: "file", message }]);
}

/**
 * The upload, failing with 413 once more than `maxBytes` arrived (a chunked upload declares no size). The
 * request itself is left alone, so the 413 still reaches the client (the connection is closed after it).
 */
function limitBytes(upload: NodeJS.ReadableStream, maxBytes: number) {
  let seen = 0;
  const limited = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen <= maxBytes) return done(null, chunk);
      upload.unpipe(limited);
      done(tooLarge(maxBytes));
    },
  });
  upload.on("error", (error) => limited.destroy(error));
  return upload.pipe(limited);
}

function parseMappingOverride(text: string | undefined) {
  if (!text) return undefined;
  try {
    const parsed = importMappingOverrideSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // reported below
  }
  throw badRequest('must be a JSON object like {"CSV header": "field"}', "mapping");
}

function parseNewProperties(text: string | undefined) {
  if (!text) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw badRequest('must be a JSON object like {"CSV header": {"type": "number"}}', "newProperties");
  }
  const parsed = newPropertiesSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw badRequest(issue?.message ?? "is not valid", ["newProperties", ...(issue?.path ?? [])].join("."));
}

export function registerImportRoutes(app: FastifyInstance, db: Db, maxBytes = DEFAULT_LIMITS.importBytes) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["Import and export"];

  // CSV bodies reach the import as a stream, never buffered whole. The parser lives in a plugin of its
  // own holding only the upload route: registered on the app, every route would take raw streams.
  app.register(async (scope) => {
    scope.addContentTypeParser(["text/csv", "application/octet-stream"], (_request, payload, done) =>
      done(null, payload),
    );
    registerUploadRoute(scope, db, maxBytes, tags);
  });
  r.get(
    "/api/imports",
    {
      schema: {
        tags,
        summary: "Recent imports",
        response: { 200: importListSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => listImports(db, request.caller.workspaceId),
  );
  r.get(
    "/api/imports/:id",
    {
      schema: {
        tags,
        summary: "One import's report",
        params: idParams,
        response: { 200: importReportSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => getImport(db, request.caller.workspaceId, request.params.id),
  );
}

function registerUploadRoute(scope: FastifyInstance, db: Db, maxBytes: number, tags: string[]) {
  const r = scope.withTypeProvider<ZodTypeProvider>();
  r.post(
    "/api/imports/:entity",
    {
      schema: {
        tags,
        summary: "Import a CSV file (send it as the text/csv body; 50 MB at most by default)",
        description:
          "Columns are mapped automatically (HubSpot and Salesforce export headers are recognised, and columns named like a custom property fill it); `mapping` overrides, `newProperties` creates a custom property from a column (team leads and admins; a dry run guesses its type). " +
          "Contacts are matched by email, else by record ID (`matchBy` chooses, also a custom property), accounts by domain, campaigns by source id, utm_campaign or name, deals and touches by source id. " +
          "Deals link their contacts (by email or record ID) as contact roles; touches take a properties column (JSON) and the tracking API's event names as /v1/track maps them; an outcome column sets a contact's stage or a deal (`outcomeSets`). " +
          "Rejected rows are reported with their line number; valid rows are kept.",
        params: importEntityParams,
        querystring: importQuerySchema,
        response: { 200: importReportSchema, ...errors },
      },
      config: { access: { ...LEADS, action: "import records" } },
    },
    async (request, reply) => {
      const body = request.body as NodeJS.ReadableStream | undefined;
      if (!body || typeof (body as { pipe?: unknown }).pipe !== "function") {
        throw badRequest("send the CSV file as the request body with content-type text/csv", "file");
      }
      // A declared size is refused before anything is read; an undeclared one (chunked) when it gets there.
      if (Number(request.headers["content-length"]) > maxBytes) {
        reply.header("connection", "close");
        throw tooLarge(maxBytes);
      }
      return importCsv(db, limitBytes(body, maxBytes), {
        entity: request.params.entity,
        workspaceId: request.caller.workspaceId,
        memberId: request.caller.memberId,
        mayAssignMqls: mayAssignLeads(request.caller),
        dryRun: request.query.dryRun,
        fileName: request.query.fileName ?? null,
        mapping: parseMappingOverride(request.query.mapping),
        newProperties: parseNewProperties(request.query.newProperties),
        matchBy: request.query.matchBy,
        outcomeSets: request.query.outcomeSets,
        mayDefineProperties: mayDefineProperties(request.caller),
        actor: { memberId: request.caller.memberId, name: request.caller.name },
      }).catch((error) => {
        if (error instanceof AppError && error.statusCode === 413) reply.header("connection", "close");
        throw error;
      });
    },
  );
}
