import { Anchor, Button, Group, Paper, Select, Table } from "@mantine/core";
import { IconCoin, IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { OPPORTUNITY_STAGES } from "../../shared/domain";
import { OPPORTUNITY_OUTCOMES, type Opportunity } from "../../shared/opportunities";
import { ArchivedBadge, OutcomeBadge } from "../features/common/badges";
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
import { MemberName, MemberSelect, RecordSelect } from "../features/common/records";
import { ImportCsvLink } from "../features/imports/import-link";
import { OpportunityFormModal } from "../features/opportunities/opportunity-form";
import {
  formatDate,
  formatMoney,
  label,
  OPPORTUNITY_STAGE_LABELS,
  OUTCOME_LABELS,
  options,
} from "../lib/format";

const KEYS = ["q", "sort", "order", "archived", "stage", "outcome", "accountId", "ownerMemberId"] as const;
const DEFAULTS = { sort: "closeDate", order: "desc" };

export function OpportunitiesPage() {
  const [f, set] = useUrlFilters(KEYS, DEFAULTS);
  const [creating, setCreating] = useState(false);
  const navigate = useNavigate();
  const list = useInfiniteList<Opportunity>("opportunities", {
    ...f,
    archived: f.archived || undefined,
    limit: 50,
  });
  const filtered = Boolean(f.q || f.stage || f.outcome || f.accountId || f.ownerMemberId || f.archived);
  const sortProps = {
    sort: f.sort,
    order: f.order,
    onSort: (sort: string, order: string) => set({ sort, order }),
  };
  const newButton = (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
      New opportunity
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Opportunities"
        description="Deals in the pipeline: amount, stage and expected close, visible to both teams."
        actions={
          <>
            <ExportCsvButton
              resource="opportunities"
              noun="opportunity"
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
              placeholder="Search deals"
              label="Search opportunities"
            />
          }
          archived={f.archived === "true"}
          onArchivedChange={(v) => set({ archived: v ? "true" : null })}
        >
          <Select
            aria-label="Stage"
            placeholder="Any stage"
            clearable
            data={options(OPPORTUNITY_STAGES, OPPORTUNITY_STAGE_LABELS)}
            value={f.stage || null}
            onChange={(v) => set({ stage: v })}
            w={160}
          />
          <Select
            aria-label="Outcome"
            placeholder="Any outcome"
            clearable
            data={options(OPPORTUNITY_OUTCOMES, OUTCOME_LABELS)}
            value={f.outcome || null}
            onChange={(v) => set({ outcome: v })}
            w={140}
          />
          <RecordSelect
            resource="accounts"
            aria-label="Account"
            placeholder="Any account"
            value={f.accountId || null}
            onChange={(v) => set({ accountId: v })}
            w={190}
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
          noun="opportunity"
          filtered={filtered}
          onClearFilters={() =>
            set({ q: null, stage: null, outcome: null, accountId: null, ownerMemberId: null, archived: null })
          }
          empty={
            <EmptyBlock
              icon={<IconCoin size={28} />}
              title="No opportunities yet"
              description="Track deals with their amount, stage and close date; wins count for both teams."
              action={
                <Group gap="sm" justify="center">
                  {newButton}
                  <ImportCsvLink entity="opportunities" />
                </Group>
              }
            />
          }
        >
          {(items) => (
            <DataTable minWidth={860}>
              <Table.Thead>
                <Table.Tr>
                  <SortableTh label="Deal" sortKey="name" {...sortProps} />
                  <Table.Th>Account</Table.Th>
                  <SortableTh label="Amount" sortKey="amount" {...sortProps} />
                  <Table.Th>Stage</Table.Th>
                  <Table.Th>Outcome</Table.Th>
                  <SortableTh label="Close date" sortKey="closeDate" {...sortProps} />
                  <Table.Th>Owner</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((o) => (
                  <Table.Tr key={o.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/opportunities/${o.id}`} fw={600} size="sm">
                        {o.name}
                      </Anchor>{" "}
                      <ArchivedBadge archivedAt={o.archivedAt} />
                    </Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/accounts/${o.accountId}`} size="sm">
                        {o.accountName ?? "Account"}
                      </Anchor>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>{formatMoney(o.amount, o.currency)}</Table.Td>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>
                      {label(OPPORTUNITY_STAGE_LABELS, o.stage)}
                    </Table.Td>
                    <Table.Td>
                      <OutcomeBadge value={o.outcome} />
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDate(o.closeDate)}</Table.Td>
                    <Table.Td>
                      <MemberName id={o.ownerMemberId} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </DataTable>
          )}
        </ListBody>
      </Paper>
      {creating && (
        <OpportunityFormModal
          onClose={() => setCreating(false)}
          onSaved={(o) => navigate(`/opportunities/${o.id}`)}
        />
      )}
    </>
  );
}
