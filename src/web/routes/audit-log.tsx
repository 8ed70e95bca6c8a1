// Settings → Audit log (admins): who changed the agreements, stages, records, members and keys, when, and
// what they were before and after; filter, page through, expand a row, export as CSV.
import { ActionIcon, Alert, Anchor, Badge, Button, Collapse, Table, Text, Tooltip } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconChevronDown, IconChevronRight, IconDownload, IconHistory } from "@tabler/icons-react";
import { Fragment, useState } from "react";
import { Link } from "react-router";
import { AUDIT_ACTION_GROUPS, AUDIT_ENTITY_LABELS, type AuditEvent } from "../../shared/audit";
import { actionColor, actionLabel, downloadAuditCsv } from "../features/audit/audit-api";
import { AuditDiff } from "../features/audit/audit-diff";
import { PageHeader } from "../features/common/page-header";
import { RecordListPage } from "../features/common/record-list";
import { useMembers } from "../features/common/records";
import { usePermissions } from "../features/session/session";
import { client, errorMessage, ok, type QueryValue } from "../lib/api";
import { formatDateTime, fromNow } from "../lib/format";

/** Where an entry's record lives in the app, when it has a page. */
const RECORD_PAGES: Record<string, string> = {
  contact: "contacts",
  account: "accounts",
  opportunity: "opportunities",
  campaign: "campaigns",
  persona: "personas",
  segment: "segments",
  pod: "pods",
};

function RecordLink({ event }: { event: AuditEvent }) {
  const type = AUDIT_ENTITY_LABELS[event.entityType] ?? event.entityType;
  if (!event.entityName) return null;
  const page = RECORD_PAGES[event.entityType];
  return (
    <Text size="xs" c="dimmed">
      {type}:{" "}
      {page && event.entityId ? (
        <Anchor component={Link} to={`/${page}/${event.entityId}`} size="xs">
          {event.entityName}
        </Anchor>
      ) : (
        event.entityName
      )}
    </Text>
  );
}

function AuditRow({ event }: { event: AuditEvent }) {
  const [open, setOpen] = useState(false);
  const label = open ? "Hide before and after" : "Show before and after";
  return (
    <Fragment>
      <Table.Tr
        data-testid="audit-row"
        data-action={event.action}
        style={{ cursor: "pointer" }}
        onClick={() => setOpen((v) => !v)}
      >
        <Table.Td w={36}>
          <ActionIcon
            variant="subtle"
            color="gray"
            aria-label={label}
            aria-expanded={open}
            onClick={(e) => {
              e.stopPropagation();
              setOpen((v) => !v);
            }}
          >
            {open ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
          </ActionIcon>
        </Table.Td>
        <Table.Td style={{ whiteSpace: "nowrap" }}>
          <Tooltip label={formatDateTime(event.occurredAt)}>
            <Text size="sm">{fromNow(event.occurredAt)}</Text>
          </Tooltip>
        </Table.Td>
        <Table.Td style={{ whiteSpace: "nowrap" }}>
          <Text size="sm" c={event.memberId ? undefined : "dimmed"}>
            {event.memberId ? event.actorName : "Lockstep (automatic)"}
          </Text>
        </Table.Td>
        <Table.Td style={{ whiteSpace: "nowrap" }}>
          <Badge variant="light" tt="none" color={actionColor(event.action)} title={event.action}>
            {actionLabel(event.action)}
          </Badge>
        </Table.Td>
        <Table.Td>
          <Text size="sm">{event.summary}</Text>
          <RecordLink event={event} />
        </Table.Td>
      </Table.Tr>
      <Table.Tr style={{ display: open ? undefined : "none" }}>
        <Table.Td colSpan={5} bg="gray.0">
          <Collapse expanded={open}>
            <Text size="xs" c="dimmed" mb={6}>
              {formatDateTime(event.occurredAt)} · {event.action}
            </Text>
            {open && <AuditDiff before={event.before} after={event.after} />}
          </Collapse>
        </Table.Td>
      </Table.Tr>
    </Fragment>
  );
}

const TITLE = "Audit log";
const DESCRIPTION =
  "Every change to the agreements (scoring models, the SLA, personas and segments), stages set by hand, archived records, members' roles, invitations, keys and personal-data requests: who did it, when, and what it was before and after. Nobody can edit or delete an entry.";

function AuditExportButton({ filters }: { filters: Record<string, QueryValue> }) {
  const [exporting, setExporting] = useState(false);
  const exportCsv = async () => {
    setExporting(true);
    try {
      await downloadAuditCsv(filters);
    } catch (error) {
      notifications.show({ color: "red", title: "Export failed", message: errorMessage(error) });
    } finally {
      setExporting(false);
    }
  };
  return (
    <Button
      variant="default"
      leftSection={<IconDownload size={16} />}
      loading={exporting}
      onClick={() => void exportCsv()}
      data-testid="audit-export"
    >
      Export CSV
    </Button>
  );
}

export function AuditLogPage() {
  const { isAdmin } = usePermissions();
  const { members } = useMembers();
  if (!isAdmin)
    return (
      <>
        <PageHeader title={TITLE} description={DESCRIPTION} />
        <Alert color="gray" title="Only admins see the audit log">
          The audit log holds every governance change in the workspace, so only admins can read and export it.
        </Alert>
      </>
    );
  return (
    <RecordListPage<AuditEvent>
      resource="audit"
      fetchPage={(query, signal) => ok(client.GET("/api/audit", { params: { query }, signal }))}
      noun="entry"
      title={TITLE}
      description={DESCRIPTION}
      search={false}
      labels="visible"
      filters={[
        {
          key: "entityType",
          kind: "choice",
          label: "Record",
          placeholder: "Any record",
          width: 200,
          options: Object.entries(AUDIT_ENTITY_LABELS).map(([value, label]) => ({ value, label })),
        },
        {
          key: "action",
          kind: "choice",
          label: "Change",
          placeholder: "Any change",
          width: 240,
          options: AUDIT_ACTION_GROUPS,
        },
        {
          key: "memberId",
          kind: "choice",
          label: "Who",
          placeholder: "Anyone",
          width: 200,
          searchable: true,
          options: members.map((m) => ({ value: m.id, label: m.name })),
        },
        { key: "from", kind: "date", label: "From", width: 160 },
        { key: "to", kind: "date", label: "Until (before)", width: 160 },
      ]}
      columns={[
        { header: "" },
        { header: "When" },
        { header: "Who" },
        { header: "Change" },
        { header: "What happened" },
      ]}
      row={(event) => <AuditRow key={event.id} event={event} />}
      minWidth={860}
      exportCsv={(query) => <AuditExportButton filters={query} />}
      empty={{
        icon: <IconHistory size={28} />,
        title: "Nothing recorded yet",
        description:
          "Changes to agreements, stages set by hand, archived records and member roles appear here as they happen.",
      }}
    />
  );
}
