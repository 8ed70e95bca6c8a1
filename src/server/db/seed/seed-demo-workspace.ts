// Writes one deterministic demo workspace (members, pods, personas, segments, campaigns, accounts, contacts
// with stage histories, deals and 12 months of touches) using set-based batch inserts: one
// INSERT ... SELECT FROM unnest(...) per table per chunk, all inside one transaction so a failed seed leaves
// no half-built workspace. The rows themselves come from generate.ts.
import { type SQL, sql } from "drizzle-orm";
import { rebuildFunnelRollups } from "../../modules/lifecycle/funnel-rollups.js";
import { forgetJourneySettings } from "../../modules/scoring/account-journey.js";
import type { Db } from "../client.js";
import { suspendIndexesAndForeignKeys } from "./bulk-load.js";
import { DEMO_PASSWORD } from "./catalog.js";
import {
  type Fixtures,
  type GenerationPlan,
  generateFixtures,
  generateRecords,
  type RecordChunk,
  type SeedSizes,
} from "./generate.js";
import { seedAbm } from "./seed-abm.js";
import { seedDealStages } from "./seed-deal-stages.js";
import { seedGoals } from "./seed-goals.js";
import { seedHistory } from "./seed-history.js";
import { seedLibraryAndRituals } from "./seed-library.js";
import { seedScoringModel } from "./seed-scoring.js";
import { seedSla } from "./seed-sla.js";

export type SeedScale = "small" | "medium" | "large";

export const SCALES: Record<SeedScale, SeedSizes> = {
  small: { contacts: 10_000, touches: 200_000, accounts: 2_000 },
  medium: { contacts: 100_000, touches: 2_000_000, accounts: 20_000 },
  large: { contacts: 1_000_000, touches: 20_000_000, accounts: 200_000 },
};

export interface SeedOptions {
  scale: SeedScale;
  /** Same seed and same `now` give byte-identical rows, ids included. */
  seed: number;
  /** Default "Acme Analytics (demo)". */
  workspaceName?: string;
  /** Creates a sign-in user and returns its user id (the caller owns auth/password hashing). */
  createUser: (u: { email: string; name: string; password: string }) => Promise<string>;
  onProgress?: (step: string, done: number, total: number) => void;
  /** "Today" for the 12 months of history; default new Date(); determinism is per (seed, now). */
  now?: Date;
  /** Replaces some of the scale's sizes (tests seed a reduced workspace). */
  override?: Partial<SeedSizes>;
}

export interface SeedResult {
  workspaceId: string;
  signIn: { email: string; password: string };
  counts: Record<string, number>;
}

/** Touches per insert statement: big enough to amortise a round trip, small enough to stream 20M rows. */
const CHUNK_TOUCHES = 10_000;

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** Column name -> SQL type; every value travels as text in one array parameter and is cast on the way in. */
type ColumnTypes<Row> = { [K in keyof Row]: string };

