// Joint meetings and enablement end to end: a lead plans a weekly meeting with both teams, opens its agenda
// (built from the reports), records attendance, notes and an action item, and downloads the agenda as
// Markdown (its content checked); a shadowing session is scheduled, marked done with feedback and shows in
// the coverage table.
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { joinAs, pageShot, post, SHOTS_ON, sidebar, startWorkspace } from "./fixtures";

test("meetings: plan a joint meeting, open its agenda, keep its record and download it", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  await startWorkspace(page, { name: "Ada Admin", workspace: "Rituals Co", path: null });
  await joinAs(browser, page, "Mia Marketing", "marketing", "lead");
  await joinAs(browser, page, "Sam Sales", "sales", "member");
  await post(page.request, "/api/content-requests", { title: "A CFO story with numbers" });
  await page.goto("/");

  await sidebar(page, "Meetings").click();
  await expect(page.getByText("No joint meetings yet")).toBeVisible();
  await page.getByRole("button", { name: "Plan a meeting" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Plan a joint meeting" });
  await dialog.getByRole("textbox", { name: "Title" }).fill("Smarketing weekly");
  await dialog.getByRole("textbox", { name: "Starts at" }).fill("10:00");
  const attendees = dialog.getByRole("combobox", { name: "Attendees" });
  await attendees.click();
  await page.getByRole("option", { name: /Mia Marketing/ }).click();
  await page.getByRole("option", { name: /Sam Sales/ }).click();
  await page.keyboard.press("Escape");
  await dialog.getByRole("button", { name: "Plan meeting" }).click();

  // The agenda of the first meeting, from the reports.
  await expect(page.getByRole("heading", { name: /Smarketing weekly: / })).toBeVisible();
  const agenda = page.getByTestId("agenda");
  await expect(agenda.getByRole("heading", { name: "SLA compliance" })).toBeVisible();
  await expect(agenda.getByRole("heading", { name: "Funnel change" })).toBeVisible();
  await expect(agenda.getByText("A CFO story with numbers")).toBeVisible();
  await expect(agenda.getByRole("link", { name: "Open the funnel" })).toHaveAttribute(
    "href",
    /\/reports\/funnel\?from=/,
  );

  await page.getByRole("checkbox", { name: "Mia Marketing" }).click();
  await expect(page.getByRole("checkbox", { name: "Mia Marketing" })).toBeChecked();
  await page.getByRole("textbox", { name: "Notes" }).fill("Agreed: webinar leads go to Sam first.");
  await page.getByRole("button", { name: "Save notes" }).click();
  await expect(page.getByText(/Saved .* by Ada Admin/)).toBeVisible();
  await page.getByRole("textbox", { name: "New action item" }).fill("Send the webinar list to sales");
  await page.getByRole("combobox", { name: "Owner" }).click();
  await page.getByRole("option", { name: "Mia Marketing" }).click();
  await page.getByLabel("Due").fill("2026-12-31");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.getByTestId("action-items")).toContainText("Send the webinar list to sales");
  if (SHOTS_ON) await pageShot(page, "test-results/screenshots/meeting-agenda.png");

  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download agenda (Markdown)" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^smarketing-weekly-\d{4}-\d{2}-\d{2}\.md$/);
  const markdown = await readFile(await download.path(), "utf8");
  expect(markdown).toContain("# Smarketing weekly: ");
  expect(markdown).toContain("## SLA compliance");
  expect(markdown).toContain("## Funnel change");
  expect(markdown).toContain("- A CFO story with numbers (new)");
  expect(markdown).toContain("- Mia Marketing (marketing): present");
  expect(markdown).toContain("- Sam Sales (sales): absent");
  expect(markdown).toContain("Agreed: webinar leads go to Sam first.");
  expect(markdown).toContain("- [ ] Send the webinar list to sales (Mia Marketing, due 2026-12-31)");

  const invite = page.waitForEvent("download");
  await page.getByRole("button", { name: "Calendar invite (.ics)" }).click();
  const ics = await readFile(await (await invite).path(), "utf8");
  expect(ics).toContain("BEGIN:VEVENT");
  expect(ics).toContain("RRULE:FREQ=WEEKLY");

  // Held: the next meeting carries the open action item over.
  await page.getByRole("button", { name: "Mark held" }).click();
  await expect(page.getByText("Held", { exact: true })).toBeVisible();
  await page.getByRole("link", { name: "Next meeting →" }).click();
  await expect(page.getByTestId("carried-over")).toContainText("Send the webinar list to sales");
});

test("enablement: schedule shadowing, mark it done with feedback, see the coverage", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  await startWorkspace(page, { name: "Ada Admin", workspace: "Enablement Co", path: null });
  await joinAs(browser, page, "Mia Marketing", "marketing", "member");
  await joinAs(browser, page, "Sam Sales", "sales", "lead");
  await page.goto("/");

  await sidebar(page, "Enablement").click();
  await expect(page.getByText("No enablement yet")).toBeVisible();
  await page.getByRole("button", { name: "Schedule" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Schedule enablement" });
  await dialog.getByRole("textbox", { name: "Title" }).fill("Mia on discovery calls");
  await dialog.getByRole("combobox", { name: "Host", exact: true }).click();
  await page.getByRole("option", { name: "Sam Sales" }).click();
  await dialog.locator('input[type="date"]').first().fill("2026-11-20");
  await dialog.getByRole("combobox", { name: "Participants" }).click();
  await page.getByRole("option", { name: /Mia Marketing/ }).click();
  await page.keyboard.press("Escape");
  await dialog.getByRole("button", { name: "Schedule" }).click();

  const row = page.getByRole("row", { name: /Mia on discovery calls/ });
  await expect(row).toContainText("scheduled");
  await row.getByRole("button", { name: "Mark done" }).click();
  const done = page.getByRole("dialog", { name: /Mark done/ });
  await done.getByRole("textbox", { name: "Comment of Mia Marketing" }).fill("Now I hear what buyers ask");
  // The fourth star, clicked as a user clicks it (its label; the radio itself is hidden).
  const fourth = await done.getByRole("radio", { name: "4", exact: true }).getAttribute("id");
  await done.locator(`label[for="${fourth}"]`).click();
  await done.getByRole("button", { name: "Mark done" }).click();
  await expect(row).toContainText("done");
  await expect(row).toContainText("4 / 5");

  // Feedback changes after the session: the admin records Mia's second thoughts.
  await row.getByRole("button", { name: "Feedback" }).click();
  const later = page.getByRole("dialog", { name: /Feedback: Mia on discovery calls/ });
  await expect(later.getByRole("textbox", { name: "Comment of Mia Marketing" })).toHaveValue(
    "Now I hear what buyers ask",
  );
  const fifth = await later.getByRole("radio", { name: "5", exact: true }).getAttribute("id");
  await later.locator(`label[for="${fifth}"]`).click();
  await later.getByRole("button", { name: "Save feedback" }).click();
  await expect(row).toContainText("5 / 5");

  await page.getByRole("tab", { name: "Coverage" }).click();
  const mia = page.getByTestId("coverage").getByRole("row", { name: /Mia Marketing/ });
  await expect(mia.getByRole("cell").nth(3)).toContainText("1");
  if (SHOTS_ON) await pageShot(page, "test-results/screenshots/enablement-coverage.png");
});
