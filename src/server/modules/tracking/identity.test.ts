// Identity resolution of the /v1 API: whoever a request names, and in whatever order or interleaving
// the requests arrive, a person ends as one contact with every event on it; group traits reach the
// account; status codes are Segment's.
import { Analytics } from "@segment/analytics-node";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/client.js";
import { setupTestApp } from "../../testing/harness.js";

const t = setupTestApp();
let host = "";

beforeAll(async () => {
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  const address = t.app.server.address();
  host = typeof address === "object" && address ? `http://127.0.0.1:${address.port}` : "";
});
afterAll(() => t.app.close());

async function writeKey() {
  const response = await t.as(t.cast.admin).post("/api/write-keys", { name: "Website" });
  expect(response.statusCode).toBe(201);
  return response.json().key as string;
}
const basic = (key: string) => ({ authorization: `Basic ${Buffer.from(`${key}:`).toString("base64")}` });
const sender = (key: string) => (batch: object[]) =>
  t.app.inject({ method: "POST", url: "/v1/batch", headers: basic(key), payload: { batch } });

interface ContactRow {
  id: string;
  email: string | null;
  archived: boolean;
}
const contactRows = () =>
  queryRows<ContactRow>(
    t.database.db,
    sql`select id, email, archived_at is not null as archived from contacts
      where workspace_id = ${t.cast.admin.workspaceId} order by created_at, id`,
  );
/** messageId -> the contact its touch landed on (null: none yet). */
async function touchOwners() {
  const rows = await queryRows<{ external_id: string; contact_id: string | null }>(
    t.database.db,
    sql`select external_id, contact_id from touches where workspace_id = ${t.cast.admin.workspaceId}`,
  );
  return new Map(rows.map((r) => [r.external_id, r.contact_id]));
}

