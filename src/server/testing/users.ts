// The standard cast's users and how a test signs a user up (through better-auth, as the web does).
// No vitest import: the global setup uses it too.
import { randomBytes } from "node:crypto";
import type { App } from "../app.js";

/** The auth secret of every test app: sessions made in the global setup stay valid in each file. */
export const TEST_AUTH_SECRET = "test-secret-test-secret-test-secret";

export const TEST_PASSWORD = "correct horse battery";

/**
 * The standard cast for API tests: workspace A with an admin, a marketing lead, a sales lead and
 * a sales member; workspace B with its own admin (for cross-workspace checks).
 */
export const CAST_NAMES = {
  admin: "Ada Admin",
  marketingLead: "Mia Marketing",
  salesLead: "Sam Sales",
  rep: "Rey Rep",
  outsider: "Otto Outsider",
} as const;

export type CastRole = keyof typeof CAST_NAMES;

export interface TestUser {
  email: string;
  name: string;
  userId: string;
  cookie: string;
}

export async function signUp(app: App, name: string): Promise<TestUser> {
  const email = `${name.toLowerCase().replace(/\W+/g, ".")}.${randomBytes(3).toString("hex")}@example.test`;
  const response = await app.inject({
    method: "POST",
    url: "/api/auth/sign-up/email",
    payload: { name, email, password: TEST_PASSWORD },
  });
  if (response.statusCode !== 200) throw new Error(`sign-up failed: ${response.statusCode} ${response.body}`);
  // Sign-up opens no session (it answers the same for a taken email): sign in, as the web app does.
  const signedIn = await app.inject({
    method: "POST",
    url: "/api/auth/sign-in/email",
    payload: { email, password: TEST_PASSWORD },
  });
  if (signedIn.statusCode !== 200) throw new Error(`sign-in failed: ${signedIn.statusCode} ${signedIn.body}`);
  const cookie = signedIn.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  return { email, name, userId: signedIn.json().user.id, cookie };
}
