// A signed-out visitor: every page of the app sends them to sign-in, keeping where they were going, and a
// 401 never loops (the page used to send /api/me dozens of times a second and show its loader forever).
import { expect, test } from "@playwright/test";
import { post, signUpAndIn, uniqueEmail } from "./fixtures";

const PASSWORD = "correct-horse-battery";

test("a signed-out visit to / or a deep link lands on sign-in and returns there after it", async ({
  page,
  browser,
}) => {
  // A member with a workspace, made through the API in a context of its own (this page stays signed out).
  const email = uniqueEmail("signed-out");
  const setup = await browser.newContext();
  await signUpAndIn(setup.request, "Sasha Signin", email, PASSWORD);
  await post(setup.request, "/api/workspaces", { name: "Signed Out Co", mission: "One revenue team." });
  await setup.close();

  let meCalls = 0;
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === "/api/me") meCalls += 1;
  });

  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in\?next=%2F$/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  // The network goes quiet (a loop would keep it busy until the test times out), having asked once or twice.
  await page.waitForLoadState("networkidle");
  expect(meCalls).toBeLessThanOrEqual(2);

  await page.goto("/settings/webhooks?tab=log");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fsettings%2Fwebhooks%3Ftab%3Dlog$/);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("textbox", { name: "Password" }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/settings\/webhooks\?tab=log$/);
  await expect(page.getByTestId("mission-banner")).toBeVisible();
});

test("sign-up with a taken email says what to do without saying the account exists", async ({
  page,
  browser,
}) => {
  const email = uniqueEmail("taken");
  const setup = await browser.newContext();
  await signUpAndIn(setup.request, "Tess Taken", email, PASSWORD);
  await setup.close();

  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill("Someone Else");
  await page.getByLabel("Work email").fill(email);
  await page.getByRole("textbox", { name: "Password", exact: true }).fill("a-different-password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(
    page.getByText("This email and password did not sign you in. If the email already has an account"),
  ).toBeVisible();
  await expect(page).toHaveURL(/\/sign-up/);
});
