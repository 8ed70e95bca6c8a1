// The seating-plan mixer end to end: an admin adds a floor (a round table of 4, a row of 2, a fixed seat),
// first with a fixed seat beyond its table (the API's error shows on the seat number), makes a plan and reads
// it as the floor; a sales member sees the same plan without the buttons to change it; the print view keeps
// only the plan.
//
// The fixture, worked by the mixer's rules (docs/seating.md): Mia Marketing and Sam Sales form pod North;
// Max Marketing and Sue Sales are in no pod; Sue always sits in Window row seat 2.
// 1. Tables for pods: Sue sits in her fixed seat, leaving 4 free seats at Table 1 and 1 in the Window row.
//    Pod North (2 people) takes the smallest table it fits at whole: Table 1. Max (no pod) goes where his team
//    is least represented: Table 1 has 1 marketer and 1 seller (score 0), the Window row 1 seller (score 1),
//    so the Window row.
// 2. Seats: at Table 1, seat 1 has no neighbour yet and both teams have one person left, so team order puts
//    marketing first (Mia), then seat 2 the other team (Sam); seats 3 and 4 stay empty. Window row: Max in
//    seat 1 beside Sue.
// 3. No swap adds a cross-team pair. Neighbour pairs: Table 1 has one (seats 1-2, the empty seats 3 and 4 part
//    the rest), the Window row one (seats 1-2): 2 pairs, both cross-team (100%). Best possible: min(2 pairs,
//    2 x 2 people outside the largest team) = 2. Pod North: 2 of 2 at Table 1.
import { expect, type Page, test } from "@playwright/test";
import { joinAs, pageShot, post, SHOTS_ON, sidebar, startWorkspace } from "./fixtures";

interface PlanSummary {
  neighbourPairs: number;
  crossTeamPairs: number;
  crossTeamShare: number | null;
  memberCount: number;
}

function seats(page: Page, area: string) {
  return page.getByRole("region", { name: area }).getByTestId("seat");
}

