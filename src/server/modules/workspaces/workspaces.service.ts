// Workspaces (tenants), their members and invitations, and "who am I" for the signed-in user.
import { createHash, randomBytes } from "node:crypto";
import { and, asc, eq, gt, ilike, isNull, or, sql } from "drizzle-orm";
import type { z } from "zod";
import type {
  createInvitationSchema,
  createWorkspaceSchema,
  memberListQuerySchema,
  updateMemberSchema,
  updateWorkspaceSchema,
} from "../../../shared/workspaces.js";
import type { Db } from "../../db/client.js";
import { invitations, members, users, workspaces } from "../../db/schema/index.js";
import { type Caller, forgetMemberships } from "../../lib/access.js";
import { type AuditEntry, recordAudit } from "../../lib/audit.js";
import { changedFields, listWords, roleName, roleWords } from "../../lib/audit-words.js";
import { AppError, conflict, forbidden, notFound } from "../../lib/errors.js";
import { newId } from "../../lib/ids.js";
import { escapeLike, keysetPage } from "../../lib/records.js";
import { toJson } from "../../lib/serialize.js";

const INVITATION_DAYS = 14;

export async function createWorkspace(db: Db, userId: string, input: z.output<typeof createWorkspaceSchema>) {
  return db.transaction(async (tx) => {
    const [workspace] = await tx
      .insert(workspaces)
      .values({ id: newId(), name: input.name, mission: input.mission, timeZone: input.timeZone })
      .returning();
    await tx
      .insert(members)
      .values({ workspaceId: workspace.id, id: newId(), userId, team: input.team, role: "admin" });
    forgetMemberships();
    return toJson(workspace);
  });
}

export async function getWorkspace(db: Db, workspaceId: string) {
  const [workspace] = await db.select().from(workspaces).where(eq(workspaces.id, workspaceId));
  if (!workspace) throw notFound("Workspace");
  return toJson(workspace);
}

const WORKSPACE_FIELD_WORDS: Record<string, string> = {
  name: "name",
  mission: "mission",
  timeZone: "time zone",
};

export async function updateWorkspace(db: Db, caller: Caller, input: z.output<typeof updateWorkspaceSchema>) {
  return db.transaction(async (tx) => {
    const t = tx;
    const [current] = await t.select().from(workspaces).where(eq(workspaces.id, caller.workspaceId));
    const [workspace] = await t
      .update(workspaces)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(workspaces.id, caller.workspaceId))
      .returning();
    const changed = current ? changedFields(current as Record<string, unknown>, input) : null;
    if (changed)
      await recordAudit(t, caller.workspaceId, caller, {
        action: "workspace.updated",
        entityType: "workspace",
        entityId: caller.workspaceId,
        summary: `${caller.name} changed the workspace's ${listWords(changed.keys.map((k) => WORKSPACE_FIELD_WORDS[k] ?? k))}`,
        before: changed.before,
        after: changed.after,
      });
    return toJson(workspace);
  });
}

const memberColumns = {
  id: members.id,
  userId: members.userId,
  name: users.name,
  email: users.email,
  team: members.team,
  role: members.role,
  title: members.title,
  mqlCapacity: members.mqlCapacity,
  createdAt: members.createdAt,
};

/** The signed-in user, the workspace they act in (header or first membership) and all their workspaces. */
export async function getMe(
  db: Db,
  user: { userId: string; name: string; email: string },
  wantedWorkspace?: string,
) {
  const memberships = await db
    .select({ ...memberColumns, workspaceId: workspaces.id, workspaceName: workspaces.name })
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .innerJoin(workspaces, eq(workspaces.id, members.workspaceId))
    .where(and(eq(members.userId, user.userId), isNull(members.removedAt)))
    .orderBy(asc(members.createdAt));
  const current = memberships.find((m) => m.workspaceId === wantedWorkspace) ?? memberships[0];
  return {
    user: { id: user.userId, name: user.name, email: user.email },
    workspace: current ? await getWorkspace(db, current.workspaceId) : null,
    member: current ? toJson({ ...current, workspaceId: undefined, workspaceName: undefined }) : null,
    workspaces: memberships.map((m) => ({
      id: m.workspaceId,
      name: m.workspaceName,
      team: m.team,
      role: m.role,
    })),
  };
}

