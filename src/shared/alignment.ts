// Alignment health: an anonymous pulse survey (five statements scored 1-5, shown only for a month that has
// ended with at least three answers) combined with signals from the data into one index with a trend.
import { z } from "zod";
import { conversionSchema } from "./reports.js";

export const PULSE_STATEMENTS = [
  { key: "sharedGoals", text: "Our shared goals are clear to me" },
  { key: "trust", text: "I trust the other team" },
  { key: "getWhatINeed", text: "I get what I need from the other team" },
  { key: "sameLanguage", text: "We speak the same language" },
  { key: "creditShared", text: "Credit is shared" },
] as const;
export type PulseKey = (typeof PULSE_STATEMENTS)[number]["key"];

/** Fewer answers than this and a round shows nothing but its count: nobody's answer can be singled out. */
export const PULSE_MIN_ANSWERS = 3;

const score = (key: string) =>
  z
    .number({ message: `${key} must be a score from 1 to 5` })
    .int({ message: `${key} must be a whole score from 1 to 5` })
    .min(1, { message: `${key} must be a score from 1 to 5` })
    .max(5, { message: `${key} must be a score from 1 to 5` });

export const pulseAnswerSchema = z.object({
  sharedGoals: score("sharedGoals"),
  trust: score("trust"),
  getWhatINeed: score("getWhatINeed"),
  sameLanguage: score("sameLanguage"),
  creditShared: score("creditShared"),
});
export type PulseAnswer = z.infer<typeof pulseAnswerSchema>;

export const pulseRoundSchema = z.object({
  /** The month, "2026-07". */
  round: z.string(),
  label: z.string(),
  /** Whether the signed-in member answered this round (never what). */
  answered: z.boolean(),
  /** How many answered. */
  answers: z.number().int(),
  statements: z.array(z.object({ key: z.string(), text: z.string() })),
});

export const SIGNAL_KEYS = [
  "sales_sla",
  "marketing_sla",
  "acceptance",
  "feedback_latency",
  "cross_team_kudos",
  "pulse",
] as const;
export type SignalKey = (typeof SIGNAL_KEYS)[number];

export const SIGNAL_LABELS: Record<SignalKey, string> = {
  sales_sla: "Sales' SLA compliance",
  marketing_sla: "Marketing's SLA (MQLs delivered)",
  acceptance: "MQL acceptance rate",
  feedback_latency: "From rejection to campaign change",
  cross_team_kudos: "Cross-team kudos",
  pulse: "Pulse survey",
};

export const signalSchema = z.object({
  key: z.enum(SIGNAL_KEYS),
  label: z.string(),
  /** 0 to 1; null when there is nothing to measure yet. */
  score: z.number().nullable(),
  /** Whether it counts in the index (enough cases: the minimum sample; the pulse: at least three answers). */
  judged: z.boolean(),
  /** What it is made of, in words: "41 of 50 clocks met", "median 6 days (12 rejections)". */
  detail: z.string(),
  /** The counts behind a rate, for signals that are one. */
  rate: conversionSchema.nullable(),
});
export type Signal = z.infer<typeof signalSchema>;

export const alignmentMonthSchema = z.object({
  month: z.string(),
  label: z.string(),
  /** The mean of the judged signals, 0-100; null when none is judged. */
  index: z.number().nullable(),
  signals: z.array(signalSchema),
});

export const alignmentSchema = z.object({
  minimumSample: z.number().int(),
  /** Oldest first; the last is the current month (so far). */
  months: z.array(alignmentMonthSchema),
  current: alignmentMonthSchema,
  /** The judged signal with the lowest score this month, or last month when this one has none. */
  weakest: z
    .object({ key: z.enum(SIGNAL_KEYS), label: z.string(), score: z.number(), month: z.string() })
    .nullable(),
  /** The last ended month with at least three answers: the average of each statement (1-5). */
  pulse: z
    .object({
      round: z.string(),
      label: z.string(),
      answers: z.number().int(),
      statements: z.array(z.object({ key: z.string(), text: z.string(), average: z.number() })),
    })
    .nullable(),
});
export type Alignment = z.infer<typeof alignmentSchema>;
