// Enablement across the teams: training (a team teaching its process), shadowing (a marketer on sales calls,
// a seller in campaign planning) and job rotation. A session is scheduled, then done (with each
// participant's rating and comment) or cancelled; coverage shows who has done each kind lately.
// Participants come from another team than the host team: the point is learning the other side's work.
import { type SQL, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import type { z } from "zod";
import { TEAMS, type Team } from "../../../shared/domain.js";
import {
  type Coverage,
  type completeEnablementSchema,
  type coverageQuerySchema,
  type createEnablementSchema,
  ENABLEMENT_KIND_LABELS,
  ENABLEMENT_KINDS,
  type EnablementSession,
  type enablementFeedbackSchema,
  type enablementListQuerySchema,
} from "../../../shared/rituals.js";
import { type Db, queryRows } from "../../db/client.js";
import type { Caller } from "../../lib/access.js";
import { recordAudit } from "../../lib/audit.js";
import { badRequest, conflict, forbidden, notFound } from "../../lib/errors.js";
import { newId, uuidArray } from "../../lib/ids.js";
import { decodeCursor, encodeCursor } from "../../lib/records.js";
import { workspaceTimeZone } from "../reports/report-filters.js";
import { dayOf, iso, membersById } from "./occurrences.js";

interface SessionRow {
  id: string;
  kind: EnablementSession["kind"];
  title: string;
  description: string;
  hostTeam: Team;
  hostMemberId: string | null;
  hostName: string | null;
  scheduledOn: string | Date;
  endsOn: string | Date | null;
  status: EnablementSession["status"];
  doneAt: string | Date | null;
  createdBy: string;
  createdAt: string | Date;
}

async function sessions(db: Db, ws: string, where: SQL, limit = 1): Promise<EnablementSession[]> {
  const rows = await queryRows<SessionRow>(
    db,
    sql`select s.id, s.kind, s.title, s.description, s.host_team as "hostTeam", s.host_member_id as "hostMemberId",
          u.name as "hostName", s.scheduled_on as "scheduledOn", s.ends_on as "endsOn", s.status,
          s.done_at as "doneAt", s.created_by as "createdBy", s.created_at as "createdAt"
        from enablement_sessions s
        left join members m on m.workspace_id = s.workspace_id and m.id = s.host_member_id
        left join users u on u.id = m.user_id
        where s.workspace_id = ${ws} and ${where}
        order by s.scheduled_on desc, s.id desc
        limit ${limit}`,
  );
  if (rows.length === 0) return [];
  const participants = await queryRows<{
    sessionId: string;
    memberId: string;
    name: string;
    team: Team;
    rating: number | null;
    comment: string;
    feedbackAt: string | Date | null;
  }>(
    db,
    sql`select p.session_id as "sessionId", p.member_id as "memberId", u.name, m.team, p.rating, p.comment,
          p.feedback_at as "feedbackAt"
        from enablement_participants p
        join members m on m.workspace_id = p.workspace_id and m.id = p.member_id
        join users u on u.id = m.user_id
        where p.workspace_id = ${ws} and p.session_id = any(${uuidArray(rows.map((r) => r.id))})
        order by u.name`,
  );
  return rows.map((r) => {
    const mine = participants
      .filter((p) => p.sessionId === r.id)
      .map(({ sessionId: _, ...p }) => ({ ...p, feedbackAt: iso(p.feedbackAt) }));
    const rated = mine.filter((p) => p.rating !== null);
    return {
      id: r.id,
      kind: r.kind,
      title: r.title,
      description: r.description,
      hostTeam: r.hostTeam,
      hostMemberId: r.hostMemberId,
      hostName: r.hostName,
      scheduledOn: dayOf(r.scheduledOn),
      endsOn: r.endsOn === null ? null : dayOf(r.endsOn),
      status: r.status,
      doneAt: iso(r.doneAt),
      participants: mine,
      averageRating:
        rated.length > 0
          ? Math.round((rated.reduce((n, p) => n + (p.rating ?? 0), 0) / rated.length) * 10) / 10
          : null,
      createdBy: r.createdBy,
      createdAt: iso(r.createdAt) as string,
    };
  });
}

export async function getEnablement(db: Db, caller: Caller, id: string) {
  const [row] = await sessions(db, caller.workspaceId, sql`s.id = ${id}::uuid`);
  if (!row) throw notFound("Enablement session");
  return row;
}

export async function listEnablement(
  db: Db,
  caller: Caller,
  query: z.output<typeof enablementListQuerySchema>,
) {
  const ws = caller.workspaceId;
  const filters: SQL[] = [sql`true`];
  if (query.kind) filters.push(sql`s.kind = ${query.kind}`);
  if (query.status) filters.push(sql`s.status = ${query.status}`);
  if (query.memberId)
    filters.push(sql`(s.host_member_id = ${query.memberId}::uuid or exists (select 1 from enablement_participants p
      where p.workspace_id = s.workspace_id and p.session_id = s.id and p.member_id = ${query.memberId}::uuid))`);
  const where = sql.join(filters, sql` and `);
  const page = [where];
  if (query.cursor) {
    const [value, id] = decodeCursor(query.cursor);
    if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value))
      throw badRequest("is not a cursor this API gave out", "cursor");
    page.push(sql`(s.scheduled_on, s.id) < (${value}::date, ${id}::uuid)`);
  }
  const rows = await sessions(db, ws, sql.join(page, sql` and `), query.limit + 1);
  const more = rows.length > query.limit;
  const items = more ? rows.slice(0, query.limit) : rows;
  const last = items.at(-1);
  const total = query.cursor
    ? undefined
    : (
        await queryRows<{ n: number }>(
          db,
          sql`select count(*)::int as n from enablement_sessions s where s.workspace_id = ${ws} and ${where}`,
        )
      )[0]?.n;
  return { items, nextCursor: more && last ? encodeCursor(last.scheduledOn, last.id) : null, total };
}

