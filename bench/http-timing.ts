// What the HTTP workloads (B5, B5F, B5G, B6) share: the real server on the seeded data, signing in as the
// demo's revenue leader, a GET that fails loudly, and timing a request the same way (a warm-up, then median
// and p95 of the runs).
import { type BenchContext, cliEntry, freePort, spawnNode, waitForHttp } from "./support.js";

export const DEMO = { email: "riley.revenue@demo.lockstep.dev", password: "lockstep-demo" };
export const RUNS = 7;

export interface Timing {
  median: number;
  p95: number;
}

export function summarize(ms: number[]): Timing {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { median: at(0.5), p95: at(0.95) };
}

export async function timeRuns<T>(
  work: () => Promise<T>,
  runs = RUNS,
): Promise<{ timing: Timing; result: T }> {
  let result = await work(); // warm-up: plans, caches, JIT
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    result = await work();
    ms.push(performance.now() - started);
  }
  return { timing: summarize(ms), result };
}

export async function signIn(base: string) {
  const response = await fetch(`${base}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify(DEMO),
  });
  if (response.status !== 200)
    throw new Error(`sign-in answered ${response.status}: ${await response.text()}`);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  if (!cookie) throw new Error("sign-in set no cookie");
  return cookie;
}

/**
 * Runs `work` against `lockstep serve` on the seeded data in `env` (a free port, signed in as the demo's
 * revenue leader), and stops the server whatever happens.
 */
export async function withLockstepServer<T>(
  ctx: BenchContext,
  env: Record<string, string | undefined>,
  work: (base: string, cookie: string) => Promise<T>,
): Promise<T> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawnNode(ctx, "lockstep serve", [cliEntry, "serve"], {
    ...env,
    PORT: String(port),
    HOST: "127.0.0.1",
  });
  try {
    await waitForHttp(`${base}/api/health`, server);
    return await work(base, await signIn(base));
  } finally {
    await server.stop();
  }
}

export async function getJson<T>(base: string, cookie: string, url: string): Promise<T> {
  const response = await fetch(`${base}${url}`, { headers: { cookie } });
  if (response.status !== 200)
    throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}
