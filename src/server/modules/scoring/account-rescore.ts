// A full account rescore: every account's fit and rolled-up engagement under every live model, from the
// stored contact scores, and the journey (stage, stage changes, the day's score) in the same set-based
// pass: one statement per model for the scores and one for the journey, whatever the number of accounts.
import type { Db } from "../../db/client.js";
import { refreshJourneys } from "./account-journey.js";
import { activeVersions, writeAccountScores } from "./scores.service.js";

export async function rescoreAllAccounts(db: Db, workspaceId: string, at = new Date()) {
  const versions = await activeVersions(db, workspaceId);
  await db.transaction(async (t) => {
    // writeAccountScores refreshes the journey for the journey model's scores; without a live model the
    // journey still follows the deals.
    for (const version of versions) await writeAccountScores(t, workspaceId, version, { at });
    if (versions.length === 0) await refreshJourneys(t, workspaceId, null, at);
  });
}
