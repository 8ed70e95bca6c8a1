// Opportunities: deals with amount, stage, close date and the contacts playing a role in them.
import { z } from "zod";
import { idSchema, isoDate, listQuerySchema, timestamp } from "./common.js";
import { OPPORTUNITY_CONTACT_ROLES, OPPORTUNITY_STAGES } from "./domain.js";
import { PROPERTIES_DESCRIPTION, sortPropertyField } from "./properties.js";

export const opportunityContactSchema = z.object({
  contactId: idSchema,
  role: z.enum(OPPORTUNITY_CONTACT_ROLES).default("other"),
});

const opportunityFields = {
  name: z.string().trim().min(1, "is required").max(200),
  accountId: idSchema,
  amount: z.number().min(0).max(1e12),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, "must be a 3-letter currency code such as USD")
    .default("USD"),
  stage: z.enum(OPPORTUNITY_STAGES).default("discovery"),
  closeDate: isoDate,
  ownerMemberId: idSchema.nullish(),
  sourceCampaignId: idSchema.nullish(),
  contacts: z.array(opportunityContactSchema).max(100).optional(),
  properties: z.record(z.string(), z.unknown()).optional().describe(PROPERTIES_DESCRIPTION),
};

export const createOpportunitySchema = z.object(opportunityFields);
export const updateOpportunitySchema = z
  .object({
    ...opportunityFields,
    stage: z.enum(OPPORTUNITY_STAGES),
    currency: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{3}$/, "must be a 3-letter currency code such as USD"),
  })
  .partial();

export const OPPORTUNITY_OUTCOMES = ["open", "won", "lost"] as const;
export function outcomeOfStage(stage: string): (typeof OPPORTUNITY_OUTCOMES)[number] {
  return stage === "closed_won" ? "won" : stage === "closed_lost" ? "lost" : "open";
}

export const opportunitySchema = z.object({
  id: z.string(),
  name: z.string(),
  accountId: z.string(),
  accountName: z.string().nullable(),
  amount: z.number(),
  currency: z.string(),
  stage: z.enum(OPPORTUNITY_STAGES),
  outcome: z.enum(OPPORTUNITY_OUTCOMES),
  closeDate: z.string(),
  closedAt: timestamp.nullable(),
  ownerMemberId: z.string().nullable(),
  sourceCampaignId: z.string().nullable(),
  contacts: z.array(z.object({ contactId: z.string(), role: z.string(), name: z.string() })),
  properties: z.record(z.string(), z.unknown()),
  archivedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Opportunity = z.infer<typeof opportunitySchema>;

export const OPPORTUNITY_SORTS = ["name", "createdAt", "updatedAt", "amount", "closeDate"] as const;
export const opportunityListQuerySchema = listQuerySchema(OPPORTUNITY_SORTS, "closeDate")
  .extend({
    ...sortPropertyField,
    stage: z.enum(OPPORTUNITY_STAGES).optional(),
    outcome: z.enum(OPPORTUNITY_OUTCOMES).optional(),
    accountId: idSchema.optional(),
    contactId: idSchema.optional(),
    ownerMemberId: idSchema.optional(),
  })
  // property.<api_name>=value filters: their keys depend on the workspace, the server checks them.
  .loose();
