// The funnel, velocity and stalled-lead reports, each with a CSV export of the same numbers under the same
// filters. Every member reads them: both teams see the same numbers.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { errorSchema } from "../../../shared/common.js";
import {
  FUNNEL_STAGES,
  type FunnelGroup,
  funnelQuerySchema,
  funnelReportSchema,
  stalledExportQuerySchema,
  stalledPageSchema,
  stalledQuerySchema,
  velocityQuerySchema,
  velocityReportSchema,
} from "../../../shared/reports.js";
import type { Db } from "../../db/client.js";
import { MEMBER } from "../../lib/access.js";
import { csvStream } from "../../lib/csv-stream.js";
import { funnelReport } from "./funnel.service.js";
import { stalledContacts, velocityReport } from "./velocity.service.js";

const tags = ["Reports"];
const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema };
const FILTERS =
  "Filters: from, to (workspace days, to exclusive; default the last 6 months), podId, personaId, segmentId, channel, campaignId, source, propertyKey + propertyValue (docs/reports.md).";

function sendCsv(
  request: FastifyRequest,
  reply: FastifyReply,
  name: string,
  rows: unknown,
  columns: string[],
) {
  reply.type("text/csv; charset=utf-8").header("content-disposition", `attachment; filename="${name}.csv"`);
  return reply.send(
    csvStream(rows as Iterable<unknown> | AsyncIterable<unknown>, { header: true, columns }, (error) =>
      request.log.error({ err: error }, `${name} export failed`),
    ),
  );
}

const rate = (r: { rate: number | null; judged: boolean }) =>
  r.rate === null ? "" : `${(r.rate * 100).toFixed(1)}%${r.judged ? "" : " (too few to judge)"}`;

/** The funnel as CSV rows: the period's entries, the cohort, each month's cohort and the breakdown. */
function funnelCsvRows(report: Awaited<ReturnType<typeof funnelReport>>) {
  const { from, to } = report.period;
  const row = (section: string, g: FunnelGroup) => ({
    section,
    from,
    to,
    key: g.key ?? "",
    label: g.label,
    ...g.reached,
    ...Object.fromEntries(g.steps.map((s) => [`${s.from}_to_${s.to}`, rate(s)])),
    mql_to_won: rate(g.mqlToWon),
    sql_to_won: rate(g.sqlToWon),
  });
  return [
    {
      section: "entered in period",
      from,
      to,
      key: "",
      label: "Contacts entering each stage",
      ...report.entered,
    },
    row("cohort", report.total),
    ...report.cohorts.map((g) => row("cohort by month", g)),
    ...(report.breakdown?.rows.map((g) => row(`by ${report.breakdown?.by}`, g)) ?? []),
  ];
}

const FUNNEL_CSV_COLUMNS = [
  "section",
  "from",
  "to",
  "key",
  "label",
  ...FUNNEL_STAGES,
  ...FUNNEL_STAGES.slice(1).map((s, i) => `${FUNNEL_STAGES[i]}_to_${s}`),
  "mql_to_won",
  "sql_to_won",
];

export function registerReportRoutes(app: FastifyInstance, db: Db) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    "/api/reports/funnel",
    {
      schema: {
        tags,
        summary:
          "The funnel: contacts entering it in the period, how many reached each stage, conversion from stage to stage, MQL-to-won and SQL-to-won, by entry month and by a breakdown; and the period's entries into each stage",
        description: FILTERS,
        querystring: funnelQuerySchema,
        response: { 200: funnelReportSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => funnelReport(db, request.caller.workspaceId, request.query),
  );

  r.get(
    "/api/reports/funnel/export",
    {
      schema: {
        tags,
        summary: "The funnel as CSV, under the same filters and breakdown",
        description: FILTERS,
        querystring: funnelQuerySchema,
        produces: ["text/csv"],
        response: { ...errors },
      },
      config: { access: MEMBER },
    },
    async (request, reply) => {
      const report = await funnelReport(db, request.caller.workspaceId, request.query);
      return sendCsv(request, reply, "funnel", funnelCsvRows(report), FUNNEL_CSV_COLUMNS);
    },
  );

  r.get(
    "/api/reports/velocity",
    {
      schema: {
        tags,
        summary:
          "Velocity: median and p75 time in each stage (calendar and business days) for stays that ended in the period, and how many contacts are in each stage now and stalled",
        description: FILTERS,
        querystring: velocityQuerySchema,
        response: { 200: velocityReportSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => velocityReport(db, request.caller.workspaceId, request.query),
  );

  r.get(
    "/api/reports/velocity/export",
    {
      schema: {
        tags,
        summary: "Velocity as CSV, under the same filters",
        description: FILTERS,
        querystring: velocityQuerySchema,
        produces: ["text/csv"],
        response: { ...errors },
      },
      config: { access: MEMBER },
    },
    async (request, reply) => {
      const report = await velocityReport(db, request.caller.workspaceId, request.query);
      const rows = report.stages.map((s) => ({
        from: report.period.from,
        to: report.period.to,
        ...s,
        stalledAfterDays: report.stalledAfterDays,
      }));
      return sendCsv(request, reply, "velocity", rows, [
        "from",
        "to",
        "stage",
        "label",
        "moves",
        "medianDays",
        "p75Days",
        "medianBusinessDays",
        "p75BusinessDays",
        "inStageNow",
        "stalledNow",
        "stalledAfterDays",
      ]);
    },
  );

  r.get(
    "/api/reports/stalled",
    {
      schema: {
        tags,
        summary:
          "Stalled leads now: contacts beyond the SLA (a commitment breached and unfulfilled) or in their stage longer than stalledAfterDays, longest first, in keyset pages",
        description: `${FILTERS} The period does not apply: this is the state now.`,
        querystring: stalledQuerySchema,
        response: { 200: stalledPageSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => stalledContacts(db, request.caller.workspaceId, request.query),
  );

  r.get(
    "/api/reports/stalled/export",
    {
      schema: {
        tags,
        summary: "Every stalled lead as CSV, under the same filters, all pages",
        description: FILTERS,
        querystring: stalledExportQuerySchema,
        produces: ["text/csv"],
        response: { ...errors },
      },
      config: { access: MEMBER },
    },
    async (request, reply) => {
      const { workspaceId } = request.caller;
      const query = { ...request.query, cursor: undefined, limit: 200 };
      const now = new Date();
      // The first page answers before the file starts, so a bad filter is still a 400.
      const first = await stalledContacts(db, workspaceId, query, now);
      async function* rows() {
        let page = first;
        while (true) {
          for (const item of page.items)
            yield {
              ...item,
              reasons: item.reasons.join(" "),
              breached: item.breached.join("; "),
            };
          if (!page.nextCursor) return;
          page = await stalledContacts(db, workspaceId, { ...query, cursor: page.nextCursor }, now);
        }
      }
      return sendCsv(request, reply, "stalled-leads", rows(), [
        "contactId",
        "name",
        "email",
        "accountName",
        "ownerName",
        "stage",
        "since",
        "daysInStage",
        "reasons",
        "breached",
      ]);
    },
  );
}
