// The funnel: of the contacts that entered the funnel in a period (their cohort), how many reached each
// stage by now, the conversion from each stage to the next, MQL-to-won and SQL-to-won; by the month they
// entered and broken down by source, campaign, channel, persona, pod, segment or a contact property; and
// how many contacts entered each stage in the period (the cockpit's count). All of it is read from the one
// stage history (lifecycle_stage_changes), never from a contact's current stage.
//
// Definitions (docs/reports.md):
// - A contact entered the funnel at its first move into a funnel stage (lead, mql, sal, sql, opportunity,
//   customer), whichever; subscribers are not in the funnel until they move on.
// - It reached a stage when its history has a move into that stage or a later one, at any time up to now
//   (so the funnel never widens: a lead made an MQL by hand without passing "lead" still counts as a lead).
// - Won is the customer stage.
import { type SQL, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { LIFECYCLE_STAGE_LABELS } from "../../../shared/domain.js";
import {
  type Conversion,
  FUNNEL_STAGES,
  type FunnelCounts,
  type FunnelGroup,
  type FunnelQuery,
  type FunnelReport,
  type FunnelStage,
} from "../../../shared/reports.js";
import { enoughToJudge } from "../../../shared/sla.js";
import { type Db, queryRows } from "../../db/client.js";
import { badRequest } from "../../lib/errors.js";
import { uuidArray } from "../../lib/ids.js";
import { countStageEntries } from "../lifecycle/lifecycle.service.js";
import { activeDefinitions } from "../properties/properties.service.js";
import { activeSla, minimumSampleOf } from "../sla/sla-agreement.service.js";
import {
  contactChannelSql,
  contactPodSql,
  contactSegmentSql,
  type ReportScope,
  reportScope,
} from "./report-filters.js";

/** A rate with its counts and whether it may carry a verdict (the minimum sample, as everywhere). */
export function conversion(converted: number, of: number, minimumSample: number): Conversion {
  return { converted, of, rate: of > 0 ? converted / of : null, judged: enoughToJudge(of, minimumSample) };
}

const zeroCounts = (): FunnelCounts =>
  Object.fromEntries(FUNNEL_STAGES.map((s) => [s, 0])) as Record<FunnelStage, number>;

function group(key: string | null, label: string, reached: FunnelCounts, minimumSample: number): FunnelGroup {
  return {
    key,
    label,
    reached,
    steps: FUNNEL_STAGES.slice(1).map((to, i) => {
      const from = FUNNEL_STAGES[i];
      return { from, to, ...conversion(reached[to], reached[from], minimumSample) };
    }),
    mqlToWon: conversion(reached.customer, reached.mql, minimumSample),
    sqlToWon: conversion(reached.customer, reached.sql, minimumSample),
  };
}

interface Breakdown {
  key: SQL;
  /** Names the keys (ids) found; keys it leaves out keep their text. */
  label: (keys: string[]) => Promise<Map<string, string>>;
  none: string;
}

const names =
  (db: Db, ws: string, table: "campaigns" | "personas" | "pods" | "segments") => async (keys: string[]) => {
    if (keys.length === 0) return new Map<string, string>();
    const rows = await queryRows<{ id: string; name: string }>(
      db,
      sql`select id::text as id, name from ${sql.identifier(table)}
        where workspace_id = ${ws} and id = any(${uuidArray(keys)})`,
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  };

const words = (text: string) => text.charAt(0).toUpperCase() + text.slice(1).replaceAll("_", " ");

async function breakdownOf(db: Db, ws: string, query: FunnelQuery): Promise<Breakdown | null> {
  switch (query.by) {
    case undefined:
      return null;
    case "source":
      return { key: sql`c.source`, label: async () => new Map(), none: "No lead source" };
    case "campaign":
      return {
        key: sql`c.source_campaign_id::text`,
        label: names(db, ws, "campaigns"),
        none: "No source campaign",
      };
    case "channel":
      return {
        key: contactChannelSql,
        label: async (keys) => new Map(keys.map((k) => [k, words(k)])),
        none: "No channel",
      };
    case "persona":
      return { key: sql`c.persona_id::text`, label: names(db, ws, "personas"), none: "No persona" };
    case "pod":
      return { key: sql`${contactPodSql}::text`, label: names(db, ws, "pods"), none: "No pod" };
    case "segment":
      return { key: sql`${contactSegmentSql}::text`, label: names(db, ws, "segments"), none: "No segment" };
    case "property": {
      const definition = (await activeDefinitions(db, ws, "contacts")).get(query.byProperty ?? "");
      if (!definition) throw badRequest("is not a contact property in this workspace", "byProperty");
      // Lists (several of a list) break down by the list as stored; other types by their value as text.
      return {
        key: sql`c.properties ->> ${definition.apiName}`,
        label: async () => new Map(),
        none: "Not set",
      };
    }
  }
}

interface CohortRow extends FunnelCounts {
  month: string;
  key: string | null;
}

/**
 * The cohort's counts by entry month and breakdown value, one statement: contacts whose first move into a
 * funnel stage falls in the period (and who match the filters), with the furthest funnel stage they reached,
 * read from the history's per-contact roll-up (contact_funnel); the contacts themselves are read only when a
 * filter or a breakdown needs them.
 */
async function cohortCounts(db: Db, ws: string, scope: ReportScope, key: SQL | null): Promise<CohortRow[]> {
  const { start, end } = scope;
  const needsContacts = scope.filtered || key !== null;
  return queryRows<CohortRow>(
    db,
    // Grouped by the month as a timestamp and named after (to_char on every row costs a third of the time).
    sql`select to_char(g.month, 'YYYY-MM') as month, g.key, ${sql.join(
      FUNNEL_STAGES.map((s) => sql`g.${sql.identifier(s)}`),
      sql`, `,
    )} from (
          select date_trunc('month', f.entered_at at time zone ${scope.period.timeZone}) as month, ${key ?? sql`null`}::text as key,
            ${sql.join(
              FUNNEL_STAGES.map(
                (s, i) => sql`(count(*) filter (where f.reached >= ${i + 1}))::int as ${sql.identifier(s)}`,
              ),
              sql`, `,
            )}
          from contact_funnel f
          ${needsContacts ? sql`join contacts c on c.workspace_id = f.workspace_id and c.id = f.contact_id and ${scope.contacts}` : sql``}
          where f.workspace_id = ${ws}
            and f.entered_at >= ${start.toISOString()}::timestamptz and f.entered_at < ${end.toISOString()}::timestamptz
          group by 1, 2
        ) g`,
  );
}

function add(into: FunnelCounts, row: FunnelCounts) {
  for (const s of FUNNEL_STAGES) into[s] += row[s];
}

/** The months [from, to) covers, in the workspace's time zone: "2026-01", ... */
function monthsOf(scope: ReportScope): string[] {
  const months: string[] = [];
  let m = DateTime.fromISO(scope.period.from, { zone: scope.period.timeZone }).startOf("month");
  const end = DateTime.fromISO(scope.period.to, { zone: scope.period.timeZone });
  while (m < end) {
    months.push(m.toFormat("yyyy-MM"));
    m = m.plus({ months: 1 });
  }
  return months;
}

/** The funnel report for a workspace under the shared filters (see the file's header for the definitions). */
export async function funnelReport(
  db: Db,
  workspaceId: string,
  query: FunnelQuery,
  now = new Date(),
): Promise<FunnelReport> {
  const scope = await reportScope(db, workspaceId, query, now);
  const breakdown = await breakdownOf(db, workspaceId, query);
  const [rows, entered, sla] = await Promise.all([
    cohortCounts(db, workspaceId, scope, breakdown?.key ?? null),
    countStageEntries(db, workspaceId, scope.start, scope.end, scope.filtered ? scope.contacts : undefined),
    activeSla(db, workspaceId),
  ]);
  const minimumSample = minimumSampleOf(sla);

  const total = zeroCounts();
  const byMonth = new Map(monthsOf(scope).map((m) => [m, zeroCounts()]));
  const byKey = new Map<string | null, FunnelCounts>();
  for (const row of rows) {
    add(total, row);
    const month = byMonth.get(row.month) ?? zeroCounts();
    byMonth.set(row.month, month);
    add(month, row);
    const key = byKey.get(row.key) ?? zeroCounts();
    byKey.set(row.key, key);
    add(key, row);
  }
  const labels = breakdown
    ? await breakdown.label([...byKey.keys()].filter((k): k is string => k !== null))
    : null;

  return {
    period: scope.period,
    minimumSample,
    stages: FUNNEL_STAGES.map((stage) => ({ stage, label: LIFECYCLE_STAGE_LABELS[stage] })),
    total: group(null, "All contacts", total, minimumSample),
    entered: Object.fromEntries(FUNNEL_STAGES.map((s) => [s, entered[s] ?? 0])) as FunnelCounts,
    cohorts: [...byMonth.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([month, counts]) =>
        group(
          month,
          DateTime.fromFormat(month, "yyyy-MM").setLocale("en-US").toFormat("LLL yyyy"),
          counts,
          minimumSample,
        ),
      ),
    breakdown:
      breakdown && query.by
        ? {
            by: query.by,
            property: query.by === "property" ? (query.byProperty ?? null) : null,
            rows: [...byKey.entries()]
              .map(([key, counts]) =>
                group(key, key === null ? breakdown.none : (labels?.get(key) ?? key), counts, minimumSample),
              )
              // Most contacts first; those without a value last.
              .sort(
                (a, b) =>
                  Number(a.key === null) - Number(b.key === null) ||
                  b.reached.lead - a.reached.lead ||
                  a.label.localeCompare(b.label),
              ),
          }
        : null,
  };
}
