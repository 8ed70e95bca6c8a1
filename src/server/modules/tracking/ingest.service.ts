// Turns Segment-compatible events into Lockstep data, one transaction per request:
// identify -> contact (created or updated) + identities, and earlier anonymous touches stitched on;
// alias -> identities merged; group -> account linked; track/page/screen -> touches (deduplicated by
// messageId), linked to a campaign by utm_campaign (an "unmatched" campaign is created rather than
// the link dropped). Invalid events are reported by index; the valid ones are kept.

import { createHash, randomUUID } from "node:crypto";
import { and, eq, isNull, type SQL, sql } from "drizzle-orm";
import { normalizeDomain } from "../../../shared/accounts.js";
import { type Channel, type LifecycleStage, teamOfTouch } from "../../../shared/domain.js";
import { companyDomainOfEmail } from "../../../shared/free-mail.js";
import {
  eventMappingOf,
  MAX_EVENT_BYTES,
  type TrackingEvent,
  trackedTouchOf,
  trackingEventSchema,
} from "../../../shared/tracking.js";
import { type Db, queryPrepared, queryRows } from "../../db/client.js";
import { accounts, campaigns, contactIdentities, contacts, touches } from "../../db/schema/index.js";
import { pgErrorCode } from "../../lib/errors.js";
import { newId } from "../../lib/ids.js";
import { findInputProblem } from "../../lib/input-guard.js";
import type { ContactRow } from "../imports/import-rows.js";
import { ensureAccounts, type StoredContacts, writeContacts } from "../imports/import-writers.js";
import { pokeScoreWorker, queueRescore } from "../scoring/score-queue.js";
import { activeSla } from "../sla/sla-agreement.service.js";
import { progressTouchClocks } from "../sla/sla-clocks.service.js";

export interface IngestResult {
  success: true;
  accepted: number;
  rejected: { index: number; reason: string }[];
}

type Identity = `anonymous:${string}` | `user:${string}`;
const anon = (v: string): Identity => `anonymous:${v}`;
const user = (v: string): Identity => `user:${v}`;

interface Checked {
  event: TrackingEvent;
  messageId: string;
  occurredAt: Date;
}

/** Checks each event on its own: size, shape, timestamp. */
export function checkEvents(raw: unknown[], shared: { context?: Record<string, unknown> } = {}) {
  const valid: Checked[] = [];
  const rejected: IngestResult["rejected"] = [];
  const sharedProblem = shared.context ? findInputProblem(shared.context) : undefined;
  raw.forEach((item, index) => {
    // Text the database cannot store as sent (NUL, lone surrogates) or hostile nesting: this event only.
    const problem = sharedProblem
      ? { ...sharedProblem, path: `context.${sharedProblem.path}` }
      : findInputProblem(item);
    if (problem) {
      rejected.push({ index, reason: `${problem.path || "event"}: ${problem.message}` });
      return;
    }
    if (JSON.stringify(item ?? null).length > MAX_EVENT_BYTES) {
      rejected.push({ index, reason: "event is larger than 32 KB" });
      return;
    }
    const parsed = trackingEventSchema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      rejected.push({ index, reason: `${issue.path.join(".") || "event"}: ${issue.message}` });
      return;
    }
    // zod's output is a fresh object: the shared context is merged into it in place.
    const event = parsed.data;
    if (shared.context) event.context = { ...shared.context, ...event.context };
    else event.context ??= {};
    const occurredAt = event.timestamp === undefined ? new Date() : new Date(event.timestamp);
    if (Number.isNaN(occurredAt.getTime())) {
      rejected.push({ index, reason: "timestamp: is not a date" });
      return;
    }
    valid.push({ event, messageId: event.messageId ?? randomUUID(), occurredAt });
  });
  return { valid, rejected };
}

const str = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : null);

function traitsOf(event: TrackingEvent): Record<string, unknown> {
  if (event.type === "identify" || event.type === "group") return event.traits ?? {};
  return {};
}

function companyWebsite(company: Record<string, unknown> | string | undefined) {
  const website = typeof company === "object" ? (str(company?.website) ?? str(company?.domain)) : null;
  const domain = website ? normalizeDomain(website) : null;
  return domain && /\./.test(domain) ? domain : null;
}

