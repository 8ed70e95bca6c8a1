// The shared revenue target, its reverse funnel (what each stage needs, with the calculation shown), goals
// for the revenue team, a team, a pod or a member with progress computed from the records, and shared wins
// ("everybody must win or there's no party"). Shared by the server, the API schemas and the web app.
import { z } from "zod";
import { idSchema, timestamp } from "./common.js";
import { OPEN_DEAL_STAGES, TEAMS } from "./domain.js";
import { wallPostSchema } from "./recognition.js";
import { conversionSchema, FUNNEL_STAGES } from "./reports.js";

// ---------------------------------------------------------------------------------------------------------
// Periods: a month ("2026-07"), a quarter ("2026-Q3") or a year ("2026"), in the workspace's days.

export const PERIOD_KINDS = ["month", "quarter", "year"] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

const PERIOD_PATTERN = /^(\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4]))?$/;

export const periodSchema = z
  .string()
  .trim()
  .regex(PERIOD_PATTERN, { message: "must be a month (2026-07), a quarter (2026-Q3) or a year (2026)" })
  .refine((p) => Number(p.slice(0, 4)) >= 2000 && Number(p.slice(0, 4)) <= 2100, {
    message: "must be a year between 2000 and 2100",
  });

export interface PeriodBounds {
  period: string;
  kind: PeriodKind;
  /** First day, YYYY-MM-DD. */
  from: string;
  /** The day after the last, exclusive. */
  to: string;
  /** Calendar months the period covers (1, 3 or 12). */
  months: number;
  /** "July 2026", "Q3 2026", "2026" */
  label: string;
}

const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const pad = (n: number) => String(n).padStart(2, "0");
const firstOf = (year: number, month: number) =>
  month > 12 ? `${year + 1}-${pad(month - 12)}-01` : `${year}-${pad(month)}-01`;

/** A period's kind, days and label; null when the text names no period. */
export function periodBounds(period: string): PeriodBounds | null {
  const m = PERIOD_PATTERN.exec(period.trim());
  if (!m) return null;
  const year = Number(m[1]);
  if (m[2]) {
    const month = Number(m[2]);
    return {
      period: `${year}-${m[2]}`,
      kind: "month",
      from: firstOf(year, month),
      to: firstOf(year, month + 1),
      months: 1,
      label: `${MONTH_NAMES[month - 1]} ${year}`,
    };
  }
  if (m[3]) {
    const q = Number(m[3]);
    return {
      period: `${year}-Q${q}`,
      kind: "quarter",
      from: firstOf(year, (q - 1) * 3 + 1),
      to: firstOf(year, q * 3 + 1),
      months: 3,
      label: `Q${q} ${year}`,
    };
  }
  return {
    period: String(year),
    kind: "year",
    from: `${year}-01-01`,
    to: `${year + 1}-01-01`,
    months: 12,
    label: String(year),
  };
}

/** The period of a kind that contains a day (YYYY-MM-DD). */
export function periodContaining(day: string, kind: PeriodKind): string {
  const year = day.slice(0, 4);
  const month = Number(day.slice(5, 7));
  if (kind === "month") return `${year}-${pad(month)}`;
  if (kind === "quarter") return `${year}-Q${Math.ceil(month / 3)}`;
  return year;
}

export const periodParams = z.object({ period: periodSchema });
export const periodQuerySchema = z.object({
  period: periodSchema.optional().describe("2026-07, 2026-Q3 or 2026 (default: this quarter)"),
});

export const periodSummarySchema = z.object({
  period: z.string(),
  kind: z.enum(PERIOD_KINDS),
  from: z.string(),
  to: z.string(),
  label: z.string(),
  timeZone: z.string(),
  /** Share of the period gone by now (0 before it starts, 1 once it ended). */
  elapsed: z.number(),
});
export type PeriodSummary = z.infer<typeof periodSummarySchema>;

// ---------------------------------------------------------------------------------------------------------
// The revenue target.

const money = (field: string) =>
  z
    .number({ message: `${field} must be an amount` })
    .positive({ message: `${field} must be more than 0` })
    .max(1e12, { message: `${field} is too large` });

export const setTargetSchema = z.object({
  amount: money("amount"),
  note: z.string().trim().max(2000).default(""),
});

export const revenueTargetSchema = z.object({
  id: idSchema,
  period: z.string(),
  kind: z.enum(PERIOD_KINDS),
  from: z.string(),
  to: z.string(),
  label: z.string(),
  amount: z.number(),
  note: z.string(),
  setByName: z.string().nullable(),
  updatedAt: timestamp,
});
export type RevenueTarget = z.infer<typeof revenueTargetSchema>;
export const revenueTargetListSchema = z.object({ items: z.array(revenueTargetSchema) });

