// The revenue target and its reverse funnel against a hand calculation: measured rates from a small funnel
// history (Acme, Europe/Berlin, "now" 15 June 2026, so the funnel's default lookback is 1 January to
// 16 June 2026), what-ifs, the proposal into an SLA draft both leads still sign, bad input and access.
import { describe, expect, it } from "vitest";
import { setupTestApp } from "../../testing/harness.js";
import { agreeSla } from "../../testing/sla-fixtures.js";
import { deal, people, plusDays } from "./goal-fixtures.js";
import { proposeCommitments, reverseFunnel, setTarget, targetPlan } from "./targets.service.js";

const t = setupTestApp();
const NOW = new Date("2026-06-15T12:00:00Z");

describe("the reverse funnel, by hand", () => {
  it("divides the target by the deal size, then each need by its step's rate, rounding up", () => {
    const stages = reverseFunnel({
      amount: 1_000_000,
      dealSize: 45_000,
      rates: { opportunityToWon: 0.3, sqlToOpportunity: 0.6, salToSql: 0.7, mqlToSal: 0.45, leadToMql: 0.2 },
      months: 3,
    });
    // 1,000,000 / 45,000 = 22.2 -> 23 won deals; 23 / 0.3 = 76.7 -> 77; 77 / 0.6 = 128.3 -> 129;
    // 129 / 0.7 = 184.3 -> 185; 185 / 0.45 = 411.1 -> 412; 412 / 0.2 = 2060.
    expect(stages.map((s) => [s.stage, s.needed, s.perMonth])).toEqual([
      ["customer", 23, 8],
      ["opportunity", 77, 26],
      ["sql", 129, 43],
      ["sal", 185, 62],
      ["mql", 412, 138],
      ["lead", 2060, 687],
    ]);
    expect(stages[1].calculation).toBe("23 won deals ÷ 30% opportunity to won = 77 opportunities");
    expect(stages[0].calculation).toBe("$1,000,000 target ÷ $45,000 average won deal = 23 won deals");
  });

  it("turns the opportunities (deals) into contacts before the SQL step", () => {
    const stages = reverseFunnel({
      amount: 1_000_000,
      dealSize: 45_000,
      rates: { opportunityToWon: 0.3, sqlToOpportunity: 0.6, salToSql: 0.7, mqlToSal: 0.45, leadToMql: 0.2 },
      months: 3,
      contactsPerOpportunity: 2,
    });
    // 23 won, 77 opportunities; 77 x 2 = 154 contacts / 0.6 = 256.7 -> 257 SQLs; 257 / 0.7 -> 368;
    // 368 / 0.45 -> 818; 818 / 0.2 = 4090.
    expect(stages.map((s) => s.needed)).toEqual([23, 77, 257, 368, 818, 4090]);
    expect(stages[2].calculation).toBe(
      "77 opportunities × 2 contacts each ÷ 60% SQL to opportunity = 257 SQLs",
    );
  });

  it("stops where a rate is missing and says what to enter", () => {
    const stages = reverseFunnel({
      amount: 100_000,
      dealSize: 10_000,
      rates: { opportunityToWon: 0.5, sqlToOpportunity: null, salToSql: 0.5, mqlToSal: 0.5, leadToMql: 0.5 },
      months: 1,
    });
    expect(stages.map((s) => s.needed)).toEqual([10, 20, null, null, null, null]);
    expect(stages[2].calculation).toMatch(/No SQL to opportunity rate measured yet/);
    expect(stages[3].calculation).toBe("Needs the SQLs first");
  });
});

/**
 * 20 leads in February; 10 become MQLs (2 days later they are SALs: 8 of them), 4 SQLs (3 days in SAL),
 * 2 opportunities (5 days in SQL), 1 customer (10 days as an opportunity). Rates: lead to MQL 10/20,
 * MQL to SAL 8/10, SAL to SQL 4/8, SQL to opportunity 2/4, opportunity to won 1/2. Two deals won in the
 * lookback: $20,000 and $30,000 (average $25,000); one won in 2025 ($90,000) is outside it.
 */
