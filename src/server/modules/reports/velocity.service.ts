// Velocity and stalls: how long contacts spend in each funnel stage (median and p75, in calendar days and in
// business days of the SLA's calendar), and which contacts are stuck now (beyond the SLA, or in their stage
// longer than a set age), as a paged list linking to each contact.
//
// Definitions (docs/reports.md):
// - A stay in a stage runs from the history's move into it to the next move out of it (forward, back or out,
//   as the history's `from_stage` records). Velocity counts the stays that ended in the period: finished
//   stays only, so a stage's median is never cut short by contacts still in it.
// - Business days: the business time of the stay (the SLA's working days and hours, holidays, its time zone)
//   divided by the length of a working day: 16 business hours in a 09:00-17:00 calendar are 2 business days.
// - Stalled, now: a contact (not archived) in a stage before customer that has an SLA commitment breached and
//   still unfulfilled since it last became an MQL, or has been in its stage longer than stalledAfterDays.
import { type SQL, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import {
  type BusinessCalendar,
  clockToMinutes,
  DEFAULT_BUSINESS_CALENDAR,
} from "../../../shared/business-hours.js";
import { LIFECYCLE_STAGE_LABELS } from "../../../shared/domain.js";
import {
  HANDED_OVER_STAGES,
  type StalledPage,
  type StalledQuery,
  VELOCITY_STAGES,
  type VelocityQuery,
  type VelocityReport,
  type VelocityStage,
} from "../../../shared/reports.js";
import { SLA_COMMITMENT_LABELS, type SlaCommitment } from "../../../shared/sla.js";
import { type Db, queryRows } from "../../db/client.js";
import { businessMillisBetween } from "../../lib/business-hours.js";
import { cursorTime, decodeCursor, encodeCursor } from "../../lib/records.js";
import { activeSla } from "../sla/sla-agreement.service.js";
import { type ReportScope, reportScope } from "./report-filters.js";

const DAY_MS = 86_400_000;
const stageList = (stages: readonly VelocityStage[]) =>
  sql.join(
    stages.map((s) => sql`${s}::lifecycle_stage`),
    sql`, `,
  );
const STAGE_LIST = stageList(VELOCITY_STAGES);

/** The business calendar business days count in: the SLA in force's, else the default (Mon-Fri 09-17 UTC). */
async function businessCalendar(db: Db, workspaceId: string) {
  const sla = await activeSla(db, workspaceId);
  const calendar: BusinessCalendar = sla?.terms.calendar ?? DEFAULT_BUSINESS_CALENDAR;
  const open = clockToMinutes(calendar.start) * 60_000;
  const length = clockToMinutes(calendar.end) * 60_000 - open;
  return { calendar, open, length, source: sla ? ("sla" as const) : ("default" as const) };
}

/**
 * A day table for SQL: for each local day of the calendar from `first` to `last`, the business milliseconds
 * before its midnight (from the table's first day, computed by the SLA's business-hours module, holidays and
 * DST included) and whether it is a business day. A moment's business time is then its day's total plus the
 * part of the working hours before it, so a stay's business time is one subtraction in SQL.
 */
function dayTable(calendar: BusinessCalendar, first: Date, last: Date) {
  const zone = calendar.timeZone;
  let day = DateTime.fromJSDate(first, { zone }).startOf("day");
  const stop = DateTime.fromJSDate(last, { zone }).startOf("day");
  const days: string[] = [];
  const before: number[] = [];
  const business: boolean[] = [];
  let total = 0;
  while (day <= stop) {
    const next = day.plus({ days: 1 });
    const within = businessMillisBetween(day.toJSDate(), next.toJSDate(), calendar);
    days.push(day.toISODate() as string);
    before.push(total);
    business.push(within > 0);
    total += within;
    day = next;
  }
  return sql`select * from unnest(${`{${days.join(",")}}`}::date[], ${`{${before.join(",")}}`}::float8[],
    ${`{${business.join(",")}}`}::boolean[]) as cal(day, before_ms, business)`;
}

/** Business milliseconds before `at` (a timestamptz expression), given its day's row `d` of the day table. */
function businessBefore(at: SQL, d: string, zone: string, open: number, length: number): SQL {
  const local = sql`(${at} at time zone ${zone})`;
  const clock = sql`(extract(epoch from (${local} - date_trunc('day', ${local}))) * 1000)`;
  return sql`(${sql.raw(d)}.before_ms + case when ${sql.raw(d)}.business
    then least(greatest(${clock} - ${open}, 0), ${length}) else 0 end)`;
}

/**
 * Contacts stalled now, as a condition on contacts `c` in stage `c.lifecycle_stage`: an SLA commitment
 * breached and unfulfilled since they last became an MQL, or longer in their stage than the age allowed.
 */
function stalledSql(now: Date, days: number) {
  const breached = sql`(select coalesce(array_agg(distinct k.commitment order by k.commitment), '{}')
      from sla_clocks k
      where k.workspace_id = c.workspace_id and k.contact_id = c.id and k.status = 'breached' and k.completed_at is null
        and k.started_at >= coalesce((select max(m.changed_at) from lifecycle_stage_changes m
          where m.workspace_id = c.workspace_id and m.contact_id = c.id and m.to_stage = 'mql'), '-infinity'::timestamptz))`;
  const aged = sql`c.lifecycle_stage_changed_at < ${new Date(now.getTime() - days * DAY_MS).toISOString()}::timestamptz`;
  return { breached, aged };
}

export async function velocityReport(
  db: Db,
  workspaceId: string,
  query: VelocityQuery,
  now = new Date(),
): Promise<VelocityReport> {
  const scope = await reportScope(db, workspaceId, query, now);
  const { calendar, open, length, source } = await businessCalendar(db, workspaceId);
  const [stays, current] = await Promise.all([
    stayPercentiles(db, workspaceId, scope, { calendar, open, length }),
    stalledCounts(db, workspaceId, scope, now, query.stalledAfterDays),
  ]);
  return {
    period: scope.period,
    stalledAfterDays: query.stalledAfterDays,
    businessCalendar: { timeZone: calendar.timeZone, hoursPerDay: length / 3_600_000, source },
    stages: VELOCITY_STAGES.map((stage) => {
      const s = stays.get(stage);
      const c = current.get(stage);
      return {
        stage,
        label: LIFECYCLE_STAGE_LABELS[stage],
        moves: s?.moves ?? 0,
        medianDays: round(s?.median ?? null),
        p75Days: round(s?.p75 ?? null),
        medianBusinessDays: round(s?.bmedian ?? null),
        p75BusinessDays: round(s?.bp75 ?? null),
        inStageNow: c?.now ?? 0,
        stalledNow: c?.stalled ?? 0,
      };
    }),
  };
}

/**
 * Each stage's median stay in calendar days, as Reports → Velocity shows it (the same stays, the same
 * rounding), without the business days and the stalls: the reverse funnel's cycle.
 */
export async function medianStayDays(
  db: Db,
  workspaceId: string,
  query: VelocityQuery,
  now = new Date(),
): Promise<Map<VelocityStage, number | null>> {
  const scope = await reportScope(db, workspaceId, query, now);
  const stays = await stayPercentiles(db, workspaceId, scope, null);
  return new Map(VELOCITY_STAGES.map((stage) => [stage, round(stays.get(stage)?.median ?? null)]));
}

const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

interface StayRow {
  stage: VelocityStage;
  moves: number;
  median: number | null;
  p75: number | null;
  bmedian: number | null;
  bp75: number | null;
}

/**
 * Stays that ended in the period, per stage: their count and the median and p75 of their length, in
 * calendar days and (given the business calendar) in business days. A stay starts at the history's latest
 * entry into the stage before the move out (recorded on the move, `from_entered_at`).
 */
async function stayPercentiles(
  db: Db,
  ws: string,
  scope: ReportScope,
  business: { calendar: BusinessCalendar; open: number; length: number } | null,
): Promise<Map<VelocityStage, StayRow>> {
  const stays = sql`select n.from_stage as stage, n.from_entered_at as entered_at, n.changed_at as left_at
    from lifecycle_stage_changes n
    ${scope.filtered ? sql`join contacts c on c.workspace_id = n.workspace_id and c.id = n.contact_id and ${scope.contacts}` : sql``}
    where n.workspace_id = ${ws} and n.from_stage in (${STAGE_LIST}) and n.from_entered_at is not null
      and n.changed_at >= ${scope.start.toISOString()}::timestamptz and n.changed_at < ${scope.end.toISOString()}::timestamptz`;
  const days = sql`extract(epoch from (s.left_at - s.entered_at)) / 86400`;
  let rows: StayRow[];
  if (!business) {
    rows = await queryRows<StayRow>(
      db,
      sql`select s.stage, count(*)::int as moves,
            percentile_cont(0.5) within group (order by ${days}) as median,
            percentile_cont(0.75) within group (order by ${days}) as p75,
            null as bmedian, null as bp75
          from (${stays}) s group by s.stage`,
    );
  } else {
    const { calendar, open, length } = business;
    // The day table starts at the workspace's first recorded move: no stay can start earlier.
    const [first] = await queryRows<{ at: string | null }>(
      db,
      sql`select min(changed_at) as at from lifecycle_stage_changes where workspace_id = ${ws}`,
    );
    if (!first?.at) return new Map();
    const zone = calendar.timeZone;
    const table = dayTable(calendar, new Date(first.at), scope.end);
    rows = await queryRows<StayRow>(
      db,
      sql`with cal as (${table}),
          stays as (${stays}),
          timed as (
            select s.stage, ${days} as days,
              (${businessBefore(sql`s.left_at`, "l", zone, open, length)} - ${businessBefore(sql`s.entered_at`, "e", zone, open, length)})
                / ${length}::float8 as business_days
            from stays s
            join cal e on e.day = (s.entered_at at time zone ${zone})::date
            join cal l on l.day = (s.left_at at time zone ${zone})::date
          )
          select stage, count(*)::int as moves,
            percentile_cont(0.5) within group (order by days) as median,
            percentile_cont(0.75) within group (order by days) as p75,
            percentile_cont(0.5) within group (order by business_days) as bmedian,
            percentile_cont(0.75) within group (order by business_days) as bp75
          from timed group by stage`,
    );
  }
  return new Map(
    rows.map((r) => [
      r.stage,
      {
        ...r,
        median: num(r.median),
        p75: num(r.p75),
        bmedian: num(r.bmedian),
        bp75: num(r.bp75),
      },
    ]),
  );
}

const num = (v: number | string | null) => (v === null ? null : Number(v));

/**
 * Contacts in each stage now (within the filters, not archived) and how many of them are stalled, in two
 * set-based parts added up: those in their stage too long (the stage index alone), and of the others those
 * with a commitment breached and unfulfilled since they last became an MQL (the few open breaches first,
 * the MQL history read only for them).
 */
async function stalledCounts(db: Db, ws: string, scope: ReportScope, now: Date, days: number) {
  const { aged } = stalledSql(now, days);
  const current = sql`${scope.contacts} and c.archived_at is null and c.lifecycle_stage in (${STAGE_LIST})`;
  const rows = await queryRows<{ stage: VelocityStage; now: number; stalled: number }>(
    db,
    sql`select stage, sum(n)::int as now, sum(stalled)::int as stalled from (
          select c.lifecycle_stage as stage, count(*) as n, count(*) filter (where ${aged}) as stalled
          from contacts c where ${current}
          group by 1
          union all
          select b.stage, 0, count(distinct b.contact_id)
          from (
            select c.lifecycle_stage as stage, k.contact_id, k.started_at
            from sla_clocks k join contacts c on c.workspace_id = k.workspace_id and c.id = k.contact_id
            where k.workspace_id = c.workspace_id and k.status = 'breached' and k.completed_at is null
              and ${current} and not ${aged}
            offset 0 -- a fence: the MQL history is read after the join, for the breaches still counted
          ) b
          where b.started_at >= coalesce((select max(m.changed_at) from lifecycle_stage_changes m
            where m.workspace_id = ${ws} and m.contact_id = b.contact_id and m.to_stage = 'mql'), '-infinity'::timestamptz)
          group by 1
        ) x
        group by stage`,
  );
  return new Map(rows.map((r) => [r.stage, r]));
}

/**
 * The stalled contacts, longest in their stage first (keyset pages on the time they entered it), with why:
 * the commitments breached, or the age. The period does not apply: this is the state now.
 */
export async function stalledContacts(
  db: Db,
  workspaceId: string,
  query: StalledQuery,
  now = new Date(),
): Promise<StalledPage> {
  const scope = await reportScope(db, workspaceId, query, now);
  const { breached, aged } = stalledSql(now, query.stalledAfterDays);
  const base = sql`${scope.contacts} and c.archived_at is null
    and c.lifecycle_stage in (${stageList(query.stage === "handed_over" ? HANDED_OVER_STAGES : query.stage ? [query.stage] : VELOCITY_STAGES)})`;
  let after = sql`true`;
  if (query.cursor) {
    const [since, id] = decodeCursor(query.cursor);
    after = sql`(x.since, x.id) > (${cursorTime(since)}::timestamptz, ${id}::uuid)`;
  }
  const rows = await queryRows<{
    id: string;
    name: string;
    email: string | null;
    accountName: string | null;
    ownerName: string | null;
    stage: VelocityStage;
    since: string;
    aged: boolean;
    breached: SlaCommitment[];
    total: number;
  }>(
    db,
    sql`with stalled as (
          select c.id, c.name, c.email, c.account_id, c.owner_member_id, c.lifecycle_stage as stage,
            c.lifecycle_stage_changed_at as since, ${aged} as aged, ${breached} as breached
          from contacts c where ${base}
        ),
        x as (
          select *, count(*) over ()::int as total from stalled where aged or cardinality(breached) > 0
        )
        select x.id, x.name, x.email, a.name as "accountName", u.name as "ownerName", x.stage, x.since,
          x.aged, x.breached, x.total
        from x
        left join accounts a on a.workspace_id = ${workspaceId} and a.id = x.account_id
        left join members m on m.workspace_id = ${workspaceId} and m.id = x.owner_member_id
        left join users u on u.id = m.user_id
        where ${after}
        order by x.since, x.id
        limit ${query.limit + 1}`,
  );
  // The total counts every stalled contact, not only those after the cursor.
  const total = rows[0]?.total ?? (query.cursor ? await countStalled(db, base, aged, breached) : 0);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => {
      const since = new Date(r.since);
      return {
        contactId: r.id,
        name: r.name || r.email || "(no name)",
        email: r.email,
        accountName: r.accountName,
        ownerName: r.ownerName,
        stage: r.stage,
        since: since.toISOString(),
        daysInStage: Math.floor(((now.getTime() - since.getTime()) / DAY_MS) * 10) / 10,
        reasons: [
          ...(r.breached.length > 0 ? (["sla"] as const) : []),
          ...(r.aged ? (["age"] as const) : []),
        ],
        breached: r.breached.map((k) => SLA_COMMITMENT_LABELS[k] ?? k),
      };
    }),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor(new Date(last.since).toISOString(), last.id) : null,
    total,
    stalledAfterDays: query.stalledAfterDays,
  };
}

async function countStalled(db: Db, base: SQL, aged: SQL, breached: SQL): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from contacts c where ${base} and (${aged} or cardinality(${breached}) > 0)`,
  );
  return row?.n ?? 0;
}