function contactRowFromTraits(email: string, traits: Record<string, unknown>): ContactRow {
  const company = traits.company as Record<string, unknown> | string | undefined;
  return {
    email,
    firstName: str(traits.firstName) ?? str(traits.first_name) ?? str(traits.name)?.split(" ")[0] ?? "",
    lastName:
      str(traits.lastName) ?? str(traits.last_name) ?? str(traits.name)?.split(" ").slice(1).join(" ") ?? "",
    title: str(traits.title),
    seniority: null,
    department: str(traits.department),
    phone: str(traits.phone),
    country: str((traits.address as Record<string, unknown> | undefined)?.country) ?? str(traits.country),
    region: str((traits.address as Record<string, unknown> | undefined)?.state) ?? str(traits.region),
    lifecycleStage: null,
    leadStatus: null,
    source: "tracking",
    companyName: typeof company === "string" ? company : str(company?.name),
    // The company's website when the traits name it, else the email's domain (never a free-mail one).
    companyDomain: companyWebsite(company) ?? companyDomainOfEmail(email),
    externalId: null,
    properties: {},
    outcome: null,
    outcomeDate: null,
  };
}

/** utm_medium -> the touch's channel (case-insensitive); other media leave the channel empty. */
export const UTM_MEDIUM_CHANNELS: Record<string, Channel> = {
  cpc: "paid_search",
  ppc: "paid_search",
  paid_search: "paid_search",
  paidsocial: "paid_social",
  paid_social: "paid_social",
  email: "email",
  social: "social",
  organic: "organic_search",
  referral: "referral",
  webinar: "webinar",
  event: "event",
  partner: "partner",
};

function utmOf(event: TrackingEvent): { campaign: string; medium: string | null } | null {
  const context = event.context ?? {};
  const fromContext = context.campaign as Record<string, unknown> | undefined;
  const properties =
    (event.type === "track" || event.type === "page" || event.type === "screen"
      ? event.properties
      : undefined) ?? {};
  const page = (context.page as Record<string, unknown> | undefined) ?? {};
  const url = str(properties.url) ?? str(page.url);
  let query: URLSearchParams | undefined;
  if (url) {
    try {
      query = new URL(url).searchParams;
    } catch {
      query = undefined;
    }
  }
  const campaign = str(fromContext?.name) ?? str(properties.utm_campaign) ?? str(query?.get("utm_campaign"));
  if (!campaign) return null;
  return {
    campaign,
    medium: str(fromContext?.medium) ?? str(properties.utm_medium) ?? str(query?.get("utm_medium")),
  };
}

function touchPropertiesOf(
  event: TrackingEvent,
  mapping: ReadonlyMap<string, string>,
): Record<string, unknown> {
  if (event.type === "page" || event.type === "screen") {
    const page = (event.context?.page as Record<string, unknown> | undefined) ?? {};
    const p = event.properties ?? {};
    return {
      url: p.url ?? page.url ?? null,
      path: p.path ?? page.path ?? null,
      referrer: p.referrer ?? page.referrer ?? null,
      title: p.title ?? page.title ?? event.name ?? null,
      ...(event.name ? { name: event.name } : {}),
    };
  }
  if (event.type === "track") return trackedTouchOf(mapping, event.event, event.properties).properties;
  return {};
}

/**
 * Database errors a concurrent request can cause and a second try resolves: a serialization failure,
 * a deadlock (two requests locking rows of shared accounts in different orders) or a unique violation
 * (another writer, an import say, created the same record in between). The whole request is retried;
 * the sender never sees them.
 */
const RETRYABLE = new Set(["40001", "40P01", "23505"]);
const MAX_ATTEMPTS = 8;

function retryable(error: unknown) {
  return RETRYABLE.has(pgErrorCode(error) ?? "");
}

