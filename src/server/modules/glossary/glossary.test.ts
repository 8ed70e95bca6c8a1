// The glossary is an agreement: anyone proposes a draft, a sales lead and a marketing lead both approve it and
// it is then in force; an edit clears the approvals (kept on record); bad terms are refused naming the field.
import { describe, expect, it } from "vitest";
import { glossaryApprovals, glossaryVersions } from "../../db/schema/index.js";
import { setupTestApp } from "../../testing/harness.js";

const t = setupTestApp();

const MQL = {
  term: "MQL",
  definition: "A lead whose score reached 60 points.",
  alsoCalled: ["Marketing-qualified lead"],
};
const SAL = { term: "SAL", definition: "An MQL sales accepted within 4 business hours." };

describe("the glossary", () => {
  it("goes into force only when a sales lead and a marketing lead have both approved the same terms", async () => {
    const { rep, salesLead, marketingLead, admin } = t.cast;
    expect((await t.as(rep).get("/api/glossary")).json()).toEqual({ active: null, versions: [] });

    // Anyone proposes: a sales rep starts the first draft and writes its terms.
    const draft = await t.as(rep).post("/api/glossary/versions", { note: "Our first words" });
    expect(draft.statusCode).toBe(201);
    expect(draft.json()).toMatchObject({
      version: 1,
      status: "draft",
      terms: [],
      note: "Our first words",
      createdByName: "Rey Rep",
      missingApprovals: ["sales", "marketing"],
    });
    expect((await t.as(marketingLead).post("/api/glossary/versions", {})).statusCode).toBe(409);
    const saved = await t.as(rep).put("/api/glossary/versions/1", { terms: [MQL, SAL] });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().terms).toEqual([MQL, { ...SAL, alsoCalled: [] }]);

    // A member does not approve; one team alone does not put it in force; the same team twice is 409.
    expect((await t.as(rep).post("/api/glossary/versions/1/approval")).statusCode).toBe(403);
    expect((await t.as(admin).post("/api/glossary/versions/1/approval")).statusCode).toBe(403);
    const one = await t.as(salesLead).post("/api/glossary/versions/1/approval");
    expect(one.json()).toMatchObject({ status: "draft", missingApprovals: ["marketing"] });
    expect(one.json().approvals).toEqual([
      expect.objectContaining({ name: "Sam Sales", team: "sales", memberId: salesLead.memberId }),
    ]);
    const again = await t.as(salesLead).post("/api/glossary/versions/1/approval");
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe("The sales team has already approved version 1 of the glossary");
    const early = await t.as(salesLead).post("/api/glossary/versions/1/activate");
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toBe(
      "Version 1 of the glossary needs the approval of a marketing lead first",
    );
    expect((await t.as(rep).get("/api/glossary")).json().active).toBeNull();

    // An edit clears the sales approval (kept, with why).
    const edited = await t.as(rep).put("/api/glossary/versions/1", {
      terms: [{ ...MQL, definition: "A lead whose score reached 65 points." }, SAL],
    });
    expect(edited.json()).toMatchObject({
      status: "draft",
      approvals: [],
      missingApprovals: ["sales", "marketing"],
    });
    const kept = await t.database.db.select().from(glossaryApprovals);
    expect(kept.map((a) => [a.team, a.clearedReason])).toEqual([["sales", "terms changed"]]);

    await t.as(marketingLead).post("/api/glossary/versions/1/approval");
    const both = await t.as(salesLead).post("/api/glossary/versions/1/approval");
    expect(both.json()).toMatchObject({
      status: "active",
      activatedByName: "Sam Sales",
      missingApprovals: [],
    });
    expect(both.json().approvals.map((a: { team: string }) => a.team)).toEqual(["marketing", "sales"]);
    expect((await t.as(rep).put("/api/glossary/versions/1", { terms: [MQL] })).statusCode).toBe(409);
    expect((await t.as(salesLead).post("/api/glossary/versions/1/activate")).json().error.message).toBe(
      "Version 1 of the glossary is already in force",
    );

    // A second proposal starts from the terms in force; once approved, version 1 retires and stays in history.
    const next = await t.as(rep).post("/api/glossary/versions", {});
    expect(next.json()).toMatchObject({ version: 2, status: "draft" });
    expect(next.json().terms[0].definition).toBe("A lead whose score reached 65 points.");
    await t.as(rep).put("/api/glossary/versions/2", { terms: [MQL] });
    await t.as(salesLead).post("/api/glossary/versions/2/approval");
    // A withdrawn approval no longer counts.
    expect((await t.as(salesLead).delete("/api/glossary/versions/2/approval")).json().approvals).toEqual([]);
    expect((await t.as(salesLead).delete("/api/glossary/versions/2/approval")).statusCode).toBe(409);
    await t.as(salesLead).post("/api/glossary/versions/2/approval");
    await t.as(marketingLead).post("/api/glossary/versions/2/approval");
    const overview = (await t.as(rep).get("/api/glossary")).json();
    expect(overview.active).toMatchObject({ version: 2, terms: [MQL] });
    expect(overview.versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [2, "active"],
      [1, "retired"],
    ]);
    expect((await t.as(rep).get("/api/glossary/versions/1")).json().terms).toHaveLength(2);
  });

  it("refuses bad terms naming the field, and writes nothing", async () => {
    const { rep } = t.cast;
    await t.as(rep).post("/api/glossary/versions", {});
    const cases: [unknown, string][] = [
      [[{ term: "", definition: "x" }], "terms.0.term"],
      [[{ term: "MQL" }], "terms.0.definition"],
      [
        [MQL, { term: "Lead", definition: "x", alsoCalled: ["marketing-qualified LEAD"] }],
        "terms.1.alsoCalled.0",
      ],
      [[MQL, { ...SAL, term: "mql" }], "terms.1.term"],
      ["MQL", "terms"],
    ];
    for (const [terms, field] of cases) {
      const response = await t.as(rep).put("/api/glossary/versions/1", { terms });
      expect(response.statusCode, field).toBe(400);
      expect(response.json().error.message, field).toContain(field);
    }
    const bad = await t.as(rep).get("/api/glossary/versions/zero");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain("version");
    expect((await t.as(rep).post("/api/glossary/versions", { fromVersion: "one" })).statusCode).toBe(400);
    const rows = await t.database.db.select().from(glossaryVersions);
    expect(rows.map((r) => r.terms)).toEqual([[]]);
  });

  it("keeps each workspace's glossary to itself", async () => {
    const { rep, outsider, salesLead } = t.cast;
    await t.as(rep).post("/api/glossary/versions", {});
    expect((await t.as(outsider).get("/api/glossary/versions/1")).statusCode).toBe(404);
    expect((await t.as(outsider).put("/api/glossary/versions/1", { terms: [MQL] })).statusCode).toBe(404);
    expect((await t.as(outsider).post("/api/glossary/versions/1/approval")).statusCode).toBe(404);
    expect((await t.as(outsider).delete("/api/glossary/versions/1/approval")).statusCode).toBe(404);
    expect((await t.as(outsider).post("/api/glossary/versions/1/activate")).statusCode).toBe(404);
    expect((await t.as(outsider).get("/api/glossary")).json()).toEqual({ active: null, versions: [] });
    expect((await t.as(salesLead).get("/api/glossary/versions/9")).statusCode).toBe(404);
  });
});
