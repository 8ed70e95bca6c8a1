// Fault tests: the real server (`lockstep serve`) is killed with SIGKILL in the middle of a CSV import
// and in the middle of a stream of tracking batches, then started again on the same data. On PGlite
// (default) that is a data directory left as a crash left it, which must reopen; on PostgreSQL
// (DATABASE_URL set) a fresh database on that server. What must hold afterwards:
//   import: only whole batches (1000 rows, one transaction each, with the import's counts) are kept,
//     no contact twice, and running the same file again ends with every contact of the file once;
//   ingest: every batch the server acknowledged (200) is stored whole, an unacknowledged one whole or
//     not at all, and resending every batch (as Segment clients retry) stores each messageId once.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase, queryRows } from "./db/client.js";
import { freePort } from "./testing/free-port.js";
import { withDatabase } from "./testing/global-setup.js";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const cli = path.join(projectRoot, "bin/lockstep.js");
const serverUrl = process.env.DATABASE_URL;
const engine = serverUrl ? "PostgreSQL" : "PGlite";

/** Rows per import transaction (imports.service.ts: batchSize default). */
const IMPORT_BATCH = 1000;
// On PGlite every query of the API waits for the batch in progress (one connection): the test sees the
// first commit a few batches late, so the file is long enough to still be importing then.
const IMPORT_ROWS = 12 * IMPORT_BATCH;
const EVENTS_PER_BATCH = 25;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------------
// One data store (a PGlite data directory or a PostgreSQL database) and the server on it.

const dataDir = mkdtempSync(path.join(tmpdir(), "lockstep-kill-"));
let databaseUrl: string | undefined;
let port = 0;
let server: { child: ChildProcess; output: () => string; exited: Promise<unknown> } | undefined;

function serverEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    // Also holds the auth secret, so sessions survive the restarts.
    LOCKSTEP_DATA_DIR: dataDir,
    LOCKSTEP_SEED_DEMO: "false",
    LOCKSTEP_AUTH_RATE_LIMIT: "false",
    LOCKSTEP_INGEST_RATE_LIMIT: "false",
    LOG_LEVEL: "error",
  };
  delete env.NODE_ENV;
  delete env.VITEST;
  delete env.DATABASE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  return env;
}

/** Every server this file started, alive or not: all are stopped after each test, pass or fail. */
const started = new Set<{ child: ChildProcess; exited: Promise<unknown> }>();

// If the worker itself goes down (a timeout, Ctrl-C, vitest stopping it), take the servers with it: the
// server is one process (tsx loads the TypeScript in-process), so a signal to it is enough.
function killAll() {
  for (const s of started)
    if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill("SIGKILL");
}
process.once("exit", killAll);
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.once(signal, () => {
    killAll();
    process.kill(process.pid, signal);
  });

