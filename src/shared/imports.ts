// CSV import: which columns each record type takes, the header names HubSpot and Salesforce
// exports use for them, and the value spellings those tools use for stages.
import { z } from "zod";
import { listSchema } from "./common.js";
import type { LifecycleStage, OpportunityStage } from "./domain.js";

export const IMPORT_ENTITIES = ["accounts", "contacts", "opportunities", "campaigns", "touches"] as const;
export type ImportEntity = (typeof IMPORT_ENTITIES)[number];

export interface ImportField {
  key: string;
  label: string;
  /** Header spellings recognised without manual mapping (compared without case, spaces or punctuation). */
  aliases: string[];
  required?: boolean;
}

const externalId: ImportField = {
  key: "externalId",
  label: "Record ID in the source system",
  aliases: [
    "record id",
    "id",
    "external id",
    "contact id",
    "lead id",
    "company id",
    "account id",
    "deal id",
    "opportunity id",
    "campaign id",
    "activity id",
  ],
};

export const IMPORT_FIELDS: Record<ImportEntity, ImportField[]> = {
  contacts: [
    {
      key: "email",
      label: "Email",
      aliases: ["email", "email address", "e-mail", "work email"],
      required: true,
    },
    { key: "firstName", label: "First name", aliases: ["first name", "firstname", "given name"] },
    { key: "lastName", label: "Last name", aliases: ["last name", "lastname", "surname", "family name"] },
    { key: "title", label: "Job title", aliases: ["job title", "title", "jobtitle"] },
    { key: "seniority", label: "Seniority", aliases: ["seniority", "job seniority"] },
    { key: "department", label: "Department", aliases: ["department", "job function"] },
    {
      key: "phone",
      label: "Phone",
      aliases: ["phone", "phone number", "mobile phone", "mobilephone", "mobile phone number"],
    },
    { key: "country", label: "Country", aliases: ["country", "country/region", "mailingcountry"] },
    {
      key: "region",
      label: "Region / state",
      aliases: ["state/region", "state", "region", "mailingstate", "state/province"],
    },
    { key: "lifecycleStage", label: "Lifecycle stage", aliases: ["lifecycle stage", "lifecyclestage"] },
    {
      key: "leadStatus",
      label: "Lead status",
      aliases: ["lead status", "hs lead status", "status", "lead status reason"],
    },
    {
      key: "source",
      label: "Lead source",
      aliases: ["lead source", "leadsource", "original source", "source", "original source type"],
    },
    {
      key: "companyName",
      label: "Company name",
      aliases: ["company name", "company", "account name", "associated company"],
    },
    {
      key: "companyDomain",
      label: "Company domain",
      aliases: ["company domain name", "company domain", "website", "company website", "domain"],
    },
    externalId,
  ],
  accounts: [
    {
      key: "name",
      label: "Company name",
      aliases: ["company name", "account name", "name", "company"],
      required: true,
    },
    {
      key: "domain",
      label: "Domain",
      aliases: ["company domain name", "domain", "website", "company website"],
    },
    { key: "industry", label: "Industry", aliases: ["industry"] },
    {
      key: "employees",
      label: "Employees",
      aliases: ["number of employees", "numberofemployees", "employees", "employee count"],
    },
    {
      key: "annualRevenue",
      label: "Annual revenue",
      aliases: ["annual revenue", "annualrevenue", "revenue"],
    },
    {
      key: "country",
      label: "Country",
      aliases: ["country", "country/region", "billingcountry", "billing country"],
    },
    {
      key: "region",
      label: "Region / state",
      aliases: ["state/region", "state", "region", "billingstate", "billing state/province"],
    },
    externalId,
  ],
  opportunities: [
    {
      key: "name",
      label: "Deal name",
      aliases: ["deal name", "opportunity name", "name", "dealname"],
      required: true,
    },
    { key: "amount", label: "Amount", aliases: ["amount", "deal amount", "value"], required: true },
    {
      key: "currency",
      label: "Currency",
      aliases: ["currency", "currencyisocode", "currency code", "deal currency code"],
    },
    {
      key: "stage",
      label: "Stage",
      aliases: ["deal stage", "stage", "stagename", "stage name", "dealstage"],
    },
    {
      key: "closeDate",
      label: "Close date",
      aliases: ["close date", "closedate", "expected close date"],
      required: true,
    },
    {
      key: "accountDomain",
      label: "Company domain",
      aliases: ["company domain name", "company domain", "account domain", "website"],
    },
    {
      key: "accountName",
      label: "Company name",
      aliases: ["associated company", "company name", "account name", "company", "account"],
    },
    externalId,
  ],
  campaigns: [
    { key: "name", label: "Campaign name", aliases: ["campaign name", "name", "campaign"], required: true },
    {
      key: "channel",
      label: "Channel",
      aliases: ["channel", "type", "campaign type", "medium"],
      required: true,
    },
    { key: "status", label: "Status", aliases: ["status", "campaign status"] },
    { key: "startsOn", label: "Start date", aliases: ["start date", "startdate", "starts on", "start"] },
    { key: "endsOn", label: "End date", aliases: ["end date", "enddate", "ends on", "end"] },
    {
      key: "budget",
      label: "Budget",
      aliases: ["budget", "budgeted cost", "budgetedcost", "budgeted cost in campaign"],
    },
    {
      key: "cost",
      label: "Actual cost",
      aliases: ["actual cost", "actualcost", "actual cost in campaign", "cost", "spend"],
    },
    {
      key: "utmCampaign",
      label: "utm_campaign",
      aliases: ["utm campaign", "utm_campaign", "utmcampaign", "campaign key"],
    },
    externalId,
  ],
  touches: [
    {
      key: "email",
      label: "Contact email",
      aliases: ["email", "contact email", "email address"],
      required: true,
    },
    {
      key: "type",
      label: "Touch type",
      aliases: ["type", "activity type", "touch type", "event", "event type"],
      required: true,
    },
    {
      key: "occurredAt",
      label: "When",
      aliases: ["occurred at", "timestamp", "date", "activity date", "created date", "time"],
      required: true,
    },
    { key: "channel", label: "Channel", aliases: ["channel", "medium"] },
    {
      key: "campaign",
      label: "Campaign (name or utm_campaign)",
      aliases: ["campaign", "campaign name", "utm campaign", "utm_campaign"],
    },
    externalId,
  ],
};

