// B9: a full account rescore (ABM): every account's fit (the model's rules on the company) and its contacts'
// engagement with diminishing returns (the most engaged counts in full, the second half, the third a third...),
// then its journey stage (thresholds and deals), as one set-based pass, against one hand-written statement
// computing the same and writing the same rows (into copies of the tables). Before each round every engaged
// contact's engagement moves (as after a new model version): every engaged account's score changes, nothing
// is skipped. Both results are compared account by account.
import path from "node:path";
import { sql } from "drizzle-orm";
import { type Db, openDatabase, queryRows } from "../src/server/db/client.js";
import { forgetJourneySettings, journeySettings } from "../src/server/modules/scoring/account-journey.js";
import { rescoreAllAccounts } from "../src/server/modules/scoring/account-rescore.js";
import { activateScoringVersion } from "../src/server/modules/scoring/scoring-models.service.js";
import { STARTER_DEFINITION } from "../src/shared/scoring.js";
import type { ResultRow } from "./report.js";
import {
  type BenchContext,
  createDatabase,
  fmt,
  log,
  seedDemoData,
  seededModel,
  tempDir,
} from "./support.js";

/**
 * The same work by hand for the starter model (its one company rule: 200-5,000 employees, +15) and the
 * workspace's thresholds, as one statement a DBA would write: compute every account's fit, rolled-up
 * engagement, engaged contacts and stage, and write what ours writes (scores, journeys, stage changes, the
 * day's score) into copies of the same tables, with the same keys and indexes, holding the same rows before.
 */
function handWritten(
  workspaceId: string,
  modelId: string,
  s: { awareEngagement: number; engagedEngagement: number; mqaFit: number; mqaEngagement: number },
  at: string,
) {
  return sql`
    with ranked as (
      select c.account_id, s.engagement,
        row_number() over (partition by c.account_id order by s.engagement desc) as rank
      from contact_scores s join contacts c on c.workspace_id = s.workspace_id and c.id = s.contact_id
      where s.workspace_id = ${workspaceId} and s.model_id = ${modelId} and c.account_id is not null
    ),
    rolled as (
      select account_id, round(sum(engagement / rank)::numeric, 2)::float8 as engagement,
        count(*) filter (where engagement > 0)::int as engaged
      from ranked group by account_id
    ),
    deals as (
      select account_id, bool_or(stage = 'closed_won') as won, bool_or(stage not in ('closed_won', 'closed_lost')) as open
      from opportunities where workspace_id = ${workspaceId} and archived_at is null group by account_id
    ),
    base as (
      select a.id as account_id, (case when a.employees between 200 and 5000 then 15 else 0 end)::float8 as fit,
        coalesce(r.engagement, 0) as engagement, coalesce(r.engaged, 0) as engaged,
        coalesce(d.won, false) as won, coalesce(d.open, false) as open
      from accounts a
      left join rolled r on r.account_id = a.id
      left join deals d on d.account_id = a.id
      where a.workspace_id = ${workspaceId} and a.archived_at is null
    ),
    scored as (
      select account_id, fit, engagement, engaged,
        case when won then 'customer' when open then 'opportunity'
          when fit >= ${s.mqaFit}::float8 and engagement >= ${s.mqaEngagement}::float8 then 'mqa'
          when engagement >= ${s.engagedEngagement}::float8 then 'engaged'
          when engagement >= ${s.awareEngagement}::float8 and engagement > 0 then 'aware'
          else 'target' end as stage
      from base
    ),
    prev as (select account_id, stage, fit, engagement from b_journeys),
    w_scores as (
      insert into b_scores (workspace_id, model_id, account_id, fit, engagement, combined, engaged_contacts, scored_at)
      select ${workspaceId}, ${modelId}, account_id, fit, engagement, fit + engagement, engaged, ${at}::timestamptz from scored
      on conflict (workspace_id, model_id, account_id) do update set fit = excluded.fit, engagement = excluded.engagement,
        combined = excluded.combined, engaged_contacts = excluded.engaged_contacts, scored_at = excluded.scored_at
      where (b_scores.fit, b_scores.engagement, b_scores.engaged_contacts)
        is distinct from (excluded.fit, excluded.engagement, excluded.engaged_contacts)
      returning 1
    ),
    w_changes as (
      insert into b_changes (workspace_id, id, account_id, from_stage, to_stage, fit, engagement, changed_at)
      select ${workspaceId}, gen_random_uuid(), x.account_id, p.stage, x.stage, x.fit, x.engagement, ${at}::timestamptz
      from scored x left join prev p on p.account_id = x.account_id where p.stage is distinct from x.stage
      returning 1
    ),
    w_days as (
      insert into b_days (workspace_id, account_id, day, fit, engagement)
      select ${workspaceId}, x.account_id, (${at}::timestamptz at time zone 'UTC')::date, x.fit, x.engagement
      from scored x left join prev p on p.account_id = x.account_id
      where (p.fit, p.engagement) is distinct from (x.fit, x.engagement)
      on conflict (workspace_id, account_id, day) do update set fit = excluded.fit, engagement = excluded.engagement
      returning 1
    )
    insert into b_journeys (workspace_id, account_id, stage, fit, engagement, since, updated_at)
    select ${workspaceId}, account_id, stage, fit, engagement, ${at}::timestamptz, ${at}::timestamptz from scored
    on conflict (workspace_id, account_id) do update set stage = excluded.stage, fit = excluded.fit,
      engagement = excluded.engagement, updated_at = excluded.updated_at,
      since = case when b_journeys.stage = excluded.stage then b_journeys.since else excluded.since end
    where (b_journeys.stage, b_journeys.fit, b_journeys.engagement)
      is distinct from (excluded.stage, excluded.fit, excluded.engagement)`;
}

