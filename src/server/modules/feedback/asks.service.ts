// What sales hears and needs, for marketing: objections (grouped by persona and how often they come up)
// and content requests (sales asks for an asset; marketing moves it new -> in progress -> delivered -> used).
import { and, desc, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import {
  CONTENT_REQUEST_STATUSES,
  type createContentRequestSchema,
  type createObjectionSchema,
  type updateContentRequestSchema,
} from "../../../shared/feedback.js";
import { type Db, queryRows } from "../../db/client.js";
import {
  contentRequests,
  insightAssets,
  members,
  objections,
  personas,
  users,
} from "../../db/schema/index.js";
import type { Caller } from "../../lib/access.js";
import { badRequest, conflict, notFound } from "../../lib/errors.js";
import { newId } from "../../lib/ids.js";
import { toJson } from "../../lib/serialize.js";

export async function recordObjection(db: Db, caller: Caller, input: z.output<typeof createObjectionSchema>) {
  const id = newId();
  await db.insert(objections).values({
    workspaceId: caller.workspaceId,
    id,
    text: input.text,
    personaId: input.personaId ?? null,
    stage: input.stage ?? null,
    contactId: input.contactId ?? null,
    opportunityId: input.opportunityId ?? null,
    memberId: caller.memberId,
    heardAt: new Date(),
  });
  return (await listObjections(db, caller, { id })).items[0];
}

export async function listObjections(
  db: Db,
  caller: Caller,
  filter: { personaId?: string; id?: string } = {},
) {
  const rows = await db
    .select({ o: objections, personaName: personas.name, memberName: users.name })
    .from(objections)
    .leftJoin(
      personas,
      and(eq(personas.workspaceId, objections.workspaceId), eq(personas.id, objections.personaId)),
    )
    .innerJoin(
      members,
      and(eq(members.workspaceId, objections.workspaceId), eq(members.id, objections.memberId)),
    )
    .innerJoin(users, eq(users.id, members.userId))
    .where(
      and(
        eq(objections.workspaceId, caller.workspaceId),
        filter.personaId ? eq(objections.personaId, filter.personaId) : undefined,
        filter.id ? eq(objections.id, filter.id) : undefined,
      ),
    )
    .orderBy(desc(objections.heardAt))
    .limit(200);
  return {
    items: rows.map(({ o, personaName, memberName }) => ({
      id: o.id,
      text: o.text,
      personaId: o.personaId,
      personaName,
      stage: o.stage,
      contactId: o.contactId,
      opportunityId: o.opportunityId,
      memberName,
      heardAt: o.heardAt.toISOString(),
    })),
  };
}

/** The same objection (case and spacing aside) counted per persona, most frequent first. */
export async function summarizeObjections(db: Db, caller: Caller) {
  const rows = await queryRows<{
    persona_id: string | null;
    persona_name: string | null;
    text: string;
    count: number;
    last_heard_at: string;
  }>(
    db,
    sql`select o.persona_id, min(p.name) as persona_name, min(o.text) as text, count(*)::int as count,
          max(o.heard_at) as last_heard_at
        from objections o
        left join personas p on p.workspace_id = o.workspace_id and p.id = o.persona_id
        where o.workspace_id = ${caller.workspaceId}
        group by o.persona_id, lower(regexp_replace(btrim(o.text), '\\s+', ' ', 'g'))
        order by count(*) desc, max(o.heard_at) desc
        limit 200`,
  );
  return {
    items: rows.map((r) => ({
      personaId: r.persona_id,
      personaName: r.persona_name ?? "No persona",
      text: r.text,
      count: r.count,
      lastHeardAt: new Date(r.last_heard_at).toISOString(),
    })),
  };
}

export async function createContentRequest(
  db: Db,
  caller: Caller,
  input: z.output<typeof createContentRequestSchema>,
) {
  const [row] = await db
    .insert(contentRequests)
    .values({
      workspaceId: caller.workspaceId,
      id: newId(),
      title: input.title,
      need: input.need,
      personaId: input.personaId ?? null,
      stage: input.stage ?? null,
      dueDate: input.dueDate ?? null,
      requestedBy: caller.memberId,
    })
    .returning();
  return { ...toJson(row), assetTitle: null };
}

/** Requests with the title of the library asset that fulfilled them. */
function requestsWithAssets(db: Db) {
  return db
    .select({ r: contentRequests, assetTitle: insightAssets.title })
    .from(contentRequests)
    .leftJoin(
      insightAssets,
      and(
        eq(insightAssets.workspaceId, contentRequests.workspaceId),
        eq(insightAssets.id, contentRequests.assetId),
      ),
    );
}

const presentRequest = ({
  r,
  assetTitle,
}: {
  r: typeof contentRequests.$inferSelect;
  assetTitle: string | null;
}) => ({
  ...toJson(r),
  assetTitle,
});

export async function listContentRequests(db: Db, caller: Caller, status?: string) {
  const rows = await requestsWithAssets(db)
    .where(
      and(
        eq(contentRequests.workspaceId, caller.workspaceId),
        status ? eq(contentRequests.status, status as "new") : undefined,
      ),
    )
    .orderBy(desc(contentRequests.createdAt))
    .limit(200);
  return { items: rows.map(presentRequest) };
}

/** Status only moves forward (new -> in progress -> delivered -> used). */
export async function updateContentRequest(
  db: Db,
  caller: Caller,
  id: string,
  input: z.output<typeof updateContentRequestSchema>,
) {
  const [current] = await db
    .select()
    .from(contentRequests)
    .where(and(eq(contentRequests.workspaceId, caller.workspaceId), eq(contentRequests.id, id)));
  if (!current) throw notFound("Content request");
  let status = input.status;
  if (input.assetId) {
    const [asset] = await db
      .select({ archivedAt: insightAssets.archivedAt })
      .from(insightAssets)
      .where(and(eq(insightAssets.workspaceId, caller.workspaceId), eq(insightAssets.id, input.assetId)));
    if (!asset || asset.archivedAt)
      throw badRequest("is not a live asset of the insights library", "assetId");
    // Linking the asset fulfils the request: one not yet delivered is delivered now.
    if (!status && (current.status === "new" || current.status === "in_progress")) status = "delivered";
  }
  if (status) {
    const from = CONTENT_REQUEST_STATUSES.indexOf(current.status);
    const to = CONTENT_REQUEST_STATUSES.indexOf(status);
    if (to < from)
      throw conflict(`A request that is ${current.status} cannot go back to ${status}`, "status");
  }
  const [row] = await db
    .update(contentRequests)
    .set({
      ...(status ? { status } : {}),
      ...(input.assetId !== undefined ? { assetId: input.assetId } : {}),
      ...(input.assigneeMemberId !== undefined ? { assigneeMemberId: input.assigneeMemberId } : {}),
      ...(input.assetUrl !== undefined ? { assetUrl: input.assetUrl } : {}),
      updatedAt: new Date(),
    })
    .where(and(eq(contentRequests.workspaceId, caller.workspaceId), eq(contentRequests.id, id)))
    .returning();
  const [linked] = await requestsWithAssets(db).where(
    and(eq(contentRequests.workspaceId, caller.workspaceId), eq(contentRequests.id, row.id)),
  );
  return presentRequest(linked);
}
