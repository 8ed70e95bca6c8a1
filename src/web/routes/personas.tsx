import { Anchor, Badge, Group, Paper, Stack, Table, Text } from "@mantine/core";
import { IconEdit, IconPlus, IconUserCircle } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import type { Contact } from "../../shared/contacts";
import type { Persona } from "../../shared/team";
import { PersonaFormModal } from "../features/abm/persona-form";
import { ArchivedBadge, StageBadge } from "../features/common/badges";
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
import { formatDate, label, SENIORITY_LABELS } from "../lib/format";

const KEYS = ["q", "sort", "order", "archived", "podId"] as const;
const DEFAULTS = { sort: "name", order: "asc" };

function Tags({ values, map }: { values: string[]; map?: Record<string, string> }) {
  if (values.length === 0)
    return (
      <Text span size="sm" c="dimmed">
        —
      </Text>
    );
  return (
    <Group gap={4}>
      {values.map((v) => (
        <Badge key={v} variant="default" size="sm" tt="none">
          {map ? label(map, v) : v}
        </Badge>
      ))}
    </Group>
  );
}

export function PersonasPage() {
  const [f, set] = useUrlFilters(KEYS, DEFAULTS);
  const [creating, setCreating] = useState(false);
  const navigate = useNavigate();
  const { isLeadOrAdmin, leadOnlyHint } = usePermissions();
  const list = useInfiniteList<Persona>("personas", { ...f, archived: f.archived || undefined, limit: 50 });
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
      New persona
    </GuardedButton>
  );
  return (
    <>
      <PageHeader
        title="Personas"
        description="Buyer profiles both teams agree on: who they are, what hurts, what they object to."
        actions={
          <>
            <ExportCsvButton
              resource="personas"
              noun="persona"
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
              placeholder="Search personas"
              label="Search personas"
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
          noun="persona"
          filtered={filtered}
          onClearFilters={() => set({ q: null, podId: null, archived: null })}
          empty={
            <EmptyBlock
              icon={<IconUserCircle size={28} />}
              title="No personas yet"
              description="Describe your buyers once, so marketing targets and sales qualifies the same people."
              action={newButton}
            />
          }
        >
          {(items) => (
            <DataTable minWidth={800}>
              <Table.Thead>
                <Table.Tr>
                  <SortableTh label="Persona" sortKey="name" {...sortProps} />
                  <Table.Th>Job titles</Table.Th>
                  <Table.Th>Seniorities</Table.Th>
                  <Table.Th>Pod</Table.Th>
                  <SortableTh label="Updated" sortKey="updatedAt" {...sortProps} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/personas/${p.id}`} fw={600} size="sm">
                        {p.name}
                      </Anchor>{" "}
                      <ArchivedBadge archivedAt={p.archivedAt} />
                      {p.description && (
                        <Text size="xs" c="dimmed" lineClamp={1}>
                          {p.description}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Tags values={p.titlePatterns} />
                    </Table.Td>
                    <Table.Td>
                      <Tags values={p.seniorities} map={SENIORITY_LABELS} />
                    </Table.Td>
                    <Table.Td>
                      <RecordLink resource="pods" id={p.podId} />
                    </Table.Td>
                    <Table.Td>{formatDate(p.updatedAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </DataTable>
          )}
        </ListBody>
      </Paper>
      {creating && (
        <PersonaFormModal onClose={() => setCreating(false)} onSaved={(p) => navigate(`/personas/${p.id}`)} />
      )}
    </>
  );
}

export function PersonaDetailPage() {
  const { id = "" } = useParams();
  const persona = useRecord<Persona>("personas", id);
  const { isLeadOrAdmin, leadOnlyHint } = usePermissions();
  const [editing, setEditing] = useState(false);
  if (persona.isPending) return <DetailSkeleton />;
  if (persona.isError) return <ErrorAlert error={persona.error} onRetry={() => persona.refetch()} />;
  const p = persona.data;
  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Personas", to: "/personas" }]}
        title={p.name}
        badges={<ArchivedBadge archivedAt={p.archivedAt} />}
        description={p.description || "No description yet."}
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
            <ArchiveButton resource="personas" record={p} noun="persona" allowed={isLeadOrAdmin} />
          </>
        }
      />
      <Stack gap="md">
        <Section title="Profile">
          <FieldGrid cols={4}>
            <Field label="Job titles">
              <Tags values={p.titlePatterns} />
            </Field>
            <Field label="Seniorities">
              <Tags values={p.seniorities} map={SENIORITY_LABELS} />
            </Field>
            <Field label="Departments">
              <Tags values={p.departments} />
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
                    <RecordLink resource="accounts" id={c.accountId} />
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
