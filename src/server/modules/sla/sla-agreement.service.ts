// The SLA itself: versioned terms both teams sign. A draft is edited by team leads (an edit clears its
// signatures, which stay on record); a sales lead and a marketing lead sign it; signed, it can go live,
// retiring the version before it. Clocks started under a version keep that version's terms.
import { and, asc, desc, eq, isNull } from "drizzle-orm";
import type { z } from "zod";
import {
  type createSlaDraftSchema,
  DEFAULT_MINIMUM_SAMPLE,
  type SlaStatus,
  type SlaTerms,
  type SlaVersion,
  STARTER_SLA_TERMS,
  type updateSlaDraftSchema,
} from "../../../shared/sla.js";
import type { Db } from "../../db/client.js";
import { members, slaApprovals, slaVersions, users } from "../../db/schema/index.js";
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

type VersionRow = typeof slaVersions.$inferSelect;

export interface LiveSla {
  id: string;
  version: number;
  terms: SlaTerms;
}

const liveCache = new Map<string, { at: number; value: Promise<LiveSla | null> }>();

/** The agreement in force in a workspace (cached for 2 s: it is read on every MQL and every sweep). */
export function activeSla(db: Db, workspaceId: string): Promise<LiveSla | null> {
  const cached = liveCache.get(workspaceId);
  if (cached && Date.now() - cached.at < 2000) return cached.value;
  const value = db
    .select({ id: slaVersions.id, version: slaVersions.version, terms: slaVersions.terms })
    .from(slaVersions)
    .where(and(eq(slaVersions.workspaceId, workspaceId), eq(slaVersions.status, "active")))
    .then((rows) => rows[0] ?? null);
  if (liveCache.size > 10_000) liveCache.clear();
  liveCache.set(workspaceId, { at: Date.now(), value });
  value.catch(() => liveCache.delete(workspaceId));
  return value;
}

/**
 * The fewest cases a rate is judged on in this workspace, for every rate every page shows (acceptance,
 * compliance, funnel conversions): the SLA in force's minimum sample; terms signed before the minimum sample
 * existed, or no SLA at all, get the default.
 */
export function minimumSampleOf(sla: LiveSla | null): number {
  return sla?.terms.minimumSample ?? DEFAULT_MINIMUM_SAMPLE;
}

function forgetActiveSla(workspaceId: string) {
  liveCache.delete(workspaceId);
}

async function present(db: Db, workspaceId: string, rows: VersionRow[]): Promise<SlaVersion[]> {
  const people = await db
    .select({ id: members.id, name: users.name })
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .where(eq(members.workspaceId, workspaceId));
  const names = new Map(people.map((p) => [p.id, p.name]));
  const signatures = await db
    .select()
    .from(slaApprovals)
    .where(and(eq(slaApprovals.workspaceId, workspaceId), isNull(slaApprovals.clearedAt)))
    .orderBy(asc(slaApprovals.approvedAt));
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return rows.map((v) => {
    const mine = signatures.filter((a) => a.versionId === v.id);
    return {
      id: v.id,
      version: v.version,
      status: v.status,
      note: v.note,
      terms: v.terms,
      createdAt: v.createdAt.toISOString(),
      createdByName: v.createdBy ? (names.get(v.createdBy) ?? null) : null,
      approvedAt: iso(v.approvedAt),
      activatedAt: iso(v.activatedAt),
      activatedByName: v.activatedBy ? (names.get(v.activatedBy) ?? null) : null,
      retiredAt: iso(v.retiredAt),
      ...signaturesOf(v.status, mine, (id) => names.get(id)),
    };
  });
}

async function findVersion(db: Db, workspaceId: string, version: number) {
  const [row] = await db
    .select()
    .from(slaVersions)
    .where(and(eq(slaVersions.workspaceId, workspaceId), eq(slaVersions.version, version)));
  if (!row) throw notFound("SLA version");
  return row;
}

/** The teams that have signed a version (signatures not cleared), for the audit log. */
async function signedTeams(db: Db, workspaceId: string, versionId: string) {
  const rows = await db
    .select({ team: slaApprovals.team })
    .from(slaApprovals)
    .where(
      and(
        eq(slaApprovals.workspaceId, workspaceId),
        eq(slaApprovals.versionId, versionId),
        isNull(slaApprovals.clearedAt),
      ),
    )
    .orderBy(asc(slaApprovals.approvedAt));
  return rows.map((r) => r.team);
}

