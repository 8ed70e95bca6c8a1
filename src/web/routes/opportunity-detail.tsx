import { Anchor, Button, SimpleGrid, Stack, Table } from "@mantine/core";
import { Link } from "react-router";
import { OPPORTUNITY_STAGES } from "../../shared/domain";
import type { Opportunity } from "../../shared/opportunities";
import { OpportunityStageBadge, OutcomeBadge } from "../features/common/badges";
import { Field, FieldGrid, Section, Stat } from "../features/common/detail";
import { DataTable } from "../features/common/list";
import { EmptyBlock } from "../features/common/query-states";
import { RecordPage } from "../features/common/record-page";
import { MemberName, RecordLink } from "../features/common/records";
import { StageMenu } from "../features/common/stage-menu";
import { OpportunityFormModal } from "../features/opportunities/opportunity-form";
import { PropertyValues } from "../features/properties/properties";
import {
  CONTACT_ROLE_LABELS,
  formatDate,
  formatDateTime,
  formatMoney,
  label,
  OPPORTUNITY_STAGE_LABELS,
} from "../lib/format";

export function OpportunityDetailPage() {
  return (
    <RecordPage<Opportunity>
      resource="opportunities"
      noun="opportunity"
      form={OpportunityFormModal}
      badges={(o) => <OutcomeBadge value={o.outcome} size="lg" />}
      description={(o) => (
        <>
          Deal with{" "}
          <Anchor component={Link} to={`/accounts/${o.accountId}`} size="sm">
            {o.accountName ?? "the account"}
          </Anchor>
        </>
      )}
      actions={(o) => (
        <StageMenu
          resource="opportunities"
          record={o}
          field="stage"
          stages={OPPORTUNITY_STAGES}
          stageLabel={(s) => label(OPPORTUNITY_STAGE_LABELS, s)}
          label="Move stage"
        />
      )}
    >
      {(o, edit) => <OpportunityBody o={o} edit={edit} />}
    </RecordPage>
  );
}

function OpportunityBody({ o, edit }: { o: Opportunity; edit: () => void }) {
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Stat label="Amount" value={formatMoney(o.amount, o.currency)} hint={o.currency} />
        <Stat label="Stage" value={<OpportunityStageBadge value={o.stage} size="lg" />} />
        <Stat
          label="Outcome"
          value={<OutcomeBadge value={o.outcome} size="lg" />}
          hint={o.closedAt ? `closed ${formatDate(o.closedAt)}` : undefined}
        />
        <Stat
          label="Close date"
          value={formatDate(o.closeDate)}
          hint={o.outcome === "open" ? "expected" : undefined}
        />
      </SimpleGrid>
      <Section title="Details">
        <FieldGrid cols={4}>
          <Field label="Account">
            <Anchor component={Link} to={`/accounts/${o.accountId}`} size="sm">
              {o.accountName ?? "Open account"}
            </Anchor>
          </Field>
          <Field label="Owner">
            <MemberName id={o.ownerMemberId} />
          </Field>
          <Field label="Source campaign">
            <RecordLink resource="campaigns" id={o.sourceCampaignId} fallback="None recorded" />
          </Field>
          <Field label="Created">{formatDateTime(o.createdAt)}</Field>
        </FieldGrid>
      </Section>
      <PropertyValues objectType="opportunities" values={o.properties} />
      <Section
        title="Contact roles"
        description="The buying committee: who decides, who pays, who champions the deal."
      >
        {o.contacts.length === 0 ? (
          <EmptyBlock
            title="No contacts on this deal yet"
            description="Edit the opportunity to add the people involved and their roles."
            action={
              <Button variant="light" onClick={edit}>
                Add contact roles
              </Button>
            }
          />
        ) : (
          <DataTable minWidth={400}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Contact</Table.Th>
                <Table.Th>Role</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {o.contacts.map((c) => (
                <Table.Tr key={c.contactId}>
                  <Table.Td>
                    <Anchor component={Link} to={`/contacts/${c.contactId}`} size="sm">
                      {c.name || "(no name)"}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{label(CONTACT_ROLE_LABELS, c.role)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </DataTable>
        )}
      </Section>
    </Stack>
  );
}
