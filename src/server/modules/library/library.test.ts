// The insights library through the API: assets (kinds, statistic's source and date), search and filters with
// pages, uploads (size, type, content), shares as touches on the contact's timeline, each asset's use and
// influence on won deals on a fixture counted by hand (and the won deals equal to the attribution report's),
// the gap grid, content requests fulfilled by linking an asset; bad input, roles and other workspaces.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { MAX_ASSET_FILE_BYTES } from "../../../shared/library.js";
import { queryRows } from "../../db/client.js";
import { newId } from "../../lib/ids.js";
import { setupTestApp } from "../../testing/harness.js";

const t = setupTestApp();

async function persona(name: string, ws = t.cast.admin.workspaceId) {
  const id = newId();
  await t.database.db.execute(
    sql`insert into personas (workspace_id, id, name) values (${ws}, ${id}, ${name})`,
  );
  return id;
}

async function contact(first: string, ws = t.cast.admin.workspaceId) {
  const id = newId();
  await t.database.db.execute(sql`insert into contacts (workspace_id, id, email, first_name, last_name, lifecycle_stage, source)
    values (${ws}, ${id}, ${`${first.toLowerCase()}@initech.com`}, ${first}, 'Test', 'lead', 'web')`);
  return id;
}

async function wonDeal(name: string, amount: number, closed: string, contacts: string[]) {
  const ws = t.cast.admin.workspaceId;
  const account = newId();
  await t.database.db.execute(
    sql`insert into accounts (workspace_id, id, name) values (${ws}, ${account}, ${`${name} Inc`})`,
  );
  const id = newId();
  await t.database.db.execute(sql`insert into opportunities (workspace_id, id, name, account_id, amount, stage, close_date,
      closed_at, created_at, updated_at)
    values (${ws}, ${id}, ${name}, ${account}, ${amount}, 'closed_won', ${closed.slice(0, 10)}::date, ${closed},
      '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z')`);
  for (const c of contacts)
    await t.database.db.execute(sql`insert into opportunity_contacts (workspace_id, opportunity_id, contact_id, role)
      values (${ws}, ${id}, ${c}, 'champion')`);
  return id;
}

const story = (extra: object = {}) => ({
  kind: "customer_story",
  title: "How Northwind cut forecast error",
  summary: "Forecast error down 40% in two quarters",
  tags: ["Forecasting", "roi", "forecasting"],
  industry: "Manufacturing",
  url: "https://example.com/northwind",
  ...extra,
});

