// Touches: every interaction of either team with a contact or account, on one timeline.
import { sql } from "drizzle-orm";
import {
  foreignKey,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { accounts } from "./accounts.js";
import { campaigns } from "./campaigns.js";
import { tenantKey } from "./columns.js";
import { contacts } from "./contacts.js";
import { teamEnum } from "./enums.js";
import { members } from "./workspaces.js";

export const touches = pgTable(
  "touches",
  {
    ...tenantKey,
    contactId: uuid("contact_id"),
    accountId: uuid("account_id"),
    anonymousId: text("anonymous_id"),
    type: text("type").notNull(),
    /** marketing or sales: whose touch it is (derived from the type). */
    team: teamEnum("team").notNull(),
    channel: text("channel"),
    campaignId: uuid("campaign_id"),
    memberId: uuid("member_id"),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    properties: jsonb("properties").$type<Record<string, unknown>>().notNull().default({}),
    /** How it arrived: api, import, tracking, seed... */
    source: text("source").notNull(),
    /** The event's id at its source (an activity id, a tracking messageId): re-sending it never double-counts. */
    externalId: text("external_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex("touches_workspace_external_key")
      .on(t.workspaceId, t.externalId)
      .where(sql`${t.externalId} is not null`),
    index("touches_contact_idx").on(t.workspaceId, t.contactId, t.occurredAt),
    index("touches_account_idx").on(t.workspaceId, t.accountId, t.occurredAt),
    index("touches_campaign_idx").on(t.workspaceId, t.campaignId, t.occurredAt),
    index("touches_occurred_idx").on(t.workspaceId, t.occurredAt),
    index("touches_member_idx").on(t.workspaceId, t.memberId),
    index("touches_anonymous_idx").on(t.workspaceId, t.anonymousId),
    foreignKey({
      columns: [t.workspaceId, t.contactId],
      foreignColumns: [contacts.workspaceId, contacts.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.accountId],
      foreignColumns: [accounts.workspaceId, accounts.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.campaignId],
      foreignColumns: [campaigns.workspaceId, campaigns.id],
    }),
    foreignKey({ columns: [t.workspaceId, t.memberId], foreignColumns: [members.workspaceId, members.id] }),
  ],
);