export async function ingestEvents(
  db: Db,
  workspaceId: string,
  raw: unknown[],
  shared: { context?: Record<string, unknown> } = {},
) {
  const { valid, rejected } = checkEvents(raw, shared);
  if (valid.length > 0) {
    for (let attempt = 1; ; attempt++) {
      try {
        await db.transaction((tx) => applyEvents(tx, workspaceId, valid));
        break;
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !retryable(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
      }
    }
    pokeScoreWorker();
  }
  return { success: true as const, accepted: valid.length, rejected };
}

/** The identity keys a request names: who its events are about, the emails it identifies, its groups. */
function identityKeysOf(events: Checked[]) {
  const keys = new Set<string>();
  for (const { event } of events) {
    if (event.anonymousId) keys.add(anon(event.anonymousId));
    if (event.userId) keys.add(user(event.userId));
    if (event.type === "alias") {
      keys.add(anon(event.previousId));
      keys.add(user(event.previousId));
    }
    if (event.type === "group") keys.add(`group:${event.groupId}`);
    const email = emailOf(event);
    if (email) keys.add(`email:${email}`);
  }
  return keys;
}

/** A request naming more identities than this locks buckets of identities instead (see `lockIdentities`). */
const PRECISE_LOCKS = 256;
const LOCK_BUCKETS = 256;
const lockIdOf = (text: string) => createHash("sha256").update(text).digest().readBigInt64BE(0);

/**
 * Serializes the requests that name the same person (or email, or group): each takes a
 * transaction-scoped advisory lock per identity key before it reads anything, so the second of two
 * requests about one new person reads what the first wrote instead of creating the person again. The
 * locks are taken in one statement, in one global order (by lock id), so two requests never deadlock
 * on them. To keep the lock table small, a request naming many identities locks one of 256 buckets per
 * identity (exclusively), and every other request also holds the buckets of its identities (shared):
 * a big request thus waits for, and holds off, every request that names one of its buckets.
 */
async function lockIdentities(db: Db, workspaceId: string, keys: Set<string>) {
  if (keys.size === 0) return;
  const locks = new Map<bigint, boolean>();
  const coarse = keys.size > PRECISE_LOCKS;
  for (const key of keys) {
    const id = lockIdOf(`${workspaceId}\n${key}`);
    const bucket = lockIdOf(`${workspaceId}\nbucket:${BigInt.asUintN(64, id) % BigInt(LOCK_BUCKETS)}`);
    if (coarse) locks.set(bucket, false);
    else {
      if (!locks.has(bucket)) locks.set(bucket, true);
      locks.set(id, false);
    }
  }
  const sorted = [...locks].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  await queryPrepared(
    db,
    "ingest_identity_locks",
    sql`select case when u.shared then pg_advisory_xact_lock_shared(u.id) else pg_advisory_xact_lock(u.id) end
      from unnest(${sql.param(sorted.map(([id]) => id.toString()))}::bigint[],
        ${sql.param(sorted.map(([, shared]) => shared))}::boolean[]) as u(id, shared)`,
  );
}

function emailOf(event: TrackingEvent) {
  if (event.type !== "identify") return null;
  const email = str(traitsOf(event).email)?.toLowerCase();
  return email && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email) ? email : null;
}

/**
 * Applies one request's events inside its transaction, in a few round trips whatever the batch
 * size: the identity locks, one lookup of everything the request names, then one set-based statement
 * (or a few) per kind of event. A batch of page views and tracks of known visitors takes four: the
 * locks, the lookup, the campaigns (only for new utm values) and the touches. The contacts a request
 * touches are those of its touch events (`contactOf`) and of its stitched visitors (`identities`).
 *
 * Who an event is about: its userId's contact, else its anonymousId's. A userId names a person: the
 * first event that carries an unknown one creates a contact for it (no email yet), and an identify
 * with an email later gives that contact its email (or, when the email is another contact's, merges
 * it into that one). An anonymousId alone names a visitor: its touches wait without a contact and are
 * stitched when an identify, alias or event ties it to a person.
 */
