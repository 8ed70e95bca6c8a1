// Joint meetings: a recurring series with attendees of both teams, its occurrences (the next one is always
// planned: creating a series plans the first, holding one plans the one after), attendance, notes and action
// items. Leads and admins create and end series; members of either team (and leads, admins) keep the record.
import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import type { z } from "zod";
import type {
  attendanceSchema,
  CreateMeetingSeries,
  createActionItemSchema,
  MeetingSeries,
  notesSchema,
  Occurrence,
  occurrenceListQuerySchema,
  updateActionItemSchema,
} from "../../../shared/rituals.js";
import { type Db, queryRows } from "../../db/client.js";
import type { Caller } from "../../lib/access.js";
import { recordAudit } from "../../lib/audit.js";
import { badRequest, conflict, forbidden, notFound } from "../../lib/errors.js";
import { newId } from "../../lib/ids.js";
import { decodeCursor, encodeCursor } from "../../lib/records.js";
import { workspaceTimeZone } from "../reports/report-filters.js";
import { liveAgenda } from "./agenda.service.js";
import {
  actionItems,
  attendeesOf,
  findOccurrence,
  findSeries,
  membersById,
  nextOccurrence,
  occurrenceSummaries,
  previousOccurrence,
  type SeriesRow,
  seriesRows,
} from "./occurrences.js";
import { describeSchedule, firstDateOn, nextDate, startsAt } from "./schedule.js";

/** Members of sales or marketing, team leads and admins keep a meeting's record (rule "meeting-record"). */
export function checkRecordKeeper(caller: Caller) {
  if (caller.role === "lead" || caller.role === "admin") return;
  if (caller.team === "sales" || caller.team === "marketing") return;
  throw forbidden(
    "Only members of the sales or marketing team, team leads and admins can keep a meeting's record",
  );
}

async function presentSeries(db: Db, ws: string, rows: SeriesRow[]): Promise<MeetingSeries[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const attendees = await attendeesOf(db, ws, ids);
  const idList = sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const next = await occurrenceSummaries(
    db,
    ws,
    sql`o.held_at is null and o.series_id in (${idList})`,
    sql`o.date, o.id`,
  );
  const held = await occurrenceSummaries(db, ws, sql`o.held_at is not null and o.series_id in (${idList})`);
  return rows.map((s) => ({
    id: s.id,
    title: s.title,
    cadence: s.cadence,
    weekday: s.weekday,
    startTime: s.startTime,
    durationMinutes: s.durationMinutes,
    timeZone: s.timeZone,
    firstDate: s.firstDate,
    schedule: describeSchedule(s, s.timeZone),
    attendees: attendees.get(s.id) ?? [],
    next: next.find((o) => o.seriesId === s.id) ?? null,
    lastHeld: held.find((o) => o.seriesId === s.id) ?? null,
    createdAt: s.createdAt,
  }));
}

export async function listSeries(db: Db, caller: Caller) {
  const rows = await seriesRows(db, caller.workspaceId, sql`s.archived_at is null`);
  return { items: await presentSeries(db, caller.workspaceId, rows) };
}

export async function getSeries(db: Db, caller: Caller, id: string) {
  const row = await findSeries(db, caller.workspaceId, id);
  return (await presentSeries(db, caller.workspaceId, [row]))[0];
}

/** Attendees are live members of the workspace, with at least one of sales and one of marketing. */
async function checkAttendees(db: Db, ws: string, ids: string[]) {
  const unique = [...new Set(ids)];
  const found = await membersById(db, ws, unique);
  const missing = unique.find((id) => !found.get(id) || found.get(id)?.removed);
  if (missing) throw badRequest(`${missing} is not a member of this workspace`, "attendeeIds");
  const teams = new Set([...found.values()].map((m) => m.team));
  if (!teams.has("sales") || !teams.has("marketing"))
    throw badRequest("needs at least one member of sales and one of marketing", "attendeeIds");
  return unique;
}

/** Plans the series' meeting on `date` (once: a day already planned stays as it is). */
async function planOccurrence(
  db: Db,
  ws: string,
  s: { id: string; startTime: string },
  date: string,
  timeZone: string,
) {
  await db.execute(sql`insert into meeting_occurrences (workspace_id, id, series_id, date, starts_at)
    values (${ws}, ${newId()}, ${s.id}, ${date}::date, ${startsAt(s, date, timeZone).toISOString()}::timestamptz)
    on conflict do nothing`);
}

