// A contact's lead score under each live model, explained: every fit rule that matched, every engagement
// rule with its touches, decay and cap, adding up to exactly the score shown. Plus how the score moved.
import { LineChart } from "@mantine/charts";
import {
  Anchor,
  Badge,
  Button,
  Divider,
  Drawer,
  Group,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Tooltip,
} from "@mantine/core";
import { IconChartLine, IconTargetArrow } from "@tabler/icons-react";
import dayjs from "dayjs";
import { useState } from "react";
import { Link } from "react-router";
import type { Explanation } from "../../../shared/scoring";
import { formatDate, formatDateTime } from "../../lib/format";
import { EmptyBlock, ErrorAlert } from "../common/query-states";
import { useContactScores, useScoreHistory } from "./scoring-api";
import { describeHalfLife, gradeMeaning, readableReason, touchTypeLabel } from "./scoring-format";

/** Two decimals at most: the explanation's parts are rounded like that, so they add up on screen too. */
function fmt(value: number): string {
  return (Math.round(value * 100) / 100).toLocaleString("en-US", { maximumFractionDigits: 2 });
}
function signed(value: number): string {
  return value > 0 ? `+${fmt(value)}` : fmt(value);
}

type EngagementPart = Explanation["engagementRules"][number];

function engagementNote(rule: EngagementPart): string {
  const n = rule.touches.length;
  if (rule.minCount != null)
    return `${n} of ${rule.minCount} ${rule.minCount === 1 ? "touch" : "touches"} needed for ${signed(rule.pointsPerTouch)}`;
  const parts = [`${n} ${n === 1 ? "touch" : "touches"} × ${signed(rule.pointsPerTouch)}`];
  parts.push(describeHalfLife(rule.halfLifeDays));
  if (rule.capped) parts.push(`capped: ${fmt(rule.uncapped)} counts as ${fmt(rule.value)}`);
  return parts.join(" · ");
}

function Line({
  points,
  label,
  note,
  testId,
}: {
  points: string;
  label: string;
  note?: string;
  testId?: string;
}) {
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start" data-testid={testId}>
      <Text size="sm" fw={700} w={64} ta="right" ff="monospace" style={{ flexShrink: 0 }}>
        {points}
      </Text>
      <div style={{ minWidth: 0 }}>
        <Text size="sm">{label}</Text>
        {note && (
          <Text size="xs" c="dimmed">
            {note}
          </Text>
        )}
      </div>
    </Group>
  );
}

function Total({ value, what }: { value: number; what: string }) {
  return (
    <Group gap="sm" wrap="nowrap">
      <Text
        size="sm"
        fw={800}
        w={64}
        ta="right"
        ff="monospace"
        style={{ borderTop: "1px solid var(--mantine-color-gray-4)" }}
      >
        {fmt(value)}
      </Text>
      <Text size="sm" fw={600}>
        {what}
      </Text>
    </Group>
  );
}

function Breakdown({ score }: { score: Explanation }) {
  const matched = score.fitRules.filter((r) => r.matched);
  const engaged = score.engagementRules.filter((r) => r.touches.length > 0 || r.value !== 0);
  return (
    <Stack gap={6} data-testid="score-breakdown">
      <Text size="xs" fw={700} c="dimmed" tt="uppercase">
        Fit: who they are
      </Text>
      {matched.length === 0 ? (
        <Text size="sm" c="dimmed" pl={76}>
          No fit rule matches.
        </Text>
      ) : (
        matched.map((r) => <Line key={r.id} points={signed(r.points)} label={r.label} testId="fit-line" />)
      )}
      <Total value={score.fit} what="fit" />
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" mt={4}>
        Engagement: what they did
      </Text>
      {engaged.length === 0 ? (
        <Text size="sm" c="dimmed" pl={76}>
          No touch counts toward engagement yet.
        </Text>
      ) : (
        engaged.map((r) => (
          <Line
            key={r.id}
            points={signed(r.value)}
            label={r.label}
            note={engagementNote(r)}
            testId="engagement-line"
          />
        ))
      )}
      <Total value={score.engagement} what="engagement" />
      <Divider my={2} />
      <Total value={score.combined} what="combined score (fit + engagement)" />
    </Stack>
  );
}

function ScoreNumber({ label, value, hint }: { label: string; value: number; hint: string }) {
  return (
    <Tooltip label={hint} multiline w={220}>
      <Paper withBorder p="xs" radius="md" ta="center">
        <Text size="xs" c="dimmed" fw={600} tt="uppercase">
          {label}
        </Text>
        <Text size="xl" fw={800} data-testid={`score-${label.toLowerCase()}`}>
          {fmt(value)}
        </Text>
      </Paper>
    </Tooltip>
  );
}

