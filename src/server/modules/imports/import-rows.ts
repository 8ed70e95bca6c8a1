// Turns one CSV row (already mapped to field names) into the values a record type stores, or a
// reason the row is refused. Lenient where export tools differ (number and date spellings, stage
// names), strict where a guess would store garbage.
import dayjs from "dayjs";
import customParseFormat from "dayjs/plugin/customParseFormat.js";
import { z } from "zod";
import { domainSchema } from "../../../shared/accounts.js";
import {
  type CAMPAIGN_STATUSES,
  CHANNELS,
  type Channel,
  OPPORTUNITY_CONTACT_ROLES,
  type OpportunityStage,
  type SENIORITIES,
  TOUCH_TYPES,
} from "../../../shared/domain.js";
import { companyDomainOfEmail } from "../../../shared/free-mail.js";
import {
  type CellDefinition,
  MANY_SEPARATOR,
  matchOption,
  type PropertyTypeGuesser,
  parsePropertyCell,
} from "../../../shared/import-values.js";
import {
  headerKey,
  type OutcomeEffect,
  parseLifecycleStage,
  parseOpportunityStage,
  propertyOfTarget,
} from "../../../shared/imports.js";
import { MAX_EVENT_BYTES, trackedTouchOf } from "../../../shared/tracking.js";

dayjs.extend(customParseFormat);

export class RowError extends Error {}

export type Row = Record<string, string | undefined>;

/** How the import reads the cells of one custom property the mapping fills. */
export interface PropertyColumn {
  apiName: string;
  /** The type and options cells are read as; null while a dry run only guesses the type (cells unchecked). */
  definition: CellDefinition | null;
  /** A list created by this import without options: its options are the values the file brings. */
  growing: boolean;
  /** Options a growing list took on since the last batch was written (saved with the batch). */
  added: string[];
  /** Counts the cells for a type guess (dry runs). */
  guesser?: PropertyTypeGuesser;
}

/** What reading a row needs beyond the row: the properties it fills, the event mapping, the match keys. */
export interface RowContext {
  /** Mapping target ("property.<api_name>") -> its column's reader. */
  properties: Map<string, PropertyColumn>;
  /** Tracked event name -> touch type, as `/v1/track` maps them (touches). */
  eventMapping: ReadonlyMap<string, string>;
  /** Row keys that can find a stored record, in order (contacts: the match key first). */
  identifiers: string[];
  /** What an outcome column does in a contacts file. */
  outcomeSets: OutcomeEffect;
}

export const emptyRowContext = (): RowContext => ({
  properties: new Map(),
  eventMapping: new Map(),
  identifiers: ["email"],
  outcomeSets: "stage",
});

/** The most options a list property keeps (as its definition allows). */
const MAX_OPTIONS = 200;

/**
 * The row's custom property values by API name. A blank cell is left out (it keeps what is stored); a value
 * that does not fit its property refuses the row, naming the property and the value.
 */
export function readProperties(row: Row, ctx: RowContext, line: number): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [target, column] of ctx.properties) {
    const text = row[target]?.trim();
    if (!text) continue;
    column.guesser?.add(text, line);
    const d = column.definition;
    if (!d) {
      values[column.apiName] = text;
      continue;
    }
    if (column.growing) growOptions(column, d, text);
    const read = parsePropertyCell(d, text);
    if ("problem" in read) throw new RowError(`${target}: ${read.problem}`);
    values[column.apiName] = read.value;
  }
  return values;
}

function growOptions(column: PropertyColumn, d: CellDefinition, text: string) {
  const items = d.type === "many_of" ? text.split(MANY_SEPARATOR).map((v) => v.trim()) : [text];
  const options = d.options as string[];
  for (const item of items) {
    if (!item || matchOption(options, item) !== undefined) continue;
    if (item.length > 100)
      throw new RowError(
        `${propertyTarget(column)}: "${item.slice(0, 40)}…" is longer than an option may be (100)`,
      );
    if (options.length >= MAX_OPTIONS)
      throw new RowError(
        `${propertyTarget(column)}: "${item}" would be option ${MAX_OPTIONS + 1}; a list keeps at most ${MAX_OPTIONS} (make the property text)`,
      );
    options.push(item);
    column.added.push(item);
  }
}

