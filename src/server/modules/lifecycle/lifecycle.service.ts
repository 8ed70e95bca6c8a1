// The lifecycle: the one way a contact's stage moves (moveStage) and the one history of those moves that
// reports read. Every cause goes through it (an edit by hand, creation, an import, tracking, scoring, a
// deal, sales' decision on an MQL) under one rule: automatic moves go forward only (subscriber, lead, mql,
// sal, sql, opportunity, customer) and never silently backwards; a member's explicit act (an edit, a
// decision, a file they import) may go anywhere. Every move is recorded with its time, cause, detail,
// actor and the stage it left. What follows a move (routing, SLA clocks) is the caller's next, named step:
// handOff in modules/handoff. The working lead status follows sales touches the same way.
import { type SQL, sql } from "drizzle-orm";
import type { LifecycleStage, StageChangeCause } from "../../../shared/domain.js";
import { type Db, queryRows } from "../../db/client.js";
import { uuidArray } from "../../lib/ids.js";
import { QUARTER_HOUR_MS, rollupWrites, stageEntriesFromRollup } from "./funnel-rollups.js";

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
  /** What the history shows: "Changed by hand", "Met the MQL condition of ...", "Imported from x.csv". */
  detail: string;
  /** Who did it (recorded as the history's actor); null for the system. */
  memberId?: string | null;
  /**
   * A member's explicit say (an edit by hand, sales' decision, a file they import): the stage is what they
   * said, whichever way that is. Without it the move is automatic and only goes forward (AUTOMATIC_FROM).
   */
  explicit?: boolean;
}

/** Which contacts move where: a list of ids or a relation with a contact_id column, to one stage; or a stage each. */
export type StageTargets =
  | { contacts: string[] | SQL; toStage: LifecycleStage }
  | { contactId: string; toStage: LifecycleStage }[];

/** One contact's move, as recorded: `fromStage` is null when the contact was just created. */
export interface StageMove {
  contactId: string;
  fromStage: LifecycleStage | null;
  toStage: LifecycleStage;
}

/**
 * Moves contacts' lifecycle stage, in one statement however many: updates the stage and the time it
 * changed, and writes the history row (cause, detail, actor, the stage left and when the history last shows
 * the contact entering it: the stay velocity measures). Returns what moved; a
 * contact already at its target, out of reach (another workspace, archived for automatic moves) or
 * not allowed there automatically is left alone. `created` says the contacts were inserted just now in
 * this transaction: their first history row has no stage left (from null), as a creation.
 *
 * This is the only writer of lifecycle_stage_changes and contacts.lifecycle_stage (the demo generator
 * bulk-loads invented history directly, and a contact row is inserted with its column default), and so of
 * the history's roll-ups (funnel-rollups.ts), written in the same statement.
 */
