// The embedded database (PGlite) in a thread of its own, for the server: PGlite runs a statement
// synchronously, so in the main thread one slow statement would freeze every request, the timers and
// the signal handlers (SIGTERM). Here the main thread stays free, and can stop a statement that runs past
// its timeout by ending this thread (client.ts). Plain JavaScript: the thread does not get tsx's loader.
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";

const identity = (value) => value;

/** A database error as data (postMessage keeps no class): message plus PostgreSQL's fields. */
function toData(error) {
  const data = { message: String(error?.message ?? error) };
  for (const key of ["code", "constraint", "detail", "table", "column", "severity", "hint", "where"])
    if (error && typeof error[key] === "string") data[key] = error[key];
  return data;
}

const { dataDir, loadDataDirFile } = workerData;
const { readFileSync } = await import("node:fs");
const db = await PGlite.create({
  dataDir,
  extensions: { pg_trgm },
  loadDataDir: loadDataDirFile ? new Blob([readFileSync(loadDataDirFile)]) : undefined,
});
// The first statement after opening pays for recovery and warm-up: not the first request's time.
await db.query("select 1");
parentPort.postMessage({ ready: true });

parentPort.on("message", async (message) => {
  const { id, kind } = message;
  try {
    if (kind === "close") {
      await db.close();
      parentPort.postMessage({ id, result: null });
      return;
    }
    // Drizzle asks for some types as text (its parsers are identities); functions cannot cross threads.
    const parsers = Object.fromEntries((message.textTypes ?? []).map((oid) => [oid, identity]));
    const result = await db.query(message.sql, message.params, { rowMode: message.rowMode, parsers });
    parentPort.postMessage({ id, result });
  } catch (error) {
    parentPort.postMessage({ id, error: toData(error) });
  }
});
