// Shared mechanics of every record list and record store: workspace scoping, archive/restore,
// search on the indexed search_text column, and keyset (cursor) pagination on (sort column, id).
import { type AnyColumn, and, asc, Column, desc, eq, isNotNull, isNull, type SQL, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Db } from "../db/client.js";
import type { Caller } from "./access.js";
import { recordAudit } from "./audit.js";
import { archiveEntry } from "./audit-words.js";
import { badRequest, notFound } from "./errors.js";
import { newId } from "./ids.js";

export interface RecordTable extends PgTable {
  workspaceId: PgColumn;
  id: PgColumn;
  archivedAt: PgColumn;
  updatedAt: PgColumn;
}

export interface ListOptions {
  q?: string;
  sort: string;
  order: "asc" | "desc";
  cursor?: string;
  limit: number;
  archived?: boolean;
}

export function encodeCursor(value: unknown, id: string): string {
  const v = value instanceof Date ? value.toISOString() : value;
  return Buffer.from(JSON.stringify([v, id])).toString("base64url");
}

const NOT_A_CURSOR = "is not a cursor this API gave out";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A cursor's two parts, [sort value, id], as the API encoded them; anything else is a 400 naming `cursor`. */
export function decodeCursor(cursor: string): [string | number | null, string] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw badRequest(NOT_A_CURSOR, "cursor");
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw badRequest(NOT_A_CURSOR, "cursor");
  const [value, id] = parsed as unknown[];
  const scalar =
    value === null || typeof value === "string" || (typeof value === "number" && Number.isFinite(value));
  if (!scalar || typeof id !== "string" || !UUID.test(id)) throw badRequest(NOT_A_CURSOR, "cursor");
  return [value as string | number | null, id];
}

/** What kind of value a list is sorted by, so a cursor's sort value is checked against it. */
export type SortKind = "timestamp" | "date" | "number" | "text";

function sortKindOf(column: AnyColumn | SQL, declared: SortKind | undefined): SortKind {
  if (declared) return declared;
  if (!(column instanceof Column)) return "number";
  if (column.columnType === "PgDateString" || column.columnType === "PgDate") return "date";
  if (
    column.columnType === "PgTimestamp" ||
    column.columnType === "PgTimestampString" ||
    column.dataType === "date"
  )
    return "timestamp";
  return column.dataType === "number" ? "number" : "text";
}

/** A cursor's time as ISO text (years 1 to 9999, as both engines read them); anything else is a 400. */
export function cursorTime(value: string | number | null): string {
  const at = typeof value === "string" ? new Date(value) : null;
  const year = at?.getUTCFullYear() ?? Number.NaN;
  if (!at || !(year >= 1 && year <= 9999)) throw badRequest(NOT_A_CURSOR, "cursor");
  return at.toISOString();
}

/**
 * A cursor's timestamp kept as PostgreSQL wrote it (microseconds intact, e.g. "2026-12-01 10:00:00.123456+00"):
 * a real date in years 1-9999 with a time and an offset, else a 400 naming cursor.
 */
export function cursorTimestampText(value: unknown): string {
  const match =
    typeof value === "string"
      ? /^(\d{4})-(\d{2})-(\d{2})[ T]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2})?)$/.exec(
          value,
        )
      : null;
  const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (!match || year < 1 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    throw badRequest(NOT_A_CURSOR, "cursor");
  return value as string;
}

/** The cursor's sort value as SQL of the sort column's kind; a value of another kind is a 400. */
function cursorValue(value: string | number | null, kind: SortKind, nullable: boolean): SQL {
  if (value === null) {
    if (!nullable) throw badRequest(NOT_A_CURSOR, "cursor");
    return sql`null`;
  }
  if (kind === "timestamp") return sql`${cursorTime(value)}::timestamptz`;
  if (kind === "date") {
    if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)))
      throw badRequest(NOT_A_CURSOR, "cursor");
    return sql`${value}::date`;
  }
  if (kind === "number") {
    if (typeof value !== "number") throw badRequest(NOT_A_CURSOR, "cursor");
    return sql`${value}::float8`;
  }
  if (typeof value !== "string") throw badRequest(NOT_A_CURSOR, "cursor");
  return sql`${value}`;
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Condition matching rows whose search_text contains every word of q (trigram-indexed). */
export function searchCondition(column: AnyColumn, q: string | undefined): SQL | undefined {
  const words = (q ?? "").toLowerCase().split(/\s+/).filter(Boolean).slice(0, 5);
  if (words.length === 0) return undefined;
  return and(...words.map((w) => sql`${column} like ${`%${escapeLike(w)}%`}`));
}

