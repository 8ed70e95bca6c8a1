// Feedback from sales to marketing: every MQL is accepted or rejected with a reason, so marketing sees
// which campaigns and sources produce leads sales wants.
import { z } from "zod";
import { timestamp } from "./common.js";

export const DEFAULT_REJECTION_REASONS = [
  { code: "bad_fit", label: "Bad fit", fitRelated: true },
  { code: "wrong_persona", label: "Wrong persona", fitRelated: true },
  { code: "no_budget", label: "No budget", fitRelated: true },
  { code: "no_authority", label: "No authority", fitRelated: true },
  { code: "student_or_competitor", label: "Student or competitor", fitRelated: true },
  { code: "duplicate", label: "Duplicate", fitRelated: false },
  { code: "unreachable", label: "Unreachable", fitRelated: false },
  { code: "bad_data", label: "Bad data", fitRelated: false },
  { code: "bad_timing", label: "Bad timing", fitRelated: false },
] as const;
export type RejectionReasonCode = (typeof DEFAULT_REJECTION_REASONS)[number]["code"];
const REASON_CODES = DEFAULT_REJECTION_REASONS.map((r) => r.code) as [
  RejectionReasonCode,
  ...RejectionReasonCode[],
];

export const acceptLeadSchema = z.object({
  comment: z.string().trim().max(2000).default(""),
});

export const rejectLeadSchema = z.object({
  reason: z.enum(REASON_CODES, { message: `must be one of ${REASON_CODES.join(", ")}` }),
  comment: z.string().trim().max(2000).default(""),
  /** Back to marketing's nurture (recycled) or out for good (disqualified). */
  outcome: z.enum(["recycled", "disqualified"]).default("recycled"),
});

export const leadDecisionSchema = z.object({
  id: z.string(),
  contactId: z.string(),
  decision: z.enum(["accepted", "rejected"]),
  reason: z.string().nullable(),
  reasonLabel: z.string().nullable(),
  comment: z.string(),
  outcome: z.string(),
  memberId: z.string(),
  memberName: z.string(),
  campaignId: z.string().nullable(),
  source: z.string().nullable(),
  decidedAt: timestamp,
});
export type LeadDecision = z.infer<typeof leadDecisionSchema>;

export const decisionSummaryQuerySchema = z.object({
  by: z.enum(["campaign", "source"]).default("campaign"),
  since: z.iso.date({ message: "must be a date like 2026-01-31" }).optional(),
});

export const decisionSummarySchema = z.object({
  items: z.array(
    z.object({
      key: z.string().nullable(),
      label: z.string(),
      accepted: z.number().int(),
      rejected: z.number().int(),
      acceptanceRate: z.number().nullable(),
      reasons: z.array(z.object({ reason: z.string(), label: z.string(), count: z.number().int() })),
    }),
  ),
});
