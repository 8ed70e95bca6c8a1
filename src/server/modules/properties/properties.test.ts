// Custom properties: definitions by leads and admins, typed values on contacts, accounts and opportunities,
// list filters, and the workspace boundary.
import { describe, expect, it } from "vitest";
import { setupTestApp } from "../../testing/harness.js";

const t = setupTestApp();

describe("custom properties", () => {
  it("lets a lead define typed properties that records carry, validate and filter by", async () => {
    const { marketingLead, rep } = t.cast;
    const tier = await t.as(marketingLead).post("/api/properties", {
      objectType: "contacts",
      apiName: "tier",
      label: "Tier",
      description: "How big a buyer this is",
      type: "one_of",
      options: ["gold", "silver"],
    });
    expect(tier.statusCode).toBe(201);
    expect(tier.json()).toMatchObject({ apiName: "tier", type: "one_of", options: ["gold", "silver"] });
    await t.as(marketingLead).post("/api/properties", {
      objectType: "contacts",
      apiName: "seats",
      label: "Seats",
      type: "number",
    });
    const listed = (await t.as(rep).get("/api/properties?objectType=contacts")).json().items;
    expect(listed.map((p: { apiName: string }) => p.apiName)).toEqual(["seats", "tier"]);
    expect((await t.as(rep).get("/api/properties?objectType=accounts")).json().items).toEqual([]);

    const gold = await t.as(rep).post("/api/contacts", {
      email: "gold@acme.test",
      properties: { tier: "gold", seats: 40, legacy_key: { any: "thing" } },
    });
    expect(gold.statusCode).toBe(201);
    expect(gold.json().properties).toEqual({ tier: "gold", seats: 40, legacy_key: { any: "thing" } });
    await t.as(rep).post("/api/contacts", { email: "silver@acme.test", properties: { tier: "silver" } });
    await t.as(rep).post("/api/contacts", { email: "none@acme.test" });

    const golds = (await t.as(rep).get("/api/contacts?property.tier=gold")).json();
    expect(golds.items.map((c: { email: string }) => c.email)).toEqual(["gold@acme.test"]);
    expect(golds.total).toBe(1);
    const forty = (await t.as(rep).get("/api/contacts?property.seats=40")).json().items;
    expect(forty.map((c: { email: string }) => c.email)).toEqual(["gold@acme.test"]);

    const changed = await t
      .as(rep)
      .patch(`/api/contacts/${gold.json().id}`, { properties: { tier: "silver", seats: null } });
    expect(changed.statusCode).toBe(200);
    const silvers = (await t.as(rep).get("/api/contacts?property.tier=silver")).json().items;
    expect(silvers.map((c: { email: string }) => c.email).sort()).toEqual([
      "gold@acme.test",
      "silver@acme.test",
    ]);

    // The export keeps the properties JSON and adds one column per defined property, named as the filter is.
    const csv = await t.as(rep).get("/api/contacts/export?property.tier=silver&sort=createdAt");
    expect(csv.statusCode).toBe(200);
    const [header, ...rows] = csv.body.trim().split("\n");
    const columns = header.split(",");
    expect(columns.slice(-2)).toEqual(["property.seats", "property.tier"]);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain("gold@acme.test");
    expect(rows[0]).toContain('""tier"":""silver""');
    expect(rows[0].endsWith(",silver")).toBe(true);
    expect(rows[1].endsWith(",silver")).toBe(true);
    expect(csv.body).not.toContain("none@acme.test");
  });

  it("answers a value that does not fit its type with a 400 naming the property, and writes nothing", async () => {
    const { admin, rep } = t.cast;
    const define = (objectType: string, apiName: string, type: string, options?: string[]) =>
      t.as(admin).post("/api/properties", { objectType, apiName, label: apiName, type, options });
    await define("contacts", "renewal_on", "date");
    await define("accounts", "seats", "number");
    await define("accounts", "partner", "boolean");
    await define("opportunities", "channels", "many_of", ["web", "event"]);
    await define("opportunities", "notes", "text");

    const badDate = await t
      .as(rep)
      .post("/api/contacts", { email: "d@acme.test", properties: { renewal_on: "2026-02-30" } });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().error.message).toBe(
      "properties.renewal_on: renewal_on must be a date like 2026-01-31",
    );
    expect(badDate.json().error.details[0]).toEqual({
      path: "properties.renewal_on",
      message: "renewal_on must be a date like 2026-01-31",
    });
    expect((await t.as(rep).get("/api/contacts")).json().items).toHaveLength(0);

    const account = await t.as(rep).post("/api/accounts", { name: "Initech", properties: { seats: 12 } });
    expect(account.statusCode).toBe(201);
    const badSeats = await t
      .as(rep)
      .patch(`/api/accounts/${account.json().id}`, { properties: { seats: "12" } });
    expect(badSeats.statusCode).toBe(400);
    expect(badSeats.json().error.details[0].path).toBe("properties.seats");
    const badFlag = await t.as(rep).post("/api/accounts", { name: "Hooli", properties: { partner: "yes" } });
    expect(badFlag.json().error.details[0]).toMatchObject({ path: "properties.partner" });
    const accounts = (await t.as(rep).get("/api/accounts")).json().items;
    expect(accounts.map((a: { name: string; properties: object }) => [a.name, a.properties])).toEqual([
      ["Initech", { seats: 12 }],
    ]);

    const deal = {
      name: "Initech renewal",
      accountId: account.json().id,
      amount: 5000,
      closeDate: "2026-06-30",
    };
    const badChannel = await t
      .as(rep)
      .post("/api/opportunities", { ...deal, properties: { channels: ["web", "fax"] } });
    expect(badChannel.statusCode).toBe(400);
    expect(badChannel.json().error.details[0]).toEqual({
      path: "properties.channels",
      message: 'channels must be a list of "web", "event"',
    });
    const longText = await t
      .as(rep)
      .post("/api/opportunities", { ...deal, properties: { notes: "x".repeat(2001) } });
    expect(longText.json().error.details[0].path).toBe("properties.notes");
    expect((await t.as(rep).get("/api/opportunities")).json().items).toHaveLength(0);
    const good = await t
      .as(rep)
      .post("/api/opportunities", { ...deal, properties: { channels: ["event"], notes: "Via the CFO" } });
    expect(good.statusCode).toBe(201);
    expect(good.json().properties).toEqual({ channels: ["event"], notes: "Via the CFO" });
    const byChannel = await t.as(rep).get("/api/opportunities?property.channels=event");
    expect(byChannel.json().items.map((o: { name: string }) => o.name)).toEqual(["Initech renewal"]);
    expect((await t.as(rep).get("/api/opportunities?property.channels=web")).json().items).toEqual([]);

    const unknownFilter = await t.as(rep).get("/api/accounts?property.colour=red");
    expect(unknownFilter.statusCode).toBe(400);
    expect(unknownFilter.json().error.details[0].path).toBe("property.colour");
    const badFilter = await t.as(rep).get("/api/accounts?property.seats=many");
    expect(badFilter.json().error.details[0]).toEqual({
      path: "property.seats",
      message: "must be a number",
    });
  });

  it("sorts lists by a property, page after page, records without a value first", async () => {
    const { admin, rep } = t.cast;
    await t
      .as(admin)
      .post("/api/properties", { objectType: "contacts", apiName: "seats", label: "Seats", type: "number" });
    await t.as(admin).post("/api/properties", {
      objectType: "accounts",
      apiName: "region_code",
      label: "Region code",
      type: "text",
    });
    await t.as(admin).post("/api/properties", {
      objectType: "opportunities",
      apiName: "signed",
      label: "Signed",
      type: "boolean",
    });
    await t.as(admin).post("/api/properties", {
      objectType: "contacts",
      apiName: "tags",
      label: "Tags",
      type: "many_of",
      options: ["a"],
    });
    for (const [email, seats] of [
      ["c@x.test", 300],
      ["a@x.test", 5],
      ["n@x.test", undefined],
      ["b@x.test", 40.5],
    ] as const)
      await t.as(rep).post("/api/contacts", { email, properties: seats === undefined ? {} : { seats } });
    const walk = async (url: string, pick: (item: Record<string, unknown>) => unknown) => {
      const seen: unknown[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: Record<string, unknown>[]; nextCursor: string | null } = (
          await t.as(rep).get(`${url}&limit=1${cursor ? `&cursor=${cursor}` : ""}`)
        ).json();
        seen.push(...page.items.map(pick));
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    };
    const email = (c: Record<string, unknown>) => c.email;
    expect(await walk("/api/contacts?sortProperty=seats", email)).toEqual([
      "n@x.test",
      "a@x.test",
      "b@x.test",
      "c@x.test",
    ]);
    expect(await walk("/api/contacts?sortProperty=seats&order=desc", email)).toEqual([
      "c@x.test",
      "b@x.test",
      "a@x.test",
      "n@x.test",
    ]);
    for (const [name, code] of [
      ["Umbrella", "b-2"],
      ["Hooli", "a-9"],
      ["Initech", undefined],
    ] as const)
      await t.as(rep).post("/api/accounts", { name, properties: code ? { region_code: code } : {} });
    const accountNames = await walk("/api/accounts?sortProperty=region_code", (a) => a.name);
    expect(accountNames).toEqual(["Initech", "Hooli", "Umbrella"]);
    const accountId = (await t.as(rep).get("/api/accounts?q=hooli")).json().items[0].id;
    for (const [name, signed] of [
      ["Yes deal", true],
      ["No deal", false],
      ["Open deal", undefined],
    ] as const)
      await t.as(rep).post("/api/opportunities", {
        name,
        accountId,
        amount: 1,
        closeDate: "2026-06-30",
        properties: signed === undefined ? {} : { signed },
      });
    const deals = await walk("/api/opportunities?sortProperty=signed&order=desc", (o) => o.name);
    expect(deals).toEqual(["Yes deal", "No deal", "Open deal"]);
    const lists = await t.as(rep).get("/api/contacts?sortProperty=tags");
    expect(lists.statusCode).toBe(400);
    expect(lists.json().error.details[0].path).toBe("sortProperty");
    expect((await t.as(rep).get("/api/accounts?sortProperty=nope")).statusCode).toBe(400);
  });

  it("validates definitions, and archiving one keeps its values and frees its API name", async () => {
    const { salesLead, rep } = t.cast;
    const bad = await t.as(salesLead).post("/api/properties", {
      objectType: "contacts",
      apiName: "Tier Level",
      label: "",
      type: "one_of",
    });
    expect(bad.statusCode).toBe(400);
    const paths = bad.json().error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["apiName", "label", "options"]));
    const reserved = await t.as(salesLead).post("/api/properties", {
      objectType: "accounts",
      apiName: "plan",
      label: "Plan",
      type: "text",
    });
    expect(reserved.json().error.details[0].path).toBe("apiName");
    expect((await t.as(rep).get("/api/properties")).json().items).toEqual([]);

    const spec = { objectType: "contacts", apiName: "seats", label: "Seats", type: "number" };
    const seats = (await t.as(salesLead).post("/api/properties", spec)).json();
    const twice = await t.as(salesLead).post("/api/properties", spec);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.details[0].path).toBe("apiName");
    const contact = (
      await t.as(rep).post("/api/contacts", { email: "s@acme.test", properties: { seats: 3 } })
    ).json();

    const renamed = await t.as(salesLead).patch(`/api/properties/${seats.id}`, { label: "Licensed seats" });
    expect(renamed.json()).toMatchObject({ label: "Licensed seats", apiName: "seats", type: "number" });
    const archived = await t.as(salesLead).delete(`/api/properties/${seats.id}`);
    expect(archived.statusCode).toBe(200);
    expect(archived.json().archivedAt).not.toBeNull();
    expect((await t.as(rep).get("/api/properties?objectType=contacts")).json().items).toEqual([]);
    expect((await t.as(rep).get(`/api/contacts/${contact.id}`)).json().properties).toEqual({ seats: 3 });
    // An archived property no longer checks or filters values.
    const free = await t.as(rep).patch(`/api/contacts/${contact.id}`, { properties: { seats: "three" } });
    expect(free.statusCode).toBe(200);
    expect((await t.as(rep).get("/api/contacts?property.seats=3")).statusCode).toBe(400);
    // Its API name can be defined again, with another type.
    const again = await t.as(salesLead).post("/api/properties", { ...spec, type: "text" });
    expect(again.statusCode).toBe(201);
    // Restoring the archived one would give the name twice: refused, naming the field.
    const restore = await t.as(salesLead).post(`/api/properties/${seats.id}/restore`);
    expect(restore.statusCode).toBe(409);
    expect(restore.json().error.details[0].path).toBe("apiName");
    const log = (await t.as(t.cast.admin).get("/api/audit?entityType=property")).json().items;
    expect(log.map((e: { summary: string }) => e.summary)).toContain("Sam Sales created the property Seats");
    expect(log.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(["property.created", "property.updated", "record.archived"]),
    );
  });

  it("refuses members without the lead role, and keeps each workspace's properties to itself", async () => {
    const { rep, marketingLead, outsider } = t.cast;
    const spec = { objectType: "contacts", apiName: "tier", label: "Tier", type: "text" };
    const refused = await t.as(rep).post("/api/properties", spec);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toBe("Only team leads and admins can create a property");
    expect((await t.as(rep).get("/api/properties")).json().items).toEqual([]);

    const mine = (await t.as(marketingLead).post("/api/properties", { ...spec, type: "number" })).json();
    expect((await t.as(rep).patch(`/api/properties/${mine.id}`, { label: "X" })).statusCode).toBe(403);
    expect((await t.as(rep).delete(`/api/properties/${mine.id}`)).statusCode).toBe(403);
    expect((await t.as(outsider).get("/api/properties")).json().items).toEqual([]);
    expect((await t.as(outsider).get(`/api/properties/${mine.id}`)).statusCode).toBe(404);
    expect((await t.as(outsider).patch(`/api/properties/${mine.id}`, { label: "Mine" })).statusCode).toBe(
      404,
    );
    // The other workspace's definition does not apply here: its contacts keep any value under that key.
    const theirs = await t
      .as(outsider)
      .post("/api/contacts", { email: "o@globex.test", properties: { tier: "top" } });
    expect(theirs.statusCode).toBe(201);
    expect((await t.as(outsider).get("/api/contacts?property.tier=top")).statusCode).toBe(400);
    const ours = await t.as(rep).post("/api/contacts", { email: "r@acme.test", properties: { tier: "top" } });
    expect(ours.statusCode).toBe(400);
  });
});
