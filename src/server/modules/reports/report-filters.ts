// The report filters every closed-loop report applies the same way (funnel, velocity, stalls, attribution):
// the period they cover, resolved in the workspace's time zone, and one SQL condition on contacts `c` that
// says which contacts count. Reports decide what the period applies to (the funnel: when a contact entered;
// attribution: when its milestone happened); who counts is decided here only.
//
// The contact's pod, channel and segment are expressions over `c` (correlated subqueries), so a report
// needs no join for the condition and the breakdowns by the same words use the same definitions.
import { type SQL, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { CHANNELS } from "../../../shared/domain.js";
import {
  DEFAULT_REPORT_MONTHS,
  MAX_REPORT_DAYS,
  type ReportFilters,
  type ReportPeriod,
} from "../../../shared/reports.js";
import { type Db, queryRows } from "../../db/client.js";
import { badRequest } from "../../lib/errors.js";
import { activeDefinitions, filterValue } from "../properties/properties.service.js";

/**
 * The pod a contact belongs to, as routing decides it (routing.service podFor): its account's pod, else the
 * first pod (by name) covering its region or country, else its persona's pod, else its account segment's
 * pod; archived pods cover no one. Null when no pod covers the contact.
 */
export const contactPodSql = sql`(select coalesce(
    (select p.id from pods p where p.workspace_id = c.workspace_id and p.id = a.pod_id and p.archived_at is null),
    (select p.id from pods p
      where p.workspace_id = c.workspace_id and p.archived_at is null
        and exists (select 1 from unnest(p.territories) t
          where lower(t) in (lower(coalesce(c.region, a.region)), lower(coalesce(c.country, a.country))))
      order by p.name, p.id limit 1),
    (select p.id from personas pe join pods p on p.workspace_id = pe.workspace_id and p.id = pe.pod_id
      where pe.workspace_id = c.workspace_id and pe.id = c.persona_id and p.archived_at is null),
    (select p.id from segments s join pods p on p.workspace_id = s.workspace_id and p.id = s.pod_id
      where s.workspace_id = c.workspace_id and s.id = a.segment_id and p.archived_at is null))
  from (select 1) one
  left join accounts a on a.workspace_id = c.workspace_id and a.id = c.account_id)`;

/**
 * The channel a contact came through: its source campaign's channel; without a source campaign, its lead
 * source when that names a channel (imports and the tracking snippet record "paid_search", "event"...).
 */
export const contactChannelSql = sql`coalesce(
  (select k.channel from campaigns k where k.workspace_id = c.workspace_id and k.id = c.source_campaign_id),
  case when c.source in (${sql.join(
    CHANNELS.map((ch) => sql`${ch}`),
    sql`, `,
  )}) then c.source end)`;

/** The segment of a contact's account. */
export const contactSegmentSql = sql`(select a.segment_id from accounts a
  where a.workspace_id = c.workspace_id and a.id = c.account_id)`;

/** The filters resolved for one workspace: the period as instants, and the condition on contacts `c`. */
export interface ReportScope {
  period: ReportPeriod;
  /** The period's first instant (local midnight of `from`). */
  start: Date;
  /** The instant after the period (local midnight of `to`). */
  end: Date;
  /** Which contacts count: a condition on contacts `c` (workspace included; archived contacts count too). */
  contacts: SQL;
  /** Whether any filter narrows the contacts (else `contacts` is only the workspace). */
  filtered: boolean;
  /** The filters as asked, with the period's defaults filled in (for CSV headers and the page). */
  filters: ReportFilters & { from: string; to: string };
}

/** The workspace's time zone (UTC when it has none). */
export async function workspaceTimeZone(db: Db, workspaceId: string): Promise<string> {
  const [row] = await queryRows<{ tz: string }>(
    db,
    sql`select time_zone as tz from workspaces where id = ${workspaceId}`,
  );
  return row?.tz ?? "UTC";
}

/** The default period: from the first of the month five months back to tomorrow, in the workspace's time zone. */
export function defaultReportPeriod(timeZone: string, now: Date) {
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf("day");
  return {
    from: today
      .startOf("month")
      .minus({ months: DEFAULT_REPORT_MONTHS - 1 })
      .toISODate() as string,
    to: today.plus({ days: 1 }).toISODate() as string,
  };
}

/**
 * Resolves the shared report filters for a workspace: fills in the default period, checks the custom
 * property (a key that names no live contact property, or a value its type cannot hold, is a 400 naming the
 * field) and builds the contact condition. Ids of another workspace simply match nothing.
 */
export async function reportScope(
  db: Db,
  workspaceId: string,
  filters: ReportFilters,
  now = new Date(),
): Promise<ReportScope> {
  const timeZone = await workspaceTimeZone(db, workspaceId);
  const fallback = defaultReportPeriod(timeZone, now);
  // Half a period given: `to` alone looks back six months; `from` alone runs to tomorrow (or one day).
  const to =
    filters.to ??
    (filters.from && filters.from >= fallback.to ? nextDay(filters.from, timeZone) : fallback.to);
  const from = filters.from ?? (filters.to ? shiftMonths(filters.to, timeZone) : fallback.from);
  if ((Date.parse(to) - Date.parse(from)) / 86_400_000 > MAX_REPORT_DAYS)
    throw badRequest(`a report covers at most ${MAX_REPORT_DAYS} days`, "from");
  const conditions: SQL[] = [sql`c.workspace_id = ${workspaceId}`];
  if (filters.personaId) conditions.push(sql`c.persona_id = ${filters.personaId}::uuid`);
  if (filters.campaignId) conditions.push(sql`c.source_campaign_id = ${filters.campaignId}::uuid`);
  if (filters.source) conditions.push(sql`c.source = ${filters.source}`);
  if (filters.segmentId) conditions.push(sql`${contactSegmentSql} = ${filters.segmentId}::uuid`);
  if (filters.channel) conditions.push(sql`${contactChannelSql} = ${filters.channel}`);
  if (filters.podId) conditions.push(sql`${contactPodSql} = ${filters.podId}::uuid`);
  if (filters.propertyKey !== undefined && filters.propertyValue !== undefined) {
    const definitions = await activeDefinitions(db, workspaceId, "contacts");
    const definition = definitions.get(filters.propertyKey);
    if (!definition) throw badRequest("is not a contact property in this workspace", "propertyKey");
    const value = filterValue(definition, filters.propertyValue, "propertyValue");
    conditions.push(sql`c.properties @> ${JSON.stringify({ [definition.apiName]: value })}::jsonb`);
  }
  return {
    period: { from, to, timeZone },
    start: DateTime.fromISO(from, { zone: timeZone }).toJSDate(),
    end: DateTime.fromISO(to, { zone: timeZone }).toJSDate(),
    contacts: sql.join(conditions, sql` and `),
    filtered: conditions.length > 1,
    filters: { ...filters, from, to },
  };
}

/** The six months before `to`. */
function shiftMonths(to: string, timeZone: string): string {
  return DateTime.fromISO(to, { zone: timeZone })
    .minus({ months: DEFAULT_REPORT_MONTHS })
    .toISODate() as string;
}

/** The day after `from`. */
function nextDay(from: string, timeZone: string): string {
  return DateTime.fromISO(from, { zone: timeZone }).plus({ days: 1 }).toISODate() as string;
}
