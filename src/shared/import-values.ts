// Reading a CSV cell as a custom property's value, and guessing a new property's type from a column's cells.
// Shared so the import page guesses from the first rows exactly as the server's dry run does from the whole
// file, and the server reads each cell the way the guess counted it.
import { PROPERTY_TEXT_MAX, type PropertyType } from "./properties.js";

/** "1,234.50", "$12", "€ 3", "-4" -> a number; anything else -> undefined. */
export function parseNumberText(text: string): number | undefined {
  const bare = text.replace(/[\s$€£¥]/g, "");
  if (!/^[-+]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?(e[-+]?\d+)?$/i.test(bare) || !/\d/.test(bare)) return undefined;
  const n = Number(bare.replace(/,/g, ""));
  return Number.isFinite(n) ? n : undefined;
}

const pad = (n: number) => String(n).padStart(2, "0");

function calendarDate(year: number, month: number, day: number): string | undefined {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return undefined;
  const at = new Date(Date.UTC(year, month - 1, day));
  if (at.getUTCMonth() !== month - 1 || at.getUTCDate() !== day) return undefined;
  return `${String(year).padStart(4, "0")}-${pad(month)}-${pad(day)}`;
}

/**
 * A calendar date as YYYY-MM-DD: 2026-01-31, 2026/01/31, 1/31/2026 (US, as HubSpot and Salesforce export),
 * 31.1.2026, or a timestamp starting with a date (2026-01-31T09:30:00Z keeps 2026-01-31). Else undefined.
 */
export function parseDateText(text: string): string | undefined {
  const value = text.trim();
  let m =
    /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(
      value,
    );
  if (m) return calendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?(?: ?[AP]M)?)?$/i.exec(value);
  if (m) return calendarDate(Number(m[3]), Number(m[1]), Number(m[2]));
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(value);
  if (m) return calendarDate(Number(m[3]), Number(m[2]), Number(m[1]));
  return undefined;
}

const TRUE_WORDS = new Set(["true", "yes", "y", "t"]);
const FALSE_WORDS = new Set(["false", "no", "n", "f"]);

/** yes / no, true / false, y / n (any case); 1 and 0 as well when `digits` (a property known to be yes/no). */
export function parseBooleanText(text: string, digits = true): boolean | undefined {
  const word = text.trim().toLowerCase();
  if (TRUE_WORDS.has(word) || (digits && word === "1")) return true;
  if (FALSE_WORDS.has(word) || (digits && word === "0")) return false;
  return undefined;
}

/** Several options in one cell are separated by semicolons ("Email; Phone"), as HubSpot exports them. */
export const MANY_SEPARATOR = ";";

/** What the import needs of a property to read a cell: its type, its options (a list) and its label. */
export interface CellDefinition {
  type: PropertyType;
  options: readonly string[];
  label: string;
}

export type CellResult = { value: unknown } | { problem: string };

const quoted = (options: readonly string[]) =>
  options.length > 8
    ? `${options
        .slice(0, 8)
        .map((o) => JSON.stringify(o))
        .join(", ")} and ${options.length - 8} more`
    : options.map((o) => JSON.stringify(o)).join(", ");

/** The option a cell names (exactly, else ignoring case), or undefined. */
export function matchOption(options: readonly string[], text: string): string | undefined {
  if (options.includes(text)) return text;
  const lower = text.toLowerCase();
  return options.find((o) => o.toLowerCase() === lower);
}

/**
 * A non-blank cell as the property's value, or why it cannot be one (the sentence names the value and what
 * was expected). List options are matched ignoring case and stored in the definition's spelling.
 */
export function parsePropertyCell(d: CellDefinition, text: string): CellResult {
  switch (d.type) {
    case "text":
      return text.length > PROPERTY_TEXT_MAX
        ? { problem: `${d.label} must be at most ${PROPERTY_TEXT_MAX} characters` }
        : { value: text };
    case "number": {
      const n = parseNumberText(text);
      return n === undefined ? { problem: `"${text}" is not a number` } : { value: n };
    }
    case "date": {
      const date = parseDateText(text);
      return date === undefined
        ? { problem: `"${text}" is not a date (use 2026-01-31 or 1/31/2026)` }
        : { value: date };
    }
    case "boolean": {
      const b = parseBooleanText(text);
      return b === undefined ? { problem: `"${text}" is not yes or no` } : { value: b };
    }
    case "one_of": {
      const option = matchOption(d.options, text);
      return option === undefined
        ? { problem: `"${text}" is not one of ${quoted(d.options)}` }
        : { value: option };
    }
    case "many_of": {
      const values: string[] = [];
      for (const part of text.split(MANY_SEPARATOR)) {
        const item = part.trim();
        if (!item) continue;
        const option = matchOption(d.options, item);
        if (option === undefined) return { problem: `"${item}" is not one of ${quoted(d.options)}` };
        if (!values.includes(option)) values.push(option);
      }
      return { value: values };
    }
  }
}

