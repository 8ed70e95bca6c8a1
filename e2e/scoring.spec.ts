// Scoring end to end: a marketing lead creates a model and changes a rule's points, both teams' leads approve,
// a lead activates, and a contact's score explains itself; a second version with other points changes it.
import { mkdirSync, readFileSync } from "node:fs";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { elementShot, joinAs, post, SHOTS_ON, startWorkspace } from "./fixtures";

const SHOTS = process.env.SCORING_SHOTS_DIR ?? "/tmp/scoring-shots";

async function shot(page: Page, name: string, fullPage = true) {
  if (!SHOTS_ON) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.waitForLoadState("networkidle");
  await expect(page.locator("[aria-busy='true']")).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage });
}

/** Invites a lead of `team` (as the admin), who signs up and joins in a browser of their own. */
async function joinAsLead(browser: Browser, admin: Page, name: string, team: "marketing" | "sales") {
  const { page } = await joinAs(browser, admin, name, team, "lead");
  await page.goto("/scoring");
  await expect(page.getByTestId("user-menu")).toContainText(
    `${team === "sales" ? "Sales" : "Marketing"} · Team lead`,
  );
  return page;
}

async function approve(page: Page, team: "Sales" | "Marketing") {
  await page.getByRole("button", { name: `Approve for ${team}` }).click();
  await expect(page.getByTestId(`approval-${team.toLowerCase()}`)).toContainText("Approved by");
}

async function activate(page: Page, version: number, result: string) {
  await page.getByRole("button", { name: "Activate", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: `Make version ${version} live?` });
  await expect(dialog).toContainText("rescores every contact");
  await dialog.getByRole("button", { name: "Activate and rescore" }).click();
  await expect(page.getByTestId("activation-result")).toContainText(result);
  await expect(page.getByTestId("version-status")).toHaveText("Live");
}

