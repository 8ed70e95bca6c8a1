// Campaigns: initiatives of either team with a channel, dates, budget and cost.
import { z } from "zod";
import { idSchema, isoDate, listQuerySchema, optionalText, timestamp } from "./common.js";
import { CAMPAIGN_STATUSES, CHANNELS, TEAMS } from "./domain.js";

const campaignFields = {
  name: z.string().trim().min(1, "is required").max(200),
  channel: z.enum(CHANNELS),
  status: z.enum(CAMPAIGN_STATUSES).default("planned"),
  ownerTeam: z.enum(TEAMS).default("marketing"),
  ownerMemberId: idSchema.nullish(),
  startsOn: isoDate.nullish(),
  endsOn: isoDate.nullish(),
  budget: z.number().min(0).max(1e12).default(0),
  cost: z.number().min(0).max(1e12).default(0),
  utmCampaign: optionalText(200),
};

const datesInOrder = (c: { startsOn?: string | null; endsOn?: string | null }) =>
  !c.startsOn || !c.endsOn || c.startsOn <= c.endsOn;
const datesMessage = { message: "must not be before the start date", path: ["endsOn"] };

export const createCampaignSchema = z.object(campaignFields).refine(datesInOrder, datesMessage);
export const updateCampaignSchema = z
  .object({
    ...campaignFields,
    status: z.enum(CAMPAIGN_STATUSES),
    ownerTeam: z.enum(TEAMS),
    budget: z.number().min(0).max(1e12),
    cost: z.number().min(0).max(1e12),
  })
  .partial()
  .refine(datesInOrder, datesMessage);

export const campaignSchema = z.object({
  id: z.string(),
  name: z.string(),
  channel: z.string(),
  status: z.string(),
  ownerTeam: z.enum(TEAMS),
  ownerMemberId: z.string().nullable(),
  startsOn: z.string().nullable(),
  endsOn: z.string().nullable(),
  budget: z.number(),
  cost: z.number(),
  utmCampaign: z.string().nullable(),
  archivedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Campaign = z.infer<typeof campaignSchema>;

export const CAMPAIGN_SORTS = ["name", "createdAt", "updatedAt"] as const;
export const campaignListQuerySchema = listQuerySchema(CAMPAIGN_SORTS, "name").extend({
  channel: z.enum(CHANNELS).optional(),
  status: z.enum(CAMPAIGN_STATUSES).optional(),
  ownerTeam: z.enum(TEAMS).optional(),
});
