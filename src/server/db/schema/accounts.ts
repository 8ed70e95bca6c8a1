// Accounts: the companies being sold to.
import { type SQL, sql } from "drizzle-orm";
import {
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { archivedAt, tenantKey, timestamps } from "./columns.js";
import { segments } from "./personas.js";
import { pods } from "./pods.js";
import { members, workspaces } from "./workspaces.js";

export const accounts = pgTable(
  "accounts",
  {
    ...tenantKey,
    name: text("name").notNull(),
    /** Lower-case web domain without scheme or "www."; unique within a workspace. */
    domain: text("domain"),
    industry: text("industry"),
    employees: integer("employees"),
    annualRevenue: numeric("annual_revenue", { precision: 16, scale: 2, mode: "number" }),
    country: text("country"),
    region: text("region"),
    segmentId: uuid("segment_id"),
    podId: uuid("pod_id"),
    ownerMemberId: uuid("owner_member_id"),
    /** The record's id in the system it was imported from (HubSpot, Salesforce...). */
    externalId: text("external_id"),
    properties: jsonb("properties").$type<Record<string, unknown>>().notNull().default({}),
    searchText: text("search_text").generatedAlwaysAs(
      (): SQL => sql`lower(${accounts.name} || ' ' || coalesce(${accounts.domain}, ''))`,
    ),
    archivedAt,
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    unique("accounts_workspace_domain_key").on(t.workspaceId, t.domain),
    uniqueIndex("accounts_workspace_external_key")
      .on(t.workspaceId, t.externalId)
      .where(sql`${t.externalId} is not null`),
    index("accounts_workspace_name_idx").on(t.workspaceId, t.name, t.id),
    index("accounts_workspace_created_idx").on(t.workspaceId, t.createdAt, t.id),
    index("accounts_workspace_updated_idx").on(t.workspaceId, t.updatedAt, t.id),
    index("accounts_industry_idx").on(t.workspaceId, t.industry),
    index("accounts_segment_idx").on(t.workspaceId, t.segmentId),
    index("accounts_pod_idx").on(t.workspaceId, t.podId),
    index("accounts_owner_idx").on(t.workspaceId, t.ownerMemberId),
    index("accounts_search_idx").using("gin", sql`${t.searchText} gin_trgm_ops`),
    // Custom-property filters are containment tests (properties @> {"api_name": value}).
    index("accounts_properties_idx").using("gin", sql`${t.properties} jsonb_path_ops`),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }),
    foreignKey({
      columns: [t.workspaceId, t.segmentId],
      foreignColumns: [segments.workspaceId, segments.id],
    }),
    foreignKey({ columns: [t.workspaceId, t.podId], foreignColumns: [pods.workspaceId, pods.id] }),
    foreignKey({
      columns: [t.workspaceId, t.ownerMemberId],
      foreignColumns: [members.workspaceId, members.id],
    }),
  ],
);
