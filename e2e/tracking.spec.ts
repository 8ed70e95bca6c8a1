// The tracking snippet on a customer's page (another origin): a visit and a form submission
// become a contact with both touches on its timeline.
import { expect, test } from "@playwright/test";
import { startWorkspace } from "./fixtures";

test("the snippet turns a visit and a form submission into a contact with both touches", async ({
  page,
  baseURL,
}) => {
  await startWorkspace(page, { workspace: "Snippet Co", path: null });
  const created = await page.request.post("/api/write-keys", { data: { name: "Website" } });
  expect(created.status()).toBe(201);
  const { key } = await created.json();

  const shop = `<!doctype html><html><head><title>Pricing | Shop</title>
    <script src="${baseURL}/t.js" data-write-key="${key}"></script></head>
    <body><h1>Pricing</h1>
    <form id="demo" onsubmit="event.preventDefault(); document.getElementById('done').hidden = false;">
      <label>Name <input name="firstName"></label>
      <label>Work email <input type="email" name="email"></label>
      <button type="submit">Request a demo</button>
    </form><p id="done" hidden>Thanks!</p></body></html>`;
  // Another origin (localhost vs 127.0.0.1) on the same machine: cross-origin, as on a real site.
  const shopUrl = (baseURL ?? "").replace("127.0.0.1", "localhost");
  await page.route(`${shopUrl}/shop/**`, (route) => route.fulfill({ contentType: "text/html", body: shop }));

  const pageView = page.waitForResponse(
    (r) => r.url().endsWith("/v1/batch") && r.request().method() === "POST",
  );
  await page.goto(`${shopUrl}/shop/pricing?utm_campaign=spring-launch&utm_medium=cpc`);
  expect((await pageView).status()).toBe(200);
  await page.getByLabel("Name").fill("Dana");
  await page.getByLabel("Work email").fill("dana.snippet@initech.com");
  const formSent = page.waitForResponse(
    (r) => r.url().endsWith("/v1/batch") && r.request().method() === "POST",
  );
  await page.getByRole("button", { name: "Request a demo" }).click();
  expect((await formSent).status()).toBe(200);

  await page.goto(`${baseURL}/contacts`);
  await page.getByRole("link", { name: "Dana" }).first().click();
  await expect(page.getByText("dana.snippet@initech.com").first()).toBeVisible();
  await expect(page.getByText("Form submitted", { exact: true })).toBeVisible();
  await expect(page.getByText("Page view", { exact: true })).toBeVisible();
});
