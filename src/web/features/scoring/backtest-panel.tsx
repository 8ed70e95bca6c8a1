// "What if this version had been live?": the past months replayed with a version's rules, side by side
// with the live version, and what became of the MQLs each would have made.
import { BarChart } from "@mantine/charts";
import { Button, Group, Paper, Select, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import dayjs from "dayjs";
import type { Backtest } from "../../../shared/scoring";
import { formatNumber } from "../../lib/format";
import { ErrorAlert, TableSkeleton } from "../common/query-states";
import { JobProgress } from "../jobs/job-progress";
import { useBacktest } from "./scoring-api";
import { formatPercent } from "./scoring-format";

const MONTH_OPTIONS = [3, 6, 12, 24].map((m) => ({ value: String(m), label: `Last ${m} months` }));
const STAGES = [
  ["mqls", "MQLs"],
  ["sal", "Accepted (SAL)"],
  ["sql", "Qualified (SQL)"],
  ["opportunity", "Opportunity"],
  ["won", "Won"],
] as const;

function monthLabel(month: string) {
  return dayjs(`${month}-01`).format("MMM YYYY");
}

function Rate({
  title,
  value,
  live,
  explain,
}: {
  title: string;
  /** Null when there is nothing to measure (no won deals, or no MQLs): a dash, not 0%. */
  value: number | null;
  live: number | null;
  explain: string;
}) {
  return (
    <Paper withBorder p="sm" radius="md">
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {title}
      </Text>
      <Group gap="xs" align="baseline">
        <Text size="xl" fw={700}>
          {value === null ? "—" : formatPercent(value)}
        </Text>
        {live !== null && value !== null && (
          <Text size="sm" c="dimmed">
            live version: {formatPercent(live)}
          </Text>
        )}
      </Group>
      <Text size="xs" c="dimmed">
        {explain}
      </Text>
    </Paper>
  );
}

export function BacktestPanel({
  modelId,
  version,
  months,
  onMonthsChange,
}: {
  modelId: string;
  version: number;
  months: number;
  onMonthsChange: (months: number) => void;
}) {
  const backtest = useBacktest(modelId, version, months);
  return (
    <Stack gap="md" data-testid="backtest">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div style={{ flex: 1, minWidth: 280 }}>
          <Title order={3} size="h4">
            Backtest: what if version {version} had been live?
          </Title>
          <Text size="sm" c="dimmed" maw={820}>
            Each month shows how many contacts this version would have made MQLs from the touches and
            attributes Lockstep already has, next to the live version. Below, follow those MQLs down the
            funnel: more of them accepted, qualified and won means a better lead definition.
          </Text>
        </div>
        <Select
          label="Period"
          data={MONTH_OPTIONS}
          value={String(months)}
          onChange={(v) => v && onMonthsChange(Number(v))}
          allowDeselect={false}
          w={170}
        />
      </Group>
      {backtest.isError ? (
        <ErrorAlert
          error={backtest.error}
          onRetry={() => backtest.restart()}
          title="The backtest could not run"
        />
      ) : backtest.data ? (
        <BacktestResult data={backtest.data} version={version} />
      ) : backtest.job && backtest.job.status !== "running" ? (
        <Stack gap="xs">
          <JobProgress job={backtest.job} what="The backtest" />
          <Group>
            <Button variant="default" size="xs" onClick={() => backtest.restart()}>
              Run it again
            </Button>
          </Group>
        </Stack>
      ) : (
        <Stack gap="xs">
          {backtest.job && <JobProgress job={backtest.job} what="The backtest" />}
          <TableSkeleton rows={6} />
        </Stack>
      )}
    </Stack>
  );
}

function BacktestResult({ data, version }: { data: Backtest; version: number }) {
  const { candidate, active } = data;
  const liveByMonth = new Map((active?.months ?? []).map((m) => [m.month, m]));
  const chartData = candidate.months.map((m) => ({
    month: monthLabel(m.month),
    candidate: m.mqls,
    ...(active ? { live: liveByMonth.get(m.month)?.mqls ?? 0 } : {}),
  }));
  const series = [
    { name: "candidate", label: `Version ${version}`, color: "indigo.6" },
    ...(active ? [{ name: "live", label: `Live version ${active.version}`, color: "gray.5" }] : []),
  ];
  return (
    <Stack gap="md">
      {!active && (
        <Text size="sm" c="dimmed">
          No other version is live to compare with, so only this version's results are shown.
        </Text>
      )}
      <Paper withBorder p="md" radius="md">
        <Text size="sm" fw={600} mb="xs">
          MQLs per month
        </Text>
        <BarChart
          h={240}
          data={chartData}
          dataKey="month"
          series={series}
          withLegend
          legendProps={{ verticalAlign: "bottom" }}
          tickLine="y"
          yAxisLabel="MQLs"
          yAxisProps={{ allowDecimals: false }}
          maxBarWidth={48}
          aria-label="MQLs per month, this version next to the live version"
        />
      </Paper>
      {candidate.wonContacts === 0 && (
        <Text size="sm" c="dimmed">
          No contact has a won deal in this period yet, so precision and recall cannot be measured. Try a
          longer period once deals close.
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Rate
          title="Precision"
          value={candidate.precision}
          live={active ? active.precision : null}
          explain="Of the contacts this version makes MQLs, the share that became won deals. Higher means sales spends time on the right leads."
        />
        <Rate
          title="Recall"
          value={candidate.recall}
          live={active ? active.recall : null}
          explain={`Of the ${candidate.wonContacts === 1 ? "contact" : `${formatNumber(candidate.wonContacts)} contacts`} with a won deal, the share this version flagged as MQL before the win. Higher means fewer good leads are missed.`}
        />
      </SimpleGrid>
      <Table.ScrollContainer minWidth={640}>
        <Table withTableBorder striped verticalSpacing={6} aria-label="Backtest by month">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Month</Table.Th>
              {STAGES.map(([key, text]) => (
                <Table.Th key={key} ta="right">
                  {text}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {candidate.months.map((m) => {
              const live = liveByMonth.get(m.month);
              return (
                <Table.Tr key={m.month}>
                  <Table.Td>{monthLabel(m.month)}</Table.Td>
                  {STAGES.map(([key]) => (
                    <Table.Td key={key} ta="right">
                      <Text size="sm" fw={600} span>
                        {formatNumber(m[key])}
                      </Text>
                      {live && (
                        <Text size="xs" c="dimmed" display="block">
                          live {formatNumber(live[key])}
                        </Text>
                      )}
                    </Table.Td>
                  ))}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr>
              <Table.Th>Total</Table.Th>
              {STAGES.map(([key]) => (
                <Table.Th key={key} ta="right">
                  {formatNumber(candidate.totals[key])}
                  {active && (
                    <Text size="xs" c="dimmed" display="block" fw={400}>
                      live {formatNumber(active.totals[key])}
                    </Text>
                  )}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </Table.ScrollContainer>
      <Text size="xs" c="dimmed">
        Bold: version {version}. {active ? `Grey: the live version ${active.version}. ` : ""}SAL, SQL,
        opportunity and won count the month's MQLs that later reached that stage.
      </Text>
    </Stack>
  );
}
