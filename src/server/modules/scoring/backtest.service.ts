// Backtest: replays a version over the last N calendar months so both teams see, before agreeing, how many
// MQLs it would have produced each month and what became of them, side by side with the live version.
//
// A contact is "produced" in the first month at whose end (or at `at`, for the current month) it meets
// the MQL condition, scored as of that moment, having not met it at the start of the window. What became
// of it comes from what really happened: its furthest stage in the stage history (or now), and "won"
// when it is on a closed-won opportunity or a customer. Attributes are today's (their history is not kept).
import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../../db/client.js";
import type { LiveVersion } from "./scores.service.js";
import { scoreQuery } from "./scoring-sql.js";

const STAGE_RANK: Record<string, number> = { sal: 1, sql: 2, opportunity: 3, customer: 4 };

export function monthCheckpoints(at: Date, months: number) {
  const year = at.getUTCFullYear();
  const month = at.getUTCMonth();
  const start = new Date(Date.UTC(year, month - months + 1, 1));
  const ends = Array.from({ length: months }, (_, i) => {
    const end = new Date(Date.UTC(year, month - months + 2 + i, 1));
    return end.getTime() > at.getTime() ? at : end;
  });
  const labels = Array.from({ length: months }, (_, i) =>
    new Date(Date.UTC(year, month - months + 1 + i, 1)).toISOString().slice(0, 7),
  );
  return { start, ends, labels };
}

async function mqlsAt(db: Db, workspaceId: string, version: LiveVersion, at: Date) {
  const rows = await queryRows<{ contact_id: string }>(
    db,
    sql`select contact_id from (${scoreQuery(version.definition, { workspaceId, at, existingAt: true })}) s where mql`,
  );
  return new Set(rows.map((r) => r.contact_id));
}

/** Furthest stage reached (1 sal .. 4 customer) and won, per contact that got past MQL at all. */
async function outcomes(db: Db, workspaceId: string, at: Date) {
  const rows = await queryRows<{ contact_id: string; rank: number; won: boolean }>(
    db,
    sql`with reached as (
          select contact_id, to_stage::text as stage from lifecycle_stage_changes
          where workspace_id = ${workspaceId} and changed_at <= ${at.toISOString()}::timestamptz
            and to_stage in ('sal', 'sql', 'opportunity', 'customer')
          union all
          select id, lifecycle_stage::text from contacts
          where workspace_id = ${workspaceId} and lifecycle_stage in ('sal', 'sql', 'opportunity', 'customer')
        ),
        won as (
          select distinct oc.contact_id from opportunity_contacts oc
          join opportunities o on o.workspace_id = oc.workspace_id and o.id = oc.opportunity_id
          where oc.workspace_id = ${workspaceId} and o.stage = 'closed_won'
        )
        select coalesce(r.contact_id, w.contact_id) as contact_id,
          coalesce(r.rank, 0) as rank, (w.contact_id is not null or r.rank = 4) as won
        from (
          select contact_id, max(case stage when 'sal' then 1 when 'sql' then 2 when 'opportunity' then 3 else 4 end) as rank
          from reached group by contact_id
        ) r full join won w on w.contact_id = r.contact_id
        -- Archived contacts are out of the backtest (the score query leaves them out too).
        join contacts c on c.workspace_id = ${workspaceId} and c.id = coalesce(r.contact_id, w.contact_id)
          and c.archived_at is null`,
  );
  return new Map(
    rows.map((r) => [
      r.contact_id,
      { rank: Math.max(Number(r.rank), r.won ? STAGE_RANK.customer : 0), won: r.won },
    ]),
  );
}

export async function backtestVersion(
  db: Db,
  workspaceId: string,
  version: LiveVersion,
  options: { months: number; at?: Date },
  known?: Awaited<ReturnType<typeof outcomes>>,
) {
  const at = options.at ?? new Date();
  const { start, ends, labels } = monthCheckpoints(at, options.months);
  const result = known ?? (await outcomes(db, workspaceId, at));
  const seen = await mqlsAt(db, workspaceId, version, start);
  const everMql = new Set(seen);
  const months: {
    month: string;
    mqls: number;
    sal: number;
    sql: number;
    opportunity: number;
    won: number;
  }[] = [];
  for (let i = 0; i < ends.length; i++) {
    const now = await mqlsAt(db, workspaceId, version, ends[i]);
    const produced = [...now].filter((id) => !seen.has(id));
    for (const id of now) {
      seen.add(id);
      everMql.add(id);
    }
    const reached = (rank: number) => produced.filter((id) => (result.get(id)?.rank ?? 0) >= rank).length;
    months.push({
      month: labels[i],
      mqls: produced.length,
      sal: reached(1),
      sql: reached(2),
      opportunity: reached(3),
      won: produced.filter((id) => result.get(id)?.won).length,
    });
  }
  const wonContacts = [...result].filter(([, o]) => o.won).map(([id]) => id);
  const flagged = [...everMql];
  const hits = flagged.filter((id) => result.get(id)?.won).length;
  const total = (key: "mqls" | "sal" | "sql" | "opportunity" | "won") =>
    months.reduce((s, m) => s + m[key], 0);
  return {
    version: version.version,
    months,
    totals: {
      mqls: total("mqls"),
      sal: total("sal"),
      sql: total("sql"),
      opportunity: total("opportunity"),
      won: total("won"),
    },
    precision: flagged.length === 0 ? null : hits / flagged.length,
    recall: wonContacts.length === 0 ? null : hits / wonContacts.length,
    wonContacts: wonContacts.length,
  };
}

/** The candidate and, when there is one, the model's live version over the same months. */
export async function backtest(
  db: Db,
  workspaceId: string,
  candidate: LiveVersion,
  live: LiveVersion | null,
  options: { months: number; at?: Date },
) {
  const at = options.at ?? new Date();
  const known = await outcomes(db, workspaceId, at);
  return {
    months: options.months,
    candidate: await backtestVersion(db, workspaceId, candidate, { ...options, at }, known),
    active: live ? await backtestVersion(db, workspaceId, live, { ...options, at }, known) : null,
  };
}
