// Property leftovers: an admin purges an archived property's values (set-based, audited, refused while the
// values could still be a live property's), and a property marked indexed gets an expression index that
// the list's sort uses.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows } from "../../db/client.js";
import { contacts } from "../../db/schema/index.js";
import { setupTestApp } from "../../testing/harness.js";
import { propertySort } from "./properties.service.js";

const t = setupTestApp();

const propertyIndexes = async () =>
  (
    await queryRows<{ name: string; definition: string }>(
      t.database.db,
      sql`select indexname as name, indexdef as definition from pg_indexes
          where tablename = 'contacts' and indexname like 'contacts\\_prop\\_%' order by indexname`,
    )
  ).map((i) => i.definition);

describe("purging an archived property's values", () => {
  it("removes them from every record in one go, for admins only, once the property is archived", async () => {
    const { admin, marketingLead } = t.cast;
    const tier = (
      await t.as(marketingLead).post("/api/properties", {
        objectType: "contacts",
        apiName: "tier",
        label: "Tier",
        type: "one_of",
        options: ["gold", "silver"],
      })
    ).json();
    for (const [email, properties] of [
      ["a@acme.test", { tier: "gold", note: "keep me" }],
      ["b@acme.test", { tier: "silver" }],
      ["c@acme.test", {}],
    ] as const)
      await t.as(admin).post("/api/contacts", { email, properties });
    const purge = (who: typeof admin) => t.as(who).post(`/api/properties/${tier.id}/purge`);

    // Live: nothing to purge yet; only admins may.
    expect((await purge(admin)).statusCode).toBe(409);
    await t.as(marketingLead).delete(`/api/properties/${tier.id}`);
    const refused = await purge(marketingLead);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toBe("Only admins can purge the values of a property");

    const done = await purge(admin);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ purged: 2, property: { apiName: "tier" } });
    const stored = (await t.as(admin).get("/api/contacts?sort=name")).json().items;
    expect(stored.map((c: { properties: object }) => c.properties)).toEqual([{ note: "keep me" }, {}, {}]);
    const log = (await t.as(admin).get("/api/audit?entityType=property")).json().items;
    expect(log[0]).toMatchObject({
      action: "property.values.purged",
      summary: `${admin.name} purged the values of the archived property Tier from 2 contacts`,
    });

    // A live property that took the name since owns the values under it: the old one cannot purge them.
    await t
      .as(admin)
      .post("/api/properties", { objectType: "contacts", apiName: "tier", label: "Tier 2", type: "text" });
    const taken = await purge(admin);
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.message).toMatch(/The live property Tier 2 uses the API name tier now/);
  });
});

describe("indexed properties", () => {
  it("get an expression index the list's sort reads pages from, dropped when unmarked", async () => {
    const { admin, marketingLead } = t.cast;
    const seats = (
      await t.as(marketingLead).post("/api/properties", {
        objectType: "contacts",
        apiName: "seats",
        label: "Seats",
        type: "number",
        indexed: true,
      })
    ).json();
    expect(seats.indexed).toBe(true);
    const [definition] = await propertyIndexes();
    expect(definition).toMatch(
      /^CREATE INDEX contacts_prop_[0-9a-f]{12} ON public\.contacts USING btree \(workspace_id,/,
    );
    expect(definition).toContain("'seats'");

    for (const [i, n] of [30, 5, 12, 7].entries())
      await t.as(admin).post("/api/contacts", { email: `p${i}@acme.test`, properties: { seats: n } });
    await t.as(admin).post("/api/contacts", { email: "none@acme.test" });
    const first = (await t.as(admin).get("/api/contacts?sortProperty=seats&order=desc&limit=2")).json();
    const second = (
      await t.as(admin).get(`/api/contacts?sortProperty=seats&order=desc&limit=10&cursor=${first.nextCursor}`)
    ).json();
    expect(
      [...first.items, ...second.items].map((c: { properties: { seats?: number } }) => c.properties.seats),
    ).toEqual([30, 12, 7, 5, undefined]);

    // The sort's expression is the index's: with sequential scans and sorts off, the plan reads the index.
    const sort = await propertySort(
      t.database.db,
      admin.workspaceId,
      "contacts",
      "seats",
      contacts.properties,
    );
    const plan = await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      await tx.execute(sql`set local enable_sort = off`);
      return queryRows<{ "QUERY PLAN": string }>(
        tx,
        sql`explain select ${contacts.id} from ${contacts} where ${contacts.workspaceId} = ${admin.workspaceId}
            order by ${sort?.column} desc, ${contacts.id} desc limit 10`,
      );
    });
    expect(plan.map((r) => r["QUERY PLAN"]).join("\n")).toMatch(
      /Index Scan Backward using contacts_prop_[0-9a-f]{12}/,
    );

    // Unmarked (or archived): the index goes; a several-of-a-list property cannot be indexed.
    expect(
      (await t.as(marketingLead).patch(`/api/properties/${seats.id}`, { indexed: false })).json().indexed,
    ).toBe(false);
    expect(await propertyIndexes()).toEqual([]);
    const channels = await t.as(marketingLead).post("/api/properties", {
      objectType: "contacts",
      apiName: "channels",
      label: "Channels",
      type: "many_of",
      options: ["email", "phone"],
      indexed: true,
    });
    expect(channels.statusCode).toBe(400);
    expect(channels.json().error.details[0].path).toBe("indexed");
    await t.as(marketingLead).patch(`/api/properties/${seats.id}`, { indexed: true });
    expect(await propertyIndexes()).toHaveLength(1);
    await t.as(marketingLead).delete(`/api/properties/${seats.id}`);
    expect(await propertyIndexes()).toEqual([]);
  });
});
