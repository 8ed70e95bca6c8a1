import { Anchor, Group, Stack, Table, Text } from "@mantine/core";
import { IconUserCircle } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "react-router";
import type { Contact } from "../../shared/contacts";
import type { Persona } from "../../shared/team";
import { PersonaFormModal } from "../features/abm/persona-form";
import { StageBadge } from "../features/common/badges";
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
import { formatDate, label, SENIORITY_LABELS } from "../lib/format";

function seniorities(p: Persona): string[] {
  return p.seniorities.map((v) => label(SENIORITY_LABELS, v));
}

export function PersonasPage() {
  const podName = useRecordNames("pods");
  const columns: ListColumn<Persona>[] = [
    {
      header: "Persona",
      sortKey: "name",
      cell: (p) => (
        <RecordNameCell
          to={`/personas/${p.id}`}
          name={p.name}
          archivedAt={p.archivedAt}
          detail={p.description}
        />
      ),
    },
    { header: "Job titles", cell: (p) => <TagList values={p.titlePatterns} /> },
    { header: "Seniorities", cell: (p) => <TagList values={seniorities(p)} /> },
    { header: "Pod", cell: (p) => <RecordLink resource="pods" id={p.podId} name={podName(p.podId)} /> },
    { header: "Updated", sortKey: "updatedAt", cell: (p) => formatDate(p.updatedAt) },
  ];
  return (
    <RecordListPage<Persona>
      resource="personas"
      noun="persona"
      description="Buyer profiles both teams agree on: who they are, what hurts, what they object to."
      filters={[POD_FILTER]}
      defaultSort={{ sort: "name", order: "asc" }}
      archivable
      columns={columns}
      create={{
        leadsOnly: true,
        form: (props) => <PersonaFormModal {...props} />,
      }}
      empty={{
        icon: <IconUserCircle size={28} />,
        description: "Describe your buyers once, so marketing targets and sales qualifies the same people.",
      }}
    />
  );
}

export function PersonaDetailPage() {
  const { record: p, fallback } = useRecordPage<Persona>("personas");
  const [editing, setEditing] = useState(false);
  if (!p) return fallback;
  return (
    <>
      <RecordPageHeader
        resource="personas"
        noun="persona"
        record={p}
        description={p.description || "No description yet."}
        onEdit={() => setEditing(true)}
        leadsOnly
      />
      <Stack gap="md">
        <Section title="Profile">
          <FieldGrid cols={4}>
            <Field label="Job titles">
              <TagList values={p.titlePatterns} />
            </Field>
            <Field label="Seniorities">
              <TagList values={seniorities(p)} />
            </Field>
            <Field label="Departments">
              <TagList values={p.departments} />
            </Field>
            <Field label="Owning pod">
              <RecordLink resource="pods" id={p.podId} fallback="No pod" />
            </Field>
          </FieldGrid>
        </Section>
        <Group grow align="stretch" wrap="wrap">
          <Section title="Pains">
            <Text size="sm" style={{ whiteSpace: "pre-wrap" }} c={p.pains ? undefined : "dimmed"}>
              {p.pains || "Not written yet."}
            </Text>
          </Section>
          <Section title="Objections">
            <Text size="sm" style={{ whiteSpace: "pre-wrap" }} c={p.objections ? undefined : "dimmed"}>
              {p.objections || "Not written yet."}
            </Text>
          </Section>
        </Group>
        <PersonaContacts personaId={p.id} />
      </Stack>
      {editing && <PersonaFormModal persona={p} onClose={() => setEditing(false)} />}
    </>
  );
}

function PersonaContacts({ personaId }: { personaId: string }) {
  const list = useInfiniteList<Contact>("contacts", { personaId, limit: 25 });
  return (
    <Section title="Contacts with this persona">
      {list.isPending ? (
        <TableSkeleton rows={3} />
      ) : list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => list.refetch()} />
      ) : list.items.length === 0 ? (
        <EmptyBlock title="No contacts matched to this persona yet" />
      ) : (
        <>
          <DataTable minWidth={500}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Title</Table.Th>
                <Table.Th>Account</Table.Th>
                <Table.Th>Stage</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.items.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/contacts/${c.id}`} size="sm">
                      {c.name || c.email}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{c.title ?? "—"}</Table.Td>
                  <Table.Td>
                    <RecordLink resource="accounts" id={c.accountId} name={c.accountName ?? undefined} />
                  </Table.Td>
                  <Table.Td>
                    <StageBadge value={c.lifecycleStage} />
                  </Table.Td>
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
              noun="contact"
            />
          )}
        </>
      )}
    </Section>
  );
}
