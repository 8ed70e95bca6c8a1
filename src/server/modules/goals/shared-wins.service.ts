// Shared wins: goals of both teams linked so that only all of them together are celebrated ("everybody must
// win or there's no party"). A one-sided hit shows as "half way: waiting for ..."; the celebration (a post on
// the wall, a notification to everyone, the cockpit's banner) fires once, when every linked goal is hit.
// The check runs after each change to a win and in the goals sweep (every minute, every server), claiming
// the win with a conditional update so that it fires exactly once.
import { and, eq, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import type { createSharedWinSchema, Goal, SharedWin, updateSharedWinSchema } from "../../../shared/goals.js";
import { type Db, queryRows } from "../../db/client.js";
import { goals, sharedWins } from "../../db/schema/index.js";
import type { Caller } from "../../lib/access.js";
import { recordAudit } from "../../lib/audit.js";
import { badRequest, conflict, notFound } from "../../lib/errors.js";
import { newId, uuidArray } from "../../lib/ids.js";
import { notify } from "../notifications/notify.js";
import { postCelebration } from "../recognition/wall.service.js";
import { workspaceTimeZone } from "../reports/report-filters.js";
import { goalRows, presentGoals, sideOf, titleOf } from "./goals.service.js";
import { type ResolvedPeriod, resolvePeriod, today } from "./periods.js";

interface WinRow {
  id: string;
  name: string;
  period: string;
  celebratedAt: string | Date | null;
}

const SIDE_WORDS: Record<string, string> = { marketing: "marketing's", sales: "sales'" };

/** A win's state from its goals' progress. */
export function presentWin(win: WinRow, period: ResolvedPeriod, linked: Goal[]): SharedWin {
  const hit = linked.filter((g) => g.progress.hit);
  const waiting = linked.filter((g) => !g.progress.hit);
  const state = win.celebratedAt ? "celebrated" : hit.length > 0 ? "half_way" : "open";
  const sides = ["marketing", "sales"].filter((side) => linked.some((g) => g.side === side));
  const doneSides = sides.filter((side) =>
    linked.filter((g) => g.side === side).every((g) => g.progress.hit),
  );
  const waitingWords = waiting.map((g) => g.title).join(", ");
  const summary =
    state === "celebrated"
      ? `Everybody won: all ${linked.length} goals of both teams hit`
      : state === "half_way"
        ? `Half way: ${doneSides.length ? `${doneSides.map((s) => SIDE_WORDS[s]).join(" and ")} goals are hit; ` : ""}waiting for ${waitingWords}`
        : `No party yet: waiting for all ${linked.length} goals (${waitingWords})`;
  return {
    id: win.id,
    name: win.name,
    period: win.period,
    periodLabel: period.label,
    state,
    celebratedAt: win.celebratedAt ? new Date(win.celebratedAt).toISOString() : null,
    goals: linked.map((g) => ({
      id: g.id,
      title: g.title,
      side: g.side,
      hit: g.progress.hit,
      share: g.progress.share,
    })),
    waitingFor: waiting.map((g) => ({ id: g.id, title: g.title })),
    summary,
  };
}

async function winRows(db: Db, ws: string, where: { period?: string; id?: string }): Promise<WinRow[]> {
  return queryRows<WinRow>(
    db,
    sql`select id, name, period, celebrated_at as "celebratedAt" from shared_wins
        where workspace_id = ${ws} and archived_at is null
          ${where.period ? sql`and period = ${where.period}` : sql``}
          ${where.id ? sql`and id = ${where.id}::uuid` : sql``}
        order by created_at, id`,
  );
}

/** The shared wins of a period, given its goals already computed (the goals page and the cockpit). */
export async function winsOf(db: Db, ws: string, period: ResolvedPeriod, periodGoals: Goal[]) {
  const wins = await winRows(db, ws, { period: period.period });
  return wins.map((w) =>
    presentWin(
      w,
      period,
      periodGoals.filter((g) => g.sharedWinId === w.id),
    ),
  );
}

export async function listSharedWins(db: Db, caller: Caller, period: ResolvedPeriod, now = new Date()) {
  const rows = await goalRows(db, caller.workspaceId, period.period);
  const { items } = await presentGoals(db, caller, period, rows, now);
  return { items: await winsOf(db, caller.workspaceId, period, items) };
}

export async function getSharedWin(db: Db, caller: Caller, id: string, now = new Date()): Promise<SharedWin> {
  const [win] = await winRows(db, caller.workspaceId, { id });
  if (!win) throw notFound("Shared win");
  const period = resolvePeriod(win.period, await workspaceTimeZone(db, caller.workspaceId));
  const rows = (await goalRows(db, caller.workspaceId, period.period)).filter((g) => g.sharedWinId === id);
  const { items } = await presentGoals(db, caller, period, rows, now);
  return presentWin(win, period, items);
}

/** Checks the goals a win would link: in this workspace, one period, free, and both teams' sides. */
async function checkGoals(db: Db, ws: string, goalIds: string[], winId: string | null) {
  const ids = [...new Set(goalIds)];
  const rows = await goalRows(db, ws, "", ids);
  const missing = ids.filter((id) => !rows.some((g) => g.id === id));
  if (missing.length)
    throw badRequest(
      `${missing.length === 1 ? "a goal is" : "goals are"} not goals of this workspace`,
      "goalIds",
    );
  const periods = new Set(rows.map((g) => g.period));
  if (periods.size > 1) throw badRequest("must all be goals of the same period", "goalIds");
  const taken = rows.find((g) => g.sharedWinId && g.sharedWinId !== winId);
  if (taken) throw conflict(`${titleOf(taken)} is already part of another shared win`, "goalIds");
  const sides = new Set(rows.map(sideOf));
  if (!sides.has("marketing") || !sides.has("sales"))
    throw badRequest(
      "a shared win links goals of both teams: at least one of the marketing team (or a marketer) and one of the sales team (or a rep)",
      "goalIds",
    );
  return rows;
}

export async function createSharedWin(
  db: Db,
  caller: Caller,
  input: z.output<typeof createSharedWinSchema>,
  now = new Date(),
) {
  const ws = caller.workspaceId;
  const id = newId();
  await db.transaction(async (t) => {
    const rows = await checkGoals(t, ws, input.goalIds, null);
    const period = resolvePeriod(rows[0].period, "UTC");
    await t.insert(sharedWins).values({
      workspaceId: ws,
      id,
      name: input.name,
      period: period.period,
      periodKind: period.kind,
      startsOn: period.from,
      endsOn: period.to,
      createdBy: caller.memberId,
    });
    await t.execute(
      sql`update goals set shared_win_id = ${id}::uuid, updated_at = ${now.toISOString()}::timestamptz
          where workspace_id = ${ws} and id = any(${uuidArray(rows.map((g) => g.id))})`,
    );
    await recordAudit(t, ws, caller, {
      action: "shared_win.created",
      entityType: "shared_win",
      entityId: id,
      summary: `${caller.name} linked ${rows.map(titleOf).join(", ")} into the shared win ${input.name} (${period.label})`,
      after: { name: input.name, goals: rows.map((g) => g.id) },
    });
  });
  await celebrateIfWon(db, ws, now, id);
  return getSharedWin(db, caller, id, now);
}

export async function updateSharedWin(
  db: Db,
  caller: Caller,
  id: string,
  input: z.output<typeof updateSharedWinSchema>,
  now = new Date(),
) {
  const ws = caller.workspaceId;
  await db.transaction(async (t) => {
    const [win] = await winRows(t, ws, { id });
    if (!win) throw notFound("Shared win");
    if (win.celebratedAt && input.goalIds)
      throw conflict("This shared win has been celebrated; its goals can no longer change", "goalIds");
    if (input.goalIds) {
      const rows = await checkGoals(t, ws, input.goalIds, id);
      if (rows[0].period !== win.period)
        throw badRequest(`must be goals of ${win.period}, the win's period`, "goalIds");
      await t.execute(
        sql`update goals set shared_win_id = null where workspace_id = ${ws} and shared_win_id = ${id}::uuid`,
      );
      await t.execute(
        sql`update goals set shared_win_id = ${id}::uuid where workspace_id = ${ws} and id = any(${uuidArray(rows.map((g) => g.id))})`,
      );
    }
    if (input.name !== undefined)
      await t
        .update(sharedWins)
        .set({ name: input.name, updatedAt: now })
        .where(and(eq(sharedWins.workspaceId, ws), eq(sharedWins.id, id)));
    await recordAudit(t, ws, caller, {
      action: "shared_win.changed",
      entityType: "shared_win",
      entityId: id,
      summary: `${caller.name} changed the shared win ${input.name ?? win.name}`,
      before: { name: win.name },
      after: { name: input.name ?? win.name, goals: input.goalIds },
    });
  });
  await celebrateIfWon(db, ws, now, id);
  return getSharedWin(db, caller, id, now);
}

export async function archiveSharedWin(db: Db, caller: Caller, id: string, now = new Date()) {
  const ws = caller.workspaceId;
  await db.transaction(async (t) => {
    const [win] = await winRows(t, ws, { id });
    if (!win) throw notFound("Shared win");
    await t
      .update(goals)
      .set({ sharedWinId: null })
      .where(and(eq(goals.workspaceId, ws), eq(goals.sharedWinId, id)));
    await t
      .update(sharedWins)
      .set({ archivedAt: now, updatedAt: now })
      .where(and(eq(sharedWins.workspaceId, ws), eq(sharedWins.id, id), isNull(sharedWins.archivedAt)));
    await recordAudit(t, ws, caller, {
      action: "shared_win.removed",
      entityType: "shared_win",
      entityId: id,
      summary: `${caller.name} removed the shared win ${win.name}; its goals stay`,
    });
  });
  return { ok: true as const };
}

/** Lockstep itself, for numbers computed outside a request (the sweep). */
function systemCaller(workspaceId: string): Caller {
  return {
    userId: "",
    name: "Lockstep",
    email: "",
    workspaceId,
    memberId: "",
    team: "revenue",
    role: "admin",
  };
}

/** Periods whose wins are still checked: running now, or ended in the last 35 days (late data). */
const GRACE_DAYS = 35;

/**
 * Fires the celebration of every shared win (of one workspace, or one win) whose linked goals are all hit
 * and that has not been celebrated: the win is claimed with a conditional update, then in the same
 * transaction the wall gets a post and every member a notification. Returns the wins celebrated.
 */
export async function celebrateIfWon(
  db: Db,
  workspaceId: string,
  now = new Date(),
  winId?: string,
): Promise<string[]> {
  const tz = await workspaceTimeZone(db, workspaceId);
  const day = today(tz, now);
  const waiting = await queryRows<WinRow>(
    db,
    sql`select id, name, period, celebrated_at as "celebratedAt" from shared_wins
        where workspace_id = ${workspaceId} and archived_at is null and celebrated_at is null
          and starts_on <= ${day}::date and ends_on > ${day}::date - ${GRACE_DAYS}::int
          ${winId ? sql`and id = ${winId}::uuid` : sql``}`,
  );
  if (waiting.length === 0) return [];
  const caller = systemCaller(workspaceId);
  const celebrated: string[] = [];
  for (const period of new Set(waiting.map((w) => w.period))) {
    const p = resolvePeriod(period, tz);
    const wins = waiting.filter((w) => w.period === period);
    const rows = (await goalRows(db, workspaceId, period)).filter((g) =>
      wins.some((w) => w.id === g.sharedWinId),
    );
    const { items } = await presentGoals(db, caller, p, rows, now);
    for (const win of wins) {
      const linked = items.filter((g) => g.sharedWinId === win.id);
      if (linked.length === 0 || !linked.every((g) => g.progress.hit)) continue;
      const fired = await db.transaction(async (t) => {
        const claimed = await queryRows<{ id: string }>(
          t,
          sql`update shared_wins set celebrated_at = ${now.toISOString()}::timestamptz, updated_at = ${now.toISOString()}::timestamptz
              where workspace_id = ${workspaceId} and id = ${win.id}::uuid and celebrated_at is null and archived_at is null
              returning id`,
        );
        if (claimed.length === 0) return false;
        const message = `${win.name} (${p.label}): every linked goal of both teams is hit: ${linked.map((g) => g.title).join("; ")}. Everybody won!`;
        await postCelebration(t, workspaceId, { id: win.id, message }, now);
        const everyone = await queryRows<{ id: string }>(
          t,
          sql`select id from members where workspace_id = ${workspaceId} and removed_at is null`,
        );
        await notify(
          t,
          workspaceId,
          [
            {
              kind: "goal.shared_win",
              title: `Everybody won: ${win.name}`,
              body: message,
              link: "/",
              recipients: everyone.map((m) => m.id),
              data: { sharedWinId: win.id, period: p.period, goals: linked.map((g) => g.id) },
            },
          ],
          now,
        );
        await recordAudit(t, workspaceId, null, {
          action: "shared_win.celebrated",
          entityType: "shared_win",
          entityId: win.id,
          summary: `Every goal of the shared win ${win.name} is hit: Lockstep celebrated it on the wall and told everyone`,
          after: { goals: linked.map((g) => ({ id: g.id, actual: g.progress.actual, target: g.target })) },
        });
        return true;
      });
      if (fired) celebrated.push(win.id);
    }
  }
  return celebrated;
}

/** The sweep: every workspace with a win waiting for its party. */
export async function celebrateAll(db: Db, now = new Date()) {
  const rows = await queryRows<{ workspaceId: string }>(
    db,
    sql`select distinct workspace_id as "workspaceId" from shared_wins
        where celebrated_at is null and archived_at is null`,
  );
  let fired = 0;
  for (const r of rows) fired += (await celebrateIfWon(db, r.workspaceId, now)).length;
  return fired;
}
