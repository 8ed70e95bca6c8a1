// Limits and hardening as a client meets them: rate limits on sign-in and tracking (429 with Retry-After),
// CSRF refusal of cookie requests from other sites, security headers, import and body size limits, and the
// server's timeouts.
import http from "node:http";
import { Readable, Writable } from "node:stream";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, buildApp, trustProxyFromEnv } from "../app.js";
import { setupTestApp } from "../testing/harness.js";
import { PUBLIC } from "./access.js";

const t = setupTestApp();

async function buildWith(options: Partial<Parameters<typeof buildApp>[0]> = {}) {
  return buildApp({
    db: t.database.db,
    auth: { secret: "test-secret-test-secret-test-secret", rateLimit: false },
    webRoot: null,
    slaWorker: false,
    scoreWorker: false,
    deliveryWorker: false,
    goalsWorker: false,
    ...options,
  });
}

describe("rate limits", () => {
  let app: App;
  beforeAll(async () => {
    app = await buildWith({ limits: { ingestPerMinute: 3, signInPerMinute: 2 } });
  });
  afterAll(() => app.close());

  it("hold sign-in attempts per address: 429 rate_limited with Retry-After, other addresses unaffected", async () => {
    const attempt = (remoteAddress: string) =>
      app.inject({
        method: "POST",
        url: "/api/auth/sign-in/email",
        remoteAddress,
        payload: { email: t.users.admin.email, password: "wrong password!" },
      });
    expect((await attempt("203.0.113.7")).statusCode).toBe(401);
    expect((await attempt("203.0.113.7")).statusCode).toBe(401);
    const held = await attempt("203.0.113.7");
    expect(held.statusCode).toBe(429);
    expect(held.json().error).toMatchObject({ code: "rate_limited" });
    expect(held.json().error.message).toMatch(
      /^Too many sign-in attempts from this address: at most 2 a minute/,
    );
    expect(Number(held.headers["retry-after"])).toBeGreaterThan(0);
    expect((await attempt("203.0.113.8")).statusCode).toBe(401);
  });

  it("hold sign-in attempts whatever spelling of the path is used; non-normal /api/auth paths are refused", async () => {
    // Over a real socket: inject would normalise the URL before the server sees it.
    const limited = await buildWith({ limits: { signInPerMinute: 2 } });
    const address = await limited.listen({ port: 0, host: "127.0.0.1" });
    const { port } = new URL(address);
    const attempt = (path: string) =>
      new Promise<number>((resolve, reject) => {
        const body = JSON.stringify({ email: t.users.admin.email, password: "wrong password!" });
        const request = http.request(
          { host: "127.0.0.1", port, path, method: "POST", headers: { "content-type": "application/json" } },
          (response) => {
            response.resume();
            response.on("end", () => resolve(response.statusCode ?? 0));
          },
        );
        request.on("error", reject);
        request.end(body);
      });
    try {
      expect(await attempt("/api/auth/sign-in/email")).toBe(401);
      expect(await attempt("/api/auth/sign-in/email")).toBe(401);
      for (const path of [
        "/api/auth/./sign-in/email",
        "/api/auth/x/../sign-in/email",
        "/api/auth/%2e/sign-in/email",
        "/api/auth/sign-%69n/email",
        "/%61pi/auth/sign-in/email",
        "/api/auth//sign-in/email",
      ])
        expect(await attempt(path), path).toBe(400);
      expect(await attempt("/api/auth/sign-in/email")).toBe(429);
    } finally {
      await limited.close();
    }
  });

  it("hold tracking requests per write key and per address", async () => {
    const { admin } = t.cast;
    const newKey = async () =>
      (
        await app.inject({
          method: "POST",
          url: "/api/write-keys",
          headers: admin.headers,
          payload: { name: "Site" },
        })
      ).json().key as string;
    const track = (key: string, remoteAddress: string) =>
      app.inject({
        method: "POST",
        url: "/v1/track",
        remoteAddress,
        headers: { authorization: `Basic ${Buffer.from(`${key}:`).toString("base64")}` },
        payload: { userId: "u-1", event: "Demo Requested" },
      });
    const busy = await newKey();
    for (const address of ["198.51.100.1", "198.51.100.2", "198.51.100.3"])
      expect((await track(busy, address)).statusCode).toBe(200);
    const perKey = await track(busy, "198.51.100.4");
    expect(perKey.statusCode).toBe(429);
    expect(perKey.json().error.message).toMatch(/^Too many tracking requests with this write key/);
    expect(perKey.headers["retry-after"]).toBeTruthy();

    const keys = [await newKey(), await newKey(), await newKey()];
    for (const key of keys) expect((await track(key, "198.51.100.9")).statusCode).toBe(200);
    const perAddress = await track(await newKey(), "198.51.100.9");
    expect(perAddress.statusCode).toBe(429);
    expect(perAddress.json().error.message).toMatch(/^Too many tracking requests from this address/);
    // Wrong keys count against the address too, before any lookup.
    expect((await track("lsk_guess", "198.51.100.9")).statusCode).toBe(429);
  });
});

