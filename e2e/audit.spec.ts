// The audit log end to end: an admin makes a rep a team lead and moves a contact's stage by hand; the Audit
// log shows both changes with who, when, before and after, filters them, and exports them as CSV.
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { joinAs, pageShot, post, sidebar, startWorkspace } from "./fixtures";

test("an admin sees role changes and stage overrides in the audit log and exports them", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  await startWorkspace(page, { name: "Ada Admin", workspace: "Audit Co" });
  const rep = await joinAs(browser, page, "Rey Rep", "sales", "member");
  const email = `dana-${Date.now()}@initech.test`;
  const contact = await post<{ id: string }>(page.request, "/api/contacts", {
    email,
    firstName: "Dana",
    lastName: "Scully",
    lifecycleStage: "lead",
  });

  // The admin makes Rey a team lead on the Members page ...
  await sidebar(page, "Members").click();
  const role = page.getByRole("combobox", { name: "Role of Rey Rep" });
  await expect(role).toHaveValue("Member");
  await role.click();
  await page.getByRole("option", { name: "Team lead" }).click();
  await expect(page.getByText("Rey Rep updated.")).toBeVisible();

  // ... and moves Dana to SQL by hand.
  await page.goto(`/contacts/${contact.id}`);
  await page.getByRole("button", { name: "Change stage" }).click();
  await page.getByRole("menuitem", { name: "SQL" }).click();
  await expect(page.getByTestId("contact-stage")).toHaveText("SQL");

  // The Audit log (admins only) has both, newest first, after Rey's invitation and joining.
  await sidebar(page, "Audit log").click();
  await expect(page.getByRole("heading", { name: "Audit log", level: 2 })).toBeVisible();
  const rows = page.getByTestId("audit-row");
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(1)).toHaveAttribute("data-action", "member.role.changed");
  await expect(rows.nth(2)).toHaveAttribute("data-action", "member.joined");
  await expect(rows.nth(3)).toHaveAttribute("data-action", "invitation.created");
  const stage = page.locator('[data-testid="audit-row"][data-action="contact.stage.overridden"]');
  const roleRow = page.locator('[data-testid="audit-row"][data-action="member.role.changed"]');
  await expect(rows.first()).toHaveAttribute("data-action", "contact.stage.overridden");
  await expect(stage).toContainText("Ada Admin");
  await expect(stage).toContainText("Stage override");
  await expect(stage).toContainText("Ada Admin moved a contact from Lead to SQL by hand");
  await expect(stage.getByRole("link", { name: "Dana Scully" })).toBeVisible();
  await expect(roleRow).toContainText("Ada Admin made Rey Rep a sales team lead (was member)");

  // Expanding a row shows before and after.
  await roleRow.getByRole("button", { name: "Show before and after" }).click();
  const roleDiff = page.getByTestId("audit-diff");
  await expect(roleDiff).toBeVisible();
  await expect(roleDiff.getByRole("row", { name: /role/ })).toContainText("Member");
  await expect(roleDiff.getByRole("row", { name: /role/ })).toContainText("Team lead");
  await roleRow.getByRole("button", { name: "Hide before and after" }).click();
  await stage.getByRole("button", { name: "Show before and after" }).click();
  const stageDiff = page.getByTestId("audit-diff");
  await expect(stageDiff.getByRole("row", { name: /lifecycle stage/ })).toContainText("Lead");
  await expect(stageDiff.getByRole("row", { name: /lifecycle stage/ })).toContainText("SQL");

  // Filters narrow it down: stage overrides, then member changes.
  await page.getByRole("combobox", { name: "Change", exact: true }).click();
  await page.getByRole("option", { name: "Stage overrides" }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-action", "contact.stage.overridden");
  await page.getByRole("combobox", { name: "Change", exact: true }).click();
  await page.getByRole("option", { name: "Member roles and removals" }).click();
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toHaveAttribute("data-action", "member.role.changed");

  // The export holds the filtered rows.
  const downloading = page.waitForEvent("download");
  await page.getByTestId("audit-export").click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^audit-log-\d{4}-\d\d-\d\d\.csv$/);
  const csv = readFileSync((await download.path())!, "utf8");
  const lines = csv.trim().split("\n");
  expect(lines[0]).toBe(
    "occurredAt,actorName,memberId,action,entityType,entityId,entityName,summary,before,after",
  );
  expect(lines).toHaveLength(3);
  expect(csv).toContain("member.role.changed");
  expect(csv).toContain("Ada Admin made Rey Rep a sales team lead (was member)");
  expect(csv).toContain('"{""role"":""member""}","{""role"":""lead""}"');
  expect(csv).toContain("member.joined");
  expect(csv).not.toContain("contact.stage.overridden");

  // Without filters, the export has every entry, the stage override included.
  await page.goto("/settings/audit");
  await expect(rows).toHaveCount(4);
  await pageShot(page, `${process.env.GOVERNANCE_SHOTS_DIR ?? "/tmp/governance-shots"}/audit-log.png`);
  const again = page.waitForEvent("download");
  await page.getByTestId("audit-export").click();
  const all = readFileSync((await (await again).path())!, "utf8");
  expect(all.trim().split("\n")).toHaveLength(5);
  expect(all).toContain("Ada Admin moved a contact from Lead to SQL by hand");

  // An access request first: everything held on Dana, as one JSON file named after her record.
  await page.goto(`/contacts/${contact.id}`);
  await page.getByRole("button", { name: "Personal data" }).click();
  const exported = page.waitForEvent("download");
  await page.getByRole("menuitem", { name: "Export everything (JSON)" }).click();
  const file = await exported;
  expect(file.suggestedFilename()).toMatch(/\.json$/);
  expect(readFileSync((await file.path())!, "utf8")).toContain(email);

  // An erasure request: the admin erases Dana from her contact page, typing her email to confirm.
  await page.getByRole("button", { name: "Personal data" }).click();
  await page.getByRole("menuitem", { name: "Erase this person…" }).click();
  const dialog = page.getByRole("dialog", { name: "Erase this person's personal data" });
  const erase = dialog.getByRole("button", { name: "Erase personal data" });
  await expect(erase).toBeDisabled();
  await dialog.getByLabel("Type the contact's email address to confirm").fill(email);
  await erase.click();
  await expect(page.getByText("Personal data erased")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Erased contact", level: 2 })).toBeVisible();
  await expect(page.getByTestId("contact-stage")).toHaveText("SQL");
  await sidebar(page, "Audit log").click();
  await expect(rows.first()).toHaveAttribute("data-action", "contact.personal_data.erased");
  await expect(page.getByRole("link", { name: "Dana Scully" })).toHaveCount(0);

  // A member does not see the log: no link, and the page says why.
  await rep.page.goto("/settings/audit");
  await expect(rep.page.getByText("Only admins see the audit log")).toBeVisible();
  await expect(sidebar(rep.page, "Audit log")).toHaveCount(0);
  expect((await rep.page.request.get("/api/audit")).status()).toBe(403);
});
