// Journeys from the database, set-based: one ordered query loads every milestone of a report with the touches
// of its contacts inside the lookback window (the attribution engine then computes in memory), and one
// grouped query counts the null paths' transitions for Markov. No query per milestone, no sampling: every
// touch in the window is loaded, whatever its number.
//
// Milestones (reached in the report's period, by contacts matching the report filters):
// - contact created: the contact's created_at; its touches.
// - MQL / SQL: the first time the one stage history (lifecycle_stage_changes) shows the contact reaching the
//   stage or a later funnel stage (a contact that reached a stage has passed every stage before it).
// - opportunity created / closed won: the opportunity's created_at / closed_at (its close date when a
//   won deal has no closed_at) with its amount (pipeline / revenue); the touches of its contact roles
//   (opportunity_contacts). A deal counts when one of its contact roles matches the filters (all deals when
//   no contact filter is set). Archived deals do not count.
import { type SQL, sql } from "drizzle-orm";
import type { AttributionBreakdown, AttributionMilestone } from "../../../shared/attribution.js";
import { REPORT_FILTER_KEYS } from "../../../shared/reports.js";
import { type Db, queryRows } from "../../db/client.js";
import type { ReportScope } from "../reports/report-filters.js";
import { type Journey, type JourneyTouch, NO_KEY, type Transition } from "./attribution-models.js";

/** The stages at or after each contact milestone, in funnel order. */
const REACHED: Record<"mql" | "sql", string[]> = {
  mql: ["mql", "sal", "sql", "opportunity", "customer"],
  sql: ["sql", "opportunity", "customer"],
};

export const isDealMilestone = (m: AttributionMilestone) => m === "opportunity_created" || m === "closed_won";

/** Whether the filters narrow the contacts (beyond the period). */
export function hasContactFilter(scope: ReportScope) {
  return REPORT_FILTER_KEYS.some((k) => k !== "from" && k !== "to" && scope.filters[k] !== undefined);
}

const iso = (d: Date) => d.toISOString();

/**
 * The lookback window as an exact duration (days of 86,400 s, as the engine counts them): an interval of
 * days would follow the session's time zone across a daylight-saving change.
 */
export const windowSql = (days: number) => sql`make_interval(secs => ${days * 86_400})`;

/** A deal's close instant: closed_at, else the start of its close date in the workspace's time zone. */
export const closedAtSql = (tz: string) =>
  sql`coalesce(o.closed_at, (o.close_date::timestamp at time zone ${tz}))`;

/** Deals whose contact roles match the filters (every deal of the workspace without contact filters). */
function dealScope(ws: string, scope: ReportScope): SQL {
  if (!hasContactFilter(scope)) return sql`true`;
  return sql`exists (select 1 from opportunity_contacts oc join contacts c on c.workspace_id = oc.workspace_id
    and c.id = oc.contact_id where oc.workspace_id = ${ws} and oc.opportunity_id = o.id and ${scope.contacts})`;
}

/**
 * The milestones of a report as (mid, at, amount, lead_at, opp_at, close_at), and whose touches make their
 * journeys: the contact's own (contact milestones) or the deal's contact roles'. `only` narrows to one
 * milestone id (a deal's journey).
 */
export function milestoneSql(
  ws: string,
  scope: ReportScope,
  milestone: AttributionMilestone,
  only: string | null = null,
): { milestones: SQL; contacts: "self" | "roles" } {
  const start = iso(scope.start);
  const end = iso(scope.end);
  const tz = scope.period.timeZone;
  const onlyContact = only ? sql`and c.id = ${only}::uuid` : sql``;
  const onlyDeal = only ? sql`and o.id = ${only}::uuid` : sql``;
  if (milestone === "contact_created")
    return {
      milestones: sql`select c.id as mid, c.created_at as at, 0::float8 as amount, c.created_at as lead_at,
          null::timestamptz as opp_at, null::timestamptz as close_at
        from contacts c where ${scope.contacts} ${onlyContact}
          and c.created_at >= ${start}::timestamptz and c.created_at < ${end}::timestamptz`,
      contacts: "self",
    };
  if (milestone === "mql" || milestone === "sql") {
    const stages = sql.join(
      REACHED[milestone].map((s) => sql`${s}`),
      sql`, `,
    );
    return {
      milestones: sql`select c.id as mid, r.at, 0::float8 as amount, c.created_at as lead_at,
          null::timestamptz as opp_at, null::timestamptz as close_at
        from (select contact_id, min(changed_at) as at from lifecycle_stage_changes
              where workspace_id = ${ws} and to_stage in (${stages}) and changed_at < ${end}::timestamptz
              group by contact_id having min(changed_at) >= ${start}::timestamptz) r
        join contacts c on c.workspace_id = ${ws} and c.id = r.contact_id
        where ${scope.contacts} ${onlyContact}`,
      contacts: "self",
    };
  }
  const leadAt = sql`(select min(c.created_at) from opportunity_contacts oc join contacts c
      on c.workspace_id = oc.workspace_id and c.id = oc.contact_id
      where oc.workspace_id = ${ws} and oc.opportunity_id = o.id)`;
  if (milestone === "opportunity_created")
    return {
      milestones: sql`select o.id as mid, o.created_at as at, o.amount::float8 as amount, ${leadAt} as lead_at,
          o.created_at as opp_at, null::timestamptz as close_at
        from opportunities o
        where o.workspace_id = ${ws} and o.archived_at is null ${onlyDeal}
          and o.created_at >= ${start}::timestamptz and o.created_at < ${end}::timestamptz
          and ${dealScope(ws, scope)}`,
      contacts: "roles",
    };
  const closed = closedAtSql(tz);
  return {
    milestones: sql`select o.id as mid, ${closed} as at, o.amount::float8 as amount, ${leadAt} as lead_at,
        o.created_at as opp_at, ${closed} as close_at
      from opportunities o
      where o.workspace_id = ${ws} and o.archived_at is null and o.stage = 'closed_won' ${onlyDeal}
        and ${closed} >= ${start}::timestamptz and ${closed} < ${end}::timestamptz
        and ${dealScope(ws, scope)}`,
    contacts: "roles",
  };
}

