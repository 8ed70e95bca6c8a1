// Opportunities: deals on accounts, with the contacts playing a role in each. Closing a deal
// (closed_won / closed_lost) stamps closed_at; reopening clears it.
import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import type {
  createOpportunitySchema,
  opportunityListQuerySchema,
  updateOpportunitySchema,
} from "../../../shared/opportunities.js";
import { outcomeOfStage } from "../../../shared/opportunities.js";
import type { Db } from "../../db/client.js";
import { accounts, contacts, opportunities, opportunityContacts } from "../../db/schema/index.js";
import type { Caller } from "../../lib/access.js";
import { badRequest } from "../../lib/errors.js";
import {
  archivedCondition,
  countRows,
  definedOnly,
  findRecord,
  insertRecord,
  keysetPage,
  searchCondition,
  setArchived,
} from "../../lib/records.js";
import { toJson } from "../../lib/serialize.js";
import { handOff } from "../handoff/handoff.service.js";
import { moveStage } from "../lifecycle/lifecycle.service.js";
import { checkPropertyValues, propertyConditions, propertySort } from "../properties/properties.service.js";
import { refreshJourneys } from "../scoring/account-journey.js";
import { recordDealStages } from "./deal-stages.js";

type OpportunityRow = typeof opportunities.$inferSelect;
type ContactRole = { contactId: string; role: string };

const SORT_COLUMNS = {
  name: opportunities.name,
  createdAt: opportunities.createdAt,
  updatedAt: opportunities.updatedAt,
  amount: opportunities.amount,
  closeDate: opportunities.closeDate,
};

const OUTCOME_STAGES = { won: ["closed_won"], lost: ["closed_lost"] } as const;

/** Adds account names and contact roles to a page of opportunities in two set-based queries. */
async function present(db: Db, workspaceId: string, rows: OpportunityRow[]) {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const accountIds = [...new Set(rows.map((r) => r.accountId))];
  const [accountRows, roleRows] = await Promise.all([
    db
      .select({ id: accounts.id, name: accounts.name })
      .from(accounts)
      .where(and(eq(accounts.workspaceId, workspaceId), inArray(accounts.id, accountIds))),
    db
      .select({
        opportunityId: opportunityContacts.opportunityId,
        contactId: opportunityContacts.contactId,
        role: opportunityContacts.role,
        name: sql<string>`coalesce(nullif(${contacts.name}, ''), ${contacts.email}, '')`,
      })
      .from(opportunityContacts)
      .innerJoin(
        contacts,
        and(
          eq(contacts.workspaceId, opportunityContacts.workspaceId),
          eq(contacts.id, opportunityContacts.contactId),
        ),
      )
      .where(
        and(
          eq(opportunityContacts.workspaceId, workspaceId),
          inArray(opportunityContacts.opportunityId, ids),
        ),
      ),
  ]);
  const accountNames = new Map(accountRows.map((a) => [a.id, a.name]));
  return rows.map((row) => ({
    ...toJson(row),
    accountName: accountNames.get(row.accountId) ?? null,
    outcome: outcomeOfStage(row.stage),
    contacts: roleRows
      .filter((c) => c.opportunityId === row.id)
      .map(({ contactId, role, name }) => ({ contactId, role, name })),
  }));
}

export async function listOpportunities(
  db: Db,
  caller: Caller,
  query: z.output<typeof opportunityListQuerySchema>,
) {
  const outcome = query.outcome;
  const sortedBy = await propertySort(
    db,
    caller.workspaceId,
    "opportunities",
    query.sortProperty,
    opportunities.properties,
  );
  const byProperty = await propertyConditions(
    db,
    caller.workspaceId,
    "opportunities",
    query,
    opportunities.properties,
  );
  const page = await keysetPage(
    {
      run: (where: SQL | undefined, orderBy: SQL[], limit: number) =>
        db
          .select()
          .from(opportunities)
          .where(where)
          .orderBy(...orderBy)
          .limit(limit),
      sortColumn: sortedBy?.column ?? SORT_COLUMNS[query.sort],
      sortKind: sortedBy?.kind,
      idColumn: opportunities.id,
      count: (where) => countRows(db, opportunities, where),
      sortKey: (row) => (sortedBy ? sortedBy.key(row.properties) : row[query.sort]),
      idKey: (row) => row.id,
    },
    query,
    [
      eq(opportunities.workspaceId, caller.workspaceId),
      archivedCondition(opportunities, query.archived),
      searchCondition(opportunities.searchText, query.q),
      query.stage ? eq(opportunities.stage, query.stage) : undefined,
      outcome === "open"
        ? sql`${opportunities.stage} not in ('closed_won', 'closed_lost')`
        : outcome
          ? inArray(opportunities.stage, [...OUTCOME_STAGES[outcome]])
          : undefined,
      query.accountId ? eq(opportunities.accountId, query.accountId) : undefined,
      query.ownerMemberId ? eq(opportunities.ownerMemberId, query.ownerMemberId) : undefined,
      query.contactId
        ? sql`exists (select 1 from ${opportunityContacts} oc where oc.workspace_id = ${opportunities.workspaceId}
            and oc.opportunity_id = ${opportunities.id} and oc.contact_id = ${query.contactId})`
        : undefined,
      ...byProperty,
    ],
  );
  return {
    items: await present(db, caller.workspaceId, page.items),
    nextCursor: page.nextCursor,
    total: page.total,
  };
}

