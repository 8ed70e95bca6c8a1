import { Anchor, Button, SimpleGrid, Stack, Table, Text } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import type { Account } from "../../shared/accounts";
import type { Contact } from "../../shared/contacts";
import type { Opportunity } from "../../shared/opportunities";
import { AccountFormModal } from "../features/accounts/account-form";
import { ArchivedBadge, OutcomeBadge, StageBadge } from "../features/common/badges";
import { Field, FieldGrid, Section, Stat } from "../features/common/detail";
import { DataTable, LoadMore, useInfiniteList } from "../features/common/list";
import { PageHeader } from "../features/common/page-header";
import { DetailSkeleton, EmptyBlock, ErrorAlert, TableSkeleton } from "../features/common/query-states";
import { RecordPageActions } from "../features/common/record-actions";
import { MemberName, RecordLink, useRecord } from "../features/common/records";
import { ContactFormModal } from "../features/contacts/contact-form";
import { OpportunityFormModal } from "../features/opportunities/opportunity-form";
import { AccountScorePanel } from "../features/scoring/account-score-panel";
import { usePermissions } from "../features/session/session";
import { formatDate, formatMoney, formatNumber, label, OPPORTUNITY_STAGE_LABELS } from "../lib/format";

export function AccountDetailPage() {
  const { id = "" } = useParams();
  const account = useRecord<Account>("accounts", id);
  const { isLeadOrAdmin } = usePermissions();
  const [editing, setEditing] = useState(false);

  if (account.isPending) return <DetailSkeleton />;
  if (account.isError) return <ErrorAlert error={account.error} onRetry={() => account.refetch()} />;
  const a = account.data;

  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Accounts", to: "/accounts" }]}
        title={a.name}
        badges={<ArchivedBadge archivedAt={a.archivedAt} />}
        description={
          a.domain ? (
            <Anchor href={`https://${a.domain}`} target="_blank" rel="noreferrer" size="sm">
              {a.domain}
            </Anchor>
          ) : (
            "No domain"
          )
        }
        actions={
          <RecordPageActions
            resource="accounts"
            record={a}
            noun="account"
            onEdit={() => setEditing(true)}
            isLeadOrAdmin={isLeadOrAdmin}
          />
        }
      />
      <Stack gap="md">
        <Section title="Details">
          <FieldGrid cols={4}>
            <Field label="Industry">{a.industry}</Field>
            <Field label="Employees">{formatNumber(a.employees)}</Field>
            <Field label="Annual revenue">{formatMoney(a.annualRevenue)}</Field>
            <Field label="Country / region">{[a.country, a.region].filter(Boolean).join(", ")}</Field>
            <Field label="Segment">
              <RecordLink resource="segments" id={a.segmentId} fallback="Not in a segment" />
            </Field>
            <Field label="Pod">
              <RecordLink resource="pods" id={a.podId} fallback="No pod yet" />
            </Field>
            <Field label="Owner">
              <MemberName id={a.ownerMemberId} />
            </Field>
            <Field label="Added">{formatDate(a.createdAt)}</Field>
          </FieldGrid>
        </Section>
        <Section
          title="Account score"
          description="How well this company fits and how engaged its people are."
        >
          <AccountScorePanel accountId={a.id} />
        </Section>
        <AccountOpportunities account={a} />
        <AccountContacts account={a} />
      </Stack>
      {editing && <AccountFormModal account={a} onClose={() => setEditing(false)} />}
    </>
  );
}

