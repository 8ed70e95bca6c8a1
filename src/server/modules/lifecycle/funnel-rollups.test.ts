// The stage history's roll-ups: written by moveStage with the history, rebuilt from it in one pass, and
// compacted, they give the same counts as the history itself, re-entries counted once per period.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows } from "../../db/client.js";
import { setupTestApp } from "../../testing/harness.js";
import { person } from "../goals/goal-fixtures.js";
import { compactStageEntryCounts, rebuildFunnelRollups } from "./funnel-rollups.js";
import { countStageEntries } from "./lifecycle.service.js";

const t = setupTestApp();

/** The history's own count (a condition on contacts takes countStageEntries off the roll-up). */
const fromHistory = (ws: string, start: string, end: string) =>
  countStageEntries(t.database.db, ws, new Date(start), new Date(end), sql`true`);
const fromRollup = (ws: string, start: string, end: string) =>
  countStageEntries(t.database.db, ws, new Date(start), new Date(end));

async function funnelRows(ws: string) {
  return queryRows<{ contactId: string; enteredAt: string; reached: number }>(
    t.database.db,
    sql`select contact_id as "contactId", entered_at::text as "enteredAt", reached from contact_funnel
        where workspace_id = ${ws} order by contact_id`,
  );
}

async function entryRows(ws: string) {
  return queryRows<{ stage: string; at: string; prior: string; contacts: number }>(
    t.database.db,
    sql`select stage::text, at::text, prior::text, sum(contacts)::int as contacts from stage_entry_counts
        where workspace_id = ${ws} group by 1, 2, 3 order by 1, 2, 3`,
  );
}

describe("the stage history's roll-ups", () => {
  it("count contacts entering a stage once per period, re-entries included, as the history does", async () => {
    const db = t.database.db;
    const ws = t.cast.admin.workspaceId;
    // Recycled: MQL on the 2nd and again on the 20th of March (back to lead between).
    const recycled = await person(db, ws, [
      ["lead", "2026-03-01T10:00:00Z"],
      ["mql", "2026-03-02T10:05:00Z"],
      ["lead", "2026-03-10T10:00:00Z"],
      ["mql", "2026-03-20T10:10:00Z"],
      ["sal", "2026-03-21T09:00:00Z"],
    ]);
    // Twice an MQL in the same quarter hour (back to lead at once): one contact.
    await person(db, ws, [
      ["mql", "2026-03-05T12:01:00Z"],
      ["lead", "2026-03-05T12:02:00Z"],
      ["mql", "2026-03-05T12:03:00Z"],
    ]);
    await person(db, ws, [["mql", "2026-04-02T08:00:00Z"]]);

    // March: three contacts became MQLs (the recycled one twice, counted once); one a SAL; two leads.
    const march = await fromRollup(ws, "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z");
    expect(march).toMatchObject({ mql: 2, sal: 1, lead: 2 });
    expect(march).toEqual(await fromHistory(ws, "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z"));
    // From the 15th: the recycled contact's second entry counts (its first was before the period).
    const late = await fromRollup(ws, "2026-03-15T00:00:00Z", "2026-04-15T00:00:00Z");
    expect(late).toMatchObject({ mql: 2, sal: 1 });
    expect(late).toEqual(await fromHistory(ws, "2026-03-15T00:00:00Z", "2026-04-15T00:00:00Z"));
    // A period starting in New York's midnight (a quarter hour in UTC too).
    expect(await fromRollup(ws, "2026-03-05T05:00:00Z", "2026-03-06T05:00:00Z")).toEqual({ mql: 1, lead: 1 });

    // The funnel's per-contact row: first funnel entry, furthest stage (SAL is 3).
    const funnel = await funnelRows(ws);
    expect(funnel.find((r) => r.contactId === recycled)).toMatchObject({ reached: 3 });
    expect(new Date(funnel.find((r) => r.contactId === recycled)?.enteredAt ?? "").toISOString()).toBe(
      "2026-03-01T10:00:00.000Z",
    );
    expect(funnel).toHaveLength(3);

    // Rebuilt from the history in one pass: the same rows; compacted: the same sums, fewer rows.
    const before = { funnel, entries: await entryRows(ws) };
    await rebuildFunnelRollups(db, ws);
    expect({ funnel: await funnelRows(ws), entries: await entryRows(ws) }).toEqual(before);
    await person(db, ws, [["mql", "2026-03-02T10:06:00Z"]]);
    const [{ n: split }] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from stage_entry_counts where workspace_id = ${ws}`,
    );
    await compactStageEntryCounts(db);
    const [{ n: compacted }] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from stage_entry_counts where workspace_id = ${ws}`,
    );
    expect(compacted).toBe(split - 1);
    expect(await fromRollup(ws, "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z")).toMatchObject({ mql: 3 });
  });
});
