// Reports → Attribution: which campaigns (or channels) earn the credit for a milestone, under every model
// side by side; where the models agree and where they differ most; the campaign table with the deals behind
// each number; one deal's journey; campaign and source performance. Everything follows the URL.
import { BarChart } from "@mantine/charts";
import {
  Alert,
  Button,
  Group,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { IconCoins, IconInfoCircle } from "@tabler/icons-react";
import { type ReactNode, useState } from "react";
import {
  ATTRIBUTION_MILESTONE_LABELS,
  ATTRIBUTION_MILESTONES,
  ATTRIBUTION_MODEL_LABELS,
  ATTRIBUTION_MODELS,
  type AttributionModel,
  type AttributionReport,
  type AttributionRow,
} from "../../../shared/attribution";
import { CHANNEL_LABELS, formatMoney, formatNumber, label } from "../../lib/format";
import { ExportCsvButton } from "../common/export-button";
import { DataTable, useUrlFilters } from "../common/list";
import { DetailSkeleton, EmptyBlock, ErrorAlert, TableSkeleton } from "../common/query-states";
import { periodText, ReportFilterBar, useReportFilters } from "../reports/report-filters";
import {
  attributionExportUrl,
  useAttribution,
  useAttributionOptions,
  usePerformance,
} from "./attribution-api";
import { CampaignDealsDrawer } from "./campaign-deals";
import { JourneyDrawer } from "./journey-drawer";
import { fraction, MILESTONE_NOUNS, MODEL_COLORS, MODEL_RULES, percent, roiText } from "./model-words";
import { PerformanceTable } from "./performance";

const shortModel = (m: AttributionModel) =>
  m === "markov" ? "Markov" : m === "shapley" ? "Shapley" : ATTRIBUTION_MODEL_LABELS[m];
const rowLabel = (r: { kind: string; key: string | null; label: string }) =>
  r.kind === "channel" ? label(CHANNEL_LABELS, r.key) : r.label;

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

export function AttributionReportView() {
  const { query } = useReportFilters();
  const { options, set } = useAttributionOptions();
  const [open, setOpen] = useUrlFilters(["deal", "campaign"] as const);
  const report = useAttribution(query, options);
  const performance = usePerformance(query, options);
  const nouns = MILESTONE_NOUNS[options.milestone];

  return (
    <>
      <ReportFilterBar period={report.data?.period} what={`${nouns.many} reached`} />
      <Paper withBorder p="sm" radius="md" mb="md" component="section" aria-label="Attribution options">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <Select
            label="Milestone"
            w={200}
            data={ATTRIBUTION_MILESTONES.map((m) => ({ value: m, label: ATTRIBUTION_MILESTONE_LABELS[m] }))}
            value={options.milestone}
            onChange={(v) => v && set({ milestone: v })}
            allowDeselect={false}
            data-testid="attribution-milestone"
          />
          <Select
            label="Model"
            w={220}
            data={ATTRIBUTION_MODELS.map((m) => ({ value: m, label: ATTRIBUTION_MODEL_LABELS[m] }))}
            value={options.model}
            onChange={(v) => v && set({ model: v })}
            allowDeselect={false}
            data-testid="attribution-model"
          />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Credit
            </Text>
            <SegmentedControl
              data={[
                { value: "campaign", label: "Campaigns" },
                { value: "channel", label: "Channels" },
              ]}
              value={options.by}
              onChange={(v) => set({ by: v })}
              data-testid="attribution-by"
            />
          </Stack>
          <NumberInput
            label="Lookback window (days)"
            w={170}
            min={1}
            max={730}
            value={options.lookbackDays}
            onChange={(v) => set({ lookbackDays: v === "" ? null : String(v) })}
          />
          <NumberInput
            label="Time-decay half-life (days)"
            w={190}
            min={0.5}
            max={365}
            step={1}
            value={options.halfLifeDays}
            onChange={(v) => set({ halfLifeDays: v === "" ? null : String(v) })}
          />
        </Group>
        <Text size="xs" c="dimmed" mt={6}>
          {ATTRIBUTION_MODEL_LABELS[options.model]}: {MODEL_RULES[options.model]}
        </Text>
      </Paper>
      {report.isPending ? (
        <DetailSkeleton />
      ) : report.isError ? (
        <ErrorAlert error={report.error} onRetry={() => report.refetch()} />
      ) : (
        <Stack gap="md" style={{ opacity: report.isPlaceholderData ? 0.6 : 1 }}>
          {report.data.milestones === 0 ? (
            <Paper withBorder p="md" radius="md">
              <EmptyBlock
                icon={<IconCoins size={28} />}
                title={`No ${nouns.one} in this period`}
                description={`Nothing reached “${ATTRIBUTION_MILESTONE_LABELS[options.milestone]}” between ${periodText(report.data.period)} under these filters, so there is nothing to credit. Widen the period, clear a filter or pick another milestone.`}
              />
            </Paper>
          ) : (
            <>
              <Summary report={report.data} />
              <Comparison report={report.data} />
              <Agreement report={report.data} />
              <Credits
                report={report.data}
                exportHref={attributionExportUrl("attribution.csv", query, options)}
                onOpenCampaign={(id) => setOpen({ campaign: id, deal: null })}
              />
            </>
          )}
          <Section
            title="Campaign and source performance"
            description={`Cost against what each ${options.by} brought under ${ATTRIBUTION_MODEL_LABELS[options.model]}: its credited share of the contacts, MQLs, SQLs, opportunities and won deals of the period, with their pipeline and revenue. Lead quality is about the leads it sourced; rates under the minimum sample say so.`}
            actions={
              <ExportCsvButton
                resource="campaign-performance"
                params={{}}
                noun="row"
                download={{
                  href: attributionExportUrl("attribution/performance.csv", query, {
                    model: options.model,
                    by: options.by,
                    lookbackDays: options.lookbackDays,
                    halfLifeDays: options.halfLifeDays,
                  }),
                  label: "Export CSV",
                  tooltip:
                    "Downloads the performance table under the current filters and model, as a spreadsheet file",
                }}
              />
            }
          >
            {performance.isPending ? (
              <TableSkeleton />
            ) : performance.isError ? (
              <ErrorAlert error={performance.error} onRetry={() => performance.refetch()} />
            ) : performance.data.rows.length === 0 ? (
              <EmptyBlock
                title="No campaign yet"
                description="Add campaigns with their cost, and tag touches with them, to compare what they cost with what they bring."
              />
            ) : (
              <Stack gap="xs">
                <Text size="sm" data-testid="performance-totals">
                  In total: {formatMoney(performance.data.totals.cost)} spent,{" "}
                  {formatMoney(performance.data.totals.pipeline)} pipeline,{" "}
                  {formatMoney(performance.data.totals.revenue)} revenue
                  {performance.data.totals.roi !== null && ` (ROI ${roiText(performance.data.totals.roi)})`}.
                </Text>
                <PerformanceTable
                  rows={performance.data.rows}
                  minimum={performance.data.minimumSample}
                  onOpen={(r) => r.key && setOpen({ campaign: r.key, deal: null })}
                />
              </Stack>
            )}
          </Section>
        </Stack>
      )}
      <CampaignDealsDrawer
        campaignId={open.campaign || null}
        query={query}
        options={options}
        onClose={() => setOpen({ campaign: null })}
        onOpenDeal={(id) => setOpen({ deal: id })}
      />
      <JourneyDrawer
        opportunityId={open.deal || null}
        query={query}
        options={options}
        focus={open.campaign || null}
        onClose={() => setOpen({ deal: null })}
      />
    </>
  );
}

function Summary({ report }: { report: AttributionReport }) {
  const nouns = MILESTONE_NOUNS[report.milestone];
  return (
    <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />} data-testid="attribution-summary">
      <Text size="sm">
        <b>
          {formatNumber(report.milestones)} {report.milestones === 1 ? nouns.one : nouns.many}
        </b>{" "}
        from {periodText(report.period)}
        {report.hasAmount && (
          <>
            , <b>{formatMoney(report.amount)}</b> {nouns.amount}
          </>
        )}
        . {formatNumber(report.touches)} touches of their contacts in the {report.lookbackDays} days before
        each one share the credit; every model's credits add up to these totals.
        {report.withoutTouch > 0 &&
          ` ${formatNumber(report.withoutTouch)} had no touch in the window (credited to “No touch in the window”).`}
        {report.nullPaths > 0 &&
          ` The data-driven Markov model also learns from ${formatNumber(report.nullPaths)} journeys that did not get there.`}
      </Text>
    </Alert>
  );
}

