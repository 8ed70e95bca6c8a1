// The demo's shared target, goals, shared win, recognition wall and pulse, derived from the year the
// generator wrote so the cockpit tells one story: this quarter's revenue target is last quarter's won revenue
// plus 15% (the reverse funnel then works back through the funnel's measured rates); marketing's MQL goal is
// what the SLA in force commits it to; each pod's and each rep's revenue goal grows their own last quarter;
// kudos thank the marketers whose campaigns sourced recently won deals; three ended months of pulse answers.
// Ids derive from the workspace and the row, so a seed stays reproducible.
import { sql } from "drizzle-orm";
import type { GoalMetric, GoalOwnerKind } from "../../../shared/goals.js";
import type { SlaTerms } from "../../../shared/sla.js";
import { derivedId } from "../../lib/ids.js";
import { currentPeriod, resolvePeriod } from "../../modules/goals/periods.js";
import { type Db, queryRows } from "../client.js";
import {
  goals,
  pulseAnswers,
  pulseResponses,
  revenueTargets,
  sharedWins,
  wallPosts,
} from "../schema/index.js";
import type { SeedMember } from "./seed-history.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const roundTo = (n: number, step: number) => Math.max(step, Math.round(n / step) * step);

interface GoalSeed {
  key: string;
  ownerKind: GoalOwnerKind;
  team?: "marketing" | "sales" | "revenue";
  podId?: string;
  memberId?: string;
  metric: GoalMetric;
  target: number;
}

