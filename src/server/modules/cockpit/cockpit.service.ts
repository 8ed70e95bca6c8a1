// The cockpit: the home page both teams land on. It asks the modules that own each number (lifecycle for the
// MQL count, the SLA reports for compliance, scoring for scores) rather than counting again, so a tile always
// equals the page it links to. Later capabilities (revenue against target, the funnel, the wall) add fields.
import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import type { z } from "zod";
import type { Cockpit, cockpitQuerySchema } from "../../../shared/cockpit.js";
import { acceptanceRate } from "../../../shared/feedback.js";
import { enoughToJudge } from "../../../shared/sla.js";
import { type Db, queryRows } from "../../db/client.js";
import type { Caller } from "../../lib/access.js";
import { countUnread } from "../notifications/inbox.service.js";
import { funnelReport } from "../reports/funnel.service.js";
import { activeVersions } from "../scoring/scores.service.js";
import { slaCompliance } from "../sla/sla-reports.service.js";

const LIST = 5;
const iso = (value: Date | string) => new Date(value).toISOString();

/** The month's first day and the next month's, in the workspace's time zone. */
function monthPeriod(timeZone: string, month: string | undefined, now: Date) {
  const start = month
    ? DateTime.fromISO(`${month}-01`, { zone: timeZone })
    : DateTime.fromJSDate(now, { zone: timeZone }).startOf("month");
  const end = start.plus({ months: 1 });
  return {
    from: start.toISODate() as string,
    to: end.toISODate() as string,
    label: start.setLocale("en-US").toFormat("LLLL yyyy"),
    start: start.toJSDate(),
    end: end.toJSDate(),
  };
}

export async function getCockpit(
  db: Db,
  caller: Caller,
  query: z.output<typeof cockpitQuerySchema>,
  now = new Date(),
): Promise<Cockpit> {
  const ws = caller.workspaceId;
  const [workspace] = await queryRows<{ mission: string; tz: string }>(
    db,
    sql`select mission, time_zone as tz from workspaces where id = ${ws}`,
  );
  const period = monthPeriod(workspace.tz, query.month, now);
  const [report, funnel, hotLeads, atRisk, feedback, mine] = await Promise.all([
    slaCompliance(db, caller, { from: period.from, to: period.to, by: "team" }, now),
    // The funnel report of the month (the same function as Reports → Funnel): its entries per stage are the
    // funnel tile, its MQL entries the MQL tile.
    funnelReport(db, ws, { from: period.from, to: period.to }, now),
    hottestWaitingLeads(db, ws),
    clocksAtRisk(db, ws, now),
    recentFeedback(db, ws),
    whatNeedsMe(db, caller),
  ]);
  const { marketing } = report;
  const decided = marketing.accepted + marketing.rejected;
  const teamRow = report.sales[0];
  return {
    mission: workspace.mission,
    period: { from: period.from, to: period.to, label: period.label },
    mqls: {
      entered: funnel.entered.mql,
      committed: marketing.mqlsCommitted,
      accepted: marketing.accepted,
      rejected: marketing.rejected,
      acceptanceRate: acceptanceRate(marketing.accepted, marketing.rejected),
      judged: enoughToJudge(decided, report.minimumSample),
      minimumSample: report.minimumSample,
    },
    sla: {
      version: report.slaVersion,
      sales: (teamRow?.commitments ?? []).map(({ started: _started, ...c }) => c),
      marketing: {
        mqlsDelivered: marketing.mqlsDelivered,
        mqlsCommitted: marketing.mqlsCommitted,
        rejectionRate: marketing.rejectionRate,
        maxRejectionRate: marketing.maxRejectionRate,
        rejectionJudged: marketing.rejectionJudged,
      },
      atRisk,
    },
    funnel: { entered: funnel.entered, newToFunnel: funnel.total.reached.lead },
    hotLeads,
    feedback,
    mine,
  };
}