function ScoreCard({ score, contactId }: { score: Explanation; contactId: string }) {
  const [details, setDetails] = useState(false);
  return (
    <Paper withBorder p="sm" radius="md" data-testid="contact-score">
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <div>
            <Text fw={700}>{score.modelName}</Text>
            <Anchor component={Link} to={`/scoring/${score.modelId}?version=${score.version}`} size="xs">
              Live version {score.version}
            </Anchor>
          </div>
          <Group gap={6}>
            <Tooltip label={`Grade ${score.grade}: ${gradeMeaning(score.grade)}`}>
              <Badge size="lg" variant="outline" color="indigo" data-testid="score-grade">
                {score.grade}
              </Badge>
            </Tooltip>
            {score.mql ? (
              <Badge size="lg" color="grape" data-testid="score-mql">
                MQL
              </Badge>
            ) : (
              <Badge size="lg" color="gray" variant="light" data-testid="score-mql">
                Not an MQL yet
              </Badge>
            )}
          </Group>
        </Group>
        <SimpleGrid cols={3} spacing="xs">
          <ScoreNumber
            label="Fit"
            value={score.fit}
            hint="Points for who the contact is: title, seniority, company…"
          />
          <ScoreNumber
            label="Engagement"
            value={score.engagement}
            hint="Points for what the contact did, after caps and fading over time"
          />
          <ScoreNumber label="Combined" value={score.combined} hint="Fit plus engagement" />
        </SimpleGrid>
        <Text size="xs" c="dimmed">
          Grade {score.grade}: {gradeMeaning(score.grade)}.
        </Text>
        {score.mqlReasons.length > 0 && (
          <div data-testid="mql-reasons">
            <Text size="sm" fw={600}>
              MQL because
            </Text>
            {score.mqlReasons.map((reason) => (
              <Text key={reason} size="sm">
                • {readableReason(reason)}
              </Text>
            ))}
          </div>
        )}
        {!score.mql && score.mqlMissing.length > 0 && (
          <div data-testid="mql-missing">
            <Text size="sm" fw={600}>
              Not an MQL yet
            </Text>
            {score.mqlMissing.map((missing) => (
              <Text key={missing} size="sm">
                • {missing}
              </Text>
            ))}
          </div>
        )}
        <Divider label="Where the points come from" labelPosition="left" />
        <Breakdown score={score} />
        <Button
          variant="light"
          size="xs"
          leftSection={<IconChartLine size={14} />}
          onClick={() => setDetails(true)}
          w="fit-content"
        >
          Touches and score history
        </Button>
      </Stack>
      <Drawer
        opened={details}
        onClose={() => setDetails(false)}
        position="right"
        size="xl"
        title={`${score.modelName}: how this score was reached`}
      >
        {details && <ScoreDetails score={score} contactId={contactId} />}
      </Drawer>
    </Paper>
  );
}

