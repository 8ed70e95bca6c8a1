// Opportunities (deals), the contacts playing a role in them, and each deal's stage history.
import { type SQL, sql } from "drizzle-orm";
import {
  char,
  date,
  foreignKey,
  index,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { DealStageCause, OpportunityStage } from "../../../shared/domain.js";
import { accounts } from "./accounts.js";
import { campaigns } from "./campaigns.js";
import { archivedAt, tenantKey, timestamps } from "./columns.js";
import { contacts } from "./contacts.js";
import { members, workspaces } from "./workspaces.js";

export const opportunities = pgTable(
  "opportunities",
  {
    ...tenantKey,
    name: text("name").notNull(),
    accountId: uuid("account_id").notNull(),
    amount: numeric("amount", { precision: 14, scale: 2, mode: "number" }).notNull().default(0),
    currency: char("currency", { length: 3 }).notNull().default("USD"),
    stage: text("stage").$type<OpportunityStage>().notNull().default("discovery"),
    closeDate: date("close_date").notNull(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    ownerMemberId: uuid("owner_member_id"),
    sourceCampaignId: uuid("source_campaign_id"),
    /** The record's id in the system it was imported from (HubSpot, Salesforce...). */
    externalId: text("external_id"),
    /** Values of the workspace's custom properties, by API name. */
    properties: jsonb("properties").$type<Record<string, unknown>>().notNull().default({}),
    searchText: text("search_text").generatedAlwaysAs((): SQL => sql`lower(${opportunities.name})`),
    archivedAt,
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex("opportunities_workspace_external_key")
      .on(t.workspaceId, t.externalId)
      .where(sql`${t.externalId} is not null`),
    index("opportunities_workspace_name_idx").on(t.workspaceId, t.name, t.id),
    index("opportunities_workspace_created_idx").on(t.workspaceId, t.createdAt, t.id),
    index("opportunities_workspace_updated_idx").on(t.workspaceId, t.updatedAt, t.id),
    index("opportunities_amount_idx").on(t.workspaceId, t.amount, t.id),
    index("opportunities_close_date_idx").on(t.workspaceId, t.closeDate, t.id),
    index("opportunities_stage_idx").on(t.workspaceId, t.stage),
    index("opportunities_account_idx").on(t.workspaceId, t.accountId),
    index("opportunities_owner_idx").on(t.workspaceId, t.ownerMemberId),
    index("opportunities_campaign_idx").on(t.workspaceId, t.sourceCampaignId),
    index("opportunities_search_idx").using("gin", sql`${t.searchText} gin_trgm_ops`),
    // Custom-property filters are containment tests (properties @> {"api_name": value}).
    index("opportunities_properties_idx").using("gin", sql`${t.properties} jsonb_path_ops`),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }),
    foreignKey({
      columns: [t.workspaceId, t.accountId],
      foreignColumns: [accounts.workspaceId, accounts.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.ownerMemberId],
      foreignColumns: [members.workspaceId, members.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.sourceCampaignId],
      foreignColumns: [campaigns.workspaceId, campaigns.id],
    }),
  ],
);

export const opportunityContacts = pgTable(
  "opportunity_contacts",
  {
    workspaceId: uuid("workspace_id").notNull(),
    opportunityId: uuid("opportunity_id").notNull(),
    contactId: uuid("contact_id").notNull(),
    role: text("role").notNull().default("other"),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.opportunityId, t.contactId] }),
    index("opportunity_contacts_contact_idx").on(t.workspaceId, t.contactId),
    foreignKey({
      columns: [t.workspaceId, t.opportunityId],
      foreignColumns: [opportunities.workspaceId, opportunities.id],
    }).onDelete("cascade"),
    foreignKey({
      columns: [t.workspaceId, t.contactId],
      foreignColumns: [contacts.workspaceId, contacts.id],
    }),
  ],
);

/**
 * Every change of a deal's stage, with its time and cause (created, an edit, an import, the seed, or the
 * backfill of deals that existed before the history: one row at their stage then, at their creation). One
 * writer (recordDealStages) appends a row whenever a deal's stage differs from its last recorded one; the
 * per-stage win rates that weight open pipeline read it.
 */
export const opportunityStageChanges = pgTable(
  "opportunity_stage_changes",
  {
    ...tenantKey,
    opportunityId: uuid("opportunity_id").notNull(),
    fromStage: text("from_stage").$type<OpportunityStage>(),
    toStage: text("to_stage").$type<OpportunityStage>().notNull(),
    changedAt: timestamp("changed_at", { withTimezone: true }).notNull(),
    cause: text("cause").$type<DealStageCause>().notNull(),
    memberId: uuid("member_id"),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("opportunity_stage_changes_deal_idx").on(t.workspaceId, t.opportunityId, t.changedAt),
    foreignKey({
      columns: [t.workspaceId, t.opportunityId],
      foreignColumns: [opportunities.workspaceId, opportunities.id],
    }).onDelete("cascade"),
    foreignKey({ columns: [t.workspaceId, t.memberId], foreignColumns: [members.workspaceId, members.id] }),
  ],
);
