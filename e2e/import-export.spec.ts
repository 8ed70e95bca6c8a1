// Import and export end to end: a HubSpot-style contacts file is mapped, checked (dry run) and imported
// from Settings → Import; the bad row is reported by line; the contacts list exports what it shows.
import { readFile } from "node:fs/promises";
import { expect, type Page, test } from "@playwright/test";
import { SHOTS_ON, startWorkspace } from "./fixtures";

const SHOTS = "test-results/screenshots";

async function shot(page: Page, name: string, { idle = true } = {}) {
  if (!SHOTS_ON) return;
  // An upload held back on purpose keeps the network busy: such shots skip waiting for quiet.
  if (idle) await page.waitForLoadState("networkidle");
  // Full-page shots draw the fixed header where the page is scrolled to: start from the top.
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect(page.locator("[aria-busy='true']")).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

function nav(page: Page) {
  return page.getByRole("navigation", { name: "Main navigation" });
}

test("a lead imports a HubSpot contacts file, then exports the filtered list", async ({ page }) => {
  await startWorkspace(page, { workspace: "Import Co" });
  const stamp = Date.now();
  const domain = `analytical-${stamp}.com`;
  const ada = `ada@${domain}`;
  const grace = `grace@${domain}`;
  const alan = `alan@${domain}`;
  // Line 1 is the header; line 4 has an email that is not one.
  const csv = [
    "First Name,Last Name,Email,Job Title,Lifecycle Stage,Company Name,Company Domain Name,Favourite Colour",
    `Ada,Lovelace,${ada},VP Marketing,Marketing Qualified Lead,Analytical Engines,${domain},green`,
    `Grace,Hopper,${grace},Director of Sales,Lead,Analytical Engines,${domain},blue`,
    `Bad,Row,not-an-email,Intern,Lead,Analytical Engines,${domain},red`,
    `Alan,Turing,${alan},"Head of Research, EMEA",MQL,Analytical Engines,${domain},`,
  ].join("\r\n");

  // Settings → Import (leads and admins see it in the sidebar).
  await nav(page).getByRole("link", { name: "Import" }).click();
  await expect(page.getByRole("heading", { name: "Import", level: 2, exact: true })).toBeVisible();
  await expect(page.getByText("No imports yet")).toBeVisible();
  await expect(page.getByTestId("matching-rule")).toContainText("Matched by email");

  await page.locator("input[type=file]").setInputFiles({
    name: "hubspot-contacts.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(csv, "utf8"),
  });

  // The proposed mapping: HubSpot's headers are recognised, the unknown column is ignored.
  const field = (column: string) =>
    page.getByRole("combobox", { name: `Lockstep field for column ${column}`, exact: true });
  await expect(field("First Name")).toHaveValue("First name");
  await expect(field("Email")).toHaveValue("Email");
  await expect(field("Job Title")).toHaveValue("Job title");
  await expect(field("Lifecycle Stage")).toHaveValue("Lifecycle stage");
  await expect(field("Company Domain Name")).toHaveValue("Company domain");
  await expect(field("Favourite Colour")).toHaveValue("Ignore this column");
  await expect(page.getByTestId("required-fields")).toContainText('Email or record ID: from column "Email"');

  // Ignoring the email column (the file has no record IDs either) is caught before anything is sent;
  // putting it back clears the warning.
  await field("Email").click();
  await page.getByRole("option", { name: "Ignore this column" }).click();
  await expect(page.getByText("A required field has no column")).toBeVisible();
  await expect(page.getByRole("button", { name: "Check file (dry run)" })).toBeDisabled();
  await field("Email").click();
  await page.getByRole("option", { name: "Email", exact: true }).click();
  await expect(page.getByText("A required field has no column")).toHaveCount(0);
  await shot(page, "import-01-mapping");

  // Dry run: counts, the preview as stored, the rejected row with its line and reason.
  await page.getByRole("button", { name: "Check file (dry run)" }).click();
  const report = page.getByTestId("import-report");
  await expect(report.getByRole("heading", { name: "Dry run: nothing written yet" })).toBeVisible();
  await expect(report.getByTestId("import-counts")).toContainText("3 new · 0 updated · 1 rejected");
  await expect(report.getByTestId("stat-rows")).toContainText("4");
  const preview = report.getByTestId("import-preview");
  await expect(preview.getByRole("row")).toHaveCount(4);
  await expect(preview).toContainText(ada);
  await expect(preview).toContainText("MQL");
  await expect(preview).toContainText("Head of Research, EMEA");
  await expect(report.getByTestId("rejected-row")).toHaveCount(1);
  await expect(report.getByTestId("rejected-row")).toContainText("Line 4");
  await expect(report.getByTestId("rejected-row")).toContainText(
    'Email: "not-an-email" is not an email address',
  );
  await shot(page, "import-02-dry-run");

  // Nothing was written by the dry run.
  const before = await page.request.get("/api/contacts");
  expect((await before.json()).items).toHaveLength(0);

  // Import: the same counts for real, the bad line named, every other row kept.
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(report.getByRole("heading", { name: "Contacts imported" })).toBeVisible();
  await expect(report.getByTestId("import-counts")).toContainText("3 new · 0 updated · 1 rejected");
  await expect(report.getByTestId("import-summary")).toContainText("all other rows were kept");
  await expect(report.getByTestId("rejected-row")).toContainText("Line 4");
  await expect(report.getByTestId("rejected-row")).toContainText("is not an email address");
  const recent = page.getByTestId("recent-import");
  await expect(recent).toHaveCount(2);
  await expect(recent.first()).toContainText("hubspot-contacts.csv");
  await expect(recent.first()).toContainText("Import");
  await expect(recent.nth(1)).toContainText("Dry run");
  await shot(page, "import-03-report");

  // A recent import opens its full report.
  await recent.nth(1).click();
  const modal = page.getByRole("dialog");
  await expect(modal.getByTestId("import-counts")).toContainText("3 new · 0 updated · 1 rejected");
  await expect(modal.getByTestId("rejected-row")).toContainText("Line 4");
  await page.keyboard.press("Escape");
  await expect(modal).toHaveCount(0);

  // The contacts are on the list, linked to their company's account.
  await nav(page).getByRole("link", { name: "Contacts" }).click();
  const table = page.getByRole("table");
  for (const name of ["Ada Lovelace", "Grace Hopper", "Alan Turing"]) {
    await expect(table.getByRole("link", { name })).toBeVisible();
  }
  await expect(table.getByRole("link", { name: "Analytical Engines" }).first()).toBeVisible();

  // Filter to MQLs; the export holds exactly the filtered rows.
  await page.getByRole("combobox", { name: "Lifecycle stage", exact: true }).click();
  await page.getByRole("option", { name: "MQL", exact: true }).click();
  await expect(page).toHaveURL(/lifecycleStage=mql/);
  await expect(table.getByRole("link", { name: "Grace Hopper" })).toHaveCount(0);
  await expect(table.getByRole("link", { name: "Ada Lovelace" })).toBeVisible();
  await expect(table.getByRole("link", { name: "Alan Turing" })).toBeVisible();
  await shot(page, "import-04-contacts-export");

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^contacts.*\.csv$/);
  const text = await readFile((await download.path()) ?? "", "utf8");
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "");
  expect(lines).toHaveLength(3);
  const header = lines[0]?.split(",") ?? [];
  expect(header).toContain("email");
  expect(header).toContain("lifecycleStage");
  const emailAt = header.indexOf("email");
  const emails = lines.slice(1).map((line) => line.split(",")[emailAt]);
  // Sorted by name, as the list is.
  expect(emails).toEqual([ada, alan]);
  expect(text).not.toContain(grace);
});

