// Scoring: hand-computed scores (decay, caps, negative points, grades, MQL), the joint approval, live
// updates, backtests against a hand count, explanations that reconcile, calibration.
import { and, eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ScoringDefinition } from "../../../shared/scoring.js";
import type { Db } from "../../db/client.js";
import {
  accounts,
  contactScores,
  contacts,
  lifecycleStageChanges,
  opportunities,
  opportunityContacts,
  scoreEvents,
  scoringApprovals,
  touches,
} from "../../db/schema/index.js";
import { newId } from "../../lib/ids.js";
import { setupTestApp, type TestMember } from "../../testing/harness.js";
import { settleJobs } from "../jobs/jobs.service.js";
import { backtestVersion } from "./backtest.service.js";
import { calibrationSettings } from "./calibration.service.js";
import { explainScore, writeScores } from "./scores.service.js";

const t = setupTestApp();
const DAY = 86_400_000;

/** The fixture model the hand computations below use. */
const FIXTURE: ScoringDefinition = {
  fitRules: [
    {
      id: "vp",
      label: "VP",
      points: 20,
      conditions: [{ field: "contact.seniority", operator: "in", values: ["vp"] }],
    },
    {
      id: "mid-size",
      label: "100-1,000 employees",
      points: 10,
      conditions: [{ field: "account.employees", operator: "between", min: 100, max: 1000 }],
    },
    {
      id: "student",
      label: "Student",
      points: -30,
      conditions: [{ field: "contact.title", operator: "contains", values: ["student"] }],
    },
  ],
  engagementRules: [
    {
      id: "pricing",
      label: "Pricing page",
      points: 10,
      conditions: [
        { field: "type", operator: "in", values: ["page_view"] },
        { field: "property", property: "path", operator: "contains", values: ["/pricing"] },
      ],
      maxTimes: 2,
      group: "fast",
    },
    {
      id: "webinar",
      label: "Webinar",
      points: 15,
      conditions: [{ field: "type", operator: "in", values: ["webinar"] }],
      group: "none",
    },
    {
      id: "bounce",
      label: "Email bounced",
      points: -8,
      conditions: [
        { field: "type", operator: "in", values: ["custom"] },
        { field: "property", property: "event", operator: "in", values: ["Email Bounced"] },
      ],
      maxPoints: 10,
      group: "none",
    },
  ],
  decayGroups: [
    { id: "fast", halfLifeDays: 10 },
    { id: "none", halfLifeDays: null },
  ],
  grades: { fit: [25, 10, 0], engagement: [30, 15, 5] },
  mql: { anyOf: [{ fit: 20, engagement: 20 }, { combined: 60 }], handoffTouchTypes: ["demo_request"] },
};

async function addContact(
  workspaceId: string,
  values: Partial<typeof contacts.$inferInsert> = {},
  account?: Partial<typeof accounts.$inferInsert>,
) {
  const db = t.database.db;
  let accountId: string | null = null;
  if (account) {
    accountId = newId();
    await db.insert(accounts).values({ workspaceId, id: accountId, name: "Initech", ...account });
  }
  const id = newId();
  await db.insert(contacts).values({ workspaceId, id, accountId, ...values });
  return id;
}

async function addTouch(
  workspaceId: string,
  contactId: string,
  type: string,
  ageDays: number,
  properties: Record<string, unknown> = {},
  now = Date.now(),
) {
  await t.database.db.insert(touches).values({
    workspaceId,
    id: newId(),
    contactId,
    type,
    team: "marketing",
    occurredAt: new Date(now - ageDays * DAY),
    properties,
    source: "test",
  });
}

/** Creates a model, has both teams' leads approve it and activates it. */
async function liveModel(definition: ScoringDefinition = FIXTURE, name = "Core") {
  const { marketingLead, salesLead } = t.cast;
  const created = await t.as(marketingLead).post("/api/scoring-models", { name, definition });
  expect(created.statusCode).toBe(201);
  const id = created.json().id as string;
  expect((await t.as(marketingLead).post(`/api/scoring-models/${id}/versions/1/approval`)).statusCode).toBe(
    200,
  );
  expect((await t.as(salesLead).post(`/api/scoring-models/${id}/versions/1/approval`)).statusCode).toBe(200);
  const activated = await t.as(salesLead).post(`/api/scoring-models/${id}/versions/1/activate`);
  expect(activated.statusCode).toBe(200);
  return { id, activation: activated.json() };
}

async function scoresOf(member: TestMember, contactId: string) {
  const response = await t.as(member).get(`/api/contacts/${contactId}/scores`);
  expect(response.statusCode).toBe(200);
  return response.json().items;
}

