// What an import does with each column of its file: the record's own fields (mapped automatically or by
// hand), the workspace's custom properties (an existing one, or one the import creates, its type given or
// guessed by a dry run), the keys that find stored contacts, and the outcome column. Checked before anything
// is written: a mapping that cannot work is a 400 naming what is wrong, creating a property without the
// right is a 403.
import { and, eq, isNull, sql } from "drizzle-orm";
import { apiNameOf, PropertyTypeGuesser } from "../../../shared/import-values.js";
import {
  autoMapHeaders,
  IMPORT_FIELDS,
  IMPORT_IDENTIFIERS,
  type ImportEntity,
  type NewPropertyReport,
  type NewPropertySpec,
  type OutcomeEffect,
  propertyObjectOf,
  propertyOfTarget,
  propertyTarget,
} from "../../../shared/imports.js";
import {
  createPropertySchema,
  PROPERTY_TYPE_LABELS,
  type PropertyObjectType,
  type PropertyType,
} from "../../../shared/properties.js";
import type { Db } from "../../db/client.js";
import { propertyDefinitions } from "../../db/schema/index.js";
import { recordAudit } from "../../lib/audit.js";
import { AppError, forbidden } from "../../lib/errors.js";
import { newId } from "../../lib/ids.js";
import { activeDefinitions } from "../properties/properties.service.js";
import type { PropertyColumn, RowContext } from "./import-rows.js";
import type { ContactMatch } from "./import-writers.js";

const invalid = (path: string, message: string) =>
  new AppError(400, "invalid_input", `${path}: ${message}`, [{ path, message }]);

/** The columns of one file as the import reads them. */
export interface ImportColumns {
  /** File column -> field, "property.<api_name>", or null (ignored), in the file's column order. */
  mapping: Record<string, string | null>;
  rowContext: RowContext;
  /** Contacts: the match keys tried in order. */
  matchOrder: ContactMatch[];
  matchBy: string | null;
  /** The properties the file creates, as the report shows them (guesses filled in at the end of a dry run). */
  newProperties: (NewPropertyReport & { reader: PropertyColumn; description: string })[];
}

export interface ColumnOptions {
  override?: Record<string, string | null>;
  newProperties?: Record<string, NewPropertySpec>;
  matchBy?: string;
  outcomeSets?: OutcomeEffect;
  dryRun: boolean;
  /** False for someone who may not define properties (only team leads and admins may). Unset: allowed. */
  mayDefineProperties?: boolean;
}

/**
 * The effective mapping of a header row, checked, with what reading its rows needs. Throws a 400 naming the
 * mapping, the new property or the match key that cannot work, or a 403 when the file would create a
 * property and the one importing may not define properties. Writes nothing.
 */