/** The key a touch is credited to, in SQL (t: touches, k: its campaign). */
export const keySql = (by: AttributionBreakdown) =>
  by === "campaign"
    ? sql`coalesce(t.campaign_id::text, ${NO_KEY})`
    : sql`coalesce(t.channel, k.channel, ${NO_KEY})`;

interface JourneyRow {
  mid: string;
  at: number;
  amount: number;
  lead_at: number | null;
  opp_at: number | null;
  close_at: number | null;
  tid: string | null;
  tat: number | null;
  campaign_id: string | null;
  channel: string | null;
}

/**
 * Every milestone of the report with its touches inside the window (lookbackDays before it, up to it), in
 * one ordered query. Flags: the lead-creation touch is the last touch at or before the lead was created
 * (for a deal: its first contact role's creation), the opportunity-creation touch the last at or before the
 * deal was created, the close touch the last at or before it was won.
 */
export async function loadJourneys(
  db: Db,
  ws: string,
  scope: ReportScope,
  milestone: AttributionMilestone,
  lookbackDays: number,
  only: string | null = null,
): Promise<Journey[]> {
  const { milestones, contacts } = milestoneSql(ws, scope, milestone, only);
  const ms = (col: SQL) => sql`(extract(epoch from ${col}) * 1000)::float8`;
  const rows = await queryRows<JourneyRow>(
    db,
    // Per milestone, its touches in the window through the (workspace, contact, occurred_at) index: a
    // lateral join reads only the touches that count, whatever the size of the touches table.
    sql`with m as (${milestones})
      select m.mid, ${ms(sql`m.at`)} as at, m.amount, ${ms(sql`m.lead_at`)} as lead_at,
        ${ms(sql`m.opp_at`)} as opp_at, ${ms(sql`m.close_at`)} as close_at,
        t.id as tid, ${ms(sql`t.occurred_at`)} as tat, t.campaign_id, coalesce(t.channel, k.channel) as channel
      from m
      left join lateral (
        ${
          contacts === "self"
            ? sql`select t.id, t.occurred_at, t.campaign_id, t.channel from touches t
                where t.workspace_id = ${ws} and t.contact_id = m.mid
                  and t.occurred_at <= m.at and t.occurred_at >= m.at - ${windowSql(lookbackDays)}`
            : sql`select t.id, t.occurred_at, t.campaign_id, t.channel from opportunity_contacts oc
                join touches t on t.workspace_id = oc.workspace_id and t.contact_id = oc.contact_id
                  and t.occurred_at <= m.at and t.occurred_at >= m.at - ${windowSql(lookbackDays)}
                where oc.workspace_id = ${ws} and oc.opportunity_id = m.mid`
        }
      ) t on true
      left join campaigns k on k.workspace_id = ${ws} and k.id = t.campaign_id
      order by m.at, m.mid, t.occurred_at, t.id`,
  );
  const journeys: Journey[] = [];
  let current: Journey | null = null;
  let leadAt: number | null = null;
  let oppAt: number | null = null;
  let closeAt: number | null = null;
  const flag = () => {
    if (!current) return;
    const touches = current.touches;
    const lastAtOrBefore = (instant: number | null) => {
      if (instant === null) return -1;
      for (let i = touches.length - 1; i >= 0; i--) if (touches[i].at <= instant) return i;
      return -1;
    };
    const lead = lastAtOrBefore(leadAt);
    if (lead >= 0) touches[lead].leadCreation = true;
    const opp = lastAtOrBefore(oppAt);
    if (opp >= 0) touches[opp].opportunityCreation = true;
    const close = lastAtOrBefore(closeAt);
    if (close >= 0) touches[close].close = true;
  };
  for (const r of rows) {
    if (current === null || current.id !== r.mid) {
      flag();
      current = { id: r.mid, at: Number(r.at), amount: Number(r.amount), converted: true, touches: [] };
      leadAt = r.lead_at === null ? null : Number(r.lead_at);
      oppAt = r.opp_at === null ? null : Number(r.opp_at);
      closeAt = r.close_at === null ? null : Number(r.close_at);
      journeys.push(current);
    }
    if (r.tid !== null)
      current.touches.push({
        id: r.tid,
        at: Number(r.tat),
        campaignId: r.campaign_id,
        channel: r.channel,
      } satisfies JourneyTouch);
  }
  flag();
  return journeys;
}

