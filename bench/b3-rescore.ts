// B3: full rescore after activating a new scoring model version, against one hand-written set-based SQL
// computing the same scores. Both run in this process on the same seeded database; the two results are
// compared contact by contact (count and checksum) so the baseline is known to compute the same thing.
import path from "node:path";
import { sql } from "drizzle-orm";
import { type Db, openDatabase, queryRows } from "../src/server/db/client.js";
import { activateScoringVersion } from "../src/server/modules/scoring/scoring-models.service.js";
import { FREE_MAIL_DOMAINS } from "../src/shared/free-mail.js";
import { type ScoringDefinition, STARTER_DEFINITION } from "../src/shared/scoring.js";
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
 * The measured versions: the starter model with webinars worth more and another half-life each round, so
 * every engaged contact's score changes (the worst case: nothing can be skipped as unchanged).
 */
function candidate(halfLifeDays: number): ScoringDefinition {
  const definition = structuredClone(STARTER_DEFINITION);
  const webinar = definition.engagementRules.find((r) => r.id === "webinar");
  if (webinar) webinar.points = 15;
  definition.decayGroups = [{ id: "default", halfLifeDays }];
  return definition;
}

/** Each round's half-life differs from the last, so every round rewrites every engaged contact. */
const halfLifeOfRound = (round: number) => 21 + 4 * round;

/**
 * The same scores written by hand for this one definition: what a DBA would write, no compiler.
 * Rules (see STARTER_DEFINITION): fit +20 senior, +15 200-5000 employees, -15 free mail; engagement with
 * the round's half-life: pricing views 10 (max 3 times), forms/downloads 15 (max 4), webinars/events 15 (max 3),
 * email clicks 3 (max 15 points), page views 1 (max 10 points).
 */
export function handWritten(workspaceId: string, at: string, halfLifeDays: number) {
  const free = [...FREE_MAIL_DOMAINS];
  return sql`
    create temp table baseline_scores as
    with e as (
      select contact_id,
        least(coalesce(sum(case when type = 'page_view' and strpos(lower(properties ->> 'path'), '/pricing') > 0 then 10 * d end), 0), 30) as pricing,
        least(coalesce(sum(case when type in ('form_submit', 'content_download') then 15 * d end), 0), 60) as forms,
        least(coalesce(sum(case when type in ('webinar', 'event') then 15 * d end), 0), 45) as webinars,
        least(coalesce(sum(case when type = 'email_click' then 3 * d end), 0), 15) as clicks,
        least(coalesce(sum(case when type = 'page_view' then d end), 0), 10) as views,
        bool_or(type = 'demo_request') as handoff
      from (
        select contact_id, type, properties,
          power(0.5::float8, extract(epoch from (${at}::timestamptz - occurred_at))::float8 / ${halfLifeDays * 86400}) as d
        from touches
        where workspace_id = ${workspaceId} and contact_id is not null and occurred_at <= ${at}::timestamptz
      ) t
      group by contact_id
    ),
    s as (
      select c.id as contact_id,
        (case when lower(c.seniority) in ('c_level', 'vp', 'director') then 20 else 0 end)
        + (case when a.employees between 200 and 5000 then 15 else 0 end)
        + (case when split_part(c.email, '@', 2) in ${free} then -15 else 0 end) as fit,
        round(coalesce(e.pricing, 0)::numeric, 2) + round(coalesce(e.forms, 0)::numeric, 2)
        + round(coalesce(e.webinars, 0)::numeric, 2) + round(coalesce(e.clicks, 0)::numeric, 2)
        + round(coalesce(e.views, 0)::numeric, 2) as engagement,
        coalesce(e.handoff, false) as handoff
      from contacts c
      left join accounts a on a.workspace_id = c.workspace_id and a.id = c.account_id
      left join e on e.contact_id = c.id
      where c.workspace_id = ${workspaceId} and c.archived_at is null
    )
    select contact_id, fit, engagement, fit + engagement as combined,
      (fit >= 15 and engagement >= 30) or fit + engagement >= 70 or handoff as mql
    from s`;
}