/** Copies of the tables ours writes, with the same keys and indexes and the same rows as before the round. */
async function shadowTables(db: Db, workspaceId: string) {
  for (const [copy, table] of [
    ["b_scores", "account_scores"],
    ["b_journeys", "account_journeys"],
    ["b_changes", "account_stage_changes"],
    ["b_days", "account_score_days"],
  ]) {
    await db.execute(sql.raw(`drop table if exists ${copy}`));
    await db.execute(sql.raw(`create table ${copy} (like ${table} including defaults including indexes)`));
    await db.execute(
      sql`insert into ${sql.raw(copy)} select * from ${sql.raw(table)} where workspace_id = ${workspaceId}`,
    );
  }
}

const checksum = (from: string) =>
  sql.raw(`select count(*)::int as n, md5(string_agg(account_id::text || ':' || round(fit::numeric, 2)::text || ':' ||
    round(engagement::numeric, 2)::text || ':' || engaged::text || ':' || stage, ',' order by account_id)) as digest from ${from}`);

async function timed<T>(work: () => Promise<T>) {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

export async function runB9(ctx: BenchContext): Promise<ResultRow[]> {
  log(`B9 full account rescore: seeding ${ctx.scale} data on ${ctx.engine}`);
  const { dir, remove } = tempDir(ctx, "b9");
  const target = ctx.engine === "postgres" ? await createDatabase(ctx, "b9") : undefined;
  const env = {
    LOCKSTEP_DATA_DIR: dir,
    DATABASE_URL: target?.url,
    LOG_LEVEL: "warn",
    LOCKSTEP_SEED_DEMO: "false",
  };
  try {
    await seedDemoData(ctx, env, target);
    const database = await openDatabase(
      target ? { url: target.url, poolSize: 2 } : { dataDir: path.join(dir, "pglite") },
    );
    try {
      const db = database.db as Db;
      const { workspaceId, modelId, caller } = await seededModel(db);
      // The starter model live (so the hand-written fit is known); other models retired.
      await db.execute(sql`update scoring_model_versions set status = 'retired', retired_at = now()
        where workspace_id = ${workspaceId} and status = 'active' and model_id <> ${modelId}`);
      const [{ next }] = await queryRows<{ next: number }>(
        db,
        sql`select max(version)::int + 1 as next from scoring_model_versions where workspace_id = ${workspaceId} and model_id = ${modelId}`,
      );
      await db.execute(sql`insert into scoring_model_versions (workspace_id, id, model_id, version, status, definition, note, approved_at)
        values (${workspaceId}, gen_random_uuid(), ${modelId}, ${next}, 'approved', ${JSON.stringify(STARTER_DEFINITION)}::jsonb, 'B9', now())`);
      await activateScoringVersion(db, caller, modelId, next, new Date());
      forgetJourneySettings(workspaceId);
      const settings = await journeySettings(db, workspaceId);
      const [counts] = await queryRows<{ accounts: number; contacts: number }>(
        db,
        sql`select (select count(*) from accounts where workspace_id = ${workspaceId})::int as accounts,
          (select count(*) from contact_scores where workspace_id = ${workspaceId} and model_id = ${modelId})::int as contacts`,
      );
      const oursMs: number[] = [];
      const baseMs: number[] = [];
      for (let round = 0; round < 3; round++) {
        // Every engaged contact's engagement moves (as after a new model version), so every engaged account's
        // score changes and some accounts change stage: nothing is skipped as unchanged.
        await db.execute(sql`update contact_scores set engagement = round((engagement * ${1.05 + round / 10})::numeric, 2)::float8
          where workspace_id = ${workspaceId} and model_id = ${modelId} and engagement > 0`);
        await shadowTables(db, workspaceId);
        const at = new Date();
        const ours = await timed(() => rescoreAllAccounts(db, workspaceId, at));
        oursMs.push(ours.ms);
        log(`  ours: ${fmt.int(counts.accounts)} accounts rescored and staged in ${fmt.s(ours.ms)}`);
        const base = await timed(() =>
          db.execute(handWritten(workspaceId, modelId, settings, at.toISOString())),
        );
        baseMs.push(base.ms);
        log(`  baseline: hand-written SQL in ${fmt.s(base.ms)}`);
      }
      const [mine] = await queryRows<{ n: number; digest: string }>(
        db,
        checksum(`(select j.account_id, s.fit, s.engagement, s.engaged_contacts as engaged, j.stage
          from account_journeys j join account_scores s on s.workspace_id = j.workspace_id and s.account_id = j.account_id
            and s.model_id = '${modelId}'
          where j.workspace_id = '${workspaceId}') x`),
      );
      const [theirs] = await queryRows<{ n: number; digest: string }>(
        db,
        checksum(`(select j.account_id, s.fit, s.engagement, s.engaged_contacts as engaged, j.stage
          from b_journeys j join b_scores s on s.account_id = j.account_id) x`),
      );
      for (const copy of ["b_scores", "b_journeys", "b_changes", "b_days"])
        await db.execute(sql.raw(`drop table if exists ${copy}`));
      const same = mine.n === theirs.n && mine.digest === theirs.digest;
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      const ours = median(oursMs);
      const baseline = median(baseMs);
      const ratio = ours / baseline;
      return [
        {
          workload: "B9 full account rescore (ABM)",
          engine: ctx.engine,
          scale: ctx.scale,
          ours: `${fmt.s(ours)} (${fmt.int(counts.accounts)} accounts, ${fmt.int(counts.contacts)} contact scores; min ${fmt.s(Math.min(...oursMs))}, max ${fmt.s(Math.max(...oursMs))})`,
          baseline: `${fmt.s(baseline)} (hand-written SQL; min ${fmt.s(Math.min(...baseMs))}, max ${fmt.s(Math.max(...baseMs))})`,
          ratio: fmt.ratio(ratio),
          target: "<= 1.5",
          met: ratio <= 1.5 && same ? "yes" : "no",
          note:
            "Median of 3, each after every engaged contact's engagement moved. Ours = every account's fit and rolled-up engagement upserted, " +
            "then every journey (stage, stage change, the day's score) in one statement, in one transaction; baseline = one " +
            "hand-written statement computing the same and writing the same rows into copies of the same tables (same keys, " +
            `indexes and prior rows); equal account by account: ${same ? "yes" : `no (ours ${mine.n} ${mine.digest}, baseline ${theirs.n} ${theirs.digest})`}.`,
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
