// Every record type through the same five routes: create, read, a refused bad update that changes
// nothing, a refused bad list query, archive (leads only) and restore.
import { describe, expect, it } from "vitest";
import { setupTestApp } from "../testing/harness.js";

const t = setupTestApp();

interface Case {
  path: string;
  create: (accountId: string) => object;
  badPatch: object;
  badField: string;
}

const CASES: Case[] = [
  {
    path: "accounts",
    create: () => ({ name: "Umbrella", domain: "umbrella.com" }),
    badPatch: { employees: -5 },
    badField: "employees",
  },
  {
    path: "contacts",
    create: () => ({ email: "alice@umbrella.com", firstName: "Alice" }),
    badPatch: { email: "nope" },
    badField: "email",
  },
  {
    path: "opportunities",
    create: (accountId) => ({ name: "Umbrella deal", accountId, amount: 5000, closeDate: "2027-06-30" }),
    badPatch: { amount: "lots" },
    badField: "amount",
  },
  {
    path: "campaigns",
    create: () => ({ name: "Launch", channel: "event" }),
    badPatch: { budget: -1 },
    badField: "budget",
  },
  { path: "personas", create: () => ({ name: "Head of Ops" }), badPatch: { name: "" }, badField: "name" },
  {
    path: "segments",
    create: () => ({ name: "EMEA mid-market" }),
    badPatch: { minEmployees: 1.5 },
    badField: "minEmployees",
  },
  {
    path: "pods",
    create: () => ({ name: "EMEA" }),
    badPatch: { memberIds: ["not-an-id"] },
    badField: "memberIds.0",
  },
];

describe.each(CASES)("/api/$path", ({ path, create, badPatch, badField }) => {
  it("creates, reads, refuses a bad update without changing anything, archives (leads only) and restores", async () => {
    const { salesLead, rep } = t.cast;
    const account = await t.as(rep).post("/api/accounts", { name: "Acct" });
    const created = await t.as(salesLead).post(`/api/${path}`, create(account.json().id));
    expect(created.statusCode).toBe(201);
    const record = created.json();
    const url = `/api/${path}/${record.id}`;

    const bad = await t.as(salesLead).patch(url, badPatch);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe(badField);
    const unchanged = await t.as(rep).get(url);
    expect(unchanged.json()).toEqual(record);

    const badList = await t.as(rep).get(`/api/${path}?sort=shoeSize&limit=0`);
    expect(badList.statusCode).toBe(400);
    expect(
      badList
        .json()
        .error.details.map((d: { path: string }) => d.path)
        .sort(),
    ).toEqual(["limit", "sort"]);

    expect((await t.as(rep).delete(url)).statusCode).toBe(403);
    const archived = await t.as(salesLead).delete(url);
    expect(archived.json().archivedAt).not.toBeNull();
    expect((await t.as(rep).post(`${url}/restore`)).statusCode).toBe(403);
    const restored = await t.as(salesLead).post(`${url}/restore`);
    expect(restored.statusCode).toBe(200);
    expect(restored.json().archivedAt).toBeNull();
  });
});

describe("list totals", () => {
  // The first page says how many records match, all pages; walking the pages finds exactly that many.
  async function walk(path: string, query: string) {
    const { admin } = t.cast;
    const first = await t.as(admin).get(`/api/${path}?limit=2${query}`);
    expect(first.statusCode, path).toBe(200);
    let seen = first.json().items.length;
    let cursor: string | null = first.json().nextCursor;
    while (cursor) {
      const next = await t.as(admin).get(`/api/${path}?limit=2${query}&cursor=${encodeURIComponent(cursor)}`);
      expect(next.json().total, "later pages do not count again").toBeUndefined();
      seen += next.json().items.length;
      cursor = next.json().nextCursor;
    }
    return { total: first.json().total as number, seen };
  }

  it.each(CASES.filter((c) => c.path !== "contacts"))(
    "/api/$path answers the true total with its first page",
    async ({ path, create }) => {
      const account = await t.as(t.cast.rep).post("/api/accounts", { name: "Acct" });
      const before = await walk(path, "");
      for (const n of [1, 2, 3]) {
        const body = { ...create(account.json().id), name: `Listed ${n}` };
        if (path === "accounts") Object.assign(body, { domain: `listed-${n}.com` });
        expect((await t.as(t.cast.salesLead).post(`/api/${path}`, body)).statusCode).toBe(201);
      }
      const after = await walk(path, "");
      expect(after.total).toBe(before.total + 3);
      expect(after.seen).toBe(after.total);
      const filtered = await walk(path, "&q=listed");
      expect(filtered).toEqual({ total: 3, seen: 3 });
    },
  );

  it("members and the audit log answer their totals too", async () => {
    const members = await walk("members", "");
    expect(members.total).toBe(4); // the cast in Acme; the outsider is in Globex
    expect(members.seen).toBe(members.total);
    const sales = await walk("members", "&team=sales");
    expect(sales.total).toBeGreaterThan(0);
    expect(sales.total).toBeLessThan(members.total);
    for (const mqlCapacity of [5, 6, 7]) {
      await t.as(t.cast.admin).patch(`/api/members/${t.cast.rep.memberId}`, { mqlCapacity });
    }
    const audit = await walk("audit", "");
    expect(audit.total).toBeGreaterThanOrEqual(3);
    expect(audit.seen).toBe(audit.total);
  });
});
