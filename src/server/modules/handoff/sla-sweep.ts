// The SLA sweep: every second (not nightly) it warns owners whose clocks reached the warning point, breaches
// clocks past their deadline (telling the owner and escalating to the sales leads, and reassigning the lead
// when the agreement says so) and routes leads waiting in the routing queue. Each step is one indexed
// statement over running clocks; rows are claimed with SKIP LOCKED so several servers can sweep at once.
import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { SLA_COMMITMENT_LABELS, type SlaCommitment, type SlaTerms } from "../../../shared/sla.js";
import { type Db, queryRows } from "../../db/client.js";
import { derivedId, uuidArray } from "../../lib/ids.js";
import { type NotificationEvent, notify } from "../notifications/notify.js";
import { reassignAfterBreach, routeQueuedMqls, salesLeads } from "../routing/routing.service.js";
import { assignClocks, scheduleClock } from "../sla/sla-clocks.service.js";

const BATCH = 5000;

interface SweptClock {
  workspaceId: string;
  id: string;
  contactId: string;
  contactName: string;
  memberId: string | null;
  podId: string | null;
  commitment: SlaCommitment;
  dueAt: string | Date;
  versionId: string;
  terms: SlaTerms;
  stillMql: boolean;
  ownerStill: boolean;
}

async function swept(db: Db, update: string, where: string, now: Date): Promise<SweptClock[]> {
  const stamp = sql`${now.toISOString()}::timestamptz`;
  const rows = await queryRows<Omit<SweptClock, "terms">>(
    db,
    sql`with due as (
          select workspace_id, id from sla_clocks
          where status = 'running' and ${sql.raw(where)} <= ${stamp} ${
            where === "warn_at"
              ? sql`and warned_at is null and due_at > ${stamp}
                  and not exists (select 1 from contacts c where c.workspace_id = sla_clocks.workspace_id
                    and c.id = sla_clocks.contact_id and c.archived_at is not null)`
              : sql``
          }
          order by ${sql.raw(where)} limit ${BATCH}
          for update skip locked
        ),
        changed as (
          update sla_clocks k set ${sql.raw(update)}, updated_at = ${stamp}
          from due where k.workspace_id = due.workspace_id and k.id = due.id
          returning k.workspace_id, k.id, k.contact_id, k.member_id, k.pod_id, k.commitment, k.due_at, k.sla_version_id
        )
        select ch.workspace_id as "workspaceId", ch.id, ch.contact_id as "contactId", coalesce(nullif(c.name, ''), c.email, 'a lead') as "contactName",
          ch.member_id as "memberId", ch.pod_id as "podId", ch.commitment, ch.due_at as "dueAt",
          ch.sla_version_id as "versionId", c.lifecycle_stage = 'mql' as "stillMql",
          c.owner_member_id is not distinct from ch.member_id as "ownerStill"
        from changed ch
        join contacts c on c.workspace_id = ch.workspace_id and c.id = ch.contact_id`,
  );
  if (rows.length === 0) return [];
  // The terms once per version, not once per clock.
  const versions = await queryRows<{ id: string; terms: SlaTerms }>(
    db,
    sql`select id, terms from sla_versions where id = any(${uuidArray([...new Set(rows.map((r) => r.versionId))])})`,
  );
  const terms = new Map(versions.map((v) => [v.id, v.terms]));
  return rows.map((r) => ({ ...r, terms: terms.get(r.versionId)! }));
}

const byWorkspace = <T extends { workspaceId: string }>(rows: T[]) => {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.workspaceId);
    if (group) group.push(row);
    else groups.set(row.workspaceId, [row]);
  }
  return groups;
};

const localTime = (at: string | Date, terms: SlaTerms) =>
  DateTime.fromJSDate(new Date(at)).setZone(terms.calendar.timeZone).toFormat("ccc d LLL, HH:mm ZZZZ");

const whatIsDue = (clock: SweptClock) =>
  clock.commitment === "accept"
    ? `accept or reject ${clock.contactName}`
    : clock.commitment === "first_touch"
      ? `make the first touch with ${clock.contactName}`
      : `make ${clock.terms.sales.attempts} attempts with ${clock.contactName}`;

async function warn(db: Db, now: Date) {
  const clocks = await swept(db, "warned_at = k.warn_at", "warn_at", now);
  for (const [workspaceId, rows] of byWorkspace(clocks)) {
    const events: NotificationEvent[] = rows
      .filter((k) => k.memberId)
      .map((k) => ({
        kind: "sla.warning",
        title: `${SLA_COMMITMENT_LABELS[k.commitment]} due soon: ${k.contactName}`,
        body: `${k.terms.sales.warnAtPercent}% of the agreed time is used. Please ${whatIsDue(k)} by ${localTime(k.dueAt, k.terms)}.`,
        contactId: k.contactId,
        link: `/contacts/${k.contactId}`,
        recipients: [k.memberId!],
        data: { clockId: k.id, commitment: k.commitment, dueAt: new Date(k.dueAt).toISOString() },
      }));
    await notify(db, workspaceId, events, now);
  }
  return clocks.length;
}

