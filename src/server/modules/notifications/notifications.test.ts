// Notifications: inbox rows from notify(), each member's own inbox, webhooks (admins), and the outbox that
// really sends: signed calls to a local HTTP receiver, retries with backoff, Slack messages, and email
// through a local SMTP server.
import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { members, notificationDeliveries, notifications, webhooks } from "../../db/schema/index.js";
import { newId } from "../../lib/ids.js";
import { setupTestApp, type TestMember } from "../../testing/harness.js";
import { drainDeliveries, MAX_ATTEMPTS } from "./deliveries.js";
import { configureMail } from "./mail.js";
import { type NotificationEvent, notify } from "./notify.js";
import { configureWebhookPolicy } from "./webhook-address.js";

const t = setupTestApp();

// The receivers here listen on 127.0.0.1, which webhooks refuse by default (webhook-address.test.ts).
beforeAll(() => configureWebhookPolicy({ allowPrivate: true }));
afterAll(() => configureWebhookPolicy({}));

// Deliveries queued in the tests are due in the future, so the app's own worker (which runs on the real
// clock) leaves them to drainDeliveries with this controlled time.
const T0 = new Date("2031-03-03T09:00:00.000Z");
const later = (ms: number) => new Date(T0.getTime() + ms);
const SECOND = 1000;
const MINUTE = 60 * SECOND;

afterEach(() => configureMail({}));

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A real HTTP endpoint on a free port, answering each request with the next status (then 200). */
async function startReceiver(statuses: number[] = []) {
  const received: Received[] = [];
  const waiting: (() => void)[] = [];
  const server = http.createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => {
      body += chunk;
    });
    request.on("end", () => {
      received.push({ headers: request.headers, body });
      const status = statuses.shift() ?? 200;
      response.writeHead(status, { "content-type": "text/plain" });
      response.end(status >= 300 ? "Receiver is down for maintenance" : "ok");
      for (const resolve of waiting.splice(0)) resolve();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/lockstep`,
    received,
    /** Resolves once `count` requests have arrived. */
    until: (count: number) =>
      new Promise<void>((resolve) => {
        const check = () => (received.length >= count ? resolve() : waiting.push(check));
        check();
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function createWebhook(payload: object) {
  const response = await t.as(t.cast.admin).post("/api/webhooks", payload);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; secret: string; url: string };
}

async function deliveriesOf(webhookId: string) {
  const response = await t.as(t.cast.admin).get(`/api/webhooks/${webhookId}/deliveries`);
  expect(response.statusCode).toBe(200);
  return response.json().items as {
    id: string;
    status: string;
    attempts: number;
    responseStatus: number | null;
    lastError: string | null;
    nextAttemptAt: string;
    deliveredAt: string | null;
  }[];
}

async function newContact(member: TestMember, email = "dana@initech.com") {
  const response = await t.as(member).post("/api/contacts", {
    email,
    firstName: "Dana",
    lastName: "Scully",
  });
  expect(response.statusCode).toBe(201);
  return response.json().id as string;
}

const breach = (contactId: string, recipients: string[]): NotificationEvent => ({
  kind: "sla.breached",
  title: "SLA breached: Dana Scully",
  body: "First touch was due within 4 business hours of MQL.",
  contactId,
  link: `/contacts/${contactId}`,
  recipients,
  data: { commitment: "first_touch", dueAt: "2031-03-03T08:00:00.000Z" },
});

describe("notify", () => {
  it("writes one inbox row per recipient, once per duplicate, skipping removed members and strangers", async () => {
    const { admin, rep, salesLead, marketingLead, outsider } = t.cast;
    const contactId = await newContact(marketingLead);
    await t.database.db
      .update(members)
      .set({ removedAt: new Date() })
      .where(and(eq(members.workspaceId, salesLead.workspaceId), eq(members.id, salesLead.memberId)));
    await notify(
      t.database.db,
      admin.workspaceId,
      [
        breach(contactId, [rep.memberId, rep.memberId, salesLead.memberId, outsider.memberId, newId()]),
        { kind: "lead.queued", title: "3 MQLs wait for routing", body: "", recipients: [admin.memberId] },
        { kind: "sla.warning", title: "Webhooks only", body: "", recipients: [] },
      ],
      T0,
    );
    const rows = await t.database.db.select().from(notifications);
    expect(
      rows
        .map((r) => [
          r.memberId,
          r.kind,
          r.title,
          r.body,
          r.contactId,
          r.link,
          r.createdAt.toISOString(),
          r.readAt,
        ])
        .sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
    ).toEqual([
      [admin.memberId, "lead.queued", "3 MQLs wait for routing", "", null, null, T0.toISOString(), null],
      [
        rep.memberId,
        "sla.breached",
        "SLA breached: Dana Scully",
        "First touch was due within 4 business hours of MQL.",
        contactId,
        `/contacts/${contactId}`,
        T0.toISOString(),
        null,
      ],
    ]);
    // Without SMTP configured and without webhooks, nothing is queued.
    expect(await t.database.db.select().from(notificationDeliveries)).toEqual([]);
  });

  it("handles thousands of recipients in one call", async () => {
    const { admin, rep } = t.cast;
    // 400 kinds, so that nobody gets more than 5 of one kind (which would be summed up in one message).
    const events = Array.from({ length: 2000 }, (_, i) => ({
      kind: `custom.${i % 400}`,
      title: `New MQL #${i}`,
      body: "",
      recipients: [i % 2 ? admin.memberId : rep.memberId],
    }));
    await createWebhook({ name: "Everything", url: "http://127.0.0.1:9/nowhere" });
    await notify(t.database.db, admin.workspaceId, events, T0);
    const count = (await t.as(rep).get("/api/notifications/unread-count")).json();
    expect(count).toEqual({ unread: 1000 });
    expect(await t.database.db.$count(notificationDeliveries)).toBe(2000);
  });

  it("sums up many of one kind for one member in one message; webhooks still get each event", async () => {
    const { admin, rep } = t.cast;
    await createWebhook({ name: "Everything", url: "http://127.0.0.1:9/nowhere" });
    const events = Array.from({ length: 8 }, (_, i) => ({
      kind: "mql.assigned",
      title: `New MQL for you: Lead ${i + 1}`,
      body: "",
      recipients: [rep.memberId],
    }));
    await notify(t.database.db, admin.workspaceId, events, T0);
    const inbox = (await t.as(rep).get("/api/notifications")).json().items;
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ title: "8 new MQLs for you", link: "/queue" });
    expect(inbox[0].body).toBe(
      `${[1, 2, 3, 4, 5].map((n) => `- New MQL for you: Lead ${n}`).join("\n")}\nand 3 more`,
    );
    expect(await t.database.db.$count(notificationDeliveries)).toBe(8);
  });
});