describe("CSRF protection for cookie sessions", () => {
  const post = (headers: Record<string, string>, url = "/api/accounts") =>
    t.app.inject({
      method: "POST",
      url,
      headers: { ...t.cast.admin.headers, host: "lockstep.test", ...headers },
      payload: { name: "Initech", domain: `initech-${Math.random().toString(36).slice(2)}.com` },
    });

  it("refuses a cookie request whose Origin or Referer is another site, or that a browser says is cross-site", async () => {
    const cases: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { origin: "null" },
      { referer: "https://evil.example/page" },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" },
      { origin: "http://lockstep.test.evil.example" },
    ];
    for (const headers of cases) {
      const response = await post(headers);
      expect(response.statusCode, JSON.stringify(headers)).toBe(403);
      expect(response.json().error.code).toBe("csrf");
    }
    const refused = await post({ origin: "https://evil.example" });
    expect(refused.json().error.message).toMatch(/came from evil\.example, not from Lockstep's own pages/);
  });

  it("judges the route a request reached, not its raw URL: percent-encoded /api paths are checked too", async () => {
    for (const url of ["/%61pi/accounts", "/api/%61ccounts", "/%61%70%69/accounts"]) {
      const response = await post({ origin: "https://evil.example" }, url);
      expect(response.statusCode, url).toBe(403);
      expect(response.json().error.code).toBe("csrf");
    }
    // Sign-in and sign-out through better-auth too.
    const signOut = await t.app.inject({
      method: "POST",
      url: "/%61pi/auth/sign-out",
      headers: { ...t.cast.admin.headers, host: "lockstep.test", origin: "https://evil.example" },
    });
    expect(signOut.statusCode).toBe(403);
  });

  it("accepts our own pages, non-browser clients, API keys and safe methods", async () => {
    expect((await post({ origin: "http://lockstep.test" })).statusCode).toBe(201);
    expect((await post({ referer: "http://lockstep.test/accounts" })).statusCode).toBe(201);
    expect((await post({ origin: "http://lockstep.test", "sec-fetch-site": "same-origin" })).statusCode).toBe(
      201,
    );
    expect((await post({ "sec-fetch-site": "same-origin" })).statusCode).toBe(201);
    // curl, scripts and tests: no Origin, no Referer, no Sec-Fetch-Site.
    expect((await post({})).statusCode).toBe(201);
    const key = (await t.as(t.cast.admin).post("/api/api-keys", { name: "CRM", kind: "full" })).json()
      .key as string;
    expect((await post({ origin: "https://evil.example", authorization: `Bearer ${key}` })).statusCode).toBe(
      201,
    );
    const read = await t.app.inject({
      method: "GET",
      url: "/api/accounts",
      headers: { ...t.cast.admin.headers, origin: "https://evil.example" },
    });
    expect(read.statusCode).toBe(200);
  });

  it("accepts the public address of LOCKSTEP_URL and LOCKSTEP_ALLOWED_HOSTS behind a proxy, ignoring a bare *", async () => {
    process.env.LOCKSTEP_URL = "https://lockstep.example.com";
    process.env.LOCKSTEP_ALLOWED_HOSTS = "*,*.corp.example";
    const app = await buildWith();
    delete process.env.LOCKSTEP_URL;
    delete process.env.LOCKSTEP_ALLOWED_HOSTS;
    try {
      const send = (origin: string) =>
        app.inject({
          method: "POST",
          url: "/api/accounts",
          headers: { ...t.cast.admin.headers, host: "10.0.0.5:3000", origin },
          payload: { name: "Initech", domain: `initech-${Math.random().toString(36).slice(2)}.com` },
        });
      expect((await send("https://lockstep.example.com")).statusCode).toBe(201);
      expect((await send("https://app.corp.example")).statusCode).toBe(201);
      expect((await send("https://evil.example")).statusCode).toBe(403);
    } finally {
      await app.close();
    }
  });
});

