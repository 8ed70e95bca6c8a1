// SLA clocks: one per MQL and sales commitment (accept or reject, first touch, follow-up attempts). A clock
// starts when the contact becomes an MQL. While nobody owns the lead it waits (the system's delay, counted
// apart); once routed the owner's time runs in business hours, with its warning and deadline precomputed.
// Decisions, sales touches and stage moves close clocks; the sweep (handoff/sla-sweep.ts) warns and breaches.
import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { LifecycleStage } from "../../../shared/domain.js";
import {
  type ClockStatus,
  SLA_COMMITMENT_LABELS,
  type SlaClock,
  type SlaCommitment,
  type SlaTerms,
} from "../../../shared/sla.js";
import { type Db, queryRows } from "../../db/client.js";
import { members, slaClocks, slaVersions, users } from "../../db/schema/index.js";
import {
  addBusinessDays,
  addBusinessMillis,
  businessMillisBetween,
  isBusinessTime,
  nextBusinessMoment,
} from "../../lib/business-hours.js";
import { derivedId, uuidArray } from "../../lib/ids.js";
import { keysetPage } from "../../lib/records.js";
import { activeSla } from "./sla-agreement.service.js";

const HOUR = 3_600_000;
const OPEN = ["waiting", "running"] as const;
/** Sales touches that count as a first touch or an attempt (a lead's inbound reply does not). */
export const ATTEMPT_TOUCH_TYPES = ["call", "sales_email", "social_message", "meeting"] as const;

export interface Schedule {
  allowedMs: number;
  warnAt: Date;
  dueAt: Date;
}

/** When the owner is warned and when the commitment is due, counting from `ownerSince` in business time. */
export function scheduleClock(terms: SlaTerms, commitment: SlaCommitment, ownerSince: Date): Schedule {
  const cal = terms.calendar;
  const s = terms.sales;
  let allowedMs: number;
  let dueAt: Date;
  if (commitment === "attempts") {
    dueAt = addBusinessDays(ownerSince, s.attemptsWithinDays, cal);
    allowedMs = businessMillisBetween(ownerSince, dueAt, cal);
  } else {
    allowedMs = Math.round((commitment === "accept" ? s.acceptWithinHours : s.firstTouchWithinHours) * HOUR);
    dueAt = addBusinessMillis(ownerSince, allowedMs, cal);
  }
  const warnAt = addBusinessMillis(ownerSince, Math.round((allowedMs * s.warnAtPercent) / 100), cal);
  return { allowedMs, warnAt, dueAt };
}

function describeAllowed(terms: SlaTerms, commitment: SlaCommitment): string {
  const s = terms.sales;
  const h = (n: number) => `${n} business hour${n === 1 ? "" : "s"}`;
  if (commitment === "accept") return `within ${h(s.acceptWithinHours)}`;
  if (commitment === "first_touch") return `within ${h(s.firstTouchWithinHours)}`;
  return `${s.attempts} attempt${s.attempts === 1 ? "" : "s"} within ${s.attemptsWithinDays} business day${s.attemptsWithinDays === 1 ? "" : "s"}`;
}

export interface NewMql {
  contactId: string;
  /** Null when the lead waits in the routing queue. */
  memberId: string | null;
  podId: string | null;
}

/**
 * Starts the clocks of contacts that just became MQLs under the agreement in force (none without one).
 * Clocks still open from an earlier MQL period of the same contacts are cancelled first.
 */
export async function startClocks(db: Db, workspaceId: string, leads: NewMql[], at: Date) {
  const sla = await activeSla(db, workspaceId);
  if (!sla || leads.length === 0) return;
  await cancelOpenClocks(
    db,
    workspaceId,
    leads.map((l) => l.contactId),
    "a new MQL period started",
    at,
  );
  const commitments: SlaCommitment[] = ["accept", "first_touch", "attempts"];
  const schedules = new Map(commitments.map((c) => [c, scheduleClock(sla.terms, c, at)]));
  const rows = leads.flatMap((lead) =>
    commitments.map((commitment) => {
      const s = schedules.get(commitment)!;
      const owned = lead.memberId !== null;
      return {
        workspaceId,
        id: derivedId(lead.contactId, commitment, at.toISOString()),
        contactId: lead.contactId,
        slaVersionId: sla.id,
        commitment,
        status: (owned ? "running" : "waiting") as ClockStatus,
        memberId: lead.memberId,
        podId: lead.podId,
        target: commitment === "attempts" ? sla.terms.sales.attempts : 1,
        allowedMs: s.allowedMs,
        startedAt: at,
        ownerSince: owned ? at : null,
        warnAt: owned ? s.warnAt : null,
        dueAt: owned ? s.dueAt : null,
        createdAt: at,
        updatedAt: at,
      };
    }),
  );
  for (let i = 0; i < rows.length; i += 1000) await db.insert(slaClocks).values(rows.slice(i, i + 1000));
  // Touches logged between the MQL moment and now (an import, a hand-off call) already count.
  await progressTouchClocks(
    db,
    workspaceId,
    leads.map((l) => l.contactId),
  );
}