describe("the inbox", () => {
  it("lists your own notifications newest first, in pages, and counts and marks them read", async () => {
    const { admin, rep, marketingLead } = t.cast;
    for (let i = 1; i <= 3; i++) {
      await notify(
        t.database.db,
        admin.workspaceId,
        [{ kind: "mql.assigned", title: `MQL ${i}`, body: "", recipients: [rep.memberId] }],
        later(i * MINUTE),
      );
    }
    await notify(
      t.database.db,
      admin.workspaceId,
      [{ kind: "mql.assigned", title: "For Mia", body: "", recipients: [marketingLead.memberId] }],
      T0,
    );
    const first = (await t.as(rep).get("/api/notifications?limit=2")).json();
    expect(first.items.map((n: { title: string }) => n.title)).toEqual(["MQL 3", "MQL 2"]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (
      await t.as(rep).get(`/api/notifications?limit=2&cursor=${encodeURIComponent(first.nextCursor)}`)
    ).json();
    expect(second.items.map((n: { title: string }) => n.title)).toEqual(["MQL 1"]);
    expect(second.nextCursor).toBeNull();
    expect((await t.as(rep).get("/api/notifications/unread-count")).json()).toEqual({ unread: 3 });

    const read = await t.as(rep).post(`/api/notifications/${first.items[1].id}/read`, {});
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ title: "MQL 2", readAt: expect.any(String) });
    const readAgain = await t.as(rep).post(`/api/notifications/${first.items[1].id}/read`, {});
    expect(readAgain.json().readAt).toBe(read.json().readAt);
    expect((await t.as(rep).get("/api/notifications/unread-count")).json()).toEqual({ unread: 2 });
    const unread = (await t.as(rep).get("/api/notifications?unread=true")).json();
    expect(unread.items.map((n: { title: string }) => n.title)).toEqual(["MQL 3", "MQL 1"]);

    expect((await t.as(rep).post("/api/notifications/read-all", {})).json()).toEqual({ marked: 2 });
    expect((await t.as(rep).get("/api/notifications/unread-count")).json()).toEqual({ unread: 0 });
    // Mia's stays unread: read-all is your own inbox only.
    expect((await t.as(marketingLead).get("/api/notifications/unread-count")).json()).toEqual({
      unread: 1,
    });
  });

  it("answers 404 for someone else's notification, in the same workspace or another", async () => {
    const { admin, rep, marketingLead, outsider } = t.cast;
    await notify(
      t.database.db,
      admin.workspaceId,
      [{ kind: "mql.assigned", title: "For Mia", body: "", recipients: [marketingLead.memberId] }],
      T0,
    );
    const [mine] = (await t.as(marketingLead).get("/api/notifications")).json().items;
    expect((await t.as(rep).post(`/api/notifications/${mine.id}/read`, {})).statusCode).toBe(404);
    expect((await t.as(admin).post(`/api/notifications/${mine.id}/read`, {})).statusCode).toBe(404);
    const foreign = await t.as(outsider).post(`/api/notifications/${mine.id}/read`, {});
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error).toEqual({ code: "not_found", message: "Notification not found" });
    expect((await t.as(rep).get("/api/notifications")).json().items).toEqual([]);
    expect((await t.as(outsider).get("/api/notifications")).json().items).toEqual([]);
    const [row] = await t.database.db.select().from(notifications);
    expect(row.readAt).toBeNull();
  });
});

