// The SLA end to end: a marketing lead drafts the first SLA, changes its terms (with a mistake the form names),
// saves and signs for marketing; putting it in force waits for sales and says so; the sales lead signs and puts
// it in force; the page then shows version 1 in force, both teams' commitments side by side and an empty
// period's compliance and speed to lead properly.
import { mkdirSync } from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { joinAs, SHOTS_ON, sidebar, startWorkspace } from "./fixtures";

const SHOTS = process.env.SLA_SHOTS_DIR ?? "/tmp/sla-shots";

async function shot(page: Page, name: string, fullPage = true) {
  if (!SHOTS_ON) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.waitForLoadState("networkidle");
  await expect(page.locator("[aria-busy='true']")).toHaveCount(0);
  // Toasts come and go; the page under them is what a person looks at.
  const hide = await page.addStyleTag({
    content: ".mantine-Notifications-root { display: none !important; }",
  });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage });
  await hide.evaluate((element) => (element as HTMLElement).remove());
}

test("sla: marketing drafts and signs, sales signs and puts it in force, both commitments side by side", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  await startWorkspace(page, { name: "Ada Admin", workspace: "SLA Co", path: null });
  const rep = (await joinAs(browser, page, "Rey Rep", "sales", "member")).page;
  const marketing = (await joinAs(browser, page, "Mia Marketing", "marketing", "lead")).page;
  const sales = (await joinAs(browser, page, "Sam Sales", "sales", "lead")).page;

  // A sales rep (not a lead) finds the SLA empty and learns who can draft it.
  await rep.goto("/sla");
  await expect(rep.getByRole("heading", { name: "Sales–marketing SLA", level: 2 })).toBeVisible();
  await expect(rep.getByText("No SLA yet")).toBeVisible();
  await expect(rep.getByRole("button", { name: "Draft the first SLA" })).toBeDisabled();
  await expect(rep.getByText("Only team leads and admins can draft the SLA")).toBeVisible();

  // The marketing lead finds the SLA in the sidebar and drafts the first one.
  await marketing.goto("/queue");
  await sidebar(marketing, "SLA").click();
  await expect(marketing.getByTestId("sla-live-badge")).toHaveText("No SLA in force");
  await expect(marketing.getByText("No SLA yet")).toBeVisible();
  await shot(marketing, "01-empty");
  await marketing.getByRole("button", { name: "Draft the first SLA" }).click();
  await expect(marketing.getByText("Version 1 started")).toBeVisible();
  await expect(marketing.getByTestId("sla-version-status")).toHaveText("Draft");
  await expect(marketing.getByTestId("sla-open-draft")).toContainText(
    "Version 1 is a draft waiting for the signature of a sales lead and a marketing lead",
  );

  // A mistake is refused on its field and named next to the form.
  const accept = marketing.getByRole("textbox", { name: "Accept or reject each MQL within" });
  await expect(accept).toHaveValue("4");
  await accept.fill("0");
  await marketing.getByRole("button", { name: "Save version 1" }).click();
  const formError = marketing.getByTestId("sla-form-error");
  await expect(formError).toContainText("Sales: accept or reject within");
  await expect(formError).toContainText("must be more than 0 business hours");
  await expect(accept).toHaveAttribute("aria-invalid", "true");

  // Accept within 2 business hours, New York time, a holiday; the rejection rate is a percentage.
  await accept.fill("2");
  const zone = marketing.getByRole("combobox", { name: "Time zone" });
  await zone.fill("America/New_York");
  await zone.press("Escape");
  await marketing.getByRole("textbox", { name: "Holiday date" }).fill("2026-12-25");
  await marketing.getByRole("button", { name: "Add holiday" }).click();
  await expect(marketing.getByLabel("Holidays listed")).toContainText("25 Dec 2026");
  await expect(marketing.getByRole("textbox", { name: "Maximum rejection rate" })).toHaveValue("30");
  await marketing.getByLabel("Note for this version").fill("Our first SLA: accept every MQL within 2 hours");
  await expect(marketing.getByText("Unsaved changes")).toBeVisible();
  await marketing.getByRole("button", { name: "Save version 1" }).click();
  await expect(marketing.getByText("Version 1 saved")).toBeVisible();
  await expect(marketing.getByText("Unsaved changes")).toHaveCount(0);
  await marketing.reload();
  await expect(marketing.getByRole("textbox", { name: "Accept or reject each MQL within" })).toHaveValue("2");
  await expect(marketing.getByRole("combobox", { name: "Time zone" })).toHaveValue("America/New_York");

  // Marketing signs; putting it in force waits for sales, and says why.
  await marketing.getByRole("button", { name: "Sign for marketing" }).click();
  await expect(marketing.getByTestId("signature-marketing")).toContainText("Signed by Mia Marketing");
  await expect(marketing.getByTestId("signature-sales")).toContainText("Waiting for a sales lead to sign");
  await expect(marketing.getByRole("button", { name: "Put in force" })).toBeDisabled();
  await expect(marketing.getByTestId("activate-hint")).toContainText(
    "needs the signature of a sales lead first",
  );
  await expect(marketing.getByRole("button", { name: "Withdraw my signature" })).toBeVisible();
  await shot(marketing, "02-draft-editor");

  // A rep reads the draft and its signatures, but cannot change or sign it.
  await rep.reload();
  await expect(rep.getByTestId("signature-marketing")).toContainText("Signed by Mia Marketing");
  await expect(rep.getByTestId("sla-terms")).toContainText(
    "Accept or reject each MQL within 2 business hours",
  );
  await expect(rep.getByRole("button", { name: /Save version/ })).toHaveCount(0);
  await expect(rep.getByRole("button", { name: /Sign for/ })).toHaveCount(0);
  await expect(rep.getByText("Only a sales lead or a marketing lead can sign the SLA.")).toBeVisible();
  await shot(rep, "02b-draft-member");

  // The sales lead signs and puts it in force.
  await sales.goto("/sla");
  await expect(sales.getByTestId("signature-marketing")).toContainText("Signed by Mia Marketing");
  await expect(sales.getByRole("button", { name: "Sign for marketing" })).toHaveCount(0);
  await sales.getByRole("button", { name: "Sign for sales" }).click();
  await expect(sales.getByTestId("sla-version-status")).toHaveText("Approved");
  await sales.getByRole("button", { name: "Put in force" }).click();
  const dialog = sales.getByRole("dialog", { name: "Put version 1 in force?" });
  await expect(dialog).toContainText("every new MQL gets its SLA clocks");
  await dialog.getByRole("button", { name: "Put version 1 in force" }).click();

  // Version 1 in force, signed by both; the commitments side by side; an empty period shows no results yet.
  await expect(sales.getByTestId("sla-live-badge")).toHaveText("Version 1 in force");
  await expect(sales.getByTestId("sla-in-force")).toContainText(
    "signed by Sam Sales (sales) and Mia Marketing (marketing)",
  );
  await expect(sales.getByTestId("sla-version-status")).toHaveText("In force");
  const salesColumn = sales.getByTestId("sales-commitments");
  const marketingColumn = sales.getByTestId("marketing-commitments");
  await expect(salesColumn).toContainText("Accept or reject each MQL within 2 business hours");
  await expect(salesColumn).toContainText(
    "First touch (call, email, message or meeting) within 8 business hours",
  );
  await expect(salesColumn).toContainText("At least 3 attempts to reach the lead within 5 business days");
  await expect(sales.getByTestId("sales-accept")).toContainText("No MQLs yet in this period");
  await expect(sales.getByTestId("sales-accept")).toContainText("No result yet");
  await expect(marketingColumn).toContainText("Deliver 100 MQLs per month");
  await expect(sales.getByTestId("marketing-mqls")).toContainText("0 of 100 MQLs delivered");
  await expect(sales.getByTestId("marketing-pipeline")).toContainText("$0 of");
  await expect(sales.getByTestId("marketing-rejection")).toContainText("not accepted or rejected any MQL");
  // Side by side: the two columns share a row.
  const salesBox = await salesColumn.boundingBox();
  const marketingBox = await marketingColumn.boundingBox();
  expect(salesBox && marketingBox && Math.abs(salesBox.y - marketingBox.y) < 2).toBeTruthy();
  expect(salesBox && marketingBox && marketingBox.x > salesBox.x + salesBox.width - 1).toBeTruthy();
  await expect(sales.getByTestId("sla-calendar")).toContainText(
    "Monday to Friday, 09:00–17:00 New York time (America/New_York); closed on 25 Dec 2026.",
  );
  await expect(sales.getByText("No MQLs in this period yet")).toBeVisible();
  await expect(sales.getByText("No MQLs to measure in this period yet")).toBeVisible();
  await expect(sales.getByRole("button", { name: "Start a new draft" })).toBeEnabled();
  await shot(sales, "03-in-force");

  // Another period and grouping: still well-formed, and kept in the address.
  await sales.getByText("Last month", { exact: true }).click();
  await sales.getByText("Pod", { exact: true }).click();
  await expect(sales).toHaveURL(/period=last_month/);
  await expect(sales).toHaveURL(/by=pod/);
  await expect(sales.getByTestId("marketing-mqls")).toContainText("No SLA then");
  await expect(sales.getByTestId("sla-before-force")).toContainText("no SLA was in force then");
  await sales.getByText("Custom range", { exact: true }).click();
  await expect(sales.getByLabel("Until (inclusive)")).toBeVisible();

  // The marketing lead's page follows; the rep reads the same numbers but cannot start a draft.
  await marketing.reload();
  await expect(marketing.getByTestId("sla-live-badge")).toHaveText("Version 1 in force");
  await rep.reload();
  await expect(rep.getByTestId("sla-in-force")).toContainText("Version 1 in force since");
  await expect(rep.getByRole("button", { name: "Start a new draft" })).toBeDisabled();
});
