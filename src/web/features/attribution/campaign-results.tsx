// The campaign page's own results: what it cost and brought under an attribution model over the last six
// months (the reports' default period), and the won deals behind its revenue, each opening its journey.
import { Anchor, Group, Select, Stack, Table, Text } from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";
import {
  ATTRIBUTION_MODEL_LABELS,
  ATTRIBUTION_MODELS,
  type AttributionModel,
} from "../../../shared/attribution";
import { formatDate, formatMoney } from "../../lib/format";
import { Section } from "../common/detail";
import { DataTable } from "../common/list";
import { ErrorAlert, TableSkeleton } from "../common/query-states";
import { periodText } from "../reports/report-filters";
import { type AttributionOptions, useCampaignDeals, useCampaignResults } from "./attribution-api";
import { JourneyDrawer } from "./journey-drawer";
import { percent } from "./model-words";
import { ResultsTiles } from "./performance";

export function CampaignResults({ campaignId }: { campaignId: string }) {
  const [model, setModel] = useState<AttributionModel>("linear");
  const [deal, setDeal] = useState<string | null>(null);
  const results = useCampaignResults(campaignId, {}, model);
  const options: AttributionOptions = {
    milestone: "closed_won",
    model,
    by: "campaign",
    lookbackDays: 90,
    halfLifeDays: 7,
  };
  const deals = useCampaignDeals(campaignId, {}, options);
  const won = deals.data?.pages[0];
  return (
    <Section
      title="Results"
      description={
        results.data
          ? `From ${periodText(results.data.period)}: what this campaign cost and what it brought under the ${ATTRIBUTION_MODEL_LABELS[model]} model.`
          : "What this campaign cost and what it brought."
      }
      actions={
        <Group gap="sm">
          <Select
            aria-label="Attribution model"
            w={220}
            data={ATTRIBUTION_MODELS.map((m) => ({ value: m, label: ATTRIBUTION_MODEL_LABELS[m] }))}
            value={model}
            onChange={(v) => v && setModel(v as AttributionModel)}
            allowDeselect={false}
            data-testid="campaign-results-model"
          />
          <Anchor
            component={Link}
            to={`/reports/attribution?model=${model}&campaign=${campaignId}`}
            size="sm"
          >
            Compare in Reports
          </Anchor>
        </Group>
      }
    >
      {results.isPending ? (
        <TableSkeleton rows={3} />
      ) : results.isError ? (
        <ErrorAlert error={results.error} onRetry={() => results.refetch()} />
      ) : (
        <Stack gap="md" style={{ opacity: results.isPlaceholderData ? 0.6 : 1 }}>
          <ResultsTiles
            row={results.data.results}
            model={model}
            minimum={results.data.minimumSample}
            scoringModel={results.data.scoringModel}
          />
          <Stack gap={4}>
            <Text fw={600} size="sm">
              Won deals behind its revenue
            </Text>
            {deals.isPending ? (
              <TableSkeleton rows={3} />
            ) : deals.isError ? (
              <ErrorAlert error={deals.error} onRetry={() => deals.refetch()} />
            ) : !won || won.items.length === 0 ? (
              <Text size="sm" c="dimmed">
                No deal won in the period had a touch of this campaign in the 90 days before its win.
              </Text>
            ) : (
              <DataTable minWidth={520}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Deal</Table.Th>
                    <Table.Th>Won</Table.Th>
                    <Table.Th ta="right">Touches</Table.Th>
                    <Table.Th ta="right">Share</Table.Th>
                    <Table.Th ta="right">Credit</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody data-testid="campaign-won-deals">
                  {won.items.slice(0, 10).map((d) => (
                    <Table.Tr key={d.id} onClick={() => setDeal(d.id)} style={{ cursor: "pointer" }}>
                      <Table.Td>
                        <Anchor component="button" size="sm">
                          {d.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{formatDate(d.at)}</Table.Td>
                      <Table.Td ta="right">{d.touches}</Table.Td>
                      <Table.Td ta="right">{percent(d.share)}</Table.Td>
                      <Table.Td ta="right">{formatMoney(d.credit)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </DataTable>
            )}
            {won && won.total > 10 && (
              <Anchor
                component={Link}
                to={`/reports/attribution?model=${model}&campaign=${campaignId}`}
                size="sm"
              >
                All {won.total} deals in Reports → Attribution
              </Anchor>
            )}
          </Stack>
        </Stack>
      )}
      <JourneyDrawer
        opportunityId={deal}
        query={{}}
        options={options}
        focus={campaignId}
        onClose={() => setDeal(null)}
      />
    </Section>
  );
}
