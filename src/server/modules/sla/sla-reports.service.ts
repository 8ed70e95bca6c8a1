// The SLA's reports: both teams' commitments side by side for a period (sales: clocks met and breached by
// rep, pod, team or month; marketing: MQLs delivered and pipeline created against what was committed, and
// the rejection rate against its ceiling), and the speed-to-lead distribution.
import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import type { z } from "zod";
import {
  type ComplianceReport,
  type complianceQuerySchema,
  enoughToJudge,
  SLA_COMMITMENT_LABELS,
  SLA_COMMITMENTS,
  type SlaCommitment,
  type SlaTerms,
  type speedToLeadQuerySchema,
} from "../../../shared/sla.js";
import { type Db, queryRows } from "../../db/client.js";
import type { Caller } from "../../lib/access.js";
import { businessMillisBetween } from "../../lib/business-hours.js";
import { countMqlsEntered } from "../lifecycle/lifecycle.service.js";
import { activeSla, minimumSampleOf } from "./sla-agreement.service.js";

/** How much of a calendar unit (month or quarter) [from, to) covers, summed: a whole month is 1. */
export function periodFraction(from: string, to: string, unit: "month" | "quarter"): number {
  let cursor = DateTime.fromISO(from, { zone: "UTC" });
  const end = DateTime.fromISO(to, { zone: "UTC" });
  let total = 0;
  while (cursor < end) {
    const unitStart = cursor.startOf(unit);
    const unitEnd = unitStart.plus(unit === "month" ? { months: 1 } : { months: 3 });
    const stop = unitEnd < end ? unitEnd : end;
    total += stop.diff(cursor, "days").days / unitEnd.diff(unitStart, "days").days;
    cursor = stop;
  }
  return total;
}

async function periodBounds(db: Db, workspaceId: string, from: string, to: string) {
  const [row] = await queryRows<{ tz: string }>(
    db,
    sql`select time_zone as tz from workspaces where id = ${workspaceId}`,
  );
  const tz = row?.tz ?? "UTC";
  // Days are the workspace's days: a period starts at local midnight.
  const start = DateTime.fromISO(from, { zone: tz }).toJSDate();
  const end = DateTime.fromISO(to, { zone: tz }).toJSDate();
  return { tz, start, end };
}

export async function slaCompliance(
  db: Db,
  caller: Caller,
  query: z.output<typeof complianceQuerySchema>,
  now = new Date(),
): Promise<ComplianceReport> {
  const ws = caller.workspaceId;
  const { tz, start, end } = await periodBounds(db, ws, query.from, query.to);
  const sla = await activeSla(db, ws);
  const minimumSample = minimumSampleOf(sla);
  const key = {
    rep: sql`k.member_id::text`,
    pod: sql`k.pod_id::text`,
    team: sql`'sales'`,
    month: sql`to_char(k.started_at at time zone ${tz}, 'YYYY-MM')`,
  }[query.by];
  const label = {
    rep: sql`coalesce(u.name, 'Waiting for an owner')`,
    pod: sql`coalesce(p.name, 'No pod')`,
    team: sql`'Sales team'`,
    month: sql`to_char(k.started_at at time zone ${tz}, 'YYYY-MM')`,
  }[query.by];
  const rows = await queryRows<{
    key: string | null;
    label: string;
    commitment: SlaCommitment;
    started: number;
    met: number;
    breached: number;
    open: number;
  }>(
    db,
    sql`select ${key} as key, min(${label}) as label, k.commitment, count(*)::int as started,
          count(*) filter (where k.status = 'met')::int as met,
          count(*) filter (where k.status = 'breached')::int as breached,
          count(*) filter (where k.status in ('waiting', 'running'))::int as open
        from sla_clocks k
        left join members m on m.workspace_id = k.workspace_id and m.id = k.member_id
        left join users u on u.id = m.user_id
        left join pods p on p.workspace_id = k.workspace_id and p.id = k.pod_id
        where k.workspace_id = ${ws} and k.started_at >= ${start.toISOString()}::timestamptz
          and k.started_at < ${end.toISOString()}::timestamptz and k.status <> 'cancelled'
        group by 1, k.commitment
        order by 2, 1`,
  );
  // The wait for an owner, per group: only clocks whose owner came later than the MQL (or not yet).
  const waits = await queryRows<{
    key: string | null;
    startedAt: string;
    ownerSince: string | null;
    terms: SlaTerms;
  }>(
    db,
    sql`select ${key} as key, k.started_at as "startedAt",
          coalesce(k.owner_since, k.completed_at, case when k.status = 'cancelled' then k.updated_at end) as "ownerSince", v.terms
        from sla_clocks k join sla_versions v on v.workspace_id = k.workspace_id and v.id = k.sla_version_id
        where k.workspace_id = ${ws} and k.commitment = 'accept' and k.status <> 'cancelled'
          and k.started_at >= ${start.toISOString()}::timestamptz and k.started_at < ${end.toISOString()}::timestamptz
          and k.owner_since is distinct from k.started_at`,
  );
  const systemDelay = new Map<string | null, number>();
  for (const w of waits) {
    const ms = businessMillisBetween(
      new Date(w.startedAt),
      w.ownerSince ? new Date(w.ownerSince) : now,
      w.terms.calendar,
    );
    systemDelay.set(w.key, (systemDelay.get(w.key) ?? 0) + ms);
  }
  const groups = new Map<string | null, { key: string | null; label: string }>();
  for (const r of rows) if (!groups.has(r.key)) groups.set(r.key, { key: r.key, label: r.label });
  const sales = [...groups.values()].map((g) => ({
    ...g,
    commitments: SLA_COMMITMENTS.map((commitment) => {
      const r = rows.find((x) => x.key === g.key && x.commitment === commitment);
      const met = r?.met ?? 0;
      const breached = r?.breached ?? 0;
      return {
        commitment,
        label: SLA_COMMITMENT_LABELS[commitment],
        started: r?.started ?? 0,
        met,
        breached,
        open: r?.open ?? 0,
        compliance: met + breached > 0 ? met / (met + breached) : null,
        judged: enoughToJudge(met + breached, minimumSample),
      };
    }),
    systemDelayMs: systemDelay.get(g.key) ?? 0,
  }));

  const mqlsEntered = await countMqlsEntered(db, ws, start, end);
  const [marketing] = await queryRows<{
    pipeline: number;
    accepted: number;
    rejected: number;
  }>(
    db,
    sql`select
          (select coalesce(sum(amount), 0)::float8 from opportunities
            where workspace_id = ${ws} and archived_at is null and created_at >= ${start.toISOString()}::timestamptz
              and created_at < ${end.toISOString()}::timestamptz) as pipeline,
          (select count(*)::int from lead_decisions where workspace_id = ${ws} and decision = 'accepted'
            and decided_at >= ${start.toISOString()}::timestamptz and decided_at < ${end.toISOString()}::timestamptz) as accepted,
          (select count(*)::int from lead_decisions where workspace_id = ${ws} and decision = 'rejected'
            and decided_at >= ${start.toISOString()}::timestamptz and decided_at < ${end.toISOString()}::timestamptz) as rejected`,
  );
  const decided = marketing.accepted + marketing.rejected;
  return {
    from: query.from,
    to: query.to,
    by: query.by,
    slaVersion: sla?.version ?? null,
    minimumSample,
    sales,
    marketing: {
      mqlsDelivered: mqlsEntered,
      mqlsCommitted: sla
        ? round(sla.terms.marketing.mqlsPerMonth * periodFraction(query.from, query.to, "month"))
        : null,
      pipelineCreated: marketing.pipeline,
      pipelineCommitted: sla
        ? round(sla.terms.marketing.pipelinePerQuarter * periodFraction(query.from, query.to, "quarter"))
        : null,
      accepted: marketing.accepted,
      rejected: marketing.rejected,
      rejectionRate: decided > 0 ? marketing.rejected / decided : null,
      maxRejectionRate: sla?.terms.marketing.maxRejectionRate ?? null,
      rejectionJudged: sla !== null && enoughToJudge(decided, minimumSample),
    },
  };
}