describe("scores computed by hand", () => {
  it("applies decay, caps, negative points, grades and the MQL condition", async () => {
    const ws = t.cast.admin.workspaceId;
    // Alice: VP at a 500-person company (fit 30). Pricing views today, 10 and 20 days ago with a 10-day
    // half-life: 10 + 5 + 2.5 = 17.5 (under the cap of 2 x 10). A webinar 100 days ago, no decay: 15.
    const alice = await addContact(ws, { seniority: "vp", email: "alice@initech.com" }, { employees: 500 });
    await addTouch(ws, alice, "page_view", 0, { path: "/pricing" });
    await addTouch(ws, alice, "page_view", 10, { path: "/pricing/enterprise" });
    await addTouch(ws, alice, "page_view", 20, { path: "/pricing" });
    await addTouch(ws, alice, "page_view", 1, { path: "/blog" });
    await addTouch(ws, alice, "webinar", 100);
    // Bob: a student (fit -30). Four pricing views today: 40, capped at 20. Two bounces: -16, floored at -10.
    const bob = await addContact(ws, { title: "Graduate Student" });
    for (let i = 0; i < 4; i++) await addTouch(ws, bob, "page_view", 0, { path: "/pricing" });
    await addTouch(ws, bob, "custom", 1, { event: "Email Bounced" });
    await addTouch(ws, bob, "custom", 2, { event: "Email Bounced" });
    // Cara: nothing but a demo request: an MQL by direct hand-off.
    const cara = await addContact(ws, {});
    await addTouch(ws, cara, "demo_request", 3);
    // Dan: a pricing view dated tomorrow does not count yet.
    const dan = await addContact(ws, {});
    await addTouch(ws, dan, "page_view", -1, { path: "/pricing" });

    const { id: modelId, activation } = await liveModel();
    expect(activation).toMatchObject({ scored: 4, crossed: 2 });

    const expected = {
      [alice]: { fit: 30, engagement: 32.5, combined: 62.5, grade: "A1", mql: true },
      [bob]: { fit: -30, engagement: 10, combined: -20, grade: "D3", mql: false },
      [cara]: { fit: 0, engagement: 0, combined: 0, grade: "C4", mql: true },
      [dan]: { fit: 0, engagement: 0, combined: 0, grade: "C4", mql: false },
    };
    for (const [contactId, score] of Object.entries(expected)) {
      const [live] = await scoresOf(t.cast.rep, contactId);
      expect(live).toMatchObject({ modelName: "Core", version: 1, ...score });
      const [stored] = await t.database.db
        .select()
        .from(contactScores)
        .where(and(eq(contactScores.modelId, modelId), eq(contactScores.contactId, contactId)));
      expect(stored).toMatchObject(score);
    }

    const [aliceExplained] = await scoresOf(t.cast.rep, alice);
    const pricing = aliceExplained.engagementRules.find((r: { id: string }) => r.id === "pricing");
    expect(pricing).toMatchObject({ value: 17.5, uncapped: 17.5, capped: false, halfLifeDays: 10 });
    expect(pricing.touches.map((x: { decayedPoints: number }) => x.decayedPoints)).toEqual([10, 5, 2.5]);
    expect(
      aliceExplained.fitRules.filter((r: { matched: boolean }) => r.matched).map((r: { id: string }) => r.id),
    ).toEqual(["vp", "mid-size"]);
    expect(aliceExplained.mqlReasons).toEqual([
      "fit 30 >= 20 and engagement 32.5 >= 20",
      "combined 62.5 >= 60",
    ]);
    const [bobExplained] = await scoresOf(t.cast.rep, bob);
    expect(
      bobExplained.engagementRules.map((r: { value: number; capped: boolean }) => [r.value, r.capped]),
    ).toEqual([
      [20, true],
      [0, false],
      [-10, true],
    ]);
    expect(bobExplained.mqlMissing).toEqual([
      "needs fit -30 of 20 and engagement 10 of 20",
      "needs combined -20 of 60",
    ]);
    expect(aliceExplained.mqlMissing).toEqual([]);
    const [caraExplained] = await scoresOf(t.cast.rep, cara);
    expect(caraExplained.mqlReasons).toEqual(["hand-off touch (demo_request)"]);

    const events = await t.database.db.select().from(scoreEvents).where(eq(scoreEvents.workspaceId, ws));
    expect(events.map((e) => e.contactId).sort()).toEqual([alice, cara].sort());
    // Crossing the MQL condition moves subscribers and leads forward, never a customer backwards.
    const stages = await t.database.db
      .select({ id: contacts.id, stage: contacts.lifecycleStage })
      .from(contacts)
      .where(eq(contacts.workspaceId, ws));
    expect(Object.fromEntries(stages.map((r) => [r.id, r.stage]))).toEqual({
      [alice]: "mql",
      [bob]: "subscriber",
      [cara]: "mql",
      [dan]: "subscriber",
    });
  });

  it("scores rules on any field, property, date range, custom event and touch count in a window", async () => {
    const ws = t.cast.admin.workspaceId;
    const definition: ScoringDefinition = {
      fitRules: [
        {
          id: "webinar-source",
          label: "Came from a webinar",
          points: 7,
          conditions: [{ field: "contact.source", operator: "in", values: ["Webinar"] }],
        },
        {
          id: "trial-2026",
          label: "Trial started in H1 2026",
          points: 11,
          conditions: [
            {
              field: "contact.properties.trial_start",
              operator: "date_between",
              from: "2026-01-01",
              to: "2026-06-30",
            },
          ],
        },
        {
          id: "visits",
          label: "10-50 site visits",
          points: 5,
          conditions: [{ field: "contact.properties.visits", operator: "between", min: 10, max: 50 }],
        },
      ],
      engagementRules: [
        {
          id: "five-views",
          label: "5+ page views in 30 days",
          points: 12,
          conditions: [{ field: "type", operator: "in", values: ["page_view"] }],
          withinDays: 30,
          minCount: 5,
          group: "default",
        },
        {
          id: "trial-event",
          label: "Started a trial",
          points: 9,
          conditions: [{ field: "event", operator: "in", values: ["Trial Started"] }],
          maxTimes: 1,
          group: "default",
        },
      ],
      decayGroups: [{ id: "default", halfLifeDays: null }],
      grades: { fit: [20, 10, 0], engagement: [20, 10, 1] },
      mql: { anyOf: [{ combined: 30 }], handoffTouchTypes: [] },
    };
    // Erin: webinar source (7), trial in March 2026 (11), 20 visits (5) = 23. Five page views in the last
    // 30 days (12) and a "Trial Started" event (9) = 21.
    const erin = await addContact(ws, {
      source: "webinar",
      properties: { trial_start: "2026-03-15", visits: 20 },
    });
    for (let i = 0; i < 5; i++) await addTouch(ws, erin, "page_view", i * 5);
    await addTouch(ws, erin, "custom", 2, { event: "Trial Started" });
    // Finn: trial in 2025 and 60 visits: no fit points. Six page views, but only four in 30 days: none. A
    // custom event of another name: none.
    const finn = await addContact(ws, {
      source: "Paid search",
      properties: { trial_start: "2025-12-31", visits: 60 },
    });
    for (const age of [1, 5, 10, 20, 40, 50]) await addTouch(ws, finn, "page_view", age);
    await addTouch(ws, finn, "custom", 1, { event: "Trial Ended" });

    await liveModel(definition, "Anything");
    const [erinScore] = await scoresOf(t.cast.rep, erin);
    expect(erinScore).toMatchObject({ fit: 23, engagement: 21, combined: 44, mql: true });
    const views = erinScore.engagementRules.find((r: { id: string }) => r.id === "five-views");
    expect(views).toMatchObject({ minCount: 5, matchingTouches: 5, value: 12 });
    const [finnScore] = await scoresOf(t.cast.rep, finn);
    expect(finnScore).toMatchObject({ fit: 0, engagement: 0, mql: false });
    expect(finnScore.engagementRules[0]).toMatchObject({ minCount: 5, matchingTouches: 4, value: 0 });

    // The rule preview counts a count rule's contacts only when they reach the count.
    const counts = await t.as(t.cast.marketingLead).post("/api/scoring/rule-counts", { definition });
    expect(counts.statusCode).toBe(200);
    expect(counts.json().rules).toEqual([
      { id: "webinar-source", kind: "fit", contacts: 1 },
      { id: "trial-2026", kind: "fit", contacts: 1 },
      { id: "visits", kind: "fit", contacts: 1 },
      { id: "five-views", kind: "engagement", contacts: 1 },
      { id: "trial-event", kind: "engagement", contacts: 1 },
    ]);

    // A count rule with a cap, a date range on a text field and backwards dates are refused by name.
    const bad = structuredClone(definition);
    bad.engagementRules[0].maxTimes = 3;
    bad.fitRules[0].conditions[0] = { field: "contact.title", operator: "date_between", from: "2026-02-01" };
    bad.fitRules[1].conditions[0] = {
      field: "contact.properties.trial_start",
      operator: "date_between",
      from: "2026-06-30",
      to: "2026-01-01",
    };
    const refused = await t
      .as(t.cast.marketingLead)
      .post("/api/scoring-models", { name: "Bad", definition: bad });
    expect(refused.statusCode).toBe(400);
    const text = JSON.stringify(refused.json());
    expect(text).toContain("a count rule adds its points once");
    expect(text).toContain("needs a date field");
    expect(text).toContain("must not be before from");
  });

  it("keeps the explanation's sum equal to the score, over random rules and touches", async () => {
    const ws = t.cast.admin.workspaceId;
    const now = new Date("2026-06-01T12:00:00Z");
    const types = ["page_view", "webinar", "email_click", "form_submit"];
    const contactIds: string[] = [];
    for (let i = 0; i < 6; i++)
      contactIds.push(
        await addContact(ws, { seniority: ["vp", "manager", null][i % 3] }, { employees: 50 * (i + 1) }),
      );
    const rule = fc.record({
      points: fc.integer({ min: -20, max: 30 }).filter((n) => n !== 0),
      type: fc.constantFrom(...types),
      cap: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
      halfLife: fc.option(fc.integer({ min: 1, max: 60 }), { nil: null }),
      withinDays: fc.option(fc.integer({ min: 1, max: 90 }), { nil: null }),
      // A count rule ("N+ touches"): its points come once, uncapped and unfaded.
      minCount: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
    });
    const touch = fc.record({
      contact: fc.integer({ min: 0, max: 5 }),
      type: fc.constantFrom(...types),
      age: fc.double({ min: 0, max: 120, noNaN: true }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(rule, { minLength: 1, maxLength: 4 }),
        fc.array(touch, { maxLength: 25 }),
        fc.integer({ min: -20, max: 20 }),
        async (rules, touchList, fitPoints) => {
          await t.database.db.delete(touches).where(eq(touches.workspaceId, ws));
          for (const x of touchList)
            await addTouch(ws, contactIds[x.contact], x.type, x.age, {}, now.getTime());
          const definition: ScoringDefinition = {
            fitRules: [
              {
                id: "vp",
                label: "VP",
                points: fitPoints,
                conditions: [{ field: "contact.seniority", operator: "in", values: ["vp"] }],
              },
            ],
            engagementRules: rules.map((r, i) => ({
              id: `r${i}`,
              label: `Rule ${i}`,
              points: r.points,
              conditions: [{ field: "type", operator: "in", values: [r.type] }],
              maxTimes: r.minCount == null ? r.cap : null,
              withinDays: r.withinDays,
              minCount: r.minCount,
              group: `g${i}`,
            })),
            decayGroups: rules.map((r, i) => ({ id: `g${i}`, halfLifeDays: r.halfLife })),
            grades: { fit: [10, 5, 0], engagement: [20, 10, 0] },
            mql: { anyOf: [{ combined: 15 }], handoffTouchTypes: [] },
          };
          const version = { id: newId(), modelId: newId(), modelName: "Random", version: 1, definition };
          await t.database.db.execute(
            sql`insert into scoring_models (workspace_id, id, name) values (${ws}, ${version.modelId}, ${version.modelId})`,
          );
          await writeScores(t.database.db, ws, version, { at: now, cause: "test" });
          for (const contactId of contactIds) {
            const explained = await explainScore(t.database.db, ws, version, contactId, now);
            const fit = explained.fitRules.reduce((s, r) => s + r.points, 0);
            const engagement = explained.engagementRules.reduce((s, r) => s + r.value, 0);
            expect(explained.fit).toBeCloseTo(fit, 9);
            expect(explained.engagement).toBeCloseTo(engagement, 9);
            expect(explained.combined).toBeCloseTo(fit + engagement, 9);
            const [stored] = await t.database.db
              .select()
              .from(contactScores)
              .where(and(eq(contactScores.modelId, version.modelId), eq(contactScores.contactId, contactId)));
            expect(stored.combined).toBeCloseTo(explained.combined, 9);
            // The uncapped value is the sum of the listed touches' decayed points.
            for (const r of explained.engagementRules) {
              expect(r.matchingTouches).toBe(r.touches.length);
              if (r.minCount != null) {
                expect(r.value).toBe(r.touches.length >= r.minCount ? r.pointsPerTouch : 0);
                continue;
              }
              const touchSum = r.touches.reduce((s, x) => s + x.decayedPoints, 0);
              expect(Math.abs(r.uncapped - touchSum)).toBeLessThan(0.01 * (r.touches.length + 1));
              expect(Math.abs(r.value)).toBeLessThanOrEqual(Math.abs(r.uncapped) + 0.005);
            }
          }
        },
      ),
      { numRuns: 12, seed: 20261123 },
    );
  });
});

describe("joint approval", () => {
  it("needs a sales lead and a marketing lead; an edit clears approvals; activation retires the old version", async () => {
    const { marketingLead, salesLead, rep, admin } = t.cast;
    const created = await t.as(marketingLead).post("/api/scoring-models", { name: "Core" });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect(created.json().versions[0]).toMatchObject({
      version: 1,
      status: "draft",
      missingApprovals: ["sales", "marketing"],
    });

    // A sales member and a revenue-team admin cannot approve; marketing alone cannot activate.
    expect((await t.as(rep).post(`/api/scoring-models/${id}/versions/1/approval`)).statusCode).toBe(403);
    const adminApproval = await t.as(admin).post(`/api/scoring-models/${id}/versions/1/approval`);
    expect(adminApproval.statusCode).toBe(403);
    expect(adminApproval.json().error.message).toMatch(/sales team or of the marketing team/);
    const mine = await t.as(marketingLead).post(`/api/scoring-models/${id}/versions/1/approval`);
    expect(mine.json()).toMatchObject({ status: "draft", missingApprovals: ["sales"] });
    expect(mine.json().approvals).toMatchObject([{ name: "Mia Marketing", team: "marketing" }]);
    expect((await t.as(marketingLead).post(`/api/scoring-models/${id}/versions/1/approval`)).statusCode).toBe(
      409,
    );
    const early = await t.as(marketingLead).post(`/api/scoring-models/${id}/versions/1/activate`);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toBe(
      "version 1 needs approval from a sales lead before it can go live",
    );

    // Both approve -> approved; an edit returns it to draft without approvals (the record stays).
    const both = await t.as(salesLead).post(`/api/scoring-models/${id}/versions/1/approval`);
    expect(both.json()).toMatchObject({ status: "approved", missingApprovals: [] });
    const version = both.json();
    const edited = version.definition;
    edited.fitRules[0].points = 25;
    const put = await t.as(salesLead).put(`/api/scoring-models/${id}/versions/1`, { definition: edited });
    expect(put.json()).toMatchObject({
      status: "draft",
      approvals: [],
      missingApprovals: ["sales", "marketing"],
    });
    const history = await t.database.db
      .select()
      .from(scoringApprovals)
      .where(eq(scoringApprovals.versionId, version.id));
    expect(history.map((a) => [a.team, a.clearedReason])).toEqual([
      ["marketing", "edited"],
      ["sales", "edited"],
    ]);
    expect((await t.as(rep).post(`/api/scoring-models/${id}/versions/1/activate`)).statusCode).toBe(403);

    await t.as(marketingLead).post(`/api/scoring-models/${id}/versions/1/approval`);
    await t.as(salesLead).post(`/api/scoring-models/${id}/versions/1/approval`);
    const live = await t.as(admin).post(`/api/scoring-models/${id}/versions/1/activate`);
    expect(live.json().version).toMatchObject({ status: "active", activatedByName: "Ada Admin" });
    const frozen = await t.as(salesLead).put(`/api/scoring-models/${id}/versions/1`, {
      definition: edited,
    });
    expect(frozen.statusCode).toBe(409);

    // Version 2: a new draft from 1, its diff, approvals, activation; version 1 retires but stays readable.
    const draft = await t.as(marketingLead).post(`/api/scoring-models/${id}/versions`, {});
    expect(draft.json()).toMatchObject({ version: 2, status: "draft", note: "Draft from version 1" });
    const v2 = draft.json().definition;
    v2.fitRules = v2.fitRules.filter((r: { id: string }) => r.id !== "free-mail");
    v2.mql.anyOf = [{ combined: 50 }];
    await t.as(marketingLead).put(`/api/scoring-models/${id}/versions/2`, { definition: v2 });
    const diff = await t.as(rep).get(`/api/scoring-models/${id}/versions/2/diff`);
    expect(
      diff
        .json()
        .changes.map((c: { kind: string; id: string; change: string }) => `${c.kind}:${c.id}:${c.change}`),
    ).toEqual(["fit:free-mail:removed", "mql:mql:changed"]);
    await t.as(marketingLead).post(`/api/scoring-models/${id}/versions/2/approval`);
    await t.as(salesLead).post(`/api/scoring-models/${id}/versions/2/approval`);
    await t.as(salesLead).post(`/api/scoring-models/${id}/versions/2/activate`);
    const model = (await t.as(rep).get(`/api/scoring-models/${id}`)).json();
    expect(model.activeVersion).toBe(2);
    expect(
      model.versions.map((v: { version: number; status: string }) => `${v.version}:${v.status}`),
    ).toEqual(["2:active", "1:retired"]);
    const old = (await t.as(rep).get(`/api/scoring-models/${id}/versions/1`)).json();
    expect(old.definition.fitRules[0].points).toBe(25);
    expect(old.approvals.map((a: { team: string }) => a.team).sort()).toEqual(["marketing", "sales"]);
  });

  it("refuses bad definitions naming the field, writes nothing, and hides models from other workspaces", async () => {
    const { marketingLead, outsider, rep } = t.cast;
    const bad = await t.as(marketingLead).post("/api/scoring-models", {
      name: "Broken",
      definition: {
        ...FIXTURE,
        engagementRules: [{ ...FIXTURE.engagementRules[0], group: "missing" }],
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0]).toMatchObject({ path: "definition.engagementRules.0.group" });
    const regex = await t.as(marketingLead).post("/api/scoring-models", {
      name: "Broken",
      definition: {
        ...FIXTURE,
        fitRules: [
          {
            id: "x",
            label: "X",
            points: 5,
            conditions: [{ field: "contact.title", operator: "matches", pattern: "(" }],
          },
        ],
      },
    });
    expect(regex.statusCode).toBe(400);
    expect(regex.json().error.details[0].path).toBe("definition.fitRules.0.conditions.0.pattern");
    expect((await t.as(rep).post("/api/scoring-models", { name: "Mine" })).statusCode).toBe(403);
    expect((await t.as(marketingLead).get("/api/scoring-models")).json().items).toEqual([]);

    const { id } = await liveModel();
    expect((await t.as(outsider).get(`/api/scoring-models/${id}`)).statusCode).toBe(404);
    expect((await t.as(outsider).post(`/api/scoring-models/${id}/versions/1/approval`)).statusCode).toBe(404);
    expect((await t.as(outsider).get(`/api/scoring-models/${id}/distribution`)).statusCode).toBe(404);
    const contact = await addContact(marketingLead.workspaceId, {});
    expect((await t.as(outsider).get(`/api/contacts/${contact}/scores`)).statusCode).toBe(404);
    expect((await t.as(outsider).get("/api/scoring-models")).json().items).toEqual([]);
  });
});

describe("live scores", () => {
  it("updates a contact's score at once when a touch is logged or an attribute changes", async () => {
    const ws = t.cast.admin.workspaceId;
    const contact = await addContact(ws, { email: "lee@initech.com" }, { employees: 50 });
    const { id: modelId } = await liveModel();
    expect((await scoresOf(t.cast.rep, contact))[0]).toMatchObject({ fit: 0, engagement: 0, mql: false });

    const logged = await t.as(t.cast.rep).post(`/api/contacts/${contact}/touches`, {
      type: "webinar",
      note: "Joined the pricing webinar",
    });
    expect(logged.statusCode).toBe(201);
    const stored = async () =>
      (
        await t.database.db
          .select()
          .from(contactScores)
          .where(and(eq(contactScores.modelId, modelId), eq(contactScores.contactId, contact)))
      )[0];
    expect(await stored()).toMatchObject({ engagement: 15, fit: 0, mql: false });

    await t.as(t.cast.rep).patch(`/api/contacts/${contact}`, { seniority: "vp" });
    expect(await stored()).toMatchObject({ fit: 20, engagement: 15, mql: false });
    const [account] = await t.database.db.select().from(accounts).where(eq(accounts.workspaceId, ws));
    await t.as(t.cast.rep).patch(`/api/accounts/${account.id}`, { employees: 400 });
    expect(await stored()).toMatchObject({ fit: 30, combined: 45 });

    await t.as(t.cast.rep).post(`/api/contacts/${contact}/touches`, { type: "webinar" });
    expect(await stored()).toMatchObject({ engagement: 30, combined: 60, mql: true });
    const events = await t.database.db.select().from(scoreEvents).where(eq(scoreEvents.contactId, contact));
    expect(events).toHaveLength(1);
    expect(events[0].detail).toMatchObject({ cause: "touch or attribute change", grade: "A1" });
    const stageHistory = await t.database.db
      .select()
      .from(lifecycleStageChanges)
      .where(eq(lifecycleStageChanges.contactId, contact));
    expect(stageHistory.map((h) => [h.fromStage, h.toStage, h.cause, h.causeDetail])).toEqual([
      ["subscriber", "mql", "rule", "Met the MQL condition of Core, version 1"],
    ]);
    const [moved] = await t.database.db.select().from(contacts).where(eq(contacts.id, contact));
    expect(moved.lifecycleStage).toBe("mql");

    const accountScores = (await t.as(t.cast.rep).get(`/api/accounts/${account.id}/scores`)).json().items;
    expect(accountScores).toMatchObject([
      { modelName: "Core", fit: 10, engagement: 30, combined: 40, engagedContacts: 1 },
    ]);
    const distribution = (await t.as(t.cast.rep).get(`/api/scoring-models/${modelId}/distribution`)).json();
    expect(distribution).toMatchObject({
      version: 1,
      contacts: 1,
      mqls: 1,
      grades: [{ grade: "A1", contacts: 1 }],
    });
    expect(distribution.buckets.reduce((s: number, b: { contacts: number }) => s + b.contacts, 0)).toBe(1);
    const history = (
      await t.as(t.cast.rep).get(`/api/contacts/${contact}/score-history?modelId=${modelId}&days=14`)
    ).json();
    expect(history.points.at(-1)).toMatchObject({ combined: 60 });
    expect(history.points[0]).toMatchObject({ engagement: 0 });
  });

  it("rescores contacts as an import writes their attributes and touches", async () => {
    const { id: modelId } = await liveModel();
    const importCsv = (entity: string, csv: string) =>
      t.app.inject({
        method: "POST",
        url: `/api/imports/${entity}`,
        headers: { ...t.cast.admin.headers, "content-type": "text/csv" },
        payload: csv,
      });
    const contactsCsv = "Email,First Name,Seniority\nvera@initech.com,Vera,VP\nwes@initech.com,Wes,Manager\n";
    expect((await importCsv("contacts", contactsCsv)).json()).toMatchObject({ inserted: 2 });
    const day = new Date(Date.now() - DAY).toISOString();
    const touchesCsv = `Activity ID,Email,Type,Timestamp\nW1,vera@initech.com,Webinar Attended,${day}\nW2,wes@initech.com,Webinar Attended,${day}\n`;
    expect((await importCsv("touches", touchesCsv)).json()).toMatchObject({ inserted: 2 });
    const rows = await t.database.db
      .select({ email: contacts.email, fit: contactScores.fit, engagement: contactScores.engagement })
      .from(contactScores)
      .innerJoin(
        contacts,
        and(eq(contacts.workspaceId, contactScores.workspaceId), eq(contacts.id, contactScores.contactId)),
      )
      .where(eq(contactScores.modelId, modelId))
      .orderBy(contacts.email);
    expect(rows).toEqual([
      { email: "vera@initech.com", fit: 20, engagement: 15 },
      { email: "wes@initech.com", fit: 0, engagement: 15 },
    ]);
  });

  it("rolls contacts' engagement up to the account with diminishing returns", async () => {
    const ws = t.cast.admin.workspaceId;
    const first = await addContact(ws, {}, { employees: 300 });
    const [account] = await t.database.db.select().from(accounts).where(eq(accounts.workspaceId, ws));
    const second = newId();
    const third = newId();
    await t.database.db.insert(contacts).values([
      { workspaceId: ws, id: second, accountId: account.id },
      { workspaceId: ws, id: third, accountId: account.id },
    ]);
    // Engagement 30 (two webinars), 15, 15: 30 + 15/2 + 15/3 = 42.5.
    await addTouch(ws, first, "webinar", 1);
    await addTouch(ws, first, "webinar", 2);
    await addTouch(ws, second, "webinar", 3);
    await addTouch(ws, third, "webinar", 4);
    await liveModel();
    const [score] = (await t.as(t.cast.rep).get(`/api/accounts/${account.id}/scores`)).json().items;
    expect(score).toMatchObject({ fit: 10, engagement: 42.5, combined: 52.5, engagedContacts: 3 });
  });

  it("counts the contacts each rule of an unsaved definition matches", async () => {
    const ws = t.cast.admin.workspaceId;
    const vp = await addContact(ws, { seniority: "vp" }, { employees: 200 });
    await addContact(ws, { title: "Student" });
    await addTouch(ws, vp, "webinar", 1);
    await addTouch(ws, vp, "webinar", 2);
    const counts = await t.as(t.cast.rep).post("/api/scoring/rule-counts", { definition: FIXTURE });
    expect(counts.json()).toEqual({
      contacts: 2,
      rules: [
        { id: "vp", kind: "fit", contacts: 1 },
        { id: "mid-size", kind: "fit", contacts: 1 },
        { id: "student", kind: "fit", contacts: 1 },
        { id: "pricing", kind: "engagement", contacts: 0 },
        { id: "webinar", kind: "engagement", contacts: 1 },
        { id: "bounce", kind: "engagement", contacts: 0 },
      ],
    });
    const bad = await t.as(t.cast.rep).post("/api/scoring/rule-counts", { definition: { fitRules: [] } });
    expect(bad.statusCode).toBe(400);
  });
});

describe("backtest", () => {
  it("matches a hand count of MQLs per month and what became of them", async () => {
    const ws = t.cast.admin.workspaceId;
    const db = t.database.db as Db;
    const at = new Date("2026-06-15T12:00:00Z");
    const definition: ScoringDefinition = {
      ...FIXTURE,
      mql: { anyOf: [{ engagement: 15 }], handoffTouchTypes: ["demo_request"] },
    };
    const created = new Date("2026-01-01T00:00:00Z");
    const make = async (touchesAt: [string, string][], stages: string[] = [], won = false) => {
      const id = await addContact(ws, { createdAt: created });
      for (const [type, when] of touchesAt)
        await db.insert(touches).values({
          workspaceId: ws,
          id: newId(),
          contactId: id,
          type,
          team: "marketing",
          occurredAt: new Date(when),
          source: "test",
        });
      for (const stage of stages)
        await db.insert(lifecycleStageChanges).values({
          workspaceId: ws,
          id: newId(),
          contactId: id,
          toStage: stage as "sal",
          changedAt: new Date("2026-06-01T00:00:00Z"),
          cause: "member",
        });
      if (won) {
        const opportunity = newId();
        const accountId = newId();
        await db.insert(accounts).values({ workspaceId: ws, id: accountId, name: `Buyer ${opportunity}` });
        await db.insert(opportunities).values({
          workspaceId: ws,
          id: opportunity,
          accountId,
          name: "Deal",
          stage: "closed_won",
          amount: 1000,
          closeDate: "2026-06-01",
        });
        await db
          .insert(opportunityContacts)
          .values({ workspaceId: ws, opportunityId: opportunity, contactId: id, role: "champion" });
      }
      return id;
    };
    // April: a webinar (15, no decay) -> MQL at the end of April; later SAL and SQL.
    await make([["webinar", "2026-04-10T10:00:00Z"]], ["sal", "sql"]);
    // May: a demo request -> MQL in May; won.
    await make([["demo_request", "2026-05-20T10:00:00Z"]], ["sal", "sql", "opportunity", "customer"], true);
    // June (the current month, up to the 15th): a webinar on the 2nd -> MQL in June; never accepted.
    await make([["webinar", "2026-06-02T10:00:00Z"]]);
    // Already an MQL before the window (February): not produced by it, but counted for precision.
    await make([["webinar", "2026-02-10T10:00:00Z"]]);
    // Won without ever being an MQL: lowers recall.
    await make([["page_view", "2026-05-01T10:00:00Z"]], [], true);

    const version = { id: newId(), modelId: newId(), modelName: "Core", version: 3, definition };
    const result = await backtestVersion(db, ws, version, { months: 3, at });
    expect(result.months).toEqual([
      { month: "2026-04", mqls: 1, sal: 1, sql: 1, opportunity: 0, won: 0 },
      { month: "2026-05", mqls: 1, sal: 1, sql: 1, opportunity: 1, won: 1 },
      { month: "2026-06", mqls: 1, sal: 0, sql: 0, opportunity: 0, won: 0 },
    ]);
    expect(result.totals).toEqual({ mqls: 3, sal: 2, sql: 2, opportunity: 1, won: 1 });
    // Flagged: 4 contacts (3 produced + 1 already MQL); 1 of them won. Won: 2 contacts, 1 flagged.
    expect(result.precision).toBeCloseTo(1 / 4, 9);
    expect(result.recall).toBeCloseTo(1 / 2, 9);
    expect(result.wonContacts).toBe(2);
  });

  it("runs as a job through the API, side by side with the live version", async () => {
    const { id } = await liveModel();
    await t.as(t.cast.marketingLead).post(`/api/scoring-models/${id}/versions`, {});
    const started = await t
      .as(t.cast.rep)
      .post(`/api/scoring-models/${id}/versions/2/backtests`, { months: 4 });
    expect(started.statusCode).toBe(202);
    expect(started.json()).toMatchObject({ kind: "backtest", subjectId: id, status: "running" });
    await settleJobs();
    const job = await t.as(t.cast.rep).get(`/api/jobs/${started.json().id}`);
    expect(job.json()).toMatchObject({ status: "succeeded", progress: 1 });
    expect(job.json().result.candidate.months).toHaveLength(4);
    expect(job.json().result.active.version).toBe(1);
    const bad = await t.as(t.cast.rep).post(`/api/scoring-models/${id}/versions/2/backtests`, { months: 99 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain("months");
    // Another workspace sees neither the model nor the job.
    expect(
      (await t.as(t.cast.outsider).post(`/api/scoring-models/${id}/versions/2/backtests`, { months: 4 }))
        .statusCode,
    ).toBe(404);
    expect((await t.as(t.cast.outsider).get(`/api/jobs/${started.json().id}`)).statusCode).toBe(404);
  });
});

describe("calibration", () => {
  /**
   * 240 labelled contacts: software companies, finance buyers, many site visits and a "Trial Started"
   * event win far more often; seniority and webinars (which the starter model rewards) say nothing here.
   * Fixed ids keep the holdout split stable. Contacts are created over 2025-2026 for the date split.
   */
  async function plantedOutcomes(ws: string, outcome: "deals" | "property") {
    const db = t.database.db;
    let state = 42;
    const random = () => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state / 2 ** 31;
    };
    const fixedId = (kind: number, i: number) =>
      `00000000-0000-7000-800${kind}-${i.toString(16).padStart(12, "0")}`;
    const accountRows: (typeof accounts.$inferInsert)[] = [];
    const contactRows: (typeof contacts.$inferInsert)[] = [];
    const touchRows: (typeof touches.$inferInsert)[] = [];
    const dealRows: (typeof opportunities.$inferInsert)[] = [];
    const roleRows: (typeof opportunityContacts.$inferInsert)[] = [];
    const createdAt: Date[] = [];
    for (let i = 0; i < 240; i++) {
      const software = random() < 0.5;
      const finance = random() < 0.5;
      const trial = random() < 0.4;
      const webinar = random() < 0.5;
      const visits = Math.floor(random() * 40);
      const seniority = random() < 0.5 ? "vp" : "manager";
      const odds =
        0.03 + (software ? 0.35 : 0) + (finance ? 0.25 : 0) + (trial ? 0.2 : 0) + (visits >= 24 ? 0.15 : 0);
      const won = random() < odds;
      const accountId = fixedId(1, i);
      const contactId = fixedId(2, i);
      const dealId = fixedId(3, i);
      createdAt.push(new Date(Date.UTC(2025, 0, 1) + i * 2 * DAY));
      accountRows.push({
        workspaceId: ws,
        id: accountId,
        name: `Company ${i}`,
        industry: software ? "Software" : "Retail",
      });
      contactRows.push({
        workspaceId: ws,
        id: contactId,
        accountId,
        seniority,
        department: finance ? "Finance" : "Operations",
        email: `p${i}@company${i}.com`,
        createdAt: createdAt[i],
        properties: { visits, ...(outcome === "property" ? { converted: won } : {}) },
      });
      const touch = (k: number, type: string, properties: Record<string, unknown> = {}) =>
        touchRows.push({
          workspaceId: ws,
          id: fixedId(k, i),
          contactId,
          type,
          team: "marketing",
          occurredAt: new Date(Date.now() - 90 * DAY),
          properties,
          source: "test",
        });
      if (webinar) touch(4, "webinar");
      if (trial) touch(5, "custom", { event: "Trial Started" });
      if (outcome === "deals") {
        dealRows.push({
          workspaceId: ws,
          id: dealId,
          accountId,
          name: `Deal ${i}`,
          stage: won ? "closed_won" : "closed_lost",
          amount: 1000,
          closeDate: "2026-06-01",
        });
        roleRows.push({ workspaceId: ws, opportunityId: dealId, contactId, role: "champion" });
      }
    }
    await db.insert(accounts).values(accountRows);
    await db.insert(contacts).values(contactRows);
    await db.insert(touches).values(touchRows);
    if (dealRows.length) {
      await db.insert(opportunities).values(dealRows);
      await db.insert(opportunityContacts).values(roleRows);
    }
    return { createdAt };
  }

  async function runCalibration(member: TestMember, modelId: string, body: object) {
    const started = await t.as(member).post(`/api/scoring-models/${modelId}/calibrations`, body);
    expect(started.statusCode).toBe(202);
    await settleJobs();
    return (await t.as(member).get(`/api/jobs/${started.json().id}`)).json();
  }

  it("learns points from won and lost deals as a job, beats the starter and the live version, and reproduces them", async () => {
    const ws = t.cast.admin.workspaceId;
    await t.as(t.cast.admin).post("/api/properties", {
      objectType: "contacts",
      apiName: "visits",
      label: "Site visits",
      type: "number",
    });
    const { id: modelId } = await liveModel(undefined, "Core");
    await plantedOutcomes(ws, "deals");

    expect((await t.as(t.cast.rep).post(`/api/scoring-models/${modelId}/calibrations`, {})).statusCode).toBe(
      403,
    );
    expect(
      (await t.as(t.cast.outsider).post(`/api/scoring-models/${modelId}/calibrations`, {})).statusCode,
    ).toBe(404);
    const job = await runCalibration(t.cast.marketingLead, modelId, {
      holdout: { kind: "random", share: 0.3, seed: "planted" },
    });
    expect(job).toMatchObject({ kind: "calibration", status: "succeeded", subjectId: modelId });
    const report = job.result;
    expect(report.labelled).toBe(240);
    expect(report.trainCount + report.holdoutCount).toBe(240);
    expect(report.comparison.map((c: { name: string }) => c.name)).toEqual([
      "Calibrated (version 2)",
      "Live (version 1)",
      "Starter model",
    ]);
    const [calibrated, live, starter] = report.comparison;
    expect(calibrated.auc).toBeGreaterThan(0.75);
    expect(calibrated.auc).toBeGreaterThan(live.auc + 0.1);
    expect(calibrated.auc).toBeGreaterThan(starter.auc + 0.1);
    // Lockstep's scores of the holdout under the draft are exactly the fitted points.
    expect(report.reproduction).toEqual({ contacts: report.holdoutCount, maxDifference: 0 });
    expect(report.liftByDecile).toHaveLength(10);
    expect(report.calibrationCurve).toHaveLength(10);

    const version = (await t.as(t.cast.rep).get(`/api/scoring-models/${modelId}/versions/2`)).json();
    expect(version).toMatchObject({ status: "draft", missingApprovals: ["sales", "marketing"] });
    const rule = (text: string) =>
      [...version.definition.fitRules, ...version.definition.engagementRules].find((r: { label: string }) =>
        r.label.includes(text),
      );
    expect(rule("Industry: Software").points).toBeGreaterThan(0);
    expect(rule("Department: Finance").points).toBeGreaterThan(0);
    expect(rule('"trial started"')).toMatchObject({ minCount: 1 });
    expect(rule('"trial started"').points).toBeGreaterThan(0);
    // Visits are a number property: learned in quantile bands, the top band worth the most.
    const bands = version.definition.fitRules.filter((r: { label: string }) =>
      r.label.startsWith("Site visits"),
    );
    expect(bands.length).toBeGreaterThan(1);
  });

  it("takes the holdout by creation date, and a property as the outcome", async () => {
    const ws = t.cast.admin.workspaceId;
    const { id: modelId } = await liveModel(undefined, "Core");
    for (const apiName of ["visits", "converted"])
      await t.as(t.cast.admin).post("/api/properties", {
        objectType: "contacts",
        apiName,
        label: apiName,
        type: apiName === "visits" ? "number" : "boolean",
      });
    const { createdAt } = await plantedOutcomes(ws, "property");
    const job = await runCalibration(t.cast.salesLead, modelId, {
      outcome: { kind: "property", property: "converted", positiveValues: ["true"] },
      holdout: { kind: "date", createdFrom: "2026-01-01" },
      minSupport: 10,
    });
    expect(job.status).toBe("succeeded");
    const later = createdAt.filter((d) => d.toISOString() >= "2026-01-01").length;
    expect(job.result).toMatchObject({ labelled: 240, holdoutCount: later, trainCount: 240 - later });
    expect(job.result.outcome).toContain("converted");
    // The outcome property itself is never a rule.
    const version = (await t.as(t.cast.rep).get(`/api/scoring-models/${modelId}/versions/2`)).json();
    expect(JSON.stringify(version.definition)).not.toContain("properties.converted");
    expect(job.result.comparison[0].auc).toBeGreaterThan(0.7);

    // Bad requests are refused by name, and no job starts.
    const unknown = await t.as(t.cast.salesLead).post(`/api/scoring-models/${modelId}/calibrations`, {
      outcome: { kind: "property", property: "nope", positiveValues: ["yes"] },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain("outcome.property");
    const share = await t
      .as(t.cast.salesLead)
      .post(`/api/scoring-models/${modelId}/calibrations`, { holdout: { kind: "random", share: 0.9 } });
    expect(share.statusCode).toBe(400);
    expect(JSON.stringify(share.json())).toContain("share");
    const jobs = (await t.as(t.cast.rep).get(`/api/jobs?subjectId=${modelId}`)).json();
    expect(jobs.items).toHaveLength(1);
  });

  it("fails the job with what is missing when there are too few outcomes", async () => {
    const { id } = await liveModel();
    const job = await runCalibration(t.cast.salesLead, id, {});
    expect(job.status).toBe("failed");
    expect(job.error).toMatch(/at least 10 contacts with each outcome; this workspace has 0/);
  });

  it("keeps answering other requests while it runs, chunk by chunk", async () => {
    const ws = t.cast.admin.workspaceId;
    const { id: modelId } = await liveModel(undefined, "Core");
    await plantedOutcomes(ws, "deals");
    const previous = calibrationSettings.chunkSize;
    calibrationSettings.chunkSize = 10;
    try {
      const started = await t
        .as(t.cast.marketingLead)
        .post(`/api/scoring-models/${modelId}/calibrations`, {});
      expect(started.statusCode).toBe(202);
      // 240 contacts in chunks of 10: the list answers between the job's chunks, before the job ends.
      const list = await t.as(t.cast.rep).get("/api/contacts?limit=5");
      expect(list.statusCode).toBe(200);
      const during = (await t.as(t.cast.rep).get(`/api/jobs/${started.json().id}`)).json();
      expect(during.status).toBe("running");
      expect(during.progress).toBeLessThan(1);
      await settleJobs();
      const after = (await t.as(t.cast.rep).get(`/api/jobs/${started.json().id}`)).json();
      expect(after.status).toBe("succeeded");
    } finally {
      calibrationSettings.chunkSize = previous;
    }
  });
});

describe("scores export", () => {
  it("exports every contact's stored score under a model as CSV, equal to the contact's scores", async () => {
    const { admin, rep, outsider } = t.cast;
    const ws = admin.workspaceId;
    const alice = await addContact(
      ws,
      { seniority: "vp", email: "alice@initech.com", firstName: "Alice", lastName: "Vp" },
      { employees: 500 },
    );
    const bob = await addContact(ws, { email: "bob@initech.com", firstName: "Bob" });
    await addTouch(ws, alice, "webinar", 1);
    const archived = await addContact(ws, { email: "gone@initech.com", archivedAt: new Date() });
    const { id } = await liveModel();

    const response = await t.as(rep).get(`/api/scoring-models/${id}/scores.csv`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/csv/);
    expect(response.headers["content-disposition"]).toBe('attachment; filename="scores-core.csv"');
    const [header, ...lines] = response.body.trim().split("\n");
    expect(header).toBe(
      "contactId,email,name,lifecycleStage,fit,engagement,total,grade,mql,model,modelVersion,scoredAt",
    );
    const rows = new Map(lines.map((l) => [l.split(",")[0], l.split(",")]));
    expect([...rows.keys()].sort()).toEqual([alice, bob].sort());
    expect(rows.has(archived)).toBe(false);
    for (const contactId of [alice, bob]) {
      const [score] = (await scoresOf(rep, contactId)) as {
        fit: number;
        engagement: number;
        combined: number;
        grade: string;
        mql: boolean;
      }[];
      const row = rows.get(contactId) as string[];
      expect(Number(row[4]), "fit").toBeCloseTo(score.fit, 2);
      expect(Number(row[5]), "engagement").toBeCloseTo(score.engagement, 2);
      expect(Number(row[6]), "total").toBeCloseTo(score.combined, 2);
      expect(row[7]).toBe(score.grade);
      expect(row[8]).toBe(String(score.mql));
      expect(row.slice(9, 11)).toEqual(["Core", "1"]);
    }

    // Another workspace's model, an unknown one and a malformed id are refused before any CSV starts.
    expect((await t.as(outsider).get(`/api/scoring-models/${id}/scores.csv`)).statusCode).toBe(404);
    expect((await t.as(rep).get(`/api/scoring-models/${newId()}/scores.csv`)).statusCode).toBe(404);
    const bad = await t.as(rep).get("/api/scoring-models/not-an-id/scores.csv");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe("id");
  });
});
