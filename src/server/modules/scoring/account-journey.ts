// The account journey (docs/abm.md): each account's stage (target, aware, engaged, marketing-qualified
// account, opportunity, customer) read from its account score under the journey's model (the workspace's
// thresholds) and its deals, with every stage change and the score per day on record; and engagement spikes
// (this week's touches against the weekly average of the four weeks before) that tell the account's pod.
// Event-driven: writeAccountScores calls refreshJourneys for the accounts it just scored (the live path on
// every batch of touches, or every account in one set-based pass on a full rescore); deals call it too.
import { sql } from "drizzle-orm";
import { type AbmSettings, DEFAULT_ABM_SETTINGS } from "../../../shared/abm.js";
import { type Db, queryRows } from "../../db/client.js";
import { uuidArray } from "../../lib/ids.js";
import { notify } from "../notifications/notify.js";

type Settings = Omit<AbmSettings, "modelName">;

const TTL_MS = 2_000;
const cache = new Map<string, { at: number; value: Promise<Settings> }>();

export function forgetJourneySettings(workspaceId: string) {
  cache.delete(workspaceId);
  modelCache.delete(workspaceId);
}

/** The workspace's journey thresholds (the defaults until a lead changes them); cached for 2 s. */
export function journeySettings(db: Db, workspaceId: string): Promise<Settings> {
  const hit = cache.get(workspaceId);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
  const value = queryRows<Settings>(
    db,
    sql`select model_id as "modelId", aware_engagement as "awareEngagement", engaged_engagement as "engagedEngagement",
          mqa_fit as "mqaFit", mqa_engagement as "mqaEngagement", spike_multiplier as "spikeMultiplier",
          spike_min_touches as "spikeMinTouches", committee_days as "committeeDays"
        from abm_settings where workspace_id = ${workspaceId}`,
  ).then((rows) => rows[0] ?? { ...DEFAULT_ABM_SETTINGS });
  if (cache.size > 10_000) cache.clear();
  cache.set(workspaceId, { at: Date.now(), value });
  value.catch(() => cache.delete(workspaceId));
  return value;
}

const modelCache = new Map<string, { at: number; value: Promise<{ id: string; name: string } | null> }>();

/**
 * The model whose account scores the journey reads: the chosen one while it is live, else the first live model
 * by name. Cached for 2 s (it is asked on every batch of touches); `expect` (a model whose scores were just
 * written) skips a cached answer that names another model, so an activation is never missed.
 */
export async function journeyModel(
  db: Db,
  workspaceId: string,
  settings?: Settings,
  expect?: string,
): Promise<{ id: string; name: string } | null> {
  const hit = modelCache.get(workspaceId);
  if (hit && Date.now() - hit.at < TTL_MS) {
    const cached = await hit.value;
    if (!expect || cached?.id === expect) return cached;
  }
  const value = loadJourneyModel(db, workspaceId, settings);
  if (modelCache.size > 10_000) modelCache.clear();
  modelCache.set(workspaceId, { at: Date.now(), value });
  value.catch(() => modelCache.delete(workspaceId));
  return value;
}

async function loadJourneyModel(db: Db, workspaceId: string, settings?: Settings) {
  const s = settings ?? (await journeySettings(db, workspaceId));
  const rows = await queryRows<{ id: string; name: string }>(
    db,
    sql`select m.id, m.name from scoring_models m
        join scoring_model_versions v on v.workspace_id = m.workspace_id and v.model_id = m.id and v.status = 'active'
        where m.workspace_id = ${workspaceId}
        order by (m.id = ${s.modelId}::uuid) desc nulls last, m.name limit 1`,
  );
  return rows[0] ?? null;
}