/**
 * The leads now have an owner: waiting clocks start running from `at` (their wait was the system's
 * delay); running clocks move to the new owner and keep their deadline.
 */
export async function assignClocks(
  db: Db,
  workspaceId: string,
  leads: { contactId: string; memberId: string; podId: string | null }[],
  at: Date,
) {
  if (leads.length === 0) return;
  const json = JSON.stringify(leads);
  const waiting = await queryRows<{ versionId: string; commitment: SlaCommitment }>(
    db,
    sql`select distinct k.sla_version_id as "versionId", k.commitment from sla_clocks k
        where k.workspace_id = ${workspaceId} and k.status = 'waiting'
          and k.contact_id = any(${uuidArray(leads.map((l) => l.contactId))})`,
  );
  const terms = await versionTerms(
    db,
    workspaceId,
    waiting.map((w) => w.versionId),
  );
  for (const { versionId, commitment } of waiting) {
    const s = scheduleClock(terms.get(versionId)!, commitment, at);
    await db.execute(sql`
      update sla_clocks k set status = 'running', member_id = x."memberId", pod_id = x."podId",
        owner_since = ${at.toISOString()}::timestamptz, warn_at = ${s.warnAt.toISOString()}::timestamptz,
        due_at = ${s.dueAt.toISOString()}::timestamptz, allowed_ms = ${s.allowedMs}, updated_at = ${at.toISOString()}::timestamptz
      from json_to_recordset(${json}::json) as x("contactId" uuid, "memberId" uuid, "podId" uuid)
      where k.workspace_id = ${workspaceId} and k.contact_id = x."contactId" and k.status = 'waiting'
        and k.sla_version_id = ${versionId} and k.commitment = ${commitment}`);
  }
  await db.execute(sql`
    update sla_clocks k set member_id = x."memberId", pod_id = coalesce(x."podId", k.pod_id), updated_at = ${at.toISOString()}::timestamptz
    from json_to_recordset(${json}::json) as x("contactId" uuid, "memberId" uuid, "podId" uuid)
    where k.workspace_id = ${workspaceId} and k.contact_id = x."contactId" and k.status = 'running'
      and k.member_id is distinct from x."memberId"`);
}

async function versionTerms(db: Db, workspaceId: string, ids: string[]) {
  if (ids.length === 0) return new Map<string, SlaTerms>();
  const rows = await db
    .select({ id: slaVersions.id, terms: slaVersions.terms })
    .from(slaVersions)
    .where(and(eq(slaVersions.workspaceId, workspaceId), inArray(slaVersions.id, [...new Set(ids)])));
  return new Map(rows.map((r) => [r.id, r.terms]));
}

const contactScope = (contactIds: string[] | SQL) =>
  Array.isArray(contactIds)
    ? sql`k.contact_id = any(${uuidArray(contactIds)})`
    : sql`k.contact_id in (select contact_id from ${contactIds} x)`;

/** Closes the contacts' open clocks without a verdict (the lead left the MQL path some other way). */
export async function cancelOpenClocks(
  db: Db,
  workspaceId: string,
  contactIds: string[] | SQL,
  reason: string,
  at: Date,
  commitments?: SlaCommitment[],
) {
  await db.execute(sql`
    update sla_clocks k set status = 'cancelled', closed_reason = ${reason}, updated_at = ${at.toISOString()}::timestamptz
    where k.workspace_id = ${workspaceId} and ${contactScope(contactIds)} and k.status in ${OPEN}
      ${commitments ? sql`and k.commitment in ${commitments}` : sql``}`);
}

