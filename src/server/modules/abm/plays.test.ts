// Plays: a run creates the right tasks with the right owners and dates; tasks are completed, skipped with a
// reason or overdue, by the right people; results are computed from touches and deals (checked by hand).
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows } from "../../db/client.js";
import { accounts, contacts, opportunities, touches } from "../../db/schema/index.js";
import { newId } from "../../lib/ids.js";
import { setupTestApp } from "../../testing/harness.js";

const t = setupTestApp();
const DAY = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

async function addAccount(ws: string, name: string, values: Partial<typeof accounts.$inferInsert> = {}) {
  const id = newId();
  await t.database.db.insert(accounts).values({ workspaceId: ws, id, name, ...values });
  return id;
}

/** Puts accounts on a new list through a proposal both leads approve. */
async function target(accounts: [string, string][], name = "Targets") {
  const { marketingLead, salesLead } = t.cast;
  const listId = (await t.as(marketingLead).post("/api/target-lists", { name })).json().id;
  const proposed = await t.as(marketingLead).post(`/api/target-lists/${listId}/versions`, {
    items: accounts.map(([accountId, tier]) => ({ accountId, action: "add", tier })),
    reason: "Agreed in the pipeline meeting",
  });
  expect(proposed.statusCode).toBe(201);
  await t.as(marketingLead).post(`/api/target-lists/${listId}/versions/1/approval`);
  expect((await t.as(salesLead).post(`/api/target-lists/${listId}/versions/1/approval`)).json().status).toBe(
    "active",
  );
  return listId as string;
}

const STEPS = (marketingLeadId: string) => [
  {
    title: "LinkedIn ads to the buying committee",
    channel: "ad",
    ownerTeam: "marketing",
    day: 0,
    asset: "ABM ad set Q3",
  },
  { title: "Call the champion", channel: "call", ownerTeam: "sales", day: 2 },
  {
    title: "Send the ROI study",
    channel: "direct_mail",
    ownerTeam: "marketing",
    ownerMemberId: marketingLeadId,
    day: 10,
    asset: "ROI study (print)",
  },
];

