// B5: attribution through the API (the real server, signed in as the demo's revenue leader, default filters:
// the last six months, won deals credited to campaigns) against the same report as hand-written SQL on the
// same engine and data: every model's credits per campaign (first touch, last touch, linear, U-, W-shaped,
// full path, time decay and Shapley in one statement; Markov as transition counts in SQL, its chain solved
// by re-solving it without each campaign). The numbers are compared campaign by campaign, so the baseline is
// known to compute the same report. Also: the cockpit's revenue-by-campaign tile against the 500 ms target,
// and one deal with 10,000 touches (inserted before the server starts) explained touch by touch, unsampled.
import path from "node:path";
import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { type Db, openDatabase, queryRows } from "../src/server/db/client.js";
import type { AttributionModel } from "../src/shared/attribution.js";
import { DEMO, getJson, RUNS, timeRuns, withLockstepServer } from "./http-timing.js";
import type { ResultRow } from "./report.js";
import { type BenchContext, createDatabase, fmt, log, seedDemoData, tempDir } from "./support.js";

const LOOKBACK_DAYS = 90;
const HALF_LIFE_DAYS = 7;
const BIG_JOURNEY = 10_000;

interface ReportAnswer {
  period: { from: string; to: string; timeZone: string };
  milestones: number;
  amount: number;
  touches: number;
  nullPaths: number;
  rows: {
    key: string | null;
    kind: string;
    credits: Record<AttributionModel, { conversions: number; amount: number }>;
  }[];
}

const RULE_COLUMNS = [
  "first_touch",
  "last_touch",
  "linear",
  "u_shaped",
  "w_shaped",
  "full_path",
  "time_decay",
  "shapley",
] as const;

/**
 * A position model's weight for the touch at `rn`, as a SQL expression over the columns of `p` (n, lc, oc):
 * shares on special positions (added up where they coincide), `rest` over the other touches up to `end`,
 * the whole scaled by the shares of the positions that exist.
 */
function positionWeight(specials: { at: string; share: number }[], rest: number, end: string) {
  const list = specials.map((s) => s.at);
  const onSpecial = specials.map((s) => `(case when rn = ${s.at} then ${s.share} else 0 end)`).join(" + ");
  const present = specials
    .map((s) => `(case when ${s.at} is not null then ${s.share} else 0 end)`)
    .join(" + ");
  const distinct = `(select count(distinct v) from unnest(array[${list.join(", ")}]::int[]) v where v <= ${end})`;
  const restCount = `(${end} - ${distinct})`;
  const isRest = `(rn <= ${end} and rn <> all(array[${list.map((s) => `coalesce(${s}, -1)`).join(", ")}]::int[]))`;
  return sql.raw(`((${onSpecial}) + (case when ${isRest} then ${rest}::float8 / ${restCount} else 0 end))
    / ((${present}) + (case when ${restCount} > 0 then ${rest} else 0 end))`);
}

