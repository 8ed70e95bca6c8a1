// Attribution: which campaigns and channels earn the credit for a milestone (a contact created, an MQL, an
// SQL, an opportunity created, a deal won), under every model side by side. docs/reports.md ("Attribution")
// defines each model and its edge rules.
import { z } from "zod";
import { timestamp } from "./common.js";
import { checkReportFilters, reportFilterFields, reportPeriodSchema } from "./reports.js";

export const ATTRIBUTION_MODELS = [
  "first_touch",
  "last_touch",
  "linear",
  "u_shaped",
  "w_shaped",
  "full_path",
  "time_decay",
  "markov",
  "shapley",
] as const;
export type AttributionModel = (typeof ATTRIBUTION_MODELS)[number];

export const ATTRIBUTION_MODEL_LABELS: Record<AttributionModel, string> = {
  first_touch: "First touch",
  last_touch: "Last touch",
  linear: "Linear",
  u_shaped: "U-shaped",
  w_shaped: "W-shaped",
  full_path: "Full path",
  time_decay: "Time decay",
  markov: "Data-driven (Markov)",
  shapley: "Data-driven (Shapley)",
};

export const ATTRIBUTION_MILESTONES = [
  "contact_created",
  "mql",
  "sql",
  "opportunity_created",
  "closed_won",
] as const;
export type AttributionMilestone = (typeof ATTRIBUTION_MILESTONES)[number];

export const ATTRIBUTION_MILESTONE_LABELS: Record<AttributionMilestone, string> = {
  contact_created: "Contact created",
  mql: "MQL",
  sql: "SQL",
  opportunity_created: "Opportunity created",
  closed_won: "Closed won",
};

export const ATTRIBUTION_BREAKDOWNS = ["campaign", "channel"] as const;
export type AttributionBreakdown = (typeof ATTRIBUTION_BREAKDOWNS)[number];

/** Defaults: a 90-day lookback window, a 7-day half-life for time decay. */
export const DEFAULT_LOOKBACK_DAYS = 90;
export const MAX_LOOKBACK_DAYS = 730;
export const DEFAULT_HALF_LIFE_DAYS = 7;

/** The attribution options every attribution route takes, beside the shared report filters. */
const attributionOptions = {
  milestone: z
    .enum(ATTRIBUTION_MILESTONES, {
      message: `milestone must be one of ${ATTRIBUTION_MILESTONES.join(", ")}`,
    })
    .default("closed_won")
    .describe("The milestone credited: contact created, MQL, SQL, opportunity created or closed won"),
  model: z
    .enum(ATTRIBUTION_MODELS, { message: `model must be one of ${ATTRIBUTION_MODELS.join(", ")}` })
    .default("linear")
    .describe("The model whose numbers lead (every model is answered side by side)"),
  by: z
    .enum(ATTRIBUTION_BREAKDOWNS, { message: "by must be campaign or channel" })
    .default("campaign")
    .describe("Credit campaigns or channels"),
  lookbackDays: z.coerce
    .number({ message: "lookbackDays must be a whole number of days" })
    .int({ message: "lookbackDays must be a whole number of days" })
    .min(1, { message: "lookbackDays must be at least 1" })
    .max(MAX_LOOKBACK_DAYS, { message: `lookbackDays can be at most ${MAX_LOOKBACK_DAYS}` })
    .default(DEFAULT_LOOKBACK_DAYS)
    .describe("Only touches this many days before the milestone count"),
  halfLifeDays: z.coerce
    .number({ message: "halfLifeDays must be a number of days" })
    .min(0.5, { message: "halfLifeDays must be at least 0.5" })
    .max(365, { message: "halfLifeDays can be at most 365" })
    .default(DEFAULT_HALF_LIFE_DAYS)
    .describe("Time decay: a touch this many days older earns half the credit"),
};

export const attributionQuerySchema = reportFilterFields
  .extend(attributionOptions)
  .superRefine(checkReportFilters);
export type AttributionQuery = z.output<typeof attributionQuerySchema>;

/** Campaign performance credits every milestone at once: the options without a milestone. */
export const performanceQuerySchema = reportFilterFields
  .extend({
    model: attributionOptions.model,
    by: attributionOptions.by,
    lookbackDays: attributionOptions.lookbackDays,
    halfLifeDays: attributionOptions.halfLifeDays,
  })
  .superRefine(checkReportFilters);

