// B6: GET /api/contacts/:id under load against a Fastify hello-world on the same box. Both
// servers run in child processes; autocannon runs here, so neither shares its event loop.
import autocannon, { type Result } from "autocannon";
import { withLockstepServer } from "./http-timing.js";
import type { ResultRow } from "./report.js";
import {
  type BenchContext,
  createDatabase,
  fmt,
  freePort,
  log,
  projectRoot,
  seedDemoData,
  spawnNode,
  tempDir,
  waitForHttp,
} from "./support.js";

const WARMUP_SECONDS = 3;
const MAX_IDS = 1000;

async function load(
  ctx: BenchContext,
  url: string,
  options: { headers?: Record<string, string>; paths?: string[]; seconds?: number },
) {
  let next = 0;
  const paths = options.paths;
  const run = (duration: number) =>
    autocannon({
      url,
      connections: ctx.connections,
      duration,
      headers: options.headers,
      requests: paths
        ? [{ method: "GET", setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length] }) }]
        : undefined,
    });
  await run(WARMUP_SECONDS);
  return run(options.seconds ?? ctx.durationSeconds);
}

const describe = (r: Result) =>
  `${fmt.int(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ${r.non2xx} non-2xx, ${r.errors} errors`;

async function contactIds(base: string, cookie: string) {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const response = await fetch(`${base}/api/contacts?${query}`, { headers: { cookie } });
    if (response.status !== 200) throw new Error(`GET /api/contacts answered ${response.status}`);
    const page = (await response.json()) as { items: { id: string }[]; nextCursor: string | null };
    ids.push(...page.items.map((c) => c.id));
    cursor = page.nextCursor;
  } while (cursor && ids.length < MAX_IDS);
  if (ids.length === 0) throw new Error("the seeded workspace has no contacts");
  return ids;
}

export async function runB6(ctx: BenchContext): Promise<ResultRow[]> {
  log(`B6 read under load: seeding ${ctx.scale} data on ${ctx.engine}`);
  const { dir, remove } = tempDir(ctx, "b6");
  const db = ctx.engine === "postgres" ? await createDatabase(ctx, "b6") : undefined;
  const env = {
    LOCKSTEP_DATA_DIR: dir,
    DATABASE_URL: db?.url,
    LOG_LEVEL: "warn",
    LOCKSTEP_SEED_DEMO: "false",
  };
  try {
    await seedDemoData(ctx, env, db);

    // Ours: the real server.
    const { ours, health, idCount } = await withLockstepServer(ctx, env, async (base, cookie) => {
      const ids = await contactIds(base, cookie);
      const probe = await fetch(`${base}/api/contacts/${ids[0]}`, { headers: { cookie } });
      if (probe.status !== 200) throw new Error(`GET /api/contacts/:id answered ${probe.status}`);
      log(`  ours: GET /api/contacts/:id over ${ids.length} ids, ${ctx.connections} connections`);
      const ours = await load(ctx, base, {
        headers: { cookie },
        paths: ids.map((id) => `/api/contacts/${id}`),
      });
      log(`  ours: ${describe(ours)}`);
      // Where the time goes: the same server answering its cheapest database route, no session.
      const health = await load(ctx, `${base}/api/health`, { seconds: 5 });
      log(`  ours, GET /api/health (diagnostic): ${describe(health)}`);
      return { ours, health, idCount: ids.length };
    });

    // Baseline: Fastify hello-world, same loader, same autocannon settings.
    const helloPort = await freePort();
    const hello = spawnNode(ctx, "hello", ["--import", "tsx", `${projectRoot}/bench/hello-server.ts`], {
      PORT: String(helloPort),
    });
    let baseline: Result;
    try {
      await waitForHttp(`http://127.0.0.1:${helloPort}/`, hello);
      baseline = await load(ctx, `http://127.0.0.1:${helloPort}/`, {});
      log(`  baseline hello-world: ${describe(baseline)}`);
    } finally {
      await hello.stop();
    }

    const ratio = ours.requests.average / baseline.requests.average;
    const p99 = ours.latency.p99;
    const failures = ours.non2xx + ours.errors + ours.timeouts;
    const check = failures > 0 ? ` CHECK FAILED: ${failures} failed or non-2xx responses.` : "";
    const context =
      `ours: ${describe(ours)}; GET /api/health on the same server ${fmt.int(health.requests.average)} req/s ` +
      `(p99 ${health.latency.p99} ms); ${idCount} contact ids rotated.`;
    return [
      {
        workload: "B6 GET /api/contacts/:id req/s",
        engine: ctx.engine,
        scale: ctx.scale,
        ours: `${fmt.int(ours.requests.average)} req/s`,
        baseline: `${fmt.int(baseline.requests.average)} req/s (hello-world)`,
        ratio: fmt.ratio(ratio),
        target: ">= 0.4",
        met: ratio >= 0.4 && !check ? "yes" : "no",
        note: ratio >= 0.4 && !check ? undefined : `${context}${check}`,
      },
      {
        workload: "B6 GET /api/contacts/:id p99",
        engine: ctx.engine,
        scale: ctx.scale,
        ours: `${p99} ms (p50 ${ours.latency.p50} ms)`,
        baseline: `${baseline.latency.p99} ms (hello-world)`,
        ratio: "-",
        target: "< 25 ms",
        met: p99 < 25 && !check ? "yes" : "no",
        note: p99 < 25 && !check ? undefined : `${context}${check}`,
      },
    ];
  } finally {
    await db?.drop();
    await remove();
  }
}
