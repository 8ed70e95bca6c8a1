// Attribution reports: credits per campaign or channel under every model side by side, one deal's journey
// with each touch's credit, the deals behind a campaign's number, and campaign and source performance. The
// journeys are loaded set-based (attribution-journeys.ts) and credited by the pure engine
// (attribution-models.ts); the shared report filters (reports/report-filters.ts) decide who counts.
import { sql } from "drizzle-orm";
import type { z } from "zod";
import {
  ATTRIBUTION_MODEL_LABELS,
  ATTRIBUTION_MODELS,
  type AttributionBreakdown,
  type AttributionJourney,
  type AttributionMilestone,
  type AttributionModel,
  type AttributionQuery,
  type AttributionReport,
  type AttributionRow,
  type attributionPageQuerySchema,
  type journeyQuerySchema,
  type Performance,
  type PerformanceRow,
} from "../../../shared/attribution.js";
import { acceptanceRate } from "../../../shared/feedback.js";
import { enoughToJudge } from "../../../shared/sla.js";
import { type Db, queryRows } from "../../db/client.js";
import type { Caller } from "../../lib/access.js";
import { badRequest, notFound } from "../../lib/errors.js";
import { decisionSummary } from "../feedback/feedback.service.js";
import { type ReportScope, reportScope } from "../reports/report-filters.js";
import { activeVersions } from "../scoring/scores.service.js";
import { activeSla, minimumSampleOf } from "../sla/sla-agreement.service.js";
import {
  hasContactFilter,
  isDealMilestone,
  loadJourneys,
  loadNullTransitions,
  windowSql,
} from "./attribution-journeys.js";
import {
  attributeAll,
  countedTouches,
  creditJourney,
  type Journey,
  journeyKeyShares,
  type KeyCredit,
  keyOf,
  type ModelContext,
  NO_KEY,
  NO_TOUCH,
  OTHER_KEYS,
} from "./attribution-models.js";

type Options = Pick<AttributionQuery, "milestone" | "by" | "lookbackDays" | "halfLifeDays">;

const humanize = (value: string) => {
  const text = value.replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
};

interface Names {
  campaigns: Map<string, { name: string; channel: string; cost: number }>;
}

async function campaignNames(db: Db, ws: string): Promise<Names> {
  const rows = await queryRows<{ id: string; name: string; channel: string; cost: number }>(
    db,
    sql`select id, name, channel, cost::float8 as cost from campaigns where workspace_id = ${ws}`,
  );
  return {
    campaigns: new Map(rows.map((r) => [r.id, { name: r.name, channel: r.channel, cost: Number(r.cost) }])),
  };
}

/** How a key reads in a report: a campaign's name, a channel's label, or what the special keys mean. */
function describeKey(key: string, by: AttributionBreakdown, names: Names) {
  if (key === NO_TOUCH)
    return { key: null, kind: "no_touch" as const, label: "No touch in the window", channel: null };
  if (key === NO_KEY)
    return by === "campaign"
      ? { key: null, kind: "no_campaign" as const, label: "Touches without a campaign", channel: null }
      : { key: null, kind: "no_channel" as const, label: "Touches without a channel", channel: null };
  if (key === OTHER_KEYS)
    return { key: null, kind: "other" as const, label: `Other ${by}s (grouped)`, channel: null };
  if (by === "channel") return { key, kind: "channel" as const, label: humanize(key), channel: key };
  const campaign = names.campaigns.get(key);
  return { key, kind: "campaign" as const, label: campaign?.name ?? key, channel: campaign?.channel ?? null };
}

/** The computed report: journeys, the models' context, and each model's credits per key. */
export async function computeAttribution(db: Db, ws: string, scope: ReportScope, options: Options) {
  const [journeys, nulls] = await Promise.all([
    loadJourneys(db, ws, scope, options.milestone, options.lookbackDays),
    loadNullTransitions(db, ws, scope, options.milestone, options.by, options.lookbackDays),
  ]);
  const { context, byModel } = attributeAll(
    journeys,
    { by: options.by, halfLifeDays: options.halfLifeDays, lookbackDays: options.lookbackDays },
    ATTRIBUTION_MODELS,
    nulls.transitions,
  );
  return { journeys, nullPaths: nulls.paths, context, byModel };
}

