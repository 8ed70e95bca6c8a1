// The audit log (admins): words for its actions, and downloading the CSV export with the list's filters.
import { type QueryValue, toQueryString } from "../../lib/api";
import { downloadFile } from "../../lib/download";

const ACTION_LABELS: Record<string, string> = {
  "scoring.version.created": "Scoring draft started",
  "scoring.version.edited": "Scoring version edited",
  "scoring.version.approved": "Scoring version approved",
  "scoring.version.approval_withdrawn": "Scoring approval withdrawn",
  "scoring.version.activated": "Scoring version live",
  "scoring.version.retired": "Scoring version retired",
  "sla.version.created": "SLA draft started",
  "sla.version.edited": "SLA terms changed",
  "sla.version.approved": "SLA signed",
  "sla.version.approval_withdrawn": "SLA signature withdrawn",
  "sla.version.activated": "SLA in force",
  "sla.version.retired": "SLA retired",
  "persona.created": "Persona created",
  "persona.updated": "Persona changed",
  "segment.created": "Segment created",
  "segment.updated": "Segment changed",
  "contact.stage.overridden": "Stage override",
  "record.archived": "Archived",
  "record.restored": "Restored",
  "member.role.changed": "Role changed",
  "member.team.changed": "Team changed",
  "member.updated": "Member changed",
  "member.removed": "Member removed",
  "member.joined": "Member joined",
  "invitation.created": "Invitation sent",
  "invitation.revoked": "Invitation revoked",
  "workspace.updated": "Settings changed",
  "contact.personal_data.exported": "Personal data exported",
  "contact.personal_data.erased": "Contact erased",
  "api_key.created": "API key created",
  "api_key.revoked": "API key revoked",
};

/** "member.role.changed" -> "Role changed"; unknown actions read as their words. */
export function actionLabel(action: string): string {
  const known = ACTION_LABELS[action];
  if (known) return known;
  const words = action.split(".").join(" ").replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function actionColor(action: string): string {
  if (action.startsWith("contact.personal_data")) return "red";
  if (action === "record.archived" || action.endsWith(".removed") || action.endsWith(".revoked"))
    return "orange";
  if (action.startsWith("scoring.") || action.startsWith("sla.")) return "indigo";
  if (action.startsWith("member.") || action.startsWith("invitation.")) return "teal";
  if (action === "contact.stage.overridden") return "grape";
  return "gray";
}

export function auditExportUrl(filters: Record<string, QueryValue>): string {
  return `/api/audit/export.csv${toQueryString(filters)}`;
}

/** Saves the audit log's CSV for these filters (a file, not JSON: fetched apart from the typed client). */
export function downloadAuditCsv(filters: Record<string, QueryValue>): Promise<void> {
  return downloadFile(auditExportUrl(filters), { fallbackName: "audit-log.csv", accept: "text/csv" });
}
