// Contacts: people at accounts, and their timeline: touches of both teams in one stream. Their lifecycle
// stage moves through the lifecycle module (moveStage, the one writer of the stage and its history, read
// here by listStageHistory); what a move means for sales follows as its own step (handOff).
import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import type {
  CreateContact,
  contactListQuerySchema,
  logTouchSchema,
  timelineQuerySchema,
  updateContactSchema,
} from "../../../shared/contacts.js";
import type { LifecycleStage } from "../../../shared/domain.js";
import { teamOfTouch } from "../../../shared/domain.js";
import type { Db } from "../../db/client.js";
import {
  accounts,
  campaigns,
  contactScores,
  contacts,
  lifecycleStageChanges,
  members,
  touches,
  users,
} from "../../db/schema/index.js";
import type { Caller } from "../../lib/access.js";
import { recordAudit } from "../../lib/audit.js";
import { stageName } from "../../lib/audit-words.js";
import { badRequest } from "../../lib/errors.js";
import { newId } from "../../lib/ids.js";
import {
  archivedCondition,
  definedOnly,
  findRecord,
  keysetPage,
  recordStore,
  searchCondition,
} from "../../lib/records.js";
import { toJson } from "../../lib/serialize.js";
import { handOff } from "../handoff/handoff.service.js";
import {
  advanceLeadStatus,
  leadStatusAfterTouch,
  moveStage,
  type StageCause,
  type StageMove,
} from "../lifecycle/lifecycle.service.js";
import { checkPropertyValues, propertyConditions, propertySort } from "../properties/properties.service.js";
import { activeMemberName, assertMayAssignLeads, recordOwnerChange } from "../routing/routing.service.js";
import { activeVersions, moveMqlCrossings, rescoreContacts } from "../scoring/scores.service.js";
import { assignClocks, progressTouchClocks } from "../sla/sla-clocks.service.js";

/** The plain store of contacts (read, archive, restore); their list is listContacts, which joins the scores. */
export function contactStore(db: Db) {
  return recordStore(db, contacts, {
    noun: "Contact",
    sortColumns: { name: contacts.name },
    filters: () => [],
  });
}

/** The contact list's own filters (stage, account, persona, owner, source). */
function contactFilters(query: z.output<typeof contactListQuerySchema>) {
  return [
    query.lifecycleStage ? eq(contacts.lifecycleStage, query.lifecycleStage) : undefined,
    query.accountId ? eq(contacts.accountId, query.accountId) : undefined,
    query.personaId ? eq(contacts.personaId, query.personaId) : undefined,
    query.ownerMemberId ? eq(contacts.ownerMemberId, query.ownerMemberId) : undefined,
    query.source ? eq(contacts.source, query.source) : undefined,
  ];
}

/** Where an unscored contact sorts by score: below every score a model can give. */
const UNSCORED = -1e300;

/**
 * A page of contacts, each with its account's name and its score and grade under a live model (the first by
 * name unless `modelId` says which): sortable by score and filtered by grade or by meeting the MQL condition,
 * so "which leads are hottest?" is one request. The score is the stored one, as of the contact's last rescore
 * (every touch, edit and model activation rescores).
 */