/** Won deals in the period with their touches in the window: every rule model and Shapley per campaign. */
function handWrittenCredits(ws: string, start: string, end: string, tz: string) {
  const closed = sql`coalesce(o.closed_at, o.close_date::timestamp at time zone ${tz})`;
  const u = positionWeight(
    [
      { at: "1", share: 0.4 },
      { at: "lc", share: 0.4 },
    ],
    0.2,
    "coalesce(lc, n)",
  );
  const w = positionWeight(
    [
      { at: "1", share: 0.3 },
      { at: "lc", share: 0.3 },
      { at: "oc", share: 0.3 },
    ],
    0.1,
    "coalesce(oc, n)",
  );
  const full = positionWeight(
    [
      { at: "1", share: 0.225 },
      { at: "lc", share: 0.225 },
      { at: "oc", share: 0.225 },
      { at: "n", share: 0.225 },
    ],
    0.1,
    "n",
  );
  return sql`
    with m as (
      select o.id as mid, o.amount::float8 as amount, ${closed} as at, o.created_at as opp_at,
        (select min(c.created_at) from opportunity_contacts oc join contacts c
           on c.workspace_id = oc.workspace_id and c.id = oc.contact_id
         where oc.workspace_id = ${ws} and oc.opportunity_id = o.id) as lead_at
      from opportunities o
      where o.workspace_id = ${ws} and o.archived_at is null and o.stage = 'closed_won'
        and ${closed} >= ${start}::timestamptz and ${closed} < ${end}::timestamptz
    ),
    j as (
      select m.mid, m.amount, m.lead_at, m.opp_at, t.occurred_at, coalesce(t.campaign_id::text, '~none') as key,
        row_number() over (partition by m.mid order by t.occurred_at, t.id)::int as rn,
        count(*) over (partition by m.mid)::int as n,
        max(t.occurred_at) over (partition by m.mid) as newest
      from m
      join opportunity_contacts oc on oc.workspace_id = ${ws} and oc.opportunity_id = m.mid
      join touches t on t.workspace_id = ${ws} and t.contact_id = oc.contact_id and t.occurred_at <= m.at
        and t.occurred_at >= m.at - make_interval(secs => ${LOOKBACK_DAYS * 86400})
    ),
    p as (
      select j.*,
        max(case when occurred_at <= lead_at then rn end) over (partition by mid) as lc,
        max(case when occurred_at <= opp_at then rn end) over (partition by mid) as oc,
        power(2::float8, -extract(epoch from newest - occurred_at)::float8 / ${HALF_LIFE_DAYS * 86400}) as decay
      from j
    ),
    keyed as (select mid, key, count(*)::int as per_key from p group by mid, key),
    nkeys as (select mid, count(*)::int as keys from keyed group by mid),
    q as (
      select p.*, k.per_key, nk.keys, sum(decay) over (partition by p.mid) as decay_sum
      from p join keyed k on k.mid = p.mid and k.key = p.key join nkeys nk on nk.mid = p.mid
    )
    select key,
      sum(case when rn = 1 then amount else 0 end) as first_touch,
      sum(case when rn = n then amount else 0 end) as last_touch,
      sum(amount / n) as linear,
      sum(amount * ${u}) as u_shaped,
      sum(amount * ${w}) as w_shaped,
      sum(amount * ${full}) as full_path,
      sum(amount * decay / decay_sum) as time_decay,
      sum(amount / (keys * per_key)) as shapley
    from q group by key
    union all
    select '~no-touch', sum(amount), sum(amount), sum(amount), sum(amount), sum(amount), sum(amount), sum(amount), sum(amount)
    from m where not exists (select 1 from j where j.mid = m.mid)`;
}

/** Markov's transitions: won deals' paths ending in a conversion, lost deals' paths ending in null. */
function handWrittenTransitions(ws: string, start: string, end: string, tz: string) {
  const closed = sql`coalesce(o.closed_at, o.close_date::timestamp at time zone ${tz})`;
  return sql`
    with paths as (
      select o.id as pid, o.stage = 'closed_won' as won, o.amount::float8 as amount, t.id, t.occurred_at,
        coalesce(t.campaign_id::text, '~none') as key
      from opportunities o
      join opportunity_contacts oc on oc.workspace_id = o.workspace_id and oc.opportunity_id = o.id
      join touches t on t.workspace_id = o.workspace_id and t.contact_id = oc.contact_id
        and t.occurred_at <= ${closed} and t.occurred_at >= ${closed} - make_interval(secs => ${LOOKBACK_DAYS * 86400})
      where o.workspace_id = ${ws} and o.archived_at is null and o.stage in ('closed_won', 'closed_lost')
        and ${closed} >= ${start}::timestamptz and ${closed} < ${end}::timestamptz
    ),
    steps as (
      select pid, won, amount, key,
        lag(key) over (partition by pid order by occurred_at, id) as prev,
        lead(key) over (partition by pid order by occurred_at, id) as next
      from paths
    )
    select prev as from_key, key as to_key, count(*)::int as n, 0::float8 as amount from steps group by prev, key
    union all
    select key, case when won then '~conv' else null end, count(*)::int, sum(amount)
    from steps where next is null group by key, won`;
}

