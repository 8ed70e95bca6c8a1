// When a meeting series meets: its days (weekly, every other week, or monthly on the same weekday of the
// same week of the month), the instant each one starts in the workspace's time zone, and the same rule as
// an iCalendar RRULE.
import { DateTime } from "luxon";
import { type MeetingCadence, WEEKDAY_LABELS } from "../../../shared/rituals.js";

export interface Schedule {
  cadence: MeetingCadence;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  startTime: string;
  durationMinutes: number;
  firstDate: string;
}

const ICAL_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;
const day = (d: DateTime) => d.toISODate() as string;
const parse = (date: string) => DateTime.fromISO(date, { zone: "UTC" });

/** The first day on or after `from` that falls on the weekday. */
export function firstDateOn(from: string, weekday: number): string {
  const d = parse(from);
  return day(d.plus({ days: (weekday - d.weekday + 7) % 7 }));
}

/** Which week of its month a day is in: 1 to 4, or -1 for the fifth (then: the last such weekday). */
export function weekOfMonth(date: string): number {
  const n = Math.ceil(parse(date).day / 7);
  return n > 4 ? -1 : n;
}

/** The nth (or, with -1, the last) weekday of a month. */
function nthWeekday(year: number, month: number, weekday: number, n: number): string {
  if (n === -1) {
    const last = DateTime.utc(year, month, 1).endOf("month").startOf("day");
    return day(last.minus({ days: (last.weekday - weekday + 7) % 7 }));
  }
  const first = firstDateOn(day(DateTime.utc(year, month, 1)), weekday);
  return day(parse(first).plus({ weeks: n - 1 }));
}

/** The meeting day after `date` (a meeting day of the series). */
export function nextDate(s: Schedule, date: string): string {
  if (s.cadence === "weekly") return day(parse(date).plus({ days: 7 }));
  if (s.cadence === "biweekly") return day(parse(date).plus({ days: 14 }));
  const next = parse(date).startOf("month").plus({ months: 1 });
  return nthWeekday(next.year, next.month, s.weekday, weekOfMonth(s.firstDate));
}

/** The meeting day before `date` by the rule (for the first meeting's look back). */
export function previousDate(s: Schedule, date: string): string {
  if (s.cadence === "weekly") return day(parse(date).minus({ days: 7 }));
  if (s.cadence === "biweekly") return day(parse(date).minus({ days: 14 }));
  const prev = parse(date).startOf("month").minus({ months: 1 });
  return nthWeekday(prev.year, prev.month, s.weekday, weekOfMonth(s.firstDate));
}

/** The day `days` days before `date`. */
export function daysBefore(date: string, days: number): string {
  return day(parse(date).minus({ days }));
}

export function daysBetween(from: string, to: string): number {
  return Math.round(parse(to).diff(parse(from), "days").days);
}

/** The instant a meeting on `date` starts, in the workspace's time zone. */
export function startsAt(s: Pick<Schedule, "startTime">, date: string, timeZone: string): Date {
  return DateTime.fromISO(`${date}T${s.startTime}`, { zone: timeZone }).toJSDate();
}

/** The series' rule as an iCalendar RRULE value (without the "RRULE:" name). */
export function rrule(s: Schedule): string {
  const byDay = ICAL_DAYS[s.weekday - 1];
  if (s.cadence === "weekly") return `FREQ=WEEKLY;BYDAY=${byDay}`;
  if (s.cadence === "biweekly") return `FREQ=WEEKLY;INTERVAL=2;BYDAY=${byDay}`;
  return `FREQ=MONTHLY;BYDAY=${weekOfMonth(s.firstDate)}${byDay}`;
}

const ORDINALS: Record<number, string> = { 1: "first", 2: "second", 3: "third", 4: "fourth", [-1]: "last" };

/** "Every week on Monday at 09:30 (Europe/Berlin), 45 minutes". */
export function describeSchedule(s: Schedule, timeZone: string): string {
  const weekday = WEEKDAY_LABELS[s.weekday - 1];
  const when =
    s.cadence === "weekly"
      ? `Every week on ${weekday}`
      : s.cadence === "biweekly"
        ? `Every other week on ${weekday}`
        : `Every month on the ${ORDINALS[weekOfMonth(s.firstDate)]} ${weekday}`;
  return `${when} at ${s.startTime} (${timeZone}), ${s.durationMinutes} minutes`;
}
