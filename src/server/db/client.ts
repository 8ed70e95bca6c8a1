// Opens the database: embedded PGlite (data in LOCKSTEP_DATA_DIR, default ./data) unless
// DATABASE_URL points at PostgreSQL. Both run the same migrations and the same SQL. With a statement
// timeout (the server), no statement runs longer than it on either engine: PostgreSQL cancels it, and
// PGlite runs in a thread of its own that is ended and reopened when a statement overstays.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import type { SQL } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgDialect, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import * as schema from "./schema/index.js";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  engine: "pglite" | "postgres";
  /** Applies every pending migration in src/server/db/migrations. */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** The embedded instance, when running on PGlite (tests snapshot it). */
  pglite?: PGlite;
}

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

export function dataDirectory(): string {
  return path.resolve(process.env.LOCKSTEP_DATA_DIR ?? "data");
}

export interface OpenOptions {
  /** postgres://... ; defaults to DATABASE_URL. */
  url?: string;
  /** PGlite data directory; defaults to LOCKSTEP_DATA_DIR/pglite. "memory" keeps it in memory. */
  dataDir?: string;
  /** A PGlite data directory tarball to start from (tests load a migrated snapshot). */
  loadDataDir?: Blob;
  poolSize?: number;
  /**
   * Longest a statement may run (ms); unset: no limit (the CLI's migrate, seed and import). The server
   * sets it (LOCKSTEP_STATEMENT_TIMEOUT_MS): one slow query can then never hold it up for longer. A
   * statement stopped by it fails with PostgreSQL's query_canceled (57014) on both engines.
   */
  statementTimeoutMs?: number;
  /** A PGlite data directory tarball file to start from (as loadDataDir, read by the database thread). */
  loadDataDirFile?: string;
}

/** Default statement timeout of the server: far above any request's queries, far below "frozen". */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;

/** LOCKSTEP_STATEMENT_TIMEOUT_MS as a number of milliseconds; "0" or "off" turns the limit off. */
export function statementTimeoutFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const text = env.LOCKSTEP_STATEMENT_TIMEOUT_MS?.trim().toLowerCase();
  if (!text) return DEFAULT_STATEMENT_TIMEOUT_MS;
  if (text === "0" || text === "off" || text === "false") return undefined;
  const ms = Number(text);
  return Number.isInteger(ms) && ms > 0 ? ms : DEFAULT_STATEMENT_TIMEOUT_MS;
}

export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  const url = options.url ?? process.env.DATABASE_URL;
  if (url) {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    });
    // An idle connection closed by the server (restart, dropped test database) must not crash the
    // process; the pool replaces it on the next query.
    pool.on("error", (error: Error & { code?: string }) => {
      if (error.code !== "57P01") console.error("PostgreSQL connection error:", error.message);
    });
    // Numeric and bigint come back as numbers: amounts fit a double comfortably.
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    return {
      db,
      engine: "postgres",
      migrate: () => migratePg(db as never, { migrationsFolder }),
      close: () => pool.end(),
    };
  }
  let dir: string | undefined;
  if (options.dataDir !== "memory") {
    dir = options.dataDir ?? path.join(dataDirectory(), "pglite");
    mkdirSync(dir, { recursive: true });
  }
  if (options.statementTimeoutMs) {
    const thread = new PgliteThread(dir, options.loadDataDirFile, options.statementTimeoutMs);
    await thread.ready;
    const db = drizzlePglite({ client: thread as unknown as PGlite, schema }) as unknown as Db;
    return {
      db,
      engine: "pglite",
      migrate: () => migratePglite(db as never, { migrationsFolder }),
      close: () => thread.close(),
    };
  }
  const client = await PGlite.create({
    dataDir: dir,
    extensions: { pg_trgm },
    loadDataDir:
      options.loadDataDir ??
      (options.loadDataDirFile ? new Blob([readFileSync(options.loadDataDirFile)]) : undefined),
  });
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    engine: "pglite",
    pglite: client,
    migrate: () => migratePglite(db as never, { migrationsFolder }),
    close: () => client.close(),
  };
}

/** Runs raw SQL and returns its rows, the same on PGlite and node-postgres. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * Runs a statement as a named prepared statement: on PostgreSQL each connection parses and plans it
 * once instead of on every call (PGlite runs it as usual). A name always goes with the same SQL text;
 * without one it is derived from the text; hot paths whose SQL text is stable (arrays as one parameter) gain
 * most, as planning can cost more than running.
 */
export async function queryPrepared<T>(db: Db, name: string | null, query: SQL): Promise<T[]> {
  const { dialect } = db as unknown as { dialect: PgDialect };
  const built = dialect.sqlToQuery(query);
  const statement = name ?? `q_${createHash("sha1").update(built.sql).digest("hex").slice(0, 20)}`;
  const prepared = db._.session.prepareQuery(built, undefined, statement, false);
  return ((await prepared.execute()) as { rows: T[] }).rows;
}