export async function getOpportunity(db: Db, caller: Caller, id: string) {
  const row = await findRecord(db, opportunities, caller.workspaceId, id, "Opportunity");
  return (await present(db, caller.workspaceId, [row]))[0];
}

function closedAtFor(stage: string | undefined, previous?: OpportunityRow) {
  if (stage === undefined) return undefined;
  if (outcomeOfStage(stage) === "open") return null;
  return previous?.closedAt && outcomeOfStage(previous.stage) !== "open" ? previous.closedAt : new Date();
}

async function replaceContactRoles(db: Db, workspaceId: string, opportunityId: string, roles: ContactRole[]) {
  const unique = new Map(roles.map((r) => [r.contactId, r.role]));
  if (unique.size !== roles.length) throw badRequest("lists the same contact twice", "contacts");
  await db
    .delete(opportunityContacts)
    .where(
      and(
        eq(opportunityContacts.workspaceId, workspaceId),
        eq(opportunityContacts.opportunityId, opportunityId),
      ),
    );
  if (roles.length === 0) return;
  await db
    .insert(opportunityContacts)
    .values(roles.map((r) => ({ workspaceId, opportunityId, contactId: r.contactId, role: r.role })));
}

/** A deal's contacts become opportunities, and customers once it is won (forward moves only). */
async function advanceDealContacts(db: Db, caller: Caller, opportunityId: string, stage: string) {
  const contacts = sql`(select contact_id from opportunity_contacts
    where workspace_id = ${caller.workspaceId} and opportunity_id = ${opportunityId})`;
  // Automatic (forward only): a deal never turns a customer back into an opportunity.
  const cause = { cause: "member" as const, memberId: caller.memberId };
  const at = new Date();
  const moved = await moveStage(
    db,
    caller.workspaceId,
    { contacts, toStage: "opportunity" },
    {
      ...cause,
      detail: "Linked to an opportunity",
    },
    { at },
  );
  if (stage === "closed_won")
    moved.push(
      ...(await moveStage(
        db,
        caller.workspaceId,
        { contacts, toStage: "customer" },
        {
          ...cause,
          detail: "The deal was won",
        },
      )),
    );
  await handOff(db, caller.workspaceId, moved, at);
}

export async function createOpportunity(
  db: Db,
  caller: Caller,
  input: z.output<typeof createOpportunitySchema>,
) {
  const { contacts: roles, ...values } = input;
  await checkPropertyValues(db, caller.workspaceId, "opportunities", values.properties);
  const id = await db.transaction(async (tx) => {
    const row = await insertRecord(tx, opportunities, caller.workspaceId, {
      ...values,
      closedAt: closedAtFor(values.stage),
    });
    await replaceContactRoles(tx, caller.workspaceId, row.id, roles ?? []);
    await recordDealStages(
      tx,
      caller.workspaceId,
      [row.id],
      { cause: "created", memberId: caller.memberId },
      new Date(),
    );
    await advanceDealContacts(tx, caller, row.id, values.stage ?? "discovery");
    // A deal moves its account's journey (opportunity, customer).
    await refreshJourneys(tx, caller.workspaceId, [row.accountId], new Date());
    return row.id;
  });
  return getOpportunity(db, caller, id);
}

export async function updateOpportunity(
  db: Db,
  caller: Caller,
  id: string,
  input: z.output<typeof updateOpportunitySchema>,
) {
  const { contacts: roles, ...values } = input;
  await checkPropertyValues(db, caller.workspaceId, "opportunities", values.properties);
  await db.transaction(async (tx) => {
    const current = await findRecord(tx, opportunities, caller.workspaceId, id, "Opportunity");
    await tx
      .update(opportunities)
      .set({ ...definedOnly(values), closedAt: closedAtFor(values.stage, current), updatedAt: new Date() })
      .where(and(eq(opportunities.workspaceId, caller.workspaceId), eq(opportunities.id, id)));
    if (roles) await replaceContactRoles(tx, caller.workspaceId, id, roles);
    if (values.stage !== undefined && values.stage !== current.stage)
      await recordDealStages(
        tx,
        caller.workspaceId,
        [id],
        { cause: "edit", memberId: caller.memberId },
        new Date(),
      );
    await advanceDealContacts(tx, caller, id, values.stage ?? current.stage);
    const accountIds = [...new Set([current.accountId, values.accountId ?? current.accountId])];
    await refreshJourneys(tx, caller.workspaceId, accountIds, new Date());
  });
  return getOpportunity(db, caller, id);
}

export async function setOpportunityArchived(db: Db, caller: Caller, id: string, archived: boolean) {
  await setArchived(db, opportunities, caller.workspaceId, id, archived, "Opportunity", caller);
  return getOpportunity(db, caller, id);
}
