import { describe, expect, it } from "vitest";
import { setupTestApp, signUp } from "../../testing/harness.js";

const t = setupTestApp();

describe("sign-in and workspaces", () => {
  it("signs up, creates a workspace as its admin, and sees it in /api/me", async () => {
    const user = await signUp(t.app, "Nina New");
    const before = await t.app.inject({ method: "GET", url: "/api/me", headers: { cookie: user.cookie } });
    expect(before.json()).toMatchObject({ workspace: null, member: null, workspaces: [] });
    const noWorkspace = await t.app.inject({
      method: "GET",
      url: "/api/accounts",
      headers: { cookie: user.cookie },
    });
    expect(noWorkspace.statusCode).toBe(403);
    expect(noWorkspace.json().error.code).toBe("no_workspace");

    const created = await t.app.inject({
      method: "POST",
      url: "/api/workspaces",
      headers: { cookie: user.cookie },
      payload: { name: "Nina Co", mission: "Grow revenue as one team", timeZone: "America/Chicago" },
    });
    expect(created.statusCode).toBe(201);
    const me = (
      await t.app.inject({ method: "GET", url: "/api/me", headers: { cookie: user.cookie } })
    ).json();
    expect(me.workspace).toMatchObject({
      name: "Nina Co",
      mission: "Grow revenue as one team",
      timeZone: "America/Chicago",
    });
    expect(me.member).toMatchObject({ role: "admin", team: "revenue", name: "Nina New" });
  });

  it("refuses a wrong password and signs out", async () => {
    const user = await signUp(t.app, "Pat Password");
    const wrong = await t.app.inject({
      method: "POST",
      url: "/api/auth/sign-in/email",
      payload: { email: user.email, password: "not the password" },
    });
    expect(wrong.statusCode).toBe(401);
    const right = await t.app.inject({
      method: "POST",
      url: "/api/auth/sign-in/email",
      payload: { email: user.email, password: "correct horse battery" },
    });
    expect(right.statusCode).toBe(200);
    const cookie = right.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
    expect((await t.app.inject({ method: "GET", url: "/api/me", headers: { cookie } })).statusCode).toBe(200);
    await t.app.inject({
      method: "POST",
      url: "/api/auth/sign-out",
      headers: { cookie, origin: "http://localhost" },
      payload: {},
    });
    expect((await t.app.inject({ method: "GET", url: "/api/me", headers: { cookie } })).statusCode).toBe(401);
  });

  it("lets only admins change the mission, and validates the time zone", async () => {
    const { admin, salesLead } = t.cast;
    const refused = await t.as(salesLead).patch("/api/workspace", { mission: "Sales first" });
    expect(refused.statusCode).toBe(403);
    const badZone = await t.as(admin).patch("/api/workspace", { timeZone: "Mars/Olympus" });
    expect(badZone.statusCode).toBe(400);
    expect(badZone.json().error.details[0].path).toBe("timeZone");
    const ok = await t.as(admin).patch("/api/workspace", { mission: "One revenue team" });
    expect(ok.json()).toMatchObject({ mission: "One revenue team", name: "Acme", timeZone: "Europe/Berlin" });
  });
});

describe("members", () => {
  it("lists members with filters and lets admins change roles, but never removes the last admin", async () => {
    const { admin, rep, salesLead } = t.cast;
    const sales = (await t.as(rep).get("/api/members?team=sales")).json();
    expect(sales.items.map((m: { name: string }) => m.name)).toEqual(["Rey Rep", "Sam Sales"]);
    const refused = await t.as(salesLead).patch(`/api/members/${rep.memberId}`, { role: "lead" });
    expect(refused.statusCode).toBe(403);
    const promoted = await t.as(admin).patch(`/api/members/${rep.memberId}`, { role: "lead" });
    expect(promoted.json()).toMatchObject({ role: "lead", team: "sales" });
    const bad = await t.as(admin).patch(`/api/members/${rep.memberId}`, { team: "finance" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe("team");
    const lastAdmin = await t.as(admin).patch(`/api/members/${admin.memberId}`, { role: "member" });
    expect(lastAdmin.statusCode).toBe(409);
    expect(lastAdmin.json().error.code).toBe("last_admin");
    const removed = await t.as(admin).delete(`/api/members/${rep.memberId}`);
    expect(removed.statusCode).toBe(200);
    expect((await t.as(rep).get("/api/accounts")).statusCode).toBe(404);
  });
});

describe("invitations", () => {
  it("invites by email; the invitee previews, signs up and joins with the invited team and role", async () => {
    const { admin } = t.cast;
    const invitee = await signUp(t.app, "Ivy Invitee");
    const created = await t
      .as(admin)
      .post("/api/invitations", { email: invitee.email.toUpperCase(), team: "marketing", role: "lead" });
    expect(created.statusCode).toBe(201);
    const { token, acceptUrl } = created.json();
    expect(acceptUrl).toContain("/invite?token=");
    const preview = await t.app.inject({
      method: "GET",
      url: `/api/invitations/preview?token=${encodeURIComponent(token)}`,
    });
    expect(preview.json()).toMatchObject({
      workspaceName: "Acme",
      email: invitee.email,
      team: "marketing",
      role: "lead",
    });

    const stranger = await signUp(t.app, "Sid Stranger");
    const wrongPerson = await t.app.inject({
      method: "POST",
      url: "/api/invitations/accept",
      headers: { cookie: stranger.cookie },
      payload: { token },
    });
    expect(wrongPerson.statusCode).toBe(403);
    const accepted = await t.app.inject({
      method: "POST",
      url: "/api/invitations/accept",
      headers: { cookie: invitee.cookie },
      payload: { token },
    });
    expect(accepted.statusCode).toBe(200);
    const me = (
      await t.app.inject({ method: "GET", url: "/api/me", headers: { cookie: invitee.cookie } })
    ).json();
    expect(me.member).toMatchObject({ team: "marketing", role: "lead" });
    const again = await t.app.inject({
      method: "POST",
      url: "/api/invitations/accept",
      headers: { cookie: invitee.cookie },
      payload: { token },
    });
    expect(again.statusCode).toBe(404);
    const list = (await t.as(admin).get("/api/invitations")).json().items;
    expect(list[0].status).toBe("accepted");
  });

  it("refuses invitations from non-admins, of existing members, with bad emails, and revoked tokens", async () => {
    const { admin, salesLead, rep } = t.cast;
    const refused = await t.as(salesLead).post("/api/invitations", { email: "x@y.com", team: "sales" });
    expect(refused.statusCode).toBe(403);
    const existing = await t.as(admin).post("/api/invitations", { email: rep.email, team: "sales" });
    expect(existing.statusCode).toBe(409);
    const badEmail = await t.as(admin).post("/api/invitations", { email: "nope", team: "sales" });
    expect(badEmail.json().error.details[0].path).toBe("email");
    const created = (
      await t.as(admin).post("/api/invitations", { email: "late@y.com", team: "sales" })
    ).json();
    const revoked = await t.as(admin).delete(`/api/invitations/${created.id}`);
    expect(revoked.json().status).toBe("revoked");
    const preview = await t.app.inject({
      method: "GET",
      url: `/api/invitations/preview?token=${encodeURIComponent(created.token)}`,
    });
    expect(preview.statusCode).toBe(404);
  });
});
