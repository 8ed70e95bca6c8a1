// Account journey (scores and stages against hand-computed fixtures, thresholds, history, spikes that tell the
// pod), buying committee, segments' live numbers and the account timeline.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { ScoringDefinition } from "../../../shared/scoring.js";
import { queryRows } from "../../db/client.js";
import { accounts, contacts, opportunities, personas, touches } from "../../db/schema/index.js";
import { newId } from "../../lib/ids.js";
import { setupTestApp } from "../../testing/harness.js";

const t = setupTestApp();
const DAY = 86_400_000;

/** Fit: 10 for software companies. Engagement: 15 a webinar, 5 a page view, no decay. */
const MODEL: ScoringDefinition = {
  fitRules: [
    {
      id: "software",
      label: "Software",
      points: 10,
      conditions: [{ field: "account.industry", operator: "in", values: ["Software"] }],
    },
  ],
  engagementRules: [
    {
      id: "webinar",
      label: "Webinar",
      points: 15,
      conditions: [{ field: "type", operator: "in", values: ["webinar"] }],
      group: "none",
    },
    {
      id: "view",
      label: "Page view",
      points: 5,
      conditions: [{ field: "type", operator: "in", values: ["page_view"] }],
      group: "none",
    },
  ],
  decayGroups: [{ id: "none", halfLifeDays: null }],
  grades: { fit: [25, 10, 0], engagement: [30, 15, 5] },
  mql: { anyOf: [{ combined: 1000 }], handoffTouchTypes: [] },
};

async function liveModel() {
  const { marketingLead, salesLead } = t.cast;
  const id = (
    await t.as(marketingLead).post("/api/scoring-models", { name: "Core", definition: MODEL })
  ).json().id;
  await t.as(marketingLead).post(`/api/scoring-models/${id}/versions/1/approval`);
  await t.as(salesLead).post(`/api/scoring-models/${id}/versions/1/approval`);
  expect((await t.as(salesLead).post(`/api/scoring-models/${id}/versions/1/activate`)).statusCode).toBe(200);
  return id as string;
}

async function addAccount(ws: string, values: Partial<typeof accounts.$inferInsert> = {}) {
  const id = newId();
  await t.database.db.insert(accounts).values({ workspaceId: ws, id, name: "Initech", ...values });
  return id;
}
async function addContact(ws: string, accountId: string, values: Partial<typeof contacts.$inferInsert> = {}) {
  const id = newId();
  await t.database.db.insert(contacts).values({ workspaceId: ws, id, accountId, ...values });
  return id;
}
async function addTouches(
  ws: string,
  contactId: string | null,
  type: string,
  ages: number[],
  extra: Partial<typeof touches.$inferInsert> = {},
) {
  await t.database.db.insert(touches).values(
    ages.map((age) => ({
      workspaceId: ws,
      id: newId(),
      contactId,
      type,
      team: (type === "meeting" || type === "call" ? "sales" : "marketing") as "sales" | "marketing",
      occurredAt: new Date(Date.now() - age * DAY),
      source: "test",
      ...extra,
    })),
  );
}

