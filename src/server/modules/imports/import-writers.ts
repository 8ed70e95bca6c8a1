// Writes one batch of checked import rows per record type, set-based: one lookup of the records the
// batch already matches (by natural key), one multi-row upsert, one insert of the stage changes.
// Blank cells never erase what is stored; filled cells overwrite it.

import { and, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import {
  type LifecycleStage,
  type OpportunityStage,
  type StageChangeCause,
  teamOfTouch,
} from "../../../shared/domain.js";
import { companyDomainOfEmail } from "../../../shared/free-mail.js";
import type { OutcomeEffect } from "../../../shared/imports.js";
import type { Db } from "../../db/client.js";
import {
  accounts,
  campaigns,
  contacts,
  opportunities,
  opportunityContacts,
  touches,
} from "../../db/schema/index.js";
import { newId } from "../../lib/ids.js";
import { handOff } from "../handoff/handoff.service.js";
import { moveStage } from "../lifecycle/lifecycle.service.js";
import { recordDealStages } from "../opportunities/deal-stages.js";
import type { ContactRow, toAccount, toCampaign, toOpportunity, toTouch } from "./import-rows.js";

export interface Numbered<T> {
  line: number;
  value: T;
}

export interface BatchResult {
  inserted: number;
  updated: number;
  /** Rows the writer refused after looking at the stored records, with the reason (the others are written). */
  rejected?: { line: number; reason: string }[];
  /** Records whose scores the batch may have moved (written attributes, new touches). */
  touched?: { contactIds?: string[]; accountIds?: string[] };
}

export interface WriteContext {
  workspaceId: string;
  memberId: string | null;
  fileName: string | null;
  dryRun: boolean;
  /**
   * False when the one importing may not give an MQL an owner (only a sales lead or an admin may): a row
   * that would make a contact someone owns an MQL is then refused. Unset: allowed.
   */
  mayAssignMqls?: boolean;
  /** The file's column for a field, to name it in a refusal (the field itself when unknown). */
  columnOf?: (field: string) => string;
  /** Why stage changes happen; an import unless said otherwise (tracking identifies say "api"). */
  cause?: { cause: StageChangeCause; detail: string };
  /** Contacts: what finds a stored contact, tried in order (by email unless said). */
  matchOrder?: ContactMatch[];
  /** Contacts: what an outcome column does (stage unless said). */
  outcomeSets?: OutcomeEffect;
  /** Contacts: a company name without a domain links the account of that name (created when missing). */
  accountsByName?: boolean;
}

/** SET clause of an upsert: each listed column takes the imported value unless the cell was blank. */
function keepStoredWhenBlank(table: PgTable, columns: PgColumn[], blankIsEmptyString: PgColumn[] = []) {
  const set: Record<string, SQL> = {};
  for (const column of columns) {
    const key = Object.entries(table).find(([, c]) => c === column)?.[0];
    if (!key) continue;
    const incoming = sql.raw(`excluded."${column.name}"`);
    set[key] = blankIsEmptyString.includes(column)
      ? sql`case when ${incoming} = '' then ${column} else ${incoming} end`
      : sql`coalesce(${incoming}, ${column})`;
  }
  set.updatedAt = sql`now()`;
  return set;
}

/** column in (values), ignoring nulls; undefined (no condition) when nothing is left. */
function anyOf(column: PgColumn, values: (string | null)[]) {
  const present = values.filter((v): v is string => v !== null && v !== "");
  return present.length > 0 ? inArray(column, present) : undefined;
}

/** Keeps the last row per key: a file that lists a record twice updates it twice, in file order. */
function lastPerKey<T>(rows: Numbered<T>[], key: (v: T) => string | null): Numbered<T>[] {
  return mergePerKey(rows, key, (_earlier, later) => later);
}

/**
 * One row per key, merged in file order by `merge(earlier, later)`. The merged row takes the later
 * row's line and place; rows without a key are kept as they are.
 */
function mergePerKey<T>(
  rows: Numbered<T>[],
  key: (v: T) => string | null,
  merge: (earlier: T, later: T) => T,
): Numbered<T>[] {
  const byKey = new Map<string, Numbered<T>>();
  const keyless: Numbered<T>[] = [];
  for (const row of rows) {
    const k = key(row.value);
    if (k === null) {
      keyless.push(row);
      continue;
    }
    const earlier = byKey.get(k);
    byKey.delete(k);
    byKey.set(k, earlier ? { line: row.line, value: merge(earlier.value, row.value) } : row);
  }
  return [...keyless, ...byKey.values()];
}

const isBlank = (value: unknown) => value === null || value === undefined || value === "";

/**
 * Merges two rows of one record the way a re-import merges a row into the stored record: the later
 * row's values win, except that a blank cell (null or "") in one of `fields` keeps the earlier
 * value. So what is stored does not depend on whether the two rows fall into one batch or two.
 */
function keepWhenBlank<T extends object>(fields: readonly (keyof T)[]) {
  return (earlier: T, later: T): T => {
    const value = { ...later };
    for (const field of fields) if (isBlank(value[field])) value[field] = earlier[field];
    return value;
  };
}

/** Contact fields where a blank cell keeps what is stored (the upsert in `writeContacts`). */
const mergeContactFields = keepWhenBlank<ContactRow>([
  "email",
  "firstName",
  "lastName",
  "title",
  "seniority",
  "department",
  "phone",
  "country",
  "region",
  "lifecycleStage",
  "leadStatus",
  "source",
  "companyDomain",
  "externalId",
  "outcome",
  "outcomeDate",
]);

/**
 * As `mergeContactFields`; a kept company name only goes with the company domain it came with, and custom
 * property values merge by name (a blank cell is no value, so the earlier one stays).
 */
function mergeContacts(earlier: ContactRow, later: ContactRow): ContactRow {
  const merged = mergeContactFields(earlier, later);
  if (merged.companyName === null && merged.companyDomain === earlier.companyDomain)
    merged.companyName = earlier.companyName;
  merged.properties = { ...earlier.properties, ...later.properties };
  return merged;
}

/** What finds a stored contact: its email, its record ID (externalId) or a custom property's value. */
export type ContactMatch = "email" | "externalId" | `property.${string}`;

/** A stored contact as `writeContacts` needs it. */
export interface StoredContact {
  id: string;
  stage: LifecycleStage;
  ownerMemberId?: string | null;
  accountId?: string | null;
}

/** Stored contacts by (lower-case) email, with what `writeContacts` needs of them. */
export type StoredContacts = Map<string, StoredContact>;

/** The match key of a row's value for one kind of match ("email:ada@x.io"), or null without a value. */
function matchValue(row: ContactRow, match: ContactMatch): string | null {
  if (match === "email") return row.email;
  if (match === "externalId") return row.externalId;
  const value = row.properties[match.slice("property.".length)];
  return value === undefined || value === null ? null : String(value);
}

/** The row's match keys in the order they are tried ("email:ada@x.io", "externalId:123", ...). */
function keysOf(row: ContactRow, order: readonly ContactMatch[]): string[] {
  return order.flatMap((match) => {
    const value = matchValue(row, match);
    return value === null ? [] : [`${match}:${value}`];
  });
}

/**
 * The stored contacts a batch's rows name, by match key, in one query: every email, record ID and property
 * value of the batch at once. A property value two stored contacts share finds both (the row is refused).
 */
async function findStored(
  db: Db,
  workspaceId: string,
  rows: readonly ContactRow[],
  order: readonly ContactMatch[],
): Promise<Map<string, StoredContact[]>> {
  const found = new Map<string, StoredContact[]>();
  const conditions = order.flatMap((match) => {
    const values = [...new Set(rows.flatMap((r) => matchValue(r, match) ?? []))];
    if (values.length === 0) return [];
    if (match === "email") return [inArray(contacts.email, values)];
    if (match === "externalId") return [inArray(contacts.externalId, values)];
    return [sql`(${contacts.properties} ->> ${match.slice("property.".length)}) in ${values}`];
  });
  if (conditions.length === 0) return found;
  const stored = await db
    .select({
      id: contacts.id,
      email: contacts.email,
      externalId: contacts.externalId,
      properties: contacts.properties,
      stage: contacts.lifecycleStage,
      ownerMemberId: contacts.ownerMemberId,
      accountId: contacts.accountId,
    })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), or(...conditions)));
  for (const c of stored) {
    const contact = { id: c.id, stage: c.stage, ownerMemberId: c.ownerMemberId, accountId: c.accountId };
    for (const match of order) {
      const value =
        match === "email"
          ? c.email
          : match === "externalId"
            ? c.externalId
            : (c.properties as Record<string, unknown>)[match.slice("property.".length)];
      if (value === null || value === undefined) continue;
      const key = `${match}:${String(value)}`;
      found.set(key, [...(found.get(key) ?? []), contact]);
    }
  }
  return found;
}

