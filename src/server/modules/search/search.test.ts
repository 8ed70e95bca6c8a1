// The global search finds records of every kind by name, email or domain, only active ones, only in the
// caller's workspace; a query too short to mean anything is refused by name.
import { describe, expect, it } from "vitest";
import { setupTestApp } from "../../testing/harness.js";

const t = setupTestApp();

describe("the global search", () => {
  it("finds contacts, accounts, opportunities and campaigns, active ones, in the caller's workspace", async () => {
    const { admin, rep, outsider } = t.cast;
    const created = async (url: string, body: object, member = admin) => {
      const response = await t.as(member).post(url, body);
      expect(response.statusCode, response.body).toBe(201);
      return response.json().id as string;
    };
    const account = await created("/api/accounts", { name: "Initech Corp", domain: "initech.com" });
    const contact = await created("/api/contacts", {
      firstName: "Peter",
      lastName: "Gibbons",
      email: "peter@initech.com",
      accountId: account,
    });
    const deal = await created("/api/opportunities", {
      name: "Initech renewal",
      amount: 12000,
      accountId: account,
      closeDate: "2027-03-31",
    });
    const campaign = await created("/api/campaigns", { name: "Initech webinar", channel: "webinar" });
    const archived = await created("/api/contacts", {
      firstName: "Bill",
      lastName: "Initech",
      email: "bill@x.com",
    });
    expect((await t.as(admin).delete(`/api/contacts/${archived}`)).statusCode).toBe(200);
    await created("/api/accounts", { name: "Initech Elsewhere", domain: "initech.example" }, outsider);

    const response = await t.as(rep).get("/api/search?q=initech");
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().items).toEqual([
      { kind: "contact", id: contact, title: "Peter Gibbons", detail: "peter@initech.com · Initech Corp" },
      { kind: "account", id: account, title: "Initech Corp", detail: "initech.com" },
      { kind: "opportunity", id: deal, title: "Initech renewal", detail: "Initech Corp" },
      { kind: "campaign", id: campaign, title: "Initech webinar", detail: "webinar" },
    ]);
    // Every word must match: "peter init" finds Peter only.
    const two = (await t.as(rep).get("/api/search?q=peter%20init")).json().items;
    expect(two.map((r: { id: string }) => r.id)).toEqual([contact]);
  });

  it("refuses a query shorter than 2 characters and callers who are not members", async () => {
    const bad = await t.as(t.cast.rep).get("/api/search?q=a");
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("q must be at least 2 characters");
    expect((await t.app.inject({ method: "GET", url: "/api/search?q=initech" })).statusCode).toBe(401);
  });
});