describe("webhooks", () => {
  it("lets admins add, list, change, turn off and delete webhooks, each with its own secret", async () => {
    const { admin } = t.cast;
    const created = await createWebhook({
      name: "  Revenue alerts ",
      url: "https://hooks.example.com/lockstep",
      events: ["sla.breached", "sla.escalated", "sla.breached"],
    });
    expect(created).toMatchObject({
      name: "Revenue alerts",
      url: "https://hooks.example.com/lockstep",
      format: "json",
      events: ["sla.breached", "sla.escalated"],
      active: true,
    });
    expect(created.secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    const other = await createWebhook({
      name: "Slack #revenue",
      url: "https://hooks.slack.com/x",
      format: "slack",
    });
    expect(other.secret).not.toBe(created.secret);

    const list = (await t.as(admin).get("/api/webhooks")).json().items;
    expect(list.map((w: { name: string }) => w.name)).toEqual(["Slack #revenue", "Revenue alerts"]);

    const changed = await t.as(admin).patch(`/api/webhooks/${created.id}`, { active: false, events: [] });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      active: false,
      events: [],
      url: "https://hooks.example.com/lockstep",
    });
    expect(changed.json().secret).toBe(created.secret);

    const deleted = await t.as(admin).delete(`/api/webhooks/${created.id}`, {});
    expect(deleted.statusCode).toBe(200);
    expect((await t.as(admin).get("/api/webhooks")).json().items.map((w: { id: string }) => w.id)).toEqual([
      other.id,
    ]);
    expect((await t.as(admin).delete(`/api/webhooks/${created.id}`, {})).statusCode).toBe(404);
  });

  it("refuses a bad URL or event naming the field, non-admins (403) and other workspaces (404), writing nothing", async () => {
    const { admin, rep, marketingLead, outsider } = t.cast;
    for (const url of ["not a url", "ftp://files.example.com/hook", "javascript:alert(1)", ""]) {
      const response = await t.as(admin).post("/api/webhooks", { name: "Bad", url });
      expect(response.statusCode, url).toBe(400);
      expect(response.json().error.code).toBe("invalid_input");
      expect(response.json().error.details[0].path).toBe("url");
    }
    const badUrl = await t.as(admin).post("/api/webhooks", { name: "Bad", url: "ftp://x.example.com" });
    expect(badUrl.json().error.message).toBe(
      "url: must be an http:// or https:// URL, like https://hooks.example.com/lockstep",
    );
    const badEvent = await t.as(admin).post("/api/webhooks", {
      name: "Bad",
      url: "https://hooks.example.com",
      events: ["deal.won"],
    });
    expect(badEvent.statusCode).toBe(400);
    expect(badEvent.json().error.details[0].path).toBe("events.0");
    expect(await t.database.db.$count(webhooks)).toBe(0);

    const forbidden = await t.as(rep).post("/api/webhooks", {
      name: "Mine",
      url: "https://hooks.example.com",
    });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().error.message).toBe("Only admins can add webhooks");
    expect((await t.as(marketingLead).get("/api/webhooks")).statusCode).toBe(403);
    expect(await t.database.db.$count(webhooks)).toBe(0);

    const hook = await createWebhook({ name: "Alerts", url: "https://hooks.example.com" });
    expect((await t.as(rep).patch(`/api/webhooks/${hook.id}`, { active: false })).statusCode).toBe(403);
    expect((await t.as(outsider).patch(`/api/webhooks/${hook.id}`, { active: false })).statusCode).toBe(404);
    expect((await t.as(outsider).delete(`/api/webhooks/${hook.id}`, {})).statusCode).toBe(404);
    expect((await t.as(outsider).post(`/api/webhooks/${hook.id}/test`, {})).statusCode).toBe(404);
    expect((await t.as(outsider).get(`/api/webhooks/${hook.id}/deliveries`)).statusCode).toBe(404);
    expect((await t.as(outsider).get("/api/webhooks")).json().items).toEqual([]);
    const badPatch = await t.as(admin).patch(`/api/webhooks/${hook.id}`, { url: "hooks.example.com" });
    expect(badPatch.statusCode).toBe(400);
    expect(badPatch.json().error.details[0].path).toBe("url");
    const [row] = await t.database.db.select().from(webhooks);
    expect([row.active, row.url]).toEqual([true, "https://hooks.example.com"]);
    expect(await t.database.db.$count(notificationDeliveries)).toBe(0);
  });

  it("delivers a signed JSON event to a real HTTP receiver, only to webhooks that want it", async () => {
    const { admin, rep, marketingLead } = t.cast;
    const receiver = await startReceiver();
    try {
      const hook = await createWebhook({ name: "CRM sync", url: receiver.url, events: ["sla.breached"] });
      await createWebhook({ name: "Only assignments", url: receiver.url, events: ["mql.assigned"] });
      const off = await createWebhook({ name: "Off", url: receiver.url });
      await t.as(admin).patch(`/api/webhooks/${off.id}`, { active: false });
      const contactId = await newContact(marketingLead);

      await notify(t.database.db, admin.workspaceId, [breach(contactId, [rep.memberId])], T0);
      expect(await drainDeliveries(t.database.db, T0)).toBe(1);
      expect(receiver.received).toHaveLength(1);
      const [call] = receiver.received;

      expect(call.headers["content-type"]).toBe("application/json");
      expect(call.headers["x-lockstep-event"]).toBe("sla.breached");
      const [delivery] = await deliveriesOf(hook.id);
      expect(call.headers["x-lockstep-delivery"]).toBe(delivery.id);
      const signature = String(call.headers["x-lockstep-signature"]);
      const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature);
      expect(match, signature).not.toBeNull();
      const [, timestamp, v1] = match as RegExpExecArray;
      const expected = createHmac("sha256", hook.secret).update(`${timestamp}.${call.body}`).digest("hex");
      expect(v1).toBe(expected);
      const wrong = createHmac("sha256", "whsec_wrong").update(`${timestamp}.${call.body}`).digest("hex");
      expect(v1).not.toBe(wrong);

      expect(JSON.parse(call.body)).toEqual({
        id: expect.any(String),
        kind: "sla.breached",
        occurredAt: T0.toISOString(),
        workspaceId: admin.workspaceId,
        title: "SLA breached: Dana Scully",
        body: "First touch was due within 4 business hours of MQL.",
        contactId,
        link: `/contacts/${contactId}`,
        url: null,
        data: { commitment: "first_touch", dueAt: "2031-03-03T08:00:00.000Z" },
      });
      expect(delivery).toMatchObject({
        status: "sent",
        attempts: 1,
        responseStatus: 200,
        lastError: null,
        deliveredAt: T0.toISOString(),
      });
      expect(await drainDeliveries(t.database.db, later(7 * 60 * MINUTE))).toBe(0);
    } finally {
      await receiver.close();
    }
  });

  it("retries a failing receiver with backoff, counting attempts, until it answers 2xx", async () => {
    const { admin } = t.cast;
    const receiver = await startReceiver([500, 503]);
    try {
      const hook = await createWebhook({ name: "Flaky", url: receiver.url });
      await notify(
        t.database.db,
        admin.workspaceId,
        [{ kind: "lead.queued", title: "MQLs wait", body: "", recipients: [] }],
        T0,
      );
      expect(await drainDeliveries(t.database.db, T0)).toBe(1);
      let [delivery] = await deliveriesOf(hook.id);
      expect(delivery).toMatchObject({
        status: "pending",
        attempts: 1,
        responseStatus: 500,
        lastError: "HTTP 500 Internal Server Error: Receiver is down for maintenance",
        nextAttemptAt: later(30 * SECOND).toISOString(),
        deliveredAt: null,
      });
      // Not due before its time.
      expect(await drainDeliveries(t.database.db, later(29 * SECOND))).toBe(0);
      expect(await drainDeliveries(t.database.db, later(30 * SECOND))).toBe(1);
      [delivery] = await deliveriesOf(hook.id);
      expect(delivery).toMatchObject({
        status: "pending",
        attempts: 2,
        responseStatus: 503,
        nextAttemptAt: later(30 * SECOND + 2 * MINUTE).toISOString(),
      });
      expect(await drainDeliveries(t.database.db, later(30 * SECOND + 2 * MINUTE))).toBe(1);
      [delivery] = await deliveriesOf(hook.id);
      expect(delivery).toMatchObject({
        status: "sent",
        attempts: 3,
        responseStatus: 200,
        lastError: "HTTP 503 Service Unavailable: Receiver is down for maintenance",
        deliveredAt: later(30 * SECOND + 2 * MINUTE).toISOString(),
      });
      expect(receiver.received).toHaveLength(3);
      // Every attempt carries the same delivery id, so the receiver can ignore repeats.
      expect(new Set(receiver.received.map((r) => r.headers["x-lockstep-delivery"]))).toEqual(
        new Set([delivery.id]),
      );
    } finally {
      await receiver.close();
    }
  });

  it("gives up after the last attempt and marks the delivery failed", async () => {
    const { admin } = t.cast;
    const receiver = await startReceiver(Array(10).fill(500));
    try {
      const hook = await createWebhook({ name: "Down", url: receiver.url });
      await notify(
        t.database.db,
        admin.workspaceId,
        [{ kind: "sla.warning", title: "Soon", body: "", recipients: [] }],
        T0,
      );
      const waits: number[] = [];
      let now = T0;
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        expect(await drainDeliveries(t.database.db, now)).toBe(1);
        const [delivery] = await deliveriesOf(hook.id);
        expect(delivery.attempts).toBe(attempt);
        if (delivery.status === "failed") break;
        const next = new Date(delivery.nextAttemptAt);
        waits.push(next.getTime() - now.getTime());
        now = next;
      }
      expect(waits).toEqual([30 * SECOND, 2 * MINUTE, 10 * MINUTE, 60 * MINUTE, 6 * 60 * MINUTE]);
      const [delivery] = await deliveriesOf(hook.id);
      expect(delivery).toMatchObject({
        status: "failed",
        attempts: 6,
        responseStatus: 500,
        deliveredAt: null,
      });
      expect(receiver.received).toHaveLength(6);
      expect(await drainDeliveries(t.database.db, later(30 * 24 * 60 * MINUTE))).toBe(0);
    } finally {
      await receiver.close();
    }
  });

  it("records an unreachable receiver's network error and retries it", async () => {
    const { admin } = t.cast;
    const receiver = await startReceiver();
    const url = receiver.url;
    await receiver.close();
    const hook = await createWebhook({ name: "Gone", url });
    await notify(
      t.database.db,
      admin.workspaceId,
      [{ kind: "sla.warning", title: "Soon", body: "", recipients: [] }],
      T0,
    );
    await drainDeliveries(t.database.db, T0);
    const [delivery] = await deliveriesOf(hook.id);
    expect(delivery).toMatchObject({
      status: "pending",
      attempts: 1,
      responseStatus: null,
      lastError: "Could not connect (ECONNREFUSED)",
    });
  });

  it("sends Slack-compatible messages to a Slack webhook, with an absolute link", async () => {
    const { admin, rep, marketingLead } = t.cast;
    configureMail({ publicUrl: "https://lockstep.example.com/" });
    const receiver = await startReceiver();
    try {
      await createWebhook({ name: "Slack #revenue", url: receiver.url, format: "slack" });
      const contactId = await newContact(marketingLead);
      await notify(
        t.database.db,
        admin.workspaceId,
        [{ ...breach(contactId, [rep.memberId]), body: "Due 9:00 <today> & still untouched" }],
        T0,
      );
      await drainDeliveries(t.database.db, T0);
      const text = `*SLA breached: Dana Scully*\nDue 9:00 &lt;today&gt; &amp; still untouched <https://lockstep.example.com/contacts/${contactId}|Open in Lockstep>`;
      expect(JSON.parse(receiver.received[0].body)).toEqual({
        text,
        blocks: [
          { type: "section", text: { type: "mrkdwn", text } },
          { type: "context", elements: [{ type: "mrkdwn", text: "Lockstep · SLA breached" }] },
        ],
      });
      expect(receiver.received[0].headers["x-lockstep-event"]).toBe("sla.breached");
    } finally {
      await receiver.close();
    }
  });

  it("sends a test delivery on demand, even while the webhook is off, and logs it", async () => {
    const { admin } = t.cast;
    const receiver = await startReceiver();
    try {
      const hook = await createWebhook({ name: "CRM sync", url: receiver.url, active: false });
      const queued = await t.as(admin).post(`/api/webhooks/${hook.id}/test`, {});
      expect(queued.statusCode).toBe(202);
      expect(queued.json()).toMatchObject({
        kind: "webhook.test",
        status: "pending",
        attempts: 0,
        target: receiver.url,
      });
      // Due now: the drain sends it and records the answer before it returns.
      await drainDeliveries(t.database.db);
      await receiver.until(1);
      expect(JSON.parse(receiver.received[0].body)).toMatchObject({
        kind: "webhook.test",
        title: "Test delivery from Lockstep",
        workspaceId: admin.workspaceId,
        link: "/settings/webhooks",
        data: { webhookId: hook.id, sentBy: "Ada Admin" },
      });
      const [delivery] = await deliveriesOf(hook.id);
      expect(delivery).toMatchObject({
        id: queued.json().id,
        status: "sent",
        attempts: 1,
        responseStatus: 200,
      });
    } finally {
      await receiver.close();
    }
  });
});

