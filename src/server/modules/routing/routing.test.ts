// Lead routing: the order of the rules, the weighted round robin and its capacity, the routing queue,
// assignment by hand and reassignment after a breach. Each assignment is recorded with its reason.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { contacts, leadAssignments, notifications, slaClocks } from "../../db/schema/index.js";
import { setupTestApp } from "../../testing/harness.js";
import { addRep, agreeSla, becomeMql, NEW_YORK_TERMS } from "../../testing/sla-fixtures.js";
import { sweepSlaClocks } from "../handoff/sla-sweep.js";

const t = setupTestApp();

async function create(url: string, payload: object) {
  const response = await t.as(t.cast.admin).post(url, payload);
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
}

const contact = (fields: object = {}) =>
  create("/api/contacts", {
    email: `c${Math.random().toString(36).slice(2, 9)}@initech.com`,
    lifecycleStage: "lead",
    ...fields,
  });

async function assignmentsOf(id: string) {
  return t.database.db
    .select()
    .from(leadAssignments)
    .where(eq(leadAssignments.contactId, id))
    .orderBy(leadAssignments.assignedAt);
}

const ownerOf = async (id: string) =>
  (await t.database.db.select().from(contacts).where(eq(contacts.id, id)))[0].ownerMemberId;

describe("routing new MQLs", () => {
  it("follows the rules in order: owner, account owner, account pod, territory, persona, segment, else the queue", async () => {
    const { rep, salesLead, admin } = t.cast;
    const ws = admin.workspaceId;
    const repA = await addRep(t.database, ws, "Ana Account");
    const repT = await addRep(t.database, ws, "Tom Territory");
    const repP = await addRep(t.database, ws, "Pia Persona");
    const repS = await addRep(t.database, ws, "Seb Segment");
    const podA = await create("/api/pods", { name: "Strategic", memberIds: [repA] });
    await create("/api/pods", { name: "EMEA", memberIds: [repT], territories: ["EMEA"] });
    const podP = await create("/api/pods", { name: "Finance buyers", memberIds: [repP] });
    const podS = await create("/api/pods", { name: "Mid-market", memberIds: [repS] });
    const persona = await create("/api/personas", { name: "CFO", podId: podP });
    const segment = await create("/api/segments", { name: "Mid-market", podId: podS });
    const owned = await create("/api/accounts", {
      name: "Owned Inc",
      domain: "owned.com",
      ownerMemberId: salesLead.memberId,
    });
    const strategic = await create("/api/accounts", {
      name: "Strategic Co",
      domain: "strategic.com",
      podId: podA,
    });
    const segmented = await create("/api/accounts", {
      name: "Seg Ltd",
      domain: "seg.com",
      segmentId: segment,
    });

    const ids = {
      kept: await contact({ ownerMemberId: rep.memberId }),
      accountOwner: await contact({ accountId: owned }),
      accountPod: await contact({ accountId: strategic, region: "EMEA" }),
      territory: await contact({ region: "emea", personaId: persona }),
      persona: await contact({ personaId: persona }),
      segment: await contact({ accountId: segmented }),
      nothing: await contact(),
    };
    await becomeMql(t.database.db, ws, Object.values(ids), new Date("2026-03-02T15:00:00Z"));

    const expected: Record<keyof typeof ids, [string, string | null, string]> = {
      kept: ["kept_owner", rep.memberId, "Already owned by Rey Rep"],
      accountOwner: ["account_owner", salesLead.memberId, "Sam Sales owns the account Owned Inc"],
      accountPod: [
        "routed",
        repA,
        "Account Strategic Co belongs to pod Strategic; round robin by capacity picked Ana Account (1 of 25 open MQLs)",
      ],
      territory: [
        "routed",
        repT,
        "Territory EMEA is covered by pod EMEA; round robin by capacity picked Tom Territory (1 of 25 open MQLs)",
      ],
      persona: [
        "routed",
        repP,
        "Persona CFO is covered by pod Finance buyers; round robin by capacity picked Pia Persona (1 of 25 open MQLs)",
      ],
      segment: [
        "routed",
        repS,
        "Segment Mid-market is covered by pod Mid-market; round robin by capacity picked Seb Segment (1 of 25 open MQLs)",
      ],
      nothing: [
        "queued",
        null,
        "No pod covers this lead (no account pod, territory, persona or segment match)",
      ],
    };
    for (const [key, [kind, member, reason]] of Object.entries(expected)) {
      const id = ids[key as keyof typeof ids];
      const rows = await assignmentsOf(id);
      expect(
        rows.map((r) => [r.kind, r.memberId, r.reason]),
        key,
      ).toEqual([[kind, member, reason]]);
      expect(await ownerOf(id), key).toBe(member);
    }
    // The new owner hears about it in their inbox.
    const inbox = await t.database.db.select().from(notifications).where(eq(notifications.memberId, repT));
    const [territoryLead] = await t.database.db.select().from(contacts).where(eq(contacts.id, ids.territory));
    expect(inbox.map((n) => [n.kind, n.title, n.link])).toEqual([
      ["mql.assigned", `New MQL for you: ${territoryLead.email}`, `/contacts/${ids.territory}`],
    ]);

    // The sales lead hears about the lead nobody could take.
    const told = await t.database.db
      .select()
      .from(notifications)
      .where(eq(notifications.memberId, salesLead.memberId));
    expect(told.map((n) => [n.kind, n.contactId])).toEqual([
      ["mql.assigned", ids.accountOwner],
      ["lead.queued", ids.nothing],
    ]);

    const queue = (await t.as(salesLead).get("/api/routing/queue")).json().items;
    expect(queue.map((q: { contactId: string; reason: string }) => [q.contactId, q.reason])).toEqual([
      [ids.nothing, expected.nothing[2]],
    ]);
  });

  it("shares a pod's leads by capacity (weighted round robin) and queues them when every rep is full", async () => {
    const { admin, salesLead } = t.cast;
    const ws = admin.workspaceId;
    const small = await addRep(t.database, ws, "Sol Small", 2);
    const large = await addRep(t.database, ws, "Lu Large", 4);
    const pod = await create("/api/pods", {
      name: "Inbound",
      memberIds: [small, large],
      territories: ["US"],
    });
    const leads = [];
    for (let i = 0; i < 7; i++) leads.push(await contact({ country: "US" }));
    for (const [i, id] of leads.entries())
      await becomeMql(t.database.db, ws, [id], new Date(Date.UTC(2026, 2, 2, 15, i)));

    const owners = [];
    for (const id of leads) owners.push(await ownerOf(id));
    // (routed + 1) / capacity, lowest first; ties go to whoever waited longest.
    expect(owners).toEqual([large, small, large, large, small, large, null]);
    const last = await assignmentsOf(leads[6]);
    expect(last.map((a) => [a.kind, a.podId, a.reason])).toEqual([
      ["queued", pod, "Every sales rep of pod Inbound is at capacity"],
    ]);

    // The small rep works one lead: room again, and the next sweep routes the waiting lead to them.
    const accepted = leads[owners.indexOf(small)];
    await t.database.db.update(contacts).set({ lifecycleStage: "sal" }).where(eq(contacts.id, accepted));
    const swept = await sweepSlaClocks(t.database.db, new Date("2026-03-02T16:00:00Z"));
    expect(swept.routed).toBe(1);
    expect(await ownerOf(leads[6])).toBe(small);
    expect((await assignmentsOf(leads[6])).map((a) => a.kind)).toEqual(["queued", "routed"]);
    expect((await t.as(salesLead).get("/api/routing/queue")).json().items).toEqual([]);
  });

  it("starts a rep who joins a pod level with the others, not at zero", async () => {
    const ws = t.cast.admin.workspaceId;
    const early = await addRep(t.database, ws, "Eve Early", 10);
    const late = await addRep(t.database, ws, "Leo Late", 10);
    const pod = await create("/api/pods", { name: "Inbound", memberIds: [early], territories: ["US"] });
    const first = [];
    for (let i = 0; i < 4; i++) first.push(await contact({ country: "US" }));
    await becomeMql(t.database.db, ws, first, new Date("2026-03-02T15:00:00Z"));
    const patched = await t.as(t.cast.admin).patch(`/api/pods/${pod}`, { memberIds: [early, late] });
    expect(patched.statusCode).toBe(200);
    // Leo joins at Eve's level (4 of 10), so the next leads alternate instead of all going to Leo.
    const next = [];
    for (let i = 0; i < 4; i++) next.push(await contact({ country: "US" }));
    for (const [i, id] of next.entries())
      await becomeMql(t.database.db, ws, [id], new Date(Date.UTC(2026, 2, 2, 16, i)));
    const owners = await Promise.all(next.map(ownerOf));
    expect(owners.filter((o) => o === late)).toHaveLength(2);
    expect(owners.filter((o) => o === early)).toHaveLength(2);
  });

  it("keeps the long-run share proportional to capacity", async () => {
    const ws = t.cast.admin.workspaceId;
    const one = await addRep(t.database, ws, "One Share", 10);
    const two = await addRep(t.database, ws, "Two Shares", 20);
    await create("/api/pods", { name: "Inbound", memberIds: [one, two], territories: ["US"] });
    const leads = [];
    for (let i = 0; i < 9; i++) leads.push(await contact({ country: "US" }));
    await becomeMql(t.database.db, ws, leads, new Date("2026-03-02T15:00:00Z"));
    const owners = await Promise.all(leads.map(ownerOf));
    expect(owners.filter((o) => o === one)).toHaveLength(3);
    expect(owners.filter((o) => o === two)).toHaveLength(6);
    // Six at once for one rep: one summary in their inbox instead of six messages; three stay three.
    const inboxOf = async (memberId: string) =>
      (await t.database.db.select().from(notifications).where(eq(notifications.memberId, memberId))).map(
        (n) => [n.title, n.link],
      );
    expect(await inboxOf(two)).toEqual([["6 new MQLs for you", "/queue"]]);
    expect(await inboxOf(one)).toHaveLength(3);
  });
});