export async function createEnablement(
  db: Db,
  caller: Caller,
  input: z.output<typeof createEnablementSchema>,
) {
  const ws = caller.workspaceId;
  const ids = [...new Set(input.participantIds)];
  const found = await membersById(db, ws, [...ids, ...(input.hostMemberId ? [input.hostMemberId] : [])]);
  if (input.hostMemberId) {
    const host = found.get(input.hostMemberId);
    if (!host || host.removed) throw badRequest("is not a member of this workspace", "hostMemberId");
    if (host.team !== input.hostTeam)
      throw badRequest(`is on the ${host.team} team, not the host team (${input.hostTeam})`, "hostMemberId");
  }
  for (const id of ids) {
    const m = found.get(id);
    if (!m || m.removed) throw badRequest(`${id} is not a member of this workspace`, "participantIds");
    if (m.team === input.hostTeam)
      throw badRequest(
        `${m.name} is on the host team (${input.hostTeam}): participants learn another team's work`,
        "participantIds",
      );
  }
  const id = newId();
  await db.transaction(async (t) => {
    await t.execute(sql`insert into enablement_sessions (workspace_id, id, kind, title, description, host_team,
        host_member_id, scheduled_on, ends_on, created_by)
      values (${ws}, ${id}, ${input.kind}, ${input.title}, ${input.description}, ${input.hostTeam},
        ${input.hostMemberId ?? null}, ${input.scheduledOn}::date, ${input.endsOn ?? null}::date, ${caller.memberId})`);
    await t.execute(sql`insert into enablement_participants (workspace_id, session_id, member_id)
      select ${ws}, ${id}, x from unnest(${uuidArray(ids)}) x`);
    await recordAudit(t, ws, caller, {
      action: "enablement.scheduled",
      entityType: "enablement_session",
      entityId: id,
      summary: `${caller.name} scheduled ${ENABLEMENT_KIND_LABELS[input.kind].toLowerCase()} "${input.title}"`,
    });
  });
  return getEnablement(db, caller, id);
}

/** Who may mark a session done or cancel it (rule "enablement-organiser"). */
function checkOrganiser(caller: Caller, s: EnablementSession) {
  if (caller.role === "lead" || caller.role === "admin") return;
  if (s.createdBy === caller.memberId || s.hostMemberId === caller.memberId) return;
  if (s.participants.some((p) => p.memberId === caller.memberId)) return;
  throw forbidden(
    "Only whoever scheduled the session, its host, its participants, team leads and admins can do this",
  );
}

async function writeFeedback(
  db: Db,
  ws: string,
  sessionId: string,
  s: EnablementSession,
  feedback: { memberId: string; rating: number; comment: string }[],
) {
  for (const f of feedback)
    if (!s.participants.some((p) => p.memberId === f.memberId))
      throw badRequest(`${f.memberId} is not a participant of this session`, "memberId");
  for (const f of feedback)
    await db.execute(sql`update enablement_participants set rating = ${f.rating}, comment = ${f.comment},
        feedback_at = now()
      where workspace_id = ${ws} and session_id = ${sessionId}::uuid and member_id = ${f.memberId}::uuid`);
}

