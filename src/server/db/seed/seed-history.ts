// What a year under the agreements leaves behind, derived from the stage history the generator wrote, so
// every page tells the same story: sales' decision on each MQL that was answered (the move out of MQL is
// the decision), who got each lead, the SLA clocks of every MQL since the SLA took effect (met, warned,
// breached, still running), the objections sales heard, marketing's content requests, the members' inbox
// and the audit trail of the signatures. Nothing here invents an MQL: the one count (stage changes to
// mql) stays the generator's, and decisions and clocks hang off it.
import { type SQL, sql } from "drizzle-orm";
import { SLA_COMMITMENT_LABELS, type SlaCommitment, type SlaTerms } from "../../../shared/sla.js";
import { derivedId } from "../../lib/ids.js";
import { ATTEMPT_TOUCH_TYPES, scheduleClock } from "../../modules/sla/sla-clocks.service.js";
import { type Db, queryRows } from "../client.js";
import { contentRequests, leadAssignments, leadDecisions, slaClocks } from "../schema/index.js";
import { CONTENT_REQUESTS } from "./catalog.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BATCH = 1000;

export interface SeedMember {
  id: string;
  name: string;
  team: string;
  role: string;
}

/** An SLA version in force from `activatedAt` (until the next one). */
export interface SlaInForce {
  id: string;
  activatedAt: Date;
  terms: SlaTerms;
}

interface MqlPeriod {
  contactId: string;
  contactName: string;
  mqlAt: string;
  /** The move out of MQL: sales' answer (sal = accepted; recycled or disqualified = rejected). */
  nextStage: string | null;
  nextAt: string | null;
  nextMember: string | null;
  /** When the lead left the sales path again (back to nurture, out), which closes the touch clocks. */
  exitStage: string | null;
  exitAt: string | null;
  ownerId: string | null;
  podId: string | null;
  personaId: string | null;
  seniority: string | null;
  campaignId: string | null;
  source: string | null;
  /** The first sales touches (up to the attempts target) since the MQL moment. */
  touches: string[] | null;
}

/** derivedId in SQL: the md5 of `parts` joined by "|", shaped as a version-8 UUID (as the API expects). */
function sqlDerivedId(...parts: SQL[]): SQL {
  const hex = sql`md5(${sql.join(parts, sql` || '|' || `)})`;
  return sql`overlay(overlay(${hex} placing '8' from 13) placing substr('89ab', (('x' || substr(${hex}, 17, 1))::bit(4)::int & 3) + 1, 1) from 17)::uuid`;
}

/** A stable 0..1 from text (the same contact always draws the same reason). */
function unit(...parts: string[]): number {
  const hex = derivedId(...parts).replace(/-/g, "");
  return Number.parseInt(hex.slice(0, 8), 16) / 0x1_0000_0000;
}

const FIT_REASONS = ["bad_fit", "wrong_persona", "no_authority", "no_budget"];
const OTHER_REASONS = ["unreachable", "bad_timing", "unreachable", "duplicate", "bad_data"];
const REJECT_COMMENTS: Record<string, string> = {
  bad_fit: "Too small for us, no analytics team",
  wrong_persona: "Downloads content for their manager; not the buyer",
  no_authority: "Individual contributor; will loop in their director later",
  no_budget: "Budget frozen until next fiscal year",
  unreachable: "Three calls and two emails, no answer",
  bad_timing: "Just signed a competitor for a year",
  duplicate: "Same person as an open SAL",
  bad_data: "Fake phone number and a personal email",
};

