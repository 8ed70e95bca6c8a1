// Reading meetings: a series with its attendees, an occurrence with its series, summaries (attendance and
// action item counts) and action items. Shared by the meetings service, the agenda and the exports.
import { type SQL, sql } from "drizzle-orm";
import type {
  ActionItem,
  MeetingCadence,
  MeetingMember,
  OccurrenceSummary,
} from "../../../shared/rituals.js";
import { type Db, queryRows } from "../../db/client.js";
import { notFound } from "../../lib/errors.js";
import { uuidArray } from "../../lib/ids.js";
import type { Schedule } from "./schedule.js";

export const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());
export const dayOf = (v: string | Date) =>
  typeof v === "string" ? v.slice(0, 10) : v.toISOString().slice(0, 10);

export interface SeriesRow extends Schedule {
  id: string;
  title: string;
  timeZone: string;
  archivedAt: string | null;
  createdAt: string;
}

export async function seriesRows(db: Db, ws: string, where: SQL): Promise<SeriesRow[]> {
  const rows = await queryRows<SeriesRow & { firstDate: string | Date }>(
    db,
    sql`select s.id, s.title, s.cadence, s.weekday, s.start_time as "startTime",
          s.duration_minutes as "durationMinutes", s.first_date as "firstDate", w.time_zone as "timeZone",
          s.archived_at as "archivedAt", s.created_at as "createdAt"
        from meeting_series s join workspaces w on w.id = s.workspace_id
        where s.workspace_id = ${ws} and ${where}
        order by s.created_at, s.id`,
  );
  return rows.map((r) => ({
    ...r,
    cadence: r.cadence as MeetingCadence,
    firstDate: dayOf(r.firstDate),
    archivedAt: iso(r.archivedAt),
    createdAt: iso(r.createdAt) as string,
  }));
}

export async function findSeries(db: Db, ws: string, id: string): Promise<SeriesRow> {
  const [row] = await seriesRows(db, ws, sql`s.id = ${id}::uuid and s.archived_at is null`);
  if (!row) throw notFound("Meeting series");
  return row;
}

/** Members of the workspace by id, with name, email and team (removed members too: history keeps them). */
export async function membersById(db: Db, ws: string, ids: string[]) {
  if (ids.length === 0) return new Map<string, MeetingMember & { removed: boolean }>();
  const rows = await queryRows<MeetingMember & { removed: boolean }>(
    db,
    sql`select m.id as "memberId", u.name, u.email, m.team, m.removed_at is not null as removed
        from members m join users u on u.id = m.user_id
        where m.workspace_id = ${ws} and m.id = any(${uuidArray(ids)})`,
  );
  return new Map(rows.map((r) => [r.memberId, r]));
}

export async function attendeesOf(db: Db, ws: string, seriesIds: string[]) {
  const rows = await queryRows<MeetingMember & { seriesId: string }>(
    db,
    sql`select a.series_id as "seriesId", m.id as "memberId", u.name, u.email, m.team
        from meeting_attendees a
        join members m on m.workspace_id = a.workspace_id and m.id = a.member_id
        join users u on u.id = m.user_id
        where a.workspace_id = ${ws} and a.series_id = any(${uuidArray(seriesIds)})
        order by m.team, u.name`,
  );
  const bySeries = new Map<string, MeetingMember[]>();
  for (const { seriesId, ...m } of rows) bySeries.set(seriesId, [...(bySeries.get(seriesId) ?? []), m]);
  return bySeries;
}

interface SummaryRow {
  id: string;
  seriesId: string;
  date: string | Date;
  startsAt: string | Date;
  heldAt: string | Date | null;
  present: number;
  absent: number;
  actionItems: number;
  openActionItems: number;
}

export function presentSummary(r: SummaryRow): OccurrenceSummary {
  return {
    id: r.id,
    seriesId: r.seriesId,
    date: dayOf(r.date),
    startsAt: iso(r.startsAt) as string,
    status: r.heldAt ? "held" : "scheduled",
    heldAt: iso(r.heldAt),
    present: r.present,
    absent: r.absent,
    actionItemCount: r.actionItems,
    openActionItemCount: r.openActionItems,
  };
}

