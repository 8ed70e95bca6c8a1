// Alignment health: the pulse stays anonymous (answers apart from who gave them, once a month, results only
// for ended months with at least three answers, never one answer through any route), and the index averages
// the judged signals and names the weakest.
import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { queryRows } from "../../db/client.js";
import { campaigns, leadDecisions, pulseAnswers, wallPosts } from "../../db/schema/index.js";
import { newId } from "../../lib/ids.js";
import { setupTestApp } from "../../testing/harness.js";
import { person } from "../goals/goal-fixtures.js";

const t = setupTestApp();
const ANSWER = { sharedGoals: 4, trust: 3, getWhatINeed: 2, sameLanguage: 5, creditShared: 1 };
const lastMonth = () => DateTime.now().setZone("Europe/Berlin").minus({ months: 1 }).toFormat("yyyy-MM");

async function answersFor(round: string, scores: number[]) {
  await t.database.db.insert(pulseAnswers).values(
    scores.map((s) => ({
      workspaceId: t.cast.admin.workspaceId,
      id: newId(),
      round,
      sharedGoals: s,
      trust: s,
      getWhatINeed: s,
      sameLanguage: s,
      creditShared: s,
    })),
  );
}

describe("the pulse", () => {
  it("takes one answer a month from each member and says only how many answered", async () => {
    const first = await t.as(t.cast.rep).post("/api/alignment/pulse", ANSWER);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ answered: true, answers: 1 });
    expect(first.json().statements).toHaveLength(5);
    const again = await t.as(t.cast.rep).post("/api/alignment/pulse", ANSWER);
    expect(again.statusCode).toBe(409);
    expect((await t.as(t.cast.salesLead).get("/api/alignment/pulse")).json()).toMatchObject({
      answered: false,
      answers: 1,
    });
    const bad = await t.as(t.cast.salesLead).post("/api/alignment/pulse", { ...ANSWER, trust: 6 });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().error)).toContain("trust");
    expect((await t.as(t.cast.salesLead).post("/api/alignment/pulse", { trust: 3 })).statusCode).toBe(400);
    expect((await t.as(t.cast.salesLead).get("/api/alignment/pulse")).json()).toMatchObject({
      answered: false,
      answers: 1,
    });
    // Another workspace counts its own answers.
    expect((await t.as(t.cast.outsider).get("/api/alignment/pulse")).json()).toMatchObject({ answers: 0 });
  });

  it("never shows an open month's answers, nor a month with fewer than three", async () => {
    for (const m of [t.cast.rep, t.cast.salesLead, t.cast.marketingLead, t.cast.admin])
      expect((await t.as(m).post("/api/alignment/pulse", ANSWER)).statusCode).toBe(200);
    await answersFor(lastMonth(), [5, 1]);
    let health = (await t.as(t.cast.admin).get("/api/alignment")).json();
    expect(health.pulse).toBeNull();
    const pulseOf = (month: { signals: { key: string }[] }) => month.signals.find((s) => s.key === "pulse");
    expect(pulseOf(health.current)).toMatchObject({
      judged: false,
      score: null,
      detail: "4 answers so far; results when the month ends",
    });
    const previous = health.months[health.months.length - 2];
    expect(pulseOf(previous)).toMatchObject({
      judged: false,
      score: null,
      detail: "2 answers: fewer than 3, not shown",
    });
    // The third answer of the ended month: its averages appear, as averages only.
    await answersFor(lastMonth(), [3]);
    health = (await t.as(t.cast.admin).get("/api/alignment")).json();
    expect(health.pulse).toMatchObject({ round: lastMonth(), answers: 3 });
    expect(health.pulse.statements.map((s: { average: number }) => s.average)).toEqual([3, 3, 3, 3, 3]);
    // (3 - 1) / 4 = 0.5
    expect(pulseOf(health.months[health.months.length - 2])).toMatchObject({ judged: true, score: 0.5 });
  });

  it("keeps who answered apart from what: no route, table or log joins them", async () => {
    await t.as(t.cast.rep).post("/api/alignment/pulse", ANSWER);
    await t.as(t.cast.salesLead).post("/api/alignment/pulse", { ...ANSWER, trust: 5 });
    await t.as(t.cast.marketingLead).post("/api/alignment/pulse", { ...ANSWER, trust: 1 });
    const columns = await queryRows<{ column_name: string }>(
      t.database.db,
      sql`select column_name from information_schema.columns where table_name = 'pulse_answers' order by column_name`,
    );
    expect(columns.map((c) => c.column_name)).toEqual([
      "credit_shared",
      "get_what_i_need",
      "id",
      "round",
      "same_language",
      "shared_goals",
      "trust",
      "workspace_id",
    ]);
    // The answers' ids are random, not time-ordered like every other id (their order says nothing).
    const ids = await queryRows<{ id: string }>(t.database.db, sql`select id::text as id from pulse_answers`);
    expect(ids.every((r) => r.id[14] === "4")).toBe(true);
    const audit = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_events where action like 'pulse%' or entity_type like 'pulse%'`,
    );
    expect(audit[0].n).toBe(0);
    // Every route that speaks of the pulse, as each member: no trust score of 5 or 1 (one person's answer).
    for (const m of [t.cast.rep, t.cast.salesLead, t.cast.admin])
      for (const url of [
        "/api/alignment",
        "/api/alignment/pulse",
        "/api/audit",
        "/api/notifications",
        "/api/cockpit/revenue-team",
      ]) {
        const body = (await t.as(m).get(url)).body;
        expect(body).not.toMatch(/"trust":\s*[15]\b/);
        expect(body).not.toMatch(/"average":\s*[15]\b/);
      }
  });
});

describe("the alignment index", () => {
  it("averages the judged signals and names the weakest", async () => {
    const db = t.database.db;
    const ws = t.cast.admin.workspaceId;
    const contact = await person(db, ws, []);
    const campaign = newId();
    await db.insert(campaigns).values({ workspaceId: ws, id: campaign, name: "Webinar", channel: "webinar" });
    const minute = (n: number) => new Date(Date.now() - n * 60_000);
    // This month: 15 accepted, 5 rejected (75%, 20 answers: judged); one rejection is of the webinar's lead.
    await db.insert(leadDecisions).values(
      Array.from({ length: 20 }, (_, i) => ({
        workspaceId: ws,
        id: newId(),
        contactId: contact,
        decision: (i < 15 ? "accepted" : "rejected") as "accepted" | "rejected",
        outcome: i < 15 ? "sal" : "recycled",
        memberId: t.cast.rep.memberId,
        campaignId: i === 19 ? campaign : null,
        decidedAt: minute(2),
      })),
    );
    // Marketing changes the webinar after the rejection (campaign edits are audited).
    expect(
      (
        await t
          .as(t.cast.marketingLead)
          .patch(`/api/campaigns/${campaign}`, { name: "Webinar, new audience" })
      ).statusCode,
    ).toBe(200);
    // Cross-team kudos: the marketing lead to the rep, 2 of the 4 members.
    await db.insert(wallPosts).values({
      workspaceId: ws,
      id: newId(),
      kind: "kudos",
      fromMemberId: t.cast.marketingLead.memberId,
      toMemberId: t.cast.rep.memberId,
      message: "Thanks",
      crossTeam: true,
      createdAt: minute(1),
    });
    const res = await t.as(t.cast.rep).get("/api/alignment");
    expect(res.statusCode).toBe(200);
    const health = res.json();
    const signal = (key: string) => health.current.signals.find((s: { key: string }) => s.key === key);
    expect(signal("acceptance")).toMatchObject({
      score: 0.75,
      judged: true,
      detail: "15 of 20 MQLs accepted",
    });
    expect(signal("cross_team_kudos")).toMatchObject({
      score: 0.5,
      judged: true,
      detail: "2 of 4 members gave or got kudos across teams",
    });
    expect(signal("sales_sla")).toMatchObject({ judged: false, score: null });
    expect(signal("marketing_sla")).toMatchObject({ judged: false, detail: "No SLA in force" });
    expect(signal("feedback_latency").detail).toMatch(
      /\(1 rejections, 1 followed by a change\), too few to judge \(1 of 20\)/,
    );
    expect(signal("feedback_latency").judged).toBe(false);
    // (0.75 + 0.5) / 2
    expect(health.current.index).toBe(62.5);
    expect(health.weakest).toMatchObject({ key: "cross_team_kudos", score: 0.5 });
    expect(health.months).toHaveLength(6);
    // Another workspace's index counts none of it: no answers, and nobody recognised across teams yet.
    const other = (await t.as(t.cast.outsider).get("/api/alignment")).json();
    const otherSignal = (key: string) => other.current.signals.find((s: { key: string }) => s.key === key);
    expect(otherSignal("acceptance")).toMatchObject({
      score: null,
      judged: false,
      detail: "No MQL decided yet",
    });
    expect(otherSignal("cross_team_kudos")).toMatchObject({
      score: 0,
      detail: "0 of 1 members gave or got kudos across teams",
    });
    expect(other.current.index).toBe(0);
  });
});
