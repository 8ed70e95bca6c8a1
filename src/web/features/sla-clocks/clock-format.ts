// Words for SLA clocks: business durations and what a clock's state means to the rep.
import dayjs from "dayjs";
import type { SlaClock } from "../../../shared/sla";

/** 8100000 -> "2 h 15 min"; under a minute -> "less than a minute". */
export function formatBusinessDuration(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  if (minutes < 1) return "less than a minute";
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

export type ClockTone = "green" | "yellow" | "red" | "gray" | "blue";

/** A short label and a colour for a clock at `now` (remaining time counted down between refetches). */
export function describeClock(
  clock: SlaClock,
  elapsedMs = 0,
): { text: string; tone: ClockTone; hint: string } {
  const due = clock.dueAt ? dayjs(clock.dueAt).format("ddd D MMM, HH:mm") : null;
  switch (clock.status) {
    case "waiting":
      return {
        text: "Waiting for an owner",
        tone: "gray",
        hint: "No rep has this lead yet (routing queue). The wait counts as system delay, not against a rep.",
      };
    case "met":
      return {
        text: clock.repDelayMs !== null ? `Met in ${formatBusinessDuration(clock.repDelayMs)}` : "Met",
        tone: "green",
        hint: `Done ${clock.completedAt ? dayjs(clock.completedAt).format("ddd D MMM, HH:mm") : ""} (${clock.allowed}).`,
      };
    case "breached":
      return {
        text: clock.completedAt ? "Breached, done late" : "Breached",
        tone: "red",
        hint: `Was due ${due} (${clock.allowed}).`,
      };
    case "cancelled":
      return { text: "Stopped", tone: "gray", hint: clock.closedReason || "No longer applies." };
    default: {
      const left = (clock.remainingMs ?? 0) - (clock.paused ? 0 : elapsedMs);
      if (left <= 0) return { text: "Overdue", tone: "red", hint: `Was due ${due}.` };
      // Past the warning point (75% of the agreed time used by default): yellow.
      const warned = clock.warnedAt !== null || (clock.warnAt !== null && dayjs().isAfter(clock.warnAt));
      const tone: ClockTone = warned ? "yellow" : "blue";
      return {
        text: clock.paused
          ? `${formatBusinessDuration(left)} left · paused`
          : `${formatBusinessDuration(left)} left`,
        tone,
        hint: clock.paused
          ? `Outside business hours: the clock resumes ${dayjs(clock.resumesAt).format("ddd D MMM, HH:mm")}. Due ${due}.`
          : `Due ${due} (${clock.allowed}).`,
      };
    }
  }
}
