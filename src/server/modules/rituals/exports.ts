// A meeting outside Lockstep: the series' calendar invite (iCalendar, RFC 5545: one recurring event from this
// meeting on, in the workspace's time zone, with every attendee; its UID is the series', so importing it
// again updates the same event) and the meeting as Markdown (agenda, attendance, notes and action items).
import { getVtimezoneComponent } from "@touch4it/ical-timezones";
import ical, { ICalAttendeeRole, ICalAttendeeStatus } from "ical-generator";
import { DateTime } from "luxon";
import type { Agenda, Occurrence } from "../../../shared/rituals.js";
import type { Db } from "../../db/client.js";
import type { Caller } from "../../lib/access.js";
import { occurrenceAgenda } from "./agenda.service.js";
import { getOccurrence } from "./meetings.service.js";
import { attendeesOf, findOccurrence } from "./occurrences.js";
import { describeSchedule, rrule } from "./schedule.js";

/** The series' UID: the same for every invite of the series. */
export const seriesUid = (seriesId: string) => `meeting-series-${seriesId}@lockstep`;

export async function occurrenceInvite(db: Db, caller: Caller, id: string, now = new Date()) {
  const ws = caller.workspaceId;
  const o = await findOccurrence(db, ws, id);
  const attendees = (await attendeesOf(db, ws, [o.seriesId])).get(o.seriesId) ?? [];
  const start = DateTime.fromISO(o.startsAt, { zone: o.series.timeZone });
  const calendar = ical({
    prodId: { company: "Lockstep", product: "Joint meetings", language: "EN" },
    name: o.series.title,
    timezone: { name: o.series.timeZone, generator: getVtimezoneComponent },
  });
  calendar.createEvent({
    id: seriesUid(o.seriesId),
    stamp: now,
    start,
    end: start.plus({ minutes: o.series.durationMinutes }),
    timezone: o.series.timeZone,
    summary: o.series.title,
    description: `Joint sales and marketing meeting. ${describeSchedule(o.series, o.series.timeZone)}. The agenda is built from the live reports in Lockstep.`,
    repeating: `RRULE:${rrule(o.series)}`,
    attendees: attendees.map((a) => ({
      email: a.email,
      name: a.name,
      role: ICalAttendeeRole.REQ,
      status: ICalAttendeeStatus.NEEDSACTION,
      rsvp: true,
    })),
  });
  return { name: fileName(o.series.title, o.date, "ics"), body: calendar.toString() };
}

export function fileName(title: string, date: string, ext: string) {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60);
  return `${slug || "meeting"}-${date}.${ext}`;
}

const pct = (n: number | null) => (n === null ? "–" : `${Math.round(n * 1000) / 10}%`);
const num = (n: number | null) =>
  n === null ? "–" : n.toLocaleString("en-US", { maximumFractionDigits: 2 });
const signed = (n: number) => (n > 0 ? `+${n}` : `${n}`);
/** Text inside a Markdown table cell or list item: no pipes or line breaks. */
const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");

