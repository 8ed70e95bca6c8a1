// The pieces of the Lead feedback page: totals, the acceptance-rate chart and the table with reasons.
import { BarChart } from "@mantine/charts";
import { Anchor, Badge, Group, Progress, SimpleGrid, Table, Text } from "@mantine/core";
import { Link } from "react-router";
import { formatNumber, sourceLabel } from "../../lib/format";
import { Stat } from "../common/detail";
import { formatPercent } from "../scoring/scoring-format";
import type { DecisionSummaryItem } from "./feedback-api";

function itemLabel(item: DecisionSummaryItem, by: "campaign" | "source"): string {
  return by === "source" && item.key ? sourceLabel(item.label) : item.label;
}

export function FeedbackTotals({ items }: { items: DecisionSummaryItem[] }) {
  const accepted = items.reduce((n, i) => n + i.accepted, 0);
  const rejected = items.reduce((n, i) => n + i.rejected, 0);
  const reasons = new Map<string, number>();
  for (const item of items)
    for (const r of item.reasons) reasons.set(r.label, (reasons.get(r.label) ?? 0) + r.count);
  const top = [...reasons.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  const total = accepted + rejected;
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
      <Stat
        label="MQLs decided"
        value={formatNumber(total)}
        hint="Accepted or rejected by sales"
        testId="feedback-total-decided"
      />
      <Stat label="Accepted" value={formatNumber(accepted)} hint="Became sales-accepted leads (SAL)" />
      <Stat label="Rejected" value={formatNumber(rejected)} hint="Back to nurture or disqualified" />
      <Stat
        label="Acceptance rate"
        value={total ? formatPercent(accepted / total) : "—"}
        hint={top ? `Most common reject reason: ${top[0]} (${top[1]})` : "No rejections"}
      />
    </SimpleGrid>
  );
}

export function AcceptanceChart({ items, noun }: { items: DecisionSummaryItem[]; noun: string }) {
  const data = items
    .filter((i) => i.acceptanceRate !== null)
    .map((i) => ({
      label: i.key && noun === "source" ? sourceLabel(i.label) : i.label,
      rate: Math.round((i.acceptanceRate ?? 0) * 1000) / 10,
    }));
  return (
    <BarChart
      h={Math.max(160, data.length * 44 + 60)}
      data={data}
      dataKey="label"
      orientation="vertical"
      series={[{ name: "rate", label: "Acceptance rate", color: "teal.6" }]}
      valueFormatter={(value) => `${value}%`}
      xAxisProps={{ domain: [0, 100] }}
      yAxisProps={{ width: 140 }}
      gridAxis="x"
      withBarValueLabel
      maxBarWidth={28}
      aria-label={`Acceptance rate per ${noun}`}
    />
  );
}

export function FeedbackTable({ items, by }: { items: DecisionSummaryItem[]; by: "campaign" | "source" }) {
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped verticalSpacing="xs" aria-label={`Sales decisions per ${by}`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{by === "campaign" ? "Campaign" : "Source"}</Table.Th>
            <Table.Th ta="right">Accepted</Table.Th>
            <Table.Th ta="right">Rejected</Table.Th>
            <Table.Th>Acceptance rate</Table.Th>
            <Table.Th>Reject reasons</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => (
            <Table.Tr key={item.key ?? "none"} data-testid="feedback-row">
              <Table.Td>
                {by === "campaign" && item.key ? (
                  <Anchor component={Link} to={`/campaigns/${item.key}`} size="sm" fw={600}>
                    {item.label}
                  </Anchor>
                ) : (
                  <Text size="sm" fw={600} c={item.key ? undefined : "dimmed"}>
                    {itemLabel(item, by)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right" data-testid="feedback-accepted">
                {formatNumber(item.accepted)}
              </Table.Td>
              <Table.Td ta="right" data-testid="feedback-rejected">
                {formatNumber(item.rejected)}
              </Table.Td>
              <Table.Td miw={130}>
                <Text size="sm" fw={600} data-testid="feedback-rate">
                  {item.acceptanceRate === null ? "—" : formatPercent(item.acceptanceRate)}
                </Text>
                <Progress value={(item.acceptanceRate ?? 0) * 100} color="teal" size="sm" aria-hidden />
              </Table.Td>
              <Table.Td>
                {item.reasons.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    None
                  </Text>
                ) : (
                  <Group gap={4} wrap="wrap">
                    {item.reasons.map((r) => (
                      <Badge key={r.reason} variant="light" color="red" tt="none">
                        {r.label} · {r.count}
                      </Badge>
                    ))}
                  </Group>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