const propertyTarget = (column: PropertyColumn) => `property.${column.apiName}`;

const text = (row: Row, key: string, max = 200): string | null => {
  const value = row[key]?.trim();
  if (!value) return null;
  if (value.length > max) throw new RowError(`${key}: longer than ${max} characters`);
  return value;
};

const required = (row: Row, key: string, max = 200): string => {
  const value = text(row, key, max);
  if (value === null) throw new RowError(`${key}: is empty`);
  return value;
};

/** "$1,234.50", "1234.5", "€ 12" -> number; negative or unreadable amounts are refused. */
export function parseAmount(row: Row, key: string): number | null {
  const value = text(row, key);
  if (value === null) return null;
  const n = Number(value.replace(/[\s$€£¥,]/g, "").replace(/^[A-Z]{3}/, ""));
  if (!Number.isFinite(n)) throw new RowError(`${key}: "${value}" is not a number`);
  if (n < 0) throw new RowError(`${key}: must not be negative`);
  return n;
}

const DATE_FORMATS = ["YYYY-MM-DD", "M/D/YYYY", "MM/DD/YYYY", "YYYY/MM/DD", "D.M.YYYY"];

/** A calendar date: 2026-01-31, 1/31/2026 (US, as HubSpot and Salesforce export), 31.1.2026, or a timestamp. */
export function parseDate(row: Row, key: string): string | null {
  const value = text(row, key);
  if (value === null) return null;
  const plain = dayjs(value, DATE_FORMATS, true);
  if (plain.isValid()) return plain.format("YYYY-MM-DD");
  if (/^\d{4}-\d{2}-\d{2}[T ]/.test(value) && dayjs(value).isValid()) return value.slice(0, 10);
  throw new RowError(`${key}: "${value}" is not a date (use 2026-01-31 or 1/31/2026)`);
}

const TIMESTAMP_FORMATS = [
  ...DATE_FORMATS,
  "YYYY-MM-DD HH:mm",
  "YYYY-MM-DD HH:mm:ss",
  "YYYY-MM-DDTHH:mm",
  "YYYY-MM-DDTHH:mm:ss",
  "YYYY-MM-DDTHH:mm:ss.SSS",
  "M/D/YYYY H:mm",
  "M/D/YYYY h:mm A",
];

/** A point in time; without an offset it is read as UTC. */
export function parseTimestamp(row: Row, key: string): Date | null {
  const value = text(row, key);
  if (value === null) return null;
  if (/([zZ]|[+-]\d{2}:?\d{2})$/.test(value)) {
    const zoned = dayjs(value);
    if (zoned.isValid()) return zoned.toDate();
  } else {
    // Read the wall-clock fields strictly, then take them as UTC (the server's zone must not matter).
    const local = dayjs(value, TIMESTAMP_FORMATS, true);
    if (local.isValid()) {
      return new Date(
        Date.UTC(local.year(), local.month(), local.date(), local.hour(), local.minute(), local.second()),
      );
    }
  }
  throw new RowError(`${key}: "${value}" is not a date and time (use 2026-01-31T09:30:00Z)`);
}

const emailSchema = z.email();

function parseEmail(row: Row, key: string): string {
  const value = required(row, key, 254).toLowerCase();
  if (!emailSchema.safeParse(value).success) throw new RowError(`${key}: "${value}" is not an email address`);
  return value;
}

function parseDomain(row: Row, key: string): string | null {
  const value = text(row, key, 300);
  if (value === null) return null;
  const parsed = domainSchema.safeParse(value);
  if (!parsed.success) throw new RowError(`${key}: "${value}" is not a web domain`);
  return parsed.data;
}

const SENIORITY_WORDS: [RegExp, (typeof SENIORITIES)[number]][] = [
  [/^(c.?level|cxo|chief|executive|founder|owner|president)/i, "c_level"],
  [/^(vp|vice)/i, "vp"],
  [/^(director|head)/i, "director"],
  [/^manager/i, "manager"],
  [/^(individual|ic|staff|entry|senior|junior|employee)/i, "individual_contributor"],
];

