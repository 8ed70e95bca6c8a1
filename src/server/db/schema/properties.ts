// Custom properties: typed fields a workspace adds to its contacts, accounts and opportunities. Values live in
// each record's `properties` jsonb under the definition's API name; archiving a definition keeps its values.
import { sql } from "drizzle-orm";
import { boolean, foreignKey, index, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import type { PropertyObjectType, PropertyType } from "../../../shared/properties.js";
import { archivedAt, tenantKey, timestamps } from "./columns.js";
import { workspaces } from "./workspaces.js";

export const propertyDefinitions = pgTable(
  "property_definitions",
  {
    ...tenantKey,
    objectType: text("object_type").$type<PropertyObjectType>().notNull(),
    apiName: text("api_name").notNull(),
    label: text("label").notNull(),
    description: text("description").notNull().default(""),
    type: text("type").$type<PropertyType>().notNull(),
    /** The choices of a one_of or many_of property, in display order; empty for the other types. */
    options: text("options").array().notNull().default(sql`'{}'::text[]`),
    /** Lists sort by it through an expression index of its own (created and dropped with the flag). */
    indexed: boolean("indexed").notNull().default(false),
    archivedAt,
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex("property_definitions_api_name_key")
      .on(t.workspaceId, t.objectType, t.apiName)
      .where(sql`${t.archivedAt} is null`),
    index("property_definitions_label_idx").on(t.workspaceId, t.objectType, t.label, t.id),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }),
  ],
);