async function history() {
  const db = t.database.db;
  const ws = t.cast.admin.workspaceId;
  const lead = "2026-02-02T10:00:00Z";
  const mql = plusDays(lead, 1);
  const sal = plusDays(mql, 2);
  const sqlAt = plusDays(sal, 3);
  const opp = plusDays(sqlAt, 5);
  const won = plusDays(opp, 10);
  await people(db, ws, 10, [["lead", lead]]);
  await people(db, ws, 2, [
    ["lead", lead],
    ["mql", mql],
  ]);
  await people(db, ws, 4, [
    ["lead", lead],
    ["mql", mql],
    ["sal", sal],
  ]);
  await people(db, ws, 2, [
    ["lead", lead],
    ["mql", mql],
    ["sal", sal],
    ["sql", sqlAt],
  ]);
  await people(db, ws, 1, [
    ["lead", lead],
    ["mql", mql],
    ["sal", sal],
    ["sql", sqlAt],
    ["opportunity", opp],
  ]);
  await people(db, ws, 1, [
    ["lead", lead],
    ["mql", mql],
    ["sal", sal],
    ["sql", sqlAt],
    ["opportunity", opp],
    ["customer", won],
  ]);
  await deal(db, ws, {
    amount: 20_000,
    stage: "closed_won",
    closeDate: "2026-03-01",
    closedAt: "2026-03-01T10:00:00Z",
  });
  await deal(db, ws, { amount: 30_000, stage: "closed_won", closeDate: "2026-04-01" });
  await deal(db, ws, {
    amount: 90_000,
    stage: "closed_won",
    closeDate: "2025-11-01",
    closedAt: "2025-11-01T10:00:00Z",
  });
  // Another workspace's won deal never counts.
  await deal(db, t.cast.outsider.workspaceId, {
    amount: 1_000_000,
    stage: "closed_won",
    closeDate: "2026-03-01",
  });
}

