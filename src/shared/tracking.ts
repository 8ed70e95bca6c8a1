// Tracking: the Segment-compatible event shapes Lockstep accepts, the default mapping of event
// names to touch types, and the write keys that authenticate senders.
import { z } from "zod";
import { listSchema, timestamp } from "./common.js";
import { TOUCH_TYPES } from "./domain.js";

/** Segment's limits: 32 KB per event, 500 KB per batch request. */
export const MAX_EVENT_BYTES = 32 * 1024;
export const MAX_BATCH_BYTES = 500 * 1024;

export const DEFAULT_EVENT_MAPPING: Record<string, string> = {
  "Form Submitted": "form_submit",
  "Email Opened": "email_open",
  "Email Link Clicked": "email_click",
  "Email Clicked": "email_click",
  "Webinar Attended": "webinar",
  "Webinar Registered": "webinar",
  "Demo Requested": "demo_request",
  "Ad Clicked": "ad_click",
  "Content Downloaded": "content_download",
  "Event Attended": "event",
};

/** Event name -> touch type: the defaults, overridden by the workspace's own rows (GET /api/event-mapping). */
export function eventMappingOf(rows: readonly { eventName: string; touchType: string }[]) {
  return new Map<string, string>([
    ...Object.entries(DEFAULT_EVENT_MAPPING),
    ...rows.map((r) => [r.eventName, r.touchType] as const),
  ]);
}

/**
 * The touch a tracked event becomes, as `/v1/track` stores it and the touch import reads an activity name:
 * its type under the mapping, and its properties. A name the mapping does not know is a custom touch that
 * keeps the name as `properties.event`.
 */
export function trackedTouchOf(
  mapping: ReadonlyMap<string, string>,
  eventName: string,
  properties: Record<string, unknown> = {},
): { type: string; properties: Record<string, unknown> } {
  const type = mapping.get(eventName) ?? "custom";
  return { type, properties: { ...properties, ...(type === "custom" ? { event: eventName } : {}) } };
}

const json = z.record(z.string(), z.unknown());
const id = z.union([z.string().min(1).max(200), z.number()]).transform(String);

const common = {
  messageId: z.string().min(1).max(200).optional(),
  anonymousId: id.optional(),
  userId: id.optional(),
  timestamp: z.union([z.string(), z.number()]).optional(),
  sentAt: z.union([z.string(), z.number()]).optional(),
  context: json.optional(),
  integrations: json.optional(),
};

const whoRefinement = (e: { anonymousId?: string; userId?: string }) => Boolean(e.anonymousId || e.userId);
const whoMessage = { message: "needs an anonymousId or a userId", path: ["userId"] };

export const identifyEventSchema = z.object({
  ...common,
  type: z.literal("identify"),
  traits: json.optional(),
});
export const trackEventSchema = z.object({
  ...common,
  type: z.literal("track"),
  event: z.string().min(1, "is required").max(200),
  properties: json.optional(),
});
export const pageEventSchema = z.object({
  ...common,
  type: z.enum(["page", "screen"]),
  name: z.string().max(300).optional(),
  category: z.string().max(300).optional(),
  properties: json.optional(),
});
export const groupEventSchema = z.object({
  ...common,
  type: z.literal("group"),
  groupId: id,
  traits: json.optional(),
});
export const aliasEventSchema = z.object({ ...common, type: z.literal("alias"), previousId: id });

export const trackingEventSchema = z
  .discriminatedUnion("type", [
    identifyEventSchema,
    trackEventSchema,
    pageEventSchema,
    groupEventSchema,
    aliasEventSchema,
  ])
  .refine((e) => e.type === "alias" || whoRefinement(e), whoMessage)
  .refine((e) => e.type !== "alias" || Boolean(e.userId), { message: "needs a userId", path: ["userId"] });
export type TrackingEvent = z.output<typeof trackingEventSchema>;

export const TRACKING_EVENT_TYPES = ["identify", "track", "page", "screen", "group", "alias"] as const;

export const batchBodySchema = z.object({
  batch: z.array(z.unknown()).max(10_000),
  context: json.optional(),
  integrations: json.optional(),
  writeKey: z.string().optional(),
  sentAt: z.unknown().optional(),
});

export const ingestResultSchema = z.object({
  success: z.literal(true),
  accepted: z.number(),
  /** Events refused, by their index in the batch; the others were kept. */
  rejected: z.array(z.object({ index: z.number(), reason: z.string() })),
});

export const eventMappingSchema = z.object({
  eventName: z.string(),
  touchType: z.string(),
  isDefault: z.boolean(),
});
export const updateEventMappingSchema = z.object({
  eventName: z.string().trim().min(1, "is required").max(200),
  touchType: z.enum(TOUCH_TYPES),
});

export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  /** ingest: tracking events only; read: the API's GET routes; full: every route an admin may call. */
  kind: z.enum(["ingest", "read", "full"]),
  prefix: z.string(),
  createdAt: timestamp,
  lastUsedAt: timestamp.nullable(),
  revokedAt: timestamp.nullable(),
});
export const createApiKeySchema = z.object({ name: z.string().trim().min(1, "is required").max(100) });
export const createdApiKeySchema = apiKeySchema.extend({ key: z.string().describe("Shown once") });

export const apiKeyListSchema = listSchema(apiKeySchema);
export const eventMappingListSchema = listSchema(eventMappingSchema);
/** One Segment event: any JSON object; each field is checked by the ingest itself, event by event. */
export const trackingEventBodySchema = z.record(z.string(), z.unknown());
