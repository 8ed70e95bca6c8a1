// A member's own in-app inbox: newest first, unread count for the bell, marking read. Nobody reads
// another member's notifications, admins included (another member's id answers 404).
import { and, eq, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import type { notificationListQuerySchema } from "../../../shared/notifications.js";
import type { Db } from "../../db/client.js";
import { notifications } from "../../db/schema/index.js";
import type { Caller } from "../../lib/access.js";
import { notFound } from "../../lib/errors.js";
import { keysetPage } from "../../lib/records.js";

type Row = typeof notifications.$inferSelect;

const present = (row: Row) => ({
  id: row.id,
  kind: row.kind,
  title: row.title,
  body: row.body,
  contactId: row.contactId,
  link: row.link,
  createdAt: row.createdAt.toISOString(),
  readAt: row.readAt?.toISOString() ?? null,
});

const mine = (caller: Caller) =>
  and(eq(notifications.workspaceId, caller.workspaceId), eq(notifications.memberId, caller.memberId));

export async function listNotifications(
  db: Db,
  caller: Caller,
  query: z.output<typeof notificationListQuerySchema>,
) {
  const page = await keysetPage<Row>(
    {
      run: (where, orderBy, limit) =>
        db
          .select()
          .from(notifications)
          .where(where)
          .orderBy(...orderBy)
          .limit(limit),
      sortColumn: notifications.createdAt,
      idColumn: notifications.id,
      sortKey: (row) => row.createdAt,
      idKey: (row) => row.id,
    },
    { order: "desc", cursor: query.cursor, limit: query.limit },
    [mine(caller), query.unread ? isNull(notifications.readAt) : undefined],
  );
  return { items: page.items.map(present), nextCursor: page.nextCursor };
}

export async function countUnread(db: Db, caller: Caller) {
  const [row] = await db
    .select({ unread: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(mine(caller), isNull(notifications.readAt)));
  return { unread: row?.unread ?? 0 };
}

/** Marks one notification read (reading it again keeps the first time). */
export async function markRead(db: Db, caller: Caller, id: string, at = new Date()) {
  const [row] = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, ${at.toISOString()}::timestamptz)` })
    .where(and(mine(caller), eq(notifications.id, id)))
    .returning();
  if (!row) throw notFound("Notification");
  return present(row);
}

export async function markAllRead(db: Db, caller: Caller, at = new Date()) {
  const rows = await db
    .update(notifications)
    .set({ readAt: at })
    .where(and(mine(caller), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return { marked: rows.length };
}
