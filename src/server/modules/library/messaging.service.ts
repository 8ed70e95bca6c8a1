// The messaging guide per persona: the value proposition and pains both teams speak to, proof points backed by
// library assets, and the objections sales logged for the persona (the objection log's own count) with the
// response both teams give: written by anyone, approved by a team lead; a change makes it a draft again.
// Objections without an approved response come first, by how often they were heard.
import { sql } from "drizzle-orm";
import type { z } from "zod";
import type {
  MessagingGuide,
  updateMessagingGuideSchema,
  writeObjectionResponseSchema,
} from "../../../shared/library.js";
import { type Db, queryRows } from "../../db/client.js";
import type { Caller } from "../../lib/access.js";
import { recordAudit } from "../../lib/audit.js";
import { badRequest, conflict, notFound } from "../../lib/errors.js";
import { newId } from "../../lib/ids.js";
import { objectionFrequencies, objectionKeySql } from "../feedback/asks.service.js";

const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());

async function personaName(db: Db, ws: string, personaId: string) {
  const [row] = await queryRows<{ name: string }>(
    db,
    sql`select name from personas where workspace_id = ${ws} and id = ${personaId}::uuid`,
  );
  if (!row) throw notFound("Persona");
  return row.name;
}

/** Every asset id must be a live asset of the workspace (400 naming the field). */
async function checkAssets(db: Db, ws: string, ids: { id: string; field: string }[]) {
  if (ids.length === 0) return;
  const live = await queryRows<{ id: string }>(
    db,
    sql`select id from insight_assets where workspace_id = ${ws} and archived_at is null
      and id in (${sql.join(
        ids.map((i) => sql`${i.id}::uuid`),
        sql`, `,
      )})`,
  );
  const found = new Set(live.map((r) => r.id));
  const missing = ids.find((i) => !found.has(i.id));
  if (missing) throw badRequest("is not a live asset of the insights library", missing.field);
}

