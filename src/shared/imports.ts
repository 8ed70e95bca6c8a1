// CSV import: which columns each record type takes, the header names HubSpot and Salesforce
// exports use for them, and the value spellings those tools use for stages.
import { z } from "zod";
import { listSchema } from "./common.js";
import type { LifecycleStage, OpportunityStage } from "./domain.js";
import {
  PROPERTY_FILTER_PREFIX,
  PROPERTY_OBJECT_TYPES,
  PROPERTY_TYPES,
  type PropertyObjectType,
} from "./properties.js";

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
    {
      key: "outcome",
      label: "Outcome (converted / won, or not)",
      aliases: ["outcome", "converted", "is converted", "conversion", "won", "is won", "result"],
    },
    {
      key: "outcomeDate",
      label: "Outcome date",
      aliases: ["outcome date", "converted date", "conversion date", "converted at", "date converted"],
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
    {
      key: "outcome",
      label: "Outcome (won / lost)",
      aliases: ["outcome", "won", "is won", "won/lost", "won lost", "result", "closed won"],
    },
    {
      key: "contactEmails",
      label: "Contact emails (separate several with ;)",
      aliases: [
        "contact email",
        "contact emails",
        "associated contact email",
        "associated contact emails",
        "email",
        "contact role email",
      ],
    },
    {
      key: "contactExternalIds",
      label: "Contact record IDs (separate several with ;)",
      aliases: ["contact id", "contact ids", "contact record id", "associated contact ids", "contactid"],
    },
    {
      key: "contactRole",
      label: "Contact role",
      aliases: ["contact role", "role", "contact roles"],
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
    },
    {
      key: "contactExternalId",
      label: "Contact record ID",
      aliases: ["contact id", "contact record id", "lead id", "contactid", "leadid", "user id"],
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
    {
      key: "properties",
      label: "Properties (JSON object)",
      aliases: ["properties", "event properties", "touch properties", "activity properties"],
    },
    externalId,
  ],
};

/**
 * Fields of which a row needs at least one to find its record (each is also a match key): a contacts file
 * without email finds its contacts by their record ID (or, with `matchBy`, by a custom property).
 */
export const IMPORT_IDENTIFIERS: Partial<Record<ImportEntity, { fields: string[]; label: string }>> = {
  contacts: { fields: ["email", "externalId"], label: "Email or record ID" },
  touches: { fields: ["email", "contactExternalId"], label: "Contact email or contact record ID" },
};

/** The record type whose custom properties an import of `entity` fills, or null (campaigns, touches). */
export function propertyObjectOf(entity: ImportEntity): PropertyObjectType | null {
  return (PROPERTY_OBJECT_TYPES as readonly string[]).includes(entity)
    ? (entity as PropertyObjectType)
    : null;
}

/** A mapping target that fills a custom property: "property.<api_name>", as lists filter by it. */
export const propertyTarget = (apiName: string) => `${PROPERTY_FILTER_PREFIX}${apiName}`;

/** The API name a mapping target fills, or null when it is one of the record's own fields. */
export function propertyOfTarget(target: string | null | undefined): string | null {
  return target?.startsWith(PROPERTY_FILTER_PREFIX) ? target.slice(PROPERTY_FILTER_PREFIX.length) : null;
}

