// Writes one batch of checked import rows per record type, set-based: one lookup of the records the
// batch already matches (by natural key), one multi-row upsert, one insert of the stage changes.
// Blank cells never erase what is stored; filled cells overwrite it.

import { and, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { type LifecycleStage, type StageChangeCause, teamOfTouch } from "../../../shared/domain.js";
import { companyDomainOfEmail } from "../../../shared/free-mail.js";
import type { Db } from "../../db/client.js";
import { accounts, campaigns, contacts, opportunities, touches } from "../../db/schema/index.js";
import { newId } from "../../lib/ids.js";
import { handOff } from "../handoff/handoff.service.js";
import { moveStage } from "../lifecycle/lifecycle.service.js";
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
]);

/** As `mergeContactFields`; a kept company name only goes with the company domain it came with. */
function mergeContacts(earlier: ContactRow, later: ContactRow): ContactRow {
  const merged = mergeContactFields(earlier, later);
  if (merged.companyName === null && merged.companyDomain === earlier.companyDomain)
    merged.companyName = earlier.companyName;
  return merged;
}

/**
 * Only a sales lead or an admin gives an MQL an owner. A row that would move a contact someone owns into
 * MQL hands that lead to its owner, so when the one importing may not (ctx.mayAssignMqls false) the row
 * is refused, naming the column; the batch's other rows are kept. A contact already an MQL keeps its
 * owner either way (nothing is handed over), and new contacts have no owner.
 */
function refuseMqlHandOvers(ctx: WriteContext, rows: Numbered<ContactRow>[], existing: StoredContacts) {
  const rejected: { line: number; reason: string }[] = [];
  const refused = new Set<string>();
  if (ctx.mayAssignMqls !== false) return { rows, rejected, refused };
  const column = ctx.columnOf?.("lifecycleStage") ?? "lifecycleStage";
  const kept = rows.filter(({ line, value }) => {
    const stored = existing.get(value.email);
    if (value.lifecycleStage !== "mql" || !stored?.ownerMemberId || stored.stage === "mql") return true;
    refused.add(value.email);
    rejected.push({
      line,
      reason: `lifecycleStage: column "${column}" makes ${value.email} an MQL, and they already have an owner: only a sales team lead or an admin can give an MQL an owner, so this row was not imported. Ask one of them to import it, or leave the stage blank`,
    });
    return false;
  });
  return { rows: kept, rejected, refused };
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

/** What `writeContacts` did, and the id of each contact it wrote (by email). */
export interface ContactsResult extends BatchResult {
  ids: Map<string, string>;
}

/** Stored contacts by (lower-case) email, with what `writeContacts` needs of them. */
export type StoredContacts = Map<
  string,
  { id: string; stage: LifecycleStage; ownerMemberId?: string | null }
>;

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
    })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), inArray(contacts.email, emails)));
  return new Map(rows.map((c) => [c.email as string, c]));
}

/**
 * Upserts contacts by email. A caller that has already looked the batch's emails up in the same
 * transaction passes them as `known` (every stored one among them), which saves the lookup.
 */