/**
 * Markov's null paths, counted in SQL as transitions: journeys that did not reach the milestone. Each path
 * is the touches of its lookback window ending at its last touch in the period.
 * - contact created: visitors never identified (anonymous touches without a contact; only without contact filters);
 * - MQL, SQL: contacts matching the filters, touched in the period, that had not reached the stage by its end;
 * - opportunity created: contacts matching the filters, touched in the period, on no deal created by its end;
 * - closed won: deals lost in the period (the touches of their contact roles before the loss).
 */
export async function loadNullTransitions(
  db: Db,
  ws: string,
  scope: ReportScope,
  milestone: AttributionMilestone,
  by: AttributionBreakdown,
  lookbackDays: number,
): Promise<{ transitions: Transition[]; paths: number }> {
  const start = iso(scope.start);
  const end = iso(scope.end);
  let paths: SQL;
  if (milestone === "contact_created") {
    if (hasContactFilter(scope)) return { transitions: [], paths: 0 };
    paths = sql`select t.anonymous_id as pid, t.id, t.occurred_at, t.campaign_id, t.channel
      from touches t where t.workspace_id = ${ws} and t.contact_id is null and t.anonymous_id is not null
        and t.occurred_at >= ${start}::timestamptz - ${windowSql(lookbackDays)}
        and t.occurred_at < ${end}::timestamptz`;
  } else if (milestone === "closed_won") {
    const closed = closedAtSql(scope.period.timeZone);
    paths = sql`select o.id::text as pid, t.id, t.occurred_at, t.campaign_id, t.channel
      from opportunities o
      join opportunity_contacts oc on oc.workspace_id = o.workspace_id and oc.opportunity_id = o.id
      join touches t on t.workspace_id = o.workspace_id and t.contact_id = oc.contact_id
        and t.occurred_at <= ${closed} and t.occurred_at >= ${closed} - ${windowSql(lookbackDays)}
      where o.workspace_id = ${ws} and o.archived_at is null and o.stage = 'closed_lost'
        and ${closed} >= ${start}::timestamptz and ${closed} < ${end}::timestamptz and ${dealScope(ws, scope)}`;
  } else {
    const reached =
      milestone === "opportunity_created"
        ? sql`exists (select 1 from opportunity_contacts oc join opportunities o on o.workspace_id = oc.workspace_id
            and o.id = oc.opportunity_id where oc.workspace_id = ${ws} and oc.contact_id = c.id
            and o.created_at < ${end}::timestamptz)`
        : sql`exists (select 1 from lifecycle_stage_changes s where s.workspace_id = ${ws} and s.contact_id = c.id
            and s.to_stage in (${sql.join(
              REACHED[milestone].map((s) => sql`${s}`),
              sql`, `,
            )}) and s.changed_at < ${end}::timestamptz)`;
    paths = sql`select c.id::text as pid, t.id, t.occurred_at, t.campaign_id, t.channel
      from contacts c
      join touches t on t.workspace_id = c.workspace_id and t.contact_id = c.id
        and t.occurred_at >= ${start}::timestamptz - ${windowSql(lookbackDays)}
        and t.occurred_at < ${end}::timestamptz
      where ${scope.contacts} and not ${reached}`;
  }
  // A contact's null path counts when it was touched in the period; a lost deal counts when it was lost in
  // it, whenever its touches were.
  const touchedInPeriod = milestone === "closed_won" ? sql`true` : sql`last_at >= ${start}::timestamptz`;
  const rows = await queryRows<{ from_key: string | null; to_key: string | null; n: number; paths: number }>(
    db,
    sql`with p as (${paths}),
      w as (select t.pid, t.id, t.occurred_at, ${keySql(by)} as key,
              max(t.occurred_at) over (partition by t.pid) as last_at
            from p t left join campaigns k on k.workspace_id = ${ws} and k.id = t.campaign_id),
      kept as (select pid, id, occurred_at, key from w
               where ${touchedInPeriod} and occurred_at >= last_at - ${windowSql(lookbackDays)}),
      steps as (select pid, key,
                  lag(key) over (partition by pid order by occurred_at, id) as prev,
                  lead(key) over (partition by pid order by occurred_at, id) as next
                from kept)
      select prev as from_key, key as to_key, count(*)::int as n, 0 as paths from steps group by prev, key
      union all
      select key, null, count(*)::int, count(*)::int from steps where next is null group by key`,
  );
  let pathCount = 0;
  const transitions: Transition[] = [];
  for (const r of rows) {
    transitions.push({ from: r.from_key, to: r.to_key, count: r.n });
    pathCount += r.paths;
  }
  return { transitions, paths: pathCount };
}
