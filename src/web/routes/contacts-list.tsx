import { Anchor, Button, Group, Paper, Select, Table, Text } from "@mantine/core";
import { IconAddressBook, IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import type { Contact } from "../../shared/contacts";
import { LIFECYCLE_STAGES } from "../../shared/domain";
import { ArchivedBadge, StageBadge } from "../features/common/badges";
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
import { ContactFormModal } from "../features/contacts/contact-form";
import { ImportCsvLink } from "../features/imports/import-link";
import { formatDate, fromNow, sourceLabel, stageLabel } from "../lib/format";

const KEYS = [
  "q",
  "sort",
  "order",
  "archived",
  "lifecycleStage",
  "accountId",
  "personaId",
  "ownerMemberId",
  "source",
] as const;
const DEFAULTS = { sort: "name", order: "asc" };

export function ContactsPage() {
  const [f, set] = useUrlFilters(KEYS, DEFAULTS);
  const [creating, setCreating] = useState(false);
  const navigate = useNavigate();
  const list = useInfiniteList<Contact>("contacts", { ...f, archived: f.archived || undefined, limit: 50 });
  const filtered = Boolean(
    f.q || f.lifecycleStage || f.accountId || f.personaId || f.ownerMemberId || f.source || f.archived,
  );
  const sortProps = {
    sort: f.sort,
    order: f.order,
    onSort: (sort: string, order: string) => set({ sort, order }),
  };
  const newButton = (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
      New contact
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Contacts"
        description="Everyone both teams talk to, from first touch (subscriber, lead, MQL) to customer."
        actions={
          <>
            <ExportCsvButton
              resource="contacts"
              noun="contact"
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
              placeholder="Search by name or email"
              label="Search contacts"
            />
          }
          archived={f.archived === "true"}
          onArchivedChange={(v) => set({ archived: v ? "true" : null })}
        >
          <Select
            aria-label="Lifecycle stage"
            placeholder="Any stage"
            clearable
            data={LIFECYCLE_STAGES.map((s) => ({ value: s, label: stageLabel(s) }))}
            value={f.lifecycleStage || null}
            onChange={(v) => set({ lifecycleStage: v })}
            w={170}
          />
          <RecordSelect
            resource="accounts"
            aria-label="Account"
            placeholder="Any account"
            value={f.accountId || null}
            onChange={(v) => set({ accountId: v })}
            w={190}
          />
          <RecordSelect
            resource="personas"
            aria-label="Persona"
            placeholder="Any persona"
            value={f.personaId || null}
            onChange={(v) => set({ personaId: v })}
            w={170}
          />
          <MemberSelect
            aria-label="Owner"
            placeholder="Any owner"
            value={f.ownerMemberId || null}
            onChange={(v) => set({ ownerMemberId: v })}
            w={180}
          />
          <SearchBox
            value={f.source}
            onChange={(source) => set({ source })}
            placeholder="Source"
            label="Source"
            width={130}
            withIcon={false}
          />
        </ListToolbar>
        <ListBody
          list={list}
          noun="contact"
          filtered={filtered}
          onClearFilters={() =>
            set({
              q: null,
              lifecycleStage: null,
              accountId: null,
              personaId: null,
              ownerMemberId: null,
              source: null,
              archived: null,
            })
          }
          empty={
            <EmptyBlock
              icon={<IconAddressBook size={28} />}
              title="No contacts yet"
              description="Add the people you are marketing and selling to. Both teams' touches with them land on one timeline."
              action={
                <Group gap="sm" justify="center">
                  {newButton}
                  <ImportCsvLink entity="contacts" />
                </Group>
              }
            />
          }
        >
          {(items) => (
            <DataTable minWidth={900}>
              <Table.Thead>
                <Table.Tr>
                  <SortableTh label="Name" sortKey="name" {...sortProps} />
                  <Table.Th>Title</Table.Th>
                  <Table.Th>Account</Table.Th>
                  <SortableTh label="Lifecycle stage" sortKey="lifecycleStageChangedAt" {...sortProps} />
                  <Table.Th>Owner</Table.Th>
                  <Table.Th>Source</Table.Th>
                  <SortableTh label="Added" sortKey="createdAt" {...sortProps} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/contacts/${c.id}`} fw={600} size="sm">
                        {c.name || c.email || "(no name)"}
                      </Anchor>{" "}
                      <ArchivedBadge archivedAt={c.archivedAt} />
                      {c.email && c.name && (
                        <Text size="xs" c="dimmed">
                          {c.email}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{c.title ?? "—"}</Table.Td>
                    <Table.Td>
                      <RecordLink resource="accounts" id={c.accountId} />
                    </Table.Td>
                    <Table.Td>
                      <StageBadge value={c.lifecycleStage} />
                      <Text size="xs" c="dimmed">
                        since {fromNow(c.lifecycleStageChangedAt)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <MemberName id={c.ownerMemberId} />
                    </Table.Td>
                    <Table.Td>{sourceLabel(c.source)}</Table.Td>
                    <Table.Td>{formatDate(c.createdAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </DataTable>
          )}
        </ListBody>
      </Paper>
      {creating && (
        <ContactFormModal onClose={() => setCreating(false)} onSaved={(c) => navigate(`/contacts/${c.id}`)} />
      )}
    </>
  );
}
