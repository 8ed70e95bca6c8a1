// Notifications: every member's own inbox, and the webhooks admins point at other tools.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { errorSchema, idParams } from "../../../shared/common.js";
import {
  createWebhookSchema,
  deliveryListQuerySchema,
  deliveryPageSchema,
  deliverySchema,
  notificationListQuerySchema,
  notificationPageSchema,
  notificationSchema,
  readAllResultSchema,
  unreadCountSchema,
  updateWebhookSchema,
  webhookListSchema,
  webhookSchema,
} from "../../../shared/notifications.js";
import type { Db } from "../../db/client.js";
import { ADMINS, MEMBER } from "../../lib/access.js";
import { countUnread, listNotifications, markAllRead, markRead } from "./inbox.service.js";
import {
  createWebhook,
  deleteWebhook,
  listDeliveries,
  listWebhooks,
  sendTestDelivery,
  updateWebhook,
} from "./webhooks.service.js";

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema };
const admin = (action: string) => ({ access: { ...ADMINS, action } });

export function registerNotificationRoutes(app: FastifyInstance, db: Db) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const inboxTags = ["Notifications"];
  r.get(
    "/api/notifications",
    {
      schema: {
        tags: inboxTags,
        summary: "Your notifications, newest first (unread=true for unread only)",
        querystring: notificationListQuerySchema,
        response: { 200: notificationPageSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => listNotifications(db, request.caller, request.query),
  );
  r.get(
    "/api/notifications/unread-count",
    {
      schema: {
        tags: inboxTags,
        summary: "How many of your notifications are unread (the inbox bell)",
        response: { 200: unreadCountSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => countUnread(db, request.caller),
  );
  r.post(
    "/api/notifications/:id/read",
    {
      schema: {
        tags: inboxTags,
        summary: "Mark one of your notifications read",
        params: idParams,
        response: { 200: notificationSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => markRead(db, request.caller, request.params.id),
  );
  r.post(
    "/api/notifications/read-all",
    {
      schema: {
        tags: inboxTags,
        summary: "Mark all your notifications read",
        response: { 200: readAllResultSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => markAllRead(db, request.caller),
  );

  const hookTags = ["Webhooks"];
  r.get(
    "/api/webhooks",
    {
      schema: {
        tags: hookTags,
        summary: "Webhooks, newest first, with their signing secrets",
        response: { 200: webhookListSchema, ...errors },
      },
      config: admin("see webhooks"),
    },
    (request) => listWebhooks(db, request.caller),
  );
  r.post(
    "/api/webhooks",
    {
      schema: {
        tags: hookTags,
        summary: "Add a webhook (JSON or Slack); its signing secret is generated",
        body: createWebhookSchema,
        response: { 201: webhookSchema, ...errors },
      },
      config: admin("add webhooks"),
    },
    async (request, reply) => reply.status(201).send(await createWebhook(db, request.caller, request.body)),
  );
  r.patch(
    "/api/webhooks/:id",
    {
      schema: {
        tags: hookTags,
        summary: "Change a webhook's name, URL, format, events, or turn it on or off",
        params: idParams,
        body: updateWebhookSchema,
        response: { 200: webhookSchema, ...errors },
      },
      config: admin("change webhooks"),
    },
    (request) => updateWebhook(db, request.caller, request.params.id, request.body),
  );
  r.delete(
    "/api/webhooks/:id",
    {
      schema: {
        tags: hookTags,
        summary: "Delete a webhook and its delivery log",
        params: idParams,
        response: { 200: webhookSchema, ...errors },
      },
      config: admin("delete webhooks"),
    },
    (request) => deleteWebhook(db, request.caller, request.params.id),
  );
  r.post(
    "/api/webhooks/:id/test",
    {
      schema: {
        tags: hookTags,
        summary: "Queue a test delivery (webhook.test), sent within seconds",
        params: idParams,
        response: { 202: deliverySchema, ...errors },
      },
      config: admin("test webhooks"),
    },
    async (request, reply) =>
      reply.status(202).send(await sendTestDelivery(db, request.caller, request.params.id)),
  );
  r.get(
    "/api/webhooks/:id/deliveries",
    {
      schema: {
        tags: hookTags,
        summary: "A webhook's delivery log, newest first: status, attempts, response code, last error",
        params: idParams,
        querystring: deliveryListQuerySchema,
        response: { 200: deliveryPageSchema, ...errors },
      },
      config: admin("see webhook deliveries"),
    },
    (request) => listDeliveries(db, request.caller, request.params.id, request.query),
  );
}
