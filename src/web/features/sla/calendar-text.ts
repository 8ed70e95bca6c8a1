// How the SLA reads on screen: business calendars in plain words, business time in hours and minutes,
// commitments as sentences, and the report periods (this month, last month, this quarter, a custom range).
import type { BusinessCalendar } from "../../../shared/business-hours";
import type { SlaTerms } from "../../../shared/sla";
import { formatDate, formatMoney, formatNumber } from "../../lib/format";

export const WEEKDAYS = [
  { value: 1, short: "Mon", long: "Monday" },
  { value: 2, short: "Tue", long: "Tuesday" },
  { value: 3, short: "Wed", long: "Wednesday" },
  { value: 4, short: "Thu", long: "Thursday" },
  { value: 5, short: "Fri", long: "Friday" },
  { value: 6, short: "Sat", long: "Saturday" },
  { value: 7, short: "Sun", long: "Sunday" },
] as const;

const dayName = (d: number) => WEEKDAYS.find((w) => w.value === d)?.long ?? String(d);

/** "a, b and c" */
export function joinWords(words: string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

/** [1,2,3,4,5] -> "Monday to Friday"; [1,3,5] -> "Monday, Wednesday and Friday"; all -> "every day". */
export function describeDays(days: number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  if (sorted.length === 7) return "every day";
  if (sorted.length === 0) return "no day";
  const runs: number[][] = [];
  for (const d of sorted) {
    const last = runs[runs.length - 1];
    if (last && last[last.length - 1] === d - 1) last.push(d);
    else runs.push([d]);
  }
  return joinWords(
    runs.map((run) =>
      run.length >= 3
        ? `${dayName(run[0])} to ${dayName(run[run.length - 1])}`
        : run.map(dayName).join(" and "),
    ),
  );
}

/** "America/New_York" -> "New York time (America/New_York)"; "UTC" stays "UTC". */
export function describeTimeZone(zone: string): string {
  if (!zone.includes("/")) return zone;
  const city = zone.slice(zone.lastIndexOf("/") + 1).replace(/_/g, " ");
  return `${city} time (${zone})`;
}

export function describeHours(cal: Pick<BusinessCalendar, "start" | "end">): string {
  if (cal.start === "00:00" && cal.end === "24:00") return "around the clock";
  return `${cal.start}–${cal.end}`;
}

export function describeHolidays(holidays: string[]): string {
  if (holidays.length === 0) return "no holidays";
  const sorted = [...holidays].sort();
  if (sorted.length <= 4) return `closed on ${joinWords(sorted.map(formatDate))}`;
  return `closed on ${sorted.length} holidays (${sorted.slice(0, 3).map(formatDate).join(", ")}, …)`;
}

/** "Monday to Friday, 09:00–17:00 New York time (America/New_York); no holidays." */
export function describeCalendar(cal: BusinessCalendar): string {
  const days = describeDays(cal.workingDays);
  return `${days.charAt(0).toUpperCase()}${days.slice(1)}, ${describeHours(cal)} ${describeTimeZone(cal.timeZone)}; ${describeHolidays(cal.holidays)}.`;
}

const plural = (n: number, one: string, many: string) => `${formatNumber(n)} ${n === 1 ? one : many}`;

export const businessHours = (n: number) => plural(n, "business hour", "business hours");
export const businessDays = (n: number) => plural(n, "business day", "business days");

/** Business minutes as people say them: "under 1 min", "25 min", "1 h 45 min", "12 h". */
export function formatBusinessMinutes(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined || !Number.isFinite(minutes)) return "—";
  if (minutes < 1) return minutes <= 0 ? "0 min" : "under 1 min";
  const total = Math.round(minutes);
  const h = Math.floor(total / 60);
  const m = total % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${formatNumber(h)} h` : `${formatNumber(h)} h ${m} min`;
}

export function formatPercent(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return `${(value * 100).toLocaleString("en-US", { maximumFractionDigits: digits })}%`;
}

/** Each team's commitments as sentences a manager reads aloud. */
export function salesSentences(terms: SlaTerms) {
  const s = terms.sales;
  return {
    accept: `Accept or reject each MQL within ${businessHours(s.acceptWithinHours)}`,
    first_touch: `First touch (call, email, message or meeting) within ${businessHours(s.firstTouchWithinHours)}`,
    attempts: `At least ${plural(s.attempts, "attempt", "attempts")} to reach the lead within ${businessDays(s.attemptsWithinDays)}`,
  } as const;
}

export function marketingSentences(terms: SlaTerms) {
  const m = terms.marketing;
  return {
    mqls: `Deliver ${plural(m.mqlsPerMonth, "MQL", "MQLs")} per month`,
    pipeline: `Create ${formatMoney(m.pipelinePerQuarter)} of pipeline per quarter`,
    rejection: `Keep sales' rejection rate of MQLs at or below ${formatPercent(m.maxRejectionRate, 1)}`,
  } as const;
}

