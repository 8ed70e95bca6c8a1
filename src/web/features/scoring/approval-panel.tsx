// The joint approval of one version: who signed for sales and for marketing, who is still missing, the
// caller's own approve/withdraw, and activation (which rescores every contact) once both teams agreed.
import {
  Alert,
  Button,
  Group,
  Modal,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  ThemeIcon,
  Title,
  Tooltip,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconCheck, IconClock, IconPlayerPlay, IconRocket, IconX } from "@tabler/icons-react";
import { useState } from "react";
import type { ScoringVersion } from "../../../shared/scoring";
import { errorMessage } from "../../lib/api";
import { formatDateTime, formatNumber } from "../../lib/format";
import { type Activation, useActivate, useApproval, useScoringPermissions } from "./scoring-api";
import { APPROVING_TEAMS, type ApprovingTeam, StatusBadge, teamLabel } from "./scoring-format";

const contacts = (n: number) => `${formatNumber(n)} ${n === 1 ? "contact" : "contacts"}`;
const becameMqls = (n: number) =>
  n === 0 ? "none newly became an MQL" : `${formatNumber(n)} became ${n === 1 ? "an MQL" : "MQLs"}`;

function TeamApproval({ team, version }: { team: ApprovingTeam; version: ScoringVersion }) {
  const approval = version.approvals.find((a) => a.team === team);
  return (
    <Paper withBorder p="sm" radius="md" data-testid={`approval-${team}`}>
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <ThemeIcon variant="light" color={approval ? "green" : "gray"} radius="xl" size="lg" aria-hidden>
          {approval ? <IconCheck size={18} /> : <IconClock size={18} />}
        </ThemeIcon>
        <div>
          <Text size="sm" fw={700}>
            {teamLabel(team)}
          </Text>
          {approval ? (
            <Text size="sm">
              Approved by {approval.name}
              <Text span c="dimmed" size="xs" display="block">
                {formatDateTime(approval.approvedAt)}
              </Text>
            </Text>
          ) : (
            <Text size="sm" c="dimmed">
              {version.status === "draft" ? `Waiting for a ${team} lead` : "Not approved"}
            </Text>
          )}
        </div>
      </Group>
    </Paper>
  );
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
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<Activation | null>(null);

  const open = version.status === "draft" || version.status === "approved";
  const mine = version.approvals.find((a) => a.memberId === memberId);
  const teamDone = approvingTeam ? version.approvals.some((a) => a.team === approvingTeam) : false;

  const act = (action: "approve" | "withdraw") =>
    approval.mutate(action, {
      onSuccess: (saved) =>
        notifications.show({
          color: "green",
          message:
            action === "withdraw"
              ? `Your approval of version ${saved.version} is withdrawn.`
              : saved.status === "approved"
                ? `Version ${saved.version} is approved by both teams. A lead can now make it live.`
                : `Approved for ${teamLabel(approvingTeam ?? "")}. Waiting for ${saved.missingApprovals.map((t) => `a ${t} lead`).join(" and ")}.`,
        }),
      onError: (error) =>
        notifications.show({
          color: "red",
          title: action === "approve" ? "Not approved" : "Not withdrawn",
          message: errorMessage(error),
        }),
    });

  const doActivate = () =>
    activate.mutate(undefined, {
      onSuccess: (res) => {
        setConfirming(false);
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
    activateBlock = `Needs approval from ${version.missingApprovals.map((t) => `a ${t} lead`).join(" and ")} first`;
  else if (version.status !== "approved") activateBlock = `Version ${version.version} is ${version.status}`;

  const approveButton = approvingTeam && open && !mine && (
    <Tooltip label={approveBlock ?? ""} disabled={!approveBlock}>
      <span>
        <Button
          leftSection={<IconCheck size={16} />}
          color="green"
          disabled={Boolean(approveBlock)}
          loading={approval.isPending && approval.variables === "approve"}
          onClick={() => act("approve")}
        >
          Approve for {teamLabel(approvingTeam)}
        </Button>
      </span>
    </Tooltip>
  );

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label="Approval">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="xs">
            <Title order={3} size="h4">
              Approval of version {version.version}
            </Title>
            <StatusBadge status={version.status} data-testid="version-status" />
          </Group>
          <Group gap="xs">
            {approveButton}
            {mine && open && (
              <Button
                variant="default"
                leftSection={<IconX size={16} />}
                loading={approval.isPending && approval.variables === "withdraw"}
                onClick={() => act("withdraw")}
              >
                Withdraw my approval
              </Button>
            )}
            {open && (
              <Tooltip label={activateBlock ?? ""} disabled={!activateBlock} multiline w={260}>
                <span>
                  <Button
                    leftSection={<IconRocket size={16} />}
                    disabled={Boolean(activateBlock)}
                    onClick={() => setConfirming(true)}
                  >
                    Activate
                  </Button>
                </span>
              </Tooltip>
            )}
          </Group>
        </Group>
        <Text size="sm" c="dimmed">
          {version.status === "active"
            ? `Live since ${formatDateTime(version.activatedAt)}${version.activatedByName ? `, activated by ${version.activatedByName}` : ""}. Sales and marketing both signed these rules.`
            : version.status === "retired"
              ? `Retired ${formatDateTime(version.retiredAt)}.`
              : version.status === "approved"
                ? "Both teams agreed. Activating makes it the lead definition everyone works with."
                : "A version goes live only when a sales lead and a marketing lead have both approved it. Any edit clears the approvals."}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {APPROVING_TEAMS.map((team) => (
            <TeamApproval key={team} team={team} version={version} />
          ))}
        </SimpleGrid>
        {open && activateBlock && canEdit && (
          <Text size="sm" c="dimmed" data-testid="activate-hint">
            Activate: {activateBlock.charAt(0).toLowerCase() + activateBlock.slice(1)}.
          </Text>
        )}
        {open && approvingTeam === null && (
          <Text size="sm" c="dimmed">
            {approveHint}.
          </Text>
        )}
        {result && result.version.version === version.version && (
          <Alert
            color="green"
            icon={<IconPlayerPlay size={18} />}
            title={`Version ${version.version} is live`}
            data-testid="activation-result"
            withCloseButton
            onClose={() => setResult(null)}
          >
            Every contact was rescored: {contacts(result.scored)} scored and {becameMqls(result.crossed)}{" "}
            under these rules.
          </Alert>
        )}
      </Stack>
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={`Make version ${version.version} live?`}
        centered
      >
        <Stack gap="sm">
          <Text size="sm">
            Activating rescores every contact with version {version.version}'s rules right away. Scores,
            grades and MQLs across Lockstep change for both teams, and contacts that now meet the MQL
            condition become MQLs.
          </Text>
          {liveVersion !== null && liveVersion !== version.version && (
            <Text size="sm">Version {liveVersion}, live now, retires and stays in the history.</Text>
          )}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button leftSection={<IconRocket size={16} />} onClick={doActivate} loading={activate.isPending}>
              Activate and rescore
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
