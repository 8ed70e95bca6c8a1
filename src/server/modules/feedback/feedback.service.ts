// Sales' answer to each MQL: accept (it becomes a SAL) or reject with a reason (back to nurture as
// recycled, or disqualified). Only the lead's owner, a sales lead or an admin decides. Each decision keeps
// the campaign and source that produced the lead, so acceptance and reject reasons roll up per campaign.
import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import { LIFECYCLE_STAGE_LABELS, type LifecycleStage } from "../../../shared/domain.js";
import {
  acceptanceRate,
  type acceptLeadSchema,
  type acceptLeadsSchema,
  DEFAULT_REJECTION_REASONS,
  type decisionSummaryQuerySchema,
  type rejectLeadSchema,
} from "../../../shared/feedback.js";
import { type Db, queryRows } from "../../db/client.js";
import { contacts, leadDecisions, members, users } from "../../db/schema/index.js";
import type { Caller } from "../../lib/access.js";
import { conflict, forbidden } from "../../lib/errors.js";
import { newId } from "../../lib/ids.js";
import { findRecord } from "../../lib/records.js";
import { moveStage } from "../lifecycle/lifecycle.service.js";
import { recordOwnerChange } from "../routing/routing.service.js";
import { clocksAfterDecision } from "../sla/sla-clocks.service.js";

const reasonLabel = (code: string | null) =>
  code ? (DEFAULT_REJECTION_REASONS.find((r) => r.code === code)?.label ?? code) : null;

async function decide(
  db: Db,
  caller: Caller,
  contactId: string,
  decision: { kind: "accepted" | "rejected"; to: LifecycleStage; reason: string | null; comment: string },
) {
  return db.transaction(async (tx) => {
    const t = tx;
    const contact = await findRecord(t, contacts, caller.workspaceId, contactId, "Contact");
    // Sales answers MQLs: an owner from the marketing team does not accept (or reject) marketing's own MQLs.
    const isOwner = contact.ownerMemberId === caller.memberId;
    const isSalesLead = caller.team === "sales" && (caller.role === "lead" || caller.role === "admin");
    if (isOwner && caller.team === "marketing" && caller.role !== "admin")
      throw forbidden(
        "Sales answers MQLs: as its marketing owner you cannot accept or reject this MQL; a sales team lead or an admin can, or give it to a sales rep",
      );
    if (!isOwner && !isSalesLead && caller.role !== "admin")
      throw forbidden("Only the lead's owner, a sales team lead or an admin can accept or reject an MQL");
    if (contact.lifecycleStage !== "mql")
      throw conflict(
        `This contact is at stage ${LIFECYCLE_STAGE_LABELS[contact.lifecycleStage]}, not MQL; only MQLs are accepted or rejected`,
        "lifecycleStage",
      );
    const now = new Date();
    const label = reasonLabel(decision.reason);
    // Sales' decision is an explicit act: the lead goes where they say (back to nurture included).
    await moveStage(
      t,
      caller.workspaceId,
      { contacts: [contactId], toStage: decision.to },
      {
        cause: "member",
        detail:
          decision.kind === "accepted"
            ? `Accepted by sales${decision.comment ? `: ${decision.comment}` : ""}`
            : `Rejected by sales: ${label}${decision.comment ? ` (${decision.comment})` : ""}`,
        memberId: caller.memberId,
        explicit: true,
      },
      { at: now },
    );
    if (decision.kind === "rejected" && decision.to === "disqualified")
      await t
        .update(contacts)
        .set({ leadStatus: "disqualified" })
        .where(and(eq(contacts.workspaceId, caller.workspaceId), eq(contacts.id, contactId)));
    // Accepting a lead nobody owned yet (from the routing queue) makes you its owner: the wait so far was
    // the system's, the follow-up clocks are now yours.
    if (decision.kind === "accepted" && !contact.ownerMemberId) {
      await t
        .update(contacts)
        .set({ ownerMemberId: caller.memberId })
        .where(and(eq(contacts.workspaceId, caller.workspaceId), eq(contacts.id, contactId)));
      await recordOwnerChange(
        t,
        caller,
        contact,
        caller.memberId,
        now,
        `Accepted by ${caller.name}, who now owns it`,
      );
    }
    // The decision's own hand-off: it meets the accept clock, and a rejection ends the touch clocks.
    await clocksAfterDecision(t, caller.workspaceId, contactId, decision.kind, now);
    const id = newId();
    await t.insert(leadDecisions).values({
      workspaceId: caller.workspaceId,
      id,
      contactId,
      decision: decision.kind,
      reason: decision.reason,
      comment: decision.comment,
      outcome: decision.to,
      memberId: caller.memberId,
      campaignId: contact.sourceCampaignId,
      source: contact.source,
      decidedAt: now,
    });
    return (await listDecisions(t, caller, contactId)).items.find((d) => d.id === id)!;
  });
}

export function acceptLead(
  db: Db,
  caller: Caller,
  contactId: string,
  input: z.output<typeof acceptLeadSchema>,
) {
  return decide(db, caller, contactId, { kind: "accepted", to: "sal", reason: null, comment: input.comment });
}

