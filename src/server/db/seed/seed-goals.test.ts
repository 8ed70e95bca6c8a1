// The demo's goals tell the funnel's story: this quarter's target is last quarter's won revenue plus 15%,
// its plan works back through the funnel's own measured rates, marketing's MQL goal is the SLA's commitment,
// the shared win waits for both teams, the wall thanks the marketers behind recent wins, and the pulse of
// ended months is shown.
import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { seedReducedDemo } from "../../testing/demo-workspace.js";
import { joinWorkspace, setupTestApp } from "../../testing/harness.js";
import { queryRows } from "../client.js";

// The API measures with the real clock: the seed's "now" is today.
const NOW = new Date();
const ZONE = "America/New_York";
const quarterStart = DateTime.fromJSDate(NOW, { zone: ZONE }).startOf("quarter");
const QUARTER = `${quarterStart.year}-Q${quarterStart.quarter}`;
const LAST = { start: quarterStart.minus({ months: 3 }).toUTC().toISO(), end: quarterStart.toUTC().toISO() };
const t = setupTestApp();

describe("the demo's goals", () => {
  it("agree with the funnel, the SLA and the deals", async () => {
    const db = t.database.db;
    const { workspaceId } = await seedReducedDemo(db, NOW);
    const admin = await joinWorkspace(t.database, t.users.admin, workspaceId, "revenue", "admin");
    const get = async (url: string) => {
      const response = await t.as(admin).get(url);
      expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
      return response.json();
    };
    // Last quarter (in New York) won, plus 15%, to $10,000.
    const [won] = await queryRows<{ n: number }>(
      db,
      sql`select coalesce(sum(amount), 0)::float8 as n from opportunities
          where workspace_id = ${workspaceId} and stage = 'closed_won' and archived_at is null
            and coalesce(closed_at, close_date::timestamp at time zone ${ZONE}) >= ${LAST.start}::timestamptz
            and coalesce(closed_at, close_date::timestamp at time zone ${ZONE}) < ${LAST.end}::timestamptz`,
    );
    expect(won.n).toBeGreaterThan(0);
    const targets = await get("/api/targets");
    expect(targets.items).toHaveLength(1);
    expect(targets.items[0]).toMatchObject({
      period: QUARTER,
      amount: Math.round((won.n * 1.15) / 10_000) * 10_000,
    });

    // The plan's rates are the funnel's numbers for the cohorts it names.
    const plan = await get(`/api/targets/${QUARTER}/plan`);
    const funnel = await get(`/api/reports/funnel?from=${plan.cohorts.from}&to=${plan.cohorts.to}`);
    for (const step of plan.steps) {
      const same = funnel.total.steps.find((s: { from: string }) => s.from === step.from);
      expect(step.measured, step.key).toEqual({
        converted: same.converted,
        of: same.of,
        rate: same.rate,
        judged: same.judged,
      });
    }
    expect(plan.verdict).not.toBe("unknown");

    // Marketing's MQL goal is the SLA's commitment for three months.
    const sla = await get("/api/sla");
    const goals = await get(`/api/goals?period=${QUARTER}`);
    const mqls = goals.items.find((g: { title: string }) => g.title === "Marketing team: MQLs");
    expect(mqls.target).toBe(sla.active.terms.marketing.mqlsPerMonth * 3);
    expect(goals.items.filter((g: { ownerKind: string }) => g.ownerKind === "pod").length).toBeGreaterThan(0);
    expect(goals.items.filter((g: { ownerKind: string }) => g.ownerKind === "member").length).toBeGreaterThan(
      0,
    );

    const cockpit = await get("/api/cockpit/revenue-team");
    expect(cockpit.revenue.target.amount).toBe(targets.items[0].amount);
    expect(cockpit.sharedWins[0].state).not.toBe("celebrated");
    expect(cockpit.wall.items.length).toBeGreaterThan(0);
    expect(cockpit.wall.week.crossTeam).toBeGreaterThan(0);
    const kudos = (await get("/api/wall?limit=50")).items.filter(
      (p: { opportunity: unknown }) => p.opportunity,
    );
    expect(kudos.length).toBeGreaterThan(0);

    const health = await get("/api/alignment");
    expect(health.pulse.answers).toBeGreaterThanOrEqual(3);
    expect(health.current.index).not.toBeNull();
  }, 180_000);
});
