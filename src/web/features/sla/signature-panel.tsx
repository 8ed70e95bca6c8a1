// The signatures of one SLA version: who signed for sales and for marketing, the caller's own sign/withdraw,
// and putting the version in force once both teams signed (with the reason while it cannot be).
import { Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconSignature } from "@tabler/icons-react";
import type { SlaVersion } from "../../../shared/sla";
import { errorMessage } from "../../lib/api";
import { formatDateTime } from "../../lib/format";
import { leadsNeeded } from "../agreements/agreement";
import { type ApprovalWords, JointApprovalPanel } from "../agreements/joint-approval-panel";
import { type SlaAction, useSlaAction, useSlaPermissions } from "./sla-api";
import { SlaStatusBadge } from "./sla-status";

const WORDS: ApprovalWords = {
  section: "Signatures",
  testId: "signature",
  doneBy: "Signed by",
  notDone: "Not signed",
  waiting: (team) => `Waiting for a ${team} lead to sign`,
  sign: (team) => `Sign for ${team}`,
  signIcon: <IconSignature size={16} />,
  withdraw: "Withdraw my signature",
  activate: "Put in force",
  currentNow: "in force now",
};

function describe(version: SlaVersion): string {
  switch (version.status) {
    case "active":
      return `In force since ${formatDateTime(version.activatedAt)}${version.activatedByName ? `, put in force by ${version.activatedByName}` : ""}.`;
    case "retired":
      return `Was in force from ${formatDateTime(version.activatedAt)} to ${formatDateTime(version.retiredAt)}.`;
    case "approved":
      return "Both teams signed. Putting it in force makes these the terms every new MQL is held to.";
    default:
      return "A version takes effect only when a sales lead and a marketing lead have both signed it. Any change to the terms clears the signatures.";
  }
}

export function SignaturePanel({
  version,
  activeVersion,
  dirty,
}: {
  version: SlaVersion;
  /** The version in force now, if any (it retires when this one takes effect). */
  activeVersion: number | null;
  /** The editor has unsaved changes: a signature would cover the saved terms, not what is on screen. */
  dirty: boolean;
}) {
  const { signingTeam, canEdit, memberId, signHint } = useSlaPermissions();
  const action = useSlaAction(version.version);
  const teamSigned = signingTeam ? version.approvals.some((a) => a.team === signingTeam) : false;

  const run = (kind: SlaAction, onDone?: () => void) =>
    action.mutate(kind, {
      onSuccess: (saved) => {
        onDone?.();
        notifications.show({
          color: "green",
          title:
            kind === "activate"
              ? `Version ${saved.version} is in force`
              : kind === "withdraw"
                ? "Signature withdrawn"
                : `Signed for ${signingTeam}`,
          message:
            kind === "activate"
              ? "New MQLs get their SLA clocks under these terms. Clocks already running keep the terms they started with."
              : kind === "withdraw"
                ? `Version ${saved.version} needs ${leadsNeeded(saved.missingApprovals)} to sign before it can take effect.`
                : saved.status === "approved"
                  ? `Both teams signed version ${saved.version}. A lead can now put it in force.`
                  : `Waiting for ${leadsNeeded(saved.missingApprovals)} to sign.`,
        });
      },
      onError: (error) =>
        notifications.show({
          color: "red",
          title:
            kind === "activate"
              ? "Not put in force"
              : kind === "withdraw"
                ? "Signature not withdrawn"
                : "Not signed",
          message: errorMessage(error),
        }),
    });

  // Why the caller cannot sign, in one sentence.
  let signBlock: string | null = null;
  if (!signingTeam) signBlock = signHint;
  else if (dirty) signBlock = "Save your changes first: a signature covers the saved terms";
  else if (teamSigned) signBlock = `The ${signingTeam} team has already signed`;

  // Why the version cannot be put in force yet.
  let activateBlock: string | null = null;
  if (version.status === "draft")
    activateBlock = `Needs the signature of ${leadsNeeded(version.missingApprovals)} first`;
  else if (!canEdit) activateBlock = "Only team leads and admins can put the SLA in force";
  else if (dirty) activateBlock = "Save or discard your changes first";

  return (
    <JointApprovalPanel
      version={version}
      words={WORDS}
      badge={<SlaStatusBadge status={version.status} data-testid="sla-version-status" />}
      description={describe(version)}
      memberId={memberId}
      myTeam={signingTeam}
      signHint={signHint}
      signBlock={signBlock}
      activateBlock={activateBlock}
      pending={action.isPending ? action.variables : null}
      onAction={run}
      onActivate={(close) => run("activate", close)}
      current={activeVersion}
      confirm={{
        title: `Put version ${version.version} in force?`,
        button: `Put version ${version.version} in force`,
        body: (
          <Text size="sm">
            From now on every new MQL gets its SLA clocks under version {version.version}'s terms, and the
            compliance reports hold both teams to them. Clocks already running keep the terms they started
            with.
          </Text>
        ),
      }}
    />
  );
}