export async function listContacts(db: Db, caller: Caller, query: z.output<typeof contactListQuerySchema>) {
  const ws = caller.workspaceId;
  const live = await activeVersions(db, ws);
  const model = query.modelId ? live.find((v) => v.modelId === query.modelId) : live[0];
  if (query.modelId && !model) throw badRequest("is not a live scoring model of this workspace", "modelId");
  const byProperty = await propertyConditions(db, ws, "contacts", query, contacts.properties);
  const sortedBy = await propertySort(db, ws, "contacts", query.sortProperty, contacts.properties);
  const scored = and(
    eq(contactScores.workspaceId, contacts.workspaceId),
    eq(contactScores.contactId, contacts.id),
    // No live model: the join finds nothing, every contact is unscored.
    model ? eq(contactScores.modelId, model.modelId) : sql`false`,
  );
  const score = sql`coalesce(${contactScores.combined}, ${UNSCORED}::float8)`;
  const sortColumns = {
    name: contacts.name,
    createdAt: contacts.createdAt,
    updatedAt: contacts.updatedAt,
    lifecycleStageChangedAt: contacts.lifecycleStageChangedAt,
    score,
  } as const;
  const rows = () =>
    db
      .select({ contact: contacts, score: contactScores.combined, grade: contactScores.grade })
      .from(contacts)
      .leftJoin(contactScores, scored);
  const page = await keysetPage(
    {
      run: (where, orderBy, limit) =>
        rows()
          .where(where)
          .orderBy(...orderBy)
          .limit(limit),
      count: async (where) => {
        const [row] = await db
          .select({ n: sql<number>`count(*)::int` })
          .from(contacts)
          .leftJoin(contactScores, scored)
          .where(where);
        return row?.n ?? 0;
      },
      sortColumn: sortedBy?.column ?? sortColumns[query.sort],
      sortKind: sortedBy?.kind,
      idColumn: contacts.id,
      sortKey: (row) =>
        sortedBy
          ? sortedBy.key(row.contact.properties)
          : query.sort === "score"
            ? (row.score ?? UNSCORED)
            : row.contact[query.sort],
      idKey: (row) => row.contact.id,
    },
    query,
    [
      eq(contacts.workspaceId, ws),
      archivedCondition(contacts, query.archived),
      searchCondition(contacts.searchText, query.q),
      ...contactFilters(query),
      ...byProperty,
      query.grade ? eq(contactScores.grade, query.grade) : undefined,
      query.mql !== undefined ? eq(contactScores.mql, query.mql) : undefined,
    ],
  );
  // Names of the related records, one query each for the page (not one request per row in the web app).
  const ids = (pick: (c: (typeof page.items)[number]["contact"]) => string | null) => [
    ...new Set(page.items.map((r) => pick(r.contact)).filter((id): id is string => id !== null)),
  ];
  const accountIds = ids((c) => c.accountId);
  const campaignIds = ids((c) => c.sourceCampaignId);
  const [accountNames, campaignNames] = await Promise.all([
    accountIds.length === 0
      ? []
      : db
          .select({ id: accounts.id, name: accounts.name })
          .from(accounts)
          .where(and(eq(accounts.workspaceId, ws), inArray(accounts.id, accountIds))),
    campaignIds.length === 0
      ? []
      : db
          .select({ id: campaigns.id, name: campaigns.name })
          .from(campaigns)
          .where(and(eq(campaigns.workspaceId, ws), inArray(campaigns.id, campaignIds))),
  ]);
  const names = new Map([...accountNames, ...campaignNames].map((r) => [r.id, r.name]));
  return {
    ...page,
    items: page.items.map(({ contact, score, grade }) => ({
      ...toJson(contact),
      accountName: contact.accountId ? (names.get(contact.accountId) ?? null) : null,
      sourceCampaignName: contact.sourceCampaignId ? (names.get(contact.sourceCampaignId) ?? null) : null,
      score: score === null ? null : Math.round(score * 100) / 100,
      grade,
    })),
  };
}

/** A member's own edit: the stage is what they said (an explicit move, any direction). */
const memberCause = (caller: Caller, detail: string): StageCause => ({
  cause: "member",
  detail,
  memberId: caller.memberId,
  explicit: true,
});

/** A rescore after an edit: contacts that now meet the MQL condition become MQLs (and are handed off next). */
async function rescoreAndMoveMqls(db: Db, workspaceId: string, contactIds: string[]) {
  const at = new Date();
  return {
    at,
    moved: await moveMqlCrossings(
      db,
      workspaceId,
      await rescoreContacts(db, workspaceId, contactIds, at),
      at,
    ),
  };
}

export async function createContact(db: Db, caller: Caller, input: CreateContact) {
  // Creating an MQL with an owner hands it to that owner: only a sales lead or an admin gives an MQL an owner.
  if (input.lifecycleStage === "mql" && input.ownerMemberId) assertMayAssignLeads(caller);
  await checkPropertyValues(db, caller.workspaceId, "contacts", input.properties);
  const now = new Date();
  return db.transaction(async (tx) => {
    const id = newId();
    const { lifecycleStage, ...values } = input;
    await tx.insert(contacts).values({ ...values, workspaceId: caller.workspaceId, id });
    const created = await moveStage(
      tx,
      caller.workspaceId,
      [{ contactId: id, toStage: lifecycleStage }],
      memberCause(caller, "Created"),
      { at: now, created: true },
    );
    const row = await findRecord(tx, contacts, caller.workspaceId, id, "Contact");
    await handOff(tx, caller.workspaceId, created, now);
    const scored = await rescoreAndMoveMqls(tx, caller.workspaceId, [id]);
    await handOff(tx, caller.workspaceId, scored.moved, scored.at);
    return toJson(row);
  });
}

