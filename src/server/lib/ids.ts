import { createHash } from "node:crypto";
import { type SQL, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";

/** Time-ordered UUIDv7, made by the application (ARCHITECTURE.md). */
export const newId = (): string => uuidv7();

/**
 * An id derived from what a row records (the same parts give the same id), for rows written as a side
 * effect of another change, so that replaying it (a seed, a retried batch) writes identical rows.
 */
export function derivedId(...parts: string[]): string {
  const hex = createHash("md5").update(parts.join("|")).digest("hex");
  // A version-8 (custom) RFC 9562 UUID: version and variant bits set, the rest from the hash.
  const variant = ((Number.parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A list of ids as one array parameter (`= any(...)`): constant SQL text and one parameter however long it is. */
export function uuidArray(ids: readonly string[]): SQL {
  return sql`${`{${ids.join(",")}}`}::uuid[]`;
}
