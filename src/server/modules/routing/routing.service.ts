// Lead routing: who works each new MQL, and why. In order: the contact's existing owner; the owner of its
// account; else a pod (the account's pod, a territory the pod covers, the persona's pod, the account
// segment's pod) and, inside the pod, a round robin weighted by each sales rep's capacity (the most open
// MQLs they hold at once). When no pod covers the lead or every rep is full, the lead waits in the routing
// queue (its clocks count that wait as the system's delay) and is routed as soon as a rep has room.
import { sql } from "drizzle-orm";
import type { LeadAssignment } from "../../../shared/sla.js";
import { type Db, queryRows } from "../../db/client.js";
import { contacts } from "../../db/schema/index.js";
import type { Caller } from "../../lib/access.js";
import { badRequest, conflict, forbidden } from "../../lib/errors.js";
import { derivedId, uuidArray } from "../../lib/ids.js";
import { cursorTime, decodeCursor, encodeCursor, findRecord } from "../../lib/records.js";
import { type NotificationEvent, notify } from "../notifications/notify.js";
import { assignClocks, startClocks } from "../sla/sla-clocks.service.js";

interface LeadFacts {
  id: string;
  name: string;
  ownerId: string | null;
  ownerName: string | null;
  accountName: string | null;
  accountOwnerId: string | null;
  accountOwnerName: string | null;
  accountPodId: string | null;
  personaName: string | null;
  personaPodId: string | null;
  segmentName: string | null;
  segmentPodId: string | null;
  region: string | null;
  country: string | null;
}

interface Rep {
  memberId: string;
  name: string;
  capacity: number;
  open: number;
  routedCount: number;
  lastRoutedAt: number;
}

interface Pod {
  id: string;
  name: string;
  territories: string[];
  reps: Rep[];
}

export interface Routed {
  contactId: string;
  kind: LeadAssignment["kind"];
  memberId: string | null;
  podId: string | null;
  reason: string;
}

/** The pod a lead belongs to, and why; null when none covers it. */
function podFor(lead: LeadFacts, pods: Map<string, Pod>): { pod: Pod; why: string } | null {
  const found = (id: string | null, why: string) => {
    const pod = id ? pods.get(id) : undefined;
    return pod ? { pod, why } : null;
  };
  const place = [lead.region, lead.country].filter((p): p is string => !!p).map((p) => p.toLowerCase());
  const territory = [...pods.values()].find((p) =>
    p.territories.some((t) => place.includes(t.toLowerCase())),
  );
  return (
    found(lead.accountPodId, `account ${lead.accountName} belongs to pod`) ??
    (territory
      ? {
          pod: territory,
          why: `territory ${territory.territories.find((t) => place.includes(t.toLowerCase()))} is covered by pod`,
        }
      : null) ??
    found(lead.personaPodId, `persona ${lead.personaName} is covered by pod`) ??
    found(lead.segmentPodId, `segment ${lead.segmentName} is covered by pod`)
  );
}

/**
 * The next rep of a pod: among reps below capacity, the one whose share of routed leads is furthest behind
 * their capacity ((routed + 1) / capacity lowest), then the one routed to longest ago.
 */
export function pickRep(reps: Rep[], exclude?: string | null): Rep | null {
  let best: Rep | null = null;
  for (const rep of reps) {
    if (rep.memberId === exclude || rep.open >= rep.capacity) continue;
    if (!best) {
      best = rep;
      continue;
    }
    const mine = (rep.routedCount + 1) / rep.capacity;
    const theirs = (best.routedCount + 1) / best.capacity;
    if (
      mine < theirs ||
      (mine === theirs &&
        (rep.lastRoutedAt < best.lastRoutedAt ||
          (rep.lastRoutedAt === best.lastRoutedAt && rep.memberId < best.memberId)))
    )
      best = rep;
  }
  return best;
}

