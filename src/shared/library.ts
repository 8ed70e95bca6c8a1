// The insights library: assets both teams use with buyers, by persona and funnel stage, with their use
// (shared with contacts, each share a touch) and their influence on won deals; the gap grid of persona x
// funnel stage; content requests fulfilled by linking an asset.
import { z } from "zod";
import { idSchema, isoDate, listSchema, optionalText, pageSchema, timestamp } from "./common.js";
import { LIFECYCLE_STAGE_LABELS } from "./domain.js";

export const ASSET_KINDS = [
  "customer_story",
  "case_study",
  "statistic",
  "battlecard",
  "one_pager",
  "email_template",
  "deck",
  "video",
] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

export const ASSET_KIND_LABELS: Record<AssetKind, string> = {
  customer_story: "Customer story",
  case_study: "Case study",
  statistic: "Third-party statistic",
  battlecard: "Battle card",
  one_pager: "One-pager",
  email_template: "Email template",
  deck: "Deck",
  video: "Video",
};

/** The funnel stages an asset serves (the lifecycle stages a buyer goes through), in funnel order. */
export const LIBRARY_STAGES = ["lead", "mql", "sal", "sql", "opportunity", "customer"] as const;
export type LibraryStage = (typeof LIBRARY_STAGES)[number];
export const LIBRARY_STAGE_LABELS: Record<LibraryStage, string> = Object.fromEntries(
  LIBRARY_STAGES.map((s) => [s, LIFECYCLE_STAGE_LABELS[s]]),
) as Record<LibraryStage, string>;

/** Uploads: 10 MB at most, of these types, whose first bytes must match the type declared. */
export const MAX_ASSET_FILE_BYTES = 10 * 1024 * 1024;
export const ASSET_FILE_TYPES = {
  "application/pdf": "PDF",
  "image/png": "PNG image",
  "image/jpeg": "JPEG image",
  "image/gif": "GIF image",
  "image/webp": "WebP image",
  "video/mp4": "MP4 video",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint deck",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel workbook",
  "text/plain": "Text",
  "text/markdown": "Markdown",
  "text/csv": "CSV",
} as const;
export type AssetFileType = keyof typeof ASSET_FILE_TYPES;

const webUrl = z.url({ protocol: /^https?$/, message: "must be an http:// or https:// URL" }).max(2000);

const tags = z
  .array(z.string().trim().toLowerCase().min(1, { message: "must not be empty" }).max(40))
  .max(20, { message: "can hold at most 20 tags" })
  .transform((values) => [...new Set(values)]);

const assetFields = {
  kind: z.enum(ASSET_KINDS, { message: `must be one of ${ASSET_KINDS.join(", ")}` }),
  title: z.string().trim().min(1, { message: "is required" }).max(200),
  summary: z.string().trim().max(4000),
  personaId: idSchema.nullish(),
  funnelStage: z.enum(LIBRARY_STAGES, { message: `must be one of ${LIBRARY_STAGES.join(", ")}` }).nullish(),
  industry: optionalText(100),
  tags,
  ownerMemberId: idSchema,
  /** A link to the asset (leave empty to upload a file instead). */
  url: webUrl.nullish(),
  /** Required for a third-party statistic: who published it and when. */
  source: optionalText(300),
  sourceDate: isoDate.nullish(),
};

export const createAssetSchema = z.object({
  ...assetFields,
  summary: assetFields.summary.default(""),
  tags: tags.default([]),
  ownerMemberId: idSchema.optional().describe("Defaults to the caller"),
});
export const updateAssetSchema = z.object(assetFields).partial();

