// Enablement through the API: scheduling training, shadowing and rotations (participants from another team
// than the host), filters and pages, marking done with feedback, cancelling, each participant's own feedback,
// coverage per member and team counted by hand; bad input, roles and other workspaces.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows } from "../../db/client.js";
import { setupTestApp } from "../../testing/harness.js";

const t = setupTestApp();

const training = (extra: object = {}) => ({
  kind: "training",
  title: "How marketing scores a lead",
  hostTeam: "marketing",
  hostMemberId: t.cast.marketingLead.memberId,
  scheduledOn: "2026-11-10",
  participantIds: [t.cast.rep.memberId, t.cast.salesLead.memberId],
  ...extra,
});

async function schedule(body: object, as = t.cast.rep) {
  const res = await t.as(as).post("/api/enablement", body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const count = async (table: string) =>
  (
    await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from ${sql.identifier(table)}`,
    )
  )[0].n;

describe("enablement sessions", () => {
  it("are scheduled, listed with filters and pages, marked done with feedback or cancelled", async () => {
    const { rep, salesLead, marketingLead } = t.cast;
    const s = await schedule(training());
    expect(s).toMatchObject({
      kind: "training",
      status: "scheduled",
      hostTeam: "marketing",
      hostName: "Mia Marketing",
      averageRating: null,
    });
    expect(s.participants.map((p: { name: string }) => p.name)).toEqual(["Rey Rep", "Sam Sales"]);
    const shadow = await schedule({
      kind: "shadowing",
      title: "Mia on discovery calls",
      hostTeam: "sales",
      hostMemberId: salesLead.memberId,
      scheduledOn: "2026-11-12",
      participantIds: [marketingLead.memberId],
    });
    const rotation = await schedule({
      kind: "rotation",
      title: "Rey plans the Q1 webinar",
      hostTeam: "marketing",
      scheduledOn: "2026-11-16",
      endsOn: "2026-11-20",
      participantIds: [rep.memberId],
    });
    expect(rotation).toMatchObject({ hostMemberId: null, endsOn: "2026-11-20" });

    const titles = async (q: string) =>
      (await t.as(rep).get(`/api/enablement${q}`)).json().items.map((x: { title: string }) => x.title);
    expect(await titles("")).toEqual([rotation.title, shadow.title, s.title]);
    expect(await titles("?kind=shadowing")).toEqual([shadow.title]);
    expect(await titles(`?memberId=${marketingLead.memberId}`)).toEqual([shadow.title, s.title]);
    const first = (await t.as(rep).get("/api/enablement?limit=2")).json();
    expect(first.total).toBe(3);
    const second = (await t.as(rep).get(`/api/enablement?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.items.map((x: { id: string }) => x.id)).toEqual([s.id]);

    const done = await t.as(marketingLead).post(`/api/enablement/${s.id}/complete`, {
      feedback: [{ memberId: rep.memberId, rating: 5, comment: "Now I see why the score says so" }],
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: "done", averageRating: 5 });
    const own = await t.as(salesLead).put(`/api/enablement/${s.id}/feedback`, { rating: 4 });
    expect(own.json().averageRating).toBe(4.5);
    expect(own.json().participants.find((p: { name: string }) => p.name === "Sam Sales")).toMatchObject({
      rating: 4,
      comment: "",
    });
    expect((await t.as(rep).post(`/api/enablement/${s.id}/complete`, {})).statusCode).toBe(409);
    expect((await t.as(rep).post(`/api/enablement/${rotation.id}/cancel`)).json().status).toBe("cancelled");
    expect(await titles("?status=cancelled")).toEqual([rotation.title]);
    expect((await t.as(rep).put(`/api/enablement/${rotation.id}/feedback`, { rating: 3 })).statusCode).toBe(
      409,
    );
  });

  it("refuse bad input naming the field, and write nothing", async () => {
    const { rep, outsider } = t.cast;
    const cases: [object, string][] = [
      [{ kind: "lunch" }, "kind"],
      [{ title: "" }, "title"],
      [{ hostTeam: "finance" }, "hostTeam"],
      [{ scheduledOn: "tomorrow" }, "scheduledOn"],
      [{ endsOn: "2026-11-01" }, "endsOn"],
      [{ participantIds: [] }, "participantIds"],
      [{ participantIds: [outsider.memberId] }, "participantIds"],
      [{ participantIds: [t.cast.marketingLead.memberId] }, "participantIds"],
      [{ hostMemberId: rep.memberId }, "hostMemberId"],
      [{ hostMemberId: outsider.memberId }, "hostMemberId"],
    ];
    for (const [body, field] of cases) {
      const res = await t.as(rep).post("/api/enablement", training(body));
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.json().error)).toContain(field);
    }
    expect(await count("enablement_sessions")).toBe(0);
    const s = await schedule(training());
    const bad = await t.as(rep).post(`/api/enablement/${s.id}/complete`, {
      feedback: [{ memberId: t.cast.marketingLead.memberId, rating: 5 }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain("memberId");
    const rating = await t.as(rep).post(`/api/enablement/${s.id}/complete`, {
      feedback: [{ memberId: rep.memberId, rating: 6 }],
    });
    expect(rating.statusCode).toBe(400);
    expect(JSON.stringify(rating.json().error)).toContain("rating");
    expect((await t.as(rep).get(`/api/enablement/${s.id}`)).json()).toMatchObject({ status: "scheduled" });
    expect((await t.as(rep).get("/api/enablement/coverage?months=0")).statusCode).toBe(400);
  });

  it("are closed by their organiser, host, participants, leads and admins; feedback is your own", async () => {
    const { rep, salesLead, marketingLead, outsider } = t.cast;
    const shadow = await schedule(
      {
        kind: "shadowing",
        title: "Mia on discovery calls",
        hostTeam: "sales",
        scheduledOn: "2026-11-12",
        participantIds: [marketingLead.memberId],
      },
      marketingLead,
    );
    // The rep neither scheduled, hosts nor takes part.
    expect((await t.as(rep).post(`/api/enablement/${shadow.id}/complete`, {})).statusCode).toBe(403);
    expect((await t.as(rep).post(`/api/enablement/${shadow.id}/cancel`)).statusCode).toBe(403);
    expect((await t.as(rep).get(`/api/enablement/${shadow.id}`)).json().status).toBe("scheduled");
    expect((await t.as(marketingLead).post(`/api/enablement/${shadow.id}/complete`, {})).statusCode).toBe(
      200,
    );
    // Another's feedback: a lead may record it, a member may not.
    const s = await schedule(training());
    await t.as(rep).post(`/api/enablement/${s.id}/complete`, {});
    const others = await t
      .as(rep)
      .put(`/api/enablement/${s.id}/feedback`, { memberId: salesLead.memberId, rating: 2 });
    expect(others.statusCode).toBe(403);
    const recorded = await t
      .as(marketingLead)
      .put(`/api/enablement/${s.id}/feedback`, { memberId: rep.memberId, rating: 4, comment: "Useful" });
    expect(recorded.statusCode, recorded.body).toBe(200);
    for (const [method, url] of [
      ["GET", `/api/enablement/${s.id}`],
      ["POST", `/api/enablement/${s.id}/cancel`],
      ["POST", `/api/enablement/${s.id}/complete`],
      ["PUT", `/api/enablement/${s.id}/feedback`],
    ] as const)
      expect((await t.as(outsider).send(method, url, { rating: 3 })).statusCode, url).toBe(404);
    expect((await t.as(outsider).get("/api/enablement")).json().items).toEqual([]);
  });

  it("coverage counts who did each kind in the window, per member and team", async () => {
    const { rep, salesLead, marketingLead } = t.cast;
    const today = new Date().toISOString().slice(0, 10);
    const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
    const done = async (body: object) => {
      const s = await schedule(body);
      await t.as(rep).post(`/api/enablement/${s.id}/complete`, {});
    };
    // The rep: training, shadowing and a rotation (complete); the sales lead: training only.
    await done(training({ scheduledOn: daysAgo(10) }));
    await done({
      kind: "shadowing",
      title: "Rey in campaign planning",
      hostTeam: "marketing",
      hostMemberId: marketingLead.memberId,
      scheduledOn: daysAgo(20),
      participantIds: [rep.memberId],
    });
    await done({
      kind: "rotation",
      title: "Rey in marketing for a week",
      hostTeam: "marketing",
      scheduledOn: daysAgo(40),
      participantIds: [rep.memberId],
    });
    // Outside a 1-month window, and one still scheduled: neither counts there.
    await done({
      kind: "shadowing",
      title: "Sam in campaign planning",
      hostTeam: "marketing",
      scheduledOn: daysAgo(100),
      participantIds: [salesLead.memberId],
    });
    await schedule({
      kind: "shadowing",
      title: "Mia on calls",
      hostTeam: "sales",
      scheduledOn: today,
      participantIds: [marketingLead.memberId],
    });
    const coverage = (await t.as(rep).get("/api/enablement/coverage?months=12")).json();
    const byName = Object.fromEntries(
      coverage.members.map((m: { name: string; done: object; hosted: number; complete: boolean }) => [
        m.name,
        { ...m.done, hosted: m.hosted, complete: m.complete },
      ]),
    );
    expect(byName["Rey Rep"]).toEqual({ training: 1, shadowing: 1, rotation: 1, hosted: 0, complete: true });
    expect(byName["Sam Sales"]).toEqual({
      training: 1,
      shadowing: 1,
      rotation: 0,
      hosted: 0,
      complete: false,
    });
    expect(byName["Mia Marketing"]).toEqual({
      training: 0,
      shadowing: 0,
      rotation: 0,
      hosted: 2,
      complete: false,
    });
    const sales = coverage.teams.find((x: { team: string }) => x.team === "sales");
    expect(sales).toEqual({
      team: "sales",
      members: 2,
      covered: { training: 2, shadowing: 2, rotation: 1 },
      complete: 1,
    });
    const recent = (await t.as(rep).get("/api/enablement/coverage?months=1")).json();
    const sam = recent.members.find((m: { name: string }) => m.name === "Sam Sales");
    expect(sam.done).toEqual({ training: 1, shadowing: 0, rotation: 0 });
    const rey = recent.members.find((m: { name: string }) => m.name === "Rey Rep");
    expect(rey.done).toEqual({ training: 1, shadowing: 1, rotation: 0 });
  });
});
