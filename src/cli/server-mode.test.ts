// Production settings only when asked: building the web app never changes the server's mode, and
// `lockstep start` on a fresh data directory sends plain-HTTP-friendly cookies and headers unless
// NODE_ENV=production (then __Secure- cookies, HSTS and upgrade-insecure-requests).
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "../server/testing/free-port.js";
import { ensureWebBuilt } from "./web-build.js";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const started: { child: ChildProcess; exited: Promise<unknown>; dir: string }[] = [];

/** `lockstep start` on a fresh PGlite data directory, without the demo; resolves once it serves. */
async function start(nodeEnv: string | undefined) {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), "lockstep-mode-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    LOCKSTEP_DATA_DIR: dir,
    LOCKSTEP_SEED_DEMO: "false",
  };
  delete env.DATABASE_URL;
  delete env.NODE_ENV;
  if (nodeEnv) env.NODE_ENV = nodeEnv;
  const child = spawn(process.execPath, [path.join(projectRoot, "bin/lockstep.js"), "start"], {
    cwd: projectRoot,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  started.push({ child, exited, dir });
  await new Promise<void>((resolve, reject) => {
    const serving = () => output.includes("Lockstep is serving") && resolve();
    child.stdout?.on("data", serving);
    child.once("exit", (code) => reject(new Error(`lockstep start exited (${code}):\n${output}`)));
  });
  return `http://127.0.0.1:${port}`;
}

afterEach(async () => {
  for (const { child, exited, dir } of started.splice(0)) {
    if (child.exitCode === null) child.kill("SIGKILL");
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Signs up, then in (sign-up opens no session): the sign-in's answer carries the session cookie. */
async function signUp(base: string) {
  const account = { email: "mode@example.test", password: "correct horse battery" };
  const post = (path: string, body: object) =>
    fetch(`${base}/api/auth/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base },
      body: JSON.stringify(body),
    });
  await post("sign-up/email", { name: "Mode Check", ...account });
  return post("sign-in/email", account);
}

describe("the server's mode", () => {
  it("building the web app leaves NODE_ENV as it was", async () => {
    const before = process.env.NODE_ENV;
    delete process.env.NODE_ENV;
    const outDir = mkdtempSync(path.join(tmpdir(), "lockstep-web-"));
    try {
      expect(await ensureWebBuilt({ outDir, force: true })).toBe(true);
      expect(process.env.NODE_ENV).toBeUndefined();
    } finally {
      if (before !== undefined) process.env.NODE_ENV = before;
      rmSync(outDir, { recursive: true, force: true });
    }
  }, 120_000);

  it("without NODE_ENV: plain session cookies, no HSTS, no upgrade of plain HTTP", async () => {
    const base = await start(undefined);
    const response = await signUp(base);
    expect(response.status).toBe(200);
    const cookies = response.headers.getSetCookie();
    expect(cookies.some((c) => c.startsWith("better-auth.session_token="))).toBe(true);
    expect(cookies.some((c) => c.startsWith("__Secure-"))).toBe(false);
    expect(response.headers.get("strict-transport-security")).toBeNull();
    const page = await fetch(`${base}/sign-in`);
    expect(page.headers.get("strict-transport-security")).toBeNull();
    expect(page.headers.get("content-security-policy") ?? "").not.toContain("upgrade-insecure-requests");
  }, 120_000);

  it("with NODE_ENV=production: __Secure- cookies, HSTS and upgrade-insecure-requests", async () => {
    const base = await start("production");
    const response = await signUp(base);
    expect(response.status).toBe(200);
    const cookies = response.headers.getSetCookie();
    expect(cookies.some((c) => c.startsWith("__Secure-better-auth.session_token="))).toBe(true);
    const page = await fetch(`${base}/sign-in`);
    expect(page.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
    expect(page.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
  }, 120_000);
});

describe("stopping", () => {
  // The server in a process of its own, busy in a statement far longer than a stop may take (as a
  // calibration query planned without statistics once ran for 37 minutes): SIGTERM still ends it in seconds.
  it("SIGTERM stops a server busy in a long query within seconds", async () => {
    const port = await freePort();
    const dir = mkdtempSync(path.join(tmpdir(), "lockstep-stop-"));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOCKSTEP_DATA_DIR: dir,
      LOG_LEVEL: "error",
      // Longer than the test: the stop must not wait for the timeout to end the statement.
      LOCKSTEP_STATEMENT_TIMEOUT_MS: "120000",
    };
    delete env.NODE_ENV;
    await promisify(execFile)(process.execPath, [path.join(projectRoot, "bin/lockstep.js"), "migrate"], {
      cwd: projectRoot,
      env,
    });
    const module = (file: string) => pathToFileURL(path.join(projectRoot, file)).href;
    const script = `
      const { sql } = await import(${JSON.stringify(module("node_modules/drizzle-orm/index.js"))});
      const { openDatabase, statementTimeoutFromEnv: timeoutFromEnv } = await import(${JSON.stringify(module("src/server/db/client.ts"))});
      const { startServer, serveOptionsFromEnv } = await import(${JSON.stringify(module("src/server/main.ts"))});
      const database = await openDatabase({ statementTimeoutMs: timeoutFromEnv?.() });
      await startServer(database, serveOptionsFromEnv());
      console.log("busy");
      await database.db.execute(sql\`select pg_sleep(90)\`);
      console.log("slept");
    `;
    const scriptFile = path.join(dir, "busy-server.mts");
    writeFileSync(scriptFile, script);
    const child = spawn(process.execPath, ["--import", "tsx", scriptFile], {
      cwd: projectRoot,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout?.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr?.on("data", (chunk) => {
      output += chunk;
    });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    started.push({ child, exited, dir });
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on("data", () => output.includes("busy") && resolve());
      child.once("exit", (code) => reject(new Error(`the server exited (${code}):\n${output}`)));
    });
    // Let the statement get under way.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const signalled = Date.now();
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
    const took = Date.now() - signalled;
    expect(
      child.exitCode !== null || child.signalCode !== null,
      `still running 20 s after SIGTERM:\n${output}`,
    ).toBe(true);
    expect(took, output).toBeLessThan(8_000);
    expect(output).not.toContain("slept");
  }, 120_000);
});
