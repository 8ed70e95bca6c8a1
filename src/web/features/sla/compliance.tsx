// "Commitments and compliance": what each team promised in the SLA in force, and for a period how it kept its
// word: sales per commitment (met, breached, open), marketing delivered against committed; then the sales
// rows by rep, pod, team or month.
import {
  Alert,
  Badge,
  Group,
  Input,
  Loader,
  Paper,
  Progress,
  SegmentedControl,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from "@mantine/core";
import { IconInfoCircle, IconTargetArrow } from "@tabler/icons-react";
import type { ReactNode } from "react";
import {
  type ComplianceReport,
  enoughToJudge,
  type SlaCommitment,
  type SlaVersion,
  tooFewToJudge,
} from "../../../shared/sla";
import { formatDate, formatMoney, formatNumber } from "../../lib/format";
import { EmptyBlock, ErrorAlert } from "../common/query-states";
import {
  addDays,
  complianceColor,
  elapsedShare,
  formatBusinessMinutes,
  formatPercent,
  marketingSentences,
  type Period,
  type PeriodKey,
  salesSentences,
} from "./calendar-text";
import { type GroupBy, useSlaCompliance } from "./sla-api";
import { BusinessHours, TeamColumn } from "./terms-view";

type Commitment = ComplianceReport["sales"][number]["commitments"][number];

const PERIOD_OPTIONS: { value: PeriodKey; label: string }[] = [
  { value: "this_month", label: "This month" },
  { value: "last_month", label: "Last month" },
  { value: "this_quarter", label: "This quarter" },
  { value: "custom", label: "Custom range" },
];

const GROUP_OPTIONS: { value: GroupBy; label: string }[] = [
  { value: "rep", label: "Rep" },
  { value: "pod", label: "Pod" },
  { value: "team", label: "Team" },
  { value: "month", label: "Month" },
];

const MONTH_LABEL = new Intl.DateTimeFormat("en-US", { month: "long", year: "numeric", timeZone: "UTC" });

/** The period picker both the compliance section and speed to lead follow. */
export function PeriodPicker({
  period,
  today,
  customFrom,
  customUntil,
  onChange,
}: {
  period: Period;
  today: string;
  customFrom: string;
  customUntil: string;
  onChange: (patch: { period?: PeriodKey; from?: string | null; until?: string | null }) => void;
}) {
  const share = elapsedShare(period, today);
  const days = Math.round((Date.parse(period.to) - Date.parse(period.from)) / 86_400_000);
  const passed = Math.round(share * days);
  return (
    <Stack gap={6}>
      <Group gap="md" align="flex-end" wrap="wrap">
        <Stack gap={2}>
          <Input.Label id="sla-period-label">Period</Input.Label>
          <SegmentedControl
            aria-labelledby="sla-period-label"
            value={period.key}
            onChange={(value) => {
              const key = value as PeriodKey;
              if (key === "custom")
                onChange({
                  period: key,
                  from: customFrom || period.from,
                  until: customUntil || addDays(period.to, -1),
                });
              else onChange({ period: key, from: null, until: null });
            }}
            data={PERIOD_OPTIONS}
          />
        </Stack>
        {period.key === "custom" && (
          <>
            <TextInput
              type="date"
              label="From"
              value={customFrom}
              onChange={(e) => onChange({ from: e.currentTarget.value || null })}
              w={170}
            />
            <TextInput
              type="date"
              label="Until (inclusive)"
              value={customUntil}
              onChange={(e) => onChange({ until: e.currentTarget.value || null })}
              error={
                customFrom && customUntil && customUntil < customFrom ? "Must be on or after From" : null
              }
              w={170}
            />
          </>
        )}
      </Group>
      <Text size="sm" c="dimmed" data-testid="sla-period">
        Showing <b>{period.label}</b>
        {share >= 1
          ? " (finished)"
          : share <= 0
            ? " (not started yet)"
            : ` (day ${formatNumber(passed)} of ${formatNumber(days)})`}
      </Text>
    </Stack>
  );
}

function sumCommitments(report: ComplianceReport): Record<SlaCommitment, Commitment> {
  const minimum = report.minimumSample;
  const empty = (commitment: SlaCommitment, label: string): Commitment => ({
    commitment,
    label,
    started: 0,
    met: 0,
    breached: 0,
    open: 0,
    compliance: null,
    judged: false,
  });
  const totals = {
    accept: empty("accept", "Accept or reject"),
    first_touch: empty("first_touch", "First touch"),
    attempts: empty("attempts", "Follow-up attempts"),
  };
  for (const row of report.sales)
    for (const c of row.commitments) {
      const t = totals[c.commitment];
      t.started += c.started;
      t.met += c.met;
      t.breached += c.breached;
      t.open += c.open;
    }
  for (const t of Object.values(totals)) {
    t.compliance = t.met + t.breached > 0 ? t.met / (t.met + t.breached) : null;
    t.judged = enoughToJudge(t.met + t.breached, minimum);
  }
  return totals;
}

/** "85% met", coloured as a verdict only over the minimum sample; below it "too few to judge (2 of 20)". */
function complianceText(c: Commitment, minimum: number): string {
  if (c.compliance === null) return "No result yet";
  if (!c.judged) return `${formatPercent(c.compliance)} met, ${tooFewToJudge(c.met + c.breached, minimum)}`;
  return `${formatPercent(c.compliance)} met`;
}

function ComplianceBadge({ result, minimum }: { result: Commitment; minimum: number }) {
  const judged = result.compliance !== null && result.judged;
  return (
    <Tooltip
      label={`Share of decided clocks that were met in time; the goal is 100%. Judged from ${minimum} decided clocks.`}
      withArrow
    >
      <Badge
        size="lg"
        variant={judged ? "light" : "outline"}
        color={judged ? complianceColor(result.compliance) : "gray"}
        style={{ flexShrink: 0, textTransform: "none" }}
      >
        {complianceText(result, minimum)}
      </Badge>
    </Tooltip>
  );
}

function countsText(c: Commitment): string {
  return `${formatNumber(c.met)} met · ${formatNumber(c.breached)} breached · ${formatNumber(c.open)} open`;
}

function SalesCommitment({
  sentence,
  result,
  minimum,
}: {
  sentence: string;
  result: Commitment;
  minimum: number;
}) {
  return (
    <Stack gap={4} data-testid={`sales-${result.commitment}`}>
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="sm">
        <Text size="sm" fw={600}>
          {sentence}
        </Text>
        <ComplianceBadge result={result} minimum={minimum} />
      </Group>
      {result.started === 0 ? (
        <Text size="xs" c="dimmed">
          No MQLs yet in this period: nothing to measure.
        </Text>
      ) : (
        <>
          <Progress.Root size="md" aria-hidden>
            <Progress.Section value={(result.met / result.started) * 100} color="green" />
            <Progress.Section value={(result.breached / result.started) * 100} color="red" />
            <Progress.Section value={(result.open / result.started) * 100} color="gray.4" />
          </Progress.Root>
          <Text size="xs" c="dimmed">
            {countsText(result)} of {formatNumber(result.started)} {result.started === 1 ? "MQL" : "MQLs"}
          </Text>
        </>
      )}
    </Stack>
  );
}

/** Delivered against committed, with the pace while the period runs. */
function Delivery({
  testId,
  sentence,
  delivered,
  committed,
  format,
  unit,
  share,
  note,
  beforeSla,
}: {
  beforeSla: boolean;
  testId: string;
  sentence: string;
  delivered: number;
  committed: number | null;
  format: (n: number) => string;
  unit: string;
  share: number;
  note: string;
}) {
  const ratio = committed ? delivered / committed : null;
  const expected = committed === null ? null : committed * share;
  const done = ratio !== null && ratio >= 1;
  const onPace = expected !== null && delivered >= expected;
  const color = done ? "green" : share >= 1 ? "red" : onPace ? "teal" : "yellow";
  const status = beforeSla
    ? "No SLA then"
    : committed === null
      ? "No commitment in force"
      : committed === 0
        ? "Nothing committed"
        : done
          ? "Delivered"
          : share >= 1
            ? "Missed"
            : onPace
              ? "On pace"
              : "Behind pace";
  return (
    <Stack gap={4} data-testid={testId}>
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="sm">
        <Text size="sm" fw={600}>
          {sentence}
        </Text>
        <Badge
          size="lg"
          variant="light"
          color={committed && !beforeSla ? color : "gray"}
          style={{ flexShrink: 0 }}
        >
          {status}
        </Badge>
      </Group>
      <Text size="sm">
        <Text span fw={700}>
          {format(delivered)}
        </Text>{" "}
        of {committed === null ? "—" : format(committed)} {unit}
        {ratio !== null && (
          <Text span c="dimmed" size="sm">
            {" "}
            ({formatPercent(ratio)})
          </Text>
        )}
      </Text>
      <Progress
        value={Math.min(100, (ratio ?? 0) * 100)}
        color={beforeSla ? "gray" : color}
        size="md"
        aria-hidden
      />
      <Text size="xs" c="dimmed">
        {note}
        {expected !== null && committed !== null && committed > 0 && share > 0 && share < 1
          ? ` By today about ${format(Math.round(expected))} would be on pace.`
          : ""}
      </Text>
    </Stack>
  );
}

function Rejection({
  report,
  max,
  minimum,
}: {
  report: ComplianceReport["marketing"];
  max: number;
  minimum: number;
}) {
  const rate = report.rejectionRate;
  const decided = report.accepted + report.rejected;
  const judged = rate !== null && report.rejectionJudged;
  const over = judged && rate > max;
  return (
    <Stack gap={4} data-testid="marketing-rejection">
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="sm">
        <Text size="sm" fw={600}>
          Rejection rate at most {formatPercent(max, 1)}
        </Text>
        <Badge
          size="lg"
          variant={judged ? "light" : "outline"}
          color={!judged ? "gray" : over ? "red" : "green"}
          style={{ flexShrink: 0, textTransform: "none" }}
        >
          {rate === null
            ? "No result yet"
            : !judged
              ? `${tooFewToJudge(decided, minimum).replace(/^t/, "T")}`
              : over
                ? "Above the limit"
                : "Within the limit"}
        </Badge>
      </Group>
      {rate === null ? (
        <Text size="xs" c="dimmed">
          Sales has not accepted or rejected any MQL in this period yet.
        </Text>
      ) : (
        <>
          <Text size="sm">
            <Text span fw={700}>
              {formatPercent(rate)}
            </Text>{" "}
            rejected ({formatNumber(report.rejected)} of {formatNumber(decided)} decided MQLs)
          </Text>
          <Progress.Root size="md" aria-hidden>
            <Progress.Section
              value={Math.min(100, rate * 100)}
              color={!judged ? "gray.5" : over ? "red" : "green"}
            />
          </Progress.Root>
          <Text size="xs" c="dimmed">
            The limit is {formatPercent(max, 1)}: more rejections mean marketing sends leads sales does not
            want.
          </Text>
        </>
      )}
    </Stack>
  );
}

function groupLabel(by: GroupBy, row: ComplianceReport["sales"][number]): string {
  if (by === "month" && row.key && /^\d{4}-\d{2}$/.test(row.key))
    return MONTH_LABEL.format(new Date(`${row.key}-01T00:00:00Z`));
  return row.label;
}

function CommitmentCell({ c, minimum }: { c: Commitment | undefined; minimum: number }) {
  if (!c || c.started === 0)
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  return (
    <Stack gap={0}>
      <Text size="sm" fw={700} c={c.judged ? `${complianceColor(c.compliance)}.8` : "dimmed"}>
        {complianceText(c, minimum)}
      </Text>
      <Text size="xs" c="dimmed">
        {countsText(c)}
      </Text>
    </Stack>
  );
}

function SalesTable({ report }: { report: ComplianceReport }) {
  const head = GROUP_OPTIONS.find((o) => o.value === report.by)?.label ?? "Group";
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped verticalSpacing="xs" aria-label={`Sales compliance by ${report.by}`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{head}</Table.Th>
            <Table.Th>Accept or reject</Table.Th>
            <Table.Th>First touch</Table.Th>
            <Table.Th>Follow-up attempts</Table.Th>
            <Table.Th>
              <Tooltip
                label="Business time MQLs spent in the routing queue with no owner, added up: a routing or capacity delay, not the reps'"
                multiline
                w={280}
              >
                <span>Waited for an owner</span>
              </Tooltip>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {[...report.sales]
            // "Waiting for an owner" / "No pod" after the named rows.
            .sort((a, b) => Number(a.key === null) - Number(b.key === null))
            .map((row) => (
              <Table.Tr key={row.key ?? "none"} data-testid="sla-compliance-row">
                <Table.Td>
                  <Text size="sm" fw={600} c={row.key ? undefined : "dimmed"}>
                    {groupLabel(report.by, row)}
                  </Text>
                </Table.Td>
                {(["accept", "first_touch", "attempts"] as const).map((commitment) => (
                  <Table.Td key={commitment}>
                    <CommitmentCell
                      c={row.commitments.find((c) => c.commitment === commitment)}
                      minimum={report.minimumSample}
                    />
                  </Table.Td>
                ))}
                <Table.Td>
                  <Text size="sm">{formatBusinessMinutes(row.systemDelayMs / 60_000)}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function ComplianceSection({
  version,
  period,
  today,
  by,
  onByChange,
  picker,
  inForceFrom,
}: {
  /** The date (in the workspace's time zone) the version in force took effect. */
  inForceFrom: string;
  /** The version in force. */
  version: SlaVersion;
  period: Period;
  today: string;
  by: GroupBy;
  onByChange: (by: GroupBy) => void;
  picker: ReactNode;
}) {
  const report = useSlaCompliance(period.from, period.to, by);
  const terms = version.terms;
  const sales = salesSentences(terms);
  const marketing = marketingSentences(terms);
  const share = elapsedShare(period, today);
  // The report holds a period to the terms in force now, even one that ended before they took effect.
  const beforeSla = period.to <= inForceFrom;
  const partly = !beforeSla && period.from < inForceFrom;

  let body: ReactNode;
  if (report.isPending)
    body = (
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" aria-busy="true" aria-label="Loading">
        <Skeleton height={280} />
        <Skeleton height={280} />
      </SimpleGrid>
    );
  else if (report.isError) body = <ErrorAlert error={report.error} onRetry={() => report.refetch()} />;
  else {
    const r = report.data;
    const totals = sumCommitments(r);
    const m = r.marketing;
    body = (
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <TeamColumn team="sales" testId="sales-commitments">
          <SalesCommitment sentence={sales.accept} result={totals.accept} minimum={r.minimumSample} />
          <SalesCommitment
            sentence={sales.first_touch}
            result={totals.first_touch}
            minimum={r.minimumSample}
          />
          <SalesCommitment sentence={sales.attempts} result={totals.attempts} minimum={r.minimumSample} />
          <Text size="xs" c="dimmed">
            The owner is warned when {terms.sales.warnAtPercent}% of the allowed time is used.{" "}
            {terms.sales.reassignOnBreach
              ? "A missed accept-or-reject deadline hands the lead to another rep of the pod."
              : "A missed deadline is recorded; the lead stays with its owner."}
          </Text>
        </TeamColumn>
        <TeamColumn team="marketing" testId="marketing-commitments">
          <Delivery
            testId="marketing-mqls"
            sentence={marketing.mqls}
            delivered={m.mqlsDelivered}
            committed={m.mqlsCommitted}
            format={formatNumber}
            unit="MQLs delivered"
            share={share}
            beforeSla={beforeSla}
            note={`Committed for ${period.label}, from ${formatNumber(terms.marketing.mqlsPerMonth)} per month.`}
          />
          <Delivery
            testId="marketing-pipeline"
            sentence={marketing.pipeline}
            delivered={m.pipelineCreated}
            committed={m.pipelineCommitted}
            format={(n) => formatMoney(n)}
            unit="pipeline created"
            share={share}
            beforeSla={beforeSla}
            note={`Committed for ${period.label}, from ${formatMoney(terms.marketing.pipelinePerQuarter)} per quarter; counts opportunities created in the period.`}
          />
          <Rejection report={m} max={terms.marketing.maxRejectionRate} minimum={r.minimumSample} />
        </TeamColumn>
      </SimpleGrid>
    );
  }

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label="Commitments and compliance">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
          <div>
            <Group gap="xs">
              <Title order={3} size="h4">
                Commitments and compliance
              </Title>
              {report.isFetching && !report.isPending && <Loader size="xs" aria-label="Updating" />}
            </Group>
            <Text size="sm" c="dimmed">
              What each team promised in version {version.version}, and how well it kept its word in the
              chosen period.
            </Text>
          </div>
        </Group>
        {picker}
        {(beforeSla || partly) && (
          <Alert color="gray" icon={<IconInfoCircle size={18} />} py="xs" data-testid="sla-before-force">
            {beforeSla
              ? `Version ${version.version} took effect on ${formatDate(inForceFrom)}, after this period: no SLA was in force then. The commitments are shown for comparison only.`
              : `Version ${version.version} took effect on ${formatDate(inForceFrom)}, partway through this period: MQLs before that day had no SLA clocks.`}
          </Alert>
        )}
        {body}
        <BusinessHours calendar={terms.calendar} data-testid="sla-calendar">
          Sales' clocks run only in these hours and pause overnight, on days off and on holidays.
        </BusinessHours>
        <Stack gap="xs">
          <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
            <div>
              <Title order={4} size="h5">
                Sales compliance in detail
              </Title>
              <Text size="xs" c="dimmed">
                Each MQL starts three clocks (accept or reject, first touch, attempts); "open" clocks are
                still running.
              </Text>
            </div>
            <Stack gap={2}>
              <Input.Label id="sla-group-label">Group sales by</Input.Label>
              <SegmentedControl
                aria-labelledby="sla-group-label"
                value={by}
                onChange={(value) => onByChange(value as GroupBy)}
                data={GROUP_OPTIONS}
                size="xs"
              />
            </Stack>
          </Group>
          {report.isPending ? (
            <Skeleton height={120} />
          ) : report.isError ? null : report.data.sales.length === 0 ? (
            <EmptyBlock
              icon={<IconTargetArrow size={28} />}
              title="No MQLs in this period yet"
              description="Sales' clocks start when a contact becomes an MQL. Once there are MQLs, each rep's (or pod's, team's, month's) results show here."
            />
          ) : (
            <SalesTable report={report.data} />
          )}
        </Stack>
      </Stack>
    </Paper>
  );
}