/** A row of the batch with the stored contact it updates (none: a new contact) and its key in the batch. */
interface Resolved {
  line: number;
  value: ContactRow;
  key: string;
  stored?: StoredContact;
  /** How many rows of the file it stands for (a record listed twice: 2). */
  rows: number;
}

/**
 * Each row's stored contact: by its first match key that finds one (the match key the file was imported by,
 * then the email, then the record ID). A key finding two contacts refuses the row. Rows that find the same
 * contact (by different keys) merge into one in file order; so do new rows with the same first key.
 */
function resolveRows(
  batch: Numbered<ContactRow>[],
  order: readonly ContactMatch[],
  found: Map<string, StoredContact[]>,
  rejected: { line: number; reason: string }[],
) {
  const resolved: Resolved[] = [];
  for (const { line, value } of batch) {
    const keys = keysOf(value, order);
    const hit = keys.find((k) => found.has(k));
    const stored = hit ? found.get(hit) : undefined;
    if (stored && stored.length > 1) {
      const [match, ...rest] = (hit as string).split(":");
      rejected.push({
        line,
        reason: `${match}: "${rest.join(":")}" belongs to ${stored.length} contacts; a match key must name one`,
      });
      continue;
    }
    const contact = stored?.[0];
    resolved.push({
      line,
      value,
      key: contact ? `id:${contact.id}` : (keys[0] ?? `line:${line}`),
      stored: contact,
      rows: 1,
    });
  }
  const byKey = new Map<string, Resolved>();
  for (const row of resolved) {
    const earlier = byKey.get(row.key);
    byKey.delete(row.key);
    byKey.set(
      row.key,
      earlier ? { ...row, value: mergeContacts(earlier.value, row.value), rows: earlier.rows + 1 } : row,
    );
  }
  return [...byKey.values()];
}

