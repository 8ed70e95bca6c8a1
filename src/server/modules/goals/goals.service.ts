// Goals of the revenue team, a team, a pod or a member for a period: set by team leads (audited), their
// progress always computed from the records (progress.ts), forecast to the period's end, and rolled up
// member -> pod -> team -> revenue team.
import { and, eq, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import {
  type CreateGoal,
  GOAL_METRIC_LABELS,
  GOAL_METRIC_TEAM,
  GOAL_METRIC_UNITS,
  type Goal,
  type GoalList,
  type GoalMetric,
  type GoalOwnerKind,
  type updateGoalSchema,
} from "../../../shared/goals.js";
import { type Db, queryRows } from "../../db/client.js";
import { goals } from "../../db/schema/index.js";
import type { Caller } from "../../lib/access.js";
import { recordAudit } from "../../lib/audit.js";
import { badRequest, conflict, notFound } from "../../lib/errors.js";
import { newId, uuidArray } from "../../lib/ids.js";
import { workspaceTimeZone } from "../reports/report-filters.js";
import { activeSla, minimumSampleOf } from "../sla/sla-agreement.service.js";
import { periodOf, type ResolvedPeriod, resolvePeriod, summary } from "./periods.js";
import { type GoalScope, measure, progressOf, scopeKey } from "./progress.js";
import { measuredStageWinRates } from "./stage-win-rates.js";

const TEAM_NAMES: Record<string, string> = {
  marketing: "Marketing team",
  sales: "Sales team",
  revenue: "Revenue team",
};

export interface GoalRow {
  id: string;
  name: string;
  ownerKind: GoalOwnerKind;
  team: "marketing" | "sales" | "revenue" | null;
  podId: string | null;
  memberId: string | null;
  metric: GoalMetric;
  target: number;
  period: string;
  sharedWinId: string | null;
  /** Pod or member name; member's team. */
  ownerName: string | null;
  memberTeam: "marketing" | "sales" | "revenue" | null;
}

/** The goals of a period (not archived), with their owner's names, in a stable order. */
async function goalRows(db: Db, ws: string, period: string, ids?: string[]): Promise<GoalRow[]> {
  return queryRows<GoalRow>(
    db,
    sql`select g.id, g.name, g.owner_kind as "ownerKind", g.team, g.pod_id as "podId", g.member_id as "memberId",
          g.metric, g.target::float8 as target, g.period, g.shared_win_id as "sharedWinId",
          coalesce(p.name, u.name) as "ownerName", m.team as "memberTeam"
        from goals g
        left join pods p on p.workspace_id = g.workspace_id and p.id = g.pod_id
        left join members m on m.workspace_id = g.workspace_id and m.id = g.member_id
        left join users u on u.id = m.user_id
        where g.workspace_id = ${ws} and g.archived_at is null
          ${ids ? sql`and g.id = any(${uuidArray(ids)})` : sql`and g.period = ${period}`}
        order by case g.owner_kind when 'revenue' then 0 when 'team' then 1 when 'pod' then 2 else 3 end,
          g.team nulls last, coalesce(p.name, u.name), g.metric, g.created_at, g.id`,
  );
}

function ownerName(g: GoalRow): string {
  if (g.ownerKind === "revenue") return "Revenue team";
  if (g.ownerKind === "team") return TEAM_NAMES[g.team ?? ""] ?? "Team";
  return g.ownerName ?? (g.ownerKind === "pod" ? "A pod" : "A member");
}

/** The side of the revenue team a goal answers for: a team's, or a team member's; none for pods and the revenue team. */
export function sideOf(g: GoalRow): "marketing" | "sales" | "revenue" | null {
  if (g.ownerKind === "team") return g.team;
  if (g.ownerKind === "member") return g.memberTeam;
  return null;
}

export function titleOf(g: GoalRow): string {
  return `${ownerName(g)}: ${g.name || GOAL_METRIC_LABELS[g.metric]}`;
}

/** Member -> pod (a pod of theirs with a goal on the metric) -> team (the metric's team) -> revenue team. */
function parents(rows: GoalRow[], podsOf: Map<string, string[]>) {
  const find = (pred: (g: GoalRow) => boolean) => rows.find(pred)?.id ?? null;
  const result = new Map<string, string | null>();
  for (const g of rows) {
    const same = (x: GoalRow) => x.metric === g.metric && x.id !== g.id;
    const revenue = () => find((x) => same(x) && x.ownerKind === "revenue");
    const team = (t: string | null) =>
      find((x) => same(x) && x.ownerKind === "team" && x.team === t) ??
      find((x) => same(x) && x.ownerKind === "team" && x.team === GOAL_METRIC_TEAM[g.metric]);
    let parent: string | null = null;
    if (g.ownerKind === "member") {
      const pods = podsOf.get(g.memberId ?? "") ?? [];
      parent =
        find((x) => same(x) && x.ownerKind === "pod" && pods.includes(x.podId ?? "")) ??
        team(g.memberTeam) ??
        revenue();
    } else if (g.ownerKind === "pod") parent = team(GOAL_METRIC_TEAM[g.metric]) ?? revenue();
    else if (g.ownerKind === "team") parent = revenue();
    result.set(g.id, parent);
  }
  return result;
}

/** Goals of rows, with progress, forecast and roll-up. */
export async function presentGoals(
  db: Db,
  caller: Caller,
  period: ResolvedPeriod,
  rows: GoalRow[],
  now: Date,
): Promise<{ items: Goal[]; minimumSample: number }> {
  const ws = caller.workspaceId;
  const scopes = rows.map((g) => ({ metric: g.metric, scope: g as GoalScope }));
  const [measured, minimumSample, stageRates, podRows] = await Promise.all([
    measure(db, caller, period, scopes),
    activeSla(db, ws).then(minimumSampleOf),
    rows.some((g) => g.metric === "revenue_won")
      ? measuredStageWinRates(db, ws, period.timeZone, now)
      : Promise.resolve(null),
    queryRows<{ memberId: string; podId: string }>(
      db,
      sql`select pm.member_id as "memberId", pm.pod_id as "podId" from pod_members pm
          join pods p on p.workspace_id = pm.workspace_id and p.id = pm.pod_id and p.archived_at is null
          where pm.workspace_id = ${ws}`,
    ),
  ]);
  const podsOf = new Map<string, string[]>();
  for (const r of podRows) podsOf.set(r.memberId, [...(podsOf.get(r.memberId) ?? []), r.podId]);
  const parentOf = parents(rows, podsOf);
  const items: Goal[] = rows.map((g) => {
    const key = scopeKey(g, g.metric);
    const m = measured.values.get(`${g.metric}|${key}`) ?? { value: 0, of: null };
    return {
      id: g.id,
      name: g.name,
      title: titleOf(g),
      ownerKind: g.ownerKind,
      team: g.team,
      podId: g.podId,
      memberId: g.memberId,
      ownerName: ownerName(g),
      side: sideOf(g),
      metric: g.metric,
      unit: GOAL_METRIC_UNITS[g.metric],
      target: g.target,
      period: g.period,
      progress: progressOf(
        g.metric,
        g.target,
        m,
        measured.deals.get(key),
        stageRates,
        period,
        minimumSample,
        now,
      ),
      parentId: parentOf.get(g.id) ?? null,
      children: { count: 0, target: 0, actual: 0 },
      sharedWinId: g.sharedWinId,
    };
  });
  const byId = new Map(items.map((g) => [g.id, g]));
  for (const g of items) {
    const parent = g.parentId ? byId.get(g.parentId) : undefined;
    if (!parent) continue;
    parent.children.count += 1;
    parent.children.target += g.target;
    parent.children.actual += g.progress.actual;
  }
  return { items, minimumSample };
}

export async function listGoals(
  db: Db,
  caller: Caller,
  period: string | undefined,
  now = new Date(),
): Promise<GoalList> {
  const p = await periodOf(db, caller.workspaceId, period, now);
  const rows = await goalRows(db, caller.workspaceId, p.period);
  const { items, minimumSample } = await presentGoals(db, caller, p, rows, now);
  return { period: summary(p, now), minimumSample, items };
}

export async function getGoal(db: Db, caller: Caller, id: string, now = new Date()): Promise<Goal> {
  const [row] = await goalRows(db, caller.workspaceId, "", [id]);
  if (!row) throw notFound("Goal");
  const p = resolvePeriod(row.period, await workspaceTimeZone(db, caller.workspaceId));
  // The whole period's goals, so that the roll-up (parent, children) is the list's.
  const rows = await goalRows(db, caller.workspaceId, p.period);
  const { items } = await presentGoals(db, caller, p, rows, now);
  return items.find((g) => g.id === id) as Goal;
}

/** Checks the owner exists in the workspace (an active pod, a member not removed). */
async function checkOwner(db: Db, ws: string, input: CreateGoal) {
  if (input.ownerKind === "pod") {
    const [pod] = await queryRows<{ id: string }>(
      db,
      sql`select id from pods where workspace_id = ${ws} and id = ${input.podId}::uuid and archived_at is null`,
    );
    if (!pod) throw badRequest("is not a pod of this workspace", "podId");
  }
  if (input.ownerKind === "member") {
    const [member] = await queryRows<{ id: string }>(
      db,
      sql`select id from members where workspace_id = ${ws} and id = ${input.memberId}::uuid and removed_at is null`,
    );
    if (!member) throw badRequest("is not a member of this workspace", "memberId");
  }
}

export async function createGoal(db: Db, caller: Caller, input: CreateGoal, now = new Date()) {
  const ws = caller.workspaceId;
  const p = resolvePeriod(input.period, await workspaceTimeZone(db, ws));
  await checkOwner(db, ws, input);
  const id = newId();
  await db.transaction(async (t) => {
    // One goal per owner, metric and period: a second would make two numbers for one thing.
    const [same] = await queryRows<{ id: string }>(
      t,
      sql`select id from goals where workspace_id = ${ws} and archived_at is null and period = ${p.period}
          and metric = ${input.metric} and owner_kind = ${input.ownerKind}
          and team is not distinct from ${input.team ?? null}::team
          and pod_id is not distinct from ${input.podId ?? null}::uuid
          and member_id is not distinct from ${input.memberId ?? null}::uuid
          for update`,
    );
    if (same)
      throw conflict(
        "This owner already has a goal on this metric for this period; change its target",
        "metric",
      );
    await t.insert(goals).values({
      workspaceId: ws,
      id,
      name: input.name,
      ownerKind: input.ownerKind,
      team: input.team ?? null,
      podId: input.podId ?? null,
      memberId: input.memberId ?? null,
      metric: input.metric,
      target: input.target,
      period: p.period,
      periodKind: p.kind,
      startsOn: p.from,
      endsOn: p.to,
      createdBy: caller.memberId,
    });
    const [row] = await goalRows(t, ws, "", [id]);
    await recordAudit(t, ws, caller, {
      action: "goal.created",
      entityType: "goal",
      entityId: id,
      summary: `${caller.name} set the goal ${titleOf(row)} for ${p.label}: ${formatTarget(input.metric, input.target)}`,
      after: { period: p.period, ownerKind: input.ownerKind, metric: input.metric, target: input.target },
    });
  });
  return getGoal(db, caller, id, now);
}

function formatTarget(metric: GoalMetric, target: number) {
  const unit = GOAL_METRIC_UNITS[metric];
  if (unit === "share") return `${Math.round(target * 1000) / 10}%`;
  if (unit === "money") return `$${target.toLocaleString("en-US")}`;
  return target.toLocaleString("en-US");
}

async function liveGoal(db: Db, ws: string, id: string) {
  const [row] = await goalRows(db, ws, "", [id]);
  if (!row) throw notFound("Goal");
  return row;
}

export async function updateGoal(
  db: Db,
  caller: Caller,
  id: string,
  input: z.output<typeof updateGoalSchema>,
  now = new Date(),
) {
  const ws = caller.workspaceId;
  await db.transaction(async (t) => {
    const row = await liveGoal(t, ws, id);
    if (input.target !== undefined) {
      if (GOAL_METRIC_UNITS[row.metric] === "share" && input.target > 1)
        throw badRequest("a rate's target is a share between 0 and 1 (0.9 = 90%)", "target");
      if (GOAL_METRIC_UNITS[row.metric] === "count" && !Number.isInteger(input.target))
        throw badRequest("must be a whole number", "target");
    }
    await t
      .update(goals)
      .set({
        ...(input.target !== undefined ? { target: input.target } : {}),
        ...(input.name !== undefined ? { name: input.name } : {}),
        updatedAt: now,
      })
      .where(and(eq(goals.workspaceId, ws), eq(goals.id, id)));
    await recordAudit(t, ws, caller, {
      action: "goal.updated",
      entityType: "goal",
      entityId: id,
      summary: `${caller.name} changed the goal ${titleOf(row)}${input.target !== undefined ? `: target ${formatTarget(row.metric, row.target)} -> ${formatTarget(row.metric, input.target)}` : ""}`,
      before: { target: row.target, name: row.name },
      after: { target: input.target ?? row.target, name: input.name ?? row.name },
    });
  });
  return getGoal(db, caller, id, now);
}

/** Archives a goal; a goal linked into a shared win must be unlinked first (the win would change meaning). */
export async function archiveGoal(db: Db, caller: Caller, id: string, now = new Date()) {
  const ws = caller.workspaceId;
  await db.transaction(async (t) => {
    const row = await liveGoal(t, ws, id);
    if (row.sharedWinId)
      throw conflict("This goal is part of a shared win; take it out of the shared win first", "sharedWinId");
    await t
      .update(goals)
      .set({ archivedAt: now, updatedAt: now })
      .where(and(eq(goals.workspaceId, ws), eq(goals.id, id), isNull(goals.archivedAt)));
    await recordAudit(t, ws, caller, {
      action: "goal.archived",
      entityType: "goal",
      entityId: id,
      summary: `${caller.name} removed the goal ${titleOf(row)} (${row.period})`,
      before: { target: row.target },
    });
  });
  return { ok: true as const };
}

export { goalRows };
