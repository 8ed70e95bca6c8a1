// The permission matrix (src/server/permissions.ts, docs/security.md) is what the API enforces: every route
// of the OpenAPI list is in it, each is probed as an anonymous caller, a user without a workspace, a
// member, a team lead and an admin, and the team rules hold for a representative route each.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { newId } from "./lib/ids.js";
import { CAPABILITIES, type RouteAccess, renderPermissions, routeTable } from "./permissions.js";
import { setupTestApp, signUp, type TestMember, type TestUser } from "./testing/harness.js";
import { becomeMql } from "./testing/sla-fixtures.js";

const t = setupTestApp();

async function openApiRoutes(): Promise<string[]> {
  const doc = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json() as {
    paths: Record<string, Record<string, unknown>>;
  };
  return Object.entries(doc.paths).flatMap(([p, ops]) =>
    Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
  );
}

/** A request that reaches the access check: unknown ids, an empty body. */
function probe(route: string, headers: Record<string, string>) {
  const [method, pattern] = route.split(" ");
  const url = pattern.replace("{id}", newId()).replace("{version}", "999").replace("{entity}", "contacts");
  const hasBody = method === "POST" || method === "PUT" || method === "PATCH";
  return t.app.inject({
    method: method as "GET",
    url,
    headers: hasBody ? { ...headers, "content-type": "application/json" } : headers,
    payload: hasBody ? "{}" : undefined,
  });
}

/** The access check's own refusal (a public route may answer 401 for its own reasons, e.g. a bad write key). */
const signInRefusal = (r: { statusCode: number; body: string }) =>
  r.statusCode === 401 && /"message":"Sign in first"/.test(r.body);
const noWorkspace = (r: { statusCode: number; body: string }) =>
  r.statusCode === 403 && /"code":"no_workspace"/.test(r.body);
const refused = (r: { statusCode: number }) => r.statusCode === 403;

describe("the permission matrix", () => {
  it("lists every route of the API exactly once, and nothing else", async () => {
    const api = await openApiRoutes();
    const matrix = routeTable().map((r) => r.route);
    expect(new Set(matrix).size, "a route is listed twice").toBe(matrix.length);
    expect(
      api.filter((r) => !matrix.includes(r)),
      "routes missing from src/server/permissions.ts",
    ).toEqual([]);
    expect(
      matrix.filter((r) => !api.includes(r)),
      "routes in src/server/permissions.ts that the API does not have",
    ).toEqual([]);
  });

  it("is what docs/security.md shows", () => {
    const doc = readFileSync(
      path.join(path.dirname(fileURLToPath(import.meta.url)), "../../docs/security.md"),
      "utf8",
    );
    expect(doc.includes(renderPermissions()), "run: node --import tsx scripts/security-doc.ts").toBe(true);
  });

  it("is enforced on every route for anonymous callers, users without a workspace, members, leads and admins", async () => {
    const { admin, marketingLead, rep } = t.cast;
    const nobody: TestUser = await signUp(t.app, "Nora Nobody");
    const anonymous = {};
    const failures: string[] = [];
    const expectThat = (
      ok: boolean,
      route: string,
      who: string,
      response: { statusCode: number; body: string },
    ) => {
      if (!ok) failures.push(`${route} as ${who}: ${response.statusCode} ${response.body.slice(0, 160)}`);
    };
    const as = (m: TestMember) => m.headers;
    for (const { route, access } of routeTable()) {
      const a = await probe(route, anonymous);
      expectThat(access === "public" ? !signInRefusal(a) : signInRefusal(a), route, "anonymous", a);
      if (access === "public") continue;

      const u = await probe(route, { cookie: nobody.cookie });
      expectThat(
        access === "signed-in" ? !signInRefusal(u) && !noWorkspace(u) : noWorkspace(u),
        route,
        "no workspace",
        u,
      );
      if (access === "signed-in") continue;

      const allowed: Record<Exclude<RouteAccess, "public" | "signed-in">, TestMember[]> = {
        member: [rep, marketingLead, admin],
        leads: [marketingLead, admin],
        admins: [admin],
      };
      for (const [who, member] of [
        ["member", rep],
        ["lead", marketingLead],
        ["admin", admin],
      ] as const) {
        const response = await probe(route, as(member));
        const mayCall = allowed[access].includes(member);
        expectThat(
          mayCall ? !refused(response) && !signInRefusal(response) : refused(response),
          route,
          who,
          response,
        );
      }
    }
    expect(failures).toEqual([]);
  });
});