async function setStatus(db: Db, workspaceId: string, id: string, values: Partial<VersionRow>) {
  await db
    .update(slaVersions)
    .set({ ...values, updatedAt: new Date() })
    .where(and(eq(slaVersions.workspaceId, workspaceId), eq(slaVersions.id, id)));
}

export async function getSlaOverview(db: Db, caller: Caller) {
  const rows = await db
    .select()
    .from(slaVersions)
    .where(eq(slaVersions.workspaceId, caller.workspaceId))
    .orderBy(desc(slaVersions.version));
  const versions = await present(db, caller.workspaceId, rows);
  return { active: versions.find((v) => v.status === "active") ?? null, versions };
}

export async function getSlaVersion(db: Db, caller: Caller, version: number) {
  const row = await findVersion(db, caller.workspaceId, version);
  return (await present(db, caller.workspaceId, [row]))[0];
}

/** A new draft from a version's terms (the live version's, or the starter terms for a first agreement). */
export async function createSlaDraft(db: Db, caller: Caller, input: z.output<typeof createSlaDraftSchema>) {
  const version = await db.transaction(async (tx) => {
    const t = tx;
    const rows = await t
      .select()
      .from(slaVersions)
      .where(eq(slaVersions.workspaceId, caller.workspaceId))
      .orderBy(desc(slaVersions.version))
      .for("update");
    const open = rows.find((r) => r.status === "draft" || r.status === "approved");
    if (open)
      throw conflict(
        `Version ${open.version} is still ${open.status === "draft" ? "a draft" : "waiting to go live"}; change that one instead`,
        "status",
      );
    const from =
      input.fromVersion !== undefined
        ? rows.find((r) => r.version === input.fromVersion)
        : rows.find((r) => r.status === "active");
    if (input.fromVersion !== undefined && !from) throw notFound("SLA version");
    const next = (rows[0]?.version ?? 0) + 1;
    const id = newId();
    const terms = from?.terms ?? STARTER_SLA_TERMS;
    await t.insert(slaVersions).values({
      workspaceId: caller.workspaceId,
      id,
      version: next,
      status: "draft",
      terms,
      note: input.note,
      createdBy: caller.memberId,
    });
    await recordAudit(t, caller.workspaceId, caller, {
      action: "sla.version.created",
      entityType: "sla_version",
      entityId: id,
      summary: `${caller.name} started a draft of version ${next} of the SLA ${from ? `from version ${from.version}` : "from the starter terms"}`,
      after: { version: next, status: "draft", from: from?.version ?? null, note: input.note ?? "", terms },
    });
    return next;
  });
  return getSlaVersion(db, caller, version);
}

/** Edits a draft (or an approved version not yet live); its signatures are cleared and must be given again. */
export async function updateSlaDraft(
  db: Db,
  caller: Caller,
  version: number,
  input: z.output<typeof updateSlaDraftSchema>,
) {
  await db.transaction(async (tx) => {
    const t = tx;
    const row = await findVersion(t, caller.workspaceId, version);
    if (row.status !== "draft" && row.status !== "approved")
      throw conflict(
        `Version ${version} is ${row.status} and can no longer change; start a new draft`,
        "status",
      );
    const cleared = await signedTeams(t, caller.workspaceId, row.id);
    const note = input.note !== undefined ? input.note : row.note;
    await recordAudit(t, caller.workspaceId, caller, {
      action: "sla.version.edited",
      entityType: "sla_version",
      entityId: row.id,
      summary: `${caller.name} changed the terms of version ${version} of the SLA${cleared.length ? ` (the ${cleared.join(" and ")} signature${cleared.length > 1 ? "s were" : " was"} cleared)` : ""}`,
      before: { status: row.status, note: row.note, signatures: cleared, terms: row.terms },
      after: { status: "draft", note, signatures: [], terms: input.terms },
    });
    await clearSignatures(t, "sla_approvals", caller.workspaceId, row.id, "terms changed");
    await setStatus(t, caller.workspaceId, row.id, {
      terms: input.terms,
      ...(input.note !== undefined ? { note: input.note } : {}),
      status: "draft",
      approvedAt: null,
    });
  });
  return getSlaVersion(db, caller, version);
}

