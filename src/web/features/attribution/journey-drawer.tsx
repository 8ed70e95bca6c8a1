// Explain it: one deal's journey, every touch of its contact roles in the window with its share of the deal
// under each model, and per campaign (or channel) what each model gives it and why.
import { Badge, Button, Drawer, Group, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { Link } from "react-router";
import {
  ATTRIBUTION_MODEL_LABELS,
  ATTRIBUTION_MODELS,
  type AttributionJourney,
  type AttributionModel,
} from "../../../shared/attribution";
import {
  CHANNEL_LABELS,
  formatDate,
  formatDateTime,
  formatMoney,
  label,
  TOUCH_TYPE_LABELS,
} from "../../lib/format";
import { DataTable } from "../common/list";
import { EmptyBlock, ErrorAlert, TableSkeleton } from "../common/query-states";
import type { ReportQuery } from "../reports/report-filters";
import { type AttributionOptions, useJourney } from "./attribution-api";
import { MODEL_RULES, POSITION_LABELS, percent } from "./model-words";

export function JourneyDrawer({
  opportunityId,
  query,
  options,
  focus,
  onClose,
}: {
  opportunityId: string | null;
  query: ReportQuery;
  options: AttributionOptions;
  /** The campaign the deal was opened from: the explanation is about it. */
  focus?: string | null;
  onClose: () => void;
}) {
  // A won deal is explained at its win; an open or lost one at its creation (its pipeline).
  const milestone = options.milestone === "opportunity_created" ? "opportunity_created" : undefined;
  const journey = useJourney(opportunityId, query, options, milestone);
  const first = journey.data?.pages[0];
  const touches = journey.data?.pages.flatMap((p) => p.touches) ?? [];
  return (
    <Drawer
      opened={opportunityId !== null}
      onClose={onClose}
      position="right"
      size="90%"
      title={<Title order={3}>{first ? first.opportunity.name : "Deal journey"}</Title>}
      data-testid="journey-drawer"
    >
      {journey.isPending ? (
        <TableSkeleton />
      ) : journey.isError ? (
        <ErrorAlert error={journey.error} onRetry={() => journey.refetch()} />
      ) : first ? (
        <Stack gap="md">
          <Text size="sm">
            {first.opportunity.accountName ? `${first.opportunity.accountName} · ` : ""}
            {formatMoney(first.amount)}{" "}
            {first.milestone === "closed_won"
              ? `won on ${formatDate(first.at)}`
              : `pipeline, created on ${formatDate(first.at)}`}
            . {first.total} touches of its contacts in the {first.lookbackDays} days before count
            {first.excluded.afterMilestone > 0 && `; ${first.excluded.afterMilestone} after it never count`}
            {first.excluded.beforeWindow > 0 &&
              `; ${first.excluded.beforeWindow} older ones fall outside the window`}
            .{" "}
            <Text component={Link} to={`/opportunities/${first.opportunity.id}`} size="sm" c="blue">
              Open the deal
            </Text>
          </Text>
          <WhyTable journey={first} model={options.model} focus={focus ?? null} />
          <Paper withBorder p="sm" radius="md">
            <Title order={4} size="h5" mb={4}>
              Touch by touch
            </Title>
            <Text size="xs" c="dimmed" mb="xs">
              Each touch's share of {formatMoney(first.amount)} under each model, oldest first (ties in time
              are ordered by touch id).
            </Text>
            {touches.length === 0 ? (
              <EmptyBlock
                title="No touch in the window"
                description="None of the deal's contacts was touched in the lookback window before this milestone: every model credits it to “No touch in the window”. Add its contacts as contact roles on the deal, or widen the window."
              />
            ) : (
              <DataTable minWidth={1100}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>When</Table.Th>
                    <Table.Th>Touch</Table.Th>
                    <Table.Th>Campaign</Table.Th>
                    {ATTRIBUTION_MODELS.map((m) => (
                      <Table.Th key={m} ta="right" fw={m === options.model ? 800 : 500}>
                        {m === "markov"
                          ? "Markov"
                          : m === "shapley"
                            ? "Shapley"
                            : ATTRIBUTION_MODEL_LABELS[m]}
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody data-testid="journey-touches">
                  {touches.map((t) => (
                    <Table.Tr key={t.id}>
                      <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDateTime(t.occurredAt)}</Table.Td>
                      <Table.Td>
                        <Text size="sm">
                          {label(TOUCH_TYPE_LABELS, t.type)}
                          {t.contactName ? ` · ${t.contactName}` : ""}
                        </Text>
                        <Group gap={4}>
                          {t.positions.map((p) => (
                            <Badge key={p} size="xs" variant="light">
                              {POSITION_LABELS[p]}
                            </Badge>
                          ))}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{t.campaignName ?? "No campaign"}</Text>
                        <Text size="xs" c="dimmed">
                          {t.channel ? label(CHANNEL_LABELS, t.channel) : "No channel"}
                        </Text>
                      </Table.Td>
                      {ATTRIBUTION_MODELS.map((m) => (
                        <Table.Td key={m} ta="right" fw={m === options.model ? 700 : 400}>
                          {t.credits[m] > 0 ? formatMoney(t.credits[m] * first.amount) : "–"}
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </DataTable>
            )}
            {journey.hasNextPage && (
              <Group justify="center" mt="sm">
                <Button
                  variant="default"
                  onClick={() => journey.fetchNextPage()}
                  loading={journey.isFetchingNextPage}
                >
                  Load more touches ({touches.length} of {first.total})
                </Button>
              </Group>
            )}
          </Paper>
        </Stack>
      ) : null}
    </Drawer>
  );
}

/** Per campaign (or channel): what each model gives it of this deal, and the rule behind the chosen model. */
function WhyTable({
  journey,
  model,
  focus,
}: {
  journey: AttributionJourney;
  model: AttributionModel;
  focus: string | null;
}) {
  const top =
    journey.keys.find((k) => focus !== null && k.key === focus) ??
    [...journey.keys].sort((a, b) => b.credits[model] - a.credits[model])[0];
  const offJourney = journey.keys.filter((k) => !k.onJourney && k.kind !== "no_touch");
  return (
    <Paper withBorder p="sm" radius="md">
      <Title order={4} size="h5" mb={4}>
        Why each {journey.by} gets what it gets
      </Title>
      <Text size="sm" mb="xs" data-testid="journey-why">
        {ATTRIBUTION_MODEL_LABELS[model]}: {MODEL_RULES[model]}
        {top && (
          <>
            {" "}
            So <b>{top.kind === "channel" ? label(CHANNEL_LABELS, top.key) : top.label}</b> gets{" "}
            {formatMoney(top.credits[model] * journey.amount)} ({percent(top.credits[model])} of{" "}
            {formatMoney(journey.amount)})
            {top.onJourney
              ? ` from its ${top.touches} of the ${journey.total} touches here.`
              : " without a touch here: its workspace-wide Markov share."}
          </>
        )}
      </Text>
      {offJourney.length > 0 && (
        <Text size="xs" c="dimmed" mb="xs">
          Markov credits every conversion by the {journey.by}s' workspace-wide removal effects, so part of
          this deal goes to {journey.by}s without a touch on it ({offJourney.length}, marked “not on this
          journey”).
        </Text>
      )}
      <DataTable minWidth={1000}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{journey.by === "campaign" ? "Campaign" : "Channel"}</Table.Th>
            <Table.Th ta="right">Touches</Table.Th>
            {ATTRIBUTION_MODELS.map((m) => (
              <Table.Th key={m} ta="right" fw={m === model ? 800 : 500}>
                {m === "markov" ? "Markov" : m === "shapley" ? "Shapley" : ATTRIBUTION_MODEL_LABELS[m]}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody data-testid="journey-keys">
          {journey.keys.map((k) => (
            <Table.Tr
              key={`${k.kind}-${k.key}`}
              bg={focus !== null && k.key === focus ? "var(--mantine-color-yellow-light)" : undefined}
            >
              <Table.Td>
                <Text size="sm">{k.kind === "channel" ? label(CHANNEL_LABELS, k.key) : k.label}</Text>
                {!k.onJourney && k.kind !== "no_touch" && (
                  <Text size="xs" c="dimmed">
                    not on this journey
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right">{k.touches}</Table.Td>
              {ATTRIBUTION_MODELS.map((m) => (
                <Table.Td key={m} ta="right" fw={m === model ? 700 : 400}>
                  {k.credits[m] > 0 ? formatMoney(k.credits[m] * journey.amount) : "–"}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </DataTable>
    </Paper>
  );
}
