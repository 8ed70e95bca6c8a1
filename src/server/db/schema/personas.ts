// Personas (buyer profiles) and segments (ideal-customer-profile slices of accounts).
import { sql } from "drizzle-orm";
import {
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  uuid,
} from "drizzle-orm/pg-core";
import { archivedAt, tenantKey, timestamps } from "./columns.js";
import { pods } from "./pods.js";
import { workspaces } from "./workspaces.js";

export const personas = pgTable(
  "personas",
  {
    ...tenantKey,
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /** Case-insensitive substrings of a contact's title that suggest this persona. */
    titlePatterns: text("title_patterns").array().notNull().default(sql`'{}'::text[]`),
    seniorities: text("seniorities").array().notNull().default(sql`'{}'::text[]`),
    departments: text("departments").array().notNull().default(sql`'{}'::text[]`),
    pains: text("pains").notNull().default(""),
    objections: text("objections").notNull().default(""),
    podId: uuid("pod_id"),
    archivedAt,
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("personas_workspace_name_idx").on(t.workspaceId, t.name, t.id),
    index("personas_pod_idx").on(t.workspaceId, t.podId),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }),
    foreignKey({ columns: [t.workspaceId, t.podId], foreignColumns: [pods.workspaceId, pods.id] }),
  ],
);

export const segments = pgTable(
  "segments",
  {
    ...tenantKey,
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    industries: text("industries").array().notNull().default(sql`'{}'::text[]`),
    minEmployees: integer("min_employees"),
    maxEmployees: integer("max_employees"),
    regions: text("regions").array().notNull().default(sql`'{}'::text[]`),
    minAnnualRevenue: numeric("min_annual_revenue", { precision: 16, scale: 2, mode: "number" }),
    maxAnnualRevenue: numeric("max_annual_revenue", { precision: 16, scale: 2, mode: "number" }),
    /** Custom account properties the accounts must have, by API name (each an equality). */
    propertyFilters: jsonb("property_filters").$type<Record<string, unknown>>().notNull().default({}),
    /** The personas expected on an account's buying committee (economic buyer, champion...). */
    committeePersonaIds: uuid("committee_persona_ids").array().notNull().default(sql`'{}'::uuid[]`),
    podId: uuid("pod_id"),
    archivedAt,
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("segments_workspace_name_idx").on(t.workspaceId, t.name, t.id),
    index("segments_pod_idx").on(t.workspaceId, t.podId),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }),
    foreignKey({ columns: [t.workspaceId, t.podId], foreignColumns: [pods.workspaceId, pods.id] }),
  ],
);