export async function writeContacts(
  db: Db,
  ctx: WriteContext,
  batch: Numbered<ContactRow>[],
  known?: StoredContacts,
): Promise<ContactsResult> {
  const merged = mergePerKey(batch, (c) => c.email, mergeContacts);
  const existing =
    known ??
    (await findContactsByEmail(
      db,
      ctx.workspaceId,
      merged.map((r) => r.value.email),
    ));
  const { rows, rejected, refused } = refuseMqlHandOvers(ctx, merged, existing);
  // A refused email's other rows in the batch (merged into it) are refused with it, not counted.
  const duplicatesInFile = batch.filter((r) => !refused.has(r.value.email)).length - rows.length;
  const updated = rows.filter((r) => existing.has(r.value.email)).length + duplicatesInFile;
  const inserted = rows.length - (updated - duplicatesInFile);
  if (ctx.dryRun) {
    const ids = new Map<string, string>();
    for (const { value } of rows) {
      const stored = existing.get(value.email);
      if (stored) ids.set(value.email, stored.id);
    }
    return { inserted, updated, ids, rejected };
  }

  if (rows.length === 0) return { inserted: 0, updated: 0, ids: new Map(), rejected };
  const domains = new Map<string, string | null>();
  for (const { value } of rows) {
    if (value.companyDomain && !domains.get(value.companyDomain))
      domains.set(value.companyDomain, value.companyName);
  }
  const accountIds = await ensureAccounts(db, ctx.workspaceId, domains);
  const now = new Date();
  const values = rows.map(({ value }) => {
    const before = existing.get(value.email);
    return {
      workspaceId: ctx.workspaceId,
      id: before?.id ?? newId(),
      email: value.email,
      firstName: value.firstName,
      lastName: value.lastName,
      title: value.title,
      seniority: value.seniority,
      department: value.department,
      phone: value.phone,
      country: value.country,
      region: value.region,
      accountId: value.companyDomain ? (accountIds.get(value.companyDomain) ?? null) : null,
      leadStatus: value.leadStatus,
      source: value.source,
      externalId: value.externalId,
    };
  });
  const ids = new Map(values.map((v) => [v.email, v.id]));
  await db
    .insert(contacts)
    .values(values)
    .onConflictDoUpdate({
      target: [contacts.workspaceId, contacts.id],
      set: {
        ...keepStoredWhenBlank(
          contacts,
          [
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
      },
    });
  // The stage a file (or a tracking identify) states is taken as stated, whichever way: an explicit move.
  const cause = {
    cause: ctx.cause?.cause ?? ("import" as const),
    detail: ctx.cause?.detail ?? (ctx.fileName ? `Imported from ${ctx.fileName}` : "Imported"),
    memberId: ctx.memberId,
    explicit: true,
  };
  const stageOf = (email: string, stage: LifecycleStage | null | undefined) =>
    stage ?? existing.get(email)?.stage ?? "lead";
  const created = await moveStage(
    db,
    ctx.workspaceId,
    rows
      .filter((r) => !existing.has(r.value.email))
      .map((r) => ({
        contactId: ids.get(r.value.email) as string,
        toStage: stageOf(r.value.email, r.value.lifecycleStage),
      })),
    cause,
    { at: now, created: true },
  );
  const moved = await moveStage(
    db,
    ctx.workspaceId,
    rows
      .filter((r) => existing.has(r.value.email) && r.value.lifecycleStage)
      .map((r) => ({
        contactId: ids.get(r.value.email) as string,
        toStage: r.value.lifecycleStage as LifecycleStage,
      })),
    cause,
    { at: now },
  );
  // An import that moves existing leads on (or out) closes their SLA clocks as a move by hand would.
  // Contacts imported as MQLs are not routed: an import records history, it does not hand leads over.
  await handOff(db, ctx.workspaceId, [...created, ...moved], now, { routeNewMqls: false });
  return {
    inserted,
    updated,
    ids,
    rejected,
    touched: { contactIds: values.map((v) => v.id) },
  };
}

type AccountRow = ReturnType<typeof toAccount>;

export async function writeAccounts(
  db: Db,
  ctx: WriteContext,
  batch: Numbered<AccountRow>[],
): Promise<BatchResult> {
  const rows = mergePerKey(
    batch,
    (a) => a.domain ?? (a.externalId ? `#${a.externalId}` : null),
    keepWhenBlank<AccountRow>(["industry", "employees", "annualRevenue", "country", "region", "externalId"]),
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
  const rows = lastPerKey(batch, (o) => o.externalId);
  const duplicatesInFile = batch.length - rows.length;
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
  const updated = rows.filter((r) => idOf(r.value)).length + duplicatesInFile;
  const inserted = batch.length - updated;
  if (ctx.dryRun) return { inserted, updated };

  // The deal's account: by domain (created when missing), else by exact name, else a new account.
  const byDomain = await ensureAccounts(
    db,
    ctx.workspaceId,
    new Map(
      rows.flatMap((r) => (r.value.accountDomain ? [[r.value.accountDomain, r.value.accountName]] : [])),
    ),
  );
  const names = [
    ...new Set(
      rows.flatMap((r) => (!r.value.accountDomain && r.value.accountName ? [r.value.accountName] : [])),
    ),
  ];
  const byName = new Map<string, string>();
  if (names.length > 0) {
    const found = await db
      .select({ id: accounts.id, name: accounts.name })
      .from(accounts)
      .where(and(eq(accounts.workspaceId, ctx.workspaceId), inArray(accounts.name, names)));
    for (const a of found) if (!byName.has(a.name)) byName.set(a.name, a.id);
    const missing = names.filter((n) => !byName.has(n));
    if (missing.length > 0) {
      const created = missing.map((name) => ({ workspaceId: ctx.workspaceId, id: newId(), name }));
      await db.insert(accounts).values(created);
      for (const a of created) byName.set(a.name, a.id);
    }
  }
  await db
    .insert(opportunities)
    .values(
      rows.map(({ value }) => ({
        workspaceId: ctx.workspaceId,
        id: idOf(value) ?? newId(),
        name: value.name,
        accountId: (value.accountDomain
          ? byDomain.get(value.accountDomain)
          : byName.get(value.accountName ?? "")) as string,
        amount: value.amount,
        currency: value.currency,
        stage: value.stage,
        closeDate: value.closeDate,
        closedAt: value.stage.startsWith("closed_") ? new Date(`${value.closeDate}T00:00:00Z`) : null,
        externalId: value.externalId,
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
        updatedAt: sql`now()`,
      },
    });
  return { inserted, updated };
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
  const rows = lastPerKey(batch, (t) => t.externalId);
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
  const result = { inserted: fresh.length, updated: batch.length - fresh.length };
  if (ctx.dryRun || fresh.length === 0) return result;

  const emails = [...new Set(fresh.map((r) => r.value.email))];
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
  const contactOf = new Map(known.map((k) => [k.email as string, k]));
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
      const contact = contactOf.get(value.email);
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
          ...(value.event ? { event: value.event } : {}),
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
  };
}
