// Scoring models and their versions: the agreement workflow. Drafts are edited freely; an edit clears
// approvals; "approved" needs a sales lead and a marketing lead; activating makes a version live (the
// previous live one retires) and rescores everyone; old versions stay readable and comparable.
import { and, asc, desc, eq, inArray, isNull } from "drizzle-orm";
import type {
  CreateScoringModel,
  RuleDiff,
  ScoringDefinition,
  ScoringModelStatus,
} from "../../../shared/scoring.js";
import { STARTER_DEFINITION } from "../../../shared/scoring.js";
import type { Db } from "../../db/client.js";
import {
  accountScores,
  contactScores,
  members,
  scoringApprovals,
  scoringModels,
  scoringModelVersions,
  users,
} from "../../db/schema/index.js";
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
import { handOff } from "../handoff/handoff.service.js";
import {
  forgetActiveVersions,
  type LiveVersion,
  moveMqlCrossings,
  rescoreVersion,
} from "./scores.service.js";

type VersionRow = typeof scoringModelVersions.$inferSelect;

async function memberNames(db: Db, workspaceId: string) {
  const rows = await db
    .select({ id: members.id, name: users.name, team: members.team })
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .where(eq(members.workspaceId, workspaceId));
  return new Map(rows.map((r) => [r.id, r]));
}

async function presentVersions(db: Db, workspaceId: string, rows: VersionRow[]) {
  const names = await memberNames(db, workspaceId);
  const approvals =
    rows.length === 0
      ? []
      : await db
          .select()
          .from(scoringApprovals)
          .where(
            and(
              eq(scoringApprovals.workspaceId, workspaceId),
              inArray(
                scoringApprovals.versionId,
                rows.map((r) => r.id),
              ),
              isNull(scoringApprovals.clearedAt),
            ),
          )
          .orderBy(asc(scoringApprovals.approvedAt));
  return rows.map((v) => {
    const mine = approvals.filter((a) => a.versionId === v.id);
    const iso = (d: Date | null) => (d ? d.toISOString() : null);
    return {
      id: v.id,
      version: v.version,
      status: v.status,
      note: v.note,
      createdAt: v.createdAt.toISOString(),
      updatedAt: v.updatedAt.toISOString(),
      createdByName: v.createdBy ? (names.get(v.createdBy)?.name ?? null) : null,
      approvedAt: iso(v.approvedAt),
      activatedAt: iso(v.activatedAt),
      activatedByName: v.activatedBy ? (names.get(v.activatedBy)?.name ?? null) : null,
      retiredAt: iso(v.retiredAt),
      ...signaturesOf(v.status, mine, (id) => names.get(id)?.name),
      modelId: v.modelId,
      definition: v.definition,
    };
  });
}

export async function findModel(db: Db, workspaceId: string, modelId: string) {
  const [model] = await db
    .select()
    .from(scoringModels)
    .where(and(eq(scoringModels.workspaceId, workspaceId), eq(scoringModels.id, modelId)));
  if (!model) throw notFound("scoring model");
  return model;
}

async function findVersion(db: Db, workspaceId: string, modelId: string, version: number) {
  const [row] = await db
    .select()
    .from(scoringModelVersions)
    .where(
      and(
        eq(scoringModelVersions.workspaceId, workspaceId),
        eq(scoringModelVersions.modelId, modelId),
        eq(scoringModelVersions.version, version),
      ),
    );
  if (!row) throw notFound("scoring model version");
  return row;
}

/** The teams that have signed a version (signatures not cleared), for the audit log. */
async function signedTeams(db: Db, workspaceId: string, versionId: string) {
  const rows = await db
    .select({ team: scoringApprovals.team })
    .from(scoringApprovals)
    .where(
      and(
        eq(scoringApprovals.workspaceId, workspaceId),
        eq(scoringApprovals.versionId, versionId),
        isNull(scoringApprovals.clearedAt),
      ),
    )
    .orderBy(asc(scoringApprovals.approvedAt));
  return rows.map((r) => r.team);
}

