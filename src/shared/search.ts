// The global search (Ctrl+K / Cmd+K): contacts, accounts, opportunities and campaigns by name, email or
// domain, a few of each kind, for jumping to a record from anywhere.
import { z } from "zod";
import { idSchema } from "./common.js";

export const SEARCH_KINDS = ["contact", "account", "opportunity", "campaign"] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export const searchQuerySchema = z.object({
  q: z
    .string()
    .trim()
    .min(2, { message: "q must be at least 2 characters" })
    .max(200, { message: "q can be at most 200 characters" }),
  limit: z.coerce.number().int().min(1).max(20).default(5).describe("Results of each kind"),
});

export const searchResultSchema = z.object({
  kind: z.enum(SEARCH_KINDS),
  id: idSchema,
  title: z.string(),
  /** What tells two results with the same name apart: an email, a domain, an account, a channel. */
  detail: z.string().nullable(),
});
export type SearchResult = z.infer<typeof searchResultSchema>;

export const searchResultsSchema = z.object({ items: z.array(searchResultSchema) });
