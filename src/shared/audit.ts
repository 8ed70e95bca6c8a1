// The audit log as the API shows it, and the personal-data requests (access export, erasure).
import { z } from "zod";
import { idSchema, timestamp } from "./common.js";

export const auditEventSchema = z.object({
  id: z.string(),
  /** Dotted, past tense: "sla.version.approved", "contact.stage.overridden", "member.role.changed"... */
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  /** The record's current name (a contact's is "Erased contact" once erased); null when unknown or gone. */
  entityName: z.string().nullable(),
  memberId: z.string().nullable(),
  actorName: z.string(),
  summary: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  occurredAt: timestamp,
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

const dateTime = z.iso
  .datetime({ offset: true, message: "must be a date-time like 2026-01-31T09:00:00Z" })
  .or(z.iso.date({ message: "must be a date like 2026-01-31 or a date-time" }));

export const auditQuerySchema = z.object({
  cursor: z.string().max(500).optional().describe("nextCursor from the previous page"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  entityType: z
    .string()
    .trim()
    .regex(/^[a-z_]{1,40}$/, { message: "must be an entity type like contact or sla_version" })
    .optional(),
  action: z
    .string()
    .trim()
    .regex(/^[a-z_.]{1,80}$/, { message: "must be an action like member.role.changed (or a prefix: sla)" })
    .optional()
    .describe("An action, or its dotted prefix: sla matches every sla.* action"),
  entityId: z.string().trim().max(100).optional().describe("Only entries about this record"),
  memberId: idSchema.optional().describe("Only what this member did"),
  from: dateTime.optional().describe("From this time (inclusive); a date means its start, UTC"),
  to: dateTime.optional().describe("Until this time (exclusive); a date means the start of that day, UTC"),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

/** The kinds of records the log names, for the filter. */
export const AUDIT_ENTITY_LABELS: Record<string, string> = {
  scoring_version: "Scoring model version",
  sla_version: "SLA version",
  persona: "Persona",
  segment: "Segment",
  contact: "Contact",
  account: "Account",
  opportunity: "Opportunity",
  campaign: "Campaign",
  pod: "Pod",
  property: "Custom property",
  member: "Member",
  invitation: "Invitation",
  workspace: "Workspace",
  api_key: "API key",
  webhook: "Webhook",
};

/** Groups of actions for the filter (a prefix matches every action under it). */
export const AUDIT_ACTION_GROUPS: { value: string; label: string }[] = [
  { value: "scoring", label: "Scoring model changes" },
  { value: "sla", label: "SLA changes" },
  { value: "persona", label: "Persona changes" },
  { value: "segment", label: "Segment changes" },
  { value: "contact.stage.overridden", label: "Stage overrides" },
  { value: "record", label: "Archives and restores" },
  { value: "member", label: "Member roles and removals" },
  { value: "invitation", label: "Invitations" },
  { value: "contact.personal_data", label: "Personal data (export, erasure)" },
  { value: "workspace", label: "Workspace settings" },
  { value: "api_key", label: "API keys" },
  { value: "webhook", label: "Webhooks" },
];

/** Erasure must be confirmed: with the contact's email, or with ERASE when the contact has no email. */
export const eraseContactSchema = z.object({
  confirm: z
    .string()
    .trim()
    .min(1, "is required")
    .max(320)
    .describe("The contact's email address (or ERASE for a contact without one)"),
});

export const erasedContactSchema = z.object({
  id: z.string(),
  erasedAt: timestamp,
  /** Which personal fields were removed (never their values). */
  erasedFields: z.array(z.string()),
  identitiesDeleted: z.number().int(),
  touchesAnonymised: z.number().int(),
  notificationsRedacted: z.number().int(),
});
export type ErasedContact = z.infer<typeof erasedContactSchema>;

/** Everything Lockstep holds about one contact (an access request), table by table. */
export const personalDataExportSchema = z.record(z.string(), z.unknown());
