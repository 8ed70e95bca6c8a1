// Turns Segment-compatible events into Lockstep data, one transaction per request:
// identify -> contact (created or updated) + identities, and earlier anonymous touches stitched on;
// alias -> identities merged; group -> account linked; track/page/screen -> touches (deduplicated by
// messageId), linked to a campaign by utm_campaign (an "unmatched" campaign is created rather than
// the link dropped). Invalid events are reported by index; the valid ones are kept.
import { randomUUID } from "node:crypto";
import { and, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { normalizeDomain } from "../../../shared/accounts.js";
import { type Channel, teamOfTouch } from "../../../shared/domain.js";
import {
  DEFAULT_EVENT_MAPPING,
  MAX_EVENT_BYTES,
  type TrackingEvent,
  trackingEventSchema,
} from "../../../shared/tracking.js";
import type { Db } from "../../db/client.js";
import {
  accounts,
  campaigns,
  contactIdentities,
  contacts,
  eventMappings,
  touches,
} from "../../db/schema/index.js";
import { newId } from "../../lib/ids.js";
import type { ContactRow } from "../imports/import-rows.js";
import { ensureAccounts, writeContacts } from "../imports/import-writers.js";

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
  raw.forEach((item, index) => {
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
    const event = { ...parsed.data, context: { ...shared.context, ...parsed.data.context } };
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
    companyDomain: null,
    externalId: null,
  };
}

const UTM_MEDIUM_CHANNELS: Record<string, Channel> = {
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
  if (valid.length > 0) await db.transaction((tx) => applyEvents(tx as unknown as Db, workspaceId, valid));
  return { success: true as const, accepted: valid.length, rejected };
}

async function applyEvents(db: Db, workspaceId: string, events: Checked[]) {
  const identities = new Map<Identity, string>();
  const wanted = new Set<Identity>();
  for (const { event } of events) {
    if (event.anonymousId) wanted.add(anon(event.anonymousId));
    if (event.userId) wanted.add(user(event.userId));
    if (event.type === "alias") {
      wanted.add(anon(event.previousId));
      wanted.add(user(event.previousId));
    }
  }
  await loadIdentities(db, workspaceId, [...wanted], identities);
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
  const identifies = events.filter((c) => c.event.type === "identify");
  const byEmail = new Map<string, ContactRow>();
  for (const { event } of identifies) {
    const email = str(traitsOf(event).email)?.toLowerCase();
    if (email && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
      byEmail.set(email, contactRowFromTraits(email, traitsOf(event)));
  }
  if (byEmail.size > 0) {
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
    );
  }
  const emailIds = new Map(
    byEmail.size === 0
      ? []
      : (
          await db
            .select({ id: contacts.id, email: contacts.email })
            .from(contacts)
            .where(and(eq(contacts.workspaceId, workspaceId), inArray(contacts.email, [...byEmail.keys()])))
        ).map((c) => [c.email as string, c.id]),
  );
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
        workspaceId,
        id,
        lifecycleStage: "subscriber" as const,
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
        .set({ externalId: sql`coalesce(${accounts.externalId}, ${event.groupId})` })
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

  // 4. track / page / screen: touches, deduplicated by messageId.
  const touchEvents = events.filter(
    (c) => c.event.type === "track" || c.event.type === "page" || c.event.type === "screen",
  );
  if (touchEvents.length > 0) {
    const mapping = await loadEventMapping(db, workspaceId);
    const campaignIds = await ensureUtmCampaigns(
      db,
      workspaceId,
      touchEvents.map((c) => utmOf(c.event)),
    );
    const contactIds = [
      ...new Set(touchEvents.map((c) => contactOf(c.event)).filter((id): id is string => Boolean(id))),
    ];
    const accountOf = new Map(
      contactIds.length === 0
        ? []
        : (
            await db
              .select({ id: contacts.id, accountId: contacts.accountId })
              .from(contacts)
              .where(and(eq(contacts.workspaceId, workspaceId), inArray(contacts.id, contactIds)))
          ).map((c) => [c.id, c.accountId]),
    );
    await db
      .insert(touches)
      .values(
        touchEvents.map(({ event, messageId, occurredAt }) => {
          const type = event.type === "track" ? (mapping.get(event.event) ?? "custom") : "page_view";
          const contactId = contactOf(event);
          const utm = utmOf(event);
          return {
            workspaceId,
            id: newId(),
            contactId,
            accountId: contactId ? (accountOf.get(contactId) ?? null) : null,
            anonymousId: event.anonymousId ?? null,
            type,
            team: teamOfTouch(type),
            channel: utm?.medium ? (UTM_MEDIUM_CHANNELS[utm.medium.toLowerCase()] ?? null) : null,
            campaignId: utm ? (campaignIds.get(utm.campaign) ?? null) : null,
            occurredAt,
            properties: touchPropertiesOf(event, type),
            source: "tracking",
            externalId: messageId,
          };
        }),
      )
      .onConflictDoNothing({
        target: [touches.workspaceId, touches.externalId],
        where: sql`${touches.externalId} is not null`,
      });
  }

  // 5. stitch: touches sent before the visitor was identified now belong to the contact.
  const anonymousIds = [...identities]
    .filter(([key]) => key.startsWith("anonymous:"))
    .map(([key]) => key.slice(10));
  if (anonymousIds.length > 0) {
    await db.execute(sql`
      update touches t set contact_id = i.contact_id, account_id = coalesce(t.account_id, c.account_id)
      from contact_identities i
      join contacts c on c.workspace_id = i.workspace_id and c.id = i.contact_id
      where t.workspace_id = ${workspaceId} and t.contact_id is null
        and i.workspace_id = ${workspaceId} and i.kind = 'anonymous' and i.value = t.anonymous_id
        and t.anonymous_id in ${anonymousIds}`);
  }
}

async function loadIdentities(db: Db, workspaceId: string, keys: Identity[], into: Map<Identity, string>) {
  if (keys.length === 0) return;
  const byKind = (kind: "anonymous" | "user") =>
    keys.filter((k) => k.startsWith(`${kind}:`)).map((k) => k.slice(kind.length + 1));
  const anonymousValues = byKind("anonymous");
  const userValues = byKind("user");
  const rows = await db
    .select()
    .from(contactIdentities)
    .where(
      and(
        eq(contactIdentities.workspaceId, workspaceId),
        or(
          anonymousValues.length
            ? and(eq(contactIdentities.kind, "anonymous"), inArray(contactIdentities.value, anonymousValues))
            : undefined,
          userValues.length
            ? and(eq(contactIdentities.kind, "user"), inArray(contactIdentities.value, userValues))
            : undefined,
        ),
      ),
    );
  for (const row of rows) into.set(`${row.kind}:${row.value}` as Identity, row.contactId);
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
  const rows = await db
    .select({ eventName: eventMappings.eventName, touchType: eventMappings.touchType })
    .from(eventMappings)
    .where(eq(eventMappings.workspaceId, workspaceId));
  return new Map([
    ...Object.entries(DEFAULT_EVENT_MAPPING),
    ...rows.map((r) => [r.eventName, r.touchType] as const),
  ]);
}

/** Campaign ids for utm_campaign values; unknown ones get an "unmatched" campaign so no link is lost. */
async function ensureUtmCampaigns(
  db: Db,
  workspaceId: string,
  utms: ({ campaign: string; medium: string | null } | null)[],
) {
  const wanted = new Map<string, string | null>();
  for (const utm of utms) if (utm && !wanted.has(utm.campaign)) wanted.set(utm.campaign, utm.medium);
  if (wanted.size === 0) return new Map<string, string>();
  await db
    .insert(campaigns)
    .values(
      [...wanted].map(([campaign, medium]) => ({
        workspaceId,
        id: newId(),
        name: `${campaign} (unmatched)`,
        channel: (medium && UTM_MEDIUM_CHANNELS[medium.toLowerCase()]) || "direct",
        status: "active",
        utmCampaign: campaign,
      })),
    )
    .onConflictDoNothing({ target: [campaigns.workspaceId, campaigns.utmCampaign] });
  const rows = await db
    .select({ id: campaigns.id, utm: campaigns.utmCampaign })
    .from(campaigns)
    .where(and(eq(campaigns.workspaceId, workspaceId), inArray(campaigns.utmCampaign, [...wanted.keys()])));
  return new Map(rows.map((r) => [r.utm as string, r.id]));
}
