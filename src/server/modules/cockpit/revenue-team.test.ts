// The cockpit's revenue-team tiles: revenue against the target covering today, a leader's view (top goals,
// pods side by side) and a member's (their own goals first), the shared win's banner, the wall; another
// workspace sees none of it.
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { podMembers, pods } from "../../db/schema/index.js";
import { newId } from "../../lib/ids.js";
import { setupTestApp } from "../../testing/harness.js";
import { deal } from "../goals/goal-fixtures.js";
import { celebrateIfWon } from "../goals/shared-wins.service.js";

const t = setupTestApp();

async function story() {
  const db = t.database.db;
  const ws = t.cast.admin.workspaceId;
  const today = DateTime.now().setZone("Europe/Berlin");
  const quarter = `${today.year}-Q${today.quarter}`;
  const month = today.toFormat("yyyy-MM");
  const north = newId();
  const south = newId();
  await db.insert(pods).values([
    { workspaceId: ws, id: north, name: "North" },
    { workspaceId: ws, id: south, name: "South" },
  ]);
  await db.insert(podMembers).values({ workspaceId: ws, podId: north, memberId: t.cast.rep.memberId });
  await deal(db, ws, {
    amount: 25_000,
    stage: "closed_won",
    closeDate: today.toISODate() as string,
    closedAt: new Date().toISOString(),
    ownerMemberId: t.cast.rep.memberId,
  });
  const admin = t.as(t.cast.admin);
  await admin.put(`/api/targets/${quarter}`, { amount: 100_000 });
  const goal = async (body: object) => (await admin.post("/api/goals", { period: quarter, ...body })).json();
  await goal({ ownerKind: "revenue", metric: "revenue_won", target: 100_000 });
  const sales = await goal({ ownerKind: "team", team: "sales", metric: "revenue_won", target: 100_000 });
  const pipeline = await goal({
    ownerKind: "team",
    team: "marketing",
    metric: "pipeline_created",
    target: 10_000,
  });
  await goal({ ownerKind: "pod", podId: north, metric: "revenue_won", target: 60_000 });
  await goal({ ownerKind: "pod", podId: south, metric: "revenue_won", target: 40_000 });
  await goal({ ownerKind: "member", memberId: t.cast.rep.memberId, metric: "revenue_won", target: 20_000 });
  await goal({
    ownerKind: "member",
    memberId: t.cast.salesLead.memberId,
    metric: "revenue_won",
    target: 20_000,
  });
  return { quarter, month, sales, pipeline };
}

describe("the revenue-team tiles", () => {
  it("show a leader revenue against target, the top goals and every pod side by side", async () => {
    const { quarter } = await story();
    const res = await t.as(t.cast.admin).get("/api/cockpit/revenue-team");
    expect(res.statusCode).toBe(200);
    const c = res.json();
    expect(c.view).toBe("leader");
    expect(c.period.period).toBe(quarter);
    expect(c.revenue.target).toMatchObject({ period: quarter, amount: 100_000 });
    expect(c.revenue.progress).toMatchObject({ actual: 25_000, share: 0.25, hit: false });
    expect(c.goals.map((g: { title: string }) => g.title)).toEqual([
      "Revenue team: Revenue won",
      "Marketing team: Pipeline created",
      "Sales team: Revenue won",
    ]);
    expect(
      c.pods.map((p: { name: string; goals: { progress: { actual: number } }[] }) => [
        p.name,
        p.goals[0].progress.actual,
      ]),
    ).toEqual([
      ["North", 25_000],
      ["South", 0],
    ]);
    expect(c.goalCount).toEqual({ total: 7, hit: 2 });
  });

  it("put a member's own goals first, then their pod's and their team's", async () => {
    await story();
    const c = (await t.as(t.cast.rep).get("/api/cockpit/revenue-team")).json();
    expect(c.view).toBe("member");
    expect(c.goals.map((g: { title: string }) => g.title)).toEqual([
      `${t.users.rep.name}: Revenue won`,
      "North: Revenue won",
      "Sales team: Revenue won",
      "Revenue team: Revenue won",
      "Marketing team: Pipeline created",
    ]);
    expect(c.pods).toEqual([]);
  });

  it("carry the shared win's banner once it is celebrated, and the wall", async () => {
    const { sales, pipeline } = await story();
    // Pipeline created ($25,000 of $10,000) is hit; sales' revenue ($25,000 of $100,000) is not.
    const win = await t
      .as(t.cast.salesLead)
      .post("/api/shared-wins", { name: "Quarter together", goalIds: [sales.id, pipeline.id] });
    expect(win.json().state).toBe("half_way");
    let c = (await t.as(t.cast.rep).get("/api/cockpit/revenue-team")).json();
    expect(c.celebration).toBeNull();
    expect(c.sharedWins[0].summary).toBe(
      "Half way: marketing's goals are hit; waiting for Sales team: Revenue won",
    );
    await t.as(t.cast.admin).patch(`/api/goals/${sales.id}`, { target: 20_000 });
    await t
      .as(t.cast.marketingLead)
      .post("/api/wall/kudos", { toMemberId: t.cast.rep.memberId, message: "Big win" });
    // The sweep's check, as the next minute would run it.
    await celebrateIfWon(t.database.db, t.cast.admin.workspaceId);
    c = (await t.as(t.cast.rep).get("/api/cockpit/revenue-team")).json();
    expect(c.celebration).toMatchObject({ name: "Quarter together", state: "celebrated" });
    expect(c.wall.items.map((p: { kind: string }) => p.kind)).toEqual(["celebration", "kudos"]);
    expect(c.wall.week).toEqual({ kudos: 1, crossTeam: 1 });
  });

  it("show another workspace none of it", async () => {
    await story();
    const c = (await t.as(t.cast.outsider).get("/api/cockpit/revenue-team")).json();
    expect(c).toMatchObject({ revenue: null, goals: [], sharedWins: [], pods: [], wall: { items: [] } });
    expect((await t.as({ headers: {} }).get("/api/cockpit/revenue-team")).statusCode).toBe(401);
  });
});