describe("assigning by hand", () => {
  it("lets a sales lead give a queued lead to a rep; its waiting clocks start then", async () => {
    const { salesLead, rep, marketingLead, outsider } = t.cast;
    await agreeSla(t.database.db, t.cast, NEW_YORK_TERMS);
    const id = await contact();
    await becomeMql(t.database.db, salesLead.workspaceId, [id], new Date("2026-03-02T15:00:00Z"));
    const waiting = await t.database.db.select().from(slaClocks).where(eq(slaClocks.contactId, id));
    expect(waiting.map((k) => k.status)).toEqual(["waiting", "waiting", "waiting"]);

    expect((await t.as(rep).post(`/api/contacts/${id}/assign`, { memberId: rep.memberId })).statusCode).toBe(
      403,
    );
    expect(
      (await t.as(marketingLead).post(`/api/contacts/${id}/assign`, { memberId: rep.memberId })).statusCode,
    ).toBe(403);
    expect(
      (await t.as(outsider).post(`/api/contacts/${id}/assign`, { memberId: rep.memberId })).statusCode,
    ).toBe(404);
    const bad = await t.as(salesLead).post(`/api/contacts/${id}/assign`, { memberId: outsider.memberId });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual([
      { path: "memberId", message: "is not a member of this workspace" },
    ]);
    expect(await assignmentsOf(id)).toHaveLength(1);

    const done = await t.as(salesLead).post(`/api/contacts/${id}/assign`, {
      memberId: rep.memberId,
      comment: "You know them",
    });
    expect(done.statusCode, done.body).toBe(201);
    expect(done.json()).toMatchObject({
      kind: "manual",
      memberId: rep.memberId,
      memberName: "Rey Rep",
      assignedByName: "Sam Sales",
      reason: "Assigned to Rey Rep by Sam Sales: You know them",
    });
    expect(await ownerOf(id)).toBe(rep.memberId);
    const running = await t.database.db.select().from(slaClocks).where(eq(slaClocks.contactId, id));
    expect(running.every((k) => k.status === "running" && k.memberId === rep.memberId && k.ownerSince)).toBe(
      true,
    );

    const again = await t.as(salesLead).post(`/api/contacts/${id}/assign`, { memberId: rep.memberId });
    expect(again.statusCode).toBe(409);

    // Changing an MQL's owner on the contact is assigning it: not for a rep, nor to a removed member.
    const byRep = await t.as(rep).patch(`/api/contacts/${id}`, { ownerMemberId: salesLead.memberId });
    expect(byRep.statusCode).toBe(403);
    expect(byRep.json().error.message).toBe("Only a sales team lead or an admin can give an MQL to someone");
    // Changing the owner on the contact itself is an assignment too; the clocks follow.
    const edited = await t.as(t.cast.admin).patch(`/api/contacts/${id}`, {
      ownerMemberId: salesLead.memberId,
    });
    expect(edited.statusCode).toBe(200);
    expect((await assignmentsOf(id)).at(-1)).toMatchObject({
      kind: "manual",
      memberId: salesLead.memberId,
      previousMemberId: rep.memberId,
      reason: "Owner changed to Sam Sales by Ada Admin on the contact",
    });
    const moved = await t.database.db.select().from(slaClocks).where(eq(slaClocks.contactId, id));
    expect(moved.every((k) => k.memberId === salesLead.memberId)).toBe(true);

    const timeline = (await t.as(rep).get(`/api/contacts/${id}/sla`)).json();
    expect(timeline.assignments.map((a: { kind: string }) => a.kind)).toEqual(["queued", "manual", "manual"]);
    expect(timeline.clocks).toHaveLength(3);
    expect((await t.as(outsider).get(`/api/contacts/${id}/sla`)).statusCode).toBe(404);

    // A removed member's MQLs go back to the routing queue.
    const other = await contact();
    await t.as(t.cast.admin).patch(`/api/contacts/${other}`, { ownerMemberId: rep.memberId });
    await becomeMql(t.database.db, salesLead.workspaceId, [other], new Date("2026-03-02T15:00:00Z"));
    expect(await ownerOf(other)).toBe(rep.memberId);
    expect((await t.as(t.cast.admin).delete(`/api/members/${rep.memberId}`)).statusCode).toBe(200);
    expect(await ownerOf(other)).toBeNull();
    const queued = (await t.as(salesLead).get("/api/routing/queue")).json().items;
    expect(queued.map((q: { contactId: string }) => q.contactId)).toContain(other);
    const toRemoved = await t.as(t.cast.admin).patch(`/api/contacts/${other}`, {
      ownerMemberId: rep.memberId,
    });
    expect(toRemoved.statusCode).toBe(400);
    expect(toRemoved.json().error.details).toEqual([
      { path: "ownerMemberId", message: "is not a member of this workspace" },
    ]);
  });
});

