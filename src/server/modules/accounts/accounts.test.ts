import { describe, expect, it } from "vitest";
import { setupTestApp } from "../../testing/harness.js";

const t = setupTestApp();

async function createAccount(headers: Record<string, string>, payload: object) {
  return t.app.inject({ method: "POST", url: "/api/accounts", headers, payload });
}

describe("accounts API", () => {
  it("creates an account with a normalised domain and reads it back", async () => {
    const { admin } = t.cast;
    const created = await createAccount(admin.headers, {
      name: "Initech",
      domain: "https://www.Initech.com/about",
      employees: 250,
    });
    expect(created.statusCode).toBe(201);
    const account = created.json();
    expect(account).toMatchObject({
      name: "Initech",
      domain: "initech.com",
      employees: 250,
      archivedAt: null,
    });
    const read = await t.as(admin).get(`/api/accounts/${account.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json().name).toBe("Initech");
  });

  it("refuses bad input naming the field, and writes nothing", async () => {
    const { rep } = t.cast;
    const bad = await createAccount(rep.headers, { name: "", domain: "not a domain" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("invalid_input");
    const paths = bad.json().error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["name", "domain"]));
    const list = await t.as(rep).get("/api/accounts");
    expect(list.json().items).toHaveLength(0);
  });

  it("answers 409 for a duplicate domain in the same workspace, but allows it in another", async () => {
    const { rep, outsider } = t.cast;
    expect((await createAccount(rep.headers, { name: "Hooli", domain: "hooli.com" })).statusCode).toBe(201);
    const dup = await createAccount(rep.headers, { name: "Hooli again", domain: "HOOLI.com" });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.message).toMatch(/domain already exists/);
    expect((await createAccount(outsider.headers, { name: "Hooli", domain: "hooli.com" })).statusCode).toBe(
      201,
    );
  });

  it("lists with search, filters, sort and cursor pages", async () => {
    const { rep } = t.cast;
    for (const [name, industry] of [
      ["Alpha Corp", "software"],
      ["Beta Labs", "biotech"],
      ["Gamma Soft", "software"],
      ["Delta Software", "software"],
    ]) {
      await createAccount(rep.headers, { name, industry, domain: `${name.split(" ")[0].toLowerCase()}.io` });
    }
    const first = await t.as(rep).get("/api/accounts?industry=software&limit=2");
    expect(first.json().items.map((a: { name: string }) => a.name)).toEqual(["Alpha Corp", "Delta Software"]);
    const cursor = first.json().nextCursor;
    expect(cursor).toBeTruthy();
    const second = await t.as(rep).get(`/api/accounts?industry=software&limit=2&cursor=${cursor}`);
    expect(second.json().items.map((a: { name: string }) => a.name)).toEqual(["Gamma Soft"]);
    expect(second.json().nextCursor).toBeNull();

    const desc = await t.as(rep).get("/api/accounts?sort=name&order=desc&limit=1");
    expect(desc.json().items[0].name).toBe("Gamma Soft");
    const search = await t.as(rep).get("/api/accounts?q=beta.io");
    expect(search.json().items.map((a: { name: string }) => a.name)).toEqual(["Beta Labs"]);
    const badCursor = await t.as(rep).get("/api/accounts?cursor=zzz");
    expect(badCursor.statusCode).toBe(400);
  });

  it("updates only the named fields; archive needs a lead and hides the account from lists", async () => {
    const { rep, salesLead } = t.cast;
    const account = (
      await createAccount(rep.headers, { name: "Vandelay", domain: "vandelay.com", industry: "import" })
    ).json();
    const patched = await t.as(rep).patch(`/api/accounts/${account.id}`, { employees: 12 });
    expect(patched.json()).toMatchObject({ employees: 12, industry: "import", domain: "vandelay.com" });

    const refused = await t.as(rep).delete(`/api/accounts/${account.id}`);
    expect(refused.statusCode).toBe(403);
    const archived = await t.as(salesLead).delete(`/api/accounts/${account.id}`);
    expect(archived.statusCode).toBe(200);
    expect(archived.json().archivedAt).not.toBeNull();
    const active = await t.as(rep).get("/api/accounts");
    expect(active.json().items).toHaveLength(0);
    const archivedList = await t.as(rep).get("/api/accounts?archived=true");
    expect(archivedList.json().items).toHaveLength(1);
    const restored = await t.as(salesLead).post(`/api/accounts/${account.id}/restore`);
    expect(restored.json().archivedAt).toBeNull();
  });

  it("hides another workspace's accounts (404) and refuses anonymous callers (401)", async () => {
    const { rep, outsider } = t.cast;
    const theirs = (
      await createAccount(outsider.headers, { name: "Globex Corp", domain: "globex.com" })
    ).json();
    for (const [method, url] of [
      ["GET", `/api/accounts/${theirs.id}`],
      ["PATCH", `/api/accounts/${theirs.id}`],
    ] as const) {
      const response = await t.as(rep).send(method, url, method === "PATCH" ? { name: "x" } : undefined);
      expect(response.statusCode).toBe(404);
    }
    const list = await t.as(rep).get("/api/accounts");
    expect(list.json().items).toHaveLength(0);
    const anonymous = await t.app.inject({ method: "GET", url: "/api/accounts" });
    expect(anonymous.statusCode).toBe(401);
    // Pointing a record at another workspace's segment is refused, naming the field.
    const segment = await t.as(outsider).post("/api/segments", { name: "Their segment" });
    const linked = await createAccount(rep.headers, { name: "Mine", segmentId: segment.json().id });
    expect(linked.statusCode).toBe(400);
    expect(linked.json().error.details[0].path).toBe("segmentId");
  });
});
