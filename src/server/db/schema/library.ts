// The insights library: assets both teams use with buyers (customer stories, case studies, third-party
// statistics, battle cards...), each for a persona and a funnel stage; uploaded files kept in the database
// beside them; and every time sales shares one with a contact (a `content_shared` touch on the contact's
// timeline), so each asset's use and its influence on won deals come from the one touch history.
import { sql } from "drizzle-orm";
import {
  customType,
  date,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { archivedAt, tenantKey, timestamps } from "./columns.js";
import { contacts } from "./contacts.js";
import { personas } from "./personas.js";
import { touches } from "./touches.js";
import { members, workspaces } from "./workspaces.js";

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

export const insightAssets = pgTable(
  "insight_assets",
  {
    ...tenantKey,
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    summary: text("summary").notNull().default(""),
    personaId: uuid("persona_id"),
    /** The lifecycle stage it serves (lead ... customer). */
    funnelStage: text("funnel_stage"),
    industry: text("industry"),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    ownerMemberId: uuid("owner_member_id").notNull(),
    /** A linked asset's address (http or https); null for an uploaded file. */
    url: text("url"),
    /** A third-party statistic's source and the date it was published. */
    source: text("source"),
    sourceDate: date("source_date"),
    fileName: text("file_name"),
    fileType: text("file_type"),
    fileSize: integer("file_size"),
    /** Lower-cased title, summary, industry, source and tags: what search matches. */
    searchText: text("search_text").notNull().default(""),
    archivedAt,
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("insight_assets_created_idx").on(t.workspaceId, t.createdAt, t.id),
    index("insight_assets_grid_idx").on(t.workspaceId, t.personaId, t.funnelStage),
    index("insight_assets_search_idx").using("gin", sql`${t.searchText} gin_trgm_ops`),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }),
    foreignKey({
      columns: [t.workspaceId, t.personaId],
      foreignColumns: [personas.workspaceId, personas.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.ownerMemberId],
      foreignColumns: [members.workspaceId, members.id],
    }),
  ],
);

/** An uploaded asset's bytes (one file per asset; a new upload replaces it). */
export const insightAssetFiles = pgTable(
  "insight_asset_files",
  {
    workspaceId: uuid("workspace_id").notNull(),
    assetId: uuid("asset_id").notNull(),
    content: bytea("content").notNull(),
    sha256: text("sha256").notNull(),
    uploadedBy: uuid("uploaded_by").notNull(),
    uploadedAt: timestamp("uploaded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.assetId] }),
    foreignKey({
      columns: [t.workspaceId, t.assetId],
      foreignColumns: [insightAssets.workspaceId, insightAssets.id],
    }).onDelete("cascade"),
    foreignKey({
      columns: [t.workspaceId, t.uploadedBy],
      foreignColumns: [members.workspaceId, members.id],
    }),
  ],
);

/** An asset shared with a contact: the touch it wrote on the contact's timeline. */
export const assetShares = pgTable(
  "asset_shares",
  {
    ...tenantKey,
    assetId: uuid("asset_id").notNull(),
    touchId: uuid("touch_id").notNull(),
    contactId: uuid("contact_id").notNull(),
    memberId: uuid("member_id").notNull(),
    sharedAt: timestamp("shared_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("asset_shares_asset_idx").on(t.workspaceId, t.assetId, t.sharedAt, t.id),
    uniqueIndex("asset_shares_touch_key").on(t.workspaceId, t.touchId),
    foreignKey({
      columns: [t.workspaceId, t.assetId],
      foreignColumns: [insightAssets.workspaceId, insightAssets.id],
    }),
    foreignKey({ columns: [t.workspaceId, t.touchId], foreignColumns: [touches.workspaceId, touches.id] }),
    foreignKey({
      columns: [t.workspaceId, t.contactId],
      foreignColumns: [contacts.workspaceId, contacts.id],
    }),
    foreignKey({ columns: [t.workspaceId, t.memberId], foreignColumns: [members.workspaceId, members.id] }),
  ],
);

/** A persona's messaging guide: the value proposition and the pains both teams speak to. */
export const messagingGuides = pgTable(
  "messaging_guides",
  {
    workspaceId: uuid("workspace_id").notNull(),
    personaId: uuid("persona_id").notNull(),
    valueProposition: text("value_proposition").notNull().default(""),
    pains: text("pains").array().notNull().default(sql`'{}'::text[]`),
    updatedBy: uuid("updated_by"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.personaId] }),
    foreignKey({
      columns: [t.workspaceId, t.personaId],
      foreignColumns: [personas.workspaceId, personas.id],
    }),
    foreignKey({ columns: [t.workspaceId, t.updatedBy], foreignColumns: [members.workspaceId, members.id] }),
  ],
);

/** A claim of the guide backed by a library asset (a customer story, a statistic...). */
export const messagingProofPoints = pgTable(
  "messaging_proof_points",
  {
    ...tenantKey,
    personaId: uuid("persona_id").notNull(),
    assetId: uuid("asset_id").notNull(),
    claim: text("claim").notNull(),
    position: integer("position").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("messaging_proof_points_persona_idx").on(t.workspaceId, t.personaId, t.position),
    foreignKey({
      columns: [t.workspaceId, t.personaId],
      foreignColumns: [personas.workspaceId, personas.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.assetId],
      foreignColumns: [insightAssets.workspaceId, insightAssets.id],
    }),
  ],
);

/**
 * The answer both teams give to an objection of a persona, keyed like the objection log groups it (case and
 * spacing aside); a draft until a team lead approves it; a change makes it a draft again.
 */
export const objectionResponses = pgTable(
  "objection_responses",
  {
    ...tenantKey,
    personaId: uuid("persona_id").notNull(),
    objectionKey: text("objection_key").notNull(),
    objection: text("objection").notNull(),
    response: text("response").notNull(),
    assetId: uuid("asset_id"),
    status: text("status").$type<"draft" | "approved">().notNull().default("draft"),
    writtenBy: uuid("written_by").notNull(),
    approvedBy: uuid("approved_by"),
    approvedAt: timestamp("approved_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex("objection_responses_key").on(t.workspaceId, t.personaId, t.objectionKey),
    foreignKey({
      columns: [t.workspaceId, t.personaId],
      foreignColumns: [personas.workspaceId, personas.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.assetId],
      foreignColumns: [insightAssets.workspaceId, insightAssets.id],
    }),
    foreignKey({ columns: [t.workspaceId, t.writtenBy], foreignColumns: [members.workspaceId, members.id] }),
    foreignKey({ columns: [t.workspaceId, t.approvedBy], foreignColumns: [members.workspaceId, members.id] }),
  ],
);
