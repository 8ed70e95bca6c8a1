// Account-based marketing: target-account lists (changed only by proposals both teams sign), the list's
// membership over time, each account's journey (stage from its score and deals) with stage and score
// history, the workspace's journey thresholds, and plays (templates of steps across channels) run on
// accounts as dated tasks for both teams.
import { sql } from "drizzle-orm";
import {
  date,
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
import type {
  AccountJourneyStage,
  PlayStep,
  ProposalEvidence,
  TargetListChangeItem,
  TargetTier,
} from "../../../shared/abm.js";
import type { AgreementStatus } from "../../../shared/agreements.js";
import { accounts } from "./accounts.js";
import { archivedAt, tenantKey, timestamps } from "./columns.js";
import { teamEnum } from "./enums.js";
import { pods } from "./pods.js";
import { scoringModels } from "./scoring.js";
import { members, workspaces } from "./workspaces.js";

export const targetLists = pgTable(
  "target_lists",
  {
    ...tenantKey,
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    podId: uuid("pod_id"),
    createdBy: uuid("created_by"),
    archivedAt,
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    unique("target_lists_workspace_name_key").on(t.workspaceId, t.name),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }),
    foreignKey({ columns: [t.workspaceId, t.podId], foreignColumns: [pods.workspaceId, pods.id] }),
  ],
);

/**
 * A proposed change to a list (add, remove or re-tier accounts, with the reason and the data behind it): an
 * agreement version. Draft until a sales lead and a marketing lead both sign; then active (in effect);
 * retired when withdrawn before that.
 */
export const targetListChanges = pgTable(
  "target_list_changes",
  {
    ...tenantKey,
    listId: uuid("list_id").notNull(),
    version: integer("version").notNull(),
    status: text("status").$type<AgreementStatus>().notNull().default("draft"),
    items: jsonb("items").$type<TargetListChangeItem[]>().notNull(),
    /** The data each account had when proposed (fit, engagement, stage, pipeline, revenue). */
    evidence: jsonb("evidence").$type<Record<string, ProposalEvidence>>().notNull().default({}),
    note: text("note").notNull(),
    createdBy: uuid("created_by"),
    approvedAt: timestamp("approved_at", { withTimezone: true }),
    activatedAt: timestamp("activated_at", { withTimezone: true }),
    activatedBy: uuid("activated_by"),
    retiredAt: timestamp("retired_at", { withTimezone: true }),
    retiredBy: uuid("retired_by"),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    unique("target_list_changes_version_key").on(t.workspaceId, t.listId, t.version),
    index("target_list_changes_status_idx").on(t.workspaceId, t.status),
    foreignKey({
      columns: [t.workspaceId, t.listId],
      foreignColumns: [targetLists.workspaceId, targetLists.id],
    }),
    foreignKey({ columns: [t.workspaceId, t.createdBy], foreignColumns: [members.workspaceId, members.id] }),
  ],
);

/** Every signature ever given on a list change (the shape every agreement's approvals share). */
export const targetListApprovals = pgTable(
  "target_list_approvals",
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
    index("target_list_approvals_version_idx").on(t.workspaceId, t.versionId),
    foreignKey({
      columns: [t.workspaceId, t.versionId],
      foreignColumns: [targetListChanges.workspaceId, targetListChanges.id],
    }),
    foreignKey({ columns: [t.workspaceId, t.memberId], foreignColumns: [members.workspaceId, members.id] }),
  ],
);

/**
 * An account's stay on a list at one tier: opened by the change that added it (or changed its tier), closed
 * by the change that removed it or changed its tier. The open rows are the list; all rows are its history.
 */
export const targetListEntries = pgTable(
  "target_list_entries",
  {
    ...tenantKey,
    listId: uuid("list_id").notNull(),
    accountId: uuid("account_id").notNull(),
    tier: text("tier").$type<TargetTier>().notNull(),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull(),
    addedByChange: uuid("added_by_change").notNull(),
    removedAt: timestamp("removed_at", { withTimezone: true }),
    removedByChange: uuid("removed_by_change"),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex("target_list_entries_open_key")
      .on(t.workspaceId, t.listId, t.accountId)
      .where(sql`${t.removedAt} is null`),
    index("target_list_entries_account_idx").on(t.workspaceId, t.accountId),
    foreignKey({
      columns: [t.workspaceId, t.listId],
      foreignColumns: [targetLists.workspaceId, targetLists.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.accountId],
      foreignColumns: [accounts.workspaceId, accounts.id],
    }),
  ],
);

/** The workspace's journey thresholds and which model's account scores the journey reads. */
export const abmSettings = pgTable(
  "abm_settings",
  {
    workspaceId: uuid("workspace_id").notNull().primaryKey(),
    modelId: uuid("model_id"),
    awareEngagement: doublePrecision("aware_engagement").notNull(),
    engagedEngagement: doublePrecision("engaged_engagement").notNull(),
    mqaFit: doublePrecision("mqa_fit").notNull(),
    mqaEngagement: doublePrecision("mqa_engagement").notNull(),
    spikeMultiplier: doublePrecision("spike_multiplier").notNull(),
    spikeMinTouches: integer("spike_min_touches").notNull(),
    committeeDays: integer("committee_days").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid("updated_by"),
  },
  (t) => [
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }),
    foreignKey({
      columns: [t.workspaceId, t.modelId],
      foreignColumns: [scoringModels.workspaceId, scoringModels.id],
    }),
  ],
);