/** Gaussian elimination with partial pivoting: solves a x = b. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) pivot = r;
    [m[c], m[pivot]] = [m[pivot], m[c]];
    for (let r = 0; r < n; r++) {
      if (r === c || m[r][c] === 0) continue;
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((row, i) => row[n] / row[i]);
}

/** Markov credits from transition counts: P(convert) re-solved without each key; credits by removal effect. */
function markovFromTransitions(
  rows: { from_key: string | null; to_key: string | null; n: number; amount: number }[],
) {
  const keys = [...new Set(rows.flatMap((r) => [r.from_key, r.to_key]))].filter(
    (k): k is string => k !== null && k !== "~conv",
  );
  const probability = (removed: string | null) => {
    const states = keys.filter((k) => k !== removed);
    const index = new Map(states.map((k, i) => [k, i]));
    const out = new Array(states.length).fill(0);
    const conv = new Array(states.length).fill(0);
    const start = new Array(states.length).fill(0);
    const q = states.map(() => new Array(states.length).fill(0));
    let starts = 0;
    for (const r of rows) {
      if (r.from_key === null) {
        starts += r.n;
        if (r.to_key !== removed) start[index.get(r.to_key as string) as number] += r.n;
        continue;
      }
      if (r.from_key === removed) continue;
      const i = index.get(r.from_key) as number;
      out[i] += r.n;
      if (r.to_key === "~conv") conv[i] += r.n;
      else if (r.to_key !== null && r.to_key !== removed) q[i][index.get(r.to_key) as number] += r.n;
    }
    const a = q.map((row, i) => row.map((c, j) => (i === j ? 1 : 0) - c / out[i]));
    const x = solve(
      a,
      conv.map((c, i) => c / out[i]),
    );
    return x.reduce((s, xi, i) => s + (start[i] / starts) * xi, 0);
  };
  const base = probability(null);
  const effects = new Map(keys.map((k) => [k, 1 - probability(k) / base]));
  const total = [...effects.values()].reduce((a, b) => a + b, 0);
  const wonAmount = rows.filter((r) => r.to_key === "~conv").reduce((s, r) => s + r.amount, 0);
  return new Map([...effects].map(([k, e]) => [k, (wonAmount * e) / total]));
}

/** One won deal whose contact has 10,000 touches (one every 12 minutes before the win), over the campaigns. */
async function insertBigJourney(db: Db, ws: string, closedAt: Date) {
  const [row] = await queryRows<{ deal: string }>(
    db,
    sql`with a as (select id from accounts where workspace_id = ${ws} order by id limit 1),
      c as (insert into contacts (workspace_id, id, email, first_name, last_name, account_id, lifecycle_stage, created_at)
            select ${ws}, gen_random_uuid(), 'ten.thousand@bench.lockstep.dev', 'Ten', 'Thousand', a.id, 'customer',
              ${new Date(closedAt.getTime() - 89 * 86_400_000).toISOString()}::timestamptz from a returning id, account_id),
      o as (insert into opportunities (workspace_id, id, name, account_id, amount, stage, close_date, closed_at, created_at)
            select ${ws}, gen_random_uuid(), 'Bench: 10,000-touch deal', c.account_id, 500000, 'closed_won',
              ${closedAt.toISOString().slice(0, 10)}::date, ${closedAt.toISOString()}::timestamptz,
              ${new Date(closedAt.getTime() - 30 * 86_400_000).toISOString()}::timestamptz from c returning id),
      r as (insert into opportunity_contacts (workspace_id, opportunity_id, contact_id, role)
            select ${ws}, o.id, c.id, 'champion' from o, c returning opportunity_id),
      k as (select array_agg(id order by id) as ids from campaigns where workspace_id = ${ws}),
      t as (insert into touches (workspace_id, id, contact_id, account_id, type, team, campaign_id, occurred_at, source)
            select ${ws}, gen_random_uuid(), c.id, c.account_id, 'page_view', 'marketing', k.ids[1 + g % cardinality(k.ids)],
              ${closedAt.toISOString()}::timestamptz - make_interval(mins => 12 * g), 'bench'
            from c, k, generate_series(0, ${BIG_JOURNEY - 1}) g returning 1)
      select (select id from o) as deal, (select count(*) from t) as touches`,
  );
  return row.deal;
}