export function agendaMarkdown(o: Occurrence, agenda: Agenda): string {
  const p = agenda.period;
  const lines: string[] = [
    `# ${cell(o.seriesTitle)}: ${o.date}`,
    "",
    `${DateTime.fromISO(o.startsAt, { zone: o.timeZone }).toFormat("cccc d LLLL yyyy, HH:mm")} (${o.timeZone}), ${o.durationMinutes} minutes. ${o.status === "held" ? "Held." : "Planned."}`,
    "",
    `Agenda ${agenda.state === "frozen" ? "as it stood when the meeting was held" : "from the live reports"} (computed ${agenda.computedAt}); period ${p.from} to ${p.to} (exclusive), compared with ${p.previousFrom} to ${p.previousTo}.`,
    "",
    "## SLA compliance",
    "",
    `SLA version: ${agenda.sla.slaVersion ?? "none in force"}`,
    "",
    "### Sales",
    "",
    "| Commitment | Met | Breached | Open | Compliance |",
    "|---|---:|---:|---:|---:|",
    ...agenda.sla.sales.map(
      (c) =>
        `| ${c.label} | ${c.met} | ${c.breached} | ${c.open} | ${pct(c.compliance)}${c.judged ? "" : " (too few to judge)"} |`,
    ),
    ...(agenda.sla.sales.length === 0 ? ["| No clocks started in the period | | | | |"] : []),
    "",
    "### Marketing",
    "",
    `- MQLs delivered: ${agenda.sla.marketing.mqlsDelivered} of ${num(agenda.sla.marketing.mqlsCommitted)} committed`,
    `- Pipeline created: ${num(agenda.sla.marketing.pipelineCreated)} of ${num(agenda.sla.marketing.pipelineCommitted)} committed`,
    `- Rejection rate: ${pct(agenda.sla.marketing.rejectionRate)} (limit ${pct(agenda.sla.marketing.maxRejectionRate)}; ${agenda.sla.marketing.accepted} accepted, ${agenda.sla.marketing.rejected} rejected)`,
    "",
    "## Funnel change",
    "",
    "| Stage | This period | Period before | Change |",
    "|---|---:|---:|---:|",
    ...agenda.funnel.map((f) => `| ${f.label} | ${f.current} | ${f.previous} | ${signed(f.change)} |`),
    "",
    "## Top reject reasons",
    "",
    `${agenda.rejectReasons.accepted} accepted, ${agenda.rejectReasons.rejected} rejected in the period.`,
    "",
    ...(agenda.rejectReasons.reasons.length === 0
      ? ["No MQL was rejected in the period."]
      : agenda.rejectReasons.reasons.map((r) => `- ${cell(r.label)}: ${r.count}`)),
    "",
    "## New objections",
    "",
    ...(agenda.objections.length === 0
      ? ["No objection was logged in the period."]
      : agenda.objections.map(
          (x) =>
            `- "${cell(x.text)}" (${cell(x.personaName)}): ${x.count} in the period, ${x.totalCount} in all; ${x.answered ? "has an approved response" : "no approved response yet"}`,
        )),
    "",
    `## Goal progress (${agenda.goals.label})`,
    "",
    ...(agenda.goals.items.length === 0
      ? ["No revenue team or team goals for the period."]
      : [
          "| Goal | Actual | Target | Progress |",
          "|---|---:|---:|---:|",
          ...agenda.goals.items.map(
            (g) =>
              `| ${cell(g.title)} | ${g.unit === "share" ? pct(g.actual) : num(g.actual)} | ${g.unit === "share" ? pct(g.target) : num(g.target)} | ${pct(g.share)}${g.hit ? " (hit)" : ""} |`,
          ),
        ]),
    "",
    "## Open content requests",
    "",
    ...(agenda.contentRequests.length === 0
      ? ["No content request is open."]
      : agenda.contentRequests.map(
          (r) =>
            `- ${cell(r.title)} (${r.status === "new" ? "new" : "in progress"}${r.dueDate ? `, due ${r.dueDate}` : ""})`,
        )),
    "",
    "## Carried over",
    "",
    ...(agenda.carriedOver.length === 0
      ? ["Nothing open from earlier meetings."]
      : agenda.carriedOver.map(
          (i) => `- [ ] ${cell(i.text)} (${cell(i.ownerName)}, due ${i.dueDate}; from ${i.occurrenceDate})`,
        )),
    "",
    "## Attendance",
    "",
    ...o.attendance.map(
      (a) =>
        `- ${cell(a.name)} (${a.team}): ${a.present === null ? "not recorded" : a.present ? "present" : "absent"}`,
    ),
    "",
    "## Notes",
    "",
    o.notes.trim() || "No notes yet.",
    "",
    "## Action items",
    "",
    ...(o.actionItems.length === 0
      ? ["No action items yet."]
      : o.actionItems.map(
          (i) => `- [${i.done ? "x" : " "}] ${cell(i.text)} (${cell(i.ownerName)}, due ${i.dueDate})`,
        )),
    "",
  ];
  return lines.join("\n");
}

export async function occurrenceMarkdown(db: Db, caller: Caller, id: string, now = new Date()) {
  const o = await getOccurrence(db, caller, id);
  const agenda = await occurrenceAgenda(db, caller, await findOccurrence(db, caller.workspaceId, id), now);
  return { name: fileName(o.seriesTitle, o.date, "md"), body: agendaMarkdown(o, agenda) };
}
