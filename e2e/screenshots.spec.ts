// Saves PNG screenshots of the main pages to test-results/screenshots/ for a person to look at.
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { post, submitSignUp } from "./fixtures";

const DIR = "test-results/screenshots";

async function shot(page: Page, name: string) {
  await page.waitForLoadState("networkidle");
  await expect(page.locator("[aria-busy='true']")).toHaveCount(0);
  await page.screenshot({ path: `${DIR}/${name}.png`, fullPage: true });
}

async function patch(request: APIRequestContext, path: string, data: unknown) {
  const response = await request.patch(path, { data });
  expect(response.ok(), `${path}: ${await response.text()}`).toBeTruthy();
}

test("screenshots of the main pages", async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto("/sign-in");
  await shot(page, "00-sign-in");
  await page.goto("/sign-up");
  await shot(page, "01-sign-up");
  await page.getByLabel("Your name").fill("Morgan Revenue");
  await page.getByLabel("Work email").fill(`shots-${Date.now()}@example.com`);
  await page.getByRole("textbox", { name: "Password", exact: true }).fill("correct-horse-battery");
  await submitSignUp(page);
  await expect(page.getByRole("heading", { name: "Create your workspace" })).toBeVisible();
  await shot(page, "02-welcome-create-workspace");
  await page.getByLabel("Company or workspace name").fill("Northwind Traders");
  await page
    .getByLabel("Mission")
    .fill("Grow revenue 40% this year as one team: every lead followed up, every win celebrated together.");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByTestId("mission-banner")).toBeVisible();
  await shot(page, "03-contacts-empty");

  // Data through the API with the browser's session.
  const r = page.request;
  const me = await (await r.get("/api/me")).json();
  const myId: string = me.member.id;
  const podNorth = await post<{ id: string }>(r, "/api/pods", {
    name: "Pod North",
    description: "Mid-market manufacturing in the Nordics",
    memberIds: [myId],
  });
  await post(r, "/api/pods", { name: "Pod Enterprise", description: "Fortune 500 accounts" });
  const segment = await post<{ id: string }>(r, "/api/segments", {
    name: "Mid-market manufacturing",
    description: "Manufacturers with 200-2,000 employees",
    industries: ["Manufacturing", "Logistics"],
    minEmployees: 200,
    maxEmployees: 2000,
    regions: ["EMEA"],
    podId: podNorth.id,
  });
  const persona = await post<{ id: string }>(r, "/api/personas", {
    name: "Operations leader",
    description: "Runs the plant floor and owns throughput targets.",
    titlePatterns: ["VP Operations", "Head of Operations", "COO"],
    seniorities: ["vp", "c_level"],
    departments: ["Operations"],
    pains: "Unplanned downtime; spreadsheets everywhere; no single view of orders.",
    objections: "We tried a tool before and nobody used it.",
    podId: podNorth.id,
  });
  const webinar = await post<{ id: string }>(r, "/api/campaigns", {
    name: "Smart factory webinar",
    channel: "webinar",
    status: "active",
    ownerTeam: "marketing",
    startsOn: "2026-10-01",
    endsOn: "2026-12-15",
    budget: 25000,
    cost: 14250,
    utmCampaign: "smart-factory-2026",
  });
  await post(r, "/api/campaigns", {
    name: "Q4 outbound to ops leaders",
    channel: "outbound",
    status: "planned",
    ownerTeam: "sales",
    budget: 5000,
  });
  const accounts = [];
  for (const [name, domain, industry, employees, revenue] of [
    ["Acme Robotics", "acme-robotics.com", "Manufacturing", 850, 120_000_000],
    ["Globex Logistics", "globex.io", "Logistics", 1400, 310_000_000],
    ["Initech", "initech.com", "Software", 230, 45_000_000],
  ] as const) {
    accounts.push(
      await post<{ id: string }>(r, "/api/accounts", {
        name,
        domain,
        industry,
        employees,
        annualRevenue: revenue,
        country: "Sweden",
        region: "EMEA",
        segmentId: segment.id,
        podId: podNorth.id,
        ownerMemberId: myId,
      }),
    );
  }
  const people = [
    ["Dana", "Scully", "VP Operations", "mql", 0],
    ["Fox", "Mulder", "Plant Manager", "lead", 0],
    ["Walter", "Skinner", "COO", "sql", 1],
    ["Monica", "Reyes", "Head of Logistics", "sal", 1],
    ["John", "Doggett", "IT Director", "customer", 2],
  ] as const;
  const contacts: { id: string }[] = [];
  for (const [firstName, lastName, title, stage, account] of people) {
    contacts.push(
      await post<{ id: string }>(r, "/api/contacts", {
        firstName,
        lastName,
        email: `${firstName.toLowerCase()}@${["acme-robotics.com", "globex.io", "initech.com"][account]}`,
        title,
        seniority: title.startsWith("VP") ? "vp" : title === "COO" ? "c_level" : "director",
        accountId: accounts[account].id,
        personaId: persona.id,
        ownerMemberId: myId,
        lifecycleStage: "lead",
        source: "webinar",
        sourceCampaignId: webinar.id,
      }),
    );
    if (stage !== "lead")
      await patch(r, `/api/contacts/${contacts[contacts.length - 1].id}`, { lifecycleStage: stage });
  }
  const dana = contacts[0].id;
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
  for (const [type, note, at] of [
    ["page_view", undefined, 72],
    ["email_click", undefined, 50],
    ["webinar", "Attended the smart factory webinar", 48],
    ["content_download", "Downloaded the downtime calculator", 30],
    ["call", "Intro call: downtime costs them ~$40k a week. Wants a demo with the plant managers.", 5],
    ["sales_email", "Sent the demo invite and the case study from Globex.", 2],
  ] as const) {
    await post(r, `/api/contacts/${dana}/touches`, {
      type,
      note,
      occurredAt: hoursAgo(at),
      campaignId: ["webinar", "email_click"].includes(type) ? webinar.id : undefined,
    });
  }
  const opp = await post<{ id: string }>(r, "/api/opportunities", {
    name: "Acme Robotics – plant rollout",
    accountId: accounts[0].id,
    amount: 180000,
    stage: "proposal",
    closeDate: "2026-12-20",
    ownerMemberId: myId,
    sourceCampaignId: webinar.id,
    contacts: [
      { contactId: dana, role: "champion" },
      { contactId: contacts[1].id, role: "user" },
    ],
  });
  await post(r, "/api/opportunities", {
    name: "Acme Robotics – pilot",
    accountId: accounts[0].id,
    amount: 24000,
    stage: "closed_won",
    closeDate: "2026-09-30",
  });
  await post(r, "/api/opportunities", {
    name: "Globex – fleet analytics",
    accountId: accounts[1].id,
    amount: 95000,
    currency: "EUR",
    stage: "discovery",
    closeDate: "2027-02-28",
  });

  const pages: [string, string, string][] = [
    ["04-contacts", "/contacts", "Contacts"],
    ["05-contact-detail", `/contacts/${dana}`, "Dana Scully"],
    ["06-accounts", "/accounts", "Accounts"],
    ["07-account-detail", `/accounts/${accounts[0].id}`, "Acme Robotics"],
    ["08-opportunities", "/opportunities", "Opportunities"],
    ["09-opportunity-detail", `/opportunities/${opp.id}`, "Acme Robotics – plant rollout"],
    ["10-campaigns", "/campaigns", "Campaigns"],
    ["11-campaign-detail", `/campaigns/${webinar.id}`, "Smart factory webinar"],
    ["12-segments", "/segments", "Segments"],
    ["13-segment-detail", `/segments/${segment.id}`, "Mid-market manufacturing"],
    ["14-personas", "/personas", "Personas"],
    ["15-persona-detail", `/personas/${persona.id}`, "Operations leader"],
    ["16-pods", "/pods", "Pods"],
    ["17-pod-detail", `/pods/${podNorth.id}`, "Pod North"],
    ["18-members", "/members", "Members"],
    ["19-workspace-settings", "/settings/workspace", "Workspace & mission"],
    ["20-invitations-empty", "/settings/invitations", "Invitations"],
  ];
  for (const [name, path, heading] of pages) {
    await page.goto(path);
    await expect(page.getByRole("heading", { name: heading, level: 2 })).toBeVisible();
    await shot(page, name);
  }

  // Forms and dialogs.
  await page.goto("/contacts");
  await page.getByRole("button", { name: "New contact" }).first().click();
  await page.getByRole("dialog", { name: "New contact" }).getByLabel("Email").fill("not-an-email");
  await page.getByRole("button", { name: "Create contact" }).click();
  await shot(page, "21-contact-form-errors");
  await page.keyboard.press("Escape");

  await page.goto("/settings/invitations");
  await page.getByRole("button", { name: "Invite people" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Invite a colleague" });
  await dialog.getByLabel("Email").fill("sam.sales@example.com");
  await dialog.getByRole("button", { name: "Create invitation" }).click();
  await expect(page.getByTestId("accept-link")).toContainText("/invite?token=");
  await shot(page, "22-invitation-link");
  const link = (await page.getByTestId("accept-link").textContent()) ?? "";
  await page.getByRole("button", { name: "Done" }).click();
  await shot(page, "23-invitations");

  // The invitee's view, without a session.
  const context = await page
    .context()
    .browser()
    ?.newContext({ viewport: { width: 1440, height: 900 } });
  if (context) {
    const guest = await context.newPage();
    await guest.goto(new URL(link).pathname + new URL(link).search);
    await expect(guest.getByRole("heading", { name: "Join Northwind Traders" })).toBeVisible();
    await guest.screenshot({ path: `${DIR}/24-invite-preview.png`, fullPage: true });
    await context.close();
  }

  // A narrow screen.
  await page.setViewportSize({ width: 420, height: 860 });
  await page.goto(`/contacts/${dana}`);
  await expect(page.getByRole("heading", { name: "Dana Scully", level: 2 })).toBeVisible();
  await shot(page, "25-contact-detail-mobile");
});
