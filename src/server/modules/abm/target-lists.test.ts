// Target-account lists: a change takes effect only when a sales lead and a marketing lead both approve it
// (the joint-approval verbs), with the reason and the data behind it kept; every change is in the history;
// bad input and the wrong people are refused with nothing written.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows } from "../../db/client.js";
import { accounts, opportunities } from "../../db/schema/index.js";
import { newId } from "../../lib/ids.js";
import { setupTestApp } from "../../testing/harness.js";

const t = setupTestApp();

async function account(
  workspaceId: string,
  name: string,
  values: Partial<typeof accounts.$inferInsert> = {},
) {
  const id = newId();
  await t.database.db.insert(accounts).values({ workspaceId, id, name, ...values });
  return id;
}

const count = async (table: string, workspaceId: string) =>
  (
    await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from ${sql.raw(table)} where workspace_id = ${workspaceId}`,
    )
  )[0].n;

describe("target-account lists", () => {
  it("changes only when a sales lead and a marketing lead both approve, keeping the reason, the data and the history", async () => {
    const { salesLead, marketingLead, rep } = t.cast;
    const ws = rep.workspaceId;
    const initech = await account(ws, "Initech", { industry: "Software" });
    const globex = await account(ws, "Globex");
    await t.database.db.insert(opportunities).values([
      {
        workspaceId: ws,
        id: newId(),
        name: "Initech pilot",
        accountId: initech,
        amount: 12_000,
        stage: "closed_won",
        closeDate: "2026-01-31",
      },
      {
        workspaceId: ws,
        id: newId(),
        name: "Initech rollout",
        accountId: initech,
        amount: 30_000,
        stage: "proposal",
        closeDate: "2026-09-30",
      },
    ]);
    const created = await t.as(marketingLead).post("/api/target-lists", { name: "FY27 targets" });
    expect(created.statusCode).toBe(201);
    const listId = created.json().id as string;
    expect(created.json()).toMatchObject({ accounts: 0, pendingChanges: 0 });

    // Anyone proposes; the data behind each account is kept with the proposal.
    const proposed = await t.as(rep).post(`/api/target-lists/${listId}/versions`, {
      items: [
        { accountId: initech, action: "add", tier: "one_to_one" },
        { accountId: globex, action: "add", tier: "one_to_many" },
      ],
      reason: "Initech is expanding; Globex fits the ICP",
    });
    expect(proposed.statusCode).toBe(201);
    expect(proposed.json()).toMatchObject({
      version: 1,
      status: "draft",
      reason: "Initech is expanding; Globex fits the ICP",
      createdByName: "Rey Rep",
      missingApprovals: ["sales", "marketing"],
    });
    const initechItem = proposed.json().items.find((i: { accountId: string }) => i.accountId === initech);
    expect(initechItem).toMatchObject({
      accountName: "Initech",
      tier: "one_to_one",
      fromTier: null,
      evidence: { pipeline: 42_000, revenue: 12_000, openOpportunities: 1 },
    });

    // A member may not approve; one team's approval changes nothing; the same team cannot sign twice.
    expect((await t.as(rep).post(`/api/target-lists/${listId}/versions/1/approval`)).statusCode).toBe(403);
    const sales = await t.as(salesLead).post(`/api/target-lists/${listId}/versions/1/approval`);
    expect(sales.statusCode).toBe(200);
    expect(sales.json()).toMatchObject({ status: "draft", missingApprovals: ["marketing"] });
    expect((await t.as(rep).get(`/api/target-lists/${listId}/accounts`)).json().total).toBe(0);
    expect((await t.as(salesLead).post(`/api/target-lists/${listId}/versions/1/approval`)).statusCode).toBe(
      409,
    );
    // Withdrawn and signed again: still only one signature counts.
    expect((await t.as(salesLead).delete(`/api/target-lists/${listId}/versions/1/approval`)).statusCode).toBe(
      200,
    );
    expect((await t.as(salesLead).post(`/api/target-lists/${listId}/versions/1/approval`)).statusCode).toBe(
      200,
    );

    const both = await t.as(marketingLead).post(`/api/target-lists/${listId}/versions/1/approval`);
    expect(both.statusCode).toBe(200);
    expect(both.json()).toMatchObject({
      status: "active",
      activatedByName: "Mia Marketing",
      missingApprovals: [],
    });
    expect(
      both
        .json()
        .approvals.map((a: { team: string }) => a.team)
        .sort(),
    ).toEqual(["marketing", "sales"]);
    const onList = (await t.as(rep).get(`/api/target-lists/${listId}/accounts`)).json();
    expect(onList.total).toBe(2);
    expect(onList.items.map((a: { name: string; tier: string }) => [a.name, a.tier])).toEqual([
      ["Initech", "one_to_one"],
      ["Globex", "one_to_many"],
    ]);
    expect(onList.items[0]).toMatchObject({ pipeline: 42_000, revenue: 12_000 });
    expect((await t.as(rep).get(`/api/target-lists/${listId}`)).json()).toMatchObject({
      accounts: 2,
      byTier: { one_to_one: 1, one_to_few: 0, one_to_many: 1 },
      pipeline: 42_000,
      revenue: 12_000,
    });
    // An agreement in effect is signed no more.
    expect((await t.as(salesLead).post(`/api/target-lists/${listId}/versions/1/approval`)).statusCode).toBe(
      409,
    );

    // Re-tier Globex and remove Initech: again only with both approvals.
    const v2 = await t.as(marketingLead).post(`/api/target-lists/${listId}/versions`, {
      items: [
        { accountId: globex, action: "change_tier", tier: "one_to_few" },
        { accountId: initech, action: "remove" },
      ],
      reason: "Initech signed; Globex engaged",
    });
    expect(v2.statusCode).toBe(201);
    expect(v2.json().items.find((i: { accountId: string }) => i.accountId === globex).fromTier).toBe(
      "one_to_many",
    );
    // A second proposal on an account with one waiting is refused.
    const clash = await t.as(rep).post(`/api/target-lists/${listId}/versions`, {
      items: [{ accountId: initech, action: "remove" }],
      reason: "Again",
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error.message).toContain("version 2");
    await t.as(marketingLead).post(`/api/target-lists/${listId}/versions/2/approval`);
    expect((await t.as(rep).get(`/api/target-lists/${listId}/accounts`)).json().items).toHaveLength(2);
    await t.as(salesLead).post(`/api/target-lists/${listId}/versions/2/approval`);
    const after = (await t.as(rep).get(`/api/target-lists/${listId}/accounts`)).json();
    expect(after.items.map((a: { name: string; tier: string }) => [a.name, a.tier])).toEqual([
      ["Globex", "one_to_few"],
    ]);

    const history = (await t.as(rep).get(`/api/target-lists/${listId}/history`)).json().items;
    expect(
      history.map(
        (h: {
          version: number;
          accountName: string;
          action: string;
          tier: string | null;
          fromTier: string | null;
        }) => [h.version, h.accountName, h.action, h.tier, h.fromTier],
      ),
    ).toEqual([
      [2, "Globex", "tier_changed", "one_to_few", "one_to_many"],
      [2, "Initech", "removed", null, "one_to_one"],
      [1, "Globex", "added", "one_to_many", null],
      [1, "Initech", "added", "one_to_one", null],
    ]);
    expect(history[0].reason).toBe("Initech signed; Globex engaged");
    // Every stay on the list is a row: Initech's closed, Globex's two (the 1:many one closed).
    expect(await count("target_list_entries", ws)).toBe(3);
    const audit = await queryRows<{ action: string }>(
      t.database.db,
      sql`select action from audit_events where workspace_id = ${ws} and entity_type = 'target_list' order by occurred_at, id`,
    );
    expect(audit.map((a) => a.action)).toContain("target_list.change.activated");
  });

  it("refuses bad proposals naming the field, and writes nothing", async () => {
    const { marketingLead, rep, outsider } = t.cast;
    const ws = rep.workspaceId;
    const initech = await account(ws, "Initech");
    const foreign = await account(outsider.workspaceId, "Globex");
    const listId = (await t.as(marketingLead).post("/api/target-lists", { name: "Targets" })).json().id;
    const bad = async (body: object, field: string, status = 400) => {
      const response = await t.as(rep).post(`/api/target-lists/${listId}/versions`, body);
      expect(response.statusCode, JSON.stringify(response.json())).toBe(status);
      expect(response.json().error.details[0].path).toBe(field);
    };
    await bad({ items: [{ accountId: initech, action: "add", tier: "one_to_one" }], reason: " " }, "reason");
    await bad({ items: [{ accountId: initech, action: "add" }], reason: "Fit" }, "items.0.tier");
    await bad({ items: [], reason: "Fit" }, "items");
    await bad(
      { items: [{ accountId: foreign, action: "add", tier: "one_to_one" }], reason: "Fit" },
      "items.0.accountId",
    );
    await bad({ items: [{ accountId: initech, action: "remove" }], reason: "Fit" }, "items.0.accountId");
    await bad(
      { items: [{ accountId: initech, action: "add", tier: "wide" }], reason: "Fit" },
      "items.0.tier",
    );
    expect(await count("target_list_changes", ws)).toBe(0);
    // Creating lists is for leads; names are unique.
    expect((await t.as(rep).post("/api/target-lists", { name: "Mine" })).statusCode).toBe(403);
    const twice = await t.as(marketingLead).post("/api/target-lists", { name: "Targets" });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.details[0].path).toBe("name");
    expect(
      (await t.as(marketingLead).post("/api/target-lists", { name: "" })).json().error.details[0].path,
    ).toBe("name");
  });

  it("keeps other workspaces out, and lets the proposer or a lead withdraw a waiting proposal", async () => {
    const { marketingLead, salesLead, rep, admin, outsider } = t.cast;
    const ws = rep.workspaceId;
    const initech = await account(ws, "Initech");
    const listId = (await t.as(marketingLead).post("/api/target-lists", { name: "Targets" })).json().id;
    await t.as(rep).post(`/api/target-lists/${listId}/versions`, {
      items: [{ accountId: initech, action: "add", tier: "one_to_few" }],
      reason: "Fit",
    });
    expect((await t.as(outsider).get(`/api/target-lists/${listId}`)).statusCode).toBe(404);
    expect((await t.as(outsider).post(`/api/target-lists/${listId}/versions/1/approval`)).statusCode).toBe(
      404,
    );
    expect((await t.as(outsider).get("/api/target-lists")).json().items).toHaveLength(0);
    // The revenue-team admin signs for neither team.
    expect((await t.as(admin).post(`/api/target-lists/${listId}/versions/1/approval`)).statusCode).toBe(403);
    await t.as(salesLead).post(`/api/target-lists/${listId}/versions/1/approval`);
    const retired = await t.as(rep).post(`/api/target-lists/${listId}/versions/1/retire`);
    expect(retired.statusCode).toBe(200);
    expect(retired.json()).toMatchObject({ status: "retired", retiredByName: "Rey Rep", approvals: [] });
    expect(
      (await t.as(marketingLead).post(`/api/target-lists/${listId}/versions/1/approval`)).statusCode,
    ).toBe(409);
    expect((await t.as(rep).get(`/api/target-lists/${listId}/accounts`)).json().total).toBe(0);
    expect((await t.as(rep).post(`/api/target-lists/${listId}/versions/1/retire`)).statusCode).toBe(409);
  });
});
