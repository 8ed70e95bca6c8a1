// Engagement ingestion: workspace API keys (the tracking write key), the identities that tie
// anonymous visitors and app user ids to contacts, and the event-name -> touch-type mapping.
import { foreignKey, index, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { tenantKey } from "./columns.js";
import { contacts } from "./contacts.js";
import { members, workspaces } from "./workspaces.js";

export const apiKeys = pgTable(
  "api_keys",
  {
    ...tenantKey,
    name: text("name").notNull(),
    /**
     * ingest: may only send tracking events (the Segment-style write key); read: may call the API's GET
     * routes; full: may call every route a workspace admin may call.
     */
    kind: text("kind").$type<"ingest" | "read" | "full">().notNull(),
    /** sha-256 of the key; the key itself is shown once. */
    secretHash: text("secret_hash").notNull(),
    /** The key's first characters, to recognise it in lists. */
    prefix: text("prefix").notNull(),
    createdBy: uuid("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    unique("api_keys_workspace_secret_key").on(t.workspaceId, t.secretHash),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }),
    foreignKey({ columns: [t.workspaceId, t.createdBy], foreignColumns: [members.workspaceId, members.id] }),
  ],
);

export const contactIdentities = pgTable(
  "contact_identities",
  {
    workspaceId: uuid("workspace_id").notNull(),
    /** anonymous (a browser's anonymousId) or user (the app's userId). */
    kind: text("kind").$type<"anonymous" | "user">().notNull(),
    value: text("value").notNull(),
    contactId: uuid("contact_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.kind, t.value] }),
    index("contact_identities_contact_idx").on(t.workspaceId, t.contactId),
    foreignKey({
      columns: [t.workspaceId, t.contactId],
      foreignColumns: [contacts.workspaceId, contacts.id],
    }),
  ],
);

export const eventMappings = pgTable(
  "event_mappings",
  {
    workspaceId: uuid("workspace_id").notNull(),
    eventName: text("event_name").notNull(),
    touchType: text("touch_type").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.eventName] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }),
  ],
);
