// A goal's or target's period in a workspace: its days as instants in the workspace's time zone, and how
// much of it has gone by.
import { DateTime } from "luxon";
import {
  type PeriodBounds,
  type PeriodKind,
  type PeriodSummary,
  periodBounds,
  periodContaining,
} from "../../../shared/goals.js";
import type { Db } from "../../db/client.js";
import { badRequest } from "../../lib/errors.js";
import { workspaceTimeZone } from "../reports/report-filters.js";

export interface ResolvedPeriod extends PeriodBounds {
  timeZone: string;
  start: Date;
  end: Date;
}

export function resolvePeriod(period: string, timeZone: string, field = "period"): ResolvedPeriod {
  const bounds = periodBounds(period);
  if (!bounds) throw badRequest("must be a month (2026-07), a quarter (2026-Q3) or a year (2026)", field);
  return {
    ...bounds,
    timeZone,
    start: DateTime.fromISO(bounds.from, { zone: timeZone }).toJSDate(),
    end: DateTime.fromISO(bounds.to, { zone: timeZone }).toJSDate(),
  };
}

/** Today (YYYY-MM-DD) in the workspace's time zone. */
export function today(timeZone: string, now: Date): string {
  return DateTime.fromJSDate(now, { zone: timeZone }).toISODate() as string;
}

/** The period of this kind running now (the current quarter by default). */
export function currentPeriod(timeZone: string, now: Date, kind: PeriodKind = "quarter"): string {
  return periodContaining(today(timeZone, now), kind);
}

/** The period asked for, or the current quarter, resolved in the workspace's time zone. */
export async function periodOf(db: Db, workspaceId: string, period: string | undefined, now: Date) {
  const timeZone = await workspaceTimeZone(db, workspaceId);
  return resolvePeriod(period ?? currentPeriod(timeZone, now), timeZone);
}

/** Share of the period gone by at `now`: 0 before it starts, 1 once it has ended. */
export function elapsedShare(p: { start: Date; end: Date }, now: Date): number {
  const span = p.end.getTime() - p.start.getTime();
  return Math.min(1, Math.max(0, (now.getTime() - p.start.getTime()) / span));
}

export function summary(p: ResolvedPeriod, now: Date): PeriodSummary {
  return {
    period: p.period,
    kind: p.kind,
    from: p.from,
    to: p.to,
    label: p.label,
    timeZone: p.timeZone,
    elapsed: elapsedShare(p, now),
  };
}