/** The stage an account is in, from its score (f, e), whether it has a won deal (won) or an open one (open). */
export function journeyStageSql(s: Settings) {
  return sql`case when won then 'customer' when open then 'opportunity'
    when fit >= ${s.mqaFit}::float8 and engagement >= ${s.mqaEngagement}::float8 then 'mqa'
    when engagement >= ${s.engagedEngagement}::float8 then 'engaged'
    when engagement >= ${s.awareEngagement}::float8 and engagement > 0 then 'aware'
    else 'target' end`;
}

/**
 * Touches of the given accounts: on the account itself, or by a contact at it (a touch recorded before the
 * contact joined the account has no account of its own). Columns: account_id, touch columns t.*.
 */
export function accountTouchesSql(workspaceId: string, accountIds: SqlIds) {
  return sql`(select t.account_id as acct, t.occurred_at, t.type, t.id from touches t
      where t.workspace_id = ${workspaceId} and t.account_id = any(${accountIds})
    union all
    select c.account_id as acct, t.occurred_at, t.type, t.id from contacts c
      join touches t on t.workspace_id = c.workspace_id and t.contact_id = c.id and t.account_id is null
      where c.workspace_id = ${workspaceId} and c.account_id = any(${accountIds}))`;
}
type SqlIds = ReturnType<typeof uuidArray>;

/**
 * Recomputes the journey of `accountIds` (every account when null) under the journey model: the stage, a
 * stage change record when it moved, the day's score when it changed, in one statement. On the live path
 * (`spikes`), also looks for engagement spikes and tells each spiking account's pod (once a week at most).
 */
export async function refreshJourneys(
  db: Db,
  workspaceId: string,
  accountIds: string[] | null,
  at: Date,
  options: { spikes?: boolean; modelId?: string } = {},
): Promise<void> {
  if (accountIds && accountIds.length === 0) return;
  const settings = await journeySettings(db, workspaceId);
  const model = await journeyModel(db, workspaceId, settings, options.modelId);
  if (options.modelId && model?.id !== options.modelId) return;
  const modelId = model?.id ?? null;
  const stamp = sql`${at.toISOString()}::timestamptz`;
  const scope = accountIds ? sql`and a.id = any(${uuidArray(accountIds)})` : sql``;
  const prevScope = accountIds ? sql`and j.account_id = any(${uuidArray(accountIds)})` : sql``;
  await db.execute(sql`
    with src as (
      select a.id as account_id, coalesce(sc.fit, 0)::float8 as fit, coalesce(sc.engagement, 0)::float8 as engagement,
        coalesce(d.won, false) as won, coalesce(d.open, false) as open
      from accounts a
      left join account_scores sc on sc.workspace_id = a.workspace_id and sc.model_id = ${modelId}::uuid and sc.account_id = a.id
      left join (
        select o.account_id, bool_or(o.stage = 'closed_won') as won, bool_or(o.stage not in ('closed_won', 'closed_lost')) as open
        from opportunities o
        where o.workspace_id = ${workspaceId} and o.archived_at is null
          ${accountIds ? sql`and o.account_id = any(${uuidArray(accountIds)})` : sql``}
        group by o.account_id
      ) d on d.account_id = a.id
      where a.workspace_id = ${workspaceId} and a.archived_at is null ${scope}
    ),
    staged as (select account_id, fit, engagement, ${journeyStageSql(settings)} as stage from src),
    prev as (select j.account_id, j.stage, j.fit, j.engagement from account_journeys j
             where j.workspace_id = ${workspaceId} ${prevScope}),
    moved as (
      insert into account_stage_changes (workspace_id, id, account_id, from_stage, to_stage, fit, engagement, changed_at)
      -- The id follows from the move itself (account, moment, stage), so a reseed writes the same rows.
      select ${workspaceId}, md5(s.account_id::text || ${at.toISOString()} || s.stage)::uuid, s.account_id, p.stage,
        s.stage, s.fit, s.engagement, ${stamp}
      from staged s left join prev p on p.account_id = s.account_id
      where p.stage is distinct from s.stage
      returning 1
    ),
    days as (
      insert into account_score_days (workspace_id, account_id, day, fit, engagement)
      select ${workspaceId}, s.account_id, (${stamp} at time zone 'UTC')::date, s.fit, s.engagement
      from staged s left join prev p on p.account_id = s.account_id
      where (p.fit, p.engagement) is distinct from (s.fit, s.engagement)
      on conflict (workspace_id, account_id, day) do update set fit = excluded.fit, engagement = excluded.engagement
      returning 1
    )
    insert into account_journeys (workspace_id, account_id, stage, fit, engagement, since, updated_at)
    select ${workspaceId}, s.account_id, s.stage, s.fit, s.engagement, ${stamp}, ${stamp} from staged s
    on conflict (workspace_id, account_id) do update set
      stage = excluded.stage, fit = excluded.fit, engagement = excluded.engagement, updated_at = excluded.updated_at,
      since = case when account_journeys.stage = excluded.stage then account_journeys.since else excluded.since end
    where (account_journeys.stage, account_journeys.fit, account_journeys.engagement)
      is distinct from (excluded.stage, excluded.fit, excluded.engagement)`);
  if (options.spikes && accountIds) await detectSpikes(db, workspaceId, accountIds, at, settings);
}

