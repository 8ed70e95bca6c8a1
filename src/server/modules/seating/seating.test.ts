// The seating-plan mixer through the API: floors (create, edit, archive, validation), who may be seated (team
// and pod), plans generated on a hand-computed floor (alternating teams, a fixed seat, a chosen selection),
// plans kept and listed, and the refusals: bad input naming the field with nothing written, another workspace's
// ids (404), members without the lead role (403).
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows } from "../../db/client.js";
import { newId } from "../../lib/ids.js";
import { setupTestApp } from "../../testing/harness.js";

const t = setupTestApp();

/** A member of workspace A added straight to the database (a user who never signs in). */
async function addMember(name: string, team: "sales" | "marketing" | "revenue") {
  const userId = newId();
  await t.database.db.execute(
    sql`insert into users (id, name, email) values (${userId}, ${name}, ${`${userId}@example.com`})`,
  );
  const id = newId();
  await t.database.db.execute(sql`insert into members (workspace_id, id, user_id, team, role)
    values (${t.cast.admin.workspaceId}, ${id}, ${userId}, ${team}, 'member')`);
  return id;
}

async function count(table: "seating_floors" | "seating_plans") {
  const [row] = await queryRows<{ n: number }>(
    t.database.db,
    sql`select count(*)::int as n from ${sql.identifier(table)}`,
  );
  return row.n;
}

const tableOfFour = { name: "Second floor", areas: [{ label: "Table 1", kind: "table", seats: 4 }] };

/** Mia (marketing), Sam and Rey (sales) and Mo (marketing) in one pod; one table of four. */
async function fixture() {
  const mo = await addMember("Mo Marketer", "marketing");
  const { marketingLead, salesLead, rep } = t.cast;
  const pod = await t.as(salesLead).post("/api/pods", {
    name: "Mid-market",
    memberIds: [marketingLead.memberId, salesLead.memberId, rep.memberId, mo],
  });
  expect(pod.statusCode, pod.body).toBe(201);
  const floor = await t.as(marketingLead).post("/api/seating/floors", tableOfFour);
  expect(floor.statusCode, floor.body).toBe(201);
  return { mo, podId: pod.json().id as string, floorId: floor.json().id as string };
}

const names = (plan: { areas: { places: { name: string | null }[] }[] }) =>
  plan.areas.map((a) => a.places.map((p) => p.name));

