// "Which leads are hottest, and why?": sort the contacts by the live model's score, open the top lead and
// read its explanation; a grade matrix cell opens the contacts of that grade.
import { expect, test } from "@playwright/test";
import { joinAs, post, startWorkspace } from "./fixtures";

const BY_SENIORITY = {
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
  ],
  engagementRules: [],
  decayGroups: [{ id: "none", halfLifeDays: null }],
  grades: { fit: [25, 15, 5], engagement: [30, 15, 5] },
  mql: { anyOf: [{ combined: 25 }], handoffTouchTypes: [] },
};

test("sort the contacts by score, open the hottest lead's explanation, open a grade from the matrix", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  await startWorkspace(page, { name: "Ada Admin", workspace: "Hot Leads Co", path: null });
  const marketing = await joinAs(browser, page, "Mia Marketing", "marketing", "lead");
  const sales = await joinAs(browser, page, "Sam Sales", "sales", "lead");
  const model = await post<{ id: string }>(marketing.page.request, "/api/scoring-models", {
    name: "Seniority",
    definition: BY_SENIORITY,
  });
  await post(marketing.page.request, `/api/scoring-models/${model.id}/versions/1/approval`);
  await post(sales.page.request, `/api/scoring-models/${model.id}/versions/1/approval`);
  await post(sales.page.request, `/api/scoring-models/${model.id}/versions/1/activate`);
  for (const [first, seniority] of [
    ["Abe", "director"],
    ["Vera", "vp"],
    ["Carl", null],
  ] as const)
    await post(page.request, "/api/contacts", {
      firstName: first,
      lastName: "Lead",
      email: `${first.toLowerCase()}@hot-e2e.com`,
      seniority,
    });

  await page.goto("/contacts");
  const sortByScore = page.getByRole("button", { name: "Sort by score" });
  await sortByScore.click();
  await sortByScore.click();
  await expect(page).toHaveURL(/sort=score&order=desc|order=desc&sort=score/);
  const rows = page.getByRole("row");
  await expect(rows.nth(1)).toContainText("Vera Lead");
  await expect(rows.nth(1)).toContainText("30");
  await expect(rows.nth(1)).toContainText("A4");
  await expect(rows.nth(2)).toContainText("Abe Lead");
  await rows.nth(1).getByRole("link", { name: "Vera Lead" }).click();
  const score = page.getByTestId("contact-score");
  await expect(score.getByTestId("score-grade")).toContainText("A4");
  await expect(score.getByTestId("fit-line")).toContainText("VP");

  // The grade matrix on the model's page opens the contacts of a grade.
  await page.goto(`/scoring/${model.id}`);
  await page.getByRole("tab", { name: "Live scores" }).click();
  await page.getByRole("link", { name: "Open the 1 contacts graded B4" }).click();
  await expect(page).toHaveURL(/grade=B4/);
  await expect(page.getByRole("row")).toHaveCount(2);
  await expect(page.getByRole("row").nth(1)).toContainText("Abe Lead");
});
