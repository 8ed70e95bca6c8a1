// The recognition wall end to end: a marketer thanks a sales rep for their work on a play; the kudos are on
// the wall for everyone, marked across teams and counted in the week's figures, with the play linked; the
// rep's inbox tells them; the "Across teams" filter keeps them.
import { expect, test } from "@playwright/test";
import { joinAs, pageShot, post, SHOTS_ON, sidebar, startWorkspace } from "./fixtures";

test("wall: kudos across teams about a play, counted and highlighted, and the recipient is told", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  await startWorkspace(page, { name: "Ada Admin", workspace: "Wall Co", path: null });
  const marketing = (await joinAs(browser, page, "Mia Marketing", "marketing", "member")).page;
  const rep = (await joinAs(browser, page, "Sam Sales", "sales", "member")).page;
  await post(page.request, "/api/plays", {
    name: "Exec dinner",
    steps: [{ title: "Invite the CFO", channel: "event", ownerTeam: "sales", day: 0 }],
  });

  await marketing.goto("/");
  await sidebar(marketing, "Recognition wall").click();
  await expect(marketing.getByText("Nothing on the wall yet")).toBeVisible();
  const form = marketing.getByTestId("kudos-form");
  // Without a message nothing is posted, and the field says why.
  await form.getByRole("combobox", { name: "Who" }).click();
  await marketing.getByRole("option", { name: /Sam Sales/ }).click();
  await form.getByRole("button", { name: "Post kudos" }).click();
  await expect(form.getByText("message is required: say what they did")).toBeVisible();

  await form.getByRole("textbox", { name: "What for" }).fill("Booked the CFO for the dinner in two days");
  await form.getByRole("combobox", { name: "About a play (optional)" }).click();
  await marketing.getByRole("option", { name: "Exec dinner" }).click();
  await form.getByRole("button", { name: "Post kudos" }).click();
  await expect(marketing.getByText("Kudos to Sam Sales are on the wall")).toBeVisible();

  const card = marketing.getByTestId("wall-post").first();
  await expect(card).toContainText("Booked the CFO for the dinner in two days");
  await expect(card).toContainText("Across teams");
  await expect(card.getByRole("link", { name: "Exec dinner" })).toHaveAttribute("href", /\/plays\//);
  await expect(marketing.getByTestId("wall-week-kudos")).toContainText("1");
  await expect(marketing.getByTestId("wall-week-cross")).toContainText("1");
  if (SHOTS_ON) await pageShot(marketing, "test-results/screenshots/wall.png");

  // The rep is told, and finds the kudos under "Across teams".
  await rep.goto("/inbox");
  await expect(rep.getByText(/Mia Marketing gave you kudos/)).toBeVisible();
  await rep.goto("/wall");
  await rep.getByText("Across teams", { exact: true }).first().click();
  await expect(rep.getByTestId("wall-post")).toHaveCount(1);
  await expect(rep.getByTestId("wall-post")).toContainText("Booked the CFO");
});