export interface PageQuery<TRow> {
  /** Runs the query with the keyset condition, order and limit applied. */
  run(where: SQL | undefined, orderBy: SQL[], limit: number): Promise<TRow[]>;
  /** A column, or an expression (a joined score) the list is ordered by. */
  sortColumn: AnyColumn | SQL;
  /** The sort value's kind; read from the column when it is one, a number for an expression by default. */
  sortKind?: SortKind;
  idColumn: AnyColumn;
  sortKey: (row: TRow) => unknown;
  idKey: (row: TRow) => string;
  /** Counts the rows matching the filters, for the list's true total (asked on the first page only). */
  count?: (where: SQL | undefined) => Promise<number>;
}

/** One page in keyset order; nextCursor is null on the last page. */
export async function keysetPage<TRow>(
  query: PageQuery<TRow>,
  options: { order: "asc" | "desc"; cursor?: string; limit: number },
  conditions: (SQL | undefined)[],
) {
  const direction = options.order === "desc" ? desc : asc;
  const where = [...conditions];
  // Later pages keep the first page's total: counting again per page would cost a scan each time.
  const total = !options.cursor && query.count ? query.count(and(...conditions)) : undefined;
  if (options.cursor) {
    const [value, id] = decodeCursor(options.cursor);
    const column = query.sortColumn;
    const nullable = column instanceof Column && !column.notNull;
    const after = cursorValue(value, sortKindOf(column, query.sortKind), nullable);
    const descending = options.order === "desc";
    const op = descending ? sql`<` : sql`>`;
    const beyond = sql`(${column}, ${query.idColumn}) ${op} (${after}, ${id}::uuid)`;
    // Nulls sort last ascending and first descending: a nullable column's rows without a value come
    // after every valued row (ascending), or before them (descending), ordered by id among themselves.
    if (!nullable) where.push(beyond);
    else if (value === null)
      where.push(
        descending
          ? sql`(${column} is not null or ${query.idColumn} < ${id}::uuid)`
          : sql`(${column} is null and ${query.idColumn} > ${id}::uuid)`,
      );
    else where.push(descending ? beyond : sql`(${beyond} or ${column} is null)`);
  }
  const rows = await query.run(
    and(...where),
    [direction(query.sortColumn), direction(query.idColumn)],
    options.limit + 1,
  );
  const more = rows.length > options.limit;
  const items = more ? rows.slice(0, options.limit) : rows;
  const last = items.at(-1);
  return {
    items,
    nextCursor: more && last ? encodeCursor(query.sortKey(last), query.idKey(last)) : null,
    total: await total,
  };
}

/** How many rows of a table match a condition (a list's true total). */
export async function countRows(db: Db, table: PgTable, where: SQL | undefined): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(table).where(where);
  return row?.n ?? 0;
}

export function archivedCondition(table: RecordTable, archived: boolean | undefined): SQL {
  return archived ? isNotNull(table.archivedAt) : isNull(table.archivedAt);
}

export async function insertRecord<T extends RecordTable>(
  db: Db,
  table: T,
  workspaceId: string,
  values: object,
) {
  const [row] = await db
    .insert(table)
    .values({ ...values, workspaceId, id: newId() } as never)
    .returning();
  return row as T["$inferSelect"];
}

export async function findRecord<T extends RecordTable>(
  db: Db,
  table: T,
  workspaceId: string,
  id: string,
  noun: string,
) {
  const [row] = await db
    .select()
    .from(table as PgTable)
    .where(and(eq(table.workspaceId, workspaceId), eq(table.id, id)));
  if (!row) throw notFound(noun);
  return row as T["$inferSelect"];
}