describe("account journey", () => {
  it("scores accounts and stages them as hand-computed, with thresholds, deals and history", async () => {
    const { rep, marketingLead, salesLead } = t.cast;
    const ws = rep.workspaceId;
    const initech = await addAccount(ws, { industry: "Software" });
    const ann = await addContact(ws, initech, { email: "ann@initech.com" });
    const ben = await addContact(ws, initech, { email: "ben@initech.com" });
    // Ann: 2 webinars = 30; Ben: 1 webinar = 15. Diminishing returns: 30/1 + 15/2 = 37.5. Fit: 10.
    await addTouches(ws, ann, "webinar", [3, 20]);
    await addTouches(ws, ben, "webinar", [5]);
    await liveModel();
    const journey = (await t.as(rep).get(`/api/accounts/${initech}/journey`)).json();
    expect(journey).toMatchObject({ modelName: "Core", fit: 10, engagement: 37.5, stage: "engaged" });
    expect(journey.stageHistory).toEqual([expect.objectContaining({ fromStage: null, toStage: "engaged" })]);
    expect(journey.scoreHistory).toEqual([expect.objectContaining({ fit: 10, engagement: 37.5 })]);

    // Thresholds are the leads' call: fit 10 now qualifies (engagement 37.5 >= 30) -> MQA, at once.
    expect((await t.as(rep).put("/api/abm/settings", { mqaFit: 10 })).statusCode).toBe(403);
    const bad = await t
      .as(marketingLead)
      .put("/api/abm/settings", { awareEngagement: 50, engagedEngagement: 10 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe("engagedEngagement");
    const set = await t.as(marketingLead).put("/api/abm/settings", { mqaFit: 10, mqaEngagement: 30 });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ mqaFit: 10, mqaEngagement: 30, engagedEngagement: 20 });
    expect((await t.as(rep).get(`/api/accounts/${initech}/journey`)).json().stage).toBe("mqa");

    // A touch arrives (the live path): Ben's page view makes him 20: 30 + 20/2 = 40.
    const logged = await t.as(rep).post(`/api/contacts/${ben}/touches`, { type: "page_view" });
    expect(logged.statusCode).toBe(201);
    await t.drain();
    expect((await t.as(rep).get(`/api/accounts/${initech}/journey`)).json()).toMatchObject({
      engagement: 40,
    });

    // Deals move the journey: an open one -> opportunity; won -> customer.
    const deal = await t.as(salesLead).post("/api/opportunities", {
      name: "Initech pilot",
      accountId: initech,
      amount: 20_000,
      closeDate: "2027-03-31",
    });
    expect((await t.as(rep).get(`/api/accounts/${initech}/journey`)).json().stage).toBe("opportunity");
    await t.as(salesLead).patch(`/api/opportunities/${deal.json().id}`, { stage: "closed_won" });
    const won = (await t.as(rep).get(`/api/accounts/${initech}/journey`)).json();
    expect(won).toMatchObject({ stage: "customer", pipeline: 20_000, revenue: 20_000 });
    expect(won.stageHistory.map((h: { toStage: string }) => h.toStage)).toEqual([
      "customer",
      "opportunity",
      "mqa",
      "engaged",
    ]);
    expect((await t.as(t.cast.outsider).get(`/api/accounts/${initech}/journey`)).statusCode).toBe(404);
  });

  it("rescoring every account is one set-based pass that matches the stored contact scores", async () => {
    const { rep } = t.cast;
    const ws = rep.workspaceId;
    const a = await addAccount(ws, { name: "A", industry: "Software" });
    const b = await addAccount(ws, { name: "B" });
    const a1 = await addContact(ws, a);
    const a2 = await addContact(ws, a);
    const a3 = await addContact(ws, a);
    const b1 = await addContact(ws, b);
    // A: 15, 10, 5 -> 15 + 10/2 + 5/3 = 21.67; B: nothing -> 0, target.
    await addTouches(ws, a1, "webinar", [1]);
    await addTouches(ws, a2, "page_view", [1, 2]);
    await addTouches(ws, a3, "page_view", [4]);
    void b1;
    await liveModel();
    const { rescoreAllAccounts } = await import("../scoring/account-rescore.js");
    await t.database.db.execute(sql`delete from account_journeys where workspace_id = ${ws}`);
    await rescoreAllAccounts(t.database.db, ws);
    const rows = await queryRows<{ account_id: string; stage: string; fit: number; engagement: number }>(
      t.database.db,
      sql`select account_id, stage, fit, engagement from account_journeys where workspace_id = ${ws} order by fit desc`,
    );
    expect(rows).toEqual([
      { account_id: a, stage: "engaged", fit: 10, engagement: 21.67 },
      { account_id: b, stage: "target", fit: 0, engagement: 0 },
    ]);
  });

  it("tells the account's pod when engagement spikes against the 4-week baseline, once a week", async () => {
    const { rep, marketingLead, salesLead } = t.cast;
    const ws = rep.workspaceId;
    const pod = (
      await t
        .as(salesLead)
        .post("/api/pods", { name: "East", memberIds: [rep.memberId, marketingLead.memberId] })
    ).json().id;
    const initech = await addAccount(ws, { podId: pod });
    const ann = await addContact(ws, initech);
    // Baseline: 4 touches in the 4 weeks before (1 a week). This week: 4, then a 5th (minimum 5, 2x baseline).
    await addTouches(ws, ann, "page_view", [9, 15, 22, 29, 1, 2, 3, 4]);
    await liveModel();
    await t.as(rep).post(`/api/contacts/${ann}/touches`, { type: "call" });
    await t.drain();
    const inbox = async (who: typeof rep) =>
      (await t.as(who).get("/api/notifications"))
        .json()
        .items.filter((n: { kind: string }) => n.kind === "account.spike");
    const repSpikes = await inbox(rep);
    expect(repSpikes).toHaveLength(1);
    expect(repSpikes[0].title).toBe("Initech is spiking: 5 touches this week");
    expect(await inbox(marketingLead)).toHaveLength(1);
    expect(await inbox(salesLead)).toHaveLength(0);
    const journey = (await t.as(rep).get(`/api/accounts/${initech}/journey`)).json();
    expect(journey).toMatchObject({ touchesThisWeek: 5, weeklyBaseline: 1, spiking: true });
    expect(journey.spikeAt).not.toBeNull();
    // Another touch the same week: no second message.
    await t.as(rep).post(`/api/contacts/${ann}/touches`, { type: "call" });
    await t.drain();
    expect(await inbox(rep)).toHaveLength(1);
    // Ten days on (the touches moved back), the week is quiet: no longer spiking, the last spike kept.
    await t.database.db.execute(
      sql`update touches set occurred_at = occurred_at - interval '10 days' where workspace_id = ${ws}`,
    );
    const later = (await t.as(rep).get(`/api/accounts/${initech}/journey`)).json();
    expect(later).toMatchObject({ touchesThisWeek: 0, spiking: false });
    expect(later.spikeAt).toBe(journey.spikeAt);
  });
});

