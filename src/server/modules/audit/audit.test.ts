// The audit log: agreements (scoring model versions, the SLA, personas and segments), stage overrides,
// archives, member roles and invitations are recorded with who, when, before and after; only admins read
// and export it; another workspace sees nothing; a refused change leaves no entry.
import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { STARTER_SLA_TERMS } from "../../../shared/sla.js";
import { queryRows } from "../../db/client.js";
import { auditEvents } from "../../db/schema/index.js";
import { recordAudit } from "../../lib/audit.js";
import { type HttpMethod, setupTestApp, type TestMember } from "../../testing/harness.js";

const t = setupTestApp();

async function ok(member: TestMember, method: HttpMethod, url: string, payload?: object) {
  const response = await t.as(member).send(method, url, payload);
  expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
  return response.json();
}

interface Entry {
  action: string;
  entityType: string;
  entityId: string | null;
  entityName: string | null;
  memberId: string | null;
  actorName: string;
  summary: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  occurredAt: string;
}

async function log(query = ""): Promise<Entry[]> {
  const page = await ok(t.cast.admin, "GET", `/api/audit?limit=200${query}`);
  return page.items;
}

const count = async () => (await t.database.db.select().from(auditEvents)).length;

describe("what the audit log records", () => {
  it("records member role and team changes, removals and invitations, with before and after", async () => {
    const { admin, rep, salesLead } = t.cast;
    await ok(admin, "PATCH", `/api/members/${rep.memberId}`, { role: "lead" });
    await ok(admin, "PATCH", `/api/members/${salesLead.memberId}`, { team: "marketing", mqlCapacity: 7 });
    await ok(admin, "DELETE", `/api/members/${salesLead.memberId}`);
    const invitation = await ok(admin, "POST", "/api/invitations", {
      email: "new.rep@example.test",
      team: "sales",
      role: "member",
    });
    await ok(admin, "DELETE", `/api/invitations/${invitation.id}`);

    const entries = await log();
    expect(entries.map((e) => e.action)).toEqual([
      "invitation.revoked",
      "invitation.created",
      "member.removed",
      "member.updated",
      "member.team.changed",
      "member.role.changed",
    ]);
    const role = entries.find((e) => e.action === "member.role.changed")!;
    expect(role).toMatchObject({
      entityType: "member",
      entityId: rep.memberId,
      entityName: "Rey Rep",
      memberId: admin.memberId,
      actorName: "Ada Admin",
      summary: "Ada Admin made Rey Rep a sales team lead (was member)",
      before: { role: "member" },
      after: { role: "lead" },
    });
    expect(entries.find((e) => e.action === "member.team.changed")).toMatchObject({
      summary: "Ada Admin moved Sam Sales from the sales team to the marketing team",
      before: { team: "sales" },
      after: { team: "marketing" },
    });
    expect(entries.find((e) => e.action === "member.updated")).toMatchObject({
      before: { mqlCapacity: 25 },
      after: { mqlCapacity: 7 },
    });
    expect(entries.find((e) => e.action === "member.removed")).toMatchObject({
      summary: "Ada Admin removed Sam Sales, a marketing team lead, from the workspace",
      before: { name: "Sam Sales", team: "marketing", role: "lead" },
      after: null,
    });
    expect(entries.find((e) => e.action === "invitation.created")).toMatchObject({
      summary: "Ada Admin invited new.rep@example.test to join as a sales member",
      after: { email: "new.rep@example.test", team: "sales", role: "member" },
    });
    // The invitation token is never logged.
    expect(JSON.stringify(entries)).not.toContain(invitation.token.split(".")[1]);
    expect(entries.find((e) => e.action === "invitation.revoked")).toMatchObject({
      before: { status: "pending" },
      after: { status: "revoked" },
    });
  });

  it("writes nothing when the change is refused", async () => {
    const { admin, rep } = t.cast;
    // The last admin cannot step down.
    expect((await t.as(admin).patch(`/api/members/${admin.memberId}`, { role: "member" })).statusCode).toBe(
      409,
    );
    expect((await t.as(rep).patch(`/api/members/${rep.memberId}`, { role: "admin" })).statusCode).toBe(403);
    expect((await t.as(admin).patch(`/api/members/${rep.memberId}`, { role: "boss" })).statusCode).toBe(400);
    // Sending the same values changes nothing and logs nothing.
    await ok(admin, "PATCH", `/api/members/${rep.memberId}`, { role: "member", team: "sales" });
    expect(await count()).toBe(0);
  });

  it("records a stage changed by hand with the stages before and after, naming no contact", async () => {
    const { rep, admin } = t.cast;
    const contact = await ok(rep, "POST", "/api/contacts", {
      email: "jane.doe@initech.com",
      firstName: "Jane",
      lastName: "Doe",
      lifecycleStage: "lead",
    });
    await ok(rep, "PATCH", `/api/contacts/${contact.id}`, { title: "CTO" });
    expect(await count()).toBe(0);
    await ok(rep, "PATCH", `/api/contacts/${contact.id}`, { lifecycleStage: "sql" });
    const [entry] = await log("&action=contact.stage.overridden");
    expect(entry).toMatchObject({
      entityType: "contact",
      entityId: contact.id,
      entityName: "Jane Doe",
      memberId: rep.memberId,
      summary: "Rey Rep moved a contact from Lead to SQL by hand",
      before: { lifecycleStage: "lead" },
      after: { lifecycleStage: "sql" },
    });
    // The log itself never holds the contact's name or email (it cannot be erased).
    const stored = await queryRows<{ row: string }>(
      t.database.db,
      sql`select a::text as row from audit_events a`,
    );
    expect(stored.map((r) => r.row).join(" ")).not.toMatch(/jane|doe/i);
    expect((await log()).length).toBe(1);
    expect((await t.as(admin).get("/api/audit?entityType=contact")).json().items).toHaveLength(1);
  });

  it("records archiving and restoring records of every kind", async () => {
    const { admin, salesLead } = t.cast;
    const account = await ok(admin, "POST", "/api/accounts", { name: "Initech", domain: "initech.com" });
    const contact = await ok(admin, "POST", "/api/contacts", { email: "x@initech.com", firstName: "Xi" });
    const pod = await ok(admin, "POST", "/api/pods", { name: "EMEA pod" });
    const opportunity = await ok(admin, "POST", "/api/opportunities", {
      name: "Initech renewal",
      accountId: account.id,
      amount: 1000,
      closeDate: "2026-06-30",
    });
    const campaign = await ok(admin, "POST", "/api/campaigns", {
      name: "Spring webinar",
      channel: "webinar",
    });
    for (const [path, id] of [
      ["accounts", account.id],
      ["contacts", contact.id],
      ["pods", pod.id],
      ["opportunities", opportunity.id],
      ["campaigns", campaign.id],
    ])
      await ok(salesLead, "DELETE", `/api/${path}/${id}`);
    await ok(salesLead, "DELETE", `/api/accounts/${account.id}`); // already archived: no second entry
    await ok(admin, "POST", `/api/accounts/${account.id}/restore`);

    const entries = await log("&action=record");
    expect(entries.map((e) => `${e.action} ${e.entityType}`)).toEqual([
      "record.restored account",
      "record.archived campaign",
      "record.archived opportunity",
      "record.archived pod",
      "record.archived contact",
      "record.archived account",
    ]);
    expect(entries.find((e) => e.entityType === "account" && e.action === "record.archived")).toMatchObject({
      summary: "Sam Sales archived the account Initech",
      before: { archivedAt: null },
      after: { archivedAt: expect.any(String) },
    });
    expect(entries.find((e) => e.entityType === "contact")?.summary).toBe("Sam Sales archived a contact");
    expect(entries[0]).toMatchObject({
      summary: "Ada Admin restored the account Initech",
      before: { archivedAt: expect.any(String) },
      after: { archivedAt: null },
    });
    expect(entries.find((e) => e.entityType === "opportunity")?.summary).toBe(
      "Sam Sales archived the opportunity Initech renewal",
    );
    // A member may not archive: refused, and nothing logged.
    expect((await t.as(t.cast.rep).delete(`/api/accounts/${account.id}`)).statusCode).toBe(403);
    expect((await log("&action=record")).length).toBe(6);
  });

  it("records target lists: personas and segments created, changed and archived", async () => {
    const { marketingLead } = t.cast;
    const persona = await ok(marketingLead, "POST", "/api/personas", {
      name: "IT buyer",
      titlePatterns: ["cto"],
    });
    await ok(marketingLead, "PATCH", `/api/personas/${persona.id}`, {
      titlePatterns: ["cto", "cio"],
      description: "Owns the budget",
    });
    await ok(marketingLead, "PATCH", `/api/personas/${persona.id}`, { description: "Owns the budget" });
    const segment = await ok(marketingLead, "POST", "/api/segments", {
      name: "Mid-market",
      minEmployees: 100,
    });
    await ok(marketingLead, "DELETE", `/api/segments/${segment.id}`);

    const entries = await log();
    expect(entries.map((e) => e.action)).toEqual([
      "record.archived",
      "segment.created",
      "persona.updated",
      "persona.created",
    ]);
    expect(entries[2]).toMatchObject({
      entityType: "persona",
      entityId: persona.id,
      summary: "Mia Marketing changed the description and title patterns of the persona IT buyer",
      before: { description: "", titlePatterns: ["cto"] },
      after: { description: "Owns the budget", titlePatterns: ["cto", "cio"] },
    });
    expect(entries[3]).toMatchObject({
      summary: "Mia Marketing created the persona IT buyer",
      after: { name: "IT buyer", titlePatterns: ["cto"] },
    });
    expect(entries[0]).toMatchObject({
      entityType: "segment",
      summary: "Mia Marketing archived the segment Mid-market",
    });
    // A bad change is refused and leaves no trace.
    expect((await t.as(marketingLead).patch(`/api/personas/${persona.id}`, { name: "" })).statusCode).toBe(
      400,
    );
    expect((await log()).length).toBe(4);
  });

  it("records each step of a scoring model version: drafted, edited, approved, withdrawn, live, retired", async () => {
    const { marketingLead, salesLead } = t.cast;
    const model = await ok(marketingLead, "POST", "/api/scoring-models", { name: "Core" });
    const v1 = await ok(marketingLead, "GET", `/api/scoring-models/${model.id}/versions/1`);
    await ok(marketingLead, "POST", `/api/scoring-models/${model.id}/versions/1/approval`);
    const edited = { ...v1.definition, mql: { ...v1.definition.mql, anyOf: [{ combined: 77 }] } };
    await ok(marketingLead, "PUT", `/api/scoring-models/${model.id}/versions/1`, { definition: edited });
    await ok(marketingLead, "POST", `/api/scoring-models/${model.id}/versions/1/approval`);
    await ok(marketingLead, "DELETE", `/api/scoring-models/${model.id}/versions/1/approval`);
    await ok(marketingLead, "POST", `/api/scoring-models/${model.id}/versions/1/approval`);
    await ok(salesLead, "POST", `/api/scoring-models/${model.id}/versions/1/approval`);
    await ok(salesLead, "POST", `/api/scoring-models/${model.id}/versions/1/activate`);
    await ok(marketingLead, "POST", `/api/scoring-models/${model.id}/versions`, {});
    await ok(salesLead, "POST", `/api/scoring-models/${model.id}/versions/1/retire`);

    const entries = (await log("&entityType=scoring_version")).reverse();
    expect(entries.map((e) => e.action)).toEqual([
      "scoring.version.created",
      "scoring.version.approved",
      "scoring.version.edited",
      "scoring.version.approved",
      "scoring.version.approval_withdrawn",
      "scoring.version.approved",
      "scoring.version.approved",
      "scoring.version.activated",
      "scoring.version.created",
      "scoring.version.retired",
    ]);
    expect(entries[0].summary).toBe(
      "Mia Marketing created the scoring model Core with a first draft (version 1)",
    );
    expect(entries[2]).toMatchObject({
      summary:
        "Mia Marketing edited version 1 of the scoring model Core (the marketing approval was cleared)",
      before: { approvals: ["marketing"], definition: v1.definition },
      after: { approvals: [], definition: edited },
      entityName: "Core, version 1",
    });
    expect(entries[4].summary).toBe(
      "Mia Marketing withdrew their marketing approval of version 1 of the scoring model Core",
    );
    expect(entries[6]).toMatchObject({
      actorName: "Sam Sales",
      summary:
        "Sam Sales approved version 1 of the scoring model Core for sales; both teams have now approved it",
      before: { status: "draft", approvals: ["marketing"] },
      after: { status: "approved", approvals: ["marketing", "sales"] },
    });
    expect(entries[7].summary).toBe(
      "Sam Sales put version 1 of the scoring model Core live; every contact is rescored",
    );
    expect(entries[8].summary).toBe(
      "Mia Marketing started version 2 of the scoring model Core as a draft from version 1",
    );
    expect(entries[9]).toMatchObject({ before: { status: "active" }, after: { status: "retired" } });
    // Refused steps leave nothing: the rep may not approve, version 2 is not approved yet.
    const before = await count();
    expect(
      (await t.as(t.cast.rep).post(`/api/scoring-models/${model.id}/versions/2/approval`)).statusCode,
    ).toBe(403);
    expect(
      (await t.as(salesLead).post(`/api/scoring-models/${model.id}/versions/2/activate`)).statusCode,
    ).toBe(409);
    expect(await count()).toBe(before);
  });

  it("records each step of the SLA: drafted, terms changed, signed, withdrawn, put in force", async () => {
    const { marketingLead, salesLead } = t.cast;
    await ok(salesLead, "POST", "/api/sla/versions", {});
    await ok(salesLead, "POST", "/api/sla/versions/1/approval");
    const terms = { ...STARTER_SLA_TERMS, sales: { ...STARTER_SLA_TERMS.sales, acceptWithinHours: 2 } };
    await ok(marketingLead, "PUT", "/api/sla/versions/1", { terms });
    await ok(salesLead, "POST", "/api/sla/versions/1/approval");
    await ok(salesLead, "DELETE", "/api/sla/versions/1/approval");
    await ok(salesLead, "POST", "/api/sla/versions/1/approval");
    await ok(marketingLead, "POST", "/api/sla/versions/1/approval");
    await ok(salesLead, "POST", "/api/sla/versions/1/activate");
    await ok(salesLead, "POST", "/api/sla/versions", {});
    await ok(salesLead, "POST", "/api/sla/versions/2/approval");
    await ok(marketingLead, "POST", "/api/sla/versions/2/approval");
    await ok(marketingLead, "POST", "/api/sla/versions/2/activate");

    const entries = (await log("&action=sla")).reverse();
    expect(entries.map((e) => e.action)).toEqual([
      "sla.version.created",
      "sla.version.approved",
      "sla.version.edited",
      "sla.version.approved",
      "sla.version.approval_withdrawn",
      "sla.version.approved",
      "sla.version.approved",
      "sla.version.activated",
      "sla.version.created",
      "sla.version.approved",
      "sla.version.approved",
      "sla.version.retired",
      "sla.version.activated",
    ]);
    expect(entries[0].summary).toBe(
      "Sam Sales started a draft of version 1 of the SLA from the starter terms",
    );
    expect(entries[1].summary).toBe("Sam Sales signed version 1 of the SLA for sales");
    expect(entries[2]).toMatchObject({
      summary: "Mia Marketing changed the terms of version 1 of the SLA (the sales signature was cleared)",
      before: { terms: STARTER_SLA_TERMS, signatures: ["sales"] },
      after: { terms, signatures: [] },
      entityName: "SLA version 1",
    });
    expect(entries[4].summary).toBe("Sam Sales withdrew their sales signature from version 1 of the SLA");
    expect(entries[6].summary).toBe(
      "Mia Marketing signed version 1 of the SLA for marketing; both teams have now signed it",
    );
    expect(entries[7].summary).toBe("Sam Sales put version 1 of the SLA in force");
    expect(entries[8].summary).toBe("Sam Sales started a draft of version 2 of the SLA from version 1");
    expect(entries[11].summary).toBe("Version 1 of the SLA retired: Mia Marketing put version 2 in force");
    expect(entries[12]).toMatchObject({
      summary: "Mia Marketing put version 2 of the SLA in force in place of version 1",
      before: { inForce: 1 },
      after: { inForce: 2 },
    });
    const admin = t.cast.admin;
    // The revenue team's admin signs for no team: refused, nothing logged.
    const n = await count();
    await ok(salesLead, "POST", "/api/sla/versions", {});
    expect((await t.as(admin).post("/api/sla/versions/3/approval")).statusCode).toBe(403);
    expect(await count()).toBe(n + 1);
  });

  it("cannot be changed or deleted, even from inside the database", async () => {
    const { admin } = t.cast;
    await recordAudit(t.database.db, admin.workspaceId, admin, {
      action: "test.done",
      entityType: "test",
      summary: "Something happened",
    });
    await expect(t.database.db.execute(sql`update audit_events set summary = 'nothing'`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`delete from audit_events`)).rejects.toThrow();
    expect((await log())[0].summary).toBe("Something happened");
  });
});

