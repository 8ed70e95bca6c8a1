// The goals sweep, in every server process: once a minute it celebrates the shared wins whose goals are all
// hit (each claimed with a conditional update, so two servers never celebrate twice), and once an hour it
// sends last week's wall digest to workspaces that have not had it (claimed per workspace and week) and
// compacts the stage-entry counts the goals' MQLs, SALs and SQLs are read from.
import type { Db } from "../../db/client.js";
import { compactStageEntryCounts } from "../lifecycle/funnel-rollups.js";
import { sendWeeklyDigests } from "../recognition/wall.service.js";
import { celebrateAll } from "./shared-wins.service.js";

const DIGEST_EVERY_MS = 60 * 60_000;

export function startGoalsWorker(db: Db, onError: (error: unknown) => void, intervalMs = 60_000) {
  let stopped = false;
  let running: Promise<void> | null = null;
  let digestAt = 0;
  const tick = async () => {
    try {
      await celebrateAll(db, new Date());
      if (Date.now() - digestAt >= DIGEST_EVERY_MS) {
        digestAt = Date.now();
        await sendWeeklyDigests(db, new Date());
        await compactStageEntryCounts(db);
      }
    } catch (error) {
      onError(error);
    }
  };
  const timer = setInterval(() => {
    if (stopped || running) return;
    running = tick().finally(() => {
      running = null;
    });
  }, intervalMs);
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
