// Notifications: each member's in-app inbox, and the outbox of deliveries (email over SMTP, signed
// webhooks) that a worker sends after commit, retrying with backoff and keeping a delivery log.
import { sql } from "drizzle-orm";
import {
  boolean,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import type { NotificationKind } from "../../../shared/notifications.js";
import { tenantKey, timestamps } from "./columns.js";
import { contacts } from "./contacts.js";
import { members, workspaces } from "./workspaces.js";

export const notifications = pgTable(
  "notifications",
  {
    ...tenantKey,
    /** The recipient. */
    memberId: uuid("member_id").notNull(),
    /** The event: mql.assigned, sla.warning, sla.breached, sla.escalated... */
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    contactId: uuid("contact_id"),
    /** Path in the web app, such as /contacts/<id>. */
    link: text("link"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    readAt: timestamp("read_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("notifications_member_idx").on(t.workspaceId, t.memberId, t.createdAt, t.id),
    index("notifications_unread_idx").on(t.workspaceId, t.memberId).where(sql`${t.readAt} is null`),
    foreignKey({ columns: [t.workspaceId, t.memberId], foreignColumns: [members.workspaceId, members.id] }),
    foreignKey({
      columns: [t.workspaceId, t.contactId],
      foreignColumns: [contacts.workspaceId, contacts.id],
    }),
  ],
);

export const webhooks = pgTable(
  "webhooks",
  {
    ...tenantKey,
    name: text("name").notNull(),
    url: text("url").notNull(),
    /** Signs each delivery (HMAC-SHA256); shown to admins so the receiver can verify. */
    secret: text("secret").notNull(),
    /** json: Lockstep's event document; slack: a Slack-compatible message ({ text, blocks }). */
    format: text("format").$type<"json" | "slack">().notNull().default("json"),
    /** Event kinds to send; empty means all. */
    // Only kinds the webhook schemas accept are written (empty: every kind).
    events: text("events").array().$type<NotificationKind[]>().notNull().default(sql`'{}'::text[]`),
    active: boolean("active").notNull().default(true),
    createdBy: uuid("created_by"),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("webhooks_workspace_idx").on(t.workspaceId, t.createdAt),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }),
  ],
);

/** The outbox and delivery log: one row per email or webhook call, with its attempts. */
export const notificationDeliveries = pgTable(
  "notification_deliveries",
  {
    ...tenantKey,
    channel: text("channel").$type<"email" | "webhook">().notNull(),
    kind: text("kind").notNull(),
    notificationId: uuid("notification_id"),
    webhookId: uuid("webhook_id"),
    /** The email address or the webhook URL at the time of sending. */
    target: text("target").notNull(),
    /** What is sent: the email's subject and text, or the webhook's body. */
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    status: text("status").$type<"pending" | "sent" | "failed">().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull(),
    lastError: text("last_error"),
    responseStatus: integer("response_status"),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("deliveries_due_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index("deliveries_webhook_idx").on(t.workspaceId, t.webhookId, t.createdAt),
    index("deliveries_created_idx").on(t.workspaceId, t.createdAt),
  ],
);