describe("security headers", () => {
  it("are sent on API answers, with a same-origin CSP and no framing; HSTS only in production", async () => {
    const response = await t.app.inject({ method: "GET", url: "/api/health" });
    expect(response.headers).toMatchObject({
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "referrer-policy": "strict-origin-when-cross-origin",
      "cross-origin-resource-policy": "same-origin",
    });
    const csp = String(response.headers["content-security-policy"]);
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "frame-ancestors 'none'",
      "object-src 'none'",
    ])
      expect(csp).toContain(directive);
    expect(response.headers["strict-transport-security"]).toBeUndefined();
    const unknown = await t.app.inject({ method: "GET", url: "/api/nothing-here" });
    expect(unknown.headers["x-content-type-options"]).toBe("nosniff");

    // The tracking snippet and API are used by other sites.
    expect(
      (await t.app.inject({ method: "GET", url: "/t.js" })).headers["cross-origin-resource-policy"],
    ).toBe("cross-origin");

    const before = process.env.NODE_ENV;
    process.env.NODE_ENV = "production";
    const production = await buildWith().finally(() => {
      process.env.NODE_ENV = before;
    });
    try {
      const secure = await production.inject({ method: "GET", url: "/api/health" });
      expect(secure.headers["strict-transport-security"]).toMatch(/^max-age=\d+; includeSubDomains$/);
      expect(String(secure.headers["content-security-policy"])).toContain("upgrade-insecure-requests");
      // Session cookies are Secure there.
      const account = { email: `pat.${Date.now()}@example.test`, password: "correct horse battery" };
      await production.inject({
        method: "POST",
        url: "/api/auth/sign-up/email",
        payload: { name: "Pat Prod", ...account },
      });
      const signIn = await production.inject({
        method: "POST",
        url: "/api/auth/sign-in/email",
        payload: account,
      });
      const cookie = String(signIn.headers["set-cookie"]);
      expect(cookie).toContain("__Secure-better-auth.session_token=");
      expect(cookie).toMatch(/; Secure/i);
      expect(cookie).toMatch(/; HttpOnly/i);
      expect(cookie).toMatch(/; SameSite=Lax/i);
    } finally {
      await production.close();
    }
  });
});