const checksum = (table: string, where = "") =>
  sql.raw(`select count(*)::int as n, md5(string_agg(contact_id::text || ':' || round(fit::numeric, 2)::text || ':' ||
    round(engagement::numeric, 2)::text || ':' || mql::text, ',' order by contact_id)) as digest from ${table} ${where}`);

async function timed<T>(work: () => Promise<T>) {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

export async function runB3(ctx: BenchContext): Promise<ResultRow[]> {
  log(`B3 rescore after activation: seeding ${ctx.scale} data on ${ctx.engine}`);
  const { dir, remove } = tempDir(ctx, "b3");
  const target = ctx.engine === "postgres" ? await createDatabase(ctx, "b3") : undefined;
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
      const workspace = { id: workspaceId, model_id: modelId };
      const [counts] = await queryRows<{ contacts: number; touches: number }>(
        db,
        sql`select (select count(*) from contacts)::int as contacts, (select count(*) from touches)::int as touches`,
      );
      // Two fresh approved versions to activate in turn (approval is not what is measured).
      const at = new Date();
      const oursMs: number[] = [];
      const baseMs: number[] = [];
      let scored = 0;
      for (let round = 0; round < 2; round++) {
        const [{ next }] = await queryRows<{ next: number }>(
          db,
          sql`select max(version)::int + 1 as next from scoring_model_versions where workspace_id = ${workspace.id} and model_id = ${workspace.model_id}`,
        );
        await db.execute(sql`
          insert into scoring_model_versions (workspace_id, id, model_id, version, status, definition, note, approved_at)
          values (${workspace.id}, gen_random_uuid(), ${workspace.model_id}, ${next}, 'approved', ${JSON.stringify(candidate(halfLifeOfRound(round)))}::jsonb, 'B3', now())`);
        const ours = await timed(() => activateScoringVersion(db, caller, workspace.model_id, next, at));
        scored = ours.result.scored;
        oursMs.push(ours.ms);
        log(
          `  ours: activated version ${next}, ${fmt.int(scored)} contacts scored (${fmt.int(ours.result.changed)} changed) in ${fmt.s(ours.ms)}`,
        );
        await db.execute(sql`drop table if exists baseline_scores`);
        const base = await timed(() =>
          db.execute(handWritten(workspace.id, at.toISOString(), halfLifeOfRound(round))),
        );
        baseMs.push(base.ms);
        log(`  baseline: hand-written SQL in ${fmt.s(base.ms)}`);
      }
      const [mine] = await queryRows<{ n: number; digest: string }>(
        db,
        checksum(
          "contact_scores",
          `where workspace_id = '${workspace.id}' and model_id = '${workspace.model_id}'`,
        ),
      );
      const [theirs] = await queryRows<{ n: number; digest: string }>(db, checksum("baseline_scores"));
      const same = mine.n === theirs.n && mine.digest === theirs.digest;
      const ours = Math.min(...oursMs);
      const baseline = Math.min(...baseMs);
      const ratio = ours / baseline;
      const check = same
        ? ""
        : ` CHECK FAILED: ours ${mine.n} rows ${mine.digest}, baseline ${theirs.n} rows ${theirs.digest}.`;
      return [
        {
          workload: "B3 full rescore after activation",
          engine: ctx.engine,
          scale: ctx.scale,
          ours: `${fmt.s(ours)} (${fmt.int(scored)} contacts, ${fmt.int(counts.touches)} touches)`,
          baseline: `${fmt.s(baseline)} (hand-written SQL)`,
          ratio: fmt.ratio(ratio),
          target: "<= 1.5",
          met: ratio <= 1.5 && same ? "yes" : "no",
          note:
            `Best of 2. Ours = activation (retire old version, upsert every contact's score, MQL events, account roll-up) ` +
            `in one transaction; baseline = CREATE TEMP TABLE AS the same scores; scores equal contact by contact: ${same ? "yes" : "no"}.${check}`,
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