/**
 * Only a sales lead or an admin gives an MQL an owner. A row that would move a contact someone owns into
 * MQL hands that lead to its owner, so when the one importing may not (ctx.mayAssignMqls false) the row
 * is refused, naming the column; the batch's other rows are kept. A contact already an MQL keeps its
 * owner either way (nothing is handed over), and new contacts have no owner.
 */
function refuseMqlHandOvers(
  ctx: WriteContext,
  rows: Resolved[],
  rejected: { line: number; reason: string }[],
) {
  if (ctx.mayAssignMqls !== false) return rows;
  const column = ctx.columnOf?.("lifecycleStage") ?? "lifecycleStage";
  return rows.filter(({ line, value, stored }) => {
    if (value.lifecycleStage !== "mql" || !stored?.ownerMemberId || stored.stage === "mql") return true;
    const who = value.email ?? value.externalId ?? "this contact";
    rejected.push({
      line,
      reason: `lifecycleStage: column "${column}" makes ${who} an MQL, and they already have an owner: only a sales team lead or an admin can give an MQL an owner, so this row was not imported. Ask one of them to import it, or leave the stage blank`,
    });
    return false;
  });
}

/** Accounts for the given domains, created (with the given names) when missing: domain -> id. */
export async function ensureAccounts(db: Db, workspaceId: string, wanted: Map<string, string | null>) {
  if (wanted.size === 0) return new Map<string, string>();
  await db
    .insert(accounts)
    .values([...wanted].map(([domain, name]) => ({ workspaceId, id: newId(), domain, name: name ?? domain })))
    .onConflictDoNothing({ target: [accounts.workspaceId, accounts.domain] });
  const rows = await db
    .select({ id: accounts.id, domain: accounts.domain })
    .from(accounts)
    .where(and(eq(accounts.workspaceId, workspaceId), inArray(accounts.domain, [...wanted.keys()])));
  return new Map(rows.map((r) => [r.domain as string, r.id]));
}

/** Accounts by exact name (the first of a name), created when missing: name -> id. */
async function ensureAccountsByName(db: Db, workspaceId: string, wanted: Iterable<string>) {
  const names = [...new Set(wanted)];
  const byName = new Map<string, string>();
  if (names.length === 0) return byName;
  const found = await db
    .select({ id: accounts.id, name: accounts.name })
    .from(accounts)
    .where(and(eq(accounts.workspaceId, workspaceId), inArray(accounts.name, names)));
  for (const a of found) if (!byName.has(a.name)) byName.set(a.name, a.id);
  const missing = names.filter((n) => !byName.has(n));
  if (missing.length > 0) {
    const created = missing.map((name) => ({ workspaceId, id: newId(), name }));
    await db.insert(accounts).values(created);
    for (const a of created) byName.set(a.name, a.id);
  }
  return byName;
}

/** What `writeContacts` did, and the id of each contact it wrote (by email, for rows with one). */
export interface ContactsResult extends BatchResult {
  ids: Map<string, string>;
}

export async function findContactsByEmail(
  db: Db,
  workspaceId: string,
  emails: string[],
): Promise<StoredContacts> {
  const rows = await db
    .select({
      id: contacts.id,
      email: contacts.email,
      stage: contacts.lifecycleStage,
      ownerMemberId: contacts.ownerMemberId,
      accountId: contacts.accountId,
    })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), inArray(contacts.email, emails)));
  return new Map(rows.map((c) => [c.email as string, c]));
}

/**
 * Upserts contacts, found by `ctx.matchOrder` (by email unless said otherwise; a file without emails by
 * record ID or a custom property). A caller that has already looked the batch's emails up in the same
 * transaction passes them as `known` (every stored one among them), which saves the lookup. Custom property
 * values merge into the stored ones; an outcome column moves the stage or writes a deal (`writeOutcomeDeals`).
 */
