// Business calendars: the working hours the sales-marketing SLA counts in ("accept within 4 business
// hours", "3 attempts within 5 business days"). This file owns the shape, its validation and the default;
// the clock arithmetic lives in src/server/lib/business-hours.ts.
import { z } from "zod";

export const MAX_HOLIDAYS = 400;

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;
// 24:00 is allowed only as a closing time so that a round-the-clock calendar can cover whole days.
const CLOCK_OR_MIDNIGHT = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** Minutes after local midnight for "HH:MM" ("24:00" is 1440). */
export function clockToMinutes(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

const knownZones = new Map<string, boolean>();

/**
 * Whether `name` is an IANA time zone this runtime knows. Fixed offsets like "+02:00" are refused even where
 * the runtime would accept them: a calendar follows a place's clocks, DST included, not a frozen offset.
 */
export function isIanaTimeZone(name: string): boolean {
  let known = knownZones.get(name);
  if (known === undefined) {
    known = /^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name);
    if (known) {
      try {
        new Intl.DateTimeFormat("en-US", { timeZone: name });
      } catch {
        known = false;
      }
    }
    // Bounded so that a stream of junk names cannot grow the cache without limit.
    if (knownZones.size < 2000) knownZones.set(name, known);
  }
  return known;
}

export const businessCalendarSchema = z
  .object({
    timeZone: z
      .string({ message: "timeZone must be an IANA time zone name such as Europe/Berlin" })
      .trim()
      .refine(isIanaTimeZone, {
        message: "timeZone must be an IANA time zone name such as Europe/Berlin or America/New_York",
      }),
    workingDays: z
      .array(
        z
          .number({ message: "workingDays must hold ISO weekdays 1 (Monday) to 7 (Sunday)" })
          .int({ message: "workingDays must hold ISO weekdays 1 (Monday) to 7 (Sunday)" })
          .min(1, { message: "workingDays must hold ISO weekdays 1 (Monday) to 7 (Sunday)" })
          .max(7, { message: "workingDays must hold ISO weekdays 1 (Monday) to 7 (Sunday)" }),
        { message: "workingDays must be a list of ISO weekdays" },
      )
      .min(1, { message: "workingDays must name at least one day" })
      .refine((days) => new Set(days).size === days.length, {
        message: "workingDays must not repeat a day",
      }),
    start: z
      .string({ message: "start must be a time like 09:00" })
      .regex(CLOCK, { message: "start must be a time like 09:00 (HH:MM, 00:00 to 23:59)" }),
    end: z
      .string({ message: "end must be a time like 17:00" })
      .regex(CLOCK_OR_MIDNIGHT, { message: "end must be a time like 17:00 (HH:MM, up to 24:00)" }),
    holidays: z
      .array(z.iso.date({ message: "holidays must hold local dates like 2026-12-25" }), {
        message: "holidays must be a list of dates like 2026-12-25",
      })
      .max(MAX_HOLIDAYS, { message: `holidays can list at most ${MAX_HOLIDAYS} dates` })
      .default([]),
  })
  .refine(
    (cal) =>
      !CLOCK.test(cal.start) ||
      !CLOCK_OR_MIDNIGHT.test(cal.end) ||
      clockToMinutes(cal.end) > clockToMinutes(cal.start),
    {
      path: ["end"],
      message: "end must be after start on the same day",
    },
  );

export type BusinessCalendar = z.infer<typeof businessCalendarSchema>;

/** UTC, Monday to Friday, 09:00-17:00, no holidays: for workspaces that have not set their own hours. */
// Frozen throughout: code that copies it and pushes a holiday must not change every workspace's default.
export const DEFAULT_BUSINESS_CALENDAR: BusinessCalendar = Object.freeze({
  timeZone: "UTC",
  workingDays: Object.freeze([1, 2, 3, 4, 5]) as number[],
  start: "09:00",
  end: "17:00",
  holidays: Object.freeze([] as string[]) as string[],
});
