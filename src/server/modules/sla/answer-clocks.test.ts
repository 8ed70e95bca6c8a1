// A queue page asks for its leads' accept-or-reject clocks once: the latest clock of each named contact,
// none for a contact without one, nothing from another workspace, and a clear 400 for a bad list.
import { describe, expect, it } from "vitest";
import { setupTestApp } from "../../testing/harness.js";
import { agreeSla, becomeMql } from "../../testing/sla-fixtures.js";

const t = setupTestApp();

describe("GET /api/sla/answer-clocks", () => {
  it("answers the latest accept clock of each named contact, in one request", async () => {
    const { admin, rep, outsider } = t.cast;
    await agreeSla(t.database.db, t.cast);
    const ids: string[] = [];
    for (const email of ["ann@clocks.test", "bob@clocks.test", "cy@clocks.test"]) {
      const created = await t.as(admin).post("/api/contacts", { email, lifecycleStage: "lead" });
      expect(created.statusCode, created.body).toBe(201);
      ids.push(created.json().id);
    }
    // Ann and Bob became MQLs (a clock each); Cy did not (no clock).
    await becomeMql(t.database.db, admin.workspaceId, ids.slice(0, 2), new Date(Date.UTC(2026, 2, 2, 15)));

    const response = await t.as(rep).get(`/api/sla/answer-clocks?contactIds=${ids.join(",")}`);
    expect(response.statusCode, response.body).toBe(200);
    const items = response.json().items as { contactId: string; commitment: string; status: string }[];
    expect(items.map((k) => k.contactId).sort()).toEqual(ids.slice(0, 2).sort());
    expect(new Set(items.map((k) => k.commitment))).toEqual(new Set(["accept"]));

    // Another workspace sees none of them.
    const theirs = await t.as(outsider).get(`/api/sla/answer-clocks?contactIds=${ids.join(",")}`);
    expect(theirs.statusCode).toBe(200);
    expect(theirs.json().items).toEqual([]);
  });

  it("refuses a missing, malformed or oversized list, naming contactIds", async () => {
    const { rep } = t.cast;
    const tooMany = Array.from({ length: 201 }, () => crypto.randomUUID()).join(",");
    for (const query of ["", "?contactIds=", "?contactIds=not-an-id", `?contactIds=${tooMany}`]) {
      const response = await t.as(rep).get(`/api/sla/answer-clocks${query}`);
      expect(response.statusCode, query.slice(0, 40)).toBe(400);
      expect(response.json().error.details[0].path, query.slice(0, 40)).toMatch(/^contactIds/);
    }
    const anonymous = await t.app.inject({
      method: "GET",
      url: `/api/sla/answer-clocks?contactIds=${crypto.randomUUID()}`,
    });
    expect(anonymous.statusCode).toBe(401);
  });
});
