// The joint approval of one version: who signed for sales and for marketing, who is still missing, the
// caller's own approve/withdraw, and activation (which rescores every contact) once both teams agreed.
import { Alert, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconCheck, IconPlayerPlay } from "@tabler/icons-react";
import { useState } from "react";
import type { ScoringVersion } from "../../../shared/scoring";
import { errorMessage } from "../../lib/api";
import { formatDateTime, formatNumber } from "../../lib/format";
import { leadsNeeded } from "../agreements/agreement";
import {
  type ApprovalAction,
  type ApprovalWords,
  JointApprovalPanel,
} from "../agreements/joint-approval-panel";
import { type Activation, useActivate, useApproval, useScoringPermissions } from "./scoring-api";
import { StatusBadge, teamLabel } from "./scoring-format";

const contacts = (n: number) => `${formatNumber(n)} ${n === 1 ? "contact" : "contacts"}`;
const becameMqls = (n: number) =>
  n === 0 ? "none newly became an MQL" : `${formatNumber(n)} became ${n === 1 ? "an MQL" : "MQLs"}`;

const WORDS: ApprovalWords = {
  section: "Approval",
  testId: "approval",
  doneBy: "Approved by",
  notDone: "Not approved",
  waiting: (team) => `Waiting for a ${team} lead`,
  sign: (team) => `Approve for ${teamLabel(team)}`,
  signIcon: <IconCheck size={16} />,
  withdraw: "Withdraw my approval",
  activate: "Activate",
  currentNow: "live now",
};

function describe(version: ScoringVersion): string {
  switch (version.status) {
    case "active":
      return `Live since ${formatDateTime(version.activatedAt)}${version.activatedByName ? `, activated by ${version.activatedByName}` : ""}. Sales and marketing both signed these rules.`;
    case "retired":
      return `Retired ${formatDateTime(version.retiredAt)}.`;
    case "approved":
      return "Both teams agreed. Activating makes it the lead definition everyone works with.";
    default:
      return "A version goes live only when a sales lead and a marketing lead have both approved it. Any edit clears the approvals.";
  }
}

export function ApprovalPanel({
  modelId,
  version,
  liveVersion,
  dirty,
}: {
  modelId: string;
  version: ScoringVersion;
  /** The model's live version number, if any (it retires on activation). */
  liveVersion: number | null;
  /** The editor has unsaved changes: approving would sign the saved rules, not what is on screen. */
  dirty: boolean;
}) {
  const { approvingTeam, canEdit, memberId, approveHint, editHint } = useScoringPermissions();
  const approval = useApproval(modelId, version.version);
  const activate = useActivate(modelId, version.version);
  const [result, setResult] = useState<Activation | null>(null);
  const teamDone = approvingTeam ? version.approvals.some((a) => a.team === approvingTeam) : false;

  const act = (action: ApprovalAction) =>
    approval.mutate(action, {
      onSuccess: (saved) =>
        notifications.show({
          color: "green",
          message:
            action === "withdraw"
              ? `Your approval of version ${saved.version} is withdrawn.`
              : saved.status === "approved"
                ? `Version ${saved.version} is approved by both teams. A lead can now make it live.`
                : `Approved for ${teamLabel(approvingTeam ?? "")}. Waiting for ${leadsNeeded(saved.missingApprovals)}.`,
        }),
      onError: (error) =>
        notifications.show({
          color: "red",
          title: action === "approve" ? "Not approved" : "Not withdrawn",
          message: errorMessage(error),
        }),
    });

  const doActivate = (close: () => void) =>
    activate.mutate(undefined, {
      onSuccess: (res) => {
        close();
        setResult(res);
        notifications.show({
          color: "green",
          title: `Version ${res.version.version} is live`,
          message: `${contacts(res.scored)} scored; ${becameMqls(res.crossed)}.`,
        });
      },
      onError: (error) =>
        notifications.show({ color: "red", title: "Not activated", message: errorMessage(error) }),
    });

  // Why the caller cannot approve, in one sentence.
  let approveBlock: string | null = null;
  if (!approvingTeam) approveBlock = approveHint;
  else if (dirty) approveBlock = "Save your changes first: an approval signs the saved rules";
  else if (version.status !== "draft") approveBlock = `Version ${version.version} is ${version.status}`;
  else if (teamDone) approveBlock = `The ${approvingTeam} team has already approved`;

  let activateBlock: string | null = null;
  if (!canEdit) activateBlock = editHint;
  else if (version.status === "draft")
    activateBlock = `Needs approval from ${leadsNeeded(version.missingApprovals)} first`;
  else if (version.status !== "approved") activateBlock = `Version ${version.version} is ${version.status}`;

  return (
    <JointApprovalPanel
      version={version}
      words={WORDS}
      badge={<StatusBadge status={version.status} data-testid="version-status" />}
      description={describe(version)}
      memberId={memberId}
      myTeam={approvingTeam}
      signHint={approveHint}
      signBlock={approveBlock}
      activateBlock={activateBlock}
      showActivateHint={canEdit}
      pending={approval.isPending ? (approval.variables ?? null) : activate.isPending ? "activate" : null}
      onAction={act}
      onActivate={doActivate}
      current={liveVersion}
      confirm={{
        title: `Make version ${version.version} live?`,
        button: "Activate and rescore",
        body: (
          <Text size="sm">
            Activating rescores every contact with version {version.version}'s rules right away. Scores,
            grades and MQLs across Lockstep change for both teams, and contacts that now meet the MQL
            condition become MQLs.
          </Text>
        ),
      }}
    >
      {result && result.version.version === version.version && (
        <Alert
          color="green"
          icon={<IconPlayerPlay size={18} />}
          title={`Version ${version.version} is live`}
          data-testid="activation-result"
          withCloseButton
          onClose={() => setResult(null)}
        >
          Every contact was rescored: {contacts(result.scored)} scored and {becameMqls(result.crossed)} under
          these rules.
        </Alert>
      )}
    </JointApprovalPanel>
  );
}