const versionWords = (version: number, modelName: string) =>
  `version ${version} of the scoring model ${modelName}`;

async function presentModel(db: Db, workspaceId: string, model: typeof scoringModels.$inferSelect) {
  const versions = await db
    .select()
    .from(scoringModelVersions)
    .where(and(eq(scoringModelVersions.workspaceId, workspaceId), eq(scoringModelVersions.modelId, model.id)))
    .orderBy(desc(scoringModelVersions.version));
  const presented = (await presentVersions(db, workspaceId, versions)).map(
    ({ definition: _d, modelId: _m, ...summary }) => summary,
  );
  return {
    id: model.id,
    name: model.name,
    description: model.description,
    podId: model.podId,
    createdAt: model.createdAt.toISOString(),
    activeVersion: versions.find((v) => v.status === "active")?.version ?? null,
    latestVersion: versions[0]?.version ?? 1,
    latestStatus: (versions[0]?.status ?? "draft") as ScoringModelStatus,
    versions: presented,
  };
}

export async function listScoringModels(db: Db, caller: Caller) {
  const models = await db
    .select()
    .from(scoringModels)
    .where(eq(scoringModels.workspaceId, caller.workspaceId))
    .orderBy(asc(scoringModels.name));
  return Promise.all(models.map((m) => presentModel(db, caller.workspaceId, m)));
}

export async function getScoringModel(db: Db, caller: Caller, modelId: string) {
  return presentModel(db, caller.workspaceId, await findModel(db, caller.workspaceId, modelId));
}

export async function createScoringModel(db: Db, caller: Caller, input: CreateScoringModel) {
  const id = newId();
  await db.transaction(async (tx) => {
    await tx.insert(scoringModels).values({
      workspaceId: caller.workspaceId,
      id,
      name: input.name,
      description: input.description,
      podId: input.podId ?? null,
    });
    const versionId = newId();
    const definition = input.definition ?? STARTER_DEFINITION;
    await tx.insert(scoringModelVersions).values({
      workspaceId: caller.workspaceId,
      id: versionId,
      modelId: id,
      version: 1,
      definition,
      note: "First draft",
      createdBy: caller.memberId,
    });
    await recordAudit(tx, caller.workspaceId, caller, {
      action: "scoring.version.created",
      entityType: "scoring_version",
      entityId: versionId,
      summary: `${caller.name} created the scoring model ${input.name} with a first draft (version 1)`,
      after: { model: input.name, version: 1, status: "draft", definition },
    });
  });
  return getScoringModel(db, caller, id);
}

export async function getScoringVersion(db: Db, caller: Caller, modelId: string, version: number) {
  const row = await findVersion(db, caller.workspaceId, modelId, version);
  const [presented] = await presentVersions(db, caller.workspaceId, [row]);
  return presented;
}

/** Edits a draft or approved version; it returns to draft and loses its approvals. */
export async function updateScoringVersion(
  db: Db,
  caller: Caller,
  modelId: string,
  version: number,
  input: { definition: ScoringDefinition; note?: string },
) {
  await db.transaction(async (tx) => {
    const db = tx;
    const row = await findVersion(db, caller.workspaceId, modelId, version);
    if (row.status === "active" || row.status === "retired")
      throw conflict(
        `version ${version} is ${row.status} and can no longer change; start a new draft from it`,
        "status",
      );
    const model = await findModel(db, caller.workspaceId, modelId);
    const cleared = await signedTeams(db, caller.workspaceId, row.id);
    const note = input.note ?? row.note;
    await recordAudit(db, caller.workspaceId, caller, {
      action: "scoring.version.edited",
      entityType: "scoring_version",
      entityId: row.id,
      summary: `${caller.name} edited ${versionWords(version, model.name)}${cleared.length ? ` (the ${cleared.join(" and ")} approval${cleared.length > 1 ? "s were" : " was"} cleared)` : ""}`,
      before: { status: row.status, note: row.note, approvals: cleared, definition: row.definition },
      after: { status: "draft", note, approvals: [], definition: input.definition },
    });
    await clearSignatures(db, "scoring_approvals", caller.workspaceId, row.id, "edited");
    await db
      .update(scoringModelVersions)
      .set({
        definition: input.definition,
        note: input.note ?? row.note,
        status: "draft",
        approvedAt: null,
        updatedAt: new Date(),
      })
      .where(
        and(eq(scoringModelVersions.workspaceId, caller.workspaceId), eq(scoringModelVersions.id, row.id)),
      );
  });
  return getScoringVersion(db, caller, modelId, version);
}