export async function seedHistory(
  db: Db,
  workspaceId: string,
  members: SeedMember[],
  slas: SlaInForce[],
  now: Date,
) {
  const counts: Record<string, number> = {};
  const sdrs = members.filter((m) => m.team === "sales");
  const salesLead = members.find((m) => m.team === "sales" && m.role === "lead");
  const periods = await queryRows<MqlPeriod>(
    db,
    sql`with changes as (
          select s.contact_id, s.to_stage, s.changed_at, s.member_id,
            lead(s.to_stage) over w as next_stage, lead(s.changed_at) over w as next_at,
            lead(s.member_id) over w as next_member
          from lifecycle_stage_changes s where s.workspace_id = ${workspaceId}
          window w as (partition by s.contact_id order by s.changed_at, s.id))
        select m.contact_id as "contactId", c.name as "contactName", m.changed_at as "mqlAt",
          m.next_stage as "nextStage", m.next_at as "nextAt", m.next_member as "nextMember",
          x.to_stage as "exitStage", x.changed_at as "exitAt",
          c.owner_member_id as "ownerId", a.pod_id as "podId", c.persona_id as "personaId", c.seniority,
          c.source_campaign_id as "campaignId", c.source,
          (select json_agg(t.occurred_at order by t.occurred_at) from (
             select t.occurred_at from touches t
             where t.workspace_id = ${workspaceId} and t.contact_id = m.contact_id
               and t.occurred_at >= m.changed_at and t.type in ${ATTEMPT_TOUCH_TYPES}
             order by t.occurred_at limit 3) t) as touches
        from changes m
        join contacts c on c.workspace_id = ${workspaceId} and c.id = m.contact_id
        left join accounts a on a.workspace_id = c.workspace_id and a.id = c.account_id
        left join lateral (
          select x.to_stage, x.changed_at from lifecycle_stage_changes x
          where x.workspace_id = ${workspaceId} and x.contact_id = m.contact_id and x.changed_at > m.changed_at
            and x.to_stage in ('subscriber', 'lead', 'mql', 'recycled', 'disqualified')
          order by x.changed_at limit 1) x on true
        where m.to_stage = 'mql'
        order by m.changed_at, m.contact_id`,
  );

  const decisions: (typeof leadDecisions.$inferInsert)[] = [];
  const assignments: (typeof leadAssignments.$inferInsert)[] = [];
  const clocks: (typeof slaClocks.$inferInsert)[] = [];
  const nowMs = now.getTime();
  const first = slas[0];
  for (const p of periods) {
    const mqlAt = new Date(p.mqlAt);
    const answered = p.nextStage === "sal" || p.nextStage === "recycled" || p.nextStage === "disqualified";
    const decidedAt = answered && p.nextAt ? new Date(p.nextAt) : null;
    // Who worked the lead: whoever answered it, else its owner (an SDR), else an SDR by the contact.
    const owner =
      (answered ? p.nextMember : null) ??
      p.ownerId ??
      sdrs[Math.floor(unit(p.contactId, "owner") * sdrs.length)]?.id ??
      null;
    if (decidedAt && owner) {
      const accepted = p.nextStage === "sal";
      let reason: string | null = null;
      if (!accepted) {
        const late = decidedAt.getTime() - mqlAt.getTime() > 2 * DAY;
        const poorFit = p.personaId === null || p.seniority === "individual_contributor";
        const pick = unit(p.contactId, "reason");
        reason = late
          ? "unreachable"
          : poorFit && pick < 0.75
            ? FIT_REASONS[Math.floor(pick * 4 * FIT_REASONS.length) % FIT_REASONS.length]
            : OTHER_REASONS[Math.floor(pick * OTHER_REASONS.length)];
      }
      decisions.push({
        workspaceId,
        id: derivedId(p.contactId, "decision", p.mqlAt),
        contactId: p.contactId,
        decision: accepted ? "accepted" : "rejected",
        reason,
        comment: reason && unit(p.contactId, "comment") < 0.4 ? REJECT_COMMENTS[reason] : "",
        outcome: p.nextStage!,
        memberId: owner,
        campaignId: p.campaignId,
        source: p.source,
        decidedAt,
      });
    }
    if (!first || mqlAt < first.activatedAt || !owner) continue;
    const sla = slas.filter((s) => s.activatedAt <= mqlAt).at(-1)!;
    assignments.push({
      workspaceId,
      id: derivedId(p.contactId, "assignment", p.mqlAt),
      contactId: p.contactId,
      kind: "routed",
      memberId: owner,
      podId: p.podId,
      previousMemberId: null,
      reason: p.podId
        ? "The account's pod covers this lead; round robin by capacity picked its SDR"
        : "Round robin by capacity across the sales team",
      assignedBy: null,
      assignedAt: mqlAt,
    });
    const rejectedAt = decidedAt && p.nextStage !== "sal" ? decidedAt : null;
    const exitAt = rejectedAt ?? (p.exitAt ? new Date(p.exitAt) : null);
    const touches = (p.touches ?? []).map((t) => new Date(t));
    for (const commitment of ["accept", "first_touch", "attempts"] as SlaCommitment[]) {
      const s = scheduleClock(sla.terms, commitment, mqlAt);
      const target = commitment === "attempts" ? sla.terms.sales.attempts : 1;
      let status: "running" | "met" | "breached" | "cancelled";
      let completedAt: Date | null = null;
      let closedReason = "";
      // When the clock stopped (or now, for a running one): warnings only happen before that.
      let stoppedAt: Date;
      let progress: number;
      if (commitment === "accept") {
        completedAt = decidedAt ?? (p.nextAt && p.nextStage !== "mql" ? new Date(p.nextAt) : null);
        if (completedAt && completedAt.getTime() > nowMs) completedAt = null;
        status = completedAt
          ? completedAt <= s.dueAt
            ? "met"
            : "breached"
          : s.dueAt.getTime() <= nowMs
            ? "breached"
            : "running";
        closedReason = completedAt ? (decidedAt ? (rejectedAt ? "rejected" : "accepted") : "moved on") : "";
        stoppedAt = completedAt ?? now;
        progress = completedAt ? 1 : 0;
      } else {
        const reached = touches[target - 1] ?? null;
        const end = exitAt && exitAt.getTime() <= nowMs ? exitAt : null;
        const counted = touches.filter((t) => t.getTime() <= Math.min(end?.getTime() ?? nowMs, nowMs));
        progress = Math.min(counted.length, target);
        if (reached && reached <= s.dueAt && (!end || reached <= end)) {
          status = "met";
          completedAt = reached;
          closedReason = "target reached";
          stoppedAt = reached;
        } else if (s.dueAt <= (end ?? now)) {
          status = "breached";
          completedAt = reached && (!end || reached <= end) ? reached : null;
          if (completedAt) closedReason = "target reached";
          stoppedAt = s.dueAt;
        } else if (end) {
          status = "cancelled";
          closedReason = rejectedAt ? "rejected by sales" : `moved to ${p.exitStage}`;
          stoppedAt = end;
        } else {
          status = "running";
          stoppedAt = now;
        }
      }
      clocks.push({
        workspaceId,
        id: derivedId(p.contactId, commitment, mqlAt.toISOString()),
        contactId: p.contactId,
        slaVersionId: sla.id,
        commitment,
        status,
        memberId: owner,
        podId: p.podId,
        target,
        progress,
        allowedMs: s.allowedMs,
        startedAt: mqlAt,
        ownerSince: mqlAt,
        warnAt: s.warnAt,
        dueAt: s.dueAt,
        warnedAt: s.warnAt < stoppedAt ? s.warnAt : null,
        breachedAt: status === "breached" ? s.dueAt : null,
        completedAt,
        closedReason,
        createdAt: mqlAt,
        updatedAt: new Date(Math.min(nowMs, (completedAt ?? stoppedAt).getTime())),
      });
    }
  }
  counts.lead_decisions = await insertBatches(db, leadDecisions, decisions);
  counts.lead_assignments = await insertBatches(db, leadAssignments, assignments);
  counts.sla_clocks = await insertBatches(db, slaClocks, clocks);
  counts.objections = await seedObjections(db, workspaceId, now);
  counts.content_requests = await seedContentRequests(db, workspaceId, members, now);
  counts.notifications = await seedInbox(db, workspaceId, salesLead?.id ?? null, now);
  return counts;
}

