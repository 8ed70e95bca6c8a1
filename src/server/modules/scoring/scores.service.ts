// Live scores: writes each contact's and account's score under every active model version (all contacts
// on activation, the affected ones on every touch or attribute change), records MQL crossings and says
// which contacts crossed (the caller moves them with moveMqlCrossings, then hands them off: writing a score
// moves no stage by itself), and answers the per-contact explanation, score history, distribution and
// rule counts.
import { type SQL, sql } from "drizzle-orm";
import type { ScoringDefinition } from "../../../shared/scoring.js";
import { type Db, queryPrepared, queryRows } from "../../db/client.js";
import { notFound } from "../../lib/errors.js";
import { uuidArray } from "../../lib/ids.js";
import { moveStage, type StageMove } from "../lifecycle/lifecycle.service.js";
import { refreshJourneys } from "./account-journey.js";
import {
  campaignJoin,
  decaySql,
  engagementRuleMatchSql,
  fitJoins,
  fitRuleMatchSql,
  isAccountRule,
  scoreQuery,
} from "./scoring-sql.js";

export interface LiveVersion {
  id: string;
  modelId: string;
  modelName: string;
  version: number;
  definition: ScoringDefinition;
}

// Every touch asks which versions are live; they change only on activation or retirement, which forget
// the answer on this process at once (other processes within ACTIVE_TTL_MS).
const ACTIVE_TTL_MS = 2_000;
const activeCache = new Map<string, { at: number; versions: Promise<LiveVersion[]> }>();

export function forgetActiveVersions(workspaceId: string) {
  activeCache.delete(workspaceId);
}

export function activeVersions(db: Db, workspaceId: string): Promise<LiveVersion[]> {
  const cached = activeCache.get(workspaceId);
  if (cached && Date.now() - cached.at < ACTIVE_TTL_MS) return cached.versions;
  const versions = loadActiveVersions(db, workspaceId);
  activeCache.set(workspaceId, { at: Date.now(), versions });
  versions.catch(() => activeCache.delete(workspaceId));
  return versions;
}

async function loadActiveVersions(db: Db, workspaceId: string): Promise<LiveVersion[]> {
  return queryRows<LiveVersion>(
    db,
    sql`select v.id, v.model_id as "modelId", m.name as "modelName", v.version, v.definition
        from scoring_model_versions v
        join scoring_models m on m.workspace_id = v.workspace_id and m.id = v.model_id
        where v.workspace_id = ${workspaceId} and v.status = 'active'
        order by m.name`,
  );
}

/** Contacts that crossed the MQL condition of one version in one score write. */
export interface MqlCrossing {
  version: LiveVersion;
  contactIds: string[];
}

/**
 * Writes the scores of `contactIds` (all contacts when absent) under one version, and an MQL event for
 * each contact that crosses the MQL condition (was not an MQL under this model before, is now); returns
 * those contacts as `crossing`.
 */
