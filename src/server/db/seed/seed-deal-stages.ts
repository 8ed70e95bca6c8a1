// The demo's deal-stage history, written in one statement after the deals are loaded (the generator's
// random stream stays untouched, so every other seeded row repeats as before). Each deal moved through the
// open stages in order from its creation: an open deal up to the stage it is at now, a won deal through all
// four, a lost deal as far as its id says (4 in 10 lost in discovery, 3 in qualification, 2 in proposal,
// 1 in negotiation), the moves spread evenly over its life, then the close at its closing time. Ids come
// from the deal and the stage, so a reseed writes identical rows.
import { sql } from "drizzle-orm";
import type { Db } from "../client.js";
import { queryRows } from "../client.js";

export async function seedDealStages(db: Db, workspaceId: string): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`with deals as (
          select o.id, o.stage, o.created_at, greatest(coalesce(o.closed_at, o.updated_at), o.created_at) as end_at,
            case o.stage when 'discovery' then 1 when 'qualification' then 2 when 'proposal' then 3
              when 'negotiation' then 4 when 'closed_won' then 4
              else (case when x.h < 4 then 1 when x.h < 7 then 2 when x.h < 9 then 3 else 4 end) end as reached
          from opportunities o
          cross join lateral (select ('x' || substr(md5(o.id::text), 1, 4))::bit(16)::int % 10 as h) x
          where o.workspace_id = ${workspaceId}
        ),
        steps as (
          select d.id, s.i, (array['discovery', 'qualification', 'proposal', 'negotiation'])[s.i] as to_stage,
            d.created_at + (d.end_at - d.created_at) * ((s.i - 1)::float8 / d.reached) as at
          from deals d cross join lateral generate_series(1, d.reached) as s(i)
          union all
          select d.id, 5, d.stage, d.end_at from deals d where d.stage in ('closed_won', 'closed_lost')
        ),
        written as (
          insert into opportunity_stage_changes (workspace_id, id, opportunity_id, from_stage, to_stage, changed_at, cause)
          select ${workspaceId}, md5(s.id::text || '|' || s.to_stage || '|seed')::uuid, s.id,
            lag(s.to_stage) over (partition by s.id order by s.i), s.to_stage, s.at, 'seed'
          from steps s
          returning 1
        )
        select count(*)::int as n from written`,
  );
  return rows[0]?.n ?? 0;
}
