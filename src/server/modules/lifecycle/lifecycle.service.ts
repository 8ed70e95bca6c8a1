// The lifecycle's automatic moves: a contact goes forward through subscriber, lead, mql, sal, sql,
// opportunity, customer when the product sees it happen (the scoring model or a hand-off touch says
// MQL, an opportunity is linked, a deal is won) and never silently backwards. Every move is recorded
// with its time, cause and the stage it left. The working lead status follows sales touches the same way.
import { type SQL, sql } from "drizzle-orm";
import type { LifecycleStage, StageChangeCause } from "../../../shared/domain.js";
import { type Db, queryRows } from "../../db/client.js";
import { routeMqls } from "../routing/routing.service.js";
import { uuidArray } from "../scoring/scoring-sql.js";
import { clocksAfterStageMove } from "../sla/sla-clocks.service.js";

/** Where each stage may be entered from automatically (moves by hand are the member's call). */
const AUTOMATIC_FROM: Partial<Record<LifecycleStage, LifecycleStage[]>> = {
  lead: ["subscriber"],
  // Recycled leads come back when they qualify again; disqualified ones only by hand.
  mql: ["subscriber", "lead", "recycled"],
  sal: ["subscriber", "lead", "recycled", "mql"],
  sql: ["subscriber", "lead", "recycled", "mql", "sal"],
  opportunity: ["subscriber", "lead", "recycled", "mql", "sal", "sql", "disqualified"],
  customer: ["subscriber", "lead", "recycled", "mql", "sal", "sql", "opportunity", "disqualified"],
};

export interface StageCause {
  cause: StageChangeCause;
  detail: string;
  memberId?: string | null;
}

/**
 * Moves the contacts (those of `contacts`, a list of ids or a relation with a contact_id column) to
 * `toStage` when that is forward for them, in one statement; returns the ids that moved.
 */
export async function advanceStage(
  db: Db,
  workspaceId: string,
  contacts: string[] | SQL,
  toStage: LifecycleStage,
  cause: StageCause,
  at = new Date(),
): Promise<string[]> {
  const from = AUTOMATIC_FROM[toStage];
  if (!from || (Array.isArray(contacts) && contacts.length === 0)) return [];
  const scope = Array.isArray(contacts)
    ? sql`o.id = any(${uuidArray(contacts)})`
    : sql`o.id in (select contact_id from ${contacts} x)`;
  const stamp = sql`${at.toISOString()}::timestamptz`;
  const rows = await queryRows<{ id: string }>(
    db,
    sql`with moved as (
          update contacts c set lifecycle_stage = ${toStage}, lifecycle_stage_changed_at = ${stamp}, updated_at = ${stamp}
          from contacts o
          where o.workspace_id = ${workspaceId} and ${scope} and o.archived_at is null
            and o.lifecycle_stage in ${from}
            and c.workspace_id = o.workspace_id and c.id = o.id
          returning c.id, o.lifecycle_stage as from_stage
        ),
        recorded as (
          insert into lifecycle_stage_changes (workspace_id, id, contact_id, from_stage, to_stage, changed_at, cause, cause_detail, member_id)
          select ${workspaceId}, md5(m.id::text || ${toStage}::text || ${at.toISOString()}::text)::uuid, m.id, m.from_stage,
            ${toStage}, ${stamp}, ${cause.cause}, ${cause.detail}, ${cause.memberId ?? null}::uuid
          from moved m
          returning contact_id
        )
        select contact_id as id from recorded`,
  );
  const moved = rows.map((r) => r.id);
  await afterStageMove(db, workspaceId, moved, toStage, at);
  return moved;
}

/** What follows a stage move: a new MQL is routed and its SLA clocks start; other moves close clocks. */
export async function afterStageMove(
  db: Db,
  workspaceId: string,
  contactIds: string[],
  toStage: LifecycleStage,
  at: Date,
) {
  if (contactIds.length === 0) return;
  if (toStage === "mql") await routeMqls(db, workspaceId, contactIds, at);
  else await clocksAfterStageMove(db, workspaceId, contactIds, toStage, at);
}

export const LEAD_STATUSES = ["new", "attempting", "connected", "qualified", "disqualified"] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/** What a sales touch says about the working lead status, if anything. */
export function leadStatusAfterTouch(
  type: string,
  properties: Record<string, unknown> = {},
): LeadStatus | null {
  if (type === "meeting") return "connected";
  // A reply from the lead (an inbound email or message) means contact was made.
  if ((type === "sales_email" || type === "social_message") && properties.direction === "inbound")
    return "connected";
  if (type === "call" && (properties.outcome === "connected" || properties.connected === true))
    return "connected";
  if (type === "call" || type === "sales_email" || type === "social_message") return "attempting";
  return null;
}

/** Moves the working lead status forward only (new -> attempting -> connected -> qualified). */
export async function advanceLeadStatus(db: Db, workspaceId: string, contactId: string, status: LeadStatus) {
  const order = LEAD_STATUSES.indexOf(status);
  const earlier = LEAD_STATUSES.slice(0, order).filter((s) => s !== "disqualified");
  await db.execute(sql`
    update contacts set lead_status = ${status}, updated_at = now()
    where workspace_id = ${workspaceId} and id = ${contactId}
      and (lead_status is null or lead_status in ${earlier.length > 0 ? earlier : ["new"]})`);
}
