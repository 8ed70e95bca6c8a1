// Route-wide guarantees, generated from the OpenAPI route list so a new route cannot skip them:
// anonymous callers are refused, and ids of another workspace answer 404.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { STARTER_DEFINITION } from "../shared/scoring.js";
import { newId } from "./lib/ids.js";
import { setupTestApp } from "./testing/harness.js";

const t = setupTestApp();

type Method = "GET" | "POST" | "PATCH" | "DELETE";

async function listRoutes() {
  const spec = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json();
  const routes: { method: Method; path: string }[] = [];
  for (const [path, operations] of Object.entries(spec.paths as Record<string, Record<string, unknown>>)) {
    for (const method of Object.keys(operations))
      routes.push({ method: method.toUpperCase() as Method, path });
  }
  return routes;
}

const PUBLIC_ROUTES = new Set(["GET /api/health", "GET /api/invitations/preview"]);

/** Minimal valid bodies for routes that need one to get past validation. */
const BODIES: Record<string, object> = {
  "POST /api/contacts/{id}/touches": { type: "call" },
  "PUT /api/scoring-models/{id}/versions/{version}": { definition: STARTER_DEFINITION },
  "POST /api/contacts/{id}/reject": { reason: "bad_fit" },
  "POST /api/contacts/{id}/assign": { memberId: "0190a8f0-0000-7000-8000-000000000001" },
  "POST /api/contacts/{id}/erase": { confirm: "ERASE" },
  "POST /api/target-lists/{id}/versions": {
    items: [{ accountId: "0190a8f0-0000-7000-8000-000000000001", action: "add", tier: "one_to_one" }],
    reason: "Probe",
  },
  "POST /api/plays/{id}/runs": { accountIds: ["0190a8f0-0000-7000-8000-000000000001"] },
  "POST /api/play-tasks/{id}/skip": { reason: "Probe" },
  "POST /api/assets/{id}/shares": { contactId: "0190a8f0-0000-7000-8000-000000000001" },
  "PUT /api/messaging/{id}": { valueProposition: "", pains: [], proofPoints: [] },
  "POST /api/messaging/{id}/responses": { objection: "Probe", response: "Probe" },
  "PUT /api/meeting-occurrences/{id}/attendance": { presentMemberIds: [] },
  "PUT /api/meeting-occurrences/{id}/notes": { notes: "Probe" },
  "POST /api/meeting-occurrences/{id}/action-items": {
    text: "Probe",
    ownerMemberId: "0190a8f0-0000-7000-8000-000000000001",
    dueDate: "2026-11-06",
  },
  "PUT /api/enablement/{id}/feedback": { rating: 3 },
};

