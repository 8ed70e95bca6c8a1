// The recognition wall: kudos to a member or a pod (cross-team ones marked and counted), pages, removal by
// the author or an admin, bad input, other workspaces, and the weekly digest sent once per week.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows } from "../../db/client.js";
import { playRuns, plays, podMembers, pods, wallPosts } from "../../db/schema/index.js";
import { newId } from "../../lib/ids.js";
import { setupTestApp } from "../../testing/harness.js";
import { sendWeeklyDigests } from "./wall.service.js";

const t = setupTestApp();

describe("kudos", () => {
  it("go to a member or a pod, visible to everyone, cross-team ones marked and counted", async () => {
    const db = t.database.db;
    const ws = t.cast.admin.workspaceId;
    const pod = newId();
    await db.insert(pods).values({ workspaceId: ws, id: pod, name: "North" });
    await db.insert(podMembers).values([
      { workspaceId: ws, podId: pod, memberId: t.cast.rep.memberId },
      { workspaceId: ws, podId: pod, memberId: t.cast.marketingLead.memberId },
    ]);
    const cross = await t.as(t.cast.marketingLead).post("/api/wall/kudos", {
      toMemberId: t.cast.rep.memberId,
      message: "Called every webinar lead within the hour",
    });
    expect(cross.statusCode).toBe(200);
    expect(cross.json()).toMatchObject({
      kind: "kudos",
      crossTeam: true,
      from: { memberId: t.cast.marketingLead.memberId, team: "marketing" },
      to: { kind: "member", id: t.cast.rep.memberId, team: "sales" },
    });
    const same = await t
      .as(t.cast.salesLead)
      .post("/api/wall/kudos", { toMemberId: t.cast.rep.memberId, message: "Closed Acme" });
    expect(same.json().crossTeam).toBe(false);
    // A pod with a marketer in it: kudos from sales cross teams.
    const toPod = await t
      .as(t.cast.salesLead)
      .post("/api/wall/kudos", { toPodId: pod, message: "Best quarter yet" });
    expect(toPod.json()).toMatchObject({ crossTeam: true, to: { kind: "pod", name: "North" } });

    const wall = (await t.as(t.cast.admin).get("/api/wall")).json();
    expect(wall.items.map((p: { id: string }) => p.id)).toEqual([
      toPod.json().id,
      same.json().id,
      cross.json().id,
    ]);
    expect(wall.week).toEqual({ kudos: 3, crossTeam: 2 });
    const onlyCross = (await t.as(t.cast.admin).get("/api/wall?crossTeam=true")).json();
    expect(onlyCross.items).toHaveLength(2);
    // Pages: newest first, the cursor carries on.
    const first = (await t.as(t.cast.admin).get("/api/wall?limit=2")).json();
    expect(first.items).toHaveLength(2);
    const second = (await t.as(t.cast.admin).get(`/api/wall?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.items.map((p: { id: string }) => p.id)).toEqual([cross.json().id]);
    expect(second.nextCursor).toBeNull();
    // The recipients are told (the pod's members but not the giver).
    const told = await queryRows<{ memberId: string; title: string }>(
      db,
      sql`select member_id as "memberId", title from notifications where kind = 'kudos.received' order by created_at, title`,
    );
    expect(told.filter((n) => n.memberId === t.cast.rep.memberId)).toHaveLength(3);
    expect(told.filter((n) => n.memberId === t.cast.marketingLead.memberId).map((n) => n.title)).toEqual([
      `${t.users.salesLead.name} gave your pod North kudos`,
    ]);
  });

  it("name the play or the run of a play they are about", async () => {
    const db = t.database.db;
    const ws = t.cast.admin.workspaceId;
    const [play, other, run] = [newId(), newId(), newId()];
    await db.insert(plays).values([
      { workspaceId: ws, id: play, name: "Exec dinner", steps: [] },
      { workspaceId: ws, id: other, name: "Webinar follow-up", steps: [] },
    ]);
    await db.insert(playRuns).values({
      workspaceId: ws,
      id: run,
      playId: play,
      steps: [],
      startDate: "2026-11-02",
      endDate: "2026-11-30",
      startedAt: new Date("2026-11-02T09:00:00Z"),
    });
    const about = async (body: object) => {
      const res = await t.as(t.cast.marketingLead).post("/api/wall/kudos", {
        toMemberId: t.cast.rep.memberId,
        message: "Booked the CFO for the dinner",
        ...body,
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().play;
    };
    expect(await about({ playId: other })).toEqual({
      id: other,
      name: "Webinar follow-up",
      runId: null,
      runStartDate: null,
    });
    // A run names its play.
    expect(await about({ playRunId: run })).toEqual({
      id: play,
      name: "Exec dinner",
      runId: run,
      runStartDate: "2026-11-02",
    });
    const wall = (await t.as(t.cast.rep).get("/api/wall")).json();
    expect(wall.items.map((p: { play: { name: string } | null }) => p.play?.name)).toEqual([
      "Exec dinner",
      "Webinar follow-up",
    ]);
    // A run of another play than the one named, a play or run of no play of this workspace: refused.
    for (const [body, field] of [
      [{ playId: other, playRunId: run }, "playRunId"],
      [{ playId: newId() }, "playId"],
      [{ playRunId: newId() }, "playRunId"],
    ] as const) {
      const res = await t.as(t.cast.marketingLead).post("/api/wall/kudos", {
        toMemberId: t.cast.rep.memberId,
        message: "Thanks",
        ...body,
      });
      expect(res.statusCode).toBe(400);
      expect(JSON.stringify(res.json().error)).toContain(field);
    }
    // Another workspace's play is not this workspace's.
    const outsiderPlay = newId();
    await db
      .insert(plays)
      .values({ workspaceId: t.cast.outsider.workspaceId, id: outsiderPlay, name: "Theirs", steps: [] });
    const theirs = await t.as(t.cast.marketingLead).post("/api/wall/kudos", {
      toMemberId: t.cast.rep.memberId,
      message: "Thanks",
      playId: outsiderPlay,
    });
    expect(theirs.statusCode).toBe(400);
    const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from wall_posts`);
    expect(row.n).toBe(2);
  });

  it("refuses bad input naming the field, and writes nothing", async () => {
    const post = (body: object) => t.as(t.cast.rep).post("/api/wall/kudos", body);
    const cases: [object, string][] = [
      [{ toMemberId: t.cast.salesLead.memberId }, "message"],
      [{ toMemberId: t.cast.salesLead.memberId, message: "   " }, "message"],
      [{ message: "Thanks" }, "toMemberId"],
      [{ toMemberId: t.cast.salesLead.memberId, toPodId: newId(), message: "Thanks" }, "toPodId"],
      [{ toMemberId: t.cast.rep.memberId, message: "Me" }, "toMemberId"],
      [{ toMemberId: t.cast.outsider.memberId, message: "Thanks" }, "toMemberId"],
      [{ toPodId: newId(), message: "Thanks" }, "toPodId"],
      [{ toMemberId: t.cast.salesLead.memberId, message: "Thanks", opportunityId: newId() }, "opportunityId"],
      [{ toMemberId: t.cast.salesLead.memberId, message: "x".repeat(1001) }, "message"],
    ];
    for (const [body, field] of cases) {
      const res = await post(body);
      expect(res.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(JSON.stringify(res.json().error)).toContain(field);
    }
    const [row] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from wall_posts`,
    );
    expect(row.n).toBe(0);
  });

  it("come down by their author or an admin only; another workspace sees none of it", async () => {
    const post = (
      await t
        .as(t.cast.marketingLead)
        .post("/api/wall/kudos", { toMemberId: t.cast.rep.memberId, message: "Thanks" })
    ).json();
    expect((await t.as(t.cast.rep).delete(`/api/wall/${post.id}`)).statusCode).toBe(403);
    expect((await t.as(t.cast.outsider).delete(`/api/wall/${post.id}`)).statusCode).toBe(404);
    expect((await t.as(t.cast.outsider).get("/api/wall")).json()).toMatchObject({
      items: [],
      week: { kudos: 0 },
    });
    // Another workspace's member is no recipient here.
    expect(
      (
        await t
          .as(t.cast.outsider)
          .post("/api/wall/kudos", { toMemberId: t.cast.rep.memberId, message: "Hi" })
      ).statusCode,
    ).toBe(400);
    expect((await t.as(t.cast.admin).delete(`/api/wall/${post.id}`)).statusCode).toBe(200);
    expect((await t.as(t.cast.rep).get("/api/wall")).json().items).toEqual([]);
  });
});

describe("the weekly digest", () => {
  it("tells every member last week's kudos once, in-app (and by email when SMTP is configured)", async () => {
    const db = t.database.db;
    const ws = t.cast.admin.workspaceId;
    // Berlin: Monday 4 May 2026 to Sunday 10 May; the digest goes out from Monday 11 May.
    const at = (iso: string) => new Date(iso);
    await db.insert(wallPosts).values([
      {
        workspaceId: ws,
        id: newId(),
        kind: "kudos",
        fromMemberId: t.cast.marketingLead.memberId,
        toMemberId: t.cast.rep.memberId,
        message: "Fast follow-up",
        crossTeam: true,
        createdAt: at("2026-05-05T10:00:00Z"),
      },
      {
        workspaceId: ws,
        id: newId(),
        kind: "kudos",
        fromMemberId: t.cast.salesLead.memberId,
        toMemberId: t.cast.rep.memberId,
        message: "Great demo",
        crossTeam: false,
        createdAt: at("2026-05-08T10:00:00Z"),
      },
      // The week before and this week: not in the digest.
      {
        workspaceId: ws,
        id: newId(),
        kind: "kudos",
        fromMemberId: t.cast.salesLead.memberId,
        toMemberId: t.cast.rep.memberId,
        message: "Old",
        crossTeam: false,
        createdAt: at("2026-05-03T10:00:00Z"),
      },
      {
        workspaceId: ws,
        id: newId(),
        kind: "kudos",
        fromMemberId: t.cast.salesLead.memberId,
        toMemberId: t.cast.rep.memberId,
        message: "New",
        crossTeam: false,
        createdAt: at("2026-05-11T10:00:00Z"),
      },
    ]);
    const now = at("2026-05-11T12:00:00Z");
    expect(await sendWeeklyDigests(db, now, ws)).toBe(1);
    const digests = await queryRows<{ memberId: string; title: string; body: string }>(
      db,
      sql`select member_id as "memberId", title, body from notifications where kind = 'wall.digest' order by member_id`,
    );
    expect(digests.map((d) => d.memberId).sort()).toEqual(
      [t.cast.admin, t.cast.marketingLead, t.cast.salesLead, t.cast.rep].map((m) => m.memberId).sort(),
    );
    expect(digests[0].title).toBe("The wall last week: 2 kudos, 1 across teams");
    expect(digests[0].body).toContain("4 May to 10 May 2026");
    expect(digests[0].body).toContain(
      `${t.users.marketingLead.name} to ${t.users.rep.name} (across teams): "Fast follow-up"`,
    );
    expect(digests[0].body).not.toContain("Old");
    // The week is taken: a second run (or server) sends nothing.
    expect(await sendWeeklyDigests(db, at("2026-05-11T13:00:00Z"), ws)).toBe(0);
    // A week without posts is not sent; the other workspace had none.
    expect(await sendWeeklyDigests(db, now, t.cast.outsider.workspaceId)).toBe(0);
  });
});
