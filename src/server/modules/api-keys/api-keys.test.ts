// API keys: admins create read, full and ingest keys (shown once, stored hashed, revocable, last use kept);
// each kind may call only what it should; keys stay inside their workspace; neither the key nor its hash
// reaches the audit log or the server log.
import { createHash } from "node:crypto";
import { Writable } from "node:stream";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { buildApp } from "../../app.js";
import { apiKeys, auditEvents, members } from "../../db/schema/index.js";
import { forgetMemberships } from "../../lib/access.js";
import { setupTestApp, type TestMember } from "../../testing/harness.js";

const t = setupTestApp();

async function createKey(member: TestMember, kind: "read" | "full" | "ingest", name = `${kind} key`) {
  const response = await t.as(member).post("/api/api-keys", { name, kind });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; key: string; prefix: string; kind: string; name: string };
}

const withKey = (
  key: string,
  method: "GET" | "POST" | "PATCH" | "DELETE",
  url: string,
  payload?: object,
  headers: Record<string, string> = {},
) =>
  t.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${key}`, ...headers },
    payload: method === "GET" ? undefined : (payload ?? {}),
  });

describe("API keys", () => {
  it("are created by admins, shown once, listed without the secret and stored only as a hash", async () => {
    const { admin, rep } = t.cast;
    const created = await createKey(admin, "read", "BI export");
    expect(created).toMatchObject({ name: "BI export", kind: "read", lastUsedAt: null, revokedAt: null });
    expect(created.key).toMatch(/^lsk_[\w-]{8}_[0-9a-f]{32}[\w-]{32}$/);
    expect(created.key.startsWith(created.prefix)).toBe(true);
    expect(created.prefix).toHaveLength(12);

    const list = await t.as(admin).get("/api/api-keys");
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toHaveLength(1);
    expect(list.body).not.toContain(created.key);
    expect(list.json().items[0]).not.toHaveProperty("key");
    const [row] = await t.database.db.select().from(apiKeys).where(eq(apiKeys.id, created.id));
    expect(row.secretHash).toBe(createHash("sha256").update(created.key).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(created.key);

    const invalid = await t.as(admin).post("/api/api-keys", { name: "x", kind: "everything" });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.details[0].path).toBe("kind");
    for (const [method, url] of [
      ["GET", "/api/api-keys"],
      ["POST", "/api/api-keys"],
      ["DELETE", `/api/api-keys/${created.id}`],
    ] as const) {
      const refused = await t
        .as(rep)
        .send(method, url, method === "GET" ? undefined : { name: "Mine", kind: "full" });
      expect(refused.statusCode, `${method} ${url}`).toBe(403);
      expect(refused.json().error.message).toBe("Only admins can manage API keys");
    }
  });

  it("read keys may call GET routes and nothing else, and record their last use", async () => {
    const { admin, outsider } = t.cast;
    const read = await createKey(admin, "read");
    await t.as(admin).post("/api/contacts", { email: "dana@initech.com" });
    const contacts = await withKey(read.key, "GET", "/api/contacts");
    expect(contacts.statusCode).toBe(200);
    expect(contacts.json().items.map((c: { email: string }) => c.email)).toEqual(["dana@initech.com"]);

    const write = await withKey(read.key, "POST", "/api/contacts", { email: "x@initech.com" });
    expect(write.statusCode).toBe(403);
    expect(write.json().error).toMatchObject({
      code: "forbidden",
      message: "This API key is read-only: it may only call GET routes",
    });
    expect((await withKey(read.key, "GET", "/api/api-keys")).statusCode).toBe(403);
    expect((await withKey(read.key, "GET", "/api/write-keys")).statusCode).toBe(403);
    expect((await withKey(read.key, "GET", "/api/invitations")).statusCode).toBe(403);
    expect((await withKey(read.key, "GET", "/api/members")).statusCode).toBe(200);
    // Webhooks hold their signing secrets: not for read keys.
    const hooks = await withKey(read.key, "GET", "/api/webhooks");
    expect(hooks.statusCode).toBe(403);
    expect(hooks.json().error.message).toContain("cannot see webhooks");
    // Routes for people (not workspaces) and the sign-in endpoints are not for keys.
    const me = await withKey(read.key, "GET", "/api/me");
    expect(me.statusCode).toBe(403);
    expect((await withKey(read.key, "POST", "/api/auth/sign-out")).statusCode).toBe(403);
    // A key acts in its own workspace only.
    const elsewhere = await withKey(read.key, "GET", "/api/contacts", undefined, {
      "x-workspace-id": outsider.workspaceId,
    });
    expect(elsewhere.statusCode).toBe(404);

    const [row] = await t.database.db.select().from(apiKeys).where(eq(apiKeys.id, read.id));
    expect(row.lastUsedAt).toBeInstanceOf(Date);
    const listed = (await t.as(admin).get("/api/api-keys")).json();
    expect(listed.items[0].lastUsedAt).toBe(row.lastUsedAt?.toISOString());
  });

  it("full keys may do what an admin does, recorded as the admin who made the key, except keys and members", async () => {
    const { admin, rep } = t.cast;
    const full = await createKey(admin, "full", "CRM sync");
    const created = await withKey(full.key, "POST", "/api/contacts", {
      email: "new@initech.com",
      lifecycleStage: "mql",
    });
    expect(created.statusCode, created.body).toBe(201);
    const history = await withKey(full.key, "GET", `/api/contacts/${created.json().id}/stage-history`);
    expect(history.statusCode).toBe(200);
    expect(history.json().items.at(-1).memberId).toBe(admin.memberId);
    const account = await withKey(full.key, "POST", "/api/accounts", {
      name: "Initech",
      domain: "initech.com",
    });
    expect(account.statusCode).toBe(201);
    expect((await withKey(full.key, "DELETE", `/api/accounts/${account.json().id}`)).statusCode).toBe(200);

    const refused = [
      await withKey(full.key, "POST", "/api/api-keys", { name: "Another", kind: "full" }),
      await withKey(full.key, "DELETE", `/api/api-keys/${full.id}`),
      await withKey(full.key, "POST", "/api/write-keys", { name: "Site" }),
      await withKey(full.key, "PATCH", `/api/members/${rep.memberId}`, { role: "admin" }),
      await withKey(full.key, "DELETE", `/api/members/${rep.memberId}`),
      await withKey(full.key, "POST", "/api/invitations", { email: "friend@initech.com", team: "sales" }),
      await withKey(full.key, "POST", "/api/workspaces", { name: "Side project" }),
    ];
    for (const response of refused) expect(response.statusCode, response.body).toBe(403);
    expect(refused[0].json().error.message).toBe(
      "API keys cannot manage API keys, members or invitations: sign in as an admin to do that",
    );
  });

  it("act with their creator's current role, and stop when the creator leaves the workspace", async () => {
    const { admin, marketingLead } = t.cast;
    const full = await createKey(admin, "full", "Ops script");
    expect((await withKey(full.key, "GET", "/api/audit")).statusCode).toBe(200);
    // A second admin demotes the key's creator to member.
    await t.database.db.update(members).set({ role: "admin" }).where(eq(members.id, marketingLead.memberId));
    forgetMemberships();
    const demoted = await t.as(marketingLead).patch(`/api/members/${admin.memberId}`, { role: "member" });
    expect(demoted.statusCode, demoted.body).toBe(200);
    const audit = await withKey(full.key, "GET", "/api/audit");
    expect(audit.statusCode).toBe(403);
    expect(audit.json().error.message).toMatch(/^Only admins can read the audit log/);
    expect(
      (await withKey(full.key, "POST", "/api/contacts", { email: "still@initech.com" })).statusCode,
    ).toBe(201);

    const removed = await t.as(marketingLead).delete(`/api/members/${admin.memberId}`);
    expect(removed.statusCode, removed.body).toBe(200);
    const refused = await withKey(full.key, "GET", "/api/contacts");
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toBe(
      "This API key has no creator in the workspace any more: create a new key",
    );
  });

  it("ingest keys may only send tracking events; other kinds may not send them", async () => {
    const { admin } = t.cast;
    const ingest = await createKey(admin, "ingest", "Website");
    const read = await createKey(admin, "read");
    const onApi = await withKey(ingest.key, "GET", "/api/contacts");
    expect(onApi.statusCode).toBe(403);
    expect(onApi.json().error.message).toMatch(/^This is an ingest \(write\) key: it may only send tracking/);
    const event = { userId: "u-1", event: "Demo Requested" };
    expect((await withKey(ingest.key, "POST", "/v1/track", event)).statusCode).toBe(200);
    const basic = await t.app.inject({
      method: "POST",
      url: "/v1/track",
      headers: { authorization: `Basic ${Buffer.from(`${ingest.key}:`).toString("base64")}` },
      payload: event,
    });
    expect(basic.statusCode).toBe(200);
    const readOnV1 = await withKey(read.key, "POST", "/v1/track", event);
    expect(readOnV1.statusCode).toBe(403);
    expect(readOnV1.json().error.message).toBe(
      "This is a read-only API key: tracking events need an ingest (write) key",
    );
    // The tracking settings' write keys are the ingest keys.
    const writeKeys = (await t.as(admin).get("/api/write-keys")).json();
    expect(writeKeys.items.map((k: { id: string }) => k.id)).toEqual([ingest.id]);
    const wrongKind = await t.as(admin).delete(`/api/write-keys/${read.id}`);
    expect(wrongKind.statusCode).toBe(404);
  });

  it("answers 401 once revoked (at once), and for unknown or malformed keys", async () => {
    const { admin } = t.cast;
    const read = await createKey(admin, "read");
    expect((await withKey(read.key, "GET", "/api/contacts")).statusCode).toBe(200);
    const revoked = await t.as(admin).delete(`/api/api-keys/${read.id}`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).toBeTruthy();
    const after = await withKey(read.key, "GET", "/api/contacts");
    expect(after.statusCode).toBe(401);
    expect(after.json().error).toMatchObject({ code: "unauthorized", message: "Unknown or revoked API key" });
    const again = await t.as(admin).delete(`/api/api-keys/${read.id}`);
    expect(again.statusCode).toBe(404);

    const forged = `${read.key.slice(0, -4)}AAAA`;
    expect((await withKey(forged, "GET", "/api/contacts")).statusCode).toBe(401);
    expect((await withKey("lsk_nonsense", "GET", "/api/contacts")).statusCode).toBe(401);
    const empty = await t.app.inject({
      method: "GET",
      url: "/api/contacts",
      headers: { authorization: "Bearer" },
    });
    expect(empty.statusCode).toBe(401);
  });

  it("answers 404 for another workspace's ids, as for its members", async () => {
    const { admin, outsider } = t.cast;
    const full = await createKey(admin, "full");
    const theirs = await t.as(outsider).post("/api/contacts", { email: "hank@globex.com" });
    const id = theirs.json().id as string;
    expect((await withKey(full.key, "GET", `/api/contacts/${id}`)).statusCode).toBe(404);
    expect((await withKey(full.key, "PATCH", `/api/contacts/${id}`, { firstName: "X" })).statusCode).toBe(
      404,
    );
    expect((await withKey(full.key, "DELETE", `/api/contacts/${id}`)).statusCode).toBe(404);
    const outsiderKey = await createKey(outsider, "read");
    expect((await withKey(outsiderKey.key, "GET", "/api/contacts")).json().items).toHaveLength(1);
  });

  it("audits creating and revoking a key, without the key or its hash", async () => {
    const { admin } = t.cast;
    const read = await createKey(admin, "read", "BI export");
    await t.as(admin).delete(`/api/api-keys/${read.id}`);
    const events = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.workspaceId, admin.workspaceId))
      .orderBy(auditEvents.occurredAt, auditEvents.id);
    const keyEvents = events.filter((e) => e.entityType === "api_key");
    expect(keyEvents.map((e) => [e.action, e.entityId, e.memberId, e.actorName])).toEqual([
      ["api_key.created", read.id, admin.memberId, "Ada Admin"],
      ["api_key.revoked", read.id, admin.memberId, "Ada Admin"],
    ]);
    expect(keyEvents[0].summary).toBe(
      `Ada Admin created the read-only API key 'BI export' (${read.prefix}…)`,
    );
    expect(keyEvents[1].summary).toBe(
      `Ada Admin revoked the read-only API key 'BI export' (${read.prefix}…)`,
    );
    expect(keyEvents[0].after).toEqual({ name: "BI export", kind: "read", prefix: read.prefix });
    const hash = createHash("sha256").update(read.key).digest("hex");
    const text = JSON.stringify(events);
    expect(text).not.toContain(read.key);
    expect(text).not.toContain(hash);
  });

  it("never writes a key to the server log, even at trace level", async () => {
    const { admin } = t.cast;
    let log = "";
    const stream = new Writable({
      write(chunk, _encoding, done) {
        log += chunk.toString();
        done();
      },
    });
    const app = await buildApp({
      db: t.database.db,
      auth: { secret: "test-secret-test-secret-test-secret", rateLimit: false },
      webRoot: null,
      slaWorker: false,
      scoreWorker: false,
      deliveryWorker: false,
      goalsWorker: false,
      logger: { level: "trace", stream },
    });
    try {
      const read = await createKey(admin, "read");
      const ingest = await createKey(admin, "ingest");
      await app.inject({
        method: "GET",
        url: "/api/contacts",
        headers: { authorization: `Bearer ${read.key}` },
      });
      await app.inject({
        method: "POST",
        url: "/api/contacts",
        headers: { authorization: `Bearer ${read.key}` },
      });
      await app.inject({
        method: "POST",
        url: "/v1/track",
        headers: { authorization: `Basic ${Buffer.from(`${ingest.key}:`).toString("base64")}` },
        payload: { userId: "u", event: "E" },
      });
      expect(log).toContain("incoming request");
      for (const key of [read.key, ingest.key]) {
        expect(log).not.toContain(key);
        expect(log).not.toContain(Buffer.from(`${key}:`).toString("base64"));
      }
    } finally {
      await app.close();
    }
  });
});