describe("reading and exporting the audit log", () => {
  async function seed() {
    const { admin, rep, salesLead } = t.cast;
    const at = (iso: string) => new Date(iso);
    await recordAudit(
      t.database.db,
      admin.workspaceId,
      admin,
      {
        action: "member.role.changed",
        entityType: "member",
        entityId: rep.memberId,
        summary: "one",
        before: { role: "member" },
        after: { role: "lead" },
      },
      at("2026-01-05T10:00:00Z"),
    );
    await recordAudit(
      t.database.db,
      admin.workspaceId,
      salesLead,
      { action: "sla.version.approved", entityType: "sla_version", summary: 'two, with "quotes", commas' },
      at("2026-02-05T10:00:00Z"),
    );
    await recordAudit(
      t.database.db,
      admin.workspaceId,
      salesLead,
      { action: "sla.version.activated", entityType: "sla_version", summary: "three" },
      at("2026-03-05T10:00:00Z"),
    );
    await recordAudit(
      t.database.db,
      admin.workspaceId,
      null,
      { action: "record.archived", entityType: "account", summary: "four" },
      at("2026-03-06T10:00:00Z"),
    );
    await recordAudit(
      t.database.db,
      t.cast.outsider.workspaceId,
      t.cast.outsider,
      { action: "member.role.changed", entityType: "member", summary: "elsewhere" },
      at("2026-03-07T10:00:00Z"),
    );
  }

  it("lists newest first in keyset pages, with filters", async () => {
    await seed();
    const summaries = async (query: string) => (await log(query)).map((e) => e.summary);
    expect(await summaries("")).toEqual(["four", "three", 'two, with "quotes", commas', "one"]);
    expect((await log(""))[0]).toMatchObject({ actorName: "system", memberId: null });
    expect(await summaries("&action=sla")).toEqual(["three", 'two, with "quotes", commas']);
    expect(await summaries("&action=sla.version.approved")).toEqual(['two, with "quotes", commas']);
    expect(await summaries("&entityType=member")).toEqual(["one"]);
    expect(await summaries(`&memberId=${t.cast.salesLead.memberId}`)).toEqual([
      "three",
      'two, with "quotes", commas',
    ]);
    expect(await summaries("&from=2026-02-01&to=2026-03-06")).toEqual([
      "three",
      'two, with "quotes", commas',
    ]);
    expect(await summaries("&from=2026-03-05T10:00:00Z")).toEqual(["four", "three"]);
    expect(await summaries(`&entityId=${t.cast.rep.memberId}`)).toEqual(["one"]);

    const first = await ok(t.cast.admin, "GET", "/api/audit?limit=3");
    expect(first.items.map((e: Entry) => e.summary)).toEqual(["four", "three", 'two, with "quotes", commas']);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await ok(t.cast.admin, "GET", `/api/audit?limit=3&cursor=${first.nextCursor}`);
    expect(second.items.map((e: Entry) => e.summary)).toEqual(["one"]);
    expect(second.nextCursor).toBeNull();

    for (const bad of [
      "cursor=nonsense",
      "limit=0",
      "from=yesterday",
      "memberId=42",
      "action=DROP%20TABLE",
    ]) {
      const response = await t.as(t.cast.admin).get(`/api/audit?${bad}`);
      expect(response.statusCode, bad).toBe(400);
    }
  });

  it("is for admins only, and shows each workspace its own entries", async () => {
    await seed();
    for (const who of [t.cast.rep, t.cast.salesLead, t.cast.marketingLead]) {
      expect((await t.as(who).get("/api/audit")).statusCode).toBe(403);
      expect((await t.as(who).get("/api/audit/export.csv")).statusCode).toBe(403);
    }
    expect((await t.app.inject({ method: "GET", url: "/api/audit" })).statusCode).toBe(401);
    const theirs = await ok(t.cast.outsider, "GET", "/api/audit");
    expect(theirs.items.map((e: Entry) => e.summary)).toEqual(["elsewhere"]);
    // Acting in workspace A with an outsider's session is refused: they are not a member there.
    const crossing = await t.app.inject({
      method: "GET",
      url: "/api/audit",
      headers: { cookie: t.cast.outsider.cookie, "x-workspace-id": t.cast.admin.workspaceId },
    });
    expect(crossing.statusCode).toBe(404);
  });

  it("exports the filtered log as CSV", async () => {
    await seed();
    const response = await t.as(t.cast.admin).get("/api/audit/export.csv?action=sla");
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("text/csv");
    expect(response.headers["content-disposition"]).toMatch(
      /attachment; filename="audit-log-\d{4}-\d\d-\d\d\.csv"/,
    );
    const rows = parse(response.body, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.summary)).toEqual(["three", 'two, with "quotes", commas']);
    expect(rows[0]).toMatchObject({
      actorName: "Sam Sales",
      action: "sla.version.activated",
      entityType: "sla_version",
    });
    const all = parse((await t.as(t.cast.admin).get("/api/audit/export.csv")).body, {
      columns: true,
    }) as Record<string, string>[];
    expect(all).toHaveLength(4);
    expect(JSON.parse(all[3].before)).toEqual({ role: "member" });
    expect(JSON.parse(all[3].after)).toEqual({ role: "lead" });
    expect(all.map((r) => r.summary)).not.toContain("elsewhere");
    expect((await t.as(t.cast.admin).get("/api/audit/export.csv?from=nonsense")).statusCode).toBe(400);
  });
});
