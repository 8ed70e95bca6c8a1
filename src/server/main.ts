// Starts the HTTP server on an open database; used by `lockstep start` and `lockstep serve`. A statement
// stopped by the database's statement timeout answers 503 with a clear message, and SIGTERM (or Ctrl-C)
// stops the server within seconds even while a slow statement runs.
import type { FastifyInstance } from "fastify";
import { buildApp } from "./app.js";
import { type Database, statementTimeoutFromEnv } from "./db/client.js";
import { pgErrorCode } from "./lib/errors.js";

export interface ServeOptions {
  port: number;
  host: string;
}

/** How long a stop waits for requests in progress to finish before the process exits regardless. */
export const SHUTDOWN_GRACE_MS = 5_000;

export function serveOptionsFromEnv(): ServeOptions {
  return { port: Number(process.env.PORT ?? 3000), host: process.env.HOST ?? "0.0.0.0" };
}

const timedOut = new WeakSet<object>();

/**
 * A request whose query the statement timeout stopped answers 503 `timeout`, saying so, instead of the
 * generic 500. (Hooks, not a second error handler: the app's handler still logs the error.)
 */
export function answerStatementTimeouts(app: FastifyInstance, timeoutMs: number | undefined) {
  const seconds = Math.round((timeoutMs ?? 0) / 100) / 10;
  const message = `The database took longer than ${seconds} s to answer, so this request was stopped and nothing was changed. Try again in a moment, or ask for less (a filter, a shorter period).`;
  app.addHook("onError", async (request, _reply, error) => {
    if (pgErrorCode(error) === "57014") timedOut.add(request);
  });
  app.addHook("onSend", async (request, reply, payload) => {
    if (!timedOut.has(request)) return payload;
    reply.code(503).header("content-type", "application/json; charset=utf-8").header("retry-after", "5");
    return JSON.stringify({ error: { code: "timeout", message } });
  });
}

export async function startServer(database: Database, options: ServeOptions) {
  const app = await buildApp({
    db: database.db,
    logger: {
      level: process.env.LOG_LEVEL ?? "warn",
      redact: ["req.headers.authorization", "req.headers.cookie"],
    },
  });
  answerStatementTimeouts(app, statementTimeoutFromEnv());
  await app.listen({ port: options.port, host: options.host });
  let stopping = false;
  const shutdown = async (signal: string) => {
    // A second signal while stopping: now.
    if (stopping) process.exit(1);
    stopping = true;
    const force = setTimeout(() => {
      console.error(`Lockstep did not stop within ${SHUTDOWN_GRACE_MS / 1000} s of ${signal}: exiting now`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    await app.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    clearTimeout(force);
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  return app;
}
