// Column helpers every tenant table shares: the scale path (ARCHITECTURE.md) keys each row by
// (workspace_id, id) so a distributed PostgreSQL can shard by workspace.
import { timestamp, uuid } from "drizzle-orm/pg-core";

export const tenantKey = {
  workspaceId: uuid("workspace_id").notNull(),
  id: uuid("id").notNull(),
};

export const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
};

export const archivedAt = timestamp("archived_at", { withTimezone: true });
