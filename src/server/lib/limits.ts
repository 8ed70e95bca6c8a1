// The server's limits in one place, from the environment (docs/api-keys-and-limits.md) or, in tests, from
// AppOptions.limits: request rates, body and import sizes, and how long a request may take.

export interface Limits {
  /** Requests per minute to the tracking API (/v1/*), counted per key and per client address; 0: off. */
  ingestPerMinute: number;
  /** Sign-in attempts per minute per client address; 0: off. */
  signInPerMinute: number;
  /** JSON bodies of the API (the tracking API has its own: 32 KB per event, 500 KB per batch). */
  bodyBytes: number;
  /** A CSV file sent to POST /api/imports/:entity. */
  importBytes: number;
  /** Receiving a whole request, body included: a streamed import of importBytes must fit in it. */
  requestTimeoutMs: number;
  /** A connection with nothing sent either way for this long is closed. */
  idleTimeoutMs: number;
}

const MB = 1024 * 1024;

/**
 * Ingest: 20,000 requests a minute (~330 a second) per key and per address, 3x what the ingest benchmark
 * (B1) sends at its peak (~100 requests a second of 100 events each). Sign-in: 10 a minute per address,
 * below better-auth's own 3 per 10 s (18 a minute), so a guesser is held to 600 passwords an hour. Imports: 50 MB (about 300,000 contact rows) reads in under five
 * minutes at the measured 1,200-2,000 rows a second, well inside the 10-minute request timeout; bigger
 * files go through `lockstep import` on the server, which has no limit.
 */
export const DEFAULT_LIMITS: Limits = {
  ingestPerMinute: 20_000,
  signInPerMinute: 10,
  bodyBytes: 1 * MB,
  importBytes: 50 * MB,
  requestTimeoutMs: 10 * 60_000,
  idleTimeoutMs: 2 * 60_000,
};

/** "false", "off" or "0" turn a limit off; a whole number sets it; anything else keeps the default. */
function envNumber(value: string | undefined, fallback: number): number {
  const text = value?.trim().toLowerCase();
  if (!text) return fallback;
  if (text === "false" || text === "off") return 0;
  const n = Number(text);
  return Number.isInteger(n) && n >= 0 ? n : fallback;
}

/**
 * LOCKSTEP_INGEST_RATE_LIMIT (requests per minute per key and per address), LOCKSTEP_AUTH_RATE_LIMIT
 * (sign-in attempts per minute per address; "false" also turns off better-auth's own throttling) and
 * LOCKSTEP_IMPORT_MAX_MB.
 */
export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): Limits {
  const importMb = envNumber(env.LOCKSTEP_IMPORT_MAX_MB, DEFAULT_LIMITS.importBytes / MB);
  return {
    ...DEFAULT_LIMITS,
    ingestPerMinute: envNumber(env.LOCKSTEP_INGEST_RATE_LIMIT, DEFAULT_LIMITS.ingestPerMinute),
    signInPerMinute: envNumber(env.LOCKSTEP_AUTH_RATE_LIMIT, DEFAULT_LIMITS.signInPerMinute),
    importBytes: importMb > 0 ? importMb * MB : DEFAULT_LIMITS.importBytes,
  };
}

export function formatBytes(bytes: number): string {
  return bytes >= MB ? `${Math.round((bytes / MB) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`;
}
