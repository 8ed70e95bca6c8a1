// What every workload shares: the run's settings, a cleanup stack that also runs on Ctrl-C (temp
// directories, child processes, PostgreSQL databases), child-process helpers and free ports.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import pg from "pg";
import { type Db, queryRows } from "../src/server/db/client.js";
import type { Caller } from "../src/server/lib/access.js";
import type { ResultRow } from "./report.js";

export type Engine = "pglite" | "postgres";
export type Scale = "small" | "medium" | "large";

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const cliEntry = path.join(projectRoot, "bin/lockstep.js");

/** Contacts per scale (src/server/db/seed SCALES: small 10k, medium 100k, large 1M). */
export const SCALE_CONTACTS: Record<Scale, number> = { small: 10_000, medium: 100_000, large: 1_000_000 };

export interface BenchContext {
  engine: Engine;
  scale: Scale;
  /** Server-level URL used to create and drop the run's databases (postgres engine). */
  adminUrl: string;
  /** B6 measurement length and connections. */
  durationSeconds: number;
  connections: number;
  /** B2: measure both sides this many times on fresh databases and keep the best time of each phase. */
  repeat: number;
  /** B7: restarts to time; the median counts. */
  restarts: number;
  /** Undone after each workload (its directories, processes, databases). */
  cleanup: Cleanup;
  /** Undone when the run ends: what workloads share (the run's seeded data). */
  runCleanup: Cleanup;
}

export type Workload = (ctx: BenchContext) => Promise<ResultRow[]>;

/** Last-in-first-out cleanup; every step runs even when an earlier one fails. */
export class Cleanup {
  private steps: { label: string; run: () => unknown }[] = [];

  add(label: string, run: () => unknown): () => Promise<void> {
    const step = { label, run };
    this.steps.push(step);
    // Calling the returned function runs the step now (once) and forgets it.
    return async () => {
      const index = this.steps.indexOf(step);
      if (index === -1) return;
      this.steps.splice(index, 1);
      await step.run();
    };
  }

  async runAll() {
    while (this.steps.length > 0) {
      const step = this.steps.pop()!;
      try {
        await step.run();
      } catch (error) {
        console.error(`  cleanup (${step.label}) failed: ${(error as Error).message}`);
      }
    }
  }
}

export function log(message: string) {
  const time = new Date().toISOString().slice(11, 19);
  console.log(`[${time}] ${message}`);
}

export function tempDir(ctx: BenchContext, prefix: string) {
  const dir = mkdtempSync(path.join(tmpdir(), `lockstep-bench-${prefix}-`));
  const remove = ctx.cleanup.add(`remove ${dir}`, () => rmSync(dir, { recursive: true, force: true }));
  return { dir, remove };
}

/** Runs server-level statements (CREATE / DROP DATABASE) over one connection to the admin URL. */
async function adminQueries(ctx: BenchContext, ...statements: string[]) {
  const admin = new pg.Client({ connectionString: ctx.adminUrl });
  await admin.connect();
  try {
    for (const statement of statements) await admin.query(statement);
  } finally {
    await admin.end();
  }
}

const dropDatabase = (name: string) => `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`;