async function loadLeads(db: Db, workspaceId: string, contactIds: string[]) {
  return queryRows<LeadFacts>(
    db,
    sql`select c.id, coalesce(nullif(c.name, ''), c.email, 'a lead') as name, case when om.removed_at is null then c.owner_member_id end as "ownerId", ou.name as "ownerName",
          a.name as "accountName", case when am.removed_at is null then a.owner_member_id end as "accountOwnerId",
          au.name as "accountOwnerName", a.pod_id as "accountPodId", p.name as "personaName", p.pod_id as "personaPodId",
          s.name as "segmentName", s.pod_id as "segmentPodId",
          coalesce(c.region, a.region) as region, coalesce(c.country, a.country) as country
        from contacts c
        left join members om on om.workspace_id = c.workspace_id and om.id = c.owner_member_id
        left join users ou on ou.id = om.user_id
        left join accounts a on a.workspace_id = c.workspace_id and a.id = c.account_id
        left join members am on am.workspace_id = a.workspace_id and am.id = a.owner_member_id
        left join users au on au.id = am.user_id
        left join personas p on p.workspace_id = c.workspace_id and p.id = c.persona_id
        left join segments s on s.workspace_id = a.workspace_id and s.id = a.segment_id
        where c.workspace_id = ${workspaceId} and c.id = any(${uuidArray(contactIds)})
          and c.archived_at is null and c.lifecycle_stage = 'mql'
        order by c.lifecycle_stage_changed_at, c.id`,
  );
}

/** The workspace's pods with their sales reps, locked so that concurrent routing cannot overfill a rep. */
async function loadPods(db: Db, workspaceId: string): Promise<Map<string, Pod>> {
  // The lock first, in its own statement: the counts below are then read after any concurrent router
  // (which holds the same lock until it commits) has written its owners and counters.
  await db.execute(sql`select id from pods where workspace_id = ${workspaceId} order by id for update`);
  const rows = await queryRows<{
    podId: string;
    podName: string;
    territories: string[];
    memberId: string | null;
    name: string | null;
    capacity: number | null;
    open: number | null;
    routedCount: number | null;
    lastRoutedAt: string | null;
  }>(
    db,
    sql`select p.id as "podId", p.name as "podName", p.territories, m.id as "memberId", u.name, m.mql_capacity as capacity,
          (select count(*)::int from contacts x where x.workspace_id = m.workspace_id and x.owner_member_id = m.id
             and x.lifecycle_stage = 'mql' and x.archived_at is null) as open,
          pm.routed_count as "routedCount", pm.last_routed_at as "lastRoutedAt"
        from pods p
        left join pod_members pm on pm.workspace_id = p.workspace_id and pm.pod_id = p.id
        left join members m on m.workspace_id = pm.workspace_id and m.id = pm.member_id
          and m.team = 'sales' and m.removed_at is null
        left join users u on u.id = m.user_id
        where p.workspace_id = ${workspaceId} and p.archived_at is null
        order by p.name, p.id`,
  );
  const pods = new Map<string, Pod>();
  for (const r of rows) {
    const pod = pods.get(r.podId) ?? { id: r.podId, name: r.podName, territories: r.territories, reps: [] };
    pods.set(r.podId, pod);
    if (r.memberId)
      pod.reps.push({
        memberId: r.memberId,
        name: r.name ?? "",
        capacity: r.capacity ?? 0,
        open: r.open ?? 0,
        routedCount: r.routedCount ?? 0,
        lastRoutedAt: r.lastRoutedAt ? new Date(r.lastRoutedAt).getTime() : 0,
      });
  }
  return pods;
}