export async function resolveColumns(
  db: Db,
  workspaceId: string,
  entity: ImportEntity,
  headers: string[],
  options: ColumnOptions,
): Promise<ImportColumns> {
  const objectType = propertyObjectOf(entity);
  const definitions = objectType
    ? await activeDefinitions(db, workspaceId, objectType)
    : new Map<
        string,
        Awaited<ReturnType<typeof activeDefinitions>> extends Map<string, infer D> ? D : never
      >();
  const fields = IMPORT_FIELDS[entity];
  const override = options.override ?? {};
  const specs = options.newProperties ?? {};
  for (const [header, field] of Object.entries(override)) {
    if (!headers.includes(header)) throw invalid("mapping", `the file has no column "${header}"`);
    if (field === null || fields.some((f) => f.key === field)) continue;
    const apiName = propertyOfTarget(field);
    if (apiName !== null && !objectType)
      throw invalid("mapping", `${entity} have no custom properties; "${header}" cannot fill ${field}`);
    if (
      apiName !== null &&
      !definitions.has(apiName) &&
      !Object.values(specs).some((s) => s.apiName === apiName)
    )
      throw invalid(
        "mapping",
        `"${field}" is not a property of ${objectType} in this workspace; create it (newProperties) or map the column to another`,
      );
    if (apiName === null) throw invalid("mapping", `"${field}" is not a ${entity} field`);
  }
  const mapping = { ...autoMapHeaders(entity, headers, [...definitions.values()]), ...override };

  // Columns that create a property fill it.
  const newProperties: ImportColumns["newProperties"] = [];
  const specEntries = Object.entries(specs);
  if (specEntries.length > 0) {
    if (!objectType) throw invalid("newProperties", `${entity} have no custom properties`);
    if (options.mayDefineProperties === false)
      throw forbidden(
        `Only team leads and admins can create properties: column "${specEntries[0]?.[0]}" would create one. Map it to an existing property, or ignore it`,
      );
  }
  const takenNames = new Set(definitions.keys());
  for (const [column, spec] of specEntries) {
    const path = `newProperties.${column}`;
    if (!headers.includes(column)) throw invalid(path, `the file has no column "${column}"`);
    const apiName = spec.apiName ?? apiNameOf(column);
    const label = spec.label ?? (column.trim().slice(0, 100) || apiName);
    if (takenNames.has(apiName)) {
      throw invalid(
        `${path}.apiName`,
        definitions.has(apiName)
          ? `"${apiName}" is already a property of ${objectType}; map the column to it instead`
          : `"${apiName}" is asked for by two columns; give one another apiName`,
      );
    }
    takenNames.add(apiName);
    if (!spec.type && !options.dryRun)
      throw invalid(
        `${path}.type`,
        "is required to import; a dry run (dryRun=true) guesses it from the file and reports it",
      );
    const type: PropertyType = spec.type ?? "text";
    const listed = type === "one_of" || type === "many_of";
    const growing = listed && (spec.options ?? []).length === 0;
    // The definition's own checks (API name, reserved names, options); a growing list starts without options.
    const checked = createPropertySchema.safeParse({
      objectType,
      apiName,
      label,
      description: spec.description ?? `Imported from column "${column}"`,
      type,
      options: growing ? ["placeholder"] : (spec.options ?? []),
    });
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw invalid(`${path}.${issue?.path.join(".") || "apiName"}`, issue?.message ?? "is not valid");
    }
    const reader: PropertyColumn = {
      apiName,
      definition: spec.type ? { type, options: growing ? [] : [...(spec.options ?? [])], label } : null,
      growing,
      added: [],
      guesser: options.dryRun ? new PropertyTypeGuesser() : undefined,
    };
    mapping[column] = propertyTarget(apiName);
    newProperties.push({
      column,
      apiName,
      label,
      description: checked.data.description,
      type,
      options: reader.definition ? (reader.definition.options as string[]) : [],
      guessed: !spec.type,
      guess: null,
      propertyId: null,
      reader,
    });
  }

  // Mapped columns in the file's order; a repeated column name keeps its first column's mapping.
  const ordered: Record<string, string | null> = {};
  for (const header of headers) if (!(header in ordered)) ordered[header] = mapping[header] ?? null;
  const targets = Object.values(ordered).filter((f): f is string => f !== null);
  const doubled = targets.find((f, i) => targets.indexOf(f) !== i);
  if (doubled) throw invalid("mapping", `two columns map to ${doubled}`);
  const missing = fields.filter((f) => f.required && !targets.includes(f.key));
  if (missing.length > 0) {
    const names = missing.map((f) => `${f.label} (${f.key})`).join(", ");
    throw new AppError(
      400,
      "invalid_input",
      `mapping: no column maps to ${names}; map one of your columns to it`,
      missing.map((f) => ({ path: `mapping.${f.key}`, message: "no column maps to it" })),
    );
  }

  // The properties the columns fill, read as their definitions say (dry runs also guess each one's type).
  const properties = new Map<string, PropertyColumn>();
  for (const target of targets) {
    const apiName = propertyOfTarget(target);
    if (apiName === null) continue;
    const created = newProperties.find((p) => p.apiName === apiName);
    const d = definitions.get(apiName);
    if (!created && !d) continue;
    properties.set(
      target,
      created?.reader ?? {
        apiName,
        definition: d ? { type: d.type, options: d.options, label: d.label } : null,
        growing: false,
        added: [],
        guesser: options.dryRun ? new PropertyTypeGuesser() : undefined,
      },
    );
  }

  const { matchOrder, matchBy, identifiers } = matchKeys(entity, targets, options.matchBy, properties);
  return {
    mapping: ordered,
    rowContext: {
      properties,
      eventMapping: new Map(),
      identifiers,
      outcomeSets: options.outcomeSets ?? "stage",
    },
    matchOrder,
    matchBy,
    newProperties,
  };
}

