// The team rituals: joint smarketing meetings (a recurring series with attendees of both teams, its dated
// occurrences with attendance, notes, action items and, once held, the agenda frozen as it was shown) and
// enablement (training, shadowing and job rotation across the teams, with feedback per participant).
import {
  boolean,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { archivedAt, tenantKey, timestamps } from "./columns.js";
import { members, workspaces } from "./workspaces.js";

export const meetingSeries = pgTable(
  "meeting_series",
  {
    ...tenantKey,
    title: text("title").notNull(),
    /** weekly, biweekly or monthly (monthly: the same weekday of the same week of the month). */
    cadence: text("cadence").$type<"weekly" | "biweekly" | "monthly">().notNull(),
    /** ISO weekday: 1 Monday ... 7 Sunday. */
    weekday: smallint("weekday").notNull(),
    /** Local start time, HH:MM, in the workspace's time zone. */
    startTime: text("start_time").notNull(),
    durationMinutes: integer("duration_minutes").notNull(),
    /** The first occurrence's day. */
    firstDate: date("first_date").notNull(),
    createdBy: uuid("created_by").notNull(),
    archivedAt,
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }),
    foreignKey({ columns: [t.workspaceId, t.createdBy], foreignColumns: [members.workspaceId, members.id] }),
  ],
);

export const meetingAttendees = pgTable(
  "meeting_attendees",
  {
    workspaceId: uuid("workspace_id").notNull(),
    seriesId: uuid("series_id").notNull(),
    memberId: uuid("member_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.seriesId, t.memberId] }),
    foreignKey({
      columns: [t.workspaceId, t.seriesId],
      foreignColumns: [meetingSeries.workspaceId, meetingSeries.id],
    }),
    foreignKey({ columns: [t.workspaceId, t.memberId], foreignColumns: [members.workspaceId, members.id] }),
  ],
);

export const meetingOccurrences = pgTable(
  "meeting_occurrences",
  {
    ...tenantKey,
    seriesId: uuid("series_id").notNull(),
    /** The meeting's day (workspace time) and the instant it starts. */
    date: date("date").notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    notes: text("notes").notNull().default(""),
    notesUpdatedBy: uuid("notes_updated_by"),
    notesUpdatedAt: timestamp("notes_updated_at", { withTimezone: true }),
    /** Set when the meeting is marked held: from then on its agenda is the snapshot below. */
    heldAt: timestamp("held_at", { withTimezone: true }),
    heldBy: uuid("held_by"),
    agenda: jsonb("agenda"),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex("meeting_occurrences_date_key").on(t.workspaceId, t.seriesId, t.date),
    foreignKey({
      columns: [t.workspaceId, t.seriesId],
      foreignColumns: [meetingSeries.workspaceId, meetingSeries.id],
    }),
    foreignKey({ columns: [t.workspaceId, t.heldBy], foreignColumns: [members.workspaceId, members.id] }),
    foreignKey({
      columns: [t.workspaceId, t.notesUpdatedBy],
      foreignColumns: [members.workspaceId, members.id],
    }),
  ],
);

/** Who was there (present) and who was not (absent), per occurrence. */
export const meetingAttendance = pgTable(
  "meeting_attendance",
  {
    workspaceId: uuid("workspace_id").notNull(),
    occurrenceId: uuid("occurrence_id").notNull(),
    memberId: uuid("member_id").notNull(),
    present: boolean("present").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.occurrenceId, t.memberId] }),
    foreignKey({
      columns: [t.workspaceId, t.occurrenceId],
      foreignColumns: [meetingOccurrences.workspaceId, meetingOccurrences.id],
    }),
    foreignKey({ columns: [t.workspaceId, t.memberId], foreignColumns: [members.workspaceId, members.id] }),
  ],
);

/** Agreed at an occurrence; carried to the next meetings' agendas until done. */
export const meetingActionItems = pgTable(
  "meeting_action_items",
  {
    ...tenantKey,
    seriesId: uuid("series_id").notNull(),
    occurrenceId: uuid("occurrence_id").notNull(),
    text: text("text").notNull(),
    ownerMemberId: uuid("owner_member_id").notNull(),
    dueDate: date("due_date").notNull(),
    doneAt: timestamp("done_at", { withTimezone: true }),
    createdBy: uuid("created_by").notNull(),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("meeting_action_items_series_idx").on(t.workspaceId, t.seriesId, t.doneAt),
    foreignKey({
      columns: [t.workspaceId, t.occurrenceId],
      foreignColumns: [meetingOccurrences.workspaceId, meetingOccurrences.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.seriesId],
      foreignColumns: [meetingSeries.workspaceId, meetingSeries.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.ownerMemberId],
      foreignColumns: [members.workspaceId, members.id],
    }),
    foreignKey({ columns: [t.workspaceId, t.createdBy], foreignColumns: [members.workspaceId, members.id] }),
  ],
);

export const enablementSessions = pgTable(
  "enablement_sessions",
  {
    ...tenantKey,
    /** training (a team teaching its process), shadowing, rotation. */
    kind: text("kind").$type<"training" | "shadowing" | "rotation">().notNull(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    /** The team that teaches or hosts (a rotation: the team the participants rotate into). */
    hostTeam: text("host_team").$type<"sales" | "marketing" | "revenue">().notNull(),
    hostMemberId: uuid("host_member_id"),
    scheduledOn: date("scheduled_on").notNull(),
    /** Rotations last several days: the last one. */
    endsOn: date("ends_on"),
    status: text("status").$type<"scheduled" | "done" | "cancelled">().notNull().default("scheduled"),
    doneAt: timestamp("done_at", { withTimezone: true }),
    createdBy: uuid("created_by").notNull(),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("enablement_sessions_scheduled_idx").on(t.workspaceId, t.scheduledOn, t.id),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }),
    foreignKey({
      columns: [t.workspaceId, t.hostMemberId],
      foreignColumns: [members.workspaceId, members.id],
    }),
    foreignKey({ columns: [t.workspaceId, t.createdBy], foreignColumns: [members.workspaceId, members.id] }),
  ],
);

export const enablementParticipants = pgTable(
  "enablement_participants",
  {
    workspaceId: uuid("workspace_id").notNull(),
    sessionId: uuid("session_id").notNull(),
    memberId: uuid("member_id").notNull(),
    /** Feedback once done: 1 (not useful) to 5 (very useful), and a comment. */
    rating: smallint("rating"),
    comment: text("comment").notNull().default(""),
    feedbackAt: timestamp("feedback_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.sessionId, t.memberId] }),
    index("enablement_participants_member_idx").on(t.workspaceId, t.memberId),
    foreignKey({
      columns: [t.workspaceId, t.sessionId],
      foreignColumns: [enablementSessions.workspaceId, enablementSessions.id],
    }),
    foreignKey({ columns: [t.workspaceId, t.memberId], foreignColumns: [members.workspaceId, members.id] }),
  ],
);
