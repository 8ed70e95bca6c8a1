// CSV import of accounts, contacts, opportunities, campaigns and touches. The file is streamed:
// rows are parsed, mapped, checked and written in batches (one transaction each), so a file of
// millions of rows never sits in memory. Every refused row is reported with its line number and
// reason; every valid row is kept. The importing process writes a heartbeat while it runs: an import
// whose heartbeat stopped (the process was killed) is reported as interrupted, its committed batches
// kept, and running the same file again finishes it without duplicates.
import type { Readable } from "node:stream";
import { parse } from "csv-parse";
import { and, desc, eq, inArray, lt, sql } from "drizzle-orm";
import {
  type ImportDetails,
  type ImportEntity,
  type NewPropertySpec,
  type OutcomeEffect,
  propertyObjectOf,
} from "../../../shared/imports.js";
import type { Db } from "../../db/client.js";
import { imports } from "../../db/schema/index.js";
import { AppError, fromDatabaseError, notFound } from "../../lib/errors.js";
import { loadEventMapping } from "../../lib/event-mapping.js";
import { newId } from "../../lib/ids.js";
import { toJson } from "../../lib/serialize.js";
import { handOff } from "../handoff/handoff.service.js";
import { moveMqlCrossings, rescoreAccounts, rescoreContacts } from "../scoring/scores.service.js";
import { progressTouchClocks } from "../sla/sla-clocks.service.js";
import {
  createImportProperties,
  forgetGrownOptions,
  type ImportColumns,
  newPropertiesReport,
  resolveColumns,
  saveGrownOptions,
} from "./import-columns.js";
import {
  type Row,
  type RowContext,
  RowError,
  toAccount,
  toCampaign,
  toContact,
  toOpportunity,
  toTouch,
} from "./import-rows.js";
import {
  type BatchResult,
  type Numbered,
  type WriteContext,
  writeAccounts,
  writeCampaigns,
  writeContacts,
  writeOpportunities,
  writeTouches,
} from "./import-writers.js";

interface EntityImporter<T> {
  toValue(row: Row, ctx: RowContext, line: number): T;
  write(db: Db, ctx: WriteContext, batch: Numbered<T>[]): Promise<BatchResult>;
}

const importer = <T>(
  toValue: EntityImporter<T>["toValue"],
  write: EntityImporter<T>["write"],
): EntityImporter<T> => ({
  toValue,
  write,
});

const IMPORTERS: Record<ImportEntity, EntityImporter<never>> = {
  contacts: importer(toContact, writeContacts) as EntityImporter<never>,
  accounts: importer(toAccount, writeAccounts) as EntityImporter<never>,
  opportunities: importer(toOpportunity, writeOpportunities) as EntityImporter<never>,
  campaigns: importer(toCampaign, writeCampaigns) as EntityImporter<never>,
  touches: importer(toTouch, writeTouches) as EntityImporter<never>,
};

const MAX_REPORTED_REJECTIONS = 1000;
/** How often a running import says it is alive. */
export const IMPORT_HEARTBEAT_MS = 5_000;
/**
 * A running import silent for this long is interrupted: well over the heartbeat, so a busy database (a
 * batch waiting for a lock, the embedded engine serving a slow statement) does not end a live import.
 */
export const IMPORT_STALE_AFTER_MS = 60_000;
const PREVIEW_ROWS = 20;

export interface ImportOptions {
  entity: ImportEntity;
  workspaceId: string;
  memberId: string | null;
  dryRun: boolean;
  fileName?: string | null;
  /** Overrides of the automatic mapping: CSV header -> field key or "property.<api_name>", or null to ignore it. */
  mapping?: Record<string, string | null>;
  /** Columns that create a custom property and fill it: CSV header -> its definition (type guessed in dry runs). */
  newProperties?: Record<string, NewPropertySpec>;
  /** Contacts: what finds a stored contact first (email, externalId or property.<api_name>). */
  matchBy?: string;
  /** Contacts: what the outcome column does. */
  outcomeSets?: OutcomeEffect;
  /** False when the one importing may not define properties (team leads and admins may): a 403 if the file would. */
  mayDefineProperties?: boolean;
  /** Who imports, as the audit log names them (properties the file creates); null: the server's operator. */
  actor?: { memberId: string | null; name: string } | null;
  batchSize?: number;
  /**
   * False when the member importing may not give an MQL an owner (only a sales lead or an admin may):
   * rows that would make an owned contact an MQL are then rejected. The CLI (the server's operator) may.
   */
  mayAssignMqls?: boolean;
  onProgress?: (progress: { rows: number; inserted: number; updated: number; rejected: number }) => void;
}

