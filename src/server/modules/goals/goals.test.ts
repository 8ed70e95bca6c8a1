// Goals' progress and forecasts against a fixture counted by hand (Acme, Europe/Berlin, Q2 2026 seen at its
// midpoint, 16 May 2026 10:00 UTC: half the quarter has gone by), the roll-up member -> pod -> team ->
// revenue team, and the API: bad input, duplicates, roles and other workspaces.
import { describe, expect, it } from "vitest";
import type { Goal } from "../../../shared/goals.js";
import { campaigns, leadDecisions, podMembers, pods, touches } from "../../db/schema/index.js";
import { newId } from "../../lib/ids.js";
import { setupTestApp } from "../../testing/harness.js";
import { deal, people, person } from "./goal-fixtures.js";
import { createGoal, listGoals } from "./goals.service.js";
import { resolvePeriod } from "./periods.js";
import { progressOf } from "./progress.js";

const t = setupTestApp();
/** Half of Q2 2026 in Berlin: 1 April 00:00 +02:00 plus 45.5 days. */
const NOW = new Date("2026-05-16T10:00:00Z");

async function fixture() {
  const db = t.database.db;
  const ws = t.cast.admin.workspaceId;
  const { rep, salesLead, marketingLead } = t.cast;
  const webinar = newId();
  await db.insert(campaigns).values({
    workspaceId: ws,
    id: webinar,
    name: "Webinar",
    channel: "webinar",
    ownerMemberId: marketingLead.memberId,
  });
  const north = newId();
  await db.insert(pods).values({ workspaceId: ws, id: north, name: "North" });
  await db.insert(podMembers).values([
    { workspaceId: ws, podId: north, memberId: rep.memberId },
    { workspaceId: ws, podId: north, memberId: marketingLead.memberId },
  ]);
  // Won in Q2: A $30,000 (the rep's), B $10,000 (the sales lead's). C $50,000 was won in March.
  await deal(db, ws, {
    amount: 30_000,
    stage: "closed_won",
    closeDate: "2026-04-10",
    closedAt: "2026-04-10T10:00:00Z",
    createdAt: "2026-04-01T10:00:00Z",
    ownerMemberId: rep.memberId,
  });
  await deal(db, ws, {
    amount: 10_000,
    stage: "closed_won",
    closeDate: "2026-05-02",
    closedAt: "2026-05-02T10:00:00Z",
    createdAt: "2026-03-15T10:00:00Z",
    ownerMemberId: salesLead.memberId,
  });
  await deal(db, ws, {
    amount: 50_000,
    stage: "closed_won",
    closeDate: "2026-03-20",
    closedAt: "2026-03-20T10:00:00Z",
    createdAt: "2026-02-01T10:00:00Z",
    ownerMemberId: rep.memberId,
  });
  // Open, closing in Q2: D $20,000 discovery (pipeline, the rep's), E $40,000 proposal (best case, the sales
  // lead's), F $60,000 negotiation (commit, sourced by the marketing lead's webinar).
  await deal(db, ws, {
    amount: 20_000,
    stage: "discovery",
    closeDate: "2026-06-20",
    createdAt: "2026-04-05T10:00:00Z",
    ownerMemberId: rep.memberId,
  });
  await deal(db, ws, {
    amount: 40_000,
    stage: "proposal",
    closeDate: "2026-06-25",
    createdAt: "2026-04-20T10:00:00Z",
    ownerMemberId: salesLead.memberId,
  });
  await deal(db, ws, {
    amount: 60_000,
    stage: "negotiation",
    closeDate: "2026-05-30",
    createdAt: "2026-05-01T10:00:00Z",
    sourceCampaignId: webinar,
  });
  // Lost in Q2 (created in February) and open but closing in July (created in May): not revenue; H is pipeline.
  await deal(db, ws, {
    amount: 99_000,
    stage: "closed_lost",
    closeDate: "2026-04-15",
    closedAt: "2026-04-15T10:00:00Z",
    createdAt: "2026-02-01T10:00:00Z",
    history: [
      ["discovery", "2026-02-01T10:00:00Z"],
      ["proposal", "2026-03-01T10:00:00Z"],
      ["closed_lost", "2026-04-15T10:00:00Z"],
    ],
  });
  // Lost in March after reaching negotiation. With G and the three won deals: discovery, qualification and
  // proposal were reached by 5 closed deals, 3 of them won (60%); negotiation by 4, 3 won (75%).
  await deal(db, ws, {
    amount: 5_000,
    stage: "closed_lost",
    closeDate: "2026-03-10",
    closedAt: "2026-03-10T10:00:00Z",
    createdAt: "2026-01-10T10:00:00Z",
    history: [
      ["discovery", "2026-01-10T10:00:00Z"],
      ["negotiation", "2026-02-20T10:00:00Z"],
      ["closed_lost", "2026-03-10T10:00:00Z"],
    ],
  });
  await deal(db, ws, {
    amount: 70_000,
    stage: "discovery",
    closeDate: "2026-07-15",
    createdAt: "2026-05-10T10:00:00Z",
  });
  await deal(db, t.cast.outsider.workspaceId, {
    amount: 500_000,
    stage: "closed_won",
    closeDate: "2026-04-10",
    createdAt: "2026-04-01T10:00:00Z",
  });
  // The measured opportunity-to-won rate: 4 contacts reached opportunity in January, 1 of them won: 25%.
  const early: ["lead" | "mql" | "sal" | "sql" | "opportunity", string][] = [
    ["lead", "2026-01-05T10:00:00Z"],
    ["mql", "2026-01-06T10:00:00Z"],
    ["sal", "2026-01-07T10:00:00Z"],
    ["sql", "2026-01-08T10:00:00Z"],
    ["opportunity", "2026-01-10T10:00:00Z"],
  ];
  await people(db, ws, 3, early);
  await person(db, ws, [...early, ["customer", "2026-01-20T10:00:00Z"]]);
  // MQLs in Q2: three (one of them the rep's).
  await people(db, ws, 2, [
    ["lead", "2026-04-02T10:00:00Z"],
    ["mql", "2026-04-03T10:00:00Z"],
  ]);
  const repsMql = await person(
    db,
    ws,
    [
      ["lead", "2026-04-02T10:00:00Z"],
      ["mql", "2026-04-03T10:00:00Z"],
    ],
    {
      ownerMemberId: rep.memberId,
    },
  );
  // Sales' answers in Q2: 3 accepted, 1 rejected (75%, below the minimum sample of 20).
  await db.insert(leadDecisions).values(
    ["accepted", "accepted", "accepted", "rejected"].map((decision, i) => ({
      workspaceId: ws,
      id: newId(),
      contactId: repsMql,
      decision: decision as "accepted" | "rejected",
      outcome: decision === "accepted" ? "sal" : "recycled",
      memberId: rep.memberId,
      decidedAt: new Date(`2026-04-1${i}T10:00:00Z`),
    })),
  );
  // Touches: the rep's 5 calls in Q2 and 2 in March; the marketing lead's 3 email opens in Q2.
  const touch = (memberId: string, type: string, team: "sales" | "marketing", at: string) => ({
    workspaceId: ws,
    id: newId(),
    type,
    team,
    memberId,
    occurredAt: new Date(at),
    source: "api",
  });
  await db
    .insert(touches)
    .values([
      ...[1, 2, 3, 4, 5].map((d) => touch(rep.memberId, "call", "sales", `2026-04-0${d}T10:00:00Z`)),
      ...[1, 2].map((d) => touch(rep.memberId, "call", "sales", `2026-03-0${d}T10:00:00Z`)),
      ...[1, 2, 3].map((d) =>
        touch(marketingLead.memberId, "email_open", "marketing", `2026-05-0${d}T10:00:00Z`),
      ),
    ]);
  return { north, webinar };
}

