// Business-hours arithmetic for SLA clocks: whether a moment is inside working hours, when they next open,
// how much business time lies between two moments, and deadlines N business milliseconds or days away.
// Pure (no database, no clock reads). The calendar shape and its validation live in
// src/shared/business-hours.ts.
//
// Definition. A moment is business time when, on the calendar's local clock, its date is a working weekday
// that is not a holiday and its wall time is in [start, end): opening counts, closing does not. Everything
// below follows from that one rule, DST included: a wall-clock hour skipped when clocks spring forward holds
// no business time, and an hour that repeats when they fall back counts twice. So a day has an hour more or
// less of business time only when the change falls inside working hours (a 00:00-24:00 calendar gets 23 h
// and 25 h days; 09:00-17:00 in New York never notices). If an opening time is skipped, the clock starts
// at the moment the clocks jump.
//
// Method. wall(t) = t + offset(t) moves in lockstep with t between two offset changes, so the business time
// of an instant range is the business measure of the wall range it maps to, and that measure has a closed
// form (whole weeks times working days, a weekday prefix, minus holidays found by binary search). An instant
// range is cut at the zone's offset changes and the pieces are summed: a one-year span is a dozen pieces,
// not 365 day steps. Offsets come from luxon (ICU's tz data through Intl); the changes are found once per
// zone and 64-day chunk, then cached, so the first call in a new stretch of time costs about a millisecond
// and later calls a few microseconds.
import { IANAZone } from "luxon";
import { type BusinessCalendar, clockToMinutes, isIanaTimeZone } from "../../shared/business-hours.js";

export type { BusinessCalendar } from "../../shared/business-hours.js";

/** A calendar that cannot be computed with: unknown zone, malformed field, or no working time at all. */
export class BusinessCalendarError extends Error {
  override name = "BusinessCalendarError";
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const CHUNK_DAYS = 64;
const CHUNK = CHUNK_DAYS * DAY;
// Keeps chunk edges (about +-1 day of margin per call) inside the range a Date can represent.
const MAX_INSTANT = 8.64e15 - 2 * CHUNK;
// A valid calendar opens at least weekly and holidays are finite, so loops end long before this; it only
// turns a runaway (a zone whose clocks skip every working hour) into an error instead of a hang.
const MAX_PIECES = 100_000;

// ---------------------------------------------------------------------------------------------------------
// Zone offsets: the offset in force at an instant and where it next changes.

interface Chunk {
  base: number;
  /** Instants in (chunk start, chunk end) where the offset changes, ascending, and the offset from each. */
  at: number[];
  offset: number[];
}

class ZoneOffsets {
  private readonly zone: IANAZone;
  private readonly chunks = new Map<number, Chunk>();

  constructor(name: string) {
    this.zone = IANAZone.create(name);
  }

  private raw(t: number): number {
    const minutes = this.zone.offset(t);
    if (!Number.isFinite(minutes)) {
      throw new RangeError(`No UTC offset for ${this.zone.name} at ${t}: outside the supported range`);
    }
    return Math.round(minutes * MINUTE);
  }

  // Samples once a day, so a change and its undoing less than a day apart would go unseen; tz data has no
  // such pair in the era an SLA looks at.
  private build(index: number): Chunk {
    const start = index * CHUNK;
    const end = start + CHUNK;
    const chunk: Chunk = { base: this.raw(start), at: [], offset: [] };
    let prevT = start;
    let prevO = chunk.base;
    for (let k = 1; k <= CHUNK_DAYS; k++) {
      const t = start + k * DAY;
      const o = this.raw(t);
      while (o !== prevO) {
        // Intl resolves whole seconds and zones change on whole seconds: search seconds, not milliseconds.
        let lo = prevT;
        let hi = t;
        while (hi - lo > 1000) {
          const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
          if (this.raw(mid) === prevO) lo = mid;
          else hi = mid;
        }
        prevT = hi;
        prevO = this.raw(hi);
        if (hi < end) {
          chunk.at.push(hi);
          chunk.offset.push(prevO);
        }
      }
      prevT = t;
    }
    return chunk;
  }

