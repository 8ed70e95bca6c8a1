// Personal data of one contact: admins export everything about the person (an access request) and erase
// them (personal fields removed, touches anonymised) while the reports read exactly the same afterwards.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows } from "../../db/client.js";
import {
  contactIdentities,
  contacts,
  notificationDeliveries,
  notifications,
  touches,
} from "../../db/schema/index.js";
import { newId } from "../../lib/ids.js";
import { drainScores, type HttpMethod, setupTestApp, type TestMember } from "../../testing/harness.js";
import { agreeSla, becomeMql } from "../../testing/sla-fixtures.js";
import { anonymiseProperties } from "./personal-data.service.js";

const t = setupTestApp();

async function ok(member: TestMember, method: HttpMethod, url: string, payload?: object) {
  const response = await t.as(member).send(method, url, payload);
  expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
  return response.json();
}

const EMAIL = "jane.doe.erasable@initech-erase.test";

/** A contact with a full history: identities, tracked and logged touches, a score, an MQL hand-off with a
 * routed owner and SLA clocks, a rejection with a comment, an objection, notifications, an import preview. */
async function janeWithHistory() {
  const { admin, rep, salesLead, marketingLead } = t.cast;
  const db = t.database.db;
  const ws = admin.workspaceId;
  const account = await ok(admin, "POST", "/api/accounts", {
    name: "Initech",
    domain: "initech-erase.test",
    ownerMemberId: rep.memberId,
  });
  const campaign = await ok(admin, "POST", "/api/campaigns", { name: "Spring webinar", channel: "webinar" });
  const other = await ok(admin, "POST", "/api/campaigns", { name: "Pricing ads", channel: "paid_search" });

  // A live scoring model, so the contacts have scores.
  const model = await ok(marketingLead, "POST", "/api/scoring-models", { name: "Core" });
  await ok(marketingLead, "POST", `/api/scoring-models/${model.id}/versions/1/approval`);
  await ok(salesLead, "POST", `/api/scoring-models/${model.id}/versions/1/approval`);
  await ok(salesLead, "POST", `/api/scoring-models/${model.id}/versions/1/activate`);
  await agreeSla(db, t.cast);

  const jane = await ok(admin, "POST", "/api/contacts", {
    email: EMAIL,
    firstName: "Janelle",
    lastName: "Doerwald",
    title: "Chief Technology Officer",
    seniority: "c_level",
    department: "engineering",
    phone: "+1 555 0100 777",
    country: "US",
    accountId: account.id,
    source: "webinar",
    sourceCampaignId: campaign.id,
    lifecycleStage: "lead",
    properties: { favouriteColour: "teal", personalEmail: "janelle@home.test" },
  });
  const bob = await ok(admin, "POST", "/api/contacts", {
    email: "bob.bystander@initech-erase.test",
    firstName: "Bob",
    lastName: "Bystander",
    accountId: account.id,
    source: "webinar",
    sourceCampaignId: campaign.id,
    lifecycleStage: "lead",
  });
  await db.insert(contactIdentities).values([
    { workspaceId: ws, kind: "anonymous", value: "anon-jane-123", contactId: jane.id },
    { workspaceId: ws, kind: "user", value: "app-user-jane", contactId: jane.id },
  ]);
  // Tracked touches (with the personal values trackers carry) and touches logged by hand.
  await db.insert(touches).values([
    {
      workspaceId: ws,
      id: newId(),
      contactId: jane.id,
      accountId: account.id,
      anonymousId: "anon-jane-123",
      type: "page_view",
      team: "marketing",
      campaignId: campaign.id,
      occurredAt: new Date(Date.now() - 3_600_000),
      properties: {
        url: `https://initech-erase.test/pricing?email=${EMAIL}`,
        path: "/pricing",
        title: "Pricing",
        ip: "203.0.113.9",
        userAgent: "Mozilla/5.0",
      },
      source: "tracking",
    },
    {
      workspaceId: ws,
      id: newId(),
      contactId: jane.id,
      accountId: account.id,
      type: "form_submit",
      team: "marketing",
      campaignId: other.id,
      occurredAt: new Date(Date.now() - 1_800_000),
      properties: {
        form: "demo",
        email: EMAIL,
        first_name: "Janelle",
        fields: { fullName: "Janelle Doerwald", company: "Initech" },
      },
      source: "tracking",
    },
  ]);
  await ok(rep, "POST", `/api/contacts/${jane.id}/touches`, {
    type: "call",
    campaignId: campaign.id,
    note: "Janelle Doerwald asked for a call back on +1 555 0100 777",
  });
  await ok(rep, "POST", `/api/contacts/${bob.id}/touches`, { type: "call", campaignId: campaign.id });

  // The hand-off: both become MQLs (routed to the account owner, clocks start), sales decides.
  await becomeMql(db, ws, [jane.id, bob.id], new Date());
  await ok(salesLead, "POST", `/api/contacts/${jane.id}/reject`, {
    reason: "no_budget",
    comment: "Janelle Doerwald (janelle@home.test) has no budget until Q3",
  });
  await ok(salesLead, "POST", `/api/contacts/${bob.id}/accept`, { comment: "Good fit" });
  await ok(rep, "POST", "/api/objections", {
    text: "Janelle Doerwald: too expensive compared to our spreadsheet",
    contactId: jane.id,
  });
  // A digest listing several leads' notifications by title (no contact id, as notify() writes it), and
  // what was sent out by email.
  const digest = newId();
  await db.insert(notifications).values({
    workspaceId: ws,
    id: digest,
    memberId: rep.memberId,
    kind: "mql.assigned",
    title: "2 new MQLs for you",
    body: "- New MQL for you: Janelle Doerwald\n- New MQL for you: Bob Bystander",
    createdAt: new Date(),
  });
  await db.insert(notificationDeliveries).values({
    workspaceId: ws,
    id: newId(),
    channel: "email",
    kind: "mql.assigned",
    notificationId: digest,
    target: rep.email,
    payload: {
      subject: "2 new MQLs for you",
      text: `- New MQL for you: Janelle Doerwald\n- New MQL for you: Bob Bystander\n(${EMAIL})`,
    },
    status: "sent",
    attempts: 1,
    nextAttemptAt: new Date(),
    createdAt: new Date(),
  });
  // A dry-run import preview that holds her row.
  const preview = await t.app.inject({
    method: "POST",
    url: "/api/imports/contacts?dryRun=true&fileName=again.csv",
    headers: { ...admin.headers, "content-type": "text/csv" },
    payload: `Email,First Name,Last Name\n${EMAIL},Janelle,Doerwald\n`,
  });
  expect(preview.statusCode, preview.body).toBe(200);
  return { jane, bob, account, campaign, other };
}