const zeroCredits = () =>
  Object.fromEntries(
    ATTRIBUTION_MODELS.map((m) => [m, { conversions: 0, amount: 0 }]),
  ) as AttributionRow["credits"];

export async function attributionReport(
  db: Db,
  caller: Caller,
  query: AttributionQuery,
  now = new Date(),
): Promise<AttributionReport> {
  const ws = caller.workspaceId;
  const scope = await reportScope(db, ws, query, now);
  const [names, computed] = await Promise.all([
    campaignNames(db, ws),
    computeAttribution(db, ws, scope, query),
  ]);
  const { journeys, nullPaths, context, byModel } = computed;
  const rowsByKey = new Map<string, AttributionRow>();
  for (const model of ATTRIBUTION_MODELS)
    for (const credit of byModel.get(model)?.values() ?? []) {
      const row = rowsByKey.get(credit.key) ?? {
        ...describeKey(credit.key, query.by, names),
        credits: zeroCredits(),
      };
      row.credits[model] = { conversions: credit.conversions, amount: credit.amount };
      rowsByKey.set(credit.key, row);
    }
  const hasAmount = isDealMilestone(query.milestone);
  const measure = (r: AttributionRow, m: AttributionModel) =>
    hasAmount ? r.credits[m].amount : r.credits[m].conversions;
  const rows = [...rowsByKey.values()].sort(
    (a, b) => measure(b, query.model) - measure(a, query.model) || a.label.localeCompare(b.label),
  );
  const milestones = journeys.length;
  const amount = journeys.reduce((s, j) => s + j.amount, 0);
  let touches = 0;
  let withoutTouch = 0;
  for (const j of journeys) {
    const n = countedTouches(j, query.lookbackDays).length;
    touches += n;
    if (n === 0) withoutTouch += 1;
  }
  const share = (r: AttributionRow, m: AttributionModel) =>
    milestones > 0 ? r.credits[m].conversions / milestones : 0;
  const disagreement = rows
    .map((r) => {
      let low = { model: ATTRIBUTION_MODELS[0] as AttributionModel, share: share(r, ATTRIBUTION_MODELS[0]) };
      let high = { ...low };
      for (const m of ATTRIBUTION_MODELS) {
        const s = share(r, m);
        if (s < low.share) low = { model: m, share: s };
        if (s > high.share) high = { model: m, share: s };
      }
      return { key: r.key, label: r.label, low, high, spread: high.share - low.share };
    })
    .sort((a, b) => b.spread - a.spread || a.label.localeCompare(b.label));
  return {
    period: scope.period,
    milestone: query.milestone,
    model: query.model,
    by: query.by,
    lookbackDays: query.lookbackDays,
    halfLifeDays: query.halfLifeDays,
    milestones,
    amount,
    hasAmount,
    touches,
    withoutTouch,
    nullPaths,
    rows,
    models: ATTRIBUTION_MODELS.map((model) => {
      const top = [...rows].sort((a, b) => share(b, model) - share(a, model))[0];
      return {
        model,
        label: ATTRIBUTION_MODEL_LABELS[model],
        top: top && milestones > 0 ? { key: top.key, label: top.label, share: share(top, model) } : null,
      };
    }),
    markov: {
      conversionProbability: context.markov.conversionProbability,
      removalEffects: [...context.markov.removalEffects]
        .map(([key, effect]) => ({ ...describeKey(key, query.by, names), effect }))
        .map(({ key, label, effect }) => ({ key, label, effect }))
        .sort((a, b) => b.effect - a.effect || a.label.localeCompare(b.label)),
      grouped: context.markov.grouped.length,
    },
    disagreement,
  };
}

/** The report's rows as CSV lines: one per campaign or channel, conversions and amount under every model. */
export function attributionCsvRows(report: AttributionReport) {
  return report.rows.map((r) => {
    const line: Record<string, string | number | null> = {
      key: r.key,
      label: r.label,
      kind: r.kind,
      channel: r.channel,
    };
    for (const m of ATTRIBUTION_MODELS) {
      line[`${m}_conversions`] = round(r.credits[m].conversions, 4);
      if (report.hasAmount) line[`${m}_amount`] = round(r.credits[m].amount, 2);
    }
    return line;
  });
}