export async function importCsv(db: Db, input: Readable, options: ImportOptions) {
  const { entity, workspaceId } = options;
  const entityImporter = IMPORTERS[entity] as EntityImporter<unknown>;
  const batchSize = options.batchSize ?? 1000;
  const ctx: WriteContext = {
    workspaceId,
    memberId: options.memberId,
    fileName: options.fileName ?? null,
    dryRun: options.dryRun,
    mayAssignMqls: options.mayAssignMqls ?? true,
    outcomeSets: options.outcomeSets ?? "stage",
    accountsByName: true,
  };
  const id = newId();
  let columns: ImportColumns | undefined;
  const details = (): ImportDetails => ({
    matchBy: columns?.matchBy ?? null,
    outcomeSets: ctx.outcomeSets,
    newProperties: columns ? newPropertiesReport(columns.newProperties) : [],
  });
  const totals = { rows: 0, inserted: 0, updated: 0, rejected: 0 };
  const rejectedRows: { line: number; reason: string }[] = [];
  const preview: Record<string, unknown>[] = [];
  const reject = (line: number, reason: string) => {
    totals.rejected++;
    if (rejectedRows.length < MAX_REPORTED_REJECTIONS) rejectedRows.push({ line, reason });
  };
  const rejections: Rejections = {
    count: () => totals.rejected,
    rollBack: (to) => {
      rejectedRows.length = Math.min(rejectedRows.length, to);
      totals.rejected = to;
    },
  };

  const parser = input.pipe(
    parse({
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
      skip_records_with_error: true,
    }),
  );
  // pipe() does not pass errors on: an upload cut off (or over the size limit) must end the import, not
  // leave it waiting for rows forever.
  input.once("error", (error) => parser.destroy(error));
  parser.on("skip", (error: Error & { lines?: number }) =>
    reject(error.lines ?? 0, `not valid CSV: ${error.message}`),
  );

  let headers: string[] | undefined;
  let mapping: Record<string, string | null> = {};
  let batch: Numbered<unknown>[] = [];
  let started = false;
  let heartbeat: (() => void) | undefined;

  // The report's counts are written in each batch's own transaction: after a crash (or a kill) the
  // import's row says exactly which rows were kept, and a re-run of the file matches them up.
  const progress: BatchProgress = {
    save: async (tx, result) => {
      if (columns && !ctx.dryRun) await saveGrownOptions(tx, workspaceId, columns.newProperties);
      await tx
        .update(imports)
        .set({
          rows: totals.rows,
          inserted: totals.inserted + result.inserted,
          updated: totals.updated + result.updated,
          rejected: totals.rejected,
          rejectedRows,
          heartbeatAt: new Date(),
        })
        .where(and(eq(imports.workspaceId, workspaceId), eq(imports.id, id)));
    },
    committed: (result) => {
      if (columns) forgetGrownOptions(columns.newProperties);
      totals.inserted += result.inserted;
      totals.updated += result.updated;
    },
  };

  const flush = async () => {
    if (batch.length === 0) return;
    await writeBatch(db, entityImporter, ctx, batch, reject, progress, rejections);
    batch = [];
    options.onProgress?.({ ...totals });
  };

  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      if (!headers) {
        if (record.some((header) => header.includes("\u0000")))
          throw new AppError(
            400,
            "invalid_input",
            "file: a column name contains the NUL character (\\u0000)",
            [{ path: "file", message: "a column name contains the NUL character" }],
          );
        headers = record;
        columns = await resolveColumns(db, workspaceId, entity, headers, {
          override: options.mapping,
          newProperties: options.newProperties,
          matchBy: options.matchBy,
          outcomeSets: options.outcomeSets,
          dryRun: ctx.dryRun,
          mayDefineProperties: options.mayDefineProperties,
        });
        mapping = columns.mapping;
        ctx.matchOrder = columns.matchOrder;
        if (entity === "touches") columns.rowContext.eventMapping = await loadEventMapping(db, workspaceId);
        const mapped = Object.entries(mapping);
        ctx.columnOf = (field) => mapped.find(([, f]) => f === field)?.[0] ?? field;
        const objectType = propertyObjectOf(entity);
        if (!ctx.dryRun && objectType)
          await createImportProperties(
            db,
            workspaceId,
            objectType,
            options.actor ?? null,
            ctx.fileName,
            columns.newProperties,
          );
        await db.insert(imports).values({
          workspaceId,
          id,
          entity,
          fileName: ctx.fileName,
          dryRun: ctx.dryRun,
          status: "running",
          mapping,
          details: details(),
          memberId: ctx.memberId,
        });
        started = true;
        heartbeat = startHeartbeat(db, workspaceId, id);
        continue;
      }
      totals.rows++;
      if (record.length !== headers.length) {
        reject(info.lines, `has ${record.length} fields, the header has ${headers.length}`);
        continue;
      }
      const row: Row = {};
      headers.forEach((header, i) => {
        const field = headers?.indexOf(header) === i ? mapping[header] : null;
        if (field) row[field] = record[i];
      });
      // PostgreSQL text cannot hold NUL: refused here with the field, not as a failed batch.
      const withNul = Object.keys(row).find((field) => row[field]?.includes("\u0000"));
      if (withNul) {
        reject(info.lines, `${withNul}: contains the NUL character (\\u0000), which cannot be stored`);
        continue;
      }
      try {
        const value = entityImporter.toValue(row, (columns as ImportColumns).rowContext, info.lines);
        if (preview.length < PREVIEW_ROWS) preview.push(previewRow(entity, info.lines, value));
        batch.push({ line: info.lines, value });
      } catch (error) {
        if (!(error instanceof RowError)) throw error;
        reject(info.lines, error.message);
      }
      if (batch.length >= batchSize) await flush();
    }
    if (!headers)
      throw new AppError(400, "invalid_input", "file: is empty (expected a header row and records)", [
        { path: "file", message: "is empty" },
      ]);
    await flush();
  } catch (error) {
    heartbeat?.();
    if (started) {
      await db
        .update(imports)
        .set({ status: "failed", ...totals, rejectedRows, details: details(), finishedAt: new Date() })
        .where(and(eq(imports.workspaceId, workspaceId), eq(imports.id, id)));
    }
    throw error;
  }
  heartbeat?.();
  if (!ctx.dryRun && totals.inserted + totals.updated > 0) await refreshStatistics(db, entity);
  const [row] = await db
    .update(imports)
    .set({
      status: "completed",
      ...totals,
      rejectedRows,
      preview: jsonSafe(preview),
      details: details(),
      finishedAt: new Date(),
    })
    .where(and(eq(imports.workspaceId, workspaceId), eq(imports.id, id)))
    .returning();
  // jsonb reorders keys; report the mapping in the file's column order.
  return { ...toJson(row), mapping };
}

