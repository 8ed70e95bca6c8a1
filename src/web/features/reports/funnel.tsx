// Reports → Funnel: how far the contacts who entered the funnel in the period got, stage to stage, by the
// month they entered and broken down by source, campaign, channel, persona, pod, segment or a property.
// Every rate shows its counts; below the minimum sample it says "too few to judge" instead of a verdict.
import { BarChart, LineChart } from "@mantine/charts";
import { Group, Paper, Select, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { IconChartFunnel } from "@tabler/icons-react";
import type { ReactNode } from "react";
import {
  type Conversion,
  FUNNEL_BREAKDOWN_LABELS,
  FUNNEL_BREAKDOWNS,
  type FunnelBreakdown,
  type FunnelGroup,
  type FunnelReport,
} from "../../../shared/reports";
import { formatNumber } from "../../lib/format";
import { ExportCsvButton } from "../common/export-button";
import { DataTable, useUrlFilters } from "../common/list";
import { DetailSkeleton, EmptyBlock, ErrorAlert } from "../common/query-states";
import { usePropertyDefinitions } from "../properties/properties";
import { periodText, ReportFilterBar, useReportFilters } from "./report-filters";
import { reportExportUrl, useFunnel } from "./reports-api";

const percent = (rate: number | null) => (rate === null ? "–" : `${Math.round(rate * 1000) / 10}%`);

/** "60% (3 of 5)", with "too few to judge" below the minimum sample. */
export function RateText({ c, minimum, testId }: { c: Conversion; minimum: number; testId?: string }) {
  if (c.of === 0)
    return (
      <Text size="sm" c="dimmed" span data-testid={testId}>
        –
      </Text>
    );
  return (
    <Text size="sm" span data-testid={testId}>
      <Text span fw={600} size="sm">
        {percent(c.rate)}
      </Text>{" "}
      <Text span size="sm" c="dimmed">
        ({formatNumber(c.converted)} of {formatNumber(c.of)}
        {c.judged ? ")" : ` · too few to judge, under ${minimum})`}
      </Text>
    </Text>
  );
}

export function FunnelReportView() {
  const { query } = useReportFilters();
  const [f, set] = useUrlFilters(["by", "byProperty"] as const);
  const by = (FUNNEL_BREAKDOWNS as readonly string[]).includes(f.by) ? (f.by as FunnelBreakdown) : null;
  // A property breakdown waits for its property: until then the funnel answers without a breakdown.
  const asked = by === "property" && !f.byProperty ? null : by;
  const byProperty = asked === "property" ? f.byProperty : null;
  const funnel = useFunnel(query, asked, byProperty);
  const exportHref = reportExportUrl("funnel", { ...query, by: asked, byProperty });

  return (
    <>
      <ReportFilterBar period={funnel.data?.period} what="contacts entering the funnel" />
      {funnel.isPending ? (
        <DetailSkeleton />
      ) : funnel.isError ? (
        <ErrorAlert error={funnel.error} onRetry={() => funnel.refetch()} />
      ) : (
        <Stack gap="md" style={{ opacity: funnel.isPlaceholderData ? 0.6 : 1 }}>
          <Stages report={funnel.data} exportHref={exportHref} />
          <Cohorts report={funnel.data} />
          <Breakdown
            report={funnel.data}
            by={by}
            byProperty={f.byProperty || null}
            onChange={(next, property) =>
              set({ by: next, byProperty: next === "property" ? property : null })
            }
          />
        </Stack>
      )}
    </>
  );
}

function Section({
  title,
  description,
  actions,
  children,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={title}>
      <Group justify="space-between" align="flex-start" mb="sm" gap="sm">
        <Stack gap={2} style={{ flex: 1, minWidth: 240 }}>
          <Title order={3} size="h4">
            {title}
          </Title>
          {description && (
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          )}
        </Stack>
        {actions}
      </Group>
      {children}
    </Paper>
  );
}

function NoContacts({ report }: { report: FunnelReport }) {
  return (
    <EmptyBlock
      icon={<IconChartFunnel size={28} />}
      title="No contact entered the funnel in this period"
      description={`No contact matching these filters made its first move into Lead (or a later stage) from ${periodText(report.period)}. Widen the period or clear a filter.`}
    />
  );
}

function Stages({ report, exportHref }: { report: FunnelReport; exportHref: string }) {
  const { total, entered, minimumSample } = report;
  const stageName = (stage: string, label: string) => (stage === "customer" ? "Won (customer)" : label);
  const data = report.stages.map((s) => ({
    stage: stageName(s.stage, s.label),
    Contacts: total.reached[s.stage],
  }));
  return (
    <Section
      title="Funnel"
      description={`Of the ${formatNumber(total.reached.lead)} contacts who entered the funnel from ${periodText(report.period)}, how many reached each stage by now (from the stage history). Rates over fewer than ${minimumSample} contacts show their counts only.`}
      actions={
        <ExportCsvButton
          resource="funnel"
          params={{}}
          noun="row"
          download={{
            href: exportHref,
            label: "Export CSV",
            tooltip:
              "Downloads the funnel, its months and its breakdown, under the current filters, as a spreadsheet file",
          }}
        />
      }
    >
      {total.reached.lead === 0 ? (
        <NoContacts report={report} />
      ) : (
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
          <BarChart
            h={280}
            data={data}
            dataKey="stage"
            orientation="vertical"
            series={[{ name: "Contacts", color: "indigo.6" }]}
            yAxisProps={{ width: 110 }}
            gridAxis="x"
            withBarValueLabel
            maxBarWidth={30}
            aria-label="Contacts of the cohort reaching each stage"
          />
          <Stack gap="sm">
            <DataTable minWidth={420}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Stage</Table.Th>
                  <Table.Th ta="right">Reached</Table.Th>
                  <Table.Th>From the stage before</Table.Th>
                  <Table.Th
                    ta="right"
                    title="Contacts entering the stage in the period, whenever they entered the funnel (the cockpit's count)"
                  >
                    Entered in the period
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.stages.map((s, i) => (
                  <Table.Tr key={s.stage} data-testid={`funnel-stage-${s.stage}`}>
                    <Table.Td>{stageName(s.stage, s.label)}</Table.Td>
                    <Table.Td ta="right" fw={600} data-testid={`funnel-reached-${s.stage}`}>
                      {formatNumber(total.reached[s.stage])}
                    </Table.Td>
                    <Table.Td>
                      {i === 0 ? (
                        <Text size="sm" c="dimmed">
                          entered the funnel
                        </Text>
                      ) : (
                        <RateText c={total.steps[i - 1]} minimum={minimumSample} />
                      )}
                    </Table.Td>
                    <Table.Td ta="right" data-testid={`funnel-entered-${s.stage}`}>
                      {formatNumber(entered[s.stage])}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </DataTable>
            <Group gap="xl">
              <Stack gap={0}>
                <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
                  MQL to won
                </Text>
                <RateText c={total.mqlToWon} minimum={minimumSample} testId="funnel-mql-to-won" />
              </Stack>
              <Stack gap={0}>
                <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
                  SQL to won
                </Text>
                <RateText c={total.sqlToWon} minimum={minimumSample} testId="funnel-sql-to-won" />
              </Stack>
            </Group>
          </Stack>
        </SimpleGrid>
      )}
    </Section>
  );
}

/** The rows of a cohort or breakdown table: counts, then the rates that matter most. */
function GroupTable({
  rows,
  first,
  minimum,
  testId,
}: {
  rows: FunnelGroup[];
  first: string;
  minimum: number;
  testId: string;
}) {
  return (
    <DataTable minWidth={820}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{first}</Table.Th>
          <Table.Th ta="right">Entered the funnel</Table.Th>
          <Table.Th ta="right">MQL</Table.Th>
          <Table.Th ta="right">SQL</Table.Th>
          <Table.Th ta="right">Won</Table.Th>
          <Table.Th>Lead to MQL</Table.Th>
          <Table.Th>MQL to won</Table.Th>
          <Table.Th>SQL to won</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody data-testid={testId}>
        {rows.map((g) => (
          <Table.Tr key={g.key ?? "none"}>
            <Table.Td>{g.label}</Table.Td>
            <Table.Td ta="right">{formatNumber(g.reached.lead)}</Table.Td>
            <Table.Td ta="right">{formatNumber(g.reached.mql)}</Table.Td>
            <Table.Td ta="right">{formatNumber(g.reached.sql)}</Table.Td>
            <Table.Td ta="right">{formatNumber(g.reached.customer)}</Table.Td>
            <Table.Td>
              <RateText c={g.steps[0]} minimum={minimum} />
            </Table.Td>
            <Table.Td>
              <RateText c={g.mqlToWon} minimum={minimum} />
            </Table.Td>
            <Table.Td>
              <RateText c={g.sqlToWon} minimum={minimum} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </DataTable>
  );
}

const asPercent = (c: Conversion) => (c.rate === null ? null : Math.round(c.rate * 1000) / 10);

function Cohorts({ report }: { report: FunnelReport }) {
  const withContacts = report.cohorts.filter((c) => c.reached.lead > 0);
  const data = report.cohorts.map((c) => ({
    month: c.label,
    "Lead to MQL": asPercent(c.steps[0]),
    "MQL to won": asPercent(c.mqlToWon),
    "SQL to won": asPercent(c.sqlToWon),
  }));
  return (
    <Section
      title="Conversion by cohort"
      description="Contacts grouped by the month they entered the funnel, and how each month's contacts converted so far: recent months have had less time to win."
    >
      {withContacts.length === 0 ? (
        <NoContacts report={report} />
      ) : (
        <Stack gap="md">
          <LineChart
            h={240}
            data={data}
            dataKey="month"
            series={[
              { name: "Lead to MQL", color: "indigo.6" },
              { name: "MQL to won", color: "teal.6" },
              { name: "SQL to won", color: "orange.6" },
            ]}
            unit="%"
            yAxisProps={{ domain: [0, 100] }}
            connectNulls
            withLegend
            legendProps={{ verticalAlign: "bottom" }}
            aria-label="Conversion rates by the month contacts entered the funnel"
          />
          <GroupTable
            rows={report.cohorts}
            first="Month entered"
            minimum={report.minimumSample}
            testId="funnel-cohorts"
          />
        </Stack>
      )}
    </Section>
  );
}

function Breakdown({
  report,
  by,
  byProperty,
  onChange,
}: {
  report: FunnelReport;
  by: FunnelBreakdown | null;
  byProperty: string | null;
  onChange: (by: FunnelBreakdown | null, property: string | null) => void;
}) {
  const properties = usePropertyDefinitions("contacts");
  return (
    <Section
      title="Breakdown"
      description="The same cohort split by where contacts came from or who they are."
      actions={
        <Group gap="xs" align="flex-end">
          <Select
            label="Break down by"
            placeholder="Choose…"
            w={190}
            clearable
            data={FUNNEL_BREAKDOWNS.map((b) => ({
              value: b,
              label: FUNNEL_BREAKDOWN_LABELS[b],
              disabled: b === "property" && (properties.data?.length ?? 0) === 0,
            }))}
            value={by}
            onChange={(v) => onChange((v as FunnelBreakdown | null) ?? null, byProperty)}
            data-testid="funnel-breakdown"
          />
          {by === "property" && (
            <Select
              label="Property"
              placeholder="Pick a property"
              w={180}
              data={(properties.data ?? []).map((p) => ({ value: p.apiName, label: p.label }))}
              value={byProperty}
              onChange={(v) => onChange("property", v)}
            />
          )}
        </Group>
      }
    >
      {!by ? (
        <Text size="sm" c="dimmed">
          Choose what to break the funnel down by: lead source, source campaign, channel, persona, pod,
          segment or a contact property.
        </Text>
      ) : by === "property" && !byProperty ? (
        <Text size="sm" c="dimmed">
          Pick the contact property to break the funnel down by.
        </Text>
      ) : !report.breakdown || report.breakdown.rows.length === 0 ? (
        <NoContacts report={report} />
      ) : (
        <GroupTable
          rows={report.breakdown.rows}
          first={FUNNEL_BREAKDOWN_LABELS[report.breakdown.by]}
          minimum={report.minimumSample}
          testId="funnel-breakdown-rows"
        />
      )}
    </Section>
  );
}
