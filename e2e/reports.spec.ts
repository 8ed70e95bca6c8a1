// Reports → Funnel: a manager opens Reports, narrows the funnel to a channel (the URL keeps it), reads the
// funnel's numbers and exports them as CSV under the same filter.
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { post, sidebar, startWorkspace } from "./fixtures";

test("the funnel: open Reports, filter by channel, read the numbers, export CSV", async ({ page }) => {
  await startWorkspace(page, { workspace: "Funnel Co" });
  // Two leads and an MQL today: the webinar brought Ann (a lead) and Cy (an MQL), paid search Bo.
  for (const [first, source, stage] of [
    ["Ann", "webinar", "lead"],
    ["Bo", "paid_search", "lead"],
    ["Cy", "webinar", "mql"],
  ]) {
    await post(page.request, "/api/contacts", {
      firstName: first,
      lastName: "Funnel",
      email: `${first.toLowerCase()}@funnel-e2e.com`,
      source,
      lifecycleStage: stage,
    });
  }

  await sidebar(page, "Reports").click();
  await expect(page).toHaveURL(/\/reports\/funnel/);
  // All three entered the funnel; one reached MQL.
  await expect(page.getByTestId("funnel-reached-lead")).toHaveText("3");
  await expect(page.getByTestId("funnel-reached-mql")).toHaveText("1");

  await page.getByRole("combobox", { name: "Channel" }).click();
  await page.getByRole("option", { name: "Webinar" }).click();
  await expect(page).toHaveURL(/channel=webinar/);
  await expect(page.getByTestId("funnel-reached-lead")).toHaveText("2");
  await expect(page.getByTestId("funnel-reached-mql")).toHaveText("1");
  await expect(page.getByTestId("funnel-stage-mql")).toContainText("50%");

  const exportLink = page.getByRole("link", { name: "Export CSV" });
  await expect(exportLink).toHaveAttribute("href", /\/api\/reports\/funnel\/export\?.*channel=webinar/);
  const [download] = await Promise.all([page.waitForEvent("download"), exportLink.click()]);
  const text = await readFile((await download.path()) ?? "", "utf8");
  expect(text.split("\n")[2]).toMatch(/^cohort,.*,All contacts,2,1,0,0,0,0,/);
});