export async function runB5Attribution(ctx: BenchContext): Promise<ResultRow[]> {
  log(`B5 attribution: seeding ${ctx.scale} data on ${ctx.engine}`);
  const { dir, remove } = tempDir(ctx, "b5");
  const target = ctx.engine === "postgres" ? await createDatabase(ctx, "b5") : undefined;
  const env = {
    LOCKSTEP_DATA_DIR: dir,
    DATABASE_URL: target?.url,
    LOG_LEVEL: "warn",
    LOCKSTEP_SEED_DEMO: "false",
  };
  const open = () =>
    openDatabase(target ? { url: target.url, poolSize: 2 } : { dataDir: path.join(dir, "pglite") });
  try {
    await seedDemoData(ctx, env, target);
    let ws: string;
    let bigDeal: string;
    {
      const database = await open();
      try {
        const [w] = await queryRows<{ id: string }>(
          database.db,
          sql`select w.id from workspaces w join members m on m.workspace_id = w.id join users u on u.id = m.user_id
              where u.email = ${DEMO.email} limit 1`,
        );
        ws = w.id;
        // Won 45 days ago: inside the report's default six months, outside this month's tile.
        bigDeal = await insertBigJourney(database.db, ws, new Date(Date.now() - 45 * 86_400_000));
      } finally {
        await database.close();
      }
    }

    // Ours: the real server, default filters (the last six months), won deals by campaign, every model.
    const { reportApi, tileApi, journeyApi, tilePeriod } = await withLockstepServer(
      ctx,
      env,
      async (base, cookie) => {
        const reportApi = await timeRuns(() =>
          getJson<ReportAnswer>(base, cookie, "/api/reports/attribution?milestone=closed_won"),
        );
        log(
          `  ours: GET /api/reports/attribution median ${fmt.ms(reportApi.timing.median)}, p95 ${fmt.ms(reportApi.timing.p95)}`,
        );
        // The cockpit's tile: this month's won revenue by campaign.
        const tz = reportApi.result.period.timeZone;
        const month = DateTime.now().setZone(tz).startOf("month");
        const tilePeriod = `from=${month.toISODate()}&to=${month.plus({ months: 1 }).toISODate()}`;
        const tileApi = await timeRuns(() =>
          getJson(base, cookie, `/api/reports/attribution?milestone=closed_won&${tilePeriod}`),
        );
        log(
          `  ours: revenue-by-campaign tile median ${fmt.ms(tileApi.timing.median)}, p95 ${fmt.ms(tileApi.timing.p95)}`,
        );
        const journeyApi = await timeRuns(
          () =>
            getJson<{ total: number; touches: unknown[] }>(
              base,
              cookie,
              `/api/reports/attribution/opportunities/${bigDeal}?limit=1000`,
            ),
          3,
        );
        log(
          `  ours: the 10,000-touch journey median ${fmt.ms(journeyApi.timing.median)}, ${journeyApi.result.total} touches`,
        );
        return { reportApi, tileApi, journeyApi, tilePeriod };
      },
    );

    // Baseline: the same report as hand-written SQL, in this process, on the same data.
    const database = await open();
    try {
      const db = database.db as Db;
      const { from, to, timeZone } = reportApi.result.period;
      const start = DateTime.fromISO(from, { zone: timeZone }).toISO() as string;
      const end = DateTime.fromISO(to, { zone: timeZone }).toISO() as string;
      type Credits = Record<(typeof RULE_COLUMNS)[number], number> & { key: string };
      const baseline = await timeRuns(async () => {
        const [credits, transitions] = await Promise.all([
          queryRows<Credits>(db, handWrittenCredits(ws, start, end, timeZone)),
          queryRows<{ from_key: string | null; to_key: string | null; n: number; amount: number }>(
            db,
            handWrittenTransitions(ws, start, end, timeZone),
          ),
        ]);
        return { credits, markov: markovFromTransitions(transitions) };
      });
      log(`  baseline SQL median ${fmt.ms(baseline.timing.median)}, p95 ${fmt.ms(baseline.timing.p95)}`);

      // The same numbers, campaign by campaign and model by model (to the cent).
      const apiKey = (r: ReportAnswer["rows"][number]) =>
        r.kind === "no_touch" ? "~no-touch" : r.kind === "no_campaign" ? "~none" : (r.key as string);
      const mismatches: string[] = [];
      const close = (a: number, b: number) => Math.abs(a - b) <= 0.01 + 1e-9 * Math.abs(b);
      for (const r of reportApi.result.rows) {
        const key = apiKey(r);
        const b = baseline.result.credits.find((c) => c.key === key);
        for (const model of RULE_COLUMNS)
          if (!close(r.credits[model].amount, Number(b?.[model] ?? 0))) mismatches.push(`${model} ${key}`);
        const markov = key === "~no-touch" ? Number(b?.linear ?? 0) : (baseline.result.markov.get(key) ?? 0);
        if (!close(r.credits.markov.amount, markov)) mismatches.push(`markov ${key}`);
      }
      if (mismatches.length > 0) log(`  MISMATCH: ${mismatches.slice(0, 8).join(", ")}`);
      const same = mismatches.length === 0;
      const ratio = reportApi.timing.p95 / baseline.timing.p95;
      const { milestones, amount, touches, nullPaths } = reportApi.result;
      return [
        {
          workload: "B5 attribution, every model, through the API",
          engine: ctx.engine,
          scale: ctx.scale,
          ours: `p95 ${fmt.ms(reportApi.timing.p95)} (median ${fmt.ms(reportApi.timing.median)})`,
          baseline: `p95 ${fmt.ms(baseline.timing.p95)} (hand-written SQL)`,
          ratio: fmt.ratio(ratio),
          target: "<= 1.5",
          met: ratio <= 1.5 && same ? "yes" : "no",
          note: `${RUNS} runs after a warm-up, default filters (${from} to ${to}): ${fmt.int(milestones)} won deals ($${fmt.int(amount)}), ${fmt.int(touches)} touches, ${fmt.int(nullPaths)} lost deals as Markov's null paths, credited to campaigns under all nine models. Ours = GET /api/reports/attribution over HTTP (filters, set-based journey load, every model, JSON); baseline = one statement for the rule models and Shapley, one for Markov's transitions, the chain re-solved without each campaign in JS. Same numbers as the baseline (every model, every campaign, to the cent): ${same ? "yes" : "no (CHECK FAILED)"}.`,
        },
        {
          workload: "B5 revenue-by-campaign tile",
          engine: ctx.engine,
          scale: ctx.scale,
          ours: `p95 ${fmt.ms(tileApi.timing.p95)} (median ${fmt.ms(tileApi.timing.median)})`,
          baseline: "",
          ratio: "",
          target: "< 500 ms",
          met: tileApi.timing.p95 < 500 ? "yes" : "no",
          note: `The cockpit's revenue-by-campaign tile: GET /api/reports/attribution for this month's won deals (${tilePeriod}); ${RUNS} runs after a warm-up.`,
        },
        {
          workload: "B5 one deal's journey of 10,000 touches",
          engine: ctx.engine,
          scale: ctx.scale,
          ours: `median ${fmt.ms(journeyApi.timing.median)}, ${fmt.int(journeyApi.result.total)} touches counted`,
          baseline: "",
          ratio: "",
          target: "no sampling",
          met: journeyApi.result.total === BIG_JOURNEY ? "yes" : "no",
          note: "GET /api/reports/attribution/opportunities/:id for a won deal whose contact has 10,000 touches in the window: every touch credited under every model (first page of 1,000 rows returned), including the report it is opened from (Markov's removal effects); 3 runs after a warm-up.",
        },
      ];
    } finally {
      await database.close();
    }
  } finally {
    await target?.drop();
    await remove();
  }
}
