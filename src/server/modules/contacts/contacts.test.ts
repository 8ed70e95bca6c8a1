import { describe, expect, it } from "vitest";
import { setupTestApp } from "../../testing/harness.js";

const t = setupTestApp();

describe("contacts API", () => {
  it("creates a contact at an account, lower-cases the email and records the first stage", async () => {
    const { rep } = t.cast;
    const account = (
      await t.as(rep).post("/api/accounts", { name: "Initech", domain: "initech.com" })
    ).json();
    const created = await t.as(rep).post("/api/contacts", {
      email: "Peter.Gibbons@Initech.com",
      firstName: "Peter",
      lastName: "Gibbons",
      title: "VP Engineering",
      seniority: "vp",
      accountId: account.id,
      lifecycleStage: "lead",
    });
    expect(created.statusCode).toBe(201);
    const contact = created.json();
    expect(contact).toMatchObject({
      email: "peter.gibbons@initech.com",
      name: "Peter Gibbons",
      lifecycleStage: "lead",
    });
    const history = (await t.as(rep).get(`/api/contacts/${contact.id}/stage-history`)).json().items;
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      fromStage: null,
      toStage: "lead",
      cause: "member",
      memberName: "Rey Rep",
    });
    const atAccount = (await t.as(rep).get(`/api/contacts?accountId=${account.id}`)).json().items;
    expect(atAccount.map((c: { id: string }) => c.id)).toEqual([contact.id]);
    // The list names each contact's account itself, so the web never asks for it row by row.
    expect(atAccount[0].accountName).toBe("Initech");
    expect(atAccount[0].sourceCampaignName).toBeNull();
    const campaign = (
      await t.as(rep).post("/api/campaigns", { name: "Spring webinar", channel: "webinar" })
    ).json();
    await t.as(rep).patch(`/api/contacts/${contact.id}`, { sourceCampaignId: campaign.id });
    const listed = (await t.as(rep).get(`/api/contacts?accountId=${account.id}`)).json().items;
    expect(listed[0].sourceCampaignName).toBe("Spring webinar");
  });

  it("refuses bad input naming the field and writes nothing", async () => {
    const { rep } = t.cast;
    const badEmail = await t.as(rep).post("/api/contacts", { email: "not-an-email", firstName: "X" });
    expect(badEmail.statusCode).toBe(400);
    expect(badEmail.json().error.details[0].path).toBe("email");
    const nobody = await t.as(rep).post("/api/contacts", {});
    expect(nobody.statusCode).toBe(400);
    expect(nobody.json().error.message).toMatch(/email: needs an email or a name/);
    const badStage = await t.as(rep).post("/api/contacts", { email: "a@b.co", lifecycleStage: "hot" });
    expect(badStage.json().error.details[0].path).toBe("lifecycleStage");
    expect((await t.as(rep).get("/api/contacts")).json().items).toHaveLength(0);
  });

  it("answers 409 for a duplicate email in the workspace", async () => {
    const { rep } = t.cast;
    await t.as(rep).post("/api/contacts", { email: "joanna@chotchkies.com" });
    const dup = await t.as(rep).post("/api/contacts", { email: "JOANNA@chotchkies.com" });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({
      code: "conflict",
      message: "A contact with this email already exists",
    });
  });

  it("records every stage change with its previous stage and who made it", async () => {
    const { rep, salesLead } = t.cast;
    const contact = (
      await t.as(rep).post("/api/contacts", { email: "milton@initech.com", lifecycleStage: "lead" })
    ).json();
    await t.as(salesLead).patch(`/api/contacts/${contact.id}`, { lifecycleStage: "mql" });
    // A change that keeps the stage records nothing.
    await t.as(rep).patch(`/api/contacts/${contact.id}`, { lifecycleStage: "mql", title: "Collator" });
    const history = (await t.as(rep).get(`/api/contacts/${contact.id}/stage-history`)).json().items;
    expect(
      history.map((h: { fromStage: string | null; toStage: string }) => `${h.fromStage}->${h.toStage}`),
    ).toEqual(["null->lead", "lead->mql"]);
    expect(history[1].memberName).toBe("Sam Sales");
    const read = (await t.as(rep).get(`/api/contacts/${contact.id}`)).json();
    expect(read).toMatchObject({ lifecycleStage: "mql", title: "Collator" });
  });

  it("shows both teams' touches on one timeline, newest first, filterable by team and paged", async () => {
    const { rep } = t.cast;
    const campaign = (
      await t.as(rep).post("/api/campaigns", { name: "Pricing webinar", channel: "webinar" })
    ).json();
    const contact = (await t.as(rep).post("/api/contacts", { email: "bob@initech.com" })).json();
    const log = (payload: object) => t.as(rep).post(`/api/contacts/${contact.id}/touches`, payload);
    expect(
      (await log({ type: "webinar", campaignId: campaign.id, occurredAt: "2026-01-01T10:00:00Z" }))
        .statusCode,
    ).toBe(201);
    const call = await log({ type: "call", note: "Left a voicemail", occurredAt: "2026-01-02T10:00:00Z" });
    expect(call.json()).toMatchObject({
      team: "sales",
      memberName: "Rey Rep",
      properties: { note: "Left a voicemail" },
    });
    await log({ type: "email_open", occurredAt: "2026-01-03T10:00:00Z" });

    const all = (await t.as(rep).get(`/api/contacts/${contact.id}/timeline`)).json().items;
    expect(all.map((x: { type: string }) => x.type)).toEqual(["email_open", "call", "webinar"]);
    expect(all[2]).toMatchObject({ team: "marketing", campaignName: "Pricing webinar" });
    const sales = (await t.as(rep).get(`/api/contacts/${contact.id}/timeline?team=sales`)).json().items;
    expect(sales.map((x: { type: string }) => x.type)).toEqual(["call"]);
    const page1 = (await t.as(rep).get(`/api/contacts/${contact.id}/timeline?limit=2`)).json();
    const page2 = (
      await t.as(rep).get(`/api/contacts/${contact.id}/timeline?limit=2&cursor=${page1.nextCursor}`)
    ).json();
    expect(page2.items.map((x: { type: string }) => x.type)).toEqual(["webinar"]);
    expect(page2.nextCursor).toBeNull();

    const badTouch = await log({ type: "carrier_pigeon" });
    expect(badTouch.statusCode).toBe(400);
    expect(badTouch.json().error.details[0].path).toBe("type");
  });

  it("filters and searches contacts, and keeps other workspaces out", async () => {
    const { rep, outsider } = t.cast;
    await t.as(rep).post("/api/contacts", { email: "ann@a.com", firstName: "Ann", lifecycleStage: "mql" });
    await t.as(rep).post("/api/contacts", {
      email: "bea@b.com",
      firstName: "Bea",
      lifecycleStage: "lead",
    });
    const theirs = (
      await t.as(outsider).post("/api/contacts", { email: "cid@c.com", firstName: "Cid" })
    ).json();
    const mqls = (await t.as(rep).get("/api/contacts?lifecycleStage=mql")).json().items;
    expect(mqls.map((c: { firstName: string }) => c.firstName)).toEqual(["Ann"]);
    const search = (await t.as(rep).get("/api/contacts?q=b.com")).json().items;
    expect(search.map((c: { firstName: string }) => c.firstName)).toEqual(["Bea"]);
    // The first page carries the true total of what matches (only this workspace's contacts).
    const first = (await t.as(rep).get("/api/contacts?limit=1")).json();
    expect(first).toMatchObject({ total: 2, items: [{ firstName: "Ann" }] });
    const second = (await t.as(rep).get(`/api/contacts?limit=1&cursor=${first.nextCursor}`)).json();
    expect(second.items.map((c: { firstName: string }) => c.firstName)).toEqual(["Bea"]);
    expect((await t.as(rep).get(`/api/contacts/${theirs.id}`)).statusCode).toBe(404);
    expect((await t.as(rep).get(`/api/contacts/${theirs.id}/timeline`)).statusCode).toBe(404);
    expect((await t.as(rep).post(`/api/contacts/${theirs.id}/touches`, { type: "call" })).statusCode).toBe(
      404,
    );
  });
});