test("the export follows the list's search", async ({ page }) => {
  await startWorkspace(page, { workspace: "Export Co" });
  for (const [name, domain] of [
    ["Initech", "initech-e2e.com"],
    ["Globex", "globex-e2e.com"],
  ]) {
    const response = await page.request.post("/api/accounts", { data: { name, domain } });
    expect(response.ok()).toBeTruthy();
  }
  await nav(page).getByRole("link", { name: "Accounts", exact: true }).click();
  await page.getByRole("searchbox", { name: "Search accounts" }).fill("globex");
  await expect(page.getByRole("table").getByRole("link", { name: "Initech" })).toHaveCount(0);
  const exportLink = page.getByRole("link", { name: "Export CSV" });
  await expect(exportLink).toHaveAttribute("href", /\/api\/accounts\/export\?.*q=globex/);
  const [download] = await Promise.all([page.waitForEvent("download"), exportLink.click()]);
  const text = await readFile((await download.path()) ?? "", "utf8");
  expect(text).toContain("globex-e2e.com");
  expect(text).not.toContain("initech-e2e.com");
});

test("an accounts import shows its progress and updates accounts already there", async ({ page }) => {
  await startWorkspace(page, { workspace: "Progress Co" });
  const created = await page.request.post("/api/accounts", {
    data: { name: "Hooli", domain: "hooli-e2e.com" },
  });
  expect(created.ok()).toBeTruthy();
  await page.goto("/settings/import?entity=accounts");
  await expect(page.getByRole("radio", { name: "Accounts" })).toBeChecked();
  await expect(page.getByTestId("matching-rule")).toContainText("Matched by web domain");
  await page.locator("input[type=file]").setInputFiles({
    name: "salesforce-accounts.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(
      "Account Name,Website,Industry,Number of Employees\nHooli,hooli-e2e.com,Software,12000\nPied Piper,piedpiper-e2e.com,Software,lots\nRaviga,raviga-e2e.com,Venture Capital,40\n",
    ),
  });
  await expect(page.getByRole("combobox", { name: "Lockstep field for column Website" })).toHaveValue(
    "Domain",
  );

  // Hold the request back until the progress has been seen, as it is for a large file.
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route("**/api/imports/accounts**", async (route) => {
    await released;
    await route.continue();
  });
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(
    page.getByText(/Importing salesforce-accounts\.csv… \d+%|Saving the last rows…/),
  ).toBeVisible();
  await expect(page.getByRole("button", { name: "Cancel" })).toBeVisible();
  await shot(page, "import-00-progress", { idle: false });
  release();
  const report = page.getByTestId("import-report");
  await expect(report.getByTestId("import-counts")).toContainText("1 new · 1 updated · 1 rejected");
  await expect(report.getByTestId("rejected-row")).toContainText("Line 3");
  await expect(report.getByTestId("rejected-row")).toContainText('Employees: "lots" is not a number');
  await expect(page.getByRole("button", { name: "Cancel" })).toHaveCount(0);
});

