// The audit log's routes: admins read it page by page and export it as CSV, with the same filters.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { type AuditQuery, auditEventSchema, auditQuerySchema } from "../../../shared/audit.js";
import { errorSchema, pageSchema } from "../../../shared/common.js";
import type { Db } from "../../db/client.js";
import { ADMINS } from "../../lib/access.js";
import { csvStream } from "../../lib/csv-stream.js";
import { AUDIT_CSV_COLUMNS, allAuditEvents, listAuditEvents } from "./audit-log.service.js";

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema };

export function registerAuditRoutes(app: FastifyInstance, db: Db) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["Audit log"];
  r.get(
    "/api/audit",
    {
      schema: {
        tags,
        summary: "The audit log, newest first: who changed what, when, before and after",
        querystring: auditQuerySchema,
        response: { 200: pageSchema(auditEventSchema), ...errors },
      },
      config: { access: { ...ADMINS, action: "read the audit log" } },
    },
    (request) => listAuditEvents(db, request.caller, request.query),
  );
  // Untyped on purpose: it answers a stream, not a JSON body the response schemas describe.
  app.get(
    "/api/audit/export.csv",
    {
      schema: {
        tags,
        summary: "The audit log as CSV (the same filters; every page)",
        querystring: auditQuerySchema.omit({ cursor: true, limit: true }),
        produces: ["text/csv"],
        response: { ...errors },
      },
      config: { access: { ...ADMINS, action: "export the audit log" } },
    },
    (request, reply) => {
      const day = new Date().toISOString().slice(0, 10);
      reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="audit-log-${day}.csv"`);
      const query = request.query as Omit<AuditQuery, "cursor" | "limit">;
      const rows = allAuditEvents(db, request.caller, { ...query, limit: 200 });
      return reply.send(
        csvStream(rows, { header: true, columns: [...AUDIT_CSV_COLUMNS] }, (error) =>
          request.log.error({ err: error }, "audit log export failed"),
        ),
      );
    },
  );
}