export async function updateContact(
  db: Db,
  caller: Caller,
  id: string,
  input: z.output<typeof updateContactSchema>,
) {
  await checkPropertyValues(db, caller.workspaceId, "contacts", input.properties);
  return db.transaction(async (tx) => {
    const current = await findRecord(tx, contacts, caller.workspaceId, id, "Contact");
    const values: Record<string, unknown> = { ...definedOnly(input), updatedAt: new Date() };
    const stageChanged =
      input.lifecycleStage !== undefined && input.lifecycleStage !== current.lifecycleStage;
    const newOwner =
      input.ownerMemberId != null && input.ownerMemberId !== current.ownerMemberId
        ? input.ownerMemberId
        : null;
    if (newOwner) await activeMemberName(tx, caller.workspaceId, newOwner, "ownerMemberId");
    // Only a sales lead or an admin gives an MQL an owner: by naming one for an MQL, or by making an owned
    // lead an MQL (the hand-off keeps its owner). Others clear the owner first, and routing decides.
    const ownerAfter = input.ownerMemberId !== undefined ? input.ownerMemberId : current.ownerMemberId;
    const stageAfter = input.lifecycleStage ?? current.lifecycleStage;
    if (stageAfter === "mql" && ownerAfter && (newOwner || stageChanged)) assertMayAssignLeads(caller);
    delete values.lifecycleStage;
    let moved: StageMove[] = [];
    if (stageChanged) {
      moved = await moveStage(
        tx,
        caller.workspaceId,
        { contacts: [id], toStage: input.lifecycleStage as LifecycleStage },
        memberCause(caller, "Changed by hand"),
        { at: values.updatedAt as Date },
      );
      // The summary names no one: the log cannot be erased, so a contact's personal data stays out of it
      // (the log shows the contact's current name beside the entry).
      await recordAudit(
        tx,
        caller.workspaceId,
        caller,
        {
          action: "contact.stage.overridden",
          entityType: "contact",
          entityId: id,
          summary: `${caller.name} moved a contact from ${stageName(current.lifecycleStage)} to ${stageName(input.lifecycleStage)} by hand`,
          before: { lifecycleStage: current.lifecycleStage },
          after: { lifecycleStage: input.lifecycleStage },
        },
        values.updatedAt as Date,
      );
    }
    const [row] = await tx
      .update(contacts)
      .set(values)
      .where(and(eq(contacts.workspaceId, caller.workspaceId), eq(contacts.id, id)))
      .returning();
    if (newOwner) {
      // An MQL's new owner is an assignment (recorded, the new owner told); at any stage the lead's open
      // SLA clocks follow the owner.
      if (row.lifecycleStage === "mql" && !stageChanged)
        await recordOwnerChange(tx, caller, current, newOwner);
      else
        await assignClocks(
          tx,
          caller.workspaceId,
          [{ contactId: id, memberId: newOwner, podId: null }],
          values.updatedAt as Date,
        );
    }
    await handOff(tx, caller.workspaceId, moved, values.updatedAt as Date);
    const scored = await rescoreAndMoveMqls(tx, caller.workspaceId, [id]);
    await handOff(tx, caller.workspaceId, scored.moved, scored.at);
    return toJson(row);
  });
}