/** Each account's journey now: stage, the score it was read from, and the last engagement spike. */
export const accountJourneys = pgTable(
  "account_journeys",
  {
    workspaceId: uuid("workspace_id").notNull(),
    accountId: uuid("account_id").notNull(),
    stage: text("stage").$type<AccountJourneyStage>().notNull(),
    fit: doublePrecision("fit").notNull(),
    engagement: doublePrecision("engagement").notNull(),
    since: timestamp("since", { withTimezone: true }).notNull(),
    spikeAt: timestamp("spike_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.accountId] }),
    index("account_journeys_stage_idx").on(t.workspaceId, t.stage),
    foreignKey({
      columns: [t.workspaceId, t.accountId],
      foreignColumns: [accounts.workspaceId, accounts.id],
    }),
  ],
);

/** Every journey stage change of an account. */
export const accountStageChanges = pgTable(
  "account_stage_changes",
  {
    ...tenantKey,
    accountId: uuid("account_id").notNull(),
    fromStage: text("from_stage").$type<AccountJourneyStage>(),
    toStage: text("to_stage").$type<AccountJourneyStage>().notNull(),
    fit: doublePrecision("fit").notNull(),
    engagement: doublePrecision("engagement").notNull(),
    changedAt: timestamp("changed_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("account_stage_changes_account_idx").on(t.workspaceId, t.accountId, t.changedAt),
  ],
);

/** An account's score per day (the last value of the day): the score history on the account page. */
export const accountScoreDays = pgTable(
  "account_score_days",
  {
    workspaceId: uuid("workspace_id").notNull(),
    accountId: uuid("account_id").notNull(),
    day: date("day").notNull(),
    fit: doublePrecision("fit").notNull(),
    engagement: doublePrecision("engagement").notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.accountId, t.day] })],
);

/** A play template: steps across channels, each owned by marketing, sales or a member, on a day offset. */
export const plays = pgTable(
  "plays",
  {
    ...tenantKey,
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    steps: jsonb("steps").$type<PlayStep[]>().notNull(),
    createdBy: uuid("created_by"),
    archivedAt,
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    unique("plays_workspace_name_key").on(t.workspaceId, t.name),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }),
  ],
);

/** One start of a play on some accounts; its steps are copied so later edits of the template leave it be. */
export const playRuns = pgTable(
  "play_runs",
  {
    ...tenantKey,
    playId: uuid("play_id").notNull(),
    steps: jsonb("steps").$type<PlayStep[]>().notNull(),
    startDate: date("start_date").notNull(),
    endDate: date("end_date").notNull(),
    startedBy: uuid("started_by"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("play_runs_play_idx").on(t.workspaceId, t.playId, t.startDate),
    foreignKey({ columns: [t.workspaceId, t.playId], foreignColumns: [plays.workspaceId, plays.id] }),
  ],
);

export const playRunAccounts = pgTable(
  "play_run_accounts",
  {
    workspaceId: uuid("workspace_id").notNull(),
    runId: uuid("run_id").notNull(),
    accountId: uuid("account_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.runId, t.accountId] }),
    index("play_run_accounts_account_idx").on(t.workspaceId, t.accountId),
    foreignKey({ columns: [t.workspaceId, t.runId], foreignColumns: [playRuns.workspaceId, playRuns.id] }),
    foreignKey({
      columns: [t.workspaceId, t.accountId],
      foreignColumns: [accounts.workspaceId, accounts.id],
    }),
  ],
);

/** A dated task of a play run for one account: open, done or skipped (with why); overdue when open past due. */
export const playTasks = pgTable(
  "play_tasks",
  {
    ...tenantKey,
    runId: uuid("run_id").notNull(),
    accountId: uuid("account_id").notNull(),
    stepId: text("step_id").notNull(),
    stepIndex: integer("step_index").notNull(),
    title: text("title").notNull(),
    channel: text("channel").notNull(),
    asset: text("asset").notNull().default(""),
    ownerTeam: teamEnum("owner_team").notNull(),
    ownerMemberId: uuid("owner_member_id"),
    dueDate: date("due_date").notNull(),
    status: text("status").$type<"open" | "done" | "skipped">().notNull().default("open"),
    doneAt: timestamp("done_at", { withTimezone: true }),
    doneBy: uuid("done_by"),
    note: text("note").notNull().default(""),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    unique("play_tasks_step_key").on(t.workspaceId, t.runId, t.accountId, t.stepId),
    index("play_tasks_account_idx").on(t.workspaceId, t.accountId, t.dueDate),
    index("play_tasks_owner_idx").on(t.workspaceId, t.ownerMemberId, t.status, t.dueDate),
    index("play_tasks_open_idx").on(t.workspaceId, t.ownerTeam, t.dueDate).where(sql`${t.status} = 'open'`),
    foreignKey({ columns: [t.workspaceId, t.runId], foreignColumns: [playRuns.workspaceId, playRuns.id] }),
    foreignKey({
      columns: [t.workspaceId, t.accountId],
      foreignColumns: [accounts.workspaceId, accounts.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.ownerMemberId],
      foreignColumns: [members.workspaceId, members.id],
    }),
  ],
);