const pageOptions = {
  offset: z.coerce
    .number({ message: "offset must be a whole number" })
    .int({ message: "offset must be a whole number" })
    .min(0, { message: "offset cannot be negative" })
    .default(0),
  limit: z.coerce
    .number({ message: "limit must be a whole number" })
    .int({ message: "limit must be a whole number" })
    .min(1, { message: "limit must be at least 1" })
    .max(1000, { message: "limit can be at most 1000" })
    .default(100),
};

export const attributionPageQuerySchema = reportFilterFields
  .extend({ ...attributionOptions, ...pageOptions })
  .superRefine(checkReportFilters);

/** A deal's journey: the report's options, and which milestone of the deal (default: won if won, else created). */
export const journeyQuerySchema = reportFilterFields
  .extend({
    ...attributionOptions,
    milestone: z
      .enum(["opportunity_created", "closed_won"], {
        message: "milestone must be opportunity_created or closed_won",
      })
      .optional()
      .describe(
        "Which milestone of the deal: closed_won (won deals) or opportunity_created (default: won if won)",
      ),
    ...pageOptions,
  })
  .superRefine(checkReportFilters);

const modelNumbers = <T extends z.ZodType>(value: T) =>
  z.object(Object.fromEntries(ATTRIBUTION_MODELS.map((m) => [m, value])) as Record<AttributionModel, T>);

export const creditSchema = z.object({
  conversions: z.number().describe("Credited conversions: the sum of this row's shares of milestones"),
  amount: z.number().describe("Credited pipeline (opportunity created) or revenue (closed won)"),
});

export const ATTRIBUTION_ROW_KINDS = [
  "campaign",
  "channel",
  "no_campaign",
  "no_channel",
  "no_touch",
  "other",
] as const;

export const attributionRowSchema = z.object({
  key: z.string().nullable().describe("The campaign id or channel; null for the rows that are neither"),
  kind: z.enum(ATTRIBUTION_ROW_KINDS),
  label: z.string(),
  channel: z.string().nullable().describe("A campaign's channel"),
  credits: modelNumbers(creditSchema),
});
export type AttributionRow = z.infer<typeof attributionRowSchema>;

export const attributionReportSchema = z.object({
  period: reportPeriodSchema,
  milestone: z.enum(ATTRIBUTION_MILESTONES),
  model: z.enum(ATTRIBUTION_MODELS),
  by: z.enum(ATTRIBUTION_BREAKDOWNS),
  lookbackDays: z.number(),
  halfLifeDays: z.number(),
  milestones: z
    .number()
    .int()
    .describe("Milestones reached in the period (each credited once under every model)"),
  amount: z.number().describe("Their pipeline or revenue (0 for contact milestones)"),
  hasAmount: z.boolean().describe("true for opportunity created (pipeline) and closed won (revenue)"),
  touches: z.number().int().describe("Touches counted (inside the window, before the milestone)"),
  withoutTouch: z.number().int().describe("Milestones without a touch in the window"),
  nullPaths: z.number().int().describe("Journeys that did not reach the milestone (Markov's null paths)"),
  rows: z.array(attributionRowSchema),
  models: z.array(
    z.object({
      model: z.enum(ATTRIBUTION_MODELS),
      label: z.string(),
      top: z.object({ key: z.string().nullable(), label: z.string(), share: z.number() }).nullable(),
    }),
  ),
  markov: z.object({
    conversionProbability: z.number(),
    removalEffects: z.array(z.object({ key: z.string().nullable(), label: z.string(), effect: z.number() })),
    grouped: z.number().int().describe("Keys grouped into 'Other' beyond the exact solver's limit"),
  }),
  disagreement: z
    .array(
      z.object({
        key: z.string().nullable(),
        label: z.string(),
        low: z.object({ model: z.enum(ATTRIBUTION_MODELS), share: z.number() }),
        high: z.object({ model: z.enum(ATTRIBUTION_MODELS), share: z.number() }),
        spread: z.number(),
      }),
    )
    .describe("Each row's lowest and highest share of the milestones across models, most disputed first"),
});
export type AttributionReport = z.infer<typeof attributionReportSchema>;

export const JOURNEY_POSITIONS = ["first", "lead_creation", "opportunity_creation", "close"] as const;