export async function getMessagingGuide(db: Db, caller: Caller, personaId: string): Promise<MessagingGuide> {
  const ws = caller.workspaceId;
  const name = await personaName(db, ws, personaId);
  const [[guide], proofPoints, responses, heard] = await Promise.all([
    queryRows<{
      value_proposition: string;
      pains: string[];
      updated_at: string | Date;
      updated_by_name: string | null;
    }>(
      db,
      sql`select g.value_proposition, g.pains, g.updated_at, u.name as updated_by_name from messaging_guides g
        left join members m on m.workspace_id = g.workspace_id and m.id = g.updated_by
        left join users u on u.id = m.user_id
        where g.workspace_id = ${ws} and g.persona_id = ${personaId}::uuid`,
    ),
    queryRows<{
      asset_id: string;
      title: string;
      kind: MessagingGuide["proofPoints"][number]["kind"];
      claim: string;
      archived: boolean;
    }>(
      db,
      sql`select p.asset_id, a.title, a.kind, p.claim, a.archived_at is not null as archived
        from messaging_proof_points p
        join insight_assets a on a.workspace_id = p.workspace_id and a.id = p.asset_id
        where p.workspace_id = ${ws} and p.persona_id = ${personaId}::uuid order by p.position`,
    ),
    queryRows<{
      id: string;
      objection_key: string;
      objection: string;
      response: string;
      asset_id: string | null;
      asset_title: string | null;
      status: "draft" | "approved";
      written_by_name: string | null;
      approved_by_name: string | null;
      approved_at: string | Date | null;
      updated_at: string | Date;
    }>(
      db,
      sql`select r.id, r.objection_key, r.objection, r.response, r.asset_id, a.title as asset_title, r.status,
          wu.name as written_by_name, au.name as approved_by_name, r.approved_at, r.updated_at
        from objection_responses r
        left join insight_assets a on a.workspace_id = r.workspace_id and a.id = r.asset_id
        left join members wm on wm.workspace_id = r.workspace_id and wm.id = r.written_by
        left join users wu on wu.id = wm.user_id
        left join members am on am.workspace_id = r.workspace_id and am.id = r.approved_by
        left join users au on au.id = am.user_id
        where r.workspace_id = ${ws} and r.persona_id = ${personaId}::uuid`,
    ),
    objectionFrequencies(db, ws, personaId),
  ]);
  const byKey = new Map(responses.map((r) => [r.objection_key, r]));
  const present = (r: (typeof responses)[number]) => ({
    id: r.id,
    response: r.response,
    assetId: r.asset_id,
    assetTitle: r.asset_title,
    status: r.status,
    writtenByName: r.written_by_name ?? "former member",
    approvedByName: r.approved_by_name,
    approvedAt: iso(r.approved_at),
    updatedAt: iso(r.updated_at) as string,
  });
  const objections: MessagingGuide["objections"] = heard.map((h) => {
    const response = byKey.get(h.key);
    byKey.delete(h.key);
    return {
      objection: h.text,
      heard: h.count,
      lastHeardAt: h.lastHeardAt,
      response: response ? present(response) : null,
    };
  });
  // Responses written ahead of the log (never heard yet for this persona).
  for (const r of byKey.values())
    objections.push({ objection: r.objection, heard: 0, lastHeardAt: null, response: present(r) });
  const approved = (o: MessagingGuide["objections"][number]) => (o.response?.status === "approved" ? 1 : 0);
  objections.sort(
    (a, b) =>
      approved(a) - approved(b) ||
      b.heard - a.heard ||
      (b.lastHeardAt ?? "").localeCompare(a.lastHeardAt ?? "") ||
      a.objection.localeCompare(b.objection),
  );
  return {
    personaId,
    personaName: name,
    valueProposition: guide?.value_proposition ?? "",
    pains: guide?.pains ?? [],
    proofPoints: proofPoints.map((p) => ({
      assetId: p.asset_id,
      title: p.title,
      kind: p.kind,
      claim: p.claim,
      archived: p.archived,
    })),
    objections,
    updatedAt: iso(guide?.updated_at ?? null),
    updatedByName: guide?.updated_by_name ?? null,
  };
}

/** Every persona with how complete its guide is, for the guide's index. */
export async function messagingOverview(db: Db, caller: Caller) {
  const ws = caller.workspaceId;
  const [rows, heard] = await Promise.all([
    queryRows<{
      id: string;
      name: string;
      value_proposition: string | null;
      pains: number;
      proof_points: number;
      approved: number;
    }>(
      db,
      sql`select p.id, p.name, g.value_proposition, coalesce(cardinality(g.pains), 0)::int as pains,
          (select count(*)::int from messaging_proof_points x where x.workspace_id = p.workspace_id and x.persona_id = p.id) as proof_points,
          (select count(*)::int from objection_responses r where r.workspace_id = p.workspace_id and r.persona_id = p.id
            and r.status = 'approved') as approved
        from personas p
        left join messaging_guides g on g.workspace_id = p.workspace_id and g.persona_id = p.id
        where p.workspace_id = ${ws} and p.archived_at is null
        order by p.name, p.id`,
    ),
    objectionFrequencies(db, ws),
  ]);
  return {
    items: rows.map((r) => ({
      personaId: r.id,
      personaName: r.name,
      hasValueProposition: Boolean(r.value_proposition?.trim()),
      pains: r.pains,
      proofPoints: r.proof_points,
      approvedResponses: r.approved,
      unanswered: heard.filter((h) => h.personaId === r.id && !h.answered).length,
    })),
  };
}

