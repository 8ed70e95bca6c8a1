// Status badges and signature lines of SLA versions: who signed for sales and for marketing, and when.
import { Group, Text } from "@mantine/core";
import { IconCheck, IconClock } from "@tabler/icons-react";
import type { SlaVersion } from "../../../shared/sla";
import { formatDate, label, TEAM_LABELS } from "../../lib/format";
import {
  AgreementStatusBadge,
  type AgreementStatusBadgeProps,
  APPROVING_TEAMS,
  type StatusWords,
} from "../agreements/agreement";

const STATUS_LABELS: StatusWords = {
  draft: "Draft",
  approved: "Approved",
  active: "In force",
  retired: "Retired",
};
const STATUS_HINTS: StatusWords = {
  draft: "Being worked on; needs the signature of a sales lead and of a marketing lead",
  approved: "Signed by both teams; a lead can put it in force",
  active: "In force: every new MQL gets its clocks under these terms",
  retired: "No longer in force; kept as a record of what was agreed",
};

export function SlaStatusBadge(props: AgreementStatusBadgeProps) {
  return <AgreementStatusBadge labels={STATUS_LABELS} hints={STATUS_HINTS} {...props} />;
}

/** "signed by Sam Sales (sales) and Mia Marketing (marketing)" */
export function signedByText(version: SlaVersion): string {
  const names = APPROVING_TEAMS.flatMap((team) =>
    version.approvals.filter((a) => a.team === team).map((a) => `${a.name} (${team})`),
  );
  if (names.length === 0) return "not signed yet";
  return `signed by ${names.join(" and ")}`;
}

/** One line per team: a check and the signer, or a clock and who is still needed. */
export function SignatureChips({ version }: { version: SlaVersion }) {
  return (
    <Group gap={10}>
      {APPROVING_TEAMS.map((team) => {
        const a = version.approvals.find((x) => x.team === team);
        return (
          <Group
            key={team}
            gap={3}
            wrap="nowrap"
            title={
              a ? `Signed for ${team} by ${a.name} on ${formatDate(a.approvedAt)}` : `No ${team} signature`
            }
          >
            {a ? (
              <IconCheck size={13} color="var(--mantine-color-green-7)" aria-hidden />
            ) : (
              <IconClock size={13} color="var(--mantine-color-gray-5)" aria-hidden />
            )}
            <Text size="xs" c={a ? "green.8" : "dimmed"}>
              {label(TEAM_LABELS, team)}
              {a ? `: ${a.name}` : ""}
            </Text>
          </Group>
        );
      })}
    </Group>
  );
}