/** MQLs open now, highest score under the first live model first, with when their answer is due. */
async function hottestWaitingLeads(db: Db, ws: string) {
  const live = (await activeVersions(db, ws))[0] ?? null;
  // Every MQL open now (stage MQL, not archived: the same set as the contacts list filtered on MQL and the
  // admin's queue), hottest first; its answer is due when its latest accept clock says, overdue once breached.
  const rows = await queryRows<{
    contactId: string;
    name: string;
    accountName: string | null;
    score: number | null;
    grade: string | null;
    ownerName: string | null;
    mqlSince: string;
    dueAt: string | null;
    total: number;
  }>(
    db,
    sql`select c.id as "contactId", c.name, a.name as "accountName", s.combined as score, s.grade,
          u.name as "ownerName", c.lifecycle_stage_changed_at as "mqlSince", k.due_at as "dueAt",
          count(*) over ()::int as total
        from contacts c
        left join lateral (
          select k.due_at from sla_clocks k
          where k.workspace_id = c.workspace_id and k.contact_id = c.id and k.commitment = 'accept'
            and k.status in ('running', 'waiting', 'breached')
          order by k.started_at desc limit 1
        ) k on true
        left join accounts a on a.workspace_id = c.workspace_id and a.id = c.account_id
        -- A lookup per open MQL by the score's key: a plain join let a planner without statistics on
        -- contact_scores (right after a rescore) compare every MQL with every score (4 s at 100k contacts).
        left join lateral (
          select s.combined, s.grade from contact_scores s
          where s.workspace_id = c.workspace_id and s.model_id = ${live?.modelId ?? null}::uuid and s.contact_id = c.id
          limit 1
        ) s on true
        left join members m on m.workspace_id = c.workspace_id and m.id = c.owner_member_id
        left join users u on u.id = m.user_id
        where c.workspace_id = ${ws} and c.archived_at is null and c.lifecycle_stage = 'mql'
        order by s.combined desc nulls last, c.lifecycle_stage_changed_at, c.id
        limit ${LIST}`,
  );
  return {
    waiting: rows[0]?.total ?? 0,
    modelName: live?.modelName ?? null,
    items: rows.map(({ total: _total, ...r }) => ({
      ...r,
      mqlSince: iso(r.mqlSince),
      dueAt: r.dueAt ? iso(r.dueAt) : null,
    })),
  };
}

/** Running clocks past their warning time, soonest due first. */
async function clocksAtRisk(db: Db, ws: string, now: Date) {
  const rows = await queryRows<{
    clockId: string;
    contactId: string;
    contactName: string;
    commitment: Cockpit["sla"]["atRisk"]["items"][number]["commitment"];
    memberName: string | null;
    dueAt: string;
    total: number;
  }>(
    db,
    sql`select k.id as "clockId", k.contact_id as "contactId", c.name as "contactName", k.commitment,
          u.name as "memberName", k.due_at as "dueAt", count(*) over ()::int as total
        from sla_clocks k
        join contacts c on c.workspace_id = k.workspace_id and c.id = k.contact_id
        left join members m on m.workspace_id = k.workspace_id and m.id = k.member_id
        left join users u on u.id = m.user_id
        where k.workspace_id = ${ws} and k.status = 'running' and k.warn_at <= ${now.toISOString()}::timestamptz
        order by k.due_at, k.id
        limit ${LIST}`,
  );
  return {
    count: rows[0]?.total ?? 0,
    items: rows.map(({ total: _total, ...r }) => ({ ...r, dueAt: iso(r.dueAt) })),
  };
}

/** The latest rejections with their reasons, objections heard, and content requests still open. */
async function recentFeedback(db: Db, ws: string) {
  const [rejections, objections, requests] = await Promise.all([
    queryRows<{
      contactId: string;
      contactName: string;
      reason: string | null;
      comment: string;
      memberName: string | null;
      decidedAt: string;
    }>(
      db,
      sql`select d.contact_id as "contactId", c.name as "contactName", d.reason, d.comment, u.name as "memberName",
            d.decided_at as "decidedAt"
          from lead_decisions d
          join contacts c on c.workspace_id = d.workspace_id and c.id = d.contact_id
          left join members m on m.workspace_id = d.workspace_id and m.id = d.member_id
          left join users u on u.id = m.user_id
          where d.workspace_id = ${ws} and d.decision = 'rejected'
          order by d.decided_at desc, d.id desc limit ${LIST}`,
    ),
    queryRows<{ id: string; text: string; memberName: string | null; heardAt: string }>(
      db,
      sql`select o.id, o.text, u.name as "memberName", o.heard_at as "heardAt"
          from objections o
          left join members m on m.workspace_id = o.workspace_id and m.id = o.member_id
          left join users u on u.id = m.user_id
          where o.workspace_id = ${ws}
          order by o.heard_at desc, o.id desc limit ${LIST}`,
    ),
    queryRows<{ id: string; title: string; status: string; createdAt: string; total: number }>(
      db,
      sql`select id, title, status, created_at as "createdAt", count(*) over ()::int as total
          from content_requests
          where workspace_id = ${ws} and status in ('new', 'in_progress')
          order by created_at desc, id desc limit ${LIST}`,
    ),
  ]);
  return {
    rejections: rejections.map((r) => ({ ...r, decidedAt: iso(r.decidedAt) })),
    objections: objections.map((o) => ({ ...o, heardAt: iso(o.heardAt) })),
    contentRequests: {
      open: requests[0]?.total ?? 0,
      items: requests.map(({ total: _total, ...r }) => ({ ...r, createdAt: iso(r.createdAt) })),
    },
  };
}

/** The member's queue (their MQLs, as the My queue page lists them) and their unread notifications. */
async function whatNeedsMe(db: Db, caller: Caller) {
  const [queue] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from contacts
        where workspace_id = ${caller.workspaceId} and owner_member_id = ${caller.memberId}::uuid
          and lifecycle_stage = 'mql' and archived_at is null`,
  );
  const { unread } = await countUnread(db, caller);
  return { queue: queue?.n ?? 0, unread };
}