export async function writeContacts(
  db: Db,
  ctx: WriteContext,
  batch: Numbered<ContactRow>[],
  known?: StoredContacts,
): Promise<ContactsResult> {
  const order = ctx.matchOrder ?? ["email"];
  const rejected: { line: number; reason: string }[] = [];
  const found =
    known && order.length === 1 && order[0] === "email"
      ? new Map([...known].map(([email, c]) => [`email:${email}`, [c]]))
      : await findStored(
          db,
          ctx.workspaceId,
          batch.map((r) => r.value),
          order,
        );
  const rows = refuseMqlHandOvers(ctx, resolveRows(batch, order, found, rejected), rejected);
  // A row listed n times in the file counts once as new (or n times as updated) unless it was refused.
  const inserted = rows.filter((r) => !r.stored).length;
  const updated = rows.reduce((n, r) => n + r.rows, 0) - inserted;
  if (ctx.dryRun) {
    const ids = new Map<string, string>();
    for (const { value, stored } of rows) if (stored && value.email) ids.set(value.email, stored.id);
    return { inserted, updated, ids, rejected };
  }

  if (rows.length === 0) return { inserted: 0, updated: 0, ids: new Map(), rejected };
  const domains = new Map<string, string | null>();
  for (const { value } of rows) {
    if (value.companyDomain && !domains.get(value.companyDomain))
      domains.set(value.companyDomain, value.companyName);
  }
  const accountIds = await ensureAccounts(db, ctx.workspaceId, domains);
  // A file's company without a domain (a lead export's "Company") is the account of that exact name.
  const byName = ctx.accountsByName
    ? await ensureAccountsByName(
        db,
        ctx.workspaceId,
        rows.flatMap(({ value }) => (!value.companyDomain && value.companyName ? [value.companyName] : [])),
      )
    : new Map<string, string>();
  const accountOf = (value: ContactRow) =>
    value.companyDomain
      ? (accountIds.get(value.companyDomain) ?? null)
      : value.companyName
        ? (byName.get(value.companyName) ?? null)
        : null;
  const now = new Date();
  const written = rows.map((row) => ({ ...row, id: row.stored?.id ?? newId() }));
  const values = written.map(({ value, id }) => ({
    workspaceId: ctx.workspaceId,
    id,
    email: value.email,
    firstName: value.firstName,
    lastName: value.lastName,
    title: value.title,
    seniority: value.seniority,
    department: value.department,
    phone: value.phone,
    country: value.country,
    region: value.region,
    accountId: accountOf(value),
    leadStatus: value.leadStatus,
    source: value.source,
    externalId: value.externalId,
    properties: value.properties,
  }));
  const ids = new Map<string, string>();
  for (const { value, id } of written) if (value.email) ids.set(value.email, id);
  await db
    .insert(contacts)
    .values(values)
    .onConflictDoUpdate({
      target: [contacts.workspaceId, contacts.id],
      set: {
        ...keepStoredWhenBlank(
          contacts,
          [
            contacts.email,
            contacts.firstName,
            contacts.lastName,
            contacts.title,
            contacts.seniority,
            contacts.department,
            contacts.phone,
            contacts.country,
            contacts.region,
            contacts.accountId,
            contacts.leadStatus,
            contacts.source,
            contacts.externalId,
          ],
          [contacts.firstName, contacts.lastName],
        ),
        properties: sql`${contacts.properties} || excluded.properties`,
      },
    });
  // The stage a file (or a tracking identify) states is taken as stated, whichever way: an explicit move.
  const cause = {
    cause: ctx.cause?.cause ?? ("import" as const),
    detail: ctx.cause?.detail ?? (ctx.fileName ? `Imported from ${ctx.fileName}` : "Imported"),
    memberId: ctx.memberId,
    explicit: true,
  };
  const created = await moveStage(
    db,
    ctx.workspaceId,
    written
      .filter((r) => !r.stored)
      .map((r) => ({ contactId: r.id, toStage: r.value.lifecycleStage ?? "lead" })),
    cause,
    { at: now, created: true },
  );
  const moved = await moveStage(
    db,
    ctx.workspaceId,
    written
      .filter((r) => r.stored && r.value.lifecycleStage)
      .map((r) => ({ contactId: r.id, toStage: r.value.lifecycleStage as LifecycleStage })),
    cause,
    { at: now },
  );
  const dealMoves =
    ctx.outcomeSets === "deal"
      ? await writeOutcomeDeals(
          db,
          ctx,
          written.map(({ id, value }, i) => ({ id, value, accountId: values[i]?.accountId ?? null })),
          now,
        )
      : [];
  // An import that moves existing leads on (or out) closes their SLA clocks as a move by hand would.
  // Contacts imported as MQLs are not routed: an import records history, it does not hand leads over.
  await handOff(db, ctx.workspaceId, [...created, ...moved, ...dealMoves], now, { routeNewMqls: false });
  return {
    inserted,
    updated,
    ids,
    rejected,
    touched: { contactIds: values.map((v) => v.id) },
  };
}

/** The external id of the deal a contacts file's outcome column writes for a contact (one per contact). */
export const outcomeDealId = (contactId: string) => `outcome:${contactId}`;

/**
 * An outcome column read as deals: each contact with an outcome gets one deal, closed won or closed lost
 * (updated, not doubled, when the file is imported again), on the contact's account (else an account named
 * after the file's company name, else after the contact), with the contact in a role; the contacts move on
 * as a deal moves them (to opportunity, and to customer when won: forward only).
 */