export async function writeScores(
  db: Db,
  workspaceId: string,
  version: LiveVersion,
  options: {
    at?: Date;
    contactIds?: string[];
    cause: string;
    /** Full rescores only: also roll the fresh scores up to every account. */
    withAccounts?: boolean;
  },
): Promise<{ crossed: number; scored: number; changed: number; crossing: MqlCrossing }> {
  const at = options.at ?? new Date();
  const query = scoreQuery(version.definition, { workspaceId, at, contactIds: options.contactIds });
  const stamp = sql`${at.toISOString()}::timestamptz`;
  const event = (from: SQL) => sql`
    insert into score_events (workspace_id, id, model_id, version_id, contact_id, kind, occurred_at, detail)
    select ${workspaceId}, md5(${version.id}::text || f.contact_id::text || ${at.toISOString()}::text)::uuid,
      ${version.modelId}, ${version.id}, f.contact_id, 'mql_reached', ${stamp},
      jsonb_build_object('fit', f.fit, 'engagement', f.engagement, 'grade', f.grade, 'handoff', f.handoff, 'cause', ${options.cause}::text)
    from ${from} f
    left join contact_scores p on p.workspace_id = ${workspaceId} and p.model_id = ${version.modelId} and p.contact_id = f.contact_id
    where f.mql and not coalesce(p.mql, false)`;
  // Unchanged scores are not rewritten: activating a version that changes one rule, or a touch that
  // moves nothing, costs no writes.
  const upsert = (from: SQL) => sql`
    insert into contact_scores (workspace_id, model_id, contact_id, fit, engagement, combined, grade, mql, scored_at)
    select ${workspaceId}, ${version.modelId}, contact_id, fit, engagement, combined, grade, mql, ${stamp}
    from ${from} f
    on conflict (workspace_id, model_id, contact_id) do update set
      fit = excluded.fit, engagement = excluded.engagement, combined = excluded.combined, grade = excluded.grade,
      mql = excluded.mql, scored_at = excluded.scored_at
    where (contact_scores.fit, contact_scores.engagement, contact_scores.grade, contact_scores.mql)
      is distinct from (excluded.fit, excluded.engagement, excluded.grade, excluded.mql)`;

  if (options.contactIds) {
    // The live path, a handful of contacts: one statement (the CTEs all see the scores as they were).
    const [row] = await queryPrepared<{ crossed: string[]; scored: number; changed: number }>(
      db,
      null,
      sql`with fresh as (${query}),
        crossed as (${event(sql`fresh`)} returning contact_id),
        written as (${upsert(sql`fresh`)} returning 1)
        select array(select contact_id::text from crossed) as crossed, (select count(*) from fresh)::int as scored,
          (select count(*) from written)::int as changed`,
    );
    return {
      crossed: row.crossed.length,
      scored: row.scored,
      changed: row.changed,
      crossing: { version, contactIds: row.crossed },
    };
  }
  // Every contact: computed once into a temporary table (CREATE TABLE AS may use parallel workers, an
  // INSERT ... SELECT may not), then events, upsert and the removal of contacts no longer scored.
  return db.transaction(async (tx) => {
    const t = tx;
    await t.execute(sql`drop table if exists scoring_fresh`);
    await t.execute(sql`create temp table scoring_fresh on commit drop as ${query}`);
    const crossed = (
      await queryRows<{ contact_id: string }>(
        t,
        sql`with e as (${event(sql`scoring_fresh`)} returning contact_id) select contact_id from e`,
      )
    ).map((r) => r.contact_id);
    const changed = await queryRows<{ n: number }>(
      t,
      sql`with w as (${upsert(sql`scoring_fresh`)} returning 1) select count(*)::int as n from w`,
    );
    const scored = await queryRows<{ n: number }>(t, sql`select count(*)::int as n from scoring_fresh`);
    // Archived contacts are no longer scored.
    // EXCEPT (a hashed set operation) rather than NOT EXISTS: a freshly filled contact_scores has no
    // statistics yet, and the planner would then pick a nested-loop anti-join.
    await t.execute(
      sql`delete from contact_scores s
          using (select contact_id from contact_scores where workspace_id = ${workspaceId} and model_id = ${version.modelId}
                 except select contact_id from scoring_fresh) gone
          where s.workspace_id = ${workspaceId} and s.model_id = ${version.modelId} and s.contact_id = gone.contact_id`,
    );
    if (options.withAccounts)
      await writeAccountScores(t, workspaceId, version, { at, contactEngagement: sql`scoring_fresh` });
    await t.execute(sql`drop table scoring_fresh`);
    return {
      crossed: crossed.length,
      scored: scored[0].n,
      changed: changed[0].n,
      crossing: { version, contactIds: crossed },
    };
  });
}

/**
 * Contacts that crossed the MQL condition become MQLs, when that is forward for them (an automatic move);
 * the caller hands the moves off next (modules/handoff).
 */
