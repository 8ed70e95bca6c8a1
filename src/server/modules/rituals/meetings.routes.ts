// Joint meetings' routes: every member reads them; team leads and admins plan and end a series; members of
// sales or marketing (and leads, admins) keep each meeting's record: attendance, notes, action items, held.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { errorSchema, idParams, okSchema } from "../../../shared/common.js";
import {
  actionItemSchema,
  agendaSchema,
  attendanceSchema,
  createActionItemSchema,
  createMeetingSeriesSchema,
  meetingSeriesListSchema,
  meetingSeriesSchema,
  notesSchema,
  occurrenceListQuerySchema,
  occurrencePageSchema,
  occurrenceSchema,
  updateActionItemSchema,
} from "../../../shared/rituals.js";
import type { Db } from "../../db/client.js";
import { LEADS, MEMBER } from "../../lib/access.js";
import { getAgenda } from "./agenda.service.js";
import { occurrenceInvite, occurrenceMarkdown } from "./exports.js";
import {
  archiveSeries,
  createActionItem,
  createSeries,
  getOccurrence,
  getSeries,
  holdOccurrence,
  listOccurrences,
  listSeries,
  setAttendance,
  setNotes,
  updateActionItem,
} from "./meetings.service.js";

const tags = ["Meetings"];
const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };

const download = (name: string) => `attachment; filename="${name}"`;

export function registerMeetingRoutes(app: FastifyInstance, db: Db) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    "/api/meetings",
    {
      schema: {
        tags,
        summary: "Joint meeting series with their attendees, next meeting and last held one",
        response: { 200: meetingSeriesListSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => listSeries(db, request.caller),
  );
  r.post(
    "/api/meetings",
    {
      schema: {
        tags,
        summary:
          "Plan a recurring joint meeting (cadence, weekday, time in the workspace's time zone, duration, attendees: at least one of sales and one of marketing); its first meeting is planned with it",
        body: createMeetingSeriesSchema,
        response: { 201: meetingSeriesSchema, ...errors },
      },
      config: { access: { ...LEADS, action: "plan a joint meeting" } },
    },
    async (request, reply) => reply.status(201).send(await createSeries(db, request.caller, request.body)),
  );
  r.get(
    "/api/meetings/:id",
    {
      schema: {
        tags,
        summary: "One meeting series",
        params: idParams,
        response: { 200: meetingSeriesSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => getSeries(db, request.caller, request.params.id),
  );
  r.delete(
    "/api/meetings/:id",
    {
      schema: {
        tags,
        summary: "End a meeting series (its held meetings stay on record); audited",
        params: idParams,
        response: { 200: okSchema, ...errors },
      },
      config: { access: { ...LEADS, action: "end a joint meeting" } },
    },
    (request) => archiveSeries(db, request.caller, request.params.id),
  );
  r.get(
    "/api/meetings/:id/occurrences",
    {
      schema: {
        tags,
        summary: "The series' meetings, latest first, with attendance and action item counts",
        params: idParams,
        querystring: occurrenceListQuerySchema,
        response: { 200: occurrencePageSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => listOccurrences(db, request.caller, request.params.id, request.query),
  );
  r.get(
    "/api/meeting-occurrences/:id",
    {
      schema: {
        tags,
        summary: "One meeting: attendance, notes and the action items agreed there",
        params: idParams,
        response: { 200: occurrenceSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => getOccurrence(db, request.caller, request.params.id),
  );
  r.get(
    "/api/meeting-occurrences/:id/agenda",
    {
      schema: {
        tags,
        summary:
          "The meeting's agenda for the period since the last meeting: SLA compliance of both teams, funnel change, top reject reasons, new objections, goal progress, open content requests and action items carried over; live until the meeting is held, then as it stood then",
        params: idParams,
        response: { 200: agendaSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => getAgenda(db, request.caller, request.params.id),
  );
  r.post(
    "/api/meeting-occurrences/:id/hold",
    {
      schema: {
        tags,
        summary: "Mark the meeting held: its agenda is frozen as it stands and the next meeting is planned",
        params: idParams,
        response: { 200: occurrenceSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => holdOccurrence(db, request.caller, request.params.id),
  );
  r.put(
    "/api/meeting-occurrences/:id/attendance",
    {
      schema: {
        tags,
        summary: "Record who was there; the series' other attendees are recorded absent",
        params: idParams,
        body: attendanceSchema,
        response: { 200: occurrenceSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => setAttendance(db, request.caller, request.params.id, request.body),
  );
  r.put(
    "/api/meeting-occurrences/:id/notes",
    {
      schema: {
        tags,
        summary: "Write the meeting's notes (Markdown)",
        params: idParams,
        body: notesSchema,
        response: { 200: occurrenceSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => setNotes(db, request.caller, request.params.id, request.body),
  );
  r.post(
    "/api/meeting-occurrences/:id/action-items",
    {
      schema: {
        tags,
        summary: "Agree an action item (owner, due date); it is carried to the next meetings until done",
        params: idParams,
        body: createActionItemSchema,
        response: { 201: actionItemSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    async (request, reply) =>
      reply.status(201).send(await createActionItem(db, request.caller, request.params.id, request.body)),
  );
  r.patch(
    "/api/action-items/:id",
    {
      schema: {
        tags,
        summary: "Edit an action item or mark it done (or open again)",
        params: idParams,
        body: updateActionItemSchema,
        response: { 200: actionItemSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => updateActionItem(db, request.caller, request.params.id, request.body),
  );
  // Files, not JSON: declared on the untyped app (the schemas still validate).
  app.get<{ Params: { id: string } }>(
    "/api/meeting-occurrences/:id/invite.ics",
    {
      schema: {
        tags,
        summary:
          "The series' calendar invite (iCalendar) from this meeting on: recurring, in the workspace's time zone, with every attendee",
        params: idParams,
        produces: ["text/calendar"],
        response: { ...errors },
      },
      config: { access: MEMBER },
    },
    async (request, reply) => {
      const file = await occurrenceInvite(db, request.caller, request.params.id);
      return reply
        .type("text/calendar; charset=utf-8")
        .header("content-disposition", download(file.name))
        .send(file.body);
    },
  );
  app.get<{ Params: { id: string } }>(
    "/api/meeting-occurrences/:id/agenda.md",
    {
      schema: {
        tags,
        summary: "The meeting as Markdown: agenda, attendance, notes and action items",
        params: idParams,
        produces: ["text/markdown"],
        response: { ...errors },
      },
      config: { access: MEMBER },
    },
    async (request, reply) => {
      const file = await occurrenceMarkdown(db, request.caller, request.params.id);
      return reply
        .type("text/markdown; charset=utf-8")
        .header("content-disposition", download(file.name))
        .send(file.body);
    },
  );
}
