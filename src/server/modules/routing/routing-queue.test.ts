// A routing queue of thousands is read a page at a time with its true total, and a sales lead gives many
// waiting MQLs to a rep in one go: each recorded, the clocks following, all or none.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { contacts, slaClocks } from "../../db/schema/index.js";
import { setupTestApp } from "../../testing/harness.js";
import { agreeSla, becomeMql } from "../../testing/sla-fixtures.js";

const t = setupTestApp();

/** MQLs nobody can take (no pod covers them), a minute apart from 2 March 2026, 15:00 UTC. */
async function waitingMqls(count: number) {
  const { admin } = t.cast;
  await agreeSla(t.database.db, t.cast);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const response = await t
      .as(admin)
      .post("/api/contacts", { email: `wait${i}@queue.test`, lifecycleStage: "lead" });
    expect(response.statusCode, response.body).toBe(201);
    ids.push(response.json().id);
    await becomeMql(t.database.db, admin.workspaceId, [ids[i]], new Date(Date.UTC(2026, 2, 2, 15, i)));
  }
  return ids;
}

describe("the routing queue", () => {
  it("pages oldest first with the true total, and a sales lead assigns several leads at once", async () => {
    const { salesLead, rep } = t.cast;
    const ids = await waitingMqls(5);
    const first = await t.as(salesLead).get("/api/routing/queue?limit=2");
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().total).toBe(5);
    expect(first.json().items.map((q: { contactId: string }) => q.contactId)).toEqual(ids.slice(0, 2));
    const second = (
      await t.as(salesLead).get(`/api/routing/queue?limit=2&cursor=${first.json().nextCursor}`)
    ).json();
    expect(second.items.map((q: { contactId: string }) => q.contactId)).toEqual(ids.slice(2, 4));
    expect(second.total).toBeUndefined();
    const third = (
      await t.as(salesLead).get(`/api/routing/queue?limit=2&cursor=${second.nextCursor}`)
    ).json();
    expect(third.items.map((q: { contactId: string }) => q.contactId)).toEqual([ids[4]]);
    expect(third.nextCursor).toBeNull();

    const assigned = await t.as(salesLead).post("/api/routing/assign", {
      contactIds: ids.slice(0, 3),
      memberId: rep.memberId,
      comment: "Backlog",
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json()).toEqual({ assigned: 3 });
    for (const id of ids.slice(0, 3)) {
      const [row] = await t.database.db.select().from(contacts).where(eq(contacts.id, id));
      expect(row.ownerMemberId).toBe(rep.memberId);
      const clocks = await t.database.db.select().from(slaClocks).where(eq(slaClocks.contactId, id));
      expect(clocks.map((k) => [k.memberId, k.status])).toEqual(clocks.map(() => [rep.memberId, "running"]));
    }
    const history = (await t.as(salesLead).get(`/api/contacts/${ids[0]}/sla`)).json().assignments;
    expect(history.at(-1)).toMatchObject({ kind: "manual", memberId: rep.memberId });
    expect(history.at(-1).reason).toContain("Backlog");
    const left = (await t.as(salesLead).get("/api/routing/queue")).json();
    expect(left.total).toBe(2);
    expect(left.items.map((q: { contactId: string }) => q.contactId)).toEqual(ids.slice(3));
  });

  it("refuses reps, bad lists and cursors, other workspaces' leads (nothing assigned), and a member who left", async () => {
    const { salesLead, rep, outsider } = t.cast;
    const ids = await waitingMqls(2);
    const ownerless = async () =>
      (await t.as(salesLead).get("/api/routing/queue"))
        .json()
        .items.map((q: { contactId: string }) => q.contactId);
    expect(
      (await t.as(rep).post("/api/routing/assign", { contactIds: ids, memberId: rep.memberId })).statusCode,
    ).toBe(403);
    const empty = await t
      .as(salesLead)
      .post("/api/routing/assign", { contactIds: [], memberId: rep.memberId });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain("contactIds needs at least one lead");
    // One lead of another workspace in the list: 404, and the other lead stays unassigned (all or none).
    const theirs = await t.as(outsider).post("/api/contacts", { email: "x@elsewhere.test" });
    const mixed = await t
      .as(salesLead)
      .post("/api/routing/assign", { contactIds: [ids[0], theirs.json().id], memberId: rep.memberId });
    expect(mixed.statusCode).toBe(404);
    expect(await ownerless()).toEqual(ids);
    const stranger = await t
      .as(salesLead)
      .post("/api/routing/assign", { contactIds: ids, memberId: outsider.memberId });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json().error.details[0].path).toBe("memberId");
    expect(await ownerless()).toEqual(ids);
    for (const cursor of [
      "bm90LWEtY3Vyc29y",
      Buffer.from(JSON.stringify([{ a: 1 }, "x"])).toString("base64url"),
    ]) {
      const bad = await t.as(salesLead).get(`/api/routing/queue?cursor=${cursor}`);
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details[0].path).toBe("cursor");
    }
    expect((await t.as(outsider).get("/api/routing/queue")).json().total).toBe(0);
  });
});