function AccountContacts({ account }: { account: Account }) {
  const [adding, setAdding] = useState(false);
  const navigate = useNavigate();
  const list = useInfiniteList<Contact>("contacts", { accountId: account.id, limit: 50, sort: "name" });
  const add = (
    <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setAdding(true)}>
      Add contact
    </Button>
  );
  return (
    <Section
      title="Contacts"
      description="People at this account, with where each is in the lifecycle."
      actions={add}
    >
      {list.isPending ? (
        <TableSkeleton rows={3} />
      ) : list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => list.refetch()} />
      ) : list.items.length === 0 ? (
        <EmptyBlock
          title="No contacts at this account yet"
          description="Add the people you are talking to."
          action={add}
        />
      ) : (
        <>
          <DataTable minWidth={600}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Title</Table.Th>
                <Table.Th>Lifecycle stage</Table.Th>
                <Table.Th>Owner</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.items.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/contacts/${c.id}`} size="sm" fw={600}>
                      {c.name || c.email}
                    </Anchor>
                    {c.email && c.name && (
                      <Text size="xs" c="dimmed">
                        {c.email}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{c.title ?? "—"}</Table.Td>
                  <Table.Td>
                    <StageBadge value={c.lifecycleStage} />
                  </Table.Td>
                  <Table.Td>
                    <MemberName id={c.ownerMemberId} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </DataTable>
          {list.hasNextPage && (
            <LoadMore
              hasNextPage={list.hasNextPage}
              isFetchingNextPage={list.isFetchingNextPage}
              fetchNextPage={list.fetchNextPage}
              count={list.items.length}
              noun="contact"
            />
          )}
        </>
      )}
      {adding && (
        <ContactFormModal
          defaults={{ accountId: account.id }}
          onClose={() => setAdding(false)}
          onSaved={(c) => navigate(`/contacts/${c.id}`)}
        />
      )}
    </Section>
  );
}

function sumBy(items: Opportunity[], pick: (o: Opportunity) => boolean): Map<string, number> {
  const totals = new Map<string, number>();
  for (const o of items) if (pick(o)) totals.set(o.currency, (totals.get(o.currency) ?? 0) + o.amount);
  return totals;
}

function moneyList(totals: Map<string, number>): string {
  if (totals.size === 0) return formatMoney(0);
  return [...totals].map(([currency, amount]) => formatMoney(amount, currency)).join(" + ");
}

function AccountOpportunities({ account }: { account: Account }) {
  const [adding, setAdding] = useState(false);
  const list = useInfiniteList<Opportunity>("opportunities", {
    accountId: account.id,
    limit: 200,
    sort: "closeDate",
    order: "asc",
  });
  const items = list.items;
  const open = items.filter((o) => o.outcome === "open");
  const won = items.filter((o) => o.outcome === "won");
  const add = (
    <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setAdding(true)}>
      New opportunity
    </Button>
  );
  return (
    <Section
      title="Opportunities"
      description="Deals with this account and what they add up to."
      actions={add}
    >
      {list.isPending ? (
        <TableSkeleton rows={3} />
      ) : list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <>
          {items.length > 0 && (
            <SimpleGrid cols={{ base: 1, xs: 3 }}>
              <Stat
                label="Open pipeline"
                value={moneyList(sumBy(items, (o) => o.outcome === "open"))}
                hint={`${open.length} open`}
              />
              <Stat
                label="Won revenue"
                value={moneyList(sumBy(items, (o) => o.outcome === "won"))}
                hint={`${won.length} won`}
              />
              <Stat
                label="All opportunities"
                value={moneyList(sumBy(items, () => true))}
                hint={`${items.length} in total${list.hasNextPage ? " (first 200)" : ""}`}
              />
            </SimpleGrid>
          )}
          {items.length === 0 ? (
            <EmptyBlock
              title="No opportunities yet"
              description="When a deal takes shape, track it here."
              action={add}
            />
          ) : (
            <DataTable minWidth={600}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Deal</Table.Th>
                  <Table.Th>Stage</Table.Th>
                  <Table.Th>Outcome</Table.Th>
                  <Table.Th>Close date</Table.Th>
                  <Table.Th ta="right">Amount</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((o) => (
                  <Table.Tr key={o.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/opportunities/${o.id}`} size="sm" fw={600}>
                        {o.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{label(OPPORTUNITY_STAGE_LABELS, o.stage)}</Table.Td>
                    <Table.Td>
                      <OutcomeBadge value={o.outcome} />
                    </Table.Td>
                    <Table.Td>{formatDate(o.closeDate)}</Table.Td>
                    <Table.Td ta="right">{formatMoney(o.amount, o.currency)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
              <Table.Tfoot>
                <Table.Tr>
                  <Table.Th colSpan={4}>Total</Table.Th>
                  <Table.Th ta="right">{moneyList(sumBy(items, () => true))}</Table.Th>
                </Table.Tr>
              </Table.Tfoot>
            </DataTable>
          )}
        </>
      )}
      {adding && (
        <OpportunityFormModal defaults={{ accountId: account.id }} onClose={() => setAdding(false)} />
      )}
    </Section>
  );
}