/** Rescores what touches queued (the scoring worker's job; no worker runs in tests). */
async function settled() {
  await drainScores(t.database.db);
  const [row] = await queryRows<{ n: number }>(
    t.database.db,
    sql`select count(*)::int as n from score_queue`,
  );
  expect(row.n, "the score queue is empty").toBe(0);
}

/** The numbers both teams read: they must not move when a person is erased. */
async function reports(janeId: string) {
  const { admin } = t.cast;
  await settled();
  const [byCampaign, bySource, compliance, janeScores, storedScores, touchCounts, funnel, stageMoves] =
    await Promise.all([
      ok(admin, "GET", "/api/feedback/decisions?by=campaign"),
      ok(admin, "GET", "/api/feedback/decisions?by=source"),
      ok(admin, "GET", "/api/reports/sla-compliance?from=2020-01-01&to=2100-01-01&by=team"),
      ok(admin, "GET", `/api/contacts/${janeId}/scores`).then((r) =>
        // Engagement decays by the second; fit and the stored score must not move.
        r.items.map((x: { fit: number; modelId: string }) => ({ modelId: x.modelId, fit: x.fit })),
      ),
      queryRows(
        t.database.db,
        sql`select contact_id, model_id, fit, engagement, combined, grade, mql from contact_scores
        where workspace_id = ${admin.workspaceId} order by 1, 2`,
      ),
      queryRows(
        t.database.db,
        sql`select campaign_id, type, team, count(*)::int as n from touches
        where workspace_id = ${admin.workspaceId} group by 1, 2, 3 order by 1, 2, 3`,
      ),
      queryRows(
        t.database.db,
        sql`select lifecycle_stage, source, source_campaign_id, account_id, count(*)::int as n from contacts
        where workspace_id = ${admin.workspaceId} group by 1, 2, 3, 4 order by 1, 2, 3, 4`,
      ),
      queryRows(
        t.database.db,
        sql`select from_stage, to_stage, count(*)::int as n from lifecycle_stage_changes
        where workspace_id = ${admin.workspaceId} group by 1, 2 order by 1, 2`,
      ),
    ]);
  return { byCampaign, bySource, compliance, janeScores, storedScores, touchCounts, funnel, stageMoves };
}

