import { Anchor, Group, Stack, Text } from "@mantine/core";
import { IconUserCircle } from "@tabler/icons-react";
import { Link } from "react-router";
import type { Contact } from "../../shared/contacts";
import type { Persona } from "../../shared/team";
import { PersonaFormModal } from "../features/abm/persona-form";
import { PodOwnedListPage } from "../features/abm/pod-owned-list";
import { StageBadge } from "../features/common/badges";
import { Field, FieldGrid, Section } from "../features/common/detail";
import { type ListColumn, nameColumn, TagList } from "../features/common/record-list";
import { RecordPage } from "../features/common/record-page";
import { RecordLink } from "../features/common/records";
import { RelatedList } from "../features/common/related-list";
import { client, ok } from "../lib/api";
import { label, SENIORITY_LABELS } from "../lib/format";

function seniorities(p: Persona): string[] {
  return p.seniorities.map((v) => label(SENIORITY_LABELS, v));
}

const PERSONA_COLUMNS: ListColumn<Persona>[] = [
  nameColumn("personas", "Persona", { detail: (p) => p.description }),
  { header: "Job titles", cell: (p) => <TagList values={p.titlePatterns} /> },
  { header: "Seniorities", cell: (p) => <TagList values={seniorities(p)} /> },
];

export function PersonasPage() {
  return (
    <PodOwnedListPage<Persona>
      resource="personas"
      fetchPage={(query, signal) => ok(client.GET("/api/personas", { params: { query }, signal }))}
      noun="persona"
      description="Buyer profiles both teams agree on: who they are, what hurts, what they object to."
      columns={PERSONA_COLUMNS}
      form={PersonaFormModal}
      empty={{
        icon: <IconUserCircle size={28} />,
        description: "Describe your buyers once, so marketing targets and sales qualifies the same people.",
      }}
    />
  );
}

export function PersonaDetailPage() {
  return (
    <RecordPage<Persona> resource="personas" noun="persona" form={PersonaFormModal} leadsOnly>
      {(p) => (
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
              <WrittenText text={p.pains} />
            </Section>
            <Section title="Objections">
              <WrittenText text={p.objections} />
            </Section>
          </Group>
          <RelatedList<Contact>
            title="Contacts with this persona"
            resource="contacts"
            fetchPage={(query, signal) => ok(client.GET("/api/contacts", { params: { query }, signal }))}
            params={{ personaId: p.id, limit: 25 }}
            noun="contact"
            columns={CONTACT_COLUMNS}
            empty={{ title: "No contacts matched to this persona yet" }}
          />
        </Stack>
      )}
    </RecordPage>
  );
}

function WrittenText({ text }: { text: string | null }) {
  return (
    <Text size="sm" style={{ whiteSpace: "pre-wrap" }} c={text ? undefined : "dimmed"}>
      {text || "Not written yet."}
    </Text>
  );
}

const CONTACT_COLUMNS: ListColumn<Contact>[] = [
  {
    header: "Name",
    cell: (c) => (
      <Anchor component={Link} to={`/contacts/${c.id}`} size="sm">
        {c.name || c.email}
      </Anchor>
    ),
  },
  { header: "Title", cell: (c) => c.title ?? "—" },
  {
    header: "Account",
    cell: (c) => <RecordLink resource="accounts" id={c.accountId} name={c.accountName ?? undefined} />,
  },
  { header: "Stage", cell: (c) => <StageBadge value={c.lifecycleStage} /> },
];
