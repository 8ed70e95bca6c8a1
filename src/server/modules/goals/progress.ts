// A goal's progress, computed from the records every time (never typed in), with the same definitions as the
// pages that show the same numbers:
//   MQLs, SALs, SQLs   contacts entering the stage in the period: the lifecycle's one count
//                      (countStageEntries), as Reports → Funnel's "Entered in the period" and the cockpit
//   revenue won        deals won in the period (closed_at, else the close date), as attribution counts them
//   pipeline created   amounts of deals created in the period, as the SLA report counts marketing's pipeline
//   SLA compliance     clocks met ÷ (met + breached), started in the period: the SLA compliance report
//   acceptance rate    MQLs accepted ÷ (accepted + rejected) in the period: the one acceptanceRate
//   touches            touches logged in the period
// Whose numbers: the revenue team's and a team's are the workspace's (a team answers for the shared number;
// a team's touches are its own kind of touches). A pod's contacts are the funnel's pod filter (routing's
// pod); its deals are those its members own, its touches its members'. A member's records are those they
// own, and the contacts and deals their campaigns sourced (a marketer's pipeline and revenue).
//
// Each number is one grouped statement per metric and kind of owner (or the report's own function), so a
// page of goals costs a handful of queries whatever its size.
import { type SQL, sql } from "drizzle-orm";
import { OPEN_DEAL_STAGES, type OpenDealStage } from "../../../shared/domain.js";
import { acceptanceRate } from "../../../shared/feedback.js";
import type { GoalMetric, GoalOwnerKind, GoalProgress } from "../../../shared/goals.js";
import { GOAL_METRIC_UNITS } from "../../../shared/goals.js";
import { enoughToJudge } from "../../../shared/sla.js";
import { type Db, queryRows } from "../../db/client.js";
import type { Caller } from "../../lib/access.js";
import { uuidArray } from "../../lib/ids.js";
import { countStageEntries } from "../lifecycle/lifecycle.service.js";
import { contactPodSql } from "../reports/report-filters.js";
import { slaCompliance } from "../sla/sla-reports.service.js";
import { elapsedShare, type ResolvedPeriod } from "./periods.js";
import type { MeasuredStageRate } from "./stage-win-rates.js";

/** Whose number: the workspace (revenue team), a team, a pod or a member. */
export interface GoalScope {
  ownerKind: GoalOwnerKind;
  team: string | null;
  podId: string | null;
  memberId: string | null;
}

export interface Measured {
  value: number;
  /** Cases behind a rate. */
  of: number | null;
}

/** Deals won, deals open by stage, for revenue forecasts. */
interface DealNumbers {
  won: number;
  wonDeals: number;
  created: number;
  open: Record<OpenDealStage, { amount: number; deals: number }>;
}

/** The forecast category of an open stage, as revenue teams use them. */
const CATEGORY_OF_STAGE: Record<OpenDealStage, "pipeline" | "best_case" | "commit"> = {
  discovery: "pipeline",
  qualification: "pipeline",
  proposal: "best_case",
  negotiation: "commit",
};

const STAGE_OF: Record<"mqls" | "sals" | "sqls", "mql" | "sal" | "sql"> = {
  mqls: "mql",
  sals: "sal",
  sqls: "sql",
};

/** A key for a scope's number: "all", "team:sales", "pod:<id>", "member:<id>". */
export function scopeKey(s: GoalScope, metric: GoalMetric): string {
  if (s.ownerKind === "pod") return `pod:${s.podId}`;
  if (s.ownerKind === "member") return `member:${s.memberId}`;
  // Teams share the workspace's number, except for touches (a team's own kind of touches).
  if (s.ownerKind === "team" && metric === "touches") return `team:${s.team}`;
  return "all";
}

/** The members of each pod (active pods), for the numbers of a pod's members. */
async function podMembers(db: Db, ws: string, podIds: string[]) {
  if (podIds.length === 0) return new Map<string, string[]>();
  const rows = await queryRows<{ podId: string; memberId: string }>(
    db,
    sql`select pm.pod_id as "podId", pm.member_id as "memberId" from pod_members pm
        where pm.workspace_id = ${ws} and pm.pod_id = any(${uuidArray(podIds)})`,
  );
  const map = new Map<string, string[]>(podIds.map((id) => [id, []]));
  for (const r of rows) map.get(r.podId)?.push(r.memberId);
  return map;
}