describe("email", () => {
  it("emails each recipient through SMTP, with the subject, the text and the link", async () => {
    const { admin, rep, marketingLead } = t.cast;
    const received: { from: string; to: string[]; raw: string }[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onData(stream, session, callback) {
        let raw = "";
        stream.setEncoding("utf8");
        stream.on("data", (chunk: string) => {
          raw += chunk;
        });
        stream.on("end", () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", () => resolve()));
    const { port } = smtp.server.address() as AddressInfo;
    try {
      configureMail({
        url: `smtp://127.0.0.1:${port}`,
        from: "Lockstep <alerts@acme.test>",
        publicUrl: "https://lockstep.example.com",
      });
      const contactId = await newContact(marketingLead);
      await notify(t.database.db, admin.workspaceId, [breach(contactId, [rep.memberId, rep.memberId])], T0);
      const queued = await t.database.db
        .select()
        .from(notificationDeliveries)
        .where(eq(notificationDeliveries.channel, "email"));
      expect(queued.map((d) => [d.target, d.status, d.kind])).toEqual([
        [rep.email, "pending", "sla.breached"],
      ]);
      expect(queued[0].payload).toEqual({
        to: rep.email,
        subject: "SLA breached: Dana Scully",
        text: `First touch was due within 4 business hours of MQL.\n\nOpen in Lockstep: https://lockstep.example.com/contacts/${contactId}`,
      });

      expect(await drainDeliveries(t.database.db, T0)).toBe(1);
      expect(received).toHaveLength(1);
      expect(received[0].from).toBe("alerts@acme.test");
      expect(received[0].to).toEqual([rep.email]);
      expect(received[0].raw).toContain("Subject: SLA breached: Dana Scully");
      expect(received[0].raw).toContain(`To: ${rep.email}`);
      expect(received[0].raw).toContain("First touch was due within 4 business hours of MQL.");
      const [sent] = await t.database.db
        .select()
        .from(notificationDeliveries)
        .where(eq(notificationDeliveries.id, queued[0].id));
      expect([sent.status, sent.attempts, sent.responseStatus, sent.notificationId]).toEqual([
        "sent",
        1,
        250,
        (await t.database.db.select().from(notifications))[0].id,
      ]);
    } finally {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    }
  });

  it("queues no email when SMTP is not configured", async () => {
    const { admin, rep } = t.cast;
    configureMail({ url: null });
    await notify(
      t.database.db,
      admin.workspaceId,
      [{ kind: "mql.assigned", title: "MQL", body: "", recipients: [rep.memberId] }],
      T0,
    );
    expect(await t.database.db.$count(notifications)).toBe(1);
    expect(await t.database.db.$count(notificationDeliveries)).toBe(0);
  });
});