const round = (n: number) => Math.round(n * 100) / 100;

const SPEED_BUCKETS = [
  { label: "5 minutes or less", upToMinutes: 5 },
  { label: "Up to 1 hour", upToMinutes: 60 },
  { label: "Up to 4 hours", upToMinutes: 240 },
  { label: "Up to 8 business hours", upToMinutes: 480 },
  { label: "Up to 24 business hours", upToMinutes: 1440 },
  { label: "Longer", upToMinutes: null },
];

const median = (xs: number[]) => quantile(xs, 0.5);
function quantile(xs: number[], q: number): number | null {
  if (xs.length === 0) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return round(sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo));
}

/** Business minutes from MQL to the first sales touch, for MQLs of the period (first-touch clocks). */
export async function speedToLead(db: Db, caller: Caller, query: z.output<typeof speedToLeadQuerySchema>) {
  const { start, end } = await periodBounds(db, caller.workspaceId, query.from, query.to);
  const rows = await queryRows<{
    startedAt: string;
    ownerSince: string | null;
    completedAt: string | null;
    terms: SlaTerms;
  }>(
    db,
    sql`select k.started_at as "startedAt", k.owner_since as "ownerSince", k.completed_at as "completedAt", v.terms
        from sla_clocks k join sla_versions v on v.workspace_id = k.workspace_id and v.id = k.sla_version_id
        where k.workspace_id = ${caller.workspaceId} and k.commitment = 'first_touch' and k.status <> 'cancelled'
          and k.started_at >= ${start.toISOString()}::timestamptz and k.started_at < ${end.toISOString()}::timestamptz`,
  );
  const total: number[] = [];
  const system: number[] = [];
  const rep: number[] = [];
  let untouched = 0;
  for (const r of rows) {
    if (!r.completedAt) {
      untouched++;
      continue;
    }
    const cal = r.terms.calendar;
    const startedAt = new Date(r.startedAt);
    const done = new Date(r.completedAt);
    const owned = r.ownerSince ? new Date(r.ownerSince) : done;
    const waited = businessMillisBetween(startedAt, owned < done ? owned : done, cal) / 60_000;
    const all = businessMillisBetween(startedAt, done, cal) / 60_000;
    total.push(all);
    system.push(waited);
    rep.push(all - waited);
  }
  const buckets = SPEED_BUCKETS.map((b) => ({ ...b, count: 0 }));
  for (const minutes of total) {
    const bucket = buckets.find((b) => b.upToMinutes === null || minutes <= b.upToMinutes)!;
    bucket.count++;
  }
  return {
    buckets,
    untouched,
    touched: total.length,
    medianMinutes: median(total),
    p90Minutes: quantile(total, 0.9),
    medianSystemMinutes: median(system),
    medianRepMinutes: median(rep),
  };
}
