// API keys: what each kind of key may do, in the words the settings page and the docs use, and the body
// that creates one. The key record itself is apiKeySchema (tracking.ts), shared with the write keys.
import { z } from "zod";

export const API_KEY_KINDS = ["read", "full", "ingest"] as const;
export type ApiKeyKind = (typeof API_KEY_KINDS)[number];

/** A short name for each kind ("read-only"), as in "the read-only API key 'BI export'". */
export const API_KEY_KIND_NAMES: Record<ApiKeyKind, string> = {
  ingest: "ingest (write)",
  read: "read-only",
  full: "full-access",
};

/** What a key of each kind may do, in plain words. */
export const API_KEY_KIND_DESCRIPTIONS: Record<ApiKeyKind, string> = {
  read: "Reads what an admin can see (every GET route of the API except webhooks), changes nothing. For reporting and BI exports.",
  full: "Does everything an admin can do through the API, except managing API keys, members and invitations. For integrations that write back.",
  ingest:
    "Only sends tracking events (page views, forms, product events) to /v1. For your website snippet, Segment or RudderStack.",
};

export const createApiKeyBodySchema = z.object({
  name: z.string().trim().min(1, "is required").max(100),
  kind: z.enum(API_KEY_KINDS, { message: "must be read, full or ingest" }),
});
