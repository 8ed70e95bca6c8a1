// Alignment health: the cause, not the symptom. A monthly pulse survey (five statements scored 1-5) answered
// anonymously, and signals from the data: sales' SLA compliance, marketing's MQLs delivered against the SLA,
// the MQL acceptance rate, how long a rejection waits for its campaign to change, and recognition across
// teams. Each month's judged signals average into an alignment index (0-100) with a trend; the weakest
// signal is named.
//
// Anonymity: who answered (pulse_responses) and what was answered (pulse_answers: no member, no time, a
// random id) are stored apart and never joined. A round's results are shown only once its month has ended
// and only with at least three answers, so no answer can be singled out, not even by watching the average
// move while the round is open. No route returns an answer on its own.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import {
  type Alignment,
  PULSE_MIN_ANSWERS,
  PULSE_STATEMENTS,
  type PulseAnswer,
  SIGNAL_LABELS,
  type Signal,
  type SignalKey,
} from "../../../shared/alignment.js";
import { acceptanceRate } from "../../../shared/feedback.js";
import { enoughToJudge, tooFewToJudge } from "../../../shared/sla.js";
import { type Db, queryRows } from "../../db/client.js";
import type { Caller } from "../../lib/access.js";
import { conflict } from "../../lib/errors.js";
import { countMqlsEntered } from "../lifecycle/lifecycle.service.js";
import { conversion } from "../reports/funnel.service.js";
import { workspaceTimeZone } from "../reports/report-filters.js";
import { activeSla, minimumSampleOf } from "../sla/sla-agreement.service.js";
import { slaCompliance } from "../sla/sla-reports.service.js";

const MONTHS = 6;
/** A rejection whose campaign has not changed after this many days scores 0 on latency. */
export const LATENCY_ZERO_DAYS = 30;

const monthLabel = (m: DateTime) => m.setLocale("en-US").toFormat("LLL yyyy");

function roundOf(timeZone: string, now: Date) {
  const start = DateTime.fromJSDate(now, { zone: timeZone }).startOf("month");
  return { round: start.toFormat("yyyy-MM"), label: start.setLocale("en-US").toFormat("LLLL yyyy") };
}

// ---------------------------------------------------------------------------------------------------------
// The pulse.

export async function pulseRound(db: Db, caller: Caller, now = new Date()) {
  const ws = caller.workspaceId;
  const { round, label } = roundOf(await workspaceTimeZone(db, ws), now);
  const [row] = await queryRows<{ answers: number; answered: boolean }>(
    db,
    sql`select (select count(*)::int from pulse_answers where workspace_id = ${ws} and round = ${round}) as answers,
          exists (select 1 from pulse_responses where workspace_id = ${ws} and round = ${round}
            and member_id = ${caller.memberId}::uuid) as answered`,
  );
  return {
    round,
    label,
    answered: row?.answered ?? false,
    answers: row?.answers ?? 0,
    statements: PULSE_STATEMENTS.map((s) => ({ key: s.key, text: s.text })),
  };
}

/** Records an answer for this month's round: once per member, stored apart from who gave it. */
export async function answerPulse(db: Db, caller: Caller, answer: PulseAnswer, now = new Date()) {
  const ws = caller.workspaceId;
  const { round } = roundOf(await workspaceTimeZone(db, ws), now);
  await db.transaction(async (t) => {
    const claimed = await queryRows<{ round: string }>(
      t,
      sql`insert into pulse_responses (workspace_id, round, member_id) values (${ws}, ${round}, ${caller.memberId}::uuid)
          on conflict do nothing returning round`,
    );
    if (claimed.length === 0)
      throw conflict("You have answered this month's pulse already; thank you", "round");
    // A random id (not a time-ordered one): nothing in the row says when, or after whom, it was given.
    await t.execute(
      sql`insert into pulse_answers (workspace_id, id, round, shared_goals, trust, get_what_i_need, same_language, credit_shared)
          values (${ws}, ${randomUUID()}::uuid, ${round}, ${answer.sharedGoals}, ${answer.trust}, ${answer.getWhatINeed},
            ${answer.sameLanguage}, ${answer.creditShared})`,
    );
  });
  return pulseRound(db, caller, now);
}