describe("assets", () => {
  it("are added, read, edited, searched and filtered in pages", async () => {
    const cfo = await persona("CFO");
    const { rep, marketingLead } = t.cast;
    const created = await t
      .as(marketingLead)
      .post("/api/assets", story({ personaId: cfo, funnelStage: "sql" }));
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      kind: "customer_story",
      personaName: "CFO",
      funnelStage: "sql",
      tags: ["forecasting", "roi"],
      ownerMemberId: marketingLead.memberId,
      ownerName: "Mia Marketing",
      shares: 0,
      file: null,
    });
    const stat = await t.as(rep).post("/api/assets", {
      kind: "statistic",
      title: "73% of B2B buyers want a rep-free experience",
      source: "Gartner",
      sourceDate: "2025-06-01",
      funnelStage: "lead",
      tags: ["buyers"],
    });
    expect(stat.statusCode, stat.body).toBe(201);
    expect(stat.json()).toMatchObject({ source: "Gartner", sourceDate: "2025-06-01", ownerName: "Rey Rep" });
    const card = await t.as(rep).post("/api/assets", {
      kind: "battlecard",
      title: "Against Spreadsheet Inc",
      personaId: cfo,
      funnelStage: "opportunity",
    });
    expect(card.statusCode).toBe(201);

    const ids = (url: string) =>
      t
        .as(rep)
        .get(url)
        .then((r) => {
          expect(r.statusCode, r.body).toBe(200);
          return r.json().items.map((a: { title: string }) => a.title);
        });
    expect(await ids("/api/assets")).toEqual([
      "Against Spreadsheet Inc",
      "73% of B2B buyers want a rep-free experience",
      "How Northwind cut forecast error",
    ]);
    expect(await ids("/api/assets?q=northwind%20FORECAST")).toEqual(["How Northwind cut forecast error"]);
    expect(await ids("/api/assets?q=gartner")).toEqual(["73% of B2B buyers want a rep-free experience"]);
    expect(await ids(`/api/assets?personaId=${cfo}`)).toHaveLength(2);
    expect(await ids(`/api/assets?personaId=${cfo}&funnelStage=sql`)).toEqual([
      "How Northwind cut forecast error",
    ]);
    expect(await ids("/api/assets?kind=statistic")).toHaveLength(1);
    expect(await ids("/api/assets?tag=ROI")).toEqual(["How Northwind cut forecast error"]);
    expect(await ids("/api/assets?industry=manufacturing")).toEqual(["How Northwind cut forecast error"]);
    expect(await ids(`/api/assets?ownerMemberId=${rep.memberId}`)).toHaveLength(2);

    const first = (await t.as(rep).get("/api/assets?limit=2")).json();
    expect(first.total).toBe(3);
    expect(first.items).toHaveLength(2);
    const second = (await t.as(rep).get(`/api/assets?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.items.map((a: { title: string }) => a.title)).toEqual(["How Northwind cut forecast error"]);
    expect(second.nextCursor).toBeNull();

    const id = created.json().id;
    const edited = await t
      .as(rep)
      .patch(`/api/assets/${id}`, { title: "Northwind: forecast error down 40%", tags: [] });
    expect(edited.json()).toMatchObject({ title: "Northwind: forecast error down 40%", tags: [] });
    expect(await ids("/api/assets?tag=roi")).toEqual([]);
    expect((await t.as(rep).post(`/api/assets/${id}/archive`)).json().archivedAt).not.toBeNull();
    expect(await ids("/api/assets")).toHaveLength(2);
    expect(await ids("/api/assets?archived=true")).toEqual(["Northwind: forecast error down 40%"]);
    expect((await t.as(rep).post(`/api/assets/${id}/restore`)).json().archivedAt).toBeNull();
  });

  it("refuses bad input naming the field, and writes nothing", async () => {
    const other = await persona("Outsider persona", t.cast.outsider.workspaceId);
    const cases: [object, string][] = [
      [{ kind: "poster", title: "A" }, "kind"],
      [{ kind: "deck", title: "  " }, "title"],
      [{ kind: "deck", title: "A", url: "javascript:alert(1)" }, "url"],
      [{ kind: "deck", title: "A", funnelStage: "awareness" }, "funnelStage"],
      [{ kind: "deck", title: "A", personaId: other }, "personaId"],
      [{ kind: "deck", title: "A", ownerMemberId: t.cast.outsider.memberId }, "ownerMemberId"],
      [{ kind: "deck", title: "A", tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, "tags"],
      [{ kind: "statistic", title: "A number", sourceDate: "2025-01-01" }, "source"],
      [{ kind: "statistic", title: "A number", source: "Forrester" }, "sourceDate"],
    ];
    for (const [body, field] of cases) {
      const response = await t.as(t.cast.rep).post("/api/assets", body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.body, JSON.stringify(body)).toContain(field);
    }
    const [{ n }] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from insight_assets`,
    );
    expect(n).toBe(0);
    const listed = await t.as(t.cast.rep).get("/api/assets?funnelStage=awareness");
    expect(listed.statusCode).toBe(400);
    expect((await t.as(t.cast.rep).get("/api/assets?cursor=nope")).json().error.message).toContain("cursor");
  });

  it("belong to their workspace: another workspace's asset is 404 and never listed", async () => {
    const mine = (await t.as(t.cast.rep).post("/api/assets", story())).json();
    const { outsider } = t.cast;
    expect((await t.as(outsider).get(`/api/assets/${mine.id}`)).statusCode).toBe(404);
    expect((await t.as(outsider).patch(`/api/assets/${mine.id}`, { title: "Mine" })).statusCode).toBe(404);
    expect((await t.as(outsider).get(`/api/assets/${mine.id}/usage`)).statusCode).toBe(404);
    expect((await t.as(outsider).get("/api/assets")).json().items).toEqual([]);
    const theirContact = await contact("Otto", outsider.workspaceId);
    const share = await t.as(t.cast.rep).post(`/api/assets/${mine.id}/shares`, { contactId: theirContact });
    expect(share.statusCode).toBe(400);
    expect(share.json().error.message).toContain("contactId");
    expect((await t.app.inject({ method: "GET", url: "/api/assets" })).statusCode).toBe(401);
  });
});

