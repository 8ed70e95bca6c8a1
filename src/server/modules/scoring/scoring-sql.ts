// Turns a scoring definition into set-based SQL. Everything that computes a score goes through here:
// full rescores, live updates of a few contacts, explanations, score history and backtests. One path
// means the explanation of a contact always adds up to the score stored for it.
//
// Semantics (docs/scoring.md): a fit rule adds its points when all its conditions hold. An engagement
// rule sums, over its matching touches up to `at`, points x 0.5^(age / half-life); the sum is capped at
// max times x |points| or max points (a floor for negative rules) and rounded to 2 decimals. A count rule
// (min count set) adds its points once when at least that many matching touches happened. Fit and
// engagement are the sums of their rules, combined is their sum.
import { type SQL, sql } from "drizzle-orm";
import { FREE_MAIL_DOMAINS } from "../../../shared/free-mail.js";
import type {
  EngagementRule,
  FitCondition,
  FitRule,
  ScoringDefinition,
  TouchCondition,
} from "../../../shared/scoring.js";
import { uuidArray } from "../../lib/ids.js";

type Condition = FitCondition | TouchCondition;

const lowerList = (values: string[] | undefined) => (values ?? []).map((v) => v.toLowerCase());

/** A condition on a text expression (numbers are compared as numbers for "between"). */
function conditionSql(value: SQL, c: Condition): SQL {
  switch (c.operator) {
    case "in":
      return sql`(lower(${value}) in ${lowerList(c.values)})`;
    case "not_in":
      return sql`(${value} is null or lower(${value}) not in ${lowerList(c.values)})`;
    case "contains":
      return sql`(${sql.join(
        lowerList(c.values).map((v) => sql`strpos(lower(${value}), ${v}) > 0`),
        sql` or `,
      )})`;
    case "matches":
      return sql`(${value} ~* ${c.pattern ?? ""})`;
    case "between": {
      const number = sql`(case when ${value} ~ '^\\s*-?[0-9]+(\\.[0-9]+)?\\s*$' then (${value})::numeric end)`;
      const parts: SQL[] = [];
      if (c.min != null) parts.push(sql`${number} >= ${c.min}`);
      if (c.max != null) parts.push(sql`${number} <= ${c.max}`);
      return sql`coalesce(${sql.join(parts, sql` and `)}, false)`;
    }
    case "date_between": {
      // Dates are stored as ISO text (properties) or compared as the day of a timestamp column.
      const day = sql`(case when ${value} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}' then left(${value}, 10) end)`;
      const parts: SQL[] = [];
      if (c.from != null) parts.push(sql`${day} >= ${c.from}`);
      if (c.to != null) parts.push(sql`${day} <= ${c.to}`);
      return sql`coalesce(${sql.join(parts, sql` and `)}, false)`;
    }
    case "is_set":
      return sql`(${value} is not null and ${value} <> '')`;
    case "is_not_set":
      return sql`(${value} is null or ${value} = '')`;
  }
}

const freeMailDomains = `{${[...FREE_MAIL_DOMAINS].join(",")}}`;

/** Expressions over contacts c, accounts a, personas p, segments s, source campaigns sc (see fitJoins). */
export function fitFieldSql(field: string): SQL {
  if (field.startsWith("contact.properties."))
    return sql`(c.properties ->> ${field.slice("contact.properties.".length)})`;
  if (field.startsWith("account.properties."))
    return sql`(a.properties ->> ${field.slice("account.properties.".length)})`;
  switch (field) {
    case "contact.title":
      return sql`c.title`;
    case "contact.seniority":
      return sql`c.seniority`;
    case "contact.department":
      return sql`c.department`;
    case "contact.persona":
      return sql`p.name`;
    case "contact.country":
      return sql`c.country`;
    case "contact.region":
      return sql`c.region`;
    case "contact.email_domain":
      return sql`split_part(c.email, '@', 2)`;
    case "contact.free_mail":
      return sql`(case when split_part(c.email, '@', 2) = any(${freeMailDomains}::text[]) then 'yes' end)`;
    case "contact.source":
      return sql`c.source`;
    case "contact.source_campaign":
      return sql`sc.name`;
    case "contact.lead_status":
      return sql`c.lead_status`;
    case "contact.created_at":
      return sql`to_char(c.created_at at time zone 'UTC', 'YYYY-MM-DD')`;
    case "account.industry":
      return sql`a.industry`;
    case "account.employees":
      return sql`(a.employees::text)`;
    case "account.annual_revenue":
      return sql`(a.annual_revenue::text)`;
    case "account.country":
      return sql`a.country`;
    case "account.region":
      return sql`a.region`;
    case "account.segment":
      return sql`s.name`;
    default:
      throw new Error(`unknown fit field ${field}`);
  }
}

