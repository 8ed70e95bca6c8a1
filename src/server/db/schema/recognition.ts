// The recognition wall (kudos from one member to a member or a pod, and the celebrations of shared wins),
// the weekly digests sent from it, and the alignment pulse survey.
//
// The pulse is anonymous by construction: who answered a round (pulse_responses) and what was answered
// (pulse_answers) live in two tables with nothing joining them: no member, no time, and random ids (not
// the time-ordered ids of every other table) on the answers.
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { playRuns, plays } from "./abm.js";
import { campaigns } from "./campaigns.js";
import { tenantKey } from "./columns.js";
import { sharedWins } from "./goals.js";
import { opportunities } from "./opportunities.js";
import { pods } from "./pods.js";
import { members, workspaces } from "./workspaces.js";

export const wallPosts = pgTable(
  "wall_posts",
  {
    ...tenantKey,
    /** kudos: from a member; celebration: a shared win, posted by Lockstep. */
    kind: text("kind").$type<"kudos" | "celebration">().notNull(),
    fromMemberId: uuid("from_member_id"),
    toMemberId: uuid("to_member_id"),
    toPodId: uuid("to_pod_id"),
    message: text("message").notNull(),
    opportunityId: uuid("opportunity_id"),
    campaignId: uuid("campaign_id"),
    /** The play (and, when named, its run) the kudos are about. */
    playId: uuid("play_id"),
    playRunId: uuid("play_run_id"),
    sharedWinId: uuid("shared_win_id"),
    /** Giver and recipient on different teams (a pod: with members of another team than the giver's). */
    crossTeam: boolean("cross_team").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    removedAt: timestamp("removed_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("wall_posts_created_idx").on(t.workspaceId, t.createdAt, t.id),
    index("wall_posts_to_member_idx").on(t.workspaceId, t.toMemberId, t.createdAt),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }),
    foreignKey({
      columns: [t.workspaceId, t.fromMemberId],
      foreignColumns: [members.workspaceId, members.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.toMemberId],
      foreignColumns: [members.workspaceId, members.id],
    }),
    foreignKey({ columns: [t.workspaceId, t.toPodId], foreignColumns: [pods.workspaceId, pods.id] }),
    foreignKey({
      columns: [t.workspaceId, t.opportunityId],
      foreignColumns: [opportunities.workspaceId, opportunities.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.campaignId],
      foreignColumns: [campaigns.workspaceId, campaigns.id],
    }),
    foreignKey({ columns: [t.workspaceId, t.playId], foreignColumns: [plays.workspaceId, plays.id] }),
    foreignKey({
      columns: [t.workspaceId, t.playRunId],
      foreignColumns: [playRuns.workspaceId, playRuns.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.sharedWinId],
      foreignColumns: [sharedWins.workspaceId, sharedWins.id],
    }),
  ],
);

/** One row per workspace and week whose digest went out (or had nothing to say): sent once. */
export const wallDigests = pgTable(
  "wall_digests",
  {
    workspaceId: uuid("workspace_id").notNull(),
    weekStart: date("week_start").notNull(),
    posts: smallint("posts").notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.weekStart] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }),
  ],
);

/** Who answered a round (a month, "2026-07"): only so nobody answers twice. No time, no answer. */
export const pulseResponses = pgTable(
  "pulse_responses",
  {
    workspaceId: uuid("workspace_id").notNull(),
    round: text("round").notNull(),
    memberId: uuid("member_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.round, t.memberId] }),
    foreignKey({
      columns: [t.workspaceId, t.memberId],
      foreignColumns: [members.workspaceId, members.id],
    }).onDelete("cascade"),
  ],
);

const score = (name: string) => smallint(name).notNull();

/** What was answered in a round: five scores 1-5, with no member, no time and a random id. */
export const pulseAnswers = pgTable(
  "pulse_answers",
  {
    workspaceId: uuid("workspace_id").notNull(),
    id: uuid("id").notNull(),
    round: text("round").notNull(),
    sharedGoals: score("shared_goals"),
    trust: score("trust"),
    getWhatINeed: score("get_what_i_need"),
    sameLanguage: score("same_language"),
    creditShared: score("credit_shared"),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("pulse_answers_round_idx").on(t.workspaceId, t.round),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }),
    check(
      "pulse_answers_scores_check",
      sql`${t.sharedGoals} between 1 and 5 and ${t.trust} between 1 and 5 and ${t.getWhatINeed} between 1 and 5
        and ${t.sameLanguage} between 1 and 5 and ${t.creditShared} between 1 and 5`,
    ),
  ],
);
