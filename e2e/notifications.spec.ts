// Notifications end to end: the inbox bell and the empty inbox; an admin adds a webhook pointing at a real
// HTTP receiver started here, sends a test, sees it arrive (signed with the secret shown on the page) and
// logged as sent; turns it off and deletes it.
import { createHmac } from "node:crypto";
import { mkdirSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, type Page, test } from "@playwright/test";
import { SHOTS_ON, sidebar, startWorkspace } from "./fixtures";

const SHOTS = process.env.NOTIFICATIONS_SHOTS_DIR ?? "test-results/screenshots";

async function shot(page: Page, name: string) {
  if (!SHOTS_ON) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.waitForLoadState("networkidle");
  await expect(page.locator("[aria-busy='true']")).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

async function startReceiver() {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => {
      body += chunk;
    });
    request.on("end", () => {
      received.push({ headers: request.headers, body });
      response.writeHead(200, { "content-type": "text/plain" });
      response.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/lockstep-hook`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

test("notifications: inbox bell and empty inbox; a webhook receives a signed test delivery", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const receiver = await startReceiver();
  try {
    await startWorkspace(page, { name: "Ada Admin", workspace: "Signal Co" });

    // The bell in the header says nothing is new and leads to the inbox.
    const bell = page.getByRole("link", { name: "Inbox: nothing new" });
    await expect(bell).toBeVisible();
    await bell.click();
    await expect(page).toHaveURL(/\/inbox$/);
    await expect(page.getByRole("heading", { name: "Inbox", exact: true })).toBeVisible();
    await expect(page.getByText("Your inbox is empty")).toBeVisible();
    await expect(page.getByRole("button", { name: "Mark all read" })).toBeDisabled();
    await page.getByText("Unread", { exact: true }).click();
    await expect(page.getByText("You're all caught up")).toBeVisible();
    await expect(page).toHaveURL(/show=unread/);
    await shot(page, "notifications-inbox-empty");

    // Settings → Webhooks: nothing yet.
    await sidebar(page, "Webhooks").click();
    await expect(page).toHaveURL(/\/settings\/webhooks$/);
    await expect(page.getByText("No webhooks yet")).toBeVisible();

    // A bad URL is refused on its field; nothing is added.
    await page.getByRole("button", { name: "Add webhook" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Add a webhook" });
    await dialog.getByLabel("Name").fill("CRM sync");
    await dialog.getByLabel("URL").fill("ftp://files.example.com/hook");
    await dialog.getByRole("button", { name: "Add webhook" }).click();
    await expect(dialog.getByText("Must be an http:// or https:// URL")).toBeVisible();
    await dialog.getByLabel("URL").fill(receiver.url);
    await dialog.getByLabel("JSON event (for developers, Zapier, Make…)").check();
    await dialog.getByRole("button", { name: "Add webhook" }).click();
    await expect(dialog).toBeHidden();

    const card = page.getByTestId("webhook-card").filter({ hasText: "CRM sync" });
    await expect(card).toContainText(receiver.url);
    await expect(card.getByTestId("webhook-status")).toHaveText("On");
    await expect(card).toContainText("All events");
    await expect(card.getByText("Nothing sent yet")).toBeVisible();
    await card.getByRole("button", { name: "Show" }).click();
    const secret = ((await card.getByTestId("webhook-secret").textContent()) ?? "").trim();
    expect(secret).toMatch(/^whsec_[0-9a-f]{64}$/);

    // Send a test: the receiver gets it, signed; the log says sent, 1 attempt, 200.
    await card.getByRole("button", { name: "Send test" }).click();
    const row = card.getByTestId("delivery-row").first();
    await expect(row).toHaveAttribute("data-status", "sent", { timeout: 30_000 });
    await expect(row).toContainText("Test delivery");
    await expect(row).toContainText("Sent");
    await expect(row.getByTestId("delivery-attempts")).toHaveText("1");
    await expect(row.getByTestId("delivery-response")).toHaveText("200");
    expect(receiver.received).toHaveLength(1);
    const [call] = receiver.received;
    expect(call.headers["x-lockstep-event"]).toBe("webhook.test");
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(call.headers["x-lockstep-signature"])) ?? [];
    expect(v1).toBe(createHmac("sha256", secret).update(`${t}.${call.body}`).digest("hex"));
    expect(JSON.parse(call.body)).toMatchObject({
      kind: "webhook.test",
      title: "Test delivery from Lockstep",
    });
    await shot(page, "notifications-webhooks");

    // Turn it off, then delete it.
    // The switch's input is visually hidden (0×0): a click event on it is what a click on its track does.
    await card.getByRole("switch", { name: "Send events to CRM sync" }).dispatchEvent("click");
    await expect(card.getByTestId("webhook-status")).toHaveText("Off");
    await card.getByRole("button", { name: "Delete webhook CRM sync" }).click();
    await page
      .getByRole("dialog", { name: "Delete webhook “CRM sync”?" })
      .getByRole("button", { name: "Delete webhook" })
      .click();
    await expect(page.getByText("No webhooks yet")).toBeVisible();
  } finally {
    await receiver.close();
  }
});