export async function moveMqlCrossings(
  db: Db,
  workspaceId: string,
  crossings: MqlCrossing[],
  at: Date,
): Promise<StageMove[]> {
  const moved: StageMove[] = [];
  for (const { version, contactIds } of crossings)
    moved.push(
      ...(await moveStage(
        db,
        workspaceId,
        { contacts: contactIds, toStage: "mql" },
        {
          cause: "rule",
          detail: `Met the MQL condition of ${version.modelName}, version ${version.version}`,
        },
        { at },
      )),
    );
  return moved;
}

/** Account fit (rules on account attributes only) plus its contacts' engagement with diminishing returns:
 * the most engaged contact counts in full, the 2nd half, the 3rd a third... */
export async function writeAccountScores(
  db: Db,
  workspaceId: string,
  version: LiveVersion,
  options: {
    at?: Date;
    accountIds?: string[];
    /** A relation of (account_id, engagement) per contact; default: the stored contact scores. */
    contactEngagement?: SQL;
  },
) {
  const at = options.at ?? new Date();
  const rules = version.definition.fitRules.filter(isAccountRule);
  const source =
    options.contactEngagement ??
    sql`(select c.account_id, s.engagement
         from contact_scores s join contacts c on c.workspace_id = s.workspace_id and c.id = s.contact_id
         where s.workspace_id = ${workspaceId} and s.model_id = ${version.modelId})`;
  const fit = rules.length
    ? sql.join(
        rules.map((r) => sql`(case when ${fitRuleMatchSql(r)} then ${r.points} else 0 end)`),
        sql` + `,
      )
    : sql`0`;
  const scope = options.accountIds ? sql`and a.id = any(${uuidArray(options.accountIds)})` : sql``;
  await queryPrepared(
    db,
    null,
    sql`
    insert into account_scores (workspace_id, model_id, account_id, fit, engagement, combined, engaged_contacts, scored_at)
    select ${workspaceId}, ${version.modelId}, a.id, f.fit, coalesce(r.engagement, 0), f.fit + coalesce(r.engagement, 0),
      coalesce(r.engaged, 0), ${at.toISOString()}::timestamptz
    from accounts a
    ${fitJoins(rules)}
    cross join lateral (select (${fit})::float8 as fit) f
    left join (
      select account_id, round(sum(engagement / rank)::numeric, 2)::float8 as engagement, count(*) filter (where engagement > 0)::int as engaged
      from (
        select c.account_id, c.engagement, row_number() over (partition by c.account_id order by c.engagement desc) as rank
        from ${source} c
        where c.account_id is not null ${options.accountIds ? sql`and c.account_id = any(${uuidArray(options.accountIds)})` : sql``}
      ) ranked group by account_id
    ) r on r.account_id = a.id
    where a.workspace_id = ${workspaceId} and a.archived_at is null ${scope}
    on conflict (workspace_id, model_id, account_id) do update set
      fit = excluded.fit, engagement = excluded.engagement, combined = excluded.combined,
      engaged_contacts = excluded.engaged_contacts, scored_at = excluded.scored_at
    where (account_scores.fit, account_scores.engagement, account_scores.engaged_contacts)
      is distinct from (excluded.fit, excluded.engagement, excluded.engaged_contacts)`,
  );
  // The journey model's scores move the accounts' journey (and, on the live path, may show a spike).
  await refreshJourneys(db, workspaceId, options.accountIds ?? null, at, {
    modelId: version.modelId,
    spikes: options.accountIds != null,
  });
}

/** Full rescore of one version (on activation): every contact, then every account. */
export async function rescoreVersion(db: Db, workspaceId: string, version: LiveVersion, at = new Date()) {
  return writeScores(db, workspaceId, version, {
    at,
    cause: `version ${version.version} activated`,
    withAccounts: true,
  });
}

/**
 * The live path: after touches arrive or attributes change, rescores just these contacts (and their
 * accounts) under every active model; returns who crossed the MQL condition. Called inside the writer's
 * transaction.
 */