async function breach(db: Db, now: Date) {
  // Archived contacts owe nothing: their due clocks close instead of breaching.
  await db.execute(sql`
    update sla_clocks k set status = 'cancelled', closed_reason = 'contact archived', updated_at = ${now.toISOString()}::timestamptz
    from contacts c
    where k.status = 'running' and k.due_at <= ${now.toISOString()}::timestamptz
      and c.workspace_id = k.workspace_id and c.id = k.contact_id and c.archived_at is not null`);
  const clocks = await swept(db, "status = 'breached', breached_at = k.due_at", "due_at", now);
  let reassigned = 0;
  for (const [workspaceId, rows] of byWorkspace(clocks)) {
    const leads = await salesLeads(db, workspaceId);
    const names = new Map(
      (
        await queryRows<{ id: string; name: string }>(
          db,
          sql`select m.id, u.name from members m join users u on u.id = m.user_id where m.workspace_id = ${workspaceId}`,
        )
      ).map((m) => [m.id, m.name]),
    );
    const events: NotificationEvent[] = [];
    for (const k of rows) {
      const owner = k.memberId ? (names.get(k.memberId) ?? "its owner") : "nobody";
      const data = {
        clockId: k.id,
        commitment: k.commitment,
        memberId: k.memberId,
        dueAt: new Date(k.dueAt).toISOString(),
      };
      if (k.memberId)
        events.push({
          kind: "sla.breached",
          title: `SLA breached: ${SLA_COMMITMENT_LABELS[k.commitment].toLowerCase()} for ${k.contactName}`,
          body: `The agreed time to ${whatIsDue(k)} ran out at ${localTime(k.dueAt, k.terms)}. Your sales lead has been told.`,
          contactId: k.contactId,
          link: `/contacts/${k.contactId}`,
          recipients: [k.memberId],
          data,
        });
      events.push({
        kind: "sla.escalated",
        title: `Escalation: ${owner} missed the SLA for ${k.contactName}`,
        body: `${owner} did not ${whatIsDue(k)} by ${localTime(k.dueAt, k.terms)} (${SLA_COMMITMENT_LABELS[k.commitment].toLowerCase()}).`,
        contactId: k.contactId,
        link: `/contacts/${k.contactId}`,
        recipients: leads.filter((id) => id !== k.memberId),
        data,
      });
      if (k.commitment === "accept" && k.terms.sales.reassignOnBreach && k.stillMql && k.ownerStill) {
        const to = await reassignAfterBreach(
          db,
          workspaceId,
          {
            contactId: k.contactId,
            memberId: k.memberId,
            podId: k.podId,
            reason: `${owner} did not accept or reject in time`,
          },
          now,
        );
        if (to) {
          reassigned++;
          await restartAcceptClock(db, workspaceId, k, to, now);
        }
      }
    }
    await notify(db, workspaceId, events, now);
  }
  return { breached: clocks.length, reassigned };
}

/** The new owner after a breach gets their own accept clock; the other open clocks move to them. */
async function restartAcceptClock(db: Db, workspaceId: string, k: SweptClock, memberId: string, now: Date) {
  const s = scheduleClock(k.terms, "accept", now);
  await db.execute(sql`
    insert into sla_clocks (workspace_id, id, contact_id, sla_version_id, commitment, status, member_id, pod_id, target,
      progress, allowed_ms, started_at, owner_since, warn_at, due_at, created_at, updated_at)
    values (${workspaceId}, ${derivedId(k.contactId, "accept", now.toISOString(), memberId)}, ${k.contactId}, ${k.versionId}, 'accept', 'running', ${memberId}, ${k.podId}, 1,
      0, ${s.allowedMs}, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz,
      ${s.warnAt.toISOString()}::timestamptz, ${s.dueAt.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz,
      ${now.toISOString()}::timestamptz)`);
  await assignClocks(db, workspaceId, [{ contactId: k.contactId, memberId, podId: k.podId }], now);
}

/** One pass: warnings, breaches (with escalation and reassignment), then (unless told not to) the routing queue. */
export async function sweepSlaClocks(
  db: Db,
  now = new Date(),
  options: { routeQueue: boolean; onError?: (error: unknown) => void } = { routeQueue: true },
) {
  const warned = await db.transaction((tx) => warn(tx, now));
  const { breached, reassigned } = await db.transaction((tx) => breach(tx, now));
  const routed = options.routeQueue ? await routeQueuedMqls(db, now, 200, options.onError) : 0;
  return { warned, breached, reassigned, routed };
}

/** How often the worker tries the routing queue again (a rep's room comes back when they answer a lead). */
const QUEUE_RETRY_MS = 15_000;

/** Sweeps every `intervalMs` (1 s by default: breaches are noticed within seconds). */
export function startSlaWorker(db: Db, onError: (error: unknown) => void, intervalMs = 1000) {
  let stopped = false;
  let running: Promise<void> | null = null;
  let queueTriedAt = 0;
  const tick = async () => {
    try {
      const routeQueue = Date.now() - queueTriedAt >= QUEUE_RETRY_MS;
      if (routeQueue) queueTriedAt = Date.now();
      await sweepSlaClocks(db, new Date(), { routeQueue, onError });
    } catch (error) {
      onError(error);
    }
  };
  const timer = setInterval(() => {
    if (stopped || running) return;
    running = tick().finally(() => {
      running = null;
    });
  }, intervalMs);
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