export async function listStageHistory(db: Db, caller: Caller, contactId: string) {
  await findRecord(db, contacts, caller.workspaceId, contactId, "Contact");
  const rows = await db
    .select({
      id: lifecycleStageChanges.id,
      contactId: lifecycleStageChanges.contactId,
      fromStage: lifecycleStageChanges.fromStage,
      toStage: lifecycleStageChanges.toStage,
      changedAt: lifecycleStageChanges.changedAt,
      cause: lifecycleStageChanges.cause,
      causeDetail: lifecycleStageChanges.causeDetail,
      memberId: lifecycleStageChanges.memberId,
      memberName: users.name,
    })
    .from(lifecycleStageChanges)
    .leftJoin(
      members,
      and(
        eq(members.workspaceId, lifecycleStageChanges.workspaceId),
        eq(members.id, lifecycleStageChanges.memberId),
      ),
    )
    .leftJoin(users, eq(users.id, members.userId))
    .where(
      and(
        eq(lifecycleStageChanges.workspaceId, caller.workspaceId),
        eq(lifecycleStageChanges.contactId, contactId),
      ),
    )
    .orderBy(asc(lifecycleStageChanges.changedAt), asc(lifecycleStageChanges.id));
  return { items: rows.map(toJson) };
}

const touchColumns = {
  id: touches.id,
  contactId: touches.contactId,
  accountId: touches.accountId,
  type: touches.type,
  team: touches.team,
  channel: touches.channel,
  campaignId: touches.campaignId,
  campaignName: campaigns.name,
  memberId: touches.memberId,
  memberName: users.name,
  occurredAt: touches.occurredAt,
  properties: touches.properties,
  source: touches.source,
};

function touchesWithNames(db: Db) {
  return db
    .select(touchColumns)
    .from(touches)
    .leftJoin(
      campaigns,
      and(eq(campaigns.workspaceId, touches.workspaceId), eq(campaigns.id, touches.campaignId)),
    )
    .leftJoin(members, and(eq(members.workspaceId, touches.workspaceId), eq(members.id, touches.memberId)))
    .leftJoin(users, eq(users.id, members.userId));
}

/** Both teams' touches on one contact, newest first. */
export async function listTimeline(
  db: Db,
  caller: Caller,
  contactId: string,
  query: z.output<typeof timelineQuerySchema>,
) {
  await findRecord(db, contacts, caller.workspaceId, contactId, "Contact");
  const page = await keysetPage(
    {
      run: (where: SQL | undefined, orderBy: SQL[], limit: number) =>
        touchesWithNames(db)
          .where(where)
          .orderBy(...orderBy)
          .limit(limit),
      sortColumn: touches.occurredAt,
      idColumn: touches.id,
      sortKey: (row) => row.occurredAt,
      idKey: (row) => row.id,
    },
    { order: "desc", cursor: query.cursor, limit: query.limit },
    [
      eq(touches.workspaceId, caller.workspaceId),
      eq(touches.contactId, contactId),
      query.team ? eq(touches.team, query.team) : undefined,
    ],
  );
  return { items: page.items.map(toJson), nextCursor: page.nextCursor };
}

/** A touch logged by hand from the contact page (sales calls, meetings...) or through the API. */
export async function logTouch(
  db: Db,
  caller: Caller,
  contactId: string,
  input: z.output<typeof logTouchSchema>,
) {
  const contact = await findRecord(db, contacts, caller.workspaceId, contactId, "Contact");
  const id = newId();
  await db.insert(touches).values({
    workspaceId: caller.workspaceId,
    id,
    contactId,
    accountId: contact.accountId,
    type: input.type,
    team: teamOfTouch(input.type),
    channel: input.channel ?? null,
    campaignId: input.campaignId ?? null,
    memberId: caller.memberId,
    occurredAt: input.occurredAt ? new Date(input.occurredAt) : new Date(),
    properties: { ...input.properties, ...(input.note ? { note: input.note } : {}) },
    source: "app",
  });
  const status = leadStatusAfterTouch(input.type, input.properties);
  if (status) await advanceLeadStatus(db, caller.workspaceId, contactId, status);
  if (teamOfTouch(input.type) === "sales") await progressTouchClocks(db, caller.workspaceId, [contactId]);
  const scored = await rescoreAndMoveMqls(db, caller.workspaceId, [contactId]);
  await handOff(db, caller.workspaceId, scored.moved, scored.at);
  const [row] = await touchesWithNames(db).where(
    and(eq(touches.workspaceId, caller.workspaceId), eq(touches.id, id)),
  );
  return toJson(row);
}
