// "Only a sales lead or an admin gives an MQL an owner" holds on every path through the contacts API:
// creating an MQL with an owner, naming an owner for an MQL, and making an owned lead an MQL by hand.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { contacts } from "../../db/schema/index.js";
import { setupTestApp } from "../../testing/harness.js";

const t = setupTestApp();

const owner = async (id: string) =>
  (await t.database.db.select().from(contacts).where(eq(contacts.id, id)))[0]?.ownerMemberId ?? null;

describe("who may give an MQL an owner", () => {
  it("refuses a marketing member or a rep who creates an MQL handed to someone, and writes nothing", async () => {
    const { marketingLead, rep, salesLead } = t.cast;
    for (const [who, email] of [
      [marketingLead, "mia@owner.test"],
      [rep, "rey@owner.test"],
    ] as const) {
      const response = await t
        .as(who)
        .post("/api/contacts", { email, lifecycleStage: "mql", ownerMemberId: rep.memberId });
      expect(response.statusCode, response.body).toBe(403);
      expect(response.json().error.message).toMatch(/sales team lead or an admin/);
    }
    expect(await t.database.db.$count(contacts)).toBe(0);
    // Without an owner, marketing may create an MQL (routing decides who gets it) ...
    expect(
      (await t.as(marketingLead).post("/api/contacts", { email: "ok@owner.test", lifecycleStage: "mql" }))
        .statusCode,
    ).toBe(201);
    // ... and a sales lead may hand one to a rep.
    const handed = await t
      .as(salesLead)
      .post("/api/contacts", { email: "sam@owner.test", lifecycleStage: "mql", ownerMemberId: rep.memberId });
    expect(handed.statusCode, handed.body).toBe(201);
    expect(await owner(handed.json().id)).toBe(rep.memberId);
  });

  it("refuses making an owned lead an MQL, or naming an MQL's owner, unless a sales lead or an admin does it", async () => {
    const { marketingLead, rep, salesLead, admin } = t.cast;
    const lead = (
      await t.as(marketingLead).post("/api/contacts", { email: "lee@owner.test", lifecycleStage: "lead" })
    ).json().id as string;
    // The path the probe found: a marketer owns a lead (allowed while it is a lead), then makes it an MQL.
    expect(
      (await t.as(marketingLead).patch(`/api/contacts/${lead}`, { ownerMemberId: marketingLead.memberId }))
        .statusCode,
    ).toBe(200);
    const toMql = await t.as(marketingLead).patch(`/api/contacts/${lead}`, { lifecycleStage: "mql" });
    expect(toMql.statusCode, toMql.body).toBe(403);
    const stored = (await t.database.db.select().from(contacts).where(eq(contacts.id, lead)))[0];
    expect(stored.lifecycleStage).toBe("lead");
    // Owner and stage in one request: refused too.
    const both = await t
      .as(rep)
      .patch(`/api/contacts/${lead}`, { lifecycleStage: "mql", ownerMemberId: rep.memberId });
    expect(both.statusCode).toBe(403);
    expect(await owner(lead)).toBe(marketingLead.memberId);
    // Clearing the owner first lets marketing make it an MQL; routing then decides.
    expect(
      (
        await t
          .as(marketingLead)
          .patch(`/api/contacts/${lead}`, { ownerMemberId: null, lifecycleStage: "mql" })
      ).statusCode,
    ).toBe(200);
    // Naming an owner for an MQL: refused for the rep, allowed for a sales lead and an admin.
    expect((await t.as(rep).patch(`/api/contacts/${lead}`, { ownerMemberId: rep.memberId })).statusCode).toBe(
      403,
    );
    expect(
      (await t.as(salesLead).patch(`/api/contacts/${lead}`, { ownerMemberId: rep.memberId })).statusCode,
    ).toBe(200);
    expect(await owner(lead)).toBe(rep.memberId);
    const other = (
      await t.as(admin).post("/api/contacts", {
        email: "ada@owner.test",
        lifecycleStage: "lead",
        ownerMemberId: rep.memberId,
      })
    ).json().id;
    expect((await t.as(admin).patch(`/api/contacts/${other}`, { lifecycleStage: "mql" })).statusCode).toBe(
      200,
    );
    expect(await owner(other)).toBe(rep.memberId);
  });
});