/** Every row of every table (audit log included) whose text contains `needle`. */
async function rowsMentioning(needle: string) {
  const tables = await queryRows<{ name: string }>(
    t.database.db,
    sql`select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like '__drizzle%'`,
  );
  const found: string[] = [];
  for (const { name } of tables) {
    const [row] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from ${sql.identifier(name)} x where x::text ilike ${`%${needle}%`}`,
    );
    if (row.n > 0) found.push(`${name} (${row.n})`);
  }
  return found;
}

describe("personal data export (access request)", () => {
  it("gives admins everything about one contact as a JSON file", async () => {
    const { jane } = await janeWithHistory();
    const response = await t.as(t.cast.admin).get(`/api/contacts/${jane.id}/personal-data`);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-disposition"]).toBe(
      `attachment; filename="contact-${jane.id}-personal-data.json"`,
    );
    const document = response.json();
    expect(document.contact).toMatchObject({ id: jane.id, email: EMAIL, phone: "+1 555 0100 777" });
    expect(document.contact.workspaceId).toBeUndefined();
    expect(document.account).toMatchObject({ name: "Initech" });
    expect(document.identities.map((i: { value: string }) => i.value).sort()).toEqual([
      "anon-jane-123",
      "app-user-jane",
    ]);
    expect(document.touches).toHaveLength(3);
    expect(document.stageHistory.map((s: { toStage: string }) => s.toStage)).toEqual([
      "lead",
      "mql",
      "recycled",
    ]);
    expect(document.scores).toEqual([expect.objectContaining({ modelName: "Core" })]);
    expect(document.decisions).toEqual([
      expect.objectContaining({ decision: "rejected", reason: "no_budget" }),
    ]);
    expect(document.assignments.length).toBeGreaterThan(0);
    expect(document.slaClocks.length).toBeGreaterThan(0);
    // Its own notifications and the digest that names her.
    expect(document.notifications.map((n: { title: string }) => n.title)).toContain("2 new MQLs for you");
    expect(document.notifications.length).toBeGreaterThan(1);
    expect(document.objections).toHaveLength(1);
    expect(document.opportunityRoles).toEqual([]);
    // The access request itself is logged, without the data.
    const audit = await ok(t.cast.admin, "GET", "/api/audit?action=contact.personal_data");
    expect(audit.items[0]).toMatchObject({ action: "contact.personal_data.exported", entityId: jane.id });
    expect(JSON.stringify(audit.items)).not.toContain(EMAIL);
  });

  it("is for admins only, and another workspace's contact is not found", async () => {
    const contact = await ok(t.cast.rep, "POST", "/api/contacts", { email: "who@initech.test" });
    for (const who of [t.cast.rep, t.cast.salesLead, t.cast.marketingLead])
      expect((await t.as(who).get(`/api/contacts/${contact.id}/personal-data`)).statusCode).toBe(403);
    expect((await t.as(t.cast.outsider).get(`/api/contacts/${contact.id}/personal-data`)).statusCode).toBe(
      404,
    );
    expect((await t.as(t.cast.admin).get("/api/contacts/not-an-id/personal-data")).statusCode).toBe(400);
  });
});

describe("erasing a contact", () => {
  it("removes the person everywhere while every report reads the same", async () => {
    const { jane, bob } = await janeWithHistory();
    const before = await reports(jane.id);
    const bobBefore = await ok(t.cast.admin, "GET", `/api/contacts/${bob.id}`);
    expect(await rowsMentioning(EMAIL)).not.toEqual([]);

    const response = await t.as(t.cast.admin).post(`/api/contacts/${jane.id}/erase`, {
      confirm: EMAIL.toUpperCase(),
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      id: jane.id,
      erasedFields: ["email", "firstName", "lastName", "title", "phone", "properties"],
      identitiesDeleted: 2,
      touchesAnonymised: 3,
    });
    expect(response.json().notificationsRedacted).toBeGreaterThan(0);

    // Gone from every table, the audit log included; so are her name, phone and personal email.
    for (const needle of [
      EMAIL,
      "Janelle",
      "Doerwald",
      "555 0100 777",
      "janelle@home.test",
      "anon-jane-123",
      "203.0.113.9",
    ])
      expect(await rowsMentioning(needle), needle).toEqual([]);

    // The numbers did not move.
    expect(await reports(jane.id)).toEqual(before);
    expect(await ok(t.cast.admin, "GET", `/api/contacts/${bob.id}`)).toEqual(bobBefore);

    // What is left: an anonymous contact with its stage, account, source and coarse attributes.
    const erased = await ok(t.cast.admin, "GET", `/api/contacts/${jane.id}`);
    expect(erased).toMatchObject({
      name: "Erased contact",
      email: null,
      phone: null,
      title: null,
      lifecycleStage: "recycled",
      accountId: jane.accountId,
      source: "webinar",
      sourceCampaignId: jane.sourceCampaignId,
      seniority: "c_level",
      department: "engineering",
      properties: { erasedAt: expect.any(String) },
    });
    const [stored] = await t.database.db.select().from(contacts).where(sql`id = ${jane.id}`);
    expect(stored.externalId).toBeNull();
    // Touches keep type, time, campaign, team and their non-personal properties.
    const timeline = (await ok(t.cast.admin, "GET", `/api/contacts/${jane.id}/timeline`)).items;
    const form = timeline.find((x: { type: string }) => x.type === "form_submit");
    expect(form.properties).toEqual({ form: "demo", fields: { company: "Initech" } });
    const page = timeline.find((x: { type: string }) => x.type === "page_view");
    expect(page.properties).toEqual({
      url: "https://initech-erase.test/pricing?email=Erased contact",
      path: "/pricing",
      title: "Pricing",
    });
    expect(timeline.find((x: { type: string }) => x.type === "call").properties).toEqual({});
    const decisions = (await ok(t.cast.admin, "GET", `/api/contacts/${jane.id}/decisions`)).items;
    expect(decisions).toEqual([
      expect.objectContaining({ decision: "rejected", reason: "no_budget", comment: "" }),
    ]);
    const history = (await ok(t.cast.admin, "GET", `/api/contacts/${jane.id}/stage-history`)).items;
    expect(history.at(-1).causeDetail).toBe("Rejected by sales: No budget");

    // The audit entry says what was erased, never the values.
    const [entry] = (await ok(t.cast.admin, "GET", "/api/audit?action=contact.personal_data.erased")).items;
    expect(entry).toMatchObject({
      entityId: jane.id,
      entityName: "Erased contact",
      actorName: "Ada Admin",
      before: { erasedFields: ["email", "firstName", "lastName", "title", "phone", "properties"] },
    });

    // Once is enough.
    expect(
      (await t.as(t.cast.admin).post(`/api/contacts/${jane.id}/erase`, { confirm: "ERASE" })).statusCode,
    ).toBe(409);
  });

  it("redacts a bare name only in rows about the contact: another 'Info' keeps its notifications", async () => {
    const { admin, rep } = t.cast;
    const ws = admin.workspaceId;
    const info = await ok(admin, "POST", "/api/contacts", {
      email: "info@initech-erase.test",
      firstName: "Info",
    });
    const other = await ok(admin, "POST", "/api/contacts", {
      email: "sam@globex-erase.test",
      firstName: "Sam",
    });
    const unrelated = {
      workspaceId: ws,
      memberId: rep.memberId,
      kind: "mql.assigned",
      createdAt: new Date(),
    };
    await t.database.db.insert(notifications).values([
      { ...unrelated, id: newId(), title: "Info: pipeline review at 3pm", body: "Info for the team" },
      {
        ...unrelated,
        id: newId(),
        title: "New MQL for you: Sam",
        body: "Info requested",
        contactId: other.id,
      },
      { ...unrelated, id: newId(), title: "New MQL for you: Info", body: "", contactId: info.id },
      { ...unrelated, id: newId(), title: "Bounce", body: "Mail to info@initech-erase.test bounced" },
    ]);
    const exported = await ok(admin, "GET", `/api/contacts/${info.id}/personal-data`);
    expect(exported.notifications.map((n: { title: string }) => n.title)).toEqual(["New MQL for you: Info"]);

    await ok(admin, "POST", `/api/contacts/${info.id}/erase`, { confirm: "info@initech-erase.test" });
    const rows = await t.database.db.select().from(notifications);
    const texts = rows.map((n) => `${n.title} | ${n.body}`).sort();
    expect(texts).toEqual([
      "Bounce | Mail to Erased contact bounced",
      "Info: pipeline review at 3pm | Info for the team",
      "New MQL for you: Erased contact | ",
      "New MQL for you: Sam | Info requested",
    ]);
  });

  it("erases a contact named like a JSON literal, whatever JSON holds", async () => {
    const { admin, rep } = t.cast;
    const ws = admin.workspaceId;
    const odd = await ok(admin, "POST", "/api/contacts", {
      email: "null@initech-erase.test",
      firstName: "null",
    });
    const id = newId();
    await t.database.db.insert(notifications).values({
      workspaceId: ws,
      id,
      memberId: rep.memberId,
      kind: "mql.assigned",
      title: "New MQL for you: null",
      body: "",
      contactId: odd.id,
      createdAt: new Date(),
    });
    await t.database.db.insert(notificationDeliveries).values([
      {
        workspaceId: ws,
        id: newId(),
        channel: "webhook",
        kind: "mql.assigned",
        notificationId: id,
        target: "https://93.184.216.34/hook",
        payload: { title: "New MQL for you: null", contactId: null, flags: [true, null], null: "null" },
        status: "sent",
        attempts: 1,
        nextAttemptAt: new Date(),
        createdAt: new Date(),
      },
      {
        workspaceId: ws,
        id: newId(),
        channel: "webhook",
        kind: "sla.warning",
        target: "https://93.184.216.34/hook",
        payload: { title: "Another", contactId: null, ok: true },
        status: "sent",
        attempts: 1,
        nextAttemptAt: new Date(),
        createdAt: new Date(),
      },
    ]);
    const erased = await t.as(admin).post(`/api/contacts/${odd.id}/erase`, {
      confirm: "null@initech-erase.test",
    });
    expect(erased.statusCode, erased.body).toBe(200);
    const payloads = (await t.database.db.select().from(notificationDeliveries)).map((d) => d.payload);
    expect(payloads).toEqual(
      expect.arrayContaining([
        // Values only: the key "null" and JSON's null stay as they were.
        {
          title: "New MQL for you: Erased contact",
          contactId: null,
          flags: [true, null],
          null: "Erased contact",
        },
        { title: "Another", contactId: null, ok: true },
      ]),
    );
  });

  it("removes the email from touch URLs in any percent-encoding", async () => {
    const { admin } = t.cast;
    const ws = admin.workspaceId;
    const jane = await ok(admin, "POST", "/api/contacts", { email: "jane@acme.com", firstName: "Jane" });
    await t.database.db.insert(touches).values({
      workspaceId: ws,
      id: newId(),
      contactId: jane.id,
      type: "page_view",
      team: "marketing",
      occurredAt: new Date(),
      properties: {
        url: "https://acme.test/pricing?email=jane%40acme.com&plan=pro",
        search: "?email=JANE%40ACME.COM",
        referrer: "https://mail.test/?to=jane%2540acme.com&x=%6A%61ne%40acme.com",
      },
      source: "tracking",
    });
    await ok(admin, "POST", `/api/contacts/${jane.id}/erase`, { confirm: "jane@acme.com" });
    const [touch] = await t.database.db.select().from(touches).where(sql`contact_id = ${jane.id}`);
    const text = JSON.stringify(touch.properties).toLowerCase();
    expect(text).not.toContain("jane");
    expect(text).not.toContain("acme.com");
    expect(touch.properties).toMatchObject({
      url: "https://acme.test/pricing?email=Erased contact&plan=pro",
    });
  });

  it("needs the contact's email as confirmation (ERASE when it has none) and changes nothing otherwise", async () => {
    const { admin } = t.cast;
    const jane = await ok(admin, "POST", "/api/contacts", {
      email: "confirm.me@initech.test",
      firstName: "Jo",
    });
    const nameless = await ok(admin, "POST", "/api/contacts", { firstName: "Anon" });
    for (const body of [
      {},
      { confirm: "" },
      { confirm: "ERASE" },
      { confirm: "other@initech.test" },
      { confirm: 42 },
    ]) {
      const response = await t.as(admin).post(`/api/contacts/${jane.id}/erase`, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().error.details?.[0]?.path).toBe("confirm");
    }
    expect(
      (await t.as(admin).post(`/api/contacts/${nameless.id}/erase`, { confirm: "anon" })).statusCode,
    ).toBe(400);
    expect((await ok(admin, "GET", `/api/contacts/${jane.id}`)).email).toBe("confirm.me@initech.test");
    expect((await ok(admin, "GET", "/api/audit")).items).toEqual([]);
    expect(
      (await ok(admin, "POST", `/api/contacts/${nameless.id}/erase`, { confirm: "ERASE" })).erasedFields,
    ).toEqual(["firstName"]);
  });

  it("is for admins only; another workspace's contact is not found", async () => {
    const contact = await ok(t.cast.rep, "POST", "/api/contacts", { email: "keep.me@initech.test" });
    for (const who of [t.cast.rep, t.cast.salesLead, t.cast.marketingLead])
      expect(
        (await t.as(who).post(`/api/contacts/${contact.id}/erase`, { confirm: "keep.me@initech.test" }))
          .statusCode,
      ).toBe(403);
    expect(
      (
        await t.as(t.cast.outsider).post(`/api/contacts/${contact.id}/erase`, {
          confirm: "keep.me@initech.test",
        })
      ).statusCode,
    ).toBe(404);
    expect((await ok(t.cast.admin, "GET", `/api/contacts/${contact.id}`)).email).toBe("keep.me@initech.test");
  });
});

describe("anonymising touch properties", () => {
  it("drops personal keys at any depth and redacts the person's identifiers in the rest", () => {
    const needles = /(?<![\p{L}\p{N}])(jane@x\.test|Jane Roe|Jane)(?![\p{L}\p{N}])/giu;
    expect(
      anonymiseProperties(
        {
          E_Mail: "jane@x.test",
          "user-agent": "curl",
          IP: "1.2.3.4",
          title: "Welcome back, JANE",
          tags: ["Jane Roe", "Janet"],
          nested: { phone_number: "1", path: "/janes-page" },
          count: 3,
        },
        needles,
      ),
    ).toEqual({
      title: "Welcome back, Erased contact",
      tags: ["Erased contact", "Janet"],
      nested: { path: "/janes-page" },
      count: 3,
    });
  });
});
