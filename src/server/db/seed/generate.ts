// Pure, deterministic generation of the demo workspace's rows from (seed, now): the fixed entities (members,
// pods, personas, segments, campaigns) up front, then accounts with their contacts, stage histories, deals
// and touches streamed in chunks so the large scale never holds all touches in memory. Row objects use the
// tables' column names; the writer (seed-demo-workspace.ts) turns them into batch inserts.
//
// The outcome model is deliberate: a contact's fit (persona match, seniority, account in a segment) and
// engagement (a latent that sets its touch count and recency) drive MQL conversion, deal creation and the
// win probability, so a scoring model trained on this history can find real signal.
import { createHash } from "node:crypto";
import { OPEN_DEAL_STAGES, teamOfTouch } from "../../../shared/domain.js";
import {
  ACCOUNT_TLD,
  COMPANY_WORDS,
  DEMO_EMAIL_DOMAIN,
  DEMO_SITE,
  FIRST_NAMES,
  INDUSTRIES,
  type IndustrySeed,
  LAST_NAMES,
  MEMBERS,
  type MemberSeed,
  NAME_SUFFIXES,
  OPPORTUNITY_PRODUCTS,
  OTHER_TITLES,
  PAGES,
  PERSONAS,
  type PersonaSeed,
  PODS,
  type PodKey,
  PRICING_PAGE,
  planCampaigns,
  REGIONS,
  SEGMENTS,
  type SegmentSeed,
  type Seniority,
  type TitleSeed,
  WORKSPACE_MISSION,
} from "./catalog.js";
import { createRng, createWeightedPicker, hashUnit, type Rng, sigmoid, uuidAt } from "./random.js";

export interface SeedSizes {
  contacts: number;
  touches: number;
  accounts: number;
}

export interface GenerationPlan {
  seed: number;
  nowMs: number;
  sizes: SeedSizes;
  workspaceName: string;
  /** A chunk is handed to the writer once it holds at least this many touches. */
  chunkTouches: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const HISTORY_DAYS = 365;

// Streams of the stateless hash, so each pass draws the same per-entity latent.
const STREAM_ACCOUNT_WEIGHT = 1;
const STREAM_ENGAGEMENT = 2;

// ---------------------------------------------------------------------------------------------------------
// Rows (property names are column names; generated columns such as search_text and contacts.name are absent)
// ---------------------------------------------------------------------------------------------------------

export interface WorkspaceRow {
  id: string;
  name: string;
  mission: string;
  time_zone: string;
  created_at: string;
  updated_at: string;
}

export interface MemberDraft {
  id: string;
  email: string;
  name: string;
  team: MemberSeed["team"];
  role: MemberSeed["role"];
  title: string;
  created_at: string;
  updated_at: string;
}

export interface PodRow {
  id: string;
  name: string;
  description: string;
  created_at: string;
  updated_at: string;
}

export interface PodMemberRow {
  pod_id: string;
  member_id: string;
}

export interface SegmentRow {
  id: string;
  name: string;
  description: string;
  industries: string[];
  min_employees: number | null;
  max_employees: number | null;
  regions: string[];
  pod_id: string;
  created_at: string;
  updated_at: string;
}

export interface PersonaRow {
  id: string;
  name: string;
  description: string;
  title_patterns: string[];
  seniorities: string[];
  departments: string[];
  pains: string;
  objections: string;
  pod_id: string;
  created_at: string;
  updated_at: string;
}

export interface CampaignRow {
  id: string;
  name: string;
  channel: string;
  status: string;
  owner_team: string;
  owner_member_id: string | null;
  starts_on: string;
  ends_on: string;
  budget: number;
  cost: number;
  utm_campaign: string;
  created_at: string;
  updated_at: string;
}

export interface AccountRow {
  id: string;
  name: string;
  domain: string;
  industry: string;
  employees: number;
  annual_revenue: number;
  country: string;
  region: string;
  segment_id: string | null;
  pod_id: string | null;
  owner_member_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface ContactRow {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  title: string;
  seniority: string;
  department: string | null;
  phone: string | null;
  country: string;
  region: string;
  account_id: string;
  persona_id: string | null;
  owner_member_id: string | null;
  lifecycle_stage: string;
  lifecycle_stage_changed_at: string;
  lead_status: string | null;
  source: string;
  source_campaign_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface StageChangeRow {
  id: string;
  contact_id: string;
  from_stage: string | null;
  to_stage: string;
  changed_at: string;
  /** When the contact entered the stage it leaves (the previous move's time). */
  from_entered_at: string | null;
  cause: string;
  member_id: string | null;
}

export interface OpportunityRow {
  id: string;
  name: string;
  account_id: string;
  amount: number;
  currency: string;
  stage: string;
  close_date: string;
  closed_at: string | null;
  owner_member_id: string | null;
  source_campaign_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface OpportunityContactRow {
  opportunity_id: string;
  contact_id: string;
  role: string;
}

export interface TouchRow {
  id: string;
  contact_id: string;
  account_id: string;
  type: string;
  team: string;
  channel: string | null;
  campaign_id: string | null;
  member_id: string | null;
  occurred_at: string;
  /** JSON text. */
  properties: string;
}

export interface Fixtures {
  workspace: WorkspaceRow;
  members: MemberDraft[];
  pods: PodRow[];
  podMembers: PodMemberRow[];
  segments: SegmentRow[];
  personas: PersonaRow[];
  campaigns: CampaignRow[];
}

export interface RecordChunk {
  accounts: AccountRow[];
  contacts: ContactRow[];
  stageChanges: StageChangeRow[];
  opportunities: OpportunityRow[];
  opportunityContacts: OpportunityContactRow[];
  touches: TouchRow[];
  /**
   * The planted signal behind each contact (not written anywhere): its fit and engagement latents, so a
   * benchmark can compute the best ranking the data allows (B8's oracle AUC).
   */
  latents: { contactId: string; fit: number; engagement: number }[];
}

// ---------------------------------------------------------------------------------------------------------
// Fixed entities
// ---------------------------------------------------------------------------------------------------------

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, "0"));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, "0"));
const dayPrefixes = new Map<number, string>();

/**
 * Same text as Date#toISOString (for years 1970-9999), built from a per-day prefix: the large scale
 * formats tens of millions of instants and this is several times faster.
 */
function iso(ms: number): string {
  const day = Math.floor(ms / DAY);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY).toISOString().slice(0, 11);
    dayPrefixes.set(day, prefix);
  }
  let rest = ms - day * DAY;
  const milliseconds = rest % 1000;
  rest = (rest - milliseconds) / 1000;
  const seconds = rest % 60;
  rest = (rest - seconds) / 60;
  const minutes = rest % 60;
  const hours = (rest - minutes) / 60;
  return `${prefix}${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds]}.${THREE_DIGITS[milliseconds]}Z`;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function slugify(text: string, separator: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, separator)
    .replace(new RegExp(`^\\${separator}+|\\${separator}+$`, "g"), "");
}

const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * "from Jul 2025": the month a recurring campaign starts in. Runs start 91 days apart, so no two share a
 * month (a calendar quarter could hold two of them: 1 July and 30 September).
 */
