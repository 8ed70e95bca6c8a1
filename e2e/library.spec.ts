// The insights library end to end: add an asset (a link), mark it shared with a contact and see the share
// in the asset's usage; the gap grid shows the persona's empty stages; a content request is fulfilled by
// linking the asset.
import { expect, test } from "@playwright/test";
import { pageShot, post, SHOTS_ON, sidebar, startWorkspace } from "./fixtures";

test("library: add an asset, share it with a contact, see it in its usage and fulfil a request", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await startWorkspace(page, { name: "Ada Admin", workspace: "Library Co" });
  const cfo = await post<{ id: string }>(page.request, "/api/personas", { name: "CFO" });
  await post(page.request, "/api/contacts", {
    firstName: "Dana",
    lastName: "Scully",
    email: "dana@initech.com",
  });
  await post(page.request, "/api/content-requests", { title: "A CFO story with numbers" });

  await sidebar(page, "Insights library").click();
  await expect(page).toHaveURL(/\/library$/);
  await expect(page.getByText("The library is empty")).toBeVisible();

  await page.getByRole("button", { name: "Add asset" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Add an asset to the library" });
  await dialog.getByRole("textbox", { name: "Title" }).fill("How Northwind cut forecast error");
  await dialog.getByRole("combobox", { name: "Persona" }).click();
  await page.getByRole("option", { name: "CFO", exact: true }).click();
  await dialog.getByRole("combobox", { name: "Funnel stage" }).click();
  await page.getByRole("option", { name: "SQL", exact: true }).click();
  await dialog.getByRole("textbox", { name: "Link" }).fill("https://example.com/northwind");
  await dialog.getByRole("button", { name: "Add asset" }).click();

  await expect(page.getByRole("heading", { name: "How Northwind cut forecast error" })).toBeVisible();
  await expect(page.getByText("Not shared yet")).toBeVisible();
  await page.getByRole("button", { name: "Mark shared with a contact" }).first().click();
  const share = page.getByRole("dialog", { name: /Mark .* shared/ });
  await share.getByRole("combobox", { name: "Contact" }).fill("dana");
  await page.getByRole("option", { name: /Dana Scully/ }).click();
  await share.getByRole("button", { name: "Mark shared" }).click();
  await expect(page.getByTestId("asset-share-list").getByRole("link", { name: "Dana Scully" })).toBeVisible();
  await expect(page.getByTestId("usage-shares")).toContainText("1");
  if (SHOTS_ON) await pageShot(page, "test-results/screenshots/library-asset.png");

  // The gap grid: the CFO has an asset at SQL only.
  await page.goto("/library?view=gaps");
  await expect(page.getByTestId("gap-CFO-sql")).toHaveText("1");
  await expect(page.getByTestId("gap-CFO-lead")).toHaveText("Gap");

  // A content request fulfilled from the library.
  await sidebar(page, "Content requests").click();
  await page.getByRole("button", { name: "Link a library asset" }).click();
  const link = page.getByRole("dialog", { name: /Fulfil/ });
  await link.getByRole("combobox", { name: "Library asset" }).fill("northwind");
  await page.getByRole("option", { name: /How Northwind cut forecast error/ }).click();
  await link.getByRole("button", { name: "Link and deliver" }).click();
  await expect(
    page.getByTestId("column-delivered").getByRole("link", { name: "How Northwind cut forecast error" }),
  ).toBeVisible();

  // The messaging guide: the CFO's logged objection waits for an answer; answered and approved (Ada is an admin).
  await post(page.request, "/api/objections", { text: "Too expensive", personaId: cfo.id });
  await sidebar(page, "Messaging guide").click();
  await page.getByRole("link", { name: "CFO", exact: true }).click();
  const objections = page.getByTestId("guide-objections");
  await expect(objections.getByText("No answer yet")).toBeVisible();
  await objections.getByRole("button", { name: "Answer", exact: true }).click();
  await page.getByRole("textbox", { name: "Answer" }).fill("Customers pay it back in four months.");
  await page.getByRole("button", { name: "Save answer" }).click();
  await objections.getByRole("button", { name: "Approve" }).click();
  await expect(objections.getByText("Approved by Ada Admin")).toBeVisible();
});