function decide(lead: LeadFacts, pods: Map<string, Pod>, at: Date): Routed & { rep?: Rep } {
  const base = { contactId: lead.id, podId: null };
  if (lead.ownerId)
    return {
      ...base,
      kind: "kept_owner",
      memberId: lead.ownerId,
      reason: `Already owned by ${lead.ownerName}`,
    };
  if (lead.accountOwnerId)
    return {
      ...base,
      kind: "account_owner",
      memberId: lead.accountOwnerId,
      reason: `${lead.accountOwnerName} owns the account ${lead.accountName}`,
    };
  const match = podFor(lead, pods);
  if (!match)
    return {
      ...base,
      kind: "queued",
      memberId: null,
      reason: "No pod covers this lead (no account pod, territory, persona or segment match)",
    };
  const { pod, why } = match;
  const rep = pickRep(pod.reps);
  if (!rep)
    return {
      contactId: lead.id,
      podId: pod.id,
      kind: "queued",
      memberId: null,
      reason:
        pod.reps.length === 0
          ? `Pod ${pod.name} has no sales reps`
          : `Every sales rep of pod ${pod.name} is at capacity`,
    };
  rep.open += 1;
  rep.routedCount += 1;
  rep.lastRoutedAt = at.getTime();
  return {
    contactId: lead.id,
    podId: pod.id,
    kind: "routed",
    memberId: rep.memberId,
    rep,
    reason: `${why.charAt(0).toUpperCase()}${why.slice(1)} ${pod.name}; round robin by capacity picked ${rep.name} (${rep.open} of ${rep.capacity} open MQLs)`,
  };
}

/** The sales leads, who hear about leads nobody can take and about breaches (the admins when sales has no lead). */
export async function salesLeads(db: Db, workspaceId: string) {
  const rows = await queryRows<{ id: string; role: string }>(
    db,
    sql`select id, role from members where workspace_id = ${workspaceId} and removed_at is null
          and ((team = 'sales' and role = 'lead') or role = 'admin')`,
  );
  const leads = rows.filter((r) => r.role === "lead").map((r) => r.id);
  return leads.length > 0 ? leads : rows.map((r) => r.id);
}

/** Writes the owners, the assignment records, the round-robin counters and the notifications. */
async function record(
  db: Db,
  workspaceId: string,
  results: Routed[],
  at: Date,
  names: Map<string, string>,
  assignedBy: string | null = null,
) {
  const owned = results.filter((r) => r.memberId && r.kind !== "kept_owner");
  const stamp = sql`${at.toISOString()}::timestamptz`;
  if (owned.length > 0)
    await db.execute(sql`
      update contacts c set owner_member_id = x."memberId", updated_at = ${stamp}
      from json_to_recordset(${JSON.stringify(owned)}::json) as x("contactId" uuid, "memberId" uuid)
      where c.workspace_id = ${workspaceId} and c.id = x."contactId"`);
  const routed = results.filter((r) => r.kind === "routed" || (r.kind === "reassigned" && r.podId));
  if (routed.length > 0)
    await db.execute(sql`
      update pod_members pm set routed_count = pm.routed_count + x.n, last_routed_at = ${stamp}
      from (select "podId", "memberId", count(*)::int as n
            from json_to_recordset(${JSON.stringify(routed)}::json) as r("podId" uuid, "memberId" uuid)
            group by 1, 2) x
      where pm.workspace_id = ${workspaceId} and pm.pod_id = x."podId" and pm.member_id = x."memberId"`);
  if (results.length > 0)
    await db.execute(sql`
      insert into lead_assignments (workspace_id, id, contact_id, kind, member_id, pod_id, previous_member_id, reason, assigned_by, assigned_at)
      select ${workspaceId}, x.id, x."contactId", x.kind, x."memberId", x."podId", x."previousMemberId", x.reason, ${assignedBy}::uuid, ${stamp}
      from json_to_recordset(${JSON.stringify(results.map((r) => ({ ...r, id: derivedId(r.contactId, r.kind, at.toISOString(), r.memberId ?? "") })))}::json)
        as x(id uuid, "contactId" uuid, kind text, "memberId" uuid, "podId" uuid, "previousMemberId" uuid, reason text)`);
  const events: NotificationEvent[] = results
    .filter((r) => r.memberId)
    .map((r) => ({
      kind: r.kind === "reassigned" ? "lead.reassigned" : "mql.assigned",
      title:
        r.kind === "kept_owner"
          ? `Your lead ${names.get(r.contactId) ?? ""} is now an MQL`
          : `New MQL for you: ${names.get(r.contactId) ?? "a lead"}`,
      body: r.reason,
      contactId: r.contactId,
      link: `/contacts/${r.contactId}`,
      recipients: [r.memberId!],
      data: { kind: r.kind, podId: r.podId, memberId: r.memberId },
    }));
  const queued = results.filter((r) => r.kind === "queued");
  if (queued.length > 0) {
    const leads = await salesLeads(db, workspaceId);
    for (const r of queued)
      events.push({
        kind: "lead.queued",
        title: `MQL waiting for an owner: ${names.get(r.contactId) ?? "a lead"}`,
        body: `${r.reason}. Give it to a rep from the MQL queue, or add a rep or a territory to a pod.`,
        contactId: r.contactId,
        link: `/contacts/${r.contactId}`,
        recipients: leads,
        data: { podId: r.podId },
      });
  }
  await notify(db, workspaceId, events, at);
}