const value = (report: AttributionReport, r: AttributionRow, m: AttributionModel) =>
  report.hasAmount ? r.credits[m].amount : r.credits[m].conversions;

function Comparison({ report }: { report: AttributionReport }) {
  const [shown, setShown] = useState<"top" | "all">("top");
  const rows = shown === "top" ? report.rows.slice(0, 6) : report.rows;
  const data = rows.map((r) => ({
    name: rowLabel(r),
    ...Object.fromEntries(
      ATTRIBUTION_MODELS.map((m) => [shortModel(m), Math.round(value(report, r, m) * 100) / 100]),
    ),
  }));
  return (
    <Section
      title="The models side by side"
      description={`What each model credits to the ${report.by === "campaign" ? "campaigns" : "channels"} with the most credit under ${ATTRIBUTION_MODEL_LABELS[report.model]}: where the bars agree, the answer does not depend on the model.`}
      actions={
        report.rows.length > 6 && (
          <SegmentedControl
            size="xs"
            value={shown}
            onChange={(v) => setShown(v as "top" | "all")}
            data={[
              { value: "top", label: "Top 6" },
              { value: "all", label: `All ${report.rows.length}` },
            ]}
          />
        )
      }
    >
      <BarChart
        h={Math.max(260, rows.length * 90)}
        data={data}
        dataKey="name"
        orientation="vertical"
        series={ATTRIBUTION_MODELS.map((m) => ({ name: shortModel(m), color: MODEL_COLORS[m] }))}
        yAxisProps={{ width: 170 }}
        gridAxis="x"
        withLegend
        legendProps={{ verticalAlign: "bottom" }}
        valueFormatter={(v) => (report.hasAmount ? formatMoney(v) : fraction(v))}
        aria-label="Credits per campaign or channel under every model"
        data-testid="attribution-comparison"
      />
    </Section>
  );
}