export async function listMembers(db: Db, caller: Caller, query: z.output<typeof memberListQuerySchema>) {
  const q = query.q ? `%${escapeLike(query.q)}%` : undefined;
  const page = await keysetPage(
    {
      run: (where, orderBy, limit) =>
        db
          .select(memberColumns)
          .from(members)
          .innerJoin(users, eq(users.id, members.userId))
          .where(where)
          .orderBy(...orderBy)
          .limit(limit),
      sortColumn: users.name,
      idColumn: members.id,
      count: async (where) => {
        const [row] = await db
          .select({ n: sql<number>`count(*)::int` })
          .from(members)
          .innerJoin(users, eq(users.id, members.userId))
          .where(where);
        return row?.n ?? 0;
      },
      sortKey: (row) => row.name,
      idKey: (row) => row.id,
    },
    { order: "asc", cursor: query.cursor, limit: query.limit },
    [
      eq(members.workspaceId, caller.workspaceId),
      isNull(members.removedAt),
      q ? or(ilike(users.name, q), ilike(users.email, q)) : undefined,
      query.team ? eq(members.team, query.team) : undefined,
      query.role ? eq(members.role, query.role) : undefined,
    ],
  );
  return { items: page.items.map(toJson), nextCursor: page.nextCursor, total: page.total };
}

export async function getMember(db: Db, workspaceId: string, memberId: string) {
  const [row] = await db
    .select(memberColumns)
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .where(and(eq(members.workspaceId, workspaceId), eq(members.id, memberId), isNull(members.removedAt)));
  if (!row) throw notFound("Member");
  return toJson(row);
}

async function countOtherAdmins(db: Db, workspaceId: string, memberId: string) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(members)
    .where(
      and(
        eq(members.workspaceId, workspaceId),
        eq(members.role, "admin"),
        isNull(members.removedAt),
        sql`${members.id} <> ${memberId}`,
      ),
    );
  return row?.n ?? 0;
}

const lastAdmin = () =>
  new AppError(409, "last_admin", "A workspace needs at least one admin: make someone else an admin first");

export async function updateMember(
  db: Db,
  caller: Caller,
  memberId: string,
  input: z.output<typeof updateMemberSchema>,
) {
  await db.transaction(async (tx) => {
    const t = tx;
    const existing = await getMember(t, caller.workspaceId, memberId);
    if (existing.role === "admin" && input.role && input.role !== "admin") {
      if ((await countOtherAdmins(t, caller.workspaceId, memberId)) === 0) throw lastAdmin();
    }
    await t
      .update(members)
      .set({ ...input, updatedAt: new Date() })
      .where(and(eq(members.workspaceId, caller.workspaceId), eq(members.id, memberId)));
    await recordAudit(t, caller.workspaceId, caller, memberChangeEntries(caller, existing, input));
  });
  forgetMemberships();
  return getMember(db, caller.workspaceId, memberId);
}