describe("uploads", () => {
  const upload = (id: string, type: string, body: Buffer | string, name = "story.pdf") =>
    t.app.inject({
      method: "PUT",
      url: `/api/assets/${id}/file?name=${encodeURIComponent(name)}`,
      headers: { ...t.cast.rep.headers, "content-type": type },
      payload: body,
    });

  it("keeps a file whose content is its type, and serves it back as a download", async () => {
    const id = (await t.as(t.cast.rep).post("/api/assets", story({ url: null }))).json().id;
    const pdf = Buffer.from("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n");
    const stored = await upload(id, "application/pdf", pdf, "Northwind story.pdf");
    expect(stored.statusCode, stored.body).toBe(200);
    expect(stored.json().file).toEqual({
      name: "Northwind story.pdf",
      type: "application/pdf",
      size: pdf.length,
    });
    const download = await t.as(t.cast.salesLead).get(`/api/assets/${id}/file`);
    expect(download.statusCode).toBe(200);
    expect(download.headers["content-type"]).toBe("application/pdf");
    expect(download.headers["content-disposition"]).toContain('filename="Northwind story.pdf"');
    expect(download.rawPayload.equals(pdf)).toBe(true);
    // Another workspace cannot read it.
    expect((await t.as(t.cast.outsider).get(`/api/assets/${id}/file`)).statusCode).toBe(404);
  });

  it("refuses the wrong type, content that is not its type, an empty or too large file, keeping nothing", async () => {
    const id = (await t.as(t.cast.rep).post("/api/assets", story({ url: null }))).json().id;
    const exe = await upload(id, "application/x-msdownload", Buffer.from("MZ\x90\x00"), "setup.exe");
    expect(exe.statusCode).toBe(415);
    const disguised = await upload(id, "application/pdf", Buffer.from("MZ\x90\x00 not a pdf"));
    expect(disguised.statusCode).toBe(415);
    expect(disguised.json().error.message).toContain("not a PDF");
    const png = await upload(id, "image/png", Buffer.from("GIF89a...."), "logo.png");
    expect(png.statusCode).toBe(415);
    const binaryText = await upload(id, "text/plain", Buffer.from([0x68, 0x00, 0x69]), "notes.txt");
    expect(binaryText.statusCode).toBe(415);
    expect((await upload(id, "application/pdf", Buffer.alloc(0))).statusCode).toBe(400);
    const big = Buffer.concat([Buffer.from("%PDF-"), Buffer.alloc(MAX_ASSET_FILE_BYTES)]);
    const tooLarge = await upload(id, "application/pdf", big);
    expect(tooLarge.statusCode).toBe(413);
    const badName = await upload(id, "application/pdf", Buffer.from("%PDF-1.7"), "../../etc/passwd");
    expect(badName.statusCode).toBe(400);
    expect(badName.json().error.message).toContain("name");
    const [{ n }] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from insight_asset_files`,
    );
    expect(n).toBe(0);
    expect((await t.as(t.cast.rep).get(`/api/assets/${id}`)).json().file).toBeNull();
    expect((await t.as(t.cast.rep).get(`/api/assets/${id}/file`)).statusCode).toBe(404);
    // Text is fine when it is text.
    const notes = await upload(
      id,
      "text/markdown; charset=utf-8",
      "# Talk track\nAsk about the close.",
      "talk.md",
    );
    expect(notes.json().file).toMatchObject({ name: "talk.md", type: "text/markdown" });
  });
});

describe("shares, use and influence on won deals", () => {
  const PERIOD = "from=2026-01-01&to=2026-07-01";

  it("writes a touch on the contact's timeline and counts the won deals whose journey holds it", async () => {
    const { rep, salesLead } = t.cast;
    const asset = (await t.as(rep).post("/api/assets", story())).json();
    const ann = await contact("Ann");
    const bob = await contact("Bob");
    const cid = await contact("Cid");
    // Ann was sent the story on 10 Feb, Cid on 5 Jan; Bob never.
    const shared = await t.as(rep).post(`/api/assets/${asset.id}/shares`, {
      contactId: ann,
      occurredAt: "2026-02-10T09:00:00Z",
      note: "After the demo",
    });
    expect(shared.statusCode, shared.body).toBe(201);
    expect(shared.json()).toMatchObject({ contactId: ann, contactName: "Ann Test", memberName: "Rey Rep" });
    await t
      .as(salesLead)
      .post(`/api/assets/${asset.id}/shares`, { contactId: cid, occurredAt: "2026-01-05T09:00:00Z" });
    // The touch is on Ann's timeline, a sales touch naming the asset.
    const timeline = (await t.as(rep).get(`/api/contacts/${ann}/timeline`)).json().items;
    expect(timeline[0]).toMatchObject({
      type: "content_shared",
      team: "sales",
      properties: { assetId: asset.id, asset: asset.title, note: "After the demo" },
    });
    // Acme ($12,000, Ann and Bob, won 1 Mar): Ann's share 19 days before: influenced.
    // Globex ($5,000, Bob, won 5 Mar): no share. Initrode ($3,000, Cid, won 15 Jun): Cid's share is 161 days
    // before, outside the 90-day window: not influenced.
    const acme = await wonDeal("Acme", 12_000, "2026-03-01T12:00:00Z", [ann, bob]);
    await wonDeal("Globex", 5_000, "2026-03-05T12:00:00Z", [bob]);
    await wonDeal("Initrode", 3_000, "2026-06-15T12:00:00Z", [cid]);

    const usage = await t.as(rep).get(`/api/assets/${asset.id}/usage?${PERIOD}`);
    expect(usage.statusCode, usage.body).toBe(200);
    expect(usage.json()).toMatchObject({
      lookbackDays: 90,
      shares: 2,
      contacts: 2,
      members: 2,
      influence: {
        wonDeals: 1,
        revenue: 12_000,
        allWonDeals: 3,
        allRevenue: 20_000,
        deals: [
          {
            opportunityId: acme,
            name: "Acme",
            amount: 12_000,
            closedAt: "2026-03-01T12:00:00.000Z",
            sharedAt: "2026-02-10T09:00:00.000Z",
          },
        ],
      },
    });
    // The won deals are the attribution report's, computed once.
    const report = (await t.as(rep).get(`/api/reports/attribution?${PERIOD}&milestone=closed_won`)).json();
    expect([report.milestones, report.amount]).toEqual([3, 20_000]);
    // A period without the shares: nothing used, nothing influenced.
    const later = (await t.as(rep).get(`/api/assets/${asset.id}/usage?from=2026-04-01&to=2026-05-01`)).json();
    expect(later).toMatchObject({ shares: 0, influence: { wonDeals: 0, revenue: 0, allWonDeals: 0 } });

    const listed = (await t.as(rep).get("/api/assets")).json().items[0];
    expect(listed).toMatchObject({ shares: 2, lastSharedAt: "2026-02-10T09:00:00.000Z" });
    const page = (await t.as(rep).get(`/api/assets/${asset.id}/shares?limit=1`)).json();
    expect(page.items.map((s: { contactName: string }) => s.contactName)).toEqual(["Ann Test"]);
    const rest = (
      await t.as(rep).get(`/api/assets/${asset.id}/shares?limit=1&cursor=${page.nextCursor}`)
    ).json();
    expect(rest.items.map((s: { contactName: string }) => s.contactName)).toEqual(["Cid Test"]);
    expect(rest.nextCursor).toBeNull();
  });

  it("refuses a share without a contact, an archived asset, and a bad usage period", async () => {
    const asset = (await t.as(t.cast.rep).post("/api/assets", story())).json();
    const missing = await t.as(t.cast.rep).post(`/api/assets/${asset.id}/shares`, {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toContain("contactId");
    const when = await t
      .as(t.cast.rep)
      .post(`/api/assets/${asset.id}/shares`, { contactId: await contact("Dee"), occurredAt: "yesterday" });
    expect(when.json().error.message).toContain("occurredAt");
    await t.as(t.cast.rep).post(`/api/assets/${asset.id}/archive`);
    const archived = await t
      .as(t.cast.rep)
      .post(`/api/assets/${asset.id}/shares`, { contactId: await contact("Eve") });
    expect(archived.statusCode).toBe(400);
    const [{ n }] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select (select count(*) from asset_shares) + (select count(*) from touches) as n`,
    );
    expect(Number(n)).toBe(0);
    expect((await t.as(t.cast.rep).get(`/api/assets/${asset.id}/usage?from=soon`)).statusCode).toBe(400);
  });
});

