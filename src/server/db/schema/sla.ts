// The sales-marketing SLA: versioned terms signed by both teams, lead routing (who owns each new MQL and
// why) and the clocks that time each sales commitment per MQL.
import { sql } from "drizzle-orm";
import {
  bigint,
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
import type { AssignmentKind, ClockStatus, SlaCommitment, SlaStatus, SlaTerms } from "../../../shared/sla.js";
import { tenantKey, timestamps } from "./columns.js";
import { contacts } from "./contacts.js";
import { teamEnum } from "./enums.js";
import { pods } from "./pods.js";
import { members, workspaces } from "./workspaces.js";

export const slaVersions = pgTable(
  "sla_versions",
  {
    ...tenantKey,
    version: integer("version").notNull(),
    status: text("status").$type<SlaStatus>().notNull().default("draft"),
    terms: jsonb("terms").$type<SlaTerms>().notNull(),
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
    unique("sla_versions_workspace_version_key").on(t.workspaceId, t.version),
    // At most one agreement in force per workspace.
    uniqueIndex("sla_versions_one_active").on(t.workspaceId).where(sql`${t.status} = 'active'`),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }),
    foreignKey({ columns: [t.workspaceId, t.createdBy], foreignColumns: [members.workspaceId, members.id] }),
    foreignKey({
      columns: [t.workspaceId, t.activatedBy],
      foreignColumns: [members.workspaceId, members.id],
    }),
  ],
);

/** Every signature ever given; an edit clears the version's signatures (cleared_at) but keeps the record. */
export const slaApprovals = pgTable(
  "sla_approvals",
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
    index("sla_approvals_version_idx").on(t.workspaceId, t.versionId),
    foreignKey({
      columns: [t.workspaceId, t.versionId],
      foreignColumns: [slaVersions.workspaceId, slaVersions.id],
    }),
    foreignKey({ columns: [t.workspaceId, t.memberId], foreignColumns: [members.workspaceId, members.id] }),
  ],
);

/** Who got each lead, when and why (routing, the account's owner, a member's hand, a breach). */
export const leadAssignments = pgTable(
  "lead_assignments",
  {
    ...tenantKey,
    contactId: uuid("contact_id").notNull(),
    kind: text("kind").$type<AssignmentKind>().notNull(),
    /** Null while the lead waits in the routing queue. */
    memberId: uuid("member_id"),
    podId: uuid("pod_id"),
    previousMemberId: uuid("previous_member_id"),
    reason: text("reason").notNull(),
    assignedBy: uuid("assigned_by"),
    assignedAt: timestamp("assigned_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("lead_assignments_contact_idx").on(t.workspaceId, t.contactId, t.assignedAt),
    index("lead_assignments_member_idx").on(t.workspaceId, t.memberId, t.assignedAt),
    foreignKey({
      columns: [t.workspaceId, t.contactId],
      foreignColumns: [contacts.workspaceId, contacts.id],
    }),
    foreignKey({ columns: [t.workspaceId, t.memberId], foreignColumns: [members.workspaceId, members.id] }),
    foreignKey({ columns: [t.workspaceId, t.podId], foreignColumns: [pods.workspaceId, pods.id] }),
  ],
);

/**
 * One clock per MQL and sales commitment. It starts when the contact becomes an MQL; the owner's time
 * starts at `owner_since` (before that the lead waits in the routing queue: the system's delay). `warn_at`
 * and `due_at` are precomputed in business time so that the sweep is an indexed range scan.
 */
export const slaClocks = pgTable(
  "sla_clocks",
  {
    ...tenantKey,
    contactId: uuid("contact_id").notNull(),
    slaVersionId: uuid("sla_version_id").notNull(),
    commitment: text("commitment").$type<SlaCommitment>().notNull(),
    status: text("status").$type<ClockStatus>().notNull(),
    memberId: uuid("member_id"),
    podId: uuid("pod_id"),
    /** Touches needed (attempts); 1 for the other commitments. */
    target: integer("target").notNull().default(1),
    progress: integer("progress").notNull().default(0),
    /** The allowed business time in milliseconds (for attempts: whole business days, see due_at). */
    allowedMs: bigint("allowed_ms", { mode: "number" }).notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    ownerSince: timestamp("owner_since", { withTimezone: true }),
    warnAt: timestamp("warn_at", { withTimezone: true }),
    dueAt: timestamp("due_at", { withTimezone: true }),
    warnedAt: timestamp("warned_at", { withTimezone: true }),
    breachedAt: timestamp("breached_at", { withTimezone: true }),
    /** When the commitment was fulfilled, even late (a breached clock keeps its breach). */
    completedAt: timestamp("completed_at", { withTimezone: true }),
    closedReason: text("closed_reason").notNull().default(""),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("sla_clocks_contact_idx").on(t.workspaceId, t.contactId, t.startedAt),
    index("sla_clocks_started_idx").on(t.workspaceId, t.startedAt),
    index("sla_clocks_member_idx").on(t.workspaceId, t.memberId, t.startedAt),
    // The sweep: running clocks by due time and by warning time, across workspaces.
    index("sla_clocks_due_idx").on(t.dueAt).where(sql`${t.status} = 'running'`),
    index("sla_clocks_warn_idx").on(t.warnAt).where(sql`${t.status} = 'running' and ${t.warnedAt} is null`),
    // Stalls: commitments breached and still unfulfilled, by contact.
    index("sla_clocks_breached_open_idx")
      .on(t.workspaceId, t.contactId)
      .where(sql`${t.status} = 'breached' and ${t.completedAt} is null`),
    foreignKey({
      columns: [t.workspaceId, t.contactId],
      foreignColumns: [contacts.workspaceId, contacts.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.slaVersionId],
      foreignColumns: [slaVersions.workspaceId, slaVersions.id],
    }),
    foreignKey({ columns: [t.workspaceId, t.memberId], foreignColumns: [members.workspaceId, members.id] }),
    foreignKey({ columns: [t.workspaceId, t.podId], foreignColumns: [pods.workspaceId, pods.id] }),
  ],
);