/** One entry per kind of change: role, team, and the rest (title, MQL capacity). */
function memberChangeEntries(
  caller: Caller,
  existing: Awaited<ReturnType<typeof getMember>>,
  input: z.output<typeof updateMemberSchema>,
): AuditEntry[] {
  const entries: AuditEntry[] = [];
  const base = { entityType: "member", entityId: existing.id };
  const who = existing.id === caller.memberId ? "themselves" : existing.name;
  const team = input.team ?? existing.team;
  if (input.role !== undefined && input.role !== existing.role)
    entries.push({
      ...base,
      action: "member.role.changed",
      summary: `${caller.name} made ${who} ${roleWords(team, input.role)} (was ${roleName(existing.role)})`,
      before: { role: existing.role },
      after: { role: input.role },
    });
  if (input.team !== undefined && input.team !== existing.team)
    entries.push({
      ...base,
      action: "member.team.changed",
      summary: `${caller.name} moved ${who} from the ${existing.team} team to the ${input.team} team`,
      before: { team: existing.team },
      after: { team: input.team },
    });
  const rest = changedFields(
    { title: existing.title, mqlCapacity: existing.mqlCapacity },
    { title: input.title, mqlCapacity: input.mqlCapacity },
  );
  if (rest)
    entries.push({
      ...base,
      action: "member.updated",
      summary: `${caller.name} changed the ${listWords(rest.keys.map((k) => (k === "mqlCapacity" ? "MQL capacity" : k)))} of ${who}`,
      before: rest.before,
      after: rest.after,
    });
  return entries;
}

export async function removeMember(db: Db, caller: Caller, memberId: string) {
  const existing = await db.transaction(async (tx) => {
    const t = tx;
    const existing = await getMember(t, caller.workspaceId, memberId);
    if (existing.role === "admin" && (await countOtherAdmins(t, caller.workspaceId, memberId)) === 0)
      throw lastAdmin();
    await t
      .update(members)
      .set({ removedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(members.workspaceId, caller.workspaceId), eq(members.id, memberId)));
    // Their MQLs go back to the routing queue: the next pass gives them (and their running SLA clocks,
    // deadlines unchanged) to someone who is still here.
    await t.execute(sql`update contacts set owner_member_id = null, updated_at = now()
      where workspace_id = ${caller.workspaceId} and owner_member_id = ${memberId} and lifecycle_stage = 'mql'
        and archived_at is null`);
    await recordAudit(t, caller.workspaceId, caller, {
      action: "member.removed",
      entityType: "member",
      entityId: existing.id,
      summary: `${caller.name} removed ${existing.name}, ${roleWords(existing.team, existing.role)}, from the workspace`,
      before: { name: existing.name, email: existing.email, team: existing.team, role: existing.role },
      after: null,
    });
    return existing;
  });
  forgetMemberships();
  return existing;
}

const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");

function presentInvitation(row: typeof invitations.$inferSelect) {
  const status = row.acceptedAt
    ? "accepted"
    : row.revokedAt
      ? "revoked"
      : row.expiresAt.getTime() < Date.now()
        ? "expired"
        : "pending";
  return toJson({ ...row, status } as const);
}

export async function listInvitations(db: Db, caller: Caller) {
  const rows = await db
    .select()
    .from(invitations)
    .where(eq(invitations.workspaceId, caller.workspaceId))
    .orderBy(sql`${invitations.createdAt} desc`)
    .limit(200);
  return { items: rows.map(presentInvitation) };
}

export async function createInvitation(
  db: Db,
  caller: Caller,
  input: z.output<typeof createInvitationSchema>,
) {
  const [alreadyMember] = await db
    .select({ id: members.id })
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .where(
      and(
        eq(members.workspaceId, caller.workspaceId),
        eq(users.email, input.email),
        isNull(members.removedAt),
      ),
    );
  if (alreadyMember) throw conflict("This person is already a member of the workspace", "email");
  const secret = randomBytes(24).toString("base64url");
  const row = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(invitations)
      .values({
        workspaceId: caller.workspaceId,
        id: newId(),
        email: input.email,
        team: input.team,
        role: input.role,
        secretHash: hashSecret(secret),
        invitedBy: caller.memberId,
        expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
      })
      .returning();
    await recordAudit(tx, caller.workspaceId, caller, {
      action: "invitation.created",
      entityType: "invitation",
      entityId: row.id,
      summary: `${caller.name} invited ${row.email} to join as ${roleWords(row.team, row.role)}`,
      after: { email: row.email, team: row.team, role: row.role, expiresAt: row.expiresAt.toISOString() },
    });
    return row;
  });
  const token = `${caller.workspaceId}.${secret}`;
  return { ...presentInvitation(row), token, acceptUrl: `/invite?token=${encodeURIComponent(token)}` };
}