/** The error a statement stopped by the timeout fails with: PostgreSQL's own code, on both engines. */
export class StatementTimeoutError extends Error {
  readonly code = "57014";
  constructor(readonly timeoutMs: number) {
    super(`canceling statement due to statement timeout (${timeoutMs} ms)`);
    this.name = "StatementTimeoutError";
  }
}

interface PendingStatement {
  resolve(result: unknown): void;
  reject(error: Error): void;
  timer?: NodeJS.Timeout;
}

/**
 * PGlite in a worker thread (pglite-worker.mjs), speaking the part of PGlite's interface Drizzle uses:
 * query() and transaction(). Statements run one at a time, as in PGlite itself; one that runs past the
 * timeout is stopped by ending the thread (PGlite cannot be interrupted), which fails it and any open
 * transaction, and the database is reopened from its data directory as after a crash (whole
 * transactions only). An in-memory database starts over from its snapshot.
 */
class PgliteThread {
  ready!: Promise<void>;
  private worker!: Worker;
  private pending = new Map<number, PendingStatement>();
  private nextId = 0;
  /** Counts restarts: a transaction begun before one cannot go on after it. */
  private generation = 0;
  private lock: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly dataDir: string | undefined,
    private loadDataDirFile: string | undefined,
    private readonly timeoutMs: number,
  ) {
    this.start();
  }

  private start() {
    const worker = new Worker(new URL("./pglite-worker.mjs", import.meta.url), {
      workerData: { dataDir: this.dataDir, loadDataDirFile: this.loadDataDirFile },
    });
    // A data directory holds the snapshot after the first start; only memory needs it every time.
    if (this.dataDir) this.loadDataDirFile = undefined;
    this.worker = worker;
    this.ready = new Promise<void>((resolve, reject) => {
      worker.on(
        "message",
        (message: { ready?: boolean; id: number; result?: unknown; error?: PgErrorData }) => {
          if (message.ready) return resolve();
          const statement = this.pending.get(message.id);
          if (!statement) return;
          this.pending.delete(message.id);
          clearTimeout(statement.timer);
          if (message.error) statement.reject(Object.assign(new Error(message.error.message), message.error));
          else statement.resolve(message.result);
        },
      );
      worker.once("error", (error) => {
        reject(error);
        this.failPending(error);
      });
    });
    // A failed start is reported by the statements waiting for it.
    this.ready.catch(() => undefined);
  }

  private failPending(error: Error) {
    for (const statement of this.pending.values()) {
      clearTimeout(statement.timer);
      statement.reject(error);
    }
    this.pending.clear();
  }

  /** Ends the thread in the middle of a statement and opens the database again. */
  private restart(error: Error) {
    this.generation++;
    void this.worker.terminate();
    this.failPending(error);
    if (!this.closed) this.start();
  }

  private async send(message: Record<string, unknown>, generation: number, timeoutMs = this.timeoutMs) {
    await this.ready;
    if (generation !== this.generation)
      throw new Error("the embedded database was restarted: this transaction was rolled back");
    const id = this.nextId++;
    return new Promise<unknown>((resolve, reject) => {
      const statement: PendingStatement = { resolve, reject };
      statement.timer = setTimeout(() => this.restart(new StatementTimeoutError(timeoutMs)), timeoutMs);
      this.pending.set(id, statement);
      this.worker.postMessage({ ...message, id });
    });
  }

  /** One holder at a time: a statement, or a whole transaction. */
  private exclusive<T>(run: () => Promise<T>): Promise<T> {
    const result = this.lock.then(run);
    this.lock = result.catch(() => undefined);
    return result;
  }

  private statement(generation: number) {
    return (sql: string, params?: unknown[], options?: { rowMode?: string; parsers?: object }) =>
      this.send(
        {
          kind: "query",
          sql,
          params: params ?? [],
          rowMode: options?.rowMode,
          textTypes: Object.keys(options?.parsers ?? {}).map(Number),
        },
        generation,
      );
  }

  query(sql: string, params?: unknown[], options?: { rowMode?: string; parsers?: object }) {
    return this.exclusive(() => this.statement(this.generation)(sql, params, options));
  }

  transaction<T>(run: (tx: { query: PgliteThread["query"] }) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      const generation = this.generation;
      const query = this.statement(generation);
      await query("begin");
      try {
        const result = await run({ query });
        await query("commit");
        return result;
      } catch (error) {
        if (generation === this.generation) await query("rollback").catch(() => undefined);
        throw error;
      }
    });
  }

  /**
   * Closes the database cleanly when it is idle within `graceMs`; otherwise ends the thread in the middle
   * of its statement (a stop must not wait for a slow query: the data directory recovers as after a crash).
   */
  async close(graceMs = 2_000) {
    if (this.closed) return;
    this.closed = true;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([
      this.exclusive(() => this.send({ kind: "close" }, this.generation)).catch(() => undefined),
      late,
    ]);
    clearTimeout(timer);
    await this.worker.terminate();
  }
}

interface PgErrorData {
  message: string;
  code?: string;
}
