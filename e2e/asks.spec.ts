// Objections and content requests end to end: sales logs objections and marketing reads them counted per
// persona; sales asks for an asset and it moves new -> in progress -> delivered -> used on the board, with a
// clear error when someone else moved a request first.
import { mkdirSync } from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { post, SHOTS_ON, sidebar, startWorkspace } from "./fixtures";

const SHOTS = process.env.ASKS_SHOTS_DIR ?? "test-results/screenshots";

async function shot(page: Page, name: string) {
  if (!SHOTS_ON) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.waitForLoadState("networkidle");
  await expect(page.locator("[aria-busy='true']")).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

async function choose(page: Page, scope: ReturnType<Page["locator"]>, field: string, option: string) {
  await scope.getByRole("combobox", { name: field, exact: true }).click();
  await page.getByRole("option", { name: option, exact: true }).click();
}

test("objections: sales logs them, marketing sees them counted per persona", async ({ page }) => {
  test.setTimeout(120_000);
  await startWorkspace(page, { name: "Ada Admin", workspace: "Objection Co" });
  const cfoPersona = await post<{ id: string }>(page.request, "/api/personas", { name: "CFO" });
  await post(page.request, "/api/personas", { name: "Head of Operations" });
  await post(page.request, "/api/contacts", {
    firstName: "Dana",
    lastName: "Scully",
    email: "dana@initech.com",
  });

  await sidebar(page, "Objections").click();
  await expect(page).toHaveURL(/\/reports\/objections$/);
  await expect(page.getByRole("heading", { name: "Objections", exact: true })).toBeVisible();
  await expect(page.getByText("No objections logged yet")).toBeVisible();
  await expect(page.getByText("Nothing logged yet")).toBeVisible();

  const form = page.getByRole("region", { name: "Log an objection" });
  await form.getByRole("button", { name: "Log objection" }).click();
  await expect(form.getByText("Is required")).toBeVisible();

  const log = async (text: string, persona: string | null, stage: string | null, contact?: string) => {
    await form.getByLabel("What did the prospect say?").fill(text);
    if (persona) await choose(page, form, "Persona", persona);
    if (stage) await choose(page, form, "Stage", stage);
    if (contact) {
      await form.getByRole("combobox", { name: "Contact (optional)" }).fill(contact);
      await page.getByRole("option", { name: /Dana Scully/ }).click();
    }
    await form.getByRole("button", { name: "Log objection" }).click();
    await expect(form.getByLabel("What did the prospect say?")).toHaveValue("");
  };
  await log("Too expensive for us", "CFO", "SQL", "dana");
  await log("too expensive  for us", "CFO", "Opportunity");
  await log("We already use HubSpot", "CFO", null);
  await log("We need a SOC 2 report first", "Head of Operations", "SQL");

  // Marketing's view: grouped by persona, the same wording counted together, most frequent first.
  const cfo = page.getByRole("region", { name: "Objections from CFO" });
  await expect(cfo).toContainText("3 objections");
  const top = cfo.getByTestId("objection-count").first();
  await expect(top).toContainText("Too expensive for us");
  await expect(top.getByTestId("objection-frequency")).toHaveText("2×");
  await expect(cfo.getByTestId("objection-count").nth(1)).toContainText("We already use HubSpot");
  await expect(page.getByRole("region", { name: "Objections from Head of Operations" })).toContainText(
    "We need a SOC 2 report first",
  );

  const recent = page.getByRole("region", { name: "Recent objections" });
  await expect(recent.getByTestId("objection-row")).toHaveCount(4);
  const first = recent.getByTestId("objection-row").filter({ hasText: "Dana Scully" });
  await expect(first).toContainText("“Too expensive for us”");
  await expect(first).toContainText("CFO");
  await expect(first).toContainText("SQL");
  await expect(first).toContainText("Ada Admin");
  await expect(first.getByRole("link", { name: "Dana Scully" })).toBeVisible();
  await shot(page, "asks-objections");

  await choose(page, recent, "Persona", "Head of Operations");
  await expect(recent.getByTestId("objection-row")).toHaveCount(1);
  await expect(recent.getByTestId("objection-row")).toContainText("SOC 2");

  // Nothing is answered yet: every objection is flagged. Once the CFO guide has an approved answer to the
  // most frequent one, it is marked answered and moves below the one still unanswered.
  await expect(page.getByTestId("objection-unanswered")).toHaveCount(3);
  await expect(cfo.getByTestId("objection-group-unanswered")).toHaveText("2 unanswered");
  const guide = await post<{ objections: { objection: string; response: { id: string } | null }[] }>(
    page.request,
    `/api/messaging/${cfoPersona.id}/responses`,
    {
      objection: "Too expensive for us",
      response: "It pays back within two quarters; see the Globex story.",
    },
  );
  const answer = guide.objections.find((o) => o.objection === "Too expensive for us")?.response?.id;
  await post(page.request, `/api/objection-responses/${answer}/approve`);
  await page.reload();
  await expect(cfo.getByTestId("objection-group-unanswered")).toHaveText("1 unanswered");
  await expect(cfo.getByTestId("objection-count").first()).toContainText("We already use HubSpot");
  await expect(cfo.getByTestId("objection-count").first().getByTestId("objection-unanswered")).toBeVisible();
  const answered = cfo.getByTestId("objection-count").nth(1);
  await expect(answered).toContainText("Too expensive for us");
  await expect(answered.getByTestId("objection-answered")).toHaveText("Answered");
  await answered.getByRole("link", { name: "See the approved answer" }).click();
  await expect(page).toHaveURL(new RegExp(`/library/messaging/${cfoPersona.id}$`));
});

test("content requests: asked by sales, moved new -> in progress -> delivered -> used", async ({ page }) => {
  test.setTimeout(120_000);
  await startWorkspace(page, { name: "Ada Admin", workspace: "Content Co" });
  await post(page.request, "/api/personas", { name: "CFO" });

  await sidebar(page, "Content requests").click();
  await expect(page).toHaveURL(/\/content-requests$/);
  await expect(page.getByText("No content requests yet")).toBeVisible();
  await shot(page, "asks-content-empty");

  await page.getByRole("button", { name: "Request content" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Request content" });
  await dialog.getByRole("button", { name: "Send request" }).click();
  await expect(dialog.getByText("Is required")).toBeVisible();
  await dialog.getByLabel("What do you need?").fill("ROI calculator for CFOs");
  await dialog.getByLabel("Why / what the prospect asks").fill("CFOs ask how long until it pays back.");
  await choose(page, dialog, "Persona", "CFO");
  await choose(page, dialog, "Stage", "SQL");
  await dialog.getByLabel("Needed by").fill("2099-06-30");
  await dialog.getByRole("button", { name: "Send request" }).click();
  await expect(dialog).toBeHidden();

  const column = (status: string) => page.getByTestId(`column-${status}`);
  const card = page.getByTestId("request-card").filter({ hasText: "ROI calculator for CFOs" });
  await expect(column("new").getByTestId("request-card")).toHaveCount(1);
  await expect(card).toContainText("CFO");
  await expect(card).toContainText("SQL");
  await expect(card).toContainText("30 Jun 2099");
  await expect(card).toContainText("Asked by Ada Admin");

  await card.getByRole("button", { name: "Start working: ROI calculator for CFOs" }).click();
  await expect(column("in_progress").getByTestId("request-card")).toHaveCount(1);
  await expect(card).toContainText("made by Ada Admin");

  await card.getByRole("button", { name: "Mark delivered: ROI calculator for CFOs" }).click();
  const deliver = page.getByRole("dialog", { name: "Deliver “ROI calculator for CFOs”" });
  await deliver.getByLabel("Link to the asset (optional)").fill("drive/roi");
  await deliver.getByRole("button", { name: "Mark delivered" }).click();
  await expect(
    deliver.getByText("The link must be a full web address, starting with https://"),
  ).toBeVisible();
  await deliver.getByLabel("Link to the asset (optional)").fill("https://drive.example.com/roi-calculator");
  await deliver.getByRole("button", { name: "Mark delivered" }).click();
  await expect(deliver).toBeHidden();
  await expect(column("delivered").getByTestId("request-card")).toHaveCount(1);
  await expect(card.getByRole("link", { name: "Open the asset" })).toHaveAttribute(
    "href",
    "https://drive.example.com/roi-calculator",
  );

  // Someone else moves a second request to delivered while this page still shows it as new.
  const other = await post<{ id: string }>(page.request, "/api/content-requests", {
    title: "Logistics case study",
  });
  await page.reload();
  const stale = page.getByTestId("request-card").filter({ hasText: "Logistics case study" });
  await expect(stale).toBeVisible();
  const moved = await page.request.patch(`/api/content-requests/${other.id}`, {
    data: { status: "delivered" },
  });
  expect(moved.ok()).toBeTruthy();
  await stale.getByRole("button", { name: "Start working: Logistics case study" }).click();
  await expect(stale.getByTestId("move-error")).toContainText(
    "A request that is delivered cannot go back to in progress: someone moved it first.",
  );
  await expect(column("delivered").getByTestId("request-card")).toHaveCount(2);
  await shot(page, "asks-content-board");

  await card.getByRole("button", { name: "Mark used: ROI calculator for CFOs" }).click();
  await expect(column("used").getByTestId("request-card")).toHaveCount(1);
  await expect(column("used")).toContainText("ROI calculator for CFOs");
});
