// Scoring: models (one per product line or pod), their versions (the agreed definitions), the approvals
// behind each version, the live scores per contact and account, and MQL events for the lifecycle.
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { ScoringDefinition, ScoringModelStatus } from "../../../shared/scoring.js";
import { accounts } from "./accounts.js";
import { tenantKey, timestamps } from "./columns.js";
import { contacts } from "./contacts.js";
import { teamEnum } from "./enums.js";
import { pods } from "./pods.js";
import { members, workspaces } from "./workspaces.js";

export const scoringModels = pgTable(
  "scoring_models",
  {
    ...tenantKey,
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    podId: uuid("pod_id"),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    unique("scoring_models_workspace_name_key").on(t.workspaceId, t.name),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }),
    foreignKey({ columns: [t.workspaceId, t.podId], foreignColumns: [pods.workspaceId, pods.id] }),
  ],
);

export const scoringModelVersions = pgTable(
  "scoring_model_versions",
  {
    ...tenantKey,
    modelId: uuid("model_id").notNull(),
    version: integer("version").notNull(),
    status: text("status").$type<ScoringModelStatus>().notNull().default("draft"),
    definition: jsonb("definition").$type<ScoringDefinition>().notNull(),
    note: text("note").notNull().default(""),
    createdBy: uuid("created_by"),
    approvedAt: timestamp("approved_at", { withTimezone: true }),
    activatedAt: timestamp("activated_at", { withTimezone: true }),
    activatedBy: uuid("activated_by"),
    retiredAt: timestamp("retired_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    unique("scoring_versions_model_version_key").on(t.workspaceId, t.modelId, t.version),
    // At most one live version per model.
    uniqueIndex("scoring_versions_one_active")
      .on(t.workspaceId, t.modelId)
      .where(sql`${t.status} = 'active'`),
    index("scoring_versions_status_idx").on(t.workspaceId, t.status),
    foreignKey({
      columns: [t.workspaceId, t.modelId],
      foreignColumns: [scoringModels.workspaceId, scoringModels.id],
    }),
    foreignKey({ columns: [t.workspaceId, t.createdBy], foreignColumns: [members.workspaceId, members.id] }),
    foreignKey({
      columns: [t.workspaceId, t.activatedBy],
      foreignColumns: [members.workspaceId, members.id],
    }),
  ],
);

/** Every approval ever given; an edit clears the version's approvals (cleared_at) but keeps the record. */
export const scoringApprovals = pgTable(
  "scoring_approvals",
  {
    ...tenantKey,
    versionId: uuid("version_id").notNull(),
    memberId: uuid("member_id").notNull(),
    team: teamEnum("team").notNull(),
    approvedAt: timestamp("approved_at", { withTimezone: true }).notNull(),
    clearedAt: timestamp("cleared_at", { withTimezone: true }),
    clearedReason: text("cleared_reason"),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("scoring_approvals_version_idx").on(t.workspaceId, t.versionId),
    foreignKey({
      columns: [t.workspaceId, t.versionId],
      foreignColumns: [scoringModelVersions.workspaceId, scoringModelVersions.id],
    }),
    foreignKey({ columns: [t.workspaceId, t.memberId], foreignColumns: [members.workspaceId, members.id] }),
  ],
);

/**
 * Each contact's score under each model's live version. A rescore only rewrites scores that changed, so
 * scored_at is when this value was computed first; the live version is the model's active one.
 */
export const contactScores = pgTable(
  "contact_scores",
  {
    workspaceId: uuid("workspace_id").notNull(),
    modelId: uuid("model_id").notNull(),
    contactId: uuid("contact_id").notNull(),
    fit: doublePrecision("fit").notNull(),
    engagement: doublePrecision("engagement").notNull(),
    combined: doublePrecision("combined").notNull(),
    grade: text("grade").notNull(),
    mql: boolean("mql").notNull(),
    scoredAt: timestamp("scored_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.modelId, t.contactId] }),
    foreignKey({
      columns: [t.workspaceId, t.modelId],
      foreignColumns: [scoringModels.workspaceId, scoringModels.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.contactId],
      foreignColumns: [contacts.workspaceId, contacts.id],
    }),
    // The contacts list sorted by score (keyset on score, then id) and filtered by grade: hottest leads first.
    index("contact_scores_rank_idx").on(t.workspaceId, t.modelId, t.combined, t.contactId),
    index("contact_scores_grade_idx").on(t.workspaceId, t.modelId, t.grade),
  ],
);

/** Account fit plus the roll-up of its contacts' engagement, per model. */
export const accountScores = pgTable(
  "account_scores",
  {
    workspaceId: uuid("workspace_id").notNull(),
    modelId: uuid("model_id").notNull(),
    accountId: uuid("account_id").notNull(),
    fit: doublePrecision("fit").notNull(),
    engagement: doublePrecision("engagement").notNull(),
    combined: doublePrecision("combined").notNull(),
    engagedContacts: integer("engaged_contacts").notNull(),
    scoredAt: timestamp("scored_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.modelId, t.accountId] }),
    foreignKey({
      columns: [t.workspaceId, t.modelId],
      foreignColumns: [scoringModels.workspaceId, scoringModels.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.accountId],
      foreignColumns: [accounts.workspaceId, accounts.id],
    }),
  ],
);

/** A contact crossing a model's MQL condition; the lifecycle consumes these (consumed_at). */
export const scoreEvents = pgTable(
  "score_events",
  {
    ...tenantKey,
    modelId: uuid("model_id").notNull(),
    versionId: uuid("version_id").notNull(),
    contactId: uuid("contact_id").notNull(),
    kind: text("kind").$type<"mql_reached">().notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull().default({}),
    consumedAt: timestamp("consumed_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("score_events_contact_idx").on(t.workspaceId, t.contactId, t.occurredAt),
    index("score_events_pending_idx").on(t.workspaceId, t.occurredAt).where(sql`${t.consumedAt} is null`),
    foreignKey({
      columns: [t.workspaceId, t.contactId],
      foreignColumns: [contacts.workspaceId, contacts.id],
    }),
  ],
);

/**
 * Contacts whose scores must be recomputed: appended in the same transaction as the touches that moved
 * them, drained in batches by the scoring worker (so a crash loses nothing and a burst of tracked events
 * costs one rescore per batch, not one per request). Append-only, duplicates allowed: an insert never
 * waits on another transaction's row, so concurrent requests cannot deadlock on it.
 */
export const scoreQueue = pgTable(
  "score_queue",
  {
    workspaceId: uuid("workspace_id").notNull(),
    id: bigint("id", { mode: "number" }).generatedAlwaysAsIdentity(),
    contactId: uuid("contact_id").notNull(),
    queuedAt: timestamp("queued_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index("score_queue_order_idx").on(t.id)],
);