function parseSeniority(row: Row): (typeof SENIORITIES)[number] | null {
  const value = text(row, "seniority");
  if (value === null) return null;
  return SENIORITY_WORDS.find(([pattern]) => pattern.test(value))?.[1] ?? null;
}

export interface ContactRow {
  /** Null in a file without emails: the contact is then found by its record ID (or a property). */
  email: string | null;
  firstName: string;
  lastName: string;
  title: string | null;
  seniority: string | null;
  department: string | null;
  phone: string | null;
  country: string | null;
  region: string | null;
  lifecycleStage: ReturnType<typeof parseLifecycleStage> | null;
  leadStatus: string | null;
  source: string | null;
  companyName: string | null;
  companyDomain: string | null;
  externalId: string | null;
  /** Custom property values by API name (blank cells left out). */
  properties: Record<string, unknown>;
  /** The outcome column: true converted / won, false not, null blank or still open. */
  outcome: boolean | null;
  outcomeDate: string | null;
}

const POSITIVE_OUTCOMES = new Set([
  "won",
  "win",
  "closedwon",
  "converted",
  "customer",
  "yes",
  "y",
  "true",
  "1",
  "success",
]);
const NEGATIVE_OUTCOMES = new Set([
  "lost",
  "loss",
  "closedlost",
  "notconverted",
  "unconverted",
  "no",
  "n",
  "false",
  "0",
  "disqualified",
  "unqualified",
]);
const OPEN_OUTCOMES = new Set(["open", "inprogress", "pending", "active"]);

/** The outcome column: won / converted / yes / 1 -> true, lost / no / 0 -> false, blank or open -> null. */
export function parseOutcome(row: Row): boolean | null {
  const value = text(row, "outcome");
  if (value === null) return null;
  const key = headerKey(value);
  if (POSITIVE_OUTCOMES.has(key)) return true;
  if (NEGATIVE_OUTCOMES.has(key)) return false;
  if (OPEN_OUTCOMES.has(key)) return null;
  throw new RowError(
    `outcome: "${value}" is not an outcome (won, converted, yes or 1; lost, no or 0; open or blank)`,
  );
}

function optionalEmail(row: Row, key: string): string | null {
  return text(row, key, 254) === null ? null : parseEmail(row, key);
}

export function toContact(row: Row, ctx: RowContext = emptyRowContext(), line = 0): ContactRow {
  const email = optionalEmail(row, "email");
  const stageText = text(row, "lifecycleStage");
  let lifecycleStage = stageText === null ? null : parseLifecycleStage(stageText);
  if (lifecycleStage === undefined) {
    throw new RowError(
      `lifecycleStage: "${stageText}" is not a stage (subscriber, lead, mql, sal, sql, opportunity, customer)`,
    );
  }
  const outcome = parseOutcome(row);
  // A converted (won) lead is a customer, whatever stage the file gives it.
  if (outcome === true && ctx.outcomeSets === "stage") lifecycleStage = "customer";
  const properties = readProperties(row, ctx, line);
  const externalId = text(row, "externalId");
  const found = ctx.identifiers.some((key) => {
    const target = propertyOfTarget(key);
    return target ? properties[target] !== undefined : Boolean(key === "email" ? email : row[key]?.trim());
  });
  if (!found) {
    const [first = "email", ...rest] = ctx.identifiers;
    throw new RowError(
      `${first}: is empty${rest.length ? `, and so is ${rest.join(" and ")}` : ""}: the row needs one to find its contact`,
    );
  }
  return {
    email,
    firstName: text(row, "firstName", 100) ?? "",
    lastName: text(row, "lastName", 100) ?? "",
    title: text(row, "title"),
    seniority: parseSeniority(row),
    department: text(row, "department", 100),
    phone: text(row, "phone", 50),
    country: text(row, "country", 100),
    region: text(row, "region", 100),
    lifecycleStage,
    leadStatus: text(row, "leadStatus", 50),
    source: text(row, "source", 100),
    companyName: text(row, "companyName"),
    companyDomain: parseDomain(row, "companyDomain") ?? (email ? companyDomainOfEmail(email) : null),
    externalId,
    properties,
    outcome,
    outcomeDate: parseDate(row, "outcomeDate"),
  };
}

