// Contacts: people at accounts ("leads" early in the lifecycle), their stage history and timeline.
import { z } from "zod";
import { idSchema, listQuerySchema, listSchema, optionalText, timestamp } from "./common.js";
import { LIFECYCLE_STAGES, SENIORITIES, STAGE_CHANGE_CAUSES, TEAMS, TOUCH_TYPES } from "./domain.js";
import { PROPERTIES_DESCRIPTION, sortPropertyField } from "./properties.js";

const contactFields = {
  email: z
    .email({ message: "must be an email address" })
    .trim()
    .toLowerCase()
    .max(254)
    .nullish()
    .transform((v) => v ?? null),
  firstName: z.string().trim().max(100).default(""),
  lastName: z.string().trim().max(100).default(""),
  title: optionalText(200),
  seniority: z
    .enum(SENIORITIES)
    .nullish()
    .transform((v) => v ?? null),
  department: optionalText(100),
  phone: optionalText(50),
  country: optionalText(100),
  region: optionalText(100),
  accountId: idSchema.nullish(),
  personaId: idSchema.nullish(),
  ownerMemberId: idSchema.nullish(),
  lifecycleStage: z.enum(LIFECYCLE_STAGES).default("lead"),
  leadStatus: optionalText(50),
  source: optionalText(100),
  sourceCampaignId: idSchema.nullish(),
  properties: z.record(z.string(), z.unknown()).optional().describe(PROPERTIES_DESCRIPTION),
};

const hasIdentity = (c: { email?: string | null; firstName?: string; lastName?: string }) =>
  Boolean(c.email || c.firstName || c.lastName);

export const createContactSchema = z
  .object(contactFields)
  .refine(hasIdentity, { message: "needs an email or a name", path: ["email"] });
export const updateContactSchema = z
  .object({
    ...contactFields,
    firstName: z.string().trim().max(100),
    lastName: z.string().trim().max(100),
    lifecycleStage: z.enum(LIFECYCLE_STAGES),
  })
  .partial();
export type CreateContact = z.infer<typeof createContactSchema>;

export const contactSchema = z.object({
  id: z.string(),
  email: z.string().nullable(),
  firstName: z.string(),
  lastName: z.string(),
  name: z.string(),
  title: z.string().nullable(),
  seniority: z.string().nullable(),
  department: z.string().nullable(),
  phone: z.string().nullable(),
  country: z.string().nullable(),
  region: z.string().nullable(),
  accountId: z.string().nullable(),
  accountName: z.string().nullable().optional().describe("The account's name (in lists)"),
  sourceCampaignName: z.string().nullable().optional().describe("The source campaign's name (in lists)"),
  score: z
    .number()
    .nullable()
    .optional()
    .describe(
      "In lists: the combined score under the live model (as of its last rescore), null when unscored",
    ),
  grade: z.string().nullable().optional().describe("In lists: the grade under the live model, e.g. A1"),
  personaId: z.string().nullable(),
  ownerMemberId: z.string().nullable(),
  lifecycleStage: z.enum(LIFECYCLE_STAGES),
  lifecycleStageChangedAt: timestamp,
  leadStatus: z.string().nullable(),
  source: z.string().nullable(),
  sourceCampaignId: z.string().nullable(),
  properties: z.record(z.string(), z.unknown()),
  archivedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Contact = z.infer<typeof contactSchema>;

export const CONTACT_SORTS = ["name", "createdAt", "updatedAt", "lifecycleStageChangedAt", "score"] as const;
export const contactListQuerySchema = listQuerySchema(CONTACT_SORTS, "name")
  .extend({
    ...sortPropertyField,
    lifecycleStage: z.enum(LIFECYCLE_STAGES).optional(),
    accountId: idSchema.optional(),
    personaId: idSchema.optional(),
    ownerMemberId: idSchema.optional(),
    source: z.string().max(100).optional(),
    grade: z
      .string()
      .regex(/^[A-D][1-4]$/, { message: "grade must be a fit letter and an engagement digit, like A1" })
      .optional()
      .describe("Only contacts with this grade under the live model"),
    mql: z
      .enum(["true", "false"], { message: "mql must be true or false" })
      .optional()
      .transform((v) => (v === undefined ? undefined : v === "true"))
      .describe("Only contacts that meet (true) or do not meet (false) the live model's MQL condition"),
    modelId: idSchema
      .optional()
      .describe("The live scoring model the score, grade and mql filters read (default: the first by name)"),
  })
  // property.<api_name>=value filters: their keys depend on the workspace, the server checks them.
  .loose();

export const stageChangeSchema = z.object({
  id: z.string(),
  contactId: z.string(),
  fromStage: z.enum(LIFECYCLE_STAGES).nullable(),
  toStage: z.enum(LIFECYCLE_STAGES),
  changedAt: timestamp,
  cause: z.enum(STAGE_CHANGE_CAUSES),
  causeDetail: z.string(),
  memberId: z.string().nullable(),
  memberName: z.string().nullable(),
});
export type StageChange = z.infer<typeof stageChangeSchema>;

export const touchSchema = z.object({
  id: z.string(),
  contactId: z.string().nullable(),
  accountId: z.string().nullable(),
  type: z.string(),
  team: z.enum(TEAMS),
  channel: z.string().nullable(),
  campaignId: z.string().nullable(),
  campaignName: z.string().nullable(),
  memberId: z.string().nullable(),
  memberName: z.string().nullable(),
  occurredAt: timestamp,
  properties: z.record(z.string(), z.unknown()),
  source: z.string(),
});
export type Touch = z.infer<typeof touchSchema>;

export const logTouchSchema = z.object({
  type: z.enum(TOUCH_TYPES),
  occurredAt: z.iso.datetime({ offset: true, message: "must be an ISO date-time" }).optional(),
  channel: optionalText(50),
  campaignId: idSchema.nullish(),
  note: z.string().trim().max(5000).optional().describe("Stored as properties.note"),
  properties: z.record(z.string(), z.unknown()).optional(),
});

export const timelineQuerySchema = z.object({
  team: z.enum(["marketing", "sales"]).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const stageHistorySchema = listSchema(stageChangeSchema);
