// The demo workspace's SLA, signed early in the year and in force since: version 1 (signed by the
// marketing lead and the sales lead about eleven months ago), retired when version 2 raised marketing's MQL
// commitment four months ago, as volume grew. Each commitment is what marketing really delivered around the
// signature (the MQLs that entered stage MQL, the one count), so delivery sits near 100%, not 800%. Ids and
// times derive from the workspace and `now`, so a seed stays reproducible.
import { sql } from "drizzle-orm";
import { type SlaTerms, STARTER_SLA_TERMS } from "../../../shared/sla.js";
import { derivedId } from "../../lib/ids.js";
import { countMqlsEntered } from "../../modules/lifecycle/lifecycle.service.js";
import type { Db } from "../client.js";
import { slaApprovals, slaVersions } from "../schema/index.js";
import type { SlaInForce } from "./seed-history.js";

const DAY = 86_400_000;

export const DEMO_SLA_TERMS: SlaTerms = {
  ...STARTER_SLA_TERMS,
  calendar: {
    ...STARTER_SLA_TERMS.calendar,
    timeZone: "America/New_York",
    holidays: [
      "2025-11-27",
      "2025-12-25",
      "2026-01-01",
      "2026-05-25",
      "2026-07-03",
      "2026-09-07",
      "2026-11-26",
      "2026-12-25",
    ],
  },
  marketing: { mqlsPerMonth: 120, pipelinePerQuarter: 1_500_000, maxRejectionRate: 0.3 },
};

/** When each version was signed and took effect, in days before `now`. */
const SIGNED_DAYS_AGO = [332, 120];

interface SeedMember {
  id: string;
  name: string;
  team: string;
  role: string;
}

export interface AuditSeed {
  action: string;
  entityType: string;
  entityId: string;
  member: SeedMember | null;
  summary: string;
  at: Date;
}

/** Writes the audit entries the agreements' workflow would have written (ids derive from the entry). */
export async function writeAudit(db: Db, workspaceId: string, entries: AuditSeed[]) {
  for (const e of entries) {
    await db.execute(sql`
      insert into audit_events (workspace_id, id, action, entity_type, entity_id, member_id, actor_name, summary, occurred_at)
      values (${workspaceId}, ${derivedId(workspaceId, "audit", e.action, e.entityId, e.at.toISOString())}, ${e.action},
        ${e.entityType}, ${e.entityId}, ${e.member?.id ?? null}, ${e.member?.name ?? "system"}, ${e.summary},
        ${e.at.toISOString()}::timestamptz)`);
  }
  return entries.length;
}

/** Marketing's MQLs a month over the 90 days from `start` (rounded to 5): what it could commit to then. */
async function deliveredPerMonth(db: Db, workspaceId: string, start: Date) {
  const n = await countMqlsEntered(db, workspaceId, start, new Date(start.getTime() + 90 * DAY));
  return Math.max(5, Math.round(((n / 3) * (30.4 / 30)) / 5) * 5);
}

export async function seedSla(
  db: Db,
  workspaceId: string,
  members: SeedMember[],
  now: Date,
): Promise<{ inForce: SlaInForce[]; audit: number }> {
  const lead = (team: string) => members.find((m) => m.team === team && m.role === "lead");
  const marketing = lead("marketing");
  const sales = lead("sales");
  if (!marketing || !sales) return { inForce: [], audit: 0 };
  const daysAgo = (days: number, hours = 0) => new Date(now.getTime() - days * DAY + hours * 3_600_000);
  const [v1At, v2At] = SIGNED_DAYS_AGO.map((d) => daysAgo(d));
  const terms: SlaTerms[] = [
    {
      ...DEMO_SLA_TERMS,
      marketing: {
        ...DEMO_SLA_TERMS.marketing,
        mqlsPerMonth: await deliveredPerMonth(db, workspaceId, v1At),
      },
    },
    {
      ...DEMO_SLA_TERMS,
      // Version 2 commits to what the last three months delivered.
      marketing: {
        ...DEMO_SLA_TERMS.marketing,
        mqlsPerMonth: await deliveredPerMonth(db, workspaceId, daysAgo(90)),
      },
    },
  ];
  const notes = [
    "Our first agreement: answer every MQL the same business day.",
    "MQL volume grew with the new campaigns: marketing commits to more.",
  ];
  const inForce: SlaInForce[] = [];
  const audit: AuditSeed[] = [];
  for (const [i, activatedAt] of [v1At, v2At].entries()) {
    const version = i + 1;
    const id = derivedId(workspaceId, "sla-version", String(version));
    const createdAt = new Date(activatedAt.getTime() - 6 * DAY);
    const marketingSigned = new Date(activatedAt.getTime() - 2 * DAY);
    const salesSigned = new Date(activatedAt.getTime() - 3_600_000);
    const retiredAt = i === 0 ? v2At : null;
    await db.insert(slaVersions).values({
      workspaceId,
      id,
      version,
      status: retiredAt ? "retired" : "active",
      terms: terms[i],
      note: notes[i],
      createdBy: marketing.id,
      approvedAt: salesSigned,
      activatedAt,
      activatedBy: sales.id,
      retiredAt,
      createdAt,
      updatedAt: retiredAt ?? activatedAt,
    });
    await db.insert(slaApprovals).values([
      {
        workspaceId,
        id: derivedId(id, "marketing"),
        versionId: id,
        memberId: marketing.id,
        team: "marketing",
        approvedAt: marketingSigned,
      },
      {
        workspaceId,
        id: derivedId(id, "sales"),
        versionId: id,
        memberId: sales.id,
        team: "sales",
        approvedAt: salesSigned,
      },
    ]);
    inForce.push({ id, activatedAt, terms: terms[i] });
    const entry = (action: string, member: SeedMember, summary: string, at: Date) =>
      audit.push({ action, entityType: "sla_version", entityId: id, member, summary, at });
    entry(
      "sla.version.created",
      marketing,
      `${marketing.name} drafted version ${version} of the SLA`,
      createdAt,
    );
    entry(
      "sla.version.approved",
      marketing,
      `${marketing.name} signed version ${version} of the SLA for marketing`,
      marketingSigned,
    );
    entry(
      "sla.version.approved",
      sales,
      `${sales.name} signed version ${version} of the SLA for sales`,
      salesSigned,
    );
    if (i === 1)
      audit.push({
        action: "sla.version.retired",
        entityType: "sla_version",
        entityId: inForce[0].id,
        member: sales,
        summary: `${sales.name} retired version 1 of the SLA`,
        at: activatedAt,
      });
    entry(
      "sla.version.activated",
      sales,
      `${sales.name} put version ${version} of the SLA in force`,
      activatedAt,
    );
  }
  return { inForce, audit: await writeAudit(db, workspaceId, audit) };
}
