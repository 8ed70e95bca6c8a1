// Contacts (people at accounts; "leads" while early in the lifecycle) and their stage history.
import { type SQL, sql } from "drizzle-orm";
import {
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { StageChangeCause } from "../../../shared/domain.js";
import { accounts } from "./accounts.js";
import { campaigns } from "./campaigns.js";
import { archivedAt, tenantKey, timestamps } from "./columns.js";
import { lifecycleStageEnum } from "./enums.js";
import { personas } from "./personas.js";
import { members, workspaces } from "./workspaces.js";

export const contacts = pgTable(
  "contacts",
  {
    ...tenantKey,
    /** Lower-case; unique within a workspace. Null for contacts known only by an anonymous id. */
    email: text("email"),
    firstName: text("first_name").notNull().default(""),
    lastName: text("last_name").notNull().default(""),
    name: text("name")
      .notNull()
      .generatedAlwaysAs((): SQL => sql`btrim(${contacts.firstName} || ' ' || ${contacts.lastName})`),
    title: text("title"),
    seniority: text("seniority"),
    department: text("department"),
    phone: text("phone"),
    country: text("country"),
    region: text("region"),
    accountId: uuid("account_id"),
    personaId: uuid("persona_id"),
    ownerMemberId: uuid("owner_member_id"),
    lifecycleStage: lifecycleStageEnum("lifecycle_stage").notNull().default("subscriber"),
    lifecycleStageChangedAt: timestamp("lifecycle_stage_changed_at", { withTimezone: true })
      .notNull()
      .defaultNow(),
    leadStatus: text("lead_status"),
    /** Where the contact came from ("Lead Source" in HubSpot and Salesforce). */
    source: text("source"),
    sourceCampaignId: uuid("source_campaign_id"),
    /** The record's id in the system it was imported from (HubSpot, Salesforce...). */
    externalId: text("external_id"),
    properties: jsonb("properties").$type<Record<string, unknown>>().notNull().default({}),
    searchText: text("search_text").generatedAlwaysAs(
      (): SQL =>
        sql`lower(${contacts.firstName} || ' ' || ${contacts.lastName} || ' ' || coalesce(${contacts.email}, ''))`,
    ),
    archivedAt,
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    unique("contacts_workspace_email_key").on(t.workspaceId, t.email),
    uniqueIndex("contacts_workspace_external_key")
      .on(t.workspaceId, t.externalId)
      .where(sql`${t.externalId} is not null`),
    index("contacts_workspace_name_idx").on(t.workspaceId, t.name, t.id),
    index("contacts_workspace_created_idx").on(t.workspaceId, t.createdAt, t.id),
    index("contacts_workspace_updated_idx").on(t.workspaceId, t.updatedAt, t.id),
    index("contacts_stage_idx").on(t.workspaceId, t.lifecycleStage),
    index("contacts_account_idx").on(t.workspaceId, t.accountId),
    index("contacts_persona_idx").on(t.workspaceId, t.personaId),
    index("contacts_owner_idx").on(t.workspaceId, t.ownerMemberId, t.lifecycleStage),
    // The routing queue: MQLs nobody owns yet.
    index("contacts_unrouted_idx")
      .on(t.workspaceId, t.lifecycleStageChangedAt)
      .where(sql`${t.ownerMemberId} is null and ${t.lifecycleStage} = 'mql' and ${t.archivedAt} is null`),
    // Velocity's contacts in each stage now and how long they have been there (stalled by age), read from
    // the index alone.
    index("contacts_stage_age_idx")
      .on(t.workspaceId, t.lifecycleStage, t.lifecycleStageChangedAt, t.id)
      .where(sql`${t.archivedAt} is null`),
    index("contacts_source_campaign_idx").on(t.workspaceId, t.sourceCampaignId),
    index("contacts_search_idx").using("gin", sql`${t.searchText} gin_trgm_ops`),
    // Custom-property filters are containment tests (properties @> {"api_name": value}).
    index("contacts_properties_idx").using("gin", sql`${t.properties} jsonb_path_ops`),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }),
    foreignKey({
      columns: [t.workspaceId, t.accountId],
      foreignColumns: [accounts.workspaceId, accounts.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.personaId],
      foreignColumns: [personas.workspaceId, personas.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.ownerMemberId],
      foreignColumns: [members.workspaceId, members.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.sourceCampaignId],
      foreignColumns: [campaigns.workspaceId, campaigns.id],
    }),
  ],
);

/** Every lifecycle stage change, with its time, cause and the stage it left. */
export const lifecycleStageChanges = pgTable(
  "lifecycle_stage_changes",
  {
    ...tenantKey,
    contactId: uuid("contact_id").notNull(),
    fromStage: lifecycleStageEnum("from_stage"),
    toStage: lifecycleStageEnum("to_stage").notNull(),
    changedAt: timestamp("changed_at", { withTimezone: true }).notNull(),
    /** When the contact last entered the stage this move leaves (from the history; null when it has none). */
    fromEnteredAt: timestamp("from_entered_at", { withTimezone: true }),
    cause: text("cause").$type<StageChangeCause>().notNull(),
    causeDetail: text("cause_detail").notNull().default(""),
    memberId: uuid("member_id"),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("stage_changes_contact_idx").on(t.workspaceId, t.contactId, t.changedAt),
    index("stage_changes_to_stage_idx").on(t.workspaceId, t.toStage, t.changedAt),
    // Reports read the moves of a period whatever their stage (the funnel's entries, velocity's exits).
    index("stage_changes_changed_idx").on(t.workspaceId, t.changedAt),
    index("stage_changes_member_idx").on(t.workspaceId, t.memberId),
    foreignKey({
      columns: [t.workspaceId, t.contactId],
      foreignColumns: [contacts.workspaceId, contacts.id],
    }),
    foreignKey({ columns: [t.workspaceId, t.memberId], foreignColumns: [members.workspaceId, members.id] }),
  ],
);

/**
 * The funnel's roll-up of the stage history, one row per contact that entered the funnel: its first move into
 * a funnel stage and the furthest funnel stage it reached (1 lead .. 6 customer). Written with the history by
 * moveStage (and rebuilt from it in one pass by the seed); the funnel's cohorts read it instead of grouping
 * every history row.
 */
export const contactFunnel = pgTable(
  "contact_funnel",
  {
    workspaceId: uuid("workspace_id").notNull(),
    contactId: uuid("contact_id").notNull(),
    enteredAt: timestamp("entered_at", { withTimezone: true }).notNull(),
    reached: smallint("reached").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.contactId] }),
    index("contact_funnel_entered_idx").on(t.workspaceId, t.enteredAt),
    foreignKey({
      columns: [t.workspaceId, t.contactId],
      foreignColumns: [contacts.workspaceId, contacts.id],
    }).onDelete("cascade"),
  ],
);

/**
 * Moves into each stage counted per quarter hour (`at`), with the quarter hour of the contact's previous move
 * into the same stage (`prior`; -infinity for a first entry): contacts entering a stage in [start, end) are
 * the entries with at in it and prior before start, exact for any period that starts on a quarter hour (every
 * time zone's midnight does). Append-only (no row is updated, so concurrent moves never wait on each other);
 * the goals sweep compacts it.
 */
export const stageEntryCounts = pgTable(
  "stage_entry_counts",
  {
    workspaceId: uuid("workspace_id").notNull(),
    stage: lifecycleStageEnum("stage").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    prior: timestamp("prior", { withTimezone: true }).notNull(),
    contacts: integer("contacts").notNull(),
  },
  (t) => [index("stage_entry_counts_at_idx").on(t.workspaceId, t.at)],
);