export const assetSchema = z.object({
  id: idSchema,
  kind: z.enum(ASSET_KINDS),
  title: z.string(),
  summary: z.string(),
  personaId: idSchema.nullable(),
  personaName: z.string().nullable(),
  funnelStage: z.enum(LIBRARY_STAGES).nullable(),
  industry: z.string().nullable(),
  tags: z.array(z.string()),
  ownerMemberId: idSchema,
  ownerName: z.string(),
  url: z.string().nullable(),
  source: z.string().nullable(),
  sourceDate: z.string().nullable(),
  file: z
    .object({ name: z.string(), type: z.string(), size: z.number().int() })
    .nullable()
    .describe("The uploaded file (download it from /api/assets/{id}/file)"),
  shares: z.number().int().describe("Times sales shared it with a contact"),
  lastSharedAt: timestamp.nullable(),
  archivedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Asset = z.infer<typeof assetSchema>;

export const assetListQuerySchema = z.object({
  q: z.string().trim().max(200).optional().describe("Words in the title, summary, industry, source or tags"),
  kind: z.enum(ASSET_KINDS, { message: `must be one of ${ASSET_KINDS.join(", ")}` }).optional(),
  personaId: idSchema.optional(),
  funnelStage: z.enum(LIBRARY_STAGES, { message: `must be one of ${LIBRARY_STAGES.join(", ")}` }).optional(),
  industry: z.string().trim().max(100).optional(),
  tag: z.string().trim().toLowerCase().max(40).optional(),
  ownerMemberId: idSchema.optional(),
  archived: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true"),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export const assetPageSchema = pageSchema(assetSchema);

export const shareAssetSchema = z.object({
  contactId: idSchema,
  note: z.string().trim().max(1000).default(""),
  occurredAt: z.iso
    .datetime({ offset: true, message: "must be a date-time like 2026-01-31T09:00:00Z" })
    .optional(),
});

export const assetShareSchema = z.object({
  id: idSchema,
  assetId: idSchema,
  touchId: idSchema,
  contactId: idSchema,
  contactName: z.string(),
  memberId: idSchema,
  memberName: z.string(),
  sharedAt: timestamp,
});
export const assetSharePageSchema = pageSchema(assetShareSchema);
export const assetSharesQuerySchema = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const assetUsageQuerySchema = z.object({
  from: isoDate.optional().describe("The period's first day (default: as the reports, six months)"),
  to: isoDate.optional().describe("The day after the period"),
});

/** An asset's use and its influence on won deals in a period (the attribution report's won deals). */
export const assetUsageSchema = z.object({
  period: z.object({ from: z.string(), to: z.string(), timeZone: z.string() }),
  lookbackDays: z.number().int(),
  shares: z.number().int().describe("Shares in the period"),
  contacts: z.number().int().describe("Different contacts it was shared with in the period"),
  members: z.number().int().describe("Different members who shared it in the period"),
  influence: z.object({
    wonDeals: z.number().int().describe("Won deals in the period with a share of it in their journey"),
    revenue: z.number().describe("Their amount"),
    allWonDeals: z.number().int().describe("Every won deal of the period"),
    allRevenue: z.number(),
    deals: z.array(
      z.object({
        opportunityId: idSchema,
        name: z.string(),
        amount: z.number(),
        closedAt: timestamp,
        sharedAt: timestamp.describe("The last share of it in the deal's journey"),
      }),
    ),
  }),
});

export const assetGapsSchema = z.object({
  stages: z.array(z.object({ stage: z.enum(LIBRARY_STAGES), label: z.string() })),
  rows: z.array(
    z.object({
      personaId: idSchema.nullable(),
      personaName: z.string(),
      counts: z.array(z.number().int()).describe("Live assets per stage, in the order of stages"),
    }),
  ),
  gaps: z.number().int().describe("Cells of a persona without any asset"),
});

// The messaging guide, per persona: value proposition, pains, proof points (linked assets) and the objections
// sales hears with the responses both teams give (approved by a team lead).

export const updateMessagingGuideSchema = z.object({
  valueProposition: z.string().trim().max(4000),
  pains: z
    .array(z.string().trim().min(1, { message: "must not be empty" }).max(500))
    .max(20, { message: "can hold at most 20 pains" }),
  proofPoints: z
    .array(
      z.object({
        assetId: idSchema,
        claim: z.string().trim().min(1, { message: "is required (what the asset proves)" }).max(500),
      }),
    )
    .max(20, { message: "can hold at most 20 proof points" }),
});

export const writeObjectionResponseSchema = z.object({
  objection: z.string().trim().min(1, { message: "is required" }).max(1000),
  response: z.string().trim().min(1, { message: "is required" }).max(4000),
  assetId: idSchema.nullish().describe("A library asset that backs the response"),
});

export const objectionResponseSchema = z.object({
  id: idSchema,
  response: z.string(),
  assetId: idSchema.nullable(),
  assetTitle: z.string().nullable(),
  status: z.enum(["draft", "approved"]),
  writtenByName: z.string(),
  approvedByName: z.string().nullable(),
  approvedAt: timestamp.nullable(),
  updatedAt: timestamp,
});

export const messagingGuideSchema = z.object({
  personaId: idSchema,
  personaName: z.string(),
  valueProposition: z.string(),
  pains: z.array(z.string()),
  proofPoints: z.array(
    z.object({
      assetId: idSchema,
      title: z.string(),
      kind: z.enum(ASSET_KINDS),
      claim: z.string(),
      archived: z.boolean(),
    }),
  ),
  objections: z
    .array(
      z.object({
        objection: z.string(),
        heard: z.number().int().describe("Times sales logged it for this persona"),
        lastHeardAt: timestamp.nullable(),
        response: objectionResponseSchema.nullable(),
      }),
    )
    .describe("Those without an approved response first, by how often they were heard"),
  updatedAt: timestamp.nullable(),
  updatedByName: z.string().nullable(),
});
export type MessagingGuide = z.infer<typeof messagingGuideSchema>;

export const messagingOverviewSchema = listSchema(
  z.object({
    personaId: idSchema,
    personaName: z.string(),
    hasValueProposition: z.boolean(),
    pains: z.number().int(),
    proofPoints: z.number().int(),
    approvedResponses: z.number().int(),
    unanswered: z.number().int().describe("Objections heard for the persona without an approved response"),
  }),
);
