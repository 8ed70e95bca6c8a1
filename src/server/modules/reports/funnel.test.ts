// The funnel and velocity against a small history counted by hand (Acme, Europe/Berlin, January and
// February 2026), its filters, cohorts and breakdowns, CSV exports, bad filters, and another workspace's
// contacts never counted.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { LifecycleStage } from "../../../shared/domain.js";
import type { Db } from "../../db/client.js";
import { accounts, campaigns, contacts, personas, pods, propertyDefinitions } from "../../db/schema/index.js";
import { newId } from "../../lib/ids.js";
import { setupTestApp } from "../../testing/harness.js";
import { agreeSla, becomeMql, NEW_YORK_TERMS } from "../../testing/sla-fixtures.js";
import { sweepSlaClocks } from "../handoff/sla-sweep.js";
import { moveStage } from "../lifecycle/lifecycle.service.js";

const t = setupTestApp();

interface Person {
  name: string;
  moves: [LifecycleStage, string][];
  personaId?: string;
  campaignId?: string;
  source?: string;
  tier?: string;
}

/** Inserts a contact as a subscriber without history, then moves it through `moves` (the one writer). */
async function person(db: Db, workspaceId: string, p: Person) {
  const id = newId();
  const [first, last] = p.name.split(" ");
  await db.insert(contacts).values({
    workspaceId,
    id,
    firstName: first,
    lastName: last ?? "",
    email: `${first.toLowerCase()}.${id.slice(0, 6)}@example.test`,
    personaId: p.personaId ?? null,
    sourceCampaignId: p.campaignId ?? null,
    source: p.source ?? null,
    properties: p.tier ? { tier: p.tier } : {},
  });
  for (const [stage, at] of p.moves)
    await moveStage(
      db,
      workspaceId,
      { contacts: [id], toStage: stage },
      { cause: "member", detail: "test", explicit: true },
      { at: new Date(at) },
    );
  return id;
}

/** The hand-counted history: see each line's comment. */
async function fixture() {
  const db = t.database.db;
  const ws = t.cast.admin.workspaceId;
  const other = t.cast.outsider.workspaceId;
  const [cfo, cto] = [newId(), newId()];
  await db.insert(personas).values([
    { workspaceId: ws, id: cfo, name: "CFO" },
    { workspaceId: ws, id: cto, name: "CTO" },
  ]);
  const webinar = newId();
  await db.insert(campaigns).values({ workspaceId: ws, id: webinar, name: "Q1 webinar", channel: "webinar" });
  await db.insert(propertyDefinitions).values({
    workspaceId: ws,
    id: newId(),
    objectType: "contacts",
    apiName: "tier",
    label: "Tier",
    type: "one_of",
    options: ["gold", "silver"],
  });
  const h = "T10:00:00Z";
  // Ann: the whole way, January's cohort.
  await person(db, ws, {
    name: "Ann Won",
    personaId: cfo,
    campaignId: webinar,
    source: "webinar",
    tier: "gold",
    moves: [
      ["lead", `2026-01-05${h}`],
      ["mql", `2026-01-10${h}`],
      ["sal", `2026-01-12${h}`],
      ["sql", `2026-01-20${h}`],
      ["opportunity", `2026-02-01${h}`],
      ["customer", `2026-02-20${h}`],
    ],
  });
  // Ben: an MQL sales disqualified, January.
  await person(db, ws, {
    name: "Ben Rejected",
    personaId: cfo,
    source: "paid_search",
    tier: "silver",
    moves: [
      ["lead", `2026-01-15${h}`],
      ["mql", `2026-01-18${h}`],
      ["disqualified", `2026-01-25${h}`],
    ],
  });
  // Cat: straight from subscriber to MQL (so she counts as a lead too), February, an SQL now.
  await person(db, ws, {
    name: "Cat Direct",
    personaId: cto,
    campaignId: webinar,
    tier: "gold",
    moves: [
      ["mql", `2026-02-03${h}`],
      ["sal", `2026-02-05${h}`],
      ["sql", `2026-02-10${h}`],
    ],
  });
  // Dan: a lead since February; his lead source names the webinar channel.
  await person(db, ws, { name: "Dan Lead", source: "webinar", moves: [["lead", `2026-02-10${h}`]] });
  // Hal: a lead at 00:30 on 1 January in Berlin (still 31 December in UTC): January's cohort.
  await person(db, ws, { name: "Hal Midnight", moves: [["lead", "2025-12-31T23:30:00Z"]] });
  // Eve: a lead since December (not in the cohort), an MQL in January (counted as entering MQL).
  await person(db, ws, {
    name: "Eve Earlier",
    moves: [
      ["lead", `2025-12-20${h}`],
      ["mql", `2026-01-05${h}`],
    ],
  });
  // Fay: a lead in March, after the period. Gus: a subscriber who never entered the funnel.
  await person(db, ws, { name: "Fay Later", moves: [["lead", `2026-03-05${h}`]] });
  await person(db, ws, { name: "Gus Subscriber", moves: [] });
  // Another workspace's lead and MQL in January: never counted.
  await person(db, other, {
    name: "Otto Other",
    moves: [
      ["lead", `2026-01-10${h}`],
      ["mql", `2026-01-11${h}`],
    ],
  });
  return { cfo, cto, webinar };
}

