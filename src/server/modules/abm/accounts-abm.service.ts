// ABM on the account side: which segments an account matches (industry, size, revenue, region, custom
// properties) and what each segment holds live, the pipeline and revenue accounts produced (one definition,
// used by segments, target lists, proposals and the account page), the journey thresholds, an account's
// journey with its stage and score history, its buying committee, and one timeline of both teams' touches
// across all its contacts.
import { type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import type {
  AbmSettings,
  AccountJourney,
  accountTimelineQuerySchema,
  Committee,
  ProposalEvidence,
  updateAbmSettingsSchema,
} from "../../../shared/abm.js";
import { type Db, queryRows } from "../../db/client.js";
import { accounts } from "../../db/schema/index.js";
import type { Caller } from "../../lib/access.js";
import { recordAudit } from "../../lib/audit.js";
import { badRequest } from "../../lib/errors.js";
import { uuidArray } from "../../lib/ids.js";
import { cursorTimestampText, decodeCursor, encodeCursor, findRecord } from "../../lib/records.js";
import { activeDefinitions, criterionProblem } from "../properties/properties.service.js";
import {
  forgetJourneySettings,
  journeyModel,
  journeySettings,
  refreshJourneys,
  spikeRuleSql,
  spikeWindowSql,
} from "../scoring/account-journey.js";

/**
 * Whether account `a` is in segment `s` (both table aliases): set on the account by hand, or matching every
 * criterion the segment names (an empty criterion matches all).
 */
export const segmentMatchSql = (a = sql.raw("a"), s = sql.raw("s")) => sql`(${a}.segment_id = ${s}.id or (
  (cardinality(${s}.industries) = 0 or lower(${a}.industry) = any(select lower(x) from unnest(${s}.industries) x))
  and (${s}.min_employees is null or ${a}.employees >= ${s}.min_employees)
  and (${s}.max_employees is null or ${a}.employees <= ${s}.max_employees)
  and (${s}.min_annual_revenue is null or ${a}.annual_revenue >= ${s}.min_annual_revenue)
  and (${s}.max_annual_revenue is null or ${a}.annual_revenue <= ${s}.max_annual_revenue)
  and (cardinality(${s}.regions) = 0 or lower(${a}.region) = any(select lower(x) from unnest(${s}.regions) x)
       or lower(${a}.country) = any(select lower(x) from unnest(${s}.regions) x))
  and ${propertyCriteriaSql(a, s)}))`;

/**
 * Whether account `a` meets every custom-property criterion of segment `s` (see propertyCriterionSchema):
 * a value it equals, a range its number or date (ISO text) lies in, or a list holding its value (a list
 * property: any of its values). A property the account lacks meets none.
 */
const propertyCriteriaSql = (a: SQL, s: SQL) => {
  const value = sql`${a}.properties -> f.key`;
  const text = sql`${a}.properties ->> f.key`;
  const within = (cast: SQL) =>
    sql`(f.cond ->> 'min' is null or (${text})${cast} >= (f.cond ->> 'min')${cast})
      and (f.cond ->> 'max' is null or (${text})${cast} <= (f.cond ->> 'max')${cast})`;
  return sql`(case when ${s}.property_filters = '{}'::jsonb then true else not exists (
    select 1 from jsonb_each(${s}.property_filters) f(key, cond)
    where not coalesce(case
      when jsonb_typeof(f.cond) <> 'object' then ${value} = f.cond
      when f.cond ? 'anyOf' then case jsonb_typeof(${value})
        when 'array' then exists (select 1 from jsonb_array_elements(${value}) e(v)
          where f.cond -> 'anyOf' @> jsonb_build_array(e.v))
        else f.cond -> 'anyOf' @> jsonb_build_array(${value}) end
      else case jsonb_typeof(${value})
        when 'number' then ${within(sql`::numeric`)}
        when 'string' then ${within(sql``)}
        else false end
    end, false)) end)`;
};

/**
 * What each account's deals produced: pipeline (every deal's amount, won, lost or open), revenue (won deals)
 * and how many are open. Columns account_id, pipeline, revenue, open_opportunities; the one definition of
 * "pipeline and revenue per account" in ABM.
 */
export const accountDealsSql = (workspaceId: string) => sql`(select o.account_id,
    sum(o.amount)::float8 as pipeline,
    coalesce(sum(o.amount) filter (where o.stage = 'closed_won'), 0)::float8 as revenue,
    count(*) filter (where o.stage not in ('closed_won', 'closed_lost'))::int as open_opportunities
  from opportunities o where o.workspace_id = ${workspaceId} and o.archived_at is null
  group by o.account_id)`;

/** Every live segment's accounts now, how many are target accounts, and the pipeline and revenue they produced. */
export async function segmentNumbers(db: Db, workspaceId: string) {
  const items = await queryRows<{
    segmentId: string;
    accounts: number;
    targetAccounts: number;
    pipeline: number;
    revenue: number;
    openOpportunities: number;
  }>(
    db,
    sql`select s.id as "segmentId", count(a.id)::int as accounts,
          count(a.id) filter (where exists (select 1 from target_list_entries e where e.workspace_id = a.workspace_id
            and e.account_id = a.id and e.removed_at is null))::int as "targetAccounts",
          coalesce(sum(d.pipeline), 0)::float8 as pipeline, coalesce(sum(d.revenue), 0)::float8 as revenue,
          coalesce(sum(d.open_opportunities), 0)::int as "openOpportunities"
        from segments s
        left join accounts a on a.workspace_id = s.workspace_id and a.archived_at is null and ${segmentMatchSql()}
        left join ${accountDealsSql(workspaceId)} d on d.account_id = a.id
        where s.workspace_id = ${workspaceId} and s.archived_at is null
        group by s.id order by s.id`,
  );
  return { items };
}

/** The accounts in one segment now, most pipeline first, with their journey. */
export async function segmentAccounts(
  db: Db,
  workspaceId: string,
  segmentId: string,
  query: { offset: number; limit: number },
) {
  const rows = await queryRows<{
    accountId: string;
    name: string;
    domain: string | null;
    industry: string | null;
    employees: number | null;
    stage: string | null;
    fit: number | null;
    engagement: number | null;
    pipeline: number;
    revenue: number;
    total: number;
  }>(
    db,
    sql`select a.id as "accountId", a.name, a.domain, a.industry, a.employees, j.stage, j.fit, j.engagement,
          coalesce(d.pipeline, 0)::float8 as pipeline, coalesce(d.revenue, 0)::float8 as revenue,
          count(*) over ()::int as total
        from segments s
        join accounts a on a.workspace_id = s.workspace_id and a.archived_at is null and ${segmentMatchSql()}
        left join account_journeys j on j.workspace_id = a.workspace_id and j.account_id = a.id
        left join ${accountDealsSql(workspaceId)} d on d.account_id = a.id
        where s.workspace_id = ${workspaceId} and s.id = ${segmentId}
        order by coalesce(d.pipeline, 0) desc, a.name, a.id
        offset ${query.offset} limit ${query.limit}`,
  );
  return {
    items: rows.map(({ total: _, ...r }) => r),
    total: rows[0]?.total ?? (query.offset > 0 ? await countSegment(db, workspaceId, segmentId) : 0),
  };
}

async function countSegment(db: Db, workspaceId: string, segmentId: string) {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from segments s
        join accounts a on a.workspace_id = s.workspace_id and a.archived_at is null and ${segmentMatchSql()}
        where s.workspace_id = ${workspaceId} and s.id = ${segmentId}`,
  );
  return row.n;
}

/** A segment's criteria that the schemas cannot check alone: custom properties of accounts, personas of the workspace. */
export async function checkSegmentCriteria(
  db: Db,
  workspaceId: string,
  input: { propertyFilters?: Record<string, unknown>; committeePersonaIds?: string[] },
) {
  if (input.propertyFilters && Object.keys(input.propertyFilters).length > 0) {
    const definitions = await activeDefinitions(db, workspaceId, "accounts");
    for (const [key, criterion] of Object.entries(input.propertyFilters)) {
      const definition = definitions.get(key);
      if (!definition)
        throw badRequest("is not a custom property of accounts in this workspace", `propertyFilters.${key}`);
      const problem = criterionProblem(definition, criterion);
      if (problem) throw badRequest(problem, `propertyFilters.${key}`);
    }
  }
  const ids = input.committeePersonaIds ?? [];
  if (ids.length > 0) {
    const found = new Set(
      (
        await queryRows<{ id: string }>(
          db,
          sql`select id from personas where workspace_id = ${workspaceId} and id = any(${uuidArray(ids)})`,
        )
      ).map((r) => r.id),
    );
    const missing = ids.findIndex((id) => !found.has(id));
    if (missing >= 0)
      throw badRequest("is not a persona of this workspace", `committeePersonaIds.${missing}`);
  }
}

/** The data behind a proposal, per account: its journey score and stage, and its deals. */
export async function accountEvidence(
  db: Db,
  workspaceId: string,
  accountIds: string[],
): Promise<Map<string, ProposalEvidence>> {
  const rows = await queryRows<ProposalEvidence & { accountId: string }>(
    db,
    sql`select a.id as "accountId", j.fit, j.engagement, j.stage, coalesce(d.pipeline, 0)::float8 as pipeline,
          coalesce(d.revenue, 0)::float8 as revenue, coalesce(d.open_opportunities, 0)::int as "openOpportunities"
        from accounts a
        left join account_journeys j on j.workspace_id = a.workspace_id and j.account_id = a.id
        left join ${accountDealsSql(workspaceId)} d on d.account_id = a.id
        where a.workspace_id = ${workspaceId} and a.id = any(${uuidArray(accountIds)})`,
  );
  return new Map(rows.map(({ accountId, ...e }) => [accountId, e]));
}

// --- Settings ---------------------------------------------------------------------------------------------

export async function getAbmSettings(db: Db, workspaceId: string): Promise<AbmSettings> {
  const settings = await journeySettings(db, workspaceId);
  const model = await journeyModel(db, workspaceId, settings);
  return { ...settings, modelName: model?.name ?? null };
}

/** Changes the thresholds (leads), then puts every account's journey right in one set-based pass. */
export async function updateAbmSettings(
  db: Db,
  caller: Caller,
  input: z.output<typeof updateAbmSettingsSchema>,
): Promise<AbmSettings> {
  const ws = caller.workspaceId;
  const current = await journeySettings(db, ws);
  const next = { ...current, ...input };
  if (next.awareEngagement > next.engagedEngagement)
    throw badRequest("must not be below the aware threshold", "engagedEngagement");
  if (input.modelId) {
    const [model] = await queryRows<{ id: string }>(
      db,
      sql`select id from scoring_models where workspace_id = ${ws} and id = ${input.modelId}`,
    );
    if (!model) throw badRequest("is not a scoring model of this workspace", "modelId");
  }
  await db.transaction(async (t) => {
    await t.execute(sql`insert into abm_settings (workspace_id, model_id, aware_engagement, engaged_engagement, mqa_fit,
        mqa_engagement, spike_multiplier, spike_min_touches, committee_days, updated_at, updated_by)
      values (${ws}, ${next.modelId}, ${next.awareEngagement}, ${next.engagedEngagement}, ${next.mqaFit},
        ${next.mqaEngagement}, ${next.spikeMultiplier}, ${next.spikeMinTouches}, ${next.committeeDays}, now(), ${caller.memberId})
      on conflict (workspace_id) do update set model_id = excluded.model_id, aware_engagement = excluded.aware_engagement,
        engaged_engagement = excluded.engaged_engagement, mqa_fit = excluded.mqa_fit, mqa_engagement = excluded.mqa_engagement,
        spike_multiplier = excluded.spike_multiplier, spike_min_touches = excluded.spike_min_touches,
        committee_days = excluded.committee_days, updated_at = excluded.updated_at, updated_by = excluded.updated_by`);
    await recordAudit(t, ws, caller, {
      action: "abm.settings.updated",
      entityType: "abm_settings",
      summary: `${caller.name} changed the account journey thresholds`,
      before: current,
      after: next,
    });
    forgetJourneySettings(ws);
    await refreshJourneys(t, ws, null, new Date());
  });
  forgetJourneySettings(ws);
  return getAbmSettings(db, ws);
}

// --- One account ------------------------------------------------------------------------------------------

export async function accountJourney(
  db: Db,
  workspaceId: string,
  accountId: string,
): Promise<AccountJourney> {
  await findRecord(db, accounts, workspaceId, accountId, "Account");
  const settings = await getAbmSettings(db, workspaceId);
  const ids = uuidArray([accountId]);
  const [journey] = await queryRows<{
    stage: AccountJourney["stage"];
    fit: number;
    engagement: number;
    since: Date | string;
    spikeAt: Date | string | null;
  }>(
    db,
    sql`select stage, fit, engagement, since, spike_at as "spikeAt" from account_journeys
        where workspace_id = ${workspaceId} and account_id = ${accountId}`,
  );
  const [window] = await queryRows<{ week: number; baseline: number; spiking: boolean }>(
    db,
    sql`select week, baseline, ${spikeRuleSql(settings)} as spiking
        from ${spikeWindowSql(workspaceId, ids, new Date())} w`,
  );
  const lists = await queryRows<{
    listId: string;
    name: string;
    tier: AccountJourney["targetLists"][0]["tier"];
  }>(
    db,
    sql`select l.id as "listId", l.name, e.tier from target_list_entries e
        join target_lists l on l.workspace_id = e.workspace_id and l.id = e.list_id
        where e.workspace_id = ${workspaceId} and e.account_id = ${accountId} and e.removed_at is null
          and l.archived_at is null
        order by l.name`,
  );
  const segments = await matchedSegments(db, workspaceId, accountId);
  const [deals] = await queryRows<{ pipeline: number; revenue: number }>(
    db,
    sql`select pipeline, revenue from ${accountDealsSql(workspaceId)} d where d.account_id = ${accountId}`,
  );
  const stageHistory = await queryRows<AccountJourney["stageHistory"][0] & { changedAt: Date | string }>(
    db,
    sql`select from_stage as "fromStage", to_stage as "toStage", fit, engagement, changed_at as "changedAt"
        from account_stage_changes where workspace_id = ${workspaceId} and account_id = ${accountId}
        order by changed_at desc, id desc limit 100`,
  );
  const scoreHistory = await queryRows<{ day: string; fit: number; engagement: number }>(
    db,
    sql`select to_char(day, 'YYYY-MM-DD') as day, fit, engagement from account_score_days
        where workspace_id = ${workspaceId} and account_id = ${accountId}
        order by day desc limit 180`,
  );
  const iso = (d: Date | string | null) => (d == null ? null : new Date(d).toISOString());
  return {
    accountId,
    modelId: settings.modelId ?? null,
    modelName: settings.modelName ?? null,
    stage: journey?.stage ?? "target",
    fit: journey?.fit ?? 0,
    engagement: journey?.engagement ?? 0,
    since: iso(journey?.since ?? null),
    spikeAt: iso(journey?.spikeAt ?? null),
    spiking: window?.spiking ?? false,
    touchesThisWeek: window?.week ?? 0,
    weeklyBaseline: window?.baseline ?? 0,
    targetLists: lists,
    segments,
    pipeline: deals?.pipeline ?? 0,
    revenue: deals?.revenue ?? 0,
    stageHistory: stageHistory.map((h) => ({ ...h, changedAt: new Date(h.changedAt).toISOString() })),
    scoreHistory: scoreHistory.reverse(),
    settings,
  };
}

async function matchedSegments(db: Db, workspaceId: string, accountId: string) {
  return queryRows<{ id: string; name: string; committee: string[]; own: boolean }>(
    db,
    sql`select s.id, s.name, s.committee_persona_ids::text[] as committee, (a.segment_id = s.id) as own
        from accounts a join segments s on s.workspace_id = a.workspace_id and s.archived_at is null and ${segmentMatchSql()}
        where a.workspace_id = ${workspaceId} and a.id = ${accountId}
        order by (a.segment_id = s.id) desc, s.name`,
  ).then((rows) => rows.map((r) => ({ id: r.id, name: r.name, committee: r.committee, own: r.own })));
}

/**
 * The buying committee of an account: the personas its segment expects (its own segment when set, else every
 * segment it matches), and for each the contacts known at the account, whether any was touched in the last
 * `committeeDays` days, and what is missing in words.
 */
export async function accountCommittee(db: Db, workspaceId: string, accountId: string): Promise<Committee> {
  await findRecord(db, accounts, workspaceId, accountId, "Account");
  const { committeeDays: days } = await journeySettings(db, workspaceId);
  const matched = await matchedSegments(db, workspaceId, accountId);
  const applying = matched.some((s) => s.own) ? matched.filter((s) => s.own) : matched;
  const personaIds = [...new Set(applying.flatMap((s) => s.committee))];
  const rows = await queryRows<{
    personaId: string;
    persona: string;
    contactId: string | null;
    contactName: string | null;
    title: string | null;
    lastTouchAt: Date | string | null;
  }>(
    db,
    sql`select p.id as "personaId", p.name as persona, c.id as "contactId", c.name as "contactName", c.title,
          (select max(t.occurred_at) from touches t where t.workspace_id = c.workspace_id and t.contact_id = c.id
             and t.occurred_at <= now()) as "lastTouchAt"
        from personas p
        left join contacts c on c.workspace_id = p.workspace_id and c.persona_id = p.id and c.account_id = ${accountId}
          and c.archived_at is null
        where p.workspace_id = ${workspaceId} and p.id = any(${uuidArray(personaIds)})
        order by array_position(${uuidArray(personaIds)}, p.id), c.name`,
  );
  const since = Date.now() - days * 86_400_000;
  const roles: Committee["roles"] = [];
  for (const id of personaIds) {
    const mine = rows.filter((r) => r.personaId === id);
    if (mine.length === 0) continue; // archived or gone since the segment named it
    const contacts = mine
      .filter((r) => r.contactId)
      .map((r) => {
        const last = r.lastTouchAt ? new Date(r.lastTouchAt) : null;
        return {
          id: r.contactId as string,
          name: r.contactName ?? "",
          title: r.title,
          lastTouchAt: last?.toISOString() ?? null,
          engaged: last != null && last.getTime() >= since,
        };
      });
    const persona = mine[0].persona;
    const status = contacts.some((c) => c.engaged) ? "engaged" : contacts.length > 0 ? "known" : "missing";
    roles.push({
      personaId: id,
      persona,
      status,
      contacts,
      gap:
        status === "engaged"
          ? null
          : status === "known"
            ? `No ${persona} engaged in ${days} days`
            : `No ${persona} known at this account`,
    });
  }
  const [others] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from contacts c where c.workspace_id = ${workspaceId} and c.account_id = ${accountId}
          and c.archived_at is null and (c.persona_id is null or not (c.persona_id = any(${uuidArray(personaIds)})))`,
  );
  return {
    accountId,
    segments: applying.map((s) => ({ id: s.id, name: s.name })),
    days,
    roles,
    others: others.n,
  };
}