/**
 * The accept commitment is met when sales decides (or the lead moves past MQL). Met late, a breached clock
 * stays breached and records when it was done.
 */
export async function completeAcceptClocks(
  db: Db,
  workspaceId: string,
  contactIds: string[] | SQL,
  reason: string,
  at: Date,
) {
  const stamp = sql`${at.toISOString()}::timestamptz`;
  await db.execute(sql`
    update sla_clocks k set status = case when k.status = 'breached' then 'breached' else 'met' end,
      completed_at = ${stamp}, progress = 1, closed_reason = ${reason}, updated_at = ${stamp}
    where k.workspace_id = ${workspaceId} and ${contactScope(contactIds)} and k.commitment = 'accept'
      and k.completed_at is null and k.status in ('waiting', 'running', 'breached')`);
}

/** What a stage move means for the clocks: past MQL the accept clock is met; back or out, all close. */
export async function clocksAfterStageMove(
  db: Db,
  workspaceId: string,
  contactIds: string[] | SQL,
  toStage: LifecycleStage,
  at: Date,
) {
  if (toStage === "sal" || toStage === "sql" || toStage === "opportunity" || toStage === "customer")
    await completeAcceptClocks(db, workspaceId, contactIds, `moved to ${toStage}`, at);
  else if (toStage !== "mql") await cancelOpenClocks(db, workspaceId, contactIds, `moved to ${toStage}`, at);
}

/** Sales' decision on an MQL: the accept clock is met; a rejected lead needs no more touches. */
export async function clocksAfterDecision(
  db: Db,
  workspaceId: string,
  contactId: string,
  decision: "accepted" | "rejected",
  at: Date,
) {
  await completeAcceptClocks(db, workspaceId, [contactId], decision, at);
  if (decision === "rejected")
    await cancelOpenClocks(db, workspaceId, [contactId], "rejected by sales", at, [
      "first_touch",
      "attempts",
    ]);
}

/**
 * Recounts the sales touches made since each open first-touch or attempts clock started. Reaching the target
 * by the deadline meets it; a breached clock records when the target was reached and stays breached.
 */
export async function progressTouchClocks(db: Db, workspaceId: string, contactIds: string[]) {
  if (contactIds.length === 0) return;
  await db.execute(sql`
    with counted as (
      select k.workspace_id, k.id, count(t.id)::int as n,
        (array_agg(t.occurred_at order by t.occurred_at))[k.target] as reached_at
      from sla_clocks k
      join touches t on t.workspace_id = k.workspace_id and t.contact_id = k.contact_id
        and t.occurred_at >= k.started_at and t.type in ${ATTEMPT_TOUCH_TYPES}
        and coalesce(t.properties->>'direction', '') <> 'inbound'
      where k.workspace_id = ${workspaceId} and k.contact_id = any(${uuidArray(contactIds)})
        and k.commitment in ('first_touch', 'attempts') and k.completed_at is null
        and k.status in ('waiting', 'running', 'breached')
      group by k.workspace_id, k.id, k.target
    )
    update sla_clocks k set progress = least(c.n, k.target),
      status = case when c.reached_at is null then k.status
                    when k.status = 'breached' and c.reached_at > k.due_at then 'breached'
                    else 'met' end,
      breached_at = case when c.reached_at is not null and (k.due_at is null or c.reached_at <= k.due_at) then null else k.breached_at end,
      completed_at = c.reached_at,
      closed_reason = case when c.reached_at is null then k.closed_reason else ${"target reached"} end,
      updated_at = now()
    from counted c
    where k.workspace_id = c.workspace_id and k.id = c.id`);
}

function clocksWithNames(db: Db) {
  return db
    .select({
      clock: slaClocks,
      memberName: users.name,
      version: slaVersions.version,
      terms: slaVersions.terms,
    })
    .from(slaClocks)
    .innerJoin(
      slaVersions,
      and(eq(slaVersions.workspaceId, slaClocks.workspaceId), eq(slaVersions.id, slaClocks.slaVersionId)),
    )
    .leftJoin(
      members,
      and(eq(members.workspaceId, slaClocks.workspaceId), eq(members.id, slaClocks.memberId)),
    )
    .leftJoin(users, eq(users.id, members.userId));
}

