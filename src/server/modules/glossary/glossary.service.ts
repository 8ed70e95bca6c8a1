// The shared glossary: the workspace's words and what they mean here, an agreement like the SLA. Anyone may
// propose a draft (from the version in force) and change it; a change clears its signatures (kept on record);
// when a sales lead and a marketing lead have both signed, the draft goes into force at once (a glossary has
// nothing to prepare), retiring the version before it. `activate` puts a signed version in force by hand, the
// verb every agreement answers.
import { and, asc, desc, eq, isNull } from "drizzle-orm";
import type { z } from "zod";
import type {
  createGlossaryDraftSchema,
  GlossaryVersion,
  updateGlossaryDraftSchema,
} from "../../../shared/glossary.js";
import type { Db } from "../../db/client.js";
import { glossaryApprovals, glossaryVersions, members, users } from "../../db/schema/index.js";
import type { Caller } from "../../lib/access.js";
import { recordAudit } from "../../lib/audit.js";
import { conflict, notFound } from "../../lib/errors.js";
import { newId } from "../../lib/ids.js";
import {
  clearSignatures,
  sign,
  signaturesOf,
  signingTeam,
  withdrawSignature,
} from "../../lib/joint-approval.js";

type VersionRow = typeof glossaryVersions.$inferSelect;
const isOpen = (status: string) => status === "draft" || status === "approved";

async function present(db: Db, workspaceId: string, rows: VersionRow[]): Promise<GlossaryVersion[]> {
  const people = await db
    .select({ id: members.id, name: users.name })
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .where(eq(members.workspaceId, workspaceId));
  const names = new Map(people.map((p) => [p.id, p.name]));
  const signatures = await db
    .select()
    .from(glossaryApprovals)
    .where(and(eq(glossaryApprovals.workspaceId, workspaceId), isNull(glossaryApprovals.clearedAt)))
    .orderBy(asc(glossaryApprovals.approvedAt));
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  const nameOf = (id: string | null) => (id ? (names.get(id) ?? null) : null);
  return rows.map((v) => ({
    id: v.id,
    version: v.version,
    status: v.status,
    note: v.note,
    terms: v.terms,
    createdAt: v.createdAt.toISOString(),
    createdByName: nameOf(v.createdBy),
    approvedAt: iso(v.approvedAt),
    activatedAt: iso(v.activatedAt),
    activatedByName: nameOf(v.activatedBy),
    retiredAt: iso(v.retiredAt),
    ...signaturesOf(
      v.status,
      signatures.filter((a) => a.versionId === v.id),
      (id) => names.get(id),
    ),
  }));
}

async function findVersion(db: Db, workspaceId: string, version: number) {
  const [row] = await db
    .select()
    .from(glossaryVersions)
    .where(and(eq(glossaryVersions.workspaceId, workspaceId), eq(glossaryVersions.version, version)));
  if (!row) throw notFound("Glossary version");
  return row;
}

async function signedTeams(db: Db, workspaceId: string, versionId: string) {
  const rows = await db
    .select({ team: glossaryApprovals.team })
    .from(glossaryApprovals)
    .where(
      and(
        eq(glossaryApprovals.workspaceId, workspaceId),
        eq(glossaryApprovals.versionId, versionId),
        isNull(glossaryApprovals.clearedAt),
      ),
    )
    .orderBy(asc(glossaryApprovals.approvedAt));
  return rows.map((r) => r.team);
}

async function setStatus(db: Db, workspaceId: string, id: string, values: Partial<VersionRow>) {
  await db
    .update(glossaryVersions)
    .set({ ...values, updatedAt: new Date() })
    .where(and(eq(glossaryVersions.workspaceId, workspaceId), eq(glossaryVersions.id, id)));
}

export async function getGlossaryOverview(db: Db, caller: Caller) {
  const rows = await db
    .select()
    .from(glossaryVersions)
    .where(eq(glossaryVersions.workspaceId, caller.workspaceId))
    .orderBy(desc(glossaryVersions.version));
  const versions = await present(db, caller.workspaceId, rows);
  return { active: versions.find((v) => v.status === "active") ?? null, versions };
}