export async function updateRecord<T extends RecordTable>(
  db: Db,
  table: T,
  workspaceId: string,
  id: string,
  values: object,
  noun: string,
) {
  const rows = (await db
    .update(table)
    .set({ ...values, updatedAt: new Date() } as never)
    .where(and(eq(table.workspaceId, workspaceId), eq(table.id, id)))
    .returning()) as T["$inferSelect"][];
  if (!rows[0]) throw notFound(noun);
  return rows[0];
}

/** Who archives or restores, for the audit log. */
export type Actor = Pick<Caller, "memberId" | "name">;

/** Archives or restores a record; with an actor, the change goes into the audit log in the same transaction. */
export function setArchived<T extends RecordTable>(
  db: Db,
  table: T,
  workspaceId: string,
  id: string,
  archived: boolean,
  noun: string,
  actor?: Actor,
) {
  const values = { archivedAt: archived ? new Date() : null };
  if (!actor) return updateRecord(db, table, workspaceId, id, values, noun);
  return db.transaction(async (tx) => {
    const t = tx;
    const current = (await findRecord(t, table, workspaceId, id, noun)) as { archivedAt: Date | null };
    const row = await updateRecord(t, table, workspaceId, id, values, noun);
    const record = row as { id: string; name?: string | null; archivedAt: Date | null };
    const entry = archiveEntry(actor.name, noun.toLowerCase(), record, current.archivedAt, record.archivedAt);
    if (entry) await recordAudit(t, workspaceId, actor, entry);
    return row;
  });
}

/** Drops keys whose value is undefined so a PATCH only touches the fields it names. */
export function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export interface RecordStoreSpec<Q extends ListOptions> {
  /** "Account": used in not-found messages. */
  noun: string;
  sortColumns: Record<Q["sort"], AnyColumn>;
  searchColumn?: AnyColumn;
  /** A sort the query asks for beyond the sort columns (a custom property), read from the workspace. */
  sortBy?: (
    query: Q,
    workspaceId: string,
  ) => Promise<{ column: SQL; kind: SortKind; key: (row: object) => unknown } | undefined>;
  /** The area's own list filters, from the parsed query (some read the workspace's settings first). */
  filters: (query: Q, workspaceId: string) => (SQL | undefined)[] | Promise<(SQL | undefined)[]>;
}

/**
 * The plain store of a record type: list (search, filters, keyset pages), get, create, update,
 * archive/restore, all scoped to the caller's workspace. Areas with more behaviour wrap it.
 */
export function recordStore<T extends RecordTable, Q extends ListOptions>(
  db: Db,
  table: T,
  spec: RecordStoreSpec<Q>,
) {
  type Row = T["$inferSelect"];
  return {
    async list(workspaceId: string, query: Q) {
      const sortedBy = await spec.sortBy?.(query, workspaceId);
      const filters = await spec.filters(query, workspaceId);
      return keysetPage<Row>(
        {
          run: (where, orderBy, limit) =>
            db
              .select()
              .from(table as PgTable)
              .where(where)
              .orderBy(...orderBy)
              .limit(limit) as Promise<Row[]>,
          count: (where) => countRows(db, table, where),
          sortColumn: sortedBy?.column ?? spec.sortColumns[query.sort as Q["sort"]],
          sortKind: sortedBy?.kind,
          idColumn: table.id,
          sortKey: (row) => (sortedBy ? sortedBy.key(row) : (row as Record<string, unknown>)[query.sort]),
          idKey: (row) => (row as { id: string }).id,
        },
        query,
        [
          eq(table.workspaceId, workspaceId),
          archivedCondition(table, query.archived),
          spec.searchColumn ? searchCondition(spec.searchColumn, query.q) : undefined,
          ...filters,
        ],
      );
    },
    get: (workspaceId: string, id: string) => findRecord(db, table, workspaceId, id, spec.noun),
    create: (workspaceId: string, values: object) => insertRecord(db, table, workspaceId, values),
    update: (workspaceId: string, id: string, values: object) =>
      updateRecord(db, table, workspaceId, id, definedOnly(values), spec.noun),
    setArchived: (workspaceId: string, id: string, archived: boolean, actor?: Actor) =>
      setArchived(db, table, workspaceId, id, archived, spec.noun, actor),
  };
}
