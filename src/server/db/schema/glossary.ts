// The shared glossary: versioned definitions of the workspace's words, signed by both teams like every
// agreement (lib/joint-approval.ts).
import { sql } from "drizzle-orm";
import {
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
import type { AgreementStatus } from "../../../shared/agreements.js";
import type { GlossaryTerm } from "../../../shared/glossary.js";
import { tenantKey, timestamps } from "./columns.js";
import { teamEnum } from "./enums.js";
import { members, workspaces } from "./workspaces.js";

export const glossaryVersions = pgTable(
  "glossary_versions",
  {
    ...tenantKey,
    version: integer("version").notNull(),
    status: text("status").$type<AgreementStatus>().notNull().default("draft"),
    terms: jsonb("terms").$type<GlossaryTerm[]>().notNull(),
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
    unique("glossary_versions_workspace_version_key").on(t.workspaceId, t.version),
    // At most one glossary in force per workspace.
    uniqueIndex("glossary_versions_one_active").on(t.workspaceId).where(sql`${t.status} = 'active'`),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }),
    foreignKey({ columns: [t.workspaceId, t.createdBy], foreignColumns: [members.workspaceId, members.id] }),
    foreignKey({
      columns: [t.workspaceId, t.activatedBy],
      foreignColumns: [members.workspaceId, members.id],
    }),
  ],
);

/** Every signature ever given; an edit clears the version's signatures (cleared_at) but keeps the record. */
export const glossaryApprovals = pgTable(
  "glossary_approvals",
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
    index("glossary_approvals_version_idx").on(t.workspaceId, t.versionId),
    foreignKey({
      columns: [t.workspaceId, t.versionId],
      foreignColumns: [glossaryVersions.workspaceId, glossaryVersions.id],
    }),
    foreignKey({ columns: [t.workspaceId, t.memberId], foreignColumns: [members.workspaceId, members.id] }),
  ],
);
