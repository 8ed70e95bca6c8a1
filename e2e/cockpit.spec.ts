// The cockpit is the home page: after sign-in both teams land on it, and its tiles carry the numbers of the
// pages they link to (this month's MQLs on the SLA page, the rep's queue, the rejection on lead feedback).
import { expect, test } from "@playwright/test";
import { joinAs, pageShot, post, startWorkspace } from "./fixtures";

test("the cockpit: this month's MQLs, sales' answers and the hottest lead, equal to the pages behind them", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  await startWorkspace(page, { name: "Ada Admin", workspace: "Cockpit Co", path: null });
  const rep = await joinAs(browser, page, "Rey Rep", "sales", "member");
  const marketing = await joinAs(browser, page, "Mia Marketing", "marketing", "lead");
  const salesLead = await joinAs(browser, page, "Sam Sales", "sales", "lead");
  // An SLA in force (business hours around the clock, so the spec does not depend on when it runs).
  const draft = await post<{ version: number; terms: Record<string, unknown> }>(
    marketing.page.request,
    "/api/sla/versions",
  );
  const calendar = {
    timeZone: "UTC",
    workingDays: [1, 2, 3, 4, 5, 6, 7],
    start: "00:00",
    end: "24:00",
    holidays: [],
  };
  expect(
    (
      await marketing.page.request.put(`/api/sla/versions/${draft.version}`, {
        data: { terms: { ...draft.terms, calendar } },
      })
    ).ok(),
  ).toBeTruthy();
  await post(marketing.page.request, `/api/sla/versions/${draft.version}/approval`);
  await post(salesLead.page.request, `/api/sla/versions/${draft.version}/approval`);
  await post(salesLead.page.request, `/api/sla/versions/${draft.version}/activate`);
  // Three MQLs handed to Rey; Rey accepts one and rejects one as a bad fit.
  const ids: string[] = [];
  for (const [first, last] of [
    ["Ann", "Accepted"],
    ["Rob", "Rejected"],
    ["Wes", "Waiting"],
  ]) {
    const contact = await post<{ id: string }>(salesLead.page.request, "/api/contacts", {
      firstName: first,
      lastName: last,
      email: `${first.toLowerCase()}@cockpit-e2e.com`,
      lifecycleStage: "mql",
      ownerMemberId: rep.memberId,
    });
    ids.push(contact.id);
  }
  await post(rep.page.request, `/api/contacts/${ids[0]}/accept`);
  await post(rep.page.request, `/api/contacts/${ids[1]}/reject`, { reason: "bad_fit", comment: "A student" });

  // Rey signs in and lands on the cockpit.
  const r = rep.page;
  await r.goto("/");
  await expect(r.getByRole("heading", { name: "Cockpit", level: 2 })).toBeVisible();
  const mqls = r.getByTestId("tile-mqls");
  await expect(r.getByTestId("cockpit-mqls-entered")).toHaveText("3");
  await expect(mqls).toContainText("1 accepted, 1 rejected");
  await expect(mqls).toContainText("50% accepted");
  await expect(mqls).toContainText("too few to judge (2 of 20)");
  const hot = r.getByTestId("tile-hot-leads");
  await expect(hot).toContainText("Hottest leads waiting for an answer (1)");
  await expect(hot.getByRole("link", { name: "Wes Waiting" })).toBeVisible();
  await expect(r.getByTestId("tile-feedback")).toContainText("Rob Rejected rejected: Bad fit");
  await expect(r.getByTestId("cockpit-my-queue")).toHaveText("1");
  await pageShot(r, "test-results/screenshots/cockpit.png");

  // The SLA page counts the same MQLs for the same month.
  await r.getByTestId("tile-sla").getByRole("link", { name: "SLA" }).click();
  await expect(r.getByTestId("marketing-mqls")).toContainText("3 of");
  // Lead feedback, opened from the MQLs tile, counts the same decisions for the same month.
  await r.goto("/");
  await expect(r.getByTestId("cockpit-mqls-decided")).toHaveText("2");
  await r.getByTestId("tile-mqls").getByRole("link", { name: "Lead feedback" }).click();
  await expect(r.getByTestId("feedback-period")).toContainText("Decisions made since 1 ");
  await expect(r.getByTestId("feedback-total-decided")).toHaveText("2");
  // My queue lists the one MQL the cockpit counted.
  await r.goto("/");
  await r
    .getByTestId("tile-mine")
    .getByRole("link", { name: /MQLs in my queue/ })
    .click();
  await expect(r).toHaveURL(/\/queue$/);
  await expect(r.getByRole("link", { name: "Wes Waiting" })).toBeVisible();
  await expect(r.getByRole("link", { name: "Ann Accepted" })).toHaveCount(0);
});
