// Reading the audit log (admins): newest first in keyset pages, filtered by record type, action, member and
// period, with each record's current name; and the same as a CSV file.
import { eq, gte, like, lt, or, type SQL, sql } from "drizzle-orm";
import type { AuditEvent, AuditQuery } from "../../../shared/audit.js";
import { type Db, queryRows } from "../../db/client.js";
import { auditEvents } from "../../db/schema/index.js";
import type { Caller } from "../../lib/access.js";
import { countRows, escapeLike, keysetPage } from "../../lib/records.js";

type AuditRow = typeof auditEvents.$inferSelect;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How to name each kind of record: its table and name expression (record names are read live). */
const NAME_SOURCES: Record<string, SQL> = {
  contact: sql`select id::text as id, name from contacts`,
  account: sql`select id::text as id, name from accounts`,
  opportunity: sql`select id::text as id, name from opportunities`,
  campaign: sql`select id::text as id, name from campaigns`,
  persona: sql`select id::text as id, name from personas`,
  segment: sql`select id::text as id, name from segments`,
  pod: sql`select id::text as id, name from pods`,
  property: sql`select id::text as id, label as name from property_definitions`,
  member: sql`select m.id::text as id, u.name from members m join users u on u.id = m.user_id`,
  invitation: sql`select id::text as id, email as name from invitations`,
  scoring_version: sql`select v.id::text as id, s.name || ', version ' || v.version as name
    from scoring_model_versions v join scoring_models s on s.workspace_id = v.workspace_id and s.id = v.model_id`,
  sla_version: sql`select id::text as id, 'SLA version ' || version as name from sla_versions`,
};

const ALIASES: Record<string, string> = {
  member: "m",
  scoring_version: "v",
};

async function resolveNames(db: Db, workspaceId: string, rows: AuditRow[]) {
  const wanted = new Map<string, Set<string>>();
  for (const row of rows) {
    if (!row.entityId || !UUID.test(row.entityId) || !NAME_SOURCES[row.entityType]) continue;
    const set = wanted.get(row.entityType) ?? new Set<string>();
    set.add(row.entityId);
    wanted.set(row.entityType, set);
  }
  const names = new Map<string, string>();
  await Promise.all(
    [...wanted].map(async ([type, ids]) => {
      const alias = ALIASES[type];
      const column = alias ? sql.raw(`${alias}.`) : sql.raw("");
      const found = await queryRows<{ id: string; name: string }>(
        db,
        sql`${NAME_SOURCES[type]} where ${column}workspace_id = ${workspaceId}
          and ${column}id = any(${`{${[...ids].join(",")}}`}::uuid[])`,
      );
      for (const f of found) names.set(`${type}|${f.id}`, f.name);
    }),
  );
  return names;
}

/** A date alone means the start of that day (UTC). */
const toDate = (value: string) => new Date(value.length === 10 ? `${value}T00:00:00Z` : value);

function conditions(workspaceId: string, query: AuditQuery): (SQL | undefined)[] {
  return [
    eq(auditEvents.workspaceId, workspaceId),
    query.entityType ? eq(auditEvents.entityType, query.entityType) : undefined,
    query.entityId ? eq(auditEvents.entityId, query.entityId) : undefined,
    query.action
      ? or(
          eq(auditEvents.action, query.action),
          like(auditEvents.action, `${escapeLike(query.action.replace(/\.$/, ""))}.%`),
        )
      : undefined,
    query.memberId ? eq(auditEvents.memberId, query.memberId) : undefined,
    query.from ? gte(auditEvents.occurredAt, toDate(query.from)) : undefined,
    query.to ? lt(auditEvents.occurredAt, toDate(query.to)) : undefined,
  ];
}

export async function listAuditEvents(
  db: Db,
  caller: Caller,
  query: AuditQuery,
): Promise<{ items: AuditEvent[]; nextCursor: string | null; total?: number }> {
  const page = await keysetPage(
    {
      run: (where, orderBy, limit) =>
        db
          .select()
          .from(auditEvents)
          .where(where)
          .orderBy(...orderBy)
          .limit(limit),
      sortColumn: auditEvents.occurredAt,
      idColumn: auditEvents.id,
      count: (where) => countRows(db, auditEvents, where),
      sortKey: (row) => row.occurredAt,
      idKey: (row) => row.id,
    },
    { order: "desc", cursor: query.cursor, limit: query.limit },
    conditions(caller.workspaceId, query),
  );
  const names = await resolveNames(db, caller.workspaceId, page.items);
  return {
    items: page.items.map((row) => ({
      id: row.id,
      action: row.action,
      entityType: row.entityType,
      entityId: row.entityId,
      entityName: row.entityId ? (names.get(`${row.entityType}|${row.entityId}`) ?? null) : null,
      memberId: row.memberId,
      actorName: row.actorName,
      summary: row.summary,
      before: row.before ?? null,
      after: row.after ?? null,
      occurredAt: row.occurredAt.toISOString(),
    })),
    nextCursor: page.nextCursor,
    total: page.total,
  };
}

export const AUDIT_CSV_COLUMNS = [
  "occurredAt",
  "actorName",
  "memberId",
  "action",
  "entityType",
  "entityId",
  "entityName",
  "summary",
  "before",
  "after",
] as const;

/** Every entry matching the filters, newest first, page by page (for the CSV export). */
export async function* allAuditEvents(db: Db, caller: Caller, query: AuditQuery) {
  let cursor: string | undefined;
  do {
    const page = await listAuditEvents(db, caller, { ...query, cursor, limit: 200 });
    for (const item of page.items)
      yield {
        ...item,
        before: item.before === null ? "" : JSON.stringify(item.before),
        after: item.after === null ? "" : JSON.stringify(item.after),
      };
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
