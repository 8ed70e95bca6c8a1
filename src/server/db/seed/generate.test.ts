// The generator's fixtures, whatever day the demo is seeded on: campaign names (and so their utm keys) stay
// unique. A demo seeded on 30 June 2026 once failed on two "LinkedIn ads" runs named for the same quarter.
import { describe, expect, it } from "vitest";
import { generateFixtures } from "./generate.js";

describe("the demo's campaigns", () => {
  it("have unique names on every day of a year", () => {
    const start = Date.UTC(2026, 0, 1, 12);
    for (let day = 0; day < 366; day++) {
      const nowMs = start + day * 86_400_000;
      const { campaigns } = generateFixtures({
        seed: 42,
        nowMs,
        sizes: { contacts: 10, touches: 10, accounts: 5 },
        workspaceName: "Acme Analytics (demo)",
        chunkTouches: 1_000,
      });
      const names = campaigns.map((c) => c.name);
      expect(new Set(names).size, new Date(nowMs).toISOString()).toBe(names.length);
    }
  });
});
