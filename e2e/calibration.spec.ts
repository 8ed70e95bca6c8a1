// Your data, your lead definition, end to end: a team lead defines a "Site visits" property, imports a lead
// file that fills it (and keeps its "Converted" column as a new property), writes a rule on it, calibrates a
// model on the converted flag, both teams' leads approve, a lead activates, and a contact shows the new score.
import { type Browser, expect, type Page, test } from "@playwright/test";
import { joinAs, pageShot, sidebar, startWorkspace } from "./fixtures";

const SHOTS = process.env.CALIBRATION_SHOTS_DIR ?? "/tmp/calibration-shots";

async function joinAsLead(browser: Browser, admin: Page, name: string, team: "marketing" | "sales") {
  const { page } = await joinAs(browser, admin, name, team, "lead");
  await page.goto("/scoring");
  return page;
}

/** 120 leads: many site visits and a finance department convert far more often (fixed, no randomness). */
function leadFile(stamp: number) {
  const rows = ["Email,First Name,Department,Site visits,Converted"];
  for (let i = 0; i < 120; i++) {
    const visits = (i * 7) % 40;
    const finance = i % 3 === 0;
    const converted = visits >= 20 ? i % 5 !== 0 : finance ? i % 4 === 0 : i % 9 === 0;
    rows.push(
      `lead${i}-${stamp}@example.org,Lead ${i},${finance ? "Finance" : "Operations"},${visits},${converted ? "true" : "false"}`,
    );
  }
  return rows.join("\r\n");
}

test("calibration: a property filled by an import, a rule on it, calibrated on the file's outcome, approved by both teams", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const stamp = Date.now();
  await startWorkspace(page, { name: "Ada Admin", workspace: "Calibrate Co" });
  const marketing = await joinAsLead(browser, page, "Mia Marketing", "marketing");
  const sales = await joinAsLead(browser, page, "Sam Sales", "sales");

  // 1. The marketing lead defines the "Site visits" property.
  await marketing.goto("/settings/properties");
  await marketing.getByRole("button", { name: "New property" }).first().click();
  const dialog = marketing.getByRole("dialog", { name: "New contact property" });
  await dialog.getByLabel("Label").fill("Site visits");
  await dialog.getByRole("combobox", { name: "Type" }).click();
  await marketing.getByRole("option", { name: "Number" }).click();
  await dialog.getByRole("button", { name: "Create property" }).click();
  await expect(marketing.getByText("“Site visits” added to contacts.")).toBeVisible();

  // 2. The lead file fills it; its "Converted" column becomes a new property.
  await sidebar(marketing, "Import").click();
  await marketing.locator("input[type=file]").setInputFiles({
    name: "leads.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(leadFile(stamp), "utf8"),
  });
  const field = (column: string) =>
    marketing.getByRole("combobox", { name: `Lockstep field for column ${column}`, exact: true });
  await expect(field("Site visits")).toHaveValue("Site visits (property)");
  await field("Converted").click();
  await marketing.getByRole("option", { name: "Create a property…" }).click();
  await expect(
    marketing.getByRole("combobox", { name: "Type of the new property for column Converted" }),
  ).toHaveValue("Yes / no");
  await marketing.getByRole("button", { name: "Import", exact: true }).click();
  const report = marketing.getByTestId("import-report");
  await expect(report.getByTestId("import-counts")).toContainText("120 new", { timeout: 30_000 });

  // 3. A rule on the property: 20 or more site visits is worth 15 points.
  await sidebar(marketing, "Scoring").click();
  await marketing.getByRole("button", { name: "New model" }).first().click();
  const create = marketing.getByRole("dialog", { name: "New scoring model" });
  await create.getByLabel("Name").fill("Inbound leads");
  await create.getByRole("button", { name: "Create model" }).click();
  await expect(marketing.getByRole("heading", { name: "Inbound leads", level: 2 })).toBeVisible();
  const modelUrl = new URL(marketing.url()).pathname;
  await marketing.getByRole("button", { name: "Add fit rule" }).click();
  await marketing.getByLabel("Label of fit rule 4").fill("Frequent visitor");
  await marketing.getByRole("combobox", { name: "Frequent visitor, condition 1: attribute" }).click();
  await marketing.getByRole("option", { name: "Custom contact property…" }).click();
  await marketing.getByLabel("Frequent visitor, condition 1: property key").fill("site_visits");
  await marketing.getByRole("combobox", { name: "Frequent visitor, condition 1: test" }).click();
  await marketing.getByRole("option", { name: "is between", exact: true }).click();
  await marketing.getByLabel("Frequent visitor, condition 1: from").fill("20");
  await marketing.getByRole("textbox", { name: "Points for Frequent visitor" }).fill("15");
  await marketing.getByRole("button", { name: "Save version 1" }).click();
  await expect(marketing.getByText("Version 1 saved")).toBeVisible();
  await expect(marketing.getByTestId("rule-count-fit-1")).toHaveText("60 contacts");

  // 4. Calibrate on the file's own outcome, holding out 30%.
  await marketing.getByRole("button", { name: "Calibrate from past results" }).click();
  const calibrate = marketing.getByRole("dialog", { name: "Calibrate from past results" });
  await calibrate.getByRole("combobox", { name: "A good outcome is" }).click();
  await marketing.getByRole("option", { name: "A contact property has a value" }).click();
  await calibrate.getByRole("combobox", { name: "Property" }).click();
  await marketing.getByRole("option", { name: "Converted" }).click();
  await calibrate.getByLabel("Minimum contacts per rule").fill("10");
  await calibrate.getByRole("button", { name: "Calibrate", exact: true }).click();
  const result = calibrate.getByTestId("calibration-result");
  await expect(result).toBeVisible({ timeout: 60_000 });
  await expect(result.getByTestId("calibration-comparison")).toContainText("Calibrated (version 2)");
  await expect(result.getByTestId("calibration-comparison")).toContainText("Starter model");
  await expect(result).toContainText("Site visits");
  await expect(result).toContainText("differ from the fitted points by at most 0");
  await pageShot(marketing, `${SHOTS}/calibration-report.png`, false);
  await calibrate.getByRole("button", { name: "Open version 2" }).click();
  await expect(marketing.getByTestId("version-status")).toHaveText("Draft");

  // 5. Both teams' leads approve version 2; the sales lead makes it live.
  await marketing.getByRole("button", { name: "Approve for Marketing" }).click();
  await expect(marketing.getByTestId("approval-marketing")).toContainText("Approved by");
  await sales.goto(`${modelUrl}?version=2`);
  await sales.getByRole("button", { name: "Approve for Sales" }).click();
  await expect(sales.getByTestId("approval-sales")).toContainText("Approved by");
  await sales.getByRole("button", { name: "Activate", exact: true }).click();
  await sales
    .getByRole("dialog", { name: "Make version 2 live?" })
    .getByRole("button", { name: "Activate and rescore" })
    .click();
  await expect(sales.getByTestId("activation-result")).toContainText("120 contacts scored");

  // 6. A frequent visitor's new score explains itself with the calibrated site-visit band.
  await sales.goto("/contacts?q=lead3-");
  await sales.getByRole("link", { name: "Lead 3", exact: true }).click();
  await expect(sales.getByTestId("score-combined")).toBeVisible();
  await expect(sales.getByRole("link", { name: "Live version 2" })).toBeVisible();
  await expect(sales.getByTestId("score-breakdown")).toContainText("Site visits");
  await pageShot(sales, `${SHOTS}/calibrated-contact.png`);

  await marketing.context().close();
  await sales.context().close();
});