async function writeOutcomeDeals(
  db: Db,
  ctx: WriteContext,
  rows: { id: string; value: ContactRow; accountId: string | null }[],
  at: Date,
) {
  const withOutcome = rows.filter((r) => r.value.outcome !== null);
  if (withOutcome.length === 0) return [];
  // The account a contact has now (kept when the file names none).
  const stored = await db
    .select({ id: contacts.id, accountId: contacts.accountId, name: contacts.name })
    .from(contacts)
    .where(
      and(
        eq(contacts.workspaceId, ctx.workspaceId),
        inArray(
          contacts.id,
          withOutcome.map((r) => r.id),
        ),
      ),
    );
  const current = new Map(stored.map((c) => [c.id, c]));
  const label = (r: (typeof withOutcome)[number]) =>
    r.value.companyName ??
    (current.get(r.id)?.name ||
      r.value.email ||
      (r.value.externalId ? `Contact ${r.value.externalId}` : "Contact"));
  const byName = await ensureAccountsByName(
    db,
    ctx.workspaceId,
    withOutcome.filter((r) => !(r.accountId ?? current.get(r.id)?.accountId)).map(label),
  );
  const today = at.toISOString().slice(0, 10);
  const deals = withOutcome.map((r) => {
    const closeDate = r.value.outcomeDate ?? today;
    const who = current.get(r.id)?.name || r.value.email || r.value.externalId || "contact";
    return {
      workspaceId: ctx.workspaceId,
      id: newId(),
      name: `${who}: ${r.value.outcome ? "won" : "lost"} (imported outcome)`,
      accountId: (r.accountId ?? current.get(r.id)?.accountId ?? byName.get(label(r))) as string,
      amount: 0,
      currency: "USD",
      stage: (r.value.outcome ? "closed_won" : "closed_lost") as OpportunityStage,
      closeDate,
      closedAt: new Date(`${closeDate}T00:00:00Z`),
      externalId: outcomeDealId(r.id),
      contactId: r.id,
    };
  });
  const saved = await db
    .insert(opportunities)
    .values(deals.map(({ contactId: _, ...deal }) => deal))
    .onConflictDoUpdate({
      target: [opportunities.workspaceId, opportunities.externalId],
      targetWhere: sql`${opportunities.externalId} is not null`,
      set: {
        name: sql`excluded.name`,
        stage: sql`excluded.stage`,
        closeDate: sql`excluded.close_date`,
        closedAt: sql`excluded.closed_at`,
        updatedAt: sql`now()`,
      },
    })
    .returning({ id: opportunities.id, externalId: opportunities.externalId });
  await recordDealStages(
    db,
    ctx.workspaceId,
    saved.map((d) => d.id),
    { cause: "import", memberId: ctx.memberId },
    at,
  );
  const dealOf = new Map(saved.map((d) => [d.externalId as string, d.id]));
  return linkDealContacts(
    db,
    ctx,
    deals.map((d) => ({
      opportunityId: dealOf.get(d.externalId) as string,
      contactId: d.contactId,
      role: "other",
      won: d.stage === "closed_won",
    })),
    at,
  );
}

/**
 * Contact roles of imported deals (added, or their role changed; roles already there stay), then the
 * automatic forward moves a deal makes: its contacts become opportunities, and customers once it is won.
 */
async function linkDealContacts(
  db: Db,
  ctx: WriteContext,
  links: { opportunityId: string; contactId: string; role: string; won: boolean }[],
  at: Date,
) {
  const unique = new Map(links.map((l) => [`${l.opportunityId}:${l.contactId}`, l]));
  if (unique.size === 0) return [];
  await db
    .insert(opportunityContacts)
    .values(
      [...unique.values()].map((l) => ({
        workspaceId: ctx.workspaceId,
        opportunityId: l.opportunityId,
        contactId: l.contactId,
        role: l.role,
      })),
    )
    .onConflictDoUpdate({
      target: [
        opportunityContacts.workspaceId,
        opportunityContacts.opportunityId,
        opportunityContacts.contactId,
      ],
      set: { role: sql`excluded.role` },
    });
  const cause = {
    cause: "import" as const,
    detail: ctx.fileName ? `Linked to a deal imported from ${ctx.fileName}` : "Linked to an imported deal",
    memberId: ctx.memberId,
  };
  const contactIds = [...new Set(links.map((l) => l.contactId))];
  const moved = await moveStage(
    db,
    ctx.workspaceId,
    { contacts: contactIds, toStage: "opportunity" },
    cause,
    {
      at,
    },
  );
  const won = [...new Set(links.filter((l) => l.won).map((l) => l.contactId))];
  moved.push(
    ...(await moveStage(
      db,
      ctx.workspaceId,
      { contacts: won, toStage: "customer" },
      {
        ...cause,
        detail: ctx.fileName ? `A deal imported from ${ctx.fileName} was won` : "An imported deal was won",
      },
      { at },
    )),
  );
  return moved;
}

type AccountRow = ReturnType<typeof toAccount>;

export async function writeAccounts(
  db: Db,
  ctx: WriteContext,
  batch: Numbered<AccountRow>[],
): Promise<BatchResult> {
  const keepBlank = keepWhenBlank<AccountRow>([
    "industry",
    "employees",
    "annualRevenue",
    "country",
    "region",
    "externalId",
  ]);
  const rows = mergePerKey(
    batch,
    (a) => a.domain ?? (a.externalId ? `#${a.externalId}` : null),
    (earlier, later) => ({
      ...keepBlank(earlier, later),
      properties: { ...earlier.properties, ...later.properties },
    }),
  );
  const duplicatesInFile = batch.length - rows.length;
  const domains = rows.flatMap((r) => (r.value.domain ? [r.value.domain] : []));
  const externalIds = rows.flatMap((r) =>
    !r.value.domain && r.value.externalId ? [r.value.externalId] : [],
  );
  const matches = await db
    .select({ id: accounts.id, domain: accounts.domain, externalId: accounts.externalId })
    .from(accounts)
    .where(
      and(
        eq(accounts.workspaceId, ctx.workspaceId),
        or(anyOf(accounts.domain, domains), anyOf(accounts.externalId, externalIds)),
      ),
    );
  const idOf = (a: AccountRow) =>
    matches.find((m) => (a.domain ? m.domain === a.domain : a.externalId && m.externalId === a.externalId))
      ?.id;
  const updated = rows.filter((r) => idOf(r.value)).length + duplicatesInFile;
  const inserted = batch.length - updated;
  if (ctx.dryRun) return { inserted, updated };
  const values = rows.map(({ value }) => ({
    ...value,
    workspaceId: ctx.workspaceId,
    id: idOf(value) ?? newId(),
  }));
  await db
    .insert(accounts)
    .values(values)
    .onConflictDoUpdate({
      target: [accounts.workspaceId, accounts.id],
      set: {
        ...keepStoredWhenBlank(accounts, [
          accounts.domain,
          accounts.industry,
          accounts.employees,
          accounts.annualRevenue,
          accounts.country,
          accounts.region,
          accounts.externalId,
        ]),
        name: sql`excluded.name`,
        properties: sql`${accounts.properties} || excluded.properties`,
      },
    });
  return { inserted, updated, touched: { accountIds: values.map((v) => v.id) } };
}