export async function createSeries(db: Db, caller: Caller, input: CreateMeetingSeries, now = new Date()) {
  const ws = caller.workspaceId;
  const attendees = await checkAttendees(db, ws, input.attendeeIds);
  const timeZone = await workspaceTimeZone(db, ws);
  const today = DateTime.fromJSDate(now, { zone: timeZone }).toISODate() as string;
  const firstDate = firstDateOn(input.startsOn ?? today, input.weekday);
  const id = newId();
  await db.transaction(async (t) => {
    await t.execute(sql`insert into meeting_series (workspace_id, id, title, cadence, weekday, start_time,
        duration_minutes, first_date, created_by)
      values (${ws}, ${id}, ${input.title}, ${input.cadence}, ${input.weekday}, ${input.startTime},
        ${input.durationMinutes}, ${firstDate}::date, ${caller.memberId})`);
    await t.execute(sql`insert into meeting_attendees (workspace_id, series_id, member_id)
      select ${ws}, ${id}, x from unnest(${`{${attendees.join(",")}}`}::uuid[]) x`);
    await planOccurrence(t, ws, { id, startTime: input.startTime }, firstDate, timeZone);
    await recordAudit(t, ws, caller, {
      action: "meeting.series.created",
      entityType: "meeting_series",
      entityId: id,
      summary: `${caller.name} planned the joint meeting "${input.title}"`,
      after: { ...input, firstDate },
    });
  });
  return getSeries(db, caller, id);
}

/** Ends a series: it leaves the list; its held meetings and their records stay readable. */
export async function archiveSeries(db: Db, caller: Caller, id: string, now = new Date()) {
  const s = await findSeries(db, caller.workspaceId, id);
  await db.transaction(async (t) => {
    await t.execute(sql`update meeting_series set archived_at = ${now.toISOString()}::timestamptz, updated_at = now()
      where workspace_id = ${caller.workspaceId} and id = ${id}::uuid`);
    await recordAudit(t, caller.workspaceId, caller, {
      action: "meeting.series.archived",
      entityType: "meeting_series",
      entityId: id,
      summary: `${caller.name} ended the joint meeting "${s.title}"`,
    });
  });
  return { ok: true as const };
}

export async function listOccurrences(
  db: Db,
  caller: Caller,
  seriesId: string,
  query: z.output<typeof occurrenceListQuerySchema>,
) {
  const ws = caller.workspaceId;
  await findSeries(db, ws, seriesId);
  const page = [sql`o.series_id = ${seriesId}::uuid`];
  if (query.cursor) {
    const [value, id] = decodeCursor(query.cursor);
    if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value))
      throw badRequest("is not a cursor this API gave out", "cursor");
    page.push(sql`(o.date, o.id) < (${value}::date, ${id}::uuid)`);
  }
  const rows = await occurrenceSummaries(db, ws, sql.join(page, sql` and `), undefined, query.limit + 1);
  const more = rows.length > query.limit;
  const items = more ? rows.slice(0, query.limit) : rows;
  const last = items.at(-1);
  const total = query.cursor
    ? undefined
    : (
        await queryRows<{ n: number }>(
          db,
          sql`select count(*)::int as n from meeting_occurrences where workspace_id = ${ws} and series_id = ${seriesId}::uuid`,
        )
      )[0]?.n;
  return { items, nextCursor: more && last ? encodeCursor(last.date, last.id) : null, total };
}

export async function getOccurrence(db: Db, caller: Caller, id: string): Promise<Occurrence> {
  const ws = caller.workspaceId;
  const o = await findOccurrence(db, ws, id);
  const [[summary], attendees, attendance, items, previous, next] = await Promise.all([
    occurrenceSummaries(db, ws, sql`o.id = ${id}::uuid`),
    attendeesOf(db, ws, [o.seriesId]),
    queryRows<{ memberId: string; present: boolean }>(
      db,
      sql`select member_id as "memberId", present from meeting_attendance
          where workspace_id = ${ws} and occurrence_id = ${id}::uuid`,
    ),
    actionItems(db, ws, sql`i.occurrence_id = ${id}::uuid`),
    previousOccurrence(db, ws, o.seriesId, o.date),
    nextOccurrence(db, ws, o.seriesId, o.date),
  ]);
  const invited = attendees.get(o.seriesId) ?? [];
  const marks = new Map(attendance.map((a) => [a.memberId, a.present]));
  const guests = await membersById(
    db,
    ws,
    attendance.map((a) => a.memberId).filter((m) => !invited.some((i) => i.memberId === m)),
  );
  return {
    ...summary,
    seriesTitle: o.series.title,
    durationMinutes: o.series.durationMinutes,
    timeZone: o.series.timeZone,
    attendance: [
      ...invited.map((m) => ({ ...m, invited: true, present: marks.get(m.memberId) ?? null })),
      ...[...guests.values()].map(({ removed: _, ...m }) => ({
        ...m,
        invited: false,
        present: marks.get(m.memberId) ?? null,
      })),
    ],
    notes: o.notes,
    notesUpdatedAt: o.notesUpdatedAt,
    notesUpdatedByName: o.notesUpdatedByName,
    actionItems: items,
    previousId: previous?.id ?? null,
    nextId: next?.id ?? null,
  };
}

