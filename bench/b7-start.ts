// B7: `lockstep start` (what `npm start` runs) on a fresh data directory or database until `GET /`
// answers 200, then a restart on the same data; RSS of the server process after each.
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import type { ResultRow } from "./report.js";
import {
  type BenchContext,
  cliEntry,
  createDatabase,
  fmt,
  freePort,
  log,
  projectRoot,
  rssOfPid,
  runNode,
  spawnNode,
  tempDir,
  waitForHttp,
} from "./support.js";

function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** The same staleness rule as `lockstep start` (src/cli/main.ts ensureWebBuilt). */
function webBuildIsStale() {
  if (!existsSync(path.join(projectRoot, "src/web/index.html"))) return false;
  const index = path.join(projectRoot, "dist/web/index.html");
  const builtAt = existsSync(index) ? statSync(index).mtimeMs : 0;
  const sources = ["src/web", "src/shared"].map((d) => newestMtime(path.join(projectRoot, d)));
  return builtAt <= Math.max(...sources);
}

interface StartRun {
  ms: number;
  /** Where the first start's time went, from the moments its log lines appeared. */
  phases: string;
  rssMb: number | null;
  builtWeb: boolean;
  stopMs: number;
}

async function timeStart(
  ctx: BenchContext,
  label: string,
  env: Record<string, string | undefined>,
): Promise<StartRun> {
  const port = await freePort();
  const started = performance.now();
  const child = spawnNode(ctx, label, [cliEntry, "start"], { ...env, PORT: String(port), HOST: "127.0.0.1" });
  try {
    await waitForHttp(`http://127.0.0.1:${port}/`, child, { timeoutMs: 300_000 });
    const ms = performance.now() - started;
    // RSS once the start-up garbage has had a moment to be collected.
    await new Promise((r) => setTimeout(r, 1_000));
    const rssMb = rssOfPid(child.pid);
    const stopping = performance.now();
    await child.stop();
    const stopMs = performance.now() - stopping;
    const builtWeb = child.output().includes("Building the web app");
    const seeding = child.printedAt("First run: seeding");
    const serving = child.printedAt("Lockstep is serving");
    const phases =
      seeding !== undefined && serving !== undefined
        ? `process start + migrations ${fmt.s(seeding)}, demo seed + listen ${fmt.s(serving - seeding)}, first page ${fmt.s(ms - serving)}`
        : serving !== undefined
          ? `until "serving" ${fmt.s(serving)}, first page ${fmt.s(ms - serving)}`
          : "";
    log(
      `  ${label}: GET / answered 200 after ${fmt.s(ms)} (${phases}), RSS ${rssMb === null ? "?" : fmt.mb(rssMb)}, stopped in ${fmt.s(stopMs)}${builtWeb ? " (it rebuilt the web app)" : ""}`,
    );
    return { ms, phases, rssMb, builtWeb, stopMs };
  } finally {
    await child.stop();
  }
}

/** Builds dist/web when stale, so the timed starts measure the app rather than the bundler. */
async function prebuildWeb(ctx: BenchContext) {
  if (!webBuildIsStale()) return false;
  log("  dist/web is missing or older than src/web: building it before timing (vite build)");
  await runNode(ctx, "vite build", [path.join(projectRoot, "node_modules/vite/bin/vite.js"), "build"], {});
  return true;
}

const ATTEMPTS = 3;

export async function runB7(ctx: BenchContext): Promise<ResultRow[]> {
  log(`B7 start: first start and restart on ${ctx.engine} (always the small demo workspace)`);
  let prebuilt = false;
  // Someone editing src/web while we measure makes `start` rebuild the web app; such a start measures
  // the bundler, so it is repeated (a first start on new, empty data).
  let first: StartRun | undefined;
  const restarts: StartRun[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  try {
    for (let attempt = 1; attempt <= ATTEMPTS && (!first || first.builtWeb); attempt++) {
      prebuilt = (await prebuildWeb(ctx)) || prebuilt;
      const { dir, remove } = tempDir(ctx, "b7");
      const db = ctx.engine === "postgres" ? await createDatabase(ctx, "b7") : undefined;
      cleanups.push(remove, async () => db?.drop());
      const env = {
        LOCKSTEP_DATA_DIR: dir,
        DATABASE_URL: db?.url,
        LOG_LEVEL: "warn",
        LOCKSTEP_SEED_DEMO: undefined,
      };
      first = await timeStart(ctx, "first start", env);
      if (first.builtWeb) continue;
      // Several restarts (cheap) and their median: one restart is at the mercy of the machine's noise.
      for (let n = 0; n < ctx.restarts + ATTEMPTS && restarts.length < ctx.restarts; n++) {
        prebuilt = (await prebuildWeb(ctx)) || prebuilt;
        const run = await timeStart(ctx, `restart ${restarts.length + 1}/${ctx.restarts}`, env);
        if (!run.builtWeb) restarts.push(run);
      }
    }
    if (!first || first.builtWeb || restarts.length === 0)
      throw new Error("B7: the starts kept rebuilding the web app (src/web keeps changing)");
    const sorted = [...restarts].sort((x, y) => x.ms - y.ms);
    const restart = sorted[Math.floor((sorted.length - 1) / 2)];
    const restartTimes = restarts.map((r) => (r.ms / 1000).toFixed(2)).join(", ");
    const restartRss = Math.max(...restarts.map((r) => r.rssMb ?? 0));
    const base = { engine: ctx.engine, scale: "small" };
    const prebuiltNote = prebuilt ? " (dist/web was stale and was rebuilt before timing.)" : "";
    const rss = Math.max(first.rssMb ?? 0, restartRss);
    const mb = (v: number | null) => (v === null ? "?" : fmt.mb(v));
    return [
      {
        ...base,
        workload: "B7 first start (migrate + demo seed)",
        ours: fmt.s(first.ms),
        baseline: "-",
        ratio: "-",
        target: "< 15 s",
        met: first.ms < 15_000 ? "yes" : "no",
        note:
          first.ms < 15_000
            ? undefined
            : `${fmt.s(first.ms)} from spawn to GET / = 200: ${first.phases}.${prebuiltNote}`,
      },
      {
        ...base,
        workload: "B7 restart",
        ours: `${fmt.s(restart.ms)} (median of ${restarts.length})`,
        baseline: "-",
        ratio: "-",
        target: "< 3 s",
        met: restart.ms < 3_000 ? "yes" : "no",
        note:
          restart.ms < 3_000
            ? undefined
            : `restarts took ${restartTimes} s; the median one: ${restart.phases}.`,
      },
      {
        ...base,
        workload: "B7 server RSS after start",
        ours: `${mb(first.rssMb)} first, ${fmt.mb(restartRss)} restart`,
        baseline: "-",
        ratio: "-",
        target: "< 500 MB",
        met: rss > 0 && rss < 500 ? "yes" : "no",
        note:
          rss > 0 && rss < 500
            ? undefined
            : `VmRSS of the server process 1 s after it answered: ${mb(first.rssMb)} after the first start, at most ${fmt.mb(restartRss)} after a restart.`,
      },
    ];
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}
