// Settings → API keys: an admin creates a read-only key (shown once), a script uses it to read contacts and
// is refused a write, the list shows its last use, and once revoked the key is refused altogether. The
// page also proves the app runs under its Content-Security-Policy (no violations in the console).
import { expect, test } from "@playwright/test";
import { pageShot, post, sidebar, startWorkspace } from "./fixtures";

test("API keys: create a read key, use it, revoke it", async ({ page, request }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text());
  });
  await startWorkspace(page, { workspace: "Acme Keys" });
  await post(page.request, "/api/contacts", { email: "dana@initech.com", firstName: "Dana" });

  await sidebar(page, "API keys").click();
  await expect(page).toHaveURL(/\/settings\/api-keys$/);
  await expect(page.getByRole("heading", { name: "API keys", exact: true })).toBeVisible();
  await expect(page.getByText("No API keys yet")).toBeVisible();

  await page.getByRole("button", { name: "New API key" }).click();
  const dialog = page.getByRole("dialog", { name: "New API key" });
  await dialog.getByRole("button", { name: "Create API key" }).click();
  await expect(dialog.getByText("Is required")).toBeVisible();
  await dialog.getByLabel("Key name").fill("BI export");
  await expect(dialog.getByRole("radio", { name: "Read only" })).toBeChecked();
  await dialog.getByRole("radio", { name: "Full access" }).click();
  await expect(dialog.getByRole("radio", { name: "Full access" })).toBeChecked();
  await dialog.getByRole("radio", { name: "Read only" }).click();
  await dialog.getByRole("button", { name: "Create API key" }).click();

  const created = page.getByRole("dialog", { name: "API key “BI export” created" });
  await expect(created.getByText("Copy the key now")).toBeVisible();
  const key = ((await created.getByTestId("new-api-key").textContent()) ?? "").trim();
  expect(key).toMatch(/^lsk_/);
  await expect(created.getByText(`Authorization: Bearer ${key}`)).toBeVisible();
  await created.getByRole("button", { name: "Done" }).click();
  await expect(created).toBeHidden();

  const row = page.getByTestId("api-key-row").filter({ hasText: "BI export" });
  await expect(row).toContainText("Read only");
  await expect(row).toContainText("changes nothing");
  await expect(row).toContainText(key.slice(0, 12));
  await expect(row).toContainText("never");
  await expect(row).toContainText("Active");
  // Shown once: the list never has the key.
  await expect(page.getByText(key)).toHaveCount(0);
  await pageShot(page, `${process.env.GOVERNANCE_SHOTS_DIR ?? "/tmp/governance-shots"}/api-keys.png`);

  // A script with the key (no session cookie) reads, and may not write.
  const auth = { authorization: `Bearer ${key}` };
  const contacts = await request.get("/api/contacts", { headers: auth });
  expect(contacts.status()).toBe(200);
  expect((await contacts.json()).items.map((c: { email: string }) => c.email)).toEqual(["dana@initech.com"]);
  const write = await request.post("/api/contacts", { headers: auth, data: { email: "x@initech.com" } });
  expect(write.status()).toBe(403);
  expect((await write.json()).error.message).toBe("This API key is read-only: it may only call GET routes");

  await page.reload();
  await expect(row).not.toContainText("never");

  await row.getByRole("button", { name: "Revoke API key BI export" }).click();
  const confirm = page.getByRole("dialog", { name: "Revoke API key “BI export”?" });
  await confirm.getByRole("button", { name: "Revoke key" }).click();
  await expect(confirm).toBeHidden();
  await expect(row).toContainText("Revoked");
  await expect(row.getByRole("button", { name: "Revoke API key BI export" })).toHaveCount(0);

  const refused = await request.get("/api/contacts", { headers: auth });
  expect(refused.status()).toBe(401);
  expect(violations).toEqual([]);
});