/** Marks a meeting held: its agenda is frozen as it stands now, and the next meeting is planned. */
export async function holdOccurrence(db: Db, caller: Caller, id: string, now = new Date()) {
  checkRecordKeeper(caller);
  const ws = caller.workspaceId;
  const o = await findOccurrence(db, ws, id);
  if (o.heldAt) throw conflict("This meeting is already marked held");
  if (o.series.archivedAt) throw conflict("This meeting series has ended");
  const agenda = await liveAgenda(db, caller, o, now);
  await db.transaction(async (t) => {
    const done = await queryRows<{ id: string }>(
      t,
      sql`update meeting_occurrences set held_at = ${now.toISOString()}::timestamptz, held_by = ${caller.memberId},
            agenda = ${JSON.stringify({ ...agenda, state: "frozen" })}::jsonb, updated_at = now()
          where workspace_id = ${ws} and id = ${id}::uuid and held_at is null returning id`,
    );
    if (done.length === 0) throw conflict("This meeting is already marked held");
    if (!(await nextOccurrence(t, ws, o.seriesId, o.date)))
      await planOccurrence(t, ws, o.series, nextDate(o.series, o.date), o.series.timeZone);
    await recordAudit(t, ws, caller, {
      action: "meeting.held",
      entityType: "meeting_occurrence",
      entityId: id,
      summary: `${caller.name} marked "${o.series.title}" of ${o.date} held`,
    });
  });
  return getOccurrence(db, caller, id);
}

export async function setAttendance(
  db: Db,
  caller: Caller,
  id: string,
  input: z.output<typeof attendanceSchema>,
) {
  checkRecordKeeper(caller);
  const ws = caller.workspaceId;
  const o = await findOccurrence(db, ws, id);
  const present = [...new Set(input.presentMemberIds)];
  const found = await membersById(db, ws, present);
  const missing = present.find((m) => !found.has(m));
  if (missing) throw badRequest(`${missing} is not a member of this workspace`, "presentMemberIds");
  const invited = (await attendeesOf(db, ws, [o.seriesId])).get(o.seriesId) ?? [];
  const marks = new Map<string, boolean>(invited.map((m) => [m.memberId, false]));
  for (const m of present) marks.set(m, true);
  const rows = [...marks.entries()];
  await db.transaction(async (t) => {
    await t.execute(
      sql`delete from meeting_attendance where workspace_id = ${ws} and occurrence_id = ${id}::uuid`,
    );
    await t.execute(sql`insert into meeting_attendance (workspace_id, occurrence_id, member_id, present)
      select ${ws}, ${id}, x.member_id, x.present
      from json_to_recordset(${JSON.stringify(rows.map(([member_id, p]) => ({ member_id, present: p })))}::json)
        as x(member_id uuid, present boolean)`);
  });
  return getOccurrence(db, caller, id);
}

export async function setNotes(db: Db, caller: Caller, id: string, input: z.output<typeof notesSchema>) {
  checkRecordKeeper(caller);
  const ws = caller.workspaceId;
  await findOccurrence(db, ws, id);
  await db.execute(sql`update meeting_occurrences set notes = ${input.notes}, notes_updated_by = ${caller.memberId},
      notes_updated_at = now(), updated_at = now()
    where workspace_id = ${ws} and id = ${id}::uuid`);
  return getOccurrence(db, caller, id);
}

async function checkOwner(db: Db, ws: string, ownerMemberId: string) {
  const owner = (await membersById(db, ws, [ownerMemberId])).get(ownerMemberId);
  if (!owner || owner.removed) throw badRequest("is not a member of this workspace", "ownerMemberId");
}

export async function createActionItem(
  db: Db,
  caller: Caller,
  occurrenceId: string,
  input: z.output<typeof createActionItemSchema>,
) {
  checkRecordKeeper(caller);
  const ws = caller.workspaceId;
  const o = await findOccurrence(db, ws, occurrenceId);
  await checkOwner(db, ws, input.ownerMemberId);
  const id = newId();
  await db.execute(sql`insert into meeting_action_items (workspace_id, id, series_id, occurrence_id, text,
      owner_member_id, due_date, created_by)
    values (${ws}, ${id}, ${o.seriesId}, ${occurrenceId}, ${input.text}, ${input.ownerMemberId},
      ${input.dueDate}::date, ${caller.memberId})`);
  return (await actionItems(db, ws, sql`i.id = ${id}::uuid`))[0];
}

export async function updateActionItem(
  db: Db,
  caller: Caller,
  id: string,
  input: z.output<typeof updateActionItemSchema>,
) {
  checkRecordKeeper(caller);
  const ws = caller.workspaceId;
  const [current] = await actionItems(db, ws, sql`i.id = ${id}::uuid`);
  if (!current) throw notFound("Action item");
  if (input.ownerMemberId) await checkOwner(db, ws, input.ownerMemberId);
  const sets = [sql`updated_at = now()`];
  if (input.text !== undefined) sets.push(sql`text = ${input.text}`);
  if (input.ownerMemberId !== undefined) sets.push(sql`owner_member_id = ${input.ownerMemberId}::uuid`);
  if (input.dueDate !== undefined) sets.push(sql`due_date = ${input.dueDate}::date`);
  if (input.done !== undefined)
    sets.push(input.done ? sql`done_at = coalesce(done_at, now())` : sql`done_at = null`);
  await db.execute(
    sql`update meeting_action_items set ${sql.join(sets, sql`, `)} where workspace_id = ${ws} and id = ${id}::uuid`,
  );
  return (await actionItems(db, ws, sql`i.id = ${id}::uuid`))[0];
}
