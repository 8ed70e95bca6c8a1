// How the live version spreads over contacts: a histogram of combined scores and the grade matrix
// (fit A-D by engagement 1-4), so both teams see where the MQL line cuts.
import { BarChart } from "@mantine/charts";
import { Anchor, Group, Paper, SimpleGrid, Stack, Table, Text, Title, Tooltip } from "@mantine/core";
import { IconChartBar } from "@tabler/icons-react";
import { Link } from "react-router";
import { formatNumber } from "../../lib/format";
import { Stat } from "../common/detail";
import { EmptyBlock, ErrorAlert, TableSkeleton } from "../common/query-states";
import { useDistribution } from "./scoring-api";
import { ENGAGEMENT_GRADES, FIT_GRADES, formatPercent, gradeMeaning } from "./scoring-format";

const FIT_ROW_LABELS: Record<string, string> = {
  A: "A · best fit",
  B: "B · good fit",
  C: "C · some fit",
  D: "D · poor fit",
};
const ENGAGEMENT_COLUMN_LABELS: Record<string, string> = {
  "1": "1 · highly engaged",
  "2": "2 · engaged",
  "3": "3 · a little",
  "4": "4 · not yet",
};

export function DistributionPanel({ modelId, live }: { modelId: string; live: number | null }) {
  const distribution = useDistribution(modelId, live !== null);
  if (live === null)
    return (
      <EmptyBlock
        icon={<IconChartBar size={28} />}
        title="No live version yet"
        description="Once both teams approve a version and a lead activates it, this shows how its scores and grades spread over your contacts."
      />
    );
  if (distribution.isPending) return <TableSkeleton rows={6} />;
  if (distribution.isError)
    return <ErrorAlert error={distribution.error} onRetry={() => distribution.refetch()} />;
  const d = distribution.data;
  const byGrade = new Map(d.grades.map((g) => [g.grade, g.contacts]));
  const max = Math.max(1, ...d.grades.map((g) => g.contacts));
  const histogram = d.buckets.map((b) => ({ range: `${b.from} to ${b.to}`, contacts: b.contacts }));
  return (
    <Stack gap="md" data-testid="distribution">
      <div>
        <Title order={3} size="h4">
          Live scores of version {d.version ?? live}
        </Title>
        <Text size="sm" c="dimmed">
          Where your contacts stand right now under the live rules.
        </Text>
      </div>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Stat label="Contacts scored" value={formatNumber(d.contacts)} />
        <Stat
          label="Meet the MQL condition now"
          value={formatNumber(d.mqls)}
          hint={
            d.contacts
              ? `${formatPercent(d.mqls / d.contacts)} of contacts, whatever their stage (not the MQLs of a month: see the SLA page)`
              : undefined
          }
        />
        <Stat
          label="Best grades (A1, A2, B1)"
          value={formatNumber((byGrade.get("A1") ?? 0) + (byGrade.get("A2") ?? 0) + (byGrade.get("B1") ?? 0))}
        />
      </SimpleGrid>
      <Paper withBorder p="md" radius="md">
        <Text size="sm" fw={600}>
          Contacts by combined score (fit + engagement)
        </Text>
        <Text size="xs" c="dimmed" mb="xs">
          Each bar counts the contacts whose combined score falls in that range.
        </Text>
        {histogram.length === 0 ? (
          <Text size="sm" c="dimmed">
            No contacts scored yet.
          </Text>
        ) : (
          <BarChart
            h={220}
            data={histogram}
            dataKey="range"
            series={[{ name: "contacts", label: "Contacts", color: "indigo.6" }]}
            tickLine="y"
            xAxisLabel="Combined score"
            yAxisLabel="Contacts"
            yAxisProps={{ allowDecimals: false }}
            maxBarWidth={64}
            aria-label="Histogram of combined scores"
          />
        )}
      </Paper>
      <Paper withBorder p="md" radius="md">
        <Text size="sm" fw={600}>
          Grade matrix
        </Text>
        <Text size="xs" c="dimmed" mb="xs">
          Rows: how well contacts fit. Columns: how engaged they are. Top-left is where sales wants to be.
        </Text>
        <Table.ScrollContainer minWidth={560}>
          <Table withTableBorder withColumnBorders aria-label="Grade matrix" data-testid="grade-matrix">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w="20%">Fit \ engagement</Table.Th>
                {ENGAGEMENT_GRADES.map((e) => (
                  <Table.Th key={e} ta="center" w="20%">
                    {ENGAGEMENT_COLUMN_LABELS[e]}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {FIT_GRADES.map((f) => (
                <Table.Tr key={f}>
                  <Table.Th>{FIT_ROW_LABELS[f]}</Table.Th>
                  {ENGAGEMENT_GRADES.map((e) => {
                    const grade = `${f}${e}`;
                    const n = byGrade.get(grade) ?? 0;
                    const strength = n / max;
                    return (
                      <Tooltip key={e} label={`${grade}: ${gradeMeaning(grade)}`}>
                        <Table.Td
                          ta="center"
                          style={{
                            background: n ? `rgba(76, 110, 245, ${0.08 + strength * 0.5})` : undefined,
                          }}
                          aria-label={`${grade}: ${n} ${n === 1 ? "contact" : "contacts"}`}
                        >
                          <Anchor
                            component={Link}
                            to={`/contacts?grade=${grade}&sort=score&order=desc`}
                            underline="never"
                            c="inherit"
                            aria-label={`Open the ${formatNumber(n)} contacts graded ${grade}`}
                          >
                            <Group gap={4} justify="center">
                              <Text size="xs" c="dimmed">
                                {grade}
                              </Text>
                              <Text size="sm" fw={700}>
                                {formatNumber(n)}
                              </Text>
                            </Group>
                          </Anchor>
                        </Table.Td>
                      </Tooltip>
                    );
                  })}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
    </Stack>
  );
}
