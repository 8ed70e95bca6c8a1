// Status badges and signature lines of SLA versions: who signed for sales and for marketing, and when.
import { Badge, type BadgeProps, Group, Text } from "@mantine/core";
import { IconCheck, IconClock } from "@tabler/icons-react";
import type { SlaStatus, SlaVersion } from "../../../shared/sla";
import { formatDate } from "../../lib/format";
import { STATUS_COLORS, STATUS_HINTS, STATUS_LABELS, TEAM_NAMES } from "./calendar-text";
import { SIGNING_TEAMS } from "./sla-api";

export function SlaStatusBadge({
  status,
  ...props
}: { status: SlaStatus } & Omit<BadgeProps, "children" | "color">) {
  return (
    <Badge
      color={STATUS_COLORS[status]}
      variant={status === "retired" ? "outline" : "light"}
      title={STATUS_HINTS[status]}
      {...props}
    >
      {STATUS_LABELS[status]}
    </Badge>
  );
}

/** "signed by Sam Sales (sales) and Mia Marketing (marketing)" */
export function signedByText(version: SlaVersion): string {
  const names = SIGNING_TEAMS.flatMap((team) =>
    version.approvals.filter((a) => a.team === team).map((a) => `${a.name} (${team})`),
  );
  if (names.length === 0) return "not signed yet";
  return `signed by ${names.join(" and ")}`;
}

/** One line per team: a check and the signer, or a clock and who is still needed. */
export function SignatureChips({ version }: { version: SlaVersion }) {
  return (
    <Group gap={10}>
      {SIGNING_TEAMS.map((team) => {
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
              {TEAM_NAMES[team]}
              {a ? `: ${a.name}` : ""}
            </Text>
          </Group>
        );
      })}
    </Group>
  );
}