describe("the plan from measured numbers", () => {
  it("matches the hand calculation: $300,000 in Q3 2026", async () => {
    await history();
    await setTarget(t.database.db, t.cast.admin, "2026-Q3", { amount: 300_000, note: "" });
    const plan = await targetPlan(t.database.db, t.cast.admin, "2026-Q3", {}, NOW);
    expect(plan.lookback).toMatchObject({ from: "2026-01-01", to: "2026-06-16" });
    // Rates from the cohorts old enough to have run their 20-day cycle: the twelve months before May.
    expect(plan.cohorts).toEqual({ from: "2025-05-01", to: "2026-05-01" });
    expect(plan.dealSize).toMatchObject({ measured: 25_000, deals: 2, used: 25_000, whatIf: false });
    expect(plan.steps.map((s) => [s.key, s.measured.converted, s.measured.of, s.used])).toEqual([
      ["opportunityToWon", 1, 2, 0.5],
      ["sqlToOpportunity", 2, 4, 0.5],
      ["salToSql", 4, 8, 0.5],
      ["mqlToSal", 8, 10, 0.8],
      ["leadToMql", 10, 20, 0.5],
    ]);
    // Below the minimum sample (20 without an SLA) a rate is used but carries no verdict.
    expect(plan.steps.find((s) => s.key === "leadToMql")?.measured.judged).toBe(true);
    expect(plan.steps.find((s) => s.key === "mqlToSal")?.measured.judged).toBe(false);
    // 300,000 / 25,000 = 12 won; 24 opportunities; 48 SQLs; 96 SALs; 96 / 0.8 = 120 MQLs; 240 leads.
    expect(plan.stages.map((s) => [s.stage, s.needed, s.perMonth])).toEqual([
      ["customer", 12, 4],
      ["opportunity", 24, 8],
      ["sql", 48, 16],
      ["sal", 96, 32],
      ["mql", 120, 40],
      ["lead", 240, 80],
    ]);
    // 24 opportunities x $25,000 = $600,000 of pipeline, in one quarter.
    expect(plan.pipeline).toEqual({ needed: 600_000, perQuarter: 600_000 });
    expect(plan.commitments).toEqual({
      mqlsPerMonth: 40,
      pipelinePerQuarter: 600_000,
      acceptedPerMonth: 32,
      opportunitiesPerMonth: 8,
    });
    // Median days in MQL (2), SAL (3), SQL (5), opportunity (10): MQLs of Q3's deals arrive 20 days earlier.
    expect(plan.cycleDays).toMatchObject({ measured: 20, used: 20 });
    expect(plan.mqlWindow).toEqual({ from: "2026-06-11", to: "2026-09-11" });
    // The pace: 10 MQLs entered over 166 days (5.45 months) = 1.8 a month, of 40 needed; 2 deals won = 0.4.
    expect(plan.stages.find((s) => s.stage === "mql")?.pacePerMonth).toBe(1.8);
    expect(plan.stages.find((s) => s.stage === "customer")?.pacePerMonth).toBe(0.4);
    expect(plan.verdict).toBe("short");
    // No deal was created in the lookback: one contact per opportunity.
    expect(plan.contactsPerOpportunity).toEqual({ measured: null, contacts: 2, deals: 0, used: 1 });
  });

  it("counts opportunities as deals: two contacts entered the stage for one deal created", async () => {
    await history();
    await deal(t.database.db, t.cast.admin.workspaceId, {
      amount: 25_000,
      stage: "discovery",
      closeDate: "2026-07-15",
      createdAt: "2026-03-01T10:00:00Z",
    });
    await setTarget(t.database.db, t.cast.admin, "2026-Q3", { amount: 300_000, note: "" });
    const plan = await targetPlan(t.database.db, t.cast.admin, "2026-Q3", {}, NOW);
    expect(plan.contactsPerOpportunity).toEqual({ measured: 2, contacts: 2, deals: 1, used: 2 });
    // 12 won; 24 opportunities; 24 x 2 = 48 contacts / 0.5 = 96 SQLs; 192 SALs; 240 MQLs; 480 leads.
    expect(plan.stages.map((s) => [s.stage, s.needed])).toEqual([
      ["customer", 12],
      ["opportunity", 24],
      ["sql", 96],
      ["sal", 192],
      ["mql", 240],
      ["lead", 480],
    ]);
    // The opportunities' pace is deals created: 1 over 5.45 months.
    expect(plan.stages.find((s) => s.stage === "opportunity")?.pacePerMonth).toBe(0.2);
    expect(plan.pipeline.needed).toBe(600_000);
  });

  it("recomputes every stage from a what-if rate, deal size or cycle", async () => {
    await history();
    await setTarget(t.database.db, t.cast.admin, "2026-Q3", { amount: 300_000, note: "" });
    const plan = await targetPlan(
      t.database.db,
      t.cast.admin,
      "2026-Q3",
      { mqlToSal: 0.5, dealSize: 30_000, cycleDays: 30 },
      NOW,
    );
    // 10 won; 20 opportunities; 40 SQLs; 80 SALs; 80 / 0.5 = 160 MQLs.
    expect(plan.stages.map((s) => s.needed)).toEqual([10, 20, 40, 80, 160, 320]);
    expect(plan.steps.find((s) => s.key === "mqlToSal")).toMatchObject({ used: 0.5, whatIf: true });
    expect(plan.dealSize).toMatchObject({ used: 30_000, whatIf: true });
    expect(plan.mqlWindow).toEqual({ from: "2026-06-01", to: "2026-09-01" });
  });

  it("proposes the numbers as SLA commitments in a draft both leads still have to sign", async () => {
    await history();
    await agreeSla(t.database.db, t.cast);
    await setTarget(t.database.db, t.cast.admin, "2026-Q3", { amount: 300_000, note: "" });
    const version = await proposeCommitments(t.database.db, t.cast.marketingLead, "2026-Q3", {}, NOW);
    expect(version.status).toBe("draft");
    expect(version.missingApprovals.sort()).toEqual(["marketing", "sales"]);
    expect(version.terms.marketing).toMatchObject({ mqlsPerMonth: 40, pipelinePerQuarter: 600_000 });
    expect(version.terms.sales).toMatchObject({ acceptedPerMonth: 32, opportunitiesPerMonth: 8 });
    expect(version.note).toMatch(/Q3 2026 revenue target of \$300,000/);
    // The version in force keeps its terms until both sign and a lead activates the draft.
    const live = await t.as(t.cast.rep).get("/api/sla");
    expect(live.json().active.terms.sales.acceptedPerMonth).toBeUndefined();
  });
});

