// Shared steps for the end-to-end specs: a fresh user and workspace per test. Preconditions are set through
// the API (`startWorkspace`, `post`, `joinAs`) so a spec spends its clicks on the flow it tests; the sign-up
// and workspace screens themselves are covered by foundation.spec.ts (`signUpWithWorkspace`).
import { type APIRequestContext, type Browser, expect, type Locator, type Page } from "@playwright/test";

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

/** Signs a new user up, then in (sign-up opens no session: it answers the same for a taken email). */
export async function signUpAndIn(
  request: APIRequestContext,
  name: string,
  email: string,
  password = "correct-horse-battery",
) {
  await post(request, "/api/auth/sign-up/email", { name, email, password });
  await post(request, "/api/auth/sign-in/email", { email, password });
}

/**
 * Signs up a new user and creates their workspace through the API (the page's browser context gets the
 * session cookie), then opens `path` (default `/`) and waits for the app shell; `path: null` opens nothing,
 * for a spec whose first page comes after more set-up.
 */
export async function startWorkspace(
  page: Page,
  options: { name?: string; workspace?: string; mission?: string; path?: string | null } = {},
) {
  const name = options.name ?? "Riley Revenue";
  const email = uniqueEmail();
  await signUpAndIn(page.request, name, email);
  await post(page.request, "/api/workspaces", {
    name: options.workspace ?? "Northwind Traders",
    mission: options.mission ?? MISSION,
    timeZone: "UTC",
  });
  if (options.path !== null) {
    await page.goto(options.path ?? "/");
    await expect(page.getByTestId("mission-banner")).toBeVisible();
  }
  return { name, email };
}

/** Creates an account from the Accounts page and waits for its detail page. */
export async function createAccount(page: Page, name: string, domain: string) {
  await page
    .getByRole("navigation", { name: "Main navigation" })
    .getByRole("link", { name: "Accounts", exact: true })
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
  await signUpAndIn(context.request, name, email);
  await post(context.request, "/api/invitations/accept", { token: invitation.token });
  const me = (await (await context.request.get("/api/me")).json()) as { member: { id: string } };
  return { page: await context.newPage(), memberId: me.member.id };
}

/** A link of the app's main navigation, by its exact name. */
export function sidebar(page: Page, name: string) {
  return page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name, exact: true });
}

/**
 * Screenshots are for people (docs and reviews), not assertions: taken only with LOCKSTEP_SHOTS=1
 * (`npm run test:screenshots`). Without it a spec skips the wait for network quiet and the capture.
 */
export const SHOTS_ON = process.env.LOCKSTEP_SHOTS === "1";

/** An element's screenshot when screenshots are on; otherwise the element must still be on screen. */
export async function elementShot(locator: Locator, path: string) {
  if (SHOTS_ON) await locator.screenshot({ path });
  else await expect(locator).toBeVisible();
}

/** A page's screenshot when screenshots are on (nothing otherwise). */
export async function pageShot(page: Page, path: string, fullPage = true) {
  if (SHOTS_ON) await page.screenshot({ path, fullPage });
}
