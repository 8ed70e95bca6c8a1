// Sales' decision on each MQL (accepted or rejected with a reason), kept with the campaign and source
// that produced the lead so marketing sees what its campaigns are worth to sales.
import { foreignKey, index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { campaigns } from "./campaigns.js";
import { tenantKey } from "./columns.js";
import { contacts } from "./contacts.js";
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
