// Attribution through the API on a small fixture computed by hand: one won deal ($12,000) whose two contacts
// touched three campaigns, a lost deal (Markov's null path), MQLs from the stage history; every model's
// credits, a deal's journey, the deals behind a campaign, campaign performance, the CSV exports, the shared
// filters, bad input (400 naming the field), and another workspace's data (never counted, its ids 404).
import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.js";
import { newId } from "../../lib/ids.js";
import { setupTestApp } from "../../testing/harness.js";

const t = setupTestApp();
const at = (day: string) => `${day}T12:00:00Z`;
const DAY = 86_400_000;

interface Fixture {
  ws: string;
  campaigns: { P: string; W: string; E: string };
  contacts: { ann: string; bob: string; cid: string };
  won: string;
  lost: string;
}

async function insertCampaign(db: Db, ws: string, name: string, channel: string, cost: number) {
  const id = newId();
  await db.execute(sql`insert into campaigns (workspace_id, id, name, channel, status, budget, cost)
    values (${ws}, ${id}, ${name}, ${channel}, 'active', ${cost}, ${cost})`);
  return id;
}

async function insertContact(db: Db, ws: string, first: string, created: string, campaign: string | null) {
  const id = newId();
  await db.execute(sql`insert into contacts (workspace_id, id, email, first_name, last_name, lifecycle_stage,
      source, source_campaign_id, created_at, updated_at)
    values (${ws}, ${id}, ${`${first.toLowerCase()}@initech.com`}, ${first}, 'Test', 'lead', 'web',
      ${campaign}, ${created}, ${created})`);
  return id;
}

async function insertTouch(
  db: Db,
  ws: string,
  contact: string,
  campaign: string | null,
  channel: string,
  when: string,
) {
  await db.execute(sql`insert into touches (workspace_id, id, contact_id, type, team, channel, campaign_id, occurred_at, source)
    values (${ws}, ${newId()}, ${contact}, 'email_click', 'marketing', ${channel}, ${campaign}, ${when}, 'api')`);
}

async function insertDeal(
  db: Db,
  ws: string,
  name: string,
  account: string,
  amount: number,
  stage: string,
  created: string,
  closed: string | null,
  campaign: string | null,
  contacts: string[],
) {
  const id = newId();
  await db.execute(sql`insert into opportunities (workspace_id, id, name, account_id, amount, stage, close_date,
      closed_at, source_campaign_id, created_at, updated_at)
    values (${ws}, ${id}, ${name}, ${account}, ${amount}, ${stage}, ${(closed ?? created).slice(0, 10)}::date,
      ${closed}, ${campaign}, ${created}, ${created})`);
  for (const c of contacts)
    await db.execute(sql`insert into opportunity_contacts (workspace_id, opportunity_id, contact_id, role)
      values (${ws}, ${id}, ${c}, 'champion')`);
  return id;
}

/**
 * Ann (created 10 Jan, sourced by Search ads) and Bob (1 Feb, Spring webinar) are the contact roles of
 * "Acme expansion" ($12,000, created 12 Feb, won 1 Mar). Their touches, in time order: Search ads 5 Jan
 * (Ann), Spring webinar 8 Jan (Ann: the last before the lead was created), Nurture email 20 Jan (Ann),
 * Spring webinar 25 Jan (Bob), Nurture email 10 Feb (Ann: the last before the deal was created), Nurture
 * email 15 Feb (Bob: the last before the win), and Search ads 20 Mar (Ann, after the win: never counted).
 * Cid is the only contact of "Globex pilot" ($5,000, created 2 Mar, lost 10 Mar) with one touch of Search
 * ads on 5 Mar. Ann became an MQL on 15 Jan; Bob went from lead straight to SQL on 20 Feb.
 */
