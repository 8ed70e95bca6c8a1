// Rates need a sample: the compliance report carries every rate with its counts, and judges it (a verdict,
// a colour) only over the SLA's minimum sample of decided cases (default 20).
import { describe, expect, it } from "vitest";
import { leadDecisions } from "../../db/schema/index.js";
import { newId } from "../../lib/ids.js";
import { setupTestApp } from "../../testing/harness.js";
import { agreeSla, becomeMql, NEW_YORK_TERMS } from "../../testing/sla-fixtures.js";
import { completeAcceptClocks } from "./sla-clocks.service.js";

const t = setupTestApp();

/** Three MQLs of the rep on Monday 2 March 2026; one accepted and two rejected within the hour. */
async function threeDecidedMqls() {
  const { admin, rep } = t.cast;
  const ws = rep.workspaceId;
  const ids: string[] = [];
  for (const n of [1, 2, 3]) {
    const response = await t.as(admin).post("/api/contacts", {
      email: `sample${n}@initech.com`,
      lifecycleStage: "lead",
      ownerMemberId: rep.memberId,
    });
    expect(response.statusCode, response.body).toBe(201);
    ids.push(response.json().id);
  }
  await becomeMql(t.database.db, ws, ids, new Date("2026-03-02T15:00:00Z"));
  for (const [i, id] of ids.entries()) {
    const decision = i === 0 ? "accepted" : "rejected";
    await completeAcceptClocks(t.database.db, ws, [id], decision, new Date("2026-03-02T15:30:00Z"));
    await t.database.db.insert(leadDecisions).values({
      workspaceId: ws,
      id: newId(),
      contactId: id,
      decision,
      reason: decision === "rejected" ? "bad_fit" : null,
      outcome: decision === "accepted" ? "sal" : "recycled",
      memberId: rep.memberId,
      decidedAt: new Date("2026-03-02T15:30:00Z"),
    });
  }
}

const report = async () => {
  const response = await t
    .as(t.cast.marketingLead)
    .get("/api/reports/sla-compliance?from=2026-03-01&to=2026-04-01&by=team");
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
};

describe("the minimum sample", () => {
  it("below it a rate keeps its counts and gets no verdict; at it, it is judged", async () => {
    await agreeSla(t.database.db, t.cast, NEW_YORK_TERMS);
    await threeDecidedMqls();

    const few = await report();
    expect(few.minimumSample).toBe(20);
    // 2 of 3 decided MQLs rejected: the rate and its counts are there, the verdict is not.
    expect(few.marketing).toMatchObject({ accepted: 1, rejected: 2, maxRejectionRate: 0.25 });
    expect(few.marketing.rejectionRate).toBeCloseTo(2 / 3);
    expect(few.marketing.rejectionJudged).toBe(false);
    const accept = few.sales[0].commitments.find((c: { commitment: string }) => c.commitment === "accept");
    expect(accept).toMatchObject({ started: 3, met: 3, breached: 0, compliance: 1, judged: false });

    // The teams agree that 3 decided cases are enough to judge.
    await agreeSla(t.database.db, t.cast, { ...NEW_YORK_TERMS, minimumSample: 3 });
    const enough = await report();
    expect(enough.minimumSample).toBe(3);
    expect(enough.marketing.rejectionJudged).toBe(true);
    expect(
      enough.sales[0].commitments.find((c: { commitment: string }) => c.commitment === "accept"),
    ).toMatchObject({ compliance: 1, judged: true });
  });

  it("is part of the SLA's terms: 20 by default, a clear error when it is not a whole number of at least 1", async () => {
    const { salesLead } = t.cast;
    const draft = await t.as(salesLead).post("/api/sla/versions", {});
    expect(draft.statusCode, draft.body).toBe(201);
    expect(draft.json().terms.minimumSample).toBe(20);
    const version = draft.json().version;
    const bad = await t
      .as(salesLead)
      .put(`/api/sla/versions/${version}`, { terms: { ...NEW_YORK_TERMS, minimumSample: 0 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("minimumSample must be at least 1");
    const stored = await t.as(salesLead).get(`/api/sla/versions/${version}`);
    expect(stored.json().terms.minimumSample).toBe(20);
  });
});
