// A meeting's agenda, built from the live reports for the period since the last meeting: every number is
// asked of the service that answers the report's own route (SLA compliance, the funnel, lead feedback, the
// objection log, goals, content requests), never counted again here. Once the meeting is held, its agenda
// is the snapshot stored then.
import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { periodContaining } from "../../../shared/goals.js";
import { type Agenda, agendaSchema } from "../../../shared/rituals.js";
import type { Db } from "../../db/client.js";
import type { Caller } from "../../lib/access.js";
import { listContentRequests, listObjections, objectionFrequencies } from "../feedback/asks.service.js";
import { decisionSummary } from "../feedback/feedback.service.js";
import { listGoals } from "../goals/goals.service.js";
import { funnelReport } from "../reports/funnel.service.js";
import { slaCompliance } from "../sla/sla-reports.service.js";
import { actionItems, findOccurrence, type OccurrenceRow, previousOccurrence } from "./occurrences.js";
import { daysBefore, daysBetween, previousDate } from "./schedule.js";

/** The agenda's period: since the last meeting (or one step of the rule back) up to the meeting's day. */
export async function agendaPeriod(db: Db, ws: string, o: OccurrenceRow) {
  const previous = await previousOccurrence(db, ws, o.seriesId, o.date);
  const from = previous?.date ?? previousDate(o.series, o.date);
  const to = o.date;
  return {
    from,
    to,
    previousFrom: daysBefore(from, daysBetween(from, to)),
    previousTo: from,
    timeZone: o.series.timeZone,
  };
}

/** How the objection log groups wordings (as objectionKeySql): case and spacing aside. */
const objectionKey = (text: string) => text.trim().replace(/\s+/g, " ").toLowerCase();

/** The agenda as the reports answer now. */
export async function liveAgenda(
  db: Db,
  caller: Caller,
  o: OccurrenceRow,
  now = new Date(),
): Promise<Agenda> {
  const ws = caller.workspaceId;
  const period = await agendaPeriod(db, ws, o);
  const start = DateTime.fromISO(period.from, { zone: period.timeZone }).toJSDate();
  const end = DateTime.fromISO(period.to, { zone: period.timeZone }).toJSDate();
  const goalPeriod = periodContaining(o.date, "quarter");
  const [sla, funnel, previousFunnel, decisions, objections, frequencies, goals, requests, carried] =
    await Promise.all([
      slaCompliance(db, caller, { from: period.from, to: period.to, by: "team" }, now),
      funnelReport(db, ws, { from: period.from, to: period.to }, now),
      funnelReport(db, ws, { from: period.previousFrom, to: period.previousTo }, now),
      decisionSummary(db, ws, "source", {
        since: sql`${start.toISOString()}::timestamptz`,
        until: sql`${end.toISOString()}::timestamptz`,
      }),
      listObjections(db, caller),
      objectionFrequencies(db, ws),
      listGoals(db, caller, goalPeriod, now),
      listContentRequests(db, caller),
      actionItems(
        db,
        ws,
        sql`i.series_id = ${o.seriesId}::uuid and o.date < ${o.date}::date and i.done_at is null`,
      ),
    ]);

  const reasons = new Map<string, { reason: string; label: string; count: number }>();
  for (const group of decisions)
    for (const r of group.reasons) {
      const seen = reasons.get(r.reason) ?? { ...r, count: 0 };
      seen.count += r.count;
      reasons.set(r.reason, seen);
    }

  const heard = new Map<
    string,
    { personaId: string | null; personaName: string; text: string; count: number }
  >();
  for (const x of objections.items) {
    const at = new Date(x.heardAt);
    if (at < start || at >= end) continue;
    const key = `${x.personaId ?? ""}|${objectionKey(x.text)}`;
    const seen = heard.get(key) ?? {
      personaId: x.personaId,
      personaName: x.personaName ?? "No persona",
      text: x.text,
      count: 0,
    };
    seen.count += 1;
    heard.set(key, seen);
  }
  const ever = new Map(frequencies.map((f) => [`${f.personaId ?? ""}|${f.key}`, f]));

  const agenda: Agenda = {
    occurrenceId: o.id,
    state: "live",
    computedAt: now.toISOString(),
    period,
    sla: {
      slaVersion: sla.slaVersion,
      sales: (sla.sales[0]?.commitments ?? []).map((c) => ({
        commitment: c.commitment,
        label: c.label,
        met: c.met,
        breached: c.breached,
        open: c.open,
        compliance: c.compliance,
        judged: c.judged,
      })),
      marketing: {
        mqlsDelivered: sla.marketing.mqlsDelivered,
        mqlsCommitted: sla.marketing.mqlsCommitted,
        pipelineCreated: sla.marketing.pipelineCreated,
        pipelineCommitted: sla.marketing.pipelineCommitted,
        accepted: sla.marketing.accepted,
        rejected: sla.marketing.rejected,
        rejectionRate: sla.marketing.rejectionRate,
        maxRejectionRate: sla.marketing.maxRejectionRate,
      },
    },
    funnel: funnel.stages.map(({ stage, label }) => ({
      stage,
      label,
      current: funnel.entered[stage],
      previous: previousFunnel.entered[stage],
      change: funnel.entered[stage] - previousFunnel.entered[stage],
    })),
    rejectReasons: {
      accepted: decisions.reduce((n, g) => n + g.accepted, 0),
      rejected: decisions.reduce((n, g) => n + g.rejected, 0),
      reasons: [...reasons.values()]
        .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label))
        .slice(0, 5),
    },
    objections: [...heard.entries()]
      .map(([key, h]) => ({
        personaName: h.personaName,
        text: ever.get(key)?.text ?? h.text,
        count: h.count,
        totalCount: ever.get(key)?.count ?? h.count,
        answered: ever.get(key)?.answered ?? false,
      }))
      .sort((a, b) => b.count - a.count || a.text.localeCompare(b.text))
      .slice(0, 10),
    goals: {
      period: goals.period.period,
      label: goals.period.label,
      items: goals.items
        .filter((g) => g.ownerKind === "revenue" || g.ownerKind === "team")
        .map((g) => ({
          id: g.id,
          title: g.title,
          metric: g.metric,
          unit: g.unit,
          target: g.target,
          actual: g.progress.actual,
          share: g.progress.share,
          hit: g.progress.hit,
        })),
    },
    contentRequests: requests.items
      .filter((r) => r.status === "new" || r.status === "in_progress")
      .map((r) => ({ id: r.id, title: r.title, status: r.status, dueDate: r.dueDate ?? null })),
    carriedOver: carried,
  };
  return agenda;
}

/** A held meeting's stored agenda; an upcoming one's, live. */
export async function occurrenceAgenda(db: Db, caller: Caller, o: OccurrenceRow, now = new Date()) {
  if (o.heldAt && o.agenda) return { ...agendaSchema.parse(o.agenda), state: "frozen" as const };
  return liveAgenda(db, caller, o, now);
}

export async function getAgenda(db: Db, caller: Caller, id: string, now = new Date()) {
  return occurrenceAgenda(db, caller, await findOccurrence(db, caller.workspaceId, id), now);
}