export async function completeEnablement(
  db: Db,
  caller: Caller,
  id: string,
  input: z.output<typeof completeEnablementSchema>,
  now = new Date(),
) {
  const ws = caller.workspaceId;
  const s = await getEnablement(db, caller, id);
  checkOrganiser(caller, s);
  if (s.status !== "scheduled") throw conflict(`This session is ${s.status} already`, "status");
  const feedback = input.feedback.map((f) => ({ ...f, comment: f.comment ?? "" }));
  await db.transaction(async (t) => {
    await writeFeedback(t, ws, id, s, feedback);
    await t.execute(sql`update enablement_sessions set status = 'done', done_at = ${now.toISOString()}::timestamptz,
        updated_at = now() where workspace_id = ${ws} and id = ${id}::uuid`);
    await recordAudit(t, ws, caller, {
      action: "enablement.done",
      entityType: "enablement_session",
      entityId: id,
      summary: `${caller.name} marked "${s.title}" done`,
    });
  });
  return getEnablement(db, caller, id);
}

export async function cancelEnablement(db: Db, caller: Caller, id: string) {
  const ws = caller.workspaceId;
  const s = await getEnablement(db, caller, id);
  checkOrganiser(caller, s);
  if (s.status !== "scheduled") throw conflict(`This session is ${s.status} already`, "status");
  await db.transaction(async (t) => {
    await t.execute(sql`update enablement_sessions set status = 'cancelled', updated_at = now()
      where workspace_id = ${ws} and id = ${id}::uuid`);
    await recordAudit(t, ws, caller, {
      action: "enablement.cancelled",
      entityType: "enablement_session",
      entityId: id,
      summary: `${caller.name} cancelled "${s.title}"`,
    });
  });
  return getEnablement(db, caller, id);
}

/** A participant gives (or changes) their own feedback on a done session; leads and admins record anyone's. */
export async function giveFeedback(
  db: Db,
  caller: Caller,
  id: string,
  input: z.output<typeof enablementFeedbackSchema>,
) {
  const s = await getEnablement(db, caller, id);
  const memberId = input.memberId ?? caller.memberId;
  if (memberId !== caller.memberId && caller.role !== "lead" && caller.role !== "admin")
    throw forbidden("Only team leads and admins can record another participant's feedback");
  if (s.status !== "done") throw conflict("Feedback is given once the session is done", "status");
  await writeFeedback(db, caller.workspaceId, id, s, [
    { memberId, rating: input.rating, comment: input.comment },
  ]);
  return getEnablement(db, caller, id);
}

/** Who has done each kind in the last `months` months (done sessions scheduled since), per member and team. */
export async function enablementCoverage(
  db: Db,
  caller: Caller,
  query: z.output<typeof coverageQuerySchema>,
  now = new Date(),
): Promise<Coverage> {
  const ws = caller.workspaceId;
  const tz = await workspaceTimeZone(db, ws);
  const since = DateTime.fromJSDate(now, { zone: tz }).minus({ months: query.months }).toISODate() as string;
  const rows = await queryRows<{
    memberId: string;
    name: string;
    team: Team;
    training: number;
    shadowing: number;
    rotation: number;
    hosted: number;
  }>(
    db,
    sql`select m.id as "memberId", u.name, m.team,
          ${sql.join(
            ENABLEMENT_KINDS.map(
              (k) => sql`(select count(*) from enablement_participants p
                join enablement_sessions s on s.workspace_id = p.workspace_id and s.id = p.session_id
                where p.workspace_id = m.workspace_id and p.member_id = m.id and s.kind = ${k}
                  and s.status = 'done' and s.scheduled_on >= ${since}::date)::int as ${sql.identifier(k)}`,
            ),
            sql`, `,
          )},
          (select count(*) from enablement_sessions s where s.workspace_id = m.workspace_id
            and s.host_member_id = m.id and s.status = 'done' and s.scheduled_on >= ${since}::date)::int as hosted
        from members m join users u on u.id = m.user_id
        where m.workspace_id = ${ws} and m.removed_at is null
        order by m.team, u.name`,
  );
  const members = rows.map((r) => ({
    memberId: r.memberId,
    name: r.name,
    team: r.team,
    done: { training: r.training, shadowing: r.shadowing, rotation: r.rotation },
    hosted: r.hosted,
    complete: r.training > 0 && r.shadowing > 0 && r.rotation > 0,
  }));
  const teams = TEAMS.map((team) => {
    const of = members.filter((m) => m.team === team);
    return {
      team,
      members: of.length,
      covered: {
        training: of.filter((m) => m.done.training > 0).length,
        shadowing: of.filter((m) => m.done.shadowing > 0).length,
        rotation: of.filter((m) => m.done.rotation > 0).length,
      },
      complete: of.filter((m) => m.complete).length,
    };
  }).filter((t) => t.members > 0);
  return { months: query.months, since, members, teams };
}
