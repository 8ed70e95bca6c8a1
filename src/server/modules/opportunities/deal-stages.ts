// The deal-stage history's one writer. Every code path that creates or changes deals (the API's create and
// PATCH, imports, the demo seed) calls it with the deals it wrote: one statement appends a row for each
// deal whose stage now differs from its last recorded one (none recorded: the deal is new), with the stage
// it left, the time and the cause. Calling it for a deal whose stage did not change writes nothing, so a
// writer never has to know whether the stage moved.
import { type SQL, sql } from "drizzle-orm";
import type { DealStageCause } from "../../../shared/domain.js";
import { type Db, queryRows } from "../../db/client.js";
import { uuidArray } from "../../lib/ids.js";

export interface DealStageCauseOf {
  cause: DealStageCause;
  memberId?: string | null;
}

/**
 * Records the current stage of `deals` (ids, or a statement selecting `id` from opportunities) where it
 * differs from the last history row; returns how many rows it wrote. Ids are derived from the deal, the
 * stage and the time, so a replay writes the same rows.
 */
export async function recordDealStages(
  db: Db,
  workspaceId: string,
  deals: readonly string[] | SQL,
  cause: DealStageCauseOf,
  at: Date,
): Promise<number> {
  if (Array.isArray(deals) && deals.length === 0) return 0;
  const ids = Array.isArray(deals) ? uuidArray(deals) : sql`array(${deals as SQL})`;
  const stamp = at.toISOString();
  const rows = await queryRows<{ id: string }>(
    db,
    sql`insert into opportunity_stage_changes (workspace_id, id, opportunity_id, from_stage, to_stage, changed_at, cause, member_id)
        select o.workspace_id, md5(o.id::text || '|' || o.stage || '|' || ${stamp})::uuid, o.id, last.to_stage, o.stage,
          ${stamp}::timestamptz, ${cause.cause}, ${cause.memberId ?? null}::uuid
        from opportunities o
        left join lateral (
          select h.to_stage from opportunity_stage_changes h
          where h.workspace_id = o.workspace_id and h.opportunity_id = o.id
          order by h.changed_at desc, h.id desc limit 1
        ) last on true
        where o.workspace_id = ${workspaceId} and o.id = any(${ids})
          and last.to_stage is distinct from o.stage
        on conflict do nothing
        returning id`,
  );
  return rows.length;
}