/** A sales lead or a marketing lead signs for their team; both signed -> approved. */
export async function approveSlaVersion(db: Db, caller: Caller, version: number) {
  await db.transaction(async (tx) => {
    const t = tx;
    const row = await findVersion(t, caller.workspaceId, version);
    const label = `version ${version} of the SLA`;
    signingTeam(caller, label);
    if (row.status !== "draft")
      throw conflict(`Version ${version} is ${row.status}; only drafts are signed`, "status");
    const before = await signedTeams(t, caller.workspaceId, row.id);
    const approved = await sign(t, "sla_approvals", caller, row.id, label);
    if (approved)
      await setStatus(t, caller.workspaceId, row.id, { status: "approved", approvedAt: new Date() });
    await recordAudit(t, caller.workspaceId, caller, {
      action: "sla.version.approved",
      entityType: "sla_version",
      entityId: row.id,
      summary: `${caller.name} signed version ${version} of the SLA for ${caller.team}${approved ? "; both teams have now signed it" : ""}`,
      before: { status: row.status, signatures: before },
      after: { status: approved ? "approved" : row.status, signatures: [...before, caller.team] },
    });
  });
  return getSlaVersion(db, caller, version);
}

/** The caller takes back their signature; an approved version returns to draft. */
export async function withdrawSlaApproval(db: Db, caller: Caller, version: number) {
  await db.transaction(async (tx) => {
    const t = tx;
    const row = await findVersion(t, caller.workspaceId, version);
    if (row.status !== "draft" && row.status !== "approved")
      throw conflict(`Version ${version} is ${row.status}; its signatures are final`, "status");
    const before = await signedTeams(t, caller.workspaceId, row.id);
    await withdrawSignature(t, "sla_approvals", caller, row.id, `version ${version}`);
    await setStatus(t, caller.workspaceId, row.id, { status: "draft", approvedAt: null });
    await recordAudit(t, caller.workspaceId, caller, {
      action: "sla.version.approval_withdrawn",
      entityType: "sla_version",
      entityId: row.id,
      summary: `${caller.name} withdrew their ${caller.team} signature from version ${version} of the SLA`,
      before: { status: row.status, signatures: before },
      after: { status: "draft", signatures: await signedTeams(t, caller.workspaceId, row.id) },
    });
  });
  return getSlaVersion(db, caller, version);
}

/** Puts a signed version in force; the previous one retires. Running clocks keep their own version's terms. */
export async function activateSlaVersion(db: Db, caller: Caller, version: number, at = new Date()) {
  await db.transaction(async (tx) => {
    const t = tx;
    const row = await findVersion(t, caller.workspaceId, version);
    if (row.status !== "approved") {
      const [shown] = await present(t, caller.workspaceId, [row]);
      throw conflict(
        row.status === "draft"
          ? `Version ${version} needs the signature of ${shown.missingApprovals.map((s) => `a ${s} lead`).join(" and ")} before it can take effect`
          : `Version ${version} is ${row.status as SlaStatus}`,
        "status",
      );
    }
    const retired = await t
      .update(slaVersions)
      .set({ status: "retired", retiredAt: at, updatedAt: at })
      .where(and(eq(slaVersions.workspaceId, caller.workspaceId), eq(slaVersions.status, "active")))
      .returning({ id: slaVersions.id, version: slaVersions.version });
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
          action: "sla.version.retired",
          entityType: "sla_version",
          entityId: r.id,
          summary: `Version ${r.version} of the SLA retired: ${caller.name} put version ${version} in force`,
          before: { status: "active" },
          after: { status: "retired", replacedBy: version },
        })),
        {
          action: "sla.version.activated",
          entityType: "sla_version",
          entityId: row.id,
          summary: `${caller.name} put version ${version} of the SLA in force${previous ? ` in place of version ${previous.version}` : ""}`,
          before: { status: "approved", inForce: previous?.version ?? null },
          after: { status: "active", inForce: version },
        },
      ],
      at,
    );
  });
  forgetActiveSla(caller.workspaceId);
  return getSlaVersion(db, caller, version);
}
