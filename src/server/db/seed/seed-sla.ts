// The demo workspace's SLA: version 1, signed by the marketing lead and the sales lead and in force from the
// seed's `now`, in the workspace's New York business hours, so that every new MQL is routed and timed.
// Ids and times derive from the workspace and `now`, so a seed stays reproducible.
import { type SlaTerms, STARTER_SLA_TERMS } from "../../../shared/sla.js";
import { derivedId } from "../../lib/ids.js";
import type { Db } from "../client.js";
import { slaApprovals, slaVersions } from "../schema/index.js";

const HOUR = 3_600_000;

export const DEMO_SLA_TERMS: SlaTerms = {
  ...STARTER_SLA_TERMS,
  calendar: {
    ...STARTER_SLA_TERMS.calendar,
    timeZone: "America/New_York",
    holidays: ["2026-11-26", "2026-12-25"],
  },
  marketing: { mqlsPerMonth: 120, pipelinePerQuarter: 1_500_000, maxRejectionRate: 0.3 },
};

interface SeedMember {
  id: string;
  team: string;
  role: string;
}

export async function seedSla(db: Db, workspaceId: string, members: SeedMember[], now: Date) {
  const lead = (team: string) => members.find((m) => m.team === team && m.role === "lead");
  const marketing = lead("marketing");
  const sales = lead("sales");
  if (!marketing || !sales) return;
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR);
  const id = derivedId(workspaceId, "sla-version", "1");
  await db.insert(slaVersions).values({
    workspaceId,
    id,
    version: 1,
    status: "active",
    terms: DEMO_SLA_TERMS,
    note: "Our first agreement: answer every MQL the same business day.",
    createdBy: marketing.id,
    approvedAt: at(1),
    activatedAt: at(0),
    activatedBy: sales.id,
    createdAt: at(60),
    updatedAt: at(0),
  });
  await db.insert(slaApprovals).values([
    {
      workspaceId,
      id: derivedId(id, "marketing"),
      versionId: id,
      memberId: marketing.id,
      team: "marketing",
      approvedAt: at(26),
    },
    {
      workspaceId,
      id: derivedId(id, "sales"),
      versionId: id,
      memberId: sales.id,
      team: "sales",
      approvedAt: at(1),
    },
  ]);
}