export function toAccount(row: Row, ctx: RowContext = emptyRowContext(), line = 0) {
  const employees = parseAmount(row, "employees");
  if (employees !== null && !Number.isInteger(employees))
    throw new RowError("employees: must be a whole number");
  return {
    name: required(row, "name"),
    domain: parseDomain(row, "domain"),
    industry: text(row, "industry", 100),
    employees,
    annualRevenue: parseAmount(row, "annualRevenue"),
    country: text(row, "country", 100),
    region: text(row, "region", 100),
    externalId: text(row, "externalId"),
    properties: readProperties(row, ctx, line),
  };
}

const ROLE_SPELLINGS: Record<string, (typeof OPPORTUNITY_CONTACT_ROLES)[number]> = {
  ...Object.fromEntries(OPPORTUNITY_CONTACT_ROLES.map((r) => [headerKey(r), r])),
  economicdecisionmaker: "economic_buyer",
  buyer: "economic_buyer",
  executivesponsor: "champion",
  sponsor: "champion",
  evaluator: "influencer",
  technicalbuyer: "influencer",
  businessuser: "user",
  enduser: "user",
};

/** A list cell: "a; b", "a, b" -> ["a", "b"] (empty parts dropped, repeats once). */
function listCell(row: Row, key: string): string[] {
  const value = text(row, key, 5000);
  if (value === null) return [];
  return [
    ...new Set(
      value
        .split(/[;,]/)
        .map((v) => v.trim())
        .filter(Boolean),
    ),
  ];
}

export function toOpportunity(row: Row, ctx: RowContext = emptyRowContext(), line = 0) {
  const stageText = text(row, "stage");
  let stage: OpportunityStage | undefined =
    stageText === null ? "discovery" : parseOpportunityStage(stageText);
  if (!stage)
    throw new RowError(
      `stage: "${stageText}" is not a deal stage (discovery, qualification, proposal, negotiation, closed won, closed lost)`,
    );
  const outcome = parseOutcome(row);
  if (outcome !== null) stage = outcome ? "closed_won" : "closed_lost";
  const contactEmails = listCell(row, "contactEmails").map((email) => {
    const lower = email.toLowerCase();
    if (!emailSchema.safeParse(lower).success)
      throw new RowError(`contactEmails: "${email}" is not an email address`);
    return lower;
  });
  const contactExternalIds = listCell(row, "contactExternalIds");
  const roleText = text(row, "contactRole", 100);
  const currency = (text(row, "currency") ?? "USD").toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency))
    throw new RowError(`currency: "${currency}" is not a 3-letter currency code`);
  const amount = parseAmount(row, "amount");
  if (amount === null) throw new RowError("amount: is empty");
  const closeDate = parseDate(row, "closeDate");
  if (closeDate === null) throw new RowError("closeDate: is empty");
  const accountDomain = parseDomain(row, "accountDomain");
  const accountName = text(row, "accountName");
  // Without a company, the deal goes on its first contact's account (checked when the contacts are found).
  if (!accountDomain && !accountName && contactEmails.length + contactExternalIds.length === 0)
    throw new RowError("accountName: needs the company's name or domain, or a contact whose account it is");
  return {
    name: required(row, "name"),
    amount,
    currency,
    stage,
    closeDate,
    accountDomain,
    accountName,
    externalId: text(row, "externalId"),
    contactEmails,
    contactExternalIds,
    contactRole: roleText === null ? "other" : (ROLE_SPELLINGS[headerKey(roleText)] ?? "other"),
    properties: readProperties(row, ctx, line),
  };
}

const CHANNEL_SPELLINGS: Record<string, Channel> = {
  ...Object.fromEntries(CHANNELS.map((c) => [headerKey(c), c])),
  ppc: "paid_search",
  cpc: "paid_search",
  googleads: "paid_search",
  sem: "paid_search",
  linkedinads: "paid_social",
  facebookads: "paid_social",
  advertisement: "paid_social",
  bannerads: "paid_social",
  display: "paid_social",
  seo: "organic_search",
  organic: "organic_search",
  conference: "event",
  tradeshow: "event",
  events: "event",
  contentsyndication: "content",
  publicrelations: "content",
  pr: "content",
  directmail: "outbound",
  telemarketing: "outbound",
  coldcalling: "outbound",
  referralprogram: "referral",
  partners: "partner",
  emailmarketing: "email",
  newsletter: "email",
  socialmedia: "social",
};