export async function seedDemoWorkspace(db: Db, options: SeedOptions): Promise<SeedResult> {
  const plan = generationPlan(options);
  const sizes = plan.sizes;
  const now = new Date(plan.nowMs);
  const report = options.onProgress ?? (() => {});
  const fixtures = generateFixtures(plan);
  // The journey's thresholds and model are cached per workspace for a moment: a reseed of the same workspace
  // (same seed, same id) must not read the previous one's.
  forgetJourneySettings(fixtures.workspace.id);

  // Users first and outside the transaction: the caller's auth layer writes them through its own
  // connection, which on PGlite would wait forever behind our open transaction.
  const userIds: string[] = [];
  report("users", 0, fixtures.members.length);
  for (const member of fixtures.members) {
    userIds.push(
      await options.createUser({ email: member.email, name: member.name, password: DEMO_PASSWORD }),
    );
    report("users", userIds.length, fixtures.members.length);
  }

  const counts: Record<string, number> = {};
  const add = (table: string, n: number) => {
    counts[table] = (counts[table] ?? 0) + n;
  };
  await db.transaction(async (tx) => {
    await writeFixtures(tx, fixtures, userIds, add, report);
    const workspaceId = fixtures.workspace.id;
    const rebuild = await suspendIndexesAndForeignKeys(tx, BULK_TABLES);
    // One progress step for the stream (a caller's progress bar per step would otherwise flicker between
    // tables); contacts are its unit because every chunk completes whole contacts.
    const streamStep = "contacts and touches";
    let contactsDone = 0;
    report(streamStep, 0, sizes.contacts);
    let first = true;
    // The touches of one chunk are inserted while the next chunk is generated: on PostgreSQL that keeps both
    // cores busy; on PGlite (same thread) it changes nothing.
    let inflight: Promise<unknown> = Promise.resolve();
    for (const chunk of generateRecords(plan, fixtures)) {
      await inflight;
      await writeChunk(tx, workspaceId, chunk, first, add);
      first = false;
      inflight = insertRows(tx, "touches", workspaceId, chunk.touches, TOUCH_COLUMNS, TOUCH_INSERT).then(
        (n) => {
          add("touches", n);
          contactsDone += chunk.contacts.length;
          report(streamStep, contactsDone, sizes.contacts);
        },
      );
      // Awaited on the next turn; this only keeps a failure during generation from being reported unhandled.
      inflight.catch(() => {});
    }
    await inflight;
    await rebuild((done, total) => report("indexes and keys", done, total));
    // Each deal's way through the stages, for the per-stage win rates that weight open pipeline.
    add("opportunity_stage_changes", await seedDealStages(tx, workspaceId));
    // The stage history was bulk-loaded, not moved: its roll-ups are built from it in one pass (the moves
    // that follow, scoring's MQLs among them, keep them up to date as everywhere).
    await rebuildFunnelRollups(tx, workspaceId);
    report("analyze", 0, 1);
    await analyze(tx, SEEDED_TABLES);
    report("analyze", 1, 1);
  });
  report("agreements", 0, 1);
  // The year under the agreements: the lead definition's versions (scoring every contact with the live
  // one), the SLA signed early and renewed, and what they left behind (decisions, clocks, inbox...).
  const scoring = await seedScoringModel(db, fixtures.workspace.id, fixtures.members, now);
  add("contact_scores", scoring.scored);
  const sla = await seedSla(db, fixtures.workspace.id, fixtures.members, now);
  add("audit_events", scoring.audit + sla.audit);
  const history = await seedHistory(db, fixtures.workspace.id, fixtures.members, sla.inForce, now);
  for (const [table, n] of Object.entries(history)) add(table, n);
  // The quarter's target, goals, shared win, wall and pulse, from the same history.
  const goalRows = await seedGoals(
    db,
    fixtures.workspace.id,
    fixtures.members,
    sla.inForce.at(-1)?.terms ?? null,
    now,
  );
  for (const [table, n] of Object.entries(goalRows)) add(table, n);
  // The agreed target accounts, their buying committees and a play under way, from the same scores.
  const abmRows = await seedAbm(db, fixtures.workspace.id, fixtures.members, now);
  for (const [table, n] of Object.entries(abmRows)) add(table, n);
  const libraryRows = await seedLibraryAndRituals(db, fixtures.workspace.id, fixtures.members, now);
  for (const [table, n] of Object.entries(libraryRows)) add(table, n);
  // The agreements' rows came after the bulk load's ANALYZE: without their statistics the home page's
  // queries were planned for empty tables (the cockpit took 4 s at medium scale on PostgreSQL).
  await db.execute(sql.raw(`ANALYZE ${AGREEMENT_TABLES.map((t) => `"${t}"`).join(", ")}`));
  report("agreements", 1, 1);

  return {
    workspaceId: fixtures.workspace.id,
    signIn: { email: fixtures.members[0].email, password: DEMO_PASSWORD },
    counts,
  };
}

/**
 * Every table but touches, in foreign-key order; the first chunk also gives each referenced table its
 * statistics.
 */
async function writeChunk(
  tx: Tx,
  workspaceId: string,
  chunk: RecordChunk,
  first: boolean,
  add: (table: string, n: number) => void,
) {
  add("accounts", await insertRows(tx, "accounts", workspaceId, chunk.accounts, ACCOUNT_COLUMNS));
  if (first) await analyze(tx, ["accounts"]);
  add("contacts", await insertRows(tx, "contacts", workspaceId, chunk.contacts, CONTACT_COLUMNS));
  if (first) await analyze(tx, ["contacts"]);
  add(
    "lifecycle_stage_changes",
    await insertRows(tx, "lifecycle_stage_changes", workspaceId, chunk.stageChanges, STAGE_CHANGE_COLUMNS, {
      dictionary: ["contact_id"],
    }),
  );
  add(
    "opportunities",
    await insertRows(tx, "opportunities", workspaceId, chunk.opportunities, OPPORTUNITY_COLUMNS),
  );
  if (first) await analyze(tx, ["opportunities"]);
  add(
    "opportunity_contacts",
    await insertRows(
      tx,
      "opportunity_contacts",
      workspaceId,
      chunk.opportunityContacts,
      OPPORTUNITY_CONTACT_COLUMNS,
    ),
  );
}

