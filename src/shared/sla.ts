// The sales-marketing service level agreement: what each team commits to, counted in the workspace's
// business hours. Versions follow the scoring models' workflow (draft -> approved by a sales lead and a
// marketing lead -> active -> retired). Shared by the server, the API schemas and the web app.
import { z } from "zod";
import { AGREEMENT_STATUSES, type AgreementStatus, agreementVersionFields } from "./agreements.js";
import { businessCalendarSchema, DEFAULT_BUSINESS_CALENDAR } from "./business-hours.js";
import { idSchema, pageSchema, timestamp } from "./common.js";

export const SLA_STATUSES = AGREEMENT_STATUSES;
export type SlaStatus = AgreementStatus;

/** The sales commitments a clock runs for, per MQL. */
export const SLA_COMMITMENTS = ["accept", "first_touch", "attempts"] as const;
export type SlaCommitment = (typeof SLA_COMMITMENTS)[number];

export const SLA_COMMITMENT_LABELS: Record<SlaCommitment, string> = {
  accept: "Accept or reject",
  first_touch: "First touch",
  attempts: "Follow-up attempts",
};

/** waiting: no owner yet (routing queue, counted as system delay); running: the owner's clock runs. */
export const CLOCK_STATUSES = ["waiting", "running", "met", "breached", "cancelled"] as const;
export type ClockStatus = (typeof CLOCK_STATUSES)[number];

const hours = (field: string, max: number) =>
  z
    .number({ message: `${field} must be a number of business hours` })
    .positive({ message: `${field} must be more than 0 business hours` })
    .max(max, { message: `${field} can be at most ${max} business hours` });

const count = (field: string, max: number) =>
  z
    .number({ message: `${field} must be a whole number` })
    .int({ message: `${field} must be a whole number` })
    .min(1, { message: `${field} must be at least 1` })
    .max(max, { message: `${field} can be at most ${max}` });

export const salesCommitmentsSchema = z.object({
  /** Accept or reject each MQL within this many business hours of getting it. */
  acceptWithinHours: hours("acceptWithinHours", 400),
  /** The first sales touch (call, email, message, meeting) within this many business hours. */
  firstTouchWithinHours: hours("firstTouchWithinHours", 400),
  /** At least `attempts` sales touches within `attemptsWithinDays` business days. */
  attempts: count("attempts", 50),
  attemptsWithinDays: count("attemptsWithinDays", 60),
  /** Warn the owner when this share of the allowed time is used (default 75%). */
  warnAtPercent: z
    .number({ message: "warnAtPercent must be a number" })
    .int({ message: "warnAtPercent must be a whole percentage" })
    .min(1, { message: "warnAtPercent must be between 1 and 99" })
    .max(99, { message: "warnAtPercent must be between 1 and 99" })
    .default(75),
  /** On a breached accept clock, route the lead to another rep of the pod. */
  reassignOnBreach: z.boolean({ message: "reassignOnBreach must be true or false" }).default(false),
  /** Sales' acceptance goal: MQLs accepted (SALs) a month; derived from the revenue target (docs/goals.md). */
  acceptedPerMonth: z
    .number({ message: "acceptedPerMonth must be a whole number" })
    .int({ message: "acceptedPerMonth must be a whole number" })
    .min(0, { message: "acceptedPerMonth cannot be negative" })
    .max(10_000_000, { message: "acceptedPerMonth is too large" })
    .optional(),
  /** Sales' opportunity goal: opportunities opened a month; derived from the revenue target. */
  opportunitiesPerMonth: z
    .number({ message: "opportunitiesPerMonth must be a whole number" })
    .int({ message: "opportunitiesPerMonth must be a whole number" })
    .min(0, { message: "opportunitiesPerMonth cannot be negative" })
    .max(10_000_000, { message: "opportunitiesPerMonth is too large" })
    .optional(),
});

export const marketingCommitmentsSchema = z.object({
  mqlsPerMonth: z
    .number({ message: "mqlsPerMonth must be a whole number" })
    .int({ message: "mqlsPerMonth must be a whole number" })
    .min(0, { message: "mqlsPerMonth cannot be negative" })
    .max(10_000_000, { message: "mqlsPerMonth is too large" }),
  pipelinePerQuarter: z
    .number({ message: "pipelinePerQuarter must be an amount" })
    .min(0, { message: "pipelinePerQuarter cannot be negative" })
    .max(1e13, { message: "pipelinePerQuarter is too large" }),
  /** The most MQLs sales may reject, as a share (0.3 = 30%). */
  maxRejectionRate: z
    .number({ message: "maxRejectionRate must be a share between 0 and 1" })
    .min(0, { message: "maxRejectionRate must be between 0 and 1 (0.3 = 30%)" })
    .max(1, { message: "maxRejectionRate must be between 0 and 1 (0.3 = 30%)" }),
});

