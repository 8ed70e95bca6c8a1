// Target-account lists: the accounts both teams agree to go after, by tier (1:1, 1:few, 1:many). Anyone
// proposes a change (add, remove, change the tier) with a reason, and the data behind each account is kept
// with the proposal; the change is an agreement version (agreements.ts) and takes effect only when a sales
// lead and a marketing lead have both signed it (lib/joint-approval.ts), in the transaction of the second
// signature. Every stay of an account on a list is a row (opened and closed by changes): the history.
import { sql } from "drizzle-orm";
import type { z } from "zod";
import type {
  createTargetListSchema,
  proposeTargetListChangeSchema,
  TargetList,
  TargetListChange,
  TargetListChangeItem,
  TargetTier,
  targetAccountQuerySchema,
  updateTargetListSchema,
} from "../../../shared/abm.js";
import { TARGET_TIER_LABELS, TARGET_TIERS } from "../../../shared/abm.js";
import { type Db, queryRows } from "../../db/client.js";
import { targetListChanges, targetLists } from "../../db/schema/index.js";
import type { Caller } from "../../lib/access.js";
import { recordAudit } from "../../lib/audit.js";
import { badRequest, conflict, forbidden, notFound } from "../../lib/errors.js";
import { newId, uuidArray } from "../../lib/ids.js";
import { sign, signaturesOf, withdrawSignature } from "../../lib/joint-approval.js";
import { escapeLike } from "../../lib/records.js";
import { accountDealsSql, accountEvidence } from "./accounts-abm.service.js";

const iso = (d: Date | string | null) => (d == null ? null : new Date(d).toISOString());
const tierWord = (tier: TargetTier | null | undefined) => (tier ? TARGET_TIER_LABELS[tier] : "");

async function findList(db: Db, workspaceId: string, id: string) {
  const [row] = await queryRows<{ id: string; name: string; archived_at: Date | null }>(
    db,
    sql`select id, name, archived_at from target_lists where workspace_id = ${workspaceId} and id = ${id}`,
  );
  if (!row) throw notFound("Target-account list");
  return row;
}

/** Every list (or one) with its accounts by tier, waiting proposals and what its accounts' deals produced. */
async function listRows(db: Db, workspaceId: string, options: { id?: string; archived?: boolean }) {
  const rows = await queryRows<{
    id: string;
    name: string;
    description: string;
    podId: string | null;
    archivedAt: Date | null;
    createdAt: Date;
    updatedAt: Date;
    tiers: Record<string, number> | null;
    accounts: number;
    pendingChanges: number;
    pipeline: number;
    revenue: number;
  }>(
    db,
    sql`select l.id, l.name, l.description, l.pod_id as "podId", l.archived_at as "archivedAt",
          l.created_at as "createdAt", l.updated_at as "updatedAt",
          (select jsonb_object_agg(tier, n) from (select e.tier, count(*)::int as n from target_list_entries e
             where e.workspace_id = l.workspace_id and e.list_id = l.id and e.removed_at is null group by e.tier) x) as tiers,
          (select count(*)::int from target_list_entries e where e.workspace_id = l.workspace_id and e.list_id = l.id
             and e.removed_at is null) as accounts,
          (select count(*)::int from target_list_changes c where c.workspace_id = l.workspace_id and c.list_id = l.id
             and c.status = 'draft') as "pendingChanges",
          coalesce((select sum(d.pipeline) from target_list_entries e join ${accountDealsSql(workspaceId)} d on d.account_id = e.account_id
             where e.workspace_id = l.workspace_id and e.list_id = l.id and e.removed_at is null), 0)::float8 as pipeline,
          coalesce((select sum(d.revenue) from target_list_entries e join ${accountDealsSql(workspaceId)} d on d.account_id = e.account_id
             where e.workspace_id = l.workspace_id and e.list_id = l.id and e.removed_at is null), 0)::float8 as revenue
        from target_lists l
        where l.workspace_id = ${workspaceId}
          ${options.id ? sql`and l.id = ${options.id}` : sql`and (l.archived_at is not null) = ${options.archived ?? false}`}
        order by l.name`,
  );
  return rows.map(
    (r): TargetList => ({
      id: r.id,
      name: r.name,
      description: r.description,
      podId: r.podId,
      accounts: r.accounts,
      byTier: Object.fromEntries(TARGET_TIERS.map((t) => [t, r.tiers?.[t] ?? 0])) as TargetList["byTier"],
      pendingChanges: r.pendingChanges,
      pipeline: r.pipeline,
      revenue: r.revenue,
      archivedAt: iso(r.archivedAt),
      createdAt: iso(r.createdAt) as string,
      updatedAt: iso(r.updatedAt) as string,
    }),
  );
}

