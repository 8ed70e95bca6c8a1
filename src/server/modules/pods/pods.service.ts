// Pods: mixed sales + marketing teams. A pod lists its members and what it owns
// (personas, segments, accounts point at their pod).
import { and, eq, inArray, isNull, notInArray, type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import type { createPodSchema, podListQuerySchema, updatePodSchema } from "../../../shared/team.js";
import type { Db } from "../../db/client.js";
import { accounts, members, personas, podMembers, pods, segments, users } from "../../db/schema/index.js";
import type { Caller } from "../../lib/access.js";
import { badRequest } from "../../lib/errors.js";
import { uuidArray } from "../../lib/ids.js";
import {
  archivedCondition,
  countRows,
  definedOnly,
  escapeLike,
  findRecord,
  insertRecord,
  keysetPage,
  setArchived,
} from "../../lib/records.js";
import { toJson } from "../../lib/serialize.js";

type PodRow = typeof pods.$inferSelect;
const SORT_COLUMNS = { name: pods.name, createdAt: pods.createdAt, updatedAt: pods.updatedAt };

async function present(db: Db, workspaceId: string, rows: PodRow[]) {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const countsOf = async (table: typeof personas | typeof segments | typeof accounts) => {
    const counts = await db
      .select({ podId: table.podId, n: sql<number>`count(*)::int` })
      .from(table)
      .where(and(eq(table.workspaceId, workspaceId), inArray(table.podId, ids), isNull(table.archivedAt)))
      .groupBy(table.podId);
    return new Map(counts.map((c) => [c.podId, c.n]));
  };
  const [memberRows, personaCounts, segmentCounts, accountCounts] = await Promise.all([
    db
      .select({ podId: podMembers.podId, id: members.id, name: users.name, team: members.team })
      .from(podMembers)
      .innerJoin(
        members,
        and(eq(members.workspaceId, podMembers.workspaceId), eq(members.id, podMembers.memberId)),
      )
      .innerJoin(users, eq(users.id, members.userId))
      .where(
        and(
          eq(podMembers.workspaceId, workspaceId),
          inArray(podMembers.podId, ids),
          isNull(members.removedAt),
        ),
      )
      .orderBy(users.name),
    countsOf(personas),
    countsOf(segments),
    countsOf(accounts),
  ]);
  return rows.map((row) => ({
    ...toJson(row),
    members: memberRows.filter((m) => m.podId === row.id).map(({ id, name, team }) => ({ id, name, team })),
    personaCount: personaCounts.get(row.id) ?? 0,
    segmentCount: segmentCounts.get(row.id) ?? 0,
    accountCount: accountCounts.get(row.id) ?? 0,
  }));
}

export async function listPods(db: Db, caller: Caller, query: z.output<typeof podListQuerySchema>) {
  const page = await keysetPage(
    {
      run: (where: SQL | undefined, orderBy: SQL[], limit: number) =>
        db
          .select()
          .from(pods)
          .where(where)
          .orderBy(...orderBy)
          .limit(limit),
      sortColumn: SORT_COLUMNS[query.sort],
      idColumn: pods.id,
      count: (where) => countRows(db, pods, where),
      sortKey: (row) => row[query.sort],
      idKey: (row) => row.id,
    },
    query,
    [
      eq(pods.workspaceId, caller.workspaceId),
      archivedCondition(pods, query.archived),
      query.q ? sql`${pods.name} ilike ${`%${escapeLike(query.q)}%`}` : undefined,
      query.memberId
        ? sql`exists (select 1 from ${podMembers} pm where pm.workspace_id = ${pods.workspaceId}
            and pm.pod_id = ${pods.id} and pm.member_id = ${query.memberId})`
        : undefined,
    ],
  );
  return {
    items: await present(db, caller.workspaceId, page.items),
    nextCursor: page.nextCursor,
    total: page.total,
  };
}

export async function getPod(db: Db, caller: Caller, id: string) {
  const row = await findRecord(db, pods, caller.workspaceId, id, "Pod");
  return (await present(db, caller.workspaceId, [row]))[0];
}

async function replacePodMembers(db: Db, workspaceId: string, podId: string, memberIds: string[]) {
  if (new Set(memberIds).size !== memberIds.length)
    throw badRequest("lists the same member twice", "memberIds");
  // Members who stay keep their round-robin counters.
  await db
    .delete(podMembers)
    .where(
      and(
        eq(podMembers.workspaceId, workspaceId),
        eq(podMembers.podId, podId),
        memberIds.length > 0 ? notInArray(podMembers.memberId, memberIds) : undefined,
      ),
    );
  if (memberIds.length === 0) return;
  const joined = await db
    .insert(podMembers)
    .values(memberIds.map((memberId) => ({ workspaceId, podId, memberId })))
    .onConflictDoNothing()
    .returning({ memberId: podMembers.memberId });
  if (joined.length === 0) return;
  // Newcomers start level with the pod (its lowest share of leads routed per unit of capacity), so the
  // round robin does not hand them every new lead until they have caught up with everyone's history.
  const newcomers = uuidArray(joined.map((j) => j.memberId));
  await db.execute(sql`
    update pod_members pm set routed_count = floor(coalesce(level.ratio, 0) * m.mql_capacity)::int
    from members m,
      (select min(o.routed_count::float8 / nullif(om.mql_capacity, 0)) as ratio
       from pod_members o join members om on om.workspace_id = o.workspace_id and om.id = o.member_id
       where o.workspace_id = ${workspaceId} and o.pod_id = ${podId} and o.member_id <> all(${newcomers})
         and om.removed_at is null and om.team = 'sales') level
    where pm.workspace_id = ${workspaceId} and pm.pod_id = ${podId} and pm.member_id = any(${newcomers})
      and m.workspace_id = pm.workspace_id and m.id = pm.member_id`);
}

export async function createPod(db: Db, caller: Caller, input: z.output<typeof createPodSchema>) {
  const { memberIds, ...values } = input;
  const id = await db.transaction(async (tx) => {
    const row = await insertRecord(tx, pods, caller.workspaceId, values);
    await replacePodMembers(tx, caller.workspaceId, row.id, memberIds);
    return row.id;
  });
  return getPod(db, caller, id);
}

export async function updatePod(db: Db, caller: Caller, id: string, input: z.output<typeof updatePodSchema>) {
  const { memberIds, ...values } = input;
  await db.transaction(async (tx) => {
    await findRecord(tx, pods, caller.workspaceId, id, "Pod");
    await tx
      .update(pods)
      .set({ ...definedOnly(values), updatedAt: new Date() })
      .where(and(eq(pods.workspaceId, caller.workspaceId), eq(pods.id, id)));
    if (memberIds) await replacePodMembers(tx, caller.workspaceId, id, memberIds);
  });
  return getPod(db, caller, id);
}

export async function setPodArchived(db: Db, caller: Caller, id: string, archived: boolean) {
  await setArchived(db, pods, caller.workspaceId, id, archived, "Pod", caller);
  return getPod(db, caller, id);
}