/** "First Name", "first_name" and "FirstName" all become "firstname". */
export function headerKey(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** Maps each CSV header to a field of the entity, or null when nothing matches. First match wins. */
export function autoMapHeaders(entity: ImportEntity, headers: string[]): Record<string, string | null> {
  const fields = IMPORT_FIELDS[entity];
  const taken = new Set<string>();
  const mapping: Record<string, string | null> = {};
  for (const header of headers) {
    // A repeated column name keeps the first column's mapping; the repeat is ignored.
    if (header in mapping) continue;
    const key = headerKey(header);
    const field = fields.find(
      (f) => !taken.has(f.key) && (headerKey(f.key) === key || f.aliases.some((a) => headerKey(a) === key)),
    );
    mapping[header] = field ? field.key : null;
    if (field) taken.add(field.key);
  }
  return mapping;
}

const LIFECYCLE_SPELLINGS: Record<string, LifecycleStage> = {
  subscriber: "subscriber",
  lead: "lead",
  other: "lead",
  mql: "mql",
  marketingqualifiedlead: "mql",
  sal: "sal",
  salesacceptedlead: "sal",
  sql: "sql",
  salesqualifiedlead: "sql",
  opportunity: "opportunity",
  customer: "customer",
  evangelist: "customer",
  recycled: "recycled",
  nurture: "recycled",
  disqualified: "disqualified",
  unqualified: "disqualified",
};

export function parseLifecycleStage(value: string): LifecycleStage | undefined {
  return LIFECYCLE_SPELLINGS[headerKey(value)];
}

const OPPORTUNITY_STAGE_SPELLINGS: Record<string, OpportunityStage> = {
  discovery: "discovery",
  prospecting: "discovery",
  appointmentscheduled: "discovery",
  qualification: "qualification",
  qualifiedtobuy: "qualification",
  needsanalysis: "qualification",
  proposal: "proposal",
  presentationscheduled: "proposal",
  valueproposition: "proposal",
  iddecisionmakers: "proposal",
  perceptionanalysis: "proposal",
  proposalpricequote: "proposal",
  negotiation: "negotiation",
  negotiationreview: "negotiation",
  decisionmakerboughtin: "negotiation",
  contractsent: "negotiation",
  closedwon: "closed_won",
  won: "closed_won",
  closedlost: "closed_lost",
  lost: "closed_lost",
};

export function parseOpportunityStage(value: string): OpportunityStage | undefined {
  return OPPORTUNITY_STAGE_SPELLINGS[headerKey(value)];
}

export const importQuerySchema = z.object({
  dryRun: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true")
    .describe("true checks and previews the file without writing anything"),
  mapping: z
    .string()
    .max(20_000)
    .optional()
    .describe('JSON object overriding the automatic mapping: {"CSV header": "field" | null}'),
  fileName: z.string().max(300).optional(),
});

export const rejectedRowSchema = z.object({ line: z.number(), reason: z.string() });

export const importReportSchema = z.object({
  id: z.string(),
  entity: z.enum(IMPORT_ENTITIES),
  dryRun: z.boolean(),
  fileName: z.string().nullable(),
  /** interrupted: the importing process stopped (killed, server restarted) before the end of the file. */
  status: z.enum(["running", "completed", "failed", "interrupted"]),
  mapping: z.record(z.string(), z.string().nullable()),
  rows: z.number(),
  inserted: z.number(),
  updated: z.number(),
  rejected: z.number(),
  /** The first 1000 rejected rows, each with its line number in the file. */
  rejectedRows: z.array(rejectedRowSchema),
  /** The first rows as they would be stored (dry runs). */
  preview: z.array(z.record(z.string(), z.unknown())),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ImportReport = z.infer<typeof importReportSchema>;

export const importListSchema = listSchema(importReportSchema);
export const importEntityParams = z.object({ entity: z.enum(IMPORT_ENTITIES) });
/** The `mapping` query parameter: a JSON object of file column -> field (null skips the column). */
export const importMappingOverrideSchema = z.record(z.string(), z.string().nullable());