/** Occurrence summaries matching `where` (on occurrences `o`), in `order`. */
export async function occurrenceSummaries(
  db: Db,
  ws: string,
  where: SQL,
  order: SQL = sql`o.date desc, o.id desc`,
  limit = 500,
) {
  const rows = await queryRows<SummaryRow>(
    db,
    sql`select o.id, o.series_id as "seriesId", o.date, o.starts_at as "startsAt", o.held_at as "heldAt",
          (select count(*) filter (where a.present) from meeting_attendance a
            where a.workspace_id = o.workspace_id and a.occurrence_id = o.id)::int as present,
          (select count(*) filter (where not a.present) from meeting_attendance a
            where a.workspace_id = o.workspace_id and a.occurrence_id = o.id)::int as absent,
          (select count(*) from meeting_action_items i
            where i.workspace_id = o.workspace_id and i.occurrence_id = o.id)::int as "actionItems",
          (select count(*) filter (where i.done_at is null) from meeting_action_items i
            where i.workspace_id = o.workspace_id and i.occurrence_id = o.id)::int as "openActionItems"
        from meeting_occurrences o
        where o.workspace_id = ${ws} and ${where}
        order by ${order}
        limit ${limit}`,
  );
  return rows.map(presentSummary);
}

export interface OccurrenceRow {
  id: string;
  seriesId: string;
  date: string;
  startsAt: string;
  heldAt: string | null;
  notes: string;
  notesUpdatedAt: string | null;
  notesUpdatedByName: string | null;
  agenda: unknown;
  series: SeriesRow;
}

/** One occurrence with its series (of a live or an archived series); 404 when it is not the workspace's. */
export async function findOccurrence(db: Db, ws: string, id: string): Promise<OccurrenceRow> {
  const [row] = await queryRows<{
    id: string;
    seriesId: string;
    date: string | Date;
    startsAt: string | Date;
    heldAt: string | Date | null;
    notes: string;
    notesUpdatedAt: string | Date | null;
    notesUpdatedByName: string | null;
    agenda: unknown;
  }>(
    db,
    sql`select o.id, o.series_id as "seriesId", o.date, o.starts_at as "startsAt", o.held_at as "heldAt",
          o.notes, o.notes_updated_at as "notesUpdatedAt", u.name as "notesUpdatedByName", o.agenda
        from meeting_occurrences o
        left join members m on m.workspace_id = o.workspace_id and m.id = o.notes_updated_by
        left join users u on u.id = m.user_id
        where o.workspace_id = ${ws} and o.id = ${id}::uuid`,
  );
  if (!row) throw notFound("Meeting");
  const [series] = await seriesRows(db, ws, sql`s.id = ${row.seriesId}::uuid`);
  return {
    ...row,
    date: dayOf(row.date),
    startsAt: iso(row.startsAt) as string,
    heldAt: iso(row.heldAt),
    notesUpdatedAt: iso(row.notesUpdatedAt),
    series,
  };
}

/** Action items matching `where` (on items `i` joined to their occurrence `o`), oldest due first. */
export async function actionItems(db: Db, ws: string, where: SQL): Promise<ActionItem[]> {
  const rows = await queryRows<{
    id: string;
    occurrenceId: string;
    occurrenceDate: string | Date;
    text: string;
    ownerMemberId: string;
    ownerName: string | null;
    dueDate: string | Date;
    doneAt: string | Date | null;
  }>(
    db,
    sql`select i.id, i.occurrence_id as "occurrenceId", o.date as "occurrenceDate", i.text,
          i.owner_member_id as "ownerMemberId", u.name as "ownerName", i.due_date as "dueDate", i.done_at as "doneAt"
        from meeting_action_items i
        join meeting_occurrences o on o.workspace_id = i.workspace_id and o.id = i.occurrence_id
        left join members m on m.workspace_id = i.workspace_id and m.id = i.owner_member_id
        left join users u on u.id = m.user_id
        where i.workspace_id = ${ws} and ${where}
        order by i.due_date, i.created_at, i.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    occurrenceId: r.occurrenceId,
    occurrenceDate: dayOf(r.occurrenceDate),
    text: r.text,
    ownerMemberId: r.ownerMemberId,
    ownerName: r.ownerName ?? "former member",
    dueDate: dayOf(r.dueDate),
    done: r.doneAt !== null,
    doneAt: iso(r.doneAt),
  }));
}

/** The occurrence of the series before `date` (the last meeting), if any. */
export async function previousOccurrence(db: Db, ws: string, seriesId: string, date: string) {
  const [row] = await queryRows<{ id: string; date: string | Date }>(
    db,
    sql`select id, date from meeting_occurrences where workspace_id = ${ws} and series_id = ${seriesId}::uuid
          and date < ${date}::date order by date desc limit 1`,
  );
  return row ? { id: row.id, date: dayOf(row.date) } : null;
}

export async function nextOccurrence(db: Db, ws: string, seriesId: string, date: string) {
  const [row] = await queryRows<{ id: string; date: string | Date }>(
    db,
    sql`select id, date from meeting_occurrences where workspace_id = ${ws} and series_id = ${seriesId}::uuid
          and date > ${date}::date order by date limit 1`,
  );
  return row ? { id: row.id, date: dayOf(row.date) } : null;
}
