// "Everybody must win or there's no party": a shared win links goals of both teams and is celebrated (a
// post on the wall, a notification to everyone) exactly when all of them are hit; each side hitting alone
// is "half way", and a second check never celebrates twice. Plus the API's rules for linking goals.
import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { queryRows } from "../../db/client.js";
import { newId } from "../../lib/ids.js";
import { setupTestApp } from "../../testing/harness.js";
import { deal, people } from "./goal-fixtures.js";
import { createGoal } from "./goals.service.js";
import { celebrateIfWon, createSharedWin, getSharedWin } from "./shared-wins.service.js";

const t = setupTestApp();
const NOW = new Date("2026-05-16T10:00:00Z");

/** Marketing: 2 MQLs in Q2; sales: $30,000 won in Q2 (the rep's $20,000 in it); linked into one win. */
async function win() {
  const db = t.database.db;
  const { admin, rep } = t.cast;
  const mqls = await createGoal(db, admin, {
    period: "2026-Q2",
    ownerKind: "team",
    team: "marketing",
    metric: "mqls",
    target: 2,
    name: "",
  });
  const revenue = await createGoal(db, admin, {
    period: "2026-Q2",
    ownerKind: "team",
    team: "sales",
    metric: "revenue_won",
    target: 30_000,
    name: "",
  });
  const repRevenue = await createGoal(db, admin, {
    period: "2026-Q2",
    ownerKind: "member",
    memberId: rep.memberId,
    metric: "revenue_won",
    target: 20_000,
    name: "",
  });
  const shared = await createSharedWin(
    db,
    admin,
    { name: "Q2 together", goalIds: [mqls.id, revenue.id, repRevenue.id] },
    NOW,
  );
  return shared.id;
}

const marketingHits = () =>
  people(t.database.db, t.cast.admin.workspaceId, 2, [
    ["lead", "2026-04-02T10:00:00Z"],
    ["mql", "2026-04-03T10:00:00Z"],
  ]);
const salesHits = async () => {
  const ws = t.cast.admin.workspaceId;
  await deal(t.database.db, ws, {
    amount: 20_000,
    stage: "closed_won",
    closeDate: "2026-04-20",
    closedAt: "2026-04-20T10:00:00Z",
    ownerMemberId: t.cast.rep.memberId,
  });
  await deal(t.database.db, ws, {
    amount: 10_000,
    stage: "closed_won",
    closeDate: "2026-05-02",
    closedAt: "2026-05-02T10:00:00Z",
  });
};

async function party() {
  const ws = t.cast.admin.workspaceId;
  const [posts] = await queryRows<{ n: number }>(
    t.database.db,
    sql`select count(*)::int as n from wall_posts where workspace_id = ${ws} and kind = 'celebration'`,
  );
  const told = await queryRows<{ memberId: string }>(
    t.database.db,
    sql`select member_id as "memberId" from notifications where kind = 'goal.shared_win'`,
  );
  return { posts: posts.n, told: told.map((r) => r.memberId).sort() };
}

describe("the celebration", () => {
  it("does not fire when only marketing hits its goals: half way, waiting for sales", async () => {
    const id = await win();
    await marketingHits();
    expect(await celebrateIfWon(t.database.db, t.cast.admin.workspaceId, NOW)).toEqual([]);
    const state = await getSharedWin(t.database.db, t.cast.rep, id, NOW);
    expect(state.state).toBe("half_way");
    expect(state.waitingFor.map((g) => g.title)).toEqual([
      "Sales team: Revenue won",
      `${t.users.rep.name}: Revenue won`,
    ]);
    expect(state.summary).toBe(
      `Half way: marketing's goals are hit; waiting for Sales team: Revenue won, ${t.users.rep.name}: Revenue won`,
    );
    expect(await party()).toEqual({ posts: 0, told: [] });
  });

  it("does not fire when only sales hits its goals: half way, waiting for marketing", async () => {
    const id = await win();
    await salesHits();
    expect(await celebrateIfWon(t.database.db, t.cast.admin.workspaceId, NOW)).toEqual([]);
    const state = await getSharedWin(t.database.db, t.cast.rep, id, NOW);
    expect(state.state).toBe("half_way");
    expect(state.summary).toBe("Half way: sales' goals are hit; waiting for Marketing team: MQLs");
    expect(await party()).toEqual({ posts: 0, told: [] });
  });

  it("does not fire when one goal of a side is still short", async () => {
    const id = await win();
    await marketingHits();
    // $10,000 won, none of it the rep's: the sales team is short and so is the rep.
    await deal(t.database.db, t.cast.admin.workspaceId, {
      amount: 10_000,
      stage: "closed_won",
      closeDate: "2026-05-02",
      closedAt: "2026-05-02T10:00:00Z",
    });
    expect(await celebrateIfWon(t.database.db, t.cast.admin.workspaceId, NOW)).toEqual([]);
    expect((await getSharedWin(t.database.db, t.cast.rep, id, NOW)).state).toBe("half_way");
    expect(await party()).toEqual({ posts: 0, told: [] });
  });

  it("fires once every linked goal of both teams is hit: a wall post and everyone told, once", async () => {
    const id = await win();
    expect((await getSharedWin(t.database.db, t.cast.rep, id, NOW)).state).toBe("open");
    await marketingHits();
    await salesHits();
    expect(await celebrateIfWon(t.database.db, t.cast.admin.workspaceId, NOW)).toEqual([id]);
    const everyone = [t.cast.admin, t.cast.marketingLead, t.cast.salesLead, t.cast.rep]
      .map((m) => m.memberId)
      .sort();
    expect(await party()).toEqual({ posts: 1, told: everyone });
    const state = await getSharedWin(t.database.db, t.cast.rep, id, NOW);
    expect(state).toMatchObject({ state: "celebrated", celebratedAt: NOW.toISOString(), waitingFor: [] });
    // A second sweep (or a second server) finds it celebrated.
    expect(await celebrateIfWon(t.database.db, t.cast.admin.workspaceId, NOW)).toEqual([]);
    expect(await party()).toEqual({ posts: 1, told: everyone });
    const wall = (await t.as(t.cast.rep).get("/api/wall")).json();
    expect(wall.items[0]).toMatchObject({ kind: "celebration", sharedWinId: id, crossTeam: true });
    expect(wall.items[0].message).toMatch(/Q2 together \(Q2 2026\): every linked goal of both teams is hit/);
  });
});

