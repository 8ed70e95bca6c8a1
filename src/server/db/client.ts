// Opens the database: embedded PGlite (data in LOCKSTEP_DATA_DIR, default ./data) unless
// DATABASE_URL points at PostgreSQL. Both run the same migrations and the same SQL.
import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
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
}

export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  const url = options.url ?? process.env.DATABASE_URL;
  if (url) {
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
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
  const client = await PGlite.create({
    dataDir: dir,
    extensions: { pg_trgm },
    loadDataDir: options.loadDataDir,
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
