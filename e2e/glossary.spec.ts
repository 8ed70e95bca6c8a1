// The shared glossary end to end: a marketing lead proposes the first glossary (a mistake is named on its
// field), saves and approves it for marketing; it waits for sales and says so; the sales lead approves and it
// is in force at once; the term is then linked where it appears (My MQL queue) with its definition on hover,
// and the link leads to the term in the glossary.
import { expect, test } from "@playwright/test";
import { joinAs, pageShot, SHOTS_ON, sidebar, startWorkspace } from "./fixtures";

const MQL_DEFINITION = "A lead whose score reached 60 points and that marketing hands to sales.";

test("glossary: proposed by marketing, approved by both leads, linked where the term appears", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  await startWorkspace(page, { name: "Ada Admin", workspace: "Glossary Co", path: null });
  const marketing = (await joinAs(browser, page, "Mia Marketing", "marketing", "lead")).page;
  const sales = (await joinAs(browser, page, "Sam Sales", "sales", "lead")).page;

  await marketing.goto("/");
  await sidebar(marketing, "Glossary").click();
  await expect(marketing.getByTestId("glossary-live-badge")).toHaveText("No glossary in force");
  await expect(marketing.getByText("No glossary yet")).toBeVisible();
  await marketing.getByRole("button", { name: "Propose the first glossary" }).click();
  await expect(marketing.getByText("Version 1 proposed")).toBeVisible();
  await expect(marketing.getByTestId("glossary-version-status")).toHaveText("Draft");

  // A term without a definition is refused on its field; nothing is saved.
  await marketing.getByRole("button", { name: "Add a term" }).click();
  const row = marketing.getByTestId("glossary-edit-row").first();
  await row.getByRole("textbox", { name: "Term" }).fill("MQL");
  await marketing.getByRole("button", { name: "Save draft" }).click();
  await expect(row.getByRole("textbox", { name: "Definition" })).toHaveAttribute("aria-invalid", "true");
  await expect(row.getByText("is required")).toBeVisible();
  await expect(
    marketing.getByText("Unsaved changes. Saving clears the approvals given so far."),
  ).toBeVisible();

  await row.getByRole("textbox", { name: "Definition" }).fill(MQL_DEFINITION);
  await row.getByRole("combobox", { name: "Also called" }).fill("marketing qualified lead");
  await row.getByRole("combobox", { name: "Also called" }).press("Enter");
  await marketing.getByRole("button", { name: "Save draft" }).click();
  await expect(marketing.getByText("Saved.", { exact: true })).toBeVisible();

  // Marketing approves; the draft waits for sales and says so.
  await marketing.getByRole("button", { name: "Approve for marketing" }).click();
  await expect(marketing.getByTestId("glossary-approval-sales")).toContainText(
    "Waiting for a sales lead to approve",
  );
  await expect(marketing.getByTestId("glossary-live-badge")).toHaveText("No glossary in force");

  // The sales lead approves: the second approval puts version 1 in force.
  await sales.goto("/library/glossary");
  await expect(sales.getByTestId("glossary-approval-marketing")).toContainText("Mia Marketing");
  await expect(sales.getByRole("button", { name: "Approve for marketing" })).toHaveCount(0);
  await sales.getByRole("button", { name: "Approve for sales" }).click();
  await expect(sales.getByTestId("glossary-live-badge")).toHaveText("Version 1 in force");
  const terms = sales.getByRole("region", { name: "Terms in force" });
  await expect(terms.getByTestId("glossary-entry")).toHaveCount(1);
  await expect(terms).toContainText(MQL_DEFINITION);
  await expect(terms).toContainText("marketing qualified lead");
  if (SHOTS_ON) await pageShot(sales, "test-results/screenshots/glossary.png");

  // Where the term appears, it is linked: hovering shows the agreed definition, the link opens the term.
  await sales.goto("/queue");
  const linked = sales.getByTestId("glossary-term").filter({ hasText: "MQL" }).first();
  await expect(linked).toHaveAttribute("data-term", "MQL");
  await linked.hover();
  const card = sales.getByTestId("glossary-card");
  await expect(card).toContainText(MQL_DEFINITION);
  await card.getByRole("link", { name: "In the glossary both teams agreed on" }).click();
  await expect(sales).toHaveURL(/\/library\/glossary\?term=MQL/);
  await expect(sales.locator("#term-MQL")).toContainText(MQL_DEFINITION);
  await expect(sales.locator("#term-MQL")).toBeInViewport();
});