export async function getGlossaryVersion(db: Db, caller: Caller, version: number) {
  const row = await findVersion(db, caller.workspaceId, version);
  return (await present(db, caller.workspaceId, [row]))[0];
}

/** A proposal: a new draft from a version's terms (the one in force by default; none for a first glossary). */
export async function createGlossaryDraft(
  db: Db,
  caller: Caller,
  input: z.output<typeof createGlossaryDraftSchema>,
) {
  const version = await db.transaction(async (t) => {
    const rows = await t
      .select()
      .from(glossaryVersions)
      .where(eq(glossaryVersions.workspaceId, caller.workspaceId))
      .orderBy(desc(glossaryVersions.version))
      .for("update");
    const open = rows.find((r) => isOpen(r.status));
    if (open)
      throw conflict(
        `Version ${open.version} of the glossary is still a draft; change that one instead`,
        "status",
      );
    const from =
      input.fromVersion !== undefined
        ? rows.find((r) => r.version === input.fromVersion)
        : rows.find((r) => r.status === "active");
    if (input.fromVersion !== undefined && !from) throw notFound("Glossary version");
    const next = (rows[0]?.version ?? 0) + 1;
    const id = newId();
    const terms = from?.terms ?? [];
    await t.insert(glossaryVersions).values({
      workspaceId: caller.workspaceId,
      id,
      version: next,
      status: "draft",
      terms,
      note: input.note,
      createdBy: caller.memberId,
    });
    await recordAudit(t, caller.workspaceId, caller, {
      action: "glossary.version.created",
      entityType: "glossary_version",
      entityId: id,
      summary: `${caller.name} proposed version ${next} of the glossary${from ? ` from version ${from.version}` : ""}`,
      after: { version: next, status: "draft", from: from?.version ?? null, note: input.note, terms },
    });
    return next;
  });
  return getGlossaryVersion(db, caller, version);
}

/** Changes a draft's terms; its signatures are cleared (and kept) and must be given again. */
export async function updateGlossaryDraft(
  db: Db,
  caller: Caller,
  version: number,
  input: z.output<typeof updateGlossaryDraftSchema>,
) {
  await db.transaction(async (t) => {
    const row = await findVersion(t, caller.workspaceId, version);
    if (!isOpen(row.status))
      throw conflict(
        `Version ${version} of the glossary is ${row.status} and can no longer change; propose a new draft`,
        "status",
      );
    const cleared = await signedTeams(t, caller.workspaceId, row.id);
    const note = input.note ?? row.note;
    await recordAudit(t, caller.workspaceId, caller, {
      action: "glossary.version.edited",
      entityType: "glossary_version",
      entityId: row.id,
      summary: `${caller.name} changed version ${version} of the glossary${cleared.length ? ` (the ${cleared.join(" and ")} signature${cleared.length > 1 ? "s were" : " was"} cleared)` : ""}`,
      before: { status: row.status, note: row.note, signatures: cleared, terms: row.terms },
      after: { status: "draft", note, signatures: [], terms: input.terms },
    });
    await clearSignatures(t, "glossary_approvals", caller.workspaceId, row.id, "terms changed");
    await setStatus(t, caller.workspaceId, row.id, {
      terms: input.terms,
      note,
      status: "draft",
      approvedAt: null,
    });
  });
  return getGlossaryVersion(db, caller, version);
}

