// The shared glossary: the words both teams use (what an MQL is here, what "accepted" means...), an agreement
// like the scoring model and the SLA: versions draft -> approved -> active -> retired, signed by a sales lead
// and a marketing lead (src/shared/agreements.ts). Anyone may propose a draft; an edit clears its signatures.
import { z } from "zod";
import { agreementVersionFields } from "./agreements.js";

export const MAX_GLOSSARY_TERMS = 200;

export const glossaryTermSchema = z.object({
  term: z.string().trim().min(1, { message: "is required" }).max(60),
  definition: z.string().trim().min(1, { message: "is required" }).max(2000),
  /** Other words for the same thing ("Marketing-qualified lead" for MQL). */
  alsoCalled: z
    .array(z.string().trim().min(1, { message: "is required" }).max(60))
    .max(10)
    .default([]),
});
export type GlossaryTerm = z.infer<typeof glossaryTermSchema>;

/** The words a term is known by, lower-cased (its name and every synonym): two terms may not share one. */
export function glossaryWords(term: { term: string; alsoCalled: string[] }): string[] {
  return [term.term, ...term.alsoCalled].map((w) => w.trim().toLowerCase());
}

export const glossaryTermsSchema = z
  .array(glossaryTermSchema)
  .max(MAX_GLOSSARY_TERMS)
  .superRefine((terms, ctx) => {
    const seen = new Map<string, number>();
    terms.forEach((t, i) => {
      glossaryWords(t).forEach((word, j) => {
        const first = seen.get(word);
        if (first !== undefined && first !== i)
          ctx.addIssue({
            code: "custom",
            path: j === 0 ? [i, "term"] : [i, "alsoCalled", j - 1],
            message: `"${word}" is already a word of term ${first + 1}`,
          });
        else seen.set(word, i);
      });
    });
  });

export const createGlossaryDraftSchema = z.object({
  /** Start from this version's terms; the version in force's (or none) otherwise. */
  fromVersion: z.number().int().positive().optional(),
  note: z.string().trim().max(2000).default(""),
});

export const updateGlossaryDraftSchema = z.object({
  terms: glossaryTermsSchema,
  note: z.string().trim().max(2000).optional(),
});

export const glossaryVersionSchema = z.object({
  ...agreementVersionFields,
  terms: z.array(glossaryTermSchema),
});
export type GlossaryVersion = z.infer<typeof glossaryVersionSchema>;

export const glossaryOverviewSchema = z.object({
  active: glossaryVersionSchema.nullable(),
  versions: z.array(glossaryVersionSchema),
});
export type GlossaryOverview = z.infer<typeof glossaryOverviewSchema>;
