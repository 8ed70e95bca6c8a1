// Joint approval, the pattern behind every agreement between the two teams (scoring models, the SLA,
// changes to a target-account list, the glossary): a
// version takes effect only once a sales lead and a marketing lead have both signed it; a change clears the
// signatures (they stay on record, with why); a signer can take theirs back. The approval tables share one
// shape (version_id, member_id, team, approved_at, cleared_at, cleared_reason).
import { sql } from "drizzle-orm";
import { SIGNING_TEAMS, type SigningTeam } from "../../shared/agreements.js";
import { type Db, queryRows } from "../db/client.js";
import type { Caller } from "./access.js";
import { conflict, forbidden } from "./errors.js";
import { newId } from "./ids.js";

export { SIGNING_TEAMS, type SigningTeam };

export type ApprovalTable =
  | "scoring_approvals"
  | "sla_approvals"
  | "target_list_approvals"
  | "glossary_approvals";
const VERSIONS: Record<ApprovalTable, string> = {
  scoring_approvals: "scoring_model_versions",
  sla_approvals: "sla_versions",
  target_list_approvals: "target_list_changes",
  glossary_approvals: "glossary_versions",
};

/**
 * Locks the version row for the rest of the transaction and returns its status: signing, withdrawing and
 * editing one version then happen one after the other (two leads signing at once both count).
 */
async function lockVersion(db: Db, table: ApprovalTable, workspaceId: string, versionId: string) {
  const [row] = await queryRows<{ status: string }>(
    db,
    sql`select status from ${sql.raw(VERSIONS[table])} where workspace_id = ${workspaceId} and id = ${versionId}
        for update`,
  );
  return row?.status;
}

/** The team the caller signs for; 403 for anyone but a lead (or admin) of the sales or marketing team. */
export function signingTeam(caller: Caller, what: string): SigningTeam {
  if (caller.apiKey) throw forbidden(`Signatures belong to people: sign in to approve ${what}`);
  const team = caller.team;
  if (team !== "sales" && team !== "marketing")
    throw forbidden(`Only a lead of the sales team or of the marketing team can approve ${what}`);
  if (caller.role !== "lead" && caller.role !== "admin")
    throw forbidden(`Only a lead of the ${team} team can approve ${what} for ${team}`);
  return team;
}

/** The teams whose signature a version still lacks. */
export function missingTeams(signatures: { team: string }[]): SigningTeam[] {
  return SIGNING_TEAMS.filter((team) => !signatures.some((s) => s.team === team));
}

const isSigningTeam = (team: string): team is SigningTeam =>
  (SIGNING_TEAMS as readonly string[]).includes(team);

/** A version's signatures and the teams still to sign, in the shape every agreement answers. */
export function signaturesOf(
  status: string,
  signatures: { memberId: string; team: string; approvedAt: Date }[],
  nameOf: (memberId: string) => string | undefined,
) {
  return {
    approvals: signatures.flatMap(({ memberId, team, approvedAt }) =>
      isSigningTeam(team)
        ? [
            {
              memberId,
              name: nameOf(memberId) ?? "former member",
              team,
              approvedAt: approvedAt.toISOString(),
            },
          ]
        : [],
    ),
    missingApprovals: status === "draft" ? missingTeams(signatures) : [],
  };
}

/** Adds the caller's signature for their team; returns true when both teams have now signed. */
export async function sign(
  db: Db,
  table: ApprovalTable,
  caller: Caller,
  versionId: string,
  label: string,
): Promise<boolean> {
  const team = signingTeam(caller, label);
  const status = await lockVersion(db, table, caller.workspaceId, versionId);
  if (status !== "draft") throw conflict(`${label} is ${status}; only drafts are approved`, "status");
  const current = await queryRows<{ team: string }>(
    db,
    sql`select team from ${sql.raw(table)} where workspace_id = ${caller.workspaceId} and version_id = ${versionId}
          and cleared_at is null`,
  );
  if (current.some((a) => a.team === team)) throw conflict(`The ${team} team has already approved ${label}`);
  await db.execute(sql`insert into ${sql.raw(table)} (workspace_id, id, version_id, member_id, team, approved_at)
    values (${caller.workspaceId}, ${newId()}, ${versionId}, ${caller.memberId}, ${team}, now())`);
  return missingTeams([...current, { team }]).length === 0;
}

/** Takes the caller's signature back (409 when they have not signed). */
export async function withdrawSignature(
  db: Db,
  table: ApprovalTable,
  caller: Caller,
  versionId: string,
  label: string,
) {
  await lockVersion(db, table, caller.workspaceId, versionId);
  const cleared = await queryRows<{ id: string }>(
    db,
    sql`update ${sql.raw(table)} set cleared_at = now(), cleared_reason = 'withdrawn'
        where workspace_id = ${caller.workspaceId} and version_id = ${versionId} and member_id = ${caller.memberId}
          and cleared_at is null
        returning id`,
  );
  if (cleared.length === 0) throw conflict(`You have not approved ${label}`);
}

/** A change to the version: every signature so far is cleared (and kept, with the reason). */
export async function clearSignatures(
  db: Db,
  table: ApprovalTable,
  workspaceId: string,
  versionId: string,
  reason: string,
) {
  await lockVersion(db, table, workspaceId, versionId);
  await db.execute(sql`update ${sql.raw(table)} set cleared_at = now(), cleared_reason = ${reason}
    where workspace_id = ${workspaceId} and version_id = ${versionId} and cleared_at is null`);
}