describe("floors", () => {
  it("are created, read, listed, edited, archived and restored by leads", async () => {
    const { marketingLead, salesLead, rep } = t.cast;
    const created = await t.as(marketingLead).post("/api/seating/floors", {
      name: "Second floor",
      areas: [
        { label: "Table 1", kind: "table", seats: 6 },
        { label: "Window row", kind: "row", seats: 4 },
      ],
      fixedSeats: [{ memberId: rep.memberId, area: "window row", seat: 4 }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const floor = created.json();
    expect(floor).toMatchObject({
      name: "Second floor",
      seatCount: 10,
      planCount: 0,
      lastPlanAt: null,
      fixedSeats: [{ memberId: rep.memberId, area: "window row", seat: 4, name: "Rey Rep" }],
    });
    expect((await t.as(rep).get(`/api/seating/floors/${floor.id}`)).json()).toEqual(floor);
    const list = (await t.as(rep).get("/api/seating/floors")).json();
    expect(list).toMatchObject({ total: 1, items: [{ id: floor.id }] });

    const edited = await t.as(salesLead).patch(`/api/seating/floors/${floor.id}`, {
      name: "Floor 2",
      areas: [{ label: "Window row", kind: "row", seats: 5 }],
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ name: "Floor 2", seatCount: 5, fixedSeats: [{ seat: 4 }] });

    expect(
      (await t.as(salesLead).delete(`/api/seating/floors/${floor.id}`)).json().archivedAt,
    ).not.toBeNull();
    expect((await t.as(rep).get("/api/seating/floors")).json().items).toEqual([]);
    const planned = await t.as(salesLead).post(`/api/seating/floors/${floor.id}/plans`, {});
    expect(planned.statusCode).toBe(409);
    expect(
      (await t.as(salesLead).post(`/api/seating/floors/${floor.id}/restore`)).json().archivedAt,
    ).toBeNull();
  });

  it("refuses bad input naming the field, and writes nothing", async () => {
    const { marketingLead, rep, outsider } = t.cast;
    const post = (body: object) => t.as(marketingLead).post("/api/seating/floors", body);
    const field = async (body: object) => {
      const r = await post(body);
      expect(r.statusCode, r.body).toBe(400);
      return { path: r.json().error.details[0].path, message: r.json().error.details[0].message };
    };
    expect(await field({ name: "F", areas: [] })).toEqual({
      path: "areas",
      message: "needs at least one table or row",
    });
    expect((await field({ name: "F", areas: [{ label: "T", kind: "sofa", seats: 3 }] })).path).toBe(
      "areas.0.kind",
    );
    expect((await field({ name: "F", areas: [{ label: "T", kind: "table", seats: 0 }] })).path).toBe(
      "areas.0.seats",
    );
    expect(
      await field({
        name: "F",
        areas: [
          { label: "T", kind: "table", seats: 3 },
          { label: "t ", kind: "row", seats: 3 },
        ],
      }),
    ).toEqual({ path: "areas.1.label", message: '"t" names two tables or rows' });
    expect(
      await field({ ...tableOfFour, fixedSeats: [{ memberId: rep.memberId, area: "Table 2", seat: 1 }] }),
    ).toEqual({ path: "fixedSeats.0.area", message: 'names no table or row of this floor ("Table 2")' });
    expect(
      await field({ ...tableOfFour, fixedSeats: [{ memberId: rep.memberId, area: "Table 1", seat: 5 }] }),
    ).toEqual({ path: "fixedSeats.0.seat", message: "Table 1 has 4 seats: seat 5 does not exist" });
    expect(
      await field({
        ...tableOfFour,
        fixedSeats: [
          { memberId: rep.memberId, area: "Table 1", seat: 2 },
          { memberId: marketingLead.memberId, area: "Table 1", seat: 2 },
        ],
      }),
    ).toEqual({ path: "fixedSeats.1", message: "Table 1 seat 2 is fixed for two members" });
    expect(
      await field({
        ...tableOfFour,
        fixedSeats: [{ memberId: outsider.memberId, area: "Table 1", seat: 1 }],
      }),
    ).toEqual({ path: "fixedSeats.0.memberId", message: "is not a member of this workspace" });
    expect(await count("seating_floors")).toBe(0);

    // An edit that would leave a fixed seat off the floor is refused and changes nothing.
    const floor = (
      await post({ ...tableOfFour, fixedSeats: [{ memberId: rep.memberId, area: "Table 1", seat: 4 }] })
    ).json();
    const shrink = await t
      .as(marketingLead)
      .patch(`/api/seating/floors/${floor.id}`, { areas: [{ label: "Table 1", kind: "table", seats: 3 }] });
    expect(shrink.statusCode).toBe(400);
    expect(shrink.json().error.details[0]).toEqual({
      path: "fixedSeats.0.seat",
      message: "Table 1 has 3 seats: seat 4 does not exist",
    });
    expect((await t.as(rep).get(`/api/seating/floors/${floor.id}`)).json().seatCount).toBe(4);
  });

  it("are written by leads and admins only (403), and read by every member", async () => {
    const { rep, admin } = t.cast;
    const refused = await t.as(rep).post("/api/seating/floors", tableOfFour);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toBe("Only team leads and admins can create a floor");
    expect(await count("seating_floors")).toBe(0);
    const floor = (await t.as(admin).post("/api/seating/floors", tableOfFour)).json();
    expect((await t.as(rep).patch(`/api/seating/floors/${floor.id}`, { name: "Mine" })).statusCode).toBe(403);
    expect((await t.as(rep).delete(`/api/seating/floors/${floor.id}`)).statusCode).toBe(403);
    const plan = await t.as(rep).post(`/api/seating/floors/${floor.id}/plans`, {});
    expect(plan.statusCode).toBe(403);
    expect(plan.json().error.message).toBe("Only team leads and admins can generate a seating plan");
    expect(await count("seating_plans")).toBe(0);
    expect((await t.as(rep).get(`/api/seating/floors/${floor.id}`)).json().name).toBe("Second floor");
  });

  it("belong to their workspace: another workspace's floor and plan are 404", async () => {
    const { floorId } = await fixture();
    const plan = (await t.as(t.cast.salesLead).post(`/api/seating/floors/${floorId}/plans`, {})).json();
    const { outsider } = t.cast;
    expect((await t.as(outsider).get(`/api/seating/floors/${floorId}`)).statusCode).toBe(404);
    expect((await t.as(outsider).patch(`/api/seating/floors/${floorId}`, { name: "Ours" })).statusCode).toBe(
      404,
    );
    expect((await t.as(outsider).delete(`/api/seating/floors/${floorId}`)).statusCode).toBe(404);
    expect((await t.as(outsider).post(`/api/seating/floors/${floorId}/plans`, {})).statusCode).toBe(404);
    expect((await t.as(outsider).get(`/api/seating/floors/${floorId}/plans`)).statusCode).toBe(404);
    expect((await t.as(outsider).get(`/api/seating/plans/${plan.id}`)).statusCode).toBe(404);
    expect((await t.as(outsider).get("/api/seating/floors")).json().items).toEqual([]);
    expect(await count("seating_plans")).toBe(1);
  });
});

describe("seatable members", () => {
  it("are the workspace's members with their team and their first pod by name", async () => {
    const { marketingLead, salesLead } = t.cast;
    await t.as(salesLead).post("/api/pods", { name: "Zeta", memberIds: [salesLead.memberId] });
    await t.as(salesLead).post("/api/pods", { name: "Alpha", memberIds: [salesLead.memberId] });
    const items = (await t.as(t.cast.rep).get("/api/seating/members")).json().items;
    expect(
      items.map((m: { name: string; team: string; podName: string | null }) => [m.name, m.team, m.podName]),
    ).toEqual([
      ["Ada Admin", "revenue", null],
      ["Mia Marketing", "marketing", null],
      ["Rey Rep", "sales", null],
      ["Sam Sales", "sales", "Alpha"],
    ]);
    expect(items[1].id).toBe(marketingLead.memberId);
  });
});

describe("plans", () => {
  it("seat a pod of two sellers and two marketers alternating: 4 of 4 pairs cross-team, the pod whole", async () => {
    const { floorId, podId, mo } = await fixture();
    const { salesLead, marketingLead, rep } = t.cast;
    const made = await t.as(salesLead).post(`/api/seating/floors/${floorId}/plans`, {});
    expect(made.statusCode, made.body).toBe(201);
    const plan = made.json();
    // Everyone in sales and marketing (Ada is revenue), members in id order (the order they joined): seat 1 takes
    // the first team (marketing, tied 2-2), then the teams alternate: Mia, Sam, Mo, Rey.
    expect(names(plan)).toEqual([["Mia Marketing", "Sam Sales", "Mo Marketer", "Rey Rep"]]);
    expect(plan.areas[0].places.map((p: { memberId: string }) => p.memberId)).toEqual([
      marketingLead.memberId,
      salesLead.memberId,
      mo,
      rep.memberId,
    ]);
    expect(plan).toMatchObject({
      floorId,
      floorName: "Second floor",
      createdByName: "Sam Sales",
      memberCount: 4,
      seatCount: 4,
      neighbourPairs: 4,
      crossTeamPairs: 4,
      crossTeamShare: 1,
      crossTeamBound: 4,
      podCohesion: 1,
      podMembers: 4,
      podMembersAtMainArea: 4,
      teams: { sales: 2, marketing: 2, revenue: 0 },
      pods: [
        { podId, name: "Mid-market", members: 4, atMainArea: 4, mainArea: "Table 1", areas: ["Table 1"] },
      ],
      fixedSeats: [],
    });
    expect(plan.areas[0]).toMatchObject({ label: "Table 1", neighbourPairs: 4, crossTeamPairs: 4 });
    expect(plan.areas[0].places[0]).toEqual({
      seat: 1,
      memberId: marketingLead.memberId,
      name: "Mia Marketing",
      team: "marketing",
      podId,
      podName: "Mid-market",
      fixed: false,
    });
    // Kept: read back the same, and the floor counts it.
    expect((await t.as(rep).get(`/api/seating/plans/${plan.id}`)).json()).toEqual(plan);
    expect((await t.as(rep).get(`/api/seating/floors/${floorId}`)).json()).toMatchObject({
      planCount: 1,
      lastPlanAt: plan.createdAt,
    });
  });

  it("keep a fixed seat and mix around it; the floor's fixed seats apply by default", async () => {
    const { floorId } = await fixture();
    const { salesLead, rep } = t.cast;
    // Rey fixed at seat 1: seat 2 (after a seller) takes marketing (Mia), seat 3 sales (Sam), seat 4 (between a
    // seller and Rey) marketing (Mo).
    await t.as(salesLead).patch(`/api/seating/floors/${floorId}`, {
      fixedSeats: [{ memberId: rep.memberId, area: "Table 1", seat: 1 }],
    });
    const plan = (await t.as(salesLead).post(`/api/seating/floors/${floorId}/plans`, {})).json();
    expect(names(plan)).toEqual([["Rey Rep", "Mia Marketing", "Sam Sales", "Mo Marketer"]]);
    expect(plan.areas[0].places.map((p: { fixed: boolean }) => p.fixed)).toEqual([true, false, false, false]);
    expect(plan).toMatchObject({
      crossTeamPairs: 4,
      neighbourPairs: 4,
      fixedSeats: [{ memberId: rep.memberId, area: "Table 1", seat: 1, name: "Rey Rep" }],
    });
    // Fixed seats sent with the request replace the floor's for this plan: Sam and Rey side by side at seats 3
    // and 4 leave seats 1 and 2 to the marketers: S-S and M-M pairs, 2 of 4 cross-team.
    const sideBySide = (
      await t.as(salesLead).post(`/api/seating/floors/${floorId}/plans`, {
        fixedSeats: [
          { memberId: salesLead.memberId, area: "Table 1", seat: 3 },
          { memberId: rep.memberId, area: "Table 1", seat: 4 },
        ],
      })
    ).json();
    expect(names(sideBySide)).toEqual([["Mia Marketing", "Mo Marketer", "Sam Sales", "Rey Rep"]]);
    expect(sideBySide).toMatchObject({
      crossTeamPairs: 2,
      neighbourPairs: 4,
      crossTeamShare: 0.5,
      crossTeamBound: 4,
    });
  });

  it("seat the members chosen (and anyone fixed): an empty seat parts neighbours", async () => {
    const { floorId } = await fixture();
    const { salesLead, rep, admin } = t.cast;
    // Sam and Rey (one pod) and Ada (revenue, no pod) at a table of four: S R S and an empty seat: 2 of 2 pairs
    // cross-team; the bound is 2 (one person outside sales, two neighbours).
    const plan = (
      await t.as(salesLead).post(`/api/seating/floors/${floorId}/plans`, {
        memberIds: [rep.memberId, admin.memberId, salesLead.memberId],
      })
    ).json();
    expect(names(plan)).toEqual([["Sam Sales", "Ada Admin", "Rey Rep", null]]);
    expect(plan).toMatchObject({
      memberCount: 3,
      neighbourPairs: 2,
      crossTeamPairs: 2,
      crossTeamBound: 2,
      teams: { sales: 2, marketing: 0, revenue: 1 },
      podMembers: 2,
      podMembersAtMainArea: 2,
    });
  });

  it("are listed newest first in pages", async () => {
    const { floorId } = await fixture();
    const { salesLead, rep } = t.cast;
    const first = (await t.as(salesLead).post(`/api/seating/floors/${floorId}/plans`, {})).json();
    const second = (
      await t.as(salesLead).post(`/api/seating/floors/${floorId}/plans`, { memberIds: [rep.memberId] })
    ).json();
    const page = (await t.as(rep).get(`/api/seating/floors/${floorId}/plans?limit=1`)).json();
    expect(page).toMatchObject({ total: 2, items: [{ id: second.id, memberCount: 1, neighbourPairs: 0 }] });
    expect(page.items[0].crossTeamShare).toBeNull();
    const next = (
      await t.as(rep).get(`/api/seating/floors/${floorId}/plans?limit=1&cursor=${page.nextCursor}`)
    ).json();
    expect(next).toMatchObject({
      nextCursor: null,
      items: [{ id: first.id, crossTeamShare: 1, podCohesion: 1 }],
    });
  });

  it("refuse impossible seating naming the seat or how many seats are missing, and write nothing", async () => {
    const { floorId } = await fixture();
    const { salesLead, rep, marketingLead, outsider } = t.cast;
    const generate = async (body: object, floor = floorId) => {
      const r = await t.as(salesLead).post(`/api/seating/floors/${floor}/plans`, body);
      expect(r.statusCode, r.body).toBe(400);
      return { path: r.json().error.details[0].path, message: r.json().error.details[0].message };
    };
    const row = (
      await t
        .as(salesLead)
        .post("/api/seating/floors", { name: "Corner", areas: [{ label: "Row", kind: "row", seats: 2 }] })
    ).json();
    expect(await generate({}, row.id)).toEqual({
      path: "memberIds",
      message: "4 members to seat and the floor has 2 seats: 2 seats missing",
    });
    expect(await generate({ fixedSeats: [{ memberId: rep.memberId, area: "Table 9", seat: 1 }] })).toEqual({
      path: "fixedSeats.0.area",
      message: 'names no table or row of this floor ("Table 9")',
    });
    expect(
      await generate({
        fixedSeats: [
          { memberId: rep.memberId, area: "Table 1", seat: 2 },
          { memberId: marketingLead.memberId, area: "Table 1", seat: 2 },
        ],
      }),
    ).toEqual({ path: "fixedSeats.1", message: "Table 1 seat 2 is fixed for two members" });
    expect(await generate({ memberIds: [outsider.memberId] })).toEqual({
      path: "memberIds.0",
      message: "is not a member of this workspace",
    });
    expect(await generate({ memberIds: [rep.memberId, rep.memberId] })).toEqual({
      path: "memberIds",
      message: "lists the same member twice",
    });
    expect(await generate({ memberIds: ["nope"] })).toMatchObject({ path: "memberIds.0" });
    expect(await count("seating_plans")).toBe(0);
    expect((await t.as(rep).get(`/api/seating/plans/${newId()}`)).statusCode).toBe(404);
  });
});
