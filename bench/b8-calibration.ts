// B8: calibration of the generator's data (the default outcome: won deals and customers against lost,
// disqualified and rejected contacts), timed end to end as the job runs it, and its holdout AUC against the
// generator's own planted signal on the same holdout (the oracle). Targets (issue #15): medium data in under a
// minute on both engines; AUC within 0.03 of the oracle.
//
// The oracle: the generator plants a win chance sigmoid(-5.5 + 4.4 fit + 3.6 engagement) from each
// contact's latent fit (persona, seniority, segment) and engagement (touch count and recency), applied to
// the deal's people. Ranking the held-out contacts by that planted chance of their own latents is the best a
// contact-level score can aim for with this data; deal-level noise (which people sit on a deal, which deals
// have closed) is beyond any contact's attributes. The data is regenerated in this process with the same
// seed and `now`, so the latents line up with the seeded rows by contact id.
import path from "node:path";
import { type Db, openDatabase } from "../src/server/db/client.js";
import { generateFixtures, generateRecords, plantedWinChance } from "../src/server/db/seed/generate.js";
import { generationPlan, type SeedScale } from "../src/server/db/seed/seed-demo-workspace.js";
import { areaUnderCurve } from "../src/server/modules/scoring/calibration.js";
import { calibrateScoringModel } from "../src/server/modules/scoring/calibration.service.js";
import { calibrationRequestSchema } from "../src/shared/scoring.js";
import type { ResultRow } from "./report.js";
import {
  type BenchContext,
  cliEntry,
  createDatabase,
  fmt,
  log,
  runNode,
  seededModel,
  tempDir,
} from "./support.js";

const SEED = 42;

/** contact id -> the planted win chance of its own latents. */
function plantedSignal(scale: SeedScale, now: Date) {
  const plan = generationPlan({ scale, seed: SEED, now });
  const chance = new Map<string, number>();
  for (const chunk of generateRecords(plan, generateFixtures(plan)))
    for (const l of chunk.latents) chance.set(l.contactId, plantedWinChance(l.fit, l.engagement));
  return chance;
}

export async function runB8(ctx: BenchContext): Promise<ResultRow[]> {
  log(`B8 calibration: seeding ${ctx.scale} data on ${ctx.engine}`);
  const { dir, remove } = tempDir(ctx, "b8");
  const target = ctx.engine === "postgres" ? await createDatabase(ctx, "b8") : undefined;
  const env = {
    LOCKSTEP_DATA_DIR: dir,
    DATABASE_URL: target?.url,
    LOG_LEVEL: "warn",
    LOCKSTEP_SEED_DEMO: "false",
  };
  // A whole minute, so the regenerated rows are byte-identical to the seeded ones.
  const now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  try {
    await runNode(
      ctx,
      "seed",
      [cliEntry, "seed", "--scale", ctx.scale, "--seed", String(SEED), "--now", now.toISOString()],
      env,
    );
    const database = await openDatabase(
      target ? { url: target.url, poolSize: 2 } : { dataDir: path.join(dir, "pglite") },
    );
    try {
      const db = database.db as Db;
      const { modelId, caller } = await seededModel(db);
      let holdout: { ids: string[]; labels: (0 | 1)[] } = { ids: [], labels: [] };
      let checkpoints = 0;
      let longestGapMs = 0;
      let longestBefore = "";
      let last = performance.now();
      const started = performance.now();
      const report = await calibrateScoringModel(
        db,
        caller,
        modelId,
        calibrationRequestSchema.parse({}),
        {
          async checkpoint(_progress, step) {
            const at = performance.now();
            if (at - last > longestGapMs) longestBefore = step;
            longestGapMs = Math.max(longestGapMs, at - last);
            last = at;
            checkpoints++;
          },
        },
        { holdout: (ids, labels) => (holdout = { ids, labels }) },
      );
      const ms = performance.now() - started;
      log(
        `  calibrated in ${fmt.s(ms)} (${checkpoints} checkpoints, longest gap ${fmt.ms(longestGapMs)} before "${longestBefore}")`,
      );
      for (const rule of report.topRules.slice(0, 8))
        log(
          `    ${rule.points > 0 ? "+" : ""}${rule.points} ${rule.label} (${rule.kind}, ${fmt.int(rule.support)} contacts)`,
        );
      const chance = plantedSignal(ctx.scale, now);
      const missing = holdout.ids.filter((id) => !chance.has(id)).length;
      const oracle = areaUnderCurve(
        holdout.ids.map((id) => chance.get(id) ?? 0),
        holdout.labels,
      );
      const auc = report.comparison[0].auc ?? Number.NaN;
      const [live, starter] = [report.comparison[1].auc, report.comparison[2].auc];
      const timeMet = ms < 60_000;
      const aucMet = auc >= oracle - 0.03;
      return [
        {
          workload: "B8 calibration (time; holdout AUC vs the planted signal)",
          engine: ctx.engine,
          scale: ctx.scale,
          ours: `${fmt.s(ms)}; AUC ${auc.toFixed(3)}`,
          baseline: `oracle AUC ${oracle.toFixed(3)}`,
          ratio: (auc - oracle).toFixed(3),
          target: "< 60 s; AUC >= oracle - 0.03",
          met: timeMet && aucMet ? "yes" : "no",
          note:
            `${fmt.int(report.labelled)} labelled contacts (${fmt.int(report.positives)} positive), holdout ` +
            `${fmt.int(report.holdoutCount)}; ${report.candidates} candidates, ${report.fitRules} fit + ` +
            `${report.engagementRules} engagement rules kept; live version AUC ${live?.toFixed(3) ?? "n/a"}, starter ` +
            `${starter?.toFixed(3) ?? "n/a"}; reproduction max difference ${report.reproduction.maxDifference}; ` +
            `${checkpoints} checkpoints, the longest stretch without one ${fmt.ms(longestGapMs)} (before "${longestBefore}")` +
            (missing ? `; ${missing} holdout contacts had no regenerated latent (CHECK)` : "") +
            `. Ratio column = AUC minus oracle.`,
        },
      ];
    } finally {
      await database.close();
    }
  } finally {
    await target?.drop();
    await remove();
  }
}
