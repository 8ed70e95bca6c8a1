// What scoring models and the SLA have in common: both are agreements between sales and marketing whose
// versions go draft -> approved (a sales lead and a marketing lead signed) -> active -> retired. Each feature
// names the statuses its own way ("Live" for a model, "In force" for the SLA); the colours are shared.
import { Badge, type BadgeProps } from "@mantine/core";

import { type AgreementStatus, SIGNING_TEAMS, type SigningTeam } from "../../../shared/agreements";

export type { AgreementStatus };
export type StatusWords = Record<AgreementStatus, string>;

export const APPROVING_TEAMS = SIGNING_TEAMS;
export type ApprovingTeam = SigningTeam;

const STATUS_COLORS: Record<AgreementStatus, string> = {
  draft: "gray",
  approved: "blue",
  active: "green",
  retired: "dark",
};

export type AgreementStatusBadgeProps = { status: AgreementStatus } & Omit<BadgeProps, "children" | "color">;

export function AgreementStatusBadge({
  status,
  labels,
  hints,
  ...props
}: AgreementStatusBadgeProps & { labels: StatusWords; hints: StatusWords }) {
  return (
    <Badge
      color={STATUS_COLORS[status]}
      variant={status === "retired" ? "outline" : "light"}
      title={hints[status]}
      {...props}
    >
      {labels[status]}
    </Badge>
  );
}

/** ["sales", "marketing"] -> "a sales lead and a marketing lead" */
export const leadsNeeded = (teams: readonly string[]) => teams.map((t) => `a ${t} lead`).join(" and ");
