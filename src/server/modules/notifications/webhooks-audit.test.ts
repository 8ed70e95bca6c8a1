// Webhook changes in the audit log (never the secret, of the URL only its host), and queued calls
// following a webhook to its new URL.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, notificationDeliveries } from "../../db/schema/index.js";
import { newId } from "../../lib/ids.js";
import { setupTestApp } from "../../testing/harness.js";

const t = setupTestApp();

const send = (method: "POST" | "PATCH" | "DELETE", url: string, payload?: object) =>
  t.as(t.cast.admin).send(method, url, payload ?? {});

async function auditOf(action: string) {
  return t.database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.workspaceId, t.cast.admin.workspaceId), eq(auditEvents.action, action)));
}

describe("webhook changes", () => {
  it("are audited with name, host, events and active - never the secret or the URL's path", async () => {
    const created = await send("POST", "/api/webhooks", {
      name: "Slack",
      url: "https://93.184.216.34/services/T000/B000/tokenpart?sig=abc",
      events: ["sla.breached"],
    });
    expect(created.statusCode, created.body).toBe(201);
    const hook = created.json();

    const [createdEntry] = await auditOf("webhook.created");
    expect(createdEntry).toMatchObject({
      entityType: "webhook",
      entityId: hook.id,
      memberId: t.cast.admin.memberId,
      after: { name: "Slack", host: "93.184.216.34", events: ["sla.breached"], active: true },
    });
    expect(createdEntry.summary).toBe("Ada Admin created the webhook 'Slack' to 93.184.216.34");

    const changed = await send("PATCH", `/api/webhooks/${hook.id}`, {
      url: "https://93.184.216.35/hook",
      active: false,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const [updatedEntry] = await auditOf("webhook.updated");
    expect(updatedEntry).toMatchObject({
      entityId: hook.id,
      before: { host: "93.184.216.34", active: true },
      after: { host: "93.184.216.35", active: false },
    });

    expect((await send("DELETE", `/api/webhooks/${hook.id}`)).statusCode).toBe(200);
    const [deletedEntry] = await auditOf("webhook.deleted");
    expect(deletedEntry).toMatchObject({ entityId: hook.id, before: { name: "Slack" } });

    const all = JSON.stringify(await t.database.db.select().from(auditEvents));
    expect(all).not.toContain(hook.secret);
    expect(all).not.toContain("whsec_");
    expect(all).not.toContain("tokenpart");
    expect(all).not.toContain("sig=abc");
  });

  it("send queued calls to the new URL once the URL changes; calls made keep theirs", async () => {
    const hook = (
      await send("POST", "/api/webhooks", {
        name: "CRM",
        url: "https://93.184.216.34/old",
        events: ["sla.breached"],
      })
    ).json();
    const future = new Date(Date.now() + 24 * 3600_000);
    const delivery = (status: "pending" | "sent") => ({
      workspaceId: t.cast.admin.workspaceId,
      id: newId(),
      channel: "webhook" as const,
      kind: "sla.breached",
      webhookId: hook.id,
      target: hook.url,
      payload: {},
      status,
      nextAttemptAt: future,
      createdAt: new Date(),
    });
    const pending = delivery("pending");
    const sent = delivery("sent");
    await t.database.db.insert(notificationDeliveries).values([pending, sent]);

    expect(
      (await send("PATCH", `/api/webhooks/${hook.id}`, { url: "https://93.184.216.35/new" })).statusCode,
    ).toBe(200);
    const rows = await t.database.db
      .select({ id: notificationDeliveries.id, target: notificationDeliveries.target })
      .from(notificationDeliveries)
      .where(eq(notificationDeliveries.webhookId, hook.id));
    const targets = Object.fromEntries(rows.map((r) => [r.id, r.target]));
    expect(targets[pending.id]).toBe("https://93.184.216.35/new");
    expect(targets[sent.id]).toBe("https://93.184.216.34/old");
  });
});