async function applyEvents(db: Db, workspaceId: string, events: Checked[]) {
  await lockIdentities(db, workspaceId, identityKeysOf(events));

  // 0. what the request names (identities, emails, utm campaigns), and the event mapping.
  const touchEvents = events.filter((c) => isTouchEvent(c.event));
  const wanted = new Set<Identity>();
  for (const { event } of events) {
    if (event.anonymousId) wanted.add(anon(event.anonymousId));
    if (event.userId) wanted.add(user(event.userId));
    if (event.type === "alias") {
      wanted.add(anon(event.previousId));
      wanted.add(user(event.previousId));
    }
  }
  const identifies = events.filter((c) => c.event.type === "identify");
  const emails = new Set(identifies.flatMap(({ event }) => emailOf(event) ?? []));
  const utms = touchEvents.map((c) => utmOf(c.event));
  const { identities, contactsByEmail, mergedEmails, people, mapping, knownUtms } = await loadRequestContext(
    db,
    workspaceId,
    {
      identities: [...wanted],
      emails: [...emails],
      withMapping: touchEvents.length > 0,
      utms: [...new Set(utms.flatMap((utm) => (utm ? [utm.campaign] : [])))],
    },
  );
  const newIdentities = new Map<Identity, string>();
  /** Ties an identity to a contact, unless it already belongs to one (the first tie is kept). */
  const remember = (identity: Identity, contactId: string) => {
    if (identities.has(identity)) return;
    newIdentities.set(identity, contactId);
    identities.set(identity, contactId);
  };
  const contactOf = (e: TrackingEvent) =>
    (e.userId && identities.get(user(e.userId))) ||
    (e.anonymousId && identities.get(anon(e.anonymousId))) ||
    null;
  /** Contacts this request creates without an email (inserted together, after the identifies). */
  const pending = new Set<string>();
  const newContact = () => {
    const id = newId();
    pending.add(id);
    people.set(id, { email: null, stage: "subscriber" });
    return id;
  };
  const repoint = (from: string, into: string) => {
    for (const [key, id] of identities) if (id === from) identities.set(key, into);
    for (const [key, id] of newIdentities) if (id === from) newIdentities.set(key, into);
  };
  /** `from` and `into` are one person: `from`'s identities and touches move to `into`. */
  const absorb = async (from: string, into: string) => {
    if (from === into) return;
    if (pending.has(from)) pending.delete(from);
    else if (pending.has(into)) {
      // The contact this request was about to create is the stored one.
      pending.delete(into);
      repoint(into, from);
      return;
    } else await mergeContacts(db, workspaceId, from, into);
    repoint(from, into);
  };
  /** The contact of an event's person: its identities' contact, or a new one for an unknown userId. */
  const personOf = (e: TrackingEvent) => {
    const contactId = contactOf(e) || (e.userId ? newContact() : null);
    if (contactId && e.userId) remember(user(e.userId), contactId);
    if (contactId && e.anonymousId) remember(anon(e.anonymousId), contactId);
    return contactId;
  };

  // 1. identify: contacts by email go through the same upsert as CSV import (account linking by
  // company domain, stage history). The email of a merged (archived) contact stands for the contact it
  // was merged into. A new email given to a person known only by their ids becomes their contact's.
  const rows: ContactRow[] = [];
  const known: StoredContacts = new Map(contactsByEmail);
  const survivorOfEmail = new Map<string, string>();
  const upgrades: { id: string; email: string }[] = [];
  for (const { event } of identifies) {
    const email = emailOf(event);
    if (!email) continue;
    const merged = mergedEmails.get(email);
    if (merged) {
      survivorOfEmail.set(email, merged);
      const survivor = people.get(merged);
      if (survivor?.email) {
        rows.push(contactRowFromTraits(survivor.email, traitsOf(event)));
        known.set(survivor.email, { id: merged, stage: survivor.stage });
      }
      continue;
    }
    const row = contactRowFromTraits(email, traitsOf(event));
    if (!known.has(email)) {
      const idOnly = [
        event.userId && identities.get(user(event.userId)),
        event.anonymousId && identities.get(anon(event.anonymousId)),
      ].find((id): id is string => Boolean(id) && people.get(id as string)?.email === null);
      if (idOnly) {
        const person = people.get(idOnly) as Person;
        person.email = email;
        upgrades.push({ id: idOnly, email });
        known.set(email, { id: idOnly, stage: person.stage });
        // Known by an id until now, a lead from now on (as a new contact identified by email is).
        if (person.stage === "subscriber") row.lifecycleStage = "lead";
      }
    }
    rows.push(row);
  }
  for (const { id, email } of upgrades) {
    await db
      .update(contacts)
      .set({ email, updatedAt: new Date() })
      .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id), isNull(contacts.email)));
  }
  const emailIds =
    rows.length === 0
      ? new Map<string, string>()
      : (
          await writeContacts(
            db,
            {
              workspaceId,
              memberId: null,
              fileName: null,
              dryRun: false,
              cause: { cause: "api", detail: "Identified by tracking" },
            },
            rows.map((value) => ({ line: 0, value })),
            known,
          )
        ).ids;
  for (const [email, id] of emailIds) if (!people.has(id)) people.set(id, { email, stage: "lead" });
  for (const { event } of identifies) {
    const email = emailOf(event);
    const target = email ? (survivorOfEmail.get(email) ?? emailIds.get(email)) : undefined;
    if (target) {
      // Profiles of this person known only by their ids (no email of their own) join the email's contact.
      for (const identity of [
        event.userId && user(event.userId),
        event.anonymousId && anon(event.anonymousId),
      ]) {
        const other = identity ? identities.get(identity) : undefined;
        if (other && other !== target && people.get(other)?.email === null) await absorb(other, target);
      }
    }
    const contactId = target ?? contactOf(event) ?? newContact();
    if (event.userId) remember(user(event.userId), contactId);
    if (event.anonymousId) remember(anon(event.anonymousId), contactId);
  }

  // 2. alias: previousId and userId are one person; two known contacts are merged into the userId's.
  for (const { event } of events) {
    if (event.type !== "alias" || !event.userId) continue;
    const previous = identities.get(user(event.previousId)) ?? identities.get(anon(event.previousId));
    const current = identities.get(user(event.userId));
    // The older profile joins the userId's, unless only the older one has an email: then it is the person.
    if (previous && current) {
      if (people.get(current)?.email === null && people.get(previous)?.email) await absorb(current, previous);
      else await absorb(previous, current);
    } else if (previous) remember(user(event.userId), previous);
    else {
      const contactId = current ?? newContact();
      remember(user(event.userId), contactId);
      remember(anon(event.previousId), contactId);
    }
  }

  // 3. the people of group and touch events (a new contact for an unknown userId); then the request's
  // new contacts and identities are stored.
  const groupPeople = events.map(({ event }) => (event.type === "group" ? personOf(event) : null));
  const touchPeople = touchEvents.map(({ event }) => personOf(event));
  if (pending.size > 0) {
    // The stage column's default (subscriber), with no history: nobody entered an email yet.
    await db.insert(contacts).values([...pending].map((id) => ({ workspaceId, id, source: "tracking" })));
  }
  await saveIdentities(db, workspaceId, newIdentities);

  // 4. group: the account (by website domain, else by the group id), its traits, and the contact's link.
  for (const [i, { event }] of events.entries()) {
    if (event.type !== "group") continue;
    const accountId = await applyGroup(db, workspaceId, event);
    const contactId = groupPeople[i];
    if (contactId && accountId) {
      await db
        .update(contacts)
        .set({ accountId, updatedAt: new Date() })
        .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId)));
    }
  }

  // 5. track / page / screen: touches on their contact (and its account) and campaign, deduplicated
  // by messageId. 6. stitch, in the same statement: anonymous touches of the request's known
  // visitors now belong to their contacts. Mostly touches sent before an identify of this request;
  // stitching every known visitor, not only new ones, also picks up anything left behind.
  const stitched = [...identities.keys()]
    .filter((key) => key.startsWith("anonymous:"))
    .map((key) => key.slice(10));
  if (touchEvents.length === 0) {
    if (stitched.length > 0) await db.execute(stitchTouches(workspaceId, stitched));
  } else {
    await ensureUtmCampaigns(db, workspaceId, utms, knownUtms);
    await insertTouches(
      db,
      workspaceId,
      touchEvents.map(({ event, messageId, occurredAt }, i) => {
        const type = event.type === "track" ? trackedTouchOf(mapping, event.event).type : "page_view";
        const utm = utms[i];
        return {
          id: newId(),
          // The person as resolved after every identify and alias of the request.
          contact_id: contactOf(event) ?? touchPeople[i],
          anonymous_id: event.anonymousId ?? null,
          type,
          team: teamOfTouch(type),
          channel: utm?.medium ? (UTM_MEDIUM_CHANNELS[utm.medium.toLowerCase()] ?? null) : null,
          utm_campaign: utm?.campaign ?? null,
          occurred_at: occurredAt,
          properties: touchPropertiesOf(event, mapping),
          external_id: messageId,
        };
      }),
      stitched,
    );
  }

  // 7. live scores: every contact this request named, identified, grouped or gave a touch to, queued in
  // this transaction for the scoring worker (poked once the transaction has committed).
  const touched = new Set<string>(identities.values());
  for (const id of emailIds.values()) touched.add(id);
  await queueRescore(db, workspaceId, touched);
  // Tracked sales touches (an event mapped to a meeting, say) count toward the SLA's first touch and
  // attempts, when an SLA is in force.
  if (touched.size > 0 && (await activeSla(db, workspaceId)))
    await progressTouchClocks(db, workspaceId, [...touched]);
}

