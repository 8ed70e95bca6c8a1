// The deals behind a campaign's number: every milestone whose journey touched the campaign, with the share
// the model gives it, largest first; a click opens the deal's journey.
import { Button, Drawer, Group, Stack, Table, Text, Title } from "@mantine/core";
import { ATTRIBUTION_MODEL_LABELS } from "../../../shared/attribution";
import { formatDate, formatMoney } from "../../lib/format";
import { DataTable } from "../common/list";
import { EmptyBlock, ErrorAlert, TableSkeleton } from "../common/query-states";
import type { ReportQuery } from "../reports/report-filters";
import { type AttributionOptions, useCampaignDeals } from "./attribution-api";
import { fraction, MILESTONE_NOUNS, percent } from "./model-words";

export function CampaignDealsDrawer({
  campaignId,
  query,
  options,
  onClose,
  onOpenDeal,
}: {
  campaignId: string | null;
  query: ReportQuery;
  options: AttributionOptions;
  onClose: () => void;
  onOpenDeal: (id: string) => void;
}) {
  const deals = useCampaignDeals(campaignId, query, options);
  const first = deals.data?.pages[0];
  const items = deals.data?.pages.flatMap((p) => p.items) ?? [];
  const nouns = MILESTONE_NOUNS[options.milestone];
  return (
    <Drawer
      opened={campaignId !== null}
      onClose={onClose}
      position="right"
      size="xl"
      title={<Title order={3}>{first ? first.campaign.name : "Campaign"}</Title>}
      data-testid="campaign-deals-drawer"
    >
      {deals.isPending ? (
        <TableSkeleton />
      ) : deals.isError ? (
        <ErrorAlert error={deals.error} onRetry={() => deals.refetch()} />
      ) : first ? (
        <Stack gap="sm">
          <Text size="sm">
            Under {ATTRIBUTION_MODEL_LABELS[first.model]}, {first.campaign.name} earns{" "}
            <b>
              {first.hasAmount
                ? formatMoney(first.credit.amount)
                : `${fraction(first.credit.conversions)} ${nouns.many}`}
            </b>
            {first.hasAmount && ` (${fraction(first.credit.conversions)} ${nouns.many})`}, from the{" "}
            {first.total} {first.hasAmount ? "deals" : "contacts"} below.
            {first.offJourney.conversions > 0 &&
              ` Markov adds ${first.hasAmount ? formatMoney(first.offJourney.amount) : fraction(first.offJourney.conversions)} from ${nouns.many} that never touched it: its workspace-wide share of every conversion.`}
          </Text>
          {items.length === 0 ? (
            <EmptyBlock
              title={`No ${nouns.one} touched this campaign`}
              description={`No ${nouns.one} in the period had a touch of this campaign in its window under these filters.`}
            />
          ) : (
            <DataTable minWidth={560}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{first.hasAmount ? "Deal" : "Contact"}</Table.Th>
                  <Table.Th>{first.milestone === "closed_won" ? "Won" : "Reached"}</Table.Th>
                  <Table.Th ta="right">Touches</Table.Th>
                  <Table.Th ta="right">Share</Table.Th>
                  {first.hasAmount && <Table.Th ta="right">Credit</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody data-testid="campaign-deals">
                {items.map((d) => (
                  <Table.Tr key={d.id}>
                    <Table.Td>
                      {d.kind === "opportunity" ? (
                        <Button variant="subtle" size="compact-sm" px={0} onClick={() => onOpenDeal(d.id)}>
                          {d.name}
                        </Button>
                      ) : (
                        d.name
                      )}
                      {first.hasAmount && (
                        <Text size="xs" c="dimmed">
                          {formatMoney(d.amount)}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDate(d.at)}</Table.Td>
                    <Table.Td ta="right">{d.touches}</Table.Td>
                    <Table.Td ta="right">{percent(d.share)}</Table.Td>
                    {first.hasAmount && <Table.Td ta="right">{formatMoney(d.credit)}</Table.Td>}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </DataTable>
          )}
          {deals.hasNextPage && (
            <Group justify="center">
              <Button
                variant="default"
                onClick={() => deals.fetchNextPage()}
                loading={deals.isFetchingNextPage}
              >
                Load more ({items.length} of {first.total})
              </Button>
            </Group>
          )}
        </Stack>
      ) : null}
    </Drawer>
  );
}
