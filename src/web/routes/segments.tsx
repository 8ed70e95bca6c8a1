import {
  Anchor,
  Badge,
  Button,
  Group,
  MultiSelect,
  Pagination,
  SimpleGrid,
  Stack,
  Table,
  Text,
} from "@mantine/core";
import { IconChartPie } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Link } from "react-router";
import type { Segment } from "../../shared/team";
import { useSegmentAccounts, useSegmentNumbers } from "../features/abm/abm-api";
import { JourneyStageBadge } from "../features/abm/abm-ui";
import { PodOwnedListPage } from "../features/abm/pod-owned-list";
import { SegmentPropertyCriteria } from "../features/abm/segment-criteria";
import { SegmentFormModal } from "../features/abm/segment-form";
import { Field, FieldGrid, InlineEditFooter, Section, Stat } from "../features/common/detail";
import { DataTable } from "../features/common/list";
import { EmptyBlock, ErrorAlert, TableSkeleton } from "../features/common/query-states";
import { type ListColumn, nameColumn, TagList } from "../features/common/record-list";
import { RecordPage } from "../features/common/record-page";
import { RecordLink, useRecordNames } from "../features/common/records";
import { useSession } from "../features/session/session";
import { client, ok } from "../lib/api";
import { formatMoney, formatNumber } from "../lib/format";

function employeeRange(s: Segment): string {
  if (s.minEmployees == null && s.maxEmployees == null) return "Any size";
  if (s.maxEmployees == null) return `${formatNumber(s.minEmployees)}+ employees`;
  if (s.minEmployees == null) return `Up to ${formatNumber(s.maxEmployees)} employees`;
  return `${formatNumber(s.minEmployees)}–${formatNumber(s.maxEmployees)} employees`;
}

function revenueRange(s: Segment): string | null {
  if (s.minAnnualRevenue == null && s.maxAnnualRevenue == null) return null;
  if (s.maxAnnualRevenue == null) return `${formatMoney(s.minAnnualRevenue)}+ revenue`;
  if (s.minAnnualRevenue == null) return `Up to ${formatMoney(s.maxAnnualRevenue)} revenue`;
  return `${formatMoney(s.minAnnualRevenue)}–${formatMoney(s.maxAnnualRevenue)} revenue`;
}

type Numbers = { accounts: number; targetAccounts: number; pipeline: number; revenue: number };

function segmentColumns(numbers: Map<string, Numbers> | null): ListColumn<Segment>[] {
  const n = (s: Segment) => numbers?.get(s.id);
  return [
    nameColumn("segments", "Segment"),
    { header: "Industries", cell: (s) => <TagList values={s.industries} empty="Any industry" /> },
    {
      header: "Company size",
      cell: (s) => (
        <>
          {employeeRange(s)}
          {revenueRange(s) && (
            <Text size="xs" c="dimmed">
              {revenueRange(s)}
            </Text>
          )}
        </>
      ),
    },
    { header: "Regions", cell: (s) => <TagList values={s.regions} empty="Anywhere" /> },
    {
      header: "Accounts now",
      align: "right",
      cell: (s) => (numbers ? formatNumber(n(s)?.accounts ?? 0) : "…"),
    },
    { header: "Pipeline", align: "right", cell: (s) => (numbers ? formatMoney(n(s)?.pipeline ?? 0) : "…") },
    { header: "Revenue", align: "right", cell: (s) => (numbers ? formatMoney(n(s)?.revenue ?? 0) : "…") },
  ];
}

export function SegmentsPage() {
  const numbers = useSegmentNumbers();
  const byId = useMemo(
    () => (numbers.data ? new Map(numbers.data.items.map((n) => [n.segmentId, n])) : null),
    [numbers.data],
  );
  return (
    <PodOwnedListPage<Segment>
      resource="segments"
      fetchPage={(query, signal) => ok(client.GET("/api/segments", { params: { query }, signal }))}
      noun="segment"
      description="Slices of your ideal customer profile (industry, size, revenue, region, custom properties) that both teams target, with the accounts in each now and what they produced."
      columns={segmentColumns(byId)}
      form={SegmentFormModal}
      empty={{
        icon: <IconChartPie size={28} />,
        description: "Define which companies you go after, so marketing and sales aim at the same accounts.",
      }}
    />
  );
}

export function SegmentDetailPage() {
  return (
    <RecordPage<Segment> resource="segments" noun="segment" form={SegmentFormModal} leadsOnly>
      {(s) => (
        <Stack gap="md">
          <Section title="Who is in this segment">
            <FieldGrid cols={4}>
              <Field label="Industries">
                <TagList values={s.industries} empty="Any industry" />
              </Field>
              <Field label="Company size">{employeeRange(s)}</Field>
              <Field label="Annual revenue">{revenueRange(s) ?? "Any revenue"}</Field>
              <Field label="Regions">
                <TagList values={s.regions} empty="Anywhere" />
              </Field>
              <Field label="Owning pod">
                <RecordLink resource="pods" id={s.podId} fallback="No pod" />
              </Field>
            </FieldGrid>
          </Section>
          <SegmentNumbers segmentId={s.id} />
          <SegmentCommittee segment={s} />
          <SegmentPropertyCriteria segment={s} />
          <SegmentAccounts segmentId={s.id} />
        </Stack>
      )}
    </RecordPage>
  );
}

