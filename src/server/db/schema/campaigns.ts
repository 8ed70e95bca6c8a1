// Campaigns: marketing or sales initiatives with a channel, dates, budget and actual cost.
import { type SQL, sql } from "drizzle-orm";
import {
  date,
  foreignKey,
  index,
  numeric,
  pgTable,
  primaryKey,
  text,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { archivedAt, tenantKey, timestamps } from "./columns.js";
import { teamEnum } from "./enums.js";
import { members, workspaces } from "./workspaces.js";

export const campaigns = pgTable(
  "campaigns",
  {
    ...tenantKey,
    name: text("name").notNull(),
    channel: text("channel").notNull(),
    status: text("status").notNull().default("planned"),
    ownerTeam: teamEnum("owner_team").notNull().default("marketing"),
    ownerMemberId: uuid("owner_member_id"),
    startsOn: date("starts_on"),
    endsOn: date("ends_on"),
    budget: numeric("budget", { precision: 14, scale: 2, mode: "number" }).notNull().default(0),
    cost: numeric("cost", { precision: 14, scale: 2, mode: "number" }).notNull().default(0),
    /** The utm_campaign value that links tracked touches to this campaign. */
    utmCampaign: text("utm_campaign"),
    /** The record's id in the system it was imported from (HubSpot, Salesforce...). */
    externalId: text("external_id"),
    searchText: text("search_text").generatedAlwaysAs(
      (): SQL => sql`lower(${campaigns.name} || ' ' || coalesce(${campaigns.utmCampaign}, ''))`,
    ),
    archivedAt,
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    unique("campaigns_workspace_utm_key").on(t.workspaceId, t.utmCampaign),
    uniqueIndex("campaigns_workspace_external_key")
      .on(t.workspaceId, t.externalId)
      .where(sql`${t.externalId} is not null`),
    index("campaigns_workspace_name_idx").on(t.workspaceId, t.name, t.id),
    index("campaigns_workspace_created_idx").on(t.workspaceId, t.createdAt, t.id),
    index("campaigns_workspace_updated_idx").on(t.workspaceId, t.updatedAt, t.id),
    index("campaigns_channel_idx").on(t.workspaceId, t.channel),
    index("campaigns_status_idx").on(t.workspaceId, t.status),
    index("campaigns_owner_idx").on(t.workspaceId, t.ownerMemberId),
    index("campaigns_search_idx").using("gin", sql`${t.searchText} gin_trgm_ops`),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }),
    foreignKey({
      columns: [t.workspaceId, t.ownerMemberId],
      foreignColumns: [members.workspaceId, members.id],
    }),
  ],
);