/** The keys that find a stored record, in the order they are tried; a 400 when no column gives one. */
function matchKeys(
  entity: ImportEntity,
  targets: string[],
  matchBy: string | undefined,
  properties: Map<string, PropertyColumn>,
) {
  const group = IMPORT_IDENTIFIERS[entity];
  if (matchBy !== undefined && entity !== "contacts")
    throw invalid("matchBy", "only a contacts import chooses its match key");
  if (matchBy !== undefined) {
    const apiName = propertyOfTarget(matchBy);
    if (matchBy !== "email" && matchBy !== "externalId" && apiName === null)
      throw invalid("matchBy", `must be email, externalId or property.<api_name>, not "${matchBy}"`);
    if (!targets.includes(matchBy))
      throw invalid("matchBy", `no column maps to ${matchBy}; map the column holding it first`);
    const type = apiName === null ? null : properties.get(matchBy)?.definition?.type;
    if (
      apiName !== null &&
      type !== undefined &&
      type !== null &&
      !["text", "number", "one_of"].includes(type)
    )
      throw invalid(
        "matchBy",
        `a ${PROPERTY_TYPE_LABELS[type].toLowerCase()} property cannot find a contact; choose a text or number property`,
      );
  }
  if (!group) return { matchOrder: [] as ContactMatch[], matchBy: null, identifiers: [] };
  const identifiers = [
    ...(matchBy ? [matchBy] : []),
    ...group.fields.filter((f) => f !== matchBy && targets.includes(f)),
  ];
  if (identifiers.length === 0) {
    const labels = group.fields
      .map((key) => IMPORT_FIELDS[entity].find((f) => f.key === key)?.label ?? key)
      .join(" or ");
    throw new AppError(
      400,
      "invalid_input",
      `mapping: no column maps to ${labels}; map one of your columns to one of them${entity === "contacts" ? " (or choose a property to match contacts by: matchBy)" : ""}`,
      group.fields.map((key) => ({ path: `mapping.${key}`, message: "no column maps to it" })),
    );
  }
  return {
    matchOrder: identifiers as ContactMatch[],
    matchBy: entity === "contacts" ? (identifiers[0] ?? null) : null,
    identifiers,
  };
}

/**
 * Creates the properties a file asks for, with one audit entry each, in one transaction (before the first
 * row is written). A list without options starts empty and takes the file's values as they come.
 */
export async function createImportProperties(
  db: Db,
  workspaceId: string,
  objectType: PropertyObjectType,
  actor: { memberId: string | null; name: string } | null,
  fileName: string | null,
  columns: ImportColumns["newProperties"],
) {
  if (columns.length === 0) return;
  await db.transaction(async (tx) => {
    const rows = columns.map((p) => ({
      workspaceId,
      id: newId(),
      objectType,
      apiName: p.apiName,
      label: p.label,
      description: p.description,
      type: p.type,
      options: p.options,
    }));
    await tx.insert(propertyDefinitions).values(rows);
    rows.forEach((row, i) => {
      const column = columns[i];
      if (column) column.propertyId = row.id;
    });
    const who = actor?.name ?? "An import";
    await recordAudit(
      tx,
      workspaceId,
      actor?.memberId ? { memberId: actor.memberId, name: actor.name } : null,
      rows.map((row, i) => ({
        action: "property.created",
        entityType: "property",
        entityId: row.id,
        summary: `${who} created the property ${row.label} importing ${fileName ?? "a file"} (column "${columns[i]?.column}")`,
        after: {
          objectType,
          apiName: row.apiName,
          label: row.label,
          description: row.description,
          type: row.type,
          options: row.options,
        },
      })),
    );
  });
}

/**
 * Saves the options growing lists took on from a batch, in the batch's transaction: appended in the order the
 * file brought them, never twice (another import may have added one meanwhile).
 */
export async function saveGrownOptions(db: Db, workspaceId: string, columns: ImportColumns["newProperties"]) {
  for (const { reader, propertyId } of columns) {
    if (!reader.growing || reader.added.length === 0 || !propertyId) continue;
    await db
      .update(propertyDefinitions)
      .set({
        options: sql`${propertyDefinitions.options} || array(
          select x from unnest(${sql.param(reader.added)}::text[]) with ordinality as t(x, n)
          where not x = any(${propertyDefinitions.options}) order by n)`,
        updatedAt: new Date(),
      })
      .where(
        and(
          eq(propertyDefinitions.workspaceId, workspaceId),
          eq(propertyDefinitions.id, propertyId),
          isNull(propertyDefinitions.archivedAt),
        ),
      );
  }
}

/** A batch committed: the options it saved are stored. */
export function forgetGrownOptions(columns: ImportColumns["newProperties"]) {
  for (const { reader } of columns) reader.added.length = 0;
}

/** The report's new properties: a dry run's guesses (and, where no type was given, the guessed type). */
export function newPropertiesReport(columns: ImportColumns["newProperties"]): NewPropertyReport[] {
  return columns.map(({ reader, description: _, ...report }) => {
    const guess = reader.guesser?.result() ?? null;
    const type = report.guessed && guess ? guess.type : report.type;
    const options =
      reader.definition?.options && reader.definition.options.length > 0
        ? [...reader.definition.options]
        : report.guessed && guess
          ? guess.options
          : report.options;
    return { ...report, type, options, guess };
  });
}
