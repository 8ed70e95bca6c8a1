// Closed-loop reports (funnel, velocity, stalls, attribution): the filters every report shares, so a view
// filtered one way counts the same contacts on every page, and the URL of a view can be shared.
import { z } from "zod";
import { idSchema, isoDate } from "./common.js";
import { CHANNELS } from "./domain.js";

/** How far back a report looks when no `from` is given: six months before `to`. */
export const DEFAULT_REPORT_MONTHS = 6;
/** The longest period a report covers (in days), so that one request cannot ask for decades. */
export const MAX_REPORT_DAYS = 3 * 366;

/**
 * The shared report filters, as query string keys. Dates are the workspace's days (local midnight); `to`
 * is exclusive. Without them a report covers the last six months: from the first day of the month five
 * months back to tomorrow, in the workspace's time zone. Every other filter narrows the contacts counted.
 */
export const reportFilterFields = z.object({
  from: isoDate.optional().describe("First day of the period (default: 6 months back, 1st of the month)"),
  to: isoDate.optional().describe("Day after the period, exclusive (default: tomorrow, workspace time)"),
  podId: idSchema
    .optional()
    .describe(
      "Contacts of this pod: the account's pod, else a territory the pod covers, else the persona's, else the segment's",
    ),
  personaId: idSchema.optional().describe("Contacts of this persona"),
  segmentId: idSchema.optional().describe("Contacts whose account is in this segment"),
  channel: z
    .enum(CHANNELS, { message: `channel must be one of ${CHANNELS.join(", ")}` })
    .optional()
    .describe("Contacts whose source campaign runs on this channel"),
  campaignId: idSchema.optional().describe("Contacts whose source campaign is this one"),
  source: z.string().trim().min(1).max(200).optional().describe("Contacts with this lead source"),
  propertyKey: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .describe("A contact custom property's API name (with propertyValue)"),
  propertyValue: z
    .string()
    .max(200)
    .optional()
    .describe("The value the custom property propertyKey must hold"),
});

/**
 * The checks across filter keys (a period the right way round and not too long, a property with its value).
 * A report whose query adds keys to `reportFilterFields` runs these in its own superRefine.
 */
export function checkReportFilters(q: z.output<typeof reportFilterFields>, ctx: z.RefinementCtx) {
  if (q.from && q.to && q.from >= q.to)
    ctx.addIssue({ code: "custom", path: ["to"], message: "to must be after from" });
  if (q.from && q.to && (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 > MAX_REPORT_DAYS)
    ctx.addIssue({
      code: "custom",
      path: ["to"],
      message: `a report covers at most ${MAX_REPORT_DAYS} days`,
    });
  if (q.propertyKey && q.propertyValue === undefined)
    ctx.addIssue({ code: "custom", path: ["propertyValue"], message: "is required with propertyKey" });
  if (q.propertyValue !== undefined && !q.propertyKey)
    ctx.addIssue({ code: "custom", path: ["propertyKey"], message: "is required with propertyValue" });
}

export const reportFiltersSchema = reportFilterFields.superRefine(checkReportFilters);
export type ReportFilters = z.output<typeof reportFiltersSchema>;

/** The filter keys, in the order the filter bar shows them and the URL keeps them. */
export const REPORT_FILTER_KEYS = [
  "from",
  "to",
  "podId",
  "personaId",
  "segmentId",
  "channel",
  "campaignId",
  "source",
  "propertyKey",
  "propertyValue",
] as const satisfies readonly (keyof ReportFilters)[];

/** The period a report answered for, resolved from the filters (the defaults filled in). */
export const reportPeriodSchema = z.object({
  from: z.string().describe("First day, workspace time"),
  to: z.string().describe("Day after the last, exclusive"),
  timeZone: z.string(),
});
export type ReportPeriod = z.infer<typeof reportPeriodSchema>;

// ---------------------------------------------------------------------------------------------------------
// Funnel, velocity and stalled leads.

/** The funnel's stages in order: a contact that reached a stage has passed every stage before it. */
export const FUNNEL_STAGES = ["lead", "mql", "sal", "sql", "opportunity", "customer"] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];
/** The stages a contact spends time in before the next (velocity, stalls): every funnel stage but the last. */
export const VELOCITY_STAGES = ["lead", "mql", "sal", "sql", "opportunity"] as const;
export type VelocityStage = (typeof VELOCITY_STAGES)[number];

