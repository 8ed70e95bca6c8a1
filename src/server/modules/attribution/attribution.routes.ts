// Attribution routes (thin): the side-by-side report, one deal's journey, the deals behind a campaign's
// number, campaign and source performance, and their CSV exports. Every member reads them: both teams see
// the same numbers.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import {
  attributionPageQuerySchema,
  attributionQuerySchema,
  attributionReportSchema,
  campaignDealsSchema,
  journeyQuerySchema,
  journeySchema,
  performanceQuerySchema,
  performanceSchema,
} from "../../../shared/attribution.js";
import { errorSchema, idParams } from "../../../shared/common.js";
import type { Db } from "../../db/client.js";
import { MEMBER } from "../../lib/access.js";
import { csvStream } from "../../lib/csv-stream.js";
import {
  attributionCsvColumns,
  attributionCsvRows,
  attributionReport,
  campaignDeals,
  campaignPerformance,
  opportunityJourney,
  PERFORMANCE_CSV_COLUMNS,
  performanceCsvRows,
} from "./attribution.service.js";

const tags = ["Reports"];
const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema };

export function registerAttributionRoutes(app: FastifyInstance, db: Db) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    "/api/reports/attribution",
    {
      schema: {
        tags,
        summary:
          "Credits per campaign or channel for a milestone under every attribution model side by side (first touch, last touch, linear, U-, W-shaped, full path, time decay, Markov, Shapley), where they agree and differ most",
        querystring: attributionQuerySchema,
        response: { 200: attributionReportSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => attributionReport(db, request.caller, request.query),
  );
  // Untyped on purpose: it answers a CSV stream, not a JSON body the response schemas describe.
  app.get(
    "/api/reports/attribution.csv",
    {
      schema: {
        tags,
        summary: "The attribution report as CSV: one row per campaign or channel, every model's credits",
        querystring: attributionQuerySchema,
        produces: ["text/csv"],
        response: { ...errors },
      },
      config: { access: MEMBER },
    },
    async (request, reply) => {
      const report = await attributionReport(db, request.caller, attributionQuerySchema.parse(request.query));
      reply
        .type("text/csv; charset=utf-8")
        .header(
          "content-disposition",
          `attachment; filename="attribution-${report.milestone}-by-${report.by}-${report.period.from}-${report.period.to}.csv"`,
        );
      return reply.send(
        csvStream(
          attributionCsvRows(report),
          { header: true, columns: attributionCsvColumns(report) },
          (error) => request.log.error({ err: error }, "attribution export failed"),
        ),
      );
    },
  );
  r.get(
    "/api/reports/attribution/opportunities/:id",
    {
      schema: {
        tags,
        summary:
          "One deal's journey: every touch of its contact roles in the window with its share of the deal under each model, and each campaign's or channel's share",
        params: idParams,
        querystring: journeyQuerySchema,
        response: { 200: journeySchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => opportunityJourney(db, request.caller, request.params.id, request.query),
  );
  r.get(
    "/api/reports/attribution/campaigns/:id/deals",
    {
      schema: {
        tags,
        summary:
          "The milestones (deals, or contacts for contact milestones) behind a campaign's number under a model, largest credit first",
        params: idParams,
        querystring: attributionPageQuerySchema,
        response: { 200: campaignDealsSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => campaignDeals(db, request.caller, request.params.id, request.query),
  );
  r.get(
    "/api/reports/attribution/performance",
    {
      schema: {
        tags,
        summary:
          "Campaign and source performance under a model: cost, credited contacts, MQLs, SQLs, opportunities, pipeline, won deals, revenue, ROI, cost per MQL / SQL / won deal, and lead quality",
        querystring: performanceQuerySchema,
        response: { 200: performanceSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => campaignPerformance(db, request.caller, request.query),
  );
  app.get(
    "/api/reports/attribution/performance.csv",
    {
      schema: {
        tags,
        summary: "Campaign and source performance as CSV, with the report's filters",
        querystring: performanceQuerySchema,
        produces: ["text/csv"],
        response: { ...errors },
      },
      config: { access: MEMBER },
    },
    async (request, reply) => {
      const report = await campaignPerformance(
        db,
        request.caller,
        performanceQuerySchema.parse(request.query),
      );
      reply
        .type("text/csv; charset=utf-8")
        .header(
          "content-disposition",
          `attachment; filename="campaign-performance-${report.model}-by-${report.by}-${report.period.from}-${report.period.to}.csv"`,
        );
      return reply.send(
        csvStream(
          performanceCsvRows(report),
          { header: true, columns: [...PERFORMANCE_CSV_COLUMNS], cast: { boolean: (v) => String(v) } },
          (error) => request.log.error({ err: error }, "performance export failed"),
        ),
      );
    },
  );
}
