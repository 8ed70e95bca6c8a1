// The statement timeout on the server's request paths, on the engine under test: a query that runs past
// it is stopped and the request answers 503 saying so (instead of holding the server), and the next
// request is served as usual. On PGlite the database runs in its own thread, ended and reopened.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, expect, inject, it } from "vitest";
import { buildApp } from "../app.js";
import { PUBLIC } from "../lib/access.js";
import { answerStatementTimeouts } from "../main.js";
import { TEST_AUTH_SECRET } from "../testing/harness.js";
import { openDatabase, queryRows } from "./client.js";

const TIMEOUT_MS = 500;
const dir = mkdtempSync(path.join(tmpdir(), "lockstep-timeout-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("stops a request's query that runs past the statement timeout with a clear 503, then serves the next", async () => {
  const url = process.env.DATABASE_URL;
  const database = url
    ? await openDatabase({ url, poolSize: 2, statementTimeoutMs: TIMEOUT_MS })
    : await openDatabase({
        dataDir: dir,
        loadDataDirFile: inject("pgliteSnapshot"),
        statementTimeoutMs: TIMEOUT_MS,
      });
  const app = await buildApp({
    db: database.db,
    auth: { secret: TEST_AUTH_SECRET, rateLimit: false },
    webRoot: null,
    scoreWorker: false,
    slaWorker: false,
    deliveryWorker: false,
    goalsWorker: false,
  });
  answerStatementTimeouts(app, TIMEOUT_MS);
  app.get("/api/test/slow", { config: { access: PUBLIC } }, async () => {
    await database.db.execute(sql`select pg_sleep(5)`);
    return { slept: true };
  });
  app.get("/api/test/fast", { config: { access: PUBLIC } }, async () => {
    const [row] = await queryRows<{ one: number }>(database.db, sql`select 1 as one`);
    return row;
  });
  try {
    const started = Date.now();
    const slow = await app.inject("/api/test/slow");
    const took = Date.now() - started;
    expect(slow.statusCode).toBe(503);
    expect(slow.json().error).toEqual({
      code: "timeout",
      message: expect.stringMatching(
        /^The database took longer than 0.5 s to answer, so this request was stopped/,
      ),
    });
    // pg_sleep(5) would take 5 s: stopped well before.
    expect(took).toBeLessThan(4_000);
    const fast = await app.inject("/api/test/fast");
    expect(fast.statusCode).toBe(200);
    expect(fast.json()).toEqual({ one: 1 });
  } finally {
    await app.close();
    await database.close();
  }
});