/** This week's touches against the weekly average of the 28 days before, per account. */
export function spikeWindowSql(workspaceId: string, accountIds: SqlIds, at: Date) {
  const stamp = sql`${at.toISOString()}::timestamptz`;
  return sql`(select acct as account_id,
      count(*) filter (where occurred_at > ${stamp} - interval '7 days')::int as week,
      (count(*) filter (where occurred_at <= ${stamp} - interval '7 days') / 4.0)::float8 as baseline
    from ${accountTouchesSql(workspaceId, accountIds)} x
    where occurred_at > ${stamp} - interval '35 days' and occurred_at <= ${stamp}
    group by acct)`;
}

/** Whether a spike window row `w` (spikeWindowSql) spikes under the settings: the one rule, read and notified. */
export const spikeRuleSql = (s: Pick<Settings, "spikeMinTouches" | "spikeMultiplier">) =>
  sql`(w.week >= ${s.spikeMinTouches} and w.week >= ${s.spikeMultiplier}::float8 * w.baseline)`;

async function detectSpikes(db: Db, workspaceId: string, accountIds: string[], at: Date, s: Settings) {
  const stamp = sql`${at.toISOString()}::timestamptz`;
  const spiking = await queryRows<{
    account_id: string;
    name: string;
    week: number;
    baseline: number;
    recipients: string[];
  }>(
    db,
    sql`with w as ${spikeWindowSql(workspaceId, uuidArray(accountIds), at)},
      hit as (
        update account_journeys j set spike_at = ${stamp}
        from w
        where j.workspace_id = ${workspaceId} and j.account_id = w.account_id
          and ${spikeRuleSql(s)}
          and (j.spike_at is null or j.spike_at <= ${stamp} - interval '7 days')
        returning j.account_id
      )
      select a.id as account_id, a.name, w.week, w.baseline,
        array(select pm.member_id::text from pod_members pm where pm.workspace_id = a.workspace_id and pm.pod_id = a.pod_id) as recipients
      from hit join accounts a on a.workspace_id = ${workspaceId} and a.id = hit.account_id
      join w on w.account_id = hit.account_id`,
  );
  if (spiking.length === 0) return;
  await notify(
    db,
    workspaceId,
    spiking.map((r) => ({
      kind: "account.spike",
      title: `${r.name} is spiking: ${r.week} touches this week`,
      body: `${r.week} touches in the last 7 days against ${Math.round(r.baseline * 10) / 10} a week over the 4 weeks before.`,
      link: `/accounts/${r.account_id}`,
      recipients: r.recipients,
      data: { accountId: r.account_id, touchesThisWeek: r.week, weeklyBaseline: r.baseline },
    })),
    at,
  );
}