/**
 * Routes contacts that just became MQLs (or still wait in the queue, `fresh` false) and starts or resumes
 * their SLA clocks. Returns one result per contact that is an MQL.
 */
export async function routeMqls(
  db: Db,
  workspaceId: string,
  contactIds: string[],
  at: Date,
  options: { fresh: boolean } = { fresh: true },
): Promise<Routed[]> {
  if (contactIds.length === 0) return [];
  const pods = await loadPods(db, workspaceId);
  // Retrying the queue: a lead someone took meanwhile (by hand, another process) is not routed again.
  const leads = (await loadLeads(db, workspaceId, contactIds)).filter((l) => options.fresh || !l.ownerId);
  const decided = leads.map((lead) => decide(lead, pods, at));
  const names = new Map(leads.map((l) => [l.id, l.name || "a lead"]));
  // A lead still waiting is only recorded again once it gets an owner.
  const results = options.fresh ? decided : decided.filter((r) => r.memberId !== null);
  await record(
    db,
    workspaceId,
    results.map(({ rep: _rep, ...r }) => r),
    at,
    names,
  );
  if (options.fresh)
    await startClocks(
      db,
      workspaceId,
      decided.map((r) => ({ contactId: r.contactId, memberId: r.memberId, podId: r.podId })),
      at,
    );
  else
    await assignClocks(
      db,
      workspaceId,
      results.map((r) => ({ contactId: r.contactId, memberId: r.memberId!, podId: r.podId })),
      at,
    );
  return results.map(({ rep: _rep, ...r }) => r);
}

/** Tries the routing queue again (a rep has room now, a pod got a rep): every unowned MQL, oldest first. */
export async function routeQueuedMqls(
  db: Db,
  at: Date,
  perWorkspace = 200,
  onError?: (error: unknown) => void,
) {
  // Every workspace with waiting leads gets its turn (one workspace's unroutable backlog cannot starve
  // the others); the leads are claimed with SKIP LOCKED so two servers never route the same one.
  const workspaces = await queryRows<{ workspaceId: string }>(
    db,
    sql`select distinct workspace_id as "workspaceId" from contacts
        where owner_member_id is null and lifecycle_stage = 'mql' and archived_at is null`,
  );
  let routed = 0;
  for (const { workspaceId } of workspaces) {
    try {
      routed += await db.transaction(async (tx) => {
        const t = tx;
        const claimed = await queryRows<{ id: string }>(
          t,
          sql`select id from contacts
              where workspace_id = ${workspaceId} and owner_member_id is null and lifecycle_stage = 'mql'
                and archived_at is null
              order by lifecycle_stage_changed_at, id limit ${perWorkspace}
              for update skip locked`,
        );
        return (
          await routeMqls(
            t,
            workspaceId,
            claimed.map((c) => c.id),
            at,
            { fresh: false },
          )
        ).length;
      });
    } catch (error) {
      if (!onError) throw error;
      onError(error);
    }
  }
  return routed;
}

/**
 * Gives a lead to another rep of its pod after a breach; returns the new owner, or null when nobody in
 * the pod has room (the lead stays where it is).
 */
