// Shared goals end to end: the revenue leader sets this quarter's target from Goals, opens what each stage
// needs (an empty workspace has nothing measured, so the what-ifs fill in the deal size and the rates), reads
// the derived MQLs and commitments, proposes them into an SLA draft both leads still sign, and finds revenue
// against the target on the cockpit.
import { expect, test } from "@playwright/test";
import { sidebar, startWorkspace } from "./fixtures";

test("goals: set a target, see the derived commitments, propose them, see the cockpit", async ({ page }) => {
  await startWorkspace(page, { workspace: "Target Co" });
  await sidebar(page, "Goals").click();
  const card = page.getByTestId("target-card");
  await expect(card).toContainText("No target for");
  await card.getByRole("button", { name: "Set target" }).click();
  await card.getByLabel("Revenue target").fill("300000");
  await card.getByRole("button", { name: "Save target" }).click();
  await expect(card.getByTestId("target-amount")).toHaveText("$300,000");

  await card.getByRole("link", { name: "What each stage needs" }).click();
  await expect(page.getByText("Not enough measured yet")).toBeVisible();
  const whatIf = page.getByTestId("what-if");
  await whatIf.getByLabel("Average won deal").fill("25000");
  for (const [step, percent] of [
    ["opportunityToWon", "50"],
    ["sqlToOpportunity", "50"],
    ["salToSql", "50"],
    ["mqlToSal", "80"],
    ["leadToMql", "50"],
  ])
    await page.getByTestId(`what-if-${step}`).fill(percent);
  // $300,000 / $25,000 = 12 won; 24 opportunities; 48 SQLs; 96 SALs; 120 MQLs (40 a month).
  await expect(page.getByTestId("plan-mql")).toContainText("96 SALs ÷ 80% MQL to SAL = 120 MQLs");
  await expect(page.getByTestId("plan-customer")).toContainText(
    "$300,000 target ÷ $25,000 average won deal = 12 won deals",
  );
  const commitments = page.getByTestId("derived-commitments");
  await expect(commitments.getByTestId("commitment-mqls")).toHaveText("Deliver 40 MQLs a month");
  await expect(commitments).toContainText("Open 8 opportunities a month");

  await commitments.getByRole("button", { name: "Propose as SLA commitments" }).click();
  await expect(page.getByTestId("proposed")).toContainText("Version 1 of the SLA now holds these numbers");

  await sidebar(page, "Cockpit").click();
  const revenue = page.getByTestId("tile-revenue");
  await expect(revenue).toContainText("won of $300,000");
  await expect(page.getByTestId("tile-shared-win")).toContainText("No shared win yet");
});