const PERIOD = "from=2026-01-01&to=2026-03-01";

describe("the funnel", () => {
  it("counts the cohort, its conversions, the months and the period's entries as counted by hand", async () => {
    await fixture();
    const response = await t.as(t.cast.rep).get(`/api/reports/funnel?${PERIOD}`);
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    expect(report.period).toEqual({ from: "2026-01-01", to: "2026-03-01", timeZone: "Europe/Berlin" });
    expect(report.minimumSample).toBe(20);
    // Ann, Ben, Cat, Dan, Hal entered the funnel; Ann, Ben, Cat reached MQL; Ann and Cat SAL and SQL; Ann won.
    expect(report.total.reached).toEqual({ lead: 5, mql: 3, sal: 2, sql: 2, opportunity: 1, customer: 1 });
    expect(report.total.steps.map((s: { converted: number; of: number }) => [s.converted, s.of])).toEqual([
      [3, 5],
      [2, 3],
      [2, 2],
      [1, 2],
      [1, 1],
    ]);
    expect(report.total.steps[0]).toMatchObject({ from: "lead", to: "mql", rate: 0.6, judged: false });
    expect(report.total.mqlToWon).toEqual({ converted: 1, of: 3, rate: 1 / 3, judged: false });
    expect(report.total.sqlToWon).toEqual({ converted: 1, of: 2, rate: 0.5, judged: false });
    // January: Ann, Ben, Hal; February: Cat, Dan.
    expect(report.cohorts.map((c: { key: string; label: string }) => [c.key, c.label])).toEqual([
      ["2026-01", "Jan 2026"],
      ["2026-02", "Feb 2026"],
    ]);
    expect(report.cohorts[0].reached).toEqual({
      lead: 3,
      mql: 2,
      sal: 1,
      sql: 1,
      opportunity: 1,
      customer: 1,
    });
    expect(report.cohorts[1].reached).toEqual({
      lead: 2,
      mql: 1,
      sal: 1,
      sql: 1,
      opportunity: 0,
      customer: 0,
    });
    // Entries in the period, whoever's cohort: leads Ann, Ben, Dan, Hal; MQLs Ann, Ben, Cat and Eve.
    expect(report.entered).toEqual({ lead: 4, mql: 4, sal: 2, sql: 2, opportunity: 1, customer: 1 });
    expect(report.breakdown).toBeNull();

    // The other workspace sees only its own contact.
    const theirs = (await t.as(t.cast.outsider).get(`/api/reports/funnel?${PERIOD}`)).json();
    expect(theirs.total.reached).toEqual({ lead: 1, mql: 1, sal: 0, sql: 0, opportunity: 0, customer: 0 });
    expect(theirs.entered.mql).toBe(1);
  });

  it("filters and breaks down by persona, channel, campaign and a property", async () => {
    const { cfo, cto, webinar } = await fixture();
    const as = t.as(t.cast.marketingLead);

    const byPersona = (await as.get(`/api/reports/funnel?${PERIOD}&personaId=${cfo}`)).json();
    expect(byPersona.total.reached).toEqual({ lead: 2, mql: 2, sal: 1, sql: 1, opportunity: 1, customer: 1 });
    expect(byPersona.entered).toEqual({ lead: 2, mql: 2, sal: 1, sql: 1, opportunity: 1, customer: 1 });

    // Webinar: Ann and Cat by their source campaign, Dan by his lead source; Ben came through paid search.
    const webinars = (await as.get(`/api/reports/funnel?${PERIOD}&channel=webinar`)).json();
    expect(webinars.total.reached.lead).toBe(3);
    const campaign = (await as.get(`/api/reports/funnel?${PERIOD}&campaignId=${webinar}`)).json();
    expect(campaign.total.reached).toEqual({ lead: 2, mql: 2, sal: 2, sql: 2, opportunity: 1, customer: 1 });
    const gold = (await as.get(`/api/reports/funnel?${PERIOD}&propertyKey=tier&propertyValue=gold`)).json();
    expect(gold.total.reached.lead).toBe(2);

    const personas = (await as.get(`/api/reports/funnel?${PERIOD}&by=persona`)).json();
    expect(personas.breakdown.by).toBe("persona");
    expect(
      personas.breakdown.rows.map((r: { key: string | null; label: string; reached: { lead: number } }) => [
        r.key,
        r.label,
        r.reached.lead,
      ]),
    ).toEqual([
      [cfo, "CFO", 2],
      [cto, "CTO", 1],
      [null, "No persona", 2],
    ]);
    const channels = (await as.get(`/api/reports/funnel?${PERIOD}&by=channel`)).json();
    expect(
      channels.breakdown.rows.map((r: { key: string; reached: { lead: number } }) => [r.key, r.reached.lead]),
    ).toEqual([
      ["webinar", 3],
      ["paid_search", 1],
      [null, 1],
    ]);
    const tiers = (await as.get(`/api/reports/funnel?${PERIOD}&by=property&byProperty=tier`)).json();
    expect(
      tiers.breakdown.rows.map((r: { label: string; reached: { mql: number } }) => [r.label, r.reached.mql]),
    ).toEqual([
      ["gold", 2],
      ["silver", 1],
      ["Not set", 0],
    ]);
    // Pods as routing sees them: Ann's account belongs to Nord; Dan's country is Nord's territory; Ben's
    // persona (CFO) is covered by Süd, but Ben's account belongs to Nord first.
    const db = t.database.db;
    const ws = t.cast.admin.workspaceId;
    const [nord, sud, account] = [newId(), newId(), newId()];
    await db.insert(pods).values([
      { workspaceId: ws, id: nord, name: "Nord", territories: ["Germany"] },
      { workspaceId: ws, id: sud, name: "Süd" },
    ]);
    await db.insert(accounts).values({ workspaceId: ws, id: account, name: "Nordwerk", podId: nord });
    await db.execute(sql`update personas set pod_id = ${sud}::uuid where id = ${cfo}::uuid`);
    await db.execute(
      sql`update contacts set account_id = ${account}::uuid where workspace_id = ${ws} and first_name in ('Ann', 'Ben')`,
    );
    await db.execute(
      sql`update contacts set country = 'germany' where workspace_id = ${ws} and first_name = 'Dan'`,
    );
    const nordFunnel = (await as.get(`/api/reports/funnel?${PERIOD}&podId=${nord}`)).json();
    expect(nordFunnel.total.reached.lead).toBe(3);
    const sudFunnel = (await as.get(`/api/reports/funnel?${PERIOD}&podId=${sud}&by=pod`)).json();
    expect(sudFunnel.total.reached.lead).toBe(0);
    const byPod = (await as.get(`/api/reports/funnel?${PERIOD}&by=pod`)).json();
    expect(
      byPod.breakdown.rows.map((r: { label: string; reached: { lead: number } }) => [
        r.label,
        r.reached.lead,
      ]),
    ).toEqual([
      ["Nord", 3],
      ["No pod", 2],
    ]);
    // Another workspace's persona matches none of ours.
    const none = (await as.get(`/api/reports/funnel?${PERIOD}&personaId=${newId()}`)).json();
    expect(none.total.reached.lead).toBe(0);
    expect(none.total.steps[0]).toMatchObject({ converted: 0, of: 0, rate: null, judged: false });
  });

  it("defaults to the last six months and exports the same numbers as CSV", async () => {
    await fixture();
    const report = (await t.as(t.cast.rep).get("/api/reports/funnel")).json();
    expect(report.period.to > report.period.from).toBe(true);
    expect(report.period.from.endsWith("-01")).toBe(true);

    const csv = await t.as(t.cast.rep).get(`/api/reports/funnel/export?${PERIOD}&by=persona`);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers["content-type"]).toContain("text/csv");
    const lines = csv.body.trim().split("\n");
    expect(lines[0]).toBe(
      "section,from,to,key,label,lead,mql,sal,sql,opportunity,customer,lead_to_mql,mql_to_sal,sal_to_sql,sql_to_opportunity,opportunity_to_customer,mql_to_won,sql_to_won",
    );
    expect(lines[1]).toBe(
      "entered in period,2026-01-01,2026-03-01,,Contacts entering each stage,4,4,2,2,1,1,,,,,,,",
    );
    expect(lines[2]).toBe(
      "cohort,2026-01-01,2026-03-01,,All contacts,5,3,2,2,1,1,60.0% (too few to judge),66.7% (too few to judge),100.0% (too few to judge),50.0% (too few to judge),100.0% (too few to judge),33.3% (too few to judge),50.0% (too few to judge)",
    );
    expect(lines.filter((l) => l.startsWith("cohort by month"))).toHaveLength(2);
    expect(lines.filter((l) => l.startsWith("by persona"))).toHaveLength(3);
  });

  it("answers 400 naming the bad filter", async () => {
    const as = t.as(t.cast.rep);
    const cases: [string, string][] = [
      ["from=2026-03-01&to=2026-01-01", "to"],
      ["from=2026-13-01", "from"],
      ["podId=nope", "podId"],
      ["channel=carrier_pigeon", "channel"],
      ["propertyKey=tier", "propertyValue"],
      ["propertyKey=nothing&propertyValue=x", "propertyKey"],
      ["by=moon", "by"],
      ["by=property", "byProperty"],
      ["from=2020-01-01&to=2026-01-01", "to"],
    ];
    for (const [query, field] of cases) {
      const response = await as.get(`/api/reports/funnel?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(JSON.stringify(response.json().error), query).toContain(field);
    }
    await fixture();
    const badValue = await as.get("/api/reports/funnel?propertyKey=tier&propertyValue=platinum");
    expect(badValue.statusCode).toBe(400);
    expect(badValue.json().error.details).toEqual([
      { path: "propertyValue", message: 'must be one of "gold", "silver"' },
    ]);
    const exportBad = await as.get("/api/reports/funnel/export?channel=nope");
    expect(exportBad.statusCode).toBe(400);
  });

  it("gives the cockpit its funnel tile and MQL count, the same numbers as the report for the month", async () => {
    await fixture();
    const cockpit = (await t.as(t.cast.rep).get("/api/cockpit?month=2026-01")).json();
    const report = (await t.as(t.cast.rep).get("/api/reports/funnel?from=2026-01-01&to=2026-02-01")).json();
    // January's entries: leads Ann, Ben and Hal; MQLs Ann, Ben and Eve; Ann accepted and made an SQL.
    expect(cockpit.funnel.entered).toEqual({ lead: 3, mql: 3, sal: 1, sql: 1, opportunity: 0, customer: 0 });
    expect(cockpit.funnel.entered).toEqual(report.entered);
    expect(cockpit.funnel.newToFunnel).toBe(report.total.reached.lead);
    expect(cockpit.funnel.newToFunnel).toBe(3);
    expect(cockpit.mqls.entered).toBe(report.entered.mql);
  });

  it("is for signed-in members only", async () => {
    const response = await t.app.inject({ method: "GET", url: "/api/reports/funnel" });
    expect(response.statusCode).toBe(401);
    const velocity = await t.app.inject({ method: "GET", url: "/api/reports/velocity" });
    expect(velocity.statusCode).toBe(401);
  });
});

describe("velocity", () => {
  it("gives the median and p75 of finished stays, in calendar and business days", async () => {
    await fixture();
    const response = await t.as(t.cast.salesLead).get(`/api/reports/velocity?${PERIOD}`);
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    // No SLA in force: the default calendar, Monday to Friday, 09:00-17:00 UTC.
    expect(report.businessCalendar).toEqual({ timeZone: "UTC", hoursPerDay: 8, source: "default" });
    const stage = (s: string) => report.stages.find((x: { stage: string }) => x.stage === s);
    // Lead stays that ended in the period: Ann 5 days, Ben 3, Eve 16 (from December): median 5, p75 10.5.
    expect(stage("lead")).toMatchObject({ moves: 3, medianDays: 5, p75Days: 10.5 });
    // MQL: Ann 2, Ben 7 (to disqualified), Cat 2.
    expect(stage("mql")).toMatchObject({ moves: 3, medianDays: 2, p75Days: 4.5 });
    // SAL: Ann 8, Cat 5.
    expect(stage("sal")).toMatchObject({ moves: 2, medianDays: 6.5, p75Days: 7.3 });
    // SQL: Ann, Tuesday 20 January 10:00 to Sunday 1 February: 7 + 3 x 8 + 5 x 8 = 71 business hours.
    expect(stage("sql")).toMatchObject({ moves: 1, medianDays: 12, medianBusinessDays: 8.9 });
    // Opportunity: Sunday 1 February to Friday 20 February 10:00: 14 x 8 + 1 = 113 business hours.
    expect(stage("opportunity")).toMatchObject({ moves: 1, medianDays: 19, medianBusinessDays: 14.1 });
    // Ann's lead stay: Monday 5 January 10:00 to Saturday 10 January: 7 + 4 x 8 = 39 hours, 4.9 days.
    // Now: Dan, Hal and Fay are leads, Eve an MQL, Cat an SQL, all for longer than 30 days.
    expect(stage("lead")).toMatchObject({ inStageNow: 3, stalledNow: 3 });
    expect(stage("sql")).toMatchObject({ inStageNow: 1, stalledNow: 1 });

    const csv = await t.as(t.cast.salesLead).get(`/api/reports/velocity/export?${PERIOD}`);
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.trim().split("\n");
    expect(lines[0]).toBe(
      "from,to,stage,label,moves,medianDays,p75Days,medianBusinessDays,p75BusinessDays,inStageNow,stalledNow,stalledAfterDays",
    );
    expect(lines[4]).toBe("2026-01-01,2026-03-01,sql,SQL,1,12,12,8.9,8.9,1,1,30");
  });
});

describe("stalled leads", () => {
  it("lists contacts beyond the age in their stage, longest first, in pages, and exports them", async () => {
    const db = t.database.db;
    const ws = t.cast.admin.workspaceId;
    const now = Date.now();
    const daysAgo = (d: number) => new Date(now - d * 86_400_000).toISOString();
    const old = await person(db, ws, { name: "Olga Old", moves: [["lead", daysAgo(50)]] });
    const older = await person(db, ws, {
      name: "Omar Older",
      moves: [
        ["lead", daysAgo(90)],
        ["sql", daysAgo(60)],
      ],
    });
    await person(db, ws, { name: "Nina New", moves: [["lead", daysAgo(5)]] });
    await person(db, ws, { name: "Walt Won", moves: [["customer", daysAgo(100)]] });
    await person(db, t.cast.outsider.workspaceId, { name: "Otto Other", moves: [["lead", daysAgo(80)]] });
    const archived = await person(db, ws, { name: "Arch Archived", moves: [["lead", daysAgo(70)]] });
    await db.execute(
      sql`update contacts set archived_at = now() where workspace_id = ${ws} and id = ${archived}`,
    );

    const as = t.as(t.cast.rep);
    const first = await as.get("/api/reports/stalled?limit=1");
    expect(first.statusCode, first.body).toBe(200);
    const page1 = first.json();
    expect(page1.total).toBe(2);
    expect(page1.items).toHaveLength(1);
    expect(page1.items[0]).toMatchObject({
      contactId: older,
      name: "Omar Older",
      stage: "sql",
      reasons: ["age"],
    });
    expect(page1.items[0].daysInStage).toBeGreaterThanOrEqual(59.9);
    const page2 = (await as.get(`/api/reports/stalled?limit=1&cursor=${page1.nextCursor}`)).json();
    expect(page2.items.map((i: { contactId: string }) => i.contactId)).toEqual([old]);
    expect(page2.nextCursor).toBeNull();
    expect(page2.total).toBe(2);
    // A longer age leaves only Omar; a stage filter only Olga.
    expect((await as.get("/api/reports/stalled?stalledAfterDays=55")).json().total).toBe(1);
    expect(
      (await as.get("/api/reports/stalled?stage=lead")).json().items.map((i: { name: string }) => i.name),
    ).toEqual(["Olga Old"]);
    const csv = await as.get("/api/reports/stalled/export");
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.trim().split("\n");
    expect(lines[0]).toBe(
      "contactId,name,email,accountName,ownerName,stage,since,daysInStage,reasons,breached",
    );
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain("Omar Older");

    const bad = await as.get("/api/reports/stalled?stalledAfterDays=0");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain("stalledAfterDays");
    expect((await as.get("/api/reports/stalled?stage=customer")).statusCode).toBe(400);
    expect((await as.get("/api/reports/stalled?cursor=nonsense")).statusCode).toBe(400);
  });

  it("lists an MQL beyond the SLA, however young, with the commitment it broke", async () => {
    const db = t.database.db;
    const ws = t.cast.admin.workspaceId;
    await agreeSla(db, t.cast, NEW_YORK_TERMS);
    const now = new Date();
    const late = await person(db, ws, {
      name: "Lou Late",
      moves: [["lead", new Date(now.getTime() - 9 * 86_400_000).toISOString()]],
    });
    await db.execute(
      sql`update contacts set owner_member_id = ${t.cast.rep.memberId}::uuid where id = ${late}`,
    );
    // An MQL for a week: the accept clock (4 business hours) breached long ago; the sweep records it.
    await becomeMql(db, ws, [late], new Date(now.getTime() - 7 * 86_400_000));
    await sweepSlaClocks(db, now);
    const page = (await t.as(t.cast.rep).get("/api/reports/stalled?stage=handed_over")).json();
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({
      contactId: late,
      stage: "mql",
      reasons: ["sla"],
      ownerName: t.cast.rep.name,
    });
    expect(page.items[0].breached).toContain("Accept or reject");
    // Only leads: none stalled (Lou is an MQL).
    expect((await t.as(t.cast.rep).get("/api/reports/stalled?stage=lead")).json().total).toBe(0);
    const velocity = (await t.as(t.cast.rep).get("/api/reports/velocity")).json();
    expect(velocity.stages.find((s: { stage: string }) => s.stage === "mql")).toMatchObject({
      inStageNow: 1,
      stalledNow: 1,
    });
    // Stalled both ways (a week in the stage, beyond 5 days, and the breach): still one contact.
    const aged = (await t.as(t.cast.rep).get("/api/reports/velocity?stalledAfterDays=5")).json();
    expect(aged.stages.find((s: { stage: string }) => s.stage === "mql")).toMatchObject({
      inStageNow: 1,
      stalledNow: 1,
    });
    expect(velocity.businessCalendar).toEqual({
      timeZone: "America/New_York",
      hoursPerDay: 8,
      source: "sla",
    });
  });
});