/** Puts a signed version in force, retiring the one before (inside the caller's transaction). */
async function putInForce(t: Db, caller: Caller, row: VersionRow, at: Date) {
  const retired = await t
    .update(glossaryVersions)
    .set({ status: "retired", retiredAt: at, updatedAt: at })
    .where(and(eq(glossaryVersions.workspaceId, caller.workspaceId), eq(glossaryVersions.status, "active")))
    .returning({ id: glossaryVersions.id, version: glossaryVersions.version });
  await setStatus(t, caller.workspaceId, row.id, {
    status: "active",
    activatedAt: at,
    activatedBy: caller.memberId,
  });
  const previous = retired[0];
  await recordAudit(
    t,
    caller.workspaceId,
    caller,
    [
      ...retired.map((r) => ({
        action: "glossary.version.retired",
        entityType: "glossary_version",
        entityId: r.id,
        summary: `Version ${r.version} of the glossary retired: version ${row.version} is in force`,
        before: { status: "active" },
        after: { status: "retired", replacedBy: row.version },
      })),
      {
        action: "glossary.version.activated",
        entityType: "glossary_version",
        entityId: row.id,
        summary: `Version ${row.version} of the glossary is in force${previous ? ` in place of version ${previous.version}` : ""}`,
        before: { status: "approved", inForce: previous?.version ?? null },
        after: { status: "active", inForce: row.version },
      },
    ],
    at,
  );
}

/** A sales lead or a marketing lead signs for their team; the second signature puts the version in force. */
export async function approveGlossaryVersion(db: Db, caller: Caller, version: number) {
  await db.transaction(async (t) => {
    const row = await findVersion(t, caller.workspaceId, version);
    const label = `version ${version} of the glossary`;
    signingTeam(caller, label);
    if (row.status !== "draft")
      throw conflict(
        `Version ${version} of the glossary is ${row.status}; only drafts are approved`,
        "status",
      );
    const before = await signedTeams(t, caller.workspaceId, row.id);
    const approved = await sign(t, "glossary_approvals", caller, row.id, label);
    const at = new Date();
    await recordAudit(t, caller.workspaceId, caller, {
      action: "glossary.version.approved",
      entityType: "glossary_version",
      entityId: row.id,
      summary: `${caller.name} approved version ${version} of the glossary for ${caller.team}${approved ? "; both teams have now approved it" : ""}`,
      before: { status: row.status, signatures: before },
      after: { status: approved ? "approved" : row.status, signatures: [...before, caller.team] },
    });
    if (approved) {
      await setStatus(t, caller.workspaceId, row.id, { status: "approved", approvedAt: at });
      await putInForce(t, caller, row, at);
    }
  });
  return getGlossaryVersion(db, caller, version);
}

/** The caller takes their signature back from a draft. */
export async function withdrawGlossaryApproval(db: Db, caller: Caller, version: number) {
  await db.transaction(async (t) => {
    const row = await findVersion(t, caller.workspaceId, version);
    if (!isOpen(row.status))
      throw conflict(
        `Version ${version} of the glossary is ${row.status}; its signatures are final`,
        "status",
      );
    const before = await signedTeams(t, caller.workspaceId, row.id);
    await withdrawSignature(t, "glossary_approvals", caller, row.id, `version ${version} of the glossary`);
    await setStatus(t, caller.workspaceId, row.id, { status: "draft", approvedAt: null });
    await recordAudit(t, caller.workspaceId, caller, {
      action: "glossary.version.approval_withdrawn",
      entityType: "glossary_version",
      entityId: row.id,
      summary: `${caller.name} withdrew their ${caller.team} approval from version ${version} of the glossary`,
      before: { status: row.status, signatures: before },
      after: { status: "draft", signatures: await signedTeams(t, caller.workspaceId, row.id) },
    });
  });
  return getGlossaryVersion(db, caller, version);
}

/** Puts a version both teams signed in force (the second signature already does; this is the shared verb). */
export async function activateGlossaryVersion(db: Db, caller: Caller, version: number) {
  await db.transaction(async (t) => {
    const row = await findVersion(t, caller.workspaceId, version);
    if (row.status !== "approved") {
      const [shown] = await present(t, caller.workspaceId, [row]);
      throw conflict(
        row.status === "draft"
          ? `Version ${version} of the glossary needs the approval of ${shown.missingApprovals.map((s) => `a ${s} lead`).join(" and ")} first`
          : `Version ${version} of the glossary is ${row.status === "active" ? "already in force" : row.status}`,
        "status",
      );
    }
    await putInForce(t, caller, row, new Date());
  });
  return getGlossaryVersion(db, caller, version);
}