/** What a funnel can be broken down by. */
export const FUNNEL_BREAKDOWNS = [
  "source",
  "campaign",
  "channel",
  "persona",
  "pod",
  "segment",
  "property",
] as const;
export type FunnelBreakdown = (typeof FUNNEL_BREAKDOWNS)[number];
export const FUNNEL_BREAKDOWN_LABELS: Record<FunnelBreakdown, string> = {
  source: "Lead source",
  campaign: "Source campaign",
  channel: "Channel",
  persona: "Persona",
  pod: "Pod",
  segment: "Segment",
  property: "Contact property",
};

/** The funnel report's query: the shared filters, and an optional breakdown. */
export const funnelQuerySchema = reportFilterFields
  .extend({
    by: z
      .enum(FUNNEL_BREAKDOWNS, { message: `by must be one of ${FUNNEL_BREAKDOWNS.join(", ")}` })
      .optional()
      .describe("Break the funnel down by this"),
    byProperty: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .describe("With by=property: the contact property's API name"),
  })
  .superRefine((q, ctx) => {
    checkReportFilters(q, ctx);
    if (q.by === "property" && !q.byProperty)
      ctx.addIssue({ code: "custom", path: ["byProperty"], message: "is required with by=property" });
  });
export type FunnelQuery = z.output<typeof funnelQuerySchema>;

/** Contacts of a cohort that reached each stage (or a later one). */
export const funnelCountsSchema = z.object(
  Object.fromEntries(FUNNEL_STAGES.map((s) => [s, z.number().int()])) as Record<FunnelStage, z.ZodNumber>,
);
export type FunnelCounts = z.infer<typeof funnelCountsSchema>;

/** A rate with its counts; `judged` is false below the minimum sample (the rate then carries no verdict). */
export const conversionSchema = z.object({
  converted: z.number().int(),
  of: z.number().int(),
  /** converted / of; null when of is 0. */
  rate: z.number().nullable(),
  judged: z.boolean(),
});
export type Conversion = z.infer<typeof conversionSchema>;

export const funnelStepSchema = conversionSchema.extend({
  from: z.enum(FUNNEL_STAGES),
  to: z.enum(FUNNEL_STAGES),
});

/** One cohort's funnel: the whole period, one entry month, or one value of the breakdown. */
export const funnelGroupSchema = z.object({
  /** The month (2026-01), the breakdown's value (an id, a source, a channel...), or null for none / the total. */
  key: z.string().nullable(),
  label: z.string(),
  reached: funnelCountsSchema,
  /** Each stage to the next: reached(next) of reached(stage). */
  steps: z.array(funnelStepSchema),
  mqlToWon: conversionSchema,
  sqlToWon: conversionSchema,
});
export type FunnelGroup = z.infer<typeof funnelGroupSchema>;

export const funnelReportSchema = z.object({
  period: reportPeriodSchema,
  /** Rates over fewer contacts than this show their counts but no verdict (the SLA's minimum sample). */
  minimumSample: z.number().int(),
  stages: z.array(z.object({ stage: z.enum(FUNNEL_STAGES), label: z.string() })),
  /** The cohort: contacts that entered the funnel in the period, and how far they got by now. */
  total: funnelGroupSchema,
  /** Contacts that entered each stage in the period, whenever they entered the funnel (the cockpit's count). */
  entered: funnelCountsSchema,
  /** The cohort by the month it entered the funnel (workspace time), oldest first. */
  cohorts: z.array(funnelGroupSchema),
  breakdown: z
    .object({
      by: z.enum(FUNNEL_BREAKDOWNS),
      property: z.string().nullable(),
      rows: z.array(funnelGroupSchema),
    })
    .nullable(),
});
export type FunnelReport = z.infer<typeof funnelReportSchema>;