describe("every API route", () => {
  it("is documented in OpenAPI and served with a docs UI", async () => {
    const routes = await listRoutes();
    expect(routes.length).toBeGreaterThan(40);
    const docs = await t.app.inject({ method: "GET", url: "/api/docs/" });
    expect(docs.statusCode).toBe(200);
  });

  it("refuses anonymous callers with 401, except sign-in and health", async () => {
    const routes = await listRoutes();
    for (const { method, path } of routes) {
      if (PUBLIC_ROUTES.has(`${method} ${path}`)) continue;
      const url = path.replace("{id}", "0190a8f0-0000-7000-8000-000000000000");
      const response = await t.app.inject({ method, url, payload: method === "GET" ? undefined : {} });
      expect(`${method} ${path} -> ${response.statusCode}`).toBe(`${method} ${path} -> 401`);
      expect(response.json().error.code).toBe("unauthorized");
    }
  });

  it("answers 404 to a workspace admin asking for another workspace's ids", async () => {
    const { admin, outsider } = t.cast;
    const make = async (url: string, payload: object) =>
      (await t.as(outsider).post(url, payload)).json().id as string;
    const accountId = await make("/api/accounts", { name: "Globex", domain: "globex.com" });
    const ids: Record<string, string> = {
      accounts: accountId,
      contacts: await make("/api/contacts", { email: "hank@globex.com", accountId }),
      campaigns: await make("/api/campaigns", { name: "Spring webinar", channel: "webinar" }),
      opportunities: await make("/api/opportunities", {
        name: "Globex deal",
        accountId,
        amount: 1000,
        closeDate: "2027-01-31",
      }),
      personas: await make("/api/personas", { name: "CFO" }),
      segments: await make("/api/segments", { name: "Enterprise" }),
      pods: await make("/api/pods", { name: "East" }),
      properties: await make("/api/properties", {
        objectType: "contacts",
        apiName: "tier",
        label: "Tier",
        type: "text",
      }),
      members: outsider.memberId,
      invitations: await make("/api/invitations", { email: "new@globex.com", team: "sales" }),
      "write-keys": (await t.as(outsider).post("/api/write-keys", { name: "Site" })).json().id,
      "api-keys": await make("/api/api-keys", { name: "Globex BI", kind: "read" }),
      "scoring-models": await make("/api/scoring-models", { name: "Globex score" }),
      "content-requests": await make("/api/content-requests", { title: "Battle card" }),
      assets: await make("/api/assets", { kind: "deck", title: "Globex deck" }),
      webhooks: await make("/api/webhooks", {
        name: "Globex alerts",
        url: "https://hooks.globex.com/lockstep",
      }),
      notifications: await (async () => {
        const { notify } = await import("./modules/notifications/notify.js");
        await notify(t.database.db, outsider.workspaceId, [
          { kind: "mql.assigned", title: "New MQL", body: "", recipients: [outsider.memberId] },
        ]);
        const inbox = await t.as(outsider).get("/api/notifications");
        return inbox.json().items[0].id as string;
      })(),
      imports: (
        await t.app.inject({
          method: "POST",
          url: "/api/imports/contacts",
          headers: { ...outsider.headers, "content-type": "text/csv" },
          payload: "Email\nhank@globex.com\n",
        })
      ).json().id,
    };
    // ABM records of the other workspace: a list (its account put on it directly), a play, a run, a task.
    ids["target-lists"] = await make("/api/target-lists", { name: "Globex targets" });
    await t.database.db.execute(
      sql`insert into target_list_changes (workspace_id, id, list_id, version, items, note) values
          (${outsider.workspaceId}, ${accountId}, ${ids["target-lists"]}, 1, '[]', 'probe')`,
    );
    await t.database.db.execute(
      sql`insert into target_list_entries (workspace_id, id, list_id, account_id, tier, added_at, added_by_change)
          values (${outsider.workspaceId}, gen_random_uuid(), ${ids["target-lists"]}, ${accountId}, 'one_to_one', now(), ${accountId})`,
    );
    ids.plays = await make("/api/plays", {
      name: "Globex play",
      steps: [{ title: "Call", channel: "call", ownerTeam: "sales", day: 0 }],
    });
    ids["play-runs"] = await make(`/api/plays/${ids.plays}/runs`, { accountIds: [accountId] });
    ids["play-tasks"] = (
      await t.as(outsider).get(`/api/play-tasks?runId=${ids["play-runs"]}`)
    ).json().items[0].id;
    // The messaging guide is keyed by persona; a response of the other workspace.
    ids.messaging = ids.personas;
    ids["objection-responses"] = (
      await t.as(outsider).post(`/api/messaging/${ids.personas}/responses`, {
        objection: "Too expensive",
        response: "Payback in 4 months",
      })
    ).json().objections[0].response.id;
    // Shared goals of the other workspace: a goal of each team, their shared win, a kudos on its wall.
    const goal = (team: string, metric: string) =>
      make("/api/goals", { period: "2026-Q4", ownerKind: "team", team, metric, target: 10 });
    ids.goals = await goal("marketing", "mqls");
    ids["shared-wins"] = await make("/api/shared-wins", {
      name: "Globex Q4",
      goalIds: [ids.goals, await goal("sales", "revenue_won")],
    });
    ids.wall = await make("/api/wall/kudos", { toPodId: ids.pods, message: "Great quarter" });
    // A job of the other workspace: a backtest of its model.
    ids.jobs = (
      await t
        .as(outsider)
        .post(`/api/scoring-models/${ids["scoring-models"]}/versions/1/backtests`, { months: 3 })
    ).json().id;
    // A joint meeting of the other workspace (series, a meeting, an action item) and an enablement session.
    for (const key of ["meetings", "meeting-occurrences", "action-items", "enablement"]) ids[key] = newId();
    const ws = outsider.workspaceId;
    await t.database.db.execute(sql`insert into meeting_series (workspace_id, id, title, cadence, weekday, start_time,
        duration_minutes, first_date, created_by)
      values (${ws}, ${ids.meetings}, 'Globex sync', 'weekly', 1, '10:00', 30, '2026-11-02', ${outsider.memberId})`);
    await t.database.db.execute(sql`insert into meeting_occurrences (workspace_id, id, series_id, date, starts_at)
      values (${ws}, ${ids["meeting-occurrences"]}, ${ids.meetings}, '2026-11-02', '2026-11-02T09:00:00Z')`);
    await t.database.db.execute(sql`insert into meeting_action_items (workspace_id, id, series_id, occurrence_id, text,
        owner_member_id, due_date, created_by)
      values (${ws}, ${ids["action-items"]}, ${ids.meetings}, ${ids["meeting-occurrences"]}, 'Probe',
        ${outsider.memberId}, '2026-11-06', ${outsider.memberId})`);
    await t.database.db.execute(sql`insert into enablement_sessions (workspace_id, id, kind, title, host_team,
        scheduled_on, created_by)
      values (${ws}, ${ids.enablement}, 'training', 'Globex training', 'sales', '2026-11-10', ${outsider.memberId})`);
    // A seating floor of the other workspace and a plan generated for it.
    ids.floors = await make("/api/seating/floors", {
      name: "Globex floor",
      areas: [{ label: "Table 1", kind: "table", seats: 4 }],
    });
    ids.plans = await make(`/api/seating/floors/${ids.floors}/plans`, { memberIds: [outsider.memberId] });
    const routes = (await listRoutes()).filter((r) => r.path.includes("{id}"));
    expect(routes.length).toBeGreaterThan(30);
    for (const { method, path } of routes) {
      // The record type is the segment before {id} (/api/reports/attribution/opportunities/{id}), else the area.
      const segments = path.split("/");
      const before = segments[segments.indexOf("{id}") - 1];
      const area = before in ids ? before : segments[2];
      const id = ids[area];
      expect(id, `an id of ${area}`).toBeTruthy();
      const response = await t
        .as(admin)
        .send(
          method,
          path.replace("{id}", id).replace("{version}", "1"),
          method === "GET" ? undefined : (BODIES[`${method} ${path}`] ?? {}),
        );
      expect(`${method} ${path} -> ${response.statusCode}`).toBe(`${method} ${path} -> 404`);
    }
  });

  it("answers unknown API paths with the JSON error shape", async () => {
    const response = await t.as(t.cast.rep).get("/api/nothing-here");
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe("not_found");
  });

  it("answers malformed JSON with 400 and acting in a workspace you are not in with 404", async () => {
    const { rep, outsider } = t.cast;
    const malformed = await t.app.inject({
      method: "POST",
      url: "/api/accounts",
      headers: { ...rep.headers, "content-type": "application/json" },
      payload: "{ not json",
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.message).toBeTruthy();
    const elsewhere = await t.app.inject({
      method: "GET",
      url: "/api/accounts",
      headers: { cookie: rep.cookie, "x-workspace-id": outsider.workspaceId },
    });
    expect(elsewhere.statusCode).toBe(404);
  });
});