/** A whole number of employees from a number or a numeric text ("250", "1,200"); else null. */
function employeesOf(value: unknown) {
  const n =
    typeof value === "number"
      ? value
      : typeof value === "string"
        ? Number(value.replace(/[,\s_]/g, ""))
        : NaN;
  return Number.isFinite(n) && n >= 0 && n <= 2_000_000_000 ? Math.round(n) : null;
}

/**
 * A group call: the account by its website's domain (else by the group id, created if missing), and
 * Segment's reserved group traits onto it. A trait the group sends is the company's own word and
 * overwrites what is stored (a name taken from an identify's `company` trait or from the email
 * domain included); a trait it leaves out keeps what is stored, as a blank cell of an import does.
 */
async function applyGroup(db: Db, workspaceId: string, event: TrackingEvent & { type: "group" }) {
  const traits = event.traits ?? {};
  const website = str(traits.website) ?? str(traits.domain);
  const domain = website ? normalizeDomain(website) : null;
  const name = str(traits.name);
  let accountId: string | undefined;
  if (domain && /\./.test(domain)) {
    accountId = (await ensureAccounts(db, workspaceId, new Map([[domain, name]]))).get(domain);
  } else {
    const [found] = await db
      .select({ id: accounts.id })
      .from(accounts)
      .where(and(eq(accounts.workspaceId, workspaceId), eq(accounts.externalId, event.groupId)));
    accountId = found?.id;
    if (!accountId) {
      accountId = newId();
      await db
        .insert(accounts)
        .values({ workspaceId, id: accountId, name: name ?? event.groupId, externalId: event.groupId });
    }
  }
  if (!accountId) return undefined;
  const address =
    traits.address && typeof traits.address === "object" && !Array.isArray(traits.address)
      ? (traits.address as Record<string, unknown>)
      : undefined;
  const extra: Record<string, unknown> = {};
  const plan = str(traits.plan);
  if (plan) extra.plan = plan;
  if (address) extra.address = address;
  await db
    .update(accounts)
    .set({
      // The group id, unless the account has an id already or another account holds this one.
      externalId: sql`coalesce(${accounts.externalId}, case when not exists (select 1 from accounts a
        where a.workspace_id = ${workspaceId} and a.external_id = ${event.groupId}) then ${event.groupId} end)`,
      name: sql`coalesce(${name}::text, ${accounts.name})`,
      industry: sql`coalesce(${str(traits.industry)}::text, ${accounts.industry})`,
      employees: sql`coalesce(${employeesOf(traits.employees)}::integer, ${accounts.employees})`,
      country: sql`coalesce(${str(address?.country)}::text, ${accounts.country})`,
      region: sql`coalesce(${str(address?.state) ?? str(address?.region)}::text, ${accounts.region})`,
      properties: sql`${accounts.properties} || ${JSON.stringify(extra)}::jsonb`,
      updatedAt: new Date(),
    })
    .where(and(eq(accounts.workspaceId, workspaceId), eq(accounts.id, accountId)));
  return accountId;
}

