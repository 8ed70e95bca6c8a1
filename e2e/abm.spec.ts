// ABM end to end: the marketing lead proposes a target account with a reason; it counts only after the
// sales lead approves too; the sales lead starts a play on it; each team completes its own step (sales from
// the play's page, marketing from the account's page).
import { expect, test } from "@playwright/test";
import { joinAs, post, sidebar, startWorkspace } from "./fixtures";

test("abm: propose a target account, both leads approve, start a play, complete a sales and a marketing step", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  await startWorkspace(page, { name: "Ada Admin", workspace: "ABM Co", path: null });
  const account = await post<{ id: string }>(page.request, "/api/accounts", {
    name: "Initech",
    domain: "initech.com",
  });
  await post(page.request, "/api/target-lists", { name: "Strategic accounts", description: "This year's" });
  await post(page.request, "/api/plays", {
    name: "Land the committee",
    steps: [
      {
        title: "LinkedIn ads to the committee",
        channel: "ad",
        ownerTeam: "marketing",
        day: 0,
        asset: "Ad set Q3",
      },
      { title: "Call the champion", channel: "call", ownerTeam: "sales", day: 0 },
    ],
  });
  const marketing = (await joinAs(browser, page, "Mia Marketing", "marketing", "lead")).page;
  const sales = (await joinAs(browser, page, "Sam Sales", "sales", "lead")).page;

  // Marketing proposes Initech, with a reason, and approves for marketing: the list does not change yet.
  await marketing.goto("/");
  await sidebar(marketing, "Target accounts").click();
  await marketing.getByRole("link", { name: "Strategic accounts" }).click();
  await marketing.getByRole("button", { name: "Propose a change" }).click();
  await marketing.getByRole("dialog").getByRole("combobox", { name: "Account" }).fill("Init");
  await marketing.getByRole("option", { name: /Initech/ }).click();
  await marketing.getByRole("textbox", { name: "Why?" }).fill("Three of their people came to the webinar");
  await marketing.getByRole("button", { name: "Propose", exact: true }).click();
  const proposal = marketing.getByTestId("proposal");
  await expect(proposal).toContainText("Three of their people came to the webinar");
  await proposal.getByRole("button", { name: "Approve for Marketing" }).click();
  await expect(proposal.getByTestId("approval-marketing")).toContainText("Mia Marketing");
  await expect(marketing.getByTestId("list-accounts")).toHaveText("0");

  // Sales approves: both teams have, so Initech is on the list.
  await sales.goto("/target-accounts");
  await sales.getByRole("link", { name: "Strategic accounts" }).click();
  await sales.getByTestId("proposal").getByRole("button", { name: "Approve for Sales" }).click();
  // What the (passing) confirmation says, read from what stays on the page: nothing waits, Initech is on the
  // list, and the history records the change with its reason.
  await expect(sales.getByText("Nothing waiting. Propose a change")).toBeVisible();
  await expect(sales.getByTestId("target-account")).toContainText("Initech");
  await expect(sales.getByTestId("list-accounts")).toHaveText("1");
  await expect(sales.getByRole("region", { name: "History" })).toContainText(
    "Three of their people came to the webinar",
  );

  // Sales starts the play on Initech and completes its step from the play's page.
  await sidebar(sales, "Plays").click();
  await sales.getByRole("link", { name: "Land the committee" }).click();
  await sales.getByRole("button", { name: "Start on accounts" }).click();
  await sales.getByRole("combobox", { name: "Accounts" }).click();
  await sales.getByRole("option", { name: "Initech" }).click();
  await sales.getByRole("button", { name: "Start play" }).click();
  const tasks = sales.getByTestId("play-task");
  await expect(tasks).toHaveCount(2);
  const call = tasks.filter({ hasText: "Call the champion" });
  await call.getByRole("button", { name: "Done" }).click();
  await expect(call).toContainText("Done");

  // Marketing completes its step from the account's page, where the play and both tasks show.
  await marketing.goto(`/accounts/${account.id}`);
  const ads = marketing.getByTestId("play-task").filter({ hasText: "LinkedIn ads to the committee" });
  await expect(ads).toContainText("To do");
  await ads.getByRole("button", { name: "Done" }).click();
  await expect(ads).toContainText("Done");
  await expect(marketing.getByTestId("play-task").filter({ hasText: "Call the champion" })).toContainText(
    "Done",
  );
  await expect(marketing.getByTestId("journey-stage")).toHaveText("Target");
});