describe("plays", () => {
  it("runs a play on target accounts: dated tasks for both teams with the right owners", async () => {
    const { marketingLead, salesLead, rep } = t.cast;
    const ws = rep.workspaceId;
    const initech = await addAccount(ws, "Initech", { ownerMemberId: rep.memberId });
    const globex = await addAccount(ws, "Globex", { ownerMemberId: marketingLead.memberId });
    const stranger = await addAccount(ws, "Stranger");
    await target([
      [initech, "one_to_few"],
      [globex, "one_to_few"],
    ]);
    // Plays are the leads' to define; owners must be in the step's team.
    expect(
      (await t.as(rep).post("/api/plays", { name: "X", steps: STEPS(marketingLead.memberId) })).statusCode,
    ).toBe(403);
    const wrongTeam = await t.as(marketingLead).post("/api/plays", {
      name: "Expansion",
      steps: [
        { title: "Call", channel: "call", ownerTeam: "sales", ownerMemberId: marketingLead.memberId, day: 0 },
      ],
    });
    expect(wrongTeam.statusCode).toBe(400);
    expect(wrongTeam.json().error.details[0].path).toBe("steps.0.ownerMemberId");
    const badChannel = await t.as(marketingLead).post("/api/plays", {
      name: "Expansion",
      steps: [{ title: "Fax", channel: "fax", ownerTeam: "sales", day: 0 }],
    });
    expect(badChannel.json().error.details[0].path).toBe("steps.0.channel");
    const play = await t.as(marketingLead).post("/api/plays", {
      name: "Expansion",
      description: "Land the committee",
      steps: STEPS(marketingLead.memberId),
    });
    expect(play.statusCode).toBe(201);
    expect(play.json().steps.map((s: { id: string }) => s.id)).toEqual(["step-1", "step-2", "step-3"]);
    const playId = play.json().id;

    // Only target accounts: the agreement comes first.
    const refused = await t.as(rep).post(`/api/plays/${playId}/runs`, { accountIds: [initech, stranger] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details[0].path).toBe("accountIds.1");
    expect(
      (await queryRows(t.database.db, sql`select 1 from play_runs where workspace_id = ${ws}`)).length,
    ).toBe(0);

    const run = await t.as(rep).post(`/api/plays/${playId}/runs`, {
      accountIds: [initech, globex],
      startDate: "2030-03-04",
    });
    expect(run.statusCode).toBe(201);
    expect(run.json()).toMatchObject({
      startDate: "2030-03-04",
      endDate: "2030-03-14",
      startedByName: "Rey Rep",
    });
    const tasks = (await t.as(rep).get(`/api/play-tasks?runId=${run.json().id}`)).json();
    expect(tasks.total).toBe(6);
    expect(
      tasks.items.map(
        (k: {
          accountName: string;
          title: string;
          ownerTeam: string;
          ownerName: string | null;
          dueDate: string;
          status: string;
        }) => [k.accountName, k.dueDate, k.ownerTeam, k.ownerName, k.status],
      ),
    ).toEqual([
      ["Globex", "2030-03-04", "marketing", "Mia Marketing", "open"], // the account's owner is in marketing
      ["Initech", "2030-03-04", "marketing", null, "open"],
      ["Globex", "2030-03-06", "sales", null, "open"], // its owner is not in sales: the team's
      ["Initech", "2030-03-06", "sales", "Rey Rep", "open"], // the account's owner, in sales
      ["Globex", "2030-03-14", "marketing", "Mia Marketing", "open"], // named on the step
      ["Initech", "2030-03-14", "marketing", "Mia Marketing", "open"],
    ]);
    expect(tasks.items[0]).toMatchObject({ channel: "ad", asset: "ABM ad set Q3", playName: "Expansion" });

    // Completing and skipping: by the owner, the owning team when no one is named, or a lead.
    const byId = (account: string, team: string) =>
      tasks.items.find(
        (k: { accountName: string; ownerTeam: string; dueDate: string }) =>
          k.accountName === account && k.ownerTeam === team && k.dueDate !== "2030-03-14",
      ).id;
    const initechAd = byId("Initech", "marketing");
    const initechCall = byId("Initech", "sales");
    const globexCall = byId("Globex", "sales");
    expect((await t.as(rep).post(`/api/play-tasks/${initechAd}/complete`, {})).statusCode).toBe(403);
    const done = await t.as(rep).post(`/api/play-tasks/${initechCall}/complete`, { note: "Booked a demo" });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: "done", doneByName: "Rey Rep", note: "Booked a demo" });
    expect((await t.as(rep).post(`/api/play-tasks/${initechCall}/complete`, {})).statusCode).toBe(409);
    const noReason = await t.as(rep).post(`/api/play-tasks/${globexCall}/skip`, { reason: "" });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details[0].path).toBe("reason");
    const skipped = await t.as(rep).post(`/api/play-tasks/${globexCall}/skip`, { reason: "Champion left" });
    expect(skipped.json()).toMatchObject({ status: "skipped", note: "Champion left" });
    expect((await t.as(marketingLead).post(`/api/play-tasks/${initechAd}/complete`, {})).json().status).toBe(
      "done",
    );
    expect((await t.as(t.cast.outsider).post(`/api/play-tasks/${initechAd}/complete`, {})).statusCode).toBe(
      404,
    );
    expect((await t.as(t.cast.outsider).get(`/api/play-runs/${run.json().id}`)).statusCode).toBe(404);
    const left = (await t.as(rep).get(`/api/play-tasks?runId=${run.json().id}&status=open`)).json();
    expect(left.total).toBe(3);
    expect((await t.as(salesLead).get(`/api/plays/${playId}`)).json()).toMatchObject({
      runs: 1,
      openTasks: 3,
    });
    expect((await t.as(rep).get(`/api/play-tasks?accountId=${initech}&ownerTeam=sales`)).json().total).toBe(
      1,
    );
  });

  it("shows overdue tasks, and results computed from touches and deals against comparable accounts", async () => {
    const { marketingLead, rep } = t.cast;
    const ws = rep.workspaceId;
    const [a1, a2, a3, a4] = [
      await addAccount(ws, "A1"),
      await addAccount(ws, "A2"),
      await addAccount(ws, "A3 (comparable)"),
      await addAccount(ws, "A4 (other tier)"),
    ];
    await target([
      [a1, "one_to_few"],
      [a2, "one_to_few"],
      [a3, "one_to_few"],
      [a4, "one_to_many"],
    ]);
    const start = Date.parse(`${dayOf(Date.now() - 5 * DAY)}T00:00:00Z`); // 6 days so far, today included
    const contactAt = async (accountId: string) => {
      const id = newId();
      await t.database.db.insert(contacts).values({ workspaceId: ws, id, accountId });
      return id;
    };
    const touch = async (accountId: string, type: string, at: number, byContact = true) =>
      t.database.db.insert(touches).values({
        workspaceId: ws,
        id: newId(),
        contactId: byContact ? await contactAt(accountId) : null,
        accountId: byContact ? null : accountId,
        type,
        team: type === "meeting" ? "sales" : "marketing",
        occurredAt: new Date(at),
        source: "test",
      });
    // A1: 1 before, 3 since (one a meeting); A2: 0 before, 1 since; A3: 1 and 1; A4 (not comparable): 5 since.
    await touch(a1, "webinar", start - 3 * DAY);
    await touch(a1, "webinar", start + DAY);
    await touch(a1, "meeting", start + 2 * DAY);
    await touch(a1, "ad_click", start + 3 * DAY, false);
    await touch(a2, "webinar", start + DAY);
    await touch(a3, "webinar", start - 2 * DAY);
    await touch(a3, "webinar", start + 2 * DAY);
    for (let i = 0; i < 5; i++) await touch(a4, "webinar", start + DAY);
    // Outside the windows: 7 days before the start (the window before is 6 days long).
    await touch(a1, "webinar", start - 7 * DAY);
    await t.database.db.insert(opportunities).values([
      { workspaceId: ws, id: newId(), name: "New", accountId: a1, amount: 5_000, closeDate: "2030-01-31" },
      {
        workspaceId: ws,
        id: newId(),
        name: "Old",
        accountId: a2,
        amount: 9_000,
        closeDate: "2030-01-31",
        createdAt: new Date(start - DAY),
      },
    ]);
    const playId = (
      await t
        .as(marketingLead)
        .post("/api/plays", { name: "Awareness", steps: STEPS(marketingLead.memberId) })
    ).json().id;
    const run = await t
      .as(rep)
      .post(`/api/plays/${playId}/runs`, { accountIds: [a1, a2], startDate: dayOf(start) });
    expect(run.statusCode).toBe(201);
    // inPlay: before (1 + 0) / 2 = 0.5, after (3 + 1) / 2 = 2; comparison (A3): 1 -> 1. Lift: 1.5 - 0 = 1.5.
    expect(run.json().results).toEqual({
      accounts: 2,
      comparisonAccounts: 1,
      days: 6,
      inPlay: { before: 0.5, after: 2 },
      comparison: { before: 1, after: 1 },
      lift: 1.5,
      meetings: 1,
      opportunities: 1,
      pipeline: 5_000,
      tasks: { open: 2, done: 0, skipped: 0, overdue: 4 },
    });
    const overdue = (await t.as(rep).get(`/api/play-tasks?runId=${run.json().id}&status=overdue`)).json();
    expect(overdue.items.map((k: { dueDate: string }) => k.dueDate)).toEqual([
      dayOf(start),
      dayOf(start),
      dayOf(start + 2 * DAY),
      dayOf(start + 2 * DAY),
    ]);
    // No other account shares A4's tier: every other target account is the comparison.
    const alone = await t
      .as(rep)
      .post(`/api/plays/${playId}/runs`, { accountIds: [a4], startDate: dayOf(start) });
    expect(alone.json().results).toMatchObject({ comparisonAccounts: 3, inPlay: { before: 0, after: 5 } });
    const runs = (await t.as(rep).get(`/api/play-runs?accountId=${a1}`)).json().items;
    expect(runs.map((r: { playName: string }) => r.playName)).toEqual(["Awareness"]);
    expect((await t.as(rep).get(`/api/play-runs?accountId=${a3}`)).json().items).toHaveLength(0);
  });
});