const isTouchEvent = (event: TrackingEvent) =>
  event.type === "track" || event.type === "page" || event.type === "screen";

interface TouchRow {
  id: string;
  contact_id: string | null;
  anonymous_id: string | null;
  type: string;
  team: string;
  channel: string | null;
  /** The campaign, by its utm_campaign (ensured beforehand); its id is looked up in the insert. */
  utm_campaign: string | null;
  occurred_at: Date;
  properties: Record<string, unknown>;
  external_id: string;
}

/**
 * The anonymous touches of the given (identified) visitors onto their contacts and accounts. The
 * plan starts from the visitors' identities and finds their touches by anonymous id; the
 * "no contact yet" test is spelled so that the index on contact_id is never chosen for it (on a
 * growing table, stale statistics make `contact_id is null` look rare, and scanning every anonymous
 * touch of the workspace per request gets slower with each one).
 */
function stitchTouches(workspaceId: string, anonymousIds: string[]) {
  return sql`
    update touches t set contact_id = s.contact_id, account_id = coalesce(t.account_id, s.account_id)
    from (
      select i.value, i.contact_id, c.account_id
      from contact_identities i
      join contacts c on c.workspace_id = i.workspace_id and c.id = i.contact_id
      where i.workspace_id = ${workspaceId} and i.kind = 'anonymous'
        and i.value = any(${sql.param(anonymousIds)}::text[])
    ) s
    where t.workspace_id = ${workspaceId} and t.anonymous_id = s.value
      and coalesce(t.contact_id, ${NO_CONTACT}) = ${NO_CONTACT}`;
}

/** Stands for "no contact" in `stitchTouches` (ids are UUIDv7, never this one). */
const NO_CONTACT = sql.raw("'00000000-0000-0000-0000-000000000000'::uuid");

/**
 * One INSERT ... SELECT for the whole batch: the rows travel as one JSON parameter (instead of
 * 15 bound values per touch) and the contact's account and the campaign's id are joined in SQL.
 * Of two events with one messageId in the batch the first is kept (as the stored one is kept over
 * a re-sent one). The stitch of the given visitors runs in the same statement (on the touches
 * stored before it).
 */