describe("identity resolution of tracked events", () => {
  it("ends concurrent identifies of one new person (by email, or by user id alone) as one contact with every event, never a 409", async () => {
    const send = sender(await writeKey());
    for (let round = 0; round < 10; round++) {
      const email = `p${round}@initech.com`;
      const answers = await Promise.all(
        [0, 1].map((side) =>
          send([
            {
              type: "identify",
              messageId: `i-${round}-${side}`,
              userId: `u-${round}-${side % 2}`,
              traits: { email },
            },
            {
              type: "track",
              messageId: `t-${round}-${side}`,
              userId: `u-${round}-${side % 2}`,
              event: "Demo Requested",
            },
            { type: "identify", messageId: `j-${round}-${side}`, userId: `solo-${round}` },
            { type: "track", messageId: `s-${round}-${side}`, userId: `solo-${round}`, event: "Played" },
          ]),
        ),
      );
      expect(answers.map((a) => a.statusCode)).toEqual([200, 200]);
    }
    const contacts = await contactRows();
    // One contact per email and one per user id without an email: 20, not 40.
    expect(contacts).toHaveLength(20);
    const owners = await touchOwners();
    expect(owners.size).toBe(40);
    const byEmail = new Map(contacts.map((c) => [c.email, c.id]));
    for (let round = 0; round < 10; round++) {
      const person = byEmail.get(`p${round}@initech.com`);
      expect(owners.get(`t-${round}-0`)).toBe(person);
      expect(owners.get(`t-${round}-1`)).toBe(person);
      const solo = owners.get(`s-${round}-0`);
      expect(solo).toBeTruthy();
      expect(owners.get(`s-${round}-1`)).toBe(solo);
    }
  });

  it("stitches events sent before the identify onto the contact, by user id and by the anonymous id they carried", async () => {
    const send = sender(await writeKey());
    await send([
      { type: "track", messageId: "early-1", userId: "u-1", event: "Content Downloaded" },
      {
        type: "page",
        messageId: "early-2",
        userId: "u-2",
        anonymousId: "a-2",
        properties: { path: "/pricing" },
      },
    ]);
    await send([
      { type: "identify", messageId: "id-1", userId: "u-1", traits: { email: "one@initech.com" } },
    ]);
    await send([
      { type: "identify", messageId: "id-2", userId: "u-2", traits: { email: "two@initech.com" } },
    ]);
    // The anonymous id seen with u-2 is remembered: the visitor's next anonymous page lands on the contact.
    await send([{ type: "page", messageId: "later-2", anonymousId: "a-2", properties: { path: "/docs" } }]);
    // One contact per person, each with its email: no profile left behind without one.
    const contacts = await contactRows();
    expect(contacts.map((c) => [c.email, c.archived])).toEqual([
      ["one@initech.com", false],
      ["two@initech.com", false],
    ]);
    const owners = await touchOwners();
    expect(owners.get("early-1")).toBe(contacts[0].id);
    expect(owners.get("early-2")).toBe(contacts[1].id);
    expect(owners.get("later-2")).toBe(contacts[1].id);
    const timeline = (await t.as(t.cast.admin).get(`/api/contacts/${contacts[0].id}/timeline`)).json().items;
    expect(timeline.map((x: { type: string }) => x.type)).toEqual(["content_download"]);
  });

  it("puts the events of a merged profile on the surviving contact, even when they name its old email", async () => {
    const send = sender(await writeKey());
    await send([
      { type: "identify", userId: "old-id", traits: { email: "old@corp.io" } },
      { type: "identify", userId: "new-id", traits: { email: "new@corp.io" } },
    ]);
    await send([{ type: "alias", previousId: "old-id", userId: "new-id" }]);
    const answer = await send([
      {
        type: "identify",
        messageId: "i-9",
        userId: "old-id",
        traits: { email: "old@corp.io", title: "CTO" },
      },
      { type: "track", messageId: "t-9", userId: "old-id", event: "Demo Requested" },
      { type: "identify", messageId: "i-10", anonymousId: "visitor-10", traits: { email: "old@corp.io" } },
      { type: "track", messageId: "t-10", anonymousId: "visitor-10", event: "Email Opened" },
    ]);
    expect(answer.json()).toMatchObject({ accepted: 4, rejected: [] });
    const contacts = await contactRows();
    const survivor = contacts.find((c) => c.email === "new@corp.io");
    expect(contacts.find((c) => c.email === "old@corp.io")?.archived).toBe(true);
    const owners = await touchOwners();
    expect(owners.get("t-9")).toBe(survivor?.id);
    expect(owners.get("t-10")).toBe(survivor?.id);
    // The identify's traits update the surviving contact, not the archived one.
    const stored = (await t.as(t.cast.admin).get(`/api/contacts/${survivor?.id}`)).json();
    expect(stored).toMatchObject({ email: "new@corp.io", title: "CTO" });
  });

  it("takes the account's name, industry, employees, website, plan and address from group traits, over the identify's company trait", async () => {
    const key = await writeKey();
    const analytics = new Analytics({ writeKey: key, host, maxEventsInBatch: 1, flushInterval: 10 });
    analytics.identify({
      userId: "u-5",
      traits: { email: "dana@initech.com", company: { name: "initech inc (typed by a visitor)" } },
    });
    await analytics.flush();
    analytics.group({
      userId: "u-5",
      groupId: "org-5",
      traits: {
        name: "Initech",
        industry: "Software",
        employees: 250,
        website: "https://www.initech.com",
        plan: "enterprise",
        address: { country: "US", state: "TX", city: "Austin" },
      },
    });
    await analytics.closeAndFlush();
    const [dana] = (await t.as(t.cast.admin).get("/api/contacts")).json().items;
    const account = (await t.as(t.cast.admin).get(`/api/accounts/${dana.accountId}`)).json();
    expect(account).toMatchObject({
      name: "Initech",
      domain: "initech.com",
      industry: "Software",
      employees: 250,
      country: "US",
      region: "TX",
    });
    const [stored] = await queryRows<{ properties: Record<string, unknown> }>(
      t.database.db,
      sql`select properties from accounts where id = ${dana.accountId}`,
    );
    expect(stored.properties).toMatchObject({ plan: "enterprise", address: { city: "Austin" } });
    // A later group without those traits keeps them; "employees" as text counts too.
    await sender(key)([{ type: "group", userId: "u-5", groupId: "org-5", traits: { employees: "300" } }]);
    const again = (await t.as(t.cast.admin).get(`/api/accounts/${dana.accountId}`)).json();
    expect(again).toMatchObject({ name: "Initech", industry: "Software", employees: 300 });
  });

  it("answers with Segment's status codes: 400 for an oversize event or a malformed body, 200 with the rejection report for an invalid event", async () => {
    const key = await writeKey();
    const huge = await t.app.inject({
      method: "POST",
      url: "/v1/track",
      headers: basic(key),
      payload: { userId: "u", event: "E", properties: { blob: "x".repeat(40_000) } },
    });
    expect(huge.statusCode).toBe(400);
    const hugeBatch = await t.app.inject({
      method: "POST",
      url: "/v1/batch",
      headers: basic(key),
      payload: {
        batch: Array.from({ length: 20 }, () => ({
          userId: "u",
          type: "track",
          event: "E",
          properties: { blob: "x".repeat(30_000) },
        })),
      },
    });
    expect(hugeBatch.statusCode).toBe(400);
    const invalid = await t.app.inject({
      method: "POST",
      url: "/v1/track",
      headers: basic(key),
      payload: { userId: "u" },
    });
    expect(invalid.statusCode).toBe(200);
    expect(invalid.json()).toEqual({
      success: true,
      accepted: 0,
      rejected: [{ index: 0, reason: "event: is required" }],
    });
    const oversizeInBatch = await sender(key)([
      { type: "track", userId: "u", event: "Big", properties: { blob: "x".repeat(40_000) } },
      { type: "track", userId: "u", event: "Small" },
    ]);
    expect(oversizeInBatch.statusCode).toBe(200);
    expect(oversizeInBatch.json()).toMatchObject({ accepted: 1, rejected: [{ index: 0 }] });
    expect((await touchOwners()).size).toBe(1);
  });
});