/** `owner` (a member id column) as the member, or the members, a row counts for: the owner and the source campaign's owner. */
const memberKeys = (ownerColumn: SQL, campaignColumn: SQL, ws: string) =>
  sql`(select array_remove(array[${ownerColumn}, (select k.owner_member_id from campaigns k
      where k.workspace_id = ${ws} and k.id = ${campaignColumn})], null))`;

interface Request {
  metric: GoalMetric;
  keys: Set<string>;
}

/**
 * Measures every (metric, scope) asked for in a period: the keys of `scopeKey`. Returns numbers by
 * `${metric}|${key}`, and the revenue numbers (won, open by category) for revenue scopes.
 */
export async function measure(
  db: Db,
  caller: Caller,
  period: ResolvedPeriod,
  wanted: { metric: GoalMetric; scope: GoalScope }[],
): Promise<{ values: Map<string, Measured>; deals: Map<string, DealNumbers> }> {
  const ws = caller.workspaceId;
  const byMetric = new Map<GoalMetric, Request>();
  for (const w of wanted) {
    const r = byMetric.get(w.metric) ?? { metric: w.metric, keys: new Set<string>() };
    r.keys.add(scopeKey(w.scope, w.metric));
    byMetric.set(w.metric, r);
  }
  const values = new Map<string, Measured>();
  const deals = new Map<string, DealNumbers>();
  const allPods = [
    ...new Set(
      [...byMetric.values()].flatMap((r) =>
        [...r.keys].filter((k) => k.startsWith("pod:")).map((k) => k.slice(4)),
      ),
    ),
  ];
  const podMap = await podMembers(db, ws, allPods);
  const start = period.start.toISOString();
  const end = period.end.toISOString();
  // The workspace's stage entries, read once for MQLs, SALs and SQLs alike.
  let workspaceEntries: ReturnType<typeof countStageEntries> | null = null;
  const entriesOfEveryone = () => {
    workspaceEntries ??= countStageEntries(db, ws, period.start, period.end);
    return workspaceEntries;
  };

  const split = (keys: Set<string>) => ({
    all: keys.has("all"),
    teams: [...keys].filter((k) => k.startsWith("team:")).map((k) => k.slice(5)),
    pods: [...keys].filter((k) => k.startsWith("pod:")).map((k) => k.slice(4)),
    members: [...keys].filter((k) => k.startsWith("member:")).map((k) => k.slice(7)),
  });
  /** Members -> their number, summed into each pod of its members (a member counts once per pod). */
  const podSums = (perMember: Map<string, Measured>, pods: string[]) => {
    const result = new Map<string, Measured>();
    for (const pod of pods) {
      let value = 0;
      let of = 0;
      let hasOf = false;
      for (const m of podMap.get(pod) ?? []) {
        const v = perMember.get(m);
        if (!v) continue;
        value += v.value;
        if (v.of !== null) {
          of += v.of;
          hasOf = true;
        }
      }
      result.set(pod, { value, of: hasOf ? of : null });
    }
    return result;
  };

  await Promise.all(
    [...byMetric.values()].map(async ({ metric, keys }) => {
      const s = split(keys);
      const set = (key: string, m: Measured) => values.set(`${metric}|${key}`, m);
      const podMemberIds = [...new Set(s.pods.flatMap((p) => podMap.get(p) ?? []))];
      const memberIds = [...new Set([...s.members, ...podMemberIds])];

      if (metric === "mqls" || metric === "sals" || metric === "sqls") {
        const stage = STAGE_OF[metric];
        if (s.all)
          set("all", {
            value: (await entriesOfEveryone())[stage] ?? 0,
            of: null,
          });
        // A pod's contacts: the funnel's pod filter (the same count as Reports → Funnel for the pod).
        for (const pod of s.pods) {
          const n = await countStageEntries(
            db,
            ws,
            period.start,
            period.end,
            sql`${contactPodSql} = ${pod}::uuid`,
          );
          set(`pod:${pod}`, { value: n[stage] ?? 0, of: null });
        }
        if (s.members.length > 0) {
          const rows = await queryRows<{ member: string; n: number }>(
            db,
            sql`select m.member::text as member, count(distinct s.contact_id)::int as n
                from lifecycle_stage_changes s
                join contacts c on c.workspace_id = s.workspace_id and c.id = s.contact_id
                cross join lateral unnest(${memberKeys(sql`c.owner_member_id`, sql`c.source_campaign_id`, ws)}) as m(member)
                where s.workspace_id = ${ws} and s.to_stage = ${stage}::lifecycle_stage
                  and s.changed_at >= ${start}::timestamptz and s.changed_at < ${end}::timestamptz
                  and m.member = any(${uuidArray(s.members)})
                group by 1`,
          );
          const found = new Map(rows.map((r) => [r.member, r.n]));
          for (const m of s.members) set(`member:${m}`, { value: found.get(m) ?? 0, of: null });
        }
        return;
      }

      if (metric === "revenue_won" || metric === "pipeline_created") {
        const record = (key: string, n: DealNumbers) => {
          set(key, { value: metric === "revenue_won" ? n.won : n.created, of: null });
          if (metric === "revenue_won") deals.set(key, n);
        };
        // The workspace's and each pod's deals are counted once each, even when two members share one.
        if (s.all) record("all", (await dealNumbers(db, ws, period, metric, null)).get("") ?? noDeals());
        for (const pod of s.pods)
          record(
            `pod:${pod}`,
            (await dealNumbers(db, ws, period, metric, podMap.get(pod) ?? [])).get("") ?? noDeals(),
          );
        if (s.members.length) {
          const per = await dealNumbers(db, ws, period, metric, s.members, true);
          for (const m of s.members) record(`member:${m}`, per.get(m) ?? noDeals());
        }
        return;
      }

      if (metric === "touches") {
        const typed = await queryRows<{ key: string; team: string; n: number }>(
          db,
          sql`select ${memberIds.length ? sql`coalesce(t.member_id::text, '')` : sql`''`} as key, t.team::text as team, count(*)::int as n
              from touches t
              where t.workspace_id = ${ws} and t.occurred_at >= ${start}::timestamptz and t.occurred_at < ${end}::timestamptz
                ${!s.all && s.teams.length === 0 ? sql`and t.member_id = any(${uuidArray(memberIds)})` : sql``}
              group by 1, 2`,
        );
        if (s.all) set("all", { value: typed.reduce((a, r) => a + r.n, 0), of: null });
        for (const team of s.teams)
          set(`team:${team}`, {
            value: typed.filter((r) => r.team === team).reduce((a, r) => a + r.n, 0),
            of: null,
          });
        const perMember = new Map<string, Measured>();
        for (const m of memberIds)
          perMember.set(m, {
            value: typed.filter((r) => r.key === m).reduce((a, r) => a + r.n, 0),
            of: null,
          });
        for (const m of s.members) set(`member:${m}`, perMember.get(m) as Measured);
        for (const [pod, v] of podSums(perMember, s.pods)) set(`pod:${pod}`, v);
        return;
      }

      if (metric === "sla_compliance") {
        // The SLA compliance report itself: by team for the workspace, by rep for members, by pod for pods.
        const query = (by: "team" | "rep" | "pod") =>
          slaCompliance(db, caller, { from: period.from, to: period.to, by });
        const sum = (row: { commitments: { met: number; breached: number }[] } | undefined): Measured => {
          const met = row?.commitments.reduce((a, c) => a + c.met, 0) ?? 0;
          const breached = row?.commitments.reduce((a, c) => a + c.breached, 0) ?? 0;
          return { value: met + breached > 0 ? met / (met + breached) : 0, of: met + breached };
        };
        if (s.all) {
          const report = await query("team");
          set("all", sum(report.sales[0]));
        }
        if (s.members.length) {
          const report = await query("rep");
          for (const m of s.members) set(`member:${m}`, sum(report.sales.find((r) => r.key === m)));
        }
        if (s.pods.length) {
          const report = await query("pod");
          for (const pod of s.pods) set(`pod:${pod}`, sum(report.sales.find((r) => r.key === pod)));
        }
        return;
      }

      if (metric === "acceptance_rate") {
        const rows = await queryRows<{ key: string; accepted: number; rejected: number }>(
          db,
          sql`select k.key, count(*) filter (where d.decision = 'accepted')::int as accepted,
                count(*) filter (where d.decision = 'rejected')::int as rejected
              from lead_decisions d
              cross join lateral (
                select 'all' as key
                ${
                  s.pods.length
                    ? sql`union all select 'pod:' || p.pod::text from contacts c
                  cross join lateral (select ${contactPodSql} as pod) p
                  where c.workspace_id = d.workspace_id and c.id = d.contact_id and p.pod = any(${uuidArray(s.pods)})`
                    : sql``
                }
                ${
                  s.members.length
                    ? sql`union all select 'member:' || m.member::text
                  from unnest(${memberKeys(sql`d.member_id`, sql`d.campaign_id`, ws)}) as m(member)
                  where m.member = any(${uuidArray(s.members)})`
                    : sql``
                }
              ) k
              where d.workspace_id = ${ws} and d.decided_at >= ${start}::timestamptz and d.decided_at < ${end}::timestamptz
              group by 1`,
        );
        for (const key of keys) {
          const r = rows.find((x) => x.key === key);
          const accepted = r?.accepted ?? 0;
          const rejected = r?.rejected ?? 0;
          set(key, { value: acceptanceRate(accepted, rejected) ?? 0, of: accepted + rejected });
        }
        return;
      }
    }),
  );
  return { values, deals };
}