describe("buying committee", () => {
  it("maps the segment's expected personas to known, engaged and missing contacts", async () => {
    const { rep, marketingLead } = t.cast;
    const ws = rep.workspaceId;
    const [buyer, champion, evaluator] = [newId(), newId(), newId()];
    await t.database.db.insert(personas).values([
      { workspaceId: ws, id: buyer, name: "Economic buyer" },
      { workspaceId: ws, id: champion, name: "Champion" },
      { workspaceId: ws, id: evaluator, name: "Technical evaluator" },
    ]);
    const segment = await t.as(marketingLead).post("/api/segments", {
      name: "Mid-market software",
      industries: ["software"],
      committeePersonaIds: [buyer, champion, evaluator],
    });
    expect(segment.statusCode).toBe(201);
    const initech = await addAccount(ws, { industry: "Software" });
    const cfo = await addContact(ws, initech, { firstName: "Carla", lastName: "Chief", personaId: buyer });
    const dev = await addContact(ws, initech, { firstName: "Dan", lastName: "Dev", personaId: champion });
    await addContact(ws, initech, { firstName: "Olga", lastName: "Other" });
    await addTouches(ws, cfo, "meeting", [40]);
    await addTouches(ws, dev, "webinar", [3]);
    const committee = (await t.as(rep).get(`/api/accounts/${initech}/committee`)).json();
    expect(committee.segments.map((s: { name: string }) => s.name)).toEqual(["Mid-market software"]);
    expect(
      committee.roles.map((r: { persona: string; status: string; gap: string | null }) => [
        r.persona,
        r.status,
        r.gap,
      ]),
    ).toEqual([
      ["Economic buyer", "known", "No Economic buyer engaged in 30 days"],
      ["Champion", "engaged", null],
      ["Technical evaluator", "missing", "No Technical evaluator known at this account"],
    ]);
    expect(committee.roles[1].contacts[0]).toMatchObject({ name: "Dan Dev", engaged: true });
    expect(committee.others).toBe(1);
    // A persona of another workspace is refused, naming the field.
    const foreign = await t
      .as(marketingLead)
      .post("/api/segments", { name: "X", committeePersonaIds: [newId()] });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.details[0].path).toBe("committeePersonaIds.0");
  });
});

