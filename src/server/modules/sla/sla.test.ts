// The SLA: both teams sign each version; clocks per MQL and commitment run in business hours (paused nights,
// weekends and holidays, DST-safe), warn at 75%, breach on time with an escalation, and close on decisions
// and sales touches; both sides' compliance and the speed to lead add up to a hand count.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { STARTER_SLA_TERMS } from "../../../shared/sla.js";
import {
  contacts,
  leadDecisions,
  notifications,
  opportunities,
  slaApprovals,
  slaClocks,
  slaVersions,
} from "../../db/schema/index.js";
import { newId } from "../../lib/ids.js";
import { setupTestApp, type TestMember } from "../../testing/harness.js";
import { agreeSla, becomeMql, NEW_YORK_TERMS } from "../../testing/sla-fixtures.js";
import { sweepSlaClocks } from "../handoff/sla-sweep.js";
import { completeAcceptClocks, listClocks } from "./sla-clocks.service.js";
import { periodFraction } from "./sla-reports.service.js";

const t = setupTestApp();

async function create(url: string, payload: object) {
  const response = await t.as(t.cast.admin).post(url, payload);
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
}

const lead = (fields: object = {}) =>
  create("/api/contacts", {
    email: `l${Math.random().toString(36).slice(2, 9)}@initech.com`,
    lifecycleStage: "lead",
    ...fields,
  });

async function clocksOf(id: string) {
  const rows = await t.database.db.select().from(slaClocks).where(eq(slaClocks.contactId, id));
  const order = ["accept", "first_touch", "attempts"];
  return rows.sort(
    (a, b) => order.indexOf(a.commitment) - order.indexOf(b.commitment) || +a.startedAt - +b.startedAt,
  );
}
const iso = (d: Date | null) => d?.toISOString() ?? null;

