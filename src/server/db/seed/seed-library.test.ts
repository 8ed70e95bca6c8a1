// The demo's library and rituals, read through the API as a sales or marketing manager would: assets shared
// with the contacts of won deals (use and influence), gaps in the persona x stage grid, a content request
// delivered by an asset, the messaging guide's unanswered objection first, the glossary in force whose terms
// quote the live scoring model and the SLA, the weekly meeting's frozen agendas equal to the reports of
// their periods, enablement done and planned, and a seating plan that seats every seller and marketer.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ASSET_KINDS } from "../../../shared/library.js";
import { objectionKeySql } from "../../modules/feedback/asks.service.js";
import { seedReducedDemo } from "../../testing/demo-workspace.js";
import { joinWorkspace, setupTestApp } from "../../testing/harness.js";
import { queryRows } from "../client.js";

// The API measures with the real clock (usage's default period, agendas ahead): the seed's "now" is today.
const NOW = new Date();
const t = setupTestApp();

interface Named {
  id: string;
  title: string;
}

describe("the demo's library and rituals", () => {
  it("tell one story across the library, glossary, meetings, enablement and seating", async () => {
    const db = t.database.db;
    const { workspaceId, counts } = await seedReducedDemo(db, NOW);
    const admin = await joinWorkspace(t.database, t.users.admin, workspaceId, "revenue", "admin");
    const get = async (url: string) => {
      const response = await t.as(admin).get(url);
      expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
      return response.json();
    };

    // --- Insights library: assets with use, influence on won deals, and gaps.
    const assets = await get("/api/assets?limit=100");
    expect(assets.total).toBe(counts.insight_assets);
    expect(assets.total).toBeGreaterThanOrEqual(10);
    const kinds = new Set(assets.items.map((a: { kind: string }) => a.kind));
    for (const kind of ASSET_KINDS) expect(kinds, kind).toContain(kind);
    for (const a of assets.items.filter((x: { kind: string }) => x.kind === "statistic")) {
      expect(a.source, a.title).toBeTruthy();
      expect(a.sourceDate, a.title).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    const used = assets.items.filter((a: { shares: number }) => a.shares > 0);
    expect(used.length).toBeGreaterThan(0);
    expect(used.reduce((n: number, a: { shares: number }) => n + a.shares, 0)).toBe(counts.asset_shares);
    let influenced = 0;
    for (const a of used) {
      const usage = await get(`/api/assets/${a.id}/usage`);
      expect(usage.shares, a.title).toBeGreaterThan(0);
      influenced += usage.influence.wonDeals;
      // A share is a touch on the contact's timeline that names the asset.
      const shares = await get(`/api/assets/${a.id}/shares?limit=1`);
      const [touch] = await queryRows<{ type: string; properties: Record<string, string> }>(
        db,
        sql`select type, properties from touches where workspace_id = ${workspaceId} and id = ${shares.items[0].touchId}`,
      );
      expect(touch.type).toBe("content_shared");
      expect(touch.properties).toMatchObject({ assetId: a.id, asset: a.title, assetKind: a.kind });
    }
    expect(influenced).toBeGreaterThan(0);
    const gaps = await get("/api/assets/gaps");
    expect(gaps.gaps).toBeGreaterThan(0);
    expect(gaps.rows.filter((r: { personaId: string | null }) => r.personaId).length).toBe(5);

    // A content request from sales, in progress, delivered by its asset.
    const requests = await get("/api/content-requests");
    const faq = requests.items.find((r: { title: string }) => r.title === "Pricing FAQ for procurement");
    const faqAsset = assets.items.find((a: Named) => a.title === "Pricing FAQ for procurement");
    expect(faq).toMatchObject({ status: "delivered", assetId: faqAsset.id, assetTitle: faqAsset.title });

    // --- Messaging guide: every persona written, the most heard objection still unanswered and first.
    const overview = await get("/api/messaging");
    expect(overview.items).toHaveLength(5);
    for (const g of overview.items) {
      expect(g.hasValueProposition, g.personaName).toBe(true);
      expect(g.proofPoints, g.personaName).toBeGreaterThan(0);
    }
    const waiting = overview.items.filter((g: { unanswered: number }) => g.unanswered > 0);
    expect(waiting).toHaveLength(1);
    const guide = await get(`/api/messaging/${waiting[0].personaId}`);
    expect(guide.objections[0].heard).toBeGreaterThan(0);
    expect(guide.objections[0].response?.status).toBe("draft");
    // The most heard objection as the log counts it: one wording (its key) of one persona, most often heard,
    // the latest heard first among equals.
    const heard = await queryRows<{ persona_id: string; n: number }>(
      db,
      sql`select persona_id, count(*)::int as n from objections where workspace_id = ${workspaceId}
          and persona_id is not null group by persona_id, ${objectionKeySql(sql`text`)}
          order by n desc, max(heard_at) desc limit 1`,
    );
    expect(waiting[0].personaId).toBe(heard[0].persona_id);

    // --- Glossary: version 1 in force, signed by both leads, quoting the live lead definition and the SLA.
    const glossary = await get("/api/glossary");
    expect(glossary.active).toMatchObject({ version: 1, status: "active", missingApprovals: [] });
    expect(new Set(glossary.active.approvals.map((a: { team: string }) => a.team))).toEqual(
      new Set(["sales", "marketing"]),
    );
    const terms = new Map<string, string>(
      glossary.active.terms.map((x: { term: string; definition: string }) => [x.term, x.definition]),
    );
    for (const term of ["MQL", "SAL", "SQL", "Accepted", "Rejected", "Recycled", "SLA", "Pod"])
      expect(terms.has(term), term).toBe(true);
    const [model] = (await get("/api/scoring-models")).items;
    const live = await get(`/api/scoring-models/${model.id}/versions/${model.activeVersion}`);
    const mql = terms.get("MQL") as string;
    expect(mql).toContain(`version ${model.activeVersion}`);
    for (const alternative of live.definition.mql.anyOf as Record<string, number | null>[])
      for (const [key, value] of Object.entries(alternative))
        if (value !== null && value !== undefined)
          expect(mql, key).toContain(`${key === "combined" ? "combined" : key} score of at least ${value}`);
    const sla = await get("/api/sla");
    expect(terms.get("SLA")).toContain(`within ${sla.active.terms.sales.acceptWithinHours} business hours`);
    expect(terms.get("SLA")).toContain(`${sla.active.terms.marketing.mqlsPerMonth} MQLs a month`);

    // --- Smarketing weekly: three meetings held with frozen agendas equal to the reports, the next planned.
    const series = (await get("/api/meetings")).items;
    expect(series).toHaveLength(1);
    expect(series[0].title).toBe("Smarketing weekly");
    expect(new Set(series[0].attendees.map((a: { team: string }) => a.team))).toEqual(
      new Set(["sales", "marketing", "revenue"]),
    );
    expect(series[0].next?.status).toBe("scheduled");
    const occurrences = (await get(`/api/meetings/${series[0].id}/occurrences`)).items;
    const held = occurrences.filter((o: { status: string }) => o.status === "held").reverse();
    expect(held).toHaveLength(3);
    let carried = 0;
    for (const o of held) {
      expect(o.present, o.date).toBeGreaterThan(0);
      const agenda = await get(`/api/meeting-occurrences/${o.id}/agenda`);
      expect(agenda.state, o.date).toBe("frozen");
      const { from, to } = agenda.period;
      const report = await get(`/api/reports/sla-compliance?from=${from}&to=${to}&by=team`);
      expect(agenda.sla.marketing.mqlsDelivered, o.date).toBe(report.marketing.mqlsDelivered);
      expect(agenda.sla.marketing.accepted, o.date).toBe(report.marketing.accepted);
      expect(agenda.sla.marketing.rejected, o.date).toBe(report.marketing.rejected);
      expect(
        agenda.sla.sales.map((c: { met: number; breached: number }) => [c.met, c.breached]),
        o.date,
      ).toEqual(
        report.sales[0].commitments.map((c: { met: number; breached: number }) => [c.met, c.breached]),
      );
      const funnel = await get(`/api/reports/funnel?from=${from}&to=${to}`);
      for (const stage of agenda.funnel)
        expect(stage.current, `${o.date} ${stage.stage}`).toBe(funnel.entered[stage.stage]);
      expect(
        agenda.funnel.some((s: { current: number }) => s.current > 0),
        o.date,
      ).toBe(true);
      carried += agenda.carriedOver.length;
      const record = await get(`/api/meeting-occurrences/${o.id}`);
      expect(record.notes, o.date).toContain(`${agenda.sla.marketing.mqlsDelivered} delivered`);
    }
    // The first meeting's open item is carried to the next two; the last meeting's item is done.
    expect(carried).toBe(2);
    const items = (
      await Promise.all(held.map((o: { id: string }) => get(`/api/meeting-occurrences/${o.id}`)))
    ).flatMap((o: { actionItems: { done: boolean }[] }) => o.actionItems);
    expect(items.map((i) => i.done).sort()).toEqual([false, true]);

    // --- Enablement: training by both teams, a shadowing and a rotation done with ratings, one scheduled.
    const sessions = (await get("/api/enablement?limit=50")).items;
    const done = sessions.filter((s: { status: string }) => s.status === "done");
    expect(new Set(done.map((s: { kind: string }) => s.kind))).toEqual(
      new Set(["training", "shadowing", "rotation"]),
    );
    expect(
      new Set(
        done
          .filter((s: { kind: string }) => s.kind === "training")
          .map((s: { hostTeam: string }) => s.hostTeam),
      ),
    ).toEqual(new Set(["sales", "marketing"]));
    for (const s of done) {
      expect(s.averageRating, s.title).not.toBeNull();
      for (const p of s.participants) expect(p.team, s.title).not.toBe(s.hostTeam);
    }
    expect(sessions.filter((s: { status: string }) => s.status === "scheduled")).toHaveLength(1);

    // --- Seating: the 3rd floor's plan seats every sales and marketing member, the fixed seat kept.
    const floors = (await get("/api/seating/floors")).items;
    expect(floors.map((f: { name: string }) => f.name)).toEqual(["3rd floor"]);
    expect(floors[0].fixedSeats).toHaveLength(1);
    const plans = (await get(`/api/seating/floors/${floors[0].id}/plans`)).items;
    expect(plans).toHaveLength(1);
    const plan = await get(`/api/seating/plans/${plans[0].id}`);
    const seated = plan.areas.flatMap((a: { places: { memberId: string | null }[] }) =>
      a.places.map((p) => p.memberId).filter(Boolean),
    );
    const team = (await get("/api/seating/members")).items
      .filter((m: { team: string }) => m.team === "sales" || m.team === "marketing")
      .map((m: { id: string }) => m.id);
    expect(new Set(seated)).toEqual(new Set(team));
    expect(seated).toHaveLength(team.length);
    const fixed = floors[0].fixedSeats[0];
    const area = plan.areas.find((a: { label: string }) => a.label === fixed.area);
    expect(area.places[fixed.seat - 1]).toMatchObject({ memberId: fixed.memberId, fixed: true });
    expect(plan.crossTeamPairs).toBeGreaterThan(0);
  }, 180_000);
});