// ---------------------------------------------------------------------------------------------------------
// The index.

interface Month {
  key: string;
  label: string;
  start: Date;
  end: Date;
  /** Share of the month gone by (1 for ended months). */
  elapsed: number;
  ended: boolean;
}

function monthsBack(timeZone: string, now: Date): Month[] {
  const current = DateTime.fromJSDate(now, { zone: timeZone }).startOf("month");
  return Array.from({ length: MONTHS }, (_, i) => {
    const start = current.minus({ months: MONTHS - 1 - i });
    const end = start.plus({ months: 1 });
    const span = end.toMillis() - start.toMillis();
    return {
      key: start.toFormat("yyyy-MM"),
      label: monthLabel(start),
      start: start.toJSDate(),
      end: end.toJSDate(),
      elapsed: Math.min(1, Math.max(0, (now.getTime() - start.toMillis()) / span)),
      ended: end.toMillis() <= now.getTime(),
    };
  });
}

const signal = (key: SignalKey, s: Omit<Signal, "key" | "label">): Signal => ({
  key,
  label: SIGNAL_LABELS[key],
  ...s,
});

export async function alignmentHealth(db: Db, caller: Caller, now = new Date()): Promise<Alignment> {
  const ws = caller.workspaceId;
  const tz = await workspaceTimeZone(db, ws);
  const months = monthsBack(tz, now);
  const first = months[0];
  const last = months[months.length - 1];
  const from = DateTime.fromJSDate(first.start, { zone: tz }).toISODate() as string;
  const to = DateTime.fromJSDate(last.end, { zone: tz }).toISODate() as string;
  const month = (column: string) => sql`to_char(${sql.raw(column)} at time zone ${tz}, 'YYYY-MM')`;
  const sla = await activeSla(db, ws);
  const minimumSample = minimumSampleOf(sla);

  const [compliance, mqls, decisions, latency, kudos, members, pulse] = await Promise.all([
    // Sales' clocks by month: the SLA compliance report itself.
    slaCompliance(db, caller, { from, to, by: "month" }, now),
    // MQLs delivered by month: the lifecycle's one count.
    Promise.all(months.map((m) => countMqlsEntered(db, ws, m.start, m.end))),
    queryRows<{ month: string; accepted: number; rejected: number }>(
      db,
      sql`select ${month("d.decided_at")} as month, count(*) filter (where d.decision = 'accepted')::int as accepted,
            count(*) filter (where d.decision = 'rejected')::int as rejected
          from lead_decisions d where d.workspace_id = ${ws} and d.decided_at >= ${first.start.toISOString()}::timestamptz
            and d.decided_at < ${last.end.toISOString()}::timestamptz
          group by 1`,
    ),
    // Days from each rejection of a campaign's lead to the campaign's next change (its age so far if none).
    queryRows<{ month: string; median: number | null; rejections: number; changed: number }>(
      db,
      sql`select ${month("d.decided_at")} as month,
            percentile_cont(0.5) within group (order by extract(epoch from coalesce(ch.at, ${now.toISOString()}::timestamptz) - d.decided_at) / 86400)::float8 as median,
            count(*)::int as rejections, count(ch.at)::int as changed
          from lead_decisions d
          left join lateral (
            select min(a.occurred_at) as at from audit_events a
            where a.workspace_id = d.workspace_id and a.entity_type = 'campaign' and a.entity_id = d.campaign_id::text
              and a.action = 'campaign.updated' and a.occurred_at > d.decided_at
          ) ch on true
          where d.workspace_id = ${ws} and d.decision = 'rejected' and d.campaign_id is not null
            and d.decided_at >= ${first.start.toISOString()}::timestamptz and d.decided_at < ${last.end.toISOString()}::timestamptz
          group by 1`,
    ),
    // Members who gave or got kudos across teams (a pod's kudos reach its members).
    queryRows<{ month: string; people: number }>(
      db,
      sql`select x.month, count(distinct x.member)::int as people from (
            select ${month("w.created_at")} as month, unnest(array_remove(array[w.from_member_id, w.to_member_id], null)) as member
            from wall_posts w where w.workspace_id = ${ws} and w.kind = 'kudos' and w.cross_team and w.removed_at is null
              and w.created_at >= ${first.start.toISOString()}::timestamptz and w.created_at < ${last.end.toISOString()}::timestamptz
            union all
            select ${month("w.created_at")}, pm.member_id
            from wall_posts w join pod_members pm on pm.workspace_id = w.workspace_id and pm.pod_id = w.to_pod_id
            where w.workspace_id = ${ws} and w.kind = 'kudos' and w.cross_team and w.removed_at is null
              and w.created_at >= ${first.start.toISOString()}::timestamptz and w.created_at < ${last.end.toISOString()}::timestamptz
          ) x group by 1`,
    ),
    queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from members where workspace_id = ${ws} and removed_at is null`,
    ),
    // Rounds as aggregates only: counts and averages, never a row.
    queryRows<{
      round: string;
      answers: number;
      sharedGoals: number;
      trust: number;
      getWhatINeed: number;
      sameLanguage: number;
      creditShared: number;
    }>(
      db,
      sql`select round, count(*)::int as answers, avg(shared_goals)::float8 as "sharedGoals", avg(trust)::float8 as trust,
            avg(get_what_i_need)::float8 as "getWhatINeed", avg(same_language)::float8 as "sameLanguage",
            avg(credit_shared)::float8 as "creditShared"
          from pulse_answers where workspace_id = ${ws} and round >= ${first.key} and round <= ${last.key}
          group by round`,
    ),
  ]);
  const memberCount = members[0]?.n ?? 0;
  const shown = (r: (typeof pulse)[number] | undefined, m: Month) =>
    !!r && m.ended && r.answers >= PULSE_MIN_ANSWERS;

  const result = months.map((m, i) => {
    const signals: Signal[] = [];
    // Sales' SLA: every commitment's clocks started in the month.
    const row = compliance.sales.find((s) => s.key === m.key);
    const met = row?.commitments.reduce((a, c) => a + c.met, 0) ?? 0;
    const breached = row?.commitments.reduce((a, c) => a + c.breached, 0) ?? 0;
    const salesRate = conversion(met, met + breached, minimumSample);
    signals.push(
      signal("sales_sla", {
        score: salesRate.rate,
        judged: salesRate.judged,
        detail:
          met + breached === 0
            ? "No SLA clock decided yet"
            : `${met} of ${met + breached} clocks met${salesRate.judged ? "" : `, ${tooFewToJudge(met + breached, minimumSample)}`}`,
        rate: salesRate,
      }),
    );
    // Marketing's SLA: MQLs delivered against the commitment (so far in the current month).
    const committed = sla ? sla.terms.marketing.mqlsPerMonth * m.elapsed : null;
    const delivered = mqls[i] ?? 0;
    signals.push(
      signal("marketing_sla", {
        score: committed ? Math.min(1, delivered / committed) : null,
        judged: committed !== null && committed > 0,
        detail:
          committed === null
            ? "No SLA in force"
            : `${delivered} of ${Math.round(committed)} MQLs committed${m.ended ? "" : " so far"}`,
        rate: null,
      }),
    );
    const d = decisions.find((x) => x.month === m.key);
    const accepted = d?.accepted ?? 0;
    const rejected = d?.rejected ?? 0;
    const acceptance = conversion(accepted, accepted + rejected, minimumSample);
    signals.push(
      signal("acceptance", {
        score: acceptanceRate(accepted, rejected),
        judged: acceptance.judged,
        detail:
          accepted + rejected === 0
            ? "No MQL decided yet"
            : `${accepted} of ${accepted + rejected} MQLs accepted${acceptance.judged ? "" : `, ${tooFewToJudge(accepted + rejected, minimumSample)}`}`,
        rate: acceptance,
      }),
    );
    const l = latency.find((x) => x.month === m.key);
    signals.push(
      signal("feedback_latency", {
        score: l?.median == null ? null : Math.max(0, 1 - l.median / LATENCY_ZERO_DAYS),
        judged: !!l && enoughToJudge(l.rejections, minimumSample),
        detail: !l
          ? "No rejected lead from a campaign"
          : `median ${Math.round((l.median ?? 0) * 10) / 10} days from a rejection to a change of its campaign (${l.rejections} rejections, ${l.changed} followed by a change)${enoughToJudge(l.rejections, minimumSample) ? "" : `, ${tooFewToJudge(l.rejections, minimumSample)}`}`,
        rate: null,
      }),
    );
    const k = kudos.find((x) => x.month === m.key);
    signals.push(
      signal("cross_team_kudos", {
        score: memberCount > 0 ? Math.min(1, (k?.people ?? 0) / memberCount) : null,
        judged: memberCount > 0,
        detail: `${k?.people ?? 0} of ${memberCount} members gave or got kudos across teams`,
        rate: null,
      }),
    );
    const p = pulse.find((x) => x.round === m.key);
    const visible = shown(p, m);
    const mean = p
      ? (p.sharedGoals + p.trust + p.getWhatINeed + p.sameLanguage + p.creditShared) / PULSE_STATEMENTS.length
      : null;
    signals.push(
      signal("pulse", {
        score: visible && mean !== null ? (mean - 1) / 4 : null,
        judged: visible,
        detail: !p
          ? "No answers"
          : !m.ended
            ? `${p.answers} answer${p.answers === 1 ? "" : "s"} so far; results when the month ends`
            : visible
              ? `average ${Math.round((mean ?? 0) * 10) / 10} of 5 (${p.answers} answers)`
              : `${p.answers} answer${p.answers === 1 ? "" : "s"}: fewer than ${PULSE_MIN_ANSWERS}, not shown`,
        rate: null,
      }),
    );
    const judged = signals.filter((s) => s.judged && s.score !== null);
    return {
      month: m.key,
      label: m.label,
      index: judged.length
        ? Math.round((judged.reduce((a, s) => a + (s.score as number), 0) / judged.length) * 1000) / 10
        : null,
      signals,
    };
  });
  const current = result[result.length - 1];
  const weakestOf = (m: (typeof result)[number]) =>
    m.signals
      .filter((s) => s.judged && s.score !== null)
      .sort((a, b) => (a.score as number) - (b.score as number))[0];
  const weakMonth = weakestOf(current) ? current : result[result.length - 2];
  const weak = weakMonth ? weakestOf(weakMonth) : undefined;
  const lastRound = [...months].reverse().find((m) =>
    shown(
      pulse.find((p) => p.round === m.key),
      m,
    ),
  );
  const lastPulse = lastRound ? pulse.find((p) => p.round === lastRound.key) : undefined;
  return {
    minimumSample,
    months: result,
    current,
    weakest:
      weak && weakMonth
        ? { key: weak.key, label: weak.label, score: weak.score as number, month: weakMonth.month }
        : null,
    pulse:
      lastRound && lastPulse
        ? {
            round: lastRound.key,
            label: lastRound.label,
            answers: lastPulse.answers,
            statements: PULSE_STATEMENTS.map((s) => ({
              key: s.key,
              text: s.text,
              average: Math.round(lastPulse[s.key] * 100) / 100,
            })),
          }
        : null,
  };
}
