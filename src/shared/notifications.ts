// Notifications: a member's in-app inbox, and the webhooks (JSON or Slack) that carry the same events to
// other tools, with the log of every delivery.
import { z } from "zod";
import { listSchema, pageSchema, timestamp } from "./common.js";

/** Event kinds Lockstep sends, with the words the web app shows for them. */
export const NOTIFICATION_KINDS = [
  "mql.assigned",
  "lead.reassigned",
  "lead.queued",
  "sla.warning",
  "sla.breached",
  "sla.escalated",
  "goal.shared_win",
  "kudos.received",
  "wall.digest",
  "account.spike",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_KIND_LABELS: Record<string, string> = {
  "mql.assigned": "MQL assigned",
  "lead.reassigned": "Lead reassigned",
  "lead.queued": "Lead waiting for routing",
  "sla.warning": "SLA about to breach",
  "sla.breached": "SLA breached",
  "sla.escalated": "SLA breach escalated",
  "goal.shared_win": "Shared win celebrated",
  "kudos.received": "Kudos received",
  "wall.digest": "Weekly wall digest",
  "account.spike": "Account engagement spike",
  "webhook.test": "Test delivery",
};

export const notificationSchema = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  contactId: z.string().nullable(),
  link: z.string().nullable(),
  createdAt: timestamp,
  readAt: timestamp.nullable(),
});
export type Notification = z.infer<typeof notificationSchema>;
export const notificationPageSchema = pageSchema(notificationSchema);

export const notificationListQuerySchema = z.object({
  unread: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true")
    .describe("true lists unread notifications only"),
  cursor: z.string().max(500).optional().describe("nextCursor from the previous page"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const unreadCountSchema = z.object({ unread: z.number().int() });
export const readAllResultSchema = z.object({ marked: z.number().int() });

export const WEBHOOK_FORMATS = ["json", "slack"] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

const webhookUrl = z
  .string()
  .trim()
  .min(1, { message: "is required" })
  .max(2000, { message: "must be at most 2000 characters" })
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
      } catch {
        return false;
      }
    },
    { message: "must be an http:// or https:// URL, like https://hooks.example.com/lockstep" },
  );

const webhookEvents = z
  .array(z.enum(NOTIFICATION_KINDS, { message: `must be one of ${NOTIFICATION_KINDS.join(", ")}` }))
  .max(NOTIFICATION_KINDS.length)
  .transform((kinds) => [...new Set(kinds)])
  .describe("Event kinds to send; empty sends every kind");

export const createWebhookSchema = z.object({
  name: z.string().trim().min(1, { message: "is required" }).max(100),
  url: webhookUrl,
  format: z.enum(WEBHOOK_FORMATS, { message: "must be json or slack" }).default("json"),
  events: webhookEvents.default([]),
  active: z.boolean().default(true),
});

export const updateWebhookSchema = z.object({
  name: z.string().trim().min(1, { message: "is required" }).max(100).optional(),
  url: webhookUrl.optional(),
  format: z.enum(WEBHOOK_FORMATS, { message: "must be json or slack" }).optional(),
  events: webhookEvents.optional(),
  active: z.boolean().optional(),
});

export const webhookSchema = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  /** Signs every delivery (X-Lockstep-Signature); the receiver keeps it to verify. */
  secret: z.string(),
  format: z.enum(WEBHOOK_FORMATS),
  // Only kinds the create and update schemas accepted are stored.
  events: z.array(z.enum(NOTIFICATION_KINDS)),
  active: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Webhook = z.infer<typeof webhookSchema>;

export const DELIVERY_STATUSES = ["pending", "sent", "failed"] as const;

export const deliverySchema = z.object({
  id: z.string(),
  channel: z.enum(["email", "webhook"]),
  kind: z.string(),
  target: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  nextAttemptAt: timestamp,
  responseStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: timestamp.nullable(),
  createdAt: timestamp,
});
export type Delivery = z.infer<typeof deliverySchema>;
export const deliveryPageSchema = pageSchema(deliverySchema);

export const deliveryListQuerySchema = z.object({
  status: z.enum(DELIVERY_STATUSES).optional(),
  cursor: z.string().max(500).optional().describe("nextCursor from the previous page"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const webhookListSchema = listSchema(webhookSchema);