/** Both teams' touches at an account, across all its contacts, newest first (keyset pages). */
export async function accountTimeline(
  db: Db,
  workspaceId: string,
  accountId: string,
  query: z.output<typeof accountTimelineQuerySchema>,
) {
  await findRecord(db, accounts, workspaceId, accountId, "Account");
  let after: SQL = sql``;
  if (query.cursor) {
    const [at, id] = decodeCursor(query.cursor);
    after = sql`and (x.occurred_at, x.id) < (${cursorTimestampText(at)}::timestamptz, ${id}::uuid)`;
  }
  const team = query.team ? sql`and t.team = ${query.team}` : sql``;
  const rows = await queryRows<{
    id: string;
    type: string;
    team: "marketing" | "sales" | "revenue";
    channel: string | null;
    occurredAt: Date | string;
    contactId: string | null;
    contactName: string | null;
    campaignName: string | null;
    memberName: string | null;
    note: string | null;
    cursorAt: string;
  }>(
    db,
    sql`select x.occurred_at::text as "cursorAt", x.id, x.type, x.team, x.channel, x.occurred_at as "occurredAt", x.contact_id as "contactId",
          c.name as "contactName", k.name as "campaignName", u.name as "memberName", x.properties ->> 'note' as note
        from (
          select t.* from touches t where t.workspace_id = ${workspaceId} and t.account_id = ${accountId} ${team}
          union
          select t.* from contacts ct join touches t on t.workspace_id = ct.workspace_id and t.contact_id = ct.id
          where ct.workspace_id = ${workspaceId} and ct.account_id = ${accountId} ${team}
        ) x
        left join contacts c on c.workspace_id = x.workspace_id and c.id = x.contact_id
        left join campaigns k on k.workspace_id = x.workspace_id and k.id = x.campaign_id
        left join members m on m.workspace_id = x.workspace_id and m.id = x.member_id
        left join users u on u.id = m.user_id
        where true ${after}
        order by x.occurred_at desc, x.id desc
        limit ${query.limit + 1}`,
  );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(({ cursorAt: _, ...r }) => ({ ...r, occurredAt: new Date(r.occurredAt).toISOString() })),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.cursorAt, last.id) : null,
  };
}