/** A new draft copying `from` (default: the latest version). */
export async function createDraftVersion(
  db: Db,
  caller: Caller,
  modelId: string,
  input: { from?: number; definition?: ScoringDefinition; note?: string },
) {
  const model = await findModel(db, caller.workspaceId, modelId);
  const version = await db.transaction(async (tx) => {
    const db = tx;
    const [latest] = await db
      .select()
      .from(scoringModelVersions)
      .where(
        and(
          eq(scoringModelVersions.workspaceId, caller.workspaceId),
          eq(scoringModelVersions.modelId, modelId),
        ),
      )
      .orderBy(desc(scoringModelVersions.version))
      .limit(1)
      .for("update");
    const source = input.from ? await findVersion(db, caller.workspaceId, modelId, input.from) : latest;
    const next = (latest?.version ?? 0) + 1;
    const versionId = newId();
    const values = {
      definition: input.definition ?? source.definition,
      note: input.note ?? `Draft from version ${source.version}`,
    };
    await db.insert(scoringModelVersions).values({
      workspaceId: caller.workspaceId,
      id: versionId,
      modelId,
      version: next,
      ...values,
      createdBy: caller.memberId,
    });
    await recordAudit(db, caller.workspaceId, caller, {
      action: "scoring.version.created",
      entityType: "scoring_version",
      entityId: versionId,
      summary: `${caller.name} started ${versionWords(next, model.name)} as a draft from version ${source.version}`,
      after: { model: model.name, version: next, status: "draft", from: source.version, ...values },
    });
    return next;
  });
  return getScoringVersion(db, caller, modelId, version);
}

/** A sales or marketing lead signs the version for their team; both teams signed -> approved. */
export async function approveScoringVersion(db: Db, caller: Caller, modelId: string, version: number) {
  await db.transaction(async (tx) => {
    const db = tx;
    const row = await findVersion(db, caller.workspaceId, modelId, version);
    const label = `version ${version} of the scoring model`;
    signingTeam(caller, label);
    if (row.status !== "draft")
      throw conflict(`version ${version} is ${row.status}; only drafts are approved`, "status");
    const model = await findModel(db, caller.workspaceId, modelId);
    const before = await signedTeams(db, caller.workspaceId, row.id);
    const approved = await sign(db, "scoring_approvals", caller, row.id, label);
    if (approved)
      await db
        .update(scoringModelVersions)
        .set({ status: "approved", approvedAt: new Date(), updatedAt: new Date() })
        .where(
          and(eq(scoringModelVersions.workspaceId, caller.workspaceId), eq(scoringModelVersions.id, row.id)),
        );
    await recordAudit(db, caller.workspaceId, caller, {
      action: "scoring.version.approved",
      entityType: "scoring_version",
      entityId: row.id,
      summary: `${caller.name} approved ${versionWords(version, model.name)} for ${caller.team}${approved ? "; both teams have now approved it" : ""}`,
      before: { status: row.status, approvals: before },
      after: { status: approved ? "approved" : row.status, approvals: [...before, caller.team] },
    });
  });
  return getScoringVersion(db, caller, modelId, version);
}