test("seating: add a floor with a fixed seat, make a plan, read and print it", async ({ page, browser }) => {
  test.setTimeout(150_000);
  await startWorkspace(page, { name: "Ada Admin", workspace: "Seating Co", path: null });
  const mia = await joinAs(browser, page, "Mia Marketing", "marketing", "member");
  await joinAs(browser, page, "Max Marketing", "marketing", "member");
  const sam = await joinAs(browser, page, "Sam Sales", "sales", "member");
  await joinAs(browser, page, "Sue Sales", "sales", "member");
  await post(page.request, "/api/pods", { name: "North", memberIds: [mia.memberId, sam.memberId] });
  await page.goto("/");

  await sidebar(page, "Seating").click();
  await expect(page.getByText("No floors yet")).toBeVisible();
  await expect(page.getByText(/each pod stays together/)).toBeVisible();
  await pageShot(page, "test-results/screenshots/seating-empty.png");
  await page.getByRole("button", { name: "New floor" }).click();
  const dialog = page.getByRole("dialog", { name: "New floor" });
  await dialog.getByRole("textbox", { name: "Floor name" }).fill("Berlin office");
  await dialog.getByRole("textbox", { name: "Name of table or row 1" }).fill("Table 1");
  await dialog.getByRole("textbox", { name: "Seats at table or row 1" }).fill("4");
  await dialog.getByRole("button", { name: "Add row" }).click();
  await dialog.getByRole("textbox", { name: "Name of table or row 2" }).fill("Window row");
  await dialog.getByRole("textbox", { name: "Seats at table or row 2" }).fill("2");
  await dialog.getByRole("button", { name: "Add fixed seat" }).click();
  await dialog.getByRole("combobox", { name: "Fixed seat 1: member" }).click();
  await page.getByRole("option", { name: /Sue Sales/ }).click();
  await dialog.getByRole("combobox", { name: "Fixed seat 1: table or row" }).click();
  await page.getByRole("option", { name: "Table 1", exact: true }).click();
  const seatNumber = dialog.getByRole("textbox", { name: "Fixed seat 1: seat number" });
  await seatNumber.fill("9");
  await dialog.getByRole("button", { name: "Add floor" }).click();

  // The API refuses a seat beyond its table, and the error sits on that seat number.
  await expect(seatNumber).toHaveAttribute("aria-invalid", "true");
  const errorId = await seatNumber.getAttribute("aria-describedby");
  expect(errorId).toBeTruthy();
  await expect(
    dialog.locator(`[id="${errorId?.split(" ").find((id) => id.endsWith("-error"))}"]`),
  ).toHaveText("Table 1 has 4 seats: seat 9 does not exist");
  expect((await (await page.request.get("/api/seating/floors")).json()).items).toHaveLength(0);
  await pageShot(page, "test-results/screenshots/seating-floor-error.png", false);

  await dialog.getByRole("combobox", { name: "Fixed seat 1: table or row" }).click();
  await page.getByRole("option", { name: "Window row", exact: true }).click();
  await seatNumber.fill("2");
  await dialog.getByRole("button", { name: "Add floor" }).click();
  await expect(dialog).toBeHidden();

  // The floor before any plan: Sue already in her seat.
  await expect(page.getByRole("heading", { name: "Berlin office" })).toBeVisible();
  await expect(page.getByText("No plan for this floor yet")).toBeVisible();
  await expect(seats(page, "Window row").nth(1)).toContainText("Sue Sales");
  await expect(seats(page, "Window row").nth(1)).toContainText("Fixed seat");
  const floorId = new URL(page.url()).searchParams.get("floor");
  expect(floorId).toBeTruthy();

  await page.getByRole("button", { name: "Make a plan" }).click();
  const make = page.getByRole("dialog", { name: "Make a plan for Berlin office" });
  await expect(make.getByTestId("seat-count")).toHaveText("4 people for 6 seats");
  await pageShot(page, "test-results/screenshots/seating-make-plan.png", false);
  await make.getByRole("button", { name: "Make the plan" }).click();
  await expect(make).toBeHidden();

  // The plan as the floor: every member seated once, Sue in her fixed seat, pods and teams as worked out above.
  const plan = page.getByTestId("plan");
  await expect(plan.getByTestId("cross-team-share")).toHaveText(
    "2 of 2 neighbour pairs are cross-team (100%)",
  );
  await expect(plan.getByTestId("cross-team-bound")).toHaveText(
    "Best possible with these team sizes: 2 of 2 (100%). This plan reaches it.",
  );
  await expect(plan.getByTestId("pod-cohesion")).toHaveText(
    "2 of 2 pod members sit at their pod's main table (100%)",
  );
  await expect(plan.getByText("North: 2 of 2 at Table 1")).toBeVisible();
  const floorPlan = page.getByTestId("floor-plan");
  for (const name of ["Mia Marketing", "Max Marketing", "Sam Sales", "Sue Sales"])
    await expect(floorPlan.getByText(name, { exact: true })).toHaveCount(1);
  await expect(floorPlan.getByText("Ada Admin")).toHaveCount(0);
  const table = seats(page, "Table 1");
  await expect(table).toHaveCount(4);
  await expect(table.nth(0)).toContainText("Mia Marketing");
  await expect(table.nth(0)).toContainText("Pod North");
  await expect(table.nth(0)).toHaveAttribute("data-team", "marketing");
  await expect(table.nth(1)).toContainText("Sam Sales");
  await expect(table.nth(1)).toHaveAttribute("data-team", "sales");
  await expect(table.nth(2)).toContainText("Empty seat");
  await expect(table.nth(3)).toContainText("Empty seat");
  const row = seats(page, "Window row");
  await expect(row.nth(0)).toContainText("Max Marketing");
  await expect(row.nth(0)).not.toContainText("Fixed seat");
  await expect(row.nth(1)).toContainText("Sue Sales");
  await expect(row.nth(1)).toContainText("Fixed seat");
  await expect(row.nth(1)).toHaveAttribute("data-team", "sales");

  // The page shows what the API stored.
  const stored = (await (await page.request.get(`/api/seating/floors/${floorId}/plans`)).json()) as {
    items: PlanSummary[];
  };
  expect(stored.items).toHaveLength(1);
  expect(stored.items[0]).toMatchObject({
    neighbourPairs: 2,
    crossTeamPairs: 2,
    crossTeamShare: 1,
    memberCount: 4,
  });
  await expect(page.getByTestId("plan-history")).toContainText("(shown)");
  await expect(page.getByTestId("plan-history")).toContainText(
    "4 people, by Ada Admin. 2 of 2 pairs cross-team",
  );
  await pageShot(page, "test-results/screenshots/seating-plan.png");

  // Print: the button prints, and the print view keeps the plan without the app's frame or buttons.
  await page.evaluate(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => {
      (window as unknown as { printed: number }).printed++;
    };
  });
  await page.getByRole("button", { name: "Print" }).click();
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
  // An A4 page's width at 96 dpi, as the browser lays out the print.
  await page.setViewportSize({ width: 794, height: 1123 });
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("navigation", { name: "Main navigation" })).toBeHidden();
  await expect(page.getByTestId("mission-banner")).toBeHidden();
  await expect(page.getByRole("button", { name: "Make a plan" })).toBeHidden();
  await expect(page.getByTestId("plan-history")).toBeHidden();
  await expect(page.getByTestId("cross-team-share")).toBeVisible();
  await expect(seats(page, "Window row").nth(1)).toBeVisible();
  await pageShot(page, "test-results/screenshots/seating-print.png");
  await page.emulateMedia({ media: "screen" });
  await page.setViewportSize({ width: 1440, height: 900 });
  await expect(page.getByRole("navigation", { name: "Main navigation" })).toBeVisible();

  // A member reads the same plan; the buttons that change it are off.
  await sam.page.goto(`/seating?floor=${floorId}`);
  await expect(sam.page.getByTestId("cross-team-share")).toHaveText(
    "2 of 2 neighbour pairs are cross-team (100%)",
  );
  await expect(sam.page.getByRole("button", { name: "Edit floor" })).toBeDisabled();
  await expect(sam.page.getByRole("button", { name: "Make a plan" })).toBeDisabled();
  await expect(sam.page.getByRole("button", { name: "Archive" })).toHaveCount(0);
  if (SHOTS_ON) await pageShot(sam.page, "test-results/screenshots/seating-member.png");
});