/** Colour of a compliance share against the goal of 100%. */
export function complianceColor(value: number | null): string {
  if (value === null) return "gray";
  if (value >= 0.999) return "green";
  if (value >= 0.9) return "lime";
  if (value >= 0.75) return "yellow";
  return "red";
}

// Periods

export type PeriodKey = "this_month" | "last_month" | "this_quarter" | "custom";

export interface Period {
  key: PeriodKey;
  /** First day. */
  from: string;
  /** The day after the last day (the API's exclusive end). */
  to: string;
  label: string;
}

/** The date (YYYY-MM-DD) of a moment (now by default) in a time zone. */
export function todayIn(timeZone: string, at: Date = new Date()): string {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    }).formatToParts(at);
  } catch {
    return at.toISOString().slice(0, 10);
  }
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const toIso = (d: Date) => d.toISOString().slice(0, 10);

export function addDays(iso: string, days: number): string {
  const d = toDate(iso);
  d.setUTCDate(d.getUTCDate() + days);
  return toIso(d);
}

function monthStart(year: number, month: number): string {
  return toIso(new Date(Date.UTC(year, month - 1, 1)));
}

const MONTHS = new Intl.DateTimeFormat("en-US", { month: "long", year: "numeric", timeZone: "UTC" });

export function isIsoDate(value: string | null | undefined): value is string {
  return Boolean(value && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(toDate(value).getTime()));
}

/** The period to report on; a custom range takes `from` and an inclusive `until`. */
export function resolvePeriod(
  key: PeriodKey,
  today: string,
  custom?: { from?: string; until?: string },
): Period {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  if (key === "last_month") {
    const from = monthStart(year, month - 1);
    return { key, from, to: monthStart(year, month), label: MONTHS.format(toDate(from)) };
  }
  if (key === "this_quarter") {
    const first = Math.floor((month - 1) / 3) * 3 + 1;
    return {
      key,
      from: monthStart(year, first),
      to: monthStart(year, first + 3),
      label: `Q${(first + 2) / 3} ${year}`,
    };
  }
  if (key === "custom" && isIsoDate(custom?.from) && isIsoDate(custom?.until)) {
    const from = custom.from;
    const to = addDays(custom.until, 1);
    return { key, from, to, label: `${formatDate(from)} – ${formatDate(custom.until)}` };
  }
  const from = monthStart(year, month);
  return { key: "this_month", from, to: monthStart(year, month + 1), label: MONTHS.format(toDate(from)) };
}

/** How much of the period has passed by the end of today: 0 before it starts, 1 once it is over. */
export function elapsedShare(period: Pick<Period, "from" | "to">, today: string): number {
  const start = toDate(period.from).getTime();
  const end = toDate(period.to).getTime();
  const now = toDate(addDays(today, 1)).getTime();
  if (end <= start) return 1;
  return Math.min(1, Math.max(0, (now - start) / (end - start)));
}
