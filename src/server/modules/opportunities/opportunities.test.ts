import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { setupTestApp } from "../../testing/harness.js";

const t = setupTestApp();

async function accountWithContacts(headers: Record<string, string>) {
  const account = (
    await t.as({ headers }).post("/api/accounts", { name: "Initech", domain: "initech.com" })
  ).json();
  const bill = (
    await t.as({ headers }).post("/api/contacts", {
      email: "bill@initech.com",
      firstName: "Bill",
      lastName: "Lumbergh",
      accountId: account.id,
    })
  ).json();
  const tom = (
    await t.as({ headers }).post("/api/contacts", {
      email: "tom@initech.com",
      firstName: "Tom",
      accountId: account.id,
    })
  ).json();
  return { account, bill, tom };
}

describe("opportunities API", () => {
  it("creates a deal with contact roles, account name and open outcome", async () => {
    const { rep } = t.cast;
    const { account, bill } = await accountWithContacts(rep.headers);
    const created = await t.as(rep).post("/api/opportunities", {
      name: "Initech platform",
      accountId: account.id,
      amount: 48000,
      currency: "eur",
      closeDate: "2027-03-31",
      contacts: [{ contactId: bill.id, role: "economic_buyer" }],
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      accountName: "Initech",
      amount: 48000,
      currency: "EUR",
      stage: "discovery",
      outcome: "open",
      closedAt: null,
      contacts: [{ contactId: bill.id, role: "economic_buyer", name: "Bill Lumbergh" }],
    });
  });

  it("stamps closed_at when won, clears it when reopened, and filters by outcome and contact", async () => {
    const { rep } = t.cast;
    const { account, bill, tom } = await accountWithContacts(rep.headers);
    const deal = (
      await t.as(rep).post("/api/opportunities", {
        name: "Deal A",
        accountId: account.id,
        amount: 1000,
        closeDate: "2027-01-15",
        contacts: [{ contactId: tom.id }],
      })
    ).json();
    await t.as(rep).post("/api/opportunities", {
      name: "Deal B",
      accountId: account.id,
      amount: 500,
      closeDate: "2027-02-15",
    });
    const won = await t.as(rep).patch(`/api/opportunities/${deal.id}`, {
      stage: "closed_won",
      contacts: [{ contactId: bill.id, role: "champion" }],
    });
    expect(won.json()).toMatchObject({
      outcome: "won",
      contacts: [{ contactId: bill.id, role: "champion" }],
    });
    expect(won.json().closedAt).not.toBeNull();
    expect(
      (await t.as(rep).get("/api/opportunities?outcome=won"))
        .json()
        .items.map((o: { name: string }) => o.name),
    ).toEqual(["Deal A"]);
    expect(
      (await t.as(rep).get("/api/opportunities?outcome=open"))
        .json()
        .items.map((o: { name: string }) => o.name),
    ).toEqual(["Deal B"]);
    expect((await t.as(rep).get(`/api/opportunities?contactId=${bill.id}`)).json().items).toHaveLength(1);
    const bySize = (await t.as(rep).get("/api/opportunities?sort=amount&order=desc")).json().items;
    expect(bySize.map((o: { amount: number }) => o.amount)).toEqual([1000, 500]);
    const reopened = await t.as(rep).patch(`/api/opportunities/${deal.id}`, { stage: "negotiation" });
    expect(reopened.json()).toMatchObject({ outcome: "open", closedAt: null });
  });

  it("refuses bad input, unknown accounts and other workspaces' contacts, writing nothing", async () => {
    const { rep, outsider } = t.cast;
    const { account } = await accountWithContacts(rep.headers);
    const missing = await t.as(rep).post("/api/opportunities", {
      name: "No amount",
      accountId: account.id,
      closeDate: "2027-01-01",
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details[0].path).toBe("amount");
    const badDate = await t.as(rep).post("/api/opportunities", {
      name: "X",
      accountId: account.id,
      amount: 1,
      closeDate: "31/01/2027",
    });
    expect(badDate.json().error.details[0].path).toBe("closeDate");
    const theirContact = (await t.as(outsider).post("/api/contacts", { email: "x@globex.com" })).json();
    const foreign = await t.as(rep).post("/api/opportunities", {
      name: "Sneaky",
      accountId: account.id,
      amount: 1,
      closeDate: "2027-01-01",
      contacts: [{ contactId: theirContact.id }],
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.details[0].path).toBe("contactId");
    // The failed create left no half-written deal behind.
    expect((await t.as(rep).get("/api/opportunities")).json().items).toHaveLength(0);
    const theirAccount = (await t.as(outsider).post("/api/accounts", { name: "Globex" })).json();
    const wrongAccount = await t.as(rep).post("/api/opportunities", {
      name: "Y",
      accountId: theirAccount.id,
      amount: 1,
      closeDate: "2027-01-01",
    });
    expect(wrongAccount.json().error.details[0].path).toBe("accountId");
  });
});

describe("the deal-stage history", () => {
  it("records the stage at creation and each change of stage, nothing for other edits", async () => {
    const account = (
      await t.as(t.cast.rep).post("/api/accounts", { name: "Hooli", domain: "hooli.com" })
    ).json();
    const deal = (
      await t.as(t.cast.rep).post("/api/opportunities", {
        name: "Hooli deal",
        accountId: account.id,
        amount: 1000,
        closeDate: "2026-12-31",
      })
    ).json();
    await t.as(t.cast.rep).patch(`/api/opportunities/${deal.id}`, { stage: "proposal" });
    await t.as(t.cast.rep).patch(`/api/opportunities/${deal.id}`, { name: "Hooli deal, renamed" });
    await t.as(t.cast.rep).patch(`/api/opportunities/${deal.id}`, { stage: "closed_lost" });
    const rows = (
      (await t.database.db.execute(
        sql`select from_stage, to_stage, cause from opportunity_stage_changes
            where opportunity_id = ${deal.id}::uuid order by changed_at, to_stage`,
      )) as unknown as { rows: { from_stage: string | null; to_stage: string; cause: string }[] }
    ).rows;
    expect(rows.map((r) => [r.from_stage, r.to_stage, r.cause])).toEqual([
      [null, "discovery", "created"],
      ["discovery", "proposal", "edit"],
      ["proposal", "closed_lost", "edit"],
    ]);
  });
});
