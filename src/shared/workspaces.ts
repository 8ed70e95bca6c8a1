// Workspaces, members, invitations and the signed-in caller.
import { z } from "zod";
import { listSchema, timestamp } from "./common.js";
import { MEMBER_ROLES, TEAMS } from "./domain.js";

export const workspaceSchema = z.object({
  id: z.string(),
  name: z.string(),
  mission: z.string(),
  timeZone: z.string(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Workspace = z.infer<typeof workspaceSchema>;

const timeZoneSchema = z
  .string()
  .trim()
  .refine(
    (tz) => {
      try {
        new Intl.DateTimeFormat("en-US", { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    },
    { message: "must be an IANA time zone such as Europe/Berlin" },
  );

export const createWorkspaceSchema = z.object({
  name: z.string().trim().min(1, "is required").max(120),
  mission: z.string().trim().max(1000).default(""),
  timeZone: timeZoneSchema.default("UTC"),
  team: z.enum(TEAMS).default("revenue").describe("The creator's own team; the creator becomes an admin"),
});
export const updateWorkspaceSchema = z
  .object({
    name: z.string().trim().min(1, "is required").max(120),
    mission: z.string().trim().max(1000),
    timeZone: timeZoneSchema,
  })
  .partial();

export const memberSchema = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  team: z.enum(TEAMS),
  role: z.enum(MEMBER_ROLES),
  title: z.string().nullable(),
  /** The most open MQLs lead routing gives this member at once. */
  mqlCapacity: z.number().int(),
  createdAt: timestamp,
});
export type Member = z.infer<typeof memberSchema>;

export const updateMemberSchema = z
  .object({
    team: z.enum(TEAMS),
    role: z.enum(MEMBER_ROLES),
    title: z.string().trim().max(120).nullable(),
    mqlCapacity: z
      .number({ message: "mqlCapacity must be a whole number of open MQLs" })
      .int({ message: "mqlCapacity must be a whole number of open MQLs" })
      .min(0, { message: "mqlCapacity cannot be negative (0 stops routing to this member)" })
      .max(10_000, { message: "mqlCapacity can be at most 10000" }),
  })
  .partial();

export const memberListQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  team: z.enum(TEAMS).optional(),
  role: z.enum(MEMBER_ROLES).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const invitationSchema = z.object({
  id: z.string(),
  email: z.string(),
  team: z.enum(TEAMS),
  role: z.enum(MEMBER_ROLES),
  status: z.enum(["pending", "accepted", "revoked", "expired"]),
  expiresAt: timestamp,
  createdAt: timestamp,
});
export const createInvitationSchema = z.object({
  email: z.email({ message: "must be an email address" }).trim().toLowerCase(),
  team: z.enum(TEAMS),
  role: z.enum(MEMBER_ROLES).default("member"),
});
export const createdInvitationSchema = invitationSchema.extend({
  token: z.string().describe("Shown once: the invitee accepts with it"),
  acceptUrl: z.string(),
});
export const acceptInvitationSchema = z.object({ token: z.string().min(10).max(300) });
export const invitationPreviewSchema = z.object({
  workspaceName: z.string(),
  email: z.string(),
  team: z.enum(TEAMS),
  role: z.enum(MEMBER_ROLES),
});

export const meSchema = z.object({
  user: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  workspace: workspaceSchema.nullable(),
  member: memberSchema.nullable(),
  workspaces: z.array(
    z.object({ id: z.string(), name: z.string(), team: z.enum(TEAMS), role: z.enum(MEMBER_ROLES) }),
  ),
});
export type Me = z.infer<typeof meSchema>;

export const invitationListSchema = listSchema(invitationSchema);
