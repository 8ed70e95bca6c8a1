// "Which leads are hottest?": the contacts list sorts by the live model's score (keyset pages stay exact),
// filters by grade and by meeting the MQL condition, carries score and grade in the list and its CSV.
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import type { ScoringDefinition } from "../../../shared/scoring.js";
import { setupTestApp } from "../../testing/harness.js";

const t = setupTestApp();

/** Fit by seniority only, so each score is its seniority's points. */
const BY_SENIORITY: ScoringDefinition = {
  fitRules: [
    {
      id: "vp",
      label: "VP",
      points: 30,
      conditions: [{ field: "contact.seniority", operator: "in", values: ["vp"] }],
    },
    {
      id: "director",
      label: "Director",
      points: 20,
      conditions: [{ field: "contact.seniority", operator: "in", values: ["director"] }],
    },
    {
      id: "manager",
      label: "Manager",
      points: 10,
      conditions: [{ field: "contact.seniority", operator: "in", values: ["manager"] }],
    },
  ],
  engagementRules: [],
  decayGroups: [{ id: "none", halfLifeDays: null }],
  grades: { fit: [25, 15, 5], engagement: [30, 15, 5] },
  mql: { anyOf: [{ combined: 25 }], handoffTouchTypes: [] },
};

async function liveModel() {
  const { marketingLead, salesLead } = t.cast;
  const created = await t
    .as(marketingLead)
    .post("/api/scoring-models", { name: "Seniority", definition: BY_SENIORITY });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  for (const lead of [marketingLead, salesLead])
    expect((await t.as(lead).post(`/api/scoring-models/${id}/versions/1/approval`)).statusCode).toBe(200);
  expect((await t.as(salesLead).post(`/api/scoring-models/${id}/versions/1/activate`)).statusCode).toBe(200);
  return id;
}

async function contact(firstName: string, seniority: string | null) {
  const response = await t.as(t.cast.admin).post("/api/contacts", {
    firstName,
    lastName: "Hot",
    email: `${firstName.toLowerCase()}@hot-leads.test`,
    seniority,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
}

describe("hot leads in the contacts list", () => {
  it("sorts by score across keyset pages, filters by grade and MQL, and shows score and grade", async () => {
    const { rep, outsider } = t.cast;
    await liveModel();
    const vp = await contact("Vera", "vp");
    const director = await contact("Dan", "director");
    const manager = await contact("Mona", "manager");
    const nobody = await contact("Ivan", null);

    const first = await t.as(rep).get("/api/contacts?sort=score&order=desc&limit=2");
    expect(first.statusCode, first.body).toBe(200);
    const page1 = first.json();
    expect(page1.total).toBe(4);
    expect(
      page1.items.map((c: { id: string; score: number; grade: string }) => [c.id, c.score, c.grade]),
    ).toEqual([
      [vp, 30, "A4"],
      [director, 20, "B4"],
    ]);
    const page2 = (
      await t.as(rep).get(`/api/contacts?sort=score&order=desc&limit=2&cursor=${page1.nextCursor}`)
    ).json();
    expect(page2.items.map((c: { id: string; score: number }) => [c.id, c.score])).toEqual([
      [manager, 10],
      [nobody, 0],
    ]);
    expect(page2.nextCursor).toBeNull();

    const b4 = (await t.as(rep).get("/api/contacts?grade=B4")).json();
    expect(b4.items.map((c: { id: string }) => c.id)).toEqual([director]);
    const mqls = (await t.as(rep).get("/api/contacts?mql=true")).json();
    expect(mqls.items.map((c: { id: string }) => c.id)).toEqual([vp]);
    expect(mqls.total).toBe(1);

    const csv = await t.as(rep).get("/api/contacts/export?sort=score&order=desc");
    expect(csv.statusCode).toBe(200);
    const rows = parse(csv.body, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.firstName, r.score, r.grade])).toEqual([
      ["Vera", "30", "A4"],
      ["Dan", "20", "B4"],
      ["Mona", "10", "C4"],
      ["Ivan", "0", "D4"],
    ]);

    // Another workspace sees none of them, with or without a score filter.
    expect((await t.as(outsider).get("/api/contacts?sort=score&order=desc")).json().items).toEqual([]);
  });

  it("names the field when a grade or model is not one, and shows no score without a live model", async () => {
    const { rep } = t.cast;
    const before = await contact("Nora", "vp");
    const unscored = (await t.as(rep).get("/api/contacts?sort=score&order=desc")).json();
    expect(unscored.items).toEqual([expect.objectContaining({ id: before, score: null, grade: null })]);
    const grade = await t.as(rep).get("/api/contacts?grade=Z9");
    expect(grade.statusCode).toBe(400);
    expect(grade.body).toContain("grade must be a fit letter and an engagement digit");
    const model = await t.as(rep).get("/api/contacts?modelId=0190a0a0-0000-7000-8000-000000000000");
    expect(model.statusCode).toBe(400);
    expect(model.json().error.details[0].path).toBe("modelId");
    // The export answers the same 400 before any CSV starts (found by the fuzz suite: it was a 500).
    const exported = await t.as(rep).get("/api/contacts/export?modelId=0190a0a0-0000-7000-8000-000000000000");
    expect(exported.statusCode).toBe(400);
    expect(exported.json().error.details[0].path).toBe("modelId");
  });
});