function startLabel(ms: number): string {
  const date = new Date(ms);
  return `from ${MONTH_NAMES[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** The fixed part of the workspace; its ids come first out of the PRNG so they never shift with scale. */
export function generateFixtures(plan: GenerationPlan): Fixtures {
  const rng = createRng(plan.seed);
  const { nowMs } = plan;
  const foundedMs = nowMs - (HISTORY_DAYS + 35) * DAY;
  const workspace: WorkspaceRow = {
    id: uuidAt(rng, foundedMs),
    name: plan.workspaceName,
    mission: WORKSPACE_MISSION,
    time_zone: "America/New_York",
    created_at: iso(foundedMs),
    updated_at: iso(foundedMs),
  };
  const members = MEMBERS.map((seed, i): MemberDraft => {
    const at = foundedMs + i * HOUR;
    return {
      id: uuidAt(rng, at),
      email: `${slugify(seed.firstName, "")}.${slugify(seed.lastName, "")}@${DEMO_EMAIL_DOMAIN}`,
      name: `${seed.firstName} ${seed.lastName}`,
      team: seed.team,
      role: seed.role,
      title: seed.title,
      created_at: iso(at),
      updated_at: iso(at),
    };
  });
  const setupMs = foundedMs + DAY;
  const pods = PODS.map(
    (pod): PodRow => ({
      id: uuidAt(rng, setupMs),
      name: pod.name,
      description: pod.description,
      created_at: iso(setupMs),
      updated_at: iso(setupMs),
    }),
  );
  const podIdOf = (key: PodKey) => pods[PODS.findIndex((pod) => pod.key === key)].id;
  const podMembers: PodMemberRow[] = [];
  MEMBERS.forEach((seed, i) => {
    for (const key of seed.pods) podMembers.push({ pod_id: podIdOf(key), member_id: members[i].id });
  });
  const segments = SEGMENTS.map(
    (segment): SegmentRow => ({
      id: uuidAt(rng, setupMs + HOUR),
      name: segment.name,
      description: segment.description,
      industries: segment.industries,
      min_employees: segment.minEmployees,
      max_employees: segment.maxEmployees,
      regions: segment.regions,
      pod_id: podIdOf(segment.pod),
      created_at: iso(setupMs + HOUR),
      updated_at: iso(setupMs + HOUR),
    }),
  );
  const personas = PERSONAS.map(
    (persona): PersonaRow => ({
      id: uuidAt(rng, setupMs + 2 * HOUR),
      name: persona.name,
      description: persona.description,
      title_patterns: persona.titlePatterns,
      seniorities: persona.seniorities,
      departments: persona.departments,
      pains: persona.pains,
      objections: persona.objections,
      pod_id: podIdOf(persona.pod),
      created_at: iso(setupMs + 2 * HOUR),
      updated_at: iso(setupMs + 2 * HOUR),
    }),
  );
  return {
    workspace,
    members,
    pods,
    podMembers,
    segments,
    personas,
    campaigns: generateCampaigns(rng, nowMs, members),
  };
}

function generateCampaigns(rng: Rng, nowMs: number, members: MemberDraft[]): CampaignRow[] {
  const todayMs = Math.floor(nowMs / DAY) * DAY;
  const plan = planCampaigns();
  const nameCounts = new Map<string, number>();
  for (const seed of plan) nameCounts.set(seed.name, (nameCounts.get(seed.name) ?? 0) + 1);
  const marketers = members.filter((m) => m.team === "marketing");
  const sellers = members.filter((_, i) => MEMBERS[i].sells !== undefined);
  return plan.map((seed): CampaignRow => {
    const startMs = todayMs - seed.startsDaysAgo * DAY;
    const endMs = startMs + (seed.durationDays - 1) * DAY;
    // Recurring campaigns (quarterly ads, outbound) get their start month in the name so names and utm stay
    // unique whatever day the demo is seeded on.
    const name = (nameCounts.get(seed.name) ?? 0) > 1 ? `${seed.name} (${startLabel(startMs)})` : seed.name;
    const status = endMs < todayMs ? "completed" : startMs > todayMs ? "planned" : "active";
    const budget = Math.round((seed.budget * rng.between(0.9, 1.1)) / 100) * 100;
    const spentShare =
      status === "completed"
        ? rng.between(0.82, 1.06)
        : status === "active"
          ? ((todayMs - startMs) / (endMs - startMs + DAY)) * rng.between(0.9, 1.05)
          : 0;
    const createdMs = Math.floor(startMs - rng.between(7, 30) * DAY);
    const owner = seed.ownerTeam === "sales" ? rng.pick(sellers) : rng.pick(marketers);
    return {
      id: uuidAt(rng, createdMs),
      name,
      channel: seed.channel,
      status,
      owner_team: seed.ownerTeam,
      owner_member_id: owner.id,
      starts_on: isoDate(startMs),
      ends_on: isoDate(endMs),
      budget,
      cost: Math.round(budget * spentShare * 100) / 100,
      utm_campaign: slugify(name, "_"),
      created_at: iso(createdMs),
      updated_at: iso(Math.min(nowMs, Math.max(createdMs, endMs))),
    };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Streaming records
// ---------------------------------------------------------------------------------------------------------

interface CampaignWindow {
  id: string;
  name: string;
  channel: string;
  utm: string;
  startMs: number;
  endMs: number;
}

interface PersonaInfo {
  seed: PersonaSeed;
  id: string;
}

interface SegmentInfo {
  seed: SegmentSeed;
  id: string;
}

interface Staff {
  ae: string[];
  sdr: string[];
}

interface AccountDraft {
  row: AccountRow;
  sizeClass: number;
  segment: SegmentInfo | null;
  staff: Staff;
}

interface StagePoint {
  stage: string;
  at: number;
  memberId: string | null;
}

interface ContactDraft {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  title: TitleSeed;
  persona: PersonaInfo | null;
  /** 0..1 from persona match, seniority and the account's segment. */
  fit: number;
  /** 0..1 latent; sets touch count and recency. */
  engagement: number;
  touchCount: number;
  /** Where the contact's history starts (first touch, first stage). */
  firstSeenMs: number;
  path: StagePoint[];
  sdrId: string | null;
  aeId: string | null;
  sourceChannel: string;
  sourceCampaign: CampaignWindow | null;
}

interface GeneratorContext {
  plan: GenerationPlan;
  rng: Rng;
  historyStartMs: number;
  personas: PersonaInfo[];
  segments: SegmentInfo[];
  staffByPod: Map<string, Staff>;
  allStaff: Staff;
  podIds: Map<PodKey, string>;
  campaignsByChannel: Map<string, CampaignWindow[]>;
  usedNames: Map<string, number>;
  usedDomains: Set<string>;
  jsonCache: Map<string, string>;
}

const pickIndustry = createWeightedPicker(INDUSTRIES.map((industry) => [industry, industry.weight] as const));
const pickRegion = createWeightedPicker(REGIONS.map((region) => [region, region.weight] as const));
const pickCountry = new Map(
  REGIONS.map((region) => [
    region.name,
    createWeightedPicker(region.countries.map(([c, w]) => [c, w] as const)),
  ]),
);
const pickPersonaIndex = createWeightedPicker(PERSONAS.map((persona, i) => [i, persona.weight] as const));
const pickOtherTitle = createWeightedPicker(OTHER_TITLES.map((title) => [title, title.weight] as const));

const SENIORITY_FIT: Record<Seniority, number> = {
  c_level: 0.25,
  vp: 0.25,
  director: 0.2,
  manager: 0.1,
  individual_contributor: 0.02,
};

// Where contacts first come from; channels that need a live campaign fall back to organic search.
const pickSourceChannel = createWeightedPicker<string>([
  ["organic_search", 20],
  ["paid_search", 16],
  ["paid_social", 10],
  ["content", 12],
  ["webinar", 8],
  ["event", 6],
  ["referral", 6],
  ["partner", 4],
  ["social", 5],
  ["direct", 6],
  ["outbound", 7],
]);

const SOURCE_TOUCH_TYPE: Record<string, string> = {
  organic_search: "page_view",
  direct: "page_view",
  social: "page_view",
  referral: "page_view",
  paid_search: "ad_click",
  paid_social: "ad_click",
  content: "content_download",
  webinar: "webinar",
  event: "event",
  partner: "form_submit",
  outbound: "sales_email",
};

const pickPageViewChannel = createWeightedPicker<string>([
  ["paid_search", 25],
  ["paid_social", 15],
  ["email", 25],
  ["social", 10],
  ["content", 15],
  ["referral", 5],
  ["partner", 5],
]);

const pickSalesTouchType = createWeightedPicker<string>([
  ["call", 30],
  ["sales_email", 35],
  ["meeting", 12],
  ["social_message", 13],
  ["content_shared", 10],
]);

const FIT_BUCKETS = 11;

// Good-fit contacts request demos and read the pricing page far more often: the behaviour a score should reward.
const pickMarketingTypeByFit = Array.from({ length: FIT_BUCKETS }, (_, bucket) => {
  const fit = bucket / (FIT_BUCKETS - 1);
  return createWeightedPicker<string>([
    ["page_view", 42],
    ["email_open", 20],
    ["email_click", 7],
    ["ad_click", 6],
    ["content_download", 4],
    ["webinar", 2],
    ["event", 1.2],
    ["form_submit", 2],
    ["demo_request", 0.2 + 3.5 * fit],
    ["custom", 0.6],
  ]);
});

const pickPageByFit = Array.from({ length: FIT_BUCKETS }, (_, bucket) => {
  const fit = bucket / (FIT_BUCKETS - 1);
  return createWeightedPicker<(typeof PAGES)[number]>([
    ...PAGES.map((page) => [page, page.weight] as const),
    [PRICING_PAGE, 3 + 30 * fit],
  ]);
});

const fitBucket = (fit: number) =>
  Math.min(FIT_BUCKETS - 1, Math.max(0, Math.round(fit * (FIT_BUCKETS - 1))));

function accountWeight(seed: number, index: number): number {
  const u = hashUnit(seed, STREAM_ACCOUNT_WEIGHT, index);
  return 0.4 + 6 * u * u * u;
}

function engagementOf(seed: number, index: number): number {
  return hashUnit(seed, STREAM_ENGAGEMENT, index);
}

function touchWeight(engagement: number): number {
  return Math.exp(4 * engagement) - 0.6;
}

/**
 * Splits `total` over items by weight with cumulative rounding, so the parts add up exactly and each
 * part depends only on the running weight sum (no need to keep all weights).
 */
function createAllocator(total: number, count: number, totalWeight: number) {
  const base = count > 0 && total >= count ? 1 : 0;
  const rest = total - base * count;
  let cumulative = 0;
  let allocated = 0;
  return (weight: number): number => {
    cumulative += weight;
    const upTo = totalWeight > 0 ? Math.round((cumulative * rest) / totalWeight) : 0;
    const part = Math.max(0, Math.min(rest, upTo) - allocated);
    allocated += part;
    return base + part;
  };
}

function createContext(plan: GenerationPlan, fixtures: Fixtures): GeneratorContext {
  // A separate stream from the fixtures' so the records do not shift when the fixed part changes.
  const rng = createRng(plan.seed ^ 0x5eed5eed);
  const podIds = new Map<PodKey, string>(PODS.map((pod, i) => [pod.key, fixtures.pods[i].id]));
  const staffByPod = new Map<string, Staff>();
  const allStaff: Staff = { ae: [], sdr: [] };
  MEMBERS.forEach((seed, i) => {
    if (!seed.sells) return;
    const id = fixtures.members[i].id;
    allStaff[seed.sells].push(id);
    for (const key of seed.pods) {
      const podId = podIds.get(key)!;
      const staff = staffByPod.get(podId) ?? { ae: [], sdr: [] };
      staff[seed.sells].push(id);
      staffByPod.set(podId, staff);
    }
  });
  const campaignsByChannel = new Map<string, CampaignWindow[]>();
  for (const campaign of fixtures.campaigns) {
    const list = campaignsByChannel.get(campaign.channel) ?? [];
    list.push({
      id: campaign.id,
      name: campaign.name,
      channel: campaign.channel,
      utm: campaign.utm_campaign,
      startMs: Date.parse(`${campaign.starts_on}T00:00:00Z`),
      endMs: Date.parse(`${campaign.ends_on}T00:00:00Z`) + DAY - 1,
    });
    campaignsByChannel.set(campaign.channel, list);
  }
  return {
    plan,
    rng,
    historyStartMs: plan.nowMs - HISTORY_DAYS * DAY,
    personas: PERSONAS.map((seed, i) => ({ seed, id: fixtures.personas[i].id })),
    segments: SEGMENTS.map((seed, i) => ({ seed, id: fixtures.segments[i].id })),
    staffByPod,
    allStaff,
    podIds,
    campaignsByChannel,
    usedNames: new Map(),
    usedDomains: new Set(),
    jsonCache: new Map(),
  };
}

function emptyChunk(): RecordChunk {
  return {
    accounts: [],
    contacts: [],
    stageChanges: [],
    opportunities: [],
    opportunityContacts: [],
    touches: [],
    latents: [],
  };
}

/**
 * Yields accounts with everything hanging off them, in chunks of about `plan.chunkTouches` touches, in an
 * order that satisfies every foreign key when each chunk is written table by table.
 */
export function* generateRecords(plan: GenerationPlan, fixtures: Fixtures): Generator<RecordChunk> {
  const { seed, sizes } = plan;
  const ctx = createContext(plan, fixtures);
  // First pass over the stateless latents only: the totals let both allocations hit the sizes exactly.
  let accountWeightSum = 0;
  for (let a = 0; a < sizes.accounts; a++) accountWeightSum += accountWeight(seed, a);
  let touchWeightSum = 0;
  for (let i = 0; i < sizes.contacts; i++) touchWeightSum += touchWeight(engagementOf(seed, i));
  const contactsOf = createAllocator(sizes.contacts, sizes.accounts, accountWeightSum);
  const touchesOf = createAllocator(sizes.touches, sizes.contacts, touchWeightSum);

  let chunk = emptyChunk();
  let contactIndex = 0;
  for (let a = 0; a < sizes.accounts; a++) {
    const weight = accountWeight(seed, a);
    const account = draftAccount(ctx, hashUnit(seed, STREAM_ACCOUNT_WEIGHT, a));
    const contactCount = contactsOf(weight);
    const contacts: ContactDraft[] = [];
    const emails = new Set<string>();
    for (let k = 0; k < contactCount; k++, contactIndex++) {
      const engagement = engagementOf(seed, contactIndex);
      contacts.push(draftContact(ctx, account, engagement, touchesOf(touchWeight(engagement)), emails));
    }
    emitAccount(ctx, account, contacts, chunk);
    if (chunk.touches.length >= plan.chunkTouches) {
      yield chunk;
      chunk = emptyChunk();
    }
  }
  if (chunk.accounts.length > 0) yield chunk;
}

function draftAccount(ctx: GeneratorContext, sizeLatent: number): AccountDraft {
  const { rng } = ctx;
  const industry = pickIndustry(rng);
  const region = pickRegion(rng);
  const country = pickCountry.get(region.name)!(rng);
  // The same latent that gives an account more contacts makes it a bigger company.
  const sizeClass = sizeLatent < 0.45 ? 0 : sizeLatent < 0.8 ? 1 : sizeLatent < 0.95 ? 2 : 3;
  const [low, high] = [
    [10, 200],
    [200, 2000],
    [2000, 20000],
    [20000, 150000],
  ][sizeClass];
  const employees = Math.round(low * (high / low) ** rng.float());
  const annualRevenue =
    Math.round((employees * industry.revenuePerEmployee * rng.between(0.6, 1.4)) / 1000) * 1000;
  const segment =
    ctx.segments.find((s) => fitsSegment(s.seed, industry.name, employees, region.name)) ?? null;
  let podId: string | null = segment ? ctx.podIds.get(segment.seed.pod)! : null;
  if (!podId && region.name === "North America" && rng.chance(0.3)) podId = ctx.podIds.get("atlas")!;
  if (!podId && region.name === "EMEA" && rng.chance(0.3)) podId = ctx.podIds.get("compass")!;
  const staff = (podId && ctx.staffByPod.get(podId)) || ctx.allStaff;
  const owned = segment ? rng.chance(0.85) : rng.chance(0.2);
  const { name, domain } = nameAccount(ctx, industry);
  return {
    row: {
      id: "",
      name,
      domain,
      industry: industry.name,
      employees,
      annual_revenue: annualRevenue,
      country,
      region: region.name,
      segment_id: segment?.id ?? null,
      pod_id: podId,
      owner_member_id: owned ? rng.pick(staff.ae) : null,
      created_at: "",
      updated_at: "",
    },
    sizeClass,
    segment,
    staff,
  };
}

function fitsSegment(segment: SegmentSeed, industry: string, employees: number, region: string): boolean {
  return (
    segment.industries.includes(industry) &&
    (segment.minEmployees === null || employees >= segment.minEmployees) &&
    (segment.maxEmployees === null || employees <= segment.maxEmployees) &&
    segment.regions.includes(region)
  );
}

function nameAccount(ctx: GeneratorContext, industry: IndustrySeed): { name: string; domain: string } {
  const base = `${ctx.rng.pick(COMPANY_WORDS)} ${ctx.rng.pick(industry.nouns)}`;
  for (let k = ctx.usedNames.get(base) ?? 0; ; k++) {
    const suffix =
      k === 0
        ? ""
        : ` ${NAME_SUFFIXES[(k - 1) % NAME_SUFFIXES.length]}${k > NAME_SUFFIXES.length ? ` ${Math.ceil(k / NAME_SUFFIXES.length)}` : ""}`;
    const name = base + suffix;
    const domain = slugify(name, "") + ACCOUNT_TLD;
    if (ctx.usedDomains.has(domain)) continue;
    ctx.usedNames.set(base, k + 1);
    ctx.usedDomains.add(domain);
    return { name, domain };
  }
}

function matchPersona(ctx: GeneratorContext, title: string): PersonaInfo | null {
  const lower = title.toLowerCase();
  return ctx.personas.find((p) => p.seed.titlePatterns.some((pattern) => lower.includes(pattern))) ?? null;
}

function draftContact(
  ctx: GeneratorContext,
  account: AccountDraft,
  engagement: number,
  touchCount: number,
  emails: Set<string>,
): ContactDraft {
  const { rng } = ctx;
  const title: TitleSeed = rng.chance(0.55)
    ? rng.pick(PERSONAS[pickPersonaIndex(rng)].titles)
    : pickOtherTitle(rng);
  // Matching by the personas' own patterns keeps persona_id exactly what the app's matcher would compute.
  const persona = matchPersona(ctx, title.title);
  const fit = Math.min(
    1,
    (persona ? 0.45 : 0) + SENIORITY_FIT[title.seniority] + (account.segment ? 0.3 : 0),
  );
  const firstName = rng.pick(FIRST_NAMES);
  const lastName = rng.pick(LAST_NAMES);
  return {
    id: "",
    firstName,
    lastName,
    email: emailFor(firstName, lastName, account.row.domain, emails),
    title,
    persona,
    fit,
    engagement,
    touchCount,
    firstSeenMs: 0,
    path: [],
    sdrId: null,
    aeId: null,
    sourceChannel: "direct",
    sourceCampaign: null,
  };
}

function emailFor(firstName: string, lastName: string, domain: string, taken: Set<string>): string {
  const first = slugify(firstName, "");
  const last = slugify(lastName, "");
  const candidates = [`${first}.${last}`, `${first[0]}${last}`, `${first}${last}`, `${first}.${last[0]}`];
  for (let n = 2; ; n++) {
    const local = candidates.shift() ?? `${first}.${last}${n}`;
    const email = `${local}@${domain}`;
    if (!taken.has(email)) {
      taken.add(email);
      return email;
    }
  }
}

/** Evenly-ish spread increasing instants: the first at `start`, the others sorted at random up to `end`. */
function spreadTimes(rng: Rng, start: number, end: number, count: number): number[] {
  const times = [start];
  const rest: number[] = [];
  for (let i = 1; i < count; i++) rest.push(Math.floor(start + rng.float() * Math.max(0, end - start)));
  rest.sort((x, y) => x - y);
  for (const t of rest) times.push(Math.max(t, times[times.length - 1] + MINUTE));
  return times;
}

interface DealPlan {
  id: string;
  createdMs: number;
  closeMs: number;
  closed: boolean;
  won: boolean;
  /** The chance it is won, from its people's fit and engagement (an open deal's fate is drawn from it). */
  winChance: number;
  members: { contact: ContactDraft; role: string }[];
}

function emitAccount(
  ctx: GeneratorContext,
  account: AccountDraft,
  contacts: ContactDraft[],
  out: RecordChunk,
) {
  const { rng, plan } = ctx;
  const nowMs = plan.nowMs;
  const deal = planDeal(ctx, account, contacts);
  const onDeal = new Set(deal?.members.map((m) => m.contact) ?? []);
  if (deal && !account.row.owner_member_id) account.row.owner_member_id = rng.pick(account.staff.ae);

  for (const contact of contacts) {
    contact.sdrId = rng.pick(account.staff.sdr);
    contact.aeId = account.row.owner_member_id ?? rng.pick(account.staff.ae);
    if (deal && onDeal.has(contact)) planDealPath(ctx, contact, deal);
    else planOwnPath(ctx, contact);
    chooseSource(ctx, contact);
    contact.id = uuidAt(rng, contact.firstSeenMs);
  }

  const firstSeen = contacts.length > 0 ? Math.min(...contacts.map((c) => c.firstSeenMs)) : 0;
  const accountCreatedMs =
    contacts.length > 0
      ? Math.max(ctx.historyStartMs - 30 * DAY, Math.floor(firstSeen - rng.float() * 3 * DAY))
      : Math.floor(ctx.historyStartMs + rng.float() * (HISTORY_DAYS - 1) * DAY);
  account.row.id = uuidAt(rng, accountCreatedMs);
  account.row.created_at = iso(accountCreatedMs);
  account.row.updated_at = iso(Math.min(nowMs, Math.floor(accountCreatedMs + rng.float() * 60 * DAY)));
  out.accounts.push(account.row);

  for (const contact of contacts) emitContact(ctx, account, contact, out);

  if (deal) emitDeal(ctx, account, deal, out);
}

/** The chance a deal is won given its people's mean fit and engagement: the planted signal. */
export const plantedWinChance = (fit: number, engagement: number) =>
  sigmoid(-5.5 + 4.4 * fit + 3.6 * engagement);

/** Picks whether the account has a deal, who sits on it, and whether it is won; the heart of the signal. */
function planDeal(ctx: GeneratorContext, account: AccountDraft, contacts: ContactDraft[]): DealPlan | null {
  const { rng, plan } = ctx;
  if (contacts.length === 0) return null;
  const propensity = (c: ContactDraft) => -3.2 + 2.6 * c.fit + 3.2 * c.engagement;
  let lead = contacts[0];
  for (const c of contacts) if (propensity(c) > propensity(lead)) lead = c;
  if (!rng.chance(sigmoid(propensity(lead) - 2.2))) return null;

  const others = contacts.filter((c) => c !== lead);
  const size = Math.min(others.length, Math.floor(rng.float() * 3.2));
  const committee: ContactDraft[] = [];
  for (let k = 0; k < size; k++) {
    // Weighted draw without replacement: the buying committee leans to personas and engaged people.
    const total = others.reduce((sum, c) => sum + 0.15 + c.fit + c.engagement, 0);
    let x = rng.float() * total;
    let index = others.length - 1;
    for (let j = 0; j < others.length; j++) {
      x -= 0.15 + others[j].fit + others[j].engagement;
      if (x < 0) {
        index = j;
        break;
      }
    }
    committee.push(others.splice(index, 1)[0]);
  }

  const createdMs = Math.floor(plan.nowMs - rng.between(3, 330) * DAY);
  const cycleDays = (20 + 100 * rng.float() ** 0.8) * (1 + 0.25 * account.sizeClass);
  const closeMs = Math.floor(createdMs + cycleDays * DAY);
  const closed = closeMs < plan.nowMs - HOUR;
  // The whole buying committee counts: deals whose people fit and engage win.
  const weighted = [lead, ...committee];
  const dealFit = weighted.reduce((sum, c) => sum + c.fit, 0) / weighted.length;
  const dealEngagement = weighted.reduce((sum, c) => sum + c.engagement, 0) / weighted.length;
  const winChance = plantedWinChance(dealFit, dealEngagement);
  const won = closed && rng.chance(winChance);

  const roleOf = (c: ContactDraft, isLead: boolean): string => {
    if (c.persona?.seed.key === "finance_approver") return "economic_buyer";
    if (isLead) return "champion";
    if (c.title.seniority === "c_level" || c.title.seniority === "vp") return "decision_maker";
    if (c.persona) return "influencer";
    return rng.chance(0.5) ? "user" : "other";
  };
  return {
    id: uuidAt(rng, createdMs),
    createdMs,
    closeMs,
    closed,
    won,
    winChance,
    members: [
      { contact: lead, role: roleOf(lead, true) },
      ...committee.map((c) => ({ contact: c, role: roleOf(c, false) })),
    ],
  };
}

function planDealPath(ctx: GeneratorContext, contact: ContactDraft, deal: DealPlan) {
  const { rng, plan, historyStartMs } = ctx;
  const isLead = deal.members[0].contact === contact;
  const leadTime = rng.between(14, 140) * DAY;
  const firstSeenMs = Math.floor(
    Math.max(historyStartMs, deal.createdMs - (isLead ? leadTime : leadTime * rng.float()) - DAY),
  );
  const joinsMs = Math.floor(deal.createdMs + (isLead ? 0 : rng.float() * 2 * DAY));
  const stages = rng.chance(0.3) ? ["subscriber", "lead"] : ["lead"];
  stages.push("mql", "sal", "sql");
  const times = spreadTimes(rng, firstSeenMs, joinsMs - HOUR, stages.length);
  answerQuickly(rng, stages, times, joinsMs - HOUR);
  const path: StagePoint[] = stages.map((stage, i) => ({
    stage,
    at: times[i],
    memberId: stage === "sal" ? contact.sdrId : stage === "sql" ? contact.aeId : null,
  }));
  path.push({
    stage: "opportunity",
    at: Math.max(joinsMs, times[times.length - 1] + MINUTE),
    memberId: contact.aeId,
  });
  if (deal.closed) {
    const last = path[path.length - 1].at;
    if (deal.won) {
      path.push({ stage: "customer", at: Math.max(deal.closeMs, last + MINUTE), memberId: contact.aeId });
    } else {
      const at = Math.min(
        plan.nowMs - MINUTE,
        Math.max(Math.floor(deal.closeMs + rng.float() * 7 * DAY), last + MINUTE),
      );
      path.push({ stage: rng.chance(0.85) ? "recycled" : "disqualified", at, memberId: contact.aeId });
    }
  }
  contact.firstSeenMs = firstSeenMs;
  contact.path = path;
}

/** A contact not on a deal walks the funnel as far as its fit and engagement carry it. */
function planOwnPath(ctx: GeneratorContext, contact: ContactDraft) {
  const { rng, plan, historyStartMs } = ctx;
  const { fit, engagement } = contact;
  const firstSeenMs = Math.floor(historyStartMs + rng.float() * (plan.nowMs - DAY - historyStartMs));
  const stages: string[] = [];
  const members: (string | null)[] = [];
  const push = (stage: string, memberId: string | null = null) => {
    stages.push(stage);
    members.push(memberId);
  };
  const reachesLead = rng.chance(0.6 + 0.35 * engagement);
  if (!reachesLead || rng.chance(0.35)) push("subscriber");
  if (reachesLead) {
    push("lead");
    const student = contact.title.title === "Student" || contact.title.title === "Intern";
    if (student && rng.chance(0.3)) push("disqualified");
    else if (rng.chance(sigmoid(-6.2 + 1.6 * fit + 7.5 * engagement))) {
      // Steep in engagement: the leads the agreed score would call MQLs are the ones that became MQLs.
      push("mql");
      // Most MQLs are worked and most of those accepted: the demo's teams keep their SLA (about a quarter
      // rejected, within the 30% limit), with enough misses to show what a breach and a rejection look like.
      const worked = rng.chance(0.93);
      if (worked && rng.chance(sigmoid(0.4 + 3.2 * fit))) {
        push("sal", contact.sdrId);
        if (rng.chance(sigmoid(-1.2 + 1.8 * fit + 1.5 * engagement))) {
          push("sql", contact.aeId);
          if (rng.chance(0.4)) push("recycled", contact.aeId);
        } else if (rng.chance(0.65)) push("recycled", contact.sdrId);
      } else if (worked) {
        push(rng.chance(0.5) ? "recycled" : "disqualified", contact.sdrId);
      }
    }
  }
  const times = spreadTimes(rng, firstSeenMs, plan.nowMs - HOUR, stages.length);
  answerQuickly(rng, stages, times, plan.nowMs - HOUR);
  // An MQL nobody worked does not wait for months: after a couple of weeks without an answer its owner
  // sends it back to nurture (a rejection, "unreachable"); only recent MQLs are still open.
  const last = stages.length - 1;
  if (stages[last] === "mql" && times[last] < plan.nowMs - OPEN_MQL_DAYS * DAY) {
    stages.push("recycled");
    members.push(contact.sdrId);
    times.push(Math.floor(times[last] + rng.between(1, 6) * DAY));
  }
  contact.firstSeenMs = firstSeenMs;
  contact.path = stages.map((stage, i) => ({ stage, at: times[i], memberId: members[i] }));
}

/** MQLs younger than this may still wait for sales' answer; older ones were answered. */
const OPEN_MQL_DAYS = 12;

/**
 * Sales answers an MQL (accepts it as a SAL, or sends it back) hours after it arrives, as the SLA asks, not
 * at a random later moment: most within the business day, some late, a few days late. The stages after
 * the answer keep their order.
 */
function answerQuickly(rng: Rng, stages: string[], times: number[], endMs: number) {
  const mql = stages.indexOf("mql");
  if (mql < 0 || mql + 1 >= stages.length) return;
  const lateness = rng.float();
  const delayMs =
    lateness < 0.86
      ? rng.between(0.2, 3) * HOUR
      : lateness < 0.96
        ? rng.between(3, 20) * HOUR
        : rng.between(1, 5) * DAY;
  const answeredMs = Math.floor(times[mql] + delayMs);
  const bound = mql + 2 < stages.length ? times[mql + 2] - MINUTE : endMs;
  if (answeredMs < bound && answeredMs < times[mql + 1]) times[mql + 1] = answeredMs;
}

function activeCampaign(ctx: GeneratorContext, channel: string, at: number): CampaignWindow | null {
  const list = ctx.campaignsByChannel.get(channel);
  if (!list) return null;
  let found: CampaignWindow | null = null;
  let seen = 0;
  for (const campaign of list) {
    if (campaign.startMs <= at && at <= campaign.endMs) {
      // Reservoir pick: uniform among the live ones without building an array.
      seen++;
      if (seen === 1 || ctx.rng.int(seen) === 0) found = campaign;
    }
  }
  return found;
}

function chooseSource(ctx: GeneratorContext, contact: ContactDraft) {
  let channel = pickSourceChannel(ctx.rng);
  let campaign: CampaignWindow | null = null;
  if (channel !== "organic_search" && channel !== "direct") {
    campaign = activeCampaign(ctx, channel, contact.firstSeenMs);
    if (!campaign) channel = "organic_search";
  }
  contact.sourceChannel = channel;
  contact.sourceCampaign = campaign;
}

const LEAD_STATUS: Record<string, string | null> = {
  subscriber: null,
  lead: null,
  mql: "new",
  sal: "connected",
  sql: "qualified",
  opportunity: "qualified",
  customer: "qualified",
  recycled: "nurture",
  disqualified: "unqualified",
};

function emitContact(ctx: GeneratorContext, account: AccountDraft, contact: ContactDraft, out: RecordChunk) {
  const { rng } = ctx;
  const last = contact.path[contact.path.length - 1];
  const reachedMql = contact.path.some((p) => p.stage === "mql");
  const reachedSql = contact.path.some((p) => p.stage === "sql");
  const region = REGIONS.find((r) => r.name === account.row.region)!;
  out.latents.push({ contactId: contact.id, fit: contact.fit, engagement: contact.engagement });
  out.contacts.push({
    id: contact.id,
    email: contact.email,
    first_name: contact.firstName,
    last_name: contact.lastName,
    title: contact.title.title,
    seniority: contact.title.seniority,
    department: contact.title.department,
    phone: rng.chance(0.4)
      ? `${region.phonePrefix} 555 01${String(rng.int(100)).padStart(2, "0")} ${rng.int(10000)}`
      : null,
    country: account.row.country,
    region: account.row.region,
    account_id: account.row.id,
    persona_id: contact.persona?.id ?? null,
    owner_member_id: reachedSql ? contact.aeId : reachedMql ? contact.sdrId : null,
    lifecycle_stage: last.stage,
    lifecycle_stage_changed_at: iso(last.at),
    lead_status: last.stage === "mql" && rng.chance(0.4) ? "attempting" : LEAD_STATUS[last.stage],
    source: contact.sourceChannel,
    source_campaign_id: contact.sourceCampaign?.id ?? null,
    created_at: iso(contact.firstSeenMs),
    updated_at: iso(last.at),
  });
  let from: string | null = null;
  let fromAt: string | null = null;
  for (const point of contact.path) {
    const at = iso(point.at);
    out.stageChanges.push({
      id: uuidAt(rng, point.at),
      contact_id: contact.id,
      from_stage: from,
      to_stage: point.stage,
      changed_at: at,
      from_entered_at: fromAt,
      cause: "seed",
      member_id: point.memberId,
    });
    from = point.stage;
    fromAt = at;
  }
  emitTouches(ctx, account, contact, out);
}

/**
 * How far (1 discovery ... 4 negotiation) an open deal gets before it closes. Its fate is drawn from its win
 * chance with a hash of its id (the random stream stays as it was); one that will be lost stalls where lost
 * deals stop in the stage history (seed-deal-stages.ts: by the same hash, 4 in 10 in discovery, 3 in
 * qualification, 2 in proposal, 1 in negotiation), so an open deal's stage says what history says of it.
 */
function furthestOpenStage(deal: DealPlan): number {
  const hash = createHash("md5").update(deal.id).digest("hex");
  const fate = Number.parseInt(hash.slice(4, 12), 16) / 2 ** 32;
  if (fate < deal.winChance) return 4;
  const h = Number.parseInt(hash.slice(0, 4), 16) % 10;
  return h < 4 ? 1 : h < 7 ? 2 : h < 9 ? 3 : 4;
}

function emitDeal(ctx: GeneratorContext, account: AccountDraft, deal: DealPlan, out: RecordChunk) {
  const { rng, plan } = ctx;
  const [low, high] = [
    [6_000, 24_000],
    [18_000, 70_000],
    [50_000, 200_000],
    [150_000, 500_000],
  ][account.sizeClass];
  const amount = Math.round((low * (high / low) ** rng.float()) / 500) * 500;
  const progress = (plan.nowMs - deal.createdMs) / (deal.closeMs - deal.createdMs);
  const stage = deal.closed
    ? deal.won
      ? "closed_won"
      : "closed_lost"
    : OPEN_DEAL_STAGES[Math.min(furthestOpenStage(deal) - 1, Math.floor(progress * 4))];
  const lead = deal.members[0].contact;
  out.opportunities.push({
    id: deal.id,
    name: `${account.row.name} - ${OPPORTUNITY_PRODUCTS[account.sizeClass]}`,
    account_id: account.row.id,
    amount,
    currency: "USD",
    stage,
    close_date: isoDate(deal.closeMs),
    closed_at: deal.closed ? iso(deal.closeMs) : null,
    owner_member_id: account.row.owner_member_id,
    source_campaign_id: lead.sourceCampaign?.id ?? null,
    created_at: iso(deal.createdMs),
    updated_at: iso(
      deal.closed ? deal.closeMs : Math.max(deal.createdMs, Math.floor(plan.nowMs - rng.float() * 7 * DAY)),
    ),
  });
  for (const member of deal.members) {
    out.opportunityContacts.push({
      opportunity_id: deal.id,
      contact_id: member.contact.id,
      role: member.role,
    });
  }
}

// ---------------------------------------------------------------------------------------------------------
// Touches
// ---------------------------------------------------------------------------------------------------------

function cachedJson(ctx: GeneratorContext, key: string, build: () => unknown): string {
  let json = ctx.jsonCache.get(key);
  if (json === undefined) {
    json = JSON.stringify(build());
    ctx.jsonCache.set(key, json);
  }
  return json;
}

const UTM_SOURCE: Record<string, [source: string, medium: string]> = {
  paid_search: ["google", "cpc"],
  paid_social: ["linkedin", "paid_social"],
  email: ["newsletter", "email"],
  social: ["linkedin", "social"],
  content: ["content_hub", "content"],
  referral: ["customer", "referral"],
  partner: ["partner", "partner"],
  webinar: ["webinar", "webinar"],
  event: ["event", "event"],
  outbound: ["sdr", "email"],
};

function pageViewProperties(
  ctx: GeneratorContext,
  page: { path: string; title: string },
  campaign: CampaignWindow | null,
) {
  return cachedJson(ctx, `pv|${page.path}|${campaign?.id ?? ""}`, () => {
    const [source, medium] = campaign ? (UTM_SOURCE[campaign.channel] ?? ["other", "other"]) : ["", ""];
    const query = campaign ? `?utm_source=${source}&utm_medium=${medium}&utm_campaign=${campaign.utm}` : "";
    return { url: `${DEMO_SITE}${page.path}${query}`, path: page.path, title: page.title };
  });
}

interface TouchDraft {
  type: string;
  channel: string | null;
  campaign: CampaignWindow | null;
  memberId: string | null;
  properties: string;
}

function emitTouches(ctx: GeneratorContext, account: AccountDraft, contact: ContactDraft, out: RecordChunk) {
  const { rng, plan } = ctx;
  const count = contact.touchCount;
  if (count === 0) return;
  const at = (stage: string) => contact.path.find((p) => p.stage === stage)?.at;
  const salMs = at("sal");
  const sqlMs = at("sql");
  const push = (occurredMs: number, touch: TouchDraft) => {
    out.touches.push({
      id: uuidAt(rng, occurredMs),
      contact_id: contact.id,
      account_id: account.row.id,
      type: touch.type,
      team: teamOfTouch(touch.type),
      channel: touch.channel,
      campaign_id: touch.campaign?.id ?? null,
      member_id: touch.memberId,
      occurred_at: iso(occurredMs),
      properties: touch.properties,
    });
  };

  // Milestones first: the source touch, the conversion that made it an MQL, the SDR's first call and the
  // discovery meeting, so attribution and SLA reports find a touch at each hand-off.
  push(contact.firstSeenMs, sourceTouch(ctx, contact));
  let emitted = 1;
  const mqlMs = at("mql");
  if (emitted < count && mqlMs !== undefined) {
    push(mqlMs, conversionTouch(ctx, contact, mqlMs));
    emitted++;
  }
  if (emitted < count && salMs !== undefined) {
    push(salMs, salesTouch(ctx, "call", salMs, contact.sdrId));
    emitted++;
    // The SLA asks for follow-up attempts after acceptance: most reps make them within a few days.
    if (rng.chance(0.78)) {
      for (const type of ["sales_email", "call"]) {
        if (emitted >= count) break;
        const followUpMs = Math.min(plan.nowMs - MINUTE, Math.floor(salMs + rng.between(0.1, 3.5) * DAY));
        if (followUpMs <= salMs) break;
        push(followUpMs, salesTouch(ctx, type, followUpMs, contact.sdrId));
        emitted++;
      }
    }
  }
  // A rejected MQL was usually tried once before it was sent back.
  const answer = mqlMs === undefined ? undefined : contact.path.find((p) => p.at > mqlMs);
  if (emitted < count && answer && answer.stage !== "sal" && rng.chance(0.7)) {
    const triedMs = Math.floor(mqlMs! + (answer.at - mqlMs!) * rng.between(0.2, 0.9));
    push(triedMs, salesTouch(ctx, "call", triedMs, contact.sdrId));
    emitted++;
  }
  const opportunityMs = at("opportunity");
  if (emitted < count && opportunityMs !== undefined) {
    push(opportunityMs, salesTouch(ctx, "meeting", opportunityMs, contact.aeId));
    emitted++;
  }

  const start = contact.firstSeenMs;
  const span = Math.max(HOUR, plan.nowMs - MINUTE - start);
  // Hot contacts' touches bunch up towards today: recency is part of the engagement signal.
  const recencyExponent = 1 / (1 + 1.5 * contact.engagement);
  const bucket = fitBucket(contact.fit);
  for (; emitted < count; emitted++) {
    const occurredMs = Math.floor(start + span * rng.float() ** recencyExponent);
    if (salMs !== undefined && occurredMs >= salMs && rng.chance(0.4)) {
      const memberId = sqlMs !== undefined && occurredMs >= sqlMs ? contact.aeId : contact.sdrId;
      push(occurredMs, salesTouch(ctx, pickSalesTouchType(rng), occurredMs, memberId));
    } else {
      let type = pickMarketingTypeByFit[bucket](rng);
      // A demo request makes an MQL: a contact asks for a demo only once it is one (its conversion touch).
      if (type === "demo_request" && (mqlMs === undefined || occurredMs < mqlMs)) type = "page_view";
      push(occurredMs, marketingTouch(ctx, type, occurredMs, bucket));
    }
  }
}

function sourceTouch(ctx: GeneratorContext, contact: ContactDraft): TouchDraft {
  const channel = contact.sourceChannel;
  const campaign = contact.sourceCampaign;
  const type = SOURCE_TOUCH_TYPE[channel] ?? "page_view";
  if (type === "sales_email") return salesTouch(ctx, type, contact.firstSeenMs, contact.sdrId, campaign);
  if (type === "page_view") {
    const page = channel === "referral" ? PAGES[4] : PAGES[0];
    return { type, channel, campaign, memberId: null, properties: pageViewProperties(ctx, page, campaign) };
  }
  return { type, channel, campaign, memberId: null, properties: campaignProperties(ctx, type, campaign!) };
}

function conversionTouch(ctx: GeneratorContext, contact: ContactDraft, occurredMs: number): TouchDraft {
  const { rng } = ctx;
  if (rng.chance(0.15 + 0.6 * contact.fit)) {
    const campaign = rng.chance(0.5) ? activeCampaign(ctx, "paid_search", occurredMs) : null;
    return {
      type: "demo_request",
      channel: campaign?.channel ?? "direct",
      campaign,
      memberId: null,
      properties: cachedJson(ctx, "demo", () => ({ form: "Request a demo", path: "/demo" })),
    };
  }
  const campaign = activeCampaign(ctx, rng.chance(0.5) ? "content" : "webinar", occurredMs);
  return formSubmit(ctx, campaign);
}

function formSubmit(ctx: GeneratorContext, campaign: CampaignWindow | null): TouchDraft {
  return {
    type: "form_submit",
    channel: campaign?.channel ?? "direct",
    campaign,
    memberId: null,
    properties: cachedJson(ctx, `form|${campaign?.id ?? ""}`, () => ({
      form: campaign ? `${campaign.name}: sign-up` : "Contact us",
      path: campaign ? `/lp/${campaign.utm}` : "/contact",
    })),
  };
}

function campaignProperties(ctx: GeneratorContext, type: string, campaign: CampaignWindow): string {
  return cachedJson(ctx, `${type}|${campaign.id}`, () => {
    switch (type) {
      case "email_open":
        return { email: campaign.name };
      case "email_click":
        return { email: campaign.name, url: `${DEMO_SITE}/blog?utm_campaign=${campaign.utm}` };
      case "ad_click":
        return {
          network: campaign.channel === "paid_search" ? "google_ads" : "linkedin_ads",
          ad: campaign.name,
        };
      case "webinar":
        return { webinar: campaign.name, attended: true };
      case "event":
        return { event: campaign.name, badge_scanned: true };
      case "content_download":
        return { asset: campaign.name };
      case "form_submit":
        return { form: `${campaign.name}: sign-up`, path: `/lp/${campaign.utm}` };
      default:
        return { campaign: campaign.name };
    }
  });
}

const CAMPAIGN_CHANNEL_OF: Record<string, string> = {
  email_open: "email",
  email_click: "email",
  webinar: "webinar",
  event: "event",
  content_download: "content",
};

const CUSTOM_EVENTS = ["trial_started", "workspace_created", "teammate_invited", "report_shared"];

function marketingTouch(ctx: GeneratorContext, type: string, occurredMs: number, bucket: number): TouchDraft {
  const { rng } = ctx;
  let campaign: CampaignWindow | null = null;
  switch (type) {
    case "email_open":
    case "email_click":
    case "webinar":
    case "event":
    case "content_download":
      campaign = activeCampaign(ctx, CAMPAIGN_CHANNEL_OF[type], occurredMs);
      break;
    case "ad_click": {
      const first = rng.chance(0.6) ? "paid_search" : "paid_social";
      campaign =
        activeCampaign(ctx, first, occurredMs) ??
        activeCampaign(ctx, first === "paid_search" ? "paid_social" : "paid_search", occurredMs);
      break;
    }
    case "form_submit":
      return formSubmit(
        ctx,
        rng.chance(0.7)
          ? activeCampaign(ctx, rng.pick(["content", "webinar", "partner", "event"]), occurredMs)
          : null,
      );
    case "demo_request": {
      const via = rng.chance(0.5)
        ? activeCampaign(ctx, rng.pick(["paid_search", "paid_social", "referral"]), occurredMs)
        : null;
      return {
        type,
        channel: via?.channel ?? "direct",
        campaign: via,
        memberId: null,
        properties: cachedJson(ctx, "demo", () => ({ form: "Request a demo", path: "/demo" })),
      };
    }
    case "custom": {
      const event = rng.pick(CUSTOM_EVENTS);
      return {
        type,
        channel: "direct",
        campaign: null,
        memberId: null,
        properties: cachedJson(ctx, `custom|${event}`, () => ({ event })),
      };
    }
    default:
      return pageView(ctx, occurredMs, bucket);
  }
  // Without a live campaign of that kind, the interaction is an ordinary page view.
  if (!campaign) return pageView(ctx, occurredMs, bucket);
  return {
    type,
    channel: campaign.channel,
    campaign,
    memberId: null,
    properties: campaignProperties(ctx, type, campaign),
  };
}

function pageView(ctx: GeneratorContext, occurredMs: number, bucket: number): TouchDraft {
  const { rng } = ctx;
  const page = pickPageByFit[bucket](rng);
  const campaign = rng.chance(0.45) ? activeCampaign(ctx, pickPageViewChannel(rng), occurredMs) : null;
  const channel = campaign?.channel ?? (rng.chance(0.5) ? "organic_search" : "direct");
  return {
    type: "page_view",
    channel,
    campaign,
    memberId: null,
    properties: pageViewProperties(ctx, page, campaign),
  };
}

const MEETING_TITLES = [
  "Discovery call",
  "Product demo",
  "Pricing review",
  "Technical deep dive",
  "Executive sync",
];
const CALL_OUTCOMES = ["connected", "voicemail", "no_answer", "connected", "meeting_booked"];

function salesTouch(
  ctx: GeneratorContext,
  type: string,
  occurredMs: number,
  memberId: string | null,
  campaign: CampaignWindow | null = null,
): TouchDraft {
  const { rng } = ctx;
  const outbound =
    campaign ??
    (type === "sales_email" && rng.chance(0.4) ? activeCampaign(ctx, "outbound", occurredMs) : null);
  let properties: string;
  switch (type) {
    case "call": {
      const outcome = rng.pick(CALL_OUTCOMES);
      const minutes = outcome === "connected" || outcome === "meeting_booked" ? 2 + rng.int(25) : 0;
      properties = cachedJson(ctx, `call|${outcome}|${minutes}`, () => ({
        outcome,
        duration_seconds: minutes * 60 + 30,
      }));
      break;
    }
    case "meeting": {
      const title = rng.pick(MEETING_TITLES);
      properties = cachedJson(ctx, `meeting|${title}`, () => ({ title, duration_minutes: 30 }));
      break;
    }
    case "sales_email":
      properties = cachedJson(ctx, `sales_email|${outbound?.id ?? ""}`, () => ({
        subject: outbound ? `Quick question (${outbound.name})` : "Following up",
      }));
      break;
    case "social_message":
      properties = cachedJson(ctx, "social_message", () => ({ network: "linkedin" }));
      break;
    default:
      properties = cachedJson(ctx, "content_shared", () => ({
        asset: "Customer story: how Northwind cut forecast error",
      }));
  }
  return { type, channel: "outbound", campaign: outbound, memberId, properties };
}
