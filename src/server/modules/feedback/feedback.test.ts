// Accepting and rejecting MQLs: who may, what it does to the lead, and the roll-up marketing reads.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { contacts, leadDecisions, lifecycleStageChanges } from "../../db/schema/index.js";
import { setupTestApp, type TestMember } from "../../testing/harness.js";

const t = setupTestApp();

async function mql(owner: TestMember | null, campaignId: string | null = null, source = "webinar") {
  const response = await t.as(t.cast.salesLead).post("/api/contacts", {
    email: `m${Math.random().toString(36).slice(2, 8)}@initech.com`,
    lifecycleStage: "mql",
    ownerMemberId: owner?.memberId ?? null,
    sourceCampaignId: campaignId,
    source,
  });
  expect(response.statusCode).toBe(201);
  return response.json().id as string;
}

const stageOf = async (id: string) =>
  (await t.database.db.select().from(contacts).where(eq(contacts.id, id)))[0].lifecycleStage;

describe("accepting and rejecting MQLs", () => {
  it("lets the owner accept (SAL) and a sales lead reject with a reason (recycled), recorded on the lead", async () => {
    const { rep, salesLead } = t.cast;
    const accepted = await mql(rep);
    const response = await t.as(rep).post(`/api/contacts/${accepted}/accept`, {
      comment: "Booked a call",
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ decision: "accepted", outcome: "sal", memberName: "Rey Rep" });
    expect(await stageOf(accepted)).toBe("sal");
    const again = await t.as(rep).post(`/api/contacts/${accepted}/accept`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe(
      "This contact is at stage SAL (accepted), not MQL; only MQLs are accepted or rejected",
    );

    const rejected = await mql(rep);
    const no = await t.as(salesLead).post(`/api/contacts/${rejected}/reject`, {
      reason: "no_budget",
      comment: "Budget frozen until Q3",
    });
    expect(no.statusCode).toBe(201);
    expect(no.json()).toMatchObject({ decision: "rejected", reason: "no_budget", reasonLabel: "No budget" });
    expect(await stageOf(rejected)).toBe("recycled");
    const history = await t.database.db
      .select()
      .from(lifecycleStageChanges)
      .where(eq(lifecycleStageChanges.contactId, rejected));
    expect(history.map((h) => [h.fromStage, h.toStage, h.causeDetail]).at(-1)).toEqual([
      "mql",
      "recycled",
      "Rejected by sales: No budget (Budget frozen until Q3)",
    ]);
    const listed = (await t.as(t.cast.marketingLead).get(`/api/contacts/${rejected}/decisions`)).json();
    expect(listed.items).toHaveLength(1);

    const gone = await mql(null);
    await t.as(salesLead).post(`/api/contacts/${gone}/reject`, {
      reason: "student_or_competitor",
      outcome: "disqualified",
    });
    expect(await stageOf(gone)).toBe("disqualified");
  });

  it("refuses others, bad reasons and other workspaces, writing nothing", async () => {
    const { rep, marketingLead, outsider, salesLead } = t.cast;
    const id = await mql(salesLead);
    const notOwner = await t.as(rep).post(`/api/contacts/${id}/accept`, {});
    expect(notOwner.statusCode).toBe(403);
    expect(notOwner.json().error.message).toBe(
      "Only the lead's owner, a sales team lead or an admin can accept or reject an MQL",
    );
    expect(
      (await t.as(marketingLead).post(`/api/contacts/${id}/reject`, { reason: "bad_fit" })).statusCode,
    ).toBe(403);
    const bad = await t.as(salesLead).post(`/api/contacts/${id}/reject`, { reason: "too_pushy" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe("reason");
    expect((await t.as(outsider).post(`/api/contacts/${id}/accept`, {})).statusCode).toBe(404);
    expect((await t.as(outsider).get(`/api/contacts/${id}/decisions`)).statusCode).toBe(404);
    expect(await stageOf(id)).toBe("mql");
    // An MQL a sales lead gave to a marketer: its marketing owner does not answer marketing's own MQL.
    const marketers = await mql(marketingLead);
    const own = await t.as(marketingLead).post(`/api/contacts/${marketers}/accept`, {});
    expect(own.statusCode).toBe(403);
    expect(own.json().error.message).toMatch(/^Sales answers MQLs/);
    expect(await stageOf(marketers)).toBe("mql");
    expect(await t.database.db.select().from(leadDecisions)).toEqual([]);
  });

  it("rolls acceptance and reject reasons up per campaign and per source (hand count)", async () => {
    const { salesLead, marketingLead, outsider } = t.cast;
    const webinar = (
      await t.as(marketingLead).post("/api/campaigns", { name: "Spring webinar", channel: "webinar" })
    ).json().id;
    const ads = (
      await t.as(marketingLead).post("/api/campaigns", { name: "Search ads", channel: "paid_search" })
    ).json().id;
    // Webinar: 2 accepted, 1 rejected (bad fit). Ads: 0 accepted, 2 rejected (bad fit, bad data).
    for (const [campaign, action, reason, source] of [
      [webinar, "accept", null, "webinar"],
      [webinar, "accept", null, "webinar"],
      [webinar, "reject", "bad_fit", "webinar"],
      [ads, "reject", "bad_fit", "ads"],
      [ads, "reject", "bad_data", "ads"],
    ] as const) {
      const id = await mql(salesLead, campaign, source);
      const done = await t.as(salesLead).post(`/api/contacts/${id}/${action}`, reason ? { reason } : {});
      expect(done.statusCode).toBe(201);
    }
    const byCampaign = (await t.as(marketingLead).get("/api/feedback/decisions?by=campaign")).json().items;
    expect(byCampaign).toEqual([
      {
        key: webinar,
        label: "Spring webinar",
        accepted: 2,
        rejected: 1,
        acceptanceRate: 2 / 3,
        reasons: [{ reason: "bad_fit", label: "Bad fit", count: 1 }],
      },
      {
        key: ads,
        label: "Search ads",
        accepted: 0,
        rejected: 2,
        acceptanceRate: 0,
        reasons: [
          { reason: "bad_data", label: "Bad data", count: 1 },
          { reason: "bad_fit", label: "Bad fit", count: 1 },
        ],
      },
    ]);
    const bySource = (await t.as(marketingLead).get("/api/feedback/decisions?by=source")).json().items;
    expect(
      bySource.map((s: { label: string; accepted: number; rejected: number }) => [
        s.label,
        s.accepted,
        s.rejected,
      ]),
    ).toEqual([
      ["webinar", 2, 1],
      ["ads", 0, 2],
    ]);
    expect((await t.as(outsider).get("/api/feedback/decisions")).json().items).toEqual([]);
    expect((await t.as(marketingLead).get("/api/feedback/decisions?by=week")).statusCode).toBe(400);

    // "Since" a day counts from its midnight in the workspace's time zone (Auckland is UTC+13 in March):
    // 28 Feb 12:00 UTC is 1 Mar 01:00 there, in; 28 Feb 10:00 UTC is 28 Feb 23:00 there, out.
    expect(
      (await t.as(t.cast.admin).patch("/api/workspace", { timeZone: "Pacific/Auckland" })).statusCode,
    ).toBe(200);
    const decisions = await t.database.db.select({ id: leadDecisions.id }).from(leadDecisions);
    for (const [i, d] of decisions.entries()) {
      const at = i === 0 ? "2026-02-28T12:00:00Z" : "2026-02-28T10:00:00Z";
      await t.database.db
        .update(leadDecisions)
        .set({ decidedAt: new Date(at) })
        .where(eq(leadDecisions.id, d.id));
    }
    const since = (
      await t.as(marketingLead).get("/api/feedback/decisions?by=source&since=2026-03-01")
    ).json();
    expect(since.items.map((s: { accepted: number; rejected: number }) => s.accepted + s.rejected)).toEqual([
      1,
    ]);
  });
});

describe("objections and content requests", () => {
  it("groups objections by persona and wording, most frequent first", async () => {
    const { rep, salesLead, marketingLead, outsider } = t.cast;
    const cfo = (await t.as(marketingLead).post("/api/personas", { name: "CFO" })).json().id;
    for (const [member, text, personaId] of [
      [rep, "Too expensive for us", cfo],
      [salesLead, "too  expensive for us ", cfo],
      [rep, "We already use HubSpot", cfo],
      [rep, "Too expensive for us", null],
    ] as const) {
      const created = await t.as(member).post("/api/objections", { text, personaId, stage: "sql" });
      expect(created.statusCode).toBe(201);
    }
    const summary = (await t.as(marketingLead).get("/api/objections/summary")).json().items;
    expect(summary.map((s: { personaName: string; count: number }) => [s.personaName, s.count])).toEqual([
      ["CFO", 2],
      ["No persona", 1],
      ["CFO", 1],
    ]);
    expect((await t.as(marketingLead).get(`/api/objections?personaId=${cfo}`)).json().items).toHaveLength(3);
    const empty = await t.as(rep).post("/api/objections", { text: "  " });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.details[0].path).toBe("text");
    const foreignPersona = await t.as(outsider).post("/api/objections", { text: "No", personaId: cfo });
    expect(foreignPersona.statusCode).toBe(400);
    expect((await t.as(outsider).get("/api/objections/summary")).json().items).toEqual([]);
  });

  it("moves a content request forward from new to used, never back", async () => {
    const { rep, marketingLead, outsider } = t.cast;
    const created = await t.as(rep).post("/api/content-requests", {
      title: "ROI calculator for CFOs",
      need: "Prospects ask for payback time",
      stage: "sql",
      dueDate: "2026-12-15",
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ status: "new", requestedBy: rep.memberId, dueDate: "2026-12-15" });
    const id = created.json().id;
    const patch = (member: TestMember, payload: object) =>
      t.as(member).patch(`/api/content-requests/${id}`, payload);
    expect(
      (
        await patch(marketingLead, { status: "in_progress", assigneeMemberId: marketingLead.memberId })
      ).json(),
    ).toMatchObject({
      status: "in_progress",
      assigneeMemberId: marketingLead.memberId,
    });
    expect(
      (await patch(marketingLead, { status: "delivered", assetUrl: "https://acme.io/roi" })).json().status,
    ).toBe("delivered");
    const back = await patch(rep, { status: "new" });
    expect(back.statusCode).toBe(409);
    expect(back.json().error.message).toBe("A request that is delivered cannot go back to new");
    expect((await patch(rep, { status: "used" })).json().status).toBe("used");
    expect((await patch(rep, { assetUrl: "not a url" })).statusCode).toBe(400);
    // It becomes a link on the board: script URLs are refused.
    for (const assetUrl of ["javascript:alert(document.cookie)", "data:text/html,<script>x</script>"])
      expect((await patch(rep, { assetUrl })).json().error.details[0].path).toBe("assetUrl");
    expect((await t.as(rep).get("/api/content-requests?status=used")).json().items).toHaveLength(1);
    expect((await patch(outsider, { status: "used" })).statusCode).toBe(404);
    expect((await t.as(outsider).get("/api/content-requests")).json().items).toEqual([]);
    const bad = await t.as(rep).post("/api/content-requests", { title: "X", dueDate: "soon" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe("dueDate");
  });
});