/** The tables that grow with the scale; loaded with their secondary indexes and foreign keys suspended. */
const BULK_TABLES = [
  "accounts",
  "contacts",
  "lifecycle_stage_changes",
  "opportunities",
  "opportunity_contacts",
  "touches",
];

/** Tables the scoring model, the SLA and the year's history write after the bulk load. */
const AGREEMENT_TABLES = [
  "contact_scores",
  "account_scores",
  "score_events",
  "lifecycle_stage_changes",
  "contact_funnel",
  "stage_entry_counts",
  "lead_decisions",
  "lead_assignments",
  "sla_clocks",
  "objections",
  "content_requests",
  "notifications",
  "audit_events",
  "goals",
  "wall_posts",
  "account_journeys",
  "account_stage_changes",
  "target_list_entries",
  "play_tasks",
];

const SEEDED_TABLES = [
  "workspaces",
  "members",
  "pods",
  "pod_members",
  "segments",
  "personas",
  "campaigns",
  "accounts",
  "contacts",
  "lifecycle_stage_changes",
  "opportunities",
  "opportunity_contacts",
  "opportunity_stage_changes",
  "contact_funnel",
  "stage_entry_counts",
  "touches",
];

/**
 * Statistics matter twice here. A foreign-key check caches its plan on first use; planned against a table
 * without statistics it can pick another (workspace_id, ...) unique index and filter by id, which turns each
 * check into a scan of the workspace and the seed quadratic. Analysing a referenced table before its first
 * referencing insert fixes the plan for the session. And PGlite runs no autovacuum: without the final
 * ANALYZE the app would plan every query on the demo data blind.
 */
async function analyze(tx: Tx, tables: readonly string[]) {
  await tx.execute(sql.raw(`ANALYZE ${tables.map((t) => `"${t}"`).join(", ")}`));
}

/** The generator's plan for these options: the same options give the same rows (B8 regenerates them). */
export function generationPlan(options: Omit<SeedOptions, "createUser" | "onProgress">): GenerationPlan {
  const now = options.now ?? new Date();
  if (Number.isNaN(now.getTime())) throw new Error("seed: `now` is not a valid date");
  if (!Number.isFinite(options.seed)) throw new Error("seed: `seed` must be a finite number");
  return {
    seed: options.seed,
    nowMs: now.getTime(),
    sizes: resolveSizes(options),
    workspaceName: options.workspaceName ?? "Acme Analytics (demo)",
    chunkTouches: CHUNK_TOUCHES,
  };
}

function resolveSizes(options: Pick<SeedOptions, "scale" | "override">): SeedSizes {
  const base = SCALES[options.scale];
  if (!base) throw new Error(`seed: unknown scale "${options.scale}"; use small, medium or large`);
  const sizes = { ...base, ...options.override };
  for (const [key, value] of Object.entries(sizes)) {
    if (!Number.isInteger(value) || value < 0) throw new Error(`seed: ${key} must be a non-negative integer`);
  }
  if (sizes.contacts > 0 && sizes.accounts === 0) throw new Error("seed: contacts need at least one account");
  return sizes;
}

async function writeFixtures(
  tx: Tx,
  fixtures: Fixtures,
  userIds: string[],
  add: (table: string, n: number) => void,
  report: (step: string, done: number, total: number) => void,
) {
  const workspaceId = fixtures.workspace.id;
  await insertRows(tx, "workspaces", null, [fixtures.workspace], WORKSPACE_COLUMNS);
  add("workspaces", 1);
  const members = fixtures.members.map((m, i) => ({
    id: m.id,
    user_id: userIds[i],
    team: m.team,
    role: m.role,
    title: m.title,
    created_at: m.created_at,
    updated_at: m.updated_at,
  }));
  add("members", await insertRows(tx, "members", workspaceId, members, MEMBER_COLUMNS));
  add("pods", await insertRows(tx, "pods", workspaceId, fixtures.pods, POD_COLUMNS));
  add(
    "pod_members",
    await insertRows(tx, "pod_members", workspaceId, fixtures.podMembers, POD_MEMBER_COLUMNS),
  );
  add("segments", await insertRows(tx, "segments", workspaceId, fixtures.segments, SEGMENT_COLUMNS));
  add("personas", await insertRows(tx, "personas", workspaceId, fixtures.personas, PERSONA_COLUMNS));
  add("campaigns", await insertRows(tx, "campaigns", workspaceId, fixtures.campaigns, CAMPAIGN_COLUMNS));
  await analyze(tx, ["workspaces", "members", "pods", "segments", "personas", "campaigns"]);
  report("workspace", 1, 1);
}

