// Reports → Velocity: how long contacts spend in each stage (median and p75, calendar or business days) and
// where leads stall now, with the list of stalled contacts (paged, each linking to the contact).
import { BarChart } from "@mantine/charts";
import {
  Anchor,
  Badge,
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
import { IconClockHour4, IconMoodSmile } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { LIFECYCLE_STAGE_LABELS } from "../../../shared/domain";
import {
  DEFAULT_STALLED_AFTER_DAYS,
  HANDED_OVER_STAGES,
  STALLED_STAGE_CHOICES,
  VELOCITY_STAGES,
  type VelocityReport,
} from "../../../shared/reports";
import { formatDate, formatNumber } from "../../lib/format";
import { ExportCsvButton } from "../common/export-button";
import { DataTable, LoadMore, useUrlFilters } from "../common/list";
import { DetailSkeleton, EmptyBlock, ErrorAlert, TableSkeleton } from "../common/query-states";
import { periodText, ReportFilterBar, useReportFilters } from "./report-filters";
import { reportExportUrl, useStalled, useVelocity } from "./reports-api";

const KEYS = ["stalledAfterDays", "days", "stage"] as const;

const days = (v: number | null) =>
  v === null ? "–" : `${v.toLocaleString(undefined, { maximumFractionDigits: 1 })} d`;

export function VelocityReportView() {
  const { query } = useReportFilters();
  // Leads not yet qualified are nurtured rather than stalled: the list opens on the stages someone owns.
  const [f, set] = useUrlFilters(KEYS, { days: "calendar", stage: "handed_over" });
  const parsed = Number(f.stalledAfterDays);
  const stalledAfterDays =
    Number.isInteger(parsed) && parsed >= 1 && parsed <= 3650 ? parsed : DEFAULT_STALLED_AFTER_DAYS;
  const velocity = useVelocity(query, stalledAfterDays);
  const business = f.days === "business";

  return (
    <>
      <ReportFilterBar period={velocity.data?.period} what="stays in a stage that ended" />
      {velocity.isPending ? (
        <DetailSkeleton />
      ) : velocity.isError ? (
        <ErrorAlert error={velocity.error} onRetry={() => velocity.refetch()} />
      ) : (
        <Stack gap="md" style={{ opacity: velocity.isPlaceholderData ? 0.6 : 1 }}>
          <TimeInStage
            report={velocity.data}
            business={business}
            onUnit={(unit) => set({ days: unit })}
            exportHref={reportExportUrl("velocity", { ...query, stalledAfterDays })}
          />
          <Stalled
            report={velocity.data}
            stalledAfterDays={stalledAfterDays}
            onAge={(n) => set({ stalledAfterDays: n === DEFAULT_STALLED_AFTER_DAYS ? null : String(n) })}
            stage={(STALLED_STAGE_CHOICES as readonly string[]).includes(f.stage) ? f.stage : null}
            onStage={(stage) => set({ stage })}
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

function TimeInStage({
  report,
  business,
  onUnit,
  exportHref,
}: {
  report: VelocityReport;
  business: boolean;
  onUnit: (unit: string) => void;
  exportHref: string;
}) {
  const cal = report.businessCalendar;
  const moves = report.stages.reduce((n, s) => n + s.moves, 0);
  const data = report.stages.map((s) => ({
    stage: s.label,
    Median: business ? s.medianBusinessDays : s.medianDays,
    "75th percentile": business ? s.p75BusinessDays : s.p75Days,
  }));
  return (
    <Section
      title="Time in each stage"
      description={`How long contacts stayed in each stage before moving on (forward, back or out), for stays that ended from ${periodText(report.period)}. Half the stays were shorter than the median, three in four shorter than the 75th percentile. Business days count the ${cal.source === "sla" ? "SLA's" : "default"} working hours (${cal.hoursPerDay} h a day, ${cal.timeZone}).`}
      actions={
        <Group gap="xs">
          <SegmentedControl
            value={business ? "business" : "calendar"}
            onChange={onUnit}
            data={[
              { value: "calendar", label: "Calendar days" },
              { value: "business", label: "Business days" },
            ]}
            aria-label="Count in calendar or business days"
          />
          <ExportCsvButton
            resource="velocity"
            params={{}}
            noun="stage"
            download={{
              href: exportHref,
              label: "Export CSV",
              tooltip:
                "Downloads the time in each stage and the stalled counts, under the current filters, as a spreadsheet file",
            }}
          />
        </Group>
      }
    >
      {moves === 0 ? (
        <EmptyBlock
          icon={<IconClockHour4 size={28} />}
          title="No stay in a stage ended in this period"
          description={`No contact matching these filters moved out of a stage from ${periodText(report.period)}, so there is no time in stage to measure. Widen the period or clear a filter.`}
        />
      ) : (
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
          <BarChart
            h={260}
            data={data}
            dataKey="stage"
            series={[
              { name: "Median", color: "indigo.6" },
              { name: "75th percentile", color: "indigo.3" },
            ]}
            unit=" d"
            withLegend
            legendProps={{ verticalAlign: "bottom" }}
            yAxisLabel={business ? "Business days" : "Days"}
            maxBarWidth={36}
            aria-label={`Median and 75th percentile time in each stage, ${business ? "business" : "calendar"} days`}
          />
          <DataTable minWidth={520}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Stage</Table.Th>
                <Table.Th ta="right">Stays ended</Table.Th>
                <Table.Th ta="right">Median</Table.Th>
                <Table.Th ta="right">75th pct.</Table.Th>
                <Table.Th ta="right">In stage now</Table.Th>
                <Table.Th ta="right">Stalled now</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.stages.map((s) => (
                <Table.Tr key={s.stage} data-testid={`velocity-${s.stage}`}>
                  <Table.Td>{s.label}</Table.Td>
                  <Table.Td ta="right">{formatNumber(s.moves)}</Table.Td>
                  <Table.Td ta="right" fw={600}>
                    {days(business ? s.medianBusinessDays : s.medianDays)}
                  </Table.Td>
                  <Table.Td ta="right">{days(business ? s.p75BusinessDays : s.p75Days)}</Table.Td>
                  <Table.Td ta="right">{formatNumber(s.inStageNow)}</Table.Td>
                  <Table.Td ta="right">
                    {s.stalledNow > 0 ? (
                      <Text span c="orange.8" fw={600} size="sm">
                        {formatNumber(s.stalledNow)}
                      </Text>
                    ) : (
                      "0"
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </DataTable>
        </SimpleGrid>
      )}
    </Section>
  );
}

function Stalled({
  report,
  stalledAfterDays,
  onAge,
  stage,
  onStage,
}: {
  report: VelocityReport;
  stalledAfterDays: number;
  onAge: (days: number) => void;
  stage: string | null;
  onStage: (stage: string | null) => void;
}) {
  const { query } = useReportFilters();
  const stalled = useStalled(query, stalledAfterDays, stage);
  const items = stalled.data?.pages.flatMap((p) => p.items) ?? [];
  const total = stalled.data?.pages[0]?.total ?? 0;
  const counted = report.stages.filter((s) =>
    stage === "handed_over"
      ? (HANDED_OVER_STAGES as readonly string[]).includes(s.stage)
      : !stage || s.stage === stage,
  );
  const stalledNow = counted.reduce((n, s) => n + s.stalledNow, 0);
  return (
    <Section
      title="Where leads stall"
      description={`${stage === "handed_over" ? "Contacts now in MQL or a later stage" : stage ? `Contacts now in stage ${LIFECYCLE_STAGE_LABELS[stage as keyof typeof LIFECYCLE_STAGE_LABELS]}` : "Contacts now in any stage before customer"} who are beyond the SLA (a commitment breached and not yet kept) or have been in their stage longer than ${stalledAfterDays} days, longest in their stage first: ${formatNumber(stalledNow)} now, whenever they entered the funnel.${stage === "handed_over" ? " Leads not yet qualified are nurtured rather than stalled: choose Lead or Every stage to list them." : ""}`}
      actions={
        <Group gap="xs" align="flex-end">
          <NumberInput
            label="Stalled after (days)"
            w={150}
            min={1}
            max={3650}
            value={stalledAfterDays}
            onChange={(v) => typeof v === "number" && v >= 1 && onAge(Math.round(v))}
            data-testid="stalled-after-days"
          />
          <Select
            label="Stage"
            w={170}
            data={[
              { value: "handed_over", label: "MQL and later" },
              { value: "all", label: "Every stage" },
              ...VELOCITY_STAGES.map((s) => ({ value: s, label: LIFECYCLE_STAGE_LABELS[s] })),
            ]}
            value={stage ?? "all"}
            onChange={(v) => onStage(v ?? "handed_over")}
            data-testid="stalled-stage"
          />
          <ExportCsvButton
            resource="stalled-leads"
            params={{}}
            noun="stalled lead"
            download={{
              href: reportExportUrl("stalled", { ...query, stalledAfterDays, stage }),
              label: "Export CSV",
              tooltip:
                "Downloads every stalled lead under the current filters, all pages, as a spreadsheet file",
            }}
          />
        </Group>
      }
    >
      {stalled.isPending ? (
        <TableSkeleton rows={4} />
      ) : stalled.isError ? (
        <ErrorAlert error={stalled.error} onRetry={() => stalled.refetch()} />
      ) : items.length === 0 ? (
        <EmptyBlock
          icon={<IconMoodSmile size={28} />}
          title="No stalled leads"
          description={`Every contact matching these filters is within the SLA and has been in its stage ${stalledAfterDays} days or less.`}
        />
      ) : (
        <>
          <DataTable minWidth={760}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Contact</Table.Th>
                <Table.Th>Stage</Table.Th>
                <Table.Th>Since</Table.Th>
                <Table.Th ta="right">Days in stage</Table.Th>
                <Table.Th>Why</Table.Th>
                <Table.Th>Owner</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody data-testid="stalled-rows">
              {items.map((c) => (
                <Table.Tr key={c.contactId}>
                  <Table.Td>
                    <Anchor component={Link} to={`/contacts/${c.contactId}`} size="sm" fw={600}>
                      {c.name}
                    </Anchor>
                    {c.accountName && (
                      <Text size="xs" c="dimmed">
                        {c.accountName}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{LIFECYCLE_STAGE_LABELS[c.stage]}</Table.Td>
                  <Table.Td>{formatDate(c.since)}</Table.Td>
                  <Table.Td ta="right">{Math.floor(c.daysInStage)}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {c.breached.map((b) => (
                        <Badge key={b} color="red" variant="light" size="sm">
                          SLA: {b}
                        </Badge>
                      ))}
                      {c.reasons.includes("age") && (
                        <Badge color="orange" variant="light" size="sm">
                          Over {stalledAfterDays} days
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    {c.ownerName ?? (
                      <Text span c="dimmed" size="sm">
                        No owner
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </DataTable>
          <LoadMore
            hasNextPage={stalled.hasNextPage}
            isFetchingNextPage={stalled.isFetchingNextPage}
            fetchNextPage={stalled.fetchNextPage}
            count={items.length}
            total={total}
            noun="stalled lead"
          />
        </>
      )}
    </Section>
  );
}
