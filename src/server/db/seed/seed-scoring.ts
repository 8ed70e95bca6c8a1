// The demo workspace's agreed lead definition, "Core lead score", with its year of history: version 1
// approved by the marketing lead and the sales lead and live about eleven months ago, version 2 (webinars
// count more) approved and live for three months, version 1 retired then, and a version 3 draft marketing
// signed that waits for sales. So the Scoring pages show the whole agreement workflow. Ids and times derive
// from the workspace and `now`, so a seed stays reproducible.
//
// Every contact is scored with the live version; the scores move no stage here. The stage history is the
// year as it happened (the generator's), and the MQL count is that history; contacts whose current score
// meets the live condition are a different question, which the scoring pages label as such.
import { type ScoringDefinition, STARTER_DEFINITION } from "../../../shared/scoring.js";
import { derivedId } from "../../lib/ids.js";
import { rescoreVersion } from "../../modules/scoring/scores.service.js";
import type { Db } from "../client.js";
import { scoringApprovals, scoringModels, scoringModelVersions } from "../schema/index.js";
import { type AuditSeed, writeAudit } from "./seed-sla.js";

const DAY = 86_400_000;

interface SeedMember {
  id: string;
  name: string;
  team: string;
  role: string;
}

/** Returns how many contacts the live version scored, and the audit entries written. */
export async function seedScoringModel(db: Db, workspaceId: string, members: SeedMember[], now: Date) {
  const lead = (team: string) => members.find((m) => m.team === team && m.role === "lead");
  const marketing = lead("marketing");
  const sales = lead("sales");
  const admin = members.find((m) => m.role === "admin") ?? sales;
  if (!marketing || !sales || !admin) return { scored: 0, audit: 0 };
  const daysAgo = (days: number, hours = 0) => new Date(now.getTime() - days * DAY + hours * 3_600_000);
  const modelId = derivedId(workspaceId, "scoring-model");
  const ids = [1, 2, 3].map((v) => derivedId(workspaceId, "scoring-version", String(v)));
  const v2: ScoringDefinition = structuredClone(STARTER_DEFINITION);
  const webinar = v2.engagementRules.find((r) => r.id === "webinar");
  if (webinar) webinar.points = 15;
  const v3: ScoringDefinition = structuredClone(v2);
  const pricing = v3.engagementRules.find((r) => r.id === "pricing-page");
  if (pricing) pricing.points = 15;
  const versions = [
    {
      definition: STARTER_DEFINITION,
      note: "Agreed at the quarterly smarketing meeting",
      created: 345,
      marketingSigned: 338,
      salesSigned: 336,
      activated: 335,
      retired: 95,
    },
    {
      definition: v2,
      note: "Webinars bring better leads than we thought",
      created: 104,
      marketingSigned: 99,
      salesSigned: 96,
      activated: 95,
      retired: null,
    },
    {
      definition: v3,
      note: "Pricing-page visits predict acceptance: sales accepts 4 in 5 of them",
      created: 9,
      marketingSigned: 5,
      salesSigned: null,
      activated: null,
      retired: null,
    },
  ];
  const audit: AuditSeed[] = [];
  const result = await db.transaction(async (tx) => {
    await tx.insert(scoringModels).values({
      workspaceId,
      id: modelId,
      name: "Core lead score",
      description: "The lead definition marketing and sales agreed for every product line.",
      createdAt: daysAgo(345),
      updatedAt: daysAgo(95),
    });
    for (const [i, v] of versions.entries()) {
      const id = ids[i];
      const version = i + 1;
      const status = v.retired ? "retired" : v.activated ? "active" : "draft";
      await tx.insert(scoringModelVersions).values({
        workspaceId,
        id,
        modelId,
        version,
        status,
        definition: v.definition,
        note: v.note,
        createdBy: marketing.id,
        approvedAt: v.salesSigned ? daysAgo(v.salesSigned) : null,
        activatedAt: v.activated ? daysAgo(v.activated) : null,
        activatedBy: v.activated ? admin.id : null,
        retiredAt: v.retired ? daysAgo(v.retired) : null,
        createdAt: daysAgo(v.created),
        updatedAt: daysAgo(v.retired ?? v.activated ?? v.marketingSigned),
      });
      const signatures = [
        { member: marketing, team: "marketing" as const, days: v.marketingSigned },
        ...(v.salesSigned ? [{ member: sales, team: "sales" as const, days: v.salesSigned }] : []),
      ];
      await tx.insert(scoringApprovals).values(
        signatures.map((s) => ({
          workspaceId,
          id: derivedId(id, s.team),
          versionId: id,
          memberId: s.member.id,
          team: s.team,
          approvedAt: daysAgo(s.days),
        })),
      );
      const entry = (action: string, member: SeedMember, summary: string, days: number, entityId = id) =>
        audit.push({ action, entityType: "scoring_version", entityId, member, summary, at: daysAgo(days) });
      entry(
        "scoring.version.created",
        marketing,
        `${marketing.name} drafted version ${version} of Core lead score`,
        v.created,
      );
      for (const s of signatures)
        entry(
          "scoring.version.approved",
          s.member,
          `${s.member.name} approved version ${version} of Core lead score for ${s.team}`,
          s.days,
        );
      if (i === 1)
        entry(
          "scoring.version.retired",
          admin,
          `${admin.name} retired version 1 of Core lead score`,
          95,
          ids[0],
        );
      if (v.activated)
        entry(
          "scoring.version.activated",
          admin,
          `${admin.name} made version ${version} of Core lead score live`,
          v.activated,
        );
    }
    const { crossing: _crossing, ...rescored } = await rescoreVersion(
      tx,
      workspaceId,
      { id: ids[1], modelId, modelName: "Core lead score", version: 2, definition: v2 },
      now,
    );
    return rescored;
  });
  return { scored: result.scored, audit: await writeAudit(db, workspaceId, audit) };
}
