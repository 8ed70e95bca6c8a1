// Custom properties: the definitions a workspace keeps per record type, the check record services run on the
// values they are about to write, and the list filters `property.<api_name>=value`. Record modules call these
// plain functions; this module imports none of them.
import { createHash } from "node:crypto";
import { and, eq, getTableName, isNull, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import {
  PROPERTY_FILTER_PREFIX,
  PROPERTY_TEXT_MAX,
  type PropertyObjectType,
  type propertyListQuerySchema,
} from "../../../shared/properties.js";
import { type Db, queryRows } from "../../db/client.js";
import { propertyDefinitions } from "../../db/schema/index.js";
import type { Caller } from "../../lib/access.js";
import { recordAudit } from "../../lib/audit.js";
import { badRequest, conflict, notFound } from "../../lib/errors.js";
import { escapeLike, recordStore, type SortKind } from "../../lib/records.js";
import { toJson } from "../../lib/serialize.js";

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
 * Why a segment's criterion on a property cannot work, or null: a value must fit the property's type (a
 * list property takes "any of" instead), a range needs a number or date property and bounds of its type in
 * order, "any of" a text or list property and values it can hold.
 */
export function criterionProblem(d: Definition, criterion: unknown): string | null {
  if (criterion === null || typeof criterion !== "object") {
    if (d.type === "many_of") return `${d.label} is a list: ask for any of its options`;
    return problemWith(d, criterion);
  }
  if ("anyOf" in criterion) {
    const values = (criterion as { anyOf: unknown[] }).anyOf;
    if (d.type !== "text" && d.type !== "one_of" && d.type !== "many_of")
      return `${d.label} is a ${d.type === "number" || d.type === "date" ? `${d.type}: ask for a range` : "yes or no"}, not any of a list`;
    for (const value of values) {
      const problem = problemWith(d.type === "many_of" ? { ...d, type: "one_of" } : d, value);
      if (problem) return problem;
    }
    return null;
  }
  const { min, max } = criterion as { min?: unknown; max?: unknown };
  if (d.type !== "number" && d.type !== "date") return `${d.label} is not a number or a date: no range`;
  for (const bound of [min, max]) {
    const problem = bound == null ? null : problemWith(d, bound);
    if (problem) return problem;
  }
  if (min != null && max != null && (min as number | string) > (max as number | string))
    return `${d.label}: the minimum is above the maximum`;
  return null;
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

const API_NAME = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * The SQL of a property's sort value over a `properties` column (given as SQL text), every constant written
 * out: the list's ORDER BY and the property's expression index are then one expression, which is what lets
 * the planner read a sorted page from the index. Numbers and yes/no sort as numbers, everything else as text;
 * a value of another type sorts as no value.
 */
function sortValueSql(column: string, d: Pick<Definition, "apiName" | "type">): string {
  // The API name is lower snake case (checked when defined); checked again before it is written into SQL.
  if (!API_NAME.test(d.apiName)) throw new Error(`not an API name: ${d.apiName}`);
  const value = `${column} -> '${d.apiName}'`;
  if (d.type === "number")
    return `(case when jsonb_typeof(${value}) = 'number' then (${value})::text::float8 else ${NO_NUMBER}::float8 end)`;
  if (d.type === "boolean")
    return `(case when jsonb_typeof(${value}) = 'boolean' then (${value})::text::boolean::int else ${NO_NUMBER}::float8 end)`;
  return `(case when jsonb_typeof(${value}) = 'string' then ${column} ->> '${d.apiName}' else '' end)`;
}

/**
 * The sort of a list query's `sortProperty`, or undefined without one. Values that do not fit the type (kept
 * from before the definition) sort as records without a value, so the SQL and the cursor always agree. A
 * property marked indexed has an expression index on exactly this value (`syncPropertyIndexes`).
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
  const qualified = `"${column.table ? getTableName(column.table) : objectType}"."${column.name}"`;
  const value = sql.raw(sortValueSql(qualified, d));
  if (d.type === "number" || d.type === "boolean") {
    return {
      column: value,
      kind: "number",
      key: (p) => {
        const v = p?.[d.apiName];
        if (d.type === "number") return typeof v === "number" && Number.isFinite(v) ? v : NO_NUMBER;
        return v === true ? 1 : v === false ? 0 : NO_NUMBER;
      },
    };
  }
  return {
    column: value,
    kind: "text",
    key: (p) => {
      const v = p?.[d.apiName];
      return typeof v === "string" ? v : "";
    },
  };
}

/** Expression indexes of indexed properties are named `<table>_prop_<hash of the expression>`. */
const PROPERTY_INDEX = /^(contacts|accounts|opportunities)_prop_[0-9a-f]{12}$/;

function propertyIndex(objectType: PropertyObjectType, d: Pick<Definition, "apiName" | "type">) {
  const expression = sortValueSql("properties", d);
  const name = `${objectType}_prop_${createHash("sha1").update(expression).digest("hex").slice(0, 12)}`;
  return {
    name,
    create: `create index concurrently if not exists "${name}" on "${objectType}" (workspace_id, ${expression}, id)`,
    comment: `comment on index "${name}" is 'Lockstep: sorts ${objectType} by the custom property ${d.apiName} (${d.type})'`,
  };
}

/**
 * Makes the database's property indexes match the live definitions marked indexed, in every workspace: one
 * B-tree on (workspace_id, the property's sort value, id) per record type, API name and kind of value,
 * shared by the workspaces that index a property of that name, and dropped once none does. Built and
 * dropped CONCURRENTLY (writes go on meanwhile), so it runs outside any transaction, after the definition's
 * change has committed. An index left invalid by a failed build is dropped and built again. A failure is
 * logged and does not undo the definition: its lists still sort, without the index, until the next sync.
 */
export async function syncPropertyIndexes(db: Db) {
  try {
    const wanted = await queryRows<{ object_type: PropertyObjectType; api_name: string; type: string }>(
      db,
      sql`select distinct object_type, api_name, type from property_definitions
          where indexed and archived_at is null and type <> 'many_of'`,
    );
    const desired = new Map(
      wanted.map((d) => {
        const index = propertyIndex(d.object_type, {
          apiName: d.api_name,
          type: d.type as Definition["type"],
        });
        return [index.name, index];
      }),
    );
    const existing = await queryRows<{ name: string; valid: boolean }>(
      db,
      sql`select c.relname as name, i.indisvalid as valid from pg_index i
          join pg_class c on c.oid = i.indexrelid join pg_class t on t.oid = i.indrelid
          where t.relname in ('contacts', 'accounts', 'opportunities') and c.relname like '%\_prop\_%'`,
    );
    for (const index of existing) {
      if (!PROPERTY_INDEX.test(index.name)) continue;
      if (desired.has(index.name) && index.valid) {
        desired.delete(index.name);
        continue;
      }
      await db.execute(sql.raw(`drop index concurrently if exists "${index.name}"`));
    }
    for (const index of desired.values()) {
      await db.execute(sql.raw(index.create));
      await db.execute(sql.raw(index.comment));
    }
  } catch (error) {
    console.warn(`Custom property indexes were not brought up to date: ${(error as Error).message}`);
  }
}

/**
 * Removes an archived property's values from every record of its type, in one statement, with an audit entry.
 * 409 while the definition is live (archive it first), or when a live definition has taken its API name since
 * (the values under that name are the new property's).
 */
export async function purgePropertyValues(db: Db, caller: Caller, id: string) {
  return db.transaction(async (tx) => {
    const [d] = await tx
      .select()
      .from(propertyDefinitions)
      .where(and(eq(propertyDefinitions.workspaceId, caller.workspaceId), eq(propertyDefinitions.id, id)))
      .for("update");
    if (!d) throw notFound("Property");
    if (!d.archivedAt)
      throw conflict(`${d.label} is live: archive it before purging its values`, "archivedAt");
    const live = (await activeDefinitions(tx, caller.workspaceId, d.objectType)).get(d.apiName);
    if (live)
      throw conflict(
        `The live property ${live.label} uses the API name ${d.apiName} now: the values under that name are its values`,
        "apiName",
      );
    const [result] = await queryRows<{ purged: number }>(
      tx,
      sql`with purged as (
            update ${sql.identifier(d.objectType)} set properties = properties - ${d.apiName}::text, updated_at = now()
            where workspace_id = ${caller.workspaceId} and properties ? ${d.apiName}::text
            returning 1)
          select count(*)::int as purged from purged`,
    );
    const purged = result?.purged ?? 0;
    await recordAudit(tx, caller.workspaceId, caller, {
      action: "property.values.purged",
      entityType: "property",
      entityId: d.id,
      summary: `${caller.name} purged the values of the archived property ${d.label} from ${purged} ${d.objectType}`,
      before: { apiName: d.apiName, records: purged },
    });
    return { property: toJson(d), purged };
  });
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
