// Pods (mixed sales + marketing teams), personas (buyer profiles) and segments (ICP slices).
import { z } from "zod";
import { idSchema, listQuerySchema, timestamp } from "./common.js";
import { SENIORITIES, TEAMS } from "./domain.js";

const textList = z.array(z.string().trim().min(1).max(100)).max(50);

const personaFields = {
  name: z.string().trim().min(1, "is required").max(120),
  description: z.string().trim().max(2000).default(""),
  titlePatterns: textList.default([]),
  seniorities: z.array(z.enum(SENIORITIES)).max(10).default([]),
  departments: textList.default([]),
  pains: z.string().trim().max(4000).default(""),
  objections: z.string().trim().max(4000).default(""),
  podId: idSchema.nullish(),
};
export const createPersonaSchema = z.object(personaFields);
export const updatePersonaSchema = z
  .object({
    ...personaFields,
    description: z.string().trim().max(2000),
    titlePatterns: textList,
    seniorities: z.array(z.enum(SENIORITIES)).max(10),
    departments: textList,
    pains: z.string().trim().max(4000),
    objections: z.string().trim().max(4000),
  })
  .partial();
export const personaSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  titlePatterns: z.array(z.string()),
  seniorities: z.array(z.string()),
  departments: z.array(z.string()),
  pains: z.string(),
  objections: z.string(),
  podId: z.string().nullable(),
  archivedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Persona = z.infer<typeof personaSchema>;
export const PERSONA_SORTS = ["name", "createdAt", "updatedAt"] as const;
export const personaListQuerySchema = listQuerySchema(PERSONA_SORTS, "name").extend({
  podId: idSchema.optional(),
});

const employeesInOrder = (s: { minEmployees?: number | null; maxEmployees?: number | null }) =>
  s.minEmployees == null || s.maxEmployees == null || s.minEmployees <= s.maxEmployees;
const employeesMessage = { message: "must not be below the minimum", path: ["maxEmployees"] };
const revenueInOrder = (s: { minAnnualRevenue?: number | null; maxAnnualRevenue?: number | null }) =>
  s.minAnnualRevenue == null || s.maxAnnualRevenue == null || s.minAnnualRevenue <= s.maxAnnualRevenue;
const revenueMessage = { message: "must not be below the minimum", path: ["maxAnnualRevenue"] };
const criterionBound = z.union([z.number(), z.string().max(10)]).nullish();
/**
 * One custom-property criterion of a segment: a value the property must equal, a range (numbers and dates,
 * either bound optional, both included) or a list of values it must be one of (a list property: hold any).
 */
export const propertyCriterionSchema = z.union([
  z.string().max(200),
  z.number(),
  z.boolean(),
  z
    .object({ min: criterionBound, max: criterionBound })
    .strict()
    .refine((r) => r.min != null || r.max != null, { message: "needs a minimum or a maximum" }),
  z
    .object({
      anyOf: z
        .array(z.union([z.string().max(200), z.number()]))
        .min(1)
        .max(50),
    })
    .strict(),
]);
export type PropertyCriterion = z.infer<typeof propertyCriterionSchema>;

const segmentFields = {
  name: z.string().trim().min(1, "is required").max(120),
  description: z.string().trim().max(2000).default(""),
  industries: textList.default([]),
  minEmployees: z.number().int().min(0).nullish(),
  maxEmployees: z.number().int().min(0).nullish(),
  regions: textList.default([]),
  minAnnualRevenue: z.number().min(0).max(1e13).nullish(),
  maxAnnualRevenue: z.number().min(0).max(1e13).nullish(),
  propertyFilters: z
    .record(z.string(), propertyCriterionSchema)
    .default({})
    .describe(
      "Custom account properties the accounts must have, by API name: a value (equals), { min, max } (a number or date between, either bound optional) or { anyOf: [...] } (one of these values; for a list property, any of them)",
    ),
  committeePersonaIds: z
    .array(idSchema)
    .max(20)
    .default([])
    .describe("The personas expected on an account's buying committee"),
  podId: idSchema.nullish(),
};
export const createSegmentSchema = z
  .object(segmentFields)
  .refine(employeesInOrder, employeesMessage)
  .refine(revenueInOrder, revenueMessage);
export const updateSegmentSchema = z
  .object({
    ...segmentFields,
    description: z.string().trim().max(2000),
    industries: textList,
    regions: textList,
    propertyFilters: segmentFields.propertyFilters.unwrap(),
    committeePersonaIds: segmentFields.committeePersonaIds.unwrap(),
  })
  .partial()
  .refine(employeesInOrder, employeesMessage)
  .refine(revenueInOrder, revenueMessage);
export const segmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  industries: z.array(z.string()),
  minEmployees: z.number().nullable(),
  maxEmployees: z.number().nullable(),
  regions: z.array(z.string()),
  minAnnualRevenue: z.number().nullable(),
  maxAnnualRevenue: z.number().nullable(),
  propertyFilters: z.record(z.string(), z.unknown()),
  committeePersonaIds: z.array(z.string()),
  podId: z.string().nullable(),
  archivedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Segment = z.infer<typeof segmentSchema>;
export const SEGMENT_SORTS = ["name", "createdAt", "updatedAt"] as const;
export const segmentListQuerySchema = listQuerySchema(SEGMENT_SORTS, "name").extend({
  podId: idSchema.optional(),
});

const podFields = {
  name: z.string().trim().min(1, "is required").max(120),
  description: z.string().trim().max(2000).default(""),
  memberIds: z.array(idSchema).max(200).default([]),
  /** Regions or countries (as written on contacts and accounts) whose new MQLs go to this pod. */
  territories: z
    .array(z.string().trim().min(1, "must not be blank").max(100))
    .max(200)
    .default([])
    .refine(
      (t) => new Set(t.map((x) => x.toLowerCase())).size === t.length,
      "lists the same territory twice",
    ),
};
export const createPodSchema = z.object(podFields);
export const updatePodSchema = z
  .object({
    ...podFields,
    description: z.string().trim().max(2000),
    memberIds: z.array(idSchema).max(200),
    territories: podFields.territories.unwrap(),
  })
  .partial();
export const podSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  territories: z.array(z.string()),
  members: z.array(z.object({ id: z.string(), name: z.string(), team: z.enum(TEAMS) })),
  personaCount: z.number(),
  segmentCount: z.number(),
  accountCount: z.number(),
  archivedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Pod = z.infer<typeof podSchema>;
export const POD_SORTS = ["name", "createdAt", "updatedAt"] as const;
export const podListQuerySchema = listQuerySchema(POD_SORTS, "name").extend({
  memberId: idSchema.optional(),
});
