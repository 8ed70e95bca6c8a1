// Custom properties: the definitions a workspace keeps per record type, the check record services run on the
// values they are about to write, and the list filters `property.<api_name>=value`. Record modules call these
// plain functions; this module imports none of them.
import { and, eq, isNull, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import {
  PROPERTY_FILTER_PREFIX,
  PROPERTY_TEXT_MAX,
  type PropertyObjectType,
  type propertyListQuerySchema,
} from "../../../shared/properties.js";
import type { Db } from "../../db/client.js";
import { propertyDefinitions } from "../../db/schema/index.js";
import type { Caller } from "../../lib/access.js";
import { badRequest } from "../../lib/errors.js";
import { escapeLike, recordStore, type SortKind } from "../../lib/records.js";

type Definition = typeof propertyDefinitions.$inferSelect;

/** Who may define custom properties (create, change, archive; also by importing a file): team leads and admins. */
export function mayDefineProperties(caller: Pick<Caller, "role">) {
  return caller.role === "lead" || caller.role === "admin";
}

export function propertyStore(db: Db) {
  return recordStore(db, propertyDefinitions, {
    noun: "Property",
    sortColumns: {
      label: propertyDefinitions.label,
      apiName: propertyDefinitions.apiName,
      createdAt: propertyDefinitions.createdAt,
    },
    filters: (query: typeof propertyListQuerySchema._zod.output) => [
      query.q
        ? sql`(${propertyDefinitions.label} ilike ${`%${escapeLike(query.q)}%`}
            or ${propertyDefinitions.apiName} ilike ${`%${escapeLike(query.q)}%`})`
        : undefined,
      query.objectType ? eq(propertyDefinitions.objectType, query.objectType) : undefined,
    ],
  });
}

/** The live (not archived) definitions of one record type, by API name. */
export async function activeDefinitions(
  db: Db,
  workspaceId: string,
  objectType: PropertyObjectType,
): Promise<Map<string, Definition>> {
  const rows = await db
    .select()
    .from(propertyDefinitions)
    .where(
      and(
        eq(propertyDefinitions.workspaceId, workspaceId),
        eq(propertyDefinitions.objectType, objectType),
        isNull(propertyDefinitions.archivedAt),
      ),
    );
  return new Map(rows.map((d) => [d.apiName, d]));
}

/**
 * The CSV export's columns of a record type's live properties, after its own: `property.<api_name>`, read from
 * the record's properties (lists as JSON, like the export's other lists).
 */
export async function propertyExportColumns(db: Db, workspaceId: string, objectType: PropertyObjectType) {
  const definitions = [...(await activeDefinitions(db, workspaceId, objectType)).values()];
  return definitions
    .sort((a, b) => a.apiName.localeCompare(b.apiName))
    .map((d) => ({ key: `properties.${d.apiName}`, header: `${PROPERTY_FILTER_PREFIX}${d.apiName}` }));
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (v: unknown): v is string =>
  typeof v === "string" &&
  DATE.test(v) &&
  !Number.isNaN(Date.parse(v)) &&
  new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

const optionList = (d: Definition) => d.options.map((o) => JSON.stringify(o)).join(", ");

/** Why a value does not fit its definition, or null when it does (null itself clears a value). */
function problemWith(d: Definition, value: unknown): string | null {
  if (value === null) return null;
  switch (d.type) {
    case "text":
      if (typeof value !== "string") return `${d.label} must be text`;
      return value.length > PROPERTY_TEXT_MAX
        ? `${d.label} must be at most ${PROPERTY_TEXT_MAX} characters`
        : null;
    case "number":
      return typeof value === "number" && Number.isFinite(value) ? null : `${d.label} must be a number`;
    case "date":
      return isDate(value) ? null : `${d.label} must be a date like 2026-01-31`;
    case "boolean":
      return typeof value === "boolean" ? null : `${d.label} must be true or false`;
    case "one_of":
      return typeof value === "string" && d.options.includes(value)
        ? null
        : `${d.label} must be one of ${optionList(d)}`;
    case "many_of":
      return Array.isArray(value) && value.every((v) => typeof v === "string" && d.options.includes(v))
        ? new Set(value).size === value.length
          ? null
          : `${d.label} lists the same option twice`
        : `${d.label} must be a list of ${optionList(d)}`;
  }
}

/**
 * Checks the values a record is about to get against the workspace's definitions for its type: a value of a
 * defined property that does not fit is a 400 naming `properties.<api_name>`. Keys without a live definition
 * (values Lockstep writes itself, archived properties, the caller's own keys) are left as they are.
 */
export async function checkPropertyValues(
  db: Db,
  workspaceId: string,
  objectType: PropertyObjectType,
  values: Record<string, unknown> | undefined,
) {
  if (!values || Object.keys(values).length === 0) return;
  const definitions = await activeDefinitions(db, workspaceId, objectType);
  for (const [key, value] of Object.entries(values)) {
    const d = definitions.get(key);
    const problem = d ? problemWith(d, value) : null;
    if (problem) throw badRequest(problem, `properties.${key}`);
  }
}

/** How a list sorts by a custom property: the SQL value, its kind, and the same value read from a record. */
export interface PropertySort {
  column: SQL;
  kind: SortKind;
  key: (properties: Record<string, unknown> | null | undefined) => string | number;
}

/** Where a record without a number (or yes/no) sorts: below every value. */
const NO_NUMBER = -1e300;

/**
 * The sort of a list query's `sortProperty`, or undefined without one. Values that do not fit the type (kept
 * from before the definition) sort as records without a value, so the SQL and the cursor always agree.
 */
export async function propertySort(
  db: Db,
  workspaceId: string,
  objectType: PropertyObjectType,
  apiName: string | undefined,
  column: AnyPgColumn,
): Promise<PropertySort | undefined> {
  if (apiName === undefined) return undefined;
  const d = (await activeDefinitions(db, workspaceId, objectType)).get(apiName);
  if (!d) throw badRequest(`is not a property of ${objectType} in this workspace`, "sortProperty");
  if (d.type === "many_of") throw badRequest("cannot sort by a several-of-a-list property", "sortProperty");
  const value = sql`${column} -> ${d.apiName}`;
  if (d.type === "number" || d.type === "boolean") {
    const jsonType = d.type;
    const asNumber =
      d.type === "number" ? sql`(${value})::text::float8` : sql`(${value})::text::boolean::int`;
    return {
      column: sql`(case when jsonb_typeof(${value}) = ${jsonType} then ${asNumber} else ${NO_NUMBER}::float8 end)`,
      kind: "number",
      key: (p) => {
        const v = p?.[d.apiName];
        if (d.type === "number") return typeof v === "number" && Number.isFinite(v) ? v : NO_NUMBER;
        return v === true ? 1 : v === false ? 0 : NO_NUMBER;
      },
    };
  }
  return {
    column: sql`(case when jsonb_typeof(${value}) = 'string' then ${column} ->> ${d.apiName} else '' end)`,
    kind: "text",
    key: (p) => {
      const v = p?.[d.apiName];
      return typeof v === "string" ? v : "";
    },
  };
}

/** The JSON a filter value stands for under its definition's type; a value that cannot be one is a 400. */
export function filterValue(d: Definition, raw: string, field: string): unknown {
  switch (d.type) {
    case "number": {
      const n = Number(raw);
      if (raw.trim() === "" || !Number.isFinite(n)) throw badRequest("must be a number", field);
      return n;
    }
    case "boolean":
      if (raw !== "true" && raw !== "false") throw badRequest("must be true or false", field);
      return raw === "true";
    case "date":
      if (!isDate(raw)) throw badRequest("must be a date like 2026-01-31", field);
      return raw;
    case "one_of":
      if (!d.options.includes(raw)) throw badRequest(`must be one of ${optionList(d)}`, field);
      return raw;
    case "many_of":
      // A record matches when its list holds this option.
      if (!d.options.includes(raw)) throw badRequest(`must be one of ${optionList(d)}`, field);
      return [raw];
    case "text":
      return raw;
  }
}

/**
 * The conditions of a list query's `property.<api_name>=value` keys, each a containment test on the record's
 * properties (GIN-indexed). A key naming no live property of this record type is a 400 naming it.
 */
export async function propertyConditions(
  db: Db,
  workspaceId: string,
  objectType: PropertyObjectType,
  query: Record<string, unknown>,
  column: AnyPgColumn,
): Promise<SQL[]> {
  const keys = Object.keys(query).filter((k) => k.startsWith(PROPERTY_FILTER_PREFIX));
  if (keys.length === 0) return [];
  const definitions = await activeDefinitions(db, workspaceId, objectType);
  return keys.map((field) => {
    const d = definitions.get(field.slice(PROPERTY_FILTER_PREFIX.length));
    if (!d) throw badRequest(`is not a property of ${objectType} in this workspace`, field);
    const raw = query[field];
    if (typeof raw !== "string" || raw.length > 200)
      throw badRequest("must be one value (at most 200 characters)", field);
    const value = filterValue(d, raw, field);
    return sql`${column} @> ${JSON.stringify({ [d.apiName]: value })}::jsonb`;
  });
}
