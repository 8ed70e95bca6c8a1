// Turns Segment-compatible events into Lockstep data, one transaction per request:
// identify -> contact (created or updated) + identities, and earlier anonymous touches stitched on;
// alias -> identities merged; group -> account linked; track/page/screen -> touches (deduplicated by
// messageId), linked to a campaign by utm_campaign (an "unmatched" campaign is created rather than
// the link dropped). Invalid events are reported by index; the valid ones are kept.

import { randomUUID } from "node:crypto";
import { and, eq, isNull, type SQL, sql } from "drizzle-orm";
import { normalizeDomain } from "../../../shared/accounts.js";
import { type Channel, type LifecycleStage, teamOfTouch } from "../../../shared/domain.js";
import { companyDomainOfEmail } from "../../../shared/free-mail.js";
import {
  DEFAULT_EVENT_MAPPING,
  MAX_EVENT_BYTES,
  type TrackingEvent,
  trackingEventSchema,
} from "../../../shared/tracking.js";
import { type Db, queryPrepared } from "../../db/client.js";
import {
  accounts,
  campaigns,
  contactIdentities,
  contacts,
  eventMappings,
  touches,
} from "../../db/schema/index.js";
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

function touchPropertiesOf(event: TrackingEvent, type: string): Record<string, unknown> {
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
  if (event.type === "track")
    return { ...(event.properties ?? {}), ...(type === "custom" ? { event: event.event } : {}) };
  return {};
}

export async function ingestEvents(
  db: Db,
  workspaceId: string,
  raw: unknown[],
  shared: { context?: Record<string, unknown> } = {},
) {
  const { valid, rejected } = checkEvents(raw, shared);
  if (valid.length > 0) {
    await db.transaction((tx) => applyEvents(tx, workspaceId, valid));
    pokeScoreWorker();
  }
  return { success: true as const, accepted: valid.length, rejected };
}

/**
 * Applies one request's events inside its transaction, in a few round trips whatever the batch
 * size: one lookup of everything the request names, then one set-based statement (or a few) per kind
 * of event. A batch of page views and tracks of known visitors takes three: the lookup, the
 * campaigns (only for new utm values) and the touches. The contacts a request touches are those of
 * its touch events (`contactOf`) and of its stitched visitors (`identities`).
 */
