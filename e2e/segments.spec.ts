// A segment's criteria on the workspace's own account properties, end to end: a lead asks for a range of
// seats and any of two editions; a range the wrong way round is refused naming the property; the segment's
// accounts are those that meet both, and the criteria read in words.
import { expect, test } from "@playwright/test";
import { pageShot, post, SHOTS_ON, startWorkspace } from "./fixtures";

test("segments: criteria on custom properties (a range, any of a list) pick the segment's accounts", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await startWorkspace(page, { name: "Ada Admin", workspace: "Segment Co", path: null });
  await post(page.request, "/api/properties", {
    objectType: "accounts",
    apiName: "seats",
    label: "Seats",
    type: "number",
  });
  await post(page.request, "/api/properties", {
    objectType: "accounts",
    apiName: "edition",
    label: "Edition",
    type: "one_of",
    options: ["free", "pro", "enterprise"],
  });
  const accounts: [string, number, string][] = [
    ["Acme Pro", 50, "pro"],
    ["Globex Enterprise", 100, "enterprise"],
    ["Tiny Pro", 5, "pro"],
    ["Free Giant", 80, "free"],
  ];
  for (const [name, seats, edition] of accounts)
    await post(page.request, "/api/accounts", { name, properties: { seats, edition } });
  const segment = await post<{ id: string }>(page.request, "/api/segments", { name: "Paying mid-size" });

  await page.goto(`/segments/${segment.id}`);
  const criteria = page.getByRole("region", { name: "Custom property criteria" });
  await expect(criteria.getByText("None: any value of your custom properties.")).toBeVisible();
  await criteria.getByRole("button", { name: "Edit criteria" }).click();

  await criteria.getByRole("button", { name: "Add a criterion" }).click();
  const seats = criteria.getByTestId("criterion-row").nth(0);
  await seats.getByRole("combobox", { name: "Property" }).click();
  await page.getByRole("option", { name: "Seats" }).click();
  await seats.getByRole("combobox", { name: "Condition" }).click();
  await page.getByRole("option", { name: "is between" }).click();
  await seats.getByRole("textbox", { name: "From" }).fill("100");
  await seats.getByRole("textbox", { name: "To" }).fill("10");

  await criteria.getByRole("button", { name: "Add a criterion" }).click();
  const edition = criteria.getByTestId("criterion-row").nth(1);
  await edition.getByRole("combobox", { name: "Property" }).click();
  await page.getByRole("option", { name: "Edition" }).click();
  await edition.getByRole("combobox", { name: "Condition" }).click();
  await page.getByRole("option", { name: "is any of" }).click();
  await edition.getByRole("combobox", { name: "Values" }).click();
  await page.getByRole("option", { name: "pro", exact: true }).click();
  await page.getByRole("option", { name: "enterprise", exact: true }).click();
  await criteria.getByRole("button", { name: "Save criteria" }).click();
  // The range the wrong way round is refused, naming the property; nothing is saved.
  await expect(criteria.getByText(/Seats: the minimum is above the maximum/)).toBeVisible();

  await seats.getByRole("textbox", { name: "From" }).fill("10");
  await seats.getByRole("textbox", { name: "To" }).fill("100");
  await criteria.getByRole("button", { name: "Save criteria" }).click();
  await expect(criteria.getByText("Seats between 10 and 100")).toBeVisible();
  await expect(criteria.getByText("Edition is any of pro, enterprise")).toBeVisible();

  const members = page.getByRole("region", { name: "Accounts in this segment" });
  await expect(members.getByRole("link", { name: "Acme Pro" })).toBeVisible();
  await expect(members.getByRole("link", { name: "Globex Enterprise" })).toBeVisible();
  await expect(members.getByRole("link", { name: "Tiny Pro" })).toHaveCount(0);
  await expect(members.getByRole("link", { name: "Free Giant" })).toHaveCount(0);
  if (SHOTS_ON) await pageShot(page, "test-results/screenshots/segment-criteria.png");
});
