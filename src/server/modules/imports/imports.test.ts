import { readFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows } from "../../db/client.js";
import { setupTestApp } from "../../testing/harness.js";
import { IMPORT_STALE_AFTER_MS, importCsv } from "./imports.service.js";

const t = setupTestApp();
const fixture = (name: string) =>
  readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", name), "utf8");

function importFile(headers: Record<string, string>, entity: string, csv: string, query = "") {
  return t.app.inject({
    method: "POST",
    url: `/api/imports/${entity}?fileName=test.csv${query}`,
    headers: { ...headers, "content-type": "text/csv" },
    payload: csv,
  });
}
describe("CSV import", () => {
  it("maps a HubSpot contacts export without help, keeps the good rows and names the bad lines", async () => {
    const { admin } = t.cast;
    const response = await importFile(admin.headers, "contacts", fixture("hubspot-contacts.csv"));
    expect(response.statusCode).toBe(200);
    const report = response.json();
    expect(report).toMatchObject({ status: "completed", rows: 5, inserted: 3, updated: 0, rejected: 2 });
    expect(report.mapping).toMatchObject({
      "First Name": "firstName",
      Email: "email",
      "Lifecycle Stage": "lifecycleStage",
      "Company Domain Name": "companyDomain",
      "Record ID": "externalId",
    });
    expect(report.rejectedRows).toEqual([
      { line: 5, reason: 'email: "not-an-email" is not an email address' },
      { line: 6, reason: expect.stringContaining('lifecycleStage: "Hot Prospect" is not a stage') },
    ]);
    const contacts = (await t.as(admin).get("/api/contacts?sort=name")).json().items;
    expect(contacts.map((c: { email: string }) => c.email)).toEqual([
      "joanna@gmail.com",
      "peter.gibbons@initech.com",
      "samir@initech.com",
    ]);
    const peter = contacts.find((c: { email: string }) => c.email.startsWith("peter"));
    expect(peter).toMatchObject({
      lifecycleStage: "mql",
      title: "VP Engineering",
      source: "Organic Search",
      region: "TX",
    });
    // Contacts are linked to their company's account (created from the domain); free mail is not.
    const accounts = (await t.as(admin).get("/api/accounts")).json().items;
    expect(accounts).toHaveLength(1);
    expect(accounts[0]).toMatchObject({ name: "Initech", domain: "initech.com" });
    expect(peter.accountId).toBe(accounts[0].id);
    expect(contacts.find((c: { email: string }) => c.email === "joanna@gmail.com").accountId).toBeNull();
    const history = (await t.as(admin).get(`/api/contacts/${peter.id}/stage-history`)).json().items;
    expect(history[0]).toMatchObject({
      fromStage: null,
      toStage: "mql",
      cause: "import",
      causeDetail: "Imported from test.csv",
    });
  });

  it("re-importing updates instead of duplicating, and blank cells keep stored values", async () => {
    const { admin } = t.cast;
    await importFile(admin.headers, "contacts", fixture("hubspot-contacts.csv"));
    const update =
      "Email,Job Title,Lifecycle Stage,Phone Number\npeter.gibbons@initech.com,CTO,Sales Qualified Lead,\n";
    const report = (await importFile(admin.headers, "contacts", update)).json();
    expect(report).toMatchObject({ rows: 1, inserted: 0, updated: 1, rejected: 0 });
    const peter = (await t.as(admin).get("/api/contacts?q=peter")).json().items[0];
    expect(peter).toMatchObject({
      title: "CTO",
      lifecycleStage: "sql",
      phone: "555-0101",
      firstName: "Peter",
    });
    const history = (await t.as(admin).get(`/api/contacts/${peter.id}/stage-history`)).json().items;
    expect(history.map((h: { toStage: string }) => h.toStage)).toEqual(["mql", "sql"]);
    expect((await t.as(admin).get("/api/contacts")).json().items).toHaveLength(3);
  });

  it("merges a new contact listed twice in one batch: later cells win, blank cells keep earlier ones", async () => {
    const { admin } = t.cast;
    const csv = [
      "Email,First Name,Job Title,Phone Number,Lifecycle Stage",
      "dup@acme.io,Dana,Head of Growth,,Marketing Qualified Lead",
      "other@acme.io,Olly,,,",
      "DUP@acme.io,,,555-0199,",
      "",
    ].join("\n");
    const report = (await importFile(admin.headers, "contacts", csv)).json();
    expect(report).toMatchObject({ rows: 3, inserted: 2, updated: 1, rejected: 0 });
    const dup = (await t.as(admin).get("/api/contacts?q=dup")).json().items;
    expect(dup).toHaveLength(1);
    expect(dup[0]).toMatchObject({
      email: "dup@acme.io",
      firstName: "Dana",
      title: "Head of Growth",
      phone: "555-0199",
      lifecycleStage: "mql",
    });
    const history = (await t.as(admin).get(`/api/contacts/${dup[0].id}/stage-history`)).json().items;
    expect(history.map((h: { toStage: string }) => h.toStage)).toEqual(["mql"]);
  });

  it("refuses a NUL character by line, and writes the report's counts with every batch", async () => {
    const { admin } = t.cast;
    const withNul = "Email,First Name\nann@nul.io,Ann\nbob@nul.io,B\u0000b\ncy@nul.io,Cy\n";
    const report = (await importFile(admin.headers, "contacts", withNul)).json();
    expect(report).toMatchObject({ status: "completed", rows: 3, inserted: 2, rejected: 1 });
    expect(report.rejectedRows).toEqual([
      { line: 3, reason: "firstName: contains the NUL character (\\u0000), which cannot be stored" },
    ]);
    const badHeader = await importFile(admin.headers, "contacts", "Email,Na\u0000me\nx@nul.io,X\n");
    expect(badHeader.statusCode).toBe(400);

    // A file that stops arriving after its first batch: that batch's counts are already stored.
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let firstBatch = () => {};
    const firstBatchCommitted = new Promise<void>((resolve) => {
      firstBatch = resolve;
    });
    async function* file() {
      // The parser holds a chunk's last line back until more arrives: c ends the first part.
      yield "Email\na@batch.io\nb@batch.io\nc@batch.io\n";
      await gate;
      yield "d@batch.io\n";
    }
    const running = importCsv(t.database.db, Readable.from(file()), {
      entity: "contacts",
      workspaceId: admin.workspaceId,
      memberId: admin.memberId,
      dryRun: false,
      fileName: "slow.csv",
      batchSize: 2,
      // Called once a batch has committed.
      onProgress: (progress) => {
        if (progress.inserted === 2) firstBatch();
      },
    });
    await firstBatchCommitted;
    const stored = (await t.as(admin).get("/api/imports"))
      .json()
      .items.find((r: { fileName: string }) => r.fileName === "slow.csv");
    expect(stored).toMatchObject({ status: "running", rows: 2, inserted: 2 });
    release();
    expect(await running).toMatchObject({ status: "completed", rows: 4, inserted: 4 });
  });

  it("reports an import whose process died as interrupted, with what it kept; the same file again finishes it once", async () => {
    const { admin } = t.cast;
    const emails = ["a@dead.io", "b@dead.io", "c@dead.io", "d@dead.io", "e@dead.io"];
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let firstBatch = () => {};
    const firstBatchCommitted = new Promise<void>((resolve) => {
      firstBatch = resolve;
    });
    async function* file() {
      yield `Email\n${emails.slice(0, 3).join("\n")}\n`;
      await gate;
      yield `${emails.slice(3).join("\n")}\n`;
    }
    const running = importCsv(t.database.db, Readable.from(file()), {
      entity: "contacts",
      workspaceId: admin.workspaceId,
      memberId: admin.memberId,
      dryRun: false,
      fileName: "dead.csv",
      batchSize: 2,
      onProgress: (progress) => {
        if (progress.inserted === 2) firstBatch();
      },
    });
    await firstBatchCommitted;
    const listed = async () =>
      (await t.as(admin).get("/api/imports"))
        .json()
        .items.find((r: { fileName: string }) => r.fileName === "dead.csv");
    // Alive: still running.
    expect(await listed()).toMatchObject({ status: "running", inserted: 2 });
    // The importer's last heartbeat is older than the limit, as when its process was killed.
    const lastBeat = new Date(Date.now() - IMPORT_STALE_AFTER_MS - 5_000);
    await t.database.db.execute(
      sql`update imports set heartbeat_at = ${lastBeat.toISOString()} where file_name = 'dead.csv'`,
    );
    const interrupted = await listed();
    expect(interrupted).toMatchObject({ status: "interrupted", rows: 2, inserted: 2, updated: 0 });
    expect(Date.parse(interrupted.finishedAt)).toBe(lastBeat.getTime());
    expect((await t.as(admin).get(`/api/imports/${interrupted.id}`)).json()).toMatchObject({
      status: "interrupted",
      inserted: 2,
    });

    // The same file again: the kept rows are matched, the rest added, no one twice.
    const again = await importFile(admin.headers, "contacts", `Email\n${emails.join("\n")}\n`);
    expect(again.json()).toMatchObject({ status: "completed", rows: 5, inserted: 3, updated: 2 });
    const stored = (await t.as(admin).get("/api/contacts?q=dead.io")).json().items;
    expect(stored.map((c: { email: string }) => c.email).sort()).toEqual(emails);

    // (The test's own importer was only paused: let it end.)
    release();
    await running;
  });

  it("does not let a member who is not a sales lead or admin hand an MQL to its owner by import", async () => {
    const { admin, marketingLead, salesLead, rep } = t.cast;
    const owned = await t.as(admin).post("/api/contacts", {
      email: "owned@acme.io",
      firstName: "Owen",
      lifecycleStage: "lead",
      ownerMemberId: rep.memberId,
    });
    expect(owned.statusCode).toBe(201);
    const csv = [
      "Email,First Name,Lifecycle Stage",
      "fresh@acme.io,Fran,Marketing Qualified Lead",
      "owned@acme.io,Owen,Marketing Qualified Lead",
      "other@acme.io,Oli,Lead",
      "",
    ].join("\n");
    const byMarketing = (await importFile(marketingLead.headers, "contacts", csv)).json();
    expect(byMarketing).toMatchObject({ status: "completed", rows: 3, inserted: 2, updated: 0, rejected: 1 });
    expect(byMarketing.rejectedRows).toEqual([
      {
        line: 3,
        reason: expect.stringMatching(
          /^lifecycleStage: column "Lifecycle Stage" makes owned@acme\.io an MQL, and they already have an owner: only a sales team lead or an admin can give an MQL an owner/,
        ),
      },
    ]);
    const stageOf = async (email: string) =>
      (await t.as(admin).get(`/api/contacts?q=${email}`)).json().items[0].lifecycleStage;
    expect(await stageOf("owned@acme.io")).toBe("lead");
    expect(await stageOf("fresh@acme.io")).toBe("mql");
    // A dry run says so too; a sales lead's import of the same file hands the lead over.
    const dry = (await importFile(marketingLead.headers, "contacts", csv, "&dryRun=true")).json();
    expect(dry.rejectedRows.map((r: { line: number }) => r.line)).toEqual([3]);
    const bySales = (await importFile(salesLead.headers, "contacts", csv)).json();
    expect(bySales).toMatchObject({ rejected: 0, updated: 3 });
    expect(await stageOf("owned@acme.io")).toBe("mql");
  });

  it("refreshes the planner's statistics of the tables an import wrote", async () => {
    const { admin } = t.cast;
    const stats = () =>
      queryRows<{ relname: string; reltuples: number; analyzed: boolean }>(
        t.database.db,
        sql`select c.relname, c.reltuples::float8 as reltuples, s.last_analyze is not null as analyzed
            from pg_class c join pg_stat_user_tables s on s.relid = c.oid
            where c.relname in ('contacts', 'accounts', 'lifecycle_stage_changes', 'touches')
            order by c.relname`,
      );
    const csv = [
      "Email,Lifecycle Stage",
      ...Array.from({ length: 30 }, (_, i) => `p${i}@stats${i % 3}.io,lead`),
    ];
    expect((await importFile(admin.headers, "contacts", `${csv.join("\n")}\n`)).json()).toMatchObject({
      inserted: 30,
    });
    const afterContacts = new Map((await stats()).map((r) => [r.relname, r]));
    expect(afterContacts.get("contacts")).toMatchObject({ reltuples: 30, analyzed: true });
    expect(afterContacts.get("accounts")).toMatchObject({ reltuples: 3, analyzed: true });
    expect(afterContacts.get("lifecycle_stage_changes")).toMatchObject({ reltuples: 30, analyzed: true });
    const touches = [
      "Activity ID,Email,Type,Timestamp",
      ...Array.from(
        { length: 40 },
        (_, i) => `T${i},p${i % 30}@stats${i % 3}.io,Page View,2026-03-01T10:00:00Z`,
      ),
    ];
    await importFile(admin.headers, "touches", `${touches.join("\n")}\n`);
    expect((await stats()).find((r) => r.relname === "touches")).toMatchObject({
      reltuples: 40,
      analyzed: true,
    });
  });

  it("previews a dry run without writing anything", async () => {
    const { admin } = t.cast;
    const report = (
      await importFile(admin.headers, "contacts", fixture("hubspot-contacts.csv"), "&dryRun=true")
    ).json();
    expect(report).toMatchObject({ dryRun: true, inserted: 3, rejected: 2 });
    expect(report.preview[0]).toMatchObject({
      line: 2,
      email: "peter.gibbons@initech.com",
      lifecycleStage: "mql",
    });
    expect((await t.as(admin).get("/api/contacts")).json().items).toHaveLength(0);
    expect((await t.as(admin).get("/api/accounts")).json().items).toHaveLength(0);
  });

  it("maps Salesforce leads and opportunities without help, linking deals to accounts", async () => {
    const { admin } = t.cast;
    const leads = (await importFile(admin.headers, "contacts", fixture("salesforce-leads.csv"))).json();
    expect(leads).toMatchObject({ inserted: 2, rejected: 0 });
    expect(leads.mapping).toMatchObject({
      FirstName: "firstName",
      LeadSource: "source",
      Company: "companyName",
      Website: "companyDomain",
      Id: "externalId",
    });
    const deals = (
      await importFile(admin.headers, "opportunities", fixture("salesforce-opportunities.csv"))
    ).json();
    expect(deals).toMatchObject({ inserted: 2, rejected: 1 });
    expect(deals.rejectedRows[0]).toEqual({ line: 4, reason: 'amount: "lots" is not a number' });
    const list = (await t.as(admin).get("/api/opportunities?sort=name")).json().items;
    expect(
      list.map((o: { name: string; amount: number; stage: string; accountName: string }) => [
        o.name,
        o.amount,
        o.stage,
        o.accountName,
      ]),
    ).toEqual([
      ["Engines platform", 48000, "negotiation", "Analytical Engines"],
      ["Initech renewal", 12000, "closed_won", "Initech"],
    ]);
    // "Analytical Engines" came in with the leads (domain engines.io); the deal found it by name.
    const accounts = (await t.as(admin).get("/api/accounts?sort=name")).json().items;
    expect(accounts.map((a: { name: string }) => a.name)).toEqual(["Analytical Engines", "Initech"]);
  });

  it("takes a manual mapping, and refuses a file that maps nothing to a required field", async () => {
    const { admin } = t.cast;
    const csv = "Mail,Nom\nalice@wonder.land,Alice\n";
    const missing = await importFile(admin.headers, "contacts", csv);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toMatch(/no column maps to Email/);
    const mapping = encodeURIComponent(JSON.stringify({ Mail: "email", Nom: "firstName" }));
    const mapped = await importFile(admin.headers, "contacts", csv, `&mapping=${mapping}`);
    expect(mapped.json()).toMatchObject({ inserted: 1 });
    const badMapping = await importFile(
      admin.headers,
      "contacts",
      csv,
      `&mapping=${encodeURIComponent('{"Mail":"shoeSize"}')}`,
    );
    expect(badMapping.statusCode).toBe(400);
    expect(badMapping.json().error.details[0].path).toBe("mapping");
  });

  it("imports campaigns and touches, keeping unknown activities as custom touches and skipping re-sent ones", async () => {
    const { admin } = t.cast;
    const campaigns =
      "Campaign Name,Type,Status,Start Date,End Date,Budgeted Cost,Actual Cost,utm_campaign\nSpring webinar,Webinar,In Progress,2026-03-01,2026-03-31,5000,4200.50,spring-webinar\nMystery,Carrier Pigeon,,,,,,\n";
    const c = (await importFile(admin.headers, "campaigns", campaigns)).json();
    expect(c).toMatchObject({ inserted: 1, rejected: 1 });
    expect(c.rejectedRows[0].reason).toMatch(/channel: "Carrier Pigeon" is not a channel/);
    const touches =
      "Activity ID,Email,Type,Timestamp,Campaign\nA1,new.person@acme.io,Webinar Attended,2026-03-15T17:00:00Z,spring-webinar\nA2,new.person@acme.io,Podcast Listened,2026-03-16 09:30,\nA3,new.person@acme.io,Email Opened,yesterday,\n";
    const first = (await importFile(admin.headers, "touches", touches)).json();
    expect(first).toMatchObject({ inserted: 2, rejected: 1 });
    expect(first.rejectedRows[0]).toEqual({
      line: 4,
      reason: 'occurredAt: "yesterday" is not a date and time (use 2026-01-31T09:30:00Z)',
    });
    const again = (await importFile(admin.headers, "touches", touches)).json();
    expect(again).toMatchObject({ inserted: 0, updated: 2 });
    const contact = (await t.as(admin).get("/api/contacts?q=new.person")).json().items[0];
    expect(contact.lifecycleStage).toBe("subscriber");
    const timeline = (await t.as(admin).get(`/api/contacts/${contact.id}/timeline`)).json().items;
    expect(timeline.map((x: { type: string }) => x.type)).toEqual(["custom", "webinar"]);
    expect(timeline[0].properties).toEqual({ event: "Podcast Listened" });
    expect(timeline[1]).toMatchObject({
      campaignName: "Spring webinar",
      occurredAt: "2026-03-15T17:00:00.000Z",
    });
  });

  it("refuses members without the lead role and other workspaces' reports", async () => {
    const { rep, admin, outsider } = t.cast;
    const refused = await importFile(rep.headers, "contacts", "Email\na@b.co\n");
    expect(refused.statusCode).toBe(403);
    const mine = (await importFile(admin.headers, "contacts", "Email\na@b.co\n")).json();
    expect((await t.as(admin).get(`/api/imports/${mine.id}`)).json().inserted).toBe(1);
    expect((await t.as(outsider).get(`/api/imports/${mine.id}`)).statusCode).toBe(404);
    const empty = await importFile(admin.headers, "contacts", "");
    expect(empty.statusCode).toBe(400);
    const unknown = await importFile(admin.headers, "widgets", "a\n1\n");
    expect(unknown.statusCode).toBe(400);
  });
});

