// Custom properties end to end: a team lead defines a "Tier" property for contacts in Settings → Properties
// (the form says what is missing first), sets it on a contact from the contact's form, sees it on the contact's
// page and filters the contact list by it; a member without the lead role sees the settings read only.
import { expect, test } from "@playwright/test";
import { joinAs, pageShot, post, sidebar, startWorkspace } from "./fixtures";

const SHOTS = process.env.PROPERTIES_SHOTS_DIR ?? "/tmp/properties-shots";

test("a lead defines a property, sets it on a contact, sees it on the page and filters the list by it", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  await startWorkspace(page, { name: "Ada Admin", workspace: "Props Co" });
  const lead = await joinAs(browser, page, "Lena Lead", "marketing", "lead");
  const rep = await joinAs(browser, page, "Rey Rep", "sales", "member");
  const dana = await post<{ id: string }>(page.request, "/api/contacts", {
    email: `dana-${Date.now()}@initech.test`,
    firstName: "Dana",
    lastName: "Scully",
  });
  await post(page.request, "/api/contacts", { email: `fox-${Date.now()}@initech.test`, firstName: "Fox" });

  // The lead opens Settings → Properties: nothing defined yet.
  const l = lead.page;
  await l.goto("/");
  await sidebar(l, "Properties").click();
  await expect(l.getByRole("heading", { name: "Properties", level: 2 })).toBeVisible();
  await expect(l.getByText("No properties on contacts yet")).toBeVisible();
  await l.getByRole("button", { name: "New property" }).first().click();
  const dialog = l.getByRole("dialog", { name: "New contact property" });
  await dialog.getByLabel("Label").fill("Tier");
  await expect(dialog.getByLabel("API name")).toHaveValue("tier");
  await dialog.getByRole("combobox", { name: "Type" }).click();
  await l.getByRole("option", { name: "One of a list" }).click();
  // A list without options is refused on its field, before anything is sent.
  await dialog.getByRole("button", { name: "Create property" }).click();
  await expect(dialog.getByText("Needs at least one option")).toBeVisible();
  const optionsInput = dialog.getByLabel("Options");
  await optionsInput.fill("gold");
  await optionsInput.press("Enter");
  await optionsInput.fill("silver");
  await optionsInput.press("Enter");
  await dialog.getByRole("button", { name: "Create property" }).click();
  await expect(l.getByText("“Tier” added to contacts.")).toBeVisible();
  const row = l.getByRole("row", { name: /Tier/ });
  await expect(row).toContainText("tier");
  await expect(row).toContainText("One of a list");
  await expect(row).toContainText("gold");
  await pageShot(l, `${SHOTS}/properties-settings.png`);

  // A member sees the definitions but cannot change them.
  await rep.page.goto("/settings/properties");
  await expect(rep.page.getByRole("row", { name: /Tier/ })).toBeVisible();
  await expect(rep.page.getByRole("button", { name: "New property" })).toBeDisabled();
  await expect(rep.page.getByRole("button", { name: "Archive Tier" })).toBeDisabled();

  // The lead sets the tier in Dana's form and sees it on her page.
  await l.goto(`/contacts/${dana.id}`);
  await l.getByRole("button", { name: "Edit", exact: true }).click();
  const form = l.getByRole("dialog", { name: "Edit Dana Scully" });
  await form.getByRole("combobox", { name: "Tier" }).click();
  await l.getByRole("option", { name: "gold" }).click();
  await form.getByRole("button", { name: "Save contact" }).click();
  await expect(l.getByText("Contact saved.")).toBeVisible();
  await expect(l.getByTestId("property-tier")).toHaveText("gold");
  await pageShot(l, `${SHOTS}/contact-with-property.png`);

  // The contact list filters by it: only Dana is gold.
  await sidebar(l, "Contacts").click();
  await expect(l.getByRole("link", { name: "Fox" })).toBeVisible();
  await l.getByRole("combobox", { name: "Tier" }).click();
  await l.getByRole("option", { name: "gold" }).click();
  await expect(l).toHaveURL(/property\.tier=gold/);
  await expect(l.getByRole("link", { name: "Dana Scully" })).toBeVisible();
  await expect(l.getByRole("link", { name: "Fox" })).toHaveCount(0);
});

test("a list sorts by a property; an admin archives it and purges its values", async ({ page }) => {
  await startWorkspace(page, { name: "Ada Admin", workspace: "Purge Co" });
  await post(page.request, "/api/properties", {
    objectType: "contacts",
    apiName: "seats",
    label: "Seats",
    type: "number",
    indexed: true,
  });
  for (const [name, seats] of [
    ["Ann", 5],
    ["Bob", 40],
    ["Cid", 12],
  ] as const)
    await post(page.request, "/api/contacts", {
      email: `${name.toLowerCase()}-${Date.now()}@purge.test`,
      firstName: name,
      properties: { seats },
    });

  // The contact list sorts by Seats and shows the column while it does; the header turns the order round.
  await sidebar(page, "Contacts").click();
  await page.getByRole("combobox", { name: "Sort by property" }).click();
  await page.getByRole("option", { name: "Seats" }).click();
  await expect(page).toHaveURL(/sortProperty=seats/);
  const names = page.getByRole("table").getByRole("link");
  await expect(names).toHaveText(["Ann", "Cid", "Bob"]);
  await page.getByRole("button", { name: "Sort by seats" }).click();
  await expect(names).toHaveText(["Bob", "Cid", "Ann"]);
  await expect(page.getByRole("table")).toContainText("40");
  await pageShot(page, `${SHOTS}/contacts-sorted-by-property.png`);

  // Archived, it keeps its values until an admin purges them from Settings → Properties.
  await page.goto("/settings/properties");
  await expect(page.getByRole("row", { name: /Seats/ })).toContainText("Indexed");
  await page.getByRole("button", { name: "Archive Seats" }).click();
  await expect(page.getByText("“Seats” archived.")).toBeVisible();
  await page.getByRole("switch", { name: "Show archived" }).check();
  await page.getByRole("button", { name: "Purge values of Seats" }).click();
  await pageShot(page, `${SHOTS}/property-purge.png`);
  await page.getByRole("dialog").getByRole("button", { name: "Purge values" }).click();
  await expect(page.getByText("Values of “Seats” purged from 3 contacts.")).toBeVisible();
  const contacts = await (await page.request.get("/api/contacts")).json();
  expect(contacts.items.map((c: { properties: object }) => c.properties)).toEqual([{}, {}, {}]);
});