describe("the gap grid", () => {
  it("counts live assets per persona and funnel stage; empty cells are gaps", async () => {
    const cfo = await persona("CFO");
    const cto = await persona("CTO");
    const add = (body: object) =>
      t.as(t.cast.rep).post("/api/assets", { kind: "deck", title: "Deck", ...body });
    await add({ personaId: cfo, funnelStage: "lead" });
    await add({ personaId: cfo, funnelStage: "lead" });
    await add({ personaId: cfo, funnelStage: "opportunity" });
    await add({ funnelStage: "customer" });
    const archived = (await add({ personaId: cto, funnelStage: "sql" })).json().id;
    await t.as(t.cast.rep).post(`/api/assets/${archived}/archive`);
    const grid = await t.as(t.cast.rep).get("/api/assets/gaps");
    expect(grid.statusCode).toBe(200);
    expect(grid.json().stages.map((s: { stage: string }) => s.stage)).toEqual([
      "lead",
      "mql",
      "sal",
      "sql",
      "opportunity",
      "customer",
    ]);
    expect(grid.json().rows).toEqual([
      { personaId: cfo, personaName: "CFO", counts: [2, 0, 0, 0, 1, 0] },
      { personaId: cto, personaName: "CTO", counts: [0, 0, 0, 0, 0, 0] },
      { personaId: null, personaName: "Any persona", counts: [0, 0, 0, 0, 0, 1] },
    ]);
    // 4 empty cells for the CFO, 6 for the CTO.
    expect(grid.json().gaps).toBe(10);
    expect((await t.as(t.cast.outsider).get("/api/assets/gaps")).json().rows).toEqual([]);
  });
});