// ---------------------------------------------------------------------------------------------------------
// The reverse funnel: from the target back to what each stage needs.

/** The steps the reverse funnel walks back, won first: each stage's need is the next one's ÷ its rate. */
export const PLAN_STEPS = [
  { key: "opportunityToWon", from: "opportunity", to: "customer" },
  { key: "sqlToOpportunity", from: "sql", to: "opportunity" },
  { key: "salToSql", from: "sal", to: "sql" },
  { key: "mqlToSal", from: "mql", to: "sal" },
  { key: "leadToMql", from: "lead", to: "mql" },
] as const satisfies readonly { key: string; from: (typeof FUNNEL_STAGES)[number]; to: string }[];
export type PlanStepKey = (typeof PLAN_STEPS)[number]["key"];

const shareInput = (field: string) =>
  z.coerce
    .number({ message: `${field} must be a share between 0 and 1 (0.25 = 25%)` })
    .gt(0, { message: `${field} must be more than 0 (0.25 = 25%)` })
    .max(1, { message: `${field} must be at most 1 (0.25 = 25%)` })
    .optional();

/** What-if inputs: each replaces the measured value it names. */
export const planQuerySchema = z.object({
  amount: z.coerce
    .number({ message: "amount must be an amount" })
    .positive({ message: "amount must be more than 0" })
    .max(1e12, { message: "amount is too large" })
    .optional()
    .describe("What if the target were this amount"),
  dealSize: z.coerce
    .number({ message: "dealSize must be an amount" })
    .positive({ message: "dealSize must be more than 0" })
    .max(1e12, { message: "dealSize is too large" })
    .optional()
    .describe("What if the average won deal were this amount"),
  cycleDays: z.coerce
    .number({ message: "cycleDays must be a number of days" })
    .min(0, { message: "cycleDays cannot be negative" })
    .max(1000, { message: "cycleDays can be at most 1000" })
    .optional()
    .describe("What if an MQL took this many days to become a won deal"),
  opportunityToWon: shareInput("opportunityToWon"),
  sqlToOpportunity: shareInput("sqlToOpportunity"),
  salToSql: shareInput("salToSql"),
  mqlToSal: shareInput("mqlToSal"),
  leadToMql: shareInput("leadToMql"),
});
export type PlanQuery = z.output<typeof planQuerySchema>;

export const PLAN_STAGES = ["customer", "opportunity", "sql", "sal", "mql", "lead"] as const;
export type PlanStage = (typeof PLAN_STAGES)[number];

export const planStepSchema = z.object({
  key: z.enum(PLAN_STEPS.map((s) => s.key) as [PlanStepKey, ...PlanStepKey[]]),
  from: z.enum(FUNNEL_STAGES),
  to: z.enum(FUNNEL_STAGES),
  /** The funnel's measured conversion (Reports → Funnel over the cohorts' months), with its counts and verdict. */
  measured: conversionSchema,
  /** The rate the plan used: the what-if when given, else the measured one; null when there is none. */
  used: z.number().nullable(),
  whatIf: z.boolean(),
});

export const planStageSchema = z.object({
  stage: z.enum(PLAN_STAGES),
  label: z.string(),
  /** Needed in the period; null when a rate on the way back is missing. */
  needed: z.number().int().nullable(),
  perMonth: z.number().int().nullable(),
  /** "10 won deals ÷ 25% = 40 opportunities" */
  calculation: z.string(),
  /** Per month over the lookback: deals won (won deals), contacts entering the stage (Reports → Funnel, "Entered in the period"). */
  pacePerMonth: z.number(),
  /** pacePerMonth ÷ perMonth; null without a need. */
  paceShare: z.number().nullable(),
});
export type PlanStageRow = z.infer<typeof planStageSchema>;