async function insertBatches<Row>(db: Db, table: Parameters<Db["insert"]>[0], rows: Row[]) {
  for (let i = 0; i < rows.length; i += BATCH)
    await db.insert(table).values(rows.slice(i, i + BATCH) as never);
  return rows.length;
}

/**
 * Objections sales heard while working accepted leads: about one accepted lead in eight with a persona
 * voices its persona's typical objection, a day or so after the lead was accepted.
 */
async function seedObjections(db: Db, workspaceId: string, now: Date) {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`with heard as (
          insert into objections (workspace_id, id, text, persona_id, stage, contact_id, member_id, heard_at)
          select d.workspace_id, ${sqlDerivedId(sql`d.id::text`, sql`'objection'`)}, p.objections, p.id, 'sal', d.contact_id,
            d.member_id, least(d.decided_at + interval '20 hours', ${now.toISOString()}::timestamptz - interval '1 minute')
          from lead_decisions d
          join contacts c on c.workspace_id = d.workspace_id and c.id = d.contact_id
          join personas p on p.workspace_id = c.workspace_id and p.id = c.persona_id
          where d.workspace_id = ${workspaceId} and d.decision = 'accepted'
            and ('x' || substr(md5(d.id::text || '|heard'), 1, 2))::bit(8)::int < 32
          returning 1)
        select count(*)::int as n from heard`,
  );
  return rows[0]?.n ?? 0;
}

