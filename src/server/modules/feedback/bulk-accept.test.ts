// A rep or a sales lead accepts several MQLs at once: each checked and recorded as one would be (decision,
// stage, clock), all or none.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { contacts, leadDecisions } from "../../db/schema/index.js";
import { setupTestApp } from "../../testing/harness.js";
import { agreeSla, becomeMql } from "../../testing/sla-fixtures.js";

const t = setupTestApp();

async function mqlsOf(ownerMemberId: string, count: number) {
  const { admin } = t.cast;
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const response = await t.as(admin).post("/api/contacts", {
      email: `bulk${ownerMemberId.slice(-4)}${i}@accept.test`,
      lifecycleStage: "lead",
      ownerMemberId,
    });
    expect(response.statusCode, response.body).toBe(201);
    ids.push(response.json().id);
  }
  await becomeMql(t.database.db, admin.workspaceId, ids, new Date());
  return ids;
}

const stageOf = async (id: string) =>
  (await t.database.db.select().from(contacts).where(eq(contacts.id, id)))[0].lifecycleStage;

describe("accepting several MQLs at once", () => {
  it("accepts each (decision, SAL, accept clock met) and answers how many", async () => {
    const { rep } = t.cast;
    await agreeSla(t.database.db, t.cast);
    const ids = await mqlsOf(rep.memberId, 3);
    const response = await t.as(rep).post("/api/feedback/accept", { contactIds: ids, comment: "Good batch" });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ accepted: 3 });
    for (const id of ids) {
      expect(await stageOf(id)).toBe("sal");
      const decisions = await t.database.db
        .select()
        .from(leadDecisions)
        .where(eq(leadDecisions.contactId, id));
      expect(decisions.map((d) => [d.decision, d.comment, d.memberId])).toEqual([
        ["accepted", "Good batch", rep.memberId],
      ]);
      const sla = (await t.as(rep).get(`/api/contacts/${id}/sla`)).json();
      expect(sla.clocks.find((k: { commitment: string }) => k.commitment === "accept").status).toBe("met");
    }
  });

  it("refuses all when one is not the caller's to accept or not an MQL, and refuses bad lists", async () => {
    const { rep, salesLead, outsider } = t.cast;
    await agreeSla(t.database.db, t.cast);
    const mine = await mqlsOf(rep.memberId, 1);
    const theirs = await mqlsOf(salesLead.memberId, 1);
    const refused = await t.as(rep).post("/api/feedback/accept", { contactIds: [...mine, ...theirs] });
    expect(refused.statusCode).toBe(403);
    expect(await stageOf(mine[0])).toBe("mql");
    expect(
      (await t.database.db.select().from(leadDecisions).where(eq(leadDecisions.contactId, mine[0]))).length,
    ).toBe(0);
    const empty = await t.as(rep).post("/api/feedback/accept", { contactIds: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain("contactIds needs at least one MQL");
    expect((await t.as(outsider).post("/api/feedback/accept", { contactIds: mine })).statusCode).toBe(404);
    // The sales lead may accept anyone's; accepting twice is refused (no longer an MQL).
    expect(
      (await t.as(salesLead).post("/api/feedback/accept", { contactIds: [...mine, ...theirs] })).statusCode,
    ).toBe(200);
    expect((await t.as(salesLead).post("/api/feedback/accept", { contactIds: mine })).statusCode).toBe(409);
  });
});
