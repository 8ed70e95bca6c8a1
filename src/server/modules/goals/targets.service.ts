// The revenue team's shared target per period, and its reverse funnel: from the target, the average won deal
// and the workspace's measured conversion rates (Reports → Funnel: the same numbers, never computed a second
// way) back to the won deals, opportunities, SQLs, SALs, MQLs and leads each period needs, with every step
// of the calculation in words, what-if inputs, and the pace the funnel runs at now. Proposing the plan
// writes its numbers into an SLA draft that both leads sign as every agreement.
import { and, eq, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import type { z } from "zod";
import { LIFECYCLE_STAGE_LABELS } from "../../../shared/domain.js";
import {
  PLAN_STEPS,
  type Plan,
  type PlanQuery,
  type PlanStage,
  type PlanStepKey,
  type proposeSchema,
  type RevenueTarget,
} from "../../../shared/goals.js";
import { type Conversion, DEFAULT_STALLED_AFTER_DAYS, type FunnelCounts } from "../../../shared/reports.js";
import type { SlaVersion } from "../../../shared/sla.js";
import { type Db, queryRows } from "../../db/client.js";
import { revenueTargets } from "../../db/schema/index.js";
import type { Caller } from "../../lib/access.js";
import { recordAudit } from "../../lib/audit.js";
import { conflict, notFound } from "../../lib/errors.js";
import { newId } from "../../lib/ids.js";
import { funnelReport } from "../reports/funnel.service.js";
import { workspaceTimeZone } from "../reports/report-filters.js";
import { medianStayDays } from "../reports/velocity.service.js";
import { createSlaDraft, getSlaOverview, updateSlaDraft } from "../sla/sla-agreement.service.js";
import { resolvePeriod, summary } from "./periods.js";

const STAGE_WORDS: Record<PlanStage, [string, string]> = {
  customer: ["won deal", "won deals"],
  opportunity: ["opportunity", "opportunities"],
  sql: ["SQL", "SQLs"],
  sal: ["SAL", "SALs"],
  mql: ["MQL", "MQLs"],
  lead: ["lead", "leads"],
};
const STEP_LABELS: Record<PlanStepKey, string> = {
  opportunityToWon: "opportunity to won",
  sqlToOpportunity: "SQL to opportunity",
  salToSql: "SAL to SQL",
  mqlToSal: "MQL to SAL",
  leadToMql: "lead to MQL",
};

const money = (n: number) => `$${Math.round(n).toLocaleString("en-US")}`;
const count = (n: number, stage: PlanStage) =>
  `${n.toLocaleString("en-US")} ${STAGE_WORDS[stage][n === 1 ? 0 : 1]}`;
const roundTo = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
const percent = (r: number) => `${(Math.round(r * 1000) / 10).toLocaleString("en-US")}%`;

export interface ReverseFunnelInput {
  amount: number;
  dealSize: number | null;
  /** The rate of each step (null: none measured and no what-if). */
  rates: Record<PlanStepKey, number | null>;
  months: number;
  /** Contacts entering the opportunity stage per deal created (default 1): opportunities → SQL contacts. */
  contactsPerOpportunity?: number;
}

export interface ReverseFunnelStage {
  stage: PlanStage;
  needed: number | null;
  perMonth: number | null;
  calculation: string;
}

/**
 * The reverse funnel, a calculation anyone can redo by hand: won deals = target ÷ deal size, then each
 * stage = the next stage's need ÷ the step's rate, every result rounded up to a whole one (half an
 * opportunity cannot be worked); per month = the period's need ÷ its months, rounded up. Won deals and
 * opportunities count deals, the stages before them contacts: the SQL step first turns the opportunities
 * into contacts (× contacts per opportunity).
 */
export function reverseFunnel(input: ReverseFunnelInput): ReverseFunnelStage[] {
  const stages: ReverseFunnelStage[] = [];
  const perMonth = (n: number | null) => (n === null ? null : Math.ceil(n / input.months));
  const won = input.dealSize ? Math.ceil(input.amount / input.dealSize) : null;
  stages.push({
    stage: "customer",
    needed: won,
    perMonth: perMonth(won),
    calculation: input.dealSize
      ? `${money(input.amount)} target ÷ ${money(input.dealSize)} average won deal = ${count(won as number, "customer")}`
      : "No won deals to measure an average deal from: enter a deal size",
  });
  let next: number | null = won;
  let nextStage: PlanStage = "customer";
  for (const step of PLAN_STEPS) {
    const rate = input.rates[step.key];
    const stage = step.from as PlanStage;
    // Opportunities are deals; the SQL step converts them into the contacts that reach the opportunity stage.
    const perDeal = step.key === "sqlToOpportunity" ? (input.contactsPerOpportunity ?? 1) : 1;
    const needed = next !== null && rate ? Math.ceil(roundTo(next * perDeal, 2) / rate) : null;
    const what =
      perDeal === 1
        ? count(next ?? 0, nextStage)
        : `${count(next ?? 0, nextStage)} × ${perDeal.toLocaleString("en-US")} contacts each`;
    stages.push({
      stage,
      needed,
      perMonth: perMonth(needed),
      calculation:
        next === null
          ? `Needs the ${STAGE_WORDS[nextStage][1]} first`
          : rate
            ? `${what} ÷ ${percent(rate)} ${STEP_LABELS[step.key]} = ${count(needed as number, stage)}`
            : `No ${STEP_LABELS[step.key]} rate measured yet: enter one`,
    });
    next = needed;
    nextStage = stage;
  }
  return stages;
}

// ---------------------------------------------------------------------------------------------------------
// Targets.

type TargetRow = typeof revenueTargets.$inferSelect & { setByName: string | null };

function present(row: TargetRow): RevenueTarget {
  const p = resolvePeriod(row.period, "UTC");
  return {
    id: row.id,
    period: row.period,
    kind: row.periodKind,
    from: p.from,
    to: p.to,
    label: p.label,
    amount: row.amount,
    note: row.note,
    setByName: row.setByName,
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

async function targetRows(db: Db, ws: string, period?: string): Promise<TargetRow[]> {
  return queryRows<TargetRow>(
    db,
    sql`select t.id, t.workspace_id as "workspaceId", t.period, t.period_kind as "periodKind", t.starts_on as "startsOn",
          t.ends_on as "endsOn", t.amount::float8 as amount, t.note, t.set_by as "setBy", t.created_at as "createdAt",
          t.updated_at as "updatedAt", u.name as "setByName"
        from revenue_targets t
        left join members m on m.workspace_id = t.workspace_id and m.id = t.set_by
        left join users u on u.id = m.user_id
        where t.workspace_id = ${ws} ${period ? sql`and t.period = ${period}` : sql``}
        order by t.starts_on desc, t.ends_on, t.id
        limit 200`,
  );
}

export async function listTargets(db: Db, caller: Caller) {
  return { items: (await targetRows(db, caller.workspaceId)).map(present) };
}

export async function findTarget(db: Db, ws: string, period: string): Promise<RevenueTarget | null> {
  const [row] = await targetRows(db, ws, period);
  return row ? present(row) : null;
}

/**
 * The target that covers a day: the shortest period set (a month's before its quarter's before its year's),
 * so the cockpit shows the number the team looks at most closely.
 */
export async function targetCovering(db: Db, ws: string, day: string): Promise<RevenueTarget | null> {
  const rows = await queryRows<{ period: string }>(
    db,
    sql`select period from revenue_targets where workspace_id = ${ws}
          and starts_on <= ${day}::date and ends_on > ${day}::date
        order by ends_on - starts_on, period limit 1`,
  );
  return rows[0] ? findTarget(db, ws, rows[0].period) : null;
}

export async function setTarget(
  db: Db,
  caller: Caller,
  period: string,
  input: { amount: number; note: string },
): Promise<RevenueTarget> {
  const ws = caller.workspaceId;
  const p = resolvePeriod(period, await workspaceTimeZone(db, ws));
  await db.transaction(async (t) => {
    const [before] = await targetRows(t, ws, p.period);
    await t
      .insert(revenueTargets)
      .values({
        workspaceId: ws,
        id: newId(),
        period: p.period,
        periodKind: p.kind,
        startsOn: p.from,
        endsOn: p.to,
        amount: input.amount,
        note: input.note,
        setBy: caller.memberId,
      })
      .onConflictDoUpdate({
        target: [revenueTargets.workspaceId, revenueTargets.period],
        set: { amount: input.amount, note: input.note, setBy: caller.memberId, updatedAt: new Date() },
      });
    await recordAudit(t, ws, caller, {
      action: before ? "target.changed" : "target.set",
      entityType: "revenue_target",
      entityId: p.period,
      summary: before
        ? `${caller.name} changed the revenue target for ${p.label} from ${money(before.amount)} to ${money(input.amount)}`
        : `${caller.name} set the revenue target for ${p.label}: ${money(input.amount)}`,
      before: before ? { amount: before.amount, note: before.note } : undefined,
      after: { amount: input.amount, note: input.note },
    });
  });
  return (await findTarget(db, ws, p.period)) as RevenueTarget;
}

export async function deleteTarget(db: Db, caller: Caller, period: string) {
  const ws = caller.workspaceId;
  const p = resolvePeriod(period, "UTC");
  await db.transaction(async (t) => {
    const [before] = await targetRows(t, ws, p.period);
    if (!before) throw notFound("Revenue target");
    await t
      .delete(revenueTargets)
      .where(and(eq(revenueTargets.workspaceId, ws), eq(revenueTargets.period, p.period)));
    await recordAudit(t, ws, caller, {
      action: "target.removed",
      entityType: "revenue_target",
      entityId: p.period,
      summary: `${caller.name} removed the revenue target for ${p.label} (${money(before.amount)})`,
      before: { amount: before.amount, note: before.note },
    });
  });
  return { ok: true as const };
}

// ---------------------------------------------------------------------------------------------------------
// The plan.

/** The average won deal over the lookback: deals won in it (closed_at, else the close date), as attribution dates a win. */
async function averageWonDeal(db: Db, ws: string, start: Date, end: Date, timeZone: string) {
  const wonAt = sql`coalesce(o.closed_at, o.close_date::timestamp at time zone ${timeZone})`;
  const [row] = await queryRows<{ average: number | null; deals: number }>(
    db,
    sql`select avg(o.amount)::float8 as average, count(*)::int as deals from opportunities o
        where o.workspace_id = ${ws} and o.archived_at is null and o.stage = 'closed_won'
          and ${wonAt} >= ${start.toISOString()}::timestamptz and ${wonAt} < ${end.toISOString()}::timestamptz`,
  );
  return { average: row?.average ?? null, deals: row?.deals ?? 0 };
}

/** Deals created in the lookback (the opportunities' pace, and contacts per opportunity). */
async function countDealsCreated(db: Db, ws: string, start: Date, end: Date) {
  const [row] = await queryRows<{ deals: number }>(
    db,
    sql`select count(*)::int as deals from opportunities o
        where o.workspace_id = ${ws} and o.archived_at is null
          and o.created_at >= ${start.toISOString()}::timestamptz and o.created_at < ${end.toISOString()}::timestamptz`,
  );
  return row?.deals ?? 0;
}

const DAYS_PER_MONTH = 365.25 / 12;

export async function targetPlan(
  db: Db,
  caller: Caller,
  period: string,
  query: PlanQuery,
  now = new Date(),
): Promise<Plan> {
  const ws = caller.workspaceId;
  const p = resolvePeriod(period, await workspaceTimeZone(db, ws));
  const target = await findTarget(db, ws, p.period);
  if (!target && query.amount === undefined)
    throw notFound(`Revenue target for ${p.label} (set one, or ask with amount=)`);
  // The recent pace, deal size and cycle: Reports → Funnel and Velocity over their default period (the last
  // six months).
  const [funnel, stays] = await Promise.all([
    funnelReport(db, ws, {}, now),
    medianStayDays(db, ws, { stalledAfterDays: DEFAULT_STALLED_AFTER_DAYS }, now),
  ]);
  const medians = (["mql", "sal", "sql", "opportunity"] as const).map((stage) => stays.get(stage) ?? null);
  const measuredCycle = medians.every((m) => m !== null)
    ? Math.round((medians as number[]).reduce((a, b) => a + b, 0) * 10) / 10
    : null;
  const lookback = funnel.period;
  const lookbackStart = DateTime.fromISO(lookback.from, { zone: lookback.timeZone });
  const lookbackEnd = DateTime.fromISO(lookback.to, { zone: lookback.timeZone });
  // The rates: Reports → Funnel for the twelve months of cohorts old enough to have run their cycle (the
  // months before the last cycle's length): a recent cohort has not converted yet and would understate them.
  const lag = Math.ceil((measuredCycle ?? 0) / DAYS_PER_MONTH);
  const cohortsEnd = DateTime.fromJSDate(now, { zone: lookback.timeZone })
    .startOf("month")
    .minus({ months: lag });
  const cohorts = {
    from: cohortsEnd.minus({ months: 12 }).toISODate() as string,
    to: cohortsEnd.toISODate() as string,
  };
  const [matured, deal, dealsCreated] = await Promise.all([
    funnelReport(db, ws, cohorts, now),
    averageWonDeal(db, ws, lookbackStart.toJSDate(), lookbackEnd.toJSDate(), lookback.timeZone),
    countDealsCreated(db, ws, lookbackStart.toJSDate(), lookbackEnd.toJSDate()),
  ]);
  const opportunityContacts = funnel.entered.opportunity;
  const measuredPerDeal = dealsCreated > 0 ? roundTo(opportunityContacts / dealsCreated, 2) : null;
  const contactsPerOpportunity = measuredPerDeal && measuredPerDeal > 0 ? measuredPerDeal : 1;
  const lookbackMonths = lookbackEnd.diff(lookbackStart, "days").days / DAYS_PER_MONTH;

  const measuredOf = (from: string): Conversion =>
    matured.total.steps.find((s) => s.from === from) ?? { converted: 0, of: 0, rate: null, judged: false };
  const steps = PLAN_STEPS.map((step) => {
    const measured = measuredOf(step.from);
    const whatIf = query[step.key];
    return {
      key: step.key,
      from: step.from,
      to: step.to,
      measured,
      used: whatIf ?? (measured.rate && measured.rate > 0 ? measured.rate : null),
      whatIf: whatIf !== undefined,
    };
  });
  const amount = query.amount ?? (target?.amount as number);
  const dealSize = query.dealSize ?? deal.average;
  const stages = reverseFunnel({
    amount,
    dealSize,
    rates: Object.fromEntries(steps.map((s) => [s.key, s.used])) as Record<PlanStepKey, number | null>,
    months: p.months,
    contactsPerOpportunity,
  });

  const cycle = query.cycleDays ?? measuredCycle;

  // Won deals and opportunities are counted as deals (won, created); every other stage as the contacts
  // entering it (the funnel's count).
  const paceOf = (stage: PlanStage) =>
    lookbackMonths <= 0
      ? 0
      : (stage === "customer"
          ? deal.deals
          : stage === "opportunity"
            ? dealsCreated
            : funnel.entered[stage as keyof FunnelCounts]) / lookbackMonths;
  const rows = stages.map((s) => {
    const pacePerMonth = Math.round(paceOf(s.stage) * 10) / 10;
    return {
      ...s,
      label: s.stage === "customer" ? "Won deals" : LIFECYCLE_STAGE_LABELS[s.stage],
      pacePerMonth,
      paceShare: s.perMonth ? pacePerMonth / s.perMonth : null,
    };
  });
  const need = (stage: PlanStage) => rows.find((r) => r.stage === stage) as (typeof rows)[number];
  const opportunities = need("opportunity").needed;
  const pipeline = opportunities !== null && dealSize ? opportunities * dealSize : null;
  const known = rows.filter((r) => r.paceShare !== null);
  const behind = [...known].sort((a, b) => (a.paceShare as number) - (b.paceShare as number))[0];
  const complete = rows.every((r) => r.needed !== null);
  const shift = (day: string) =>
    DateTime.fromISO(day, { zone: p.timeZone })
      .minus({ days: Math.round(cycle ?? 0) })
      .toISODate() as string;
  return {
    period: summary(p, now),
    target,
    amount,
    amountWhatIf: query.amount !== undefined,
    lookback: { from: lookback.from, to: lookback.to, months: Math.round(lookbackMonths * 10) / 10 },
    cohorts,
    minimumSample: funnel.minimumSample,
    dealSize: {
      measured: deal.average === null ? null : Math.round(deal.average * 100) / 100,
      deals: deal.deals,
      used: dealSize,
      whatIf: query.dealSize !== undefined,
    },
    contactsPerOpportunity: {
      measured: measuredPerDeal,
      contacts: opportunityContacts,
      deals: dealsCreated,
      used: contactsPerOpportunity,
    },
    cycleDays: { measured: measuredCycle, used: cycle, whatIf: query.cycleDays !== undefined },
    steps,
    stages: rows,
    pipeline: {
      needed: pipeline === null ? null : Math.round(pipeline),
      perQuarter: pipeline === null ? null : Math.round((pipeline * 3) / p.months),
    },
    mqlWindow: cycle === null ? null : { from: shift(p.from), to: shift(p.to) },
    verdict: !complete ? "unknown" : known.every((r) => (r.paceShare as number) >= 1) ? "on_pace" : "short",
    furthestBehind: complete && behind && (behind.paceShare as number) < 1 ? behind.stage : null,
    commitments:
      complete && pipeline !== null
        ? {
            mqlsPerMonth: need("mql").perMonth as number,
            pipelinePerQuarter: Math.round((pipeline * 3) / p.months),
            acceptedPerMonth: need("sal").perMonth as number,
            opportunitiesPerMonth: need("opportunity").perMonth as number,
          }
        : null,
  };
}

/**
 * Proposes the plan's numbers as SLA commitments: marketing's MQLs a month and pipeline a quarter, sales'
 * accepted MQLs and opportunities a month. They go into the open draft (its signatures are cleared, as any
 * edit clears them) or a new draft from the version in force; both leads then sign it as every agreement.
 */
export async function proposeCommitments(
  db: Db,
  caller: Caller,
  period: string,
  input: z.output<typeof proposeSchema>,
  now = new Date(),
): Promise<SlaVersion> {
  const { note, ...whatIf } = input;
  const plan = await targetPlan(db, caller, period, whatIf, now);
  if (!plan.target) throw notFound(`Revenue target for ${plan.period.label}`);
  const c = plan.commitments;
  if (!c)
    throw conflict(
      "The plan is missing a deal size or a conversion rate: enter the missing ones as what-ifs first",
      "dealSize",
    );
  return db.transaction(async (t) => {
    const overview = await getSlaOverview(t, caller);
    const open = overview.versions.find((v) => v.status === "draft" || v.status === "approved");
    const draft = open ?? (await createSlaDraft(t, caller, { note: "" }));
    const why =
      note ??
      `Derived from the ${plan.period.label} revenue target of ${money(plan.amount)}: ${c.mqlsPerMonth} MQLs and ` +
        `${c.acceptedPerMonth} accepted MQLs a month, ${c.opportunitiesPerMonth} opportunities a month, ` +
        `${money(c.pipelinePerQuarter)} of pipeline a quarter (average won deal ${money(plan.dealSize.used ?? 0)}).`;
    await recordAudit(t, caller.workspaceId, caller, {
      action: "target.proposed",
      entityType: "revenue_target",
      entityId: plan.period.period,
      summary: `${caller.name} proposed the ${plan.period.label} plan as SLA commitments in version ${draft.version}`,
      after: { version: draft.version, ...c },
    });
    return updateSlaDraft(t, caller, draft.version, {
      note: why,
      terms: {
        ...draft.terms,
        sales: {
          ...draft.terms.sales,
          acceptedPerMonth: c.acceptedPerMonth,
          opportunitiesPerMonth: c.opportunitiesPerMonth,
        },
        marketing: {
          ...draft.terms.marketing,
          mqlsPerMonth: c.mqlsPerMonth,
          pipelinePerQuarter: c.pipelinePerQuarter,
        },
      },
    });
  });
}