/** Accepts several MQLs in one transaction: each checked and recorded as one would be; one refusal refuses all. */
export async function acceptLeads(db: Db, caller: Caller, input: z.output<typeof acceptLeadsSchema>) {
  const ids = [...new Set(input.contactIds)];
  return db.transaction(async (tx) => {
    for (const contactId of ids) await acceptLead(tx, caller, contactId, { comment: input.comment });
    return { accepted: ids.length };
  });
}

export function rejectLead(
  db: Db,
  caller: Caller,
  contactId: string,
  input: z.output<typeof rejectLeadSchema>,
) {
  return decide(db, caller, contactId, {
    kind: "rejected",
    to: input.outcome,
    reason: input.reason,
    comment: input.comment,
  });
}

export async function listDecisions(db: Db, caller: Caller, contactId: string) {
  await findRecord(db, contacts, caller.workspaceId, contactId, "Contact");
  const rows = await db
    .select({ decision: leadDecisions, memberName: users.name })
    .from(leadDecisions)
    .innerJoin(
      members,
      and(eq(members.workspaceId, leadDecisions.workspaceId), eq(members.id, leadDecisions.memberId)),
    )
    .innerJoin(users, eq(users.id, members.userId))
    .where(and(eq(leadDecisions.workspaceId, caller.workspaceId), eq(leadDecisions.contactId, contactId)))
    .orderBy(desc(leadDecisions.decidedAt));
  return {
    items: rows.map(({ decision: d, memberName }) => ({
      id: d.id,
      contactId: d.contactId,
      decision: d.decision,
      reason: d.reason,
      reasonLabel: reasonLabel(d.reason),
      comment: d.comment,
      outcome: d.outcome,
      memberId: d.memberId,
      memberName,
      campaignId: d.campaignId,
      source: d.source,
      decidedAt: d.decidedAt.toISOString(),
    })),
  };
}

/** Acceptance rate and reject reasons per campaign (or per source) that produced the leads. */
export async function summarizeDecisions(
  db: Db,
  caller: Caller,
  query: z.output<typeof decisionSummaryQuerySchema>,
) {
  // "Since" a day means from its midnight in the workspace's time zone, as the SLA and cockpit count a month.
  const since = query.since
    ? sql`(${query.since}::date::timestamp at time zone (select time_zone from workspaces where id = ${caller.workspaceId}))`
    : undefined;
  return { items: await decisionSummary(db, caller.workspaceId, query.by, { since }) };
}

/** Which decisions a summary counts: decided in [since, until), about contacts `c` matching `contacts`. */
export interface DecisionScope {
  since?: SQL;
  until?: SQL;
  /** A condition on contacts `c` (the report filters). */
  contacts?: SQL;
}

/**
 * The one computation of acceptance and reject reasons per campaign (or source) that produced the leads:
 * the feedback page and the campaign performance report both read it.
 */
export async function decisionSummary(
  db: Db,
  workspaceId: string,
  by: "campaign" | "source",
  scope: DecisionScope = {},
) {
  const key = by === "campaign" ? sql`d.campaign_id::text` : sql`d.source`;
  const label =
    by === "campaign" ? sql`coalesce(min(k.name), 'No campaign')` : sql`coalesce(d.source, 'No source')`;
  const within = (alias: "d" | "d2") => {
    const col = sql.raw(`${alias}.decided_at`);
    const contact = sql.raw(`${alias}.contact_id`);
    return sql`${scope.since ? sql`and ${col} >= ${scope.since}` : sql``}
      ${scope.until ? sql`and ${col} < ${scope.until}` : sql``}
      ${
        scope.contacts
          ? sql`and exists (select 1 from contacts c where c.workspace_id = ${workspaceId} and c.id = ${contact}
              and ${scope.contacts})`
          : sql``
      }`;
  };
  const rows = await queryRows<{
    key: string | null;
    label: string;
    accepted: number;
    rejected: number;
    reasons: Record<string, number> | null;
  }>(
    db,
    sql`select ${key} as key, ${label} as label,
          count(*) filter (where d.decision = 'accepted')::int as accepted,
          count(*) filter (where d.decision = 'rejected')::int as rejected,
          (select jsonb_object_agg(reason, n) from (
             select d2.reason, count(*)::int as n from lead_decisions d2
             where d2.workspace_id = ${workspaceId} and d2.decision = 'rejected'
               and ${by === "campaign" ? sql`d2.campaign_id is not distinct from d.campaign_id` : sql`d2.source is not distinct from d.source`}
               ${within("d2")}
             group by d2.reason) r) as reasons
        from lead_decisions d
        left join campaigns k on k.workspace_id = d.workspace_id and k.id = d.campaign_id
        where d.workspace_id = ${workspaceId} ${within("d")}
        group by ${key}${by === "campaign" ? sql`, d.campaign_id` : sql`, d.source`}
        order by count(*) desc, 2`,
  );
  return rows.map((r) => ({
    key: r.key,
    label: r.label,
    accepted: r.accepted,
    rejected: r.rejected,
    acceptanceRate: acceptanceRate(r.accepted, r.rejected),
    reasons: Object.entries(r.reasons ?? {})
      .map(([reason, count]) => ({ reason, label: reasonLabel(reason) ?? reason, count }))
      .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)),
  }));
}
