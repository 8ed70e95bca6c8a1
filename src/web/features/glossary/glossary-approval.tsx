// The approvals of one glossary draft: who approved for sales and for marketing, the caller's own approve /
// withdraw; the second approval puts the version in force (the activate button serves a version already signed).
import { Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconChecks } from "@tabler/icons-react";
import type { GlossaryVersion } from "../../../shared/glossary";
import { errorMessage } from "../../lib/api";
import { formatDateTime } from "../../lib/format";
import {
  AgreementStatusBadge,
  type AgreementStatusBadgeProps,
  leadsNeeded,
  type StatusWords,
} from "../agreements/agreement";
import { type ApprovalWords, JointApprovalPanel } from "../agreements/joint-approval-panel";
import { type GlossaryAction, useGlossaryAction, useGlossaryPermissions } from "./glossary-api";

const STATUS_LABELS: StatusWords = {
  draft: "Draft",
  approved: "Approved",
  active: "In force",
  retired: "Retired",
};
const STATUS_HINTS: StatusWords = {
  draft: "Proposed; needs the approval of a sales lead and of a marketing lead",
  approved: "Approved by both teams; a lead can put it in force",
  active: "In force: these are the definitions both teams use",
  retired: "No longer in force; kept as a record of what was agreed",
};

export function GlossaryStatusBadge(props: AgreementStatusBadgeProps) {
  return <AgreementStatusBadge labels={STATUS_LABELS} hints={STATUS_HINTS} {...props} />;
}

const WORDS: ApprovalWords = {
  section: "Approvals",
  testId: "glossary-approval",
  doneBy: "Approved by",
  notDone: "Not approved",
  waiting: (team) => `Waiting for a ${team} lead to approve`,
  sign: (team) => `Approve for ${team}`,
  signIcon: <IconChecks size={16} />,
  withdraw: "Withdraw my approval",
  activate: "Put in force",
  currentNow: "in force now",
};

function describe(version: GlossaryVersion): string {
  switch (version.status) {
    case "active":
      return `In force since ${formatDateTime(version.activatedAt)}.`;
    case "retired":
      return `Was in force from ${formatDateTime(version.activatedAt)} to ${formatDateTime(version.retiredAt)}.`;
    case "approved":
      return "Both teams approved it; putting it in force makes these the definitions everyone sees.";
    default:
      return "Anyone may change this draft; a change clears the approvals. When a sales lead and a marketing lead have both approved it, it goes into force at once.";
  }
}

export function GlossaryApproval({
  version,
  activeVersion,
  dirty,
}: {
  version: GlossaryVersion;
  activeVersion: number | null;
  /** The editor has unsaved changes: an approval would cover the saved terms, not what is on screen. */
  dirty: boolean;
}) {
  const { signingTeam, memberId, signHint } = useGlossaryPermissions();
  const action = useGlossaryAction(version.version);
  const teamSigned = signingTeam ? version.approvals.some((a) => a.team === signingTeam) : false;

  const run = (kind: GlossaryAction, onDone?: () => void) =>
    action.mutate(kind, {
      onSuccess: (saved) => {
        onDone?.();
        notifications.show({
          color: "green",
          title:
            saved.status === "active"
              ? `Version ${saved.version} of the glossary is in force`
              : kind === "withdraw"
                ? "Approval withdrawn"
                : `Approved for ${signingTeam}`,
          message:
            saved.status === "active"
              ? "Every linked term in Lockstep now shows these definitions."
              : `Waiting for ${leadsNeeded(saved.missingApprovals)} to approve.`,
        });
      },
      onError: (error) =>
        notifications.show({
          color: "red",
          title:
            kind === "withdraw"
              ? "Approval not withdrawn"
              : kind === "activate"
                ? "Not put in force"
                : "Not approved",
          message: errorMessage(error),
        }),
    });

  let signBlock: string | null = null;
  if (!signingTeam) signBlock = signHint;
  else if (dirty) signBlock = "Save your changes first: an approval covers the saved terms";
  else if (teamSigned) signBlock = `The ${signingTeam} team has already approved`;

  let activateBlock: string | null = null;
  if (version.status === "draft")
    activateBlock = `Needs the approval of ${leadsNeeded(version.missingApprovals)} first`;
  else if (!signingTeam)
    activateBlock = "Only a sales lead or a marketing lead can put the glossary in force";

  return (
    <JointApprovalPanel
      version={version}
      words={WORDS}
      badge={<GlossaryStatusBadge status={version.status} data-testid="glossary-version-status" />}
      description={describe(version)}
      memberId={memberId}
      myTeam={signingTeam}
      signHint={signHint}
      signBlock={signBlock}
      activateBlock={activateBlock}
      showActivateHint={false}
      pending={action.isPending ? action.variables : null}
      onAction={run}
      onActivate={(close) => run("activate", close)}
      current={activeVersion}
      confirm={{
        title: `Put version ${version.version} of the glossary in force?`,
        button: `Put version ${version.version} in force`,
        body: <Text size="sm">Every linked term in Lockstep shows these definitions from now on.</Text>,
      }}
    />
  );
}