test("an interrupted import says what it kept and is run again to finish, without doubles", async ({
  page,
}) => {
  await startWorkspace(page, { workspace: "Interrupted Co" });
  const domain = `resume-${Date.now()}.com`;
  const emails = ["ana", "ben", "cyd", "dee"].map((name) => `${name}@${domain}`);
  const file = (rows: string[]) =>
    Buffer.from(["Email,First Name", ...rows.map((e) => `${e},${e.split("@")[0]}`)].join("\n"));
  // The first two rows were imported before the importer stopped: a real import of them...
  const partial = await page.request.post("/api/imports/contacts?fileName=leads-march.csv", {
    headers: { "content-type": "text/csv" },
    data: file(emails.slice(0, 2)),
  });
  expect(partial.ok()).toBeTruthy();
  const { id } = await partial.json();
  // ...reported as the server reports an import whose heartbeat stopped (that server side is tested in
  // imports.test.ts: a stale heartbeat becomes interrupted). Here: what the page makes of it.
  const asInterrupted = (report: Record<string, unknown>) =>
    report.id === id ? { ...report, status: "interrupted", rows: 2 } : report;
  await page.route("**/api/imports", async (route) => {
    if (route.request().method() !== "GET") return route.continue();
    const response = await route.fetch();
    const body = await response.json();
    await route.fulfill({ response, json: { ...body, items: body.items.map(asInterrupted) } });
  });
  await page.route(`**/api/imports/${id}`, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, json: asInterrupted(await response.json()) });
  });

  await page.goto("/settings/import");
  const recent = page.getByTestId("recent-import").first();
  await expect(recent).toContainText("leads-march.csv");
  await expect(recent).toContainText("Interrupted");
  await recent.click();
  const modal = page.getByRole("dialog");
  await expect(modal.getByRole("heading", { name: "Import interrupted" })).toBeVisible();
  await expect(modal.getByTestId("import-summary")).toContainText(
    "Before that it added 2 new contacts and updated 0 existing ones; those are kept.",
  );
  await expect(modal.getByTestId("interrupted-import")).toContainText("Run leads-march.csv again");
  await shot(page, "import-05-interrupted");
  await modal.getByRole("button", { name: "Run again" }).click();
  await expect(modal).toHaveCount(0);
  await expect(page.getByRole("radio", { name: "Contacts" })).toBeChecked();
  await expect(page.getByTestId("run-again")).toContainText("Choose leads-march.csv again");

  // The whole file again: the two kept rows are matched, the other two added.
  await page.locator("input[type=file]").setInputFiles({
    name: "leads-march.csv",
    mimeType: "text/csv",
    buffer: file(emails),
  });
  await page.getByRole("button", { name: "Import", exact: true }).click();
  const report = page.getByTestId("import-report");
  await expect(report.getByTestId("import-counts")).toContainText("2 new · 2 updated · 0 rejected");
  const contacts = await (await page.request.get(`/api/contacts?q=${domain}`)).json();
  expect(contacts.items.map((c: { email: string }) => c.email).sort()).toEqual(emails);
});