export async function seedGoals(
  db: Db,
  workspaceId: string,
  members: SeedMember[],
  terms: SlaTerms | null,
  now: Date,
): Promise<Record<string, number>> {
  const [ws] = await queryRows<{ tz: string }>(
    db,
    sql`select time_zone as tz from workspaces where id = ${workspaceId}`,
  );
  const tz = ws?.tz ?? "UTC";
  const quarter = resolvePeriod(currentPeriod(tz, now, "quarter"), tz);
  const [y, q] = [Number(quarter.period.slice(0, 4)), Number(quarter.period.slice(-1))];
  const last = resolvePeriod(q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`, tz);
  const wonAt = sql`coalesce(o.closed_at, o.close_date::timestamp at time zone ${tz})`;
  const inLast = sql`o.workspace_id = ${workspaceId} and o.archived_at is null and o.stage = 'closed_won'
    and ${wonAt} >= ${last.start.toISOString()}::timestamptz and ${wonAt} < ${last.end.toISOString()}::timestamptz`;

  // Last quarter's won revenue: the workspace's, each rep's (deal owner), each pod's (its members' deals).
  const byOwner = await queryRows<{ memberId: string | null; won: number }>(
    db,
    sql`select o.owner_member_id as "memberId", sum(o.amount)::float8 as won from opportunities o where ${inLast} group by 1`,
  );
  const total = byOwner.reduce((a, r) => a + r.won, 0);
  if (total === 0) return {};
  const pods = await queryRows<{ podId: string; won: number }>(
    db,
    sql`select pm.pod_id as "podId", coalesce(sum(o.amount), 0)::float8 as won
        from pod_members pm
        left join opportunities o on o.workspace_id = pm.workspace_id and o.owner_member_id = pm.member_id and ${inLast}
        where pm.workspace_id = ${workspaceId}
        group by 1 order by 1`,
  );
  const marketers = await queryRows<{ memberId: string; pipeline: number }>(
    db,
    sql`select k.owner_member_id as "memberId", coalesce(sum(o.amount), 0)::float8 as pipeline
        from campaigns k
        join opportunities o on o.workspace_id = k.workspace_id and o.source_campaign_id = k.id and o.archived_at is null
          and o.created_at >= ${last.start.toISOString()}::timestamptz and o.created_at < ${last.end.toISOString()}::timestamptz
        join members m on m.workspace_id = k.workspace_id and m.id = k.owner_member_id and m.team = 'marketing'
        where k.workspace_id = ${workspaceId}
        group by 1 order by 1`,
  );

  const target = roundTo(total * 1.15, 10_000);
  const riley = members.find((m) => m.team === "revenue" && m.role === "admin") ?? members[0];
  await db.insert(revenueTargets).values({
    workspaceId,
    id: derivedId(workspaceId, "target", quarter.period),
    period: quarter.period,
    periodKind: quarter.kind,
    startsOn: quarter.from,
    endsOn: quarter.to,
    amount: target,
    note: `${last.label} won plus 15%`,
    setBy: riley.id,
    createdAt: quarter.start,
    updatedAt: quarter.start,
  });

  const seeds: GoalSeed[] = [
    { key: "revenue", ownerKind: "revenue", metric: "revenue_won", target },
    { key: "sales-revenue", ownerKind: "team", team: "sales", metric: "revenue_won", target },
    { key: "sales-sla", ownerKind: "team", team: "sales", metric: "sla_compliance", target: 0.9 },
    {
      key: "marketing-acceptance",
      ownerKind: "team",
      team: "marketing",
      metric: "acceptance_rate",
      target: 0.7,
    },
    ...(terms
      ? [
          {
            key: "marketing-mqls",
            ownerKind: "team" as const,
            team: "marketing" as const,
            metric: "mqls" as const,
            target: terms.marketing.mqlsPerMonth * 3,
          },
        ]
      : []),
    ...pods
      .filter((p) => p.won > 0)
      .map((p) => ({
        key: `pod-${p.podId}`,
        ownerKind: "pod" as const,
        podId: p.podId,
        metric: "revenue_won" as const,
        target: roundTo(p.won * 1.15, 5_000),
      })),
    ...byOwner
      .filter((r): r is { memberId: string; won: number } => r.memberId !== null && r.won > 0)
      .map((r) => ({
        key: `member-${r.memberId}`,
        ownerKind: "member" as const,
        memberId: r.memberId,
        metric: "revenue_won" as const,
        target: roundTo(r.won * 1.15, 5_000),
      })),
    ...marketers
      .filter((m) => m.pipeline > 0)
      .map((m) => ({
        key: `pipeline-${m.memberId}`,
        ownerKind: "member" as const,
        memberId: m.memberId,
        metric: "pipeline_created" as const,
        target: roundTo(m.pipeline * 1.1, 5_000),
      })),
  ];
  const winId = derivedId(workspaceId, "shared-win", quarter.period);
  const linked = new Set(["sales-revenue", "marketing-mqls"]);
  await db.insert(sharedWins).values({
    workspaceId,
    id: winId,
    name: `${quarter.label} together`,
    period: quarter.period,
    periodKind: quarter.kind,
    startsOn: quarter.from,
    endsOn: quarter.to,
    createdBy: riley.id,
    createdAt: quarter.start,
    updatedAt: quarter.start,
  });
  await db.insert(goals).values(
    seeds.map((g) => ({
      workspaceId,
      id: derivedId(workspaceId, "goal", quarter.period, g.key),
      name: "",
      ownerKind: g.ownerKind,
      team: g.team ?? null,
      podId: g.podId ?? null,
      memberId: g.memberId ?? null,
      metric: g.metric,
      target: g.target,
      period: quarter.period,
      periodKind: quarter.kind,
      startsOn: quarter.from,
      endsOn: quarter.to,
      sharedWinId: linked.has(g.key) ? winId : null,
      createdBy: riley.id,
      createdAt: quarter.start,
      updatedAt: quarter.start,
    })),
  );

  // Kudos: the rep who won a deal in the last 60 days thanks the marketer whose campaign sourced it.
  const wins = await queryRows<{
    id: string;
    name: string;
    amount: number;
    owner: string;
    marketer: string;
    campaignId: string;
    campaign: string;
    at: string;
  }>(
    db,
    sql`select o.id, o.name, o.amount::float8 as amount, o.owner_member_id as owner, k.owner_member_id as marketer,
          k.id as "campaignId", k.name as campaign, ${wonAt} as at
        from opportunities o
        join campaigns k on k.workspace_id = o.workspace_id and k.id = o.source_campaign_id
        join members mk on mk.workspace_id = k.workspace_id and mk.id = k.owner_member_id and mk.team = 'marketing'
        join members ms on ms.workspace_id = o.workspace_id and ms.id = o.owner_member_id and ms.team = 'sales'
        where o.workspace_id = ${workspaceId} and o.archived_at is null and o.stage = 'closed_won'
          and ${wonAt} >= ${new Date(now.getTime() - 60 * DAY).toISOString()}::timestamptz and ${wonAt} < ${now.toISOString()}::timestamptz
        order by ${wonAt} desc, o.id limit 6`,
  );
  const money = (n: number) => `$${Math.round(n).toLocaleString("en-US")}`;
  const posts: (typeof wallPosts.$inferInsert)[] = wins.map((w, i) => ({
    workspaceId,
    id: derivedId(workspaceId, "kudos", w.id),
    kind: "kudos" as const,
    fromMemberId: w.owner,
    toMemberId: w.marketer,
    message: [
      `${w.campaign} brought us ${w.name}: ${money(w.amount)} closed won. The leads arrived ready to talk.`,
      `Thank you for ${w.campaign}: ${w.name} signed today, and the buying committee already knew our story.`,
      `${w.name} closed (${money(w.amount)}). Your campaign's content answered the CFO's objection before I had to.`,
    ][i % 3],
    opportunityId: w.id,
    campaignId: w.campaignId,
    crossTeam: true,
    createdAt: new Date(Math.min(now.getTime() - HOUR, new Date(w.at).getTime() + 2 * HOUR)),
  }));
  const podNames = await queryRows<{ id: string; name: string }>(
    db,
    sql`select id, name from pods where workspace_id = ${workspaceId} and archived_at is null order by name limit 2`,
  );
  for (const [i, pod] of podNames.entries())
    posts.push({
      workspaceId,
      id: derivedId(workspaceId, "kudos-pod", pod.id),
      kind: "kudos",
      fromMemberId: riley.id,
      toPodId: pod.id,
      message: `${pod.name}: sales and marketing planning the quarter at one table. That is how we win together.`,
      crossTeam: true,
      createdAt: new Date(now.getTime() - (3 + i * 4) * DAY),
    });
  const marketingLead = members.find((m) => m.team === "marketing" && m.role === "lead");
  const salesLead = members.find((m) => m.team === "sales" && m.role === "lead");
  if (marketingLead && salesLead)
    posts.push({
      workspaceId,
      id: derivedId(workspaceId, "kudos-lead"),
      kind: "kudos",
      fromMemberId: marketingLead.id,
      toMemberId: salesLead.id,
      message:
        "Every rejected MQL came back with a reason this month: we rewrote two campaigns because of it.",
      crossTeam: true,
      createdAt: new Date(now.getTime() - 5 * DAY),
    });
  if (posts.length) await db.insert(wallPosts).values(posts);

  // The pulse: three ended months, most members answering, trust rising as the teams work together.
  const answerers = members.filter((_, i) => i % 4 !== 3);
  const rounds = [3, 2, 1].map((back) => {
    const d = new Date(now.getTime());
    d.setUTCDate(15);
    d.setUTCMonth(d.getUTCMonth() - back);
    return d.toISOString().slice(0, 7);
  });
  const responses: (typeof pulseResponses.$inferInsert)[] = [];
  const answers: (typeof pulseAnswers.$inferInsert)[] = [];
  for (const [r, round] of rounds.entries())
    for (const [i, m] of answerers.entries()) {
      responses.push({ workspaceId, round, memberId: m.id });
      const base = 2 + r * 0.5 + (i % 3) * 0.5;
      const score = (shift: number) => Math.max(1, Math.min(5, Math.round(base + shift)));
      answers.push({
        workspaceId,
        id: derivedId(workspaceId, "pulse", round, String(i)),
        round,
        sharedGoals: score(1),
        trust: score(0),
        getWhatINeed: score(-0.5),
        sameLanguage: score(0.5),
        creditShared: score(-1),
      });
    }
  if (responses.length) {
    await db.insert(pulseResponses).values(responses);
    await db.insert(pulseAnswers).values(answers);
  }
  return {
    revenue_targets: 1,
    goals: seeds.length,
    shared_wins: 1,
    wall_posts: posts.length,
    pulse_answers: answers.length,
  };
}
