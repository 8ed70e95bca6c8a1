// `npm run bench -- --engine pglite|postgres --scale small|medium|large [--only B2,B6,B7]`: runs the
// selected workloads, each against a baseline measured in the same run on the same engine, prints
// the table and merges it into docs/benchmarks.md.
import { execFileSync } from "node:child_process";
import { cpus } from "node:os";
import path from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import pg from "pg";
import { runB1 } from "./b1-ingest.js";
import { runB2 } from "./b2-import.js";
import { runB3 } from "./b3-rescore.js";
import { runB4 } from "./b4-handoff.js";
import { runB5Attribution } from "./b5-attribution.js";
import { runB5Funnel } from "./b5-funnel.js";
import { runB5Goals } from "./b5-goals.js";
import { runB6 } from "./b6-read.js";
import { runB7 } from "./b7-start.js";
import { runB8 } from "./b8-calibration.js";
import { runB9 } from "./b9-account-rescore.js";
import { printTable, type ResultRow, writeReport } from "./report.js";
import {
  type BenchContext,
  Cleanup,
  type Engine,
  loadAverage,
  log,
  projectRoot,
  type Scale,
  type Workload,
} from "./support.js";

const WORKLOADS: Record<string, Workload> = {
  B1: runB1,
  B2: runB2,
  B3: runB3,
  B4: runB4,
  B5: runB5Attribution,
  B5F: runB5Funnel,
  B5G: runB5Goals,
  B6: runB6,
  B7: runB7,
  B8: runB8,
  B9: runB9,
};

const parseOnly = (value: string) => {
  const ids = value
    .split(",")
    .map((v) => v.trim().toUpperCase())
    .filter(Boolean);
  const unknown = ids.filter((id) => !(id in WORKLOADS));
  if (unknown.length > 0)
    throw new InvalidArgumentError(
      `unknown workload ${unknown.join(", ")}; use ${Object.keys(WORKLOADS).join(", ")}`,
    );
  return ids;
};

const positive = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("must be a positive number");
  return n;
};

function gitDescription() {
  try {
    const sha = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: projectRoot }).toString().trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "src"], { cwd: projectRoot })
      .toString()
      .trim();
    return `commit ${sha}${dirty ? " + uncommitted src changes" : ""}`;
  } catch {
    return "commit unknown";
  }
}

async function waitForQuietMachine(maxLoad: number | undefined) {
  const load = loadAverage();
  if (maxLoad === undefined) {
    if (load > 2)
      log(`  note: 1-min load average is ${load.toFixed(1)} on ${cpus().length} CPUs; figures will be noisy`);
    return;
  }
  const deadline = Date.now() + 10 * 60_000;
  for (let i = 0; loadAverage() > maxLoad && Date.now() < deadline; i++) {
    if (i % 4 === 0)
      log(`  waiting for the 1-min load average (${loadAverage().toFixed(1)}) to drop below ${maxLoad}...`);
    await new Promise((r) => setTimeout(r, 15_000));
  }
  if (loadAverage() > maxLoad)
    log(`  load average still ${loadAverage().toFixed(1)} after 10 min; measuring anyway`);
}

async function checkPostgres(url: string) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    const { rows } = await client.query("show server_version");
    return rows[0].server_version as string;
  } finally {
    await client.end().catch(() => {});
  }
}

const program = new Command()
  .name("npm run bench --")
  .description("Lockstep benchmarks (BENCHMARKS.md): ours against a baseline measured in the same run")
  .addOption(
    new Option("--engine <engine>", "database engine").choices(["pglite", "postgres"]).default("pglite"),
  )
  .addOption(
    new Option("--scale <scale>", "small 10k contacts, medium 100k, large 1M (PostgreSQL)")
      .choices(["small", "medium", "large"])
      .default("small"),
  )
  .option("--only <ids>", `comma-separated workloads (${Object.keys(WORKLOADS).join(", ")})`, parseOnly)
  .option(
    "--database-url <url>",
    "PostgreSQL server for --engine postgres",
    "postgres://postgres@127.0.0.1:5432/postgres",
  )
  .option("--duration <seconds>", "B6: seconds of load per server", positive, 10)
  .option("--connections <n>", "B6: autocannon connections", positive, 10)
  .option(
    "--repeat <n>",
    "B1, B2: measure ours and the baseline n times, keep the best (default 2 at small scale, else 1)",
    positive,
  )
  .option("--restarts <n>", "B7: restarts to time (the median is reported)", positive, 3)
  .option(
    "--max-load <load>",
    "wait (up to 10 min) before each workload until the 1-min load average is below this",
    positive,
  )
  .option("--output <file>", "results file to update", "docs/benchmarks.md")
  .option("--no-write", "print the table without updating the results file");

program.parse();
const options = program.opts<{
  engine: Engine;
  scale: Scale;
  only?: string[];
  databaseUrl: string;
  duration: number;
  connections: number;
  repeat?: number;
  restarts: number;
  maxLoad?: number;
  output: string;
  write: boolean;
}>();

const cleanup = new Cleanup();
const runCleanup = new Cleanup();
let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    interrupted = true;
    console.error(`\n${signal}: cleaning up (temp directories, child processes, databases)...`);
    void cleanup
      .runAll()
      .then(() => runCleanup.runAll())
      .finally(() => process.exit(130));
  });
}

async function main() {
  if (options.engine === "pglite" && options.scale === "large")
    log("warning: large scale on PGlite is not a supported configuration; expect it to take very long");
  if (options.engine === "postgres") {
    const version = await checkPostgres(options.databaseUrl).catch((error: Error) => {
      throw new Error(`cannot reach PostgreSQL at ${options.databaseUrl}: ${error.message}`);
    });
    log(`PostgreSQL ${version} at ${new URL(options.databaseUrl).host}`);
  }
  const ctx: BenchContext = {
    engine: options.engine,
    scale: options.scale,
    adminUrl: options.databaseUrl,
    durationSeconds: options.duration,
    connections: options.connections,
    repeat: Math.round(options.repeat ?? (options.scale === "small" ? 2 : 1)),
    restarts: Math.round(options.restarts),
    cleanup,
    runCleanup,
  };
  const selected = options.only ?? Object.keys(WORKLOADS);
  const describeRun = gitDescription();
  const rows: ResultRow[] = [];
  const failures: string[] = [];
  for (const id of selected) {
    if (interrupted) break;
    await waitForQuietMachine(options.maxLoad);
    const loadBefore = loadAverage();
    const started = performance.now();
    try {
      const measured = await WORKLOADS[id](ctx);
      const run = `${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, ${describeRun}, Node ${process.version}, ${cpus().length} CPUs, load ${loadBefore.toFixed(1)} -> ${loadAverage().toFixed(1)}`;
      rows.push(...measured.map((r) => ({ ...r, run })));
      log(`${id} done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    } catch (error) {
      failures.push(id);
      console.error(`${id} failed: ${(error as Error).stack ?? error}`);
    } finally {
      await cleanup.runAll();
    }
  }
  if (rows.length > 0) {
    console.log("");
    printTable(rows);
    if (options.write) {
      const file = path.resolve(projectRoot, options.output);
      writeReport(file, rows);
      console.log(`\nUpdated ${path.relative(process.cwd(), file)}`);
    }
  }
  if (failures.length > 0) {
    console.error(`\nFailed: ${failures.join(", ")} (their previous rows, if any, were kept)`);
    process.exitCode = 1;
  }
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(async () => {
    await cleanup.runAll();
    await runCleanup.runAll();
    process.exit();
  });