describe("CSV export", () => {
  it("exports every page of a list with its current filters", async () => {
    const { rep } = t.cast;
    for (let i = 0; i < 5; i++) {
      await t.as(rep).post("/api/contacts", {
        email: `p${i}@acme.io`,
        firstName: `P${i}`,
        lifecycleStage: i % 2 ? "mql" : "lead",
      });
    }
    const response = await t
      .as(rep)
      .get("/api/contacts/export?lifecycleStage=mql&sort=name&order=desc&limit=1");
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/text\/csv/);
    expect(response.headers["content-disposition"]).toContain('filename="contacts.csv"');
    const lines = response.body.trim().split("\n");
    expect(lines[0].split(",")).toEqual(expect.arrayContaining(["id", "email", "name", "lifecycleStage"]));
    const emailColumn = lines[0].split(",").indexOf("email");
    expect(lines.slice(1).map((l) => l.split(",")[emailColumn])).toEqual(["p3@acme.io", "p1@acme.io"]);
    expect((await t.app.inject({ method: "GET", url: "/api/contacts/export" })).statusCode).toBe(401);
  });

  it("escapes cells a spreadsheet would run as formulas", async () => {
    const { rep } = t.cast;
    const created = await t.as(rep).post("/api/contacts", {
      email: "formula@acme.io",
      firstName: '=HYPERLINK("https://evil.example","x")',
      lastName: "@SUM(1)",
    });
    expect(created.statusCode).toBe(201);
    const response = await t.as(rep).get("/api/contacts/export");
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain(`"'=HYPERLINK(""https://evil.example"",""x"")`);
    expect(response.body).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });
});