async function seed(db: Db, ws: string, memberId: string): Promise<Fixture> {
  const P = await insertCampaign(db, ws, "Search ads", "paid_search", 2000);
  const W = await insertCampaign(db, ws, "Spring webinar", "webinar", 1000);
  const E = await insertCampaign(db, ws, "Nurture email", "email", 500);
  const account = newId();
  await db.execute(
    sql`insert into accounts (workspace_id, id, name, domain) values (${ws}, ${account}, 'Initech', 'initech.com')`,
  );
  const ann = await insertContact(db, ws, "Ann", at("2026-01-10"), P);
  const bob = await insertContact(db, ws, "Bob", at("2026-02-01"), W);
  const cid = await insertContact(db, ws, "Cid", at("2026-02-05"), null);
  await db.execute(sql`update contacts set account_id = ${account} where workspace_id = ${ws}`);
  await insertTouch(db, ws, ann, P, "paid_search", at("2026-01-05"));
  await insertTouch(db, ws, ann, W, "webinar", at("2026-01-08"));
  await insertTouch(db, ws, ann, E, "email", at("2026-01-20"));
  await insertTouch(db, ws, bob, W, "webinar", at("2026-01-25"));
  await insertTouch(db, ws, ann, E, "email", at("2026-02-10"));
  await insertTouch(db, ws, bob, E, "email", at("2026-02-15"));
  await insertTouch(db, ws, ann, P, "paid_search", at("2026-03-20"));
  await insertTouch(db, ws, cid, P, "paid_search", at("2026-03-05"));
  for (const [contact, from, to, when] of [
    [ann, "lead", "mql", "2026-01-15"],
    [bob, "lead", "sql", "2026-02-20"],
  ])
    await db.execute(sql`insert into lifecycle_stage_changes (workspace_id, id, contact_id, from_stage, to_stage, changed_at, cause)
      values (${ws}, ${newId()}, ${contact}, ${from}, ${to}, ${at(when)}, 'member')`);
  const won = await insertDeal(
    db,
    ws,
    "Acme expansion",
    account,
    12_000,
    "closed_won",
    at("2026-02-12"),
    at("2026-03-01"),
    P,
    [ann, bob],
  );
  const lost = await insertDeal(
    db,
    ws,
    "Globex pilot",
    account,
    5_000,
    "closed_lost",
    at("2026-03-02"),
    at("2026-03-10"),
    P,
    [cid],
  );
  // Sales accepted Ann (sourced by Search ads) and rejected Bob (Spring webinar) as a bad fit.
  for (const [contact, decision, reason, campaign] of [
    [ann, "accepted", null, P],
    [bob, "rejected", "bad_fit", W],
  ] as const)
    await db.execute(sql`insert into lead_decisions (workspace_id, id, contact_id, decision, reason, outcome, member_id, campaign_id, source, decided_at)
      values (${ws}, ${newId()}, ${contact}, ${decision}, ${reason}, 'recycled', ${memberId}, ${campaign}, 'web', ${at("2026-02-21")})`);
  return { ws, campaigns: { P, W, E }, contacts: { ann, bob, cid }, won, lost };
}

const PERIOD = "from=2026-01-01&to=2026-04-01";
let f: Fixture;
let theirs: Fixture;

beforeEach(async () => {
  f = await seed(t.database.db, t.cast.admin.workspaceId, t.cast.rep.memberId);
  theirs = await seed(t.database.db, t.cast.outsider.workspaceId, t.cast.outsider.memberId);
});

type Row = {
  key: string | null;
  kind: string;
  credits: Record<string, { conversions: number; amount: number }>;
};
const amounts = (rows: Row[], model: string) =>
  Object.fromEntries(rows.map((r) => [r.key ?? r.kind, Math.round(r.credits[model].amount * 100) / 100]));

