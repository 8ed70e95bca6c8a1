// The lifecycle's automatic moves: forward only, recorded with their cause; the lead status follows sales touches.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "../../db/client.js";
import { contacts, lifecycleStageChanges } from "../../db/schema/index.js";
import { setupTestApp } from "../../testing/harness.js";
import { advanceStage } from "./lifecycle.service.js";

const t = setupTestApp();

async function newContact(stage = "lead") {
  const response = await t.as(t.cast.rep).post("/api/contacts", {
    email: `c${Math.random().toString(36).slice(2, 8)}@initech.com`,
    lifecycleStage: stage,
  });
  expect(response.statusCode).toBe(201);
  return response.json().id as string;
}

const stageOf = async (id: string) =>
  (await t.database.db.select().from(contacts).where(eq(contacts.id, id)))[0];

describe("working lead status", () => {
  it("moves with sales touches: call -> attempting, reply or meeting -> connected, never back", async () => {
    const id = await newContact();
    const log = (payload: object) => t.as(t.cast.rep).post(`/api/contacts/${id}/touches`, payload);
    await log({ type: "page_view" });
    expect((await stageOf(id)).leadStatus).toBeNull();
    await log({ type: "call", note: "Voicemail" });
    expect((await stageOf(id)).leadStatus).toBe("attempting");
    await log({ type: "sales_email", properties: { direction: "inbound" } });
    expect((await stageOf(id)).leadStatus).toBe("connected");
    await log({ type: "call" });
    expect((await stageOf(id)).leadStatus).toBe("connected");
    const other = await newContact();
    await t.as(t.cast.rep).post(`/api/contacts/${other}/touches`, { type: "meeting" });
    expect((await stageOf(other)).leadStatus).toBe("connected");
    const called = await newContact();
    await t.as(t.cast.rep).post(`/api/contacts/${called}/touches`, {
      type: "call",
      properties: { outcome: "connected" },
    });
    expect((await stageOf(called)).leadStatus).toBe("connected");
  });
});

describe("stages", () => {
  it("makes a deal's contacts opportunities, customers when it is won, and records why", async () => {
    const lead = await newContact("lead");
    const customer = await newContact("customer");
    const account = (await t.as(t.cast.rep).post("/api/accounts", { name: "Initech" })).json().id;
    const deal = await t.as(t.cast.rep).post("/api/opportunities", {
      name: "Initech platform",
      accountId: account,
      amount: 12000,
      closeDate: "2027-03-31",
      contacts: [
        { contactId: lead, role: "champion" },
        { contactId: customer, role: "user" },
      ],
    });
    expect(deal.statusCode).toBe(201);
    expect((await stageOf(lead)).lifecycleStage).toBe("opportunity");
    // Never backwards: an open deal does not turn a customer back into an opportunity.
    expect((await stageOf(customer)).lifecycleStage).toBe("customer");

    await t.as(t.cast.rep).patch(`/api/opportunities/${deal.json().id}`, { stage: "closed_won" });
    expect((await stageOf(lead)).lifecycleStage).toBe("customer");
    const history = await t.database.db
      .select()
      .from(lifecycleStageChanges)
      .where(eq(lifecycleStageChanges.contactId, lead))
      .orderBy(lifecycleStageChanges.changedAt);
    expect(history.map((h) => [h.fromStage, h.toStage, h.cause, h.causeDetail, h.memberId])).toEqual([
      [null, "lead", "member", "Created", t.cast.rep.memberId],
      ["lead", "opportunity", "member", "Linked to an opportunity", t.cast.rep.memberId],
      ["opportunity", "customer", "member", "The deal was won", t.cast.rep.memberId],
    ]);
  });

  it("moves only forward, leaves disqualified leads alone and brings recycled ones back", async () => {
    const ws = t.cast.admin.workspaceId;
    const [subscriber, recycled, disqualified, sal] = [
      await newContact("subscriber"),
      await newContact("recycled"),
      await newContact("disqualified"),
      await newContact("sal"),
    ];
    const moved = await advanceStage(
      t.database.db as Db,
      ws,
      [subscriber, recycled, disqualified, sal],
      "mql",
      { cause: "rule", detail: "Met the MQL condition" },
    );
    expect(moved.sort()).toEqual([subscriber, recycled].sort());
    expect((await stageOf(disqualified)).lifecycleStage).toBe("disqualified");
    expect((await stageOf(sal)).lifecycleStage).toBe("sal");
    expect((await stageOf(recycled)).lifecycleStage).toBe("mql");
    // Another workspace's contacts are out of reach.
    expect(
      await advanceStage(t.database.db as Db, t.cast.outsider.workspaceId, [subscriber], "sql", {
        cause: "api",
        detail: "x",
      }),
    ).toEqual([]);
  });
});
