// Lead feedback end to end: marketing hands MQLs to a sales rep, who accepts one from the queue and rejects
// another from its contact page with a reason; the marketing lead reads acceptance and reasons per campaign.
import { mkdirSync } from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { elementShot, joinAs, post, SHOTS_ON, sidebar, startWorkspace } from "./fixtures";

const SHOTS = process.env.FEEDBACK_SHOTS_DIR ?? "/tmp/feedback-shots";

async function shot(page: Page, name: string, fullPage = true) {
  if (!SHOTS_ON) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.waitForLoadState("networkidle");
  await expect(page.locator("[aria-busy='true']")).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage });
}

test("feedback: a rep accepts and rejects MQLs, marketing sees acceptance and reasons per campaign", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  await startWorkspace(page, { name: "Ada Admin", workspace: "Feedback Co", path: null });
  const rep = await joinAs(browser, page, "Rey Rep", "sales", "member");
  const marketing = await joinAs(browser, page, "Mia Marketing", "marketing", "lead");
  const salesLead = await joinAs(browser, page, "Sam Sales", "sales", "lead");

  // A live scoring model (starter rules), approved by both teams, so the queue shows scores.
  const model = await post<{ id: string }>(marketing.page.request, "/api/scoring-models", {
    name: "Inbound leads",
  });
  await post(marketing.page.request, `/api/scoring-models/${model.id}/versions/1/approval`);
  await post(salesLead.page.request, `/api/scoring-models/${model.id}/versions/1/approval`);
  await post(salesLead.page.request, `/api/scoring-models/${model.id}/versions/1/activate`);

  // Marketing's campaign brought three MQLs, which the sales lead handed to the rep, and one nobody owns yet.
  const campaign = await post<{ id: string }>(marketing.page.request, "/api/campaigns", {
    name: "Spring webinar",
    channel: "webinar",
  });
  const account = await post<{ id: string }>(page.request, "/api/accounts", {
    name: "Acme Robotics",
    domain: `acme-${Date.now()}.com`,
    employees: 500,
  });
  const mql = (firstName: string, lastName: string, title: string, owner: string | null) =>
    post<{ id: string }>(salesLead.page.request, "/api/contacts", {
      firstName,
      lastName,
      email: `${firstName.toLowerCase()}@acme-robotics.com`,
      title,
      seniority: "vp",
      accountId: account.id,
      lifecycleStage: "mql",
      ownerMemberId: owner,
      source: "webinar",
      sourceCampaignId: campaign.id,
    });
  const dana = await mql("Dana", "Scully", "VP Operations", rep.memberId);
  const fox = await mql("Fox", "Mulder", "VP Special Projects", rep.memberId);
  await mql("Walter", "Skinner", "VP Security", rep.memberId);
  await mql("Alex", "Krycek", "VP Strategy", null);

  // The rep finds the queue in the sidebar: their three MQLs with source, campaign and live score.
  const r = rep.page;
  // A queue page is read in a few requests, not one per row for its score, clock, account or campaign.
  const perRow: string[] = [];
  r.on("request", (req) => {
    if (/\/api\/(contacts\/[^/?]+\/(scores|sla)|accounts\/|campaigns\/)/.test(new URL(req.url()).pathname))
      perRow.push(req.url());
  });
  await r.goto("/");
  await sidebar(r, "My MQL queue").click();
  await expect(r.getByRole("heading", { name: "My MQL queue" })).toBeVisible();
  const rows = r.getByTestId("mql-row");
  await expect(rows).toHaveCount(3);
  await expect(rows.filter({ hasText: "Alex Krycek" })).toHaveCount(0);
  const danaRow = rows.filter({ hasText: "Dana Scully" });
  await expect(danaRow).toContainText("Acme Robotics");
  await expect(danaRow).toContainText("Webinar");
  await expect(danaRow).toContainText("Spring webinar");
  await expect(danaRow.getByTestId("queue-score")).toBeVisible();
  await expect(r.getByRole("radiogroup", { name: "Whose MQLs" })).toHaveCount(0);
  await expect(danaRow).toContainText("No SLA clock"); // no SLA is in force in this workspace
  expect(perRow).toEqual([]);
  await shot(r, "01-queue");

  // Accept Dana inline: she leaves the queue and her page shows SAL.
  await danaRow.getByRole("button", { name: "Accept Dana Scully" }).click();
  const accept = r.getByRole("dialog", { name: "Accept Dana Scully?" });
  await accept.getByLabel("Comment (optional)").fill("Call booked for Tuesday");
  await shot(r, "02-queue-accept-dialog", false);
  await accept.getByRole("button", { name: "Accept as SAL" }).click();
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: "Dana Scully" })).toHaveCount(0);
  await r.goto(`/contacts/${dana.id}`);
  await expect(r.getByTestId("contact-stage")).toHaveText("SAL (accepted)");
  await expect(r.getByTestId("mql-decision")).toHaveCount(0);
  await expect(r.getByTestId("lead-decision")).toContainText("Accepted");
  await expect(r.getByTestId("lead-decision")).toContainText("Call booked for Tuesday");

  // Reject Fox from his contact page: the reason is required; he goes back to nurture.
  await r.goto(`/contacts/${fox.id}`);
  const prompt = r.getByTestId("mql-decision");
  await expect(prompt).toContainText("This MQL is waiting for sales");
  await expect(r.getByText(/^No decision yet/)).toBeVisible();
  await shot(r, "03-contact-mql");
  await prompt.getByRole("button", { name: "Reject" }).click();
  const reject = r.getByRole("dialog", { name: "Reject Fox Mulder?" });
  await reject.getByRole("button", { name: "Reject MQL" }).click();
  await expect(reject.getByText("Choose why this lead is not ready for sales")).toBeVisible();
  await reject.getByRole("combobox", { name: "Reason" }).click();
  await r.getByRole("option", { name: "Bad fit" }).click();
  await expect(reject.getByRole("radio", { name: "Back to nurture" })).toBeChecked();
  await reject.getByLabel("Comment (optional)").fill("Runs a two-person team, no platform budget");
  await shot(r, "04-contact-reject-dialog", false);
  await reject.getByRole("button", { name: "Reject MQL" }).click();
  await expect(reject).toHaveCount(0);
  await expect(r.getByTestId("contact-stage")).toHaveText("Recycled");
  await expect(r.getByTestId("mql-decision")).toHaveCount(0);
  await expect(r.getByTestId("lead-decision")).toContainText("Bad fit");
  await expect(r.getByTestId("stage-change").last()).toContainText("Rejected by sales: Bad fit");
  await shot(r, "05-contact-rejected");

  // The marketing lead may not decide on the rep's MQL, and the page says why.
  const m = marketing.page;
  const walter = (
    (await (await m.request.get("/api/contacts?q=walter")).json()) as { items: { id: string }[] }
  ).items[0];
  await m.goto(`/contacts/${walter.id}`);
  await expect(m.getByTestId("mql-decision")).toContainText(
    "Only the lead's owner, a sales team lead or an admin can accept or reject an MQL",
  );
  await expect(m.getByTestId("mql-decision").getByRole("button", { name: "Accept" })).toBeDisabled();
  await elementShot(m.getByTestId("mql-decision"), `${SHOTS}/06-contact-not-allowed.png`);

  // The marketing lead reads the feedback: the webinar campaign, 1 accepted, 1 rejected (bad fit), 50%.
  await sidebar(m, "Lead feedback").click();
  await expect(m.getByRole("heading", { name: "Lead feedback" })).toBeVisible();
  // It opens on this month's decisions and says so.
  await expect(m.getByTestId("feedback-period")).toContainText("Decisions made since 1 ");
  const row = m.getByTestId("feedback-row").filter({ hasText: "Spring webinar" });
  await expect(row.getByTestId("feedback-accepted")).toHaveText("1");
  await expect(row.getByTestId("feedback-rejected")).toHaveText("1");
  await expect(row.getByTestId("feedback-rate")).toHaveText("50%");
  await expect(row).toContainText("Bad fit");
  await expect(m.locator(".recharts-surface").first()).toBeVisible();
  await shot(m, "07-feedback");
  await m.locator("label", { hasText: /^Source$/ }).click();
  await expect(m.getByTestId("feedback-row").filter({ hasText: "Webinar" })).toContainText("50%");
  await m.getByLabel("Decided since").fill("2999-01-01");
  await expect(m.getByText("No decisions since 1 Jan 2999")).toBeVisible();
  await shot(m, "08-feedback-empty");
  await m.getByRole("button", { name: "All time" }).click();
  await expect(m.getByTestId("feedback-period")).toHaveText("Every decision ever made");
  await expect(m.getByTestId("feedback-row").filter({ hasText: "Webinar" })).toContainText("50%");

  // The sales lead sees every MQL, the unassigned one too.
  const s = salesLead.page;
  await s.goto("/queue");
  await expect(s.getByText("No MQL is waiting for you")).toBeVisible();
  await shot(s, "09-queue-empty");
  await s.locator("label", { hasText: "All MQLs, unassigned too" }).click();
  await expect(s.getByTestId("mql-row")).toHaveCount(2);
  await expect(s.getByTestId("mql-row").filter({ hasText: "Alex Krycek" })).toContainText("Unassigned");
  await shot(s, "10-queue-all");

  await rep.page.context().close();
  await marketing.page.context().close();
  await salesLead.page.context().close();
});