describe("shared wins over the API", () => {
  /** Goals of this month (the API computes with the real clock). */
  async function thisMonth() {
    const period = DateTime.now().setZone("Europe/Berlin").toFormat("yyyy-MM");
    const post = (body: object) => t.as(t.cast.admin).post("/api/goals", { period, ...body });
    const pipeline = (
      await post({ ownerKind: "team", team: "marketing", metric: "pipeline_created", target: 1000 })
    ).json();
    const revenue = (
      await post({ ownerKind: "team", team: "sales", metric: "revenue_won", target: 1000 })
    ).json();
    const mqls = (await post({ ownerKind: "team", team: "marketing", metric: "mqls", target: 5 })).json();
    return { period, pipeline, revenue, mqls };
  }

  it("links goals of both teams and celebrates at once when they are already hit", async () => {
    const { pipeline, revenue } = await thisMonth();
    await deal(t.database.db, t.cast.admin.workspaceId, {
      amount: 5000,
      stage: "closed_won",
      closeDate: DateTime.now().setZone("Europe/Berlin").toISODate() as string,
      closedAt: new Date().toISOString(),
    });
    const res = await t
      .as(t.cast.salesLead)
      .post("/api/shared-wins", { name: "Month one", goalIds: [pipeline.id, revenue.id] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: "Month one", state: "celebrated" });
    const list = await t.as(t.cast.rep).get(`/api/shared-wins?period=${pipeline.period}`);
    expect(list.json().items).toHaveLength(1);
    // A linked goal cannot be removed, a celebrated win's goals cannot change.
    expect((await t.as(t.cast.admin).delete(`/api/goals/${revenue.id}`)).statusCode).toBe(409);
    const relink = await t
      .as(t.cast.admin)
      .patch(`/api/shared-wins/${res.json().id}`, { goalIds: [revenue.id, pipeline.id] });
    expect(relink.statusCode).toBe(409);
  });

  it("refuses one-sided, foreign, mixed-period and taken goals, and writes nothing", async () => {
    const { pipeline, revenue, mqls } = await thisMonth();
    const post = (goalIds: string[]) => t.as(t.cast.admin).post("/api/shared-wins", { name: "Win", goalIds });
    const oneSided = await post([pipeline.id, mqls.id]);
    expect(oneSided.statusCode).toBe(400);
    expect(oneSided.json().error.message).toMatch(/goalIds: a shared win links goals of both teams/);
    expect((await post([pipeline.id, newId()])).statusCode).toBe(400);
    const other = await t
      .as(t.cast.admin)
      .post("/api/goals", { period: "2020-01", ownerKind: "team", team: "sales", metric: "sqls", target: 5 });
    const mixed = await post([pipeline.id, other.json().id]);
    expect(mixed.statusCode).toBe(400);
    expect(mixed.json().error.message).toMatch(/same period/);
    expect(
      (await t.as(t.cast.admin).post("/api/shared-wins", { name: "", goalIds: [pipeline.id, revenue.id] }))
        .statusCode,
    ).toBe(400);
    expect((await t.as(t.cast.admin).get(`/api/shared-wins?period=${pipeline.period}`)).json().items).toEqual(
      [],
    );
    expect((await post([pipeline.id, revenue.id])).statusCode).toBe(200);
    expect((await post([mqls.id, revenue.id])).statusCode).toBe(409);
  });

  it("keeps members from linking goals and other workspaces out", async () => {
    const { pipeline, revenue } = await thisMonth();
    expect(
      (await t.as(t.cast.rep).post("/api/shared-wins", { name: "W", goalIds: [pipeline.id, revenue.id] }))
        .statusCode,
    ).toBe(403);
    const outsider = await t
      .as(t.cast.outsider)
      .post("/api/shared-wins", { name: "W", goalIds: [pipeline.id, revenue.id] });
    expect(outsider.statusCode).toBe(400);
    const id = (
      await t.as(t.cast.admin).post("/api/shared-wins", { name: "W", goalIds: [pipeline.id, revenue.id] })
    ).json().id;
    expect((await t.as(t.cast.outsider).get(`/api/shared-wins/${id}`)).statusCode).toBe(404);
    expect((await t.as(t.cast.outsider).delete(`/api/shared-wins/${id}`)).statusCode).toBe(404);
    expect((await t.as(t.cast.rep).delete(`/api/shared-wins/${id}`)).statusCode).toBe(403);
    expect((await t.as(t.cast.admin).delete(`/api/shared-wins/${id}`)).statusCode).toBe(200);
    // Its goals stay, free to link again.
    expect((await t.as(t.cast.rep).get(`/api/goals/${revenue.id}`)).json().sharedWinId).toBeNull();
  });
});