/** The stalled list's stage filter: one stage, or handed_over (MQL and later: the stages someone owns). */
export const STALLED_STAGE_CHOICES = [...VELOCITY_STAGES, "handed_over"] as const;
export const HANDED_OVER_STAGES = ["mql", "sal", "sql", "opportunity"] as const;

/** How old a stay may get before a lead counts as stalled, unless a query says otherwise. */
export const DEFAULT_STALLED_AFTER_DAYS = 30;

const stalledAfterDays = z.coerce
  .number({ message: "stalledAfterDays must be a number of days" })
  .int({ message: "stalledAfterDays must be a whole number of days" })
  .min(1, { message: "stalledAfterDays must be at least 1" })
  .max(3650, { message: "stalledAfterDays can be at most 3650" })
  .default(DEFAULT_STALLED_AFTER_DAYS)
  .describe("A contact in a stage longer than this many calendar days is stalled");

export const velocityQuerySchema = reportFilterFields
  .extend({ stalledAfterDays })
  .superRefine(checkReportFilters);
export type VelocityQuery = z.output<typeof velocityQuerySchema>;

export const velocityStageSchema = z.object({
  stage: z.enum(VELOCITY_STAGES),
  label: z.string(),
  /** Stays in this stage that ended in the period (the contact moved on, forward or back). */
  moves: z.number().int(),
  medianDays: z.number().nullable(),
  p75Days: z.number().nullable(),
  medianBusinessDays: z.number().nullable(),
  p75BusinessDays: z.number().nullable(),
  /** Contacts in this stage now (not archived, within the filters). */
  inStageNow: z.number().int(),
  /** Of those, the stalled: beyond the SLA or in the stage longer than stalledAfterDays. */
  stalledNow: z.number().int(),
});
export type VelocityStageRow = z.infer<typeof velocityStageSchema>;

export const velocityReportSchema = z.object({
  period: reportPeriodSchema,
  stalledAfterDays: z.number().int(),
  /** The business calendar business days are counted in: the SLA's, or the default. */
  businessCalendar: z.object({
    timeZone: z.string(),
    hoursPerDay: z.number(),
    source: z.enum(["sla", "default"]),
  }),
  stages: z.array(velocityStageSchema),
});
export type VelocityReport = z.infer<typeof velocityReportSchema>;

const stalledFilterFields = reportFilterFields.extend({
  stalledAfterDays,
  stage: z
    .enum(STALLED_STAGE_CHOICES, { message: `stage must be one of ${STALLED_STAGE_CHOICES.join(", ")}` })
    .optional()
    .describe("Only contacts in this stage; handed_over: MQL and later (every stage when absent)"),
});
export const stalledQuerySchema = stalledFilterFields
  .extend({
    cursor: z.string().max(500).optional().describe("nextCursor from the previous page"),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .superRefine(checkReportFilters);
/** The CSV export takes the filters only: it writes every page. */
export const stalledExportQuerySchema = stalledFilterFields.superRefine(checkReportFilters);
export type StalledQuery = z.output<typeof stalledQuerySchema>;

export const STALL_REASONS = ["sla", "age"] as const;

export const stalledContactSchema = z.object({
  contactId: idSchema,
  name: z.string(),
  email: z.string().nullable(),
  accountName: z.string().nullable(),
  ownerName: z.string().nullable(),
  stage: z.enum(VELOCITY_STAGES),
  /** When the contact entered the stage it is in. */
  since: z.string(),
  daysInStage: z.number(),
  /** sla: an SLA clock breached during this stay; age: in the stage longer than stalledAfterDays. */
  reasons: z.array(z.enum(STALL_REASONS)),
  /** The breached commitments, in words ("Accept or reject"). */
  breached: z.array(z.string()),
});
export type StalledContact = z.infer<typeof stalledContactSchema>;

export const stalledPageSchema = z.object({
  items: z.array(stalledContactSchema),
  nextCursor: z.string().nullable(),
  total: z.number().int(),
  stalledAfterDays: z.number().int(),
});
export type StalledPage = z.infer<typeof stalledPageSchema>;
