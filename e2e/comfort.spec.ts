// What a HubSpot user expects from any page: Ctrl+K finds a record, a skip link jumps past the navigation,
// and the colour scheme they pick stays theirs after a reload.
import { expect, test } from "@playwright/test";
import { pageShot, post, startWorkspace } from "./fixtures";

test("Ctrl+K finds a contact and opens it; the skip link and the dark scheme work and stay", async ({
  page,
}) => {
  await startWorkspace(page, { name: "Ada Admin", workspace: "Comfort Co", path: null });
  const contact = await post<{ id: string }>(page.request, "/api/contacts", {
    firstName: "Peter",
    lastName: "Gibbons",
    email: "peter@initech-comfort.com",
  });
  await page.goto("/accounts");
  await expect(page.getByTestId("mission-banner")).toBeVisible();

  await page.keyboard.press("Control+K");
  const search = page.getByRole("textbox", { name: "Search records" });
  await expect(search).toBeFocused();
  await search.fill("gibbons");
  await expect(page.getByRole("button", { name: /Peter Gibbons/ })).toBeVisible();
  await pageShot(page, "test-results/screenshots/global-search.png", false);
  await page.getByRole("button", { name: /Peter Gibbons/ }).click();
  await expect(page).toHaveURL(new RegExp(`/contacts/${contact.id}$`));
  await expect(page.getByRole("heading", { name: "Peter Gibbons" })).toBeVisible();

  // On a freshly loaded page the first Tab reaches the skip link; following it moves focus to the content.
  await page.reload();
  await expect(page.getByRole("heading", { name: "Peter Gibbons" })).toBeVisible();
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Enter");
  await expect(page.locator("#main-content")).toBeFocused();

  await page.getByRole("button", { name: "Switch to dark colours" }).click();
  await expect(page.locator("html")).toHaveAttribute("data-mantine-color-scheme", "dark");
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-mantine-color-scheme", "dark");
  await expect(page.getByRole("heading", { name: "Peter Gibbons" })).toBeVisible();
  await pageShot(page, "test-results/screenshots/dark.png", false);
  await page.getByRole("button", { name: "Switch to light colours" }).click();
  await expect(page.locator("html")).toHaveAttribute("data-mantine-color-scheme", "light");
});