export async function reassignAfterBreach(
  db: Db,
  workspaceId: string,
  breach: { contactId: string; memberId: string | null; podId: string | null; reason: string },
  at: Date,
): Promise<string | null> {
  if (!breach.podId) return null;
  const pod = (await loadPods(db, workspaceId)).get(breach.podId);
  const rep = pod ? pickRep(pod.reps, breach.memberId) : null;
  if (!pod || !rep) return null;
  const [lead] = await loadLeads(db, workspaceId, [breach.contactId]);
  if (!lead) return null;
  const result: Routed & { previousMemberId: string | null } = {
    contactId: breach.contactId,
    kind: "reassigned",
    memberId: rep.memberId,
    podId: pod.id,
    previousMemberId: breach.memberId,
    reason: `${breach.reason}; reassigned by round robin in pod ${pod.name} to ${rep.name}`,
  };
  await record(db, workspaceId, [result], at, new Map([[lead.id, lead.name]]));
  return rep.memberId;
}

/** Whether the caller may give a lead (an MQL) to someone: a sales team lead or an admin. */
export function mayAssignLeads(caller: Pick<Caller, "role" | "team">) {
  return caller.role === "admin" || (caller.role === "lead" && caller.team === "sales");
}

/** Giving a lead to someone by hand is for a sales team lead or an admin (403 otherwise). */
export function assertMayAssignLeads(caller: Caller) {
  if (!mayAssignLeads(caller))
    throw forbidden("Only a sales team lead or an admin can give an MQL to someone");
}

/** The member's name; 400 naming `field` when they are not an active member of the workspace. */
export async function activeMemberName(db: Db, workspaceId: string, memberId: string, field: string) {
  const [target] = await queryRows<{ name: string; removed: boolean }>(
    db,
    sql`select u.name, m.removed_at is not null as removed from members m join users u on u.id = m.user_id
        where m.workspace_id = ${workspaceId} and m.id = ${memberId}`,
  );
  if (!target || target.removed) throw badRequest("is not a member of this workspace", field);
  return target.name;
}

/** A sales lead or an admin gives an MQL to a member by hand (from the routing queue, or to rebalance). */
export async function assignLead(
  db: Db,
  caller: Caller,
  contactId: string,
  input: { memberId: string; comment: string },
  at = new Date(),
) {
  assertMayAssignLeads(caller);
  return db.transaction(async (tx) => {
    const t = tx;
    const contact = await findRecord(t, contacts, caller.workspaceId, contactId, "Contact");
    const targetName = await activeMemberName(t, caller.workspaceId, input.memberId, "memberId");
    if (contact.ownerMemberId === input.memberId)
      throw conflict(`${targetName} already owns this lead`, "memberId");
    const result: Routed & { previousMemberId: string | null } = {
      contactId,
      kind: "manual",
      memberId: input.memberId,
      podId: null,
      previousMemberId: contact.ownerMemberId,
      reason: `Assigned to ${targetName} by ${caller.name}${input.comment ? `: ${input.comment}` : ""}`,
    };
    await record(t, caller.workspaceId, [result], at, new Map([[contactId, contact.name]]), caller.memberId);
    await assignClocks(t, caller.workspaceId, [{ contactId, memberId: input.memberId, podId: null }], at);
    return (await listAssignments(t, caller.workspaceId, contactId)).at(-1)!;
  });
}

/**
 * An MQL's owner changed on the contact itself (Edit, or PATCH /api/contacts/:id): recorded as a manual
 * assignment, and the lead's open SLA clocks follow the new owner.
 */
export async function recordOwnerChange(
  db: Db,
  caller: Caller,
  contact: { id: string; name: string; ownerMemberId: string | null },
  memberId: string,
  at = new Date(),
  reason?: string,
) {
  const [target] = await queryRows<{ name: string }>(
    db,
    sql`select u.name from members m join users u on u.id = m.user_id
        where m.workspace_id = ${caller.workspaceId} and m.id = ${memberId}`,
  );
  const result: Routed & { previousMemberId: string | null } = {
    contactId: contact.id,
    kind: "manual",
    memberId,
    podId: null,
    previousMemberId: contact.ownerMemberId,
    reason: reason ?? `Owner changed to ${target?.name ?? "another member"} by ${caller.name} on the contact`,
  };
  await record(db, caller.workspaceId, [result], at, new Map([[contact.id, contact.name]]), caller.memberId);
  await assignClocks(db, caller.workspaceId, [{ contactId: contact.id, memberId, podId: null }], at);
}