const byTitle = (items: Goal[], title: string) => {
  const g = items.find((x) => x.title === title);
  if (!g) throw new Error(`no goal ${title} in ${items.map((x) => x.title).join(", ")}`);
  return g;
};

describe("progress and forecasts", () => {
  it("match the fixture counted by hand", async () => {
    const { north } = await fixture();
    const db = t.database.db;
    const { admin, rep, marketingLead } = t.cast;
    const goal = (input: Parameters<typeof createGoal>[2]) => createGoal(db, admin, input);
    await goal({ period: "2026-Q2", ownerKind: "revenue", metric: "revenue_won", target: 100_000, name: "" });
    await goal({
      period: "2026-Q2",
      ownerKind: "team",
      team: "sales",
      metric: "revenue_won",
      target: 90_000,
      name: "",
    });
    await goal({
      period: "2026-Q2",
      ownerKind: "pod",
      podId: north,
      metric: "revenue_won",
      target: 50_000,
      name: "",
    });
    await goal({
      period: "2026-Q2",
      ownerKind: "member",
      memberId: rep.memberId,
      metric: "revenue_won",
      target: 25_000,
      name: "",
    });
    await goal({
      period: "2026-Q2",
      ownerKind: "member",
      memberId: marketingLead.memberId,
      metric: "revenue_won",
      target: 10_000,
      name: "",
    });
    await goal({
      period: "2026-Q2",
      ownerKind: "revenue",
      metric: "pipeline_created",
      target: 300_000,
      name: "",
    });
    await goal({
      period: "2026-Q2",
      ownerKind: "team",
      team: "marketing",
      metric: "mqls",
      target: 4,
      name: "",
    });
    await goal({
      period: "2026-Q2",
      ownerKind: "member",
      memberId: rep.memberId,
      metric: "mqls",
      target: 1,
      name: "",
    });
    await goal({
      period: "2026-Q2",
      ownerKind: "team",
      team: "marketing",
      metric: "acceptance_rate",
      target: 0.5,
      name: "",
    });
    await goal({
      period: "2026-Q2",
      ownerKind: "member",
      memberId: rep.memberId,
      metric: "touches",
      target: 10,
      name: "",
    });
    await goal({
      period: "2026-Q2",
      ownerKind: "team",
      team: "sales",
      metric: "touches",
      target: 8,
      name: "",
    });
    await goal({
      period: "2026-Q2",
      ownerKind: "pod",
      podId: north,
      metric: "touches",
      target: 12,
      name: "",
    });

    const list = await listGoals(db, admin, "2026-Q2", NOW);
    expect(list.period).toMatchObject({
      period: "2026-Q2",
      from: "2026-04-01",
      to: "2026-07-01",
      elapsed: 0.5,
    });
    const { items } = list;

    // Revenue team: $40,000 won (A + B); at the run rate $80,000; open in Q2 $120,000, each deal weighted by
    // its stage's win rate: D $20,000 (discovery, 60%) + E $40,000 (proposal, 60%) + F $60,000 (negotiation,
    // 75%) = $12,000 + $24,000 + $45,000, so $40,000 + $81,000 = $121,000.
    const revenue = byTitle(items, "Revenue team: Revenue won");
    expect(revenue.progress).toMatchObject({
      actual: 40_000,
      share: 0.4,
      hit: false,
      runRate: 80_000,
      weighted: 121_000,
      forecast: 121_000,
    });
    expect(revenue.progress.stageRates).toEqual([
      { stage: "discovery", won: 3, of: 5, rate: 0.6, openAmount: 20_000, openDeals: 1, weighted: 12_000 },
      { stage: "qualification", won: 3, of: 5, rate: 0.6, openAmount: 0, openDeals: 0, weighted: 0 },
      { stage: "proposal", won: 3, of: 5, rate: 0.6, openAmount: 40_000, openDeals: 1, weighted: 24_000 },
      { stage: "negotiation", won: 3, of: 4, rate: 0.75, openAmount: 60_000, openDeals: 1, weighted: 45_000 },
    ]);
    expect(revenue.progress.categories).toEqual([
      { category: "pipeline", amount: 20_000, deals: 1 },
      { category: "best_case", amount: 40_000, deals: 1 },
      { category: "commit", amount: 60_000, deals: 1 },
      { category: "closed_won", amount: 40_000, deals: 2 },
    ]);
    // A team answers for the workspace's number.
    expect(byTitle(items, "Sales team: Revenue won").progress.actual).toBe(40_000);
    // The pod: the deals its members own (the rep's A and D; not F, which the webinar only sourced):
    // $30,000 won, $20,000 open in discovery: $30,000 + $12,000.
    expect(byTitle(items, "North: Revenue won").progress).toMatchObject({ actual: 30_000, weighted: 42_000 });
    // The rep: A won ($30,000, hit), D open: $30,000 + $12,000. The marketer: F in negotiation, sourced by
    // their webinar: $45,000.
    const repName = t.users.rep.name;
    expect(byTitle(items, `${repName}: Revenue won`).progress).toMatchObject({
      actual: 30_000,
      hit: true,
      runRate: 60_000,
      weighted: 42_000,
    });
    expect(byTitle(items, `${t.users.marketingLead.name}: Revenue won`).progress).toMatchObject({
      actual: 0,
      weighted: 45_000,
    });
    // Pipeline created in Q2: A, D, E, F, H = $220,000.
    expect(byTitle(items, "Revenue team: Pipeline created").progress).toMatchObject({
      actual: 220_000,
      runRate: 440_000,
      weighted: null,
    });
    // MQLs entering the stage in Q2: 3 of 4, at the run rate 6; the rep's own: 1, hit.
    expect(byTitle(items, "Marketing team: MQLs").progress).toMatchObject({
      actual: 3,
      share: 0.75,
      runRate: 6,
      hit: false,
    });
    expect(byTitle(items, `${repName}: MQLs`).progress).toMatchObject({ actual: 1, hit: true });
    // 75% accepted of 4 answers: above the target of 50%, but 4 < 20 is too few to judge, so not hit.
    expect(byTitle(items, "Marketing team: MQL acceptance rate").progress).toMatchObject({
      actual: 0.75,
      of: 4,
      judged: false,
      hit: false,
      forecast: 0.75,
    });
    // Touches: the rep's 5 in Q2 (run rate 10); the sales team's kind 5; the pod's members 5 + 3.
    expect(byTitle(items, `${repName}: Touches`).progress).toMatchObject({ actual: 5, runRate: 10 });
    expect(byTitle(items, "Sales team: Touches").progress.actual).toBe(5);
    expect(byTitle(items, "North: Touches").progress.actual).toBe(8);

    // The roll-up: rep -> North -> sales team -> revenue team, with the children's targets and actuals.
    const id = (title: string) => byTitle(items, title).id;
    expect(byTitle(items, `${repName}: Revenue won`).parentId).toBe(id("North: Revenue won"));
    expect(byTitle(items, "North: Revenue won").parentId).toBe(id("Sales team: Revenue won"));
    expect(byTitle(items, "Sales team: Revenue won").parentId).toBe(id("Revenue team: Revenue won"));
    expect(byTitle(items, "North: Revenue won").children).toEqual({
      count: 2,
      target: 35_000,
      actual: 30_000,
    });
    expect(byTitle(items, "Revenue team: Revenue won").children).toEqual({
      count: 1,
      target: 90_000,
      actual: 40_000,
    });
    expect(byTitle(items, `${repName}: MQLs`).parentId).toBe(id("Marketing team: MQLs"));
  });

  it("leaves the weighted forecast unknown while a stage holding open deals has no measured rate", () => {
    const period = resolvePeriod("2026-Q2", "Europe/Berlin");
    const open = { amount: 0, deals: 0 };
    const deals = {
      won: 10_000,
      wonDeals: 1,
      created: 0,
      open: {
        discovery: { amount: 8_000, deals: 2 },
        qualification: open,
        proposal: open,
        negotiation: open,
      },
    };
    const rates = (discovery: number) =>
      (["discovery", "qualification", "proposal", "negotiation"] as const).map((stage) => ({
        stage,
        won: stage === "discovery" ? discovery : 0,
        of: stage === "discovery" ? 4 : 0,
        rate: stage === "discovery" ? discovery / 4 : null,
      }));
    // Discovery measured (1 of 4): $10,000 + $8,000 × 25%; the empty stages need no rate.
    const measured = progressOf(
      "revenue_won",
      50_000,
      { value: 10_000, of: null },
      deals,
      rates(1),
      period,
      20,
      NOW,
    );
    expect(measured).toMatchObject({ weighted: 12_000, forecast: 12_000, runRate: 20_000 });
    // No closed deal ever reached discovery: the forecast falls back to the run rate.
    const unmeasured = progressOf(
      "revenue_won",
      50_000,
      { value: 10_000, of: null },
      deals,
      rates(1).map((r) => ({ ...r, won: 0, of: 0, rate: null })),
      period,
      20,
      NOW,
    );
    expect(unmeasured).toMatchObject({ weighted: null, forecast: 20_000 });
    expect(unmeasured.stageRates?.[0]).toMatchObject({ stage: "discovery", rate: null, weighted: null });
  });

  it("forecasts a finished period as what happened, and a period not begun as nothing yet", async () => {
    await fixture();
    const db = t.database.db;
    await createGoal(db, t.cast.admin, {
      period: "2026-04",
      ownerKind: "revenue",
      metric: "revenue_won",
      target: 20_000,
      name: "",
    });
    await createGoal(db, t.cast.admin, {
      period: "2026-07",
      ownerKind: "revenue",
      metric: "mqls",
      target: 20,
      name: "",
    });
    const april = await listGoals(db, t.cast.admin, "2026-04", NOW);
    expect(april.items[0].progress).toMatchObject({
      actual: 30_000,
      hit: true,
      runRate: 30_000,
      forecast: 30_000,
    });
    const july = await listGoals(db, t.cast.admin, "2026-07", NOW);
    expect(july.period.elapsed).toBe(0);
    expect(july.items[0].progress).toMatchObject({ actual: 0, runRate: null, forecast: null });
  });
});