describe("content requests fulfilled by an asset", () => {
  it("linking an asset delivers the request and names the asset; another workspace's asset is refused", async () => {
    const request = (
      await t.as(t.cast.rep).post("/api/content-requests", { title: "CFO case study" })
    ).json();
    const asset = (await t.as(t.cast.marketingLead).post("/api/assets", story())).json();
    const linked = await t
      .as(t.cast.marketingLead)
      .patch(`/api/content-requests/${request.id}`, { assetId: asset.id });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json()).toMatchObject({ status: "delivered", assetId: asset.id, assetTitle: asset.title });
    const listed = (await t.as(t.cast.rep).get("/api/content-requests")).json().items[0];
    expect(listed).toMatchObject({ assetId: asset.id, assetTitle: asset.title });
    // A used request keeps its status when its asset changes.
    await t.as(t.cast.rep).patch(`/api/content-requests/${request.id}`, { status: "used" });
    const theirs = (await t.as(t.cast.outsider).post("/api/assets", story())).json();
    const refused = await t
      .as(t.cast.rep)
      .patch(`/api/content-requests/${request.id}`, { assetId: theirs.id });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toContain("assetId");
    const after = (await t.as(t.cast.rep).get("/api/content-requests")).json().items[0];
    expect(after).toMatchObject({ status: "used", assetId: asset.id });
  });
});