/** Rates over fewer decided cases than this carry their counts but no verdict ("too few to judge"). */
export const DEFAULT_MINIMUM_SAMPLE = 20;

export const slaTermsSchema = z.object({
  calendar: businessCalendarSchema,
  sales: salesCommitmentsSchema,
  marketing: marketingCommitmentsSchema,
  /** The fewest decided cases (clocks met or breached, MQLs accepted or rejected) a rate is judged on. */
  minimumSample: z
    .number({ message: "minimumSample must be a whole number" })
    .int({ message: "minimumSample must be a whole number" })
    .min(1, { message: "minimumSample must be at least 1" })
    .max(10_000, { message: "minimumSample can be at most 10000" })
    .default(DEFAULT_MINIMUM_SAMPLE),
});

/** Whether a rate over `decided` cases may carry a verdict (a colour, "met", "above the limit"). */
export function enoughToJudge(decided: number, minimumSample: number): boolean {
  return decided >= minimumSample;
}

/** "too few to judge (2 of 20)" */
export function tooFewToJudge(decided: number, minimumSample: number): string {
  return `too few to judge (${decided} of ${minimumSample})`;
}
export type SlaTerms = z.infer<typeof slaTermsSchema>;

export const STARTER_SLA_TERMS: SlaTerms = {
  calendar: { ...DEFAULT_BUSINESS_CALENDAR, workingDays: [1, 2, 3, 4, 5], holidays: [] },
  sales: {
    acceptWithinHours: 4,
    firstTouchWithinHours: 8,
    attempts: 3,
    attemptsWithinDays: 5,
    warnAtPercent: 75,
    reassignOnBreach: false,
  },
  marketing: { mqlsPerMonth: 100, pipelinePerQuarter: 500_000, maxRejectionRate: 0.3 },
  minimumSample: DEFAULT_MINIMUM_SAMPLE,
};

export const createSlaDraftSchema = z.object({
  /** Start from this version's terms; the starter terms (or the live version's) otherwise. */
  fromVersion: z.number().int().positive().optional(),
  note: z.string().trim().max(2000).default(""),
});

export const updateSlaDraftSchema = z.object({
  terms: slaTermsSchema,
  note: z.string().trim().max(2000).optional(),
});

export const slaVersionSchema = z.object({
  ...agreementVersionFields,
  terms: slaTermsSchema,
});
export type SlaVersion = z.infer<typeof slaVersionSchema>;

export const slaOverviewSchema = z.object({
  active: slaVersionSchema.nullable(),
  versions: z.array(slaVersionSchema),
});

export const slaClockSchema = z.object({
  id: idSchema,
  contactId: idSchema,
  commitment: z.enum(SLA_COMMITMENTS),
  label: z.string(),
  status: z.enum(CLOCK_STATUSES),
  /** Outside business hours a running clock is paused until `resumesAt`. */
  paused: z.boolean(),
  resumesAt: timestamp.nullable(),
  memberId: idSchema.nullable(),
  memberName: z.string().nullable(),
  slaVersion: z.number().int(),
  target: z.number().int(),
  progress: z.number().int(),
  allowed: z.string(),
  startedAt: timestamp,
  ownerSince: timestamp.nullable(),
  warnAt: timestamp.nullable(),
  dueAt: timestamp.nullable(),
  warnedAt: timestamp.nullable(),
  breachedAt: timestamp.nullable(),
  completedAt: timestamp.nullable(),
  closedReason: z.string(),
  /** Business milliseconds left (negative once overdue); null when not running. */
  remainingMs: z.number().nullable(),
  /** Business milliseconds the lead waited for an owner (routing queue): the system's delay. */
  systemDelayMs: z.number(),
  /** Business milliseconds the owner took (so far, for open clocks). */
  repDelayMs: z.number().nullable(),
});
export type SlaClock = z.infer<typeof slaClockSchema>;

// Routing

export const ASSIGNMENT_KINDS = [
  "account_owner",
  "kept_owner",
  "routed",
  "queued",
  "manual",
  "reassigned",
] as const;
export type AssignmentKind = (typeof ASSIGNMENT_KINDS)[number];

export const leadAssignmentSchema = z.object({
  id: idSchema,
  contactId: idSchema,
  kind: z.enum(ASSIGNMENT_KINDS),
  memberId: idSchema.nullable(),
  memberName: z.string().nullable(),
  podId: idSchema.nullable(),
  podName: z.string().nullable(),
  previousMemberId: idSchema.nullable(),
  reason: z.string(),
  assignedByName: z.string().nullable(),
  assignedAt: timestamp,
});
export type LeadAssignment = z.infer<typeof leadAssignmentSchema>;

export const assignLeadSchema = z.object({
  memberId: idSchema,
  comment: z.string().trim().max(500).default(""),
});

