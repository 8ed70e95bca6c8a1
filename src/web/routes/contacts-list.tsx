// Contacts: everyone both teams talk to, filtered by stage, account, persona, owner and source.
import { Anchor, Text } from "@mantine/core";
import { IconAddressBook } from "@tabler/icons-react";
import { Link } from "react-router";
import type { Contact } from "../../shared/contacts";
import { LIFECYCLE_STAGES } from "../../shared/domain";
import { StageBadge } from "../features/common/badges";
import { choice, FILTERS, type ListColumn, nameColumn, RecordListPage } from "../features/common/record-list";
import { MemberName } from "../features/common/records";
import { ContactFormModal } from "../features/contacts/contact-form";
import { usePropertyFilters, usePropertySorts } from "../features/properties/properties";
import { client, ok } from "../lib/api";
import { formatDate, formatNumber, fromNow, sourceLabel, stageLabel } from "../lib/format";

/** A1 (best fit, most engaged) to D4, as the scoring model grades. */
const GRADES = ["A", "B", "C", "D"].flatMap((fit) =>
  ["1", "2", "3", "4"].map((engagement) => ({ value: `${fit}${engagement}`, label: `${fit}${engagement}` })),
);

const COLUMNS: ListColumn<Contact>[] = [
  nameColumn("contacts", "Name", {
    name: (c) => c.name || c.email || "(no name)",
    detail: (c) => (c.name ? c.email : null),
  }),
  {
    header: "Score",
    sortKey: "score",
    // The live model's score as of the contact's last rescore, and its grade (fit letter, engagement digit).
    cell: (c) =>
      c.score === null || c.score === undefined ? (
        <Text span c="dimmed">
          —
        </Text>
      ) : (
        <Text span fw={700}>
          {formatNumber(Math.round(c.score))}{" "}
          <Text span c="dimmed" size="xs" fw={500}>
            {c.grade}
          </Text>
        </Text>
      ),
  },
  { header: "Title", cell: (c) => c.title ?? "—" },
  {
    header: "Account",
    // The name comes with the list, so a page of contacts is one request, not one per row.
    cell: (c) =>
      c.accountId ? (
        <Anchor component={Link} to={`/accounts/${c.accountId}`} size="sm">
          {c.accountName || "(no name)"}
        </Anchor>
      ) : (
        <Text span c="dimmed">
          —
        </Text>
      ),
  },
  {
    header: "Lifecycle stage",
    sortKey: "lifecycleStageChangedAt",
    cell: (c) => (
      <>
        <StageBadge value={c.lifecycleStage} />
        <Text size="xs" c="dimmed">
          since {fromNow(c.lifecycleStageChangedAt)}
        </Text>
      </>
    ),
  },
  { header: "Owner", cell: (c) => <MemberName id={c.ownerMemberId} /> },
  { header: "Source", cell: (c) => sourceLabel(c.source) },
  { header: "Added", sortKey: "createdAt", cell: (c) => formatDate(c.createdAt) },
];

export function ContactsPage() {
  const propertyFilters = usePropertyFilters("contacts");
  const propertySorts = usePropertySorts<Contact>("contacts");
  return (
    <RecordListPage<Contact>
      resource="contacts"
      fetchPage={(query, signal) => ok(client.GET("/api/contacts", { params: { query }, signal }))}
      noun="contact"
      description="Everyone both teams talk to, from first touch (subscriber, lead, MQL) to customer. Sort by score to see the hottest leads: a score is the live model's, stored at the contact's last rescore; open a contact to see why."
      search="Search by name or email"
      filters={[
        choice(
          "lifecycleStage",
          "Lifecycle stage",
          "Any stage",
          170,
          LIFECYCLE_STAGES.map((s) => ({ value: s, label: stageLabel(s) })),
        ),
        choice("grade", "Grade", "Any grade", 120, GRADES),
        choice("mql", "MQL condition", "Meets or not", 170, [
          { value: "true", label: "Meets the MQL condition" },
          { value: "false", label: "Does not meet it" },
        ]),
        FILTERS.account,
        FILTERS.persona,
        FILTERS.owner,
        { key: "source", kind: "text", label: "Source", placeholder: "Source", width: 130 },
        ...propertyFilters,
      ]}
      defaultSort={{ sort: "name", order: "asc" }}
      archivable
      sortProperties={propertySorts}
      columns={COLUMNS}
      minWidth={900}
      create={{ form: ContactFormModal }}
      empty={{
        icon: <IconAddressBook size={28} />,
        description:
          "Add the people you are marketing and selling to. Both teams' touches with them land on one timeline.",
        importEntity: "contacts",
      }}
    />
  );
}