type ClockRow = Awaited<ReturnType<ReturnType<typeof clocksWithNames>["where"]>>[number];
const present = (now: Date) => (r: ClockRow) => presentClock(r.clock, r.memberName, r.version, r.terms, now);

/** Every clock of one contact, by MQL period and commitment. */
export async function listClocks(
  db: Db,
  workspaceId: string,
  filter: { contactId: string },
  now = new Date(),
) {
  const rows = await clocksWithNames(db)
    .where(and(eq(slaClocks.workspaceId, workspaceId), eq(slaClocks.contactId, filter.contactId)))
    .orderBy(
      asc(slaClocks.startedAt),
      sql`array_position(array['accept', 'first_touch', 'attempts'], ${slaClocks.commitment})`,
    );
  return rows.map(present(now));
}

/**
 * The latest accept-or-reject clock of each of a page of contacts (a queue page asks once, not once per row);
 * contacts without one are left out.
 */
export async function listAnswerClocks(db: Db, workspaceId: string, contactIds: string[], now = new Date()) {
  if (contactIds.length === 0) return { items: [] };
  const rows = await clocksWithNames(db)
    .where(
      and(
        eq(slaClocks.workspaceId, workspaceId),
        inArray(slaClocks.contactId, contactIds),
        eq(slaClocks.commitment, "accept"),
      ),
    )
    .orderBy(asc(slaClocks.contactId), asc(slaClocks.startedAt));
  const latest = new Map<string, ClockRow>();
  for (const row of rows) latest.set(row.clock.contactId, row);
  return { items: [...latest.values()].map(present(now)) };
}

/** One member's clocks (the open ones by default), oldest first, a page at a time. */
export async function listMemberClocks(
  db: Db,
  workspaceId: string,
  query: { memberId: string; open: boolean; cursor?: string; limit: number },
  now = new Date(),
) {
  const page = await keysetPage(
    {
      run: (where: SQL | undefined, orderBy: SQL[], limit: number) =>
        clocksWithNames(db)
          .where(where)
          .orderBy(...orderBy)
          .limit(limit),
      sortColumn: slaClocks.startedAt,
      idColumn: slaClocks.id,
      sortKey: (row) => row.clock.startedAt,
      idKey: (row) => row.clock.id,
    },
    { order: "asc", cursor: query.cursor, limit: query.limit },
    [
      eq(slaClocks.workspaceId, workspaceId),
      eq(slaClocks.memberId, query.memberId),
      query.open ? inArray(slaClocks.status, [...OPEN]) : undefined,
    ],
  );
  return { items: page.items.map(present(now)), nextCursor: page.nextCursor };
}

export function presentClock(
  k: typeof slaClocks.$inferSelect,
  memberName: string | null,
  version: number,
  terms: SlaTerms,
  now: Date,
): SlaClock {
  const cal = terms.calendar;
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  const closedAt = k.completedAt ?? (k.status === "cancelled" ? k.updatedAt : null);
  const end = closedAt ?? now;
  const running = k.status === "running";
  const paused = running && !isBusinessTime(now, cal);
  let remainingMs: number | null = null;
  if (running && k.dueAt)
    remainingMs =
      k.dueAt > now ? businessMillisBetween(now, k.dueAt, cal) : -businessMillisBetween(k.dueAt, now, cal);
  return {
    id: k.id,
    contactId: k.contactId,
    commitment: k.commitment,
    label: SLA_COMMITMENT_LABELS[k.commitment],
    status: k.status,
    paused,
    resumesAt: paused ? nextBusinessMoment(now, cal).toISOString() : null,
    memberId: k.memberId,
    memberName,
    slaVersion: version,
    target: k.target,
    progress: k.progress,
    allowed: describeAllowed(terms, k.commitment),
    startedAt: k.startedAt.toISOString(),
    ownerSince: iso(k.ownerSince),
    warnAt: iso(k.warnAt),
    dueAt: iso(k.dueAt),
    warnedAt: iso(k.warnedAt),
    breachedAt: iso(k.breachedAt),
    completedAt: iso(k.completedAt),
    closedReason: k.closedReason,
    remainingMs,
    systemDelayMs: businessMillisBetween(k.startedAt, k.ownerSince ?? end, cal),
    repDelayMs: k.ownerSince ? businessMillisBetween(k.ownerSince, end, cal) : null,
  };
}
