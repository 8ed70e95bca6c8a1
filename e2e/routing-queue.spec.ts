// The routing queue at scale: a sales lead sees how many MQLs wait for an owner, pages through them, and
// gives several to a rep at once; the rep accepts them at once.
import { expect, test } from "@playwright/test";
import { joinAs, post, startWorkspace } from "./fixtures";

test("a sales lead gives several waiting MQLs to a rep at once, who accepts them at once", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  await startWorkspace(page, { name: "Ada Admin", workspace: "Queue Co", path: null });
  const rep = await joinAs(browser, page, "Rey Rep", "sales", "member");
  const marketing = await joinAs(browser, page, "Mia Marketing", "marketing", "lead");
  const salesLead = await joinAs(browser, page, "Sam Sales", "sales", "lead");
  const draft = await post<{ version: number }>(marketing.page.request, "/api/sla/versions");
  await post(marketing.page.request, `/api/sla/versions/${draft.version}/approval`);
  await post(salesLead.page.request, `/api/sla/versions/${draft.version}/approval`);
  await post(salesLead.page.request, `/api/sla/versions/${draft.version}/activate`);
  // No pod covers these leads: routing queues them. 27 of them, more than one page.
  for (let i = 1; i <= 27; i++)
    await post(marketing.page.request, "/api/contacts", {
      firstName: "Queued",
      lastName: `Lead ${String(i).padStart(2, "0")}`,
      email: `queued${i}@queue-e2e.com`,
      lifecycleStage: "mql",
    });

  const s = salesLead.page;
  await s.goto("/queue");
  const queue = s.getByTestId("routing-queue");
  await expect(queue).toContainText("Waiting for an owner (27)");
  await expect(queue).toContainText("25 of 27 shown");
  await queue.getByRole("button", { name: "Load more" }).click();
  await expect(queue.getByRole("link", { name: "Queued Lead 27" })).toBeVisible();

  await queue.getByRole("checkbox", { name: "Select Queued Lead 01" }).check();
  await queue.getByRole("checkbox", { name: "Select Queued Lead 02" }).check();
  const bulk = s.getByTestId("bulk-assign");
  await expect(bulk).toContainText("2 selected");
  await bulk.getByLabel("Rep for the selected leads").click();
  await s.getByRole("option", { name: "Rey Rep" }).click();
  await bulk.getByRole("button", { name: "Assign selected" }).click();
  await expect(s.getByText("2 leads given to Rey Rep")).toBeVisible();
  await expect(queue).toContainText("Waiting for an owner (25)");
  await expect(queue.getByRole("link", { name: "Queued Lead 01" })).toHaveCount(0);

  // Rey finds both in their queue and accepts them in one go.
  const r = rep.page;
  await r.goto("/queue");
  await expect(r.getByRole("link", { name: "Queued Lead 01" })).toBeVisible();
  await expect(r.getByRole("link", { name: "Queued Lead 02" })).toBeVisible();
  await r.getByRole("checkbox", { name: "Select every MQL shown" }).check();
  await expect(r.getByTestId("bulk-accept")).toContainText("2 selected");
  await r.getByRole("button", { name: "Accept selected" }).click();
  await expect(r.getByText("2 MQLs accepted")).toBeVisible();
  await expect(r.getByRole("link", { name: "Queued Lead 01" })).toHaveCount(0);
});
