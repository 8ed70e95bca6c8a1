// Sales' decision on each MQL (accepted or rejected with a reason), kept with the campaign and source
// that produced the lead so marketing sees what its campaigns are worth to sales.
import { date, foreignKey, index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { campaigns } from "./campaigns.js";
import { tenantKey, timestamps } from "./columns.js";
import { contacts } from "./contacts.js";
import { insightAssets } from "./library.js";
import { opportunities } from "./opportunities.js";
import { personas } from "./personas.js";
import { members } from "./workspaces.js";

export const leadDecisions = pgTable(
  "lead_decisions",
  {
    ...tenantKey,
    contactId: uuid("contact_id").notNull(),
    decision: text("decision").$type<"accepted" | "rejected">().notNull(),
    reason: text("reason"),
    comment: text("comment").notNull().default(""),
    /** The stage the contact went to: sal, recycled or disqualified. */
    outcome: text("outcome").notNull(),
    memberId: uuid("member_id").notNull(),
    /** Copied from the contact when decided: what produced the lead. */
    campaignId: uuid("campaign_id"),
    source: text("source"),
    decidedAt: timestamp("decided_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("lead_decisions_contact_idx").on(t.workspaceId, t.contactId, t.decidedAt),
    index("lead_decisions_campaign_idx").on(t.workspaceId, t.campaignId, t.decidedAt),
    index("lead_decisions_decided_idx").on(t.workspaceId, t.decidedAt),
    foreignKey({
      columns: [t.workspaceId, t.contactId],
      foreignColumns: [contacts.workspaceId, contacts.id],
    }),
    foreignKey({ columns: [t.workspaceId, t.memberId], foreignColumns: [members.workspaceId, members.id] }),
    foreignKey({
      columns: [t.workspaceId, t.campaignId],
      foreignColumns: [campaigns.workspaceId, campaigns.id],
    }),
  ],
);

/** Objections sales hears (on a call, in a deal), so marketing can answer them in content and campaigns. */
export const objections = pgTable(
  "objections",
  {
    ...tenantKey,
    text: text("text").notNull(),
    personaId: uuid("persona_id"),
    /** The lifecycle or deal stage it came up in. */
    stage: text("stage"),
    contactId: uuid("contact_id"),
    opportunityId: uuid("opportunity_id"),
    memberId: uuid("member_id").notNull(),
    heardAt: timestamp("heard_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("objections_persona_idx").on(t.workspaceId, t.personaId, t.heardAt),
    index("objections_heard_idx").on(t.workspaceId, t.heardAt),
    foreignKey({
      columns: [t.workspaceId, t.personaId],
      foreignColumns: [personas.workspaceId, personas.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.contactId],
      foreignColumns: [contacts.workspaceId, contacts.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.opportunityId],
      foreignColumns: [opportunities.workspaceId, opportunities.id],
    }),
    foreignKey({ columns: [t.workspaceId, t.memberId], foreignColumns: [members.workspaceId, members.id] }),
  ],
);

/** Sales asks marketing for an asset; new -> in_progress -> delivered -> used. */
export const contentRequests = pgTable(
  "content_requests",
  {
    ...tenantKey,
    title: text("title").notNull(),
    need: text("need").notNull().default(""),
    personaId: uuid("persona_id"),
    stage: text("stage"),
    dueDate: date("due_date"),
    status: text("status").$type<"new" | "in_progress" | "delivered" | "used">().notNull().default("new"),
    requestedBy: uuid("requested_by").notNull(),
    assigneeMemberId: uuid("assignee_member_id"),
    assetUrl: text("asset_url"),
    /** The library asset that fulfilled it. */
    assetId: uuid("asset_id"),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("content_requests_status_idx").on(t.workspaceId, t.status, t.createdAt),
    index("content_requests_asset_idx").on(t.workspaceId, t.assetId),
    foreignKey({
      columns: [t.workspaceId, t.assetId],
      foreignColumns: [insightAssets.workspaceId, insightAssets.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.personaId],
      foreignColumns: [personas.workspaceId, personas.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.requestedBy],
      foreignColumns: [members.workspaceId, members.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.assigneeMemberId],
      foreignColumns: [members.workspaceId, members.id],
    }),
  ],
);
