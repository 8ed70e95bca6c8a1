// The demo's shared library and rituals, told as one story on top of the year the other seeds wrote:
// - the insights library: a dozen assets by persona and funnel stage (several are what sales asked for in
//   content requests, now linked to them; the Pricing FAQ still in progress is delivered by its asset), and
//   the `content_shared` touches reps logged on the contacts of recently won deals marked as shares of the
//   asset for the contact's persona, so each shared asset has use and influence on won deals; some persona x
//   stage cells stay empty (the gap grid's gaps);
// - the messaging guide: every persona's value proposition, pains, proof points backed by those assets, and
//   an approved answer to its logged objection, except the most heard one, whose answer is still a draft;
// - the glossary, version 1 in force, signed by the marketing lead and the sales lead, whose terms quote the
//   live scoring model's MQL condition, the SLA in force and the pods as the other seeds wrote them;
// - "Smarketing weekly": the last three meetings held (attendance, notes, the agenda frozen from the reports'
//   own functions at the hour each was held), an action item carried over open and one done, the next planned;
// - enablement: training by each team, a shadowing and a job rotation done with ratings, one scheduled;
// - "3rd floor": tables for the sales and marketing members, the sales lead's fixed seat, and a plan the
//   seating service generated.
// Ids derive from the workspace and times from `now`, so a seed repeats byte for byte; every statement is
// set-based over a few dozen rows at most.
import { type SQL, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import type { MemberRole, Team } from "../../../shared/domain.js";
import { DEFAULT_REJECTION_REASONS } from "../../../shared/feedback.js";
import type { GlossaryTerm } from "../../../shared/glossary.js";
import type { AssetKind, LibraryStage } from "../../../shared/library.js";
import type { Agenda } from "../../../shared/rituals.js";
import type { MqlCondition, ScoringDefinition } from "../../../shared/scoring.js";
import type { SeatingArea } from "../../../shared/seating.js";
import type { SlaTerms } from "../../../shared/sla.js";
import type { Caller } from "../../lib/access.js";
import { derivedId } from "../../lib/ids.js";
import { objectionFrequencies, objectionKeySql } from "../../modules/feedback/asks.service.js";
import { liveAgenda } from "../../modules/rituals/agenda.service.js";
import { findOccurrence } from "../../modules/rituals/occurrences.js";
import { startsAt } from "../../modules/rituals/schedule.js";
import { generatePlan, listSeatableMembers } from "../../modules/seating/seating.service.js";
import { type Db, queryRows } from "../client.js";
import {
  enablementParticipants,
  enablementSessions,
  glossaryApprovals,
  glossaryVersions,
  insightAssets,
  meetingActionItems,
  meetingAttendance,
  meetingAttendees,
  meetingOccurrences,
  meetingSeries,
  messagingGuides,
  messagingProofPoints,
  objectionResponses,
  seatingFloors,
} from "../schema/index.js";
import { PERSONAS } from "./catalog.js";
import type { SeedMember } from "./seed-history.js";
import { type AuditSeed, writeAudit } from "./seed-sla.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SITE = "https://www.acme-analytics.example";

/** A reproducible id from text in SQL, shaped as a version-8 UUID (as seed-abm.ts). */
const idSql = (text: SQL) =>
  sql`(select (substr(h, 1, 12) || '8' || substr(h, 14, 3) || '8' || substr(h, 18))::uuid from md5(${text}) as h)`;

const personaName = (key: string) => {
  const persona = PERSONAS.find((p) => p.key === key);
  if (!persona) throw new Error(`seed: no persona "${key}" in the catalog`);
  return persona.name;
};

/** Who does what in the story, by team and role (the catalog's people, whatever their names). */
type Cast = "marketingLead" | "salesLead" | "content" | "ops" | "field" | "ae" | "ae2" | "sdr" | "sdr2";

interface AssetSeed {
  key: string;
  kind: AssetKind;
  title: string;
  summary: string;
  /** The catalog persona's key; null for any persona. */
  persona: string | null;
  stage: LibraryStage;
  industry: string | null;
  tags: string[];
  owner: Cast;
  path: string;
  /** A statistic's publisher and how long before `now` it was published. */
  source?: string;
  sourceDaysAgo?: number;
  createdDaysAgo: number;
  /** The content request (by title) this asset answers. */
  request?: string;
  /** Shared with won deals' contacts of its persona (the asset with no persona: with everyone else). */
  shared?: boolean;
}

const ASSETS: AssetSeed[] = [
  {
    key: "northwind",
    kind: "customer_story",
    title: "Customer story: how Northwind cut forecast error",
    summary:
      "Northwind's sales and marketing teams moved to one pipeline view: forecast error down 40% in two quarters, pipeline reviews down to 30 minutes.",
    persona: null,
    stage: "opportunity",
    industry: "Manufacturing",
    tags: ["forecasting", "customer story", "roi"],
    owner: "content",
    path: "/customers/northwind",
    createdDaysAgo: 330,
    shared: true,
  },
  {
    key: "battlecard",
    kind: "battlecard",
    title: "Battlecard: spreadsheets and BI",
    summary:
      "When the buyer says 'we already have a BI team': what BI dashboards do not do (live lead scores, SLA clocks, attribution finance signs off), three questions to ask, and the proof to send.",
    persona: "revenue_leader",
    stage: "sal",
    industry: null,
    tags: ["competition", "bi", "objection"],
    owner: "field",
    path: "/library/battlecard-spreadsheets-bi",
    createdDaysAgo: 300,
    request: "Competitive battlecard: spreadsheets and BI",
    shared: true,
  },
  {
    key: "roi",
    kind: "deck",
    title: "ROI calculator for forecast accuracy",
    summary:
      "Five slides for the CFO: what one point of forecast accuracy is worth at their revenue, CAC payback before and after, and the two-quarter payback plan.",
    persona: "finance_approver",
    stage: "opportunity",
    industry: null,
    tags: ["roi", "finance", "forecasting"],
    owner: "ops",
    path: "/library/roi-forecast-accuracy",
    createdDaysAgo: 320,
    request: "ROI calculator for forecast accuracy",
    shared: true,
  },
  {
    key: "midmarket",
    kind: "case_study",
    title: "Mid-market SaaS cut pipeline review time in half",
    summary:
      "A 400-person SaaS company's frontline managers replaced Friday spreadsheet reviews with one shared pipeline: review time halved, reps back on calls.",
    persona: "frontline_sales_manager",
    stage: "sql",
    industry: "Software",
    tags: ["pipeline review", "case study", "mid-market"],
    owner: "content",
    path: "/customers/midmarket-saas",
    createdDaysAgo: 310,
    request: "Customer story: mid-market SaaS cut pipeline review time in half",
    shared: true,
  },
  {
    key: "security",
    kind: "one_pager",
    title: "Security and data residency",
    summary:
      "Where the data lives (EU and US regions), encryption, SSO and SCIM, sub-processors and the audit reports procurement asks for.",
    persona: "revops",
    stage: "opportunity",
    industry: null,
    tags: ["security", "procurement", "emea"],
    owner: "ops",
    path: "/library/security-data-residency",
    createdDaysAgo: 290,
    request: "Security and data residency one-pager",
    shared: true,
  },
  {
    key: "attribution",
    kind: "case_study",
    title: "Attribution reconciles with finance: a worked example",
    summary:
      "One quarter of closed-won revenue attributed five ways side by side, each total equal to the revenue finance booked.",
    persona: "demand_gen_leader",
    stage: "sal",
    industry: "Financial Services",
    tags: ["attribution", "finance", "marketing"],
    owner: "marketingLead",
    path: "/library/attribution-worked-example",
    createdDaysAgo: 280,
    request: "Attribution reconciles with finance: a worked example",
    shared: true,
  },
  {
    key: "implementation",
    kind: "deck",
    title: "Implementation plan (30/60/90 days)",
    summary:
      "What happens in the first 90 days: CRM connected in week one, the lead definition agreed by day 30, first attribution review by day 90.",
    persona: "revenue_leader",
    stage: "opportunity",
    industry: null,
    tags: ["implementation", "onboarding"],
    owner: "salesLead",
    path: "/library/implementation-30-60-90",
    createdDaysAgo: 70,
    request: "Implementation plan template (30/60/90 days)",
  },
  {
    key: "pricing-faq",
    kind: "one_pager",
    title: "Pricing FAQ for procurement",
    summary:
      "The ten questions procurement asks on every enterprise deal: seats and usage, multi-year terms, price protection, payment terms, the MSA and DPA.",
    persona: "finance_approver",
    stage: "opportunity",
    industry: null,
    tags: ["pricing", "procurement", "enterprise"],
    owner: "field",
    path: "/library/pricing-faq-procurement",
    // Delivered after the last meeting (its action item): dated from the meetings below.
    createdDaysAgo: 0,
    request: "Pricing FAQ for procurement",
  },
  {
    key: "forecast-stat",
    kind: "statistic",
    title: "Most sales forecasts miss by more than 10%",
    summary:
      "In a survey of 600 B2B revenue leaders, 72% said their quarterly forecast missed by more than 10%; only 9% forecast within 5%.",
    persona: "revenue_leader",
    stage: "mql",
    industry: null,
    tags: ["forecasting", "benchmark", "statistic"],
    owner: "content",
    path: "/library/stat-forecast-miss",
    source: "Northbridge Research, B2B Revenue Benchmark (demo source)",
    sourceDaysAgo: 235,
    createdDaysAgo: 200,
  },
  {
    key: "alignment-stat",
    kind: "statistic",
    title: "Aligned teams convert more MQLs to pipeline",
    summary:
      "Companies where sales and marketing share one lead definition and an SLA converted 38% more MQLs to opportunities than those that do not.",
    persona: "demand_gen_leader",
    stage: "lead",
    industry: null,
    tags: ["alignment", "sla", "statistic"],
    owner: "ops",
    path: "/library/stat-aligned-teams",
    source: "Pipeline Council, State of Smarketing survey (demo source)",
    sourceDaysAgo: 310,
    createdDaysAgo: 150,
  },
  {
    key: "email",
    kind: "email_template",
    title: "Email template: the forecast gap",
    summary:
      "The account executive's first email to a revenue leader: last quarter's forecast gap in their words, one customer number, a 20-minute call.",
    persona: "revenue_leader",
    stage: "mql",
    industry: null,
    tags: ["email", "outbound", "abm"],
    owner: "ae",
    path: "/library/email-forecast-gap",
    createdDaysAgo: 40,
  },
  {
    key: "video",
    kind: "video",
    title: "Forecast Studio demo (2 min)",
    summary:
      "Two minutes from pipeline to forecast: the roll-up by rep, the risk flags and the call a manager makes from them.",
    persona: "frontline_sales_manager",
    stage: "opportunity",
    industry: null,
    tags: ["demo", "forecast studio", "video"],
    owner: "field",
    path: "/library/forecast-studio-demo",
    createdDaysAgo: 110,
  },
];

/** Each persona's guide: value proposition, pains besides the catalog's, proof points, the answer to its objection. */
const GUIDES: {
  persona: string;
  valueProposition: string;
  pains: string[];
  proofPoints: { asset: string; claim: string }[];
  response: { text: string; asset: string | null };
}[] = [
  {
    persona: "revenue_leader",
    valueProposition:
      "One number for the whole revenue team: a forecast both sales and marketing trust, built from the pipeline they share.",
    pains: [
      "Marketing and sales bring different pipeline numbers to the same review.",
      "Reps spend Fridays updating spreadsheets instead of selling.",
    ],
    proofPoints: [
      { asset: "northwind", claim: "Forecast error down 40% in two quarters at Northwind" },
      { asset: "forecast-stat", claim: "72% of revenue leaders miss their forecast by more than 10%" },
    ],
    response: {
      text: "Keep the BI team: Lockstep feeds it. What BI does not give your reps is a live score on every lead, an SLA clock and one agreed lead definition; they work in their CRM, no new login for the daily work.",
      asset: "battlecard",
    },
  },
  {
    persona: "demand_gen_leader",
    valueProposition:
      "Prove which campaigns create revenue, with attribution that reconciles to the revenue finance books, and MQLs sales agreed to work.",
    pains: [
      "Half of the MQLs are never followed up and nobody says why.",
      "Campaign ROI is argued about instead of measured.",
    ],
    proofPoints: [
      { asset: "attribution", claim: "Five attribution models, each total equal to booked revenue" },
      { asset: "alignment-stat", claim: "Aligned teams convert 38% more MQLs to opportunities" },
    ],
    response: {
      text: "Every model is reconciled to closed-won revenue before you see it: the totals equal what finance booked. Messy data shows up as 'unattributed', never spread over campaigns.",
      asset: "attribution",
    },
  },
  {
    persona: "revops",
    valueProposition:
      "Stop reconciling spreadsheets: one event stream scores, routes and reports for both teams, set up in days.",
    pains: ["Every new report is a one-off request.", "Lead routing rules live in three tools."],
    proofPoints: [{ asset: "security", claim: "EU and US data residency, SSO and SCIM out of the box" }],
    response: {
      text: "The import maps HubSpot and Salesforce fields, custom ones included, and the 30/60/90 plan puts the work on our onboarding team, not on your desk.",
      asset: "implementation",
    },
  },
  {
    persona: "frontline_sales_manager",
    valueProposition:
      "Coach on the activities that move deals: see which leads are worth a call and which touches precede wins.",
    pains: ["Pipeline reviews turn into data clean-up.", "New reps chase leads nobody qualified."],
    proofPoints: [
      { asset: "midmarket", claim: "Pipeline review time cut in half at a 400-person SaaS company" },
      { asset: "video", claim: "From pipeline to forecast in two minutes" },
    ],
    response: {
      text: "Nothing new to log: calls, emails and meetings come from the CRM and the inbox they already use; Lockstep only asks them to accept or reject an MQL, in one click.",
      asset: "video",
    },
  },
  {
    persona: "finance_approver",
    valueProposition:
      "Revenue numbers finance can audit and a CAC payback you can measure, paid back within two quarters.",
    pains: ["Marketing and sales report different revenue.", "Tool spend grows with no payback figure."],
    proofPoints: [
      { asset: "roi", claim: "Payback within two quarters at your revenue, line by line" },
      { asset: "northwind", claim: "Northwind cut forecast error by 40%" },
    ],
    response: {
      text: "Take the ROI model with your own numbers: most customers pay back within two quarters, and the contract lets you leave at the first renewal if you do not.",
      asset: "roi",
    },
  },
];

interface Person extends SeedMember {
  userId: string;
  email: string;
}

export async function seedLibraryAndRituals(
  db: Db,
  workspaceId: string,
  members: SeedMember[],
  now: Date,
): Promise<Record<string, number>> {
  const ws = workspaceId;
  const id = (...parts: string[]) => derivedId(ws, "library", ...parts);
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY);
  const people = await queryRows<{ id: string; userId: string; email: string }>(
    db,
    sql`select m.id, u.id as "userId", u.email from members m join users u on u.id = m.user_id
        where m.workspace_id = ${ws} and m.removed_at is null`,
  );
  const account = new Map(people.map((p) => [p.id, p]));
  const cast: Person[] = members.flatMap((m) => {
    const p = account.get(m.id);
    return p ? [{ ...m, userId: p.userId, email: p.email }] : [];
  });
  const of = (team: string, role?: string) =>
    cast.filter((m) => m.team === team && (role ? m.role === role : m.role !== "lead"));
  const marketingLead = of("marketing", "lead")[0];
  const salesLead = of("sales", "lead")[0];
  const admin = cast.find((m) => m.role === "admin");
  if (!marketingLead || !salesLead || !admin) return {};
  const marketers = of("marketing");
  const sellers = of("sales");
  const who: Record<Cast, Person> = {
    marketingLead,
    salesLead,
    content: marketers[0] ?? marketingLead,
    ops: marketers[1] ?? marketers[0] ?? marketingLead,
    field: marketers[2] ?? marketers[0] ?? marketingLead,
    ae: sellers[0] ?? salesLead,
    ae2: sellers[1] ?? sellers[0] ?? salesLead,
    sdr: sellers[2] ?? sellers[0] ?? salesLead,
    sdr2: sellers[3] ?? sellers[2] ?? sellers[0] ?? salesLead,
  };
  const callerOf = (m: Person): Caller => ({
    userId: m.userId,
    name: m.name,
    email: m.email,
    workspaceId: ws,
    memberId: m.id,
    team: m.team as Team,
    role: m.role as MemberRole,
  });
  const tz = (
    await queryRows<{ tz: string }>(db, sql`select time_zone as tz from workspaces where id = ${ws}`)
  )[0]?.tz;
  if (!tz) return {};
  const personas = await queryRows<{
    id: string;
    name: string;
    pains: string | null;
    objections: string | null;
  }>(
    db,
    sql`select id, name, pains, objections from personas where workspace_id = ${ws} and archived_at is null`,
  );
  const personaId = (key: string | null) =>
    key === null ? null : (personas.find((p) => p.name === personaName(key))?.id ?? null);
  const counts: Record<string, number> = {};
  const audit: AuditSeed[] = [];

  // The meetings' days come first: the Pricing FAQ is delivered after the last one.
  const meetings = meetingDays(now, tz);
  const faqDeliveredAt = new Date(
    Math.min(now.getTime() - HOUR, meetings.held[2].getTime() + 2 * DAY + 5 * HOUR),
  );

  // --- The insights library.
  const assetId = (key: string) => id("asset", key);
  const assetRows = ASSETS.map((a) => {
    const created = a.key === "pricing-faq" ? faqDeliveredAt : at(a.createdDaysAgo);
    return {
      workspaceId: ws,
      id: assetId(a.key),
      kind: a.kind,
      title: a.title,
      summary: a.summary,
      personaId: personaId(a.persona),
      funnelStage: a.stage,
      industry: a.industry,
      tags: a.tags,
      ownerMemberId: who[a.owner].id,
      url: `${SITE}${a.path}`,
      source: a.source ?? null,
      sourceDate:
        a.sourceDaysAgo === undefined
          ? null
          : (DateTime.fromJSDate(at(a.sourceDaysAgo), { zone: tz }).toISODate() as string),
      createdAt: created,
      updatedAt: created,
    };
  });
  await db.insert(insightAssets).values(assetRows);
  // What search matches, as the library service computes it.
  await db.execute(sql`update insight_assets
    set search_text = lower(concat_ws(' ', title, summary, industry, source, array_to_string(tags, ' ')))
    where workspace_id = ${ws}`);
  counts.insight_assets = assetRows.length;

  // Shares: the content the reps shared with the contacts of the latest won deals (the generator logged
  // those touches) becomes a share of the asset for the contact's persona, as the library's share writes it:
  // the touch names the asset, the share names the touch. Deals and shares of the last 150 days, so both
  // fall in the reports' default period (five months back from the first of this month).
  const byPersona = [
    ...new Map(
      ASSETS.filter((a) => a.shared && a.persona)
        .map((a) => ({ persona: personaId(a.persona), asset: assetId(a.key) }))
        .filter((x) => x.persona !== null)
        .reverse()
        .map((x) => [x.persona, x]),
    ).values(),
  ];
  const anyPersona = assetId("northwind");
  const shared = await queryRows<{ n: number }>(
    db,
    sql`with won as (
          select o.id, o.closed_at as won_at from opportunities o
          where o.workspace_id = ${ws} and o.stage = 'closed_won' and o.archived_at is null
            and o.closed_at <= ${now.toISOString()}::timestamptz
            and o.closed_at > ${now.toISOString()}::timestamptz - interval '150 days'
          order by o.closed_at desc, o.id limit 60),
        candidates as (
          select distinct on (t.id) t.id as touch_id, t.contact_id, t.member_id, t.occurred_at, c.persona_id, w.won_at
          from won w
          join opportunity_contacts oc on oc.workspace_id = ${ws} and oc.opportunity_id = w.id
          join contacts c on c.workspace_id = ${ws} and c.id = oc.contact_id
          join lateral (
            select t.id, t.contact_id, t.member_id, t.occurred_at from touches t
            where t.workspace_id = ${ws} and t.contact_id = oc.contact_id and t.type = 'content_shared'
              and t.member_id is not null and t.occurred_at <= w.won_at
              and t.occurred_at >= w.won_at - interval '90 days'
              and t.occurred_at > ${now.toISOString()}::timestamptz - interval '150 days') t on true
          order by t.id, w.won_at desc),
        picked as (select * from candidates order by won_at desc, occurred_at desc, touch_id limit 40),
        map as (
          select x.persona as persona_id, x.asset as asset_id
          from jsonb_to_recordset(${JSON.stringify(byPersona)}::jsonb) as x(persona uuid, asset uuid)),
        inserted as (
          insert into asset_shares (workspace_id, id, asset_id, touch_id, contact_id, member_id, shared_at)
          select ${ws}, ${idSql(sql`'share|' || p.touch_id::text`)}, coalesce(m.asset_id, ${anyPersona}::uuid),
            p.touch_id, p.contact_id, p.member_id, p.occurred_at
          from picked p left join map m on m.persona_id = p.persona_id
          returning 1)
        select count(*)::int as n from inserted`,
  );
  counts.asset_shares = shared[0]?.n ?? 0;
  await db.execute(sql`update touches t
    set properties = t.properties || jsonb_build_object('assetId', a.id, 'asset', a.title, 'assetKind', a.kind)
    from asset_shares s
    join insight_assets a on a.workspace_id = s.workspace_id and a.id = s.asset_id
    where s.workspace_id = ${ws} and t.workspace_id = ${ws} and t.id = s.touch_id`);

  // Content requests answered by the library: linked to their asset (its address on the card); the Pricing
  // FAQ, in progress, is delivered by it (linking an asset delivers a request, as the request's update does).
  const requests = ASSETS.filter((a) => a.request).map((a) => ({
    title: a.request as string,
    asset: assetId(a.key),
    url: `${SITE}${a.path}`,
    deliver: a.key === "pricing-faq",
  }));
  await db.execute(sql`update content_requests r
    set asset_id = x.asset, asset_url = x.url,
      status = case when x.deliver and r.status in ('new', 'in_progress') then 'delivered' else r.status end,
      updated_at = case when x.deliver then ${faqDeliveredAt.toISOString()}::timestamptz else r.updated_at end
    from jsonb_to_recordset(${JSON.stringify(requests)}::jsonb) as x(title text, asset uuid, url text, deliver boolean)
    where r.workspace_id = ${ws} and r.title = x.title`);

  // --- The messaging guide. The most heard objection (the log's own count) still waits for its approved answer.
  const heard = await objectionFrequencies(db, ws);
  const mostHeard = heard.find((h) => h.personaId !== null)?.personaId ?? null;
  const guides = GUIDES.flatMap((g, i) => {
    const persona = personas.find((p) => p.name === personaName(g.persona));
    return persona ? [{ ...g, i, personaRow: persona }] : [];
  });
  if (guides.length > 0) {
    await db.insert(messagingGuides).values(
      guides.map((g) => ({
        workspaceId: ws,
        personaId: g.personaRow.id,
        valueProposition: g.valueProposition,
        // The persona's own pains (as the persona page has them) first, then what both teams add.
        pains: [g.personaRow.pains ?? "", ...g.pains].filter(Boolean),
        updatedBy: g.i % 2 === 0 ? marketingLead.id : who.content.id,
        updatedAt: at(60 - g.i * 3),
      })),
    );
    const proofPoints = guides.flatMap((g) =>
      g.proofPoints.map((p, position) => ({
        workspaceId: ws,
        id: id("proof", g.persona, String(position)),
        personaId: g.personaRow.id,
        assetId: assetId(p.asset),
        claim: p.claim,
        position,
      })),
    );
    await db.insert(messagingProofPoints).values(proofPoints);
    const responses = guides.flatMap((g) => {
      // The objection as the log groups it (its wording as heard), else the persona's typical one.
      const objection =
        heard.find((h) => h.personaId === g.personaRow.id)?.text ?? g.personaRow.objections ?? null;
      if (!objection) return [];
      const draft = g.personaRow.id === mostHeard;
      const approver = g.i % 2 === 0 ? salesLead : marketingLead;
      return [
        {
          workspaceId: ws,
          id: id("response", g.persona),
          personaId: g.personaRow.id,
          objectionKey: objectionKeySql(sql`${objection}::text`),
          objection,
          response: g.response.text,
          assetId: g.response.asset ? assetId(g.response.asset) : null,
          status: draft ? ("draft" as const) : ("approved" as const),
          writtenBy: draft ? who.content.id : g.i % 2 === 0 ? who.field.id : who.ae.id,
          approvedBy: draft ? null : approver.id,
          approvedAt: draft ? null : at(45 - g.i * 4),
          createdAt: draft ? meetings.held[0] : at(50 - g.i * 4),
          updatedAt: draft ? meetings.held[0] : at(45 - g.i * 4),
        },
      ];
    });
    if (responses.length > 0) await db.insert(objectionResponses).values(responses);
    counts.messaging_guides = guides.length;
    counts.messaging_proof_points = proofPoints.length;
    counts.objection_responses = responses.length;
  }

  // --- The glossary: version 1, drafted by marketing, signed by both leads, in force.
  const glossary = await glossaryTerms(db, ws);
  if (glossary) {
    const versionId = id("glossary", "1");
    const drafted = at(48);
    const marketingSigned = at(46);
    const salesSigned = new Date(at(44).getTime() + 3 * HOUR);
    await db.insert(glossaryVersions).values({
      workspaceId: ws,
      id: versionId,
      version: 1,
      status: "active",
      terms: glossary,
      note: "Our words, agreed at the smarketing weekly: what each stage means here and who owes what.",
      createdBy: marketingLead.id,
      approvedAt: salesSigned,
      activatedAt: salesSigned,
      activatedBy: salesLead.id,
      createdAt: drafted,
      updatedAt: salesSigned,
    });
    await db.insert(glossaryApprovals).values([
      {
        workspaceId: ws,
        id: derivedId(versionId, "marketing"),
        versionId,
        memberId: marketingLead.id,
        team: "marketing",
        approvedAt: marketingSigned,
      },
      {
        workspaceId: ws,
        id: derivedId(versionId, "sales"),
        versionId,
        memberId: salesLead.id,
        team: "sales",
        approvedAt: salesSigned,
      },
    ]);
    const entry = (action: string, member: SeedMember, summary: string, when: Date) =>
      audit.push({ action, entityType: "glossary_version", entityId: versionId, member, summary, at: when });
    entry(
      "glossary.version.created",
      marketingLead,
      `${marketingLead.name} proposed version 1 of the glossary`,
      drafted,
    );
    entry(
      "glossary.version.approved",
      marketingLead,
      `${marketingLead.name} approved version 1 of the glossary for marketing`,
      marketingSigned,
    );
    entry(
      "glossary.version.approved",
      salesLead,
      `${salesLead.name} approved version 1 of the glossary for sales; both teams have now approved it`,
      salesSigned,
    );
    entry("glossary.version.activated", salesLead, "Version 1 of the glossary is in force", salesSigned);
    counts.glossary_versions = 1;
    counts.glossary_approvals = 2;
  }

  // --- Smarketing weekly: three meetings held, the next one planned.
  const seriesId = id("meeting-series");
  const attendees = cast.filter((m) => m.team === "sales" || m.team === "marketing" || m.role === "admin");
  const occurrenceIds = [...meetings.dates.keys()].map((i) => id("meeting", String(i)));
  await db.insert(meetingSeries).values({
    workspaceId: ws,
    id: seriesId,
    title: "Smarketing weekly",
    cadence: "weekly",
    weekday: meetings.weekday,
    startTime: meetings.startTime,
    durationMinutes: meetings.minutes,
    firstDate: meetings.dates[0],
    createdBy: marketingLead.id,
    createdAt: new Date(meetings.held[0].getTime() - 6 * DAY),
    updatedAt: new Date(meetings.held[0].getTime() - 6 * DAY),
  });
  await db
    .insert(meetingAttendees)
    .values(attendees.map((m) => ({ workspaceId: ws, seriesId, memberId: m.id })));
  await db.insert(meetingOccurrences).values(
    meetings.dates.map((date, i) => ({
      workspaceId: ws,
      id: occurrenceIds[i],
      seriesId,
      date,
      startsAt: startsAt({ startTime: meetings.startTime }, date, tz),
      createdAt: i === 0 ? new Date(meetings.held[0].getTime() - 6 * DAY) : meetings.held[i - 1],
      updatedAt: i === 0 ? new Date(meetings.held[0].getTime() - 6 * DAY) : meetings.held[i - 1],
    })),
  );
  // Who missed which meeting: a rep on the road, then marketing ops at an event; everyone at the last one.
  const absent = [[who.ae2.id], [who.ops.id], []];
  await db.insert(meetingAttendance).values(
    absent.flatMap((away, i) =>
      attendees.map((m) => ({
        workspaceId: ws,
        occurrenceId: occurrenceIds[i],
        memberId: m.id,
        present: !away.includes(m.id),
      })),
    ),
  );
  const unanswered = heard.find((h) => h.personaId === mostHeard && mostHeard !== null);
  const keeper = callerOf(marketingLead);
  let actionItems = 0;
  for (const [i, heldAt] of meetings.held.entries()) {
    // The agenda as the reports answered at the hour the meeting was held, frozen as holding it freezes it.
    const occurrence = await findOccurrence(db, ws, occurrenceIds[i]);
    const agenda = await liveAgenda(db, keeper, occurrence, heldAt);
    await db.execute(sql`update meeting_occurrences
      set held_at = ${heldAt.toISOString()}::timestamptz, held_by = ${marketingLead.id},
        agenda = ${JSON.stringify({ ...agenda, state: "frozen" })}::jsonb,
        notes = ${meetingNotes(i, agenda, unanswered ?? null, who)}, notes_updated_by = ${marketingLead.id},
        notes_updated_at = ${heldAt.toISOString()}::timestamptz, updated_at = ${heldAt.toISOString()}::timestamptz
      where workspace_id = ${ws} and id = ${occurrenceIds[i]}`);
    audit.push({
      action: "meeting.held",
      entityType: "meeting_occurrence",
      entityId: occurrenceIds[i],
      member: marketingLead,
      summary: `${marketingLead.name} marked "Smarketing weekly" of ${meetings.dates[i]} held`,
      at: heldAt,
    });
    // Agreed at the first meeting and still open (carried over since); agreed at the last one and done.
    const item =
      i === 0 && unanswered
        ? {
            text: `Approve the messaging guide's answer to ${shortName(unanswered.personaName)}'s objection "${unanswered.text}"`,
            owner: salesLead.id,
            due: meetings.dates[1],
            doneAt: null,
          }
        : i === 2
          ? {
              text: "Deliver the Pricing FAQ for procurement and link it to sales' content request",
              owner: who.field.id,
              due: DateTime.fromISO(meetings.dates[2]).plus({ days: 3 }).toISODate() as string,
              doneAt: faqDeliveredAt,
            }
          : null;
    if (item) {
      await db.insert(meetingActionItems).values({
        workspaceId: ws,
        id: id("action-item", String(i)),
        seriesId,
        occurrenceId: occurrenceIds[i],
        text: item.text,
        ownerMemberId: item.owner,
        dueDate: item.due,
        doneAt: item.doneAt,
        createdBy: marketingLead.id,
        createdAt: heldAt,
        updatedAt: item.doneAt ?? heldAt,
      });
      actionItems += 1;
    }
  }
  counts.meeting_series = 1;
  counts.meeting_attendees = attendees.length;
  counts.meeting_occurrences = meetings.dates.length;
  counts.meeting_attendance = attendees.length * absent.length;
  counts.meeting_action_items = actionItems;

  // --- Enablement: each team teaches its process, a shadowing and a rotation, one session ahead.
  const day = (daysAgo: number) => DateTime.fromJSDate(at(daysAgo), { zone: tz }).toISODate() as string;
  const sessions: {
    key: string;
    kind: "training" | "shadowing" | "rotation";
    title: string;
    description: string;
    host: Person;
    daysAgo: number;
    days?: number;
    participants: { member: Person; rating?: number; comment?: string }[];
  }[] = [
    {
      key: "marketing-training",
      kind: "training",
      title: "How a lead becomes an MQL",
      description:
        "Marketing walks sales through the scoring model: the fit and engagement rules, the MQL condition and why a webinar counts more since version 2.",
      host: marketingLead,
      daysAgo: 58,
      participants: [
        { member: who.ae, rating: 5, comment: "Now I know why a pricing-page visit matters." },
        { member: who.ae2, rating: 4, comment: "" },
        { member: who.sdr, rating: 5, comment: "Wish we had this on my first day." },
        { member: who.sdr2, rating: 4, comment: "More examples of rejected leads, please." },
      ],
    },
    {
      key: "sales-training",
      kind: "training",
      title: "Discovery calls: the first ten minutes",
      description:
        "Sales shows marketing what reps ask on a first call and which answers turn an MQL into a SAL.",
      host: salesLead,
      daysAgo: 37,
      participants: [
        { member: who.content, rating: 5, comment: "Rewrote the webinar follow-up emails the next day." },
        { member: who.ops, rating: 4, comment: "" },
        { member: who.field, rating: 4, comment: "Useful for event follow-ups." },
      ],
    },
    {
      key: "shadowing",
      kind: "shadowing",
      title: "Shadow SDR calls on fresh MQLs",
      description: "Marketing ops listens to an afternoon of SDR calls on the day's MQLs.",
      host: who.sdr,
      daysAgo: 23,
      participants: [
        {
          member: who.ops,
          rating: 5,
          comment: "Three of ten MQLs were students: the fit rules need work.",
        },
      ],
    },
    {
      key: "rotation",
      kind: "rotation",
      title: "A week in sales development",
      description:
        "Field marketing works the SDR queue for a week: accepting and rejecting MQLs against the SLA.",
      host: who.sdr2,
      daysAgo: 16,
      days: 4,
      participants: [
        {
          member: who.field,
          rating: 4,
          comment: "Four business hours go fast; event leads need better notes.",
        },
      ],
    },
    {
      key: "campaign-shadowing",
      kind: "shadowing",
      title: "Campaign planning for the Acme Customer Summit",
      description: "Account executives sit in marketing's planning session for next year's summit.",
      host: who.field,
      daysAgo: -9,
      participants: [{ member: who.ae }, { member: who.ae2 }],
    },
  ];
  const sessionRows = sessions.map((s) => {
    const done = s.daysAgo > 0;
    const scheduledOn = day(s.daysAgo);
    const end = s.days ? day(s.daysAgo - s.days) : null;
    const doneAt = done ? new Date(at(s.daysAgo - (s.days ?? 0)).getTime() + 6 * HOUR) : null;
    return {
      workspaceId: ws,
      id: id("enablement", s.key),
      kind: s.kind,
      title: s.title,
      description: s.description,
      hostTeam: s.host.team as "sales" | "marketing",
      hostMemberId: s.host.id,
      scheduledOn,
      endsOn: end,
      status: done ? ("done" as const) : ("scheduled" as const),
      doneAt,
      createdBy: s.host.team === "sales" ? salesLead.id : marketingLead.id,
      createdAt: at(Math.max(s.daysAgo, 0) + 14),
      updatedAt: doneAt ?? at(14),
    };
  });
  await db.insert(enablementSessions).values(sessionRows);
  const participantRows = sessions.flatMap((s, i) =>
    // Participants learn another team's work: nobody from the host team.
    [...new Map(s.participants.map((p) => [p.member.id, p])).values()]
      .filter((p) => p.member.team !== s.host.team)
      .map((p) => {
        const doneAt = sessionRows[i].doneAt;
        return {
          workspaceId: ws,
          sessionId: sessionRows[i].id,
          memberId: p.member.id,
          rating: doneAt ? (p.rating ?? null) : null,
          comment: doneAt ? (p.comment ?? "") : "",
          feedbackAt: doneAt ? new Date(doneAt.getTime() + 20 * HOUR) : null,
        };
      }),
  );
  await db.insert(enablementParticipants).values(participantRows);
  counts.enablement_sessions = sessionRows.length;
  counts.enablement_participants = participantRows.length;

  // --- Seating: one table per pod (with a spare seat), a window row for whoever has no pod and the revenue
  // team's visits, the sales lead's fixed seat; the plan is the seating service's.
  const everyone = await listSeatableMembers(db, ws);
  const seatable = everyone.filter((m) => m.team === "sales" || m.team === "marketing");
  if (seatable.length > 0) {
    const podSizes = new Map<string, number>();
    for (const m of seatable) if (m.podName) podSizes.set(m.podName, (podSizes.get(m.podName) ?? 0) + 1);
    const tables: SeatingArea[] = [...podSizes.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, size], i) => ({ label: `Table ${i + 1}`, kind: "table", seats: Math.max(4, size + 1) }));
    const podless = seatable.length - [...podSizes.values()].reduce((n, s) => n + s, 0);
    const areas: SeatingArea[] = [
      ...tables,
      { label: "Window row", kind: "row", seats: Math.max(2, podless + everyone.length - seatable.length) },
    ];
    // The sales lead keeps the seat by the phone booths: seat 1 of the table of their pod (else the row).
    const leadSeat = seatable.find((m) => m.id === salesLead.id);
    const leadTable = leadSeat?.podName
      ? `Table ${[...podSizes.keys()].sort((a, b) => a.localeCompare(b)).indexOf(leadSeat.podName) + 1}`
      : "Window row";
    const floorId = id("floor", "3rd");
    const floorAt = at(12);
    await db.insert(seatingFloors).values({
      workspaceId: ws,
      id: floorId,
      name: "3rd floor",
      areas,
      fixedSeats: leadSeat ? [{ memberId: salesLead.id, area: leadTable, seat: 1 }] : [],
      createdAt: floorAt,
      updatedAt: floorAt,
    });
    const plan = await generatePlan(db, callerOf(admin), floorId, {});
    // The service names the plan with a fresh id and the clock's time; the seed's own keep a reseed identical.
    await db.execute(sql`update seating_plans set id = ${id("seating-plan", "3rd")},
        created_at = ${new Date(floorAt.getTime() + 2 * HOUR).toISOString()}::timestamptz
      where workspace_id = ${ws} and id = ${plan.id}`);
    counts.seating_floors = 1;
    counts.seating_plans = 1;
  }

  counts.audit_events = await writeAudit(db, ws, audit);
  return counts;
}

