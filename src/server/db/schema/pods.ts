// Pods: mixed sales + marketing teams that own personas, segments and accounts.
import { foreignKey, index, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { archivedAt, tenantKey, timestamps } from "./columns.js";
import { members, workspaces } from "./workspaces.js";

export const pods = pgTable(
  "pods",
  {
    ...tenantKey,
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
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