async function applyEvents(db: Db, workspaceId: string, events: Checked[]) {
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
  const byEmail = new Map<string, ContactRow>();
  for (const { event } of identifies) {
    const email = str(traitsOf(event).email)?.toLowerCase();
    if (email && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
      byEmail.set(email, contactRowFromTraits(email, traitsOf(event)));
  }
  const utms = touchEvents.map((c) => utmOf(c.event));
  const { identities, contactsByEmail, mapping, knownUtms } = await loadRequestContext(db, workspaceId, {
    identities: [...wanted],
    emails: [...byEmail.keys()],
    withMapping: touchEvents.length > 0,
    utms: [...new Set(utms.flatMap((utm) => (utm ? [utm.campaign] : [])))],
  });
  const newIdentities = new Map<Identity, string>();
  const remember = (identity: Identity, contactId: string) => {
    if (!identities.has(identity)) newIdentities.set(identity, contactId);
    identities.set(identity, contactId);
  };
  const contactOf = (e: TrackingEvent) =>
    (e.userId && identities.get(user(e.userId))) ||
    (e.anonymousId && identities.get(anon(e.anonymousId))) ||
    null;

  // 1. identify: contacts by email go through the same upsert as CSV import (account linking by
  // company domain, stage history); user ids without an email get a contact of their own.
  const emailIds =
    byEmail.size === 0
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
            [...byEmail.values()].map((value) => ({ line: 0, value })),
            contactsByEmail,
          )
        ).ids;
  const anonymousOnly: { id: string }[] = [];
  for (const { event } of identifies) {
    const email = str(traitsOf(event).email)?.toLowerCase();
    let contactId = (email && emailIds.get(email)) || contactOf(event);
    if (!contactId) {
      contactId = newId();
      anonymousOnly.push({ id: contactId });
    }
    if (event.userId) remember(user(event.userId), contactId);
    if (event.anonymousId) remember(anon(event.anonymousId), contactId);
  }
  if (anonymousOnly.length > 0) {
    await db.insert(contacts).values(
      anonymousOnly.map(({ id }) => ({
        // The stage column's default (subscriber), with no history: an anonymous visitor entered nothing yet.
        workspaceId,
        id,
        source: "tracking",
      })),
    );
  }

  // 2. alias: previousId and userId are one person; two known contacts are merged into the userId's.
  for (const { event } of events) {
    if (event.type !== "alias" || !event.userId) continue;
    const previous = identities.get(user(event.previousId)) ?? identities.get(anon(event.previousId));
    const current = identities.get(user(event.userId));
    if (previous && current && previous !== current)
      await mergeContacts(db, workspaceId, previous, current, identities);
    else if (previous && !current) remember(user(event.userId), previous);
    else if (current && !previous) remember(anon(event.previousId), current);
  }
  await saveIdentities(db, workspaceId, newIdentities);

  // 3. group: the account (by website domain, else by the group id) and the contact's link to it.
  for (const { event } of events) {
    if (event.type !== "group") continue;
    const traits = event.traits ?? {};
    const website = str(traits.website) ?? str(traits.domain);
    const domain = website ? normalizeDomain(website) : null;
    let accountId: string | undefined;
    if (domain && /\./.test(domain)) {
      accountId = (await ensureAccounts(db, workspaceId, new Map([[domain, str(traits.name)]]))).get(domain);
    } else {
      const [found] = await db
        .select({ id: accounts.id })
        .from(accounts)
        .where(and(eq(accounts.workspaceId, workspaceId), eq(accounts.externalId, event.groupId)));
      accountId = found?.id;
      if (!accountId) {
        accountId = newId();
        await db.insert(accounts).values({
          workspaceId,
          id: accountId,
          name: str(traits.name) ?? event.groupId,
          externalId: event.groupId,
        });
      }
    }
    if (accountId) {
      await db
        .update(accounts)
        .set({
          externalId: sql`coalesce(${accounts.externalId}, ${event.groupId})`,
          // An account first known from an email domain is named after it; the group names it properly.
          name: sql`case when ${accounts.name} = ${accounts.domain} then coalesce(${str(traits.name)}::text, ${accounts.name}) else ${accounts.name} end`,
        })
        .where(and(eq(accounts.workspaceId, workspaceId), eq(accounts.id, accountId)));
    }
    const contactId = contactOf(event);
    if (contactId && accountId) {
      await db
        .update(contacts)
        .set({ accountId, updatedAt: new Date() })
        .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId)));
    }
  }

  // 4. track / page / screen: touches on their contact (and its account) and campaign, deduplicated
  // by messageId. 5. stitch, in the same statement: anonymous touches of the request's known
  // visitors now belong to their contacts. Mostly touches sent before an identify of this request;
  // stitching every known visitor, not only new ones, also picks up touches that a concurrent
  // request stored without the contact while the visitor's identify was being written.
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
        const type = event.type === "track" ? (mapping.get(event.event) ?? "custom") : "page_view";
        const utm = utms[i];
        return {
          id: newId(),
          contact_id: contactOf(event),
          anonymous_id: event.anonymousId ?? null,
          type,
          team: teamOfTouch(type),
          channel: utm?.medium ? (UTM_MEDIUM_CHANNELS[utm.medium.toLowerCase()] ?? null) : null,
          utm_campaign: utm?.campaign ?? null,
          occurred_at: occurredAt,
          properties: touchPropertiesOf(event, type),
          external_id: messageId,
        };
      }),
      stitched,
    );
  }

  // 6. live scores: every contact this request named, identified, grouped or gave a touch to, queued in
  // this transaction for the scoring worker (poked once the transaction has committed).
  const touched = new Set<string>(identities.values());
  for (const id of emailIds.values()) touched.add(id);
  await queueRescore(db, workspaceId, touched);
  // Tracked sales touches (an event mapped to a meeting, say) count toward the SLA's first touch and
  // attempts, when an SLA is in force.
  if (touched.size > 0 && (await activeSla(db, workspaceId)))
    await progressTouchClocks(db, workspaceId, [...touched]);
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
      sql`select kind, value, contact_id::text as target, null as stage from contact_identities
      where workspace_id = ${workspaceId} and (
        (kind = 'anonymous' and value = any(${sql.param(byKind("anonymous"))}::text[]))
        or (kind = 'user' and value = any(${sql.param(byKind("user"))}::text[])))`,
    ]);
  }
  if (wanted.emails.length > 0) {
    parts.push([
      "e",
      sql`select 'email', email, id::text, lifecycle_stage::text from contacts
      where workspace_id = ${workspaceId} and email = any(${sql.param(wanted.emails)}::text[])`,
    ]);
  }
  if (wanted.withMapping) {
    parts.push([
      "m",
      sql`select 'mapping', event_name, touch_type, null from event_mappings
      where workspace_id = ${workspaceId}`,
    ]);
  }
  if (wanted.utms.length > 0) {
    parts.push([
      "u",
      sql`select 'utm', utm_campaign, null, null from campaigns
      where workspace_id = ${workspaceId} and utm_campaign = any(${sql.param(wanted.utms)}::text[])`,
    ]);
  }
  const rows =
    parts.length === 0
      ? []
      : await queryPrepared<{ kind: string; value: string; target: string; stage: LifecycleStage | null }>(
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
  for (const row of rows) {
    if (row.kind === "email") contactsByEmail.set(row.value, { id: row.target, stage: row.stage! });
    else if (row.kind === "mapping") mappingRows.push({ eventName: row.value, touchType: row.target });
    else if (row.kind === "utm") knownUtms.add(row.value);
    else identities.set(`${row.kind}:${row.value}` as Identity, row.target);
  }
  return { identities, contactsByEmail, mapping: mappingOf(mappingRows), knownUtms };
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

/** Moves everything of `from` onto `into` and archives `from` (the merge is kept in its properties). */
async function mergeContacts(
  db: Db,
  workspaceId: string,
  from: string,
  into: string,
  identities: Map<Identity, string>,
) {
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
  for (const [key, id] of identities) if (id === from) identities.set(key, into);
}

export async function loadEventMapping(db: Db, workspaceId: string) {
  return mappingOf(
    await db
      .select({ eventName: eventMappings.eventName, touchType: eventMappings.touchType })
      .from(eventMappings)
      .where(eq(eventMappings.workspaceId, workspaceId)),
  );
}

/** Event name -> touch type: the defaults, overridden by the workspace's own rows. */
function mappingOf(rows: { eventName: string; touchType: string }[]) {
  return new Map([
    ...Object.entries(DEFAULT_EVENT_MAPPING),
    ...rows.map((r) => [r.eventName, r.touchType] as const),
  ]);
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
