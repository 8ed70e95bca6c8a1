// Settings → Tracking: an admin creates a write key and sees it once with its snippet, maps a new event
// name to a touch type, sends events with the key, and revokes it.
import { expect, type Page, test } from "@playwright/test";
import { pageShot, SHOTS_ON, startWorkspace } from "./fixtures";

const DIR = "test-results/screenshots";

async function shot(page: Page, name: string) {
  if (!SHOTS_ON) return;
  await page.waitForLoadState("networkidle");
  await expect(page.locator("[aria-busy='true']")).toHaveCount(0);
  await page.screenshot({ path: `${DIR}/${name}.png`, fullPage: true });
}

test("tracking settings: write key, snippet, event mapping, ingest, revoke", async ({ page, baseURL }) => {
  await startWorkspace(page, { workspace: "Acme Tracking" });
  await page
    .getByRole("navigation", { name: "Main navigation" })
    .getByRole("link", { name: "Tracking" })
    .click();
  await expect(page).toHaveURL(/\/settings\/tracking$/);
  await expect(page.getByRole("heading", { name: "Tracking", exact: true })).toBeVisible();
  const keys = page.getByTestId("write-keys");
  await expect(keys.getByText("No write keys yet")).toBeVisible();
  await expect(page.getByTestId("snippet-template")).toContainText(`${baseURL}/t.js`);
  await expect(page.getByTestId("snippet-template")).toContainText('data-write-key="YOUR_WRITE_KEY"');
  await expect(page.getByRole("link", { name: "API docs" })).toHaveAttribute("href", "/api/docs");
  await shot(page, "tracking-settings-empty");

  // A new write key is shown once, with the snippet for it.
  await page.getByRole("button", { name: "New write key" }).click();
  const dialog = page.getByRole("dialog", { name: "New write key" });
  await dialog.getByRole("button", { name: "Create write key" }).click();
  await expect(dialog.getByText("Is required")).toBeVisible();
  await dialog.getByLabel("Key name").fill("Website");
  await dialog.getByRole("button", { name: "Create write key" }).click();
  const created = page.getByRole("dialog", { name: "Write key “Website” created" });
  await expect(created.getByText("Copy the key now")).toBeVisible();
  const key = (await created.getByTestId("new-write-key").textContent())?.trim() ?? "";
  expect(key.length).toBeGreaterThan(10);
  await expect(created.getByTestId("new-write-key-snippet")).toHaveText(
    `<script async src="${baseURL}/t.js" data-write-key="${key}"></script>`,
  );
  await expect(created.getByText("Already using Segment or RudderStack?")).toBeVisible();
  await pageShot(page, `${DIR}/tracking-settings-new-key.png`, false);
  await created.getByRole("button", { name: "Done" }).click();
  await expect(created).toBeHidden();

  const row = keys.getByTestId("write-key-row").filter({ hasText: "Website" });
  await expect(row).toContainText("never");
  await expect(row).toContainText("Active");
  await expect(row).toContainText(`${key.slice(0, 4)}`);

  // Map a new event name; it survives a reload.
  const mapping = page.getByTestId("event-mapping");
  await expect(mapping.getByTestId("event-mapping-row").filter({ hasText: "Form Submitted" })).toContainText(
    "default",
  );
  await mapping.getByLabel("Event name").fill("Trial Started");
  await mapping.getByRole("combobox", { name: "Touch type", exact: true }).click();
  await page.getByRole("option", { name: "Demo requested" }).click();
  await mapping.getByRole("button", { name: "Add mapping" }).click();
  await expect(page.getByText("“Trial Started” now becomes a Demo requested touch.")).toBeVisible();
  await page.reload();
  const trialRow = page.getByTestId("event-mapping-row").filter({ hasText: "Trial Started" });
  await expect(trialRow.getByRole("combobox", { name: "Touch type for Trial Started" })).toHaveValue(
    "Demo requested",
  );
  await expect(trialRow).not.toContainText("default");
  await shot(page, "tracking-settings");

  // Real end to end: events sent with the key land on the contact's timeline as the mapped touch.
  const sent = await page.request.post("/v1/batch", {
    headers: { authorization: `Basic ${Buffer.from(`${key}:`).toString("base64")}` },
    data: {
      batch: [
        { type: "identify", userId: "u1", traits: { email: "trial@acme.io" } },
        { type: "track", userId: "u1", event: "Trial Started", messageId: "m1" },
      ],
    },
  });
  expect(sent.status(), await sent.text()).toBe(200);
  expect((await sent.json()).accepted).toBe(2);

  await page
    .getByRole("navigation", { name: "Main navigation" })
    .getByRole("link", { name: "Contacts" })
    .click();
  await page.getByRole("link", { name: "trial@acme.io" }).first().click();
  await expect(page.getByText("Demo requested", { exact: true })).toBeVisible();

  // The key was used; revoking it (with a confirm) marks it revoked and refuses further events.
  await page.goto("/settings/tracking");
  const usedRow = page.getByTestId("write-key-row").filter({ hasText: "Website" });
  await expect(usedRow).not.toContainText("never");
  await usedRow.getByRole("button", { name: "Revoke write key Website" }).click();
  const confirm = page.getByRole("dialog", { name: "Revoke write key “Website”?" });
  await confirm.getByRole("button", { name: "Revoke key" }).click();
  await expect(confirm).toBeHidden();
  await expect(usedRow).toContainText("Revoked");
  await expect(usedRow.getByRole("button", { name: "Revoke write key Website" })).toHaveCount(0);
  const refused = await page.request.post("/v1/track", {
    headers: { authorization: `Basic ${Buffer.from(`${key}:`).toString("base64")}` },
    data: { userId: "u1", event: "Trial Started", messageId: "m2" },
  });
  expect(refused.status()).toBe(401);
});