export const planSchema = z.object({
  period: periodSummarySchema,
  /** The target saved for the period (null: none yet) and the amount the plan used. */
  target: revenueTargetSchema.nullable(),
  amount: z.number(),
  amountWhatIf: z.boolean(),
  /** The recent pace, deal size and cycle: Reports → Funnel and Velocity over these days (the last six months). */
  lookback: z.object({ from: z.string(), to: z.string(), months: z.number() }),
  /**
   * The conversion rates: Reports → Funnel for the contacts that entered the funnel in these twelve months, the
   * months before the last cycle's length (younger cohorts have not converted yet).
   */
  cohorts: z.object({ from: z.string(), to: z.string() }),
  minimumSample: z.number().int(),
  dealSize: z.object({
    measured: z.number().nullable(),
    /** Won deals behind the measured average. */
    deals: z.number().int(),
    used: z.number().nullable(),
    whatIf: z.boolean(),
  }),
  /**
   * Won deals and opportunities are deals; SQLs and earlier stages are contacts. Contacts entering the
   * opportunity stage ÷ deals created, over the lookback, turns the opportunities needed into the contacts the
   * SQL step must bring (1 when no deal was created in the lookback).
   */
  contactsPerOpportunity: z.object({
    measured: z.number().nullable(),
    contacts: z.number().int(),
    deals: z.number().int(),
    used: z.number(),
  }),
  cycleDays: z.object({
    /** Median days in MQL, SAL, SQL and opportunity, added up (Reports → Velocity). */
    measured: z.number().nullable(),
    used: z.number().nullable(),
    whatIf: z.boolean(),
  }),
  steps: z.array(planStepSchema),
  stages: z.array(planStageSchema),
  /** Pipeline to create: opportunities needed × deal size; and per quarter (as the SLA counts it). */
  pipeline: z.object({ needed: z.number().nullable(), perQuarter: z.number().nullable() }),
  /** When MQLs must arrive for their deals to close in the period: cycleDays before it. */
  mqlWindow: z.object({ from: z.string(), to: z.string() }).nullable(),
  /** Every stage on pace (pace ≥ need), some short, or not computable. */
  verdict: z.enum(["on_pace", "short", "unknown"]),
  /** The stage furthest behind its need. */
  furthestBehind: z.enum(PLAN_STAGES).nullable(),
  /** What the plan would write into the SLA (marketing's MQLs and pipeline, sales' accepted MQLs and opportunities). */
  commitments: z
    .object({
      mqlsPerMonth: z.number().int(),
      pipelinePerQuarter: z.number(),
      acceptedPerMonth: z.number().int(),
      opportunitiesPerMonth: z.number().int(),
    })
    .nullable(),
});
export type Plan = z.infer<typeof planSchema>;

export const proposeSchema = planQuerySchema.omit({ amount: true }).extend({
  note: z.string().trim().max(2000).optional(),
});

// ---------------------------------------------------------------------------------------------------------
// Goals.

export const GOAL_OWNER_KINDS = ["revenue", "team", "pod", "member"] as const;
export type GoalOwnerKind = (typeof GOAL_OWNER_KINDS)[number];

export const GOAL_METRICS = [
  "revenue_won",
  "pipeline_created",
  "mqls",
  "sals",
  "sqls",
  "sla_compliance",
  "acceptance_rate",
  "touches",
] as const;
export type GoalMetric = (typeof GOAL_METRICS)[number];

/** money: an amount; count: a number of things; share: a rate between 0 and 1. */
export const GOAL_METRIC_UNITS: Record<GoalMetric, "money" | "count" | "share"> = {
  revenue_won: "money",
  pipeline_created: "money",
  mqls: "count",
  sals: "count",
  sqls: "count",
  sla_compliance: "share",
  acceptance_rate: "share",
  touches: "count",
};

export const GOAL_METRIC_LABELS: Record<GoalMetric, string> = {
  revenue_won: "Revenue won",
  pipeline_created: "Pipeline created",
  mqls: "MQLs",
  sals: "SALs (accepted)",
  sqls: "SQLs",
  sla_compliance: "SLA compliance",
  acceptance_rate: "MQL acceptance rate",
  touches: "Touches",
};

/** The team a metric's number belongs to, for rolling a pod's goal up to a team's. */
export const GOAL_METRIC_TEAM: Record<GoalMetric, "marketing" | "sales"> = {
  revenue_won: "sales",
  pipeline_created: "marketing",
  mqls: "marketing",
  sals: "sales",
  sqls: "sales",
  sla_compliance: "sales",
  acceptance_rate: "marketing",
  touches: "sales",
};

export const OWNER_KIND_LABELS: Record<GoalOwnerKind, string> = {
  revenue: "Revenue team",
  team: "Team",
  pod: "Pod",
  member: "Member",
};

