// Workspaces (tenants), their members and pending invitations.
import {
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth.js";
import { tenantKey, timestamps } from "./columns.js";
import { memberRoleEnum, teamEnum } from "./enums.js";

export const workspaces = pgTable("workspaces", {
  id: uuid("id").primaryKey(),
  name: text("name").notNull(),
  mission: text("mission").notNull().default(""),
  timeZone: text("time_zone").notNull().default("UTC"),
  ...timestamps,
});

export const members = pgTable(
  "members",
  {
    ...tenantKey,
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    team: teamEnum("team").notNull(),
    role: memberRoleEnum("role").notNull().default("member"),
    title: text("title"),
    /** The most open MQLs routing gives this member at once (capacity for the weighted round robin). */
    mqlCapacity: integer("mql_capacity").notNull().default(25),
    /** Removed members keep their history (touches, stage changes) but can no longer act. */
    removedAt: timestamp("removed_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    unique("members_workspace_user_key").on(t.workspaceId, t.userId),
    index("members_user_idx").on(t.userId),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }),
  ],
);

export const invitations = pgTable(
  "invitations",
  {
    ...tenantKey,
    email: text("email").notNull(),
    team: teamEnum("team").notNull(),
    role: memberRoleEnum("role").notNull().default("member"),
    /** sha-256 of the secret half of the invitation token; the secret itself is shown once. */
    secretHash: text("secret_hash").notNull(),
    invitedBy: uuid("invited_by").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("invitations_workspace_email_idx").on(t.workspaceId, t.email),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }),
    foreignKey({ columns: [t.workspaceId, t.invitedBy], foreignColumns: [members.workspaceId, members.id] }),
  ],
);
