// The cockpit's revenue-by-campaign tile: the month's won revenue credited to campaigns under the linear
// model, from the same report as Reports → Attribution (the tile links to it with the month's filters).
import { Group, Progress, Skeleton, Stack, Text } from "@mantine/core";
import { formatMoney, formatNumber } from "../../lib/format";
import { Figure, Tile } from "../cockpit/tile";
import { ErrorAlert } from "../common/query-states";
import { useAttribution } from "./attribution-api";

const TOP = 5;

export function RevenueByCampaignTile({ period }: { period: { from: string; to: string; label: string } }) {
  const query = { from: period.from, to: period.to };
  const report = useAttribution(query, {
    milestone: "closed_won",
    model: "linear",
    by: "campaign",
    lookbackDays: 90,
    halfLifeDays: 7,
  });
  const link = {
    to: `/reports/attribution?from=${period.from}&to=${period.to}&milestone=closed_won`,
    label: "Attribution",
  };
  return (
    <Tile title={`Revenue by campaign in ${period.label}`} link={link} testId="tile-revenue-by-campaign">
      {report.isPending ? (
        <Skeleton height={120} />
      ) : report.isError ? (
        <ErrorAlert error={report.error} onRetry={() => report.refetch()} />
      ) : report.data.milestones === 0 ? (
        <Text size="sm" c="dimmed">
          No deal won in {period.label} yet: nothing to credit.
        </Text>
      ) : (
        <Stack gap={6}>
          <Figure
            value={formatMoney(report.data.amount)}
            caption={`won in ${formatNumber(report.data.milestones)} deal${report.data.milestones === 1 ? "" : "s"}, credited to the campaigns that touched them (linear model, 90 days before the win)`}
            testId="cockpit-revenue-won"
          />
          {report.data.rows.slice(0, TOP).map((r) => (
            <Group key={`${r.kind}-${r.key}`} gap="sm" wrap="nowrap" data-testid="cockpit-revenue-campaign">
              <Text size="sm" w={180} truncate title={r.label}>
                {r.label}
              </Text>
              <Progress
                value={(r.credits.linear.amount / report.data.amount) * 100}
                size="lg"
                style={{ flex: 1 }}
                aria-hidden
                color={r.kind === "campaign" ? "teal" : "gray"}
              />
              <Text size="sm" fw={600} w={90} ta="right">
                {formatMoney(r.credits.linear.amount)}
              </Text>
            </Group>
          ))}
        </Stack>
      )}
    </Tile>
  );
}