/** A preview row: the values as they would be stored, custom property values as "property.<api_name>". */
function previewRow(entity: ImportEntity, line: number, value: unknown): Record<string, unknown> {
  if (!propertyObjectOf(entity)) return { line, ...(value as object) };
  const { properties = {}, ...rest } = value as { properties?: Record<string, unknown> };
  const row: Record<string, unknown> = { line, ...rest };
  for (const [apiName, v] of Object.entries(properties)) row[`property.${apiName}`] = v;
  return row;
}

/** The tables an import of each record type writes to, besides the audit of the import itself. */
const TOUCHED_TABLES: Record<ImportEntity, string[]> = {
  contacts: [
    "contacts",
    "accounts",
    "lifecycle_stage_changes",
    "contact_scores",
    "account_scores",
    "opportunities",
    "opportunity_contacts",
  ],
  accounts: ["accounts", "account_scores"],
  opportunities: [
    "opportunities",
    "accounts",
    "opportunity_contacts",
    "contacts",
    "lifecycle_stage_changes",
    "contact_scores",
  ],
  campaigns: ["campaigns"],
  touches: [
    "touches",
    "contacts",
    "accounts",
    "lifecycle_stage_changes",
    "contact_scores",
    "account_scores",
    "sla_clocks",
  ],
};

/**
 * ANALYZE of the tables the import wrote, so the planner knows their new sizes: without it (PGlite has no
 * autovacuum; on PostgreSQL it comes minutes later) a query right after a large import can be planned
 * for empty tables, e.g. a nested loop over 135,000 touches. ANALYZE reads a sample, so it takes about a
 * second even on millions of rows. A failure here never fails the import: the rows are in.
 */
export async function refreshStatistics(db: Db, entity: ImportEntity) {
  try {
    await db.execute(sql.raw(`analyze ${TOUCHED_TABLES[entity].join(", ")}`));
  } catch (error) {
    console.warn(`Statistics were not refreshed after the import: ${(error as Error).message}`);
  }
}

/**
 * Writes the import's heartbeat every IMPORT_HEARTBEAT_MS until the returned function is called. A beat
 * also takes back an import marked interrupted while this process was alive but silent (a long pause).
 */
