// Test support: one migrated database per test file, wiped between tests; an app bound to it;
// the cast's users, signed up once per run in the migrated snapshot (global-setup.ts) and re-joined
// to fresh workspaces before every test; one request helper, `t.as(member).post(url, body)`.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import type { LightMyRequestResponse } from "fastify";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, inject } from "vitest";
import type { MemberRole, Team } from "../../shared/domain.js";
import { type App, type AppOptions, buildApp } from "../app.js";
import { type Database, type Db, openDatabase } from "../db/client.js";
import { members, workspaces } from "../db/schema/index.js";
import { forgetMemberships } from "../lib/access.js";
import { newId } from "../lib/ids.js";
import { drainDeliveries } from "../modules/notifications/deliveries.js";
import { drainScoreQueue } from "../modules/scoring/score-queue.js";
import { withDatabase } from "./global-setup.js";
import { type CastRole, TEST_AUTH_SECRET, type TestUser } from "./users.js";

export { CAST_NAMES, signUp, TEST_AUTH_SECRET, TEST_PASSWORD, type TestUser } from "./users.js";

export async function openTestDatabase(): Promise<Database> {
  const template = inject("postgresTemplate");
  const url = process.env.DATABASE_URL;
  if (url && template) {
    const name = `${template}_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name} template ${template}`);
    const database = await openDatabase({ url: withDatabase(url, name), poolSize: 4 });
    return {
      ...database,
      close: async () => {
        await database.close();
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.end();
      },
    };
  }
  const snapshot = readFileSync(inject("pgliteSnapshot"));
  return openDatabase({ dataDir: "memory", loadDataDir: new Blob([snapshot]) });
}

/** Empties every workspace table (users and sessions stay, so sign-ins are made once per file). */
export async function wipeWorkspaces(database: Database) {
  forgetMemberships();
  await database.db.execute(sql`truncate table workspaces, invitations, members, pods, pod_members, personas, segments,
    accounts, contacts, lifecycle_stage_changes, campaigns, touches, opportunities, opportunity_contacts, imports,
    api_keys, contact_identities, event_mappings, scoring_models, scoring_model_versions, scoring_approvals,
    contact_scores, account_scores, score_events, lead_decisions, score_queue, objections, content_requests,
    sla_versions, sla_approvals, lead_assignments, sla_clocks, notifications, webhooks, notification_deliveries,
    audit_events, property_definitions, jobs cascade`);
}

export interface TestMember extends TestUser {
  workspaceId: string;
  memberId: string;
  team: Team;
  role: MemberRole;
  /** Headers that act as this member in their workspace. */
  headers: Record<string, string>;
}

export async function joinWorkspace(
  database: Database,
  user: TestUser,
  workspaceId: string,
  team: Team,
  role: MemberRole,
) {
  const memberId = newId();
  forgetMemberships();
  await database.db.insert(members).values({ workspaceId, id: memberId, userId: user.userId, team, role });
  return {
    ...user,
    workspaceId,
    memberId,
    team,
    role,
    headers: { cookie: user.cookie, "x-workspace-id": workspaceId },
  } satisfies TestMember;
}

export async function createWorkspaceRow(database: Database, name: string, mission = "Win together") {
  const id = newId();
  await database.db.insert(workspaces).values({ id, name, mission, timeZone: "Europe/Berlin" });
  return id;
}

/** The standard cast (see CAST_NAMES): signed up once per run in the migrated snapshot. */
export type Cast = Record<CastRole, TestMember>;

/** Anything that carries the headers to act as someone: a cast member, or `{ headers }`. */
export interface Actor {
  headers: Record<string, string>;
}

/** One request helper for every test: `t.as(member).post(url, body)` returns the inject response. */
export interface Requests {
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  delete(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  /** For a method chosen at run time. */
  send(method: HttpMethod, url: string, body?: unknown): Promise<LightMyRequestResponse>;
}

export type HttpMethod = "GET" | "DELETE" | "POST" | "PUT" | "PATCH";

export function requestsAs(app: App, actor: Actor): Requests {
  const send = (method: HttpMethod, url: string, body?: unknown) =>
    app.inject({
      method,
      url,
      headers: actor.headers,
      ...(body === undefined ? {} : { payload: body as object }),
    });
  return {
    get: (url, headers) => app.inject({ method: "GET", url, headers: { ...actor.headers, ...headers } }),
    delete: (url, body) => send("DELETE", url, body),
    post: (url, body) => send("POST", url, body),
    put: (url, body) => send("PUT", url, body),
    patch: (url, body) => send("PATCH", url, body),
    send,
  };
}

export interface TestContext {
  app: App;
  database: Database;
  cast: Cast;
  users: Record<CastRole, TestUser>;
  /** Requests as `actor` (a cast member or `{ headers }`). */
  as(actor: Actor): Requests;
  /** Runs the background work a request queued (rescoring, then notification deliveries due by `now`). */
  drain(now?: Date): Promise<void>;
}

/** Rescores every queued contact, as the scoring worker would, until the queue is empty. */
export async function drainScores(db: Db) {
  while ((await drainScoreQueue(db)) > 0);
}

/**
 * One app and database per test file, wiped before each test, with the cast re-joined to two fresh
 * workspaces. No background workers run: a test drains queues itself (`t.drain()`, `sweepSlaClocks`),
 * so nothing happens between its requests that it did not ask for.
 */
export function setupTestApp(options: Partial<Omit<AppOptions, "db">> = {}) {
  const ctx = {
    as: (actor: Actor) => requestsAs(ctx.app, actor),
    drain: async (now?: Date) => {
      await drainScores(ctx.database.db);
      while ((await drainDeliveries(ctx.database.db, now)) > 0);
    },
  } as TestContext;
  beforeAll(async () => {
    ctx.database = await openTestDatabase();
    ctx.app = await buildApp({
      db: ctx.database.db,
      auth: { secret: TEST_AUTH_SECRET, rateLimit: false },
      webRoot: null,
      scoreWorker: false,
      slaWorker: false,
      deliveryWorker: false,
      goalsWorker: false,
      ...options,
    });
    ctx.users = inject("castUsers") as Record<CastRole, TestUser>;
  });
  beforeEach(async () => {
    await wipeWorkspaces(ctx.database);
    const a = await createWorkspaceRow(ctx.database, "Acme");
    const b = await createWorkspaceRow(ctx.database, "Globex");
    const u = ctx.users;
    ctx.cast = {
      admin: await joinWorkspace(ctx.database, u.admin, a, "revenue", "admin"),
      marketingLead: await joinWorkspace(ctx.database, u.marketingLead, a, "marketing", "lead"),
      salesLead: await joinWorkspace(ctx.database, u.salesLead, a, "sales", "lead"),
      rep: await joinWorkspace(ctx.database, u.rep, a, "sales", "member"),
      outsider: await joinWorkspace(ctx.database, u.outsider, b, "revenue", "admin"),
    };
  });
  afterAll(async () => {
    await ctx.app?.close();
    await ctx.database?.close();
  });
  return ctx;
}
