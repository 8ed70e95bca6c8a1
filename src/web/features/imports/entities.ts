// What each kind of import is called, how its rows find the records they update, and how the
// report's field keys and reasons read in the product's words.
import {
  IMPORT_FIELDS,
  type ImportEntity,
  type ImportReport,
  propertyOfTarget,
} from "../../../shared/imports";
import {
  CAMPAIGN_STATUS_LABELS,
  CHANNEL_LABELS,
  formatDateTime,
  formatNumber,
  label,
  OPPORTUNITY_STAGE_LABELS,
  SENIORITY_LABELS,
  stageLabel,
  TOUCH_TYPE_LABELS,
} from "../../lib/format";

export interface EntityInfo {
  label: string;
  /** Singular and plural nouns for sentences: "3 contacts". */
  one: string;
  many: string;
  /** One line on how a row finds the record it updates. */
  matching: string;
  /** Where the imported records are listed, if they have a list of their own. */
  listPath: string | null;
}

export const ENTITY_INFO: Record<ImportEntity, EntityInfo> = {
  contacts: {
    label: "Contacts",
    one: "contact",
    many: "contacts",
    matching:
      "Matched by email (a file without emails: by record ID, or a property you choose): a contact already in Lockstep is updated, anyone new is added and linked to their company's account.",
    listPath: "/contacts",
  },
  accounts: {
    label: "Accounts",
    one: "account",
    many: "accounts",
    matching: "Matched by web domain, else by the record ID from your other tool.",
    listPath: "/accounts",
  },
  opportunities: {
    label: "Opportunities",
    one: "opportunity",
    many: "opportunities",
    matching:
      "Matched by the deal's record ID (Deal ID, Opportunity ID); each deal is linked to its account by domain or name, and to its contacts (by email or record ID) as contact roles.",
    listPath: "/opportunities",
  },
  campaigns: {
    label: "Campaigns",
    one: "campaign",
    many: "campaigns",
    matching: "Matched by record ID, else by utm_campaign, else by campaign name.",
    listPath: "/campaigns",
  },
  touches: {
    label: "Touches",
    one: "touch",
    many: "touches",
    matching:
      "Matched by activity ID: touches already imported are skipped. Event names are read as the tracking API reads them. A touch from an unknown email adds that person as a subscriber.",
    listPath: null,
  },
};

export function countOf(entity: ImportEntity, n: number): string {
  const info = ENTITY_INFO[entity];
  return `${formatNumber(n)} ${n === 1 ? info.one : info.many}`;
}

export function rowsOf(n: number): string {
  return `${formatNumber(n)} ${n === 1 ? "row" : "rows"}`;
}

const EXTRA_LABELS: Record<string, string> = { event: "Activity name" };

/** The labels of the custom properties a report names (the ones its file created), by "property.<api_name>". */
export function propertyLabels(
  report: ImportReport,
  known: readonly { apiName: string; label: string }[] = [],
): Record<string, string> {
  return Object.fromEntries(
    [...known, ...(report.details.newProperties ?? [])].map((p) => [`property.${p.apiName}`, p.label]),
  );
}

export function fieldLabel(entity: ImportEntity, key: string, labels: Record<string, string> = {}): string {
  const apiName = propertyOfTarget(key);
  if (apiName !== null) return labels[key] ?? apiName;
  return IMPORT_FIELDS[entity].find((f) => f.key === key)?.label ?? EXTRA_LABELS[key] ?? key;
}

/** 'amount: "lots" is not a number' -> 'Amount: "lots" is not a number' (a property: by its label). */
export function reasonText(
  entity: ImportEntity,
  reason: string,
  labels: Record<string, string> = {},
): string {
  const columns = /^has (\d+) fields, the header has (\d+)$/.exec(reason);
  if (columns) return `This row has ${columns[1]} cells, but the header names ${columns[2]} columns`;
  const match = /^((?:property\.)?[A-Za-z0-9_]+): (.*)$/s.exec(reason);
  if (!match) return reason;
  const [, key = "", rest = ""] = match;
  const known = IMPORT_FIELDS[entity].some((f) => f.key === key) || propertyOfTarget(key) !== null;
  return known ? `${fieldLabel(entity, key, labels)}: ${rest}` : reason;
}

/** A stored value from the dry run's preview, as the list pages would show it. */
export function previewValue(key: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (Array.isArray(value)) return value.length ? value.map(String).join(", ") : "—";
  if (typeof value !== "string") return JSON.stringify(value);
  switch (key) {
    case "lifecycleStage":
      return stageLabel(value);
    case "seniority":
      return label(SENIORITY_LABELS, value);
    case "channel":
      return label(CHANNEL_LABELS, value);
    case "type":
      return label(TOUCH_TYPE_LABELS, value);
    case "stage":
      return label(OPPORTUNITY_STAGE_LABELS, value);
    case "status":
      return label(CAMPAIGN_STATUS_LABELS, value);
    case "occurredAt":
      return formatDateTime(value);
    default:
      return value;
  }
}

/**
 * The preview's columns: the entity's fields (in their usual order), then custom properties, that hold a value
 * in some row.
 */
export function previewColumns(entity: ImportEntity, rows: Record<string, unknown>[]): string[] {
  const properties = [...new Set(rows.flatMap((row) => Object.keys(row)))].filter(
    (key) => propertyOfTarget(key) !== null,
  );
  const keys = [...IMPORT_FIELDS[entity].map((f) => f.key), ...Object.keys(EXTRA_LABELS), ...properties];
  return keys.filter((key) =>
    rows.some((row) => {
      const value = row[key];
      return (
        value !== null && value !== undefined && value !== "" && !(Array.isArray(value) && value.length === 0)
      );
    }),
  );
}