describe("size limits and timeouts", () => {
  let app: App;
  beforeAll(async () => {
    app = await buildWith({ limits: { importBytes: 2000 } });
  });
  afterAll(() => app.close());

  const csv = (rows: number) =>
    `Email,First Name\n${Array.from({ length: rows }, (_, i) => `person${i}@initech.com,Person`).join("\n")}\n`;

  it("refuses an import file over the limit with 413 naming the file, declared or streamed", async () => {
    const { admin } = t.cast;
    const headers = { ...admin.headers, "content-type": "text/csv" };
    const small = await app.inject({
      method: "POST",
      url: "/api/imports/contacts",
      headers,
      payload: csv(5),
    });
    expect(small.statusCode, small.body).toBe(200);

    const declared = await app.inject({
      method: "POST",
      url: "/api/imports/contacts",
      headers,
      payload: csv(200),
    });
    expect(declared.statusCode).toBe(413);
    expect(declared.json().error).toMatchObject({ code: "payload_too_large" });
    expect(declared.json().error.message).toMatch(
      /^file: is larger than the 2 KB an import through the API may be/,
    );

    const streamed = await app.inject({
      method: "POST",
      url: "/api/imports/contacts",
      headers,
      payload: Readable.from([csv(10), csv(200)]),
    });
    expect(streamed.statusCode).toBe(413);
    expect(streamed.json().error.details[0].path).toBe("file");
  });

  it("refuses JSON bodies over 1 MB with 413, and bounds how long a request may take", async () => {
    const big = await t.app.inject({
      method: "POST",
      url: "/api/accounts",
      headers: { ...t.cast.admin.headers, "content-type": "application/json" },
      payload: JSON.stringify({ name: "x".repeat(1024 * 1024 + 10) }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe("payload_too_large");
    expect(t.app.server.requestTimeout).toBe(10 * 60_000);
    expect(t.app.server.timeout).toBe(2 * 60_000);
  });
});

describe("LOCKSTEP_TRUST_PROXY", () => {
  it("reads a hop count or proxy addresses; true means private-network proxies, never every hop", () => {
    expect(trustProxyFromEnv(undefined)).toBe(false);
    expect(trustProxyFromEnv("false")).toBe(false);
    expect(trustProxyFromEnv("true")).toEqual(["loopback", "linklocal", "uniquelocal"]);
    const twoHops = trustProxyFromEnv("2") as (address: string, hop: number) => boolean;
    expect([0, 1, 2].map((hop) => twoHops("203.0.113.1", hop))).toEqual([true, true, false]);
    expect(trustProxyFromEnv("10.0.0.0/8, 127.0.0.1,::1")).toEqual(["10.0.0.0/8", "127.0.0.1", "::1"]);
    expect(() => trustProxyFromEnv("yes")).toThrow(/LOCKSTEP_TRUST_PROXY/);
  });

  it("a client cannot dodge the per-address sign-in limit by writing addresses into X-Forwarded-For", async () => {
    for (const setting of ["true", "1", "10.0.0.0/8"]) {
      process.env.LOCKSTEP_TRUST_PROXY = setting;
      const app = await buildWith({ limits: { signInPerMinute: 2 } });
      delete process.env.LOCKSTEP_TRUST_PROXY;
      try {
        const attempt = (n: number) =>
          app.inject({
            method: "POST",
            url: "/api/auth/sign-in/email",
            remoteAddress: "10.0.0.2",
            // The proxy appends the address it saw; what comes before is the client's to choose.
            headers: { "x-forwarded-for": `198.51.100.${n}, 203.0.113.50` },
            payload: { email: t.users.admin.email, password: "wrong password!" },
          });
        expect((await attempt(1)).statusCode, setting).toBe(401);
        expect((await attempt(2)).statusCode, setting).toBe(401);
        expect((await attempt(3)).statusCode, setting).toBe(429);
        // Another client behind the same proxy is its own address.
        const other = await app.inject({
          method: "POST",
          url: "/api/auth/sign-in/email",
          remoteAddress: "10.0.0.2",
          headers: { "x-forwarded-for": "203.0.113.51" },
          payload: { email: t.users.admin.email, password: "wrong password!" },
        });
        expect(other.statusCode, setting).toBe(401);
      } finally {
        await app.close();
      }
    }
  });

  it("believes X-Forwarded-For only from the trusted proxies", async () => {
    for (const setting of ["true", "10.0.0.0/8"]) {
      process.env.LOCKSTEP_TRUST_PROXY = setting;
      const app = await buildWith({ limits: { signInPerMinute: 1 } });
      delete process.env.LOCKSTEP_TRUST_PROXY;
      try {
        const attempt = (n: number) =>
          app.inject({
            method: "POST",
            url: "/api/auth/sign-in/email",
            remoteAddress: "192.0.2.9", // not a trusted proxy: its X-Forwarded-For is ignored
            headers: { "x-forwarded-for": `198.51.100.${n}` },
            payload: { email: t.users.admin.email, password: "wrong password!" },
          });
        expect((await attempt(1)).statusCode, setting).toBe(401);
        expect((await attempt(2)).statusCode, setting).toBe(429);
      } finally {
        await app.close();
      }
    }
  });
});

describe("request bodies of the wrong type", () => {
  it("refuses a CSV body to sign-in and to JSON routes with 415, not 500", async () => {
    for (const type of ["text/csv", "application/octet-stream"]) {
      const signIn = await t.app.inject({
        method: "POST",
        url: "/api/auth/sign-in/email",
        headers: { "content-type": type },
        payload: "email,password\na@b.c,x",
      });
      expect(signIn.statusCode, `${type} ${signIn.body}`).toBe(415);
      expect(signIn.json().error).toBeDefined();
      const json = await t.app.inject({
        method: "POST",
        url: "/api/accounts",
        headers: { ...t.cast.admin.headers, "content-type": type },
        payload: "name,domain\nInitech,initech.com",
      });
      expect(json.statusCode, `${type} ${json.body}`).toBe(415);
    }
    const text = await t.app.inject({
      method: "POST",
      url: "/api/auth/sign-in/email",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify("just a string"),
    });
    expect(text.statusCode).toBe(415);
  });
});

describe("logged errors", () => {
  it("leave out a failed query's parameters", async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const app = await buildWith({ logger: { level: "error", stream } });
    app.get("/api/test-boom", { schema: { hide: true }, config: { access: PUBLIC } }, async () => {
      await t.database.db.execute(sql`select ${"whsec_super_secret_value"}::text as s, 1 / (select 0) as d`);
      return {};
    });
    try {
      const response = await app.inject({ method: "GET", url: "/api/test-boom" });
      expect(response.statusCode).toBe(500);
      const logged = lines.join("");
      expect(logged).toContain("request failed");
      expect(logged).toMatch(/division by zero/);
      expect(logged).toContain("Failed query");
      expect(logged).not.toContain("whsec_super_secret_value");
      expect(logged).not.toContain('"params"');
    } finally {
      await app.close();
    }
  });
});