test("scoring: create, edit, approve by both teams, activate, and a contact's score explains itself", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  // The admin (revenue team) makes the workspace and the data: a VP at a 500-person company who attended a
  // webinar and viewed the pricing page.
  await startWorkspace(page, { name: "Ada Admin", workspace: "Scoring Co", path: null });
  const account = await post<{ id: string }>(page.request, "/api/accounts", {
    name: "Acme Robotics",
    domain: `acme-${Date.now()}.com`,
    employees: 500,
  });
  const contact = await post<{ id: string }>(page.request, "/api/contacts", {
    firstName: "Dana",
    lastName: "Scully",
    email: "dana@acme-robotics.com",
    title: "VP Operations",
    seniority: "vp",
    accountId: account.id,
  });
  await post(page.request, `/api/contacts/${contact.id}/touches`, {
    type: "webinar",
    note: "Smart factory webinar",
  });
  await post(page.request, `/api/contacts/${contact.id}/touches`, {
    type: "page_view",
    properties: { path: "/pricing" },
  });

  // Before any model: the contact page says where to agree one.
  await page.goto(`/contacts/${contact.id}`);
  await expect(page.getByText("No live scoring model yet")).toBeVisible();

  const marketing = await joinAsLead(browser, page, "Mia Marketing", "marketing");
  const sales = await joinAsLead(browser, page, "Sam Sales", "sales");

  // The marketing lead finds Scoring in the sidebar, empty, and creates a model.
  await marketing
    .getByRole("navigation", { name: "Main navigation" })
    .getByRole("link", { name: "Scoring" })
    .click();
  await expect(marketing.getByText("No scoring model yet")).toBeVisible();
  await shot(marketing, "01-scoring-empty");
  await marketing.getByRole("button", { name: "New model" }).first().click();
  const dialog = marketing.getByRole("dialog", { name: "New scoring model" });
  await dialog.getByRole("button", { name: "Create model" }).click();
  await expect(dialog.getByText("Is required")).toBeVisible();
  await dialog.getByLabel("Name").fill("Inbound leads");
  await dialog.getByLabel("What it is for").fill("Decides when an inbound lead is ready for sales.");
  await dialog.getByRole("button", { name: "Create model" }).click();
  await expect(marketing.getByRole("heading", { name: "Inbound leads", level: 2 })).toBeVisible();
  await expect(marketing.getByTestId("version-status")).toHaveText("Draft");
  const modelUrl = new URL(marketing.url()).pathname;

  // Live counts next to the rules: the contact matches the webinar rule.
  await expect(marketing.getByTestId("rule-count-webinar")).toHaveText("1 contact");
  await expect(marketing.getByTestId("rule-count-free-mail")).toHaveText("0 contacts");

  // A rule without a label is refused on its field.
  const label = marketing.getByLabel("Label of fit rule 1");
  await label.fill("");
  await marketing.getByRole("button", { name: "Save version 1" }).click();
  await expect(marketing.getByRole("alert").filter({ hasText: "Fix these before saving" })).toBeVisible();
  await expect(label).toHaveAttribute("aria-invalid", "true");
  await label.fill("Director or above");

  // Webinars are worth more: 10 -> 25 points per touch.
  const points = marketing.getByRole("textbox", { name: "Points for Attended a webinar or event" });
  await expect(points).toHaveValue("10");
  await points.fill("25");
  await marketing.getByLabel("Note for this version").fill("Webinars are worth more");
  await expect(marketing.getByText("Unsaved changes")).toBeVisible();
  await marketing.getByRole("button", { name: "Save version 1" }).click();
  await expect(marketing.getByText("Version 1 saved")).toBeVisible();
  await expect(marketing.getByText("Unsaved changes")).toHaveCount(0);
  await marketing.reload();
  await expect(
    marketing.getByRole("textbox", { name: "Points for Attended a webinar or event" }),
  ).toHaveValue("25");

  // Marketing approves; activation waits for sales, and says so.
  await approve(marketing, "Marketing");
  await expect(marketing.getByTestId("approval-sales")).toContainText("Waiting for a sales lead");
  await expect(marketing.getByRole("button", { name: "Activate", exact: true })).toBeDisabled();
  await expect(marketing.getByTestId("activate-hint")).toContainText("needs approval from a sales lead");
  await expect(marketing.getByRole("button", { name: "Withdraw my approval" })).toBeVisible();
  await shot(marketing, "02-model-editor-approvals");
  await elementShot(marketing.getByRole("region", { name: "Approval" }), `${SHOTS}/02a-approval.png`);
  await elementShot(
    marketing.getByRole("region", { name: "Engagement rules" }),
    `${SHOTS}/02b-engagement-rules.png`,
  );
  await elementShot(marketing.getByRole("region", { name: "MQL condition" }), `${SHOTS}/02c-mql.png`);

  // Sales approves and activates: every contact is rescored.
  await sales.goto(modelUrl);
  await expect(sales.getByTestId("approval-marketing")).toContainText("Approved by Mia Marketing");
  await approve(sales, "Sales");
  await expect(sales.getByTestId("version-status")).toHaveText("Approved");
  await activate(sales, 1, "1 contact scored and 1 became an MQL");
  await expect(sales.getByTestId("live-version")).toHaveText("Live: version 1");
  await expect(sales.getByText("Version 1 can no longer change")).toBeVisible();
  await shot(sales, "02d-live-version-read-only");
  // Every stored score under the model downloads as a spreadsheet: Dana, fit 35, engagement 36, total 71, A2.
  const [download] = await Promise.all([
    sales.waitForEvent("download"),
    sales.getByRole("link", { name: "Export scores" }).click(),
  ]);
  const csv = readFileSync(await download.path(), "utf8")
    .trim()
    .split("\n");
  expect(csv[0]).toBe(
    "contactId,email,name,lifecycleStage,fit,engagement,total,grade,mql,model,modelVersion,scoredAt",
  );
  expect(csv).toHaveLength(2);
  expect(csv[1]).toContain(
    `${contact.id},dana@acme-robotics.com,Dana Scully,mql,35,36,71,A2,true,Inbound leads,1,`,
  );

  // The list shows the live version and who approved.
  await sales.getByRole("link", { name: "Scoring", exact: true }).first().click();
  const row = sales.getByTestId("scoring-model-row").filter({ hasText: "Inbound leads" });
  await expect(row).toContainText("Version 1");
  await expect(row).toContainText("Live");
  await expect(row).toContainText("Mia Marketing (Marketing)");
  await expect(row).toContainText("Sam Sales (Sales)");
  await shot(sales, "03-scoring-list");

  // The contact's score, explained: fit 20 + 15, engagement 25 (webinar) + 10 (pricing) + 1 (page view).
  await sales.goto(`/contacts/${contact.id}`);
  const score = sales.getByTestId("contact-score");
  await expect(score.getByTestId("score-fit")).toHaveText("35");
  await expect(score.getByTestId("score-engagement")).toHaveText("36");
  await expect(score.getByTestId("score-combined")).toHaveText("71");
  await expect(score.getByTestId("score-grade")).toHaveText("A2");
  await expect(score.getByTestId("score-mql")).toHaveText("MQL");
  await expect(score.getByTestId("mql-reasons")).toContainText("fit 35 ≥ 15 and engagement 36 ≥ 30");
  await expect(score.getByTestId("fit-line").filter({ hasText: "Director or above" })).toContainText("+20");
  await expect(score.getByTestId("engagement-line").filter({ hasText: "Attended a webinar" })).toContainText(
    "+25",
  );
  await shot(sales, "04-contact-score");
  await score.getByRole("button", { name: "Touches and score history" }).click();
  const drawer = sales.getByRole("dialog", { name: /how this score was reached/ });
  await expect(
    drawer.getByTestId("engagement-rule-detail").filter({ hasText: "Viewed the pricing page" }),
  ).toContainText("Page view");
  await expect(drawer.getByTestId("score-history").locator(".recharts-surface").first()).toBeVisible();
  await shot(sales, "05-contact-score-details", false);
  await sales.keyboard.press("Escape");

  // The account is scored too.
  await sales.goto(`/accounts/${account.id}`);
  await expect(sales.getByTestId("account-score")).toContainText("Inbound leads");
  await elementShot(sales.getByRole("region", { name: "Account score" }), `${SHOTS}/04b-account-score.png`);

  // Version 2: webinars worth 40. The live version is read-only; a new draft starts from it.
  await marketing.goto(modelUrl);
  await expect(marketing.getByText("Version 1 can no longer change")).toBeVisible();
  await marketing.getByRole("button", { name: "Start a new draft from this version" }).click();
  await expect(marketing.getByRole("button", { name: "Version 2, draft" })).toHaveAttribute(
    "aria-current",
    "true",
  );
  await marketing.getByRole("textbox", { name: "Points for Attended a webinar or event" }).fill("40");
  await marketing.getByRole("button", { name: "Save version 2" }).click();
  await expect(marketing.getByText("Version 2 saved")).toBeVisible();
  await marketing.getByRole("tab", { name: "What changed" }).click();
  await expect(
    marketing.getByTestId("diff-change").filter({ hasText: "Attended a webinar or event" }),
  ).toContainText("+25 per touch → +40 per touch");
  await elementShot(marketing.getByTestId("diff"), `${SHOTS}/05b-diff.png`);

  // The backtest replays version 2 next to the live version 1.
  await marketing.getByRole("tab", { name: "Backtest" }).click();
  await expect(
    marketing.getByTestId("backtest").getByRole("table", { name: "Backtest by month" }),
  ).toBeVisible();
  await expect(marketing.getByTestId("backtest")).toContainText("Live version 1");
  await expect(marketing.getByTestId("backtest").locator(".recharts-surface").first()).toBeVisible();
  await shot(marketing, "06-backtest");

  // The live distribution: the one contact sits in A2 (fit 35 ≥ 30, engagement 36 ≥ 20).
  await marketing.getByRole("tab", { name: "Live scores" }).click();
  await expect(marketing.getByTestId("grade-matrix").getByLabel("A2: 1 contact")).toBeVisible();
  await shot(marketing, "07-live-scores");

  // Calibration needs won and lost deals this workspace does not have yet: the job says so.
  await marketing.getByRole("button", { name: "Calibrate from past results" }).click();
  await marketing.getByRole("button", { name: "Calibrate", exact: true }).click();
  await expect(marketing.getByTestId("job-ended")).toContainText("at least 10 contacts with each outcome");
  await marketing.keyboard.press("Escape");

  await marketing.getByRole("tab", { name: "Rules" }).click();
  await approve(marketing, "Marketing");
  await sales.goto(`${modelUrl}?version=2`);
  await approve(sales, "Sales");
  await activate(sales, 2, "1 contact scored");
  await expect(sales.getByTestId("live-version")).toHaveText("Live: version 2");

  // The contact's score follows: engagement 40 + 10 + 1.
  await sales.goto(`/contacts/${contact.id}`);
  await expect(score.getByTestId("score-engagement")).toHaveText("51");
  await expect(score.getByTestId("score-combined")).toHaveText("86");
  await expect(score.getByRole("link", { name: "Live version 2" })).toBeVisible();

  // And it moves at once when a touch is logged: another pricing view adds 10 (under the cap of 3).
  await post(sales.request, `/api/contacts/${contact.id}/touches`, {
    type: "page_view",
    properties: { path: "/pricing" },
  });
  await sales.reload();
  await expect(score.getByTestId("score-engagement")).toHaveText("62");

  await marketing.context().close();
  await sales.context().close();
});
