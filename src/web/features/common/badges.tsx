import { Badge, type BadgeProps } from "@mantine/core";
import {
  CAMPAIGN_STATUS_COLORS,
  CAMPAIGN_STATUS_LABELS,
  label,
  OPPORTUNITY_STAGE_LABELS,
  OUTCOME_COLORS,
  OUTCOME_LABELS,
  ROLE_LABELS,
  STAGE_COLORS,
  stageLabel,
  TEAM_COLORS,
  TEAM_LABELS,
} from "../../lib/format";

type Props = { value: string | null | undefined } & Omit<BadgeProps, "children" | "color">;

export function StageBadge({ value, ...props }: Props) {
  if (!value) return null;
  return (
    <Badge color={STAGE_COLORS[value] ?? "gray"} variant="light" {...props}>
      {stageLabel(value)}
    </Badge>
  );
}

export function TeamBadge({ value, ...props }: Props) {
  if (!value) return null;
  return (
    <Badge color={TEAM_COLORS[value] ?? "gray"} variant="light" {...props}>
      {label(TEAM_LABELS, value)}
    </Badge>
  );
}

export function RoleBadge({ value, ...props }: Props) {
  if (!value) return null;
  return (
    <Badge
      color={value === "admin" ? "dark" : value === "lead" ? "orange" : "gray"}
      variant="outline"
      {...props}
    >
      {label(ROLE_LABELS, value)}
    </Badge>
  );
}

export function OutcomeBadge({ value, ...props }: Props) {
  if (!value) return null;
  return (
    <Badge color={OUTCOME_COLORS[value] ?? "gray"} variant="light" {...props}>
      {label(OUTCOME_LABELS, value)}
    </Badge>
  );
}

export function OpportunityStageBadge({ value, ...props }: Props) {
  if (!value) return null;
  const color = value === "closed_won" ? "green" : value === "closed_lost" ? "red" : "blue";
  return (
    <Badge color={color} variant="outline" {...props}>
      {label(OPPORTUNITY_STAGE_LABELS, value)}
    </Badge>
  );
}

export function CampaignStatusBadge({ value, ...props }: Props) {
  if (!value) return null;
  return (
    <Badge color={CAMPAIGN_STATUS_COLORS[value] ?? "gray"} variant="light" {...props}>
      {label(CAMPAIGN_STATUS_LABELS, value)}
    </Badge>
  );
}

export function ArchivedBadge({ archivedAt }: { archivedAt: string | null }) {
  if (!archivedAt) return null;
  return (
    <Badge color="gray" variant="filled">
      Archived
    </Badge>
  );
}