function Agreement({ report }: { report: AttributionReport }) {
  const credited = report.disagreement.filter((d) => d.high.share > 0);
  const disputed = credited.slice(0, 5);
  const agreed = [...credited].sort((a, b) => a.spread - b.spread).slice(0, 5);
  const list = (rows: typeof credited, testId: string) => (
    <DataTable minWidth={420}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{report.by === "campaign" ? "Campaign" : "Channel"}</Table.Th>
          <Table.Th>Lowest</Table.Th>
          <Table.Th>Highest</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody data-testid={testId}>
        {rows.map((d) => (
          <Table.Tr key={`${d.key}-${d.label}`}>
            <Table.Td>{report.by === "channel" && d.key ? label(CHANNEL_LABELS, d.key) : d.label}</Table.Td>
            <Table.Td>
              {percent(d.low.share)}{" "}
              <Text span size="xs" c="dimmed">
                {shortModel(d.low.model)}
              </Text>
            </Table.Td>
            <Table.Td>
              {percent(d.high.share)}{" "}
              <Text span size="xs" c="dimmed">
                {shortModel(d.high.model)}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </DataTable>
  );
  return (
    <Section
      title="Where the models agree, and where they differ most"
      description={`Each ${report.by}'s share of the ${MILESTONE_NOUNS[report.milestone].many} under the model that gives it least and the one that gives it most.`}
    >
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Stack gap={4}>
          <Text fw={600} size="sm">
            Differ most
          </Text>
          {list(disputed, "attribution-disputed")}
        </Stack>
        <Stack gap={4}>
          <Text fw={600} size="sm">
            Agree most
          </Text>
          {list(agreed, "attribution-agreed")}
        </Stack>
      </SimpleGrid>
    </Section>
  );
}

function Credits({
  report,
  exportHref,
  onOpenCampaign,
}: {
  report: AttributionReport;
  exportHref: string;
  onOpenCampaign: (id: string) => void;
}) {
  const [all, setAll] = useState(false);
  const rows = all ? report.rows : report.rows.slice(0, 25);
  const total = report.hasAmount ? report.amount : report.milestones;
  return (
    <Section
      title={report.by === "campaign" ? "Credit by campaign" : "Credit by channel"}
      description={
        report.by === "campaign"
          ? "Click a campaign to see the deals (or contacts) behind its number, and open a deal's journey to see why."
          : "Every model's credit per channel; the share is of the period's total under the chosen model."
      }
      actions={
        <ExportCsvButton
          resource="attribution"
          params={{}}
          noun="row"
          download={{
            href: exportHref,
            label: "Export CSV",
            tooltip:
              "Downloads every row with every model's credits, under the current filters, as a spreadsheet file",
          }}
        />
      }
    >
      <DataTable minWidth={1300}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{report.by === "campaign" ? "Campaign" : "Channel"}</Table.Th>
            <Table.Th ta="right">Share</Table.Th>
            {ATTRIBUTION_MODELS.map((m) => (
              <Table.Th key={m} ta="right" fw={m === report.model ? 800 : 500}>
                {shortModel(m)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody data-testid="attribution-rows">
          {rows.map((r) => (
            <Table.Tr key={`${r.kind}-${r.key}`}>
              <Table.Td>
                {r.kind === "campaign" && r.key ? (
                  <Button
                    variant="subtle"
                    size="compact-sm"
                    px={0}
                    onClick={() => onOpenCampaign(r.key as string)}
                    data-testid="attribution-campaign"
                  >
                    {r.label}
                  </Button>
                ) : (
                  <Text size="sm">{rowLabel(r)}</Text>
                )}
                {r.kind === "campaign" && r.channel && (
                  <Text size="xs" c="dimmed">
                    {label(CHANNEL_LABELS, r.channel)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right">
                {total > 0 ? percent(value(report, r, report.model) / total) : "–"}
              </Table.Td>
              {ATTRIBUTION_MODELS.map((m) => (
                <Table.Td key={m} ta="right" fw={m === report.model ? 700 : 400}>
                  {report.hasAmount ? formatMoney(r.credits[m].amount) : fraction(r.credits[m].conversions)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </DataTable>
      {report.rows.length > 25 && (
        <Group justify="center" mt="sm">
          <Button variant="default" onClick={() => setAll(!all)}>
            {all ? "Show the top 25" : `Show all ${report.rows.length}`}
          </Button>
        </Group>
      )}
      {report.markov.removalEffects.length > 0 && (
        <Text size="xs" c="dimmed" mt="sm">
          Markov removal effects (share of conversions lost without it):{" "}
          {report.markov.removalEffects
            .slice(0, 6)
            .map(
              (e) =>
                `${report.by === "channel" && e.key ? label(CHANNEL_LABELS, e.key) : e.label} ${percent(e.effect)}`,
            )
            .join(", ")}
          {report.markov.removalEffects.length > 6 && ", …"}
          {report.markov.grouped > 0 && ` (${report.markov.grouped} least-touched grouped as “Other”)`}.
        </Text>
      )}
    </Section>
  );
}
