// The demo tells one story: the MQLs of a month are the same number on the cockpit, the SLA report and
// the stage history; sales' answers match; marketing delivers about what it committed; rates are judged;
// the clocks, feedback, inbox and audit trail of a year under the agreements exist.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { seedReducedDemo } from "../../testing/demo-workspace.js";
import { joinWorkspace, setupTestApp } from "../../testing/harness.js";
import { queryRows } from "../client.js";

// Mid-month, so the current month has its own MQLs and the previous one is a full month.
const NOW = new Date("2026-03-18T16:00:00Z");
const MONTHS = [
  { month: "2026-02", from: "2026-02-01", to: "2026-03-01", full: true },
  { month: "2026-03", from: "2026-03-01", to: "2026-04-01", full: false },
];

const t = setupTestApp();

describe("the demo workspace", () => {
  it("shows the same MQLs, answers and clocks on every page", async () => {
    const db = t.database.db;
    const { workspaceId } = await seedReducedDemo(db, NOW);
    const admin = await joinWorkspace(t.database, t.users.admin, workspaceId, "revenue", "admin");
    const get = async (url: string) => {
      const response = await t.as(admin).get(url);
      expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
      return response.json();
    };
    const count = async (query: ReturnType<typeof sql>) => (await queryRows<{ n: number }>(db, query))[0].n;

    for (const m of MONTHS) {
      const cockpit = await get(`/api/cockpit?month=${m.month}`);
      const report = await get(`/api/reports/sla-compliance?from=${m.from}&to=${m.to}&by=team`);
      const entered = await count(
        sql`select count(distinct contact_id)::int as n from lifecycle_stage_changes
            where workspace_id = ${workspaceId} and to_stage = 'mql'
              and changed_at >= (${m.from}::timestamp at time zone 'America/New_York')
              and changed_at < (${m.to}::timestamp at time zone 'America/New_York')`,
      );
      expect(entered, m.month).toBeGreaterThan(0);
      expect(cockpit.mqls.entered, m.month).toBe(entered);
      expect(report.marketing.mqlsDelivered, m.month).toBe(entered);
      expect(cockpit.mqls.accepted, m.month).toBe(report.marketing.accepted);
      expect(cockpit.mqls.rejected, m.month).toBe(report.marketing.rejected);
      expect(cockpit.mqls.committed, m.month).toBe(report.marketing.mqlsCommitted);
      if (!m.full) {
        // Lead feedback, opened from the cockpit on this month, counts the same decisions.
        const feedback = await get(`/api/feedback/decisions?by=campaign&since=${m.from}`);
        const sum = (key: "accepted" | "rejected") =>
          feedback.items.reduce((n: number, i: Record<string, number>) => n + i[key], 0);
        expect(sum("accepted"), m.month).toBe(cockpit.mqls.accepted);
        expect(sum("rejected"), m.month).toBe(cockpit.mqls.rejected);
      }
      if (m.full) {
        const delivery = entered / report.marketing.mqlsCommitted;
        expect(delivery, `${m.month} delivery`).toBeGreaterThanOrEqual(0.7);
        expect(delivery, `${m.month} delivery`).toBeLessThanOrEqual(1.3);
        const decided = report.marketing.accepted + report.marketing.rejected;
        expect(decided, m.month).toBeGreaterThanOrEqual(report.minimumSample);
        expect(report.marketing.rejectionJudged, m.month).toBe(true);
        expect(cockpit.mqls.judged, m.month).toBe(true);
      }
    }

    // The MQLs waiting on the cockpit are the MQLs open now on the contacts list and the admin's queue.
    const now = await get("/api/cockpit");
    const openMqls = await get("/api/contacts?lifecycleStage=mql&limit=1");
    expect(now.hotLeads.waiting).toBeGreaterThan(0);
    expect(now.hotLeads.waiting).toBe(openMqls.total);

    // Decisions only for MQLs, answered after they became MQLs; clocks only since the SLA took effect.
    expect(
      await count(
        sql`select count(*)::int as n from lead_decisions d where d.workspace_id = ${workspaceId}
            and not exists (select 1 from lifecycle_stage_changes s where s.workspace_id = d.workspace_id
              and s.contact_id = d.contact_id and s.to_stage = 'mql' and s.changed_at <= d.decided_at)`,
      ),
    ).toBe(0);
    expect(
      await count(
        sql`select count(*)::int as n from sla_clocks k
            join sla_versions v on v.workspace_id = k.workspace_id and v.id = k.sla_version_id
            where k.workspace_id = ${workspaceId} and (k.started_at < v.activated_at
              or not exists (select 1 from lifecycle_stage_changes s where s.workspace_id = k.workspace_id
                and s.contact_id = k.contact_id and s.to_stage = 'mql' and s.changed_at = k.started_at))`,
      ),
    ).toBe(0);
    const clocks = await queryRows<{ status: string; n: number }>(
      db,
      sql`select status, count(*)::int as n from sla_clocks where workspace_id = ${workspaceId} group by status`,
    );
    const byStatus = Object.fromEntries(clocks.map((c) => [c.status, c.n]));
    expect(byStatus.met).toBeGreaterThan(0);
    expect(byStatus.breached).toBeGreaterThan(0);
    expect(byStatus.running).toBeGreaterThan(0);
    expect(
      await count(
        sql`select count(*)::int as n from sla_clocks where workspace_id = ${workspaceId} and warned_at is not null`,
      ),
    ).toBeGreaterThan(0);
    // Every open MQL has an owner and a running (or breached, unanswered) accept clock.
    expect(
      await count(
        sql`select count(*)::int as n from contacts c where c.workspace_id = ${workspaceId} and c.lifecycle_stage = 'mql'
            and (c.owner_member_id is null or not exists (select 1 from sla_clocks k where k.workspace_id = c.workspace_id
              and k.contact_id = c.id and k.commitment = 'accept' and k.completed_at is null))`,
      ),
    ).toBe(0);

    const objections = await get("/api/objections");
    expect(objections.items.length).toBeGreaterThan(0);
    const requests = await get("/api/content-requests");
    expect(new Set(requests.items.map((r: { status: string }) => r.status))).toEqual(
      new Set(["new", "in_progress", "delivered", "used"]),
    );
    expect(
      await count(sql`select count(*)::int as n from notifications where workspace_id = ${workspaceId}`),
    ).toBeGreaterThan(0);
    const audit = await get("/api/audit");
    const actions = new Set(audit.items.map((a: { action: string }) => a.action));
    for (const action of [
      "sla.version.approved",
      "sla.version.activated",
      "scoring.version.approved",
      "scoring.version.activated",
    ])
      expect(actions, action).toContain(action);
  }, 120_000);
});
