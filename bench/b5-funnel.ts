// B5F: the funnel and velocity reports through the API (the real server, signed in as the demo's revenue
// leader, default filters: the last six months) against the same reports as hand-written SQL on the same
// engine and data, and the cockpit (whose funnel tile is the funnel report for the month) against the
// dashboard-tile target. The server runs first (PGlite allows one process per data directory); the SQL runs
// after it stopped, in this process. The SQL's numbers are compared with the API's, so the baseline is
// known to compute the same report.
import path from "node:path";
import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { type Db, openDatabase, queryRows } from "../src/server/db/client.js";
import { DEFAULT_STALLED_AFTER_DAYS } from "../src/shared/reports.js";
import type { SlaTerms } from "../src/shared/sla.js";
import { DEMO, getJson, RUNS, type Timing, timeRuns, withLockstepServer } from "./http-timing.js";
import type { ResultRow } from "./report.js";
import { type BenchContext, createDatabase, fmt, log, seedDemoData, tempDir } from "./support.js";

const STAGES = ["lead", "mql", "sal", "sql", "opportunity", "customer"] as const;

interface FunnelAnswer {
  period: { from: string; to: string; timeZone: string };
  total: { reached: Record<string, number> };
  entered: Record<string, number>;
}
interface VelocityAnswer {
  stages: {
    stage: string;
    moves: number;
    medianDays: number | null;
    p75BusinessDays: number | null;
    inStageNow: number;
    stalledNow: number;
  }[];
}

/**
 * The funnel as a DBA would write it on the same tables (the stage history's roll-ups, which moveStage keeps
 * with the history): the cohort's furthest stage from contact_funnel and the period's entries from
 * stage_entry_counts, one statement.
 */
function handWrittenFunnel(ws: string, start: string, end: string, tz: string) {
  return sql`
    with cohort as (
      select to_char(entered_at at time zone ${tz}, 'YYYY-MM') as month, reached from contact_funnel
      where workspace_id = ${ws} and entered_at >= ${start}::timestamptz and entered_at < ${end}::timestamptz
    ),
    entered as (
      select stage::text as stage, sum(contacts)::int as n from stage_entry_counts
      where workspace_id = ${ws} and at >= ${start}::timestamptz and at < ${end}::timestamptz
        and prior < ${start}::timestamptz
      group by stage
    )
    select 'cohort' as kind, month as key, ${sql.raw(STAGES.map((s, i) => `count(*) filter (where reached >= ${i + 1})::int as ${s}`).join(", "))}
    from cohort group by month
    union all
    select 'entered', stage, n, 0, 0, 0, 0, 0 from entered`;
}

/** Velocity by hand: stays ending in the period with their start (recorded on the move), calendar and business days, percentiles. */
function handWrittenVelocity(ws: string, start: string, end: string, terms: SlaTerms | null) {
  const cal = terms?.calendar ?? {
    timeZone: "UTC",
    workingDays: [1, 2, 3, 4, 5],
    start: "09:00",
    end: "17:00",
    holidays: [],
  };
  const minutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
  const open = minutes(cal.start) * 60_000;
  const length = minutes(cal.end) * 60_000 - open;
  const zone = cal.timeZone;
  const local = (at: string) => sql.raw(`(${at} at time zone '${zone}')`);
  const within = (at: string) =>
    sql`case when c_${sql.raw(at)}.business then least(greatest(extract(epoch from (${local(at)} - date_trunc('day', ${local(at)}))) * 1000 - ${open}, 0), ${length}) else 0 end`;
  return sql`
    with days as (
      select d::date as day,
        extract(isodow from d)::int = any(${`{${cal.workingDays.join(",")}}`}::int[])
          and not d::date = any(${`{${cal.holidays.join(",")}}`}::date[]) as business
      from generate_series(
        (select min(changed_at) at time zone ${zone} from lifecycle_stage_changes where workspace_id = ${ws})::date,
        (${end}::timestamptz at time zone ${zone})::date, interval '1 day') d
    ),
    cal as (
      select day, business,
        coalesce(sum(case when business then ${length}::float8 else 0 end) over (order by day rows between unbounded preceding and 1 preceding), 0) as before_ms
      from days
    ),
    stays as (
      select n.from_stage::text as stage, n.from_entered_at as entered_at, n.changed_at as left_at
      from lifecycle_stage_changes n
      where n.workspace_id = ${ws} and n.from_stage in ('lead', 'mql', 'sal', 'sql', 'opportunity')
        and n.from_entered_at is not null
        and n.changed_at >= ${start}::timestamptz and n.changed_at < ${end}::timestamptz
    )
    select stage, count(*)::int as moves,
      percentile_cont(0.5) within group (order by extract(epoch from left_at - entered_at) / 86400) as median_days,
      percentile_cont(0.75) within group (order by
        (c_left_at.before_ms + ${within("left_at")} - c_entered_at.before_ms - ${within("entered_at")}) / ${length}::float8) as p75_business
    from stays
    join cal c_entered_at on c_entered_at.day = (entered_at at time zone ${zone})::date
    join cal c_left_at on c_left_at.day = (left_at at time zone ${zone})::date
    group by stage`;
}

