import { Anchor, Button, Group, Paper, Table, Text } from "@mantine/core";
import { IconBuilding, IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import type { Account } from "../../shared/accounts";
import { AccountFormModal } from "../features/accounts/account-form";
import { ArchivedBadge } from "../features/common/badges";
import { ExportCsvButton } from "../features/common/export-button";
import {
  DataTable,
  ListBody,
  ListToolbar,
  SearchBox,
  SortableTh,
  useInfiniteList,
  useUrlFilters,
} from "../features/common/list";
import { PageHeader } from "../features/common/page-header";
import { EmptyBlock } from "../features/common/query-states";
import { MemberName, MemberSelect, RecordLink, RecordSelect } from "../features/common/records";
import { ImportCsvLink } from "../features/imports/import-link";
import { formatDate, formatMoney, formatNumber } from "../lib/format";

const KEYS = ["q", "sort", "order", "archived", "industry", "segmentId", "podId", "ownerMemberId"] as const;
const DEFAULTS = { sort: "name", order: "asc" };

export function AccountsPage() {
  const [f, set] = useUrlFilters(KEYS, DEFAULTS);
  const [creating, setCreating] = useState(false);
  const navigate = useNavigate();
  const list = useInfiniteList<Account>("accounts", { ...f, archived: f.archived || undefined, limit: 50 });
  const filtered = Boolean(f.q || f.industry || f.segmentId || f.podId || f.ownerMemberId || f.archived);
  const newButton = (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
      New account
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Accounts"
        description="Companies both teams sell and market to."
        actions={
          <>
            <ExportCsvButton
              resource="accounts"
              noun="account"
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
              placeholder="Search by name or domain"
              label="Search accounts"
            />
          }
          archived={f.archived === "true"}
          onArchivedChange={(v) => set({ archived: v ? "true" : null })}
        >
          <SearchBox
            value={f.industry}
            onChange={(industry) => set({ industry })}
            placeholder="Industry"
            label="Industry"
            width={150}
            withIcon={false}
          />
          <RecordSelect
            resource="segments"
            aria-label="Segment"
            placeholder="Any segment"
            value={f.segmentId || null}
            onChange={(v) => set({ segmentId: v })}
            w={180}
          />
          <RecordSelect
            resource="pods"
            aria-label="Pod"
            placeholder="Any pod"
            value={f.podId || null}
            onChange={(v) => set({ podId: v })}
            w={160}
          />
          <MemberSelect
            aria-label="Owner"
            placeholder="Any owner"
            value={f.ownerMemberId || null}
            onChange={(v) => set({ ownerMemberId: v })}
            w={180}
          />
        </ListToolbar>
        <ListBody
          list={list}
          noun="account"
          filtered={filtered}
          onClearFilters={() =>
            set({
              q: null,
              industry: null,
              segmentId: null,
              podId: null,
              ownerMemberId: null,
              archived: null,
            })
          }
          empty={
            <EmptyBlock
              icon={<IconBuilding size={28} />}
              title="No accounts yet"
              description="Add the companies you sell to. Contacts, opportunities and touches hang off them."
              action={
                <Group gap="sm" justify="center">
                  {newButton}
                  <ImportCsvLink entity="accounts" />
                </Group>
              }
            />
          }
        >
          {(items) => (
            <DataTable minWidth={900}>
              <Table.Thead>
                <Table.Tr>
                  <SortableTh
                    label="Name"
                    sortKey="name"
                    sort={f.sort}
                    order={f.order}
                    onSort={(sort, order) => set({ sort, order })}
                  />
                  <Table.Th>Industry</Table.Th>
                  <Table.Th ta="right">Employees</Table.Th>
                  <Table.Th ta="right">Annual revenue</Table.Th>
                  <Table.Th>Country</Table.Th>
                  <Table.Th>Segment</Table.Th>
                  <Table.Th>Pod</Table.Th>
                  <Table.Th>Owner</Table.Th>
                  <SortableTh
                    label="Added"
                    sortKey="createdAt"
                    sort={f.sort}
                    order={f.order}
                    onSort={(sort, order) => set({ sort, order })}
                  />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((a) => (
                  <Table.Tr key={a.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/accounts/${a.id}`} fw={600} size="sm">
                        {a.name}
                      </Anchor>{" "}
                      <ArchivedBadge archivedAt={a.archivedAt} />
                      {a.domain && (
                        <Text size="xs" c="dimmed">
                          {a.domain}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{a.industry ?? "—"}</Table.Td>
                    <Table.Td ta="right">{formatNumber(a.employees)}</Table.Td>
                    <Table.Td ta="right">{formatMoney(a.annualRevenue)}</Table.Td>
                    <Table.Td>{[a.country, a.region].filter(Boolean).join(", ") || "—"}</Table.Td>
                    <Table.Td>
                      <RecordLink resource="segments" id={a.segmentId} />
                    </Table.Td>
                    <Table.Td>
                      <RecordLink resource="pods" id={a.podId} />
                    </Table.Td>
                    <Table.Td>
                      <MemberName id={a.ownerMemberId} />
                    </Table.Td>
                    <Table.Td>{formatDate(a.createdAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </DataTable>
          )}
        </ListBody>
      </Paper>
      {creating && (
        <AccountFormModal onClose={() => setCreating(false)} onSaved={(a) => navigate(`/accounts/${a.id}`)} />
      )}
    </>
  );
}
