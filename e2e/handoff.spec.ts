// The hand-off end to end: a visitor requests a demo on the website (a tracked "Demo Requested" event); the
// live scoring model makes the lead an MQL, routing gives it to the pod's rep, and the SLA clock starts;
// the rep sees it in the queue with its countdown, accepts it, and the contact page shows the lead as a SAL
// with the accept clock met and the routing reason.
import { mkdirSync } from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { joinAs, post, SHOTS_ON, startWorkspace } from "./fixtures";

const SHOTS = process.env.HANDOFF_SHOTS_DIR ?? "/tmp/handoff-shots";

async function shot(page: Page, name: string) {
  if (!SHOTS_ON) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

test("hand-off: a demo request becomes an MQL, is routed, accepted in time and shown as met", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  await startWorkspace(page, { name: "Ada Admin", workspace: "Handoff Co", path: null });
  const rep = await joinAs(browser, page, "Rey Rep", "sales", "member");
  const marketing = await joinAs(browser, page, "Mia Marketing", "marketing", "lead");
  const salesLead = await joinAs(browser, page, "Sam Sales", "sales", "lead");

  // Both teams agreed on the lead definition (a demo request hands the lead over) ...
  const model = await post<{ id: string }>(marketing.page.request, "/api/scoring-models", {
    name: "Inbound",
  });
  await post(marketing.page.request, `/api/scoring-models/${model.id}/versions/1/approval`);
  await post(salesLead.page.request, `/api/scoring-models/${model.id}/versions/1/approval`);
  await post(salesLead.page.request, `/api/scoring-models/${model.id}/versions/1/activate`);
  // ... and on an SLA: answer each MQL within 4 business hours, business hours around the clock so the
  // test does not depend on when it runs.
  const draft = await post<{ version: number; terms: Record<string, unknown> }>(
    marketing.page.request,
    "/api/sla/versions",
  );
  const put = await marketing.page.request.put(`/api/sla/versions/${draft.version}`, {
    data: {
      terms: {
        ...draft.terms,
        calendar: {
          timeZone: "UTC",
          workingDays: [1, 2, 3, 4, 5, 6, 7],
          start: "00:00",
          end: "24:00",
          holidays: [],
        },
      },
    },
  });
  expect(put.ok()).toBeTruthy();
  await post(marketing.page.request, `/api/sla/versions/${draft.version}/approval`);
  await post(salesLead.page.request, `/api/sla/versions/${draft.version}/approval`);
  await post(salesLead.page.request, `/api/sla/versions/${draft.version}/activate`);
  // The US pod: Rey works its leads.
  await post(page.request, "/api/pods", {
    name: "US inbound",
    memberIds: [rep.memberId],
    territories: ["US"],
  });
  const lead = await post<{ id: string }>(marketing.page.request, "/api/contacts", {
    firstName: "Dana",
    lastName: "Scully",
    email: "dana@initech-e2e.com",
    country: "US",
    lifecycleStage: "lead",
  });

  // The website sends the demo request through the tracking API.
  const { key } = await post<{ key: string }>(page.request, "/api/write-keys", { name: "Website" });
  const tracked = await page.request.post(`${baseURL}/v1/batch`, {
    headers: { authorization: `Basic ${Buffer.from(`${key}:`).toString("base64")}` },
    data: {
      batch: [
        { type: "identify", messageId: "h-1", userId: "dana", traits: { email: "dana@initech-e2e.com" } },
        { type: "track", messageId: "h-2", userId: "dana", event: "Demo Requested" },
      ],
    },
  });
  expect(tracked.ok()).toBeTruthy();

  // Rey gets it in the queue (and the inbox) with the SLA countdown running.
  const r = rep.page;
  await r.goto("/queue");
  const row = r.getByTestId("mql-row").filter({ hasText: "Dana Scully" });
  await expect(row).toBeVisible({ timeout: 20_000 });
  await expect(row.getByTestId("clock-accept")).toContainText(/left/);
  await shot(r, "01-queue-countdown");

  await row.getByRole("button", { name: "Accept Dana Scully" }).click();
  await r
    .getByRole("dialog", { name: "Accept Dana Scully?" })
    .getByRole("button", { name: "Accept as SAL" })
    .click();
  await expect(r.getByTestId("mql-row").filter({ hasText: "Dana Scully" })).toHaveCount(0);

  await r.goto(`/contacts/${lead.id}`);
  await expect(r.getByTestId("contact-stage")).toHaveText("SAL (accepted)");
  const clocks = r.getByTestId("sla-clocks");
  await expect(clocks.getByTestId("clock-accept")).toContainText(/^Met in/);
  await expect(clocks.getByTestId("clock-first_touch")).toContainText(/left/);
  await expect(r.getByText("Routed: Rey Rep")).toBeVisible();
  await expect(r.getByText(/Territory US is covered by pod US inbound/)).toBeVisible();
  await shot(r, "02-contact-sla-met");
});