/** The last three meeting days before today (Tuesdays at 09:30 in the workspace's zone) and the next one. */
function meetingDays(now: Date, tz: string) {
  const weekday = 2;
  const startTime = "09:30";
  const minutes = 45;
  const today = DateTime.fromJSDate(now, { zone: tz }).startOf("day");
  const back = (today.weekday - weekday + 7) % 7 || 7;
  const last = today.minus({ days: back });
  const dates = [14, 7, 0, -7].map((d) => last.minus({ days: d }).toISODate() as string);
  const held = dates
    .slice(0, 3)
    .map((date) => new Date(startsAt({ startTime }, date, tz).getTime() + minutes * 60_000));
  return { weekday, startTime, minutes, dates, held };
}

/** "Demand-gen Dana" of "Demand-gen Dana (marketing leader)". */
const shortName = (persona: string | null) => (persona ?? "Our").replace(/\s*\(.*\)$/, "");

const percent = (n: number | null) => (n === null ? "n/a" : `${Math.round(n * 100)}%`);

/** What the record keeper wrote down, from the agenda the meeting looked at. */
function meetingNotes(
  i: number,
  agenda: Agenda,
  unanswered: { text: string; personaName: string | null } | null,
  who: Record<Cast, SeedMember>,
): string {
  const m = agenda.sla.marketing;
  const accept = agenda.sla.sales.find((c) => c.commitment === "accept");
  const reason = agenda.rejectReasons.reasons[0];
  const mqls = agenda.funnel.find((f) => f.stage === "mql");
  const lines = [
    `MQLs: ${m.mqlsDelivered} delivered since the last meeting (${m.mqlsCommitted === null ? "no SLA" : `${Math.round(m.mqlsCommitted)} committed by the SLA`}); sales accepted ${m.accepted} and rejected ${m.rejected}.`,
    accept
      ? `Accept within the SLA: ${accept.met} met, ${accept.breached} breached (${percent(accept.compliance)}).`
      : "",
    reason ? `Most common reject reason: ${reason.label} (${reason.count}).` : "",
  ];
  if (i === 0 && unanswered) {
    const thisWeek = agenda.objections.find((o) => o.text === unanswered.text)?.count ?? 0;
    lines.push(
      `Buyers like ${shortName(unanswered.personaName)} keep saying "${unanswered.text}"${thisWeek ? ` (${thisWeek === 1 ? "once" : `${thisWeek} times`} since the last meeting)` : ""} and the messaging guide has no approved answer: ${who.content.name} drafted one; ${who.salesLead.name} approves it with sales' wording.`,
    );
  }
  if (i === 1 && mqls)
    lines.push(
      `${mqls.current} new MQLs, ${mqls.change === 0 ? "as many as" : `${Math.abs(mqls.change)} ${mqls.change > 0 ? "more" : "fewer"} than`} the week before; ${who.marketingLead.name} and ${who.salesLead.name} go through the rejected ones campaign by campaign.`,
    );
  if (i === 2)
    lines.push(
      `Procurement asks the same questions on every enterprise deal: ${who.field.name} delivers the Pricing FAQ this week.`,
    );
  return lines.filter(Boolean).join("\n");
}