const NUMERIC_COLUMNS: Record<string, SQL> = {
  "account.employees": sql`a.employees`,
  "account.annual_revenue": sql`a.annual_revenue`,
};

/** "between" on a numeric column compares numbers directly (no text round trip over every row). */
function fitConditionSql(c: FitCondition): SQL {
  const column = NUMERIC_COLUMNS[c.field];
  if (column && c.operator === "between") {
    const parts: SQL[] = [];
    if (c.min != null) parts.push(sql`${column} >= ${c.min}`);
    if (c.max != null) parts.push(sql`${column} <= ${c.max}`);
    return sql`coalesce(${sql.join(parts, sql` and `)}, false)`;
  }
  return conditionSql(fitFieldSql(c.field), c);
}

export function fitRuleMatchSql(rule: FitRule): SQL {
  return sql.join(rule.conditions.map(fitConditionSql), sql` and `);
}

/** Rules an account can be scored by alone: every condition is on the account. */
export const isAccountRule = (rule: FitRule) => rule.conditions.every((c) => c.field.startsWith("account."));

/** Expressions over touches t and campaigns cmp. */
function touchFieldSql(c: TouchCondition): SQL {
  switch (c.field) {
    case "type":
      return sql`t.type`;
    case "event":
      return sql`(case when t.type = 'custom' then t.properties ->> 'event' end)`;
    case "channel":
      return sql`coalesce(t.channel, cmp.channel)`;
    case "campaign":
      return sql`cmp.name`;
    case "team":
      return sql`(t.team::text)`;
    case "property":
      return sql`(t.properties ->> ${c.property ?? ""})`;
  }
}

/** Touch types and teams are stored lower-case: "in" compares them without lower() on every row. */
function touchConditionSql(c: TouchCondition): SQL {
  if ((c.field === "type" || c.field === "team") && c.operator === "in")
    return sql`(${touchFieldSql(c)} in ${lowerList(c.values)})`;
  return conditionSql(touchFieldSql(c), c);
}

export function engagementRuleMatchSql(rule: EngagementRule, at: SQL): SQL {
  const parts = rule.conditions.map(touchConditionSql);
  if (rule.withinDays != null)
    parts.push(sql`t.occurred_at > ${at} - make_interval(days => ${rule.withinDays})`);
  return sql.join(parts, sql` and `);
}

function halfLifeOf(definition: ScoringDefinition, rule: EngagementRule) {
  return definition.decayGroups.find((g) => g.id === rule.group)?.halfLifeDays ?? null;
}

/** 0.5^(age / half-life) for touch t at time `at`, or 1 without decay. */
export function decaySql(definition: ScoringDefinition, rule: EngagementRule, at: SQL): SQL {
  const halfLife = halfLifeOf(definition, rule);
  if (halfLife == null) return sql`1::float8`;
  return sql`power(0.5::float8, extract(epoch from (${at} - t.occurred_at))::float8 / ${halfLife * 86400}::float8)`;
}

/** The cap's magnitude: max times x |points|, or max points; null when uncapped. */
export function capOf(rule: EngagementRule): number | null {
  if (rule.maxTimes != null) return rule.maxTimes * Math.abs(rule.points);
  if (rule.maxPoints != null) return rule.maxPoints;
  return null;
}

/**
 * What one matching touch adds to the rule's running sum: points x decay, or 1 for a count rule (whose
 * sum is then the number of matching touches).
 */