/** Sales' asks of marketing, from the catalog, in every state of new -> in_progress -> delivered -> used. */
async function seedContentRequests(db: Db, workspaceId: string, members: SeedMember[], now: Date) {
  const sellers = members.filter((m) => m.team === "sales");
  const marketers = members.filter((m) => m.team === "marketing");
  const personas = await queryRows<{ id: string; name: string }>(
    db,
    sql`select id, name from personas where workspace_id = ${workspaceId} order by name`,
  );
  const rows = CONTENT_REQUESTS.map((r, i) => {
    const createdAt = new Date(now.getTime() - r.daysAgo * DAY);
    const persona = personas.find((p) => p.name === r.persona) ?? null;
    return {
      workspaceId,
      id: derivedId(workspaceId, "content-request", String(i)),
      title: r.title,
      need: r.need,
      personaId: persona?.id ?? null,
      stage: r.stage,
      dueDate: new Date(createdAt.getTime() + 21 * DAY).toISOString().slice(0, 10),
      status: r.status,
      requestedBy: sellers[i % sellers.length].id,
      assigneeMemberId: r.status === "new" ? null : marketers[i % marketers.length].id,
      assetUrl:
        r.status === "delivered" || r.status === "used"
          ? `https://acme-analytics.example/assets/${i + 1}`
          : null,
      createdAt,
      updatedAt: new Date(Math.min(now.getTime(), createdAt.getTime() + (r.status === "new" ? 0 : 9) * DAY)),
    };
  });
  return insertBatches(db, contentRequests, rows);
}

/**
 * The inbox of the last four weeks, as the hand-off and the sweep would have filled it: each rep is told
 * of the MQLs they got, warned before a deadline and told of each breach; the sales lead hears of breached
 * accept clocks (escalation). What is older than two days has been read.
 */
async function seedInbox(db: Db, workspaceId: string, salesLeadId: string | null, now: Date) {
  const stamp = sql`${now.toISOString()}::timestamptz`;
  const since = sql`${stamp} - interval '28 days'`;
  const labels = sql.raw(
    `jsonb_build_object(${Object.entries(SLA_COMMITMENT_LABELS)
      .map(([k, v]) => `'${k}', '${v.replace(/'/g, "''")}'`)
      .join(", ")})`,
  );
  const rows = await queryRows<{ n: number }>(
    db,
    sql`with events as (
          select k.id as clock_id, 'mql.assigned' as kind, k.member_id, k.contact_id, k.started_at as at,
            'New MQL for you: ' || c.name as title,
            'Accept or reject it within the SLA; the clock started when it became an MQL.' as body
          from sla_clocks k join contacts c on c.workspace_id = k.workspace_id and c.id = k.contact_id
          where k.workspace_id = ${workspaceId} and k.commitment = 'accept' and k.started_at >= ${since}
          union all
          select k.id, 'sla.warning', k.member_id, k.contact_id, k.warned_at,
            (${labels} ->> k.commitment) || ' due soon: ' || c.name, 'Due ' || to_char(k.due_at, 'YYYY-MM-DD HH24:MI') || ' UTC'
          from sla_clocks k join contacts c on c.workspace_id = k.workspace_id and c.id = k.contact_id
          where k.workspace_id = ${workspaceId} and k.warned_at >= ${since} and k.warned_at <= ${stamp}
          union all
          select k.id, 'sla.breached', k.member_id, k.contact_id, k.breached_at,
            'SLA breached: ' || lower(${labels} ->> k.commitment) || ' for ' || c.name, 'The deadline passed without it.'
          from sla_clocks k join contacts c on c.workspace_id = k.workspace_id and c.id = k.contact_id
          where k.workspace_id = ${workspaceId} and k.breached_at >= ${since} and k.breached_at <= ${stamp}
          union all
          select k.id, 'sla.escalated', ${salesLeadId}::uuid, k.contact_id, k.breached_at,
            'Escalation: ' || coalesce(u.name, 'nobody') || ' missed the SLA for ' || c.name,
            'The accept-or-reject clock breached; reassign or answer the lead.'
          from sla_clocks k join contacts c on c.workspace_id = k.workspace_id and c.id = k.contact_id
          left join members m on m.workspace_id = k.workspace_id and m.id = k.member_id
          left join users u on u.id = m.user_id
          where k.workspace_id = ${workspaceId} and k.commitment = 'accept' and ${salesLeadId}::uuid is not null
            and k.breached_at >= ${since} and k.breached_at <= ${stamp}),
        inserted as (
          insert into notifications (workspace_id, id, member_id, kind, title, body, contact_id, link, created_at, read_at)
          select ${workspaceId}, ${sqlDerivedId(sql`e.clock_id::text`, sql`e.kind`)}, e.member_id, e.kind, e.title, e.body,
            e.contact_id, '/contacts/' || e.contact_id, e.at,
            case when e.at < ${stamp} - interval '2 days' then e.at + interval '3 hours' end
          from events e where e.member_id is not null
          returning 1)
        select count(*)::int as n from inserted`,
  );
  return rows[0]?.n ?? 0;
}
