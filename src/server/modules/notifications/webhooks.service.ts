// Webhooks (admins): where events go besides the inbox, in Lockstep's JSON or as Slack messages, each
// signed with the webhook's own secret; a test delivery on demand; the log of every delivery.
import { randomBytes } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import type { z } from "zod";
import type {
  createWebhookSchema,
  deliveryListQuerySchema,
  updateWebhookSchema,
} from "../../../shared/notifications.js";
import type { Db } from "../../db/client.js";
import { notificationDeliveries, webhooks } from "../../db/schema/index.js";
import type { Caller } from "../../lib/access.js";
import { recordAudit } from "../../lib/audit.js";
import { notFound } from "../../lib/errors.js";
import { newId } from "../../lib/ids.js";
import { definedOnly, keysetPage } from "../../lib/records.js";
import { deleteWebhookDeliveries, queueWebhookCalls } from "./deliveries.js";
import { eventDocument, webhookPayload } from "./payloads.js";
import { checkWebhookUrl } from "./webhook-address.js";

type WebhookRow = typeof webhooks.$inferSelect;
type DeliveryRow = typeof notificationDeliveries.$inferSelect;

const present = (row: WebhookRow) => ({
  id: row.id,
  name: row.name,
  url: row.url,
  secret: row.secret,
  format: row.format,
  events: row.events,
  active: row.active,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

const presentDelivery = (row: DeliveryRow) => ({
  id: row.id,
  channel: row.channel,
  kind: row.kind,
  target: row.target,
  status: row.status,
  attempts: row.attempts,
  nextAttemptAt: row.nextAttemptAt.toISOString(),
  responseStatus: row.responseStatus,
  lastError: row.lastError,
  deliveredAt: row.deliveredAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
});

/** What the audit log keeps of a webhook: never its secret, and of its URL only the host (a URL's path
 * or query may carry a token, as Slack's do). */
const audited = (row: WebhookRow) => ({
  name: row.name,
  host: hostOf(row.url),
  format: row.format,
  events: row.events,
  active: row.active,
});

function hostOf(url: string) {
  try {
    return new URL(url).host;
  } catch {
    return "";
  }
}

/** 32 random bytes, hex, with a prefix that says what it is when it turns up in a config file. */
export const newWebhookSecret = () => `whsec_${randomBytes(32).toString("hex")}`;

const byId = (caller: Caller, id: string) =>
  and(eq(webhooks.workspaceId, caller.workspaceId), eq(webhooks.id, id));

async function findWebhook(db: Db, caller: Caller, id: string) {
  const [row] = await db.select().from(webhooks).where(byId(caller, id));
  if (!row) throw notFound("Webhook");
  return row;
}

export async function listWebhooks(db: Db, caller: Caller) {
  const rows = await db
    .select()
    .from(webhooks)
    .where(eq(webhooks.workspaceId, caller.workspaceId))
    .orderBy(desc(webhooks.createdAt), desc(webhooks.id));
  return { items: rows.map(present) };
}

export async function createWebhook(db: Db, caller: Caller, input: z.output<typeof createWebhookSchema>) {
  await checkWebhookUrl(input.url);
  const row = await db.transaction(async (tx) => {
    const t = tx;
    const [inserted] = await t
      .insert(webhooks)
      .values({
        workspaceId: caller.workspaceId,
        id: newId(),
        name: input.name,
        url: input.url,
        secret: newWebhookSecret(),
        format: input.format,
        events: input.events,
        active: input.active,
        createdBy: caller.memberId,
      })
      .returning();
    const after = audited(inserted);
    await recordAudit(t, caller.workspaceId, caller, {
      action: "webhook.created",
      entityType: "webhook",
      entityId: inserted.id,
      summary: `${caller.name} created the webhook '${inserted.name}' to ${after.host}`,
      after,
    });
    return inserted;
  });
  return present(row);
}

export async function updateWebhook(
  db: Db,
  caller: Caller,
  id: string,
  input: z.output<typeof updateWebhookSchema>,
) {
  if (input.url !== undefined) await checkWebhookUrl(input.url);
  const row = await db.transaction(async (tx) => {
    const t = tx;
    const [previous] = await t.select().from(webhooks).where(byId(caller, id)).for("update");
    if (!previous) throw notFound("Webhook");
    const [updated] = await t
      .update(webhooks)
      .set({ ...definedOnly(input), updatedAt: new Date() })
      .where(byId(caller, id))
      .returning();
    // Calls still queued go to the new address, not the one the admin just replaced (the old one
    // may be gone, or no longer theirs); calls already made keep the address they were sent to.
    if (updated.url !== previous.url)
      await t
        .update(notificationDeliveries)
        .set({ target: updated.url })
        .where(
          and(
            eq(notificationDeliveries.workspaceId, caller.workspaceId),
            eq(notificationDeliveries.webhookId, id),
            eq(notificationDeliveries.status, "pending"),
          ),
        );
    await recordAudit(t, caller.workspaceId, caller, {
      action: "webhook.updated",
      entityType: "webhook",
      entityId: id,
      summary: `${caller.name} changed the webhook '${updated.name}'`,
      before: audited(previous),
      after: audited(updated),
    });
    return updated;
  });
  return present(row);
}

/** Deletes the webhook and its delivery log; queued deliveries are not sent. */
export async function deleteWebhook(db: Db, caller: Caller, id: string) {
  return db.transaction(async (tx) => {
    const t = tx;
    const [row] = await t.delete(webhooks).where(byId(caller, id)).returning();
    if (!row) throw notFound("Webhook");
    await deleteWebhookDeliveries(t, caller.workspaceId, id);
    await recordAudit(t, caller.workspaceId, caller, {
      action: "webhook.deleted",
      entityType: "webhook",
      entityId: id,
      summary: `${caller.name} deleted the webhook '${row.name}'`,
      before: audited(row),
    });
    return present(row);
  });
}

/** Queues a "webhook.test" delivery (sent even while the webhook is turned off) and returns it. */
export async function sendTestDelivery(db: Db, caller: Caller, id: string, at = new Date()) {
  const hook = await findWebhook(db, caller, id);
  const document = eventDocument({
    id: newId(),
    kind: "webhook.test",
    occurredAt: at.toISOString(),
    workspaceId: caller.workspaceId,
    title: "Test delivery from Lockstep",
    body: `If you can read this, the webhook “${hook.name}” works: ${caller.name} sent a test from the webhook settings.`,
    contactId: null,
    link: "/settings/webhooks",
    data: { webhookId: hook.id, sentBy: caller.name },
  });
  const deliveryId = newId();
  await queueWebhookCalls(
    db,
    caller.workspaceId,
    [
      {
        id: deliveryId,
        webhook_id: hook.id,
        kind: "webhook.test",
        target: hook.url,
        payload: webhookPayload(hook.format, document),
      },
    ],
    at,
  );
  const [row] = await db
    .select()
    .from(notificationDeliveries)
    .where(
      and(
        eq(notificationDeliveries.workspaceId, caller.workspaceId),
        eq(notificationDeliveries.id, deliveryId),
      ),
    );
  return presentDelivery(row);
}

export async function listDeliveries(
  db: Db,
  caller: Caller,
  webhookId: string,
  query: z.output<typeof deliveryListQuerySchema>,
) {
  await findWebhook(db, caller, webhookId);
  const page = await keysetPage<DeliveryRow>(
    {
      run: (where, orderBy, limit) =>
        db
          .select()
          .from(notificationDeliveries)
          .where(where)
          .orderBy(...orderBy)
          .limit(limit),
      sortColumn: notificationDeliveries.createdAt,
      idColumn: notificationDeliveries.id,
      sortKey: (row) => row.createdAt,
      idKey: (row) => row.id,
    },
    { order: "desc", cursor: query.cursor, limit: query.limit },
    [
      eq(notificationDeliveries.workspaceId, caller.workspaceId),
      eq(notificationDeliveries.webhookId, webhookId),
      query.status ? eq(notificationDeliveries.status, query.status) : undefined,
    ],
  );
  return { items: page.items.map(presentDelivery), nextCursor: page.nextCursor };
}
