// Writing the audit log. Services call recordAudit inside the transaction of the change they record, so
// the log and the change commit together. The table refuses updates and deletes (a trigger). In lib
// because every module and the record store write it; reading it is modules/audit.
import { sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import type { Caller } from "./access.js";
import { newId } from "./ids.js";

export interface AuditEntry {
  /** Dotted, past tense: "sla.version.approved", "contact.stage.overridden", "member.role.changed"... */
  action: string;
  entityType: string;
  entityId?: string | null;
  /** One sentence a person reads in the log: "Sam Sales signed version 2 of the SLA for sales". */
  summary: string;
  before?: unknown;
  after?: unknown;
}

/** Appends entries for what `actor` (a member, or null for the system) did in `workspaceId`. */
export async function recordAudit(
  db: Db,
  workspaceId: string,
  actor: Pick<Caller, "memberId" | "name"> | null,
  entries: AuditEntry | AuditEntry[],
  at = new Date(),
) {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  const rows = list.map((e) => ({
    id: newId(),
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId ?? null,
    summary: e.summary,
    before: e.before === undefined ? null : e.before,
    after: e.after === undefined ? null : e.after,
  }));
  await db.execute(sql`
    insert into audit_events (workspace_id, id, action, entity_type, entity_id, member_id, actor_name, summary, before, after, occurred_at)
    select ${workspaceId}, x.id, x.action, x."entityType", x."entityId", ${actor?.memberId ?? null}::uuid,
      ${actor?.name ?? "system"}, x.summary, x.before, x.after, ${at.toISOString()}::timestamptz
    from json_to_recordset(${JSON.stringify(rows)}::json)
      as x(id uuid, action text, "entityType" text, "entityId" text, summary text, before jsonb, after jsonb)`);
}
