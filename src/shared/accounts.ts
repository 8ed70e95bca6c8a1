// Accounts: companies being sold to.
import { z } from "zod";
import { idSchema, listQuerySchema, optionalText, timestamp } from "./common.js";
import { PROPERTIES_DESCRIPTION, sortPropertyField } from "./properties.js";

/** "https://www.Acme.com/about" -> "acme.com", so one company has one domain however it was typed. */
export function normalizeDomain(input: string): string {
  return input
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, "")
    .replace(/^www\./, "")
    .replace(/[/?#].*$/, "")
    .replace(/\.$/, "");
}

const DOMAIN_PATTERN = /^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export const domainSchema = z
  .string()
  .transform(normalizeDomain)
  .refine((d) => DOMAIN_PATTERN.test(d), { message: "must be a web domain such as acme.com" });

const accountFields = {
  name: z.string().trim().min(1, "is required").max(200),
  domain: domainSchema.nullish().transform((v) => v ?? null),
  industry: optionalText(100),
  employees: z.number().int().min(0).max(10_000_000).nullish(),
  annualRevenue: z.number().min(0).max(1e13).nullish(),
  country: optionalText(100),
  region: optionalText(100),
  segmentId: idSchema.nullish(),
  podId: idSchema.nullish(),
  ownerMemberId: idSchema.nullish(),
  properties: z.record(z.string(), z.unknown()).optional().describe(PROPERTIES_DESCRIPTION),
};

export const createAccountSchema = z.object(accountFields);
export const updateAccountSchema = z.object(accountFields).partial();
export type CreateAccount = z.infer<typeof createAccountSchema>;

export const accountSchema = z.object({
  id: z.string(),
  name: z.string(),
  domain: z.string().nullable(),
  industry: z.string().nullable(),
  employees: z.number().nullable(),
  annualRevenue: z.number().nullable(),
  country: z.string().nullable(),
  region: z.string().nullable(),
  segmentId: z.string().nullable(),
  podId: z.string().nullable(),
  ownerMemberId: z.string().nullable(),
  properties: z.record(z.string(), z.unknown()),
  archivedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Account = z.infer<typeof accountSchema>;

export const ACCOUNT_SORTS = ["name", "createdAt", "updatedAt"] as const;
export const accountListQuerySchema = listQuerySchema(ACCOUNT_SORTS, "name")
  .extend({
    ...sortPropertyField,
    industry: z.string().max(100).optional(),
    segmentId: idSchema.optional(),
    podId: idSchema.optional(),
    ownerMemberId: idSchema.optional(),
  })
  // property.<api_name>=value filters: their keys depend on the workspace, the server checks them.
  .loose();