/** Velocity's contacts in each stage now and those stalled (too long there, or an open breach since their last MQL), by hand. */
function handWrittenStalled(ws: string, days: number) {
  return sql`
    select c.lifecycle_stage::text as stage, count(*)::int as now,
      count(*) filter (where c.lifecycle_stage_changed_at < now() - make_interval(days => ${days})
        or exists (select 1 from sla_clocks k
          where k.workspace_id = c.workspace_id and k.contact_id = c.id and k.status = 'breached' and k.completed_at is null
            and k.started_at >= coalesce((select max(m.changed_at) from lifecycle_stage_changes m
              where m.workspace_id = c.workspace_id and m.contact_id = c.id and m.to_stage = 'mql'), '-infinity')))::int as stalled
    from contacts c
    where c.workspace_id = ${ws} and c.archived_at is null and c.lifecycle_stage in ('lead', 'mql', 'sal', 'sql', 'opportunity')
    group by 1`;
}

/** The baseline: the same reports as hand-written SQL on the same data, each timed. */
async function handWrittenReports(db: Db, period: FunnelAnswer["period"]) {
  const [w] = await queryRows<{ id: string; terms: SlaTerms | null }>(
    db,
    sql`select w.id, (select terms from sla_versions v where v.workspace_id = w.id and v.status = 'active') as terms
        from workspaces w join members m on m.workspace_id = w.id join users u on u.id = m.user_id
        where u.email = ${DEMO.email} limit 1`,
  );
  const { from, to, timeZone } = period;
  const start = DateTime.fromISO(from, { zone: timeZone }).toISO() as string;
  const end = DateTime.fromISO(to, { zone: timeZone }).toISO() as string;
  const funnelSql = await timeRuns(() =>
    queryRows<{ kind: string; key: string } & Record<string, number>>(
      db,
      handWrittenFunnel(w.id, start, end, timeZone),
    ),
  );
  log(`  baseline funnel SQL median ${fmt.ms(funnelSql.timing.median)}, p95 ${fmt.ms(funnelSql.timing.p95)}`);
  // The report's two parts, as the API reads them: the stays, and the contacts in each stage now.
  const velocitySql = await timeRuns(async () => ({
    stays: await queryRows<{
      stage: string;
      moves: number;
      median_days: number | null;
      p75_business: number | null;
    }>(db, handWrittenVelocity(w.id, start, end, w.terms)),
    current: await queryRows<{ stage: string; now: number; stalled: number }>(
      db,
      handWrittenStalled(w.id, DEFAULT_STALLED_AFTER_DAYS),
    ),
  }));
  log(
    `  baseline velocity SQL median ${fmt.ms(velocitySql.timing.median)}, p95 ${fmt.ms(velocitySql.timing.p95)}`,
  );
  return { funnelSql, velocitySql };
}

const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

