// Starts the HTTP server on an open database; used by `lockstep start` and `lockstep serve`.
import { buildApp } from "./app.js";
import type { Database } from "./db/client.js";

export interface ServeOptions {
  port: number;
  host: string;
}

export function serveOptionsFromEnv(): ServeOptions {
  return { port: Number(process.env.PORT ?? 3000), host: process.env.HOST ?? "0.0.0.0" };
}

export async function startServer(database: Database, options: ServeOptions) {
  const app = await buildApp({
    db: database.db,
    logger: {
      level: process.env.LOG_LEVEL ?? "warn",
      redact: ["req.headers.authorization", "req.headers.cookie"],
    },
  });
  await app.listen({ port: options.port, host: options.host });
  const shutdown = async () => {
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
  return app;
}