async function startServer() {
  if (server) throw new Error("a server is already running: stop it first");
  const child = spawn(process.execPath, [cli, "serve"], {
    cwd: projectRoot,
    env: serverEnv(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const entry = { child, exited };
  started.add(entry);
  void exited.then(() => started.delete(entry));
  server = { child, output: () => output, exited };
  // Up when /api/health answers; fails at once if the process exits first.
  const startedAt = Date.now();
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  while (Date.now() - startedAt < 60_000) {
    if (gone) throw new Error(`the server exited on start (${engine}):\n${output.slice(-4000)}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`, {
        signal: AbortSignal.timeout(2000),
      });
      await response.arrayBuffer();
      if (response.status === 200) return Date.now() - startedAt;
    } catch {
      // not listening yet
    }
    await Promise.race([sleep(50), exited]);
  }
  throw new Error(`the server did not answer /api/health within 60 s (${engine}):\n${output.slice(-4000)}`);
}

async function stopServer(signal: "SIGKILL" | "SIGTERM") {
  const current = server;
  if (!current) return;
  server = undefined;
  if (current.child.exitCode === null && current.child.signalCode === null) {
    current.child.kill(signal);
    const timer = setTimeout(() => current.child.kill("SIGKILL"), 15_000);
    await current.exited;
    clearTimeout(timer);
  }
}

/** Stops every server a test started (the current one and any a failed step left behind). */
async function stopAll() {
  await stopServer("SIGKILL");
  killAll();
  await Promise.all([...started].map((s) => s.exited));
}

/** The data store opened by the test itself (the server must be stopped on PGlite: one process). */
async function withDatabaseOpen<T>(run: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(
    databaseUrl ? { url: databaseUrl, poolSize: 1 } : { dataDir: path.join(dataDir, "pglite") },
  );
  try {
    return await run(database);
  } finally {
    await database.close();
  }
}

beforeAll(async () => {
  port = await freePort();
  if (serverUrl) {
    const name = `lockstep_kill_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    databaseUrl = withDatabase(serverUrl, name);
  }
  await promisify(execFile)(process.execPath, [cli, "migrate"], { cwd: projectRoot, env: serverEnv() });
}, 120_000);

afterEach(stopAll);

afterAll(async () => {
  await stopAll();
  rmSync(dataDir, { recursive: true, force: true });
  if (serverUrl && databaseUrl) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${new URL(databaseUrl).pathname.slice(1)} with (force)`);
    await admin.end();
  }
});

// ---------------------------------------------------------------------------------------------------
// A signed-in admin of a fresh workspace, through the API.

interface Session {
  headers: Record<string, string>;
  workspaceId: string;
}

const base = () => `http://127.0.0.1:${port}`;

async function call(session: Session | null, method: string, url: string, body?: unknown) {
  const response = await fetch(`${base()}${url}`, {
    method,
    headers: {
      ...(session?.headers ?? {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status >= 300)
    throw new Error(`${method} ${url} answered ${response.status}: ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : undefined;
}

async function newWorkspace(name: string): Promise<Session> {
  const email = `kill.${randomBytes(4).toString("hex")}@example.test`;
  // better-auth wants to know where a browser's sign-up came from; sign-up opens no session, sign-in does.
  const auth = (path: string, body: object) =>
    fetch(`${base()}/api/auth/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base() },
      body: JSON.stringify(body),
    });
  const password = "correct horse battery";
  const signUp = await auth("sign-up/email", { name: "Kim Kill", email, password });
  expect(signUp.status, await signUp.clone().text()).toBe(200);
  const signIn = await auth("sign-in/email", { email, password });
  expect(signIn.status, await signIn.clone().text()).toBe(200);
  const cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const workspace = await call({ headers: { cookie }, workspaceId: "" }, "POST", "/api/workspaces", {
    name,
    timeZone: "UTC",
  });
  return { headers: { cookie, "x-workspace-id": workspace.id }, workspaceId: workspace.id };
}

/** Every contact's email, through the CSV export (all pages). */
async function exportedEmails(session: Session): Promise<string[]> {
  const response = await fetch(`${base()}/api/contacts/export`, { headers: session.headers });
  expect(response.status).toBe(200);
  const rows = parse(await response.text(), { columns: true }) as { email: string }[];
  return rows.map((r) => r.email);
}

// ---------------------------------------------------------------------------------------------------

describe(`SIGKILL during work, then a restart (${engine})`, () => {
  it("an import killed mid-file keeps whole batches only; running the file again gives each contact once", async () => {
    await startServer();
    const admin = await newWorkspace("Import kill");
    const emails = Array.from({ length: IMPORT_ROWS }, (_, i) => `person.${i}@company${i % 97}.example.com`);
    const csv = [
      "Email,First Name,Last Name,Company Name,Company Domain Name,Lifecycle Stage",
      ...emails.map(
        (email, i) => `${email},First${i},Last${i},Company ${i % 97},company${i % 97}.example.com,lead`,
      ),
    ].join("\n");
    const upload = () =>
      fetch(`${base()}/api/imports/contacts?fileName=big.csv`, {
        method: "POST",
        headers: { ...admin.headers, "content-type": "text/csv" },
        body: csv,
      });

    // Start the import, wait until its first batch is committed (the report's counts are written in
    // each batch's transaction), let the next batch get under way, and kill the server.
    const first = upload().then(
      (response) => ({ status: response.status }),
      (error: Error) => ({ error }),
    );
    let progress: { status: string; inserted: number } | undefined;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const { items } = await call(admin, "GET", "/api/imports");
      progress = items[0];
      if (progress && (progress.inserted >= IMPORT_BATCH || progress.status !== "running")) break;
      await sleep(20);
    }
    expect(progress?.status, "the import finished before it could be killed: make the file bigger").toBe(
      "running",
    );
    await sleep(Math.floor(Math.random() * 300));
    await stopServer("SIGKILL");
    expect(await first, "the killed upload cannot have succeeded").not.toHaveProperty("status", 200);

    // Restarted on the killed data: whole batches only, nothing twice, and the report says so.
    const restartMs = await startServer();
    const afterKill = await exportedEmails(admin);
    const reports = (await call(admin, "GET", "/api/imports")).items;
    expect(reports).toHaveLength(1);
    const committed = reports[0].inserted;
    console.info(
      `${engine}: import killed after ${committed} of ${IMPORT_ROWS} rows; restarted in ${restartMs} ms`,
    );
    expect(afterKill.length % IMPORT_BATCH, `${afterKill.length} contacts after the kill`).toBe(0);
    expect(afterKill.length).toBe(committed);
    expect(afterKill.length).toBeGreaterThanOrEqual(IMPORT_BATCH);
    expect(afterKill.length, "the kill came too late to interrupt the import").toBeLessThan(IMPORT_ROWS);
    expect(new Set(afterKill).size).toBe(afterKill.length);
    // Batches are written in file order: exactly the file's first rows are there.
    expect(new Set(afterKill)).toEqual(new Set(emails.slice(0, committed)));

    // The same file again: the kept rows are matched (updated), the rest inserted, nothing doubled.
    const again = await upload();
    const report = await again.json();
    expect(again.status, JSON.stringify(report).slice(0, 500)).toBe(200);
    expect(report).toMatchObject({
      status: "completed",
      rows: IMPORT_ROWS,
      inserted: IMPORT_ROWS - committed,
      updated: committed,
      rejected: 0,
    });
    const final = await exportedEmails(admin);
    expect(final.length).toBe(IMPORT_ROWS);
    expect(new Set(final)).toEqual(new Set(emails));

    // Across tables, straight from the database: one stage-history entry and one score row per
    // contact at most, accounts once per company domain.
    await stopServer("SIGTERM");
    const counts = await withDatabaseOpen(async (database) => {
      const [row] = await queryRows<Record<string, number>>(
        database.db,
        sql`select
          (select count(*)::int from contacts where workspace_id = ${admin.workspaceId}) as contacts,
          (select count(distinct email)::int from contacts where workspace_id = ${admin.workspaceId}) as emails,
          (select count(*)::int from lifecycle_stage_changes where workspace_id = ${admin.workspaceId}) as changes,
          (select count(distinct contact_id)::int from lifecycle_stage_changes where workspace_id = ${admin.workspaceId}) as changed,
          (select count(*)::int from accounts where workspace_id = ${admin.workspaceId}) as accounts,
          (select count(distinct domain)::int from accounts where workspace_id = ${admin.workspaceId}) as domains,
          (select count(*)::int from contacts where workspace_id = ${admin.workspaceId} and account_id is null) as unlinked`,
      );
      return row;
    });
    expect(counts).toEqual({
      contacts: IMPORT_ROWS,
      emails: IMPORT_ROWS,
      changes: IMPORT_ROWS,
      changed: IMPORT_ROWS,
      accounts: 97,
      domains: 97,
      unlinked: 0,
    });
  }, 120_000);

  it("ingest killed mid-stream: acknowledged batches are stored whole, resending stores each messageId once", async () => {
    await startServer();
    const admin = await newWorkspace("Ingest kill");
    const { key } = await call(admin, "POST", "/api/write-keys", { name: "Website" });
    const auth = `Basic ${Buffer.from(`${key}:`).toString("base64")}`;

    const makeBatch = (n: number) => ({
      batch: Array.from({ length: EVENTS_PER_BATCH }, (_, i) => {
        const visitor = `anon-${n % 40}`;
        const common = { messageId: randomUUID(), anonymousId: visitor, timestamp: new Date().toISOString() };
        return i % 2 === 0
          ? {
              ...common,
              type: "page",
              name: "Pricing",
              properties: { url: "https://www.acme.example/pricing" },
            }
          : { ...common, type: "track", event: "Form Submitted", properties: { form: `f${n}-${i}` } };
      }),
    });
    const send = (body: unknown) =>
      fetch(`${base()}/v1/batch`, {
        method: "POST",
        headers: { authorization: auth, "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(20_000),
      });

    // Four clients send batches back to back; the server is killed under them.
    type Sent = { body: ReturnType<typeof makeBatch>; outcome: "acked" | "lost" | number };
    const sent: Sent[] = [];
    let killed = false;
    let next = 0;
    const client = async () => {
      // Stops when the test kills the server, and when the test is over (afterEach stops the server).
      while (!killed && server) {
        const entry: Sent = { body: makeBatch(next++), outcome: "lost" };
        sent.push(entry);
        try {
          const response = await send(entry.body);
          const result = await response.json();
          entry.outcome =
            response.status === 200 && result.accepted === EVENTS_PER_BATCH ? "acked" : response.status;
        } catch {
          entry.outcome = "lost";
        }
      }
    };
    const clients = Array.from({ length: 4 }, client);
    const ackDeadline = Date.now() + 60_000;
    while (sent.filter((s) => s.outcome === "acked").length < 30) {
      if (Date.now() > ackDeadline || !server || server.child.exitCode !== null) {
        killed = true;
        throw new Error(`30 batches were not acknowledged in time:\n${server?.output().slice(-4000)}`);
      }
      await sleep(10);
    }
    await sleep(Math.floor(Math.random() * 200));
    killed = true;
    await stopServer("SIGKILL");
    await Promise.all(clients);
    const acked = sent.filter((s) => s.outcome === "acked");
    const lost = sent.filter((s) => s.outcome === "lost");
    console.info(
      `${engine}: ingest killed with ${acked.length} batches acknowledged, ${lost.length} unanswered`,
    );
    expect(
      sent.filter((s) => typeof s.outcome === "number").map((s) => s.outcome),
      "batches refused",
    ).toEqual([]);

    const storedPerBatch = async () =>
      withDatabaseOpen(async (database) => {
        const rows = await queryRows<{ external_id: string; n: number }>(
          database.db,
          sql`select external_id, count(*)::int as n from touches
              where workspace_id = ${admin.workspaceId} group by external_id`,
        );
        const stored = new Map(rows.map((r) => [r.external_id, Number(r.n)]));
        return sent.map((s) => s.body.batch.map((e) => stored.get(e.messageId) ?? 0));
      });

    // Straight after the kill (on PGlite, the test opens the killed data directory first).
    const afterKill = await storedPerBatch();
    sent.forEach((s, i) => {
      const stored = afterKill[i].reduce((a, b) => a + b, 0);
      if (s.outcome === "acked") expect(stored, `acknowledged batch ${i}`).toBe(EVENTS_PER_BATCH);
      else expect([0, EVENTS_PER_BATCH], `unacknowledged batch ${i}: whole or nothing`).toContain(stored);
      expect(Math.max(...afterKill[i]), `batch ${i}: a messageId twice`).toBeLessThanOrEqual(1);
    });

    // Restart and resend everything, as clients retry: every batch is accepted, nothing doubles.
    await startServer();
    for (const s of sent) {
      const response = await send(s.body);
      expect(response.status, await response.clone().text()).toBe(200);
    }
    // Once more for the batches that were acknowledged before the kill.
    for (const s of acked) expect((await send(s.body)).status).toBe(200);
    await stopServer("SIGTERM");
    const final = await storedPerBatch();
    final.forEach((perEvent, i) => {
      expect(perEvent, `batch ${i} after resending`).toEqual(perEvent.map(() => 1));
    });
    expect(lost.length + acked.length).toBe(sent.length);
  }, 120_000);
});