export async function runB5Funnel(ctx: BenchContext): Promise<ResultRow[]> {
  log(`B5F funnel and velocity: seeding ${ctx.scale} data on ${ctx.engine}`);
  const { dir, remove } = tempDir(ctx, "b5f");
  const target = ctx.engine === "postgres" ? await createDatabase(ctx, "b5f") : undefined;
  const env = {
    LOCKSTEP_DATA_DIR: dir,
    DATABASE_URL: target?.url,
    LOG_LEVEL: "warn",
    LOCKSTEP_SEED_DEMO: "false",
  };
  try {
    await seedDemoData(ctx, env, target);

    // Ours: the real server, default filters.
    const serve = <T>(work: (base: string, cookie: string) => Promise<T>) =>
      withLockstepServer(ctx, env, work);
    const { funnelApi, velocityApi, cockpitApi } = await serve(async (base, cookie) => {
      const funnelApi = await timeRuns(() => getJson<FunnelAnswer>(base, cookie, "/api/reports/funnel"));
      log(
        `  ours: GET /api/reports/funnel median ${fmt.ms(funnelApi.timing.median)}, p95 ${fmt.ms(funnelApi.timing.p95)}`,
      );
      const velocityApi = await timeRuns(() =>
        getJson<VelocityAnswer>(base, cookie, "/api/reports/velocity"),
      );
      log(
        `  ours: GET /api/reports/velocity median ${fmt.ms(velocityApi.timing.median)}, p95 ${fmt.ms(velocityApi.timing.p95)}`,
      );
      const cockpitApi = await timeRuns(() => getJson(base, cookie, "/api/cockpit"));
      log(
        `  ours: GET /api/cockpit median ${fmt.ms(cockpitApi.timing.median)}, p95 ${fmt.ms(cockpitApi.timing.p95)}`,
      );
      return { funnelApi, velocityApi, cockpitApi };
    });

    // Baseline: the same reports as hand-written SQL, in this process, on the same data.
    const database = await openDatabase(
      target ? { url: target.url, poolSize: 2 } : { dataDir: path.join(dir, "pglite") },
    );
    let baseline: Awaited<ReturnType<typeof handWrittenReports>>;
    try {
      baseline = await handWrittenReports(database.db as Db, funnelApi.result.period);
    } finally {
      await database.close();
    }
    const { funnelSql, velocitySql } = baseline;
    const { from, to } = funnelApi.result.period;
    // The contacts in each stage now change while the server runs (the SLA sweep breaches clocks, time ages
    // contacts): the API read again after the baseline brackets it, stalled counts only grow meanwhile.
    const after = await serve((base, cookie) =>
      getJson<VelocityAnswer>(base, cookie, "/api/reports/velocity"),
    );

    // The same numbers: cohort per stage and entries per stage; stays, median days and p75 business days.
    const cohort = Object.fromEntries(
      STAGES.map((s) => [
        s,
        funnelSql.result.filter((r) => r.kind === "cohort").reduce((n, r) => n + Number(r[s]), 0),
      ]),
    );
    const entered = Object.fromEntries(
      STAGES.map((s) => [s, funnelSql.result.find((r) => r.kind === "entered" && r.key === s)?.lead ?? 0]),
    );
    const funnelSame =
      STAGES.every((s) => cohort[s] === funnelApi.result.total.reached[s]) &&
      STAGES.every((s) => entered[s] === funnelApi.result.entered[s]);
    const velocitySame = velocityApi.result.stages.every((s) => {
      const b = velocitySql.result.stays.find((r) => r.stage === s.stage);
      const c = velocitySql.result.current.find((r) => r.stage === s.stage);
      const later = after.stages.find((r) => r.stage === s.stage);
      return (
        (c?.now ?? 0) === s.inStageNow &&
        later?.inStageNow === s.inStageNow &&
        s.stalledNow <= (c?.stalled ?? 0) &&
        (c?.stalled ?? 0) <= (later?.stalledNow ?? 0) &&
        (b?.moves ?? 0) === s.moves &&
        round1(b ? Number(b.median_days) : null) === s.medianDays &&
        Math.abs((round1(b ? Number(b.p75_business) : null) ?? 0) - (s.p75BusinessDays ?? 0)) <= 0.1
      );
    });
    const row = (name: string, api: Timing, base: Timing, same: boolean, what: string): ResultRow => {
      const ratio = api.p95 / base.p95;
      return {
        workload: `B5F ${name}`,
        engine: ctx.engine,
        scale: ctx.scale,
        ours: `p95 ${fmt.ms(api.p95)} (median ${fmt.ms(api.median)})`,
        baseline: `p95 ${fmt.ms(base.p95)} (hand-written SQL)`,
        ratio: fmt.ratio(ratio),
        target: "<= 1.5",
        met: ratio <= 1.5 && same ? "yes" : "no",
        note: `${RUNS} runs after a warm-up, default filters (${from} to ${to}). ${what} Same numbers as the baseline: ${same ? "yes" : "no (CHECK FAILED)"}.`,
      };
    };
    return [
      row(
        "funnel through the API",
        funnelApi.timing,
        funnelSql.timing,
        funnelSame,
        "Ours = GET /api/reports/funnel over HTTP (session, filters, cohort by month, entries, JSON); baseline = one statement computing the cohort per stage by month and the entries per stage, on the same tables (the stage history's roll-ups).",
      ),
      row(
        "velocity through the API",
        velocityApi.timing,
        velocitySql.timing,
        velocitySame,
        "Ours = GET /api/reports/velocity over HTTP (stays, percentiles in calendar and business days, stalled counts); baseline = the stays (their start recorded on the move) and their percentiles with a SQL calendar, and the contacts in each stage now with those stalled (which the server's sweeps change while it runs: equal contacts per stage, and the baseline's stalled counts between the API's before and after it).",
      ),
      {
        workload: "B5F cockpit with the funnel tile",
        engine: ctx.engine,
        scale: ctx.scale,
        ours: `p95 ${fmt.ms(cockpitApi.timing.p95)} (median ${fmt.ms(cockpitApi.timing.median)})`,
        baseline: "",
        ratio: "",
        target: "< 500 ms",
        met: cockpitApi.timing.p95 < 500 ? "yes" : "no",
        note: `GET /api/cockpit: every tile of the home page, the funnel tile (the funnel report for the month) among them; ${RUNS} runs after a warm-up.`,
      },
    ];
  } finally {
    await target?.drop();
    await remove();
  }
}