export function touchValueSql(definition: ScoringDefinition, rule: EngagementRule, at: SQL): SQL {
  return rule.minCount != null
    ? sql`1::float8`
    : sql`${rule.points}::float8 * ${decaySql(definition, rule, at)}`;
}

/** The rule's points from its running sum: capped decayed points, or the points once the count is reached. */
function ruleValueSql(rule: EngagementRule, sum: SQL): SQL {
  if (rule.minCount != null)
    return sql`(case when ${sum} >= ${rule.minCount} then ${rule.points} else 0 end)::numeric`;
  return cappedSql(rule, sum);
}

function cappedSql(rule: EngagementRule, uncapped: SQL): SQL {
  const cap = capOf(rule);
  const capped =
    cap == null
      ? uncapped
      : rule.points >= 0
        ? sql`least(${uncapped}, ${cap})`
        : sql`greatest(${uncapped}, ${-cap})`;
  return sql`round((${capped})::numeric, 2)`;
}

const usesField = (rules: { conditions: { field: string }[] }[], fields: string[]) =>
  rules.some((r) => r.conditions.some((c) => fields.includes(c.field)));

/** The campaign join over touches t, when a rule tests a touch's campaign or channel. */
export function campaignJoin(definition: ScoringDefinition): SQL {
  return usesField(definition.engagementRules, ["campaign", "channel"])
    ? sql`left join campaigns cmp on cmp.workspace_id = t.workspace_id and cmp.id = t.campaign_id`
    : sql``;
}

/** The persona and segment joins over contacts c and accounts a, when fit rules test them. */
export function fitJoins(rules: FitRule[]): SQL {
  return sql`${usesField(rules, ["contact.persona"]) ? sql`left join personas p on p.workspace_id = c.workspace_id and p.id = c.persona_id` : sql``}
    ${usesField(rules, ["account.segment"]) ? sql`left join segments s on s.workspace_id = a.workspace_id and s.id = a.segment_id` : sql``}
    ${usesField(rules, ["contact.source_campaign"]) ? sql`left join campaigns sc on sc.workspace_id = c.workspace_id and sc.id = c.source_campaign_id` : sql``}`;
}

export interface ScoreQueryOptions {
  workspaceId: string;
  /** Scores as of this time: touches after it are ignored and decay is measured up to it. */
  at: Date;
  /** Only these contacts (live updates, explanations); all when absent. */
  contactIds?: string[];
  /** Only contacts that existed at `at` (backtests). */
  existingAt?: boolean;
  /** Adds one column per rule (f_0..., e_0..., eu_0 uncapped) for explanations. */
  perRule?: boolean;
  /**
   * Scores each of these contacts as of its own time instead of `at` (calibration scores a contact as of
   * its outcome, so later touches never count); only these contacts are scored.
   */
  cutoffs?: { contactIds: string[]; at: Date[] };
}

const timeSql = (at: Date) => sql`${at.toISOString()}::timestamptz`;

/**
 * One row per contact: contact_id, account_id, fit, engagement, combined, grade, mql, handoff.
 * Grades: fit A-D by the fit thresholds, engagement 1-4 by the engagement ones.
 */