export async function updateMessagingGuide(
  db: Db,
  caller: Caller,
  personaId: string,
  input: z.output<typeof updateMessagingGuideSchema>,
) {
  const ws = caller.workspaceId;
  const name = await personaName(db, ws, personaId);
  await checkAssets(
    db,
    ws,
    input.proofPoints.map((p, i) => ({ id: p.assetId, field: `proofPoints.${i}.assetId` })),
  );
  const pains = `{${input.pains.map((p) => JSON.stringify(p)).join(",")}}`;
  await db.transaction(async (t) => {
    await t.execute(sql`insert into messaging_guides (workspace_id, persona_id, value_proposition, pains, updated_by, updated_at)
      values (${ws}, ${personaId}, ${input.valueProposition}, ${pains}::text[], ${caller.memberId}, now())
      on conflict (workspace_id, persona_id) do update set value_proposition = excluded.value_proposition,
        pains = excluded.pains, updated_by = excluded.updated_by, updated_at = now()`);
    await t.execute(
      sql`delete from messaging_proof_points where workspace_id = ${ws} and persona_id = ${personaId}::uuid`,
    );
    if (input.proofPoints.length)
      await t.execute(sql`insert into messaging_proof_points (workspace_id, id, persona_id, asset_id, claim, position)
        values ${sql.join(
          input.proofPoints.map(
            (p, i) => sql`(${ws}, ${newId()}, ${personaId}, ${p.assetId}, ${p.claim}, ${i})`,
          ),
          sql`, `,
        )}`);
    await recordAudit(t, ws, caller, {
      action: "messaging.guide.updated",
      entityType: "persona",
      entityId: personaId,
      summary: `${caller.name} updated the messaging guide for ${name}`,
    });
  });
  return getMessagingGuide(db, caller, personaId);
}

/** Writes (or rewrites) the response to an objection of the persona: a draft until a team lead approves it. */
export async function writeObjectionResponse(
  db: Db,
  caller: Caller,
  personaId: string,
  input: z.output<typeof writeObjectionResponseSchema>,
) {
  const ws = caller.workspaceId;
  const name = await personaName(db, ws, personaId);
  if (input.assetId) await checkAssets(db, ws, [{ id: input.assetId, field: "assetId" }]);
  await db.transaction(async (t) => {
    await t.execute(sql`insert into objection_responses (workspace_id, id, persona_id, objection_key, objection, response,
        asset_id, status, written_by)
      values (${ws}, ${newId()}, ${personaId}, ${objectionKeySql(sql`${input.objection}::text`)}, ${input.objection},
        ${input.response}, ${input.assetId ?? null}, 'draft', ${caller.memberId})
      on conflict (workspace_id, persona_id, objection_key) do update set response = excluded.response,
        asset_id = excluded.asset_id, status = 'draft', written_by = excluded.written_by, approved_by = null,
        approved_at = null, updated_at = now()`);
    await recordAudit(t, ws, caller, {
      action: "messaging.response.written",
      entityType: "persona",
      entityId: personaId,
      summary: `${caller.name} wrote a response to "${input.objection}" for ${name} (a draft until a team lead approves it)`,
    });
  });
  return getMessagingGuide(db, caller, personaId);
}

/** A team lead (or an admin) approves a response: it becomes the one both teams give. */
export async function approveObjectionResponse(db: Db, caller: Caller, id: string) {
  const ws = caller.workspaceId;
  const [row] = await queryRows<{ persona_id: string; objection: string; status: string }>(
    db,
    sql`select persona_id, objection, status from objection_responses where workspace_id = ${ws} and id = ${id}::uuid`,
  );
  if (!row) throw notFound("Objection response");
  if (row.status === "approved") throw conflict("This response is already approved", "status");
  await db.transaction(async (t) => {
    await t.execute(sql`update objection_responses set status = 'approved', approved_by = ${caller.memberId},
        approved_at = now(), updated_at = now()
      where workspace_id = ${ws} and id = ${id}::uuid`);
    await recordAudit(t, ws, caller, {
      action: "messaging.response.approved",
      entityType: "objection_response",
      entityId: id,
      summary: `${caller.name} approved the response to "${row.objection}"`,
    });
  });
  return getMessagingGuide(db, caller, row.persona_id);
}
