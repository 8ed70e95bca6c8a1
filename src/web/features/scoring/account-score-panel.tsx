// An account's score under each live model: fit from the rules on company attributes, engagement rolled up
// from its contacts (the most engaged counts in full, the next half, the third a third…).
import { Anchor, Skeleton, Table, Text } from "@mantine/core";
import { IconTargetArrow } from "@tabler/icons-react";
import { Link } from "react-router";
import { formatNumber, fromNow } from "../../lib/format";
import { DataTable } from "../common/list";
import { EmptyBlock, ErrorAlert } from "../common/query-states";
import { useAccountScores } from "./scoring-api";
import { formatScore } from "./scoring-format";

export function AccountScorePanel({ accountId }: { accountId: string }) {
  const scores = useAccountScores(accountId);
  if (scores.isPending) return <Skeleton h={80} aria-busy="true" aria-label="Loading scores" />;
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
            : once a sales lead and a marketing lead approve it, accounts are scored too.
          </>
        }
      />
    );
  return (
    <>
      <DataTable minWidth={560}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Model</Table.Th>
            <Table.Th ta="right">Fit</Table.Th>
            <Table.Th ta="right">Engagement</Table.Th>
            <Table.Th ta="right">Combined</Table.Th>
            <Table.Th ta="right">Engaged contacts</Table.Th>
            <Table.Th>Scored</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {scores.data.items.map((s) => (
            <Table.Tr key={s.modelId} data-testid="account-score">
              <Table.Td>
                <Anchor component={Link} to={`/scoring/${s.modelId}`} size="sm" fw={600}>
                  {s.modelName}
                </Anchor>
              </Table.Td>
              <Table.Td ta="right">{formatScore(s.fit)}</Table.Td>
              <Table.Td ta="right">{formatScore(s.engagement)}</Table.Td>
              <Table.Td ta="right" fw={700}>
                {formatScore(s.combined)}
              </Table.Td>
              <Table.Td ta="right">{formatNumber(s.engagedContacts)}</Table.Td>
              <Table.Td>{fromNow(s.scoredAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </DataTable>
      <Text size="xs" c="dimmed">
        Fit uses the rules about the company (industry, size, region…). Engagement adds up the contacts'
        engagement: the most engaged contact counts in full, the second half, the third a third, and so on.
      </Text>
    </>
  );
}
