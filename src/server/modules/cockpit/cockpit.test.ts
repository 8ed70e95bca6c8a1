// The cockpit's tiles are the numbers of the pages they link to: a small month counted by hand, the same
// counts on the SLA compliance report and the unread badge, nothing from another workspace.
import { describe, expect, it } from "vitest";
import { setupTestApp } from "../../testing/harness.js";
import { agreeSla, becomeMql, NEW_YORK_TERMS } from "../../testing/sla-fixtures.js";

const t = setupTestApp();

describe("the cockpit", () => {
  it("shows this month's MQLs, their answers, both sides' SLA, the hottest waiting lead and recent feedback", async () => {
    const { admin, rep, salesLead, marketingLead, outsider } = t.cast;
    const ws = rep.workspaceId;
    await agreeSla(t.database.db, t.cast, NEW_YORK_TERMS);
    const ids: string[] = [];
    for (const name of ["Ann Accepted", "Rob Rejected", "Wes Waiting"]) {
      const response = await t.as(admin).post("/api/contacts", {
        email: `${name.split(" ")[0].toLowerCase()}@initech.com`,
        firstName: name.split(" ")[0],
        lastName: name.split(" ")[1],
        lifecycleStage: "lead",
        ownerMemberId: rep.memberId,
      });
      expect(response.statusCode, response.body).toBe(201);
      ids.push(response.json().id);
    }
    const [ann, rob, wes] = ids;
    await becomeMql(t.database.db, ws, ids, new Date());
    expect((await t.as(rep).post(`/api/contacts/${ann}/accept`, {})).statusCode).toBe(201);
    const rejected = await t
      .as(rep)
      .post(`/api/contacts/${rob}/reject`, { reason: "bad_fit", comment: "Student project" });
    expect(rejected.statusCode, rejected.body).toBe(201);
    expect(
      (await t.as(salesLead).post("/api/objections", { text: "Too expensive for a pilot" })).statusCode,
    ).toBe(201);
    expect((await t.as(rep).post("/api/content-requests", { title: "ROI one-pager" })).statusCode).toBe(201);

    const response = await t.as(marketingLead).get("/api/cockpit");
    expect(response.statusCode, response.body).toBe(200);
    const cockpit = response.json();
    expect(cockpit.mission).toBe("Win together");
    // Counted by hand: three MQLs entered this month; one accepted, one rejected: 50%, but 2 of 20 decided
    // is too few to judge. The SLA commits 10 MQLs a month.
    expect(cockpit.mqls).toEqual({
      entered: 3,
      committed: 10,
      accepted: 1,
      rejected: 1,
      acceptanceRate: 0.5,
      judged: false,
      minimumSample: 20,
    });
    // Wes is the one MQL still waiting for an answer, owned by the rep.
    expect(cockpit.hotLeads.waiting).toBe(1);
    expect(cockpit.hotLeads.items).toHaveLength(1);
    expect(cockpit.hotLeads.items[0]).toMatchObject({
      contactId: wes,
      name: "Wes Waiting",
      ownerName: rep.name,
    });
    expect(cockpit.feedback.rejections).toHaveLength(1);
    expect(cockpit.feedback.rejections[0]).toMatchObject({
      contactId: rob,
      contactName: "Rob Rejected",
      reason: "bad_fit",
      comment: "Student project",
      memberName: rep.name,
    });
    expect(cockpit.feedback.objections.map((o: { text: string }) => o.text)).toEqual([
      "Too expensive for a pilot",
    ]);
    expect(cockpit.feedback.contentRequests.open).toBe(1);
    expect(cockpit.feedback.contentRequests.items[0].title).toBe("ROI one-pager");

    // The same numbers as the SLA page for the same period.
    const { from, to } = cockpit.period;
    const report = (
      await t.as(marketingLead).get(`/api/reports/sla-compliance?from=${from}&to=${to}&by=team`)
    ).json();
    expect(cockpit.sla.marketing).toEqual({
      mqlsDelivered: report.marketing.mqlsDelivered,
      mqlsCommitted: report.marketing.mqlsCommitted,
      rejectionRate: report.marketing.rejectionRate,
      maxRejectionRate: report.marketing.maxRejectionRate,
      rejectionJudged: report.marketing.rejectionJudged,
    });
    expect(cockpit.sla.marketing.mqlsDelivered).toBe(cockpit.mqls.entered);
    expect(cockpit.sla.sales.map((c: { commitment: string; met: number }) => [c.commitment, c.met])).toEqual(
      report.sales[0].commitments.map((c: { commitment: string; met: number }) => [c.commitment, c.met]),
    );
    // Accept-or-reject: two answered in time, Wes's still open.
    expect(cockpit.sla.sales[0]).toMatchObject({ commitment: "accept", met: 2, breached: 0, open: 1 });

    // What needs the rep: Wes in their queue (as the My queue page lists it), their unread notifications.
    const mine = (await t.as(rep).get("/api/cockpit")).json().mine;
    const queue = (
      await t.as(rep).get(`/api/contacts?lifecycleStage=mql&ownerMemberId=${rep.memberId}`)
    ).json();
    expect(mine.queue).toBe(1);
    expect(queue.items.map((c: { id: string }) => c.id)).toEqual([wes]);
    expect(mine.unread).toBe((await t.as(rep).get("/api/notifications/unread-count")).json().unread);

    // Another workspace sees none of it.
    const theirs = (await t.as(outsider).get("/api/cockpit")).json();
    expect(theirs.mqls.entered).toBe(0);
    expect(theirs.hotLeads.items).toEqual([]);
    expect(theirs.feedback.rejections).toEqual([]);
    expect(JSON.stringify(theirs)).not.toContain("Wes Waiting");
  });

  it("answers a past month, refuses a month that is not one, and needs a member", async () => {
    const { rep } = t.cast;
    const march = await t.as(rep).get("/api/cockpit?month=2026-03");
    expect(march.statusCode).toBe(200);
    expect(march.json().period).toEqual({ from: "2026-03-01", to: "2026-04-01", label: "March 2026" });
    expect(march.json().mqls.entered).toBe(0);
    const bad = await t.as(rep).get("/api/cockpit?month=2026-13");
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("month must look like 2026-12");
    expect((await t.app.inject({ method: "GET", url: "/api/cockpit" })).statusCode).toBe(401);
  });
});
