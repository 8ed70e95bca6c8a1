// Shared steps for the end-to-end specs: a fresh user and workspace per test, made through the UI.
import { type APIRequestContext, type Browser, expect, type Page } from "@playwright/test";

export function uniqueEmail(prefix = "e2e"): string {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}

export const MISSION = "Grow revenue 40% this year as one team, from first touch to closed deal.";

/** Presses "Create account" and waits to leave the sign-up page. */
export async function submitSignUp(page: Page) {
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL((url) => url.pathname !== "/sign-up", { timeout: 15_000 });
}

/** Signs up a new user through the UI and creates their workspace; ends inside the app shell. */
export async function signUpWithWorkspace(
  page: Page,
  options: { name?: string; workspace?: string; mission?: string } = {},
) {
  const name = options.name ?? "Riley Revenue";
  const email = uniqueEmail();
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Work email").fill(email);
  await page.getByRole("textbox", { name: "Password", exact: true }).fill("correct-horse-battery");
  await submitSignUp(page);

  await expect(page.getByRole("heading", { name: "Create your workspace" })).toBeVisible();
  await page.getByLabel("Company or workspace name").fill(options.workspace ?? "Northwind Traders");
  await page.getByLabel("Mission").fill(options.mission ?? MISSION);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByTestId("mission-banner")).toBeVisible();
  return { name, email };
}

/** Creates an account from the Accounts page and waits for its detail page. */
export async function createAccount(page: Page, name: string, domain: string) {
  await page
    .getByRole("navigation", { name: "Main navigation" })
    .getByRole("link", { name: "Accounts" })
    .click();
  await page.getByRole("button", { name: "New account" }).first().click();
  const dialog = page.getByRole("dialog", { name: "New account" });
  await dialog.getByLabel("Company name").fill(name);
  await dialog.getByLabel("Domain").fill(domain);
  await dialog.getByRole("button", { name: "Create account" }).click();
}

/** POSTs JSON with the page's (or context's) session and fails the test, with the body, unless it is 2xx. */
export async function post<T>(request: APIRequestContext, path: string, data: unknown = {}): Promise<T> {
  const response = await request.post(path, { data });
  expect(response.ok(), `${path}: ${await response.text()}`).toBeTruthy();
  return (await response.json()) as T;
}

/**
 * Invites a member of `team` with `role` (as the admin on `admin`), who signs up and joins in a browser
 * context of their own; returns their page and member id.
 */
export async function joinAs(
  browser: Browser,
  admin: Page,
  name: string,
  team: "marketing" | "sales",
  role: "member" | "lead",
) {
  const email = uniqueEmail(team);
  const invitation = await post<{ token: string }>(admin.request, "/api/invitations", { email, team, role });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await post(context.request, "/api/auth/sign-up/email", { name, email, password: "correct-horse-battery" });
  await post(context.request, "/api/invitations/accept", { token: invitation.token });
  const me = (await (await context.request.get("/api/me")).json()) as { member: { id: string } };
  return { page: await context.newPage(), memberId: me.member.id };
}

/** A link of the app's main navigation, by its exact name. */
export function sidebar(page: Page, name: string) {
  return page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name, exact: true });
}
