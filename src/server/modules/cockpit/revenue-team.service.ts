// The cockpit's revenue-team tiles: revenue against the target covering today with its forecast, the goals
// of the period (a member's own first; a leader's top levels and every pod side by side), the shared wins and
// their celebration, and the wall. Every number comes from the function of the page its tile links to: the
// goals page (presentGoals), the shared wins (winsOf), the wall (listWall).
import { sql } from "drizzle-orm";
import type { Goal, RevenueCockpit } from "../../../shared/goals.js";
import { type Db, queryRows } from "../../db/client.js";
import type { Caller } from "../../lib/access.js";
import { goalRows, presentGoals } from "../goals/goals.service.js";
import { currentPeriod, resolvePeriod, summary, today } from "../goals/periods.js";
import { measure, progressOf } from "../goals/progress.js";
import { winsOf } from "../goals/shared-wins.service.js";
import { measuredStageWinRates } from "../goals/stage-win-rates.js";
import { targetCovering } from "../goals/targets.service.js";
import { listWall } from "../recognition/wall.service.js";
import { workspaceTimeZone } from "../reports/report-filters.js";
import { activeSla, minimumSampleOf } from "../sla/sla-agreement.service.js";

const SHOWN_GOALS = 8;
const WEEK = 7 * 86_400_000;

export async function revenueCockpit(db: Db, caller: Caller, now = new Date()): Promise<RevenueCockpit> {
  const ws = caller.workspaceId;
  const tz = await workspaceTimeZone(db, ws);
  const target = await targetCovering(db, ws, today(tz, now));
  const period = resolvePeriod(target?.period ?? currentPeriod(tz, now), tz);
  const leader = caller.role !== "member" || caller.team === "revenue";
  const [rows, myPods, wall, minimumSample] = await Promise.all([
    goalRows(db, ws, period.period),
    queryRows<{ podId: string }>(
      db,
      sql`select pm.pod_id as "podId" from pod_members pm
          join pods p on p.workspace_id = pm.workspace_id and p.id = pm.pod_id and p.archived_at is null
          where pm.workspace_id = ${ws} and pm.member_id = ${caller.memberId}::uuid`,
    ),
    listWall(db, caller, { limit: 5, crossTeam: undefined }, now),
    activeSla(db, ws).then(minimumSampleOf),
  ]);
  const { items } = await presentGoals(db, caller, period, rows, now);

  // Revenue against the target: the revenue team's revenue won, measured as a revenue goal would be.
  let revenue: RevenueCockpit["revenue"] = null;
  if (target) {
    const revenueGoal = items.find((g) => g.ownerKind === "revenue" && g.metric === "revenue_won");
    if (revenueGoal && revenueGoal.target === target.amount)
      revenue = { target, progress: revenueGoal.progress };
    else {
      const scope = { ownerKind: "revenue" as const, team: null, podId: null, memberId: null };
      const [m, stageRates] = await Promise.all([
        measure(db, caller, period, [{ metric: "revenue_won", scope }]),
        measuredStageWinRates(db, ws, period.timeZone, now),
      ]);
      revenue = {
        target,
        progress: progressOf(
          "revenue_won",
          target.amount,
          m.values.get("revenue_won|all") ?? { value: 0, of: null },
          m.deals.get("all"),
          stageRates,
          period,
          minimumSample,
          now,
        ),
      };
    }
  }

  const pods = new Set(myPods.map((p) => p.podId));
  const rank = (g: Goal) => {
    if (leader) return { revenue: 0, team: 1, pod: 2, member: 3 }[g.ownerKind];
    if (g.ownerKind === "member") return g.memberId === caller.memberId ? 0 : 9;
    if (g.ownerKind === "pod") return pods.has(g.podId ?? "") ? 1 : 9;
    if (g.ownerKind === "team") return g.team === caller.team ? 2 : 4;
    return 3;
  };
  const shown = items
    .map((g, i) => ({ g, i, r: rank(g) }))
    .filter((x) => x.r < 9 && (!leader || x.r < 2))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .slice(0, SHOWN_GOALS)
    .map((x) => x.g);

  const wins = await winsOf(db, ws, period, items);
  const celebration =
    wins
      .filter((w) => w.celebratedAt && now.getTime() - new Date(w.celebratedAt).getTime() <= WEEK)
      .sort((a, b) => String(b.celebratedAt).localeCompare(String(a.celebratedAt)))[0] ?? null;

  const podGoals = new Map<string, { podId: string; name: string; goals: Goal[] }>();
  if (leader)
    for (const g of items)
      if (g.ownerKind === "pod" && g.podId) {
        const entry = podGoals.get(g.podId) ?? { podId: g.podId, name: g.ownerName, goals: [] };
        entry.goals.push(g);
        podGoals.set(g.podId, entry);
      }

  return {
    view: leader ? "leader" : "member",
    period: summary(period, now),
    revenue,
    goals: shown,
    goalCount: { total: items.length, hit: items.filter((g) => g.progress.hit).length },
    sharedWins: wins,
    celebration,
    pods: [...podGoals.values()].sort((a, b) => a.name.localeCompare(b.name)),
    wall: { items: wall.items, week: wall.week },
  };
}
