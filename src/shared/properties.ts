// Custom properties: typed fields a workspace defines for its contacts, accounts and opportunities. A record's
// values sit in its `properties` object under each definition's API name.
import { z } from "zod";
import { listQuerySchema, timestamp } from "./common.js";

export const PROPERTY_OBJECT_TYPES = ["contacts", "accounts", "opportunities"] as const;
export type PropertyObjectType = (typeof PROPERTY_OBJECT_TYPES)[number];

export const PROPERTY_TYPES = ["text", "number", "date", "boolean", "one_of", "many_of"] as const;
export type PropertyType = (typeof PROPERTY_TYPES)[number];

export const PROPERTY_TYPE_LABELS: Record<PropertyType, string> = {
  text: "Text",
  number: "Number",
  date: "Date",
  boolean: "Yes / no",
  one_of: "One of a list",
  many_of: "Several of a list",
};

/** Keys Lockstep itself writes into a record's properties (tracking, imports): no definition may take them. */
export const RESERVED_PROPERTY_NAMES: Record<PropertyObjectType, readonly string[]> = {
  contacts: ["note"],
  accounts: ["plan", "address"],
  opportunities: [],
};

/** The longest text value a text property keeps. */
export const PROPERTY_TEXT_MAX = 2000;

const API_NAME = /^[a-z][a-z0-9_]{0,62}$/;

const optionsSchema = z
  .array(z.string().trim().min(1, "an option cannot be empty").max(100))
  .max(200)
  .refine((list) => new Set(list).size === list.length, { message: "lists the same option twice" });

const definitionFields = {
  label: z.string().trim().min(1, "is required").max(100),
  description: z.string().trim().max(1000).default(""),
  options: optionsSchema.default([]),
  indexed: z
    .boolean()
    .default(false)
    .describe(
      "Lists sort by it through an index of its own (an expression index, built when set, dropped when cleared or archived). Not for several-of-a-list properties",
    ),
};

export const createPropertySchema = z
  .object({
    objectType: z.enum(PROPERTY_OBJECT_TYPES),
    apiName: z
      .string()
      .trim()
      .regex(API_NAME, {
        message: "must be lower snake case: a letter, then letters, digits or _ (at most 63)",
      })
      .describe("The key of the value in a record's properties, e.g. renewal_date"),
    type: z.enum(PROPERTY_TYPES),
    ...definitionFields,
  })
  .superRefine((value, ctx) => {
    const listed = value.type === "one_of" || value.type === "many_of";
    if (listed && value.options.length === 0)
      ctx.addIssue({ code: "custom", path: ["options"], message: "needs at least one option" });
    if (!listed && value.options.length > 0)
      ctx.addIssue({
        code: "custom",
        path: ["options"],
        message: "only lists (one of, several of) have options",
      });
    if (value.indexed && value.type === "many_of")
      ctx.addIssue({
        code: "custom",
        path: ["indexed"],
        message:
          "a several-of-a-list property is not sorted by; its filter uses the properties index already",
      });
    if (RESERVED_PROPERTY_NAMES[value.objectType].includes(value.apiName))
      ctx.addIssue({
        code: "custom",
        path: ["apiName"],
        message: `is used by Lockstep itself on ${value.objectType}; choose another name`,
      });
  });
export type CreateProperty = z.infer<typeof createPropertySchema>;

/** The API name, object and type are fixed once values may exist; the label, description and options change. */
export const updatePropertySchema = z
  .object({
    label: definitionFields.label,
    description: z.string().trim().max(1000),
    options: optionsSchema,
    indexed: z.boolean(),
  })
  .partial();

export const propertySchema = z.object({
  id: z.string(),
  objectType: z.enum(PROPERTY_OBJECT_TYPES),
  apiName: z.string(),
  label: z.string(),
  description: z.string(),
  type: z.enum(PROPERTY_TYPES),
  options: z.array(z.string()),
  indexed: z.boolean(),
  archivedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Property = z.infer<typeof propertySchema>;

export const PROPERTY_SORTS = ["label", "apiName", "createdAt"] as const;
export const propertyListQuerySchema = listQuerySchema(PROPERTY_SORTS, "label").extend({
  objectType: z.enum(PROPERTY_OBJECT_TYPES).optional(),
});

/** How a record's `properties` reads in the API document. */
export const PROPERTIES_DESCRIPTION =
  "Values of the workspace's custom properties by API name (GET /api/properties lists them; each is checked against its type, a bad one is a 400 naming properties.<api_name>); other keys are kept as they are. Written as a whole.";

/** What purging an archived property's values did. */
export const purgeResultSchema = z.object({
  property: propertySchema,
  /** Records whose value was removed. */
  purged: z.number(),
});

/** The list query parameter that sorts a record list by a custom property (`order` applies). */
export const sortPropertyField = {
  sortProperty: z
    .string()
    .max(63)
    .optional()
    .describe(
      "Sort by this custom property (its API name) instead of `sort`; records without a value come first ascending. Not for several-of-a-list properties. Filter by one with property.<api_name>=value (see GET /api/properties)",
    ),
};

/** A record list's query keys that filter by a custom property: `property.<api_name>=value`. */
export const PROPERTY_FILTER_PREFIX = "property.";