export const createGoalSchema = z
  .object({
    period: periodSchema,
    ownerKind: z.enum(GOAL_OWNER_KINDS, {
      message: `ownerKind must be one of ${GOAL_OWNER_KINDS.join(", ")}`,
    }),
    team: z.enum(TEAMS, { message: `team must be one of ${TEAMS.join(", ")}` }).optional(),
    podId: idSchema.optional(),
    memberId: idSchema.optional(),
    metric: z.enum(GOAL_METRICS, { message: `metric must be one of ${GOAL_METRICS.join(", ")}` }),
    target: z
      .number({ message: "target must be a number" })
      .positive({ message: "target must be more than 0" })
      .max(1e12, { message: "target is too large" }),
    name: z.string().trim().max(200).default(""),
  })
  .superRefine((g, ctx) => {
    const need = { revenue: null, team: "team", pod: "podId", member: "memberId" }[g.ownerKind];
    if (need && g[need as "team" | "podId" | "memberId"] === undefined)
      ctx.addIssue({ code: "custom", path: [need], message: `is required for a ${g.ownerKind} goal` });
    for (const field of ["team", "podId", "memberId"] as const)
      if (field !== need && g[field] !== undefined)
        ctx.addIssue({ code: "custom", path: [field], message: `does not apply to a ${g.ownerKind} goal` });
    if (GOAL_METRIC_UNITS[g.metric] === "share" && g.target > 1)
      ctx.addIssue({
        code: "custom",
        path: ["target"],
        message: "a rate's target is a share between 0 and 1 (0.9 = 90%)",
      });
    if (GOAL_METRIC_UNITS[g.metric] === "count" && !Number.isInteger(g.target))
      ctx.addIssue({ code: "custom", path: ["target"], message: "must be a whole number" });
  });
export type CreateGoal = z.output<typeof createGoalSchema>;

export const updateGoalSchema = z.object({
  target: z
    .number({ message: "target must be a number" })
    .positive({ message: "target must be more than 0" })
    .max(1e12, { message: "target is too large" })
    .optional(),
  name: z.string().trim().max(200).optional(),
});

/** A forecast category, as revenue teams use them: open deals by how sure they are, and what closed. */
export const FORECAST_CATEGORIES = ["pipeline", "best_case", "commit", "closed_won"] as const;
export const FORECAST_CATEGORY_LABELS: Record<(typeof FORECAST_CATEGORIES)[number], string> = {
  pipeline: "Pipeline",
  best_case: "Best case",
  commit: "Commit",
  closed_won: "Closed won",
};

/**
 * The measured chance that a deal at an open stage is won: of the deals closed in the last 12 months that
 * reached the stage (or a later one), the share won; and the open deals of the period at that stage.
 */
export const stageWinRateSchema = z.object({
  stage: z.enum(OPEN_DEAL_STAGES),
  won: z.number().int(),
  /** Closed deals (won and lost) that reached the stage. */
  of: z.number().int(),
  /** won / of; null when no closed deal reached the stage. */
  rate: z.number().nullable(),
  /** The period's open deals at this stage (a goal's own deals), and what they add to the forecast. */
  openAmount: z.number(),
  openDeals: z.number().int(),
  weighted: z.number().nullable(),
});
export type StageWinRate = z.infer<typeof stageWinRateSchema>;

export const goalProgressSchema = z.object({
  /** Counted so far in the period (an amount, a count, or a share for rates). */
  actual: z.number(),
  /** For rates: the cases behind it, and whether they reach the minimum sample. */
  of: z.number().int().nullable(),
  judged: z.boolean(),
  /** actual ÷ target (rates: the share of the target rate reached). */
  share: z.number(),
  hit: z.boolean(),
  /** The period's end at the current run rate (sum metrics); the current rate for rates. */
  runRate: z.number().nullable(),
  /**
   * Revenue only: won so far + each open deal closing in the period × the measured win rate of its stage;
   * null while a stage holding open deals has no measured rate.
   */
  weighted: z.number().nullable(),
  /** The forecast shown: weighted for revenue when the rate is measured, else the run rate. */
  forecast: z.number().nullable(),
  /** Revenue only: open deals closing in the period by category, and what is won. */
  categories: z
    .array(z.object({ category: z.enum(FORECAST_CATEGORIES), amount: z.number(), deals: z.number().int() }))
    .nullable(),
  /** Revenue only: each open stage's measured win rate and the open deals it weighted. */
  stageRates: z.array(stageWinRateSchema).nullable(),
});
export type GoalProgress = z.infer<typeof goalProgressSchema>;