type OpportunityRow = ReturnType<typeof toOpportunity>;

export async function writeOpportunities(
  db: Db,
  ctx: WriteContext,
  batch: Numbered<OpportunityRow>[],
): Promise<BatchResult> {
  const merged = lastPerKey(batch, (o) => o.externalId);
  const { rows, rejected, contactOf } = await findDealContacts(db, ctx, merged);
  const refused = new Set(rejected.map((r) => r.line));
  const kept = batch.filter((r) => !refused.has(r.line)).length;
  const externalIds = rows.flatMap((r) => (r.value.externalId ? [r.value.externalId] : []));
  const existing = new Map(
    externalIds.length === 0
      ? []
      : (
          await db
            .select({ id: opportunities.id, externalId: opportunities.externalId })
            .from(opportunities)
            .where(
              and(
                eq(opportunities.workspaceId, ctx.workspaceId),
                inArray(opportunities.externalId, externalIds),
              ),
            )
        ).map((o) => [o.externalId as string, o.id]),
  );
  const idOf = (o: OpportunityRow) => (o.externalId ? existing.get(o.externalId) : undefined);
  const updated = rows.filter((r) => idOf(r.value)).length + (kept - rows.length);
  const inserted = kept - updated;
  if (ctx.dryRun) return { inserted, updated, rejected };
  if (rows.length === 0) return { inserted: 0, updated: 0, rejected };

  // Contacts named by an email Lockstep does not know yet are added (linked to their company by domain).
  const newEmails = [...new Set(rows.flatMap((r) => r.value.contactEmails))].filter(
    (email) => !contactOf.has(`email:${email}`),
  );
  if (newEmails.length > 0) {
    await writeContacts(
      db,
      ctx,
      newEmails.map((email) => ({ line: 0, value: blankContact(email) })),
    );
    const added = await db
      .select({ id: contacts.id, email: contacts.email, accountId: contacts.accountId })
      .from(contacts)
      .where(and(eq(contacts.workspaceId, ctx.workspaceId), inArray(contacts.email, newEmails)));
    for (const c of added) contactOf.set(`email:${c.email}`, { id: c.id, accountId: c.accountId });
  }
  const linked = (o: OpportunityRow) =>
    [
      ...o.contactEmails.map((e) => contactOf.get(`email:${e}`)),
      ...o.contactExternalIds.map((x) => contactOf.get(`externalId:${x}`)),
    ].filter((c): c is DealContact => c !== undefined);

  // The deal's account: by domain (created when missing), else by exact name (created when missing), else
  // its first contact's account.
  const byDomain = await ensureAccounts(
    db,
    ctx.workspaceId,
    new Map(
      rows.flatMap((r) => (r.value.accountDomain ? [[r.value.accountDomain, r.value.accountName]] : [])),
    ),
  );
  const byName = await ensureAccountsByName(
    db,
    ctx.workspaceId,
    rows.flatMap((r) => (!r.value.accountDomain && r.value.accountName ? [r.value.accountName] : [])),
  );
  const accountOf = (o: OpportunityRow) =>
    o.accountDomain
      ? byDomain.get(o.accountDomain)
      : o.accountName
        ? byName.get(o.accountName)
        : linked(o).find((c) => c.accountId)?.accountId;
  const written = rows.map(({ value }) => ({ value, id: idOf(value) ?? newId() }));
  await db
    .insert(opportunities)
    .values(
      written.map(({ value, id }) => ({
        workspaceId: ctx.workspaceId,
        id,
        name: value.name,
        accountId: accountOf(value) as string,
        amount: value.amount,
        currency: value.currency,
        stage: value.stage,
        closeDate: value.closeDate,
        closedAt: value.stage.startsWith("closed_") ? new Date(`${value.closeDate}T00:00:00Z`) : null,
        externalId: value.externalId,
        properties: value.properties,
      })),
    )
    .onConflictDoUpdate({
      target: [opportunities.workspaceId, opportunities.id],
      set: {
        name: sql`excluded.name`,
        accountId: sql`excluded.account_id`,
        amount: sql`excluded.amount`,
        currency: sql`excluded.currency`,
        stage: sql`excluded.stage`,
        closeDate: sql`excluded.close_date`,
        closedAt: sql`excluded.closed_at`,
        properties: sql`${opportunities.properties} || excluded.properties`,
        updatedAt: sql`now()`,
      },
    });
  await recordDealStages(
    db,
    ctx.workspaceId,
    written.map((w) => w.id),
    { cause: "import", memberId: ctx.memberId },
    new Date(),
  );
  const moved = await linkDealContacts(
    db,
    ctx,
    written.flatMap(({ value, id }) =>
      linked(value).map((c) => ({
        opportunityId: id,
        contactId: c.id,
        role: value.contactRole,
        won: value.stage === "closed_won",
      })),
    ),
    new Date(),
  );
  await handOff(db, ctx.workspaceId, moved, new Date(), { routeNewMqls: false });
  return {
    inserted,
    updated,
    rejected,
    touched: { contactIds: [...new Set(moved.map((m) => m.contactId))] },
  };
}

