import { Anchor, Button, SimpleGrid, Stack, Table, Text } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import type { Account } from "../../shared/accounts";
import type { Contact } from "../../shared/contacts";
import type { Opportunity } from "../../shared/opportunities";
import {
  AccountJourneySection,
  AccountPlays,
  AccountTimeline,
  CommitteeMap,
} from "../features/abm/account-abm";
import { AccountFormModal } from "../features/accounts/account-form";
import { OutcomeBadge, StageBadge } from "../features/common/badges";
import { Field, FieldGrid, Section, Stat } from "../features/common/detail";
import { useInfiniteList } from "../features/common/list";
import { EmptyBlock, ErrorAlert, TableSkeleton } from "../features/common/query-states";
import { type ListColumn, RecordTable } from "../features/common/record-list";
import { RecordPage } from "../features/common/record-page";
import { MemberName, RecordLink } from "../features/common/records";
import { RelatedList } from "../features/common/related-list";
import { ContactFormModal } from "../features/contacts/contact-form";
import { OpportunityFormModal } from "../features/opportunities/opportunity-form";
import { PropertyValues } from "../features/properties/properties";
import { AccountScorePanel } from "../features/scoring/account-score-panel";
import { client, ok } from "../lib/api";
import { formatDate, formatMoney, formatNumber, label, OPPORTUNITY_STAGE_LABELS } from "../lib/format";

export function AccountDetailPage() {
  return (
    <RecordPage<Account> resource="accounts" noun="account" form={AccountFormModal} description={domainLink}>
      {(a) => (
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
          <PropertyValues objectType="accounts" values={a.properties} />
          <Section
            title="Account score"
            description="How well this company fits and how engaged its people are."
          >
            <AccountScorePanel accountId={a.id} />
          </Section>
          <AccountJourneySection accountId={a.id} />
          <CommitteeMap accountId={a.id} />
          <AccountPlays accountId={a.id} />
          <AccountOpportunities account={a} />
          <AccountTimeline accountId={a.id} />
          <AccountContacts account={a} />
        </Stack>
      )}
    </RecordPage>
  );
}

function domainLink(a: Account) {
  return a.domain ? (
    <Anchor href={`https://${a.domain}`} target="_blank" rel="noreferrer" size="sm">
      {a.domain}
    </Anchor>
  ) : (
    "No domain"
  );
}

const CONTACT_COLUMNS: ListColumn<Contact>[] = [
  {
    header: "Name",
    cell: (c) => (
      <>
        <Anchor component={Link} to={`/contacts/${c.id}`} size="sm" fw={600}>
          {c.name || c.email}
        </Anchor>
        {c.email && c.name && (
          <Text size="xs" c="dimmed">
            {c.email}
          </Text>
        )}
      </>
    ),
  },
  { header: "Title", cell: (c) => c.title ?? "—" },
  { header: "Lifecycle stage", cell: (c) => <StageBadge value={c.lifecycleStage} /> },
  { header: "Owner", cell: (c) => <MemberName id={c.ownerMemberId} /> },
];

function AccountContacts({ account }: { account: Account }) {
  const [adding, setAdding] = useState(false);
  const navigate = useNavigate();
  const add = (
    <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setAdding(true)}>
      Add contact
    </Button>
  );
  return (
    <RelatedList<Contact>
      title="Contacts"
      description="People at this account, with where each is in the lifecycle."
      actions={add}
      resource="contacts"
      fetchPage={(query, signal) => ok(client.GET("/api/contacts", { params: { query }, signal }))}
      params={{ accountId: account.id, limit: 50, sort: "name" }}
      noun="contact"
      columns={CONTACT_COLUMNS}
      minWidth={600}
      empty={{
        title: "No contacts at this account yet",
        description: "Add the people you are talking to.",
        action: add,
      }}
    >
      {adding && (
        <ContactFormModal
          defaults={{ accountId: account.id }}
          onClose={() => setAdding(false)}
          onSaved={(c) => navigate(`/contacts/${c.id}`)}
        />
      )}
    </RelatedList>
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

const OPPORTUNITY_COLUMNS: ListColumn<Opportunity>[] = [
  {
    header: "Deal",
    cell: (o) => (
      <Anchor component={Link} to={`/opportunities/${o.id}`} size="sm" fw={600}>
        {o.name}
      </Anchor>
    ),
  },
  { header: "Stage", cell: (o) => label(OPPORTUNITY_STAGE_LABELS, o.stage) },
  { header: "Outcome", cell: (o) => <OutcomeBadge value={o.outcome} /> },
  { header: "Close date", cell: (o) => formatDate(o.closeDate) },
  { header: "Amount", align: "right", cell: (o) => formatMoney(o.amount, o.currency) },
];

function AccountOpportunities({ account }: { account: Account }) {
  const [adding, setAdding] = useState(false);
  const list = useInfiniteList(
    "opportunities",
    (query, signal) => ok(client.GET("/api/opportunities", { params: { query }, signal })),
    {
      accountId: account.id,
      limit: 200,
      sort: "closeDate",
      order: "asc",
    },
  );
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
            <RecordTable
              columns={OPPORTUNITY_COLUMNS}
              items={items}
              minWidth={600}
              footer={
                <Table.Tr>
                  <Table.Th colSpan={4}>Total</Table.Th>
                  <Table.Th ta="right">{moneyList(sumBy(items, () => true))}</Table.Th>
                </Table.Tr>
              }
            />
          )}
        </>
      )}
      {adding && (
        <OpportunityFormModal defaults={{ accountId: account.id }} onClose={() => setAdding(false)} />
      )}
    </Section>
  );
}