export const goalSchema = z.object({
  id: idSchema,
  name: z.string(),
  /** "Marketing team: MQLs", "Pod North: Revenue won", "Riley Revenue: Touches" */
  title: z.string(),
  ownerKind: z.enum(GOAL_OWNER_KINDS),
  team: z.enum(TEAMS).nullable(),
  podId: idSchema.nullable(),
  memberId: idSchema.nullable(),
  /** Who answers for it: the team, the pod's or member's name, "Revenue team". */
  ownerName: z.string(),
  /** marketing or sales for goals of a team or a team's member; null for the revenue team and pods. */
  side: z.enum(TEAMS).nullable(),
  metric: z.enum(GOAL_METRICS),
  unit: z.enum(["money", "count", "share"]),
  target: z.number(),
  period: z.string(),
  progress: goalProgressSchema,
  /** The goal this one rolls up into (member -> pod -> team -> revenue team), when there is one. */
  parentId: idSchema.nullable(),
  /** The goals rolling up into this one: their targets and actuals added up (sum metrics). */
  children: z.object({ count: z.number().int(), target: z.number(), actual: z.number() }),
  sharedWinId: idSchema.nullable(),
});
export type Goal = z.infer<typeof goalSchema>;

export const goalListSchema = z.object({
  period: periodSummarySchema,
  minimumSample: z.number().int(),
  items: z.array(goalSchema),
});
export type GoalList = z.infer<typeof goalListSchema>;

// ---------------------------------------------------------------------------------------------------------
// Shared wins.

export const createSharedWinSchema = z.object({
  name: z.string().trim().min(1, { message: "name is required" }).max(200),
  goalIds: z
    .array(idSchema)
    .min(2, { message: "goalIds needs a goal of each team (at least two)" })
    .max(20, { message: "goalIds can link at most 20 goals" }),
});
export const updateSharedWinSchema = z.object({
  name: z.string().trim().min(1, { message: "name is required" }).max(200).optional(),
  goalIds: z
    .array(idSchema)
    .min(2, { message: "goalIds needs a goal of each team (at least two)" })
    .max(20, { message: "goalIds can link at most 20 goals" })
    .optional(),
});

export const SHARED_WIN_STATES = ["celebrated", "half_way", "open"] as const;

export const sharedWinSchema = z.object({
  id: idSchema,
  name: z.string(),
  period: z.string(),
  periodLabel: z.string(),
  /** celebrated: every linked goal hit; half_way: some hit, waiting for the others; open: none hit yet. */
  state: z.enum(SHARED_WIN_STATES),
  celebratedAt: timestamp.nullable(),
  goals: z.array(
    z.object({
      id: idSchema,
      title: z.string(),
      side: z.enum(TEAMS).nullable(),
      hit: z.boolean(),
      share: z.number(),
    }),
  ),
  /** The goals not hit yet ("half way: waiting for ..."). */
  waitingFor: z.array(z.object({ id: idSchema, title: z.string() })),
  /** "Half way: marketing's goals are hit, waiting for Sales team: Revenue won" */
  summary: z.string(),
});
export type SharedWin = z.infer<typeof sharedWinSchema>;
export const sharedWinListSchema = z.object({ items: z.array(sharedWinSchema) });

// ---------------------------------------------------------------------------------------------------------
// The cockpit's revenue-team tiles (one call): revenue against target with its forecast, goals, shared wins,
// the wall; a leader's view adds the pods side by side, a member's puts their own goals first.

export const revenueCockpitSchema = z.object({
  /** Leaders (team leads, admins, the revenue team) see every pod; members see their own goals first. */
  view: z.enum(["leader", "member"]),
  period: periodSummarySchema,
  /** The target covering today (a month's before its quarter's before its year's), with revenue against it. */
  revenue: z
    .object({
      target: revenueTargetSchema,
      progress: goalProgressSchema,
    })
    .nullable(),
  /** Goals for this viewer: theirs, their pods', their team's and the revenue team's first (members); the top levels (leaders). */
  goals: z.array(goalSchema),
  /** Every goal of the period, for the count ("12 goals, 5 hit"). */
  goalCount: z.object({ total: z.number().int(), hit: z.number().int() }),
  sharedWins: z.array(sharedWinSchema),
  /** A shared win celebrated in the last 7 days: the cockpit's banner. */
  celebration: sharedWinSchema.nullable(),
  /** Leaders: each pod's goals side by side. */
  pods: z.array(z.object({ podId: idSchema, name: z.string(), goals: z.array(goalSchema) })),
  wall: z.object({
    items: z.array(wallPostSchema),
    week: z.object({ kudos: z.number().int(), crossTeam: z.number().int() }),
  }),
});
export type RevenueCockpit = z.infer<typeof revenueCockpitSchema>;