describe("targets over the API", () => {
  it("sets, reads, changes and removes a target (leads and admins; audited)", async () => {
    const put = await t.as(t.cast.salesLead).put("/api/targets/2026-Q3", { amount: 500_000, note: "Plan" });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({
      period: "2026-Q3",
      kind: "quarter",
      from: "2026-07-01",
      to: "2026-10-01",
      amount: 500_000,
      label: "Q3 2026",
    });
    await t.as(t.cast.marketingLead).put("/api/targets/2026-Q3", { amount: 550_000 });
    await t.as(t.cast.admin).put("/api/targets/2026", { amount: 2_000_000 });
    const list = await t.as(t.cast.rep).get("/api/targets");
    expect(list.json().items.map((x: { period: string; amount: number }) => [x.period, x.amount])).toEqual([
      ["2026-Q3", 550_000],
      ["2026", 2_000_000],
    ]);
    const audit = await t.as(t.cast.admin).get("/api/audit?entityType=revenue_target");
    expect(
      audit
        .json()
        .items.map((e: { action: string }) => e.action)
        .sort(),
    ).toEqual(["target.changed", "target.set", "target.set"]);
    const del = await t.as(t.cast.admin).delete("/api/targets/2026-Q3");
    expect(del.statusCode).toBe(200);
    expect((await t.as(t.cast.rep).get("/api/targets")).json().items).toHaveLength(1);
  });

  it("plans with every input given as a what-if, for a period without a target", async () => {
    const res = await t
      .as(t.cast.rep)
      .get(
        "/api/targets/2026-07/plan?amount=100000&dealSize=10000&opportunityToWon=0.5&sqlToOpportunity=0.5&salToSql=0.5&mqlToSal=0.5&leadToMql=0.5&cycleDays=0",
      );
    expect(res.statusCode).toBe(200);
    const plan = res.json();
    expect(plan.target).toBeNull();
    expect(plan.stages.map((s: { needed: number }) => s.needed)).toEqual([10, 20, 40, 80, 160, 320]);
    expect(plan.mqlWindow).toEqual({ from: "2026-07-01", to: "2026-08-01" });
  });

  it("refuses bad input naming the field, and writes nothing", async () => {
    const bad = await t.as(t.cast.admin).put("/api/targets/2026-Q3", { amount: -5 });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toMatch(/amount/);
    const badPeriod = await t.as(t.cast.admin).put("/api/targets/2026-Q5", { amount: 5 });
    expect(badPeriod.statusCode).toBe(400);
    expect(JSON.stringify(badPeriod.json())).toMatch(/period/);
    const badRate = await t.as(t.cast.admin).get("/api/targets/2026-Q3/plan?amount=10&mqlToSal=1.5");
    expect(badRate.statusCode).toBe(400);
    expect(JSON.stringify(badRate.json())).toMatch(/mqlToSal/);
    expect((await t.as(t.cast.admin).get("/api/targets")).json().items).toEqual([]);
    // No target and no amount: nothing to plan.
    expect((await t.as(t.cast.admin).get("/api/targets/2026-Q3/plan")).statusCode).toBe(404);
    // An incomplete plan (no won deal to measure a size from) is not proposed.
    await t.as(t.cast.admin).put("/api/targets/2026-Q3", { amount: 100 });
    const propose = await t.as(t.cast.salesLead).post("/api/targets/2026-Q3/propose", {});
    expect(propose.statusCode).toBe(409);
    expect((await t.as(t.cast.admin).get("/api/sla")).json().versions).toEqual([]);
  });

  it("keeps members from setting targets and other workspaces out", async () => {
    expect((await t.as(t.cast.rep).put("/api/targets/2026-Q3", { amount: 5 })).statusCode).toBe(403);
    expect((await t.as(t.cast.rep).post("/api/targets/2026-Q3/propose", {})).statusCode).toBe(403);
    await t.as(t.cast.admin).put("/api/targets/2026-Q3", { amount: 500_000 });
    expect((await t.as(t.cast.outsider).get("/api/targets")).json().items).toEqual([]);
    expect((await t.as(t.cast.outsider).get("/api/targets/2026-Q3/plan")).statusCode).toBe(404);
    expect((await t.as(t.cast.outsider).delete("/api/targets/2026-Q3")).statusCode).toBe(404);
    expect((await t.as(t.cast.rep).get("/api/targets")).json().items).toHaveLength(1);
  });
});
