// Test support: one migrated database per test file, wiped between tests; an app bound to it;
// users who are signed in once per file and re-joined to fresh workspaces before every test.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, inject } from "vitest";
import type { MemberRole, Team } from "../../shared/domain.js";
import { type App, buildApp } from "../app.js";
import { type Database, openDatabase } from "../db/client.js";
import { members, workspaces } from "../db/schema/index.js";
import { forgetMemberships } from "../lib/access.js";
import { newId } from "../lib/ids.js";
import { withDatabase } from "./global-setup.js";

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
    audit_events cascade`);
}

export interface TestUser {
  email: string;
  name: string;
  userId: string;
  cookie: string;
}

export interface TestMember extends TestUser {
  workspaceId: string;
  memberId: string;
  team: Team;
  role: MemberRole;
  /** Headers that act as this member in their workspace. */
  headers: Record<string, string>;
}

export async function signUp(app: App, name: string): Promise<TestUser> {
  const email = `${name.toLowerCase().replace(/\W+/g, ".")}.${randomBytes(3).toString("hex")}@example.test`;
  const response = await app.inject({
    method: "POST",
    url: "/api/auth/sign-up/email",
    payload: { name, email, password: "correct horse battery" },
  });
  if (response.statusCode !== 200) throw new Error(`sign-up failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  return { email, name, userId: response.json().user.id, cookie };
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

/**
 * The standard cast for API tests: workspace A with an admin, a marketing lead, a sales lead and
 * a sales member; workspace B with its own admin (for cross-workspace checks).
 */
export interface Cast {
  admin: TestMember;
  marketingLead: TestMember;
  salesLead: TestMember;
  rep: TestMember;
  outsider: TestMember;
}

export function setupTestApp() {
  const ctx = {} as { app: App; database: Database; cast: Cast; users: Record<keyof Cast, TestUser> };
  beforeAll(async () => {
    ctx.database = await openTestDatabase();
    ctx.app = await buildApp({
      db: ctx.database.db,
      auth: { secret: "test-secret-test-secret-test-secret", rateLimit: false },
      webRoot: null,
      // Tests drive the SLA sweep themselves, with a controlled clock.
      slaWorker: false,
    });
    const names: Record<keyof Cast, string> = {
      admin: "Ada Admin",
      marketingLead: "Mia Marketing",
      salesLead: "Sam Sales",
      rep: "Rey Rep",
      outsider: "Otto Outsider",
    };
    const entries = [];
    for (const [key, name] of Object.entries(names))
      entries.push([key, await signUp(ctx.app, name)] as const);
    ctx.users = Object.fromEntries(entries) as Record<keyof Cast, TestUser>;
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