/** The caller takes back their approval; an approved version returns to draft. */
export async function withdrawApproval(db: Db, caller: Caller, modelId: string, version: number) {
  await db.transaction(async (tx) => {
    const db = tx;
    const row = await findVersion(db, caller.workspaceId, modelId, version);
    if (row.status !== "draft" && row.status !== "approved")
      throw conflict(`version ${version} is ${row.status}; its approvals are final`, "status");
    const model = await findModel(db, caller.workspaceId, modelId);
    const before = await signedTeams(db, caller.workspaceId, row.id);
    await withdrawSignature(db, "scoring_approvals", caller, row.id, `version ${version}`);
    const after = await signedTeams(db, caller.workspaceId, row.id);
    await recordAudit(db, caller.workspaceId, caller, {
      action: "scoring.version.approval_withdrawn",
      entityType: "scoring_version",
      entityId: row.id,
      summary: `${caller.name} withdrew their ${caller.team} approval of ${versionWords(version, model.name)}`,
      before: { status: row.status, approvals: before },
      after: { status: "draft", approvals: after },
    });
    await db
      .update(scoringModelVersions)
      .set({ status: "draft", approvedAt: null, updatedAt: new Date() })
      .where(
        and(eq(scoringModelVersions.workspaceId, caller.workspaceId), eq(scoringModelVersions.id, row.id)),
      );
  });
  return getScoringVersion(db, caller, modelId, version);
}

/** Makes an approved version live: the model's previous live version retires, every contact is rescored. */
export async function activateScoringVersion(
  db: Db,
  caller: Caller,
  modelId: string,
  version: number,
  at = new Date(),
) {
  const model = await findModel(db, caller.workspaceId, modelId);
  const result = await db.transaction(async (tx) => {
    const db = tx;
    const row = await findVersion(db, caller.workspaceId, modelId, version);
    if (row.status !== "approved") {
      const presented = (await presentVersions(db, caller.workspaceId, [row]))[0];
      throw conflict(
        row.status === "draft"
          ? `version ${version} needs approval from ${presented.missingApprovals.map((t) => `a ${t} lead`).join(" and ")} before it can go live`
          : `version ${version} is ${row.status}`,
        "status",
      );
    }
    const retired = await db
      .update(scoringModelVersions)
      .set({ status: "retired", retiredAt: at, updatedAt: at })
      .where(
        and(
          eq(scoringModelVersions.workspaceId, caller.workspaceId),
          eq(scoringModelVersions.modelId, modelId),
          eq(scoringModelVersions.status, "active"),
        ),
      )
      .returning({ id: scoringModelVersions.id, version: scoringModelVersions.version });
    await db
      .update(scoringModelVersions)
      .set({ status: "active", activatedAt: at, activatedBy: caller.memberId, updatedAt: at })
      .where(
        and(eq(scoringModelVersions.workspaceId, caller.workspaceId), eq(scoringModelVersions.id, row.id)),
      );
    const live: LiveVersion = {
      id: row.id,
      modelId,
      modelName: model.name,
      version: row.version,
      definition: row.definition,
    };
    const previous = retired[0];
    await recordAudit(
      db,
      caller.workspaceId,
      caller,
      [
        ...retired.map((r) => ({
          action: "scoring.version.retired",
          entityType: "scoring_version",
          entityId: r.id,
          summary: `Version ${r.version} of the scoring model ${model.name} retired: ${caller.name} put version ${version} live`,
          before: { status: "active" },
          after: { status: "retired", replacedBy: version },
        })),
        {
          action: "scoring.version.activated",
          entityType: "scoring_version",
          entityId: row.id,
          summary: `${caller.name} put ${versionWords(version, model.name)} live${previous ? ` in place of version ${previous.version}` : ""}; every contact is rescored`,
          before: { status: "approved", live: previous?.version ?? null },
          after: { status: "active", live: version },
        },
      ],
      at,
    );
    const { crossing, ...rescored } = await rescoreVersion(db, caller.workspaceId, live, at);
    const moved = await moveMqlCrossings(db, caller.workspaceId, [crossing], at);
    await handOff(db, caller.workspaceId, moved, at);
    return rescored;
  });
  forgetActiveVersions(caller.workspaceId);
  return { version: await getScoringVersion(db, caller, modelId, version), ...result };
}

