// Feedback from sales to marketing: every MQL is accepted or rejected with a reason, so marketing sees
// which campaigns and sources produce leads sales wants.
import { z } from "zod";
import { idSchema, listSchema, timestamp } from "./common.js";

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

/** Accept several MQLs at once (each by the same rules as one): all or none. */
export const acceptLeadsSchema = acceptLeadSchema.extend({
  contactIds: z
    .array(idSchema)
    .min(1, { message: "contactIds needs at least one MQL" })
    .max(100, { message: "contactIds can hold at most 100 MQLs at a time" }),
});
export const acceptLeadsResultSchema = z.object({ accepted: z.number().int() });

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

/** Sales' acceptance rate: accepted / (accepted + rejected); null before any decision. The one definition. */
export function acceptanceRate(accepted: number, rejected: number): number | null {
  return accepted + rejected === 0 ? null : accepted / (accepted + rejected);
}

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

export const createObjectionSchema = z.object({
  text: z.string().trim().min(1, { message: "is required" }).max(1000),
  personaId: idSchema.nullish(),
  stage: z.string().trim().max(50).nullish(),
  contactId: idSchema.nullish(),
  opportunityId: idSchema.nullish(),
});

export const objectionSchema = z.object({
  id: z.string(),
  text: z.string(),
  personaId: z.string().nullable(),
  personaName: z.string().nullable(),
  stage: z.string().nullable(),
  contactId: z.string().nullable(),
  opportunityId: z.string().nullable(),
  memberName: z.string(),
  heardAt: timestamp,
});

export const objectionSummarySchema = z.object({
  items: z.array(
    z.object({
      personaId: z.string().nullable(),
      personaName: z.string(),
      text: z.string(),
      count: z.number().int(),
      lastHeardAt: timestamp,
      answered: z.boolean().describe("The persona's messaging guide has an approved response to it"),
    }),
  ),
});

export const CONTENT_REQUEST_STATUSES = ["new", "in_progress", "delivered", "used"] as const;

export const createContentRequestSchema = z.object({
  title: z.string().trim().min(1, { message: "is required" }).max(200),
  need: z.string().trim().max(2000).default(""),
  personaId: idSchema.nullish(),
  stage: z.string().trim().max(50).nullish(),
  dueDate: z.iso.date({ message: "must be a date like 2026-01-31" }).nullish(),
});

export const updateContentRequestSchema = z.object({
  status: z.enum(CONTENT_REQUEST_STATUSES).optional(),
  assigneeMemberId: idSchema.nullish(),
  // Shown as a link: only web addresses (never javascript: or data: URLs).
  assetUrl: z
    .url({ protocol: /^https?$/, message: "must be an http:// or https:// URL" })
    .max(2000)
    .nullish(),
  /** The library asset that fulfils it: linking one delivers a request not yet delivered. */
  assetId: idSchema.nullish(),
});

export const contentRequestSchema = z.object({
  id: z.string(),
  title: z.string(),
  need: z.string(),
  personaId: z.string().nullable(),
  stage: z.string().nullable(),
  dueDate: z.string().nullable(),
  status: z.enum(CONTENT_REQUEST_STATUSES),
  requestedBy: z.string(),
  assigneeMemberId: z.string().nullable(),
  assetUrl: z.string().nullable(),
  assetId: z.string().nullable(),
  assetTitle: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const leadDecisionListSchema = listSchema(leadDecisionSchema);
export const objectionListSchema = listSchema(objectionSchema);
export const objectionListQuerySchema = z.object({ personaId: idSchema.optional() });
export const contentRequestListSchema = listSchema(contentRequestSchema);
export const contentRequestListQuerySchema = z.object({
  status: z.enum(CONTENT_REQUEST_STATUSES).optional(),
});
