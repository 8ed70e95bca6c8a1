// Webhooks may not call into the server's own network: loopback, private, link-local (cloud metadata) and
// other reserved addresses are refused when a webhook is saved and again when each call connects, unless an
// operator allows them (LOCKSTEP_WEBHOOKS_ALLOW_PRIVATE=true; configureWebhookPolicy in tests).
import dns from "node:dns";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { webhooks } from "../../db/schema/index.js";
import { setupTestApp } from "../../testing/harness.js";
import { drainDeliveries } from "./deliveries.js";
import { configureWebhookPolicy, isPrivateAddress } from "./webhook-address.js";

const t = setupTestApp();

afterEach(() => {
  configureWebhookPolicy({});
  vi.restoreAllMocks();
});

const addWebhook = (url: string) =>
  t.as(t.cast.admin).post("/api/webhooks", { name: "Hook", url, events: ["sla.breached"] });

describe("webhook addresses", () => {
  it("knows private, loopback, link-local, unique-local and reserved addresses, also inside IPv6", () => {
    for (const address of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "172.31.255.255",
      "192.168.1.10",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "224.0.0.1",
      "255.255.255.255",
      "::1",
      "::",
      "fd12:3456::1",
      "fe80::1",
      "::ffff:127.0.0.1",
      "::ffff:7f00:1",
      "64:ff9b::10.0.0.1",
      "64:ff9b:1::a00:1", // local-use NAT64
      "64:ff9b:1:ffff::7f00:1",
      "2002:7f00:1::1", // 6to4 of 127.0.0.1
      "2002:a9fe:a9fe::", // 6to4 of 169.254.169.254
      "2002:808:808::1", // 6to4 of a public address: refused whole
      "2001:0:4136:e378:8000:63bf:3fff:fdd2", // Teredo
      "2001::1",
      "::ffff:0:127.0.0.1", // SIIT translated
      "::ffff:0:a9fe:a9fe",
      "not an address",
    ])
      expect(isPrivateAddress(address), address).toBe(true);
    for (const address of [
      "93.184.216.34",
      "8.8.8.8",
      "172.32.0.1",
      "2606:4700::1111",
      "::ffff:8.8.8.8",
      "::ffff:0:8.8.8.8",
      "2001:4860:4860::8888", // not Teredo: 2001:4860::/32 is Google's
    ])
      expect(isPrivateAddress(address), address).toBe(false);
  });

  it("refuses to save a webhook to a private address by default, with 400 naming url", async () => {
    for (const url of [
      "http://127.0.0.1:9/hook",
      "http://localhost:8080/hook",
      "http://localhost./hook",
      "http://LOCALHOST../hook",
      "http://api.localhost./hook",
      "http://127.0.0.1./hook",
      "http://[0:0:0:0:0:0:0:1]/hook",
      "http://0/hook",
      "http://127.1/hook",
      "http://017700000001/hook",
      "http://api.localhost/hook",
      "http://[::1]/hook",
      "http://169.254.169.254/latest/meta-data",
      "http://10.0.0.7/hook",
      "http://0x7f000001/hook",
      "http://2130706433/hook",
      "http://[::ffff:192.168.0.1]/hook",
      "http://[2002:a9fe:a9fe::1]/latest/meta-data",
      "http://[64:ff9b:1::a9fe:a9fe]/hook",
      "http://[::ffff:0:a9fe:a9fe]/hook",
    ]) {
      const response = await addWebhook(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.json().error.details[0].path).toBe("url");
      expect(response.json().error.message).toMatch(
        /is a private, loopback or reserved address; webhooks may only call public addresses \(an operator can allow it with LOCKSTEP_WEBHOOKS_ALLOW_PRIVATE=true\)$/,
      );
    }
    // A host name that resolves to a private address is refused too.
    vi.spyOn(dns.promises, "lookup").mockResolvedValue([{ address: "10.20.30.40", family: 4 }] as never);
    const internal = await addWebhook("https://hooks.internal.example/lockstep");
    expect(internal.statusCode).toBe(400);
    expect(internal.json().error.message).toContain("hooks.internal.example (10.20.30.40)");
    vi.restoreAllMocks();

    const hook = (await addWebhook("https://93.184.216.34/hook")).json();
    expect(hook.id).toBeTruthy();
    const moved = await t
      .as(t.cast.admin)
      .patch(`/api/webhooks/${hook.id}`, { url: "http://192.168.1.1/admin" });
    expect(moved.statusCode).toBe(400);
    expect(moved.json().error.details[0].path).toBe("url");
    expect(await t.database.db.$count(webhooks)).toBe(1);
  });

  it("accepts private addresses when an operator allows them", async () => {
    configureWebhookPolicy({ allowPrivate: true });
    expect((await addWebhook("http://127.0.0.1:9/hook")).statusCode).toBe(201);
  });

  it("checks again when sending: a private address is never called, whatever it was when saved", async () => {
    const received: string[] = [];
    const server = http.createServer((request, response) => {
      received.push(request.url ?? "");
      response.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      configureWebhookPolicy({ allowPrivate: true });
      const literal = (await addWebhook(`http://127.0.0.1:${port}/literal`)).json();
      const named = (await addWebhook(`http://hooks.example.com:${port}/named`)).json();
      configureWebhookPolicy({ allowPrivate: false });
      // DNS that answered a public address when the webhook was saved now answers loopback (rebinding).
      const lookup = dns.lookup;
      vi.spyOn(dns, "lookup").mockImplementation(((
        hostname: string,
        options: object,
        callback: (...args: unknown[]) => void,
      ) => {
        if (hostname === "hooks.example.com") return callback(null, [{ address: "127.0.0.1", family: 4 }]);
        return (lookup as unknown as (...args: unknown[]) => void)(hostname, options, callback);
      }) as never);
      for (const hook of [literal, named]) {
        const test = await t.as(t.cast.admin).post(`/api/webhooks/${hook.id}/test`);
        expect(test.statusCode).toBe(202);
      }
      // The drain tries both and records the outcome before it returns.
      await drainDeliveries(t.database.db, new Date(Date.now() + 60_000));
      for (const [hook, where] of [
        [literal, "127.0.0.1"],
        [named, "hooks.example.com (127.0.0.1)"],
      ]) {
        const log = await t.as(t.cast.admin).get(`/api/webhooks/${hook.id}/deliveries`);
        const delivery = log.json().items[0];
        expect(delivery).toMatchObject({ status: "failed", attempts: 1, responseStatus: null });
        expect(delivery.lastError).toBe(
          `Refused: ${where} is a private, loopback or reserved address; webhooks may only call public addresses (an operator can allow it with LOCKSTEP_WEBHOOKS_ALLOW_PRIVATE=true)`,
        );
      }
      expect(received).toEqual([]);

      // Allowed again, the same webhook is called.
      vi.restoreAllMocks();
      configureWebhookPolicy({ allowPrivate: true });
      await t.as(t.cast.admin).post(`/api/webhooks/${literal.id}/test`);
      await drainDeliveries(t.database.db, new Date(Date.now() + 60_000));
      expect(received).toEqual(["/literal"]);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
