// The joint approval of one version of an agreement (a scoring model, the SLA): who signed for sales and for
// marketing, the caller's own sign/withdraw, and putting the version into effect, behind a confirmation, once
// both teams signed. The feature brings its words, the reasons an action is blocked, and what happens after.
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
import { IconCheck, IconClock, IconRocket, IconX } from "@tabler/icons-react";
import { type ReactNode, useState } from "react";
import { formatDateTime, label, TEAM_LABELS } from "../../lib/format";
import { type AgreementStatus, APPROVING_TEAMS, type ApprovingTeam } from "./agreement";

export interface JointVersion {
  version: number;
  status: AgreementStatus;
  approvals: { memberId: string; name: string; team: string; approvedAt: string }[];
}

/** What differs in words: the SLA is signed and put in force, a scoring model approved and activated. */
export interface ApprovalWords {
  /** The section's name ("Signatures"), also its title: "Signatures of version 2". */
  section: string;
  /** The team cards' test ids: "signature" -> "signature-sales". */
  testId: string;
  /** "Signed by" a name; "Not signed" when the version left draft without it. */
  doneBy: string;
  notDone: string;
  waiting: (team: ApprovingTeam) => string;
  sign: (team: ApprovingTeam) => string;
  signIcon: ReactNode;
  withdraw: string;
  activate: string;
  /** The version in effect now, in the confirmation: "Version 1, in force now, retires…". */
  currentNow: string;
}

export type ApprovalAction = "approve" | "withdraw";

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

function TeamCard({
  team,
  version,
  words,
}: {
  team: ApprovingTeam;
  version: JointVersion;
  words: ApprovalWords;
}) {
  const approval = version.approvals.find((a) => a.team === team);
  return (
    <Paper withBorder p="sm" radius="md" data-testid={`${words.testId}-${team}`}>
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <ThemeIcon variant="light" color={approval ? "green" : "gray"} radius="xl" size="lg" aria-hidden>
          {approval ? <IconCheck size={18} /> : <IconClock size={18} />}
        </ThemeIcon>
        <div>
          <Text size="sm" fw={700}>
            {label(TEAM_LABELS, team)}
          </Text>
          {approval ? (
            <Text size="sm">
              {words.doneBy} {approval.name}
              <Text span c="dimmed" size="xs" display="block">
                {formatDateTime(approval.approvedAt)}
              </Text>
            </Text>
          ) : (
            <Text size="sm" c="dimmed">
              {version.status === "draft" ? words.waiting(team) : words.notDone}
            </Text>
          )}
        </div>
      </Group>
    </Paper>
  );
}

export function JointApprovalPanel({
  version,
  words,
  badge,
  description,
  memberId,
  myTeam,
  signHint,
  signBlock,
  activateBlock,
  showActivateHint = true,
  pending,
  onAction,
  onActivate,
  current,
  confirm,
  children,
}: {
  version: JointVersion;
  words: ApprovalWords;
  /** The version's status badge. */
  badge: ReactNode;
  /** Where the version stands, in a sentence. */
  description: string;
  memberId: string;
  /** The team the caller signs for, if they may sign at all (else `signHint` says who may). */
  myTeam: ApprovingTeam | null;
  signHint: string;
  /** Why the caller cannot sign now, or null. */
  signBlock: string | null;
  /** Why the version cannot be put into effect now, or null. */
  activateBlock: string | null;
  /** Say under the signatures why it cannot be put into effect (default: yes). */
  showActivateHint?: boolean;
  /** The action under way. */
  pending: ApprovalAction | "activate" | null;
  onAction: (action: ApprovalAction) => void;
  /** Confirmed: put the version into effect, and call `close` once it is. */
  onActivate: (close: () => void) => void;
  /** The version in effect now, if any (it retires when this one takes effect). */
  current: number | null;
  confirm: { title: string; body: ReactNode; button: string };
  /** Shown under the signatures (e.g. what activation did). */
  children?: ReactNode;
}) {
  const [confirming, setConfirming] = useState(false);
  const open = version.status === "draft" || version.status === "approved";
  const mine = version.approvals.some((a) => a.memberId === memberId);

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={words.section}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="xs">
            <Title order={3} size="h4">
              {words.section} of version {version.version}
            </Title>
            {badge}
          </Group>
          {open && (
            <Group gap="xs">
              {myTeam && !mine && (
                <Tooltip label={signBlock ?? ""} disabled={!signBlock}>
                  <span>
                    <Button
                      color="green"
                      leftSection={words.signIcon}
                      disabled={Boolean(signBlock)}
                      loading={pending === "approve"}
                      onClick={() => onAction("approve")}
                    >
                      {words.sign(myTeam)}
                    </Button>
                  </span>
                </Tooltip>
              )}
              {mine && (
                <Button
                  variant="default"
                  leftSection={<IconX size={16} />}
                  loading={pending === "withdraw"}
                  onClick={() => onAction("withdraw")}
                >
                  {words.withdraw}
                </Button>
              )}
              <Tooltip label={activateBlock ?? ""} disabled={!activateBlock} multiline w={260}>
                <span>
                  <Button
                    leftSection={<IconRocket size={16} />}
                    disabled={Boolean(activateBlock)}
                    onClick={() => setConfirming(true)}
                  >
                    {words.activate}
                  </Button>
                </span>
              </Tooltip>
            </Group>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {description}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {APPROVING_TEAMS.map((team) => (
            <TeamCard key={team} team={team} version={version} words={words} />
          ))}
        </SimpleGrid>
        {open && activateBlock && showActivateHint && (
          <Text size="sm" c="dimmed" data-testid="activate-hint">
            {words.activate}: {lowerFirst(activateBlock)}.
          </Text>
        )}
        {open && !myTeam && (
          <Text size="sm" c="dimmed">
            {signHint}.
          </Text>
        )}
        {children}
      </Stack>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={confirm.title} centered>
        <Stack gap="sm">
          {confirm.body}
          {current !== null && current !== version.version && (
            <Text size="sm">
              Version {current}, {words.currentNow}, retires and stays in the history.
            </Text>
          )}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button
              leftSection={<IconRocket size={16} />}
              onClick={() => onActivate(() => setConfirming(false))}
              loading={pending === "activate"}
            >
              {confirm.button}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
