// Import runs: what was imported, by whom, and the report (counts and rejected rows with line numbers).
// status: running -> completed | failed, or interrupted when the importing process stopped sending heartbeats.

import {
  boolean,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import type { ImportDetails, ImportEntity } from "../../../shared/imports.js";
import { tenantKey } from "./columns.js";
import { members, workspaces } from "./workspaces.js";

export const imports = pgTable(
  "imports",
  {
    ...tenantKey,
    entity: text("entity").$type<ImportEntity>().notNull(),
    fileName: text("file_name"),
    dryRun: boolean("dry_run").notNull(),
    status: text("status").$type<"running" | "completed" | "failed" | "interrupted">().notNull(),
    mapping: jsonb("mapping").$type<Record<string, string | null>>().notNull(),
    rows: integer("rows").notNull().default(0),
    inserted: integer("inserted").notNull().default(0),
    updated: integer("updated").notNull().default(0),
    rejected: integer("rejected").notNull().default(0),
    rejectedRows: jsonb("rejected_rows").$type<{ line: number; reason: string }[]>().notNull().default([]),
    preview: jsonb("preview").$type<Record<string, unknown>[]>().notNull().default([]),
    /** How the file was read beyond its mapping: the match key, the outcome's effect, the properties it creates. */
    details: jsonb("details").$type<ImportDetails>().notNull().default({}),
    memberId: uuid("member_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** Written by the importing process every few seconds: a running import without it was interrupted. */
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("imports_created_idx").on(t.workspaceId, t.createdAt),
    index("imports_member_idx").on(t.workspaceId, t.memberId),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }),
    foreignKey({ columns: [t.workspaceId, t.memberId], foreignColumns: [members.workspaceId, members.id] }),
  ],
);