export function attributionCsvColumns(report: AttributionReport) {
  return [
    "key",
    "label",
    "kind",
    "channel",
    ...ATTRIBUTION_MODELS.flatMap((m) =>
      report.hasAmount ? [`${m}_conversions`, `${m}_amount`] : [`${m}_conversions`],
    ),
  ];
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

// ---------------------------------------------------------------------------------------------------------
// Explain it: one deal's journey.

export async function opportunityJourney(
  db: Db,
  caller: Caller,
  opportunityId: string,
  query: z.output<typeof journeyQuerySchema>,
  now = new Date(),
): Promise<AttributionJourney> {
  const ws = caller.workspaceId;
  const [deal] = await queryRows<{
    id: string;
    name: string;
    accountName: string | null;
    stage: string;
    amount: number;
    createdAt: Date | string;
    closedAt: Date | string | null;
  }>(
    db,
    sql`select o.id, o.name, a.name as "accountName", o.stage, o.amount::float8 as amount,
          o.created_at as "createdAt", o.closed_at as "closedAt"
        from opportunities o left join accounts a on a.workspace_id = o.workspace_id and a.id = o.account_id
        where o.workspace_id = ${ws} and o.id = ${opportunityId}`,
  );
  if (!deal) throw notFound("Opportunity");
  const milestone = query.milestone ?? (deal.stage === "closed_won" ? "closed_won" : "opportunity_created");
  if (milestone === "closed_won" && deal.stage !== "closed_won")
    throw badRequest("this deal is not won: ask for opportunity_created", "milestone");
  // The deal's own journey, whatever the report's period; Markov's shares come from the report it is
  // opened from (the same filters and period), as the report's numbers do.
  const scope = await reportScope(db, ws, query, now);
  const dealScope: ReportScope = {
    ...scope,
    start: new Date(0),
    end: new Date(Date.UTC(9999, 0, 1)),
    contacts: sql`c.workspace_id = ${ws}`,
    filters: { from: scope.filters.from, to: scope.filters.to },
  };
  const options = { ...query, milestone };
  const [[journey], computed, allTouches] = await Promise.all([
    loadJourneys(db, ws, dealScope, milestone, query.lookbackDays, opportunityId),
    computeAttribution(db, ws, scope, options),
    queryRows<{ n: number; after: number; before: number }>(
      db,
      sql`select count(*)::int as n,
            count(*) filter (where t.occurred_at > m.at)::int as after,
            count(*) filter (where t.occurred_at < m.at - ${windowSql(query.lookbackDays)})::int as before
          from (select ${milestone === "closed_won" ? sql`coalesce(o.closed_at, o.close_date::timestamp at time zone ${scope.period.timeZone})` : sql`o.created_at`} as at
                from opportunities o where o.workspace_id = ${ws} and o.id = ${opportunityId}) m
          join opportunity_contacts oc on oc.workspace_id = ${ws} and oc.opportunity_id = ${opportunityId}
          join touches t on t.workspace_id = ${ws} and t.contact_id = oc.contact_id`,
    ),
  ]);
  const names = await campaignNames(db, ws);
  const empty: Journey = {
    id: opportunityId,
    at: new Date(deal.createdAt).getTime(),
    amount: deal.amount,
    converted: true,
    touches: [],
  };
  const j = journey ?? empty;
  const context: ModelContext = computed.context;
  const credits = Object.fromEntries(
    ATTRIBUTION_MODELS.map((m) => [m, creditJourney(m, j, context)]),
  ) as Record<AttributionModel, ReturnType<typeof creditJourney>>;
  const counted = credits.linear.touches;
  const page = counted.slice(query.offset, query.offset + query.limit);
  const details = await touchDetails(
    db,
    ws,
    page.map((t) => t.id),
  );
  const positions = (i: number) => {
    const t = counted[i];
    const list: AttributionJourney["touches"][number]["positions"] = [];
    if (i === 0) list.push("first");
    if (t.leadCreation) list.push("lead_creation");
    if (t.opportunityCreation) list.push("opportunity_creation");
    if (t.close) list.push("close");
    return list;
  };
  // Per key: its share under each model (touches on the journey, and Markov's off-journey shares).
  const keys = new Map<string, AttributionJourney["keys"][number] & { raw: string }>();
  for (const m of ATTRIBUTION_MODELS) {
    const grouped = m === "markov" ? context.markov.grouped : [];
    for (const [key, s] of journeyKeyShares(credits[m], query.by, grouped)) {
      const row = keys.get(key) ?? {
        raw: key,
        ...(({ channel: _c, ...rest }) => rest)(describeKey(key, query.by, names)),
        touches: 0,
        credits: Object.fromEntries(ATTRIBUTION_MODELS.map((x) => [x, 0])) as Record<
          AttributionModel,
          number
        >,
        onJourney: false,
      };
      row.credits[m] += s;
      keys.set(key, row);
    }
  }
  for (const t of counted) {
    const row = keys.get(keyOf(t, query.by));
    if (row) {
      row.touches += 1;
      row.onJourney = true;
    }
  }
  const closedAt = deal.closedAt ? new Date(deal.closedAt).toISOString() : null;
  return {
    opportunity: {
      id: deal.id,
      name: deal.name,
      accountName: deal.accountName,
      stage: deal.stage,
      amount: deal.amount,
      createdAt: new Date(deal.createdAt).toISOString(),
      closedAt,
    },
    milestone,
    at: new Date(j.at).toISOString(),
    amount: j.amount,
    by: query.by,
    lookbackDays: query.lookbackDays,
    halfLifeDays: query.halfLifeDays,
    excluded: { afterMilestone: allTouches[0]?.after ?? 0, beforeWindow: allTouches[0]?.before ?? 0 },
    total: counted.length,
    touches: page.map((t, i) => {
      const index = query.offset + i;
      const d = details.get(t.id);
      return {
        id: t.id,
        occurredAt: new Date(t.at).toISOString(),
        type: d?.type ?? "",
        team: d?.team ?? "",
        contactId: d?.contactId ?? null,
        contactName: d?.contactName ?? null,
        campaignId: t.campaignId,
        campaignName: t.campaignId ? (names.campaigns.get(t.campaignId)?.name ?? null) : null,
        channel: t.channel,
        positions: positions(index),
        credits: Object.fromEntries(
          ATTRIBUTION_MODELS.map((m) => [m, credits[m].touchShares[index]]),
        ) as Record<AttributionModel, number>,
      };
    }),
    keys: [...keys.values()]
      .map(({ raw: _raw, ...k }) => k)
      .sort((a, b) => Number(b.onJourney) - Number(a.onJourney) || b.credits.linear - a.credits.linear),
  };
}

async function touchDetails(db: Db, ws: string, ids: string[]) {
  if (ids.length === 0)
    return new Map<
      string,
      { type: string; team: string; contactId: string | null; contactName: string | null }
    >();
  const rows = await queryRows<{
    id: string;
    type: string;
    team: string;
    contactId: string | null;
    contactName: string | null;
  }>(
    db,
    sql`select t.id, t.type, t.team, t.contact_id as "contactId", c.name as "contactName"
        from touches t left join contacts c on c.workspace_id = t.workspace_id and c.id = t.contact_id
        where t.workspace_id = ${ws} and t.id = any(${`{${ids.join(",")}}`}::uuid[])`,
  );
  return new Map(rows.map((r) => [r.id, r]));
}

// ---------------------------------------------------------------------------------------------------------
// The deals behind a campaign's number.

export async function campaignDeals(
  db: Db,
  caller: Caller,
  campaignId: string,
  query: z.output<typeof attributionPageQuerySchema>,
  now = new Date(),
) {
  const ws = caller.workspaceId;
  const [campaign] = await queryRows<{ id: string; name: string; channel: string }>(
    db,
    sql`select id, name, channel from campaigns where workspace_id = ${ws} and id = ${campaignId}`,
  );
  if (!campaign) throw notFound("Campaign");
  const scope = await reportScope(db, ws, query, now);
  const options = { ...query, by: "campaign" as const };
  const { journeys, context } = await computeAttribution(db, ws, scope, options);
  const items: {
    id: string;
    kind: "opportunity" | "contact";
    name: string;
    at: string;
    amount: number;
    touches: number;
    share: number;
    credit: number;
  }[] = [];
  const offJourney = { conversions: 0, amount: 0 };
  const credit = { conversions: 0, amount: 0 };
  const grouped = query.model === "markov" ? context.markov.grouped : [];
  const key = grouped.includes(campaignId) ? OTHER_KEYS : campaignId;
  for (const j of journeys) {
    const c = creditJourney(query.model, j, context);
    const share = journeyKeyShares(c, "campaign", grouped).get(key) ?? 0;
    const touches = c.touches.filter((t) => t.campaignId === campaignId).length;
    // Listed: every milestone the campaign touched, even when the model gives it nothing there (that is
    // part of the answer: first touch gives a mid-journey webinar $0); credit from untouched milestones
    // (Markov's workspace-wide share) is summed apart.
    if (share === 0 && touches === 0) continue;
    credit.conversions += share;
    credit.amount += share * j.amount;
    if (touches === 0) {
      offJourney.conversions += share;
      offJourney.amount += share * j.amount;
      continue;
    }
    items.push({
      id: j.id,
      kind: isDealMilestone(query.milestone) ? "opportunity" : "contact",
      name: "",
      at: new Date(j.at).toISOString(),
      amount: j.amount,
      touches,
      share,
      credit: share * j.amount,
    });
  }
  const hasAmount = isDealMilestone(query.milestone);
  items.sort((a, b) => (hasAmount ? b.credit - a.credit : b.share - a.share) || (a.at < b.at ? 1 : -1));
  const page = items.slice(query.offset, query.offset + query.limit);
  if (page.length > 0) {
    const ids = `{${page.map((p) => p.id).join(",")}}`;
    const rows = await queryRows<{ id: string; name: string }>(
      db,
      hasAmount
        ? sql`select id, name from opportunities where workspace_id = ${ws} and id = any(${ids}::uuid[])`
        : sql`select id, coalesce(nullif(name, ''), email, 'Unnamed contact') as name from contacts
              where workspace_id = ${ws} and id = any(${ids}::uuid[])`,
    );
    const byId = new Map(rows.map((r) => [r.id, r.name]));
    for (const p of page) p.name = byId.get(p.id) ?? "";
  }
  return {
    campaign,
    milestone: query.milestone,
    model: query.model,
    hasAmount,
    credit,
    offJourney,
    total: items.length,
    items: page,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Campaign and source performance.

const MILESTONE_COLUMNS: [
  AttributionMilestone,
  "contacts" | "mqls" | "sqls" | "opportunities" | "wonDeals",
][] = [
  ["contact_created", "contacts"],
  ["mql", "mqls"],
  ["sql", "sqls"],
  ["opportunity_created", "opportunities"],
  ["closed_won", "wonDeals"],
];

type PerformanceQuery = Omit<AttributionQuery, "milestone">;

export async function campaignPerformance(
  db: Db,
  caller: Caller,
  query: PerformanceQuery,
  now = new Date(),
): Promise<Performance> {
  const ws = caller.workspaceId;
  const scope = await reportScope(db, ws, { ...query }, now);
  const names = await campaignNames(db, ws);
  const credited = await Promise.all(
    MILESTONE_COLUMNS.map(async ([milestone]) => {
      const journeys = await loadJourneys(db, ws, scope, milestone, query.lookbackDays);
      // Markov needs the null paths; the other models do not (they credit each milestone on its own).
      const nulls =
        query.model === "markov"
          ? (await loadNullTransitions(db, ws, scope, milestone, query.by, query.lookbackDays)).transitions
          : [];
      const { byModel } = attributeAll(journeys, query, [query.model], nulls);
      return byModel.get(query.model) as Map<string, KeyCredit>;
    }),
  );
  const minimumSample = minimumSampleOf(await activeSla(db, ws));
  const live = (await activeVersions(db, ws))[0] ?? null;
  const start = scope.start.toISOString();
  const end = scope.end.toISOString();
  const [decisions, grades, outcomes] = await Promise.all([
    decisionSummary(db, ws, "campaign", {
      since: sql`${start}::timestamptz`,
      until: sql`${end}::timestamptz`,
      contacts: scope.contacts,
    }),
    // Grades, under the first live scoring model, of the contacts each campaign sourced in the period.
    live
      ? queryRows<{ campaign_id: string | null; grade: string; n: number }>(
          db,
          sql`select c.source_campaign_id::text as campaign_id, s.grade, count(*)::int as n
              from contacts c join contact_scores s on s.workspace_id = c.workspace_id and s.contact_id = c.id
                and s.model_id = ${live.modelId}::uuid
              where ${scope.contacts} and c.created_at >= ${start}::timestamptz and c.created_at < ${end}::timestamptz
              group by 1, 2`,
        )
      : Promise.resolve([]),
    // Deals each campaign sourced that closed in the period: won and lost.
    queryRows<{ campaign_id: string | null; won: number; lost: number }>(
      db,
      sql`select o.source_campaign_id::text as campaign_id,
            count(*) filter (where o.stage = 'closed_won')::int as won,
            count(*) filter (where o.stage = 'closed_lost')::int as lost
          from opportunities o
          where o.workspace_id = ${ws} and o.archived_at is null and o.stage in ('closed_won', 'closed_lost')
            and coalesce(o.closed_at, o.close_date::timestamp at time zone ${scope.period.timeZone}) >= ${start}::timestamptz
            and coalesce(o.closed_at, o.close_date::timestamp at time zone ${scope.period.timeZone}) < ${end}::timestamptz
            and ${
              hasContactFilter(scope)
                ? sql`exists (select 1 from opportunity_contacts oc join contacts c on c.workspace_id = oc.workspace_id
                    and c.id = oc.contact_id where oc.workspace_id = ${ws} and oc.opportunity_id = o.id and ${scope.contacts})`
                : sql`true`
            }
          group by 1`,
    ),
  ]);
  // Lead quality is about the leads a campaign sourced; by channel, its campaigns' leads add up.
  const qualityKey = (campaignId: string | null) => {
    if (campaignId === null) return NO_KEY;
    if (query.by === "campaign") return campaignId;
    return names.campaigns.get(campaignId)?.channel ?? NO_KEY;
  };
  const rows = new Map<string, PerformanceRow>();
  const row = (key: string) => {
    let r = rows.get(key);
    if (!r) {
      r = {
        ...describeKey(key, query.by, names),
        cost: 0,
        contacts: 0,
        mqls: 0,
        sqls: 0,
        opportunities: 0,
        pipeline: 0,
        wonDeals: 0,
        revenue: 0,
        roi: null,
        costPerMql: null,
        costPerSql: null,
        costPerWonDeal: null,
        quality: {
          accepted: 0,
          rejected: 0,
          acceptanceRate: null,
          judged: false,
          reasons: [],
          grades: [],
          won: 0,
          lost: 0,
          winRate: null,
        },
      };
      rows.set(key, r);
    }
    return r;
  };
  // Every campaign has a row (its cost is spent whether or not it earned credit).
  for (const [id, c] of names.campaigns) row(query.by === "campaign" ? id : c.channel).cost += c.cost;
  MILESTONE_COLUMNS.forEach(([milestone, column], i) => {
    for (const credit of credited[i].values()) {
      const r = row(credit.key);
      r[column] += credit.conversions;
      if (milestone === "opportunity_created") r.pipeline += credit.amount;
      if (milestone === "closed_won") r.revenue += credit.amount;
    }
  });
  const reasons = new Map<string, Map<string, { label: string; count: number }>>();
  for (const d of decisions) {
    const r = row(qualityKey(d.key));
    r.quality.accepted += d.accepted;
    r.quality.rejected += d.rejected;
    const map = reasons.get(qualityKey(d.key)) ?? new Map();
    for (const reason of d.reasons) {
      const entry = map.get(reason.reason) ?? { label: reason.label, count: 0 };
      entry.count += reason.count;
      map.set(reason.reason, entry);
    }
    reasons.set(qualityKey(d.key), map);
  }
  for (const g of grades) {
    const r = row(qualityKey(g.campaign_id));
    const entry = r.quality.grades.find((x) => x.grade === g.grade);
    if (entry) entry.count += g.n;
    else r.quality.grades.push({ grade: g.grade, count: g.n });
  }
  for (const o of outcomes) {
    const r = row(qualityKey(o.campaign_id));
    r.quality.won += o.won;
    r.quality.lost += o.lost;
  }
  const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
  for (const [key, r] of rows) {
    r.roi = r.cost > 0 ? (r.revenue - r.cost) / r.cost : null;
    r.costPerMql = r.cost > 0 ? ratio(r.cost, r.mqls) : null;
    r.costPerSql = r.cost > 0 ? ratio(r.cost, r.sqls) : null;
    r.costPerWonDeal = r.cost > 0 ? ratio(r.cost, r.wonDeals) : null;
    r.quality.acceptanceRate = acceptanceRate(r.quality.accepted, r.quality.rejected);
    r.quality.judged = enoughToJudge(r.quality.accepted + r.quality.rejected, minimumSample);
    r.quality.reasons = [...(reasons.get(key) ?? new Map()).entries()]
      .map(([reason, v]) => ({ reason, label: v.label, count: v.count }))
      .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
    r.quality.grades.sort((a, b) => a.grade.localeCompare(b.grade));
    r.quality.winRate = ratio(r.quality.won, r.quality.won + r.quality.lost);
  }
  const list = [...rows.values()].sort(
    (a, b) =>
      b.revenue - a.revenue || b.pipeline - a.pipeline || b.mqls - a.mqls || a.label.localeCompare(b.label),
  );
  const sum = (f: (r: PerformanceRow) => number) => list.reduce((s, r) => s + f(r), 0);
  const cost = sum((r) => r.cost);
  const totals = {
    cost,
    contacts: sum((r) => r.contacts),
    mqls: sum((r) => r.mqls),
    sqls: sum((r) => r.sqls),
    opportunities: sum((r) => r.opportunities),
    pipeline: sum((r) => r.pipeline),
    wonDeals: sum((r) => r.wonDeals),
    revenue: sum((r) => r.revenue),
    roi: null as number | null,
    costPerMql: null as number | null,
    costPerSql: null as number | null,
    costPerWonDeal: null as number | null,
  };
  totals.roi = cost > 0 ? (totals.revenue - cost) / cost : null;
  totals.costPerMql = cost > 0 ? ratio(cost, totals.mqls) : null;
  totals.costPerSql = cost > 0 ? ratio(cost, totals.sqls) : null;
  totals.costPerWonDeal = cost > 0 ? ratio(cost, totals.wonDeals) : null;
  return {
    period: scope.period,
    model: query.model,
    by: query.by,
    minimumSample,
    scoringModel: live?.modelName ?? null,
    rows: list,
    totals,
  };
}

export const PERFORMANCE_CSV_COLUMNS = [
  "key",
  "label",
  "channel",
  "cost",
  "contacts",
  "mqls",
  "sqls",
  "opportunities",
  "pipeline",
  "wonDeals",
  "revenue",
  "roi",
  "costPerMql",
  "costPerSql",
  "costPerWonDeal",
  "accepted",
  "rejected",
  "acceptanceRate",
  "acceptanceJudged",
  "topRejectReason",
  "won",
  "lost",
  "winRate",
] as const;

export function performanceCsvRows(report: Performance) {
  return report.rows.map((r) => ({
    key: r.key,
    label: r.label,
    channel: r.channel,
    cost: round(r.cost, 2),
    contacts: round(r.contacts, 4),
    mqls: round(r.mqls, 4),
    sqls: round(r.sqls, 4),
    opportunities: round(r.opportunities, 4),
    pipeline: round(r.pipeline, 2),
    wonDeals: round(r.wonDeals, 4),
    revenue: round(r.revenue, 2),
    roi: r.roi === null ? null : round(r.roi, 4),
    costPerMql: r.costPerMql === null ? null : round(r.costPerMql, 2),
    costPerSql: r.costPerSql === null ? null : round(r.costPerSql, 2),
    costPerWonDeal: r.costPerWonDeal === null ? null : round(r.costPerWonDeal, 2),
    accepted: r.quality.accepted,
    rejected: r.quality.rejected,
    acceptanceRate: r.quality.acceptanceRate === null ? null : round(r.quality.acceptanceRate, 4),
    acceptanceJudged: r.quality.judged,
    topRejectReason: r.quality.reasons[0]?.label ?? null,
    won: r.quality.won,
    lost: r.quality.lost,
    winRate: r.quality.winRate === null ? null : round(r.quality.winRate, 4),
  }));
}

/** One campaign's results for its page: its row of the performance report by campaign. */
export async function campaignResults(
  db: Db,
  caller: Caller,
  campaignId: string,
  query: PerformanceQuery,
  now = new Date(),
) {
  const report = await campaignPerformance(db, caller, { ...query, by: "campaign" }, now);
  const results = report.rows.find((r) => r.kind === "campaign" && r.key === campaignId);
  if (!results) throw notFound("Campaign");
  return {
    period: report.period,
    model: report.model,
    minimumSample: report.minimumSample,
    scoringModel: report.scoringModel,
    results,
  };
}