/** Words a term quotes from what the other seeds wrote: the live scoring model, the SLA in force, the pods. */
async function glossaryTerms(db: Db, ws: string): Promise<GlossaryTerm[] | null> {
  const [model] = await queryRows<{ name: string; version: number; definition: ScoringDefinition }>(
    db,
    sql`select m.name, v.version, v.definition from scoring_model_versions v
        join scoring_models m on m.workspace_id = v.workspace_id and m.id = v.model_id
        where v.workspace_id = ${ws} and v.status = 'active' order by v.activated_at desc limit 1`,
  );
  const [sla] = await queryRows<{ version: number; terms: SlaTerms }>(
    db,
    sql`select version, terms from sla_versions where workspace_id = ${ws} and status = 'active' limit 1`,
  );
  if (!model || !sla) return null;
  const pods = await queryRows<{ name: string }>(
    db,
    sql`select name from pods where workspace_id = ${ws} and archived_at is null order by name`,
  );
  const s = sla.terms.sales;
  const cal = sla.terms.calendar;
  const hours = `business hours (${cal.start}-${cal.end} ${cal.timeZone}, working days, holidays excluded)`;
  return [
    {
      term: "MQL",
      definition: `A lead marketing hands to sales because ${model.name} (version ${model.version}, live) says it is ready: ${describeMql(model.definition.mql)}. Every MQL gets an answer from sales within the SLA.`,
      alsoCalled: ["Marketing-qualified lead"],
    },
    {
      term: "SAL",
      definition:
        "An MQL sales has accepted: the owner agrees it is worth working and starts the follow-up the SLA asks for.",
      alsoCalled: ["Sales-accepted lead"],
    },
    {
      term: "SQL",
      definition:
        "A SAL sales has qualified in a conversation: a real need, a buyer with budget and a timeline. The next step is an opportunity.",
      alsoCalled: ["Sales-qualified lead"],
    },
    {
      term: "Accepted",
      definition: `Sales' yes to an MQL, given within ${s.acceptWithinHours} ${hours}: the lead becomes a SAL.`,
      alsoCalled: ["Accept"],
    },
    {
      term: "Rejected",
      definition: `Sales' no to an MQL, always with a reason code (${joinWords(
        DEFAULT_REJECTION_REASONS.map((r) => r.label.toLowerCase()),
        "or",
      )}): the lead is recycled to marketing's nurture or disqualified, and the reason reaches the campaign that brought it.`,
      alsoCalled: ["Reject"],
    },
    {
      term: "Recycled",
      definition:
        "A rejected lead sent back to marketing's nurture (typically bad timing or unreachable); it can become an MQL again when its score crosses the MQL condition.",
      alsoCalled: ["Back to nurture"],
    },
    {
      term: "SLA",
      definition: `The service level agreement both teams signed (version ${sla.version} in force): sales accepts or rejects every MQL within ${s.acceptWithinHours} ${hours}, makes the first touch within ${s.firstTouchWithinHours} business hours and ${s.attempts} attempts within ${s.attemptsWithinDays} business days; marketing delivers ${sla.terms.marketing.mqlsPerMonth} MQLs a month and keeps rejections under ${Math.round(sla.terms.marketing.maxRejectionRate * 100)}%.`,
      alsoCalled: ["Service level agreement"],
    },
    {
      term: "Pod",
      definition: `A mixed team of sales and marketing members that owns personas, segments or accounts and plans its pipeline together${pods.length ? `: ${joinWords(pods.map((p) => p.name))}` : ""}.`,
      alsoCalled: ["Squad"],
    },
  ];
}

/** "a fit score of at least 15 and an engagement score of at least 30, or a combined score of at least 70". */
export function describeMql(mql: MqlCondition): string {
  const alternatives = mql.anyOf.map((a) =>
    [
      a.fit != null ? `a fit score of at least ${a.fit}` : null,
      a.engagement != null ? `an engagement score of at least ${a.engagement}` : null,
      a.combined != null ? `a combined score of at least ${a.combined}` : null,
    ]
      .filter(Boolean)
      .join(" and "),
  );
  const handoff = mql.handoffTouchTypes.map((t) => t.replace(/_/g, " "));
  return [
    alternatives.join(", or "),
    handoff.length ? `; a ${joinWords(handoff, "or")} makes a contact an MQL at once` : "",
  ].join("");
}

function joinWords(words: string[], last = "and"): string {
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} ${last} ${words.at(-1)}`;
}