/** Takes a live version off: the model gives no scores until another version is activated. */
export async function retireScoringVersion(db: Db, caller: Caller, modelId: string, version: number) {
  await db.transaction(async (tx) => {
    const db = tx;
    const row = await findVersion(db, caller.workspaceId, modelId, version);
    if (row.status !== "active") throw conflict(`version ${version} is ${row.status}, not active`, "status");
    const model = await findModel(db, caller.workspaceId, modelId);
    await recordAudit(db, caller.workspaceId, caller, {
      action: "scoring.version.retired",
      entityType: "scoring_version",
      entityId: row.id,
      summary: `${caller.name} retired ${versionWords(version, model.name)}; the model gives no scores until another version goes live`,
      before: { status: "active" },
      after: { status: "retired" },
    });
    await db
      .update(scoringModelVersions)
      .set({ status: "retired", retiredAt: new Date(), updatedAt: new Date() })
      .where(
        and(eq(scoringModelVersions.workspaceId, caller.workspaceId), eq(scoringModelVersions.id, row.id)),
      );
    await db
      .delete(contactScores)
      .where(and(eq(contactScores.workspaceId, caller.workspaceId), eq(contactScores.modelId, modelId)));
    await db
      .delete(accountScores)
      .where(and(eq(accountScores.workspaceId, caller.workspaceId), eq(accountScores.modelId, modelId)));
  });
  forgetActiveVersions(caller.workspaceId);
  return getScoringVersion(db, caller, modelId, version);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Rule-by-rule differences between two definitions. */
export function diffDefinitions(before: ScoringDefinition, after: ScoringDefinition): RuleDiff[] {
  const changes: RuleDiff[] = [];
  const byId = <T extends { id: string }>(kind: RuleDiff["kind"], a: T[], b: T[]) => {
    const old = new Map(a.map((r) => [r.id, r]));
    const fresh = new Map(b.map((r) => [r.id, r]));
    for (const [id, rule] of old)
      if (!fresh.has(id)) changes.push({ kind, id, change: "removed", before: rule, after: null });
      else if (!same(rule, fresh.get(id)))
        changes.push({ kind, id, change: "changed", before: rule, after: fresh.get(id) });
    for (const [id, rule] of fresh)
      if (!old.has(id)) changes.push({ kind, id, change: "added", before: null, after: rule });
  };
  byId("fit", before.fitRules, after.fitRules);
  byId("engagement", before.engagementRules, after.engagementRules);
  byId("decay", before.decayGroups, after.decayGroups);
  if (!same(before.grades, after.grades))
    changes.push({
      kind: "grades",
      id: "grades",
      change: "changed",
      before: before.grades,
      after: after.grades,
    });
  if (!same(before.mql, after.mql))
    changes.push({ kind: "mql", id: "mql", change: "changed", before: before.mql, after: after.mql });
  return changes;
}

export async function diffScoringVersions(
  db: Db,
  caller: Caller,
  modelId: string,
  version: number,
  against: number,
) {
  const [a, b] = await Promise.all([
    findVersion(db, caller.workspaceId, modelId, against),
    findVersion(db, caller.workspaceId, modelId, version),
  ]);
  return { from: against, to: version, changes: diffDefinitions(a.definition, b.definition) };
}

export async function findLiveVersion(
  db: Db,
  workspaceId: string,
  modelId: string,
): Promise<LiveVersion | null> {
  const model = await findModel(db, workspaceId, modelId);
  const [row] = await db
    .select()
    .from(scoringModelVersions)
    .where(
      and(
        eq(scoringModelVersions.workspaceId, workspaceId),
        eq(scoringModelVersions.modelId, modelId),
        eq(scoringModelVersions.status, "active"),
      ),
    );
  return row
    ? { id: row.id, modelId, modelName: model.name, version: row.version, definition: row.definition }
    : null;
}

export async function loadVersion(
  db: Db,
  workspaceId: string,
  modelId: string,
  version: number,
): Promise<LiveVersion> {
  const model = await findModel(db, workspaceId, modelId);
  const row = await findVersion(db, workspaceId, modelId, version);
  return { id: row.id, modelId, modelName: model.name, version: row.version, definition: row.definition };
}