const STATUS_SPELLINGS: Record<string, (typeof CAMPAIGN_STATUSES)[number]> = {
  planned: "planned",
  planning: "planned",
  draft: "planned",
  active: "active",
  inprogress: "active",
  live: "active",
  completed: "completed",
  complete: "completed",
  ended: "completed",
  aborted: "completed",
};

export function toCampaign(row: Row, _ctx?: RowContext, _line?: number) {
  const channelText = required(row, "channel");
  const channel = CHANNEL_SPELLINGS[headerKey(channelText)];
  if (!channel) throw new RowError(`channel: "${channelText}" is not a channel (${CHANNELS.join(", ")})`);
  const statusText = text(row, "status");
  const status = statusText === null ? null : STATUS_SPELLINGS[headerKey(statusText)];
  if (status === undefined) throw new RowError(`status: "${statusText}" is not planned, active or completed`);
  const startsOn = parseDate(row, "startsOn");
  const endsOn = parseDate(row, "endsOn");
  if (startsOn && endsOn && endsOn < startsOn) throw new RowError("endsOn: is before the start date");
  return {
    name: required(row, "name"),
    channel,
    status,
    startsOn,
    endsOn,
    budget: parseAmount(row, "budget"),
    cost: parseAmount(row, "cost"),
    utmCampaign: text(row, "utmCampaign"),
    externalId: text(row, "externalId"),
  };
}

const TOUCH_TYPE_SPELLINGS: Record<string, string> = {
  ...Object.fromEntries(TOUCH_TYPES.map((t) => [headerKey(t), t])),
  pageview: "page_view",
  visit: "page_view",
  emailopened: "email_open",
  open: "email_open",
  emailclicked: "email_click",
  emaillinkclicked: "email_click",
  click: "email_click",
  formsubmitted: "form_submit",
  formsubmission: "form_submit",
  webinarattended: "webinar",
  demorequested: "demo_request",
  download: "content_download",
  phonecall: "call",
  email: "sales_email",
};

/** The properties cell: a JSON object (as a tracked event's properties), at most 32 KB like one event. */
function jsonProperties(row: Row): Record<string, unknown> {
  const value = text(row, "properties", MAX_EVENT_BYTES);
  if (value === null) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new RowError(`properties: is not JSON (write an object like {"asset": "Pricing guide"})`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw new RowError(`properties: must be a JSON object like {"asset": "Pricing guide"}`);
  return parsed as Record<string, unknown>;
}

export function toTouch(row: Row, ctx: RowContext = emptyRowContext(), _line = 0) {
  const email = optionalEmail(row, "email");
  const contactExternalId = text(row, "contactExternalId");
  if (!email && !contactExternalId)
    throw new RowError("email: is empty, and so is contactExternalId: the row needs one to find its contact");
  const typeText = required(row, "type", 200);
  const properties = jsonProperties(row);
  // Event names the tracking API knows (the workspace's event mapping) become the touch /v1/track makes;
  // else the export tools' activity names; else a custom touch that keeps the name, as /v1/track does.
  const mapped = ctx.eventMapping.has(typeText) ? undefined : TOUCH_TYPE_SPELLINGS[headerKey(typeText)];
  const touch = mapped
    ? { type: mapped, properties }
    : trackedTouchOf(ctx.eventMapping, typeText, properties);
  const occurredAt = parseTimestamp(row, "occurredAt");
  if (!occurredAt) throw new RowError("occurredAt: is empty");
  return {
    email,
    contactExternalId,
    type: touch.type,
    event: touch.type === "custom" ? typeText : null,
    properties: touch.properties,
    occurredAt,
    channel: text(row, "channel", 50),
    campaign: text(row, "campaign"),
    externalId: text(row, "externalId"),
  };
}
