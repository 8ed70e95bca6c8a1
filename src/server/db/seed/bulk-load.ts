// Bulk-load mode for the seed: while an empty table is filled, its secondary indexes, unique constraints and
// outgoing foreign keys are dropped, then rebuilt from their own catalog definitions at the end. A sorted
// index build and one set-based foreign-key validation are many times cheaper than maintaining eight
// indexes and four foreign-key checks per row (on PGlite the per-row path costs ~10x the insert itself).
// Everything runs in the caller's transaction, so a failure restores the schema exactly as it was.
import { sql } from "drizzle-orm";
import type { Db } from "../client.js";
import { queryRows } from "../client.js";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

interface SuspendedIndex {
  table: string;
  name: string;
  /** CREATE INDEX ... for a plain index; null when the index backs a constraint. */
  indexDef: string | null;
  /** PRIMARY KEY (...) / UNIQUE (...) / EXCLUDE ... for a constraint-backed index. */
  constraintDef: string | null;
}

interface SuspendedForeignKey {
  table: string;
  name: string;
  def: string;
}

const SORT_MEMORY_KB = 512 * 1024;

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/**
 * Suspends what can be rebuilt later on those `tables` that hold no rows yet, and returns the function that
 * rebuilds it. Any index a foreign key depends on stays (contacts' primary key, say); unreferenced primary
 * keys go too, since random UUIDs make their per-row maintenance the costliest of all at large scale. Tables that already hold rows are left alone: rebuilding their indexes would cost more
 * than it saves, and other workspaces' sessions would wait on the rebuild.
 */
export async function suspendIndexesAndForeignKeys(
  tx: Tx,
  tables: readonly string[],
): Promise<(onProgress?: (done: number, total: number) => void) => Promise<void>> {
  const empty: string[] = [];
  for (const table of tables) {
    const rows = await queryRows<{ has_rows: boolean }>(
      tx,
      sql.raw(`SELECT EXISTS (SELECT 1 FROM ${quote(table)}) AS has_rows`),
    );
    if (!rows[0]?.has_rows) empty.push(table);
  }
  if (empty.length === 0) return async (onProgress) => onProgress?.(0, 0);

  const tableList = sql.join(
    empty.map((t) => sql`${t}`),
    sql`, `,
  );
  const foreignKeys = await queryRows<SuspendedForeignKey>(
    tx,
    sql`SELECT r.relname AS "table", c.conname AS name, pg_get_constraintdef(c.oid) AS def
        FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid
        WHERE c.contype = 'f' AND pg_table_is_visible(r.oid) AND r.relname IN (${tableList})
        ORDER BY r.relname, c.conname`,
  );
  const indexes = await queryRows<SuspendedIndex>(
    tx,
    sql`SELECT r.relname AS "table", ix.relname AS name,
          CASE WHEN con.oid IS NULL THEN pg_get_indexdef(i.indexrelid) END AS "indexDef",
          CASE WHEN con.oid IS NOT NULL THEN pg_get_constraintdef(con.oid) END AS "constraintDef"
        FROM pg_index i
        JOIN pg_class r ON r.oid = i.indrelid
        JOIN pg_class ix ON ix.oid = i.indexrelid
        LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = r.oid AND con.contype IN ('p', 'u', 'x')
        WHERE pg_table_is_visible(r.oid) AND r.relname IN (${tableList})
          AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = i.indexrelid)
        ORDER BY r.relname, ix.relname`,
  );

  for (const fk of foreignKeys) {
    await tx.execute(sql.raw(`ALTER TABLE ${quote(fk.table)} DROP CONSTRAINT ${quote(fk.name)}`));
  }
  for (const index of indexes) {
    await tx.execute(
      sql.raw(
        index.constraintDef
          ? `ALTER TABLE ${quote(index.table)} DROP CONSTRAINT ${quote(index.name)}`
          : `DROP INDEX ${quote(index.name)}`,
      ),
    );
  }

  return async (onProgress) => {
    // Sorts that fit in memory build several times faster; only ever raised, and only for this transaction.
    await tx.execute(
      sql.raw(`SELECT set_config('maintenance_work_mem', '${SORT_MEMORY_KB}kB', true)
               FROM pg_settings WHERE name = 'maintenance_work_mem' AND setting::bigint < ${SORT_MEMORY_KB}`),
    );
    const total = indexes.length + foreignKeys.length;
    let done = 0;
    onProgress?.(done, total);
    for (const index of indexes) {
      await tx.execute(
        sql.raw(
          index.constraintDef
            ? `ALTER TABLE ${quote(index.table)} ADD CONSTRAINT ${quote(index.name)} ${index.constraintDef}`
            : index.indexDef!,
        ),
      );
      onProgress?.(++done, total);
    }
    // Validated in one join per key: a generator bug surfaces here as a foreign-key error, not bad data.
    for (const fk of foreignKeys) {
      await tx.execute(sql.raw(`ALTER TABLE ${quote(fk.table)} ADD CONSTRAINT ${quote(fk.name)} ${fk.def}`));
      onProgress?.(++done, total);
    }
  };
}