interface DealContact {
  id: string;
  accountId: string | null;
}

/**
 * The contacts a batch of deals names, in one query ("email:x" and "externalId:y" -> contact). A record ID no
 * contact has refuses its row (import the contacts first); so does a deal without a company whose contacts
 * have no account (a new contact's account comes from its email's company domain).
 */
async function findDealContacts(db: Db, ctx: WriteContext, rows: Numbered<OpportunityRow>[]) {
  const emails = [...new Set(rows.flatMap((r) => r.value.contactEmails))];
  const ids = [...new Set(rows.flatMap((r) => r.value.contactExternalIds))];
  const contactOf = new Map<string, DealContact>();
  if (emails.length + ids.length > 0) {
    const found = await db
      .select({
        id: contacts.id,
        email: contacts.email,
        externalId: contacts.externalId,
        accountId: contacts.accountId,
      })
      .from(contacts)
      .where(
        and(
          eq(contacts.workspaceId, ctx.workspaceId),
          or(anyOf(contacts.email, emails), anyOf(contacts.externalId, ids)),
        ),
      );
    for (const c of found) {
      const contact = { id: c.id, accountId: c.accountId };
      if (c.email) contactOf.set(`email:${c.email}`, contact);
      if (c.externalId) contactOf.set(`externalId:${c.externalId}`, contact);
    }
  }
  const rejected: { line: number; reason: string }[] = [];
  const kept = rows.filter(({ line, value }) => {
    const unknown = value.contactExternalIds.find((x) => !contactOf.has(`externalId:${x}`));
    if (unknown !== undefined) {
      rejected.push({
        line,
        reason: `contactExternalIds: no contact has the record ID "${unknown}"; import the contacts first`,
      });
      return false;
    }
    if (value.accountDomain || value.accountName) return true;
    const hasAccount =
      value.contactExternalIds.some((x) => contactOf.get(`externalId:${x}`)?.accountId) ||
      value.contactEmails.some((e) => {
        const known = contactOf.get(`email:${e}`);
        return known ? Boolean(known.accountId) : companyDomainOfEmail(e) !== null;
      });
    if (!hasAccount)
      rejected.push({
        line,
        reason: "accountName: needs the company's name or domain; the deal's contacts have no account",
      });
    return hasAccount;
  });
  return { rows: kept, rejected, contactOf };
}

type CampaignRow = ReturnType<typeof toCampaign>;

export async function writeCampaigns(
  db: Db,
  ctx: WriteContext,
  batch: Numbered<CampaignRow>[],
): Promise<BatchResult> {
  // A campaign is the same campaign by its source id, else its utm_campaign, else its exact name.
  const keyOf = (c: CampaignRow) =>
    c.externalId ? `id:${c.externalId}` : c.utmCampaign ? `utm:${c.utmCampaign}` : `name:${c.name}`;
  const rows = mergePerKey(
    batch,
    keyOf,
    keepWhenBlank<CampaignRow>(["startsOn", "endsOn", "utmCampaign", "externalId"]),
  );
  const duplicatesInFile = batch.length - rows.length;
  const matches = await db
    .select({
      id: campaigns.id,
      name: campaigns.name,
      utm: campaigns.utmCampaign,
      externalId: campaigns.externalId,
    })
    .from(campaigns)
    .where(
      and(
        eq(campaigns.workspaceId, ctx.workspaceId),
        or(
          inArray(
            campaigns.name,
            rows.map((r) => r.value.name),
          ),
          anyOf(
            campaigns.utmCampaign,
            rows.map((r) => r.value.utmCampaign),
          ),
          anyOf(
            campaigns.externalId,
            rows.map((r) => r.value.externalId),
          ),
        ),
      ),
    );
  const idOf = (c: CampaignRow) =>
    (c.externalId
      ? matches.find((m) => m.externalId === c.externalId)
      : c.utmCampaign
        ? matches.find((m) => m.utm === c.utmCampaign)
        : matches.find((m) => m.name === c.name)
    )?.id;
  const updated = rows.filter((r) => idOf(r.value)).length + duplicatesInFile;
  const inserted = batch.length - updated;
  if (ctx.dryRun) return { inserted, updated };
  await db
    .insert(campaigns)
    .values(
      rows.map(({ value }) => ({
        ...value,
        status: value.status ?? "planned",
        budget: value.budget ?? 0,
        cost: value.cost ?? 0,
        workspaceId: ctx.workspaceId,
        id: idOf(value) ?? newId(),
      })),
    )
    .onConflictDoUpdate({
      target: [campaigns.workspaceId, campaigns.id],
      set: {
        ...keepStoredWhenBlank(campaigns, [
          campaigns.startsOn,
          campaigns.endsOn,
          campaigns.utmCampaign,
          campaigns.externalId,
        ]),
        name: sql`excluded.name`,
        channel: sql`excluded.channel`,
        status: sql`excluded.status`,
        budget: sql`excluded.budget`,
        cost: sql`excluded.cost`,
      },
    });
  return { inserted, updated };
}