describe("segments", () => {
  it("counts the accounts matching each segment live, with their pipeline and revenue", async () => {
    const { rep, marketingLead, admin } = t.cast;
    const ws = rep.workspaceId;
    const plan = await t.as(admin).post("/api/properties", {
      objectType: "accounts",
      apiName: "contract",
      label: "Contract",
      type: "text",
    });
    expect(plan.statusCode, plan.body).toBe(201);
    const seg = await t.as(marketingLead).post("/api/segments", {
      name: "Mid-market software",
      industries: ["Software"],
      minEmployees: 100,
      maxEmployees: 1000,
      minAnnualRevenue: 1_000_000,
      regions: ["EMEA"],
      propertyFilters: { contract: "pro" },
    });
    expect(seg.statusCode, seg.body).toBe(201);
    const segmentId = seg.json().id;
    const inside = await addAccount(ws, {
      name: "In",
      industry: "software",
      employees: 500,
      annualRevenue: 2_000_000,
      region: "EMEA",
      properties: { contract: "pro" },
    });
    const inside2 = await addAccount(ws, {
      name: "In too",
      industry: "Software",
      employees: 100,
      annualRevenue: 1_000_000,
      country: "EMEA",
      properties: { contract: "pro", other: 1 },
    });
    await addAccount(ws, {
      name: "Too big",
      industry: "Software",
      employees: 5000,
      annualRevenue: 2e6,
      region: "EMEA",
      properties: { contract: "pro" },
    });
    await addAccount(ws, {
      name: "Wrong plan",
      industry: "Software",
      employees: 500,
      annualRevenue: 2e6,
      region: "EMEA",
      properties: { contract: "free" },
    });
    // Set by hand: in the segment whatever its attributes.
    const byHand = await addAccount(ws, { name: "By hand", segmentId });
    await t.database.db.insert(opportunities).values([
      {
        workspaceId: ws,
        id: newId(),
        name: "1",
        accountId: inside,
        amount: 10_000,
        stage: "closed_won",
        closeDate: "2026-01-31",
      },
      {
        workspaceId: ws,
        id: newId(),
        name: "2",
        accountId: inside,
        amount: 5_000,
        stage: "closed_lost",
        closeDate: "2026-01-31",
      },
      {
        workspaceId: ws,
        id: newId(),
        name: "3",
        accountId: inside2,
        amount: 7_000,
        stage: "proposal",
        closeDate: "2026-12-31",
      },
      {
        workspaceId: ws,
        id: newId(),
        name: "4",
        accountId: byHand,
        amount: 1_000,
        stage: "closed_won",
        closeDate: "2026-01-31",
      },
    ]);
    const numbers = (await t.as(rep).get("/api/abm/segment-numbers")).json().items;
    expect(numbers).toEqual([
      { segmentId, accounts: 3, targetAccounts: 0, pipeline: 23_000, revenue: 11_000, openOpportunities: 1 },
    ]);
    const members = (await t.as(rep).get(`/api/segments/${segmentId}/accounts?limit=2`)).json();
    expect(members.total).toBe(3);
    expect(members.items.map((a: { name: string }) => a.name)).toEqual(["In", "In too"]);
    const unknown = await t
      .as(marketingLead)
      .patch(`/api/segments/${segmentId}`, { propertyFilters: { tier: "a" } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details[0].path).toBe("propertyFilters.tier");
    expect((await t.as(t.cast.outsider).get(`/api/segments/${segmentId}/accounts`)).statusCode).toBe(404);
    expect((await t.as(t.cast.outsider).get("/api/abm/segment-numbers")).json().items).toEqual([]);
  });
});

describe("segment criteria on custom properties", () => {
  it("match a value, a number or date range (bounds included) and any of a list; refuse what cannot work", async () => {
    const { rep, marketingLead, admin } = t.cast;
    const ws = rep.workspaceId;
    const define = async (body: object) => {
      const response = await t.as(admin).post("/api/properties", { objectType: "accounts", ...body });
      expect(response.statusCode, response.body).toBe(201);
    };
    await define({ apiName: "seats", label: "Seats", type: "number" });
    await define({ apiName: "renewal", label: "Renewal", type: "date" });
    await define({
      apiName: "edition",
      label: "Edition",
      type: "one_of",
      options: ["free", "pro", "enterprise"],
    });
    await define({
      apiName: "channels",
      label: "Channels",
      type: "many_of",
      options: ["email", "phone", "events"],
    });
    await define({ apiName: "managed", label: "Managed", type: "boolean" });
    const criteria = {
      seats: { min: 10, max: 100 },
      renewal: { min: "2026-01-01" },
      edition: { anyOf: ["pro", "enterprise"] },
      channels: { anyOf: ["events"] },
      managed: true,
    };
    const created = await t
      .as(marketingLead)
      .post("/api/segments", { name: "Event-led", propertyFilters: criteria });
    expect(created.statusCode, created.body).toBe(201);
    const segmentId = created.json().id;
    expect(created.json().propertyFilters).toEqual(criteria);
    const fits = {
      seats: 50,
      renewal: "2026-06-01",
      edition: "pro",
      channels: ["email", "events"],
      managed: true,
    };
    await addAccount(ws, { name: "Fits", properties: fits });
    await addAccount(ws, {
      name: "On the bounds",
      properties: {
        seats: 100,
        renewal: "2026-01-01",
        edition: "enterprise",
        channels: ["events"],
        managed: true,
      },
    });
    await addAccount(ws, { name: "Too few seats", properties: { ...fits, seats: 9 } });
    await addAccount(ws, { name: "Renews too early", properties: { ...fits, renewal: "2025-12-31" } });
    await addAccount(ws, { name: "Free plan", properties: { ...fits, edition: "free" } });
    await addAccount(ws, { name: "No events", properties: { ...fits, channels: ["email", "phone"] } });
    await addAccount(ws, { name: "Not managed", properties: { ...fits, managed: false } });
    const { seats: _, ...noSeats } = fits;
    await addAccount(ws, { name: "Seats unknown", properties: noSeats });
    const members = (await t.as(rep).get(`/api/segments/${segmentId}/accounts`)).json();
    expect(members.items.map((a: { name: string }) => a.name).sort()).toEqual(["Fits", "On the bounds"]);
    expect(members.total).toBe(2);

    // What cannot work is a 400 naming the criterion, and the segment keeps its criteria.
    const refused = async (propertyFilters: object, message: string) => {
      const response = await t.as(marketingLead).patch(`/api/segments/${segmentId}`, { propertyFilters });
      expect(response.statusCode, response.body).toBe(400);
      const [detail] = response.json().error.details;
      expect(detail.path).toBe(`propertyFilters.${Object.keys(propertyFilters)[0]}`);
      expect(detail.message).toContain(message);
    };
    await refused({ seats: { anyOf: [1, 2] } }, "ask for a range");
    await refused({ edition: { min: "a" } }, "no range");
    await refused({ seats: { min: 100, max: 10 } }, "minimum is above the maximum");
    await refused({ renewal: { max: "31/12/2026" } }, "a date like 2026-01-31");
    await refused({ edition: { anyOf: ["gold"] } }, "must be one of");
    await refused({ channels: "events" }, "ask for any of its options");
    await refused({ seats: {} }, "needs a minimum or a maximum");
    const kept = (await t.as(rep).get(`/api/segments/${segmentId}`)).json();
    expect(kept.propertyFilters).toEqual(criteria);
  });
});

describe("account timeline", () => {
  it("shows both teams' touches across all the account's contacts, newest first, paged", async () => {
    const { rep } = t.cast;
    const ws = rep.workspaceId;
    const initech = await addAccount(ws);
    const ann = await addContact(ws, initech, { firstName: "Ann" });
    const ben = await addContact(ws, initech, { firstName: "Ben" });
    await addTouches(ws, ann, "webinar", [3]);
    await addTouches(ws, ben, "meeting", [1], { accountId: initech });
    await addTouches(ws, null, "ad_click", [2], { accountId: initech });
    const other = await addAccount(ws, { name: "Other" });
    await addTouches(ws, await addContact(ws, other), "webinar", [1]);
    const first = (await t.as(rep).get(`/api/accounts/${initech}/timeline?limit=2`)).json();
    expect(first.items.map((i: { type: string; team: string }) => [i.type, i.team])).toEqual([
      ["meeting", "sales"],
      ["ad_click", "marketing"],
    ]);
    const second = (
      await t.as(rep).get(`/api/accounts/${initech}/timeline?limit=2&cursor=${first.nextCursor}`)
    ).json();
    expect(second.items.map((i: { contactName: string }) => i.contactName)).toEqual(["Ann"]);
    expect(second.nextCursor).toBeNull();
    const sales = (await t.as(rep).get(`/api/accounts/${initech}/timeline?team=sales`)).json();
    expect(sales.items).toHaveLength(1);
    expect((await t.as(rep).get(`/api/accounts/${initech}/timeline?cursor=nope`)).statusCode).toBe(400);
  });
});
