import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { errorSchema, idParams } from "../../../shared/common.js";
import { IMPORT_ENTITIES, importQuerySchema, importReportSchema } from "../../../shared/imports.js";
import type { Db } from "../../db/client.js";
import { LEADS, MEMBER } from "../../lib/access.js";
import { badRequest } from "../../lib/errors.js";
import { getImport, importCsv, listImports } from "./imports.service.js";

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema };

function parseMappingOverride(text: string | undefined) {
  if (!text) return undefined;
  try {
    const parsed = z.record(z.string(), z.string().nullable()).safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // reported below
  }
  throw badRequest('must be a JSON object like {"CSV header": "field"}', "mapping");
}

export function registerImportRoutes(app: FastifyInstance, db: Db) {
  // CSV bodies reach the import as a stream, never buffered whole.
  app.addContentTypeParser(["text/csv", "application/octet-stream"], (_request, payload, done) =>
    done(null, payload),
  );
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["Import and export"];

  r.post(
    "/api/imports/:entity",
    {
      schema: {
        tags,
        summary: "Import a CSV file (send it as the text/csv body)",
        description:
          "Columns are mapped automatically (HubSpot and Salesforce export headers are recognised); `mapping` overrides. " +
          "Contacts are matched by email, accounts by domain, campaigns by source id, utm_campaign or name, deals and touches by source id. " +
          "Rejected rows are reported with their line number; valid rows are kept.",
        params: z.object({ entity: z.enum(IMPORT_ENTITIES) }),
        querystring: importQuerySchema,
        response: { 200: importReportSchema, ...errors },
      },
      config: { access: { ...LEADS, action: "import records" } },
    },
    async (request) => {
      const body = request.body as NodeJS.ReadableStream | undefined;
      if (!body || typeof (body as { pipe?: unknown }).pipe !== "function") {
        throw badRequest("send the CSV file as the request body with content-type text/csv", "file");
      }
      return importCsv(db, body as never, {
        entity: request.params.entity,
        workspaceId: request.caller.workspaceId,
        memberId: request.caller.memberId,
        dryRun: request.query.dryRun,
        fileName: request.query.fileName ?? null,
        mapping: parseMappingOverride(request.query.mapping),
      });
    },
  );
  r.get(
    "/api/imports",
    {
      schema: {
        tags,
        summary: "Recent imports",
        response: { 200: z.object({ items: z.array(importReportSchema) }), ...errors },
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