type TouchRow = ReturnType<typeof toTouch>;

export async function writeTouches(
  db: Db,
  ctx: WriteContext,
  batch: Numbered<TouchRow>[],
): Promise<BatchResult> {
  const unique = lastPerKey(batch, (t) => t.externalId);
  // Contacts named by their record ID must exist (import them first); an unknown email adds its person.
  const contactIds = [
    ...new Set(unique.flatMap((r) => (r.value.email ? [] : [r.value.contactExternalId as string]))),
  ];
  const byExternalId = new Map(
    contactIds.length === 0
      ? []
      : (
          await db
            .select({ id: contacts.id, externalId: contacts.externalId, accountId: contacts.accountId })
            .from(contacts)
            .where(and(eq(contacts.workspaceId, ctx.workspaceId), inArray(contacts.externalId, contactIds)))
        ).map((c) => [c.externalId as string, c]),
  );
  const rejected: { line: number; reason: string }[] = [];
  const rows = unique.filter(({ line, value }) => {
    if (value.email || byExternalId.has(value.contactExternalId as string)) return true;
    rejected.push({
      line,
      reason: `contactExternalId: no contact has the record ID "${value.contactExternalId}"; import the contacts first`,
    });
    return false;
  });
  const refused = new Set(rejected.map((r) => r.line));
  const kept = batch.filter((r) => !refused.has(r.line)).length;
  const externalIds = rows.flatMap((r) => (r.value.externalId ? [r.value.externalId] : []));
  const seen = new Set(
    externalIds.length === 0
      ? []
      : (
          await db
            .select({ externalId: touches.externalId })
            .from(touches)
            .where(and(eq(touches.workspaceId, ctx.workspaceId), inArray(touches.externalId, externalIds)))
        ).map((t) => t.externalId),
  );
  // Touches already imported (same source id) are skipped: re-running a file never double-counts.
  const fresh = rows.filter((r) => !r.value.externalId || !seen.has(r.value.externalId));
  const result = { inserted: fresh.length, updated: kept - fresh.length, rejected };
  if (ctx.dryRun || fresh.length === 0) return result;

  const emails = [...new Set(fresh.flatMap((r) => (r.value.email ? [r.value.email] : [])))];
  const known = await db
    .select({ id: contacts.id, email: contacts.email, accountId: contacts.accountId })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, ctx.workspaceId), inArray(contacts.email, emails)));
  const missing = emails.filter((e) => !known.some((k) => k.email === e));
  if (missing.length > 0) {
    // A touch from someone we do not know yet creates them as a subscriber.
    await writeContacts(
      db,
      ctx,
      missing.map((email) => ({
        line: 0,
        value: { ...blankContact(email), lifecycleStage: "subscriber" as const },
      })),
    );
    known.push(
      ...(await db
        .select({ id: contacts.id, email: contacts.email, accountId: contacts.accountId })
        .from(contacts)
        .where(and(eq(contacts.workspaceId, ctx.workspaceId), inArray(contacts.email, missing)))),
    );
  }
  const byEmail = new Map(known.map((k) => [k.email as string, k]));
  const contactOf = (t: TouchRow) =>
    t.email ? byEmail.get(t.email) : byExternalId.get(t.contactExternalId as string);
  const campaignNames = [...new Set(fresh.flatMap((r) => (r.value.campaign ? [r.value.campaign] : [])))];
  const campaignRows =
    campaignNames.length === 0
      ? []
      : await db
          .select({
            id: campaigns.id,
            name: campaigns.name,
            utm: campaigns.utmCampaign,
            channel: campaigns.channel,
          })
          .from(campaigns)
          .where(
            and(
              eq(campaigns.workspaceId, ctx.workspaceId),
              sql`(${inArray(campaigns.name, campaignNames)} or ${inArray(campaigns.utmCampaign, campaignNames)})`,
            ),
          );
  const campaignOf = (name: string | null) =>
    name ? campaignRows.find((c) => c.utm === name || c.name === name) : undefined;
  const touchedContacts = new Set<string>();
  await db.insert(touches).values(
    fresh.map(({ value }) => {
      const contact = contactOf(value);
      if (contact) touchedContacts.add(contact.id);
      const campaign = campaignOf(value.campaign);
      return {
        workspaceId: ctx.workspaceId,
        id: newId(),
        contactId: contact?.id ?? null,
        accountId: contact?.accountId ?? null,
        type: value.type,
        team: teamOfTouch(value.type),
        channel: value.channel ?? campaign?.channel ?? null,
        campaignId: campaign?.id ?? null,
        occurredAt: value.occurredAt,
        properties: {
          ...value.properties,
          ...(value.campaign && !campaign ? { campaign: value.campaign } : {}),
        },
        source: "import",
        externalId: value.externalId,
      };
    }),
  );
  return { ...result, touched: { contactIds: [...touchedContacts] } };
}

function blankContact(email: string): ContactRow {
  return {
    email,
    firstName: "",
    lastName: "",
    title: null,
    seniority: null,
    department: null,
    phone: null,
    country: null,
    region: null,
    lifecycleStage: null,
    leadStatus: null,
    source: "import",
    companyName: null,
    companyDomain: companyDomainOfEmail(email),
    externalId: null,
    properties: {},
    outcome: null,
    outcomeDate: null,
  };
}
