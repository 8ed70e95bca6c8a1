// Schemas every API area shares: ids, list queries with cursor pagination, pages, the error shape.
import { z } from "zod";

// A missing field reads "is required" everywhere (API errors and web forms) instead of zod's
// "expected string, received undefined".
z.config({
  customError: (issue) =>
    issue.code === "invalid_type" && issue.input === undefined ? "is required" : undefined,
});

export const idSchema = z.uuid({ message: "must be a valid id" });
export const idParams = z.object({ id: idSchema });

/** Optional text that the API stores as null when empty. */
export const optionalText = (max = 200) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));

export const isoDate = z.iso.date({ message: "must be a date like 2026-01-31" });
export const timestamp = z.string().describe("ISO 8601 date-time");

export const SORT_ORDERS = ["asc", "desc"] as const;

/** The query every list endpoint accepts; each area adds its own filters and sort keys. */
export function listQuerySchema<S extends readonly [string, ...string[]]>(
  sortKeys: S,
  defaultSort: S[number],
) {
  return z.object({
    q: z.string().trim().max(200).optional().describe("Search text (name, email or domain)"),
    sort: z.enum(sortKeys).default(defaultSort as never),
    order: z.enum(SORT_ORDERS).default("asc"),
    cursor: z.string().max(500).optional().describe("nextCursor from the previous page"),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    archived: z
      .enum(["true", "false"])
      .optional()
      .transform((v) => v === "true")
      .describe("true lists archived records instead of active ones"),
  });
}

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable(),
    total: z
      .number()
      .int()
      .optional()
      .describe("How many records match the query, all pages (on the first page of lists that count)"),
  });
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ApiError = z.infer<typeof errorSchema>;

export const okSchema = z.object({ ok: z.literal(true) });

/** A list answered whole (no pagination): { items }. */
export function listSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item) });
}

export const healthSchema = z.object({ ok: z.literal(true) });