async function insertTouches(db: Db, workspaceId: string, batch: TouchRow[], stitched: string[]) {
  const seen = new Set<string>();
  const rows = batch.filter((row) => !seen.has(row.external_id) && seen.add(row.external_id));
  const stitch =
    stitched.length > 0 ? sql`with stitched as (${stitchTouches(workspaceId, stitched)}) ` : sql``;
  await queryPrepared(
    db,
    stitched.length > 0 ? "ingest_touches_stitch" : "ingest_touches",
    sql`${stitch}
    insert into touches (workspace_id, id, contact_id, account_id, anonymous_id, type, team, channel,
      campaign_id, occurred_at, properties, source, external_id)
    select ${workspaceId}, r.id, r.contact_id, c.account_id, r.anonymous_id, r.type, r.team, r.channel,
      cp.id, r.occurred_at, r.properties, 'tracking', r.external_id
    from json_to_recordset(${JSON.stringify(rows)}::json) as r(id uuid, contact_id uuid,
      anonymous_id text, type text, team team, channel text, utm_campaign text,
      occurred_at timestamptz, properties jsonb, external_id text)
    left join contacts c on c.workspace_id = ${workspaceId} and c.id = r.contact_id
    left join campaigns cp on cp.workspace_id = ${workspaceId} and cp.utm_campaign = r.utm_campaign
    on conflict (workspace_id, external_id) where external_id is not null do nothing`,
  );
}

/**
 * What a request needs to know before it writes, in one round trip: the contacts of the identities
 * and the emails it names, the workspace's event mapping (when it has touches) and which of its
 * utm_campaign values already have a campaign.
 */
async function loadRequestContext(
  db: Db,
  workspaceId: string,
  wanted: { identities: Identity[]; emails: string[]; withMapping: boolean; utms: string[] },
) {
  const byKind = (kind: "anonymous" | "user") =>
    wanted.identities.filter((k) => k.startsWith(`${kind}:`)).map((k) => k.slice(kind.length + 1));
  const parts: [string, SQL][] = [];
  if (wanted.identities.length > 0) {
    parts.push([
      "i",
      sql`select i.kind, i.value, i.contact_id::text as target, c.lifecycle_stage::text as stage,
        c.email as extra
      from contact_identities i
      join contacts c on c.workspace_id = i.workspace_id and c.id = i.contact_id
      where i.workspace_id = ${workspaceId} and (
        (i.kind = 'anonymous' and i.value = any(${sql.param(byKind("anonymous"))}::text[]))
        or (i.kind = 'user' and i.value = any(${sql.param(byKind("user"))}::text[])))`,
    ]);
  }
  if (wanted.emails.length > 0) {
    parts.push([
      "e",
      sql`select 'email', email, id::text, lifecycle_stage::text, properties->>'mergedInto' from contacts
      where workspace_id = ${workspaceId} and email = any(${sql.param(wanted.emails)}::text[])`,
    ]);
  }
  if (wanted.withMapping) {
    parts.push([
      "m",
      sql`select 'mapping', event_name, touch_type, null, null from event_mappings
      where workspace_id = ${workspaceId}`,
    ]);
  }
  if (wanted.utms.length > 0) {
    parts.push([
      "u",
      sql`select 'utm', utm_campaign, null, null, null from campaigns
      where workspace_id = ${workspaceId} and utm_campaign = any(${sql.param(wanted.utms)}::text[])`,
    ]);
  }
  const rows =
    parts.length === 0
      ? []
      : await queryPrepared<{
          kind: string;
          value: string;
          target: string;
          stage: LifecycleStage | null;
          extra: string | null;
        }>(
          db,
          `ingest_context_${parts.map(([part]) => part).join("")}`,
          sql.join(
            parts.map(([, query]) => query),
            sql` union all `,
          ),
        );
  const identities = new Map<Identity, string>();
  const mappingRows: { eventName: string; touchType: string }[] = [];
  const knownUtms = new Set<string>();
  const contactsByEmail: StoredContacts = new Map();
  /** The emails of merged (archived) contacts -> the contact each was merged into. */
  const mergedInto = new Map<string, string>();
  /** What the request knows of the contacts it names: their email (null: known by ids only), stage. */
  const people = new Map<string, Person>();
  for (const row of rows) {
    if (row.kind === "email") {
      if (row.extra) mergedInto.set(row.value, row.extra);
      else {
        contactsByEmail.set(row.value, { id: row.target, stage: row.stage as LifecycleStage });
        people.set(row.target, { email: row.value, stage: row.stage as LifecycleStage });
      }
    } else if (row.kind === "mapping") mappingRows.push({ eventName: row.value, touchType: row.target });
    else if (row.kind === "utm") knownUtms.add(row.value);
    else {
      identities.set(`${row.kind}:${row.value}` as Identity, row.target);
      people.set(row.target, { email: row.extra, stage: row.stage as LifecycleStage });
    }
  }
  const mergedEmails = await survivorsOf(db, workspaceId, mergedInto, people);
  return {
    identities,
    contactsByEmail,
    mergedEmails,
    people,
    mapping: eventMappingOf(mappingRows),
    knownUtms,
  };
}