export const listTargetLists = (db: Db, workspaceId: string, archived: boolean) =>
  listRows(db, workspaceId, { archived }).then((items) => ({ items }));

export async function getTargetList(db: Db, workspaceId: string, id: string) {
  const [row] = await listRows(db, workspaceId, { id });
  if (!row) throw notFound("Target-account list");
  return row;
}

async function checkPod(db: Db, workspaceId: string, podId: string | null | undefined) {
  if (!podId) return;
  const [pod] = await queryRows(
    db,
    sql`select 1 from pods where workspace_id = ${workspaceId} and id = ${podId}`,
  );
  if (!pod) throw badRequest("is not a pod of this workspace", "podId");
}

const nameTaken = (e: unknown) =>
  e instanceof Error &&
  /target_lists_workspace_name_key/.test(`${e.message} ${(e as { cause?: Error }).cause?.message}`);

export async function createTargetList(
  db: Db,
  caller: Caller,
  input: z.output<typeof createTargetListSchema>,
) {
  await checkPod(db, caller.workspaceId, input.podId);
  const id = newId();
  try {
    await db.transaction(async (t) => {
      await t.insert(targetLists).values({
        workspaceId: caller.workspaceId,
        id,
        name: input.name,
        description: input.description,
        podId: input.podId ?? null,
        createdBy: caller.memberId,
      });
      await recordAudit(t, caller.workspaceId, caller, {
        action: "target_list.created",
        entityType: "target_list",
        entityId: id,
        summary: `${caller.name} created the target-account list ${input.name}`,
        after: input,
      });
    });
  } catch (e) {
    if (nameTaken(e)) throw conflict("A target-account list with this name already exists", "name");
    throw e;
  }
  return getTargetList(db, caller.workspaceId, id);
}

export async function updateTargetList(
  db: Db,
  caller: Caller,
  id: string,
  input: z.output<typeof updateTargetListSchema> & { archived?: boolean },
) {
  const list = await findList(db, caller.workspaceId, id);
  await checkPod(db, caller.workspaceId, input.podId);
  try {
    await db.transaction(async (t) => {
      await t.execute(sql`update target_lists set
          name = coalesce(${input.name ?? null}, name),
          description = coalesce(${input.description ?? null}, description),
          pod_id = ${input.podId === undefined ? sql`pod_id` : sql`${input.podId}::uuid`},
          archived_at = ${input.archived === undefined ? sql`archived_at` : input.archived ? sql`coalesce(archived_at, now())` : sql`null`},
          updated_at = now()
        where workspace_id = ${caller.workspaceId} and id = ${id}`);
      await recordAudit(t, caller.workspaceId, caller, {
        action: "target_list.updated",
        entityType: "target_list",
        entityId: id,
        summary: `${caller.name} edited the target-account list ${input.name ?? list.name}`,
        after: input,
      });
    });
  } catch (e) {
    if (nameTaken(e)) throw conflict("A target-account list with this name already exists", "name");
    throw e;
  }
  return getTargetList(db, caller.workspaceId, id);
}

