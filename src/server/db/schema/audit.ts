// The audit log: an append-only record of changes that matter for trust (agreements, stage overrides,
// deletions, member roles, keys, personal data): who, when, what, the state before and after.
import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenantKey } from "./columns.js";

export const auditEvents = pgTable(
  "audit_events",
  {
    ...tenantKey,
    /** e.g. "sla.version.approved", "contact.stage.overridden", "member.role.changed", "api_key.revoked" */
    action: text("action").notNull(),
    /** What was changed: "sla_version", "scoring_version", "contact", "member", "api_key", "webhook"... */
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    /** The member who did it; null for the system (a sweep, a rule). */
    memberId: uuid("member_id"),
    /** Name and email at the time, so the log stays readable after a member leaves. */
    actorName: text("actor_name").notNull().default("system"),
    summary: text("summary").notNull(),
    before: jsonb("before").$type<unknown>(),
    after: jsonb("after").$type<unknown>(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("audit_events_occurred_idx").on(t.workspaceId, t.occurredAt, t.id),
    index("audit_events_entity_idx").on(t.workspaceId, t.entityType, t.entityId, t.occurredAt),
  ],
);