const ARRAY_SPECIALS = /[\\"]/g;

/**
 * A Postgres array literal with every element quoted (NULL for null; a nested array becomes the literal of a
 * text[] value). The whole column then travels as one string: drivers otherwise quote and escape element
 * by element, which on PGlite cost more than the insert itself.
 */
function arrayLiteral(values: readonly unknown[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) {
      parts[i] = "NULL";
      continue;
    }
    const text = Array.isArray(value)
      ? arrayLiteral(value)
      : typeof value === "string"
        ? value
        : String(value);
    parts[i] = `"${text.includes("\\") || text.includes('"') ? text.replace(ARRAY_SPECIALS, "\\$&") : text}"`;
  }
  return `{${parts.join(",")}}`;
}

interface InsertOptions {
  /** Further columns computed in SQL from the unnested ones (u."name"), e.g. constants. */
  derived?: Record<string, string>;
  /**
   * Columns with few distinct values per batch (ids of the chunk's contacts, JSON properties): each
   * distinct value travels and is cast once, and rows carry a small index into it.
   */
  dictionary?: readonly string[];
}

/**
 * One statement for all rows: each column is a single text[] parameter, unnested side by side and cast
 * to the column's type, which works the same on PGlite and node-postgres and never nears the
 * 65,535-parameter limit. `workspaceId` null means the table has no workspace_id column.
 */
async function insertRows<Row extends object>(
  tx: Tx,
  table: string,
  workspaceId: string | null,
  rows: readonly Row[],
  columns: ColumnTypes<Row>,
  options: InsertOptions = {},
): Promise<number> {
  if (rows.length === 0) return 0;
  const derived = options.derived ?? {};
  const dictionary = new Set(options.dictionary ?? []);
  const names = Object.keys(columns) as (keyof Row & string)[];
  const ctes: SQL[] = [];
  const joins: string[] = [];
  const params: SQL[] = [];
  const selects: string[] = [];
  for (const name of names) {
    const type = columns[name];
    if (!dictionary.has(name)) {
      params.push(sql`${arrayLiteral(rows.map((row) => row[name]))}::text[]`);
      selects.push(`u."${name}"::${type}`);
      continue;
    }
    const positions = new Map<unknown, number>();
    const indexes = rows.map((row) => {
      const value = row[name];
      if (value === null || value === undefined) return null;
      let position = positions.get(value);
      if (position === undefined) {
        position = positions.size + 1;
        positions.set(value, position);
      }
      return position;
    });
    const alias = `"d_${name}"`;
    // MATERIALIZED keeps the cast at one per distinct value instead of one per row after the join.
    ctes.push(
      sql`${sql.raw(alias)} AS MATERIALIZED (SELECT d.i, d.v::${sql.raw(type)} AS v FROM unnest(${arrayLiteral([...positions.keys()])}::text[]) WITH ORDINALITY AS d(v, i))`,
    );
    params.push(sql`${arrayLiteral(indexes)}::int[]`);
    joins.push(`LEFT JOIN ${alias} ON ${alias}.i = u."${name}"`);
    selects.push(`${alias}.v`);
  }
  const targets = [...(workspaceId ? ["workspace_id"] : []), ...names, ...Object.keys(derived)]
    .map((n) => `"${n}"`)
    .join(", ");
  const aliases = names.map((n) => `"${n}"`).join(", ");
  const workspace = workspaceId ? sql`${workspaceId}::uuid, ` : sql``;
  const withClause = ctes.length > 0 ? sql`WITH ${sql.join(ctes, sql`, `)} ` : sql``;
  await tx.execute(
    sql`${withClause}INSERT INTO ${sql.raw(`"${table}"`)} (${sql.raw(targets)}) SELECT ${workspace}${sql.raw([...selects, ...Object.values(derived)].join(", "))} FROM unnest(${sql.join(params, sql`, `)}) AS u(${sql.raw(aliases)}) ${sql.raw(joins.join(" "))}`,
  );
  return rows.length;
}

const TIMESTAMPS = { created_at: "timestamptz", updated_at: "timestamptz" } as const;

const WORKSPACE_COLUMNS: ColumnTypes<Fixtures["workspace"]> = {
  id: "uuid",
  name: "text",
  mission: "text",
  time_zone: "text",
  ...TIMESTAMPS,
};