const noDeals = (): DealNumbers => ({
  won: 0,
  wonDeals: 0,
  created: 0,
  open: Object.fromEntries(
    OPEN_DEAL_STAGES.map((stage) => [stage, { amount: 0, deals: 0 }]),
  ) as DealNumbers["open"],
});

/**
 * Deals of the period: won in it (closed_at, else the close date, as attribution dates a win) and open with a
 * close date in it, by stage; or the amounts of deals created in it. Of everyone (members null),
 * of a pod's members together (the deals they own), or of each member (`perMember`, keyed by member id: the
 * deals they own and those their campaigns sourced; "" otherwise).
 */
async function dealNumbers(
  db: Db,
  ws: string,
  period: ResolvedPeriod,
  metric: "revenue_won" | "pipeline_created",
  memberIds: string[] | null,
  perMember = false,
): Promise<Map<string, DealNumbers>> {
  const result = new Map<string, DealNumbers>();
  if (memberIds && memberIds.length === 0) return result;
  const members = memberIds ? uuidArray(memberIds) : null;
  const key = perMember ? sql`m.member::text` : sql`''`;
  const join = perMember
    ? sql`cross join lateral unnest(${memberKeys(sql`o.owner_member_id`, sql`o.source_campaign_id`, ws)}) as m(member)`
    : sql``;
  const whose = !members
    ? sql``
    : perMember
      ? sql`and m.member = any(${members})`
      : // A pod's deals are those its members own: each deal once, so pods never add up to more than the whole.
        sql`and o.owner_member_id = any(${members})`;
  const start = period.start.toISOString();
  const end = period.end.toISOString();
  const wonAt = sql`coalesce(o.closed_at, o.close_date::timestamp at time zone ${period.timeZone})`;
  const rows = await queryRows<{ key: string; category: string; amount: number; deals: number }>(
    db,
    metric === "pipeline_created"
      ? sql`select ${key} as key, 'created' as category, coalesce(sum(o.amount), 0)::float8 as amount, count(*)::int as deals
          from opportunities o ${join}
          where o.workspace_id = ${ws} and o.archived_at is null
            and o.created_at >= ${start}::timestamptz and o.created_at < ${end}::timestamptz ${whose}
          group by 1, 2`
      : sql`select ${key} as key, o.stage as category,
            coalesce(sum(o.amount), 0)::float8 as amount, count(*)::int as deals
          from opportunities o ${join}
          where o.workspace_id = ${ws} and o.archived_at is null
            and ((o.stage = 'closed_won' and ${wonAt} >= ${start}::timestamptz and ${wonAt} < ${end}::timestamptz)
              or (o.stage not in ('closed_won', 'closed_lost')
                and o.close_date >= ${period.from}::date and o.close_date < ${period.to}::date))
            ${whose}
          group by 1, 2`,
  );
  for (const r of rows) {
    const n = result.get(r.key) ?? noDeals();
    result.set(r.key, n);
    if (r.category === "created") n.created = r.amount;
    else if (r.category === "closed_won") {
      n.won = r.amount;
      n.wonDeals = r.deals;
    } else n.open[r.category as OpenDealStage] = { amount: r.amount, deals: r.deals };
  }
  return result;
}

