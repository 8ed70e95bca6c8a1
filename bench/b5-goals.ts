// B5G: the cockpit's revenue-team tiles (revenue against target with its forecast, goals, the shared win,
// pods side by side, the wall), the goals page and the target's reverse funnel through the API, signed in as
// the demo's revenue leader, against the dashboard-tile target. The demo seed sets the quarter's target, its
// goals, a shared win and kudos. The revenue tile's number is checked against hand-written SQL on the same
// data (won deals of the quarter), so the timing is of a tile that counts right.
import path from "node:path";
import { sql } from "drizzle-orm";
import { type Db, openDatabase, queryRows } from "../src/server/db/client.js";
import { DEMO, getJson, RUNS, type Timing, timeRuns, withLockstepServer } from "./http-timing.js";
import type { ResultRow } from "./report.js";
import { type BenchContext, createDatabase, fmt, log, seedDemoData, tempDir } from "./support.js";

interface RevenueCockpit {
  period: { period: string; from: string; to: string; timeZone: string };
  revenue: { progress: { actual: number } } | null;
  goalCount: { total: number };
}

export async function runB5Goals(ctx: BenchContext): Promise<ResultRow[]> {
  log(`B5G revenue-team tiles: seeding ${ctx.scale} data on ${ctx.engine}`);
  const { dir, remove } = tempDir(ctx, "b5g");
  const target = ctx.engine === "postgres" ? await createDatabase(ctx, "b5g") : undefined;
  const env = {
    LOCKSTEP_DATA_DIR: dir,
    DATABASE_URL: target?.url,
    LOG_LEVEL: "warn",
    LOCKSTEP_SEED_DEMO: "false",
  };
  try {
    await seedDemoData(ctx, env, target);
    const { tiles, goals, plan } = await withLockstepServer(ctx, env, async (base, cookie) => {
      const tiles = await timeRuns(() => getJson<RevenueCockpit>(base, cookie, "/api/cockpit/revenue-team"));
      log(
        `  GET /api/cockpit/revenue-team median ${fmt.ms(tiles.timing.median)}, p95 ${fmt.ms(tiles.timing.p95)}`,
      );
      const period = tiles.result.period.period;
      const goals = await timeRuns(() => getJson(base, cookie, `/api/goals?period=${period}`));
      log(`  GET /api/goals median ${fmt.ms(goals.timing.median)}, p95 ${fmt.ms(goals.timing.p95)}`);
      const plan = await timeRuns(() => getJson(base, cookie, `/api/targets/${period}/plan`));
      log(
        `  GET /api/targets/${period}/plan median ${fmt.ms(plan.timing.median)}, p95 ${fmt.ms(plan.timing.p95)}`,
      );
      return { tiles, goals, plan };
    });

    // The revenue tile's number by hand: the quarter's won deals, dated as attribution dates a win.
    const database = await openDatabase(
      target ? { url: target.url, poolSize: 2 } : { dataDir: path.join(dir, "pglite") },
    );
    let won = Number.NaN;
    try {
      const { from, to, timeZone } = tiles.result.period;
      const [row] = await queryRows<{ won: number }>(
        database.db as Db,
        sql`select coalesce(sum(o.amount), 0)::float8 as won from opportunities o
            join workspaces w on w.id = o.workspace_id
            join members m on m.workspace_id = w.id join users u on u.id = m.user_id and u.email = ${DEMO.email}
            where o.stage = 'closed_won' and o.archived_at is null
              and coalesce(o.closed_at, o.close_date::timestamp at time zone ${timeZone}) >= (${from}::timestamp at time zone ${timeZone})
              and coalesce(o.closed_at, o.close_date::timestamp at time zone ${timeZone}) < (${to}::timestamp at time zone ${timeZone})`,
      );
      won = row?.won ?? 0;
    } finally {
      await database.close();
    }
    const same = tiles.result.revenue !== null && Math.abs(tiles.result.revenue.progress.actual - won) < 0.01;
    const row = (name: string, t: Timing, limit: number, note: string): ResultRow => ({
      workload: `B5G ${name}`,
      engine: ctx.engine,
      scale: ctx.scale,
      ours: `p95 ${fmt.ms(t.p95)} (median ${fmt.ms(t.median)})`,
      baseline: "",
      ratio: "",
      target: `< ${limit} ms`,
      met: t.p95 < limit && same ? "yes" : "no",
      note: `${note} ${RUNS} runs after a warm-up. Revenue won equals hand-written SQL on the same data: ${same ? "yes" : "no (CHECK FAILED)"}.`,
    });
    return [
      row(
        "cockpit revenue-team tiles",
        tiles.timing,
        500,
        `GET /api/cockpit/revenue-team: revenue vs target with the weighted forecast, ${tiles.result.goalCount.total} goals with progress and roll-up, the shared win, pods, the wall.`,
      ),
      row(
        "goals page",
        goals.timing,
        500,
        "GET /api/goals for the quarter: every goal's progress, forecast and roll-up.",
      ),
      row(
        "reverse funnel",
        plan.timing,
        1000,
        "GET /api/targets/{period}/plan: two funnel reports (recent pace, matured cohorts), velocity's median stays, the average won deal.",
      ),
    ];
  } finally {
    await target?.drop();
    await remove();
  }
}