describe("GET /api/reports/attribution", () => {
  it("credits the won deal's $12,000 under every model as computed by hand", async () => {
    const response = await t
      .as(t.cast.marketingLead)
      .get(`/api/reports/attribution?${PERIOD}&milestone=closed_won&model=w_shaped`);
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    const { P, W, E } = f.campaigns;
    expect(report).toMatchObject({
      milestones: 1,
      amount: 12_000,
      hasAmount: true,
      touches: 6,
      withoutTouch: 0,
      nullPaths: 1,
    });
    expect(amounts(report.rows, "first_touch")).toEqual({ [P]: 12_000, [W]: 0, [E]: 0 });
    expect(amounts(report.rows, "last_touch")).toEqual({ [P]: 0, [W]: 0, [E]: 12_000 });
    // Six touches: Search ads 1, Spring webinar 2, Nurture email 3.
    expect(amounts(report.rows, "linear")).toEqual({ [P]: 2000, [W]: 4000, [E]: 6000 });
    // First touch (Search ads) 40%, lead creation (the webinar on 8 Jan) 40%, nothing between: 50/50.
    expect(amounts(report.rows, "u_shaped")).toEqual({ [P]: 6000, [W]: 6000, [E]: 0 });
    // 30% first (P), 30% lead creation (W), 30% opportunity creation (E, 10 Feb), 10% over 20 and 25 Jan
    // (E and W); the close touch after opportunity creation earns nothing.
    expect(amounts(report.rows, "w_shaped")).toEqual({ [P]: 3600, [W]: 4200, [E]: 4200 });
    // 22.5% on first, lead creation, opportunity creation and close (P, W, E, E), 10% over 20 and 25 Jan.
    expect(amounts(report.rows, "full_path")).toEqual({ [P]: 2700, [W]: 3300, [E]: 6000 });
    // Time decay, half-life 7 days: ages 55, 52, 40, 35, 19 and 14 days before 1 March.
    const weights = [55, 52, 40, 35, 19, 14].map((age) => 2 ** (-age / 7));
    const total = weights.reduce((a, b) => a + b, 0);
    const decay = (indexes: number[]) =>
      Math.round((indexes.reduce((s, i) => s + weights[i], 0) / total) * 12_000 * 100) / 100;
    expect(amounts(report.rows, "time_decay")).toEqual({
      [P]: decay([0]),
      [W]: decay([1, 3]),
      [E]: decay([2, 4, 5]),
    });
    // Markov: the won path P>W>E>W>E>E and the lost deal's P (a null path). From P half go on, half end;
    // from W and E every path converts in the end: removing any campaign loses every conversion (RE 1 each).
    expect(amounts(report.rows, "markov")).toEqual({ [P]: 4000, [W]: 4000, [E]: 4000 });
    expect(report.markov.conversionProbability).toBeCloseTo(0.5, 12);
    expect(report.markov.removalEffects.map((r: { effect: number }) => r.effect)).toEqual([1, 1, 1]);
    // Shapley: three distinct campaigns on the one converting journey, a third each.
    expect(amounts(report.rows, "shapley")).toEqual({ [P]: 4000, [W]: 4000, [E]: 4000 });
    // The chosen model orders the rows; every model reconciles with the revenue.
    expect(report.rows.map((r: Row) => r.key)).toEqual([E, W, P]);
    for (const model of ["first_touch", "linear", "time_decay", "markov", "shapley"])
      expect(report.rows.reduce((s: number, r: Row) => s + r.credits[model].amount, 0)).toBeCloseTo(
        12_000,
        6,
      );
    // Where the models differ most: the email gets all of it last touch and none first touch, the ads the
    // reverse (a spread of 100 points each); the webinar's share moves least.
    expect(report.disagreement.slice(0, 2)).toEqual([
      {
        key: E,
        label: "Nurture email",
        low: { model: "first_touch", share: 0 },
        high: { model: "last_touch", share: 1 },
        spread: 1,
      },
      {
        key: P,
        label: "Search ads",
        low: { model: "last_touch", share: 0 },
        high: { model: "first_touch", share: 1 },
        spread: 1,
      },
    ]);
    expect(report.disagreement[2]).toMatchObject({
      key: W,
      high: { model: "u_shaped", share: 0.5 },
      spread: 0.5,
    });
  });

  it("credits MQLs from the stage history by channel, and counts pipeline at opportunity creation", async () => {
    const mql = (
      await t.as(t.cast.rep).get(`/api/reports/attribution?${PERIOD}&milestone=mql&by=channel`)
    ).json();
    // Ann reached MQL on 15 Jan after ads (5 Jan) and the webinar (8 Jan); Bob passed MQL on his way to SQL on
    // 20 Feb after the webinar (25 Jan) and an email (15 Feb).
    // Cid, touched in the period, never became an MQL: Markov's one null path.
    expect(mql).toMatchObject({ milestones: 2, amount: 0, hasAmount: false, touches: 4, nullPaths: 1 });
    const conversions = (model: string) =>
      Object.fromEntries(mql.rows.map((r: Row) => [r.key, r.credits[model].conversions]));
    expect(conversions("first_touch")).toEqual({ paid_search: 1, webinar: 1, email: 0 });
    expect(conversions("last_touch")).toEqual({ paid_search: 0, webinar: 1, email: 1 });
    expect(conversions("linear")).toEqual({ paid_search: 0.5, webinar: 1, email: 0.5 });

    // Pipeline: the won deal was created on 12 Feb after five touches (P, W, E, W, E: linear 1/5 each);
    // the lost deal ($5,000, 2 Mar) had no touch before it was created.
    const pipeline = (
      await t.as(t.cast.rep).get(`/api/reports/attribution?${PERIOD}&milestone=opportunity_created`)
    ).json();
    // Everyone touched in the period is a contact role of a deal created by its end: no null path.
    expect(pipeline).toMatchObject({ milestones: 2, amount: 17_000, withoutTouch: 1, nullPaths: 0 });

    const { P, W, E } = f.campaigns;
    expect(amounts(pipeline.rows, "linear")).toEqual({ [P]: 2400, [W]: 4800, [E]: 4800, no_touch: 5000 });

    // Contacts created: Ann after the ads and the webinar, Bob after his webinar, Cid without a touch; a
    // visitor never identified (an anonymous touch of the ads) is the null path.
    await t.database.db.execute(sql`insert into touches (workspace_id, id, anonymous_id, type, team, channel, campaign_id, occurred_at, source)
      values (${f.ws}, ${newId()}, 'anon-1', 'page_view', 'marketing', 'paid_search', ${f.campaigns.P}, ${at("2026-01-07")}, 'tracking')`);
    const created = (
      await t.as(t.cast.rep).get(`/api/reports/attribution?${PERIOD}&milestone=contact_created`)
    ).json();
    expect(created).toMatchObject({ milestones: 3, touches: 3, withoutTouch: 1, nullPaths: 1 });
    expect(amounts(created.rows, "linear")).toEqual({ [P]: 0, [W]: 0, no_touch: 0 });
    expect(
      Object.fromEntries(created.rows.map((r: Row) => [r.key ?? r.kind, r.credits.linear.conversions])),
    ).toEqual({ [P]: 0.5, [W]: 1.5, no_touch: 1 });
    // With a contact filter, visitors without a contact are no one's: no null path.
    const filtered = (
      await t
        .as(t.cast.rep)
        .get(`/api/reports/attribution?${PERIOD}&milestone=contact_created&campaignId=${P}`)
    ).json();
    expect(filtered).toMatchObject({ milestones: 1, nullPaths: 0 });
  });

  it("applies the shared filters and the lookback window, and never counts another workspace", async () => {
    // Bob's source campaign is the webinar: the deal he is on counts, whole journey.
    const bobs = (
      await t.as(t.cast.rep).get(`/api/reports/attribution?${PERIOD}&campaignId=${f.campaigns.W}`)
    ).json();
    expect(bobs).toMatchObject({ milestones: 1, amount: 12_000, touches: 6 });
    // Another workspace's campaign id matches no contact here.
    const none = (
      await t.as(t.cast.rep).get(`/api/reports/attribution?${PERIOD}&campaignId=${theirs.campaigns.W}`)
    ).json();
    expect(none).toMatchObject({ milestones: 0, amount: 0, rows: [] });
    // A 40-day window before 1 March starts on 20 Jan at noon: the touches of 5 and 8 Jan drop out.
    const short = (await t.as(t.cast.rep).get(`/api/reports/attribution?${PERIOD}&lookbackDays=40`)).json();
    expect(short.touches).toBe(4);
    expect(amounts(short.rows, "first_touch")).toEqual({ [f.campaigns.E]: 12_000, [f.campaigns.W]: 0 });
    // A period without the win.
    const january = (
      await t.as(t.cast.rep).get("/api/reports/attribution?from=2026-01-01&to=2026-02-01")
    ).json();
    expect(january.milestones).toBe(0);
    // A deal lost in the period is a null path whenever its touches were (Cid's was on 5 Mar).
    const lostOnly = (
      await t.as(t.cast.rep).get("/api/reports/attribution?from=2026-03-06&to=2026-04-01")
    ).json();
    expect(lostOnly).toMatchObject({ milestones: 0, nullPaths: 1 });
    // Each workspace sees its own deal and campaigns only.
    const outsider = (await t.as(t.cast.outsider).get(`/api/reports/attribution?${PERIOD}`)).json();
    expect(outsider.rows.map((r: Row) => r.key).sort()).toEqual(Object.values(theirs.campaigns).sort());
  });

  it("answers 400 naming the field for bad input, 401 without a session", async () => {
    for (const [query, field] of [
      ["model=last_click", "model"],
      ["milestone=signed", "milestone"],
      ["by=region", "by"],
      ["lookbackDays=0", "lookbackDays"],
      ["lookbackDays=ninety", "lookbackDays"],
      ["halfLifeDays=0", "halfLifeDays"],
      ["from=2026-03-01&to=2026-02-01", "to"],
      ["channel=fax", "channel"],
    ]) {
      const response = await t.as(t.cast.rep).get(`/api/reports/attribution?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.body, query).toContain(field);
    }
    expect((await t.app.inject({ method: "GET", url: "/api/reports/attribution" })).statusCode).toBe(401);
  });

  it("exports the report as CSV with its filters", async () => {
    const response = await t
      .as(t.cast.rep)
      .get(`/api/reports/attribution.csv?${PERIOD}&milestone=closed_won`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers["content-type"]).toContain("text/csv");
    expect(response.headers["content-disposition"]).toContain(
      "attribution-closed_won-by-campaign-2026-01-01-2026-04-01.csv",
    );
    const [header, ...lines] = response.body.trim().split("\n");
    expect(header).toContain("linear_amount");
    expect(header).toContain("markov_amount");
    const email = lines.find((l) => l.includes("Nurture email")) as string;
    const cells = email.split(",");
    expect(cells[header.split(",").indexOf("linear_amount")]).toBe("6000");
    expect(cells[header.split(",").indexOf("first_touch_amount")]).toBe("0");
    const filtered = await t
      .as(t.cast.rep)
      .get(`/api/reports/attribution.csv?${PERIOD}&campaignId=${theirs.campaigns.W}`);
    expect(filtered.body.trim().split("\n")).toHaveLength(1);
    expect((await t.as(t.cast.rep).get("/api/reports/attribution.csv?model=nope")).statusCode).toBe(400);
  });
});

describe("explain it", () => {
  it("shows one deal's journey with each touch's credit under each model", async () => {
    const response = await t
      .as(t.cast.salesLead)
      .get(`/api/reports/attribution/opportunities/${f.won}?${PERIOD}`);
    expect(response.statusCode, response.body).toBe(200);
    const journey = response.json();
    expect(journey).toMatchObject({
      milestone: "closed_won",
      amount: 12_000,
      total: 6,
      excluded: { afterMilestone: 1, beforeWindow: 0 },
      opportunity: { name: "Acme expansion", stage: "closed_won" },
    });
    expect(journey.touches.map((x: { campaignName: string }) => x.campaignName)).toEqual([
      "Search ads",
      "Spring webinar",
      "Nurture email",
      "Spring webinar",
      "Nurture email",
      "Nurture email",
    ]);
    expect(journey.touches.map((x: { positions: string[] }) => x.positions)).toEqual([
      ["first"],
      ["lead_creation"],
      [],
      [],
      ["opportunity_creation"],
      ["close"],
    ]);
    expect(journey.touches.map((x: { contactName: string }) => x.contactName)).toEqual([
      "Ann Test",
      "Ann Test",
      "Ann Test",
      "Bob Test",
      "Ann Test",
      "Bob Test",
    ]);
    [0.3, 0.3, 0.05, 0.05, 0.3, 0].forEach((share, i) => {
      expect(journey.touches[i].credits.w_shaped).toBeCloseTo(share, 12);
    });
    const webinar = journey.keys.find((k: { key: string }) => k.key === f.campaigns.W);
    expect(webinar).toMatchObject({ label: "Spring webinar", touches: 2, onJourney: true });
    expect(webinar.credits.linear * 12_000).toBeCloseTo(4000, 6);
    // Pages of a long journey.
    const page = (
      await t
        .as(t.cast.rep)
        .get(`/api/reports/attribution/opportunities/${f.won}?${PERIOD}&offset=4&limit=10`)
    ).json();
    expect(page.total).toBe(6);
    expect(page.touches.map((x: { positions: string[] }) => x.positions)).toEqual([
      ["opportunity_creation"],
      ["close"],
    ]);
    // The lost deal has a pipeline journey, not a won one.
    const lost = await t
      .as(t.cast.rep)
      .get(`/api/reports/attribution/opportunities/${f.lost}?milestone=closed_won`);
    expect(lost.statusCode).toBe(400);
    expect(lost.body).toContain("milestone");
    const pipeline = (await t.as(t.cast.rep).get(`/api/reports/attribution/opportunities/${f.lost}`)).json();
    expect(pipeline).toMatchObject({
      milestone: "opportunity_created",
      total: 0,
      excluded: { afterMilestone: 1 },
    });
    expect(pipeline.keys).toEqual([expect.objectContaining({ kind: "no_touch", onJourney: false })]);
    // Another workspace's deal is not found; a malformed id is a 400.
    expect(
      (await t.as(t.cast.rep).get(`/api/reports/attribution/opportunities/${theirs.won}`)).statusCode,
    ).toBe(404);
    expect((await t.as(t.cast.rep).get("/api/reports/attribution/opportunities/nope")).statusCode).toBe(400);
  });

  it("lists the deals behind a campaign's number", async () => {
    const response = await t
      .as(t.cast.marketingLead)
      .get(`/api/reports/attribution/campaigns/${f.campaigns.W}/deals?${PERIOD}&model=linear`);
    expect(response.statusCode, response.body).toBe(200);
    const deals = response.json();
    expect(deals.campaign).toMatchObject({ name: "Spring webinar", channel: "webinar" });
    expect(deals.total).toBe(1);
    expect(deals.items[0]).toMatchObject({ id: f.won, name: "Acme expansion", touches: 2, amount: 12_000 });
    expect(deals.items[0].credit).toBeCloseTo(4000, 6);
    expect(deals.credit.amount).toBeCloseTo(4000, 6);
    expect(deals.offJourney).toEqual({ conversions: 0, amount: 0 });
    // Contact milestones list contacts.
    const mqls = (
      await t
        .as(t.cast.rep)
        .get(
          `/api/reports/attribution/campaigns/${f.campaigns.W}/deals?${PERIOD}&milestone=mql&model=first_touch`,
        )
    ).json();
    // Bob's first touch was the webinar; Ann touched it too (8 Jan) but after the ads: listed, with nothing.
    expect(
      mqls.items.map((i: { name: string; kind: string; share: number }) => [i.name, i.kind, i.share]),
    ).toEqual([
      ["Bob Test", "contact", 1],
      ["Ann Test", "contact", 0],
    ]);
    expect(
      (await t.as(t.cast.rep).get(`/api/reports/attribution/campaigns/${theirs.campaigns.W}/deals`))
        .statusCode,
    ).toBe(404);
    const bad = await t
      .as(t.cast.rep)
      .get(`/api/reports/attribution/campaigns/${f.campaigns.W}/deals?limit=0`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("limit");
  });
});

describe("campaign and source performance", () => {
  it("gives cost, credited funnel numbers, ROI, cost per result and lead quality per campaign", async () => {
    const response = await t
      .as(t.cast.marketingLead)
      .get(`/api/reports/attribution/performance?${PERIOD}&model=linear`);
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    const row = (id: string) => report.rows.find((r: { key: string }) => r.key === id);
    const { P, W, E } = f.campaigns;
    // Contacts created: Ann after P and W (half each), Bob after W; Cid without a touch.
    // MQLs: Ann (P, W), Bob (W, E). Won: the deal's linear shares 1/6, 1/3, 1/2.
    expect(row(E)).toMatchObject({
      cost: 500,
      contacts: 0,
      mqls: 0.5,
      sqls: 0.5,
      revenue: 6000,
      roi: 11,
      costPerMql: 1000,
    });
    expect(row(E).pipeline).toBeCloseTo(4800, 6);
    expect(row(E).wonDeals).toBeCloseTo(0.5, 12);
    expect(row(E).costPerWonDeal).toBeCloseTo(1000, 6);
    expect(row(W)).toMatchObject({ cost: 1000, contacts: 1.5, mqls: 1, sqls: 0.5, revenue: 4000, roi: 3 });
    expect(row(P)).toMatchObject({
      cost: 2000,
      contacts: 0.5,
      mqls: 0.5,
      sqls: 0,
      revenue: 2000,
      roi: 0,
      costPerSql: null,
    });
    // Lead quality of the leads each campaign sourced: Ann accepted (P), Bob rejected as a bad fit (W); two
    // decisions are too few to judge (minimum sample 20). Search ads sourced both deals: one won, one lost.
    expect(row(P).quality).toMatchObject({
      accepted: 1,
      rejected: 0,
      acceptanceRate: 1,
      judged: false,
      won: 1,
      lost: 1,
      winRate: 0.5,
    });
    expect(row(W).quality).toMatchObject({ accepted: 0, rejected: 1, acceptanceRate: 0, judged: false });
    expect(row(W).quality.reasons).toEqual([{ reason: "bad_fit", label: expect.any(String), count: 1 }]);
    expect(report.minimumSample).toBe(20);
    expect(report.totals).toMatchObject({ cost: 3500, revenue: 12_000 });
    expect(report.totals.pipeline).toBeCloseTo(17_000, 6);

    // By channel, the same numbers under the channels' names.
    const byChannel = (
      await t.as(t.cast.rep).get(`/api/reports/attribution/performance?${PERIOD}&model=linear&by=channel`)
    ).json();
    expect(byChannel.rows.find((r: { key: string }) => r.key === "email")).toMatchObject({
      cost: 500,
      revenue: 6000,
    });

    const csv = await t.as(t.cast.rep).get(`/api/reports/attribution/performance.csv?${PERIOD}&model=linear`);
    expect(csv.statusCode).toBe(200);
    const [header, ...lines] = csv.body.trim().split("\n");
    const columns = header.split(",");
    const email = (lines.find((l) => l.includes("Nurture email")) as string).split(",");
    expect(email[columns.indexOf("revenue")]).toBe("6000");
    expect(email[columns.indexOf("roi")]).toBe("11");
    const bad = await t.as(t.cast.rep).get("/api/reports/attribution/performance?model=gut_feeling");
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("model");
  });

  it("shows a campaign its own results (the campaign page)", async () => {
    const response = await t
      .as(t.cast.rep)
      .get(`/api/campaigns/${f.campaigns.W}/results?${PERIOD}&model=linear`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().results).toMatchObject({
      label: "Spring webinar",
      cost: 1000,
      revenue: 4000,
      roi: 3,
      mqls: 1,
    });
    expect((await t.as(t.cast.rep).get(`/api/campaigns/${theirs.campaigns.W}/results`)).statusCode).toBe(404);
    const bad = await t.as(t.cast.rep).get(`/api/campaigns/${f.campaigns.W}/results?halfLifeDays=-1`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("halfLifeDays");
  });

  it("each workspace's numbers stay its own", async () => {
    const report = (await t.as(t.cast.outsider).get(`/api/reports/attribution/performance?${PERIOD}`)).json();
    const keys = report.rows.map((r: { key: string | null }) => r.key);
    expect(keys.filter((k: string | null) => k !== null).sort()).toEqual(
      Object.values(theirs.campaigns).sort(),
    );
    for (const id of Object.values(f.campaigns)) expect(JSON.stringify(report)).not.toContain(id);
    expect(report.totals.cost).toBe(3500);
  });
});

// The window boundary in milliseconds is inclusive: a touch exactly lookbackDays before the milestone counts.
describe("the window's edge", () => {
  it("counts a touch exactly lookbackDays before the win", async () => {
    const journey = (
      await t
        .as(t.cast.rep)
        .get(
          `/api/reports/attribution/opportunities/${f.won}?lookbackDays=${(Date.parse(at("2026-03-01")) - Date.parse(at("2026-01-20"))) / DAY}`,
        )
    ).json();
    expect(journey.total).toBe(4);
    expect(journey.excluded.beforeWindow).toBe(2);
  });
});