export async function revokeInvitation(db: Db, caller: Caller, invitationId: string) {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(invitations)
      .where(and(eq(invitations.workspaceId, caller.workspaceId), eq(invitations.id, invitationId)));
    const [row] = await tx
      .update(invitations)
      .set({ revokedAt: new Date(), updatedAt: new Date() })
      .where(
        and(
          eq(invitations.workspaceId, caller.workspaceId),
          eq(invitations.id, invitationId),
          isNull(invitations.acceptedAt),
        ),
      )
      .returning();
    if (!row || !before) throw notFound("Invitation");
    const wasStatus = presentInvitation(before).status;
    if (wasStatus !== "revoked")
      await recordAudit(tx, caller.workspaceId, caller, {
        action: "invitation.revoked",
        entityType: "invitation",
        entityId: row.id,
        summary: `${caller.name} revoked the invitation of ${row.email} (${roleWords(row.team, row.role)})`,
        before: { status: wasStatus },
        after: { status: "revoked" },
      });
    return presentInvitation(row);
  });
}

/** A pending, unexpired invitation for the token, or a 404 that does not tell which part was wrong. */
async function findPendingInvitation(db: Db, token: string) {
  const [workspaceId, secret] = token.split(".");
  const invalid = notFound("Invitation (it may have expired or been revoked)");
  if (!workspaceId || !secret || !/^[0-9a-f-]{36}$/.test(workspaceId)) throw invalid;
  const [row] = await db
    .select({ invitation: invitations, workspaceName: workspaces.name })
    .from(invitations)
    .innerJoin(workspaces, eq(workspaces.id, invitations.workspaceId))
    .where(
      and(
        eq(invitations.workspaceId, workspaceId),
        eq(invitations.secretHash, hashSecret(secret)),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, new Date()),
      ),
    );
  if (!row) throw invalid;
  return row;
}

export async function previewInvitation(db: Db, token: string) {
  const { invitation, workspaceName } = await findPendingInvitation(db, token);
  return { workspaceName, email: invitation.email, team: invitation.team, role: invitation.role };
}

export async function acceptInvitation(
  db: Db,
  user: { userId: string; email: string; name: string },
  token: string,
) {
  const { invitation } = await findPendingInvitation(db, token);
  if (invitation.email.toLowerCase() !== user.email.toLowerCase()) {
    throw forbidden(`This invitation is for ${invitation.email}; sign in with that email to accept it`);
  }
  await db.transaction(async (tx) => {
    const [member] = await tx
      .insert(members)
      .values({
        workspaceId: invitation.workspaceId,
        id: newId(),
        userId: user.userId,
        team: invitation.team,
        role: invitation.role,
      })
      .onConflictDoUpdate({
        target: [members.workspaceId, members.userId],
        set: { team: invitation.team, role: invitation.role, removedAt: null, updatedAt: new Date() },
      })
      .returning({ id: members.id });
    await tx
      .update(invitations)
      .set({ acceptedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(invitations.workspaceId, invitation.workspaceId), eq(invitations.id, invitation.id)));
    await recordAudit(
      tx,
      invitation.workspaceId,
      { memberId: member.id, name: user.name },
      {
        action: "member.joined",
        entityType: "member",
        entityId: member.id,
        summary: `${user.name} accepted the invitation for ${invitation.email} and joined as ${roleWords(invitation.team, invitation.role)}`,
        after: { email: invitation.email, team: invitation.team, role: invitation.role },
      },
    );
  });
  forgetMemberships();
  return getWorkspace(db, invitation.workspaceId);
}
