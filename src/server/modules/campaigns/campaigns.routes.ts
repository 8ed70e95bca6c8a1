// Campaigns: initiatives of either team, with channel, dates, budget and cost.
import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import {
  campaignListQuerySchema,
  campaignSchema,
  createCampaignSchema,
  updateCampaignSchema,
} from "../../../shared/campaigns.js";
import type { Db } from "../../db/client.js";
import { campaigns } from "../../db/schema/index.js";
import { registerRecordRoutes, serviceFromStore } from "../../lib/record-routes.js";
import { recordStore } from "../../lib/records.js";

export function campaignStore(db: Db) {
  return recordStore(db, campaigns, {
    noun: "Campaign",
    sortColumns: { name: campaigns.name, createdAt: campaigns.createdAt, updatedAt: campaigns.updatedAt },
    searchColumn: campaigns.searchText,
    filters: (query: typeof campaignListQuerySchema._zod.output) => [
      query.channel ? eq(campaigns.channel, query.channel) : undefined,
      query.status ? eq(campaigns.status, query.status) : undefined,
      query.ownerTeam ? eq(campaigns.ownerTeam, query.ownerTeam) : undefined,
    ],
  });
}

export function registerCampaignRoutes(app: FastifyInstance, db: Db) {
  registerRecordRoutes(app, {
    path: "/api/campaigns",
    tag: "Campaigns",
    noun: "campaign",
    schemas: {
      list: campaignListQuerySchema,
      create: createCampaignSchema,
      update: updateCampaignSchema,
      item: campaignSchema,
    },
    service: serviceFromStore(campaignStore(db)),
  });
}
