// The revenue team's shared target per period, goals for the revenue team, a team, a pod or a member, and
// shared wins (goals of both teams linked so that only all of them together are celebrated). Progress is
// never stored: it is computed from the records every time (goals.service.ts).
import { sql } from "drizzle-orm";
import {
  date,
  foreignKey,
  index,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { GoalMetric, GoalOwnerKind, PeriodKind } from "../../../shared/goals.js";
import { archivedAt, tenantKey, timestamps } from "./columns.js";
import { teamEnum } from "./enums.js";
import { pods } from "./pods.js";
import { members, workspaces } from "./workspaces.js";

/** The columns naming a period: "2026-Q3" with its kind and its first and last-plus-one day (workspace days). */
const periodColumns = {
  period: text("period").notNull(),
  periodKind: text("period_kind").$type<PeriodKind>().notNull(),
  startsOn: date("starts_on").notNull(),
  /** Exclusive. */
  endsOn: date("ends_on").notNull(),
};

export const revenueTargets = pgTable(
  "revenue_targets",
  {
    ...tenantKey,
    ...periodColumns,
    amount: numeric("amount", { precision: 14, scale: 2, mode: "number" }).notNull(),
    note: text("note").notNull().default(""),
    setBy: uuid("set_by"),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex("revenue_targets_period_key").on(t.workspaceId, t.period),
    index("revenue_targets_starts_idx").on(t.workspaceId, t.startsOn),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }),
  ],
);

export const sharedWins = pgTable(
  "shared_wins",
  {
    ...tenantKey,
    name: text("name").notNull(),
    ...periodColumns,
    /** When every linked goal was hit: the celebration fired (once). */
    celebratedAt: timestamp("celebrated_at", { withTimezone: true }),
    createdBy: uuid("created_by"),
    archivedAt,
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("shared_wins_period_idx").on(t.workspaceId, t.startsOn, t.endsOn),
    // The sweep looks for wins still waiting for their party.
    index("shared_wins_waiting_idx")
      .on(t.workspaceId, t.endsOn)
      .where(sql`${t.celebratedAt} is null and ${t.archivedAt} is null`),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }),
  ],
);

export const goals = pgTable(
  "goals",
  {
    ...tenantKey,
    name: text("name").notNull().default(""),
    ownerKind: text("owner_kind").$type<GoalOwnerKind>().notNull(),
    /** For team goals: which team. */
    team: teamEnum("team"),
    podId: uuid("pod_id"),
    memberId: uuid("member_id"),
    metric: text("metric").$type<GoalMetric>().notNull(),
    /** An amount, a count, or a share (0.9 = 90%) for rate metrics. */
    target: numeric("target", { precision: 14, scale: 4, mode: "number" }).notNull(),
    ...periodColumns,
    sharedWinId: uuid("shared_win_id"),
    createdBy: uuid("created_by"),
    archivedAt,
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("goals_period_idx").on(t.workspaceId, t.startsOn, t.endsOn),
    index("goals_shared_win_idx").on(t.workspaceId, t.sharedWinId),
    index("goals_member_idx").on(t.workspaceId, t.memberId),
    index("goals_pod_idx").on(t.workspaceId, t.podId),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }),
    foreignKey({ columns: [t.workspaceId, t.podId], foreignColumns: [pods.workspaceId, pods.id] }),
    foreignKey({
      columns: [t.workspaceId, t.memberId],
      foreignColumns: [members.workspaceId, members.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.sharedWinId],
      foreignColumns: [sharedWins.workspaceId, sharedWins.id],
    }),
  ],
);
