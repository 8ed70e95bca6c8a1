// The demo workspace's agreed lead definition: version 1 of "Core lead score", approved by the marketing
// lead and the sales lead and live (every contact scored), and a version 2 draft waiting for sales, so the
// Scoring pages show the whole agreement workflow. Ids and times derive from the workspace and `now`, so
// a seed stays reproducible.
import { sql } from "drizzle-orm";
import { type ScoringDefinition, STARTER_DEFINITION } from "../../../shared/scoring.js";
import { derivedId } from "../../lib/ids.js";
import { handOff } from "../../modules/handoff/handoff.service.js";
import { moveMqlCrossings, rescoreVersion } from "../../modules/scoring/scores.service.js";
import { type Db, queryRows } from "../client.js";
import { scoringApprovals, scoringModels, scoringModelVersions } from "../schema/index.js";

const HOUR = 3_600_000;

const stableId = derivedId;

interface SeedMember {
  id: string;
  team: string;
  role: string;
}

/** Returns how many contacts the live model scored, and made MQLs (stage changes with cause "rule"). */
export async function seedScoringModel(db: Db, workspaceId: string, members: SeedMember[], now: Date) {
  const lead = (team: string) => members.find((m) => m.team === team && m.role === "lead");
  const marketing = lead("marketing");
  const sales = lead("sales");
  const admin = members.find((m) => m.role === "admin");
  if (!marketing || !sales) return { scored: 0, crossed: 0, moved: 0 };
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR);
  const modelId = stableId(workspaceId, "scoring-model");
  const v1 = stableId(workspaceId, "scoring-version", "1");
  const v2 = stableId(workspaceId, "scoring-version", "2");
  const draft: ScoringDefinition = structuredClone(STARTER_DEFINITION);
  const webinar = draft.engagementRules.find((r) => r.id === "webinar");
  if (webinar) webinar.points = 15;
  const result = await db.transaction(async (tx) => {
    await tx.insert(scoringModels).values({
      workspaceId,
      id: modelId,
      name: "Core lead score",
      description: "The lead definition marketing and sales agreed for every product line.",
      createdAt: at(72),
      updatedAt: at(72),
    });
    await tx.insert(scoringModelVersions).values([
      {
        workspaceId,
        id: v1,
        modelId,
        version: 1,
        status: "active",
        definition: STARTER_DEFINITION,
        note: "Agreed at the quarterly smarketing meeting",
        createdBy: marketing.id,
        approvedAt: at(48),
        activatedAt: at(47),
        activatedBy: admin?.id ?? sales.id,
        createdAt: at(72),
        updatedAt: at(47),
      },
      {
        workspaceId,
        id: v2,
        modelId,
        version: 2,
        status: "draft",
        definition: draft,
        note: "Webinars bring better leads than we thought",
        createdBy: marketing.id,
        createdAt: at(5),
        updatedAt: at(5),
      },
    ]);
    await tx.insert(scoringApprovals).values([
      {
        workspaceId,
        id: stableId(v1, "marketing"),
        versionId: v1,
        memberId: marketing.id,
        team: "marketing",
        approvedAt: at(50),
      },
      {
        workspaceId,
        id: stableId(v1, "sales"),
        versionId: v1,
        memberId: sales.id,
        team: "sales",
        approvedAt: at(48),
      },
      {
        workspaceId,
        id: stableId(v2, "marketing"),
        versionId: v2,
        memberId: marketing.id,
        team: "marketing",
        approvedAt: at(4),
      },
    ]);
    const { crossing, ...rescored } = await rescoreVersion(
      tx,
      workspaceId,
      { id: v1, modelId, modelName: "Core lead score", version: 1, definition: STARTER_DEFINITION },
      now,
    );
    // As activation in the app: who crossed the MQL condition moves stage, then is handed off to sales.
    await handOff(tx, workspaceId, await moveMqlCrossings(tx, workspaceId, [crossing], now), now);
    return rescored;
  });
  const [{ moved }] = await queryRows<{ moved: number }>(
    db,
    sql`select count(*)::int as moved from lifecycle_stage_changes where workspace_id = ${workspaceId} and cause = 'rule'`,
  );
  return { ...result, moved };
}