describe("goals over the API", () => {
  it("creates, reads, changes and removes a goal (leads and admins; audited)", async () => {
    const created = await t.as(t.cast.marketingLead).post("/api/goals", {
      period: "2026-Q3",
      ownerKind: "team",
      team: "marketing",
      metric: "mqls",
      target: 120,
    });
    expect(created.statusCode).toBe(200);
    const goal = created.json();
    expect(goal).toMatchObject({
      title: "Marketing team: MQLs",
      side: "marketing",
      unit: "count",
      target: 120,
      period: "2026-Q3",
    });
    expect((await t.as(t.cast.rep).get(`/api/goals?period=2026-Q3`)).json().items).toHaveLength(1);
    const changed = await t
      .as(t.cast.salesLead)
      .patch(`/api/goals/${goal.id}`, { target: 150, name: "Q3 MQLs" });
    expect(changed.json()).toMatchObject({ target: 150, title: "Marketing team: Q3 MQLs" });
    const audit = await t.as(t.cast.admin).get("/api/audit?entityType=goal");
    expect(
      audit
        .json()
        .items.map((e: { action: string }) => e.action)
        .sort(),
    ).toEqual(["goal.created", "goal.updated"]);
    expect((await t.as(t.cast.admin).delete(`/api/goals/${goal.id}`)).statusCode).toBe(200);
    expect((await t.as(t.cast.rep).get(`/api/goals?period=2026-Q3`)).json().items).toEqual([]);
    expect((await t.as(t.cast.rep).get(`/api/goals/${goal.id}`)).statusCode).toBe(404);
  });

  it("refuses bad input naming the field, and writes nothing", async () => {
    const post = (body: object) => t.as(t.cast.admin).post("/api/goals", body);
    const cases: [object, string][] = [
      [{ period: "2026-Q3", ownerKind: "pod", metric: "mqls", target: 5 }, "podId"],
      [{ period: "2026-Q3", ownerKind: "revenue", team: "sales", metric: "mqls", target: 5 }, "team"],
      [{ period: "2026-Q3", ownerKind: "revenue", metric: "acceptance_rate", target: 75 }, "target"],
      [{ period: "2026-Q3", ownerKind: "revenue", metric: "mqls", target: 2.5 }, "target"],
      [{ period: "2026-Q3", ownerKind: "revenue", metric: "happiness", target: 5 }, "metric"],
      [{ period: "Q3", ownerKind: "revenue", metric: "mqls", target: 5 }, "period"],
      [
        {
          period: "2026-Q3",
          ownerKind: "member",
          memberId: t.cast.outsider.memberId,
          metric: "mqls",
          target: 5,
        },
        "memberId",
      ],
      [{ period: "2026-Q3", ownerKind: "pod", podId: newId(), metric: "mqls", target: 5 }, "podId"],
    ];
    for (const [body, field] of cases) {
      const res = await post(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.json().error.details ?? res.json().error.message)).toContain(field);
    }
    expect((await t.as(t.cast.admin).get("/api/goals?period=2026-Q3")).json().items).toEqual([]);
    const ok = await post({ period: "2026-Q3", ownerKind: "revenue", metric: "mqls", target: 5 });
    expect(ok.statusCode).toBe(200);
    // One goal per owner, metric and period.
    expect(
      (await post({ period: "2026-Q3", ownerKind: "revenue", metric: "mqls", target: 9 })).statusCode,
    ).toBe(409);
    const patch = await t.as(t.cast.admin).patch(`/api/goals/${ok.json().id}`, { target: 0.5 });
    expect(patch.statusCode).toBe(400);
    expect((await t.as(t.cast.admin).get(`/api/goals/${ok.json().id}`)).json().target).toBe(5);
  });

  it("keeps members from setting goals and other workspaces out", async () => {
    const body = { period: "2026-Q3", ownerKind: "revenue", metric: "mqls", target: 5 };
    expect((await t.as(t.cast.rep).post("/api/goals", body)).statusCode).toBe(403);
    const id = (await t.as(t.cast.admin).post("/api/goals", body)).json().id;
    expect((await t.as(t.cast.rep).patch(`/api/goals/${id}`, { target: 6 })).statusCode).toBe(403);
    expect((await t.as(t.cast.rep).delete(`/api/goals/${id}`)).statusCode).toBe(403);
    expect((await t.as(t.cast.outsider).get("/api/goals?period=2026-Q3")).json().items).toEqual([]);
    expect((await t.as(t.cast.outsider).get(`/api/goals/${id}`)).statusCode).toBe(404);
    expect((await t.as(t.cast.outsider).patch(`/api/goals/${id}`, { target: 6 })).statusCode).toBe(404);
    expect((await t.as(t.cast.rep).get(`/api/goals/${id}`)).json().target).toBe(5);
  });
});