/** A fresh, empty PostgreSQL database, dropped (even with open connections) by the cleanup. */
export async function createDatabase(ctx: BenchContext, purpose: string) {
  const name = `lockstep_bench_${purpose}_${process.pid}_${Date.now().toString(36)}`;
  await adminQueries(ctx, `CREATE DATABASE "${name}"`);
  const url = new URL(ctx.adminUrl);
  url.pathname = `/${name}`;
  const drop = ctx.cleanup.add(`drop database ${name}`, () => adminQueries(ctx, dropDatabase(name)));
  return { name, url: url.toString(), drop };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

export interface Child {
  process: ChildProcess;
  pid: number;
  output: () => string;
  /** When (ms after spawn) the first line containing `text` was printed. */
  printedAt: (text: string) => number | undefined;
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  stop: (graceMs?: number) => Promise<void>;
}

/**
 * Spawns a node process with its output prefixed into ours (and kept, for error messages). The
 * cleanup stack kills it if the run fails or is interrupted.
 */
export function spawnNode(
  ctx: BenchContext,
  label: string,
  args: string[],
  env: Record<string, string | undefined>,
  options: { echo?: boolean } = {},
): Child {
  const child = spawn(process.execPath, args, {
    cwd: projectRoot,
    env: { ...process.env, NODE_ENV: undefined, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const spawnedAt = performance.now();
  const lines: { ms: number; line: string }[] = [];
  const echo = options.echo ?? true;
  const onData = (chunk: Buffer) => {
    const text = chunk.toString();
    output = (output + text).slice(-20_000);
    const ms = performance.now() - spawnedAt;
    for (const line of text.split(/\r|\n/)) if (line.trim() && lines.length < 1000) lines.push({ ms, line });
    if (!echo) return;
    for (const line of text.split(/\r|\n/)) {
      // Progress bars redraw with \r; keep only lines with something in them.
      if (line.trim() && !line.startsWith("@@")) console.log(`    [${label}] ${line.trimEnd()}`);
    }
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    child.once("exit", (code) => resolve(code));
  });
  const stop = async (graceMs = 10_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  };
  const forget = ctx.cleanup.add(`stop ${label} (pid ${child.pid})`, () => stop(3_000));
  return {
    process: child,
    pid: child.pid ?? -1,
    output: () => output,
    printedAt: (text) => lines.find((l) => l.line.includes(text))?.ms,
    exited,
    stop: async (graceMs) => {
      await stop(graceMs);
      await forget();
    },
  };
}

/** Polls a URL until it answers `status`; fails early if the process exits. */
export async function waitForHttp(
  url: string,
  child: Child,
  options: { status?: number; timeoutMs?: number; intervalMs?: number } = {},
) {
  const { status = 200, timeoutMs = 120_000, intervalMs = 50 } = options;
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void child.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) throw new Error(`process exited before ${url} answered:\n${child.output().slice(-3000)}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status === status) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(
    `${url} did not answer ${status} within ${timeoutMs / 1000} s:\n${child.output().slice(-3000)}`,
  );
}

/** Runs a node script to completion; rejects with its output when it fails. */
export async function runNode(
  ctx: BenchContext,
  label: string,
  args: string[],
  env: Record<string, string | undefined>,
) {
  const child = spawnNode(ctx, label, args, env);
  const code = await child.exited;
  await child.stop();
  if (code !== 0) throw new Error(`${label} exited with ${code}:\n${child.output().slice(-3000)}`);
  return child.output();
}

/** The run's seeded data, kept after the first seed: its data directory and (PostgreSQL) a template database. */
let seeded: { dir: string; template?: string } | null = null;

/**
 * `lockstep seed --scale <scale> --seed 42` into a workload's data directory (and database): the first call of
 * a run seeds and keeps a copy (a template database on PostgreSQL); the next ones clone it, so a run over
 * several workloads seeds each scale once (a large seed takes many minutes). The clone is the same data.
 */
export async function seedDemoData(
  ctx: BenchContext,
  env: { LOCKSTEP_DATA_DIR: string; DATABASE_URL?: string },
  target?: { name: string },
) {
  if (seeded) {
    cpSync(seeded.dir, env.LOCKSTEP_DATA_DIR, { recursive: true });
    if (target && seeded.template)
      await adminQueries(
        ctx,
        dropDatabase(target.name),
        `CREATE DATABASE "${target.name}" TEMPLATE "${seeded.template}"`,
      );
    log("  the run's seeded data, cloned");
    return;
  }
  const started = performance.now();
  await runNode(ctx, "seed", [cliEntry, "seed", "--scale", ctx.scale, "--seed", "42"], env);
  log(`  seeded in ${fmt.s(performance.now() - started)}`);
  const dir = mkdtempSync(path.join(tmpdir(), "lockstep-bench-seeded-"));
  ctx.runCleanup.add(`remove ${dir}`, () => rmSync(dir, { recursive: true, force: true }));
  cpSync(env.LOCKSTEP_DATA_DIR, dir, { recursive: true });
  let template: string | undefined;
  if (target) {
    const name = `${target.name}_template`;
    template = name;
    await adminQueries(ctx, `CREATE DATABASE "${name}" TEMPLATE "${target.name}"`);
    ctx.runCleanup.add(`drop database ${name}`, () => adminQueries(ctx, dropDatabase(name)));
  }
  seeded = { dir, template };
}

/** Resident set size of a process in MB, from /proc (Linux). */
export function rssOfPid(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(status);
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

export const loadAverage = () => loadavg()[0];

/** Samples this process's RSS every 100 ms; `stop()` returns the peak in MB. */
export function sampleRss() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  return {
    stop: () => {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      return peak / 1024 / 1024;
    },
  };
}

export const fmt = {
  int: (n: number) => Math.round(n).toLocaleString("en-US"),
  s: (ms: number) => `${(ms / 1000).toFixed(2)} s`,
  ms: (ms: number) => `${ms.toFixed(1)} ms`,
  mb: (mb: number) => `${Math.round(mb)} MB`,
  ratio: (r: number) => `${r.toFixed(2)}x`,
};

/**
 * COPY ... FROM STDIN over node-postgres without pg-copy-streams: a minimal "submittable" query
 * that answers the server's CopyInResponse by streaming the file as CopyData messages.
 */
export function copyFromStdin(client: pg.Client, text: string, source: Readable): Promise<void> {
  return new Promise((resolve, reject) => {
    let failed = false;
    type Connection = {
      query(text: string): void;
      sendCopyFromChunk(chunk: Buffer): void;
      endCopyFrom(): void;
      sendCopyFail(message: string): void;
      stream: NodeJS.WritableStream & { writableNeedDrain?: boolean };
    };
    const submittable = {
      submit(connection: Connection) {
        connection.query(text);
      },
      handleCopyInResponse(connection: Connection) {
        void (async () => {
          try {
            for await (const chunk of source) {
              if (failed) return;
              connection.sendCopyFromChunk(chunk as Buffer);
              if (connection.stream.writableNeedDrain) await once(connection.stream, "drain");
            }
            connection.endCopyFrom();
          } catch (error) {
            connection.sendCopyFail(String(error));
          }
        })();
      },
      handleCommandComplete() {},
      handleReadyForQuery() {
        resolve();
      },
      handleError(error: Error) {
        failed = true;
        source.destroy();
        reject(error);
      },
      handleRowDescription() {},
      handleDataRow() {},
      handleEmptyQuery() {},
      handlePortalSuspended() {},
      handleCopyData() {},
    };
    client.query(submittable as unknown as pg.QueryConfig);
  });
}

const CLOCK_TICKS = 100;

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); null when gone. */
export function cpuSecondsOfPid(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces) start after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/**
 * CPU seconds used so far by the local PostgreSQL server's backends serving `database` (their
 * command line names it; the server's shared background processes are not counted).
 */
export function cpuSecondsOfPostgres(database: string): number {
  let total = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").trim() !== "postgres") continue;
      const command = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (!command.split(" ").includes(database)) continue;
    } catch {
      continue;
    }
    total += cpuSecondsOfPid(Number(entry)) ?? 0;
  }
  return total;
}

/**
 * The seeded demo workspace, its scoring model and a marketing lead acting as the caller (what B3 and B8
 * run their service calls as).
 */
export async function seededModel(db: Db) {
  const [workspace] = await queryRows<{ id: string; model_id: string; lead_id: string }>(
    db,
    sql`select w.id, m.id as model_id,
          (select id from members where workspace_id = w.id and role = 'lead' and team = 'marketing' limit 1) as lead_id
        from workspaces w join scoring_models m on m.workspace_id = w.id limit 1`,
  );
  if (!workspace) throw new Error("the seeded workspace has no scoring model");
  const caller: Caller = {
    userId: "bench",
    name: "Bench",
    email: "bench@lockstep.dev",
    workspaceId: workspace.id,
    memberId: workspace.lead_id,
    team: "marketing",
    role: "lead",
  };
  return { workspaceId: workspace.id, modelId: workspace.model_id, caller };
}
