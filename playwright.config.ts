// End-to-end tests: Debian's Chromium (never a downloaded browser) against `lockstep start` on a free port
// with a fresh data directory, so every run starts from an empty workspace list.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

// The config is loaded by the runner and again by each worker: keep the port and data dir in the
// environment so all of them agree (workers inherit the runner's environment).
function freePort(): string {
  return execFileSync(
    process.execPath,
    [
      "-e",
      "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})",
    ],
    { encoding: "utf8" },
  ).trim();
}

function pruneOldRuns(dir: string, maxAgeMs: number) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (
      entry.isDirectory() &&
      entry.name.startsWith("run-") &&
      Date.now() - statSync(full).mtimeMs > maxAgeMs
    )
      rmSync(full, { recursive: true, force: true });
  }
}

process.env.LOCKSTEP_E2E_PORT ??= freePort();
process.env.LOCKSTEP_E2E_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "lockstep-e2e-"));
// Failure artifacts (traces, screenshots) per run: Playwright empties its output folder when a run starts,
// which would pull the files from under another run in the same checkout. Runs older than a day are removed.
process.env.LOCKSTEP_E2E_OUTPUT ??= path.join("test-results/playwright", `run-${Date.now()}-${process.pid}`);
pruneOldRuns("test-results/playwright", 24 * 60 * 60 * 1000);
const port = process.env.LOCKSTEP_E2E_PORT;
const baseURL = `http://127.0.0.1:${port}`;

const serverEnv: Record<string, string> = {
  PORT: port,
  HOST: "127.0.0.1",
  LOCKSTEP_DATA_DIR: process.env.LOCKSTEP_E2E_DATA_DIR,
  LOCKSTEP_SEED_DEMO: "false",
  // Every test signs up new users from one address within seconds.
  LOCKSTEP_AUTH_RATE_LIMIT: "false",
  // The notifications test points a webhook at a receiver on 127.0.0.1, refused by default.
  LOCKSTEP_WEBHOOKS_ALLOW_PRIVATE: "true",
};
if (process.env.DATABASE_URL) serverEnv.DATABASE_URL = process.env.DATABASE_URL;

export default defineConfig({
  testDir: "e2e",
  // The screenshot tour is for people, not an assertion: `npm run test:screenshots` (LOCKSTEP_SHOTS=1) runs it
  // and makes every spec save its screenshots.
  testIgnore: process.env.LOCKSTEP_SHOTS === "1" ? [] : ["**/screenshots.spec.ts"],
  outputDir: process.env.LOCKSTEP_E2E_OUTPUT,
  globalTeardown: "./e2e/global-teardown.ts",
  fullyParallel: false,
  // Two spec files at a time against the one server: every test makes its own workspace, and on two cores
  // the browser suite takes about a fifth less time than one at a time (LOCKSTEP_E2E_WORKERS overrides).
  workers: Number(process.env.LOCKSTEP_E2E_WORKERS ?? 2),
  retries: 0,
  reporter: "list",
  timeout: 60_000,
  // Two specs share one server, and on PGlite one database: while one spec calibrates a model or rescores a
  // workspace the other's page waits its turn (a CI run saw a 10 s wait), so an expectation allows 20 s.
  expect: { timeout: 20_000 },
  use: {
    baseURL,
    headless: true,
    viewport: { width: 1440, height: 900 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        // The tracking test serves a "customer site" and Lockstep both on loopback; Chromium's
        // local-network-access prompt (meant for public sites probing a LAN) would block it.
        "--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests",
      ],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: {
    command: "node bin/lockstep.js start",
    url: `${baseURL}/api/health`,
    env: serverEnv,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
  },
});
