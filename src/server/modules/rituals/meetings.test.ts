// Joint meetings through the API: planning a series (both teams required), its occurrences in pages,
// attendance, notes and action items; the agenda's numbers equal what each report's route answers on a small
// fixture counted by hand; a held meeting's agenda stays as it was; open action items are carried over until
// done; the .ics invite parses as iCalendar; the Markdown export; bad input, roles and other workspaces.
import { sql } from "drizzle-orm";
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { queryRows } from "../../db/client.js";
import { newId } from "../../lib/ids.js";
import { joinWorkspace, setupTestApp } from "../../testing/harness.js";
import { agreeSla } from "../../testing/sla-fixtures.js";
import { person } from "../goals/goal-fixtures.js";

const t = setupTestApp();

const series = (extra: object = {}) => ({
  title: "Smarketing weekly",
  cadence: "weekly",
  weekday: 1,
  startTime: "10:00",
  durationMinutes: 45,
  startsOn: "2026-11-02",
  attendeeIds: [t.cast.marketingLead.memberId, t.cast.salesLead.memberId, t.cast.rep.memberId],
  ...extra,
});

async function plan(extra: object = {}) {
  const res = await t.as(t.cast.marketingLead).post("/api/meetings", series(extra));
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

describe("meeting series", () => {
  it("are planned with attendees of both teams, their first meeting planned with them", async () => {
    const s = await plan();
    expect(s).toMatchObject({
      title: "Smarketing weekly",
      cadence: "weekly",
      weekday: 1,
      timeZone: "Europe/Berlin",
      firstDate: "2026-11-02",
      schedule: "Every week on Monday at 10:00 (Europe/Berlin), 45 minutes",
      lastHeld: null,
    });
    expect(s.attendees.map((a: { name: string }) => a.name).sort()).toEqual([
      "Mia Marketing",
      "Rey Rep",
      "Sam Sales",
    ]);
    // 10:00 in Berlin on 2 November (winter time, UTC+1).
    expect(s.next).toMatchObject({
      date: "2026-11-02",
      startsAt: "2026-11-02T09:00:00.000Z",
      status: "scheduled",
    });
    // Starting on a Wednesday: the first Monday after it.
    const later = await plan({ startsOn: "2026-11-04", cadence: "monthly" });
    expect(later.firstDate).toBe("2026-11-09");
    expect(later.schedule).toBe("Every month on the second Monday at 10:00 (Europe/Berlin), 45 minutes");

    const list = await t.as(t.cast.rep).get("/api/meetings");
    expect(list.json().items).toHaveLength(2);
    expect((await t.as(t.cast.rep).get(`/api/meetings/${s.id}`)).json().id).toBe(s.id);

    expect((await t.as(t.cast.salesLead).delete(`/api/meetings/${later.id}`)).json()).toEqual({ ok: true });
    expect((await t.as(t.cast.rep).get("/api/meetings")).json().items).toHaveLength(1);
    expect((await t.as(t.cast.rep).get(`/api/meetings/${later.id}`)).statusCode).toBe(404);
  });

  it("refuse bad input naming the field, and write nothing", async () => {
    const outsider = t.cast.outsider.memberId;
    const cases: [object, string][] = [
      [{ title: " " }, "title"],
      [{ cadence: "daily" }, "cadence"],
      [{ weekday: 8 }, "weekday"],
      [{ startTime: "25:00" }, "startTime"],
      [{ durationMinutes: 5 }, "durationMinutes"],
      [{ startsOn: "2026-13-01" }, "startsOn"],
      [{ attendeeIds: [t.cast.salesLead.memberId, t.cast.rep.memberId] }, "attendeeIds"],
      [{ attendeeIds: [t.cast.salesLead.memberId, outsider] }, "attendeeIds"],
      [{ attendeeIds: ["nope"] }, "attendeeIds"],
    ];
    for (const [body, field] of cases) {
      const res = await t.as(t.cast.marketingLead).post("/api/meetings", series(body));
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.json().error.details ?? res.json().error.message)).toContain(field);
    }
    expect(await count("meeting_series")).toBe(0);
    expect(await count("meeting_occurrences")).toBe(0);
  });

  it("are planned and ended by team leads and admins only; another workspace's answer 404", async () => {
    const res = await t.as(t.cast.rep).post("/api/meetings", series());
    expect(res.statusCode).toBe(403);
    expect(await count("meeting_series")).toBe(0);
    const s = await plan();
    expect((await t.as(t.cast.rep).delete(`/api/meetings/${s.id}`)).statusCode).toBe(403);
    const outsider = t.as(t.cast.outsider);
    expect((await outsider.get(`/api/meetings/${s.id}`)).statusCode).toBe(404);
    expect((await outsider.delete(`/api/meetings/${s.id}`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/meetings/${s.id}/occurrences`)).statusCode).toBe(404);
    expect((await outsider.get("/api/meetings")).json().items).toEqual([]);
    for (const path of ["", "/agenda", "/invite.ics", "/agenda.md"])
      expect((await outsider.get(`/api/meeting-occurrences/${s.next.id}${path}`)).statusCode).toBe(404);
  });
});

describe("a meeting's record", () => {
  it("keeps attendance, notes and action items; holding plans the next meeting; occurrences come in pages", async () => {
    const s = await plan();
    const id = s.next.id;
    const { marketingLead, salesLead, rep } = t.cast;
    const attended = await t.as(rep).put(`/api/meeting-occurrences/${id}/attendance`, {
      presentMemberIds: [marketingLead.memberId, rep.memberId],
    });
    expect(attended.statusCode, attended.body).toBe(200);
    const marks = Object.fromEntries(
      attended.json().attendance.map((a: { name: string; present: boolean }) => [a.name, a.present]),
    );
    expect(marks).toEqual({ "Mia Marketing": true, "Rey Rep": true, "Sam Sales": false });
    expect(attended.json()).toMatchObject({ present: 2, absent: 1 });

    const noted = await t
      .as(marketingLead)
      .put(`/api/meeting-occurrences/${id}/notes`, { notes: "# Decisions\n- more webinars" });
    expect(noted.json()).toMatchObject({
      notes: "# Decisions\n- more webinars",
      notesUpdatedByName: "Mia Marketing",
    });

    const item = await t.as(rep).post(`/api/meeting-occurrences/${id}/action-items`, {
      text: "Write the ROI one-pager",
      ownerMemberId: marketingLead.memberId,
      dueDate: "2026-11-06",
    });
    expect(item.statusCode, item.body).toBe(201);
    expect(item.json()).toMatchObject({
      ownerName: "Mia Marketing",
      done: false,
      occurrenceDate: "2026-11-02",
    });
    const done = await t.as(salesLead).patch(`/api/action-items/${item.json().id}`, { done: true });
    expect(done.json()).toMatchObject({ done: true });
    expect(done.json().doneAt).not.toBeNull();

    const held = await t.as(rep).post(`/api/meeting-occurrences/${id}/hold`);
    expect(held.statusCode, held.body).toBe(200);
    expect(held.json()).toMatchObject({ status: "held", actionItemCount: 1, openActionItemCount: 0 });
    expect(held.json().nextId).not.toBeNull();
    expect((await t.as(rep).post(`/api/meeting-occurrences/${id}/hold`)).statusCode).toBe(409);
    const after = (await t.as(rep).get(`/api/meetings/${s.id}`)).json();
    expect(after.next).toMatchObject({ date: "2026-11-09", startsAt: "2026-11-09T09:00:00.000Z" });
    expect(after.lastHeld).toMatchObject({ id, date: "2026-11-02" });
    await t.as(rep).post(`/api/meeting-occurrences/${after.next.id}/hold`);

    const first = (await t.as(rep).get(`/api/meetings/${s.id}/occurrences?limit=2`)).json();
    expect(first.total).toBe(3);
    expect(first.items.map((o: { date: string }) => o.date)).toEqual(["2026-11-16", "2026-11-09"]);
    const second = (
      await t.as(rep).get(`/api/meetings/${s.id}/occurrences?limit=2&cursor=${first.nextCursor}`)
    ).json();
    expect(second.items.map((o: { date: string }) => o.date)).toEqual(["2026-11-02"]);
    expect(second.nextCursor).toBeNull();
    expect((await t.as(rep).get(`/api/meetings/${s.id}/occurrences?cursor=abc`)).statusCode).toBe(400);
  });

  it("refuses bad input naming the field, and writes nothing", async () => {
    const s = await plan();
    const id = s.next.id;
    const { rep, outsider, marketingLead } = t.cast;
    const cases: [string, string, object, string][] = [
      ["PUT", "attendance", { presentMemberIds: [outsider.memberId] }, "presentMemberIds"],
      ["PUT", "attendance", { presentMemberIds: "all" }, "presentMemberIds"],
      ["PUT", "notes", { notes: "x".repeat(20_001) }, "notes"],
      ["POST", "action-items", { text: "", ownerMemberId: rep.memberId, dueDate: "2026-11-06" }, "text"],
      [
        "POST",
        "action-items",
        { text: "A", ownerMemberId: outsider.memberId, dueDate: "2026-11-06" },
        "ownerMemberId",
      ],
      ["POST", "action-items", { text: "A", ownerMemberId: rep.memberId, dueDate: "soon" }, "dueDate"],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await t
        .as(marketingLead)
        .send(method as "PUT", `/api/meeting-occurrences/${id}/${path}`, body);
      expect(res.statusCode, `${path} ${JSON.stringify(body).slice(0, 80)}`).toBe(400);
      expect(JSON.stringify(res.json().error)).toContain(field);
    }
    expect(await count("meeting_attendance")).toBe(0);
    expect(await count("meeting_action_items")).toBe(0);
    const o = (await t.as(rep).get(`/api/meeting-occurrences/${id}`)).json();
    expect(o.notes).toBe("");
    const item = (
      await t.as(rep).post(`/api/meeting-occurrences/${id}/action-items`, {
        text: "A",
        ownerMemberId: rep.memberId,
        dueDate: "2026-11-06",
      })
    ).json();
    const bad = await t.as(rep).patch(`/api/action-items/${item.id}`, { ownerMemberId: outsider.memberId });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain("ownerMemberId");
    expect((await t.as(rep).patch(`/api/action-items/${item.id}`, { done: "yes" })).statusCode).toBe(400);
    expect((await t.as(rep).get(`/api/meeting-occurrences/${id}`)).json().actionItems[0]).toMatchObject({
      ownerMemberId: rep.memberId,
      done: false,
    });
  });

  it("is kept by sales and marketing, leads and admins: a revenue team member gets 403; another workspace 404", async () => {
    const s = await plan();
    const id = s.next.id;
    const { rep, outsider } = t.cast;
    // The outsider's user, also a plain member of the revenue team here.
    const ops = await joinWorkspace(t.database, t.users.outsider, rep.workspaceId, "revenue", "member");
    const item = (
      await t.as(rep).post(`/api/meeting-occurrences/${id}/action-items`, {
        text: "A",
        ownerMemberId: rep.memberId,
        dueDate: "2026-11-06",
      })
    ).json();
    const writes: [string, string, object?][] = [
      ["PUT", `/api/meeting-occurrences/${id}/attendance`, { presentMemberIds: [] }],
      ["PUT", `/api/meeting-occurrences/${id}/notes`, { notes: "x" }],
      [
        "POST",
        `/api/meeting-occurrences/${id}/action-items`,
        { text: "B", ownerMemberId: rep.memberId, dueDate: "2026-11-06" },
      ],
      ["PATCH", `/api/action-items/${item.id}`, { done: true }],
      ["POST", `/api/meeting-occurrences/${id}/hold`],
    ];
    for (const [method, url, body] of writes) {
      expect((await t.as(ops).send(method as "PUT", url, body)).statusCode, url).toBe(403);
      expect((await t.as(outsider).send(method as "PUT", url, body)).statusCode, url).toBe(404);
    }
    // Reading is everyone's.
    expect((await t.as(ops).get(`/api/meeting-occurrences/${id}`)).statusCode).toBe(200);
    const o = (await t.as(rep).get(`/api/meeting-occurrences/${id}`)).json();
    expect(o).toMatchObject({
      status: "scheduled",
      notes: "",
      present: 0,
      actionItemCount: 1,
      openActionItemCount: 1,
    });
  });
});

/** The fixture of the agenda test, counted by hand below; the period is 26 Oct to 2 Nov 2026 (Berlin). */
async function agendaFixture() {
  const ws = t.cast.admin.workspaceId;
  const db = t.database.db;
  await agreeSla(db, t.cast);
  const [version] = await queryRows<{ id: string }>(
    db,
    sql`select id from sla_versions where workspace_id = ${ws} and status = 'active'`,
  );
  // Funnel: three leads this period (two became MQLs), one lead the period before.
  const a = await person(db, ws, [
    ["lead", "2026-10-27T10:00:00Z"],
    ["mql", "2026-10-28T10:00:00Z"],
  ]);
  const b = await person(db, ws, [
    ["lead", "2026-10-27T11:00:00Z"],
    ["mql", "2026-10-29T10:00:00Z"],
  ]);
  await person(db, ws, [["lead", "2026-10-30T11:00:00Z"]]);
  const old = await person(db, ws, [["lead", "2026-10-20T11:00:00Z"]]);
  // SLA clocks started in the period: accept met and breached, first touch met.
  const clock = (contact: string, commitment: string, status: string, at: string) =>
    db.execute(sql`insert into sla_clocks (workspace_id, id, contact_id, sla_version_id, commitment, status, member_id,
        allowed_ms, started_at, owner_since, completed_at)
      values (${ws}, ${newId()}, ${contact}, ${version.id}, ${commitment}, ${status}, ${t.cast.rep.memberId},
        14400000, ${at}::timestamptz, ${at}::timestamptz, ${status === "met" ? at : null}::timestamptz)`);
  await clock(a, "accept", "met", "2026-10-28T10:00:00Z");
  await clock(b, "accept", "breached", "2026-10-29T10:00:00Z");
  await clock(a, "first_touch", "met", "2026-10-28T10:00:00Z");
  // Decisions: one accepted, two rejected as a bad fit and one as no budget in the period; one before it.
  const decide = (contact: string, decision: string, reason: string | null, at: string) =>
    db.execute(sql`insert into lead_decisions (workspace_id, id, contact_id, decision, reason, outcome, member_id, source, decided_at)
      values (${ws}, ${newId()}, ${contact}, ${decision}, ${reason}, 'sal', ${t.cast.rep.memberId}, 'web', ${at}::timestamptz)`);
  await decide(a, "accepted", null, "2026-10-28T12:00:00Z");
  await decide(b, "rejected", "bad_fit", "2026-10-29T12:00:00Z");
  await decide(b, "rejected", "bad_fit", "2026-10-30T12:00:00Z");
  await decide(a, "rejected", "no_budget", "2026-10-31T12:00:00Z");
  await decide(old, "rejected", "duplicate", "2026-10-20T12:00:00Z");
  // Objections: "Too expensive" twice (spacing aside) in the period, "No budget" before it.
  const object = (text: string, at: string) =>
    db.execute(sql`insert into objections (workspace_id, id, text, member_id, heard_at)
      values (${ws}, ${newId()}, ${text}, ${t.cast.rep.memberId}, ${at}::timestamptz)`);
  await object("Too expensive", "2026-10-27T09:00:00Z");
  await object("too  expensive ", "2026-10-30T09:00:00Z");
  await object("Setup takes too long", "2026-10-31T09:00:00Z");
  await object("No budget", "2026-10-21T09:00:00Z");
  // Content requests: two asked, one delivered.
  const asked = [];
  for (const title of ["CFO one-pager", "Security FAQ"])
    asked.push((await t.as(t.cast.rep).post("/api/content-requests", { title, need: "for deals" })).json());
  await t.as(t.cast.marketingLead).patch(`/api/content-requests/${asked[1].id}`, { status: "delivered" });
  // A goal of the marketing team for the quarter: 10 MQLs.
  const goal = await t.as(t.cast.marketingLead).post("/api/goals", {
    period: "2026-Q4",
    ownerKind: "team",
    team: "marketing",
    metric: "mqls",
    target: 10,
  });
  expect(goal.statusCode, goal.body).toBe(200);
}

describe("the agenda", () => {
  it("shows the reports' own numbers for the period since the last meeting", async () => {
    await agendaFixture();
    const s = await plan();
    const res = await t.as(t.cast.rep).get(`/api/meeting-occurrences/${s.next.id}/agenda`);
    expect(res.statusCode, res.body).toBe(200);
    const agenda = res.json();
    expect(agenda.state).toBe("live");
    expect(agenda.period).toEqual({
      from: "2026-10-26",
      to: "2026-11-02",
      previousFrom: "2026-10-19",
      previousTo: "2026-10-26",
      timeZone: "Europe/Berlin",
    });
    const get = async (url: string) => {
      const r = await t.as(t.cast.rep).get(url);
      expect(r.statusCode, r.body).toBe(200);
      return r.json();
    };

    // SLA compliance, both sides: the SLA report for the period by team.
    const sla = await get("/api/reports/sla-compliance?from=2026-10-26&to=2026-11-02&by=team");
    expect(agenda.sla.sales).toEqual(
      sla.sales[0].commitments.map(({ started: _, ...c }: { started: number }) => c),
    );
    const accept = agenda.sla.sales.find((c: { commitment: string }) => c.commitment === "accept");
    expect(accept).toMatchObject({ met: 1, breached: 1, compliance: 0.5 });
    expect(
      agenda.sla.sales.find((c: { commitment: string }) => c.commitment === "first_touch"),
    ).toMatchObject({
      met: 1,
      breached: 0,
      compliance: 1,
    });
    const { rejectionJudged: _, ...marketing } = sla.marketing;
    expect(agenda.sla.marketing).toEqual(marketing);
    expect(agenda.sla.marketing).toMatchObject({
      mqlsDelivered: 2,
      accepted: 1,
      rejected: 3,
      rejectionRate: 0.75,
    });

    // Funnel change: the funnel report of this period and of the one before.
    const now = await get("/api/reports/funnel?from=2026-10-26&to=2026-11-02");
    const before = await get("/api/reports/funnel?from=2026-10-19&to=2026-10-26");
    for (const f of agenda.funnel) {
      expect(f.current, f.stage).toBe(now.entered[f.stage]);
      expect(f.previous, f.stage).toBe(before.entered[f.stage]);
    }
    expect(agenda.funnel.slice(0, 2)).toEqual([
      { stage: "lead", label: expect.any(String), current: 3, previous: 1, change: 2 },
      { stage: "mql", label: expect.any(String), current: 2, previous: 0, change: 2 },
    ]);

    // Reject reasons: the lead feedback report since the period's first day (nothing was decided after it).
    const feedback = await get("/api/feedback/decisions?by=source&since=2026-10-26");
    const reasons = new Map<string, number>();
    for (const g of feedback.items)
      for (const r of g.reasons) reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + r.count);
    expect(
      agenda.rejectReasons.reasons.map((r: { reason: string; count: number }) => [r.reason, r.count]),
    ).toEqual([...reasons.entries()].sort((x, y) => y[1] - x[1]));
    expect(agenda.rejectReasons).toEqual({
      accepted: 1,
      rejected: 3,
      reasons: [
        { reason: "bad_fit", label: "Bad fit", count: 2 },
        { reason: "no_budget", label: "No budget", count: 1 },
      ],
    });

    // New objections: the objection log's entries heard in the period, grouped as its summary groups them.
    const log = await get("/api/objections");
    const inPeriod = log.items.filter(
      (o: { heardAt: string }) =>
        o.heardAt >= "2026-10-25T23:00:00.000Z" && o.heardAt < "2026-11-01T23:00:00.000Z",
    );
    expect(agenda.objections.reduce((n: number, o: { count: number }) => n + o.count, 0)).toBe(
      inPeriod.length,
    );
    const summary = await get("/api/objections/summary");
    expect(agenda.objections).toEqual([
      {
        personaName: "No persona",
        text: "Too expensive",
        count: 2,
        totalCount: summary.items.find((o: { text: string }) => o.text.toLowerCase().startsWith("too")).count,
        answered: false,
      },
      { personaName: "No persona", text: "Setup takes too long", count: 1, totalCount: 1, answered: false },
    ]);

    // Goal progress: the goals page of the meeting's quarter.
    const goals = await get("/api/goals?period=2026-Q4");
    expect(agenda.goals.period).toBe("2026-Q4");
    expect(agenda.goals.items).toEqual(
      goals.items.map(
        (g: {
          id: string;
          title: string;
          metric: string;
          unit: string;
          target: number;
          progress: { actual: number; share: number; hit: boolean };
        }) => ({
          id: g.id,
          title: g.title,
          metric: g.metric,
          unit: g.unit,
          target: g.target,
          actual: g.progress.actual,
          share: g.progress.share,
          hit: g.progress.hit,
        }),
      ),
    );
    expect(agenda.goals.items[0]).toMatchObject({ target: 10, actual: 2, share: 0.2, hit: false });

    // Open content requests: the content requests page's new and in-progress ones.
    const requests = await get("/api/content-requests");
    const open = requests.items.filter(
      (r: { status: string }) => r.status === "new" || r.status === "in_progress",
    );
    expect(agenda.contentRequests.map((r: { id: string }) => r.id)).toEqual(
      open.map((r: { id: string }) => r.id),
    );
    expect(agenda.contentRequests.map((r: { title: string }) => r.title)).toEqual(["CFO one-pager"]);
    expect(agenda.carriedOver).toEqual([]);
  });

  it("is frozen once the meeting is held, while the next one's stays live", async () => {
    await agendaFixture();
    const s = await plan();
    const id = s.next.id;
    const live = (await t.as(t.cast.rep).get(`/api/meeting-occurrences/${id}/agenda`)).json();
    await t.as(t.cast.rep).post(`/api/meeting-occurrences/${id}/hold`);
    // A late entry for the period: a new content request.
    await t.as(t.cast.rep).post("/api/content-requests", { title: "Pricing sheet", need: "now" });
    const frozen = (await t.as(t.cast.rep).get(`/api/meeting-occurrences/${id}/agenda`)).json();
    expect(frozen.state).toBe("frozen");
    expect({ ...frozen, state: "live", computedAt: "" }).toEqual({ ...live, computedAt: "" });
    expect(frozen.contentRequests).toHaveLength(1);
    const next = (await t.as(t.cast.rep).get(`/api/meetings/${s.id}`)).json().next;
    const nextAgenda = (await t.as(t.cast.rep).get(`/api/meeting-occurrences/${next.id}/agenda`)).json();
    expect(nextAgenda.state).toBe("live");
    expect(nextAgenda.period).toMatchObject({ from: "2026-11-02", to: "2026-11-09" });
    expect(nextAgenda.contentRequests.map((r: { title: string }) => r.title).sort()).toEqual([
      "CFO one-pager",
      "Pricing sheet",
    ]);
  });

  it("carries open action items over to the next meetings until they are done", async () => {
    const s = await plan();
    const { rep, marketingLead } = t.cast;
    const first = s.next.id;
    const add = (occurrence: string, text: string) =>
      t
        .as(rep)
        .post(`/api/meeting-occurrences/${occurrence}/action-items`, {
          text,
          ownerMemberId: marketingLead.memberId,
          dueDate: "2026-11-06",
        })
        .then((r) => r.json());
    const open = await add(first, "Fix the webinar form");
    const closed = await add(first, "Share the win story");
    await t.as(rep).patch(`/api/action-items/${closed.id}`, { done: true });
    await t.as(rep).post(`/api/meeting-occurrences/${first}/hold`);
    const second = (await t.as(rep).get(`/api/meeting-occurrences/${first}`)).json().nextId;
    const carried = async (id: string) =>
      (await t.as(rep).get(`/api/meeting-occurrences/${id}/agenda`))
        .json()
        .carriedOver.map((i: { text: string; occurrenceDate: string }) => `${i.text} (${i.occurrenceDate})`);
    expect(await carried(second)).toEqual(["Fix the webinar form (2026-11-02)"]);
    const own = await add(second, "Call back Initech");
    await t.as(rep).post(`/api/meeting-occurrences/${second}/hold`);
    const third = (await t.as(rep).get(`/api/meeting-occurrences/${second}`)).json().nextId;
    expect(await carried(third)).toEqual([
      "Fix the webinar form (2026-11-02)",
      "Call back Initech (2026-11-09)",
    ]);
    await t.as(rep).patch(`/api/action-items/${open.id}`, { done: true });
    expect(await carried(third)).toEqual(["Call back Initech (2026-11-09)"]);
    // The second meeting's agenda stays as it was when held.
    expect(await carried(second)).toEqual(["Fix the webinar form (2026-11-02)"]);
    await t.as(rep).patch(`/api/action-items/${own.id}`, { done: true });
    expect(await carried(third)).toEqual([]);
  });
});

describe("exports", () => {
  it("an .ics invite: one recurring event in the workspace's time zone, with every attendee and a stable UID", async () => {
    const s = await plan();
    const res = await t.as(t.cast.rep).get(`/api/meeting-occurrences/${s.next.id}/invite.ics`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toContain("text/calendar");
    expect(res.headers["content-disposition"]).toContain("smarketing-weekly-2026-11-02.ics");
    expect(res.body).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(res.body.split("\r\n").every((line) => line.length <= 75)).toBe(true);
    const calendar = new ICAL.Component(ICAL.parse(res.body));
    expect(calendar.name).toBe("vcalendar");
    expect(calendar.getFirstSubcomponent("vtimezone")?.getFirstPropertyValue("tzid")).toBe("Europe/Berlin");
    const event = calendar.getFirstSubcomponent("vevent");
    expect(event).not.toBeNull();
    const uid = event?.getFirstPropertyValue("uid");
    expect(uid).toBe(`meeting-series-${s.id}@lockstep`);
    expect(event?.getFirstPropertyValue("summary")).toBe("Smarketing weekly");
    const start = event?.getFirstProperty("dtstart");
    expect(start?.getParameter("tzid")).toBe("Europe/Berlin");
    expect(String(start?.getFirstValue())).toBe("2026-11-02T10:00:00");
    expect(String(event?.getFirstPropertyValue("dtend"))).toBe("2026-11-02T10:45:00");
    const rule = event?.getFirstPropertyValue("rrule") as ICAL.Recur;
    expect(rule.freq).toBe("WEEKLY");
    expect(rule.parts.BYDAY).toEqual(["MO"]);
    const emails = event
      ?.getAllProperties("attendee")
      .map((a) => String(a.getFirstValue()).replace(/^mailto:/i, ""))
      .sort();
    expect(emails).toEqual([t.cast.marketingLead.email, t.cast.salesLead.email, t.cast.rep.email].sort());
    // The next meeting's invite is the same event (same UID), from its own day on.
    await t.as(t.cast.rep).post(`/api/meeting-occurrences/${s.next.id}/hold`);
    const next = (await t.as(t.cast.rep).get(`/api/meetings/${s.id}`)).json().next;
    const again = new ICAL.Component(
      ICAL.parse((await t.as(t.cast.rep).get(`/api/meeting-occurrences/${next.id}/invite.ics`)).body),
    ).getFirstSubcomponent("vevent");
    expect(again?.getFirstPropertyValue("uid")).toBe(uid);
    expect(String(again?.getFirstPropertyValue("dtstart"))).toBe("2026-11-09T10:00:00");
  });

  it("monthly and biweekly series say so in their rule", async () => {
    const monthly = await plan({ cadence: "monthly", weekday: 2, startsOn: "2026-12-29" });
    const rule = (body: string) =>
      String(
        new ICAL.Component(ICAL.parse(body)).getFirstSubcomponent("vevent")?.getFirstPropertyValue("rrule"),
      );
    const m = await t.as(t.cast.rep).get(`/api/meeting-occurrences/${monthly.next.id}/invite.ics`);
    expect(rule(m.body)).toBe("FREQ=MONTHLY;BYDAY=-1TU");
    const biweekly = await plan({ cadence: "biweekly", weekday: 5 });
    const b = await t.as(t.cast.rep).get(`/api/meeting-occurrences/${biweekly.next.id}/invite.ics`);
    expect(rule(b.body)).toBe("FREQ=WEEKLY;INTERVAL=2;BYDAY=FR");
  });

  it("the meeting as Markdown: agenda, attendance, notes and action items", async () => {
    await agendaFixture();
    const s = await plan();
    const id = s.next.id;
    const { rep, marketingLead } = t.cast;
    await t.as(rep).put(`/api/meeting-occurrences/${id}/attendance`, { presentMemberIds: [rep.memberId] });
    await t.as(rep).put(`/api/meeting-occurrences/${id}/notes`, { notes: "We agreed to | pipe carefully." });
    await t.as(rep).post(`/api/meeting-occurrences/${id}/action-items`, {
      text: "Send the pricing sheet",
      ownerMemberId: marketingLead.memberId,
      dueDate: "2026-11-06",
    });
    const res = await t.as(rep).get(`/api/meeting-occurrences/${id}/agenda.md`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toContain("text/markdown");
    expect(res.headers["content-disposition"]).toContain("smarketing-weekly-2026-11-02.md");
    const md = res.body;
    expect(md).toContain("# Smarketing weekly: 2026-11-02");
    expect(md).toContain("period 2026-10-26 to 2026-11-02");
    expect(md).toContain("Monday 2 November 2026, 10:00 (Europe/Berlin), 45 minutes. Planned.");
    expect(md).toContain("| Accept or reject | 1 | 1 | 0 | 50% (too few to judge) |");
    expect(md).toContain("- MQLs delivered: 2 of");
    expect(md).toMatch(/\| Lead \| 3 \| 1 \| \+2 \|/);
    expect(md).toContain("- Bad fit: 2");
    expect(md).toContain('- "Too expensive" (No persona): 2 in the period');
    expect(md).toContain("| Marketing team: MQLs | 2 | 10 | 20% |");
    expect(md).toContain("- CFO one-pager (new)");
    expect(md).toContain("- Rey Rep (sales): present");
    expect(md).toContain("- Sam Sales (sales): absent");
    expect(md).toContain("We agreed to | pipe carefully.");
    expect(md).toContain("- [ ] Send the pricing sheet (Mia Marketing, due 2026-11-06)");
  });
});
