// Settings → Audit log (admins): who changed the agreements, stages, records, members and keys, when, and
// what they were before and after; filter, page through, expand a row, export as CSV.
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Collapse,
  Group,
  Paper,
  Select,
  Table,
  Text,
  TextInput,
  Tooltip,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconChevronDown, IconChevronRight, IconDownload, IconHistory } from "@tabler/icons-react";
import { Fragment, useState } from "react";
import { Link } from "react-router";
import { AUDIT_ACTION_GROUPS, AUDIT_ENTITY_LABELS, type AuditEvent } from "../../shared/audit";
import { actionColor, actionLabel, downloadAuditCsv } from "../features/audit/audit-api";
import { AuditDiff } from "../features/audit/audit-diff";
import { DataTable, ListBody, useInfiniteList, useUrlFilters } from "../features/common/list";
import { PageHeader } from "../features/common/page-header";
import { EmptyBlock } from "../features/common/query-states";
import { useMembers } from "../features/common/records";
import { usePermissions } from "../features/session/session";
import { errorMessage } from "../lib/api";
import { formatDateTime, fromNow } from "../lib/format";

const FILTERS = ["entityType", "action", "memberId", "from", "to"] as const;

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

export function AuditLogPage() {
  const { isAdmin } = usePermissions();
  const [filters, setFilters] = useUrlFilters(FILTERS);
  const { members } = useMembers();
  const [exporting, setExporting] = useState(false);
  const params = { ...filters, limit: 50 };
  const list = useInfiniteList<AuditEvent>("audit", params, isAdmin);
  const filtered = FILTERS.some((k) => filters[k]);

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
    <>
      <PageHeader
        title="Audit log"
        description="Every change to the agreements (scoring models, the SLA, personas and segments), stages set by hand, archived records, members' roles, invitations, keys and personal-data requests: who did it, when, and what it was before and after. Nobody can edit or delete an entry."
        actions={
          isAdmin && (
            <Button
              variant="default"
              leftSection={<IconDownload size={16} />}
              loading={exporting}
              onClick={() => void exportCsv()}
              data-testid="audit-export"
            >
              Export CSV
            </Button>
          )
        }
      />
      {!isAdmin ? (
        <Alert color="gray" title="Only admins see the audit log">
          The audit log holds every governance change in the workspace, so only admins can read and export it.
        </Alert>
      ) : (
        <Paper withBorder p="lg" radius="md">
          <Group gap="sm" mb="md" align="flex-end" wrap="wrap">
            <Select
              label="Record"
              placeholder="Any record"
              clearable
              w={200}
              data={Object.entries(AUDIT_ENTITY_LABELS).map(([value, label]) => ({ value, label }))}
              value={filters.entityType || null}
              onChange={(v) => setFilters({ entityType: v })}
            />
            <Select
              label="Change"
              placeholder="Any change"
              clearable
              w={240}
              data={AUDIT_ACTION_GROUPS}
              value={filters.action || null}
              onChange={(v) => setFilters({ action: v })}
            />
            <Select
              label="Who"
              placeholder="Anyone"
              clearable
              searchable
              w={200}
              data={members.map((m) => ({ value: m.id, label: m.name }))}
              value={filters.memberId || null}
              onChange={(v) => setFilters({ memberId: v })}
            />
            <TextInput
              label="From"
              type="date"
              w={160}
              value={filters.from}
              onChange={(e) => setFilters({ from: e.currentTarget.value })}
            />
            <TextInput
              label="Until (before)"
              type="date"
              w={160}
              value={filters.to}
              onChange={(e) => setFilters({ to: e.currentTarget.value })}
            />
          </Group>
          <ListBody
            list={list}
            noun="entry"
            filtered={filtered}
            onClearFilters={() =>
              setFilters({ entityType: null, action: null, memberId: null, from: null, to: null })
            }
            empty={
              <EmptyBlock
                icon={<IconHistory size={28} />}
                title="Nothing recorded yet"
                description="Changes to agreements, stages set by hand, archived records and member roles appear here as they happen."
              />
            }
          >
            {(items) => (
              <DataTable minWidth={860}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th />
                    <Table.Th>When</Table.Th>
                    <Table.Th>Who</Table.Th>
                    <Table.Th>Change</Table.Th>
                    <Table.Th>What happened</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((event) => (
                    <AuditRow key={event.id} event={event} />
                  ))}
                </Table.Tbody>
              </DataTable>
            )}
          </ListBody>
        </Paper>
      )}
    </>
  );
}
