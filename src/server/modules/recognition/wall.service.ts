// The recognition wall: kudos from any member to a member or a pod ("public appreciation beats money"),
// visible to the whole workspace, newest first in keyset pages; kudos across teams are counted and
// highlighted; shared wins post their celebration here. A weekly digest (in-app, and email when SMTP is
// configured) tells everyone what the wall said last week.
import { and, eq, isNull, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import type { z } from "zod";
import type { createKudosSchema, WallPage, WallPost, wallQuerySchema } from "../../../shared/recognition.js";
import { type Db, queryRows } from "../../db/client.js";
import { wallPosts } from "../../db/schema/index.js";
import type { Caller } from "../../lib/access.js";
import { recordAudit } from "../../lib/audit.js";
import { badRequest, forbidden, notFound } from "../../lib/errors.js";
import { newId } from "../../lib/ids.js";
import { cursorTime, decodeCursor, encodeCursor } from "../../lib/records.js";
import { notify } from "../notifications/notify.js";

const DAY = 86_400_000;

interface PostRow {
  id: string;
  kind: "kudos" | "celebration";
  fromId: string | null;
  fromName: string | null;
  fromTeam: "marketing" | "sales" | "revenue" | null;
  toMemberId: string | null;
  toMemberName: string | null;
  toMemberTeam: "marketing" | "sales" | "revenue" | null;
  toPodId: string | null;
  toPodName: string | null;
  message: string;
  opportunityId: string | null;
  opportunityName: string | null;
  campaignId: string | null;
  campaignName: string | null;
  playId: string | null;
  playName: string | null;
  playRunId: string | null;
  playRunStartDate: string | null;
  sharedWinId: string | null;
  crossTeam: boolean;
  createdAt: string | Date;
}

function present(r: PostRow): WallPost {
  return {
    id: r.id,
    kind: r.kind,
    from:
      r.fromId && r.fromName && r.fromTeam
        ? { memberId: r.fromId, name: r.fromName, team: r.fromTeam }
        : null,
    to: r.toMemberId
      ? { kind: "member", id: r.toMemberId, name: r.toMemberName ?? "A member", team: r.toMemberTeam }
      : r.toPodId
        ? { kind: "pod", id: r.toPodId, name: r.toPodName ?? "A pod", team: null }
        : null,
    message: r.message,
    opportunity: r.opportunityId ? { id: r.opportunityId, name: r.opportunityName ?? "A deal" } : null,
    campaign: r.campaignId ? { id: r.campaignId, name: r.campaignName ?? "A campaign" } : null,
    play: r.playId
      ? {
          id: r.playId,
          name: r.playName ?? "A play",
          runId: r.playRunId,
          runStartDate: r.playRunStartDate ? String(r.playRunStartDate).slice(0, 10) : null,
        }
      : null,
    sharedWinId: r.sharedWinId,
    crossTeam: r.crossTeam,
    createdAt: new Date(r.createdAt).toISOString(),
  };
}

const POST_COLUMNS = sql`w.id, w.kind, w.from_member_id as "fromId", fu.name as "fromName", fm.team as "fromTeam",
  w.to_member_id as "toMemberId", tu.name as "toMemberName", tm.team as "toMemberTeam",
  w.to_pod_id as "toPodId", p.name as "toPodName", w.message, w.opportunity_id as "opportunityId",
  o.name as "opportunityName", w.campaign_id as "campaignId", k.name as "campaignName",
  w.play_id as "playId", pl.name as "playName", w.play_run_id as "playRunId", pr.start_date::text as "playRunStartDate",
  w.shared_win_id as "sharedWinId", w.cross_team as "crossTeam", w.created_at as "createdAt"`;
const POST_JOINS = sql`left join members fm on fm.workspace_id = w.workspace_id and fm.id = w.from_member_id
  left join users fu on fu.id = fm.user_id
  left join members tm on tm.workspace_id = w.workspace_id and tm.id = w.to_member_id
  left join users tu on tu.id = tm.user_id
  left join pods p on p.workspace_id = w.workspace_id and p.id = w.to_pod_id
  left join opportunities o on o.workspace_id = w.workspace_id and o.id = w.opportunity_id
  left join campaigns k on k.workspace_id = w.workspace_id and k.id = w.campaign_id
  left join plays pl on pl.workspace_id = w.workspace_id and pl.id = w.play_id
  left join play_runs pr on pr.workspace_id = w.workspace_id and pr.id = w.play_run_id`;

/** Kudos of the last 7 days and how many crossed teams (the wall's header and the cockpit tile). */
export async function wallWeek(db: Db, ws: string, now: Date) {
  const [row] = await queryRows<{ kudos: number; crossTeam: number }>(
    db,
    sql`select count(*)::int as kudos, (count(*) filter (where cross_team))::int as "crossTeam"
        from wall_posts where workspace_id = ${ws} and kind = 'kudos' and removed_at is null
          and created_at >= ${new Date(now.getTime() - 7 * DAY).toISOString()}::timestamptz
          and created_at <= ${now.toISOString()}::timestamptz`,
  );
  return { kudos: row?.kudos ?? 0, crossTeam: row?.crossTeam ?? 0 };
}

export async function listWall(
  db: Db,
  caller: Caller,
  query: z.output<typeof wallQuerySchema>,
  now = new Date(),
): Promise<WallPage> {
  const ws = caller.workspaceId;
  let after = sql``;
  if (query.cursor) {
    const [value, id] = decodeCursor(query.cursor);
    after = sql`and (w.created_at, w.id) < (${cursorTime(value)}::timestamptz, ${id}::uuid)`;
  }
  const rows = await queryRows<PostRow>(
    db,
    sql`select ${POST_COLUMNS} from wall_posts w ${POST_JOINS}
        where w.workspace_id = ${ws} and w.removed_at is null
          ${query.crossTeam === undefined ? sql`` : sql`and w.cross_team = ${query.crossTeam}`}
          ${after}
        order by w.created_at desc, w.id desc
        limit ${query.limit + 1}`,
  );
  const more = rows.length > query.limit;
  const items = (more ? rows.slice(0, query.limit) : rows).map(present);
  const last = items.at(-1);
  return {
    items,
    nextCursor: more && last ? encodeCursor(last.createdAt, last.id) : null,
    week: await wallWeek(db, ws, now),
  };
}

export async function getPost(db: Db, ws: string, id: string): Promise<WallPost> {
  const [row] = await queryRows<PostRow>(
    db,
    sql`select ${POST_COLUMNS} from wall_posts w ${POST_JOINS}
        where w.workspace_id = ${ws} and w.id = ${id}::uuid and w.removed_at is null`,
  );
  if (!row) throw notFound("Wall post");
  return present(row);
}

/** Gives kudos: to a member (not yourself) or a pod; the recipients are told. */
export async function giveKudos(
  db: Db,
  caller: Caller,
  input: z.output<typeof createKudosSchema>,
  now = new Date(),
): Promise<WallPost> {
  const ws = caller.workspaceId;
  if (input.toMemberId === caller.memberId)
    throw badRequest("kudos go to someone else: thank a colleague or a pod", "toMemberId");
  const id = newId();
  await db.transaction(async (t) => {
    // The recipients and their teams; whether the kudos cross teams (a pod: any member of another team).
    let recipients: { id: string; team: string }[] = [];
    let toName = "";
    if (input.toMemberId) {
      const found = await queryRows<{ id: string; team: string; name: string }>(
        t,
        sql`select m.id, m.team::text as team, u.name from members m join users u on u.id = m.user_id
            where m.workspace_id = ${ws} and m.id = ${input.toMemberId}::uuid and m.removed_at is null`,
      );
      if (found.length === 0) throw badRequest("is not a member of this workspace", "toMemberId");
      recipients = found;
      toName = found[0].name;
    } else {
      const [pod] = await queryRows<{ name: string }>(
        t,
        sql`select name from pods where workspace_id = ${ws} and id = ${input.toPodId}::uuid and archived_at is null`,
      );
      if (!pod) throw badRequest("is not a pod of this workspace", "toPodId");
      toName = pod.name;
      recipients = await queryRows<{ id: string; team: string }>(
        t,
        sql`select m.id, m.team::text as team from pod_members pm
            join members m on m.workspace_id = pm.workspace_id and m.id = pm.member_id and m.removed_at is null
            where pm.workspace_id = ${ws} and pm.pod_id = ${input.toPodId}::uuid`,
      );
    }
    if (input.opportunityId) {
      const [deal] = await queryRows<{ id: string }>(
        t,
        sql`select id from opportunities where workspace_id = ${ws} and id = ${input.opportunityId}::uuid`,
      );
      if (!deal) throw badRequest("is not a deal of this workspace", "opportunityId");
    }
    if (input.campaignId) {
      const [campaign] = await queryRows<{ id: string }>(
        t,
        sql`select id from campaigns where workspace_id = ${ws} and id = ${input.campaignId}::uuid`,
      );
      if (!campaign) throw badRequest("is not a campaign of this workspace", "campaignId");
    }
    // A run names its play; a play given with a run must be that run's.
    let playId = input.playId ?? null;
    if (input.playRunId) {
      const [run] = await queryRows<{ playId: string }>(
        t,
        sql`select play_id as "playId" from play_runs where workspace_id = ${ws} and id = ${input.playRunId}::uuid`,
      );
      if (!run) throw badRequest("is not a play run of this workspace", "playRunId");
      if (playId && playId !== run.playId)
        throw badRequest("is a run of another play than playId", "playRunId");
      playId = run.playId;
    } else if (playId) {
      const [play] = await queryRows<{ id: string }>(
        t,
        sql`select id from plays where workspace_id = ${ws} and id = ${playId}::uuid`,
      );
      if (!play) throw badRequest("is not a play of this workspace", "playId");
    }
    const crossTeam = recipients.some((r) => r.team !== caller.team && r.id !== caller.memberId);
    await t.insert(wallPosts).values({
      workspaceId: ws,
      id,
      kind: "kudos",
      fromMemberId: caller.memberId,
      toMemberId: input.toMemberId ?? null,
      toPodId: input.toPodId ?? null,
      message: input.message,
      opportunityId: input.opportunityId ?? null,
      campaignId: input.campaignId ?? null,
      playId,
      playRunId: input.playRunId ?? null,
      crossTeam,
      createdAt: now,
    });
    await notify(
      t,
      ws,
      [
        {
          kind: "kudos.received",
          title: input.toPodId
            ? `${caller.name} gave your pod ${toName} kudos`
            : `${caller.name} gave you kudos`,
          body: input.message,
          link: "/wall",
          recipients: recipients.map((r) => r.id).filter((r) => r !== caller.memberId),
          data: { postId: id, crossTeam },
        },
      ],
      now,
    );
  });
  return getPost(db, ws, id);
}

/** Takes a post off the wall: its author, or an admin (moderation). Audited. */
export async function removePost(db: Db, caller: Caller, id: string, now = new Date()) {
  const ws = caller.workspaceId;
  const post = await getPost(db, ws, id);
  if (post.from?.memberId !== caller.memberId && caller.role !== "admin")
    throw forbidden("Only the author of kudos or an admin can take them off the wall");
  await db.transaction(async (t) => {
    await t
      .update(wallPosts)
      .set({ removedAt: now })
      .where(and(eq(wallPosts.workspaceId, ws), eq(wallPosts.id, id), isNull(wallPosts.removedAt)));
    await recordAudit(t, ws, caller, {
      action: "wall.post.removed",
      entityType: "wall_post",
      entityId: id,
      summary: `${caller.name} took a post by ${post.from?.name ?? "Lockstep"} off the wall`,
      before: { message: post.message },
    });
  });
  return { ok: true as const };
}

/** The celebration of a shared win, posted by Lockstep (inside the caller's transaction). */
export async function postCelebration(
  db: Db,
  ws: string,
  win: { id: string; message: string },
  at: Date,
): Promise<string> {
  const id = newId();
  await db.insert(wallPosts).values({
    workspaceId: ws,
    id,
    kind: "celebration",
    message: win.message,
    sharedWinId: win.id,
    crossTeam: true,
    createdAt: at,
  });
  return id;
}

// ---------------------------------------------------------------------------------------------------------
// The weekly digest.

/** Monday of the week before the one `now` is in, in the workspace's time zone, and the next Monday. */
export function lastWeek(timeZone: string, now: Date) {
  const thisMonday = DateTime.fromJSDate(now, { zone: timeZone }).startOf("week");
  const monday = thisMonday.minus({ weeks: 1 });
  return {
    weekStart: monday.toISODate() as string,
    start: monday.toJSDate(),
    end: thisMonday.toJSDate(),
    label: `${monday.setLocale("en-US").toFormat("d LLL")} to ${thisMonday.minus({ days: 1 }).setLocale("en-US").toFormat("d LLL yyyy")}`,
  };
}

/** What the digest says: the week's kudos, the cross-team ones first, and the celebrations. */
export async function digestOf(db: Db, ws: string, start: Date, end: Date) {
  const rows = await queryRows<PostRow>(
    db,
    sql`select ${POST_COLUMNS} from wall_posts w ${POST_JOINS}
        where w.workspace_id = ${ws} and w.removed_at is null
          and w.created_at >= ${start.toISOString()}::timestamptz and w.created_at < ${end.toISOString()}::timestamptz
        order by w.kind desc, w.cross_team desc, w.created_at, w.id`,
  );
  const posts = rows.map(present);
  const kudos = posts.filter((p) => p.kind === "kudos");
  const cross = kudos.filter((p) => p.crossTeam).length;
  const lines = posts
    .slice(0, 10)
    .map((p) =>
      p.kind === "celebration"
        ? `- Everybody won: ${p.message}`
        : `- ${p.from?.name ?? "Someone"} to ${p.to?.name ?? "someone"}${p.crossTeam ? " (across teams)" : ""}: "${p.message}"`,
    );
  if (posts.length > 10) lines.push(`and ${posts.length - 10} more on the wall`);
  return { posts: posts.length, kudos: kudos.length, crossTeam: cross, lines };
}

/**
 * Sends last week's digest to every member of each workspace that has not had it yet: one row in
 * wall_digests per workspace and week claims it (a second server, or a second run, finds it taken).
 * A week without posts is recorded but not sent. Returns how many workspaces were sent a digest.
 */
export async function sendWeeklyDigests(db: Db, now = new Date(), onlyWorkspace?: string): Promise<number> {
  const workspaces = await queryRows<{ id: string; tz: string }>(
    db,
    sql`select id, time_zone as tz from workspaces ${onlyWorkspace ? sql`where id = ${onlyWorkspace}::uuid` : sql``}`,
  );
  let sent = 0;
  for (const w of workspaces) {
    const week = lastWeek(w.tz, now);
    const done = await db.transaction(async (t) => {
      // Claim the week first: only the claimant reads and sends it.
      const claimed = await queryRows<{ weekStart: string }>(
        t,
        sql`insert into wall_digests (workspace_id, week_start, posts, sent_at)
            values (${w.id}, ${week.weekStart}::date, 0, ${now.toISOString()}::timestamptz)
            on conflict do nothing returning week_start as "weekStart"`,
      );
      if (claimed.length === 0) return false;
      const digest = await digestOf(t, w.id, week.start, week.end);
      if (digest.posts === 0) return false;
      await t.execute(
        sql`update wall_digests set posts = ${Math.min(digest.posts, 32_000)}
            where workspace_id = ${w.id} and week_start = ${week.weekStart}::date`,
      );
      const everyone = await queryRows<{ id: string }>(
        t,
        sql`select id from members where workspace_id = ${w.id} and removed_at is null`,
      );
      await notify(
        t,
        w.id,
        [
          {
            kind: "wall.digest",
            title: `The wall last week: ${digest.kudos} kudos, ${digest.crossTeam} across teams`,
            body: [`What the revenue team said, ${week.label}:`, ...digest.lines].join("\n"),
            link: "/wall",
            recipients: everyone.map((m) => m.id),
            data: { weekStart: week.weekStart, kudos: digest.kudos, crossTeam: digest.crossTeam },
          },
        ],
        now,
      );
      return true;
    });
    if (done) sent++;
  }
  return sent;
}