export async function moveStage(
  db: Db,
  workspaceId: string,
  targets: StageTargets,
  cause: StageCause,
  options: { at?: Date; created?: boolean } = {},
): Promise<StageMove[]> {
  const at = options.at ?? new Date();
  let wanted: SQL;
  if (Array.isArray(targets)) {
    if (targets.length === 0) return [];
    wanted = sql`select * from unnest(${uuidArray(targets.map((t) => t.contactId))},
      ${`{${targets.map((t) => t.toStage).join(",")}}`}::lifecycle_stage[]) as w(contact_id, to_stage)`;
  } else if (Array.isArray(targets.contacts)) {
    if (targets.contacts.length === 0) return [];
    wanted = sql`select id as contact_id, ${targets.toStage}::lifecycle_stage as to_stage
      from unnest(${uuidArray(targets.contacts)}) as id`;
  } else {
    wanted = sql`select distinct contact_id, ${targets.toStage}::lifecycle_stage as to_stage from ${targets.contacts} x`;
  }
  // Automatic moves: only the (from, to) pairs of AUTOMATIC_FROM; explicit ones: anything but staying put.
  const allowed = cause.explicit
    ? sql`true`
    : sql`(o.lifecycle_stage, w.to_stage) in (${sql.join(
        Object.entries(AUTOMATIC_FROM).flatMap(([to, froms]) =>
          (froms ?? []).map((from) => sql`(${from}::lifecycle_stage, ${to}::lifecycle_stage)`),
        ),
        sql`, `,
      )}) and o.archived_at is null`;
  const stamp = sql`${at.toISOString()}::timestamptz`;
  // The funnel's roll-ups are written with the history rows, in the same statement.
  const rollups = rollupWrites(workspaceId, sql`recorded`, stamp);
  const rows = await queryRows<{
    contact_id: string;
    from_stage: LifecycleStage | null;
    to_stage: LifecycleStage;
  }>(
    db,
    sql`with wanted as (${wanted}),
        moved as (
          update contacts c set lifecycle_stage = w.to_stage, lifecycle_stage_changed_at = ${stamp}, updated_at = ${stamp}
          from contacts o join wanted w on w.contact_id = o.id
          where o.workspace_id = ${workspaceId}
            and ${options.created ? sql`true` : sql`o.lifecycle_stage <> w.to_stage and ${allowed}`}
            and c.workspace_id = o.workspace_id and c.id = o.id
          returning c.id, ${options.created ? sql`null::lifecycle_stage` : sql`o.lifecycle_stage`} as from_stage, w.to_stage
        ),
        recorded as (
          insert into lifecycle_stage_changes (workspace_id, id, contact_id, from_stage, to_stage, changed_at, from_entered_at, cause, cause_detail, member_id)
          select ${workspaceId}, md5(m.id::text || m.to_stage::text || ${at.toISOString()}::text)::uuid, m.id, m.from_stage,
            m.to_stage, ${stamp},
            (select max(h.changed_at) from lifecycle_stage_changes h
              where h.workspace_id = ${workspaceId} and h.contact_id = m.id and h.to_stage = m.from_stage and h.changed_at <= ${stamp}),
            ${cause.cause}, ${cause.detail}, ${cause.memberId ?? null}::uuid
          from moved m
          returning contact_id, from_stage, to_stage
        ),
        funnel as (${rollups.funnel}),
        entries as (${rollups.entries})
        select contact_id, from_stage, to_stage from recorded`,
  );
  return rows.map((r) => ({ contactId: r.contact_id, fromStage: r.from_stage, toStage: r.to_stage }));
}

/**
 * The one definition of "contacts that entered a stage in a period" that every page and API counts (the
 * cockpit's MQLs, the SLA's MQLs delivered, the funnel's entries): contacts that entered the stage in
 * [start, end), per the stage history; a contact that entered twice in the period counts once. `contacts`
 * narrows who counts: a condition on contacts `c` (the report filters). Pages that mean something else (MQLs
 * open now, contacts meeting the live model's condition) say so in their labels.
 */
export async function countStageEntries(
  db: Db,
  workspaceId: string,
  start: Date,
  end: Date,
  contacts?: SQL,
  now = new Date(),
): Promise<Partial<Record<LifecycleStage, number>>> {
  // Everyone's count over a period that starts on a quarter hour (any local midnight) is read from the
  // roll-up of the same history; a narrowed count (report filters) from the history itself.
  const onQuarterHour = (d: Date) => d.getTime() % QUARTER_HOUR_MS === 0;
  if (!contacts && onQuarterHour(start) && (onQuarterHour(end) || end >= now))
    return stageEntriesFromRollup(db, workspaceId, start, end);
  const rows = await queryRows<{ stage: LifecycleStage; n: number }>(
    db,
    sql`select s.to_stage as stage, count(distinct s.contact_id)::int as n
        from lifecycle_stage_changes s
        ${contacts ? sql`join contacts c on c.workspace_id = s.workspace_id and c.id = s.contact_id and ${contacts}` : sql``}
        where s.workspace_id = ${workspaceId}
          and s.changed_at >= ${start.toISOString()}::timestamptz and s.changed_at < ${end.toISOString()}::timestamptz
        group by s.to_stage`,
  );
  return Object.fromEntries(rows.map((r) => [r.stage, r.n]));
}

/** MQLs in a period: contacts that entered stage MQL in [start, end) (countStageEntries). */
export async function countMqlsEntered(db: Db, workspaceId: string, start: Date, end: Date): Promise<number> {
  return (await countStageEntries(db, workspaceId, start, end)).mql ?? 0;
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