function startHeartbeat(db: Db, workspaceId: string, id: string) {
  let beating: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    beating = beating.then(() =>
      db
        .update(imports)
        .set({ heartbeatAt: new Date(), status: "running", finishedAt: null })
        .where(
          and(
            eq(imports.workspaceId, workspaceId),
            eq(imports.id, id),
            inArray(imports.status, ["running", "interrupted"]),
          ),
        )
        .catch(() => undefined),
    );
  }, IMPORT_HEARTBEAT_MS);
  // The heartbeat never keeps a finished CLI run alive.
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Running imports whose heartbeat stopped more than `staleAfterMs` ago become interrupted: their
 * process is gone. What they committed (whole batches, with their counts) is kept and reported.
 */
export async function markInterruptedImports(
  db: Db,
  workspaceId: string,
  staleAfterMs = IMPORT_STALE_AFTER_MS,
) {
  await db
    .update(imports)
    .set({ status: "interrupted", finishedAt: sql`${imports.heartbeatAt}` })
    .where(
      and(
        eq(imports.workspaceId, workspaceId),
        eq(imports.status, "running"),
        lt(imports.heartbeatAt, new Date(Date.now() - staleAfterMs)),
      ),
    );
}

/** The rejection count and list, rolled back to an earlier count when a batch's transaction fails. */
interface Rejections {
  count(): number;
  rollBack(to: number): void;
}

interface BatchProgress {
  /** Records the import's counts including `result`, inside the batch's transaction. */
  save(tx: Db, result: BatchResult): Promise<void>;
  /** The batch's transaction committed. */
  committed(result: BatchResult): void;
}

/**
 * One batch in one transaction (with the import's counts). If the database refuses the batch (a row
 * clashing with a record the checks could not foresee), each row is retried alone so the good ones
 * are still kept.
 */
async function writeBatch(
  db: Db,
  entityImporter: EntityImporter<unknown>,
  ctx: WriteContext,
  batch: Numbered<unknown>[],
  reject: (line: number, reason: string) => void,
  progress: BatchProgress,
  rejections: Rejections,
): Promise<BatchResult> {
  const rejectedBefore = rejections.count();
  try {
    const written = await db.transaction(async (tx) => {
      const t = tx;
      const result = await entityImporter.write(t, ctx, batch);
      for (const refused of result.rejected ?? []) reject(refused.line, refused.reason);
      // Live scores move with the batch, in its transaction: no nightly rescore.
      // Contacts the new scores make MQLs are moved and handed off like any other crossing (routed):
      // it is the score that qualified them, not the file.
      if (!ctx.dryRun && result.touched) {
        const at = new Date();
        const crossings = await rescoreContacts(t, ctx.workspaceId, result.touched.contactIds ?? [], at);
        await progressTouchClocks(t, ctx.workspaceId, result.touched.contactIds ?? []);
        crossings.push(...(await rescoreAccounts(t, ctx.workspaceId, result.touched.accountIds ?? [], at)));
        const moved = await moveMqlCrossings(t, ctx.workspaceId, crossings, at);
        await handOff(t, ctx.workspaceId, moved, at);
      }
      await progress.save(t, result);
      return result;
    });
    progress.committed(written);
    return written;
  } catch (error) {
    // Rows the writer refused are reported again when the batch is retried row by row.
    rejections.rollBack(rejectedBefore);
    if (!fromDatabaseError(error) || batch.length === 1) {
      const known = fromDatabaseError(error);
      if (!known) throw error;
      reject(batch[0].line, known.message);
      return { inserted: 0, updated: 0 };
    }
    const total = { inserted: 0, updated: 0 };
    for (const row of batch) {
      const result = await writeBatch(db, entityImporter, ctx, [row], reject, progress, rejections);
      total.inserted += result.inserted;
      total.updated += result.updated;
    }
    return total;
  }
}

const jsonSafe = (rows: Record<string, unknown>[]) =>
  JSON.parse(JSON.stringify(rows)) as Record<string, unknown>[];

export async function getImport(db: Db, workspaceId: string, id: string) {
  await markInterruptedImports(db, workspaceId);
  const [row] = await db
    .select()
    .from(imports)
    .where(and(eq(imports.workspaceId, workspaceId), eq(imports.id, id)));
  if (!row) throw notFound("Import");
  return toJson(row);
}

export async function listImports(db: Db, workspaceId: string) {
  await markInterruptedImports(db, workspaceId);
  const rows = await db
    .select()
    .from(imports)
    .where(eq(imports.workspaceId, workspaceId))
    .orderBy(desc(imports.createdAt))
    .limit(50);
  return { items: rows.map((r) => toJson({ ...r, rejectedRows: r.rejectedRows.slice(0, 20), preview: [] })) };
}
