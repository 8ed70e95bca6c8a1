// What sales hears and needs, for marketing: objections (grouped by persona and how often they come up)
// and content requests (sales asks for an asset; marketing moves it new -> in progress -> delivered -> used).
import { and, desc, eq, type SQL, sql } from "drizzle-orm";
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

/** How the log groups an objection: the same words, case and spacing aside. */
export const objectionKeySql = (text: SQL) => sql`lower(regexp_replace(btrim(${text}), '\\s+', ' ', 'g'))`;

export interface ObjectionFrequency {
  personaId: string | null;
  personaName: string | null;
  key: string;
  text: string;
  count: number;
  lastHeardAt: string;
  /** Whether the persona's messaging guide has an approved response to it. */
  answered: boolean;
}

/**
 * The objection log counted per persona and wording: those without an approved response first, then by how
 * often they were heard. The one count the objections report and the messaging guide both show.
 */
export async function objectionFrequencies(
  db: Db,
  workspaceId: string,
  personaId?: string,
): Promise<ObjectionFrequency[]> {
  const rows = await queryRows<{
    persona_id: string | null;
    persona_name: string | null;
    key: string;
    text: string;
    count: number;
    last_heard_at: string;
    answered: boolean;
  }>(
    db,
    sql`select h.persona_id, p.name as persona_name, h.key, h.text, h.count, h.last_heard_at,
          exists (select 1 from objection_responses r where r.workspace_id = ${workspaceId}
            and r.persona_id = h.persona_id and r.objection_key = h.key and r.status = 'approved') as answered
        from (select o.persona_id, ${objectionKeySql(sql`o.text`)} as key, min(o.text) as text,
                count(*)::int as count, max(o.heard_at) as last_heard_at
              from objections o
              where o.workspace_id = ${workspaceId} ${personaId ? sql`and o.persona_id = ${personaId}::uuid` : sql``}
              group by o.persona_id, ${objectionKeySql(sql`o.text`)}) h
        left join personas p on p.workspace_id = ${workspaceId} and p.id = h.persona_id
        order by answered, h.count desc, h.last_heard_at desc
        limit 200`,
  );
  return rows.map((r) => ({
    personaId: r.persona_id,
    personaName: r.persona_name,
    key: r.key,
    text: r.text,
    count: r.count,
    lastHeardAt: new Date(r.last_heard_at).toISOString(),
    answered: r.answered,
  }));
}

/** The same objection (case and spacing aside) counted per persona: unanswered first, then most frequent. */
export async function summarizeObjections(db: Db, caller: Caller) {
  const rows = await objectionFrequencies(db, caller.workspaceId);
  return {
    items: rows.map((r) => ({
      personaId: r.personaId,
      personaName: r.personaName ?? "No persona",
      text: r.text,
      count: r.count,
      lastHeardAt: r.lastHeardAt,
      answered: r.answered,
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