describe("team rules behind the matrix", () => {
  it("only sales accepts MQLs: the lead's owner, a sales lead or an admin", async () => {
    const { admin, rep, salesLead, marketingLead } = t.cast;
    const create = async (owner: string | null) =>
      (
        await t.as(admin).post("/api/contacts", {
          email: `${Math.random().toString(36).slice(2)}@initech.test`,
          ownerMemberId: owner,
          lifecycleStage: "lead",
        })
      ).json().id as string;
    const mine = await create(rep.memberId);
    const theirs = await create(salesLead.memberId);
    const third = await create(null);
    await becomeMql(t.database.db, admin.workspaceId, [mine, theirs, third], new Date());
    expect((await t.as(marketingLead).post(`/api/contacts/${mine}/accept`, {})).statusCode).toBe(403);
    expect((await t.as(rep).post(`/api/contacts/${theirs}/accept`, {})).statusCode).toBe(403);
    expect((await t.as(rep).post(`/api/contacts/${mine}/accept`, {})).statusCode).toBe(201);
    expect(
      (await t.as(salesLead).post(`/api/contacts/${theirs}/reject`, { reason: "bad_fit" })).statusCode,
    ).toBe(201);
    expect((await t.as(admin).post(`/api/contacts/${third}/accept`, {})).statusCode).toBe(201);
  });

  it("only sales leads and admins give leads to reps by hand", async () => {
    const { admin, rep, salesLead, marketingLead } = t.cast;
    const id = (
      await t.as(admin).post("/api/contacts", { email: "assign.me@initech.test", lifecycleStage: "lead" })
    ).json().id as string;
    await becomeMql(t.database.db, admin.workspaceId, [id], new Date());
    const body = { memberId: rep.memberId };
    expect((await t.as(rep).post(`/api/contacts/${id}/assign`, body)).statusCode).toBe(403);
    expect((await t.as(marketingLead).post(`/api/contacts/${id}/assign`, body)).statusCode).toBe(403);
    expect((await t.as(salesLead).post(`/api/contacts/${id}/assign`, body)).statusCode).toBe(201);
    const back = { memberId: salesLead.memberId };
    expect((await t.as(admin).post(`/api/contacts/${id}/assign`, back)).statusCode).toBe(201);
  });

  it("only leads of sales and marketing sign agreements, each for their own team", async () => {
    const { admin, rep, salesLead, marketingLead } = t.cast;
    expect((await t.as(salesLead).post("/api/sla/versions", {})).statusCode).toBe(201);
    expect((await t.as(rep).post("/api/sla/versions/1/approval")).statusCode).toBe(403);
    // The admin of the revenue team signs for no team.
    expect((await t.as(admin).post("/api/sla/versions/1/approval")).statusCode).toBe(403);
    expect((await t.as(salesLead).post("/api/sla/versions/1/approval")).json().approvals).toEqual([
      expect.objectContaining({ team: "sales" }),
    ]);
    expect((await t.as(marketingLead).post("/api/sla/versions/1/approval")).json().status).toBe("approved");

    const model = (await t.as(marketingLead).post("/api/scoring-models", { name: "Core" })).json();
    const approval = `/api/scoring-models/${model.id}/versions/1/approval`;
    expect((await t.as(rep).post(approval)).statusCode).toBe(403);
    expect((await t.as(admin).post(approval)).statusCode).toBe(403);
    expect((await t.as(marketingLead).post(approval)).statusCode).toBe(200);
  });

  it("an invitation is accepted only by the person it was sent to", async () => {
    const { admin } = t.cast;
    const invitation = (
      await t.as(admin).post("/api/invitations", { email: "right.person@example.test", team: "sales" })
    ).json();
    const wrong = await signUp(t.app, "Wrong Person");
    const response = await t.app.inject({
      method: "POST",
      url: "/api/invitations/accept",
      headers: { cookie: wrong.cookie },
      payload: { token: invitation.token },
    });
    expect(response.statusCode).toBe(403);
  });

  it("has a row for each capability the issue names", () => {
    const whats = CAPABILITIES.map((c) => c.what).join("\n");
    for (const words of [
      "Accept or reject an MQL",
      "Approve (sign)",
      "Manage members",
      "API keys",
      "webhooks",
      "audit log",
      "erase a contact",
    ])
      expect(whats).toContain(words);
  });
});