/** The accounts on a list now, with their tier, journey and deals; most engaged first. */
export async function targetAccounts(
  db: Db,
  workspaceId: string,
  listId: string,
  query: z.output<typeof targetAccountQuerySchema>,
) {
  await findList(db, workspaceId, listId);
  const filter = sql`${query.tier ? sql`and e.tier = ${query.tier}` : sql``}
    ${query.q ? sql`and a.search_text like ${`%${escapeLike(query.q.toLowerCase())}%`}` : sql``}`;
  const rows = await queryRows<{
    accountId: string;
    name: string;
    domain: string | null;
    tier: TargetTier;
    addedAt: Date;
    stage: string | null;
    fit: number | null;
    engagement: number | null;
    pipeline: number;
    revenue: number;
    total: number;
  }>(
    db,
    sql`select a.id as "accountId", a.name, a.domain, e.tier, e.added_at as "addedAt", j.stage, j.fit, j.engagement,
          coalesce(d.pipeline, 0)::float8 as pipeline, coalesce(d.revenue, 0)::float8 as revenue, count(*) over ()::int as total
        from target_list_entries e
        join accounts a on a.workspace_id = e.workspace_id and a.id = e.account_id
        left join account_journeys j on j.workspace_id = e.workspace_id and j.account_id = e.account_id
        left join ${accountDealsSql(workspaceId)} d on d.account_id = e.account_id
        where e.workspace_id = ${workspaceId} and e.list_id = ${listId} and e.removed_at is null ${filter}
        order by array_position(array['one_to_one','one_to_few','one_to_many'], e.tier), coalesce(j.engagement, 0) desc, a.name, a.id
        offset ${query.offset} limit ${query.limit}`,
  );
  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && query.offset > 0) {
    const [c] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from target_list_entries e join accounts a on a.workspace_id = e.workspace_id and a.id = e.account_id
          where e.workspace_id = ${workspaceId} and e.list_id = ${listId} and e.removed_at is null ${filter}`,
    );
    total = c.n;
  }
  return {
    items: rows.map(({ total: _, ...r }) => ({
      ...r,
      stage: r.stage as never,
      addedAt: iso(r.addedAt) as string,
    })),
    total,
  };
}

// --- Changes (proposals) ---------------------------------------------------------------------------------

type ChangeRow = typeof targetListChanges.$inferSelect;

async function presentChanges(db: Db, workspaceId: string, rows: ChangeRow[]): Promise<TargetListChange[]> {
  if (rows.length === 0) return [];
  const people = new Map(
    (
      await queryRows<{ id: string; name: string }>(
        db,
        sql`select m.id, u.name from members m join users u on u.id = m.user_id where m.workspace_id = ${workspaceId}`,
      )
    ).map((p) => [p.id, p.name]),
  );
  const signatures = await queryRows<{ versionId: string; memberId: string; team: string; approvedAt: Date }>(
    db,
    sql`select version_id as "versionId", member_id as "memberId", team, approved_at as "approvedAt"
        from target_list_approvals where workspace_id = ${workspaceId} and cleared_at is null
          and version_id = any(${uuidArray(rows.map((r) => r.id))})
        order by approved_at`,
  );
  const accountIds = [...new Set(rows.flatMap((r) => r.items.map((i) => i.accountId)))];
  const names = new Map(
    (
      await queryRows<{ id: string; name: string }>(
        db,
        sql`select id, name from accounts where workspace_id = ${workspaceId} and id = any(${uuidArray(accountIds)})`,
      )
    ).map((a) => [a.id, a.name]),
  );
  const name = (id: string | null) => (id ? (people.get(id) ?? "former member") : null);
  return rows.map((r) => ({
    id: r.id,
    listId: r.listId,
    version: r.version,
    status: r.status,
    note: r.note,
    reason: r.note,
    createdAt: iso(r.createdAt) as string,
    createdByName: name(r.createdBy),
    approvedAt: iso(r.approvedAt),
    activatedAt: iso(r.activatedAt),
    activatedByName: name(r.activatedBy),
    retiredAt: iso(r.retiredAt),
    retiredByName: name(r.retiredBy),
    ...signaturesOf(
      r.status,
      signatures
        .filter((s) => s.versionId === r.id)
        .map((s) => ({ ...s, approvedAt: new Date(s.approvedAt) })),
      (id) => people.get(id),
    ),
    items: r.items.map((i) => ({
      accountId: i.accountId,
      accountName: names.get(i.accountId) ?? "archived account",
      action: i.action,
      tier: i.tier ?? null,
      fromTier: (i as TargetListChangeItem & { fromTier?: TargetTier | null }).fromTier ?? null,
      evidence: r.evidence[i.accountId] ?? null,
    })),
  }));
}

async function changeRows(db: Db, workspaceId: string, listId: string, where: ReturnType<typeof sql>) {
  return queryRows<Record<string, unknown>>(
    db,
    sql`select id, list_id, version, status, items, evidence, note, created_by, approved_at, activated_at, activated_by,
          retired_at, retired_by, created_at
        from target_list_changes where workspace_id = ${workspaceId} and list_id = ${listId} ${where}
        order by version desc`,
  ).then((rows) =>
    rows.map(
      (r) =>
        ({
          workspaceId,
          id: r.id,
          listId: r.list_id,
          version: r.version,
          status: r.status,
          items: r.items,
          evidence: r.evidence,
          note: r.note,
          createdBy: r.created_by,
          approvedAt: r.approved_at,
          activatedAt: r.activated_at,
          activatedBy: r.activated_by,
          retiredAt: r.retired_at,
          retiredBy: r.retired_by,
          createdAt: r.created_at,
          updatedAt: r.created_at,
        }) as ChangeRow,
    ),
  );
}

export async function listChanges(db: Db, workspaceId: string, listId: string, status?: string) {
  await findList(db, workspaceId, listId);
  const rows = await changeRows(db, workspaceId, listId, status ? sql`and status = ${status}` : sql``);
  return { items: await presentChanges(db, workspaceId, rows) };
}

async function findChange(db: Db, workspaceId: string, listId: string, version: number) {
  await findList(db, workspaceId, listId);
  const [row] = await changeRows(db, workspaceId, listId, sql`and version = ${version}`);
  if (!row) throw notFound(`Version ${version} of the list`);
  return row;
}

export async function getChange(db: Db, workspaceId: string, listId: string, version: number) {
  const [change] = await presentChanges(db, workspaceId, [
    await findChange(db, workspaceId, listId, version),
  ]);
  return change;
}

/** Anyone proposes a change with a reason; the data on each account is kept with it. Nothing changes yet. */
export async function proposeChange(
  db: Db,
  caller: Caller,
  listId: string,
  input: z.output<typeof proposeTargetListChangeSchema>,
) {
  const ws = caller.workspaceId;
  const list = await findList(db, ws, listId);
  if (list.archived_at) throw conflict("This list is archived; restore it to change it");
  const ids = input.items.map((i) => i.accountId);
  const known = await queryRows<{
    id: string;
    name: string;
    archived: boolean;
    tier: TargetTier | null;
    pending: number | null;
  }>(
    db,
    sql`select a.id, a.name, a.archived_at is not null as archived, e.tier,
          (select c.version from target_list_changes c where c.workspace_id = a.workspace_id and c.list_id = ${listId}
             and c.status = 'draft' and c.items @> jsonb_build_array(jsonb_build_object('accountId', a.id::text)) limit 1) as pending
        from accounts a
        left join target_list_entries e on e.workspace_id = a.workspace_id and e.account_id = a.id and e.list_id = ${listId}
          and e.removed_at is null
        where a.workspace_id = ${ws} and a.id = any(${uuidArray(ids)})`,
  );
  const byId = new Map(known.map((k) => [k.id, k]));
  const items = input.items.map((item, i) => {
    const field = `items.${i}.accountId`;
    const account = byId.get(item.accountId);
    if (!account || account.archived) throw badRequest("is not an account of this workspace", field);
    if (account.pending != null)
      throw conflict(
        `${account.name} already has a change waiting for approval (version ${account.pending})`,
        field,
      );
    if (item.action === "add" && account.tier)
      throw badRequest(`${account.name} is already on this list (${tierWord(account.tier)})`, field);
    if (item.action !== "add" && !account.tier)
      throw badRequest(`${account.name} is not on this list`, field);
    if (item.action === "change_tier" && account.tier === item.tier)
      throw badRequest(`${account.name} is already ${tierWord(account.tier)}`, `items.${i}.tier`);
    return {
      accountId: item.accountId,
      action: item.action,
      tier: item.action === "remove" ? null : (item.tier ?? null),
      fromTier: account.tier,
    };
  });
  const evidence = Object.fromEntries(await accountEvidence(db, ws, ids));
  const version = await db.transaction(async (t) => {
    // One proposal numbered at a time per list.
    await t.execute(sql`select 1 from target_lists where workspace_id = ${ws} and id = ${listId} for update`);
    const [{ next }] = await queryRows<{ next: number }>(
      t,
      sql`select coalesce(max(version), 0)::int + 1 as next from target_list_changes where workspace_id = ${ws} and list_id = ${listId}`,
    );
    await t.insert(targetListChanges).values({
      workspaceId: ws,
      id: newId(),
      listId,
      version: next,
      items,
      evidence,
      note: input.reason,
      createdBy: caller.memberId,
    });
    await recordAudit(t, ws, caller, {
      action: "target_list.change.proposed",
      entityType: "target_list",
      entityId: listId,
      summary: `${caller.name} proposed version ${next} of ${list.name}: ${describe(items, byId)}`,
      after: { items, reason: input.reason },
    });
    return next;
  });
  return getChange(db, ws, listId, version);
}

function describe(
  items: { accountId: string; action: string; tier: TargetTier | null }[],
  names: Map<string, { name: string }>,
) {
  return items
    .map((i) => {
      const name = names.get(i.accountId)?.name ?? "an account";
      if (i.action === "add") return `add ${name} (${tierWord(i.tier)})`;
      if (i.action === "remove") return `remove ${name}`;
      return `move ${name} to ${tierWord(i.tier)}`;
    })
    .join(", ");
}

/**
 * Signs a proposal for the caller's team. When both teams have signed it takes effect at once, in this
 * transaction: entries it removes or re-tiers close, entries it adds or re-tiers open.
 */
export async function approveChange(db: Db, caller: Caller, listId: string, version: number) {
  const ws = caller.workspaceId;
  const change = await findChange(db, ws, listId, version);
  const list = await findList(db, ws, listId);
  const label = `version ${version} of ${list.name}`;
  await db.transaction(async (t) => {
    const both = await sign(t, "target_list_approvals", caller, change.id, label);
    await recordAudit(t, ws, caller, {
      action: "target_list.change.approved",
      entityType: "target_list",
      entityId: listId,
      summary: `${caller.name} approved ${label} for ${caller.team}`,
    });
    if (!both) return;
    const at = new Date();
    const stamp = sql`${at.toISOString()}::timestamptz`;
    const items = JSON.stringify(change.items);
    // Two statements: the closed stays must be closed before the new ones open (one open stay per account).
    const item = sql`jsonb_to_recordset(${items}::jsonb) as item("accountId" uuid, action text, tier text)`;
    await t.execute(sql`update target_list_entries e set removed_at = ${stamp}, removed_by_change = ${change.id}
      from ${item} where e.workspace_id = ${ws} and e.list_id = ${listId} and e.account_id = item."accountId"
        and e.removed_at is null and item.action in ('remove', 'change_tier')`);
    await t.execute(sql`insert into target_list_entries (workspace_id, id, list_id, account_id, tier, added_at, added_by_change)
      select ${ws}, gen_random_uuid(), ${listId}, item."accountId", item.tier, ${stamp}, ${change.id}
      from ${item} where item.action in ('add', 'change_tier')`);
    await t.execute(sql`update target_list_changes set status = 'active', approved_at = ${stamp},
        activated_at = ${stamp}, activated_by = ${caller.memberId}, updated_at = ${stamp}
      where workspace_id = ${ws} and id = ${change.id}`);
    await t.execute(
      sql`update target_lists set updated_at = ${stamp} where workspace_id = ${ws} and id = ${listId}`,
    );
    await recordAudit(
      t,
      ws,
      caller,
      {
        action: "target_list.change.activated",
        entityType: "target_list",
        entityId: listId,
        summary: `Both teams approved ${label}; the list changed`,
        after: change.items,
      },
      at,
    );
  });
  return getChange(db, ws, listId, version);
}

export async function withdrawApproval(db: Db, caller: Caller, listId: string, version: number) {
  const change = await findChange(db, caller.workspaceId, listId, version);
  const list = await findList(db, caller.workspaceId, listId);
  const label = `version ${version} of ${list.name}`;
  await db.transaction(async (t) => {
    await withdrawSignature(t, "target_list_approvals", caller, change.id, label);
    await recordAudit(t, caller.workspaceId, caller, {
      action: "target_list.change.approval_withdrawn",
      entityType: "target_list",
      entityId: listId,
      summary: `${caller.name} withdrew their approval of ${label}`,
    });
  });
  return getChange(db, caller.workspaceId, listId, version);
}

/** A proposal not yet in effect is withdrawn by the one who made it, or declined by a lead: it retires. */
export async function retireChange(db: Db, caller: Caller, listId: string, version: number) {
  const ws = caller.workspaceId;
  const change = await findChange(db, ws, listId, version);
  if (change.status !== "draft")
    throw conflict(
      `Version ${version} is ${change.status}; only proposals still waiting can be withdrawn`,
      "status",
    );
  if (change.createdBy !== caller.memberId && caller.role !== "lead" && caller.role !== "admin")
    throw forbidden("Only whoever proposed this change, a team lead or an admin can withdraw it");
  await db.transaction(async (t) => {
    await t.execute(sql`update target_list_changes set status = 'retired', retired_at = now(), retired_by = ${caller.memberId},
        updated_at = now() where workspace_id = ${ws} and id = ${change.id} and status = 'draft'`);
    await t.execute(sql`update target_list_approvals set cleared_at = now(), cleared_reason = 'withdrawn with the proposal'
        where workspace_id = ${ws} and version_id = ${change.id} and cleared_at is null`);
    await recordAudit(t, ws, caller, {
      action: "target_list.change.retired",
      entityType: "target_list",
      entityId: listId,
      summary: `${caller.name} withdrew version ${version} of the list`,
    });
  });
  return getChange(db, ws, listId, version);
}

/** Every change that took effect, account by account, newest first. */
export async function listHistory(db: Db, workspaceId: string, listId: string) {
  await findList(db, workspaceId, listId);
  const rows = await queryRows<{
    at: Date;
    accountId: string;
    accountName: string;
    action: "added" | "removed" | "tier_changed";
    tier: TargetTier | null;
    fromTier: TargetTier | null;
    version: number;
    reason: string;
  }>(
    db,
    sql`select c.activated_at as at, (x.item ->> 'accountId')::uuid as "accountId", a.name as "accountName",
          case x.item ->> 'action' when 'add' then 'added' when 'remove' then 'removed' else 'tier_changed' end as action,
          x.item ->> 'tier' as tier, x.item ->> 'fromTier' as "fromTier", c.version, c.note as reason
        from target_list_changes c
        cross join lateral jsonb_array_elements(c.items) as x(item)
        join accounts a on a.workspace_id = c.workspace_id and a.id = (x.item ->> 'accountId')::uuid
        where c.workspace_id = ${workspaceId} and c.list_id = ${listId} and c.status = 'active'
        order by c.activated_at desc, c.version desc, a.name
        limit 500`,
  );
  return { items: rows.map((r) => ({ ...r, at: iso(r.at) as string })) };
}
