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
