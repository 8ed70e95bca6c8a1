// The Foundation capability end to end: sign up, workspace with a mission, account, contact, touch, stages.
import { expect, test } from "@playwright/test";
import {
  createAccount,
  MISSION,
  post,
  signUpWithWorkspace,
  startWorkspace,
  submitSignUp,
  uniqueEmail,
} from "./fixtures";

test("a new revenue team sets up and works a contact on one timeline", async ({ page }) => {
  const { name } = await signUpWithWorkspace(page);

  // The mission is shown in the shell, with who is signed in and their team/role.
  await expect(page.getByTestId("mission-banner")).toContainText(MISSION);
  await expect(page.getByTestId("user-menu")).toContainText(name);
  await expect(page.getByTestId("user-menu")).toContainText("Revenue · Admin");

  // An account, then a contact at that account.
  const suffix = Date.now();
  await createAccount(page, "Acme Robotics", `acme-${suffix}.com`);
  await expect(page.getByRole("heading", { name: "Acme Robotics", level: 2 })).toBeVisible();
  await expect(page.getByText(`acme-${suffix}.com`)).toBeVisible();

  await page.getByRole("button", { name: "Add contact" }).first().click();
  const dialog = page.getByRole("dialog", { name: "New contact" });
  await expect(dialog.getByLabel("Account")).toHaveValue(/Acme Robotics/);
  await dialog.getByLabel("First name").fill("Dana");
  await dialog.getByLabel("Last name").fill("Scully");
  await dialog.getByLabel("Email").fill(`dana-${suffix}@acme.test`);
  await dialog.getByLabel("Job title").fill("VP Operations");
  await dialog.getByRole("button", { name: "Create contact" }).click();

  // The contact page: header with the account link and the lifecycle stage.
  await expect(page.getByRole("heading", { name: "Dana Scully", level: 2 })).toBeVisible();
  await expect(page.getByRole("link", { name: "Acme Robotics" })).toBeVisible();
  await expect(page.getByTestId("contact-stage")).toHaveText("Lead");

  // Log a call; it shows on the shared timeline as a sales touch.
  const timeline = page.getByRole("region", { name: "Timeline" });
  await expect(timeline.getByText("No touches yet")).toBeVisible();
  const logForm = page.getByRole("form", { name: "Log a touch" });
  await expect(logForm.getByLabel("Touch type")).toHaveValue("Call");
  await logForm.getByLabel("Note").fill("Discussed pricing; wants a demo for the ops team next week.");
  await logForm.getByRole("button", { name: "Log touch" }).click();
  const touch = timeline.getByTestId("touch").first();
  await expect(touch).toContainText("Call");
  await expect(touch).toContainText("Sales");
  await expect(touch).toContainText("Discussed pricing; wants a demo for the ops team next week.");

  // The team filter keeps sales touches under Sales and hides them under Marketing.
  await timeline.getByText("Marketing", { exact: true }).first().click();
  await expect(timeline.getByText("No marketing touches yet")).toBeVisible();
  await timeline.getByText("Sales", { exact: true }).first().click();
  await expect(timeline.getByTestId("touch")).toHaveCount(1);

  // Stage history: created as a lead, then moved to MQL by a teammate.
  const history = page.getByRole("region", { name: "Stage history" });
  await expect(history.getByTestId("stage-change").first()).toContainText("Lead");
  await page.getByRole("button", { name: "Change stage" }).click();
  await page.getByRole("menuitem", { name: "MQL" }).click();
  await expect(page.getByTestId("contact-stage")).toHaveText("MQL");
  await expect(history.getByTestId("stage-change")).toHaveCount(2);
  await expect(history.getByTestId("stage-change").last()).toContainText("MQL");
  await expect(history.getByTestId("stage-change").last()).toContainText("Changed by a teammate");
});

