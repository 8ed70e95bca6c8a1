// Sign-up, sign-in, sessions: better-auth on our Drizzle database (users/sessions are global tables).
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import type { Db } from "../db/client.js";
import { dataDirectory } from "../db/client.js";
import { authAccounts, sessions, users, verifications } from "../db/schema/index.js";

export interface AuthOptions {
  secret?: string;
  /** Sign-in throttling; on by default, off in tests. */
  rateLimit?: boolean;
}

/** LOCKSTEP_SECRET, or a random secret kept in the data directory so sessions survive restarts. */
export function resolveAuthSecret(): string {
  if (process.env.LOCKSTEP_SECRET) return process.env.LOCKSTEP_SECRET;
  const dir = dataDirectory();
  const file = path.join(dir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dir, { recursive: true });
  const secret = randomBytes(32).toString("hex");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export function createAuth(db: Db, options: AuthOptions = {}) {
  return betterAuth({
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: { user: users, session: sessions, account: authAccounts, verification: verifications },
    }),
    secret: options.secret ?? resolveAuthSecret(),
    basePath: "/api/auth",
    // LOCKSTEP_URL pins the public address; otherwise it follows the Host the app was reached at,
    // limited by LOCKSTEP_ALLOWED_HOSTS (comma-separated, wildcards allowed).
    baseURL: process.env.LOCKSTEP_URL ?? {
      allowedHosts: (process.env.LOCKSTEP_ALLOWED_HOSTS ?? "*").split(",").map((h) => h.trim()),
      // Direct calls without a request (the demo seed creating users) use the local address.
      fallback: `http://localhost:${process.env.PORT ?? 3000}`,
    },
    // Sign-up answers the same whether or not the email has an account (no session either way; better-auth
    // then hashes the password of a duplicate too, so timing tells nothing): the client signs in next.
    emailAndPassword: { enabled: true, minPasswordLength: 8, maxPasswordLength: 128, autoSignIn: false },
    session: { expiresIn: 60 * 60 * 24 * 14, updateAge: 60 * 60 * 24 },
    // Sign-in and sign-up are throttled per client address (better-auth's stricter rules for those
    // paths: 3 tries in 10 s), on top of Lockstep's own per-address limit (lib/rate-limits.ts);
    // LOCKSTEP_AUTH_RATE_LIMIT=false turns both off (browser tests sign up many users at once).
    rateLimit: {
      enabled:
        options.rateLimit ??
        !["false", "off", "0"].includes(process.env.LOCKSTEP_AUTH_RATE_LIMIT?.trim().toLowerCase() ?? ""),
      window: 60,
      max: 100,
    },
    // Session cookies are HttpOnly and SameSite=Lax always, and Secure (with the __Secure- prefix) in
    // production: serve production over https.
    advanced: {
      useSecureCookies: process.env.NODE_ENV === "production",
    },
    // The app is served from one origin; trust the origin the request was addressed to.
    trustedOrigins: (request) => {
      const host = request?.headers.get("host");
      const proto = request?.headers.get("x-forwarded-proto") ?? "http";
      return host ? [`${proto}://${host}`] : [];
    },
    telemetry: { enabled: false },
  });
}

export type Auth = ReturnType<typeof createAuth>;