function ScoreDetails({ score, contactId }: { score: Explanation; contactId: string }) {
  const unmatched = score.fitRules.filter((r) => !r.matched);
  return (
    <Stack gap="lg">
      <Text size="sm" c="dimmed">
        Scored {formatDateTime(score.scoredAt)} with live version {score.version}. Each touch's points fade by
        the rule's half-life; a cap limits what one behaviour can add.
      </Text>
      <ScoreHistoryChart contactId={contactId} modelId={score.modelId} />
      <Stack gap="xs">
        <Text fw={700}>Fit rules</Text>
        <Table withTableBorder verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Rule</Table.Th>
              <Table.Th>Matched</Table.Th>
              <Table.Th ta="right">Points</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {[...score.fitRules.filter((r) => r.matched), ...unmatched].map((r) => (
              <Table.Tr key={r.id} c={r.matched ? undefined : "dimmed"}>
                <Table.Td>{r.label}</Table.Td>
                <Table.Td>{r.matched ? "Yes" : "No"}</Table.Td>
                <Table.Td ta="right">{r.matched ? signed(r.points) : "0"}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr>
              <Table.Th colSpan={2}>Fit</Table.Th>
              <Table.Th ta="right">{fmt(score.fit)}</Table.Th>
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </Stack>
      <Stack gap="xs">
        <Text fw={700}>Engagement rules</Text>
        {score.engagementRules.map((r) => (
          <Paper key={r.id} withBorder p="xs" radius="md" data-testid="engagement-rule-detail">
            <Group justify="space-between" wrap="nowrap">
              <Text size="sm" fw={600}>
                {r.label}
              </Text>
              <Text size="sm" fw={700} ff="monospace">
                {signed(r.value)}
              </Text>
            </Group>
            <Text size="xs" c="dimmed">
              {r.minCount != null
                ? `${signed(r.pointsPerTouch)} once at ${r.minCount}+ matching touches · ${r.matchingTouches} so far`
                : `${signed(r.pointsPerTouch)} per touch · ${describeHalfLife(r.halfLifeDays)}`}
              {r.capped
                ? ` · capped: the touches add up to ${fmt(r.uncapped)}, the cap keeps ${fmt(r.value)}`
                : ""}
            </Text>
            {r.touches.length === 0 ? (
              <Text size="xs" c="dimmed" mt={4}>
                No matching touches.
              </Text>
            ) : (
              <Table verticalSpacing={2} mt={4} fz="xs">
                <Table.Tbody>
                  {r.touches.map((t) => (
                    <Table.Tr key={t.id}>
                      <Table.Td>{touchTypeLabel(t.type)}</Table.Td>
                      <Table.Td>
                        {formatDate(t.occurredAt)} ({dayjs(t.occurredAt).fromNow()})
                      </Table.Td>
                      <Table.Td ta="right" ff="monospace">
                        {r.minCount != null ? "counts" : `${signed(t.decayedPoints)} now`}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Paper>
        ))}
        <Group justify="space-between">
          <Text size="sm" fw={700}>
            Engagement
          </Text>
          <Text size="sm" fw={700} ff="monospace">
            {fmt(score.engagement)}
          </Text>
        </Group>
        <Group justify="space-between">
          <Text size="sm" fw={700}>
            Combined (fit {fmt(score.fit)} + engagement {fmt(score.engagement)})
          </Text>
          <Text size="sm" fw={800} ff="monospace">
            {fmt(score.combined)}
          </Text>
        </Group>
      </Stack>
    </Stack>
  );
}

const HISTORY_DAYS = [
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "180", label: "180 days" },
];

function ScoreHistoryChart({ contactId, modelId }: { contactId: string; modelId: string }) {
  const [days, setDays] = useState(90);
  const history = useScoreHistory(contactId, modelId, days);
  const data = (history.data?.points ?? []).map((p) => ({
    at: dayjs(p.at).format("D MMM"),
    Fit: p.fit,
    Engagement: p.engagement,
    Combined: p.combined,
  }));
  return (
    <Stack gap="xs" data-testid="score-history">
      <Group justify="space-between">
        <Text fw={700}>Score over time</Text>
        <SegmentedControl
          size="xs"
          aria-label="History period"
          value={String(days)}
          onChange={(v) => setDays(Number(v))}
          data={HISTORY_DAYS}
        />
      </Group>
      {history.isPending ? (
        <Skeleton h={200} />
      ) : history.isError ? (
        <ErrorAlert error={history.error} onRetry={() => history.refetch()} />
      ) : data.length === 0 ? (
        <Text size="sm" c="dimmed">
          No history yet.
        </Text>
      ) : (
        <LineChart
          h={200}
          data={data}
          dataKey="at"
          series={[
            { name: "Combined", color: "indigo.6" },
            { name: "Fit", color: "teal.6" },
            { name: "Engagement", color: "grape.6" },
          ]}
          curveType="stepAfter"
          withLegend
          legendProps={{ verticalAlign: "bottom" }}
          withDots={false}
          aria-label="Score over time"
        />
      )}
    </Stack>
  );
}

/** The contact page's "Lead score" section. */
export function ContactScorePanel({ contactId }: { contactId: string }) {
  const scores = useContactScores(contactId);
  if (scores.isPending)
    return (
      <Stack gap="xs" aria-busy="true" aria-label="Loading scores">
        <Skeleton h={60} />
        <Skeleton h={120} />
      </Stack>
    );
  if (scores.isError) return <ErrorAlert error={scores.error} onRetry={() => scores.refetch()} />;
  if (scores.data.items.length === 0)
    return (
      <EmptyBlock
        icon={<IconTargetArrow size={28} />}
        title="No live scoring model yet"
        description={
          <>
            Agree one on the{" "}
            <Anchor component={Link} to="/scoring">
              Scoring page
            </Anchor>
            : once a sales lead and a marketing lead approve it, every contact gets a score here.
          </>
        }
      />
    );
  return (
    <Stack gap="sm">
      {scores.data.items.map((s) => (
        <ScoreCard key={s.modelId} score={s} contactId={contactId} />
      ))}
    </Stack>
  );
}