export const journeySchema = z.object({
  opportunity: z.object({
    id: z.string(),
    name: z.string(),
    accountName: z.string().nullable(),
    stage: z.string(),
    amount: z.number(),
    createdAt: timestamp,
    closedAt: timestamp.nullable(),
  }),
  milestone: z.enum(["opportunity_created", "closed_won"]),
  at: timestamp,
  amount: z.number(),
  by: z.enum(ATTRIBUTION_BREAKDOWNS),
  lookbackDays: z.number(),
  halfLifeDays: z.number(),
  excluded: z.object({
    afterMilestone: z.number().int().describe("Touches after the milestone (never counted)"),
    beforeWindow: z.number().int().describe("Touches older than the lookback window"),
  }),
  total: z.number().int().describe("Touches counted"),
  touches: z.array(
    z.object({
      id: z.string(),
      occurredAt: timestamp,
      type: z.string(),
      team: z.string(),
      contactId: z.string().nullable(),
      contactName: z.string().nullable(),
      campaignId: z.string().nullable(),
      campaignName: z.string().nullable(),
      channel: z.string().nullable(),
      positions: z.array(z.enum(JOURNEY_POSITIONS)),
      credits: modelNumbers(z.number()).describe("This touch's share of the milestone under each model"),
    }),
  ),
  /** Per campaign (or channel): its share under each model, the touches on the journey included. */
  keys: z.array(
    z.object({
      key: z.string().nullable(),
      kind: z.enum(ATTRIBUTION_ROW_KINDS),
      label: z.string(),
      touches: z.number().int(),
      credits: modelNumbers(z.number()),
      onJourney: z
        .boolean()
        .describe("false: credited by Markov's workspace-wide shares without a touch here"),
    }),
  ),
});
export type AttributionJourney = z.infer<typeof journeySchema>;

export const campaignDealsSchema = z.object({
  campaign: z.object({ id: z.string(), name: z.string(), channel: z.string() }),
  milestone: z.enum(ATTRIBUTION_MILESTONES),
  model: z.enum(ATTRIBUTION_MODELS),
  hasAmount: z.boolean(),
  credit: creditSchema.describe("The campaign's number under the model: the items' credits plus offJourney"),
  offJourney: creditSchema.describe(
    "Markov only: credit from milestones without a touch of the campaign (its workspace-wide share)",
  ),
  total: z.number().int(),
  items: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(["opportunity", "contact"]),
      name: z.string(),
      at: timestamp,
      amount: z.number(),
      touches: z.number().int().describe("Touches of the campaign on the journey"),
      share: z.number(),
      credit: z.number().describe("share x amount"),
    }),
  ),
});

export const performanceRowSchema = z.object({
  key: z.string().nullable(),
  kind: z.enum(ATTRIBUTION_ROW_KINDS),
  label: z.string(),
  channel: z.string().nullable(),
  cost: z.number(),
  contacts: z.number().describe("Credited contacts created"),
  mqls: z.number(),
  sqls: z.number(),
  opportunities: z.number(),
  pipeline: z.number(),
  wonDeals: z.number(),
  revenue: z.number(),
  roi: z.number().nullable().describe("(revenue - cost) / cost; null without cost"),
  costPerMql: z.number().nullable(),
  costPerSql: z.number().nullable(),
  costPerWonDeal: z.number().nullable(),
  quality: z.object({
    accepted: z.number().int(),
    rejected: z.number().int(),
    acceptanceRate: z.number().nullable(),
    judged: z.boolean().describe("Enough decisions to judge (the SLA's minimum sample)"),
    reasons: z.array(z.object({ reason: z.string(), label: z.string(), count: z.number().int() })),
    grades: z.array(z.object({ grade: z.string(), count: z.number().int() })),
    won: z.number().int().describe("Deals sourced by it won in the period"),
    lost: z.number().int(),
    winRate: z.number().nullable(),
  }),
});
export type PerformanceRow = z.infer<typeof performanceRowSchema>;

export const performanceSchema = z.object({
  period: reportPeriodSchema,
  model: z.enum(ATTRIBUTION_MODELS),
  by: z.enum(ATTRIBUTION_BREAKDOWNS),
  minimumSample: z.number().int(),
  scoringModel: z.string().nullable().describe("The live scoring model whose grades are counted"),
  rows: z.array(performanceRowSchema),
  totals: performanceRowSchema.omit({ quality: true, key: true, kind: true, label: true, channel: true }),
});
export type Performance = z.infer<typeof performanceSchema>;

/** A campaign's own results (its page): its performance row under the model, for the period. */
export const campaignResultsSchema = z.object({
  period: reportPeriodSchema,
  model: z.enum(ATTRIBUTION_MODELS),
  minimumSample: z.number().int(),
  scoringModel: z.string().nullable(),
  results: performanceRowSchema,
});
