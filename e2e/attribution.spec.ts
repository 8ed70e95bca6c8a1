// Reports → Attribution: a manager opens the report, switches the model and the milestone (kept in the URL),
// drills from a campaign into the deal behind its number and the deal's journey, and exports the CSV.
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { pageShot, post, startWorkspace } from "./fixtures";

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

test("attribution: switch model and milestone, drill into a deal's journey, export CSV", async ({ page }) => {
  test.setTimeout(90_000);
  await startWorkspace(page, { name: "Ada Admin", workspace: "Attribution Co", path: null });
  const api = page.request;
  const ads = await post<{ id: string }>(api, "/api/campaigns", {
    name: "Search ads",
    channel: "paid_search",
    budget: 2000,
    cost: 2000,
  });
  const webinar = await post<{ id: string }>(api, "/api/campaigns", {
    name: "Spring webinar",
    channel: "webinar",
    budget: 1000,
    cost: 1000,
  });
  const account = await post<{ id: string }>(api, "/api/accounts", { name: "Acme", domain: "acme-e2e.com" });
  const ann = await post<{ id: string }>(api, "/api/contacts", {
    firstName: "Ann",
    lastName: "Buyer",
    email: "ann@acme-e2e.com",
    accountId: account.id,
  });
  // Ads first (20 days ago), then the webinar twice: linear gives the webinar two thirds of the deal.
  for (const [campaign, channel, days] of [
    [ads.id, "paid_search", 20],
    [webinar.id, "webinar", 10],
    [webinar.id, "webinar", 3],
  ] as const)
    await post(api, `/api/contacts/${ann.id}/touches`, {
      type: "email_click",
      channel,
      campaignId: campaign,
      occurredAt: daysAgo(days),
    });
  await post(api, "/api/opportunities", {
    name: "Acme expansion",
    accountId: account.id,
    amount: 12_000,
    stage: "closed_won",
    closeDate: new Date().toISOString().slice(0, 10),
    contacts: [{ contactId: ann.id, role: "champion" }],
  });

  await page.goto("/reports/attribution");
  await expect(page.getByTestId("attribution-summary")).toContainText("1 won deal");
  await expect(page.getByTestId("attribution-summary")).toContainText("$12,000");
  const rows = page.getByTestId("attribution-rows");
  await expect(rows.getByRole("row").first()).toContainText("Spring webinar");
  await expect(rows.getByRole("row").first()).toContainText("$8,000");
  await pageShot(page, "test-results/shots/attribution.png");

  // First touch: the ads get the whole deal and lead the table; the choice is in the URL.
  await page.getByTestId("attribution-model").click();
  await page.getByRole("option", { name: "First touch" }).click();
  await expect(page).toHaveURL(/model=first_touch/);
  await expect(rows.getByRole("row").first()).toContainText("Search ads");
  await expect(rows.getByRole("row").first()).toContainText("100%");

  // Another milestone: the contact's creation (all three touches came before it).
  await page.getByTestId("attribution-milestone").click();
  await page.getByRole("option", { name: "Contact created" }).click();
  await expect(page).toHaveURL(/milestone=contact_created/);
  await expect(page.getByTestId("attribution-summary")).toContainText("1 contact created");

  // Back to won deals: from the webinar to the deal behind its number, then the deal's journey.
  await page.getByTestId("attribution-milestone").click();
  await page.getByRole("option", { name: "Closed won" }).click();
  await page.getByTestId("attribution-campaign").filter({ hasText: "Spring webinar" }).click();
  const deals = page.getByTestId("campaign-deals");
  await expect(deals).toContainText("Acme expansion");
  await deals.getByRole("button", { name: "Acme expansion" }).click();
  const touches = page.getByTestId("journey-touches");
  await expect(touches.getByRole("row")).toHaveCount(3);
  await expect(page.getByTestId("journey-why")).toContainText("Spring webinar");
  await expect(page.getByTestId("journey-why")).toContainText("$0");
  await pageShot(page, "test-results/shots/attribution-journey.png");
  // Closing the drawers drops them from the URL; the model stays.
  await page.goto(page.url().replace(/&?(campaign|deal)=[^&]*/g, ""));
  await expect(page.getByTestId("attribution-summary")).toContainText("1 won deal");

  // The CSV carries the filters and every model's credits.
  const downloading = page.waitForEvent("download");
  await page.getByTestId("export-csv").first().click();
  const download = await downloading;
  const csv = readFileSync((await download.path()) as string, "utf8");
  expect(csv.split("\n")[0]).toContain("first_touch_amount");
  expect(csv).toContain("Spring webinar");
  expect(csv).toContain("Search ads");
});