/** Progress of one goal from its measured number: share, hit, run rate and (revenue) the weighted forecast. */
export function progressOf(
  metric: GoalMetric,
  target: number,
  measured: Measured,
  deals: DealNumbers | undefined,
  stageRates: MeasuredStageRate[] | null,
  period: ResolvedPeriod,
  minimumSample: number,
  now: Date,
): GoalProgress {
  const unit = GOAL_METRIC_UNITS[metric];
  const elapsed = elapsedShare(period, now);
  if (unit === "share") {
    const of = measured.of ?? 0;
    const judged = enoughToJudge(of, minimumSample);
    const rate = of > 0 ? measured.value : null;
    return {
      actual: measured.value,
      of,
      judged,
      share: target > 0 ? measured.value / target : 0,
      hit: judged && rate !== null && rate >= target,
      runRate: rate,
      weighted: null,
      forecast: rate,
      categories: null,
      stageRates: null,
    };
  }
  const actual = measured.value;
  const runRate = elapsed >= 1 ? actual : elapsed > 0 ? actual / elapsed : null;
  let weighted: number | null = null;
  let categories: GoalProgress["categories"] = null;
  let weightedStages: GoalProgress["stageRates"] = null;
  if (metric === "revenue_won" && deals) {
    // Each open stage's deals × that stage's measured win rate; a stage holding deals without a rate leaves
    // the weighted forecast unknown (the run rate is shown instead).
    weightedStages = OPEN_DEAL_STAGES.map((stage) => {
      const measuredRate = stageRates?.find((r) => r.stage === stage);
      const open = deals.open[stage];
      const rate = measuredRate?.rate ?? null;
      return {
        stage,
        won: measuredRate?.won ?? 0,
        of: measuredRate?.of ?? 0,
        rate,
        openAmount: open.amount,
        openDeals: open.deals,
        weighted: open.deals === 0 ? 0 : rate === null ? null : open.amount * rate,
      };
    });
    const unknown = weightedStages.some((s) => s.weighted === null);
    weighted =
      elapsed >= 1
        ? actual
        : unknown
          ? null
          : actual + weightedStages.reduce((sum, s) => sum + (s.weighted ?? 0), 0);
    const inCategory = (category: "pipeline" | "best_case" | "commit") => {
      const stages = OPEN_DEAL_STAGES.filter((stage) => CATEGORY_OF_STAGE[stage] === category);
      return {
        amount: stages.reduce((sum, stage) => sum + deals.open[stage].amount, 0),
        deals: stages.reduce((sum, stage) => sum + deals.open[stage].deals, 0),
      };
    };
    categories = [
      { category: "pipeline", ...inCategory("pipeline") },
      { category: "best_case", ...inCategory("best_case") },
      { category: "commit", ...inCategory("commit") },
      { category: "closed_won", amount: deals.won, deals: deals.wonDeals },
    ];
  }
  return {
    actual,
    of: null,
    judged: true,
    share: target > 0 ? actual / target : 0,
    hit: actual >= target,
    runRate,
    weighted,
    forecast: weighted ?? runRate,
    categories,
    stageRates: weightedStages,
  };
}