describe("reassignment after a breach", () => {
  it("gives the lead to the pod's next rep with a fresh accept clock when the SLA says so", async () => {
    const { admin, salesLead } = t.cast;
    const ws = admin.workspaceId;
    await agreeSla(t.database.db, t.cast, {
      ...NEW_YORK_TERMS,
      sales: { ...NEW_YORK_TERMS.sales, reassignOnBreach: true },
    });
    const first = await addRep(t.database, ws, "Fay First");
    const second = await addRep(t.database, ws, "Sid Second");
    await create("/api/pods", { name: "Inbound", memberIds: [first, second], territories: ["US"] });
    const id = await contact({ country: "US" });
    // Monday 2 March 2026, 10:00 in New York: accept due at 14:00.
    await becomeMql(t.database.db, ws, [id], new Date("2026-03-02T15:00:00Z"));
    const owner = await ownerOf(id);
    const other = owner === first ? second : first;

    const result = await sweepSlaClocks(t.database.db, new Date("2026-03-02T19:00:00Z"));
    expect(result).toMatchObject({ breached: 1, reassigned: 1 });
    expect(await ownerOf(id)).toBe(other);
    const accept = await t.database.db
      .select()
      .from(slaClocks)
      .where(and(eq(slaClocks.contactId, id), eq(slaClocks.commitment, "accept")))
      .orderBy(slaClocks.startedAt);
    expect(accept.map((k) => [k.status, k.memberId, k.dueAt?.toISOString()])).toEqual([
      ["breached", owner, "2026-03-02T19:00:00.000Z"],
      ["running", other, "2026-03-03T15:00:00.000Z"],
    ]);
    const assignments = await assignmentsOf(id);
    expect(assignments.at(-1)).toMatchObject({
      kind: "reassigned",
      memberId: other,
      previousMemberId: owner,
    });
    const told = await t.database.db.select().from(notifications).where(eq(notifications.workspaceId, ws));
    expect(told.filter((n) => n.kind === "lead.reassigned").map((n) => n.memberId)).toEqual([other]);
    expect(told.filter((n) => n.kind === "sla.escalated").map((n) => n.memberId)).toEqual([
      salesLead.memberId,
    ]);
  });
});
