// The stage history's two roll-ups, so the funnel and every count of stage entries read a few rows instead
// of grouping the whole history (see the tables in db/schema/contacts.ts):
//   contact_funnel       per contact: when it entered the funnel and the furthest funnel stage it reached
//   stage_entry_counts   moves into each stage per quarter hour, with the quarter hour of the contact's
//                        previous move into the same stage
// moveStage writes both in the statement that writes the history (side effects named there); the seed, which
// bulk-loads invented history, rebuilds them in one pass; the goals sweep compacts the entry counts.
import { type SQL, sql } from "drizzle-orm";
import type { LifecycleStage } from "../../../shared/domain.js";
import { FUNNEL_STAGES } from "../../../shared/reports.js";
import { type Db, queryRows } from "../../db/client.js";

export const QUARTER_HOUR_MS = 15 * 60_000;

/** The bucket of a moment in stage_entry_counts: its quarter hour (every time zone's midnight is one). */
export const quarterHour = (at: SQL) =>
  sql`date_bin('15 minutes', ${at}, timestamptz '2000-01-01T00:00:00Z')`;

/** A stage's place in the funnel, 1 (lead) to 6 (customer); null outside the funnel. */
export const funnelRank = (stage: SQL) =>
  sql`(case ${stage} ${sql.join(
    FUNNEL_STAGES.map((s, i) => sql`when ${s}::lifecycle_stage then ${sql.raw(String(i + 1))}`),
    sql` `,
  )} end)`;

/**
 * The roll-up writes for history rows just recorded (`recorded`: a CTE with contact_id, to_stage), moved at
 * `stamp`: CTE bodies for moveStage's statement. The previous entry into the same stage is read from the
 * history as it was before the statement.
 */
export function rollupWrites(workspaceId: string, recorded: SQL, stamp: SQL) {
  return {
    funnel: sql`insert into contact_funnel (workspace_id, contact_id, entered_at, reached)
      select ${workspaceId}, r.contact_id, ${stamp}, ${funnelRank(sql`r.to_stage`)}
      from ${recorded} r where ${funnelRank(sql`r.to_stage`)} is not null
      on conflict (workspace_id, contact_id) do update
        set entered_at = least(contact_funnel.entered_at, excluded.entered_at),
          reached = greatest(contact_funnel.reached, excluded.reached)`,
    entries: sql`insert into stage_entry_counts (workspace_id, stage, at, prior, contacts)
      select ${workspaceId}, r.to_stage, ${quarterHour(stamp)},
        coalesce(${quarterHour(sql`(select max(h.changed_at) from lifecycle_stage_changes h
          where h.workspace_id = ${workspaceId} and h.contact_id = r.contact_id and h.to_stage = r.to_stage
            and h.changed_at <= ${stamp})`)}, '-infinity'), count(*)::int
      from ${recorded} r group by 2, 3, 4`,
  };
}

/** Rebuilds a workspace's roll-ups from its stage history in one set-based pass (after a bulk load). */
export async function rebuildFunnelRollups(db: Db, workspaceId: string) {
  await db.execute(sql`delete from contact_funnel where workspace_id = ${workspaceId}`);
  await db.execute(sql`delete from stage_entry_counts where workspace_id = ${workspaceId}`);
  await db.execute(sql`insert into contact_funnel (workspace_id, contact_id, entered_at, reached)
    select workspace_id, contact_id, min(changed_at), max(${funnelRank(sql`to_stage`)})
    from lifecycle_stage_changes
    where workspace_id = ${workspaceId} and ${funnelRank(sql`to_stage`)} is not null
    group by 1, 2`);
  await db.execute(sql`insert into stage_entry_counts (workspace_id, stage, at, prior, contacts)
    select workspace_id, to_stage, ${quarterHour(sql`changed_at`)}, coalesce(${quarterHour(sql`prior`)}, '-infinity'), count(*)::int
    from (select workspace_id, to_stage, changed_at,
            lag(changed_at) over (partition by contact_id, to_stage order by changed_at, id) as prior
          from lifecycle_stage_changes where workspace_id = ${workspaceId}) h
    group by 1, 2, 3, 4`);
}

/**
 * Merges the entry counts split over several rows into one row per (workspace, stage, quarter hour, prior),
 * in one statement: the rows it deletes are summed back, so a move recorded meanwhile (not yet visible to it) is kept as it is.
 */
export async function compactStageEntryCounts(db: Db) {
  await db.execute(sql`with split as (
      select workspace_id, stage, at, prior from stage_entry_counts group by 1, 2, 3, 4 having count(*) > 1
    ),
    gone as (
      delete from stage_entry_counts c using split s
      where c.workspace_id = s.workspace_id and c.stage = s.stage and c.at = s.at and c.prior = s.prior
      returning c.*
    )
    insert into stage_entry_counts (workspace_id, stage, at, prior, contacts)
    select workspace_id, stage, at, prior, sum(contacts)::int from gone group by 1, 2, 3, 4`);
}

/**
 * Contacts that entered each stage in [start, end), each counted once (the one definition, see
 * countStageEntries): entries in the period whose previous entry into the stage was before it. Exact for
 * periods that start and end on a quarter hour.
 */
export async function stageEntriesFromRollup(
  db: Db,
  workspaceId: string,
  start: Date,
  end: Date,
): Promise<Partial<Record<LifecycleStage, number>>> {
  const rows = await queryRows<{ stage: LifecycleStage; n: number }>(
    db,
    sql`select stage, sum(contacts)::int as n from stage_entry_counts
        where workspace_id = ${workspaceId} and at >= ${start.toISOString()}::timestamptz
          and at < ${end.toISOString()}::timestamptz and prior < ${start.toISOString()}::timestamptz
        group by stage`,
  );
  return Object.fromEntries(rows.map((r) => [r.stage, r.n]));
}