const MEMBER_COLUMNS = {
  id: "uuid",
  user_id: "text",
  team: "team",
  role: "member_role",
  title: "text",
  ...TIMESTAMPS,
};

const POD_COLUMNS: ColumnTypes<Fixtures["pods"][number]> = {
  id: "uuid",
  name: "text",
  description: "text",
  ...TIMESTAMPS,
};

const POD_MEMBER_COLUMNS: ColumnTypes<Fixtures["podMembers"][number]> = { pod_id: "uuid", member_id: "uuid" };

const SEGMENT_COLUMNS: ColumnTypes<Fixtures["segments"][number]> = {
  id: "uuid",
  name: "text",
  description: "text",
  industries: "text[]",
  min_employees: "integer",
  max_employees: "integer",
  regions: "text[]",
  pod_id: "uuid",
  ...TIMESTAMPS,
};

const PERSONA_COLUMNS: ColumnTypes<Fixtures["personas"][number]> = {
  id: "uuid",
  name: "text",
  description: "text",
  title_patterns: "text[]",
  seniorities: "text[]",
  departments: "text[]",
  pains: "text",
  objections: "text",
  pod_id: "uuid",
  ...TIMESTAMPS,
};

const CAMPAIGN_COLUMNS: ColumnTypes<Fixtures["campaigns"][number]> = {
  id: "uuid",
  name: "text",
  channel: "text",
  status: "text",
  owner_team: "team",
  owner_member_id: "uuid",
  starts_on: "date",
  ends_on: "date",
  budget: "numeric",
  cost: "numeric",
  utm_campaign: "text",
  ...TIMESTAMPS,
};

type Chunk = RecordChunk;

const ACCOUNT_COLUMNS: ColumnTypes<Chunk["accounts"][number]> = {
  id: "uuid",
  name: "text",
  domain: "text",
  industry: "text",
  employees: "integer",
  annual_revenue: "numeric",
  country: "text",
  region: "text",
  segment_id: "uuid",
  pod_id: "uuid",
  owner_member_id: "uuid",
  ...TIMESTAMPS,
};

const CONTACT_COLUMNS: ColumnTypes<Chunk["contacts"][number]> = {
  id: "uuid",
  email: "text",
  first_name: "text",
  last_name: "text",
  title: "text",
  seniority: "text",
  department: "text",
  phone: "text",
  country: "text",
  region: "text",
  account_id: "uuid",
  persona_id: "uuid",
  owner_member_id: "uuid",
  lifecycle_stage: "lifecycle_stage",
  lifecycle_stage_changed_at: "timestamptz",
  lead_status: "text",
  source: "text",
  source_campaign_id: "uuid",
  ...TIMESTAMPS,
};

const STAGE_CHANGE_COLUMNS: ColumnTypes<Chunk["stageChanges"][number]> = {
  id: "uuid",
  contact_id: "uuid",
  from_stage: "lifecycle_stage",
  to_stage: "lifecycle_stage",
  changed_at: "timestamptz",
  from_entered_at: "timestamptz",
  cause: "text",
  member_id: "uuid",
};

const OPPORTUNITY_COLUMNS: ColumnTypes<Chunk["opportunities"][number]> = {
  id: "uuid",
  name: "text",
  account_id: "uuid",
  amount: "numeric",
  currency: "char(3)",
  stage: "text",
  close_date: "date",
  closed_at: "timestamptz",
  owner_member_id: "uuid",
  source_campaign_id: "uuid",
  ...TIMESTAMPS,
};

const OPPORTUNITY_CONTACT_COLUMNS: ColumnTypes<Chunk["opportunityContacts"][number]> = {
  opportunity_id: "uuid",
  contact_id: "uuid",
  role: "text",
};

// created_at mirrors occurred_at (as if each touch had been ingested live), so it goes in via the same array.
const TOUCH_COLUMNS: ColumnTypes<Chunk["touches"][number]> = {
  id: "uuid",
  contact_id: "uuid",
  account_id: "uuid",
  type: "text",
  team: "team",
  channel: "text",
  campaign_id: "uuid",
  member_id: "uuid",
  occurred_at: "timestamptz",
  properties: "jsonb",
};

const TOUCH_INSERT: InsertOptions = {
  derived: { source: "'seed'", created_at: `u."occurred_at"::timestamptz` },
  dictionary: ["contact_id", "account_id", "campaign_id", "properties"],
};