describe("the agreement", () => {
  it("takes effect only once a sales lead and a marketing lead have signed the same terms", async () => {
    const { rep, salesLead, marketingLead, admin, outsider } = t.cast;
    expect((await t.as(rep).post("/api/sla/versions", {})).statusCode).toBe(403);
    const draft = await t.as(marketingLead).post("/api/sla/versions", { note: "First agreement" });
    expect(draft.statusCode).toBe(201);
    expect(draft.json()).toMatchObject({
      version: 1,
      status: "draft",
      terms: STARTER_SLA_TERMS,
      missingApprovals: ["sales", "marketing"],
    });
    expect((await t.as(marketingLead).post("/api/sla/versions", {})).statusCode).toBe(409);

    const bad = await t.as(marketingLead).put("/api/sla/versions/1", {
      terms: { ...NEW_YORK_TERMS, sales: { ...NEW_YORK_TERMS.sales, acceptWithinHours: 0 } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain("acceptWithinHours must be more than 0 business hours");
    const badZone = await t.as(marketingLead).put("/api/sla/versions/1", {
      terms: { ...NEW_YORK_TERMS, calendar: { ...NEW_YORK_TERMS.calendar, timeZone: "Mars/Olympus" } },
    });
    expect(badZone.statusCode).toBe(400);
    expect((await t.as(rep).get("/api/sla/versions/1")).json().terms).toEqual(STARTER_SLA_TERMS);

    expect((await t.as(marketingLead).put("/api/sla/versions/1", { terms: NEW_YORK_TERMS })).statusCode).toBe(
      200,
    );
    expect((await t.as(marketingLead).post("/api/sla/versions/1/approval")).json().missingApprovals).toEqual([
      "sales",
    ]);
    expect((await t.as(admin).post("/api/sla/versions/1/approval")).statusCode).toBe(403);
    expect((await t.as(rep).post("/api/sla/versions/1/approval")).statusCode).toBe(403);
    // Signatures belong to people: not even a full API key signs.
    const { key } = (await t.as(admin).post("/api/api-keys", { name: "Robot", kind: "full" })).json();
    const byKey = await t.app.inject({
      method: "POST",
      url: "/api/sla/versions/1/approval",
      headers: { authorization: `Bearer ${key}` },
    });
    expect(byKey.statusCode).toBe(403);
    expect(byKey.json().error.message).toBe(
      "Signatures belong to people: sign in to approve version 1 of the SLA",
    );
    expect((await t.as(outsider).post("/api/sla/versions/1/approval")).statusCode).toBe(404);
    const early = await t.as(salesLead).post("/api/sla/versions/1/activate");
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toBe(
      "Version 1 needs the signature of a sales lead before it can take effect",
    );

    expect((await t.as(salesLead).post("/api/sla/versions/1/approval")).json().status).toBe("approved");
    // Changing the terms after signing clears both signatures (kept on record).
    const edited = await t.as(salesLead).put("/api/sla/versions/1", {
      terms: { ...NEW_YORK_TERMS, sales: { ...NEW_YORK_TERMS.sales, acceptWithinHours: 2 } },
    });
    expect(edited.json()).toMatchObject({
      status: "draft",
      approvals: [],
      missingApprovals: ["sales", "marketing"],
    });
    const cleared = await t.database.db.select().from(slaApprovals);
    expect(cleared.map((a) => a.clearedReason)).toEqual(["terms changed", "terms changed"]);

    await t.as(salesLead).post("/api/sla/versions/1/approval");
    await t.as(marketingLead).post("/api/sla/versions/1/approval");
    expect((await t.as(rep).post("/api/sla/versions/1/activate")).statusCode).toBe(403);
    const live = await t.as(salesLead).post("/api/sla/versions/1/activate");
    expect(live.json()).toMatchObject({ status: "active", activatedByName: "Sam Sales" });
    expect((await t.as(salesLead).put("/api/sla/versions/1", { terms: NEW_YORK_TERMS })).statusCode).toBe(
      409,
    );

    const overview = (await t.as(rep).get("/api/sla")).json();
    expect(overview.active.version).toBe(1);
    expect(overview.active.terms.sales.acceptWithinHours).toBe(2);
    expect((await t.as(outsider).get("/api/sla")).json()).toEqual({ active: null, versions: [] });
    const next = await t.as(marketingLead).post("/api/sla/versions", {});
    expect(next.json()).toMatchObject({ version: 2, status: "draft" });
    expect(next.json().terms.sales.acceptWithinHours).toBe(2);
    expect(await t.database.db.select().from(slaVersions)).toHaveLength(2);
  });
});

describe("SLA clocks", () => {
  async function routedLead() {
    const { admin } = t.cast;
    await agreeSla(t.database.db, t.cast, NEW_YORK_TERMS);
    await create("/api/pods", { name: "US inbound", memberIds: [t.cast.rep.memberId], territories: ["US"] });
    return { ws: admin.workspaceId, id: await lead({ country: "US" }) };
  }

  it("runs in business hours across a weekend and the start of DST, warns at 75% and breaches on time", async () => {
    const { rep, salesLead, admin } = t.cast;
    const { ws, id } = await routedLead();
    // Friday 6 March 2026, 15:00 in New York (EST); clocks go forward on Sunday 8 March.
    await becomeMql(t.database.db, ws, [id], new Date("2026-03-06T20:00:00Z"));
    const started = await clocksOf(id);
    expect(
      started.map((k) => [k.commitment, k.status, k.memberId, iso(k.warnAt), iso(k.dueAt), k.allowedMs]),
    ).toEqual([
      // 4 business hours: 2 on Friday, 2 on Monday from 09:00 EDT.
      [
        "accept",
        "running",
        rep.memberId,
        "2026-03-09T14:00:00.000Z",
        "2026-03-09T15:00:00.000Z",
        4 * 3600_000,
      ],
      [
        "first_touch",
        "running",
        rep.memberId,
        "2026-03-09T17:00:00.000Z",
        "2026-03-09T19:00:00.000Z",
        8 * 3600_000,
      ],
      // 3 attempts within 2 business days: until Tuesday's closing; 75% of 18 hours is Tuesday 12:30.
      [
        "attempts",
        "running",
        rep.memberId,
        "2026-03-10T16:30:00.000Z",
        "2026-03-10T21:00:00.000Z",
        18 * 3600_000,
      ],
    ]);

    // Saturday: paused until Monday's opening, with 2 business hours left to accept.
    const saturday = await listClocks(t.database.db, ws, { contactId: id }, new Date("2026-03-07T17:00:00Z"));
    expect(saturday[0]).toMatchObject({
      paused: true,
      resumesAt: "2026-03-09T13:00:00.000Z",
      remainingMs: 2 * 3600_000,
    });
    const friday = await listClocks(t.database.db, ws, { contactId: id }, new Date("2026-03-06T21:00:00Z"));
    expect(friday[0]).toMatchObject({
      paused: false,
      resumesAt: null,
      remainingMs: 3 * 3600_000,
      systemDelayMs: 0,
    });

    expect(await sweepSlaClocks(t.database.db, new Date("2026-03-09T13:59:59Z"))).toMatchObject({
      warned: 0,
      breached: 0,
    });
    expect(await sweepSlaClocks(t.database.db, new Date("2026-03-09T14:00:00Z"))).toMatchObject({
      warned: 1,
      breached: 0,
    });
    expect(await sweepSlaClocks(t.database.db, new Date("2026-03-09T14:30:00Z"))).toMatchObject({
      warned: 0,
      breached: 0,
    });
    expect(await sweepSlaClocks(t.database.db, new Date("2026-03-09T15:00:00Z"))).toMatchObject({
      warned: 0,
      breached: 1,
    });
    let [accept] = await clocksOf(id);
    expect([accept.status, iso(accept.warnedAt), iso(accept.breachedAt)]).toEqual([
      "breached",
      "2026-03-09T14:00:00.000Z",
      "2026-03-09T15:00:00.000Z",
    ]);
    const told = await t.database.db.select().from(notifications).where(eq(notifications.workspaceId, ws));
    const about = (kind: string) =>
      told.filter((n) => n.kind === kind).map((n) => [n.memberId, n.title, n.body]);
    expect(about("sla.warning")).toEqual([
      [
        rep.memberId,
        `Accept or reject due soon: ${(await t.as(rep).get(`/api/contacts/${id}`)).json().email}`,
        expect.stringContaining("75% of the agreed time is used. Please accept or reject"),
      ],
    ]);
    expect(about("sla.warning")[0][2]).toContain("by Mon 9 Mar, 11:00 EDT");
    expect(about("sla.breached").map((n) => n[0])).toEqual([rep.memberId]);
    expect(about("sla.escalated").map((n) => n[0])).toEqual([salesLead.memberId]);
    expect(about("sla.escalated")[0][1]).toMatch(/^Escalation: Rey Rep missed the SLA for /);
    expect(told.some((n) => n.memberId === admin.memberId)).toBe(false);

    // A call at 11:00 EDT: the first touch is met in time; 1 of 3 attempts.
    const call = (at: string) =>
      t.as(rep).post(`/api/contacts/${id}/touches`, { type: "call", occurredAt: at });
    expect((await call("2026-03-09T15:00:00Z")).statusCode).toBe(201);
    let clocks = await clocksOf(id);
    expect(clocks.map((k) => [k.commitment, k.status, k.progress, iso(k.completedAt)])).toEqual([
      ["accept", "breached", 0, null],
      ["first_touch", "met", 1, "2026-03-09T15:00:00.000Z"],
      ["attempts", "running", 1, null],
    ]);
    // An inbound reply from the lead is not an attempt.
    await t.as(rep).post(`/api/contacts/${id}/touches`, {
      type: "sales_email",
      occurredAt: "2026-03-10T13:30:00Z",
      properties: { direction: "inbound" },
    });
    await call("2026-03-10T14:00:00Z");
    await call("2026-03-10T15:00:00Z");
    clocks = await clocksOf(id);
    expect([clocks[2].status, clocks[2].progress, iso(clocks[2].completedAt)]).toEqual([
      "met",
      3,
      "2026-03-10T15:00:00.000Z",
    ]);

    // Accepting late records when it was done; the breach stays.
    expect((await t.as(rep).post(`/api/contacts/${id}/accept`, {})).statusCode).toBe(201);
    [accept] = await clocksOf(id);
    expect(accept.status).toBe("breached");
    expect(accept.completedAt).not.toBeNull();
  });

  it("skips holidays and the end of DST", async () => {
    const { ws, id } = await routedLead();
    const other = await lead({ country: "US" });
    // Wednesday 25 November 2026, 16:00 EST; Thursday is Thanksgiving (a holiday of the calendar).
    await becomeMql(t.database.db, ws, [id], new Date("2026-11-25T21:00:00Z"));
    expect(iso((await clocksOf(id))[0].dueAt)).toBe("2026-11-27T17:00:00.000Z");
    // Friday 30 October 2026, 16:00 EDT; clocks go back on Sunday 1 November: due Monday 12:00 EST.
    await becomeMql(t.database.db, ws, [other], new Date("2026-10-30T20:00:00Z"));
    expect(iso((await clocksOf(other))[0].dueAt)).toBe("2026-11-02T17:00:00.000Z");
  });

  it("counts the wait in the routing queue as system delay and starts the rep's time when routed", async () => {
    const { rep } = t.cast;
    await agreeSla(t.database.db, t.cast, NEW_YORK_TERMS);
    const ws = rep.workspaceId;
    const id = await lead({ country: "US" });
    // Monday 2 March 2026, 10:00 EST: no pod covers the US yet.
    await becomeMql(t.database.db, ws, [id], new Date("2026-03-02T15:00:00Z"));
    expect((await clocksOf(id)).map((k) => [k.status, k.dueAt])).toEqual([
      ["waiting", null],
      ["waiting", null],
      ["waiting", null],
    ]);
    expect(await sweepSlaClocks(t.database.db, new Date("2026-03-02T16:00:00Z"))).toMatchObject({
      routed: 0,
    });
    await create("/api/pods", { name: "US inbound", memberIds: [rep.memberId], territories: ["US"] });
    expect(await sweepSlaClocks(t.database.db, new Date("2026-03-02T17:00:00Z"))).toMatchObject({
      routed: 1,
    });
    const [accept] = await clocksOf(id);
    expect([accept.status, accept.memberId, iso(accept.ownerSince), iso(accept.dueAt)]).toEqual([
      "running",
      rep.memberId,
      "2026-03-02T17:00:00.000Z",
      "2026-03-02T21:00:00.000Z",
    ]);
    const shown = await listClocks(t.database.db, ws, { contactId: id }, new Date("2026-03-02T18:00:00Z"));
    expect(shown[0]).toMatchObject({
      systemDelayMs: 2 * 3600_000,
      repDelayMs: 3600_000,
      remainingMs: 3 * 3600_000,
    });
    const mine = (await t.as(rep).get("/api/sla/clocks")).json();
    expect(mine.items.map((k: { commitment: string }) => k.commitment).sort()).toEqual([
      "accept",
      "attempts",
      "first_touch",
    ]);
    expect(mine.nextCursor).toBeNull();
    const first = (await t.as(rep).get("/api/sla/clocks?limit=2")).json();
    expect(first.items).toHaveLength(2);
    const rest = (
      await t.as(rep).get(`/api/sla/clocks?limit=2&cursor=${encodeURIComponent(first.nextCursor)}`)
    ).json();
    expect(rest).toMatchObject({ nextCursor: null });
    expect([...first.items, ...rest.items].map((k: { id: string }) => k.id).sort()).toEqual(
      mine.items.map((k: { id: string }) => k.id).sort(),
    );
    expect((await t.as(rep).get("/api/sla/clocks?limit=0")).statusCode).toBe(400);
    expect((await t.as(t.cast.salesLead).get("/api/sla/clocks")).json().items).toEqual([]);
  });

  it("makes whoever accepts a lead nobody owned its owner: the wait was the system's, the follow-up theirs", async () => {
    const { salesLead } = t.cast;
    await agreeSla(t.database.db, t.cast, {
      ...NEW_YORK_TERMS,
      calendar: {
        ...NEW_YORK_TERMS.calendar,
        workingDays: [1, 2, 3, 4, 5, 6, 7],
        start: "00:00",
        end: "24:00",
      },
    });
    const id = await lead({ country: "US" });
    // No pod covers the US: the lead waits in the routing queue.
    await becomeMql(t.database.db, salesLead.workspaceId, [id], new Date(Date.now() - 3_600_000));
    expect((await t.as(salesLead).post(`/api/contacts/${id}/accept`, {})).statusCode).toBe(201);
    const clocks = await clocksOf(id);
    expect(clocks.map((k) => [k.commitment, k.status, k.memberId])).toEqual([
      ["accept", "met", salesLead.memberId],
      ["first_touch", "running", salesLead.memberId],
      ["attempts", "running", salesLead.memberId],
    ]);
    const [shown] = await listClocks(t.database.db, salesLead.workspaceId, { contactId: id });
    expect(shown.systemDelayMs).toBeGreaterThanOrEqual(3_599_000);
    const timeline = (await t.as(salesLead).get(`/api/contacts/${id}/sla`)).json();
    expect(
      timeline.assignments.map((a: { kind: string; reason: string }) => [a.kind, a.reason]).at(-1),
    ).toEqual(["manual", "Accepted by Sam Sales, who now owns it"]);
  });

  it("counts a tracked sales touch (an event mapped to a meeting) as the first touch", async () => {
    const { admin } = t.cast;
    const { ws, id } = await routedLead();
    await becomeMql(t.database.db, ws, [id], new Date(Date.now() - 60_000));
    const [contact] = await t.database.db.select().from(contacts).where(eq(contacts.id, id));
    const mapped = await t.as(admin).put("/api/event-mapping", {
      eventName: "Meeting Booked",
      touchType: "meeting",
    });
    expect(mapped.statusCode).toBe(200);
    const { key } = (await t.as(admin).post("/api/write-keys", { name: "Calendar" })).json();
    const tracked = await t.app.inject({
      method: "POST",
      url: "/v1/batch",
      headers: { authorization: `Basic ${Buffer.from(`${key}:`).toString("base64")}` },
      payload: {
        batch: [
          { type: "identify", messageId: "c-1", userId: "u-9", traits: { email: contact.email } },
          { type: "track", messageId: "c-2", userId: "u-9", event: "Meeting Booked" },
        ],
      },
    });
    expect(tracked.statusCode).toBe(200);
    expect((await clocksOf(id)).map((k) => [k.commitment, k.status, k.progress])).toEqual([
      ["accept", "running", 0],
      ["first_touch", "met", 1],
      ["attempts", "running", 1],
    ]);
  });

  it("closes the clocks of MQLs an import moves on, as a move by hand would", async () => {
    const { ws, id } = await routedLead();
    await becomeMql(t.database.db, ws, [id], new Date());
    const [contact] = await t.database.db.select().from(contacts).where(eq(contacts.id, id));
    const imported = await t.app.inject({
      method: "POST",
      url: "/api/imports/contacts?fileName=crm.csv",
      headers: { ...t.cast.admin.headers, "content-type": "text/csv" },
      payload: `Email,Lifecycle Stage\n${contact.email},disqualified\n`,
    });
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json()).toMatchObject({ status: "completed", updated: 1 });
    expect((await clocksOf(id)).map((k) => [k.commitment, k.status])).toEqual([
      ["accept", "cancelled"],
      ["first_touch", "cancelled"],
      ["attempts", "cancelled"],
    ]);
  });

  it("closes the accept clock when the lead is rejected and stops the touch clocks", async () => {
    const { rep } = t.cast;
    const { ws, id } = await routedLead();
    await becomeMql(t.database.db, ws, [id], new Date());
    expect((await t.as(rep).post(`/api/contacts/${id}/reject`, { reason: "bad_timing" })).statusCode).toBe(
      201,
    );
    expect((await clocksOf(id)).map((k) => [k.commitment, k.status])).toEqual([
      ["accept", "met"],
      ["first_touch", "cancelled"],
      ["attempts", "cancelled"],
    ]);
  });
});

describe("SLA reports", () => {
  it("match a hand count for both teams' commitments, and the speed to lead", async () => {
    const { rep, salesLead, marketingLead, outsider } = t.cast;
    const ws = rep.workspaceId;
    await agreeSla(t.database.db, t.cast, NEW_YORK_TERMS);
    const l1 = await lead({ ownerMemberId: rep.memberId });
    const l2 = await lead({ ownerMemberId: rep.memberId });
    const l3 = await lead({ ownerMemberId: salesLead.memberId });
    // Monday 2 March 2026, 10:00 EST.
    await becomeMql(t.database.db, ws, [l1, l2, l3], new Date("2026-03-02T15:00:00Z"));
    const call = (member: TestMember, id: string, at: string) =>
      t.as(member).post(`/api/contacts/${id}/touches`, { type: "call", occurredAt: at });
    const decide = async (id: string, decision: "accepted" | "rejected", at: string, by: TestMember) => {
      await completeAcceptClocks(t.database.db, ws, [id], decision, new Date(at));
      await t.database.db.insert(leadDecisions).values({
        workspaceId: ws,
        id: newId(),
        contactId: id,
        decision,
        reason: decision === "rejected" ? "bad_fit" : null,
        outcome: decision === "accepted" ? "sal" : "recycled",
        memberId: by.memberId,
        decidedAt: new Date(at),
      });
    };
    // L1: accepted and called in time; one attempt of three. L2: nothing until rejected two days late.
    // L3: accepted, and three calls the same day.
    await decide(l1, "accepted", "2026-03-02T16:00:00Z", rep);
    await call(rep, l1, "2026-03-02T16:30:00Z");
    await decide(l3, "accepted", "2026-03-02T16:00:00Z", salesLead);
    for (const at of ["2026-03-02T17:00:00Z", "2026-03-02T18:00:00Z", "2026-03-02T19:00:00Z"])
      await call(salesLead, l3, at);
    await sweepSlaClocks(t.database.db, new Date("2026-03-05T00:00:00Z"));
    await decide(l2, "rejected", "2026-03-05T15:00:00Z", rep);
    const accountId = await create("/api/accounts", { name: "Initech", domain: "initech.com" });
    const opportunity = async (amount: number, createdAt: string) => {
      const id = await create("/api/opportunities", {
        name: `Deal ${amount}`,
        amount,
        accountId,
        closeDate: "2026-06-30",
      });
      await t.database.db
        .update(opportunities)
        .set({ createdAt: new Date(createdAt) })
        .where(eq(opportunities.id, id));
    };
    await opportunity(12_000, "2026-03-10T12:00:00Z");
    await opportunity(50_000, "2026-04-10T12:00:00Z");

    const byRep = await t
      .as(marketingLead)
      .get("/api/reports/sla-compliance?from=2026-03-01&to=2026-04-01&by=rep");
    expect(byRep.statusCode).toBe(200);
    const report = byRep.json();
    const row = (label: string) =>
      report.sales
        .find((r: { label: string }) => r.label === label)
        .commitments.map(
          (c: {
            commitment: string;
            started: number;
            met: number;
            breached: number;
            compliance: number | null;
          }) => [c.commitment, c.started, c.met, c.breached, c.compliance],
        );
    expect(row("Rey Rep")).toEqual([
      ["accept", 2, 1, 1, 0.5],
      ["first_touch", 2, 1, 1, 0.5],
      ["attempts", 2, 0, 2, 0],
    ]);
    expect(row("Sam Sales")).toEqual([
      ["accept", 1, 1, 0, 1],
      ["first_touch", 1, 1, 0, 1],
      ["attempts", 1, 1, 0, 1],
    ]);
    expect(report.marketing).toEqual({
      mqlsDelivered: 3,
      mqlsCommitted: 10,
      pipelineCreated: 12_000,
      // 90,000 a quarter; March is 31 of the quarter's 90 days.
      pipelineCommitted: 31_000,
      accepted: 2,
      rejected: 1,
      rejectionRate: 1 / 3,
      maxRejectionRate: 0.25,
      // 3 decided MQLs are fewer than the 20 the SLA judges a rate on.
      rejectionJudged: false,
    });
    const byTeam = (
      await t.as(rep).get("/api/reports/sla-compliance?from=2026-03-01&to=2026-04-01&by=team")
    ).json();
    expect(byTeam.sales).toHaveLength(1);
    expect(byTeam.sales[0].commitments[0]).toMatchObject({
      started: 3,
      met: 2,
      breached: 1,
      compliance: 2 / 3,
    });
    const byMonth = (
      await t.as(rep).get("/api/reports/sla-compliance?from=2026-02-01&to=2026-04-01&by=month")
    ).json();
    expect(byMonth.sales.map((r: { label: string }) => r.label)).toEqual(["2026-03"]);
    const april = (await t.as(rep).get("/api/reports/sla-compliance?from=2026-04-01&to=2026-05-01")).json();
    expect(april.sales).toEqual([]);
    expect(april.marketing).toMatchObject({ mqlsDelivered: 0, pipelineCreated: 50_000, mqlsCommitted: 10 });
    // April is 30 of the second quarter's 91 days.
    expect(april.marketing.pipelineCommitted).toBe(29_670.33);

    const bad = await t.as(rep).get("/api/reports/sla-compliance?from=2026-04-01&to=2026-03-01");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain("to must be after from");
    expect((await t.as(rep).get("/api/reports/sla-compliance?from=March&to=2026-04-01")).statusCode).toBe(
      400,
    );
    const elsewhere = (
      await t.as(outsider).get("/api/reports/sla-compliance?from=2026-03-01&to=2026-04-01")
    ).json();
    expect(elsewhere.sales).toEqual([]);
    expect(elsewhere.marketing).toMatchObject({ mqlsDelivered: 0, mqlsCommitted: null });

    // Speed to lead: 90 and 120 business minutes; L2 never touched.
    const speed = (await t.as(rep).get("/api/reports/speed-to-lead?from=2026-03-01&to=2026-04-01")).json();
    expect(speed).toMatchObject({
      touched: 2,
      untouched: 1,
      medianMinutes: 105,
      p90Minutes: 117,
      medianSystemMinutes: 0,
      medianRepMinutes: 105,
    });
    expect(speed.buckets.map((b: { count: number }) => b.count)).toEqual([0, 0, 2, 0, 0, 0]);
  });

  it("prorates monthly and quarterly commitments by calendar days", () => {
    expect(periodFraction("2026-03-01", "2026-04-01", "month")).toBe(1);
    expect(periodFraction("2026-02-15", "2026-03-01", "month")).toBe(0.5);
    expect(periodFraction("2026-01-01", "2026-07-01", "quarter")).toBe(2);
    expect(periodFraction("2026-03-01", "2026-04-01", "quarter")).toBeCloseTo(31 / 90, 10);
  });
});
