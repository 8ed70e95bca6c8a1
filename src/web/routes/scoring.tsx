// Agreements → Scoring: the workspace's scoring models, which version of each is live, and where the latest
// version stands in the joint approval.
import { Alert, Anchor, Group, List, Paper, Stack, Table, Text } from "@mantine/core";
import { IconInfoCircle, IconPlus, IconTargetArrow } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "react-router";
import type { ScoringModel } from "../../shared/scoring";
import { DataTable } from "../features/common/list";
import { PageHeader } from "../features/common/page-header";
import { EmptyBlock, ErrorAlert, TableSkeleton } from "../features/common/query-states";
import { GuardedButton } from "../features/common/record-actions";
import { CreateModelModal } from "../features/scoring/create-model-modal";
import { useScoringModels, useScoringPermissions } from "../features/scoring/scoring-api";
import { StatusBadge, teamLabel } from "../features/scoring/scoring-format";
import { formatDate } from "../lib/format";

const WHAT_IT_IS =
  "A scoring model is the definition of a good lead that sales and marketing agree on. It gives each contact fit points for who they are and engagement points for what they do, and says at which score a lead is handed to sales as an MQL.";

export function ScoringPage() {
  const models = useScoringModels();
  const { canEdit, editHint } = useScoringPermissions();
  const [creating, setCreating] = useState(false);
  const newButton = (
    <GuardedButton
      allowed={canEdit}
      hint={editHint}
      leftSection={<IconPlus size={16} />}
      onClick={() => setCreating(true)}
    >
      New model
    </GuardedButton>
  );
  const items = models.data?.items ?? [];
  return (
    <>
      <PageHeader
        title="Scoring"
        description="The lead definition both teams agree on. A version goes live only when a sales lead and a marketing lead have both approved it, and every score explains itself."
        actions={newButton}
      />
      <Paper withBorder p="md" radius="md">
        {models.isPending ? (
          <TableSkeleton rows={3} />
        ) : models.isError ? (
          <ErrorAlert error={models.error} onRetry={() => models.refetch()} />
        ) : items.length === 0 ? (
          <Stack gap={0}>
            <EmptyBlock
              icon={<IconTargetArrow size={28} />}
              title="No scoring model yet"
              description={
                <Stack gap="xs" maw={560} mx="auto" ta="left">
                  <Text size="sm">{WHAT_IT_IS}</Text>
                  <List size="sm" spacing={2}>
                    <List.Item>Marketing and sales leads edit the rules together in a draft.</List.Item>
                    <List.Item>
                      A backtest shows how many MQLs it would have made and how many of them were won.
                    </List.Item>
                    <List.Item>
                      It goes live when a sales lead and a marketing lead both approve it.
                    </List.Item>
                  </List>
                </Stack>
              }
              action={newButton}
            />
            {!canEdit && (
              <Alert color="gray" icon={<IconInfoCircle size={18} />} maw={560} mx="auto">
                {editHint}. Ask your team lead to start one; you will see its rules and every contact's score
                here.
              </Alert>
            )}
          </Stack>
        ) : (
          <>
            <Text size="sm" c="dimmed" mb="sm">
              {WHAT_IT_IS}
            </Text>
            <ModelsTable models={items} />
          </>
        )}
      </Paper>
      <CreateModelModal opened={creating} onClose={() => setCreating(false)} />
    </>
  );
}

function approvalsText(model: ScoringModel): string {
  const latest = model.versions.find((v) => v.version === model.latestVersion);
  if (!latest) return "—";
  const approved = latest.approvals.map((a) => `${a.name} (${teamLabel(a.team)})`);
  if (latest.status === "active" || latest.status === "retired") return approved.join(", ") || "—";
  const waiting = latest.missingApprovals.map((t) => `a ${t} lead`).join(" and ");
  if (!approved.length) return `Waiting for ${waiting}`;
  return waiting ? `${approved.join(", ")}; waiting for ${waiting}` : approved.join(", ");
}

function ModelsTable({ models }: { models: ScoringModel[] }) {
  return (
    <DataTable minWidth={820}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Model</Table.Th>
          <Table.Th>Live version</Table.Th>
          <Table.Th>Latest version</Table.Th>
          <Table.Th>Approved by (latest)</Table.Th>
          <Table.Th>Created</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {models.map((m) => {
          const latest = m.versions.find((v) => v.version === m.latestVersion);
          return (
            <Table.Tr key={m.id} data-testid="scoring-model-row">
              <Table.Td>
                <Anchor component={Link} to={`/scoring/${m.id}`} fw={600} size="sm">
                  {m.name}
                </Anchor>
                {m.description && (
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    {m.description}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {m.activeVersion !== null ? (
                  <Text size="sm" fw={600} c="green.8">
                    Version {m.activeVersion}
                  </Text>
                ) : (
                  <Text size="sm" c="dimmed">
                    Not live yet
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Text size="sm">Version {m.latestVersion}</Text>
                  <StatusBadge status={m.latestStatus} />
                </Group>
                {latest?.note && (
                  <Text size="xs" c="dimmed" lineClamp={1}>
                    {latest.note}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{approvalsText(m)}</Text>
              </Table.Td>
              <Table.Td>{formatDate(m.createdAt)}</Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </DataTable>
  );
}