function SegmentNumbers({ segmentId }: { segmentId: string }) {
  const numbers = useSegmentNumbers();
  const n = numbers.data?.items.find((x) => x.segmentId === segmentId);
  if (numbers.isError) return <ErrorAlert error={numbers.error} onRetry={() => numbers.refetch()} />;
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }}>
      <Stat label="Accounts now" value={n ? formatNumber(n.accounts) : "…"} hint="set by hand or matching" />
      <Stat
        label="Target accounts"
        value={n ? formatNumber(n.targetAccounts) : "…"}
        hint="on a target list"
      />
      <Stat
        label="Pipeline"
        value={n ? formatMoney(n.pipeline) : "…"}
        hint={n ? `${n.openOpportunities} deals open` : ""}
      />
      <Stat label="Revenue" value={n ? formatMoney(n.revenue) : "…"} hint="won deals" />
    </SimpleGrid>
  );
}

function SegmentCommittee({ segment }: { segment: Segment }) {
  const { member } = useSession();
  const isLead = member.role === "lead" || member.role === "admin";
  const personaName = useRecordNames("personas");
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(segment.committeePersonaIds);
  const queryClient = useQueryClient();
  const personas = useQuery({
    queryKey: ["personas", "committee-options"],
    queryFn: ({ signal }) => ok(client.GET("/api/personas", { params: { query: { limit: 200 } }, signal })),
    enabled: editing,
  });
  const save = useMutation({
    mutationFn: () =>
      ok(
        client.PATCH("/api/segments/{id}", {
          params: { path: { id: segment.id } },
          body: { committeePersonaIds: value },
        }),
      ),
    onSuccess: () => {
      setEditing(false);
      void queryClient.invalidateQueries();
    },
  });
  return (
    <Section
      title="Buying committee"
      description="The personas expected on an account's buying committee; each account's page shows who is known, engaged or missing."
      actions={
        isLead && !editing ? (
          <Button size="xs" variant="light" onClick={() => setEditing(true)}>
            Edit committee
          </Button>
        ) : undefined
      }
    >
      {editing ? (
        <Stack gap="xs">
          <MultiSelect
            label="Expected personas"
            placeholder="e.g. Economic buyer, Champion, Technical evaluator"
            data={(personas.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
            value={value}
            onChange={setValue}
            searchable
          />
          <InlineEditFooter save={save} onCancel={() => setEditing(false)} label="Save committee" />
        </Stack>
      ) : segment.committeePersonaIds.length === 0 ? (
        <Text size="sm" c="dimmed">
          No personas named yet.
        </Text>
      ) : (
        <Group gap="xs">
          {segment.committeePersonaIds.map((id) => (
            <Badge key={id} variant="light">
              {personaName(id) ?? "…"}
            </Badge>
          ))}
        </Group>
      )}
    </Section>
  );
}

function SegmentAccounts({ segmentId }: { segmentId: string }) {
  const limit = 25;
  const [page, setPage] = useState(1);
  const accounts = useSegmentAccounts(segmentId, (page - 1) * limit, limit);
  return (
    <Section
      title="Accounts in this segment"
      description="Accounts set to this segment by hand or matching its criteria now, most pipeline first."
    >
      {accounts.isPending ? (
        <TableSkeleton rows={4} />
      ) : accounts.isError ? (
        <ErrorAlert error={accounts.error} onRetry={() => accounts.refetch()} />
      ) : accounts.data.total === 0 ? (
        <EmptyBlock
          title="No account matches yet"
          description="Widen the criteria, or set the segment on an account's page."
        />
      ) : (
        <>
          <DataTable minWidth={700}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Account</Table.Th>
                <Table.Th>Industry</Table.Th>
                <Table.Th ta="right">Employees</Table.Th>
                <Table.Th>Stage</Table.Th>
                <Table.Th ta="right">Pipeline</Table.Th>
                <Table.Th ta="right">Revenue</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {accounts.data.items.map((a) => (
                <Table.Tr key={a.accountId}>
                  <Table.Td>
                    <Anchor component={Link} to={`/accounts/${a.accountId}`} size="sm">
                      {a.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{a.industry ?? "—"}</Table.Td>
                  <Table.Td ta="right">{formatNumber(a.employees)}</Table.Td>
                  <Table.Td>
                    <JourneyStageBadge stage={a.stage} />
                  </Table.Td>
                  <Table.Td ta="right">{formatMoney(a.pipeline)}</Table.Td>
                  <Table.Td ta="right">{formatMoney(a.revenue)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </DataTable>
          {accounts.data.total > limit && (
            <Group justify="flex-end">
              <Pagination
                size="sm"
                total={Math.ceil(accounts.data.total / limit)}
                value={page}
                onChange={setPage}
              />
            </Group>
          )}
        </>
      )}
    </Section>
  );
}
