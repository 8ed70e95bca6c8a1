import { Analytics } from "@segment/analytics-node";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../lib/ids.js";
import { setupTestApp } from "../../testing/harness.js";

const t = setupTestApp();
let host = "";

beforeAll(async () => {
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  const address = t.app.server.address();
  host = typeof address === "object" && address ? `http://127.0.0.1:${address.port}` : "";
});
afterAll(() => t.app.close());

async function newWriteKey(headers: Record<string, string>) {
  const response = await t.app.inject({
    method: "POST",
    url: "/api/write-keys",
    headers,
    payload: { name: "Website" },
  });
  expect(response.statusCode).toBe(201);
  return response.json().key as string;
}
const basic = (key: string) => ({ authorization: `Basic ${Buffer.from(`${key}:`).toString("base64")}` });
describe("Segment-compatible tracking with the real @segment/analytics-node client", () => {
  it("turns page, identify, track and group calls into touches on the right contact and account", async () => {
    const { admin } = t.cast;
    const writeKey = await newWriteKey(admin.headers);
    const analytics = new Analytics({ writeKey, host, maxEventsInBatch: 1, flushInterval: 10 });
    analytics.page({
      anonymousId: "anon-1",
      name: "Pricing",
      properties: {
        url: "https://acme.io/pricing?utm_campaign=spring-launch&utm_medium=cpc",
        path: "/pricing",
        title: "Pricing",
      },
      timestamp: new Date("2026-05-01T10:00:00Z"),
    });
    await analytics.flush();
    analytics.identify({
      anonymousId: "anon-1",
      userId: "u-42",
      traits: { email: "Dana@Initech.com", firstName: "Dana", lastName: "Scully", title: "CFO" },
    });
    await analytics.flush();
    analytics.track({
      userId: "u-42",
      event: "Form Submitted",
      properties: { form: "demo" },
      timestamp: new Date("2026-05-02T10:00:00Z"),
    });
    analytics.track({ userId: "u-42", event: "Played Game", timestamp: new Date("2026-05-03T10:00:00Z") });
    analytics.group({
      userId: "u-42",
      groupId: "org-7",
      traits: { name: "Initech", website: "https://www.initech.com" },
    });
    await analytics.closeAndFlush();

    const contacts = (await t.as(admin).get("/api/contacts")).json().items;
    expect(contacts).toHaveLength(1);
    const dana = contacts[0];
    expect(dana).toMatchObject({
      email: "dana@initech.com",
      firstName: "Dana",
      title: "CFO",
      lifecycleStage: "lead",
    });
    const account = (await t.as(admin).get(`/api/accounts/${dana.accountId}`)).json();
    expect(account).toMatchObject({ name: "Initech", domain: "initech.com" });

    const timeline = (await t.as(admin).get(`/api/contacts/${dana.id}/timeline`)).json().items;
    expect(timeline.map((x: { type: string }) => x.type)).toEqual(["custom", "form_submit", "page_view"]);
    // The anonymous page view was stitched onto Dana when she identified, with its campaign.
    expect(timeline[2]).toMatchObject({
      campaignName: "spring-launch (unmatched)",
      channel: "paid_search",
      properties: { path: "/pricing" },
    });
    expect(timeline[0].properties).toMatchObject({ event: "Played Game" });
    const history = (await t.as(admin).get(`/api/contacts/${dana.id}/stage-history`)).json().items;
    expect(history[0]).toMatchObject({ toStage: "lead", cause: "api" });
  });

  it("never double-counts a re-sent batch, keeps valid events of a bad batch, and reports the bad ones by index", async () => {
    const { admin } = t.cast;
    const key = await newWriteKey(admin.headers);
    const batch = {
      batch: [
        {
          type: "track",
          messageId: "m-1",
          anonymousId: "a-9",
          event: "Email Opened",
          timestamp: "2026-05-01T00:00:00Z",
        },
        { type: "track", messageId: "m-2", anonymousId: "a-9" },
        { type: "page", messageId: "m-3" },
        { type: "teleport", messageId: "m-4", userId: "x" },
        { type: "identify", messageId: "m-5", anonymousId: "a-9", traits: { email: "eve@example.org" } },
        { type: "track", messageId: "m-6", anonymousId: "a-9", event: "Bad\u0000Name" },
      ],
    };
    const send = () =>
      t.app.inject({ method: "POST", url: "/v1/batch", headers: basic(key), payload: batch });
    const first = await send();
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ success: true, accepted: 2 });
    expect(first.json().rejected).toEqual([
      { index: 1, reason: "event: is required" },
      { index: 2, reason: "userId: needs an anonymousId or a userId" },
      { index: 3, reason: expect.stringContaining("type") },
      // Text the database cannot store: this event only, the batch's good events are kept.
      { index: 5, reason: "event: must not contain the NUL character (\\u0000)" },
    ]);
    await send();
    const eve = (await t.as(admin).get("/api/contacts?q=eve")).json().items[0];
    const timeline = (await t.as(admin).get(`/api/contacts/${eve.id}/timeline`)).json().items;
    expect(timeline.map((x: { type: string }) => x.type)).toEqual(["email_open"]);
  });

  it("refuses wrong keys (401), malformed JSON (400) and oversized payloads (400, as Segment), writing nothing", async () => {
    const { admin } = t.cast;
    const key = await newWriteKey(admin.headers);
    const wrong = await t.app.inject({
      method: "POST",
      url: "/v1/track",
      headers: basic(`${key}x`),
      payload: { userId: "u", event: "E" },
    });
    expect(wrong.statusCode).toBe(401);
    const none = await t.app.inject({
      method: "POST",
      url: "/v1/track",
      payload: { userId: "u", event: "E" },
    });
    expect(none.statusCode).toBe(401);
    const malformed = await t.app.inject({
      method: "POST",
      url: "/v1/batch",
      headers: { ...basic(key), "content-type": "application/json" },
      payload: '{"batch": [',
    });
    expect(malformed.statusCode).toBe(400);
    const huge = await t.app.inject({
      method: "POST",
      url: "/v1/track",
      headers: basic(key),
      payload: { userId: "u", event: "E", properties: { blob: "x".repeat(40_000) } },
    });
    expect(huge.statusCode).toBe(400);
    const single = await t.app.inject({
      method: "POST",
      url: "/v1/track",
      headers: basic(key),
      payload: { userId: "u" },
    });
    // An invalid event is reported, not refused: Segment's clients would drop a 400 silently too.
    expect(single.statusCode).toBe(200);
    expect(single.json()).toMatchObject({
      accepted: 0,
      rejected: [{ index: 0, reason: "event: is required" }],
    });
    expect((await t.as(admin).get("/api/contacts")).json().items).toHaveLength(0);
    // A revoked key stops working at once.
    const keys = (await t.as(admin).get("/api/write-keys")).json().items;
    await t.as(admin).delete(`/api/write-keys/${keys[0].id}`);
    const revoked = await t.app.inject({
      method: "POST",
      url: "/v1/track",
      headers: basic(key),
      payload: { userId: "u", event: "E" },
    });
    expect(revoked.statusCode).toBe(401);
  });

  it("merges two known identities on alias, and follows the workspace's event mapping", async () => {
    const { admin, marketingLead, rep } = t.cast;
    const key = await newWriteKey(admin.headers);
    const refused = await t
      .as(rep)
      .put("/api/event-mapping", { eventName: "Trial Started", touchType: "demo_request" });
    expect(refused.statusCode).toBe(403);
    const mapped = await t
      .as(marketingLead)
      .put("/api/event-mapping", { eventName: "Trial Started", touchType: "demo_request" });
    expect(mapped.statusCode).toBe(200);
    const send = (batch: object[]) =>
      t.app.inject({ method: "POST", url: "/v1/batch", headers: basic(key), payload: { batch } });
    await send([
      { type: "identify", userId: "old-id", traits: { email: "old@corp.io" } },
      { type: "identify", userId: "new-id", traits: { email: "new@corp.io" } },
      { type: "track", userId: "old-id", event: "Trial Started", messageId: "t1" },
    ]);
    await send([{ type: "alias", previousId: "old-id", userId: "new-id" }]);
    const active = (await t.as(admin).get("/api/contacts")).json().items;
    expect(active.map((c: { email: string }) => c.email)).toEqual(["new@corp.io"]);
    const timeline = (await t.as(admin).get(`/api/contacts/${active[0].id}/timeline`)).json().items;
    expect(timeline.map((x: { type: string }) => x.type)).toEqual(["demo_request"]);
    expect((await t.as(rep).get("/api/write-keys")).statusCode).toBe(403);
  });

  it("identifies a stored contact by email, keeps the first of two events with one messageId, links known utm campaigns and stitches late anonymous touches", async () => {
    const { admin } = t.cast;
    const key = await newWriteKey(admin.headers);
    const send = (batch: object[]) =>
      t.app.inject({ method: "POST", url: "/v1/batch", headers: basic(key), payload: { batch } });
    const stored = await t
      .as(admin)
      .post("/api/contacts", { email: "kim@initech.com", firstName: "Kim", lifecycleStage: "mql" });
    const kim = stored.json();
    const campaign = await t
      .as(admin)
      .post("/api/campaigns", { name: "Autumn webinar", channel: "webinar", utmCampaign: "autumn-webinar" });
    expect(campaign.statusCode).toBe(201);

    const first = await send([
      {
        type: "page",
        messageId: "p-1",
        anonymousId: "v-7",
        properties: { url: "https://acme.io/?utm_campaign=autumn-webinar&utm_medium=email" },
        timestamp: "2026-06-01T09:00:00Z",
      },
      {
        type: "identify",
        messageId: "i-1",
        anonymousId: "v-7",
        traits: { email: "KIM@initech.com", title: "COO" },
      },
      {
        type: "track",
        messageId: "t-1",
        anonymousId: "v-7",
        event: "Email Opened",
        timestamp: "2026-06-01T09:05:00Z",
      },
      {
        type: "track",
        messageId: "t-1",
        anonymousId: "v-7",
        event: "Demo Requested",
        timestamp: "2026-06-01T09:06:00Z",
      },
    ]);
    expect(first.json()).toMatchObject({ accepted: 4, rejected: [] });
    const contacts = (await t.as(admin).get("/api/contacts")).json().items;
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({ id: kim.id, title: "COO", firstName: "Kim", lifecycleStage: "mql" });
    let timeline = (await t.as(admin).get(`/api/contacts/${kim.id}/timeline`)).json().items;
    expect(timeline.map((x: { type: string }) => x.type)).toEqual(["email_open", "page_view"]);
    expect(timeline[1]).toMatchObject({ campaignName: "Autumn webinar", channel: "email" });
    const campaigns = (await t.as(admin).get("/api/campaigns")).json().items;
    expect(campaigns).toHaveLength(1);

    // A touch another request stored without the contact while the identify was being written
    // (simulated here) is stitched by the visitor's next request.
    await t.database.db.execute(sql`insert into touches (workspace_id, id, anonymous_id, type, team, occurred_at, source, external_id)
      values (${admin.workspaceId}, ${newId()}, 'v-7', 'page_view', 'marketing', '2026-06-01T09:04:00Z', 'tracking', 'p-late')`);
    await send([{ type: "page", messageId: "p-2", anonymousId: "v-7", timestamp: "2026-06-01T09:10:00Z" }]);
    timeline = (await t.as(admin).get(`/api/contacts/${kim.id}/timeline`)).json().items;
    expect(timeline.map((x: { occurredAt: string }) => x.occurredAt.slice(11, 16))).toEqual([
      "09:10",
      "09:05",
      "09:04",
      "09:00",
    ]);
  });
  it("scores tracked visitors live and links an identified company email to its account", async () => {
    const { admin, marketingLead, salesLead } = t.cast;
    const created = await t.as(marketingLead).post("/api/scoring-models", { name: "Core" });
    const modelId = created.json().id;
    for (const lead of [marketingLead, salesLead])
      await t.as(lead).post(`/api/scoring-models/${modelId}/versions/1/approval`);
    await t.as(salesLead).post(`/api/scoring-models/${modelId}/versions/1/activate`);

    const key = await newWriteKey(admin.headers);
    const now = new Date().toISOString();
    const batch = await t.app.inject({
      method: "POST",
      url: "/v1/batch",
      headers: basic(key),
      payload: {
        batch: [
          {
            type: "page",
            messageId: "s-1",
            anonymousId: "v-9",
            properties: { path: "/pricing" },
            timestamp: now,
          },
          {
            type: "identify",
            messageId: "s-2",
            anonymousId: "v-9",
            traits: { email: "lou@umbrella.io", name: "Lou Ma" },
          },
          { type: "track", messageId: "s-3", anonymousId: "v-9", event: "Demo Requested", timestamp: now },
        ],
      },
    });
    expect(batch.json()).toMatchObject({ accepted: 3, rejected: [] });
    const [lou] = (await t.as(admin).get("/api/contacts?q=lou")).json().items;
    const account = (await t.as(admin).get(`/api/accounts/${lou.accountId}`)).json();
    expect(account.domain).toBe("umbrella.io");
    // Starter model: pricing page 10 + any page view 1 = 11; the demo request is a direct hand-off.
    const [score] = (await t.as(admin).get(`/api/contacts/${lou.id}/scores`)).json().items;
    expect(score).toMatchObject({ engagement: 11, mql: true, mqlReasons: ["hand-off touch (demo_request)"] });
    // The stored score and the stage follow once the scoring worker has drained its queue.
    await t.drain();
    const stored = await t.database.db.execute(
      sql`select engagement, mql from contact_scores where contact_id = ${lou.id}`,
    );
    expect((stored as unknown as { rows: unknown[] }).rows).toEqual([{ engagement: 11, mql: true }]);
    const [again] = (await t.as(admin).get("/api/contacts?q=lou")).json().items;
    expect(again.lifecycleStage).toBe("mql");

    // A free-mail address says nothing about the company.
    await t.app.inject({
      method: "POST",
      url: "/v1/identify",
      headers: basic(key),
      payload: { userId: "u-77", traits: { email: "someone@gmail.com" } },
    });
    const [freeMail] = (await t.as(admin).get("/api/contacts?q=someone")).json().items;
    expect(freeMail.accountId).toBeNull();
  });
});
