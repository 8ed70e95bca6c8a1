// Campaigns: initiatives of either team, with channel, dates, budget and cost.
import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { campaignResultsSchema, performanceQuerySchema } from "../../../shared/attribution.js";
import {
  campaignListQuerySchema,
  campaignSchema,
  createCampaignSchema,
  updateCampaignSchema,
} from "../../../shared/campaigns.js";
import { errorSchema, idParams } from "../../../shared/common.js";
import type { Db } from "../../db/client.js";
import { campaigns } from "../../db/schema/index.js";
import { MEMBER } from "../../lib/access.js";
import { auditedChanges } from "../../lib/audited-records.js";
import { registerRecordRoutes, serviceFromStore } from "../../lib/record-routes.js";
import { recordStore } from "../../lib/records.js";
import { campaignResults } from "../attribution/attribution.service.js";

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
    // Edits are audited: the alignment index times how long a rejected lead's campaign waits for a change.
    service: auditedChanges(db, campaigns, serviceFromStore(campaignStore(db)), {
      entityType: "campaign",
      noun: "Campaign",
    }),
  });
  // The campaign's own results: what it cost and what it brought under an attribution model (Reports →
  // Attribution computes them; this is its row).
  app.withTypeProvider<ZodTypeProvider>().get(
    "/api/campaigns/:id/results",
    {
      schema: {
        tags: ["Campaigns"],
        summary:
          "The campaign's results under an attribution model: cost, credited contacts, MQLs, SQLs, opportunities, pipeline, won deals and revenue, ROI, cost per result, lead quality",
        params: idParams,
        querystring: performanceQuerySchema,
        response: {
          200: campaignResultsSchema,
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
          404: errorSchema,
        },
      },
      config: { access: MEMBER },
    },
    (request) => campaignResults(db, request.caller, request.params.id, request.query),
  );
}