  /** The offset in force at `t` and the first instant after `t` where it may differ. */
  piece(t: number): { offset: number; end: number } {
    const index = Math.floor(t / CHUNK);
    let chunk = this.chunks.get(index);
    if (!chunk) {
      // A long-running server wandering through many years should not keep every chunk it ever saw.
      if (this.chunks.size >= 4096) this.chunks.clear();
      chunk = this.build(index);
      this.chunks.set(index, chunk);
    }
    let offset = chunk.base;
    for (let i = 0; i < chunk.at.length; i++) {
      if (chunk.at[i] > t) return { offset, end: chunk.at[i] };
      offset = chunk.offset[i];
    }
    return { offset, end: (index + 1) * CHUNK };
  }
}

const zones = new Map<string, ZoneOffsets>();

function zoneOffsets(name: string): ZoneOffsets {
  let zone = zones.get(name);
  if (!zone) {
    zone = new ZoneOffsets(name);
    zones.set(name, zone);
  }
  return zone;
}

// ---------------------------------------------------------------------------------------------------------
// The calendar in wall time. Day numbers count local dates from 1970-01-01 (day 0, a Thursday); a wall
// time w is day floor(w / DAY) at time of day w mod DAY.

interface Compiled {
  zone: ZoneOffsets;
  open: number;
  close: number;
  /** Business milliseconds in one working day. */
  length: number;
  /** Indexed by ISO weekday 1..7. */
  working: boolean[];
  perWeek: number;
  /** prefix[r]: working days among the first r days of a block of 7 starting on a Thursday. */
  prefix: number[];
  /** Day numbers of holidays that fall on working weekdays (the others change nothing), ascending. */
  holidays: number[];
  holidaySet: Set<number>;
}

const isoWeekday = (day: number): number => ((((day + 3) % 7) + 7) % 7) + 1;

const isBusinessDay = (c: Compiled, day: number): boolean =>
  c.working[isoWeekday(day)] && !c.holidaySet.has(day);

function lowerBound(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Business days before `day`, counted from a fixed origin: only differences mean anything. */
function businessDaysBefore(c: Compiled, day: number): number {
  const weeks = Math.floor(day / 7);
  return weeks * c.perWeek + c.prefix[day - weeks * 7] - lowerBound(c.holidays, day);
}

/** The smallest day number x with businessDaysBefore(x) >= n. */
function firstDayReaching(c: Compiled, n: number): number {
  // Without holidays the count is exact per block of 7; holidays can only push the answer later, by at
  // most their number of working days, so the search range is a few thousand days at worst.
  let lo = 7 * (Math.ceil(n / c.perWeek) - 1);
  let hi = 7 * Math.ceil((n + c.holidays.length) / c.perWeek);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (businessDaysBefore(c, mid) >= n) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** First business day on or after `day`. */
const nextBusinessDay = (c: Compiled, day: number): number =>
  firstDayReaching(c, businessDaysBefore(c, day) + 1) - 1;

/** Business milliseconds of wall time before `w`, from the same origin as businessDaysBefore. */
function cumulative(c: Compiled, w: number): number {
  const day = Math.floor(w / DAY);
  const done = businessDaysBefore(c, day) * c.length;
  if (!isBusinessDay(c, day)) return done;
  return done + Math.min(Math.max(w - day * DAY - c.open, 0), c.length);
}

/** The smallest wall time whose cumulative business time reaches `target` (so a closing, not the next opening). */
function wallAtCumulative(c: Compiled, target: number): number {
  // k whole business days come before the one in which target is reached; corrected after the division
  // because a quotient near 1e8 may round across an integer.
  let k = Math.ceil(target / c.length) - 1;
  while ((k + 1) * c.length < target) k++;
  while (k * c.length >= target) k--;
  const day = firstDayReaching(c, k + 1) - 1;
  return day * DAY + c.open + (target - k * c.length);
}

const isBusinessWall = (c: Compiled, w: number): boolean => {
  const day = Math.floor(w / DAY);
  const time = w - day * DAY;
  return time >= c.open && time < c.close && isBusinessDay(c, day);
};

/** The first business wall time at or after `w`. */
function nextBusinessWall(c: Compiled, w: number): number {
  const day = Math.floor(w / DAY);
  const time = w - day * DAY;
  if (time < c.close && isBusinessDay(c, day)) return day * DAY + Math.max(time, c.open);
  return nextBusinessDay(c, day + 1) * DAY + c.open;
}

// ---------------------------------------------------------------------------------------------------------
// Compiling a calendar, cached per calendar object.

const compiledCache = new WeakMap<BusinessCalendar, { source: unknown[]; compiled: Compiled }>();

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// What the cache entry was built from: a calendar edited in place (a holiday pushed) is compiled again.
const sourceOf = (cal: BusinessCalendar): unknown[] => [
  cal.timeZone,
  cal.start,
  cal.end,
  cal.workingDays,
  cal.workingDays?.length,
  cal.holidays,
  cal.holidays?.length,
];

function compile(cal: BusinessCalendar): Compiled {
  const cached = compiledCache.get(cal);
  const source = sourceOf(cal);
  if (cached?.source.every((v, i) => v === source[i])) return cached.compiled;

  if (typeof cal.timeZone !== "string" || !isIanaTimeZone(cal.timeZone)) {
    throw new BusinessCalendarError(`Business calendar timeZone "${cal.timeZone}" is not an IANA time zone`);
  }
  if (typeof cal.start !== "string" || !CLOCK.test(cal.start)) {
    throw new BusinessCalendarError(`Business calendar start "${cal.start}" is not a time like 09:00`);
  }
  if (typeof cal.end !== "string" || !(CLOCK.test(cal.end) || cal.end === "24:00")) {
    throw new BusinessCalendarError(`Business calendar end "${cal.end}" is not a time like 17:00`);
  }
  const open = clockToMinutes(cal.start) * MINUTE;
  const close = clockToMinutes(cal.end) * MINUTE;
  const working = [false, false, false, false, false, false, false, false];
  for (const d of cal.workingDays ?? []) if (Number.isInteger(d) && d >= 1 && d <= 7) working[d] = true;
  const perWeek = working.filter(Boolean).length;
  if (perWeek === 0 || close <= open) {
    throw new BusinessCalendarError(
      `Business calendar has no working time at all (workingDays ${JSON.stringify(cal.workingDays)}, ` +
        `${cal.start}-${cal.end}): SLA clocks on it would never run`,
    );
  }

  const prefix = [0];
  for (let r = 0; r < 7; r++) prefix.push(prefix[r] + (working[isoWeekday(r)] ? 1 : 0));

  const holidaySet = new Set<number>();
  for (const date of cal.holidays ?? []) {
    const m = DATE.exec(date);
    const day = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY : Number.NaN;
    if (!m || new Date(day * DAY).toISOString().slice(0, 10) !== date) {
      throw new BusinessCalendarError(`Business calendar holiday "${date}" is not a date like 2026-12-25`);
    }
    if (working[isoWeekday(day)]) holidaySet.add(day);
  }

  const compiled: Compiled = {
    zone: zoneOffsets(cal.timeZone),
    open,
    close,
    length: close - open,
    working,
    perWeek,
    prefix,
    holidays: [...holidaySet].sort((a, b) => a - b),
    holidaySet,
  };
  compiledCache.set(cal, { source, compiled });
  return compiled;
}

function millis(at: Date, name: string): number {
  const t = at instanceof Date ? at.getTime() : Number.NaN;
  if (!Number.isFinite(t)) throw new RangeError(`${name} must be a valid Date`);
  if (Math.abs(t) > MAX_INSTANT) throw new RangeError(`${name} is outside the supported range`);
  return t;
}

function tooFar(): never {
  throw new BusinessCalendarError(
    "Business calendar never opens: its working hours fall in skipped clock time",
  );
}

// ---------------------------------------------------------------------------------------------------------
// Instants.

function nextBusinessInstant(c: Compiled, t: number): number {
  for (let i = 0; i < MAX_PIECES; i++) {
    const { offset, end } = c.zone.piece(t);
    const candidate = nextBusinessWall(c, t + offset) - offset;
    if (candidate < end) return candidate;
    t = end;
  }
  return tooFar();
}

function localDay(c: Compiled, t: number): number {
  return Math.floor((t + c.zone.piece(t).offset) / DAY);
}

/** When business time on local day `day` ends, or null when the zone skipped that day's working hours. */
function closingInstant(c: Compiled, day: number): number | null {
  const from = day * DAY + c.open;
  const to = day * DAY + c.close;
  // Offsets stay within a day of UTC, so every instant showing that day's hours lies in this window.
  let t = (day - 1) * DAY;
  const stop = (day + 2) * DAY;
  let best: number | null = null;
  while (t < stop) {
    const { offset, end } = c.zone.piece(t);
    const pieceEnd = Math.min(end, stop);
    const lo = Math.max(t + offset, from);
    const hi = Math.min(pieceEnd + offset, to);
    if (lo < hi) best = hi - offset;
    t = pieceEnd;
  }
  return best;
}

/** Whether `at` is inside working hours (opening inclusive, closing exclusive). */
export function isBusinessTime(at: Date, cal: BusinessCalendar): boolean {
  const c = compile(cal);
  const t = millis(at, "at");
  return isBusinessWall(c, t + c.zone.piece(t).offset);
}

/** `at` itself when inside working hours, otherwise the next opening. */
export function nextBusinessMoment(at: Date, cal: BusinessCalendar): Date {
  const c = compile(cal);
  return new Date(nextBusinessInstant(c, millis(at, "at")));
}

/** Business milliseconds in [from, to); 0 when `to` is not after `from`. */
export function businessMillisBetween(from: Date, to: Date, cal: BusinessCalendar): number {
  const c = compile(cal);
  let t = millis(from, "from");
  const stop = millis(to, "to");
  let total = 0;
  while (t < stop) {
    const { offset, end } = c.zone.piece(t);
    const pieceEnd = Math.min(end, stop);
    total += cumulative(c, pieceEnd + offset) - cumulative(c, t + offset);
    t = pieceEnd;
  }
  return total;
}

/**
 * The deadline `ms` business milliseconds after `from`: the earliest moment at which businessMillisBetween
 * (from, moment) equals `ms`. Starting outside hours, the clock starts at the next opening; a deadline that
 * lands exactly on a closing stays there rather than moving to the next opening. With `ms` 0 it is
 * nextBusinessMoment(from), the moment the clock would start.
 */
export function addBusinessMillis(from: Date, ms: number, cal: BusinessCalendar): Date {
  const c = compile(cal);
  let t = millis(from, "from");
  if (!Number.isSafeInteger(ms) || ms < 0) {
    throw new RangeError(`ms must be a whole number of milliseconds, 0 or more (got ${ms})`);
  }
  if (ms === 0) return new Date(nextBusinessInstant(c, t));
  let remaining = ms;
  for (let i = 0; i < MAX_PIECES; i++) {
    const { offset, end } = c.zone.piece(t);
    const before = cumulative(c, t + offset);
    const available = cumulative(c, end + offset) - before;
    if (remaining <= available) return new Date(wallAtCumulative(c, before + remaining) - offset);
    remaining -= available;
    t = end;
  }
  return tooFar();
}

/**
 * The closing time of the `days`-th business day after the local date of `from` (from's own day never
 * counts, whatever the time): Friday 10:00 or Saturday + 1 = Monday's closing; Monday 08:00 + 5 = next
 * Monday's closing. Business days are working weekdays that are not holidays. With `days` 0 it is the
 * closing of the business day on which the clock next runs: today's if `from` is before today's closing
 * on a business day, else the next business day's. A closing time that the zone's clocks skip over
 * ends the day at the moment they jump.
 */
export function addBusinessDays(from: Date, days: number, cal: BusinessCalendar): Date {
  const c = compile(cal);
  const t = millis(from, "from");
  if (!Number.isSafeInteger(days) || days < 0) {
    throw new RangeError(`days must be a whole number, 0 or more (got ${days})`);
  }
  let day =
    days === 0
      ? localDay(c, nextBusinessInstant(c, t))
      : firstDayReaching(c, businessDaysBefore(c, localDay(c, t) + 1) + days) - 1;
  for (let i = 0; i < MAX_PIECES; i++) {
    const close = closingInstant(c, day);
    if (close !== null) return new Date(close);
    // A date the zone skipped entirely (Pacific/Apia, 2011-12-30) is not a day anyone worked.
    day = nextBusinessDay(c, day + 1);
  }
  return tooFar();
}
