import { Anchor, Stack, Table } from "@mantine/core";
import { IconChartPie } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "react-router";
import type { Account } from "../../shared/accounts";
import type { Segment } from "../../shared/team";
import { SegmentFormModal } from "../features/abm/segment-form";
import { Field, FieldGrid, Section } from "../features/common/detail";
import { DataTable, LoadMore, useInfiniteList } from "../features/common/list";
import { EmptyBlock, ErrorAlert, TableSkeleton } from "../features/common/query-states";
import { RecordPageHeader, useRecordPage } from "../features/common/record-actions";
import {
  type ListColumn,
  POD_FILTER,
  RecordListPage,
  RecordNameCell,
  TagList,
} from "../features/common/record-list";
import { RecordLink, useRecordNames } from "../features/common/records";
import { formatDate, formatNumber } from "../lib/format";

function employeeRange(s: Segment): string {
  if (s.minEmployees == null && s.maxEmployees == null) return "Any size";
  if (s.maxEmployees == null) return `${formatNumber(s.minEmployees)}+ employees`;
  if (s.minEmployees == null) return `Up to ${formatNumber(s.maxEmployees)} employees`;
  return `${formatNumber(s.minEmployees)}–${formatNumber(s.maxEmployees)} employees`;
}

export function SegmentsPage() {
  const podName = useRecordNames("pods");
  const columns: ListColumn<Segment>[] = [
    {
      header: "Segment",
      sortKey: "name",
      cell: (s) => <RecordNameCell to={`/segments/${s.id}`} name={s.name} archivedAt={s.archivedAt} />,
    },
    { header: "Industries", cell: (s) => <TagList values={s.industries} empty="Any industry" /> },
    { header: "Company size", cell: employeeRange },
    { header: "Regions", cell: (s) => <TagList values={s.regions} empty="Anywhere" /> },
    { header: "Pod", cell: (s) => <RecordLink resource="pods" id={s.podId} name={podName(s.podId)} /> },
    { header: "Updated", sortKey: "updatedAt", cell: (s) => formatDate(s.updatedAt) },
  ];
  return (
    <RecordListPage<Segment>
      resource="segments"
      noun="segment"
      description="Slices of your ideal customer profile (industry, size, region) that both teams target."
      filters={[POD_FILTER]}
      defaultSort={{ sort: "name", order: "asc" }}
      archivable
      columns={columns}
      create={{
        leadsOnly: true,
        form: (props) => <SegmentFormModal {...props} />,
      }}
      empty={{
        icon: <IconChartPie size={28} />,
        description: "Define which companies you go after, so marketing and sales aim at the same accounts.",
      }}
    />
  );
}

export function SegmentDetailPage() {
  const { record: s, fallback } = useRecordPage<Segment>("segments");
  const [editing, setEditing] = useState(false);
  if (!s) return fallback;
  return (
    <>
      <RecordPageHeader
        resource="segments"
        noun="segment"
        record={s}
        description={s.description || "No description yet."}
        onEdit={() => setEditing(true)}
        leadsOnly
      />
      <Stack gap="md">
        <Section title="Who is in this segment">
          <FieldGrid cols={4}>
            <Field label="Industries">
              <TagList values={s.industries} empty="Any industry" />
            </Field>
            <Field label="Company size">{employeeRange(s)}</Field>
            <Field label="Regions">
              <TagList values={s.regions} empty="Anywhere" />
            </Field>
            <Field label="Owning pod">
              <RecordLink resource="pods" id={s.podId} fallback="No pod" />
            </Field>
          </FieldGrid>
        </Section>
        <SegmentAccounts segmentId={s.id} />
      </Stack>
      {editing && <SegmentFormModal segment={s} onClose={() => setEditing(false)} />}
    </>
  );
}

function SegmentAccounts({ segmentId }: { segmentId: string }) {
  const list = useInfiniteList<Account>("accounts", { segmentId, limit: 25 });
  return (
    <Section title="Accounts in this segment">
      {list.isPending ? (
        <TableSkeleton rows={3} />
      ) : list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => list.refetch()} />
      ) : list.items.length === 0 ? (
        <EmptyBlock
          title="No accounts in this segment yet"
          description="Set the segment on an account's page."
        />
      ) : (
        <>
          <DataTable minWidth={500}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Account</Table.Th>
                <Table.Th>Industry</Table.Th>
                <Table.Th ta="right">Employees</Table.Th>
                <Table.Th>Region</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/accounts/${a.id}`} size="sm">
                      {a.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{a.industry ?? "—"}</Table.Td>
                  <Table.Td ta="right">{formatNumber(a.employees)}</Table.Td>
                  <Table.Td>{a.region ?? "—"}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </DataTable>
          {list.hasNextPage && (
            <LoadMore
              hasNextPage
              isFetchingNextPage={list.isFetchingNextPage}
              fetchNextPage={list.fetchNextPage}
              count={list.items.length}
              noun="account"
            />
          )}
        </>
      )}
    </Section>
  );
}
