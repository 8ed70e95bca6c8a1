// The audit log (admins): words for its actions, and downloading the CSV export with the list's filters.
import { getWorkspaceId, type QueryValue, toQueryString } from "../../lib/api";

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

/** Fetches the CSV (with the workspace header) and hands it to the browser as a file; a plain fetch, not
 * the typed client, as the answer is a text/csv file, not JSON. */
export async function downloadAuditCsv(filters: Record<string, QueryValue>): Promise<void> {
  const headers: Record<string, string> = { Accept: "text/csv" };
  const workspaceId = getWorkspaceId();
  if (workspaceId) headers["X-Workspace-Id"] = workspaceId;
  const response = await fetch(auditExportUrl(filters), { credentials: "same-origin", headers });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `The export failed (${response.status}).`);
  }
  const name =
    /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? "audit-log.csv";
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
