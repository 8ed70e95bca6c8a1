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
  type SENIORITIES,
  TOUCH_TYPES,
} from "../../../shared/domain.js";
import { companyDomainOfEmail } from "../../../shared/free-mail.js";
import { headerKey, parseLifecycleStage, parseOpportunityStage } from "../../../shared/imports.js";

dayjs.extend(customParseFormat);

export class RowError extends Error {}

export type Row = Record<string, string | undefined>;

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
  email: string;
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
}

export function toContact(row: Row): ContactRow {
  const email = parseEmail(row, "email");
  const stageText = text(row, "lifecycleStage");
  const lifecycleStage = stageText === null ? null : parseLifecycleStage(stageText);
  if (lifecycleStage === undefined) {
    throw new RowError(
      `lifecycleStage: "${stageText}" is not a stage (subscriber, lead, mql, sal, sql, opportunity, customer)`,
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
    companyDomain: parseDomain(row, "companyDomain") ?? companyDomainOfEmail(email),
    externalId: text(row, "externalId"),
  };
}

export function toAccount(row: Row) {
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
  };
}

export function toOpportunity(row: Row) {
  const stageText = text(row, "stage");
  const stage = stageText === null ? "discovery" : parseOpportunityStage(stageText);
  if (!stage)
    throw new RowError(
      `stage: "${stageText}" is not a deal stage (discovery, qualification, proposal, negotiation, closed won, closed lost)`,
    );
  const currency = (text(row, "currency") ?? "USD").toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency))
    throw new RowError(`currency: "${currency}" is not a 3-letter currency code`);
  const amount = parseAmount(row, "amount");
  if (amount === null) throw new RowError("amount: is empty");
  const closeDate = parseDate(row, "closeDate");
  if (closeDate === null) throw new RowError("closeDate: is empty");
  const accountDomain = parseDomain(row, "accountDomain");
  const accountName = text(row, "accountName");
  if (!accountDomain && !accountName) throw new RowError("accountName: needs the company's name or domain");
  return {
    name: required(row, "name"),
    amount,
    currency,
    stage,
    closeDate,
    accountDomain,
    accountName,
    externalId: text(row, "externalId"),
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

export function toCampaign(row: Row) {
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

export function toTouch(row: Row) {
  const email = parseEmail(row, "email");
  const typeText = required(row, "type", 100);
  const type = TOUCH_TYPE_SPELLINGS[headerKey(typeText)];
  const occurredAt = parseTimestamp(row, "occurredAt");
  if (!occurredAt) throw new RowError("occurredAt: is empty");
  return {
    email,
    // Unknown activity names are kept as custom touches, never dropped.
    type: type ?? "custom",
    event: type ? null : typeText,
    occurredAt,
    channel: text(row, "channel", 50),
    campaign: text(row, "campaign"),
    externalId: text(row, "externalId"),
  };
}
