// The measured stage-to-won rates a revenue forecast weights open deals by, read from the one deal-stage
// history (opportunity_stage_changes). Of the deals closed (won or lost) in the 12 months before now, a deal
// "reached" a stage when its history shows that stage or a later open one; a won deal went through every
// stage; a lost deal with no open stage on record (created lost) reached discovery only. A stage's rate is
// won ÷ closed among the deals that reached it.
import { sql } from "drizzle-orm";
import { OPEN_DEAL_STAGES, type OpenDealStage } from "../../../shared/domain.js";
import { type Db, queryRows } from "../../db/client.js";

export const STAGE_WIN_RATE_MONTHS = 12;

export interface MeasuredStageRate {
  stage: OpenDealStage;
  won: number;
  of: number;
  rate: number | null;
}

/** `timeZone`: the workspace's, which dates a deal closed on its close date (no closed_at). */
export async function measuredStageWinRates(
  db: Db,
  ws: string,
  timeZone: string,
  now: Date,
): Promise<MeasuredStageRate[]> {
  const stages = sql`array[${sql.join(
    OPEN_DEAL_STAGES.map((s) => sql`${s}`),
    sql`, `,
  )}]::text[]`;
  const closedAt = sql`coalesce(o.closed_at, o.close_date::timestamp at time zone ${timeZone})`;
  const rows = await queryRows<{ stage: OpenDealStage; won: number; of: number }>(
    db,
    // The deals' furthest stages in one grouped pass over the history, then the closed deals tallied by
    // (won, furthest) before they meet the stages: a handful of rows, not a row per deal and stage.
    sql`with furthest as (
          select h.opportunity_id, max(array_position(${stages}, h.to_stage)) as furthest
          from opportunity_stage_changes h where h.workspace_id = ${ws} group by 1
        ),
        closed as (
          select o.stage = 'closed_won' as won, coalesce(f.furthest, 1) as furthest, count(*)::int as n
          from opportunities o left join furthest f on f.opportunity_id = o.id
          where o.workspace_id = ${ws} and o.archived_at is null and o.stage in ('closed_won', 'closed_lost')
            and ${closedAt} <= ${now.toISOString()}::timestamptz
            and ${closedAt} > ${now.toISOString()}::timestamptz - make_interval(months => ${STAGE_WIN_RATE_MONTHS})
          group by 1, 2
        )
        select s.stage, coalesce(sum(c.n) filter (where c.won), 0)::int as won, coalesce(sum(c.n), 0)::int as of
        from unnest(${stages}) with ordinality as s(stage, position)
        left join closed c on c.won or c.furthest >= s.position
        group by s.stage, s.position
        order by s.position`,
  );
  return rows.map((r) => ({ stage: r.stage, won: r.won, of: r.of, rate: r.of > 0 ? r.won / r.of : null }));
}