export const routingQueueItemSchema = z.object({
  contactId: idSchema,
  name: z.string(),
  email: z.string().nullable(),
  accountName: z.string().nullable(),
  mqlAt: timestamp,
  reason: z.string(),
});

// Reports

const isoDate = z.iso.date({ message: "must be a date like 2026-01-31" });

export const complianceQuerySchema = z
  .object({
    from: isoDate,
    /** Exclusive. */
    to: isoDate,
    by: z.enum(["rep", "pod", "team", "month"]).default("rep"),
  })
  .refine((q) => q.from < q.to, { path: ["to"], message: "to must be after from" });

export const commitmentComplianceSchema = z.object({
  commitment: z.enum(SLA_COMMITMENTS),
  label: z.string(),
  /** Clocks started in the period. */
  started: z.number().int(),
  met: z.number().int(),
  breached: z.number().int(),
  open: z.number().int(),
  /** met / (met + breached); null when nothing was decided yet. */
  compliance: z.number().nullable(),
  /** met + breached >= the minimum sample: only then does the rate carry a verdict. */
  judged: z.boolean(),
});

export const complianceReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  by: z.enum(["rep", "pod", "team", "month"]),
  slaVersion: z.number().int().nullable(),
  /** The SLA's minimum sample (the default without an SLA): fewer decided cases, no verdict. */
  minimumSample: z.number().int(),
  sales: z.array(
    z.object({
      key: z.string().nullable(),
      label: z.string(),
      commitments: z.array(commitmentComplianceSchema),
      /** Business milliseconds leads waited for an owner, summed. */
      systemDelayMs: z.number(),
    }),
  ),
  marketing: z.object({
    mqlsDelivered: z.number().int(),
    mqlsCommitted: z.number().nullable(),
    pipelineCreated: z.number(),
    pipelineCommitted: z.number().nullable(),
    accepted: z.number().int(),
    rejected: z.number().int(),
    rejectionRate: z.number().nullable(),
    maxRejectionRate: z.number().nullable(),
    /** Accepted + rejected >= the minimum sample, and a limit in force: only then "above/within the limit". */
    rejectionJudged: z.boolean(),
  }),
});
export type ComplianceReport = z.infer<typeof complianceReportSchema>;

export const speedToLeadQuerySchema = z
  .object({ from: isoDate, to: isoDate })
  .refine((q) => q.from < q.to, { path: ["to"], message: "to must be after from" });

export const speedToLeadSchema = z.object({
  buckets: z.array(z.object({ label: z.string(), upToMinutes: z.number().nullable(), count: z.number() })),
  untouched: z.number().int(),
  touched: z.number().int(),
  /** Business minutes from MQL to first touch. */
  medianMinutes: z.number().nullable(),
  p90Minutes: z.number().nullable(),
  /** Of which: business minutes waiting for an owner (system) vs. with the owner (rep). */
  medianSystemMinutes: z.number().nullable(),
  medianRepMinutes: z.number().nullable(),
});

export const routingQueueQuerySchema = z.object({
  cursor: z.string().max(500).optional().describe("nextCursor from the previous page"),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
/** A page of the routing queue; `total` (every MQL waiting for an owner) comes with the first page. */
export const routingQueueSchema = pageSchema(routingQueueItemSchema).extend({
  total: z.number().int().optional(),
});

/** Give several waiting MQLs to one member at once (a sales lead or an admin). */
export const bulkAssignSchema = z.object({
  contactIds: z
    .array(idSchema)
    .min(1, { message: "contactIds needs at least one lead" })
    .max(100, { message: "contactIds can hold at most 100 leads at a time" }),
  memberId: idSchema,
  comment: z.string().trim().max(500).default(""),
});
export const bulkAssignResultSchema = z.object({ assigned: z.number().int() });

export const memberClockQuerySchema = z.object({
  memberId: idSchema.optional(),
  open: z
    .enum(["true", "false"], { message: "open must be true or false" })
    .default("true")
    .transform((v) => v === "true"),
  cursor: z.string().max(500).optional().describe("nextCursor from the previous page"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const slaClockPageSchema = pageSchema(slaClockSchema);
/** A queue page's contacts, comma-separated: their accept-or-reject clocks in one request. */
export const answerClockQuerySchema = z.object({
  contactIds: z
    .string()
    .transform((v) => v.split(",").filter(Boolean))
    .pipe(z.array(idSchema).min(1, "name at least one contact").max(200, "at most 200 contacts at once"))
    .describe("Contact ids, comma-separated (at most 200)"),
});
export const answerClocksSchema = z.object({ items: z.array(slaClockSchema) });

/** A contact's SLA clocks and who got the lead, when and why. */
export const contactSlaSchema = z.object({
  clocks: z.array(slaClockSchema),
  assignments: z.array(leadAssignmentSchema),
});