/** "First Name", "first_name" and "FirstName" all become "firstname". */
export function headerKey(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/**
 * Maps each CSV header to a field of the entity, else to a live custom property whose API name or label it
 * matches ("property.<api_name>"), or null when nothing matches. First match wins.
 */
export function autoMapHeaders(
  entity: ImportEntity,
  headers: string[],
  properties: readonly { apiName: string; label: string }[] = [],
): Record<string, string | null> {
  const fields = IMPORT_FIELDS[entity];
  const taken = new Set<string>();
  const mapping: Record<string, string | null> = {};
  const withProperties = propertyObjectOf(entity) !== null;
  for (const header of headers) {
    // A repeated column name keeps the first column's mapping; the repeat is ignored.
    if (header in mapping) continue;
    const key = headerKey(header);
    const field = fields.find(
      (f) => !taken.has(f.key) && (headerKey(f.key) === key || f.aliases.some((a) => headerKey(a) === key)),
    )?.key;
    const property = withProperties
      ? properties.find(
          (p) =>
            !taken.has(propertyTarget(p.apiName)) &&
            (headerKey(p.apiName) === key || headerKey(p.label) === key),
        )
      : undefined;
    const target = field ?? (property ? propertyTarget(property.apiName) : null);
    mapping[header] = target;
    if (target) taken.add(target);
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

/** How a property an import creates is defined: each part defaults (from the column, or guessed from the file). */
export const newPropertySpecSchema = z.object({
  apiName: z.string().max(63).optional().describe("Default: the column's name in lower snake case"),
  label: z.string().trim().min(1).max(100).optional().describe("Default: the column's name"),
  description: z.string().trim().max(1000).optional(),
  type: z
    .enum(PROPERTY_TYPES)
    .optional()
    .describe("Required to import; a dry run without it guesses it from the whole file and reports it"),
  options: z
    .array(z.string().trim().min(1).max(100))
    .max(200)
    .optional()
    .describe(
      "The options of a one_of or many_of property; without them the options are the file's values, as they come",
    ),
});
export type NewPropertySpec = z.infer<typeof newPropertySpecSchema>;
/** The `newProperties` query parameter: file column -> the property to create and fill from it. */
export const newPropertiesSchema = z.record(z.string(), newPropertySpecSchema);

/** What an outcome column (converted, won / lost) does in a contacts import. */
export const OUTCOME_EFFECTS = ["stage", "deal"] as const;
export type OutcomeEffect = (typeof OUTCOME_EFFECTS)[number];

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
    .describe(
      'JSON object overriding the automatic mapping: {"CSV header": "field" | "property.<api_name>" | null}. Columns named like a live custom property (API name or label) map to it without help',
    ),
  newProperties: z
    .string()
    .max(20_000)
    .optional()
    .describe(
      'JSON object of file columns that create a custom property and fill it: {"CSV header": {"type": "number", "label": "...", "apiName": "...", "options": [...]}} (contacts, accounts, opportunities; team leads and admins). A dry run guesses a missing type from the whole file and reports it in newProperties',
    ),
  matchBy: z
    .string()
    .max(80)
    .optional()
    .describe(
      "contacts: the field that finds a stored contact first: email (the default when mapped), externalId, or property.<api_name> (a text or number property whose values are unique). A row without it is matched by its email, else its record ID",
    ),
  outcomeSets: z
    .enum(OUTCOME_EFFECTS)
    .default("stage")
    .describe(
      "contacts: what the outcome column does: stage (converted / won makes the contact a customer) or deal (a closed won or closed lost deal per contact, on the contact's account)",
    ),
  fileName: z.string().max(300).optional(),
});

export const rejectedRowSchema = z.object({ line: z.number(), reason: z.string() });

/** What a dry run found in a column, whatever type was asked for: the type it would guess. */
export const typeGuessSchema = z.object({
  type: z.enum(PROPERTY_TYPES),
  options: z.array(z.string()),
  /** Filled cells that do not fit the guessed type, and the first of their lines. */
  misfits: z.object({ count: z.number(), lines: z.array(z.number()) }),
  /** The same per type the cells were checked against (boolean, number, date; text: longer than allowed). */
  misfitsAs: z.partialRecord(
    z.enum(PROPERTY_TYPES),
    z.object({ count: z.number(), lines: z.array(z.number()) }),
  ),
  filled: z.number(),
});

export const newPropertyReportSchema = z.object({
  column: z.string(),
  apiName: z.string(),
  label: z.string(),
  /** The type the property has (given, or guessed in a dry run). */
  type: z.enum(PROPERTY_TYPES),
  options: z.array(z.string()),
  /** True when the type was guessed from the file rather than given. */
  guessed: z.boolean(),
  guess: typeGuessSchema.nullable(),
  /** The definition's id once the import created it (null in a dry run). */
  propertyId: z.string().nullable(),
});
export type NewPropertyReport = z.infer<typeof newPropertyReportSchema>;

export const importDetailsSchema = z.object({
  matchBy: z.string().nullable().optional(),
  outcomeSets: z.enum(OUTCOME_EFFECTS).optional(),
  newProperties: z.array(newPropertyReportSchema).optional(),
});
export type ImportDetails = z.infer<typeof importDetailsSchema>;

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
  /** The first rows as they would be stored (dry runs); custom property values as "property.<api_name>". */
  preview: z.array(z.record(z.string(), z.unknown())),
  /** The match key, the outcome's effect, and the properties the file creates (with the dry run's type guesses). */
  details: importDetailsSchema,
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ImportReport = z.infer<typeof importReportSchema>;

export const importListSchema = listSchema(importReportSchema);
export const importEntityParams = z.object({ entity: z.enum(IMPORT_ENTITIES) });
/** The `mapping` query parameter: a JSON object of file column -> field or property (null skips the column). */
export const importMappingOverrideSchema = z.record(z.string(), z.string().nullable());