interface Person {
  email: string | null;
  stage: LifecycleStage;
}

/**
 * The surviving contact of each merged email: the merged-into pointer followed (a contact merged into
 * one that was merged later follows the chain). Adds the survivors to `people`.
 */
async function survivorsOf(
  db: Db,
  workspaceId: string,
  mergedInto: Map<string, string>,
  people: Map<string, Person>,
) {
  const result = new Map(mergedInto);
  for (let hop = 0; hop < 10; hop++) {
    const ids = [...new Set(result.values())].filter((id) => !people.has(id));
    if (ids.length === 0) break;
    const rows = await queryRows<{
      id: string;
      email: string | null;
      stage: LifecycleStage;
      merged: string | null;
    }>(
      db,
      sql`select id::text, email, lifecycle_stage::text as stage, properties->>'mergedInto' as merged
        from contacts where workspace_id = ${workspaceId} and id = any(${sql.param(ids)}::uuid[])`,
    );
    const next = new Map<string, string>();
    for (const row of rows) {
      if (row.merged) next.set(row.id, row.merged);
      else people.set(row.id, { email: row.email, stage: row.stage });
    }
    for (const [email, id] of result) {
      const further = next.get(id);
      if (further) result.set(email, further);
    }
    if (next.size === 0) break;
  }
  return result;
}

async function saveIdentities(db: Db, workspaceId: string, identities: Map<Identity, string>) {
  if (identities.size === 0) return;
  await db
    .insert(contactIdentities)
    .values(
      [...identities].map(([key, contactId]) => {
        const [kind, ...rest] = key.split(":");
        return { workspaceId, kind: kind as "anonymous" | "user", value: rest.join(":"), contactId };
      }),
    )
    .onConflictDoNothing();
}

/**
 * Moves everything of `from` onto `into` and archives `from` (the merge is kept in its properties, as
 * `mergedInto`: events naming its email later land on `into`). First it locks `from`'s other identities,
 * so a request naming one of them waits and then finds them on `into`.
 */
async function mergeContacts(db: Db, workspaceId: string, from: string, into: string) {
  const keys = await queryRows<{ key: string }>(
    db,
    sql`select kind || ':' || value as key from contact_identities
      where workspace_id = ${workspaceId} and contact_id = ${from}
      union all select 'email:' || email from contacts
      where workspace_id = ${workspaceId} and id = ${from} and email is not null`,
  );
  await lockIdentities(db, workspaceId, new Set(keys.map((k) => k.key)));
  await db
    .update(touches)
    .set({ contactId: into })
    .where(and(eq(touches.workspaceId, workspaceId), eq(touches.contactId, from)));
  await db
    .update(contactIdentities)
    .set({ contactId: into })
    .where(and(eq(contactIdentities.workspaceId, workspaceId), eq(contactIdentities.contactId, from)));
  await db
    .update(contacts)
    .set({
      archivedAt: new Date(),
      properties: sql`${contacts.properties} || ${JSON.stringify({ mergedInto: into })}::jsonb`,
      updatedAt: new Date(),
    })
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, from), isNull(contacts.archivedAt)));
}

/**
 * Campaigns for utm_campaign values: unknown ones get an "unmatched" campaign so no link is lost
 * (the touches insert then finds every campaign by its utm_campaign). Values in sorted order, so two
 * requests creating the same campaigns cannot deadlock.
 */
async function ensureUtmCampaigns(
  db: Db,
  workspaceId: string,
  utms: ({ campaign: string; medium: string | null } | null)[],
  known: Set<string>,
) {
  const wanted = new Map<string, string | null>();
  for (const utm of utms) {
    if (utm && !known.has(utm.campaign) && !wanted.has(utm.campaign)) wanted.set(utm.campaign, utm.medium);
  }
  if (wanted.size === 0) return;
  await db
    .insert(campaigns)
    .values(
      [...wanted]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([campaign, medium]) => ({
          workspaceId,
          id: newId(),
          name: `${campaign} (unmatched)`,
          channel: (medium && UTM_MEDIUM_CHANNELS[medium.toLowerCase()]) || "direct",
          status: "active",
          utmCampaign: campaign,
        })),
    )
    .onConflictDoNothing({ target: [campaigns.workspaceId, campaigns.utmCampaign] });
}