/** A list property made from a column keeps at most this many options; more different values make it text. */
export const MAX_GUESSED_OPTIONS = 50;
/** The share of a column's filled cells that must fit a type for the guess to be that type. */
export const GUESS_FIT_SHARE = 0.95;
/** How many lines of cells that do not fit the guessed type are named. */
const MISFIT_LINES = 10;

export interface TypeGuess {
  type: PropertyType;
  /** The options of a one_of guess, in order of first appearance; empty otherwise. */
  options: string[];
  /** Filled cells that do not fit the type (their rows would be rejected), with the first lines. */
  misfits: { count: number; lines: number[] };
  /** The same for each type a cell is checked against (yes/no, number, date; text: too long), whatever the guess. */
  misfitsAs: Partial<Record<PropertyType, { count: number; lines: number[] }>>;
  /** Filled cells seen. */
  filled: number;
}

type Checked = "boolean" | "number" | "date";
const CHECKED: Checked[] = ["boolean", "number", "date"];

/**
 * Guesses a new property's type from a column's cells, one at a time (a file of any length, in little
 * memory): yes/no words make a yes/no property, numbers a number, dates a date, when at least 95% of the
 * filled cells fit (the others are counted as misfits, with their lines). Otherwise a short list of values
 * that repeat (at most 50 different, each seen about twice or more on average) is one of a list, and
 * anything else text. 1/0 columns are numbers: change the type to yes/no where that is what they mean.
 */
export class PropertyTypeGuesser {
  private filled = 0;
  private readonly fits: Record<Checked, number> = { boolean: 0, number: 0, date: 0 };
  private readonly misfitLines: Record<Checked, number[]> = { boolean: [], number: [], date: [] };
  private readonly distinct = new Map<string, string>();
  private tooMany = false;
  private longest = 0;
  private readonly tooLong: number[] = [];
  private tooLongCount = 0;

  add(text: string, line: number) {
    const value = text.trim();
    if (value === "") return;
    this.filled++;
    this.longest = Math.max(this.longest, value.length);
    if (value.length > PROPERTY_TEXT_MAX) {
      this.tooLongCount++;
      if (this.tooLong.length < MISFIT_LINES) this.tooLong.push(line);
    }
    const ok: Record<Checked, boolean> = {
      boolean: parseBooleanText(value, false) !== undefined,
      number: parseNumberText(value) !== undefined,
      date: parseDateText(value) !== undefined,
    };
    for (const type of CHECKED) {
      if (ok[type]) this.fits[type]++;
      else if (this.misfitLines[type].length < MISFIT_LINES) this.misfitLines[type].push(line);
    }
    if (!this.tooMany) {
      const key = value.toLowerCase();
      if (!this.distinct.has(key)) this.distinct.set(key, value);
      if (this.distinct.size > MAX_GUESSED_OPTIONS) {
        this.tooMany = true;
        this.distinct.clear();
      }
    }
  }

  result(): TypeGuess {
    const none = { count: 0, lines: [] };
    const misfitsAs: TypeGuess["misfitsAs"] = { text: { count: this.tooLongCount, lines: this.tooLong } };
    for (const type of CHECKED)
      misfitsAs[type] = { count: this.filled - this.fits[type], lines: this.misfitLines[type] };
    const filled = this.filled;
    if (filled === 0) return { type: "text", options: [], misfits: none, misfitsAs, filled };
    for (const type of CHECKED) {
      if (this.fits[type] >= filled * GUESS_FIT_SHARE)
        return { type, options: [], misfits: misfitsAs[type] ?? none, misfitsAs, filled };
    }
    const options = [...this.distinct.values()];
    if (!this.tooMany && options.length * 2 <= filled + 1 && this.longest <= 100)
      return { type: "one_of", options, misfits: none, misfitsAs, filled };
    return { type: "text", options: [], misfits: misfitsAs.text ?? none, misfitsAs, filled };
  }
}

/** A column name as an API name: "Total Time Spent on Website" -> "total_time_spent_on_website". */
export function apiNameOf(header: string, fallback = "column"): string {
  let name = header
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ß/g, "ss")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!name) name = fallback;
  if (!/^[a-z]/.test(name)) name = `p_${name}`;
  return name.slice(0, 63).replace(/_+$/, "");
}