test("a duplicate account domain and a bad email are explained on the field", async ({ page }) => {
  await startWorkspace(page, { workspace: "Dupes Inc" });
  const domain = `dupe-${Date.now()}.com`;
  await post(page.request, "/api/accounts", { name: "First Co", domain });

  // Same domain typed differently: the API answers 409 and the form says why.
  await createAccount(page, "Second Co", `https://www.${domain}/about`);
  const dialog = page.getByRole("dialog", { name: "New account" });
  await expect(dialog.getByText("An account with this domain already exists")).toBeVisible();
  await expect(dialog.getByLabel("Domain")).toHaveAttribute("aria-invalid", "true");
  await dialog.getByRole("button", { name: "Cancel" }).click();

  // A bad email is caught on the email field.
  await page
    .getByRole("navigation", { name: "Main navigation" })
    .getByRole("link", { name: "Contacts" })
    .click();
  await page.getByRole("button", { name: "New contact" }).first().click();
  const contact = page.getByRole("dialog", { name: "New contact" });
  await contact.getByLabel("First name").fill("Bad");
  await contact.getByLabel("Email").fill("not-an-email");
  await contact.getByRole("button", { name: "Create contact" }).click();
  await expect(contact.getByText("Must be an email address")).toBeVisible();
  await expect(contact.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
});

test("the API's validation details land on the matching field", async ({ page }) => {
  await startWorkspace(page, { workspace: "Server Checks" });
  // Answer the create with a 400 the browser-side check cannot foresee, as the API would.
  await page.route("**/api/accounts", (route) =>
    route.request().method() === "POST"
      ? route.fulfill({
          status: 400,
          json: {
            error: {
              code: "invalid_input",
              message: "industry: is not a known industry",
              details: [{ path: "industry", message: "is not a known industry" }],
            },
          },
        })
      : route.fallback(),
  );
  await createAccount(page, "Field Errors Ltd", `fields-${Date.now()}.com`);
  const dialog = page.getByRole("dialog", { name: "New account" });
  await expect(dialog.getByText("Is not a known industry")).toBeVisible();
  await expect(dialog.getByLabel("Industry")).toHaveAttribute("aria-invalid", "true");
});

test("an invited sales rep joins the workspace and sees what their role allows", async ({
  page,
  browser,
}) => {
  await startWorkspace(page, { workspace: "Invite Co", mission: "One team, one number." });
  const repEmail = uniqueEmail("rep");

  // The admin invites a sales rep; the accept link is shown once.
  await page
    .getByRole("navigation", { name: "Main navigation" })
    .getByRole("link", { name: "Members" })
    .click();
  await page.getByRole("button", { name: "Invite people" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite a colleague" });
  await dialog.getByLabel("Email").fill(repEmail);
  await dialog.getByRole("button", { name: "Create invitation" }).click();
  const link = (await page.getByTestId("accept-link").textContent()) ?? "";
  expect(link).toContain("/invite?token=");
  await page.getByRole("button", { name: "Done" }).click();

  // The rep opens the link in their own browser, signs up and accepts.
  const repContext = await browser.newContext();
  const rep = await repContext.newPage();
  const url = new URL(link);
  await rep.goto(url.pathname + url.search);
  await expect(rep.getByRole("heading", { name: "Join Invite Co" })).toBeVisible();
  await rep.getByRole("link", { name: "Create an account" }).click();
  await expect(rep.getByLabel("Work email")).toHaveValue(repEmail);
  await rep.getByLabel("Your name").fill("Sam Sales");
  await rep.getByRole("textbox", { name: "Password", exact: true }).fill("correct-horse-battery");
  await submitSignUp(rep);
  await rep.getByRole("button", { name: "Accept and join Invite Co" }).click();
  await expect(rep.getByTestId("mission-banner")).toContainText("One team, one number.");
  await expect(rep.getByTestId("user-menu")).toContainText("Sales · Member");

  // Members cannot create personas (leads and admins only), and see why.
  await rep
    .getByRole("navigation", { name: "Main navigation" })
    .getByRole("link", { name: "Personas" })
    .click();
  await expect(rep.getByRole("button", { name: "New persona" }).first()).toBeDisabled();
  await expect(rep.getByRole("navigation", { name: "Main navigation" }).getByText("Invitations")).toHaveCount(
    0,
  );
  // Importing is for team leads and admins: members do not see it, and the page says why.
  await expect(rep.getByRole("navigation", { name: "Main navigation" }).getByText("Import")).toHaveCount(0);
  await rep.goto("/settings/import");
  await expect(rep.getByText("Only team leads and admins can import")).toBeVisible();
  await expect(rep.getByRole("button", { name: "Check file (dry run)" })).toHaveCount(0);
  await repContext.close();

  // The admin sees the rep and makes them a team lead.
  await page.reload();
  const role = page.getByRole("combobox", { name: "Role of Sam Sales" });
  await expect(role).toHaveValue("Member");
  await role.click();
  await page.getByRole("option", { name: "Team lead" }).click();
  await expect(page.getByText("Sam Sales updated.")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("combobox", { name: "Role of Sam Sales" })).toHaveValue("Team lead");
});

test("lists search, archive and restore", async ({ page }) => {
  await startWorkspace(page, { workspace: "Lists Ltd" });
  const stamp = Date.now();
  await post(page.request, "/api/accounts", { name: "Umbrella Corp", domain: `umbrella-${stamp}.com` });
  const cyberdyne = await post<{ id: string }>(page.request, "/api/accounts", {
    name: "Cyberdyne Systems",
    domain: `cyberdyne-${stamp}.com`,
  });
  await page.goto(`/accounts/${cyberdyne.id}`);
  await expect(page.getByRole("heading", { name: "Cyberdyne Systems", level: 2 })).toBeVisible();

  // Archive from the detail page (admins may), then find it under "Show archived" and restore it.
  await page.getByRole("button", { name: "Archive" }).click();
  await page
    .getByRole("dialog", { name: "Archive this account?" })
    .getByRole("button", { name: "Archive" })
    .click();
  await expect(page.getByText("Archived", { exact: true })).toBeVisible();

  await page
    .getByRole("navigation", { name: "Main navigation" })
    .getByRole("link", { name: "Accounts", exact: true })
    .click();
  const table = page.getByRole("table");
  await expect(table.getByRole("link", { name: "Umbrella Corp" })).toBeVisible();
  await expect(table.getByRole("link", { name: "Cyberdyne Systems" })).toHaveCount(0);

  await page.getByRole("switch", { name: "Show archived" }).click();
  await expect(table.getByRole("link", { name: "Cyberdyne Systems" })).toBeVisible();
  await expect(table.getByRole("link", { name: "Umbrella Corp" })).toHaveCount(0);
  await table.getByRole("link", { name: "Cyberdyne Systems" }).click();
  await page.getByRole("button", { name: "Restore" }).click();
  await expect(page.getByText("Archived", { exact: true })).toHaveCount(0);

  // Search narrows the list.
  await page
    .getByRole("navigation", { name: "Main navigation" })
    .getByRole("link", { name: "Accounts", exact: true })
    .click();
  await page.getByRole("searchbox", { name: "Search accounts" }).fill("cyberdyne");
  await expect(table.getByRole("link", { name: "Cyberdyne Systems" })).toBeVisible();
  await expect(table.getByRole("link", { name: "Umbrella Corp" })).toHaveCount(0);
});
