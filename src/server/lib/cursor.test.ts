// A list's cursor is only what the API gave out: any other shape is a 400 naming `cursor`, never a 500,
// on every paginated route; and a list sorted by a column some rows leave empty pages through all of them.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { campaigns } from "../db/schema/index.js";
import { setupTestApp } from "../testing/harness.js";
import { keysetPage } from "./records.js";

const t = setupTestApp();

const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const ID = "0b6f1c2e-3d4a-4b5c-8d9e-0f1a2b3c4d5e";

/** Shapes no route ever gave out, whatever it sorts by. */
const ALWAYS_BAD = [
  cursor([{ a: 1 }, ID]),
  cursor([[1, 2], ID]),
  cursor([true, ID]),
  cursor(["2026-01-01T00:00:00.000Z", "not-an-id"]),
  cursor(["2026-01-01T00:00:00.000Z", 5]),
  cursor(["2026-01-01T00:00:00.000Z"]),
  cursor(["2026-01-01T00:00:00.000Z", ID, "x"]),
  cursor("just text"),
  cursor({ value: 1, id: ID }),
  "%%%not-base64%%%",
  Buffer.from("[1e999, 1]").toString("base64url"),
];
/** Shapes that do not fit a time-sorted list (the default order of these routes). */
const BAD_FOR_TIME = [cursor([1e308, ID]), cursor(["not a date", ID]), cursor(["2026-13-45", ID])];

describe("pagination cursors", () => {
  it("refuses every cursor the API did not give out, with 400 naming cursor, on every paginated route", async () => {
    const { admin } = t.cast;
    const contact = (await t.as(admin).post("/api/contacts", { email: "cursor@example.com" })).json();
    const hook = (
      await t
        .as(admin)
        .post("/api/webhooks", { name: "Hook", url: "https://93.184.216.34/hook", events: ["sla.breached"] })
    ).json();
    const routes = [
      "/api/opportunities",
      "/api/opportunities?sort=amount",
      "/api/opportunities?sort=closeDate",
      "/api/contacts",
      "/api/contacts?sort=score",
      "/api/accounts",
      "/api/campaigns",
      "/api/pods",
      "/api/members",
      "/api/audit",
      `/api/contacts/${contact.id}/timeline`,
      "/api/sla/clocks",
      "/api/notifications",
      "/api/routing/queue",
      `/api/webhooks/${hook.id}/deliveries`,
    ];
    for (const route of routes) {
      const timeSorted = !/sort=|members|accounts|campaigns|pods|contacts$/.test(route);
      for (const bad of [...ALWAYS_BAD, ...(timeSorted ? BAD_FOR_TIME : [])]) {
        const url = `${route}${route.includes("?") ? "&" : "?"}cursor=${encodeURIComponent(bad)}`;
        const response = await t.as(admin).get(url);
        expect(response.statusCode, `${url}: ${response.body}`).toBe(400);
        expect(response.json().error.details[0].path, url).toBe("cursor");
      }
    }
  });

  it("pages through rows that leave the sort column empty, in both directions", async () => {
    // No list sorts by a nullable column today; keysetPage still must not lose such rows.
    const { admin } = t.cast;
    const names: string[] = [];
    for (const [i, startsOn] of ["2027-01-10", null, "2027-03-01", null, "2027-02-01"].entries()) {
      const name = `Campaign ${i}`;
      names.push(name);
      const created = await t.as(admin).post("/api/campaigns", { name, channel: "event", startsOn });
      expect(created.statusCode, created.body).toBe(201);
    }
    const db = t.database.db;
    for (const order of ["asc", "desc"] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await keysetPage(
          {
            run: (where, orderBy, limit) =>
              db
                .select()
                .from(campaigns)
                .where(where)
                .orderBy(...orderBy)
                .limit(limit),
            sortColumn: campaigns.startsOn,
            idColumn: campaigns.id,
            sortKey: (row) => row.startsOn,
            idKey: (row) => row.id,
          },
          { order, cursor, limit: 1 },
          [eq(campaigns.workspaceId, admin.workspaceId)],
        );
        seen.push(...page.items.map((c) => c.name));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen.sort(), order).toEqual([...names].sort());
    }
  });
});
