// The lifecycle's automatic moves: forward only, recorded with their cause; the lead status follows sales touches.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "../../db/client.js";
import { contacts, leadAssignments, lifecycleStageChanges, slaClocks } from "../../db/schema/index.js";
import { setupTestApp } from "../../testing/harness.js";
import { agreeSla, becomeMql } from "../../testing/sla-fixtures.js";
import { handOff } from "../handoff/handoff.service.js";
import { moveStage } from "./lifecycle.service.js";

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
    const moved = await moveStage(
      t.database.db as Db,
      ws,
      { contacts: [subscriber, recycled, disqualified, sal], toStage: "mql" },
      { cause: "rule", detail: "Met the MQL condition" },
    );
    expect(moved.map((m) => m.contactId).sort()).toEqual([subscriber, recycled].sort());
    expect((await stageOf(disqualified)).lifecycleStage).toBe("disqualified");
    expect((await stageOf(sal)).lifecycleStage).toBe("sal");
    expect((await stageOf(recycled)).lifecycleStage).toBe("mql");
    // Another workspace's contacts are out of reach.
    expect(
      await moveStage(
        t.database.db as Db,
        t.cast.outsider.workspaceId,
        { contacts: [subscriber], toStage: "sql" },
        { cause: "api", detail: "x" },
      ),
    ).toEqual([]);
  });
});

describe("one stage move for every cause", () => {
  const db = () => t.database.db as Db;
  const historyOf = (id: string) =>
    t.database.db
      .select()
      .from(lifecycleStageChanges)
      .where(eq(lifecycleStageChanges.contactId, id))
      .orderBy(lifecycleStageChanges.changedAt);

  it("moves automatic causes forward only, explicit acts anywhere, and records cause, detail and actor", async () => {
    const ws = t.cast.admin.workspaceId;
    const sql = await newContact("sql");
    const lead = await newContact("lead");
    // After the creation (now), so the history reads in order.
    const at = new Date(Date.now() + 60_000);
    // Automatic (a deal, a score): a sales-qualified lead is not pulled back to MQL, a lead goes on.
    const automatic = await moveStage(
      db(),
      ws,
      [
        { contactId: sql, toStage: "mql" },
        { contactId: lead, toStage: "mql" },
      ],
      { cause: "rule", detail: "Met the MQL condition of Core, version 1" },
      { at },
    );
    expect(automatic).toEqual([{ contactId: lead, fromStage: "lead", toStage: "mql" }]);
    expect((await stageOf(sql)).lifecycleStage).toBe("sql");
    // Explicit (a member's edit): back to recycled is their call, and recorded as theirs.
    const later = new Date(at.getTime() + 60_000);
    const explicit = await moveStage(
      db(),
      ws,
      { contacts: [sql, lead], toStage: "recycled" },
      { cause: "member", detail: "Changed by hand", memberId: t.cast.rep.memberId, explicit: true },
      { at: later },
    );
    expect(explicit.map((m) => [m.contactId, m.fromStage, m.toStage]).sort()).toEqual(
      [
        [sql, "sql", "recycled"],
        [lead, "mql", "recycled"],
      ].sort(),
    );
    const moved = await stageOf(lead);
    expect(moved.lifecycleStage).toBe("recycled");
    expect(moved.lifecycleStageChangedAt.toISOString()).toBe(later.toISOString());
    expect(
      (await historyOf(lead)).map((h) => [h.fromStage, h.toStage, h.cause, h.causeDetail, h.memberId]),
    ).toEqual([
      [null, "lead", "member", "Created", t.cast.rep.memberId],
      ["lead", "mql", "rule", "Met the MQL condition of Core, version 1", null],
      ["mql", "recycled", "member", "Changed by hand", t.cast.rep.memberId],
    ]);
    // Staying put is no move: nothing recorded.
    expect(
      await moveStage(
        db(),
        ws,
        { contacts: [lead], toStage: "recycled" },
        { cause: "member", detail: "x", explicit: true },
      ),
    ).toEqual([]);
    expect(await historyOf(lead)).toHaveLength(3);
  });

  it("closes a lead's SLA clocks when the hand-off follows a move away from MQL", async () => {
    const ws = t.cast.admin.workspaceId;
    await agreeSla(t.database.db, t.cast);
    const lead = await newContact("lead");
    const at = new Date("2026-05-04T14:00:00Z");
    await becomeMql(t.database.db, ws, [lead], at);
    const open = await t.database.db.select().from(slaClocks).where(eq(slaClocks.contactId, lead));
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((k) => k.status === "waiting" || k.status === "running")).toBe(true);

    const later = new Date("2026-05-04T15:00:00Z");
    const moved = await moveStage(
      db(),
      ws,
      { contacts: [lead], toStage: "disqualified" },
      { cause: "member", detail: "Changed by hand", memberId: t.cast.salesLead.memberId, explicit: true },
      { at: later },
    );
    // The move alone leaves the clocks to the hand-off: nothing hidden happens inside it.
    const untouched = await t.database.db.select().from(slaClocks).where(eq(slaClocks.contactId, lead));
    expect(untouched.map((k) => k.status).sort()).toEqual(open.map((k) => k.status).sort());
    await handOff(db(), ws, moved, later);
    const closed = await t.database.db.select().from(slaClocks).where(eq(slaClocks.contactId, lead));
    expect(closed.map((k) => [k.status, k.closedReason])).toEqual(
      closed.map(() => ["cancelled", "moved to disqualified"]),
    );
  });

  it("routes a new MQL only in the hand-off, and not at all for an import's MQLs", async () => {
    const ws = t.cast.admin.workspaceId;
    await agreeSla(t.database.db, t.cast);
    const [scored, imported] = [await newContact("lead"), await newContact("lead")];
    const at = new Date("2026-05-04T14:00:00Z");
    const crossed = await moveStage(
      db(),
      ws,
      { contacts: [scored], toStage: "mql" },
      { cause: "rule", detail: "Met the MQL condition" },
      { at },
    );
    const clocksOf = (id: string) =>
      t.database.db.select().from(slaClocks).where(eq(slaClocks.contactId, id));
    const routedOf = (id: string) =>
      t.database.db.select().from(leadAssignments).where(eq(leadAssignments.contactId, id));
    expect(await clocksOf(scored)).toEqual([]);
    expect(await routedOf(scored)).toEqual([]);
    await handOff(db(), ws, crossed, at);
    expect((await clocksOf(scored)).length).toBeGreaterThan(0);
    expect((await routedOf(scored)).length).toBe(1);

    const fromFile = await moveStage(
      db(),
      ws,
      { contacts: [imported], toStage: "mql" },
      { cause: "import", detail: "Imported from leads.csv", explicit: true },
      { at },
    );
    await handOff(db(), ws, fromFile, at, { routeNewMqls: false });
    expect(await clocksOf(imported)).toEqual([]);
    expect(await routedOf(imported)).toEqual([]);
  });
});
