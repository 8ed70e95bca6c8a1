// Stored text is shown as text: a contact, an account, a campaign and a deal named with a script tag
// and an image with an onerror handler appear literally on the list and detail pages, and run nothing.
import { expect, type Page, test } from "@playwright/test";
import { post, sidebar, startWorkspace } from "./fixtures";

const PAYLOAD = `<script>window.__xss=1</script><img src=x onerror="window.__xss=2">`;

/** Nothing of the payload ran (no script, no onerror) and no element was made from it. */
async function expectInert(page: Page, where: string) {
  // An onerror handler fires once the broken image has failed to load: give it the time to.
  await page.waitForLoadState("networkidle");
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), where).toBeUndefined();
  await expect(page.locator('img[src="x"]'), where).toHaveCount(0);
  expect(
    await page.evaluate(() => [...document.scripts].some((s) => s.textContent?.includes("__xss"))),
    where,
  ).toBe(false);
}

test("names with script tags are shown literally and never run", async ({ page }) => {
  const alerts: string[] = [];
  page.on("dialog", async (dialog) => {
    alerts.push(dialog.message());
    await dialog.dismiss();
  });
  await startWorkspace(page, { path: null });
  const suffix = Date.now();
  const account = await post<{ id: string }>(page.request, "/api/accounts", {
    name: PAYLOAD,
    domain: `xss-${suffix}.com`,
    industry: PAYLOAD,
  });
  const contact = await post<{ id: string }>(page.request, "/api/contacts", {
    firstName: PAYLOAD,
    email: `xss-${suffix}@xss-${suffix}.com`,
    title: PAYLOAD,
    accountId: account.id,
  });
  const campaign = await post<{ id: string }>(page.request, "/api/campaigns", {
    name: PAYLOAD,
    channel: "event",
    utmCampaign: `xss-${suffix}`,
  });
  const deal = await post<{ id: string }>(page.request, "/api/opportunities", {
    name: PAYLOAD,
    accountId: account.id,
    amount: 1000,
    closeDate: "2027-06-30",
  });
  // A touch with the payload as its note, on the contact's timeline.
  await post(page.request, `/api/contacts/${contact.id}/touches`, {
    type: "call",
    note: PAYLOAD,
    campaignId: campaign.id,
  });

  // Loaded afresh (the records were made behind the app's back, so its cached lists do not have them).
  await page.goto("/contacts");
  for (const [link, path] of [
    ["Contacts", "/contacts"],
    ["Accounts", "/accounts"],
    ["Campaigns", "/campaigns"],
    ["Opportunities", "/opportunities"],
  ]) {
    await sidebar(page, link).click();
    await expect(page).toHaveURL(new RegExp(`${path}$`));
    await expect(page.getByText(PAYLOAD, { exact: true }).first(), path).toBeVisible();
    await expectInert(page, path);
  }

  for (const path of [
    `/contacts/${contact.id}`,
    `/accounts/${account.id}`,
    `/campaigns/${campaign.id}`,
    `/opportunities/${deal.id}`,
  ]) {
    await page.goto(path);
    // The heading shows the name as it was typed, tags and all.
    await expect(page.getByRole("heading", { name: PAYLOAD, level: 2 }), path).toBeVisible();
    await expectInert(page, path);
  }
  // The note on the contact's timeline, and the title on its page, are text too.
  await page.goto(`/contacts/${contact.id}`);
  await expect(page.getByRole("region", { name: "Timeline" }).getByText(PAYLOAD).first()).toBeVisible();
  await expectInert(page, "contact timeline");
  expect(alerts).toEqual([]);
});
