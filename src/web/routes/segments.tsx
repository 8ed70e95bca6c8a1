import { Anchor, Badge, Group, Paper, Stack, Table, Text } from "@mantine/core";
import { IconChartPie, IconEdit, IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import type { Account } from "../../shared/accounts";
import type { Segment } from "../../shared/team";
import { SegmentFormModal } from "../features/abm/segment-form";
import { ArchivedBadge } from "../features/common/badges";
import { Field, FieldGrid, Section } from "../features/common/detail";
import { ExportCsvButton } from "../features/common/export-button";
import {
  DataTable,
  ListBody,
  ListToolbar,
  LoadMore,
  SearchBox,
  SortableTh,
  useInfiniteList,
  useUrlFilters,
} from "../features/common/list";
import { PageHeader } from "../features/common/page-header";
import { DetailSkeleton, EmptyBlock, ErrorAlert, TableSkeleton } from "../features/common/query-states";
import { ArchiveButton, GuardedButton } from "../features/common/record-actions";
import { RecordLink, RecordSelect, useRecord } from "../features/common/records";
import { usePermissions } from "../features/session/session";
import { formatDate, formatNumber } from "../lib/format";

const KEYS = ["q", "sort", "order", "archived", "podId"] as const;
const DEFAULTS = { sort: "name", order: "asc" };

function employeeRange(s: Segment): string {
  if (s.minEmployees == null && s.maxEmployees == null) return "Any size";
  if (s.maxEmployees == null) return `${formatNumber(s.minEmployees)}+ employees`;
  if (s.minEmployees == null) return `Up to ${formatNumber(s.maxEmployees)} employees`;
  return `${formatNumber(s.minEmployees)}–${formatNumber(s.maxEmployees)} employees`;
}

function Tags({ values, empty }: { values: string[]; empty: string }) {
  if (values.length === 0)
    return (
      <Text span size="sm" c="dimmed">
        {empty}
      </Text>
    );
  return (
    <Group gap={4}>
      {values.map((v) => (
        <Badge key={v} variant="default" size="sm" tt="none">
          {v}
        </Badge>
      ))}
    </Group>
  );
}

export function SegmentsPage() {
  const [f, set] = useUrlFilters(KEYS, DEFAULTS);
  const [creating, setCreating] = useState(false);
  const navigate = useNavigate();
  const { isLeadOrAdmin, leadOnlyHint } = usePermissions();
  const list = useInfiniteList<Segment>("segments", { ...f, archived: f.archived || undefined, limit: 50 });
  const filtered = Boolean(f.q || f.podId || f.archived);
  const sortProps = {
    sort: f.sort,
    order: f.order,
    onSort: (sort: string, order: string) => set({ sort, order }),
  };
  const newButton = (
    <GuardedButton
      allowed={isLeadOrAdmin}
      hint={leadOnlyHint}
      leftSection={<IconPlus size={16} />}
      onClick={() => setCreating(true)}
    >
      New segment
    </GuardedButton>
  );
  return (
    <>
      <PageHeader
        title="Segments"
        description="Slices of your ideal customer profile (industry, size, region) that both teams target."
        actions={
          <>
            <ExportCsvButton
              resource="segments"
              noun="segment"
              params={{ ...f, archived: f.archived || undefined }}
              filtered={filtered}
            />
            {newButton}
          </>
        }
      />
      <Paper withBorder p="md" radius="md">
        <ListToolbar
          search={
            <SearchBox
              value={f.q}
              onChange={(q) => set({ q })}
              placeholder="Search segments"
              label="Search segments"
            />
          }
          archived={f.archived === "true"}
          onArchivedChange={(v) => set({ archived: v ? "true" : null })}
        >
          <RecordSelect
            resource="pods"
            aria-label="Pod"
            placeholder="Any pod"
            value={f.podId || null}
            onChange={(v) => set({ podId: v })}
            w={180}
          />
        </ListToolbar>
        <ListBody
          list={list}
          noun="segment"
          filtered={filtered}
          onClearFilters={() => set({ q: null, podId: null, archived: null })}
          empty={
            <EmptyBlock
              icon={<IconChartPie size={28} />}
              title="No segments yet"
              description="Define which companies you go after, so marketing and sales aim at the same accounts."
              action={newButton}
            />
          }
        >
          {(items) => (
            <DataTable minWidth={800}>
              <Table.Thead>
                <Table.Tr>
                  <SortableTh label="Segment" sortKey="name" {...sortProps} />
                  <Table.Th>Industries</Table.Th>
                  <Table.Th>Company size</Table.Th>
                  <Table.Th>Regions</Table.Th>
                  <Table.Th>Pod</Table.Th>
                  <SortableTh label="Updated" sortKey="updatedAt" {...sortProps} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/segments/${s.id}`} fw={600} size="sm">
                        {s.name}
                      </Anchor>{" "}
                      <ArchivedBadge archivedAt={s.archivedAt} />
                    </Table.Td>
                    <Table.Td>
                      <Tags values={s.industries} empty="Any industry" />
                    </Table.Td>
                    <Table.Td>{employeeRange(s)}</Table.Td>
                    <Table.Td>
                      <Tags values={s.regions} empty="Anywhere" />
                    </Table.Td>
                    <Table.Td>
                      <RecordLink resource="pods" id={s.podId} />
                    </Table.Td>
                    <Table.Td>{formatDate(s.updatedAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </DataTable>
          )}
        </ListBody>
      </Paper>
      {creating && (
        <SegmentFormModal onClose={() => setCreating(false)} onSaved={(s) => navigate(`/segments/${s.id}`)} />
      )}
    </>
  );
}

export function SegmentDetailPage() {
  const { id = "" } = useParams();
  const segment = useRecord<Segment>("segments", id);
  const { isLeadOrAdmin, leadOnlyHint } = usePermissions();
  const [editing, setEditing] = useState(false);
  if (segment.isPending) return <DetailSkeleton />;
  if (segment.isError) return <ErrorAlert error={segment.error} onRetry={() => segment.refetch()} />;
  const s = segment.data;
  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Segments", to: "/segments" }]}
        title={s.name}
        badges={<ArchivedBadge archivedAt={s.archivedAt} />}
        description={s.description || "No description yet."}
        actions={
          <>
            <GuardedButton
              allowed={isLeadOrAdmin}
              hint={leadOnlyHint}
              variant="default"
              leftSection={<IconEdit size={16} />}
              onClick={() => setEditing(true)}
            >
              Edit
            </GuardedButton>
            <ArchiveButton resource="segments" record={s} noun="segment" allowed={isLeadOrAdmin} />
          </>
        }
      />
      <Stack gap="md">
        <Section title="Who is in this segment">
          <FieldGrid cols={4}>
            <Field label="Industries">
              <Tags values={s.industries} empty="Any industry" />
            </Field>
            <Field label="Company size">{employeeRange(s)}</Field>
            <Field label="Regions">
              <Tags values={s.regions} empty="Anywhere" />
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
