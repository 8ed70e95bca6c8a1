// Sign-up tells nobody whether an email has an account: a taken email gets the same 200 and body shape as a
// new one, and neither opens a session; only the account's own password signs in.
import { describe, expect, it } from "vitest";
import { setupTestApp } from "../testing/harness.js";

const t = setupTestApp();

describe("sign-up", () => {
  it("answers the same whether or not the email has an account, and opens no session", async () => {
    const signUp = (email: string, password: string) =>
      t.app.inject({
        method: "POST",
        url: "/api/auth/sign-up/email",
        payload: { name: "Enum Probe", email, password },
      });
    const taken = t.users.admin.email;
    const fresh = `fresh.${Date.now()}@example.test`;
    const [forTaken, forFresh] = [
      await signUp(taken, "another-password-1"),
      await signUp(fresh, "a-new-password-1"),
    ];
    expect(forTaken.statusCode).toBe(200);
    expect(forFresh.statusCode).toBe(200);
    const shape = (body: Record<string, unknown>) => ({
      keys: Object.keys(body).sort(),
      user: Object.keys(body.user as object).sort(),
      token: body.token,
    });
    expect(shape(forTaken.json())).toEqual(shape(forFresh.json()));
    expect(forTaken.json().token).toBeNull();
    expect(forTaken.headers["set-cookie"]).toBeUndefined();
    expect(forFresh.headers["set-cookie"]).toBeUndefined();

    // The taken account keeps its password; the new one signs in with its own.
    const signIn = (email: string, password: string) =>
      t.app.inject({ method: "POST", url: "/api/auth/sign-in/email", payload: { email, password } });
    expect((await signIn(taken, "another-password-1")).statusCode).toBe(401);
    expect((await signIn(fresh, "a-new-password-1")).statusCode).toBe(200);
  });
});