export function scoreQuery(definition: ScoringDefinition, options: ScoreQueryOptions): SQL {
  const cutoffs = options.cutoffs;
  const at = cutoffs ? sql`cut.at` : timeSql(options.at);
  const ws = options.workspaceId;
  const ids = cutoffs?.contactIds ?? options.contactIds;
  const cutoffJoin = cutoffs
    ? sql`join unnest(${uuidArray(cutoffs.contactIds)}, ${`{${cutoffs.at.map((d) => d.toISOString()).join(",")}}`}::timestamptz[]) as cut(contact_id, at) on cut.contact_id = t.contact_id`
    : sql``;
  const handoff = definition.mql.handoffTouchTypes;
  const engagementColumns = definition.engagementRules.map(
    (rule, i) =>
      sql`coalesce(sum(case when ${engagementRuleMatchSql(rule, at)} then ${touchValueSql(definition, rule, at)} end), 0) as ${sql.raw(`eu_${i}`)}`,
  );
  const handoffColumn =
    handoff.length > 0 ? sql`bool_or(t.type in ${handoff}) as handoff` : sql`false as handoff`;
  const touchScope = ids ? sql`and t.contact_id = any(${uuidArray(ids)})` : sql``;
  const engagement = sql`
    select t.contact_id${engagementColumns.length ? sql`, ${sql.join(engagementColumns, sql`, `)}` : sql``}, ${handoffColumn}
    from touches t
    ${cutoffJoin}
    ${campaignJoin(definition)}
    where t.workspace_id = ${ws} and t.contact_id is not null and t.occurred_at <= ${at} ${touchScope}
    group by t.contact_id`;

  const fitColumns = definition.fitRules.map(
    (rule, i) =>
      sql`(case when ${fitRuleMatchSql(rule)} then ${rule.points} else 0 end) as ${sql.raw(`f_${i}`)}`,
  );
  const cappedColumns = definition.engagementRules.map(
    (rule, i) =>
      sql`${ruleValueSql(rule, sql`coalesce(e.${sql.raw(`eu_${i}`)}, 0)`)} as ${sql.raw(`e_${i}`)}`,
  );
  const uncappedColumns = definition.engagementRules.map(
    (_rule, i) => sql`coalesce(e.${sql.raw(`eu_${i}`)}, 0) as ${sql.raw(`eu_${i}`)}`,
  );
  const perContact = sql`
    select c.id as contact_id, c.account_id,
      ${sql.join([...fitColumns, ...cappedColumns, ...(options.perRule ? uncappedColumns : [])], sql`, `)}${fitColumns.length + cappedColumns.length ? sql`,` : sql``}
      coalesce(e.handoff, false) as handoff
    from contacts c
    left join accounts a on a.workspace_id = c.workspace_id and a.id = c.account_id
    ${fitJoins(definition.fitRules)}
    left join (${engagement}) e on e.contact_id = c.id
    where c.workspace_id = ${ws} and c.archived_at is null
      ${ids ? sql`and c.id = any(${uuidArray(ids)})` : sql``}
      ${options.existingAt ? sql`and c.created_at <= ${at}` : sql``}`;

  const sum = (prefix: string, n: number) =>
    n === 0 ? sql`0::numeric` : sql.raw(Array.from({ length: n }, (_, i) => `${prefix}_${i}`).join(" + "));
  const fit = sum("f", definition.fitRules.length);
  const engagementSum = sum("e", definition.engagementRules.length);
  const g = definition.grades;
  const mqlAlternatives = definition.mql.anyOf.map((alt) => {
    const parts: SQL[] = [];
    if (alt.fit != null) parts.push(sql`fit >= ${alt.fit}`);
    if (alt.engagement != null) parts.push(sql`engagement >= ${alt.engagement}`);
    if (alt.combined != null) parts.push(sql`fit + engagement >= ${alt.combined}`);
    return sql`(${sql.join(parts, sql` and `)})`;
  });
  const mql = sql.join([...mqlAlternatives, sql`handoff`], sql` or `);
  const extra = options.perRule
    ? [
        ...definition.fitRules.map((_r, i) => sql.raw(`, f_${i}`)),
        ...definition.engagementRules.map((_r, i) => sql.raw(`, e_${i}, eu_${i}`)),
      ]
    : [];
  return sql`
    select contact_id, account_id, fit, engagement, fit + engagement as combined,
      (case when fit >= ${g.fit[0]} then 'A' when fit >= ${g.fit[1]} then 'B' when fit >= ${g.fit[2]} then 'C' else 'D' end)
      || (case when engagement >= ${g.engagement[0]} then '1' when engagement >= ${g.engagement[1]} then '2' when engagement >= ${g.engagement[2]} then '3' else '4' end) as grade,
      (${mql}) as mql, handoff${sql.join(extra, sql``)}
    from (
      select r.*, (${fit})::numeric as fit, (${engagementSum})::numeric as engagement
      from (${perContact}) r
      -- OFFSET 0 keeps PostgreSQL from inlining fit and engagement into every grade and MQL test.
      offset 0
    ) scored`;
}