test("a lead creates a property, then imports a file that fills it and creates another", async ({ page }) => {
  await startWorkspace(page, { workspace: "Keep Every Column Co", path: "/settings/properties" });
  // A "Tier" property for contacts, made in Settings → Properties.
  await page.getByRole("button", { name: "New property" }).first().click();
  const dialog = page.getByRole("dialog", { name: "New contact property" });
  await dialog.getByLabel("Label").fill("Tier");
  await dialog.getByRole("combobox", { name: "Type" }).click();
  await page.getByRole("option", { name: "One of a list" }).click();
  for (const option of ["gold", "silver"]) {
    await dialog.getByLabel("Options").fill(option);
    await dialog.getByLabel("Options").press("Enter");
  }
  await dialog.getByRole("button", { name: "Create property" }).click();
  await expect(page.getByText("“Tier” added to contacts.")).toBeVisible();

  // A lead file without emails: found by its record ID; Tier fills the property, Seats creates one.
  const csv = [
    "Lead ID,First Name,Tier,Seats",
    "L-1,Ada,gold,12",
    "L-2,Grace,Silver,40",
    "L-3,Alan,silver,n/a",
  ];
  await page.goto("/settings/import");
  await page.locator("input[type=file]").setInputFiles({
    name: "leads.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(csv.join("\n"), "utf8"),
  });
  const field = (column: string) =>
    page.getByRole("combobox", { name: `Lockstep field for column ${column}`, exact: true });
  await expect(field("Tier")).toHaveValue("Tier (property)");
  await expect(field("Seats")).toHaveValue("Ignore this column");
  await expect(page.getByTestId("required-fields")).toContainText(
    'Email or record ID: from column "Lead ID"',
  );
  await field("Seats").click();
  await page.getByRole("option", { name: "Create a property…" }).click();
  // The type is guessed from the data ("n/a" makes it text) and can be changed.
  const type = page.getByRole("combobox", { name: "Type of the new property for column Seats" });
  await expect(type).toHaveValue("Text");
  await type.click();
  await page.getByRole("option", { name: "Number", exact: true }).click();
  await expect(type).toHaveValue("Number");

  // The dry run shows the property it would create, its type and the cell that does not fit.
  await page.getByRole("button", { name: "Check file (dry run)" }).click();
  const report = page.getByTestId("import-report");
  const created = report.getByTestId("new-property-row");
  await expect(created).toContainText("Seats");
  await expect(created).toContainText("property.seats");
  await expect(created).toContainText("Number");
  await expect(created).toContainText("1 (line 4)");
  await expect(report.getByTestId("import-counts")).toContainText("2 new · 0 updated · 1 rejected");
  await shot(page, "import-05-new-property");

  // Import; the contacts carry both values.
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(report.getByRole("heading", { name: "Contacts imported" })).toBeVisible();
  await expect(report.getByTestId("rejected-row")).toContainText("Line 4");
  await expect(report.getByTestId("rejected-row")).toContainText('Seats: "n/a" is not a number');
  const contacts = await (await page.request.get("/api/contacts?sort=name")).json();
  expect(contacts.items.map((c: { properties: object }) => c.properties)).toEqual([
    { tier: "gold", seats: 12 },
    { tier: "silver", seats: 40 },
  ]);
  await page.goto("/settings/properties");
  await expect(page.getByRole("row", { name: /Seats/ })).toContainText("Number");
});
