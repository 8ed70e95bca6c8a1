// Pods: mixed sales + marketing teams that own personas, segments and accounts.
import { sql } from "drizzle-orm";
import { foreignKey, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { archivedAt, tenantKey, timestamps } from "./columns.js";
import { members, workspaces } from "./workspaces.js";

export const pods = pgTable(
  "pods",
  {
    ...tenantKey,
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /** Regions or countries this pod covers; routing sends a new MQL from there to the pod. */
    territories: text("territories").array().notNull().default(sql`'{}'::text[]`),
    archivedAt,
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("pods_workspace_name_idx").on(t.workspaceId, t.name, t.id),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }),
  ],
);

export const podMembers = pgTable(
  "pod_members",
  {
    workspaceId: uuid("workspace_id").notNull(),
    podId: uuid("pod_id").notNull(),
    memberId: uuid("member_id").notNull(),
    /** MQLs routed to this member in this pod: the weighted round robin's counter. */
    routedCount: integer("routed_count").notNull().default(0),
    lastRoutedAt: timestamp("last_routed_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.podId, t.memberId] }),
    index("pod_members_member_idx").on(t.workspaceId, t.memberId),
    foreignKey({ columns: [t.workspaceId, t.podId], foreignColumns: [pods.workspaceId, pods.id] }).onDelete(
      "cascade",
    ),
    foreignKey({
      columns: [t.workspaceId, t.memberId],
      foreignColumns: [members.workspaceId, members.id],
    }).onDelete("cascade"),
  ],
);
