// Pods, personas, segments and campaigns: the team and targeting records.
import { describe, expect, it } from "vitest";
import { setupTestApp } from "../../testing/harness.js";

const t = setupTestApp();

describe("pods, personas and segments", () => {
  it("lets leads build a pod mixing sales and marketing members that owns personas, segments and accounts", async () => {
    const { salesLead, marketingLead, rep } = t.cast;
    const pod = await t.as(salesLead).post("/api/pods", {
      name: "Mid-market East",
      memberIds: [salesLead.memberId, marketingLead.memberId, rep.memberId],
    });
    expect(pod.statusCode).toBe(201);
    const podId = pod.json().id;
    await t.as(marketingLead).post("/api/personas", {
      name: "VP Finance",
      titlePatterns: ["CFO", "VP Finance"],
      seniorities: ["vp"],
      podId,
    });
    await t.as(marketingLead).post("/api/segments", {
      name: "Mid-market",
      minEmployees: 200,
      maxEmployees: 2000,
      podId,
    });
    await t.as(rep).post("/api/accounts", { name: "Initech", podId });
    const read = (await t.as(rep).get(`/api/pods/${podId}`)).json();
    expect(read.members.map((m: { team: string }) => m.team).sort()).toEqual(["marketing", "sales", "sales"]);
    expect(read).toMatchObject({ personaCount: 1, segmentCount: 1, accountCount: 1 });
    const mine = (await t.as(rep).get(`/api/pods?memberId=${rep.memberId}`)).json().items;
    expect(mine.map((p: { name: string }) => p.name)).toEqual(["Mid-market East"]);
    const updated = await t
      .as(salesLead)
      .patch(`/api/pods/${podId}`, { memberIds: [marketingLead.memberId] });
    expect(updated.json().members.map((m: { name: string }) => m.name)).toEqual(["Mia Marketing"]);
  });

  it("refuses members without the lead role, and bad input naming the field", async () => {
    const { rep, marketingLead, outsider } = t.cast;
    const refused = await t.as(rep).post("/api/personas", { name: "CFO" });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toBe("Only team leads and admins can create a persona");
    expect((await t.as(rep).post("/api/pods", { name: "X" })).statusCode).toBe(403);
    expect((await t.as(rep).post("/api/segments", { name: "X" })).statusCode).toBe(403);
    const range = await t.as(marketingLead).post("/api/segments", {
      name: "Odd",
      minEmployees: 500,
      maxEmployees: 10,
    });
    expect(range.statusCode).toBe(400);
    expect(range.json().error.details[0].path).toBe("maxEmployees");
    const badSeniority = await t.as(marketingLead).post("/api/personas", {
      name: "X",
      seniorities: ["wizard"],
    });
    expect(badSeniority.json().error.details[0].path).toBe("seniorities.0");
    const foreignMember = await t.as(marketingLead).post("/api/pods", {
      name: "Mixed",
      memberIds: [outsider.memberId],
    });
    expect(foreignMember.statusCode).toBe(400);
    expect((await t.as(rep).get("/api/pods")).json().items).toHaveLength(0);
    expect((await t.as(rep).get("/api/segments")).json().items).toHaveLength(0);
  });
});

describe("campaigns", () => {
  it("creates, filters and validates campaigns", async () => {
    const { marketingLead } = t.cast;
    const created = await t.as(marketingLead).post("/api/campaigns", {
      name: "Q1 paid search",
      channel: "paid_search",
      startsOn: "2026-01-01",
      endsOn: "2026-03-31",
      budget: 20000,
      cost: 18250.5,
      utmCampaign: "q1-search",
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      budget: 20000,
      cost: 18250.5,
      status: "planned",
      ownerTeam: "marketing",
    });
    await t.as(marketingLead).post("/api/campaigns", { name: "Spring webinar", channel: "webinar" });
    const search = (await t.as(marketingLead).get("/api/campaigns?channel=paid_search")).json().items;
    expect(search.map((c: { name: string }) => c.name)).toEqual(["Q1 paid search"]);
    const dates = await t.as(marketingLead).post("/api/campaigns", {
      name: "Backwards",
      channel: "email",
      startsOn: "2026-05-01",
      endsOn: "2026-04-01",
    });
    expect(dates.statusCode).toBe(400);
    expect(dates.json().error.details[0].path).toBe("endsOn");
    const dupUtm = await t.as(marketingLead).post("/api/campaigns", {
      name: "Copy",
      channel: "email",
      utmCampaign: "q1-search",
    });
    expect(dupUtm.statusCode).toBe(409);
    const channel = await t.as(marketingLead).post("/api/campaigns", {
      name: "Fax blast",
      channel: "fax",
    });
    expect(channel.json().error.details[0].path).toBe("channel");
  });
});
