// The signatures of one SLA version: who signed for sales and for marketing, the caller's own sign/withdraw,
// and putting the version in force once both teams signed (with the reason while it cannot be).
import {
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
import { IconCheck, IconClock, IconRocket, IconSignature, IconX } from "@tabler/icons-react";
import { useState } from "react";
import type { SlaVersion } from "../../../shared/sla";
import { errorMessage } from "../../lib/api";
import { formatDateTime } from "../../lib/format";
import { TEAM_NAMES } from "./calendar-text";
import { SIGNING_TEAMS, type SigningTeam, type SlaAction, useSlaAction, useSlaPermissions } from "./sla-api";
import { SlaStatusBadge } from "./sla-status";

const needed = (teams: string[]) => teams.map((t) => `a ${t} lead`).join(" and ");

function TeamSignature({ team, version }: { team: SigningTeam; version: SlaVersion }) {
  const signature = version.approvals.find((a) => a.team === team);
  return (
    <Paper withBorder p="sm" radius="md" data-testid={`signature-${team}`}>
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <ThemeIcon variant="light" color={signature ? "green" : "gray"} radius="xl" size="lg" aria-hidden>
          {signature ? <IconCheck size={18} /> : <IconClock size={18} />}
        </ThemeIcon>
        <div>
          <Text size="sm" fw={700}>
            {TEAM_NAMES[team]}
          </Text>
          {signature ? (
            <Text size="sm">
              Signed by {signature.name}
              <Text span c="dimmed" size="xs" display="block">
                {formatDateTime(signature.approvedAt)}
              </Text>
            </Text>
          ) : (
            <Text size="sm" c="dimmed">
              {version.status === "draft" ? `Waiting for a ${team} lead to sign` : "Not signed"}
            </Text>
          )}
        </div>
      </Group>
    </Paper>
  );
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
  const [confirming, setConfirming] = useState(false);

  const open = version.status === "draft" || version.status === "approved";
  const mine = version.approvals.find((a) => a.memberId === memberId);
  const teamSigned = signingTeam ? version.approvals.some((a) => a.team === signingTeam) : false;

  const run = (kind: SlaAction) =>
    action.mutate(kind, {
      onSuccess: (saved) => {
        setConfirming(false);
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
                ? `Version ${saved.version} needs ${needed(saved.missingApprovals)} to sign before it can take effect.`
                : saved.status === "approved"
                  ? `Both teams signed version ${saved.version}. A lead can now put it in force.`
                  : `Waiting for ${needed(saved.missingApprovals)} to sign.`,
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
    activateBlock = `Needs the signature of ${needed(version.missingApprovals)} first`;
  else if (!canEdit) activateBlock = "Only team leads and admins can put the SLA in force";
  else if (dirty) activateBlock = "Save or discard your changes first";

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label="Signatures">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="xs">
            <Title order={3} size="h4">
              Signatures of version {version.version}
            </Title>
            <SlaStatusBadge status={version.status} data-testid="sla-version-status" />
          </Group>
          {open && (
            <Group gap="xs">
              {signingTeam && !mine && (
                <Tooltip label={signBlock ?? ""} disabled={!signBlock}>
                  <span>
                    <Button
                      color="green"
                      leftSection={<IconSignature size={16} />}
                      disabled={Boolean(signBlock)}
                      loading={action.isPending && action.variables === "approve"}
                      onClick={() => run("approve")}
                    >
                      Sign for {signingTeam}
                    </Button>
                  </span>
                </Tooltip>
              )}
              {mine && (
                <Button
                  variant="default"
                  leftSection={<IconX size={16} />}
                  loading={action.isPending && action.variables === "withdraw"}
                  onClick={() => run("withdraw")}
                >
                  Withdraw my signature
                </Button>
              )}
              <Tooltip label={activateBlock ?? ""} disabled={!activateBlock} multiline w={260}>
                <span>
                  <Button
                    leftSection={<IconRocket size={16} />}
                    disabled={Boolean(activateBlock)}
                    onClick={() => setConfirming(true)}
                  >
                    Put in force
                  </Button>
                </span>
              </Tooltip>
            </Group>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {version.status === "active"
            ? `In force since ${formatDateTime(version.activatedAt)}${version.activatedByName ? `, put in force by ${version.activatedByName}` : ""}.`
            : version.status === "retired"
              ? `Was in force from ${formatDateTime(version.activatedAt)} to ${formatDateTime(version.retiredAt)}.`
              : version.status === "approved"
                ? "Both teams signed. Putting it in force makes these the terms every new MQL is held to."
                : "A version takes effect only when a sales lead and a marketing lead have both signed it. Any change to the terms clears the signatures."}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {SIGNING_TEAMS.map((team) => (
            <TeamSignature key={team} team={team} version={version} />
          ))}
        </SimpleGrid>
        {open && activateBlock && (
          <Text size="sm" c="dimmed" data-testid="activate-hint">
            Put in force: {activateBlock.charAt(0).toLowerCase() + activateBlock.slice(1)}.
          </Text>
        )}
        {open && !signingTeam && (
          <Text size="sm" c="dimmed">
            {signHint}.
          </Text>
        )}
      </Stack>
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={`Put version ${version.version} in force?`}
        centered
      >
        <Stack gap="sm">
          <Text size="sm">
            From now on every new MQL gets its SLA clocks under version {version.version}'s terms, and the
            compliance reports hold both teams to them. Clocks already running keep the terms they started
            with.
          </Text>
          {activeVersion !== null && activeVersion !== version.version && (
            <Text size="sm">Version {activeVersion}, in force now, retires and stays in the history.</Text>
          )}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button
              leftSection={<IconRocket size={16} />}
              onClick={() => run("activate")}
              loading={action.isPending && action.variables === "activate"}
            >
              Put version {version.version} in force
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
