// Migrates one database per test run and signs the standard cast up in it (through better-auth, so
// their passwords and sessions are real); each test file then opens its own copy of it: a PGlite
// data-dir snapshot, or a PostgreSQL database created from a migrated template.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { buildApp } from "../app.js";
import { type Database, openDatabase } from "../db/client.js";
import { CAST_NAMES, signUp, TEST_AUTH_SECRET, type TestUser } from "./users.js";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteSnapshot: string;
    postgresTemplate: string;
    /** The standard cast's users, signed up in the snapshot/template, with a session each. */
    castUsers: Record<string, TestUser>;
  }
}

export function withDatabase(url: string, name: string) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Signs the cast up once, so test files start with their users and sessions already there. */
async function signUpCast(database: Database): Promise<Record<string, TestUser>> {
  const app = await buildApp({
    db: database.db,
    auth: { secret: TEST_AUTH_SECRET, rateLimit: false },
    webRoot: null,
    scoreWorker: false,
    slaWorker: false,
    deliveryWorker: false,
    goalsWorker: false,
  });
  try {
    const users: Record<string, TestUser> = {};
    for (const [key, name] of Object.entries(CAST_NAMES)) users[key] = await signUp(app, name);
    return users;
  } finally {
    await app.close();
  }
}

export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    const template = `lockstep_tpl_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${template}`);
    const database = await openDatabase({ url: withDatabase(url, template), poolSize: 1 });
    await database.migrate();
    project.provide("castUsers", await signUpCast(database));
    await database.close();
    project.provide("postgresTemplate", template);
    project.provide("pgliteSnapshot", "");
    return async () => {
      // Test files drop their own copies; drop any left behind by a crash, then the template.
      const { rows } = await admin.query<{ datname: string }>(
        "select datname from pg_database where datname like $1",
        [`${template}_%`],
      );
      for (const row of rows) await admin.query(`drop database if exists ${row.datname} with (force)`);
      await admin.query(`drop database if exists ${template} with (force)`);
      await admin.end();
    };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "lockstep-test-"));
  const database = await openDatabase({ dataDir: "memory" });
  await database.migrate();
  project.provide("castUsers", await signUpCast(database));
  const snapshot = await database.pglite!.dumpDataDir("none");
  await database.close();
  const file = path.join(dir, "migrated.tar");
  writeFileSync(file, Buffer.from(await snapshot.arrayBuffer()));
  project.provide("pgliteSnapshot", file);
  project.provide("postgresTemplate", "");
  return () => rmSync(dir, { recursive: true, force: true });
}