export async function listAssignments(
  db: Db,
  workspaceId: string,
  contactId: string,
): Promise<LeadAssignment[]> {
  const rows = await queryRows<LeadAssignment & { assignedAt: string | Date }>(
    db,
    sql`select a.id, a.contact_id as "contactId", a.kind, a.member_id as "memberId", mu.name as "memberName",
          a.pod_id as "podId", p.name as "podName", a.previous_member_id as "previousMemberId", a.reason,
          bu.name as "assignedByName", a.assigned_at as "assignedAt"
        from lead_assignments a
        left join members m on m.workspace_id = a.workspace_id and m.id = a.member_id
        left join users mu on mu.id = m.user_id
        left join members b on b.workspace_id = a.workspace_id and b.id = a.assigned_by
        left join users bu on bu.id = b.user_id
        left join pods p on p.workspace_id = a.workspace_id and p.id = a.pod_id
        where a.workspace_id = ${workspaceId} and a.contact_id = ${contactId}
        order by a.assigned_at, a.id`,
  );
  return rows.map((r) => ({ ...r, assignedAt: new Date(r.assignedAt).toISOString() }));
}

/**
 * The routing queue: MQLs nobody owns yet, oldest first, with the reason they wait; keyset pages (oldest
 * MQL time, then id) so a queue of thousands is read a page at a time, and the true total on the first page.
 */
export async function listRoutingQueue(db: Db, caller: Caller, query: { cursor?: string; limit: number }) {
  const ws = caller.workspaceId;
  const waiting = sql`c.workspace_id = ${ws} and c.owner_member_id is null and c.lifecycle_stage = 'mql'
    and c.archived_at is null`;
  let after = sql``;
  if (query.cursor) {
    const [value, id] = decodeCursor(query.cursor);
    after = sql`and (c.lifecycle_stage_changed_at, c.id) > (${cursorTime(value)}::timestamptz, ${id}::uuid)`;
  }
  const rows = await queryRows<{
    contactId: string;
    name: string;
    email: string | null;
    accountName: string | null;
    mqlAt: string | Date;
    reason: string | null;
  }>(
    db,
    sql`select c.id as "contactId", c.name, c.email, a.name as "accountName", c.lifecycle_stage_changed_at as "mqlAt",
          (select la.reason from lead_assignments la where la.workspace_id = c.workspace_id and la.contact_id = c.id
           order by la.assigned_at desc limit 1) as reason
        from contacts c
        left join accounts a on a.workspace_id = c.workspace_id and a.id = c.account_id
        where ${waiting} ${after}
        order by c.lifecycle_stage_changed_at, c.id
        limit ${query.limit + 1}`,
  );
  const total = query.cursor
    ? undefined
    : (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from contacts c where ${waiting}`))[0]
        .n;
  const more = rows.length > query.limit;
  const items = (more ? rows.slice(0, query.limit) : rows).map((r) => ({
    ...r,
    mqlAt: new Date(r.mqlAt).toISOString(),
    reason: r.reason ?? "Became an MQL before routing was set up",
  }));
  const last = items.at(-1);
  return { items, nextCursor: more && last ? encodeCursor(last.mqlAt, last.contactId) : null, total };
}

/** Gives several waiting MQLs to one member, each recorded and its clocks moved as one by hand would be. */
export async function assignLeads(
  db: Db,
  caller: Caller,
  input: { contactIds: string[]; memberId: string; comment: string },
  at = new Date(),
) {
  assertMayAssignLeads(caller);
  const ids = [...new Set(input.contactIds)];
  return db.transaction(async (tx) => {
    for (const contactId of ids)
      await assignLead(tx, caller, contactId, { memberId: input.memberId, comment: input.comment }, at);
    return { assigned: ids.length };
  });
}