export async function rescoreContacts(
  db: Db,
  workspaceId: string,
  contactIds: Iterable<string>,
  at = new Date(),
): Promise<MqlCrossing[]> {
  const ids = [...new Set(contactIds)];
  if (ids.length === 0) return [];
  const versions = await activeVersions(db, workspaceId);
  if (versions.length === 0) return [];
  const crossings: MqlCrossing[] = [];
  const accountIds = (
    await queryPrepared<{ account_id: string }>(
      db,
      "scoring_accounts_of_contacts",
      sql`select distinct account_id from contacts where workspace_id = ${workspaceId} and id = any(${uuidArray(ids)}) and account_id is not null`,
    )
  ).map((r) => r.account_id);
  for (const version of versions) {
    const { crossing } = await writeScores(db, workspaceId, version, {
      at,
      contactIds: ids,
      cause: "touch or attribute change",
    });
    if (crossing.contactIds.length > 0) crossings.push(crossing);
    if (accountIds.length > 0) await writeAccountScores(db, workspaceId, version, { at, accountIds });
  }
  return crossings;
}

/** After an account's attributes change, its contacts' fit may change too; returns who crossed the MQL condition. */
export async function rescoreAccounts(
  db: Db,
  workspaceId: string,
  accountIds: string[],
  at = new Date(),
): Promise<MqlCrossing[]> {
  if (accountIds.length === 0) return [];
  const versions = await activeVersions(db, workspaceId);
  if (versions.length === 0) return [];
  const contacts = await queryRows<{ id: string }>(
    db,
    sql`select id from contacts where workspace_id = ${workspaceId} and account_id = any(${uuidArray(accountIds)}) and archived_at is null`,
  );
  if (contacts.length > 0)
    return rescoreContacts(
      db,
      workspaceId,
      contacts.map((c) => c.id),
      at,
    );
  for (const version of versions) await writeAccountScores(db, workspaceId, version, { at, accountIds });
  return [];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Why a contact has its score under one version, as of `at`: every rule, its points and the touches behind it. */
export async function explainScore(
  db: Db,
  workspaceId: string,
  version: LiveVersion,
  contactId: string,
  at = new Date(),
) {
  const { definition } = version;
  const [row] = await queryRows<Record<string, unknown>>(
    db,
    scoreQuery(definition, { workspaceId, at, contactIds: [contactId], perRule: true }),
  );
  if (!row) throw notFound("contact");
  const atSql = sql`${at.toISOString()}::timestamptz`;
  const touchColumns = definition.engagementRules.map(
    (rule, i) =>
      sql`(case when ${engagementRuleMatchSql(rule, atSql)} then ${rule.minCount != null ? sql`0::float8` : sql`${rule.points}::float8 * ${decaySql(definition, rule, atSql)}`} end) as ${sql.raw(`d_${i}`)}`,
  );
  const touchRows =
    touchColumns.length === 0
      ? []
      : await queryRows<Record<string, unknown>>(
          db,
          sql`select t.id, t.type, t.occurred_at, ${sql.join(touchColumns, sql`, `)}
              from touches t
              ${campaignJoin(definition)}
              where t.workspace_id = ${workspaceId} and t.contact_id = ${contactId} and t.occurred_at <= ${atSql}
              order by t.occurred_at desc`,
        );
  const num = (v: unknown) => Number(v ?? 0);
  const fit = num(row.fit);
  const engagement = num(row.engagement);
  const mqlReasons: string[] = [];
  const mqlMissing: string[] = [];
  definition.mql.anyOf.forEach((alt) => {
    const parts: string[] = [];
    if (alt.fit != null) parts.push(`fit ${fit} >= ${alt.fit}`);
    if (alt.engagement != null) parts.push(`engagement ${engagement} >= ${alt.engagement}`);
    if (alt.combined != null) parts.push(`combined ${round2(fit + engagement)} >= ${alt.combined}`);
    const holds =
      (alt.fit == null || fit >= alt.fit) &&
      (alt.engagement == null || engagement >= alt.engagement) &&
      (alt.combined == null || fit + engagement >= alt.combined);
    if (holds) mqlReasons.push(parts.join(" and "));
    else {
      const short: string[] = [];
      if (alt.fit != null && fit < alt.fit) short.push(`fit ${fit} of ${alt.fit}`);
      if (alt.engagement != null && engagement < alt.engagement)
        short.push(`engagement ${engagement} of ${alt.engagement}`);
      if (alt.combined != null && fit + engagement < alt.combined)
        short.push(`combined ${round2(fit + engagement)} of ${alt.combined}`);
      mqlMissing.push(`needs ${short.join(" and ")}`);
    }
  });
  if (row.handoff) mqlReasons.push(`hand-off touch (${definition.mql.handoffTouchTypes.join(", ")})`);
  return {
    modelId: version.modelId,
    modelName: version.modelName,
    version: version.version,
    fit,
    engagement,
    combined: num(row.combined),
    grade: String(row.grade),
    mql: Boolean(row.mql),
    scoredAt: at.toISOString(),
    fitRules: definition.fitRules.map((rule, i) => ({
      id: rule.id,
      label: rule.label,
      points: num(row[`f_${i}`]),
      matched: num(row[`f_${i}`]) !== 0,
    })),
    engagementRules: definition.engagementRules.map((rule, i) => {
      const value = num(row[`e_${i}`]);
      const uncapped = num(row[`eu_${i}`]);
      const touches = touchRows.filter((t) => t[`d_${i}`] != null);
      if (rule.minCount != null)
        return {
          id: rule.id,
          label: rule.label,
          pointsPerTouch: rule.points,
          halfLifeDays: null,
          minCount: rule.minCount,
          matchingTouches: touches.length,
          uncapped: value,
          value,
          capped: false,
          touches: touches.map((t) => ({
            id: String(t.id),
            type: String(t.type),
            occurredAt: new Date(t.occurred_at as string).toISOString(),
            decayedPoints: 0,
          })),
        };
      return {
        id: rule.id,
        label: rule.label,
        pointsPerTouch: rule.points,
        halfLifeDays: definition.decayGroups.find((g) => g.id === rule.group)?.halfLifeDays ?? null,
        minCount: null,
        matchingTouches: touches.length,
        uncapped: round2(uncapped),
        value,
        capped: Math.abs(round2(uncapped)) > Math.abs(value),
        touches: touches.map((t) => ({
          id: String(t.id),
          type: String(t.type),
          occurredAt: new Date(t.occurred_at as string).toISOString(),
          decayedPoints: round2(num(t[`d_${i}`])),
        })),
      };
    }),
    mqlReasons,
    mqlMissing: row.mql ? [] : mqlMissing,
  };
}

/** The contact's score under the version at weekly points over `days`, plus the moment of each touch. */
export async function scoreHistory(
  db: Db,
  workspaceId: string,
  version: LiveVersion,
  contactId: string,
  options: { days?: number; at?: Date } = {},
) {
  const at = options.at ?? new Date();
  const days = options.days ?? 180;
  const since = new Date(at.getTime() - days * 86_400_000);
  const touchTimes = await queryRows<{ occurred_at: string }>(
    db,
    sql`select occurred_at from touches where workspace_id = ${workspaceId} and contact_id = ${contactId}
        and occurred_at > ${since.toISOString()}::timestamptz and occurred_at <= ${at.toISOString()}::timestamptz
        order by occurred_at limit 200`,
  );
  const moments = new Set<number>();
  for (let t = since.getTime(); t < at.getTime(); t += 7 * 86_400_000) moments.add(t);
  for (const { occurred_at } of touchTimes) moments.add(new Date(occurred_at).getTime());
  moments.add(at.getTime());
  const sorted = [...moments].sort((a, b) => a - b);
  const points: { at: string; fit: number; engagement: number; combined: number }[] = [];
  // A few dozen small single-contact queries; each reads only this contact's touches by index.
  for (const moment of sorted) {
    const [row] = await queryRows<{ fit: string; engagement: string; combined: string }>(
      db,
      scoreQuery(version.definition, { workspaceId, at: new Date(moment), contactIds: [contactId] }),
    );
    if (!row) throw notFound("contact");
    points.push({
      at: new Date(moment).toISOString(),
      fit: Number(row.fit),
      engagement: Number(row.engagement),
      combined: Number(row.combined),
    });
  }
  return { points };
}

/** How many contacts each rule matches now (fit: the condition holds; engagement: at least one touch). */
export async function countRuleMatches(
  db: Db,
  workspaceId: string,
  definition: ScoringDefinition,
  at = new Date(),
) {
  const atSql = sql`${at.toISOString()}::timestamptz`;
  const fitCounts = definition.fitRules.map(
    (rule, i) => sql`count(*) filter (where ${fitRuleMatchSql(rule)})::int as ${sql.raw(`f_${i}`)}`,
  );
  const [fitRow] = await queryRows<Record<string, number>>(
    db,
    sql`select count(*)::int as contacts${fitCounts.length ? sql`, ${sql.join(fitCounts, sql`, `)}` : sql``}
        from contacts c
        left join accounts a on a.workspace_id = c.workspace_id and a.id = c.account_id
        ${fitJoins(definition.fitRules)}
        where c.workspace_id = ${workspaceId} and c.archived_at is null`,
  );
  // Per contact, how many touches match each rule; a rule reaches a contact with one (a count rule: its min count).
  const perContactCounts = definition.engagementRules.map(
    (rule, i) => sql`count(*) filter (where ${engagementRuleMatchSql(rule, atSql)}) as ${sql.raw(`m_${i}`)}`,
  );
  const engagementCounts = definition.engagementRules.map(
    (rule, i) =>
      sql`count(*) filter (where ${sql.raw(`m_${i}`)} >= ${rule.minCount ?? 1})::int as ${sql.raw(`e_${i}`)}`,
  );
  const [touchRow] =
    engagementCounts.length === 0
      ? [{} as Record<string, number>]
      : await queryRows<Record<string, number>>(
          db,
          sql`select ${sql.join(engagementCounts, sql`, `)}
              from (
                select t.contact_id, ${sql.join(perContactCounts, sql`, `)}
                from touches t
                join contacts c on c.workspace_id = t.workspace_id and c.id = t.contact_id and c.archived_at is null
                ${campaignJoin(definition)}
                where t.workspace_id = ${workspaceId} and t.occurred_at <= ${atSql}
                group by t.contact_id
              ) per_contact`,
        );
  return {
    contacts: fitRow.contacts,
    rules: [
      ...definition.fitRules.map((r, i) => ({ id: r.id, kind: "fit" as const, contacts: fitRow[`f_${i}`] })),
      ...definition.engagementRules.map((r, i) => ({
        id: r.id,
        kind: "engagement" as const,
        contacts: touchRow[`e_${i}`],
      })),
    ],
  };
}

/** Histogram of combined scores and the grade matrix of a model's live scores. */
export async function scoreDistribution(db: Db, workspaceId: string, modelId: string, bucketCount = 20) {
  const [range] = await queryRows<{
    contacts: number;
    mqls: number;
    low: number | null;
    high: number | null;
  }>(
    db,
    sql`select count(*)::int as contacts, count(*) filter (where mql)::int as mqls, min(combined) as low, max(combined) as high
        from contact_scores where workspace_id = ${workspaceId} and model_id = ${modelId}`,
  );
  const grades = await queryRows<{ grade: string; contacts: number }>(
    db,
    sql`select grade, count(*)::int as contacts from contact_scores
        where workspace_id = ${workspaceId} and model_id = ${modelId} group by grade order by grade`,
  );
  if (range.contacts === 0 || range.low == null || range.high == null)
    return { contacts: 0, mqls: 0, buckets: [], grades };
  const low = Math.floor(Number(range.low) / 5) * 5;
  const high = Math.max(low + 5, Math.ceil((Number(range.high) + 0.001) / 5) * 5);
  const width = Math.max(5, Math.ceil((high - low) / bucketCount / 5) * 5);
  const n = Math.ceil((high - low) / width);
  const counts = await queryRows<{ bucket: number; contacts: number }>(
    db,
    sql`select least(floor((combined - ${low}) / ${width})::int, ${n - 1}) as bucket, count(*)::int as contacts
        from contact_scores where workspace_id = ${workspaceId} and model_id = ${modelId}
        group by 1 order by 1`,
  );
  const byBucket = new Map(counts.map((c) => [Number(c.bucket), c.contacts]));
  return {
    contacts: range.contacts,
    mqls: range.mqls,
    buckets: Array.from({ length: n }, (_, i) => ({
      from: low + i * width,
      to: low + (i + 1) * width,
      contacts: byBucket.get(i) ?? 0,
    })),
    grades,
  };
}

export const SCORES_CSV_COLUMNS = [
  "contactId",
  "email",
  "name",
  "lifecycleStage",
  "fit",
  "engagement",
  "total",
  "grade",
  "mql",
  "model",
  "modelVersion",
  "scoredAt",
] as const;
type ScoreExportRow = Record<(typeof SCORES_CSV_COLUMNS)[number], string | number | boolean | null>;

const SCORE_EXPORT_PAGE = 1000;

/**
 * One page of a model's stored scores (contacts not archived), in contact id order after `after`: what the
 * scores export streams, a keyset page at a time.
 */
async function scoresPage(db: Db, workspaceId: string, modelId: string, after: string | null) {
  return queryRows<{
    contactId: string;
    email: string | null;
    name: string;
    lifecycleStage: string;
    fit: number;
    engagement: number;
    total: number;
    grade: string;
    mql: boolean;
    scoredAt: Date | string;
  }>(
    db,
    sql`select s.contact_id as "contactId", c.email, c.name, c.lifecycle_stage as "lifecycleStage", s.fit,
          s.engagement, s.combined as total, s.grade, s.mql, s.scored_at as "scoredAt"
        from contact_scores s
        join contacts c on c.workspace_id = s.workspace_id and c.id = s.contact_id
        where s.workspace_id = ${workspaceId} and s.model_id = ${modelId} and c.archived_at is null
          ${after ? sql`and s.contact_id > ${after}::uuid` : sql``}
        order by s.contact_id
        limit ${SCORE_EXPORT_PAGE}`,
  );
}

/**
 * Every stored score of one model, for the scores export: contact, fit, engagement, total, grade, whether it
 * meets the MQL condition, and the model and live version it was scored under. The first page is read here,
 * before any byte is sent, so a failure is an error answer rather than a broken download.
 */
export async function scoresExport(
  db: Db,
  workspaceId: string,
  model: { id: string; name: string },
  version: number | null,
) {
  const first = await scoresPage(db, workspaceId, model.id, null);
  const toRow = (r: (typeof first)[number]): ScoreExportRow => ({
    ...r,
    fit: Math.round(r.fit * 100) / 100,
    engagement: Math.round(r.engagement * 100) / 100,
    total: Math.round(r.total * 100) / 100,
    model: model.name,
    modelVersion: version,
    scoredAt: new Date(r.scoredAt).toISOString(),
  });
  async function* rows() {
    let page = first;
    for (;;) {
      for (const row of page) yield toRow(row);
      const last = page.at(-1);
      if (page.length < SCORE_EXPORT_PAGE || !last) return;
      page = await scoresPage(db, workspaceId, model.id, last.contactId);
    }
  }
  return rows();
}
