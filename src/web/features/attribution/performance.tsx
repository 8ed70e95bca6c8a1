// Campaign and source performance: what each campaign (or channel) cost and what it brought under the chosen
// model, and the quality of the leads it sourced (sales' acceptance with the minimum-sample rule, reject
// reasons, score grades, win rate). Also the campaign page's own results.
import { Badge, Group, SimpleGrid, Stack, Table, Text, Tooltip } from "@mantine/core";
import {
  ATTRIBUTION_MODEL_LABELS,
  type AttributionModel,
  type PerformanceRow,
} from "../../../shared/attribution";
import { tooFewToJudge } from "../../../shared/sla";
import { CHANNEL_LABELS, formatMoney, label } from "../../lib/format";
import { DataTable } from "../common/list";
import { fraction, percent, roiText as roi } from "./model-words";

const money = (value: number | null) => (value === null ? "–" : formatMoney(value));

export function AcceptanceText({ row, minimum }: { row: PerformanceRow; minimum: number }) {
  const q = row.quality;
  const decided = q.accepted + q.rejected;
  if (decided === 0)
    return (
      <Text size="sm" c="dimmed" span>
        no decisions
      </Text>
    );
  return (
    <Text size="sm" span>
      <Text span fw={600} size="sm">
        {percent(q.acceptanceRate ?? 0)}
      </Text>{" "}
      <Text span size="sm" c="dimmed">
        ({q.accepted} of {decided}
        {q.judged ? ")" : `; ${tooFewToJudge(decided, minimum)})`}
      </Text>
    </Text>
  );
}

const rowLabel = (r: PerformanceRow) => (r.kind === "channel" ? label(CHANNEL_LABELS, r.key) : r.label);

export function PerformanceTable({
  rows,
  minimum,
  onOpen,
}: {
  rows: PerformanceRow[];
  minimum: number;
  onOpen?: (row: PerformanceRow) => void;
}) {
  return (
    <DataTable minWidth={1500}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Campaign or source</Table.Th>
          <Table.Th ta="right">Cost</Table.Th>
          <Table.Th ta="right">Contacts</Table.Th>
          <Table.Th ta="right">MQLs</Table.Th>
          <Table.Th ta="right">SQLs</Table.Th>
          <Table.Th ta="right">Opportunities</Table.Th>
          <Table.Th ta="right">Pipeline</Table.Th>
          <Table.Th ta="right">Won deals</Table.Th>
          <Table.Th ta="right">Revenue</Table.Th>
          <Table.Th ta="right">ROI</Table.Th>
          <Table.Th ta="right">Cost per MQL</Table.Th>
          <Table.Th ta="right">Cost per SQL</Table.Th>
          <Table.Th ta="right">Cost per won deal</Table.Th>
          <Table.Th>Sales accepted</Table.Th>
          <Table.Th>Top reject reason</Table.Th>
          <Table.Th ta="right">Win rate</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody data-testid="performance-rows">
        {rows.map((r) => (
          <Table.Tr
            key={`${r.kind}-${r.key}`}
            onClick={onOpen && r.kind === "campaign" ? () => onOpen(r) : undefined}
            style={onOpen && r.kind === "campaign" ? { cursor: "pointer" } : undefined}
          >
            <Table.Td>
              <Text size="sm" fw={500}>
                {rowLabel(r)}
              </Text>
              {r.kind === "campaign" && r.channel && (
                <Text size="xs" c="dimmed">
                  {label(CHANNEL_LABELS, r.channel)}
                </Text>
              )}
            </Table.Td>
            <Table.Td ta="right">{money(r.cost)}</Table.Td>
            <Table.Td ta="right">{fraction(r.contacts)}</Table.Td>
            <Table.Td ta="right">{fraction(r.mqls)}</Table.Td>
            <Table.Td ta="right">{fraction(r.sqls)}</Table.Td>
            <Table.Td ta="right">{fraction(r.opportunities)}</Table.Td>
            <Table.Td ta="right">{formatMoney(r.pipeline)}</Table.Td>
            <Table.Td ta="right">{fraction(r.wonDeals)}</Table.Td>
            <Table.Td ta="right" fw={600}>
              {formatMoney(r.revenue)}
            </Table.Td>
            <Table.Td ta="right" c={r.roi === null ? undefined : r.roi >= 0 ? "teal.8" : "red.8"}>
              {roi(r.roi)}
            </Table.Td>
            <Table.Td ta="right">{money(r.costPerMql)}</Table.Td>
            <Table.Td ta="right">{money(r.costPerSql)}</Table.Td>
            <Table.Td ta="right">{money(r.costPerWonDeal)}</Table.Td>
            <Table.Td>
              <AcceptanceText row={r} minimum={minimum} />
            </Table.Td>
            <Table.Td>
              {r.quality.reasons[0] ? `${r.quality.reasons[0].label} (${r.quality.reasons[0].count})` : "–"}
            </Table.Td>
            <Table.Td ta="right">
              {r.quality.winRate === null
                ? "–"
                : `${percent(r.quality.winRate)} (${r.quality.won} of ${r.quality.won + r.quality.lost})`}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </DataTable>
  );
}

/** One campaign's results as tiles (the campaign page). */
export function ResultsTiles({
  row,
  model,
  minimum,
  scoringModel,
}: {
  row: PerformanceRow;
  model: AttributionModel;
  minimum: number;
  scoringModel: string | null;
}) {
  const tile = (title: string, value: string, hint?: string) => (
    <Stack gap={0} key={title}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {title}
      </Text>
      <Text fw={700} size="lg">
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Stack>
  );
  const grades = row.quality.grades;
  return (
    <Stack gap="md" data-testid="campaign-results">
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md">
        {tile("Cost", formatMoney(row.cost))}
        {tile("Revenue", formatMoney(row.revenue), `${fraction(row.wonDeals)} won deals credited`)}
        {tile("ROI", roi(row.roi), "(revenue − cost) / cost")}
        {tile("Pipeline", formatMoney(row.pipeline), `${fraction(row.opportunities)} opportunities credited`)}
        {tile("Contacts", fraction(row.contacts))}
        {tile("MQLs", fraction(row.mqls), `cost per MQL ${money(row.costPerMql)}`)}
        {tile("SQLs", fraction(row.sqls), `cost per SQL ${money(row.costPerSql)}`)}
        {tile("Cost per won deal", money(row.costPerWonDeal))}
      </SimpleGrid>
      <Group gap="xl" align="flex-start">
        <Stack gap={2}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
            Sales accepted its leads
          </Text>
          <AcceptanceText row={row} minimum={minimum} />
          {row.quality.reasons.length > 0 && (
            <Text size="xs" c="dimmed">
              Rejected as: {row.quality.reasons.map((r) => `${r.label} (${r.count})`).join(", ")}
            </Text>
          )}
        </Stack>
        <Stack gap={2}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
            Win rate of the deals it sourced
          </Text>
          <Text size="sm">
            {row.quality.winRate === null
              ? "no deal closed"
              : `${percent(row.quality.winRate)} (${row.quality.won} won of ${row.quality.won + row.quality.lost})`}
          </Text>
        </Stack>
        <Stack gap={2}>
          <Tooltip label={scoringModel ? `Grades under ${scoringModel}` : "No live scoring model"}>
            <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
              Score grades of its new contacts
            </Text>
          </Tooltip>
          <Group gap={4}>
            {grades.length === 0 ? (
              <Text size="sm" c="dimmed">
                none scored
              </Text>
            ) : (
              grades.map((g) => (
                <Badge key={g.grade} variant="light">
                  {g.grade}: {g.count}
                </Badge>
              ))
            )}
          </Group>
        </Stack>
      </Group>
      <Text size="xs" c="dimmed">
        Credited under {ATTRIBUTION_MODEL_LABELS[model]}: contacts, MQLs, SQLs, opportunities, won deals and
        their amounts are this campaign's share of each milestone's touches. Lead quality is about the leads
        it sourced.
      </Text>
    </Stack>
  );
}
