// An import's report (counts, the first rows as they would be stored, rejected rows with line and
// reason) and the list of recent imports that opens any report in full.
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  ScrollArea,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
  UnstyledButton,
} from "@mantine/core";
import {
  IconAlertTriangle,
  IconCircleCheck,
  IconFileImport,
  IconFlask,
  IconRefresh,
} from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { Link, useNavigate } from "react-router";
import { type ImportReport, propertyObjectOf } from "../../../shared/imports";
import { PROPERTY_TYPE_LABELS } from "../../../shared/properties";
import { client, ok } from "../../lib/api";
import { formatDateTime, formatNumber, fromNow } from "../../lib/format";
import { DataTable } from "../common/list";
import { DetailSkeleton, EmptyBlock, ErrorAlert, TableSkeleton } from "../common/query-states";
import { usePropertyDefinitions } from "../properties/properties";
import { usePermissions } from "../session/session";
import {
  ENTITY_INFO,
  fieldLabel,
  previewColumns,
  previewValue,
  propertyLabels,
  reasonText,
  rowsOf,
} from "./entities";

export const IMPORTS_KEY = ["imports"] as const;

function Stat({
  label,
  value,
  color,
  testId,
}: {
  label: string;
  value: number;
  color?: string;
  testId: string;
}) {
  return (
    <Paper withBorder p="sm" radius="md" data-testid={testId}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text fw={700} fz={26} c={value > 0 ? color : undefined} lh={1.2}>
        {formatNumber(value)}
      </Text>
    </Paper>
  );
}

/** "3 new · 0 updated · 1 rejected" */
export function countsLine(report: ImportReport): string {
  return `${formatNumber(report.inserted)} new · ${formatNumber(report.updated)} updated · ${formatNumber(
    report.rejected,
  )} rejected`;
}

/** "add 3 new contacts and update 2 existing ones" (infinitive; the caller picks the tense). */
function changes(report: ImportReport, add: string, update: string): string {
  const updated = report.updated === 1 ? "1 existing one" : `${formatNumber(report.updated)} existing ones`;
  return `${add} ${formatNumber(report.inserted)} new ${
    report.inserted === 1 ? ENTITY_INFO[report.entity].one : ENTITY_INFO[report.entity].many
  } and ${update} ${updated}`;
}

function summarySentence(report: ImportReport): string {
  if (report.status === "failed") {
    return `The import stopped early. Before it stopped it ${changes(report, "added", "updated")}; those are kept.`;
  }
  if (report.status === "interrupted") {
    return `The import was interrupted before the end of the file: the server or the import command stopped. Before that it ${changes(report, "added", "updated")}; those are kept. Run the same file again to finish it: rows already imported are updated, not added twice.`;
  }
  if (report.status === "running") return "This import is still running.";
  if (report.dryRun) {
    return `Nothing has been written yet. Importing this file would ${changes(report, "add", "update")}${
      report.rejected > 0 ? `; ${rowsOf(report.rejected)} would be rejected and all other rows kept` : ""
    }.`;
  }
  return `${capitalize(changes(report, "added", "updated"))}.${
    report.rejected > 0
      ? ` ${rowsOf(report.rejected)} ${report.rejected === 1 ? "was" : "were"} rejected; all other rows were kept.`
      : " Every row was kept."
  }`;
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function RejectedRows({ report, labels }: { report: ImportReport; labels: Record<string, string> }) {
  if (report.rejected === 0) return null;
  const shown = report.rejectedRows.length;
  return (
    <Stack gap="xs" data-testid="rejected-rows">
      <Group gap="xs">
        <IconAlertTriangle size={18} color="var(--mantine-color-orange-7)" />
        <Title order={4}>
          {report.dryRun ? "Rows that would be rejected" : "Rejected rows"} ({formatNumber(report.rejected)})
        </Title>
      </Group>
      <Text size="sm" c="dimmed">
        {report.dryRun
          ? "Fix these lines in your file and check it again, or import anyway: the other rows are kept either way."
          : "These lines were not imported. Fix them in your file and import it again: rows already imported are updated, not doubled."}
        {shown < report.rejected && ` Showing the first ${formatNumber(shown)}.`}
      </Text>
      <ScrollArea.Autosize mah={360}>
        <Table striped verticalSpacing={4} withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={90}>Line</Table.Th>
              <Table.Th>Why it was rejected</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.rejectedRows.map((row, i) => (
              // Lines repeat when one row fails twice (e.g. a database clash after the checks).
              // biome-ignore lint/suspicious/noArrayIndexKey: rows have no other identity
              <Table.Tr key={`${row.line}-${i}`} data-testid="rejected-row">
                <Table.Td style={{ whiteSpace: "nowrap" }}>Line {row.line}</Table.Td>
                <Table.Td>{reasonText(report.entity, row.reason, labels)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
    </Stack>
  );
}

function Preview({ report, labels }: { report: ImportReport; labels: Record<string, string> }) {
  if (report.preview.length === 0) return null;
  const columns = previewColumns(report.entity, report.preview);
  return (
    <Stack gap="xs" data-testid="import-preview">
      <Title order={4}>{report.dryRun ? "First rows as they will be stored" : "First rows as stored"}</Title>
      <Text size="sm" c="dimmed">
        The first {report.preview.length} good rows after reading stages, dates and amounts. Blank cells keep
        what Lockstep already has.
      </Text>
      <Table.ScrollContainer minWidth={Math.max(600, columns.length * 130)}>
        <Table striped verticalSpacing={4} withTableBorder fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Line</Table.Th>
              {columns.map((key) => (
                <Table.Th key={key} style={{ whiteSpace: "nowrap" }}>
                  {fieldLabel(report.entity, key, labels)}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.preview.map((row, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: preview rows have no identity beyond their place
              <Table.Tr key={i}>
                <Table.Td>{String(row.line ?? "")}</Table.Td>
                {columns.map((key) => (
                  <Table.Td key={key}>{previewValue(key, row[key])}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

/** "lines 12, 40 and 3 more" */
function linesText(lines: number[], count: number): string {
  if (lines.length === 0) return "";
  const shown = lines.slice(0, 5).join(", ");
  const more = count - Math.min(lines.length, 5);
  return `line${lines.length === 1 ? "" : "s"} ${shown}${more > 0 ? ` and ${formatNumber(more)} more` : ""}`;
}

/** The custom properties the file creates: their type (given, or guessed from the whole file) and misfits. */
function NewProperties({ report }: { report: ImportReport }) {
  const created = report.details.newProperties ?? [];
  if (created.length === 0) return null;
  return (
    <Stack gap="xs" data-testid="new-properties">
      <Title order={4}>
        {report.dryRun ? "Properties this file would create" : "Properties this file created"} (
        {created.length})
      </Title>
      <Text size="sm" c="dimmed">
        {report.dryRun
          ? "Each column below becomes a custom property of its own. Types marked guessed were read from every row of the file; change a type in the column mapping above if it is wrong."
          : "Each column below became a custom property; change their labels or options in Settings → Properties."}
      </Text>
      <Table.ScrollContainer minWidth={640}>
        <Table striped verticalSpacing={4} withTableBorder fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Column</Table.Th>
              <Table.Th>Property</Table.Th>
              <Table.Th>Type</Table.Th>
              <Table.Th>Cells that do not fit</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {created.map((p) => {
              // Cells that do not fit the property's type (checked for yes/no, numbers, dates and long text).
              const misfits = p.guess
                ? (p.guess.misfitsAs[p.type] ?? (p.guess.type === p.type ? p.guess.misfits : undefined))
                : undefined;
              const fitsGuess = !p.guess || p.guess.type === p.type;
              return (
                <Table.Tr key={p.column} data-testid="new-property-row">
                  <Table.Td fw={600}>{p.column}</Table.Td>
                  <Table.Td>
                    {p.label}
                    <Text size="xs" c="dimmed">
                      property.{p.apiName}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6}>
                      <Text span size="sm">
                        {PROPERTY_TYPE_LABELS[p.type]}
                      </Text>
                      {p.guessed && (
                        <Badge size="xs" variant="light" color="teal">
                          guessed
                        </Badge>
                      )}
                    </Group>
                    {p.options.length > 0 && (
                      <Text size="xs" c="dimmed" lineClamp={1} title={p.options.join(", ")}>
                        {p.options.slice(0, 6).join(", ")}
                        {p.options.length > 6 ? ` and ${p.options.length - 6} more` : ""}
                      </Text>
                    )}
                    {!fitsGuess && p.guess && (
                      <Text size="xs" c="orange.8">
                        The data looks like {PROPERTY_TYPE_LABELS[p.guess.type].toLowerCase()}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {!misfits ? (
                      <Text span size="sm" c="dimmed">
                        —
                      </Text>
                    ) : misfits.count === 0 ? (
                      <Text span size="sm" c="green.8">
                        None
                      </Text>
                    ) : (
                      <Text span size="sm" c="orange.8">
                        {formatNumber(misfits.count)} ({linesText(misfits.lines, misfits.count)}): those rows
                        {report.dryRun ? " would be" : " were"} rejected
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

/** The whole report of one import or dry run. `actions` go next to the summary (e.g. "Import now"). */
export function ImportReportView({
  report,
  actions,
  withTitle = true,
}: {
  report: ImportReport;
  actions?: ReactNode;
  withTitle?: boolean;
}) {
  const info = ENTITY_INFO[report.entity];
  const objectType = propertyObjectOf(report.entity);
  const definitions = usePropertyDefinitions(objectType ?? "contacts", objectType !== null);
  const labels = propertyLabels(report, objectType ? (definitions.data ?? []) : []);
  const failed = report.status === "failed" || report.status === "interrupted";
  const ignored = Object.entries(report.mapping)
    .filter(([, field]) => field === null)
    .map(([h]) => h);
  return (
    <Stack gap="md" data-testid="import-report">
      {withTitle && (
        <Group gap="xs">
          {report.dryRun ? (
            <IconFlask size={22} color="var(--mantine-color-indigo-6)" />
          ) : failed ? (
            <IconAlertTriangle size={22} color="var(--mantine-color-red-6)" />
          ) : (
            <IconCircleCheck size={22} color="var(--mantine-color-green-7)" />
          )}
          <Title order={3}>
            {report.dryRun
              ? "Dry run: nothing written yet"
              : report.status === "interrupted"
                ? "Import interrupted"
                : failed
                  ? "Import stopped"
                  : `${info.label} imported`}
          </Title>
        </Group>
      )}
      <Text size="sm" data-testid="import-summary">
        {summarySentence(report)}
      </Text>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        <Stat label={failed ? "Rows read" : "Rows in file"} value={report.rows} testId="stat-rows" />
        <Stat
          label={report.dryRun ? "Would be new" : "New"}
          value={report.inserted}
          color="green.8"
          testId="stat-new"
        />
        <Stat
          label={report.dryRun ? "Would update" : "Updated"}
          value={report.updated}
          color="blue.8"
          testId="stat-updated"
        />
        <Stat label="Rejected" value={report.rejected} color="orange.8" testId="stat-rejected" />
      </SimpleGrid>
      <Text size="sm" c="dimmed" data-testid="import-counts">
        {report.fileName ?? "File"} · {info.label} · {countsLine(report)}
      </Text>
      {ignored.length > 0 && (
        <Text size="xs" c="dimmed">
          Ignored columns: {ignored.map((h) => h || "(no name)").join(", ")}
        </Text>
      )}
      {actions}
      {!report.dryRun && !failed && info.listPath && report.inserted + report.updated > 0 && (
        <Text size="sm">
          <Anchor component={Link} to={info.listPath}>
            Open {info.many}
          </Anchor>{" "}
          to see them.
        </Text>
      )}
      <NewProperties report={report} />
      <RejectedRows report={report} labels={labels} />
      <Preview report={report} labels={labels} />
    </Stack>
  );
}

const STATUS: Record<ImportReport["status"], { label: string; color: string }> = {
  running: { label: "Running", color: "blue" },
  completed: { label: "Finished", color: "green" },
  failed: { label: "Stopped", color: "red" },
  interrupted: { label: "Interrupted", color: "orange" },
};

export function useRecentImports() {
  return useQuery({
    queryKey: IMPORTS_KEY,
    queryFn: ({ signal }) => ok(client.GET("/api/imports", { signal })),
  });
}

/** The workspace's recent imports and dry runs, newest first; a row opens the full report. */
export function RecentImports() {
  const imports = useRecentImports();
  const [openId, setOpenId] = useState<string | null>(null);
  const items = imports.data?.items ?? [];
  let body: ReactNode;
  if (imports.isPending) body = <TableSkeleton rows={3} />;
  else if (imports.isError) body = <ErrorAlert error={imports.error} onRetry={() => imports.refetch()} />;
  else if (items.length === 0)
    body = (
      <EmptyBlock
        icon={<IconFileImport size={28} />}
        title="No imports yet"
        description="Files you check or import show up here with their report, so both teams can see where the data came from."
      />
    );
  else
    body = (
      <DataTable minWidth={860}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>File</Table.Th>
            <Table.Th>Records</Table.Th>
            <Table.Th>Kind</Table.Th>
            <Table.Th ta="right">Rows</Table.Th>
            <Table.Th ta="right">New</Table.Th>
            <Table.Th ta="right">Updated</Table.Th>
            <Table.Th ta="right">Rejected</Table.Th>
            <Table.Th>Status</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => {
            const status = STATUS[item.status];
            return (
              <Table.Tr
                key={item.id}
                data-testid="recent-import"
                onClick={() => setOpenId(item.id)}
                style={{ cursor: "pointer" }}
              >
                <Table.Td style={{ whiteSpace: "nowrap" }}>
                  <Tooltip label={formatDateTime(item.createdAt)}>
                    <Text span size="sm">
                      {fromNow(item.createdAt)}
                    </Text>
                  </Tooltip>
                </Table.Td>
                <Table.Td>
                  <UnstyledButton
                    onClick={(e) => {
                      e.stopPropagation();
                      setOpenId(item.id);
                    }}
                    aria-label={`Open the report of ${item.fileName ?? "this import"}`}
                  >
                    <Text span size="sm" fw={600} c="indigo.7">
                      {item.fileName ?? "(unnamed file)"}
                    </Text>
                  </UnstyledButton>
                </Table.Td>
                <Table.Td>{ENTITY_INFO[item.entity].label}</Table.Td>
                <Table.Td>
                  {item.dryRun ? (
                    <Badge variant="light" color="gray">
                      Dry run
                    </Badge>
                  ) : (
                    <Badge variant="light" color="indigo">
                      Import
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td ta="right">{formatNumber(item.rows)}</Table.Td>
                <Table.Td ta="right">{formatNumber(item.inserted)}</Table.Td>
                <Table.Td ta="right">{formatNumber(item.updated)}</Table.Td>
                <Table.Td ta="right" c={item.rejected > 0 ? "orange.8" : undefined}>
                  {formatNumber(item.rejected)}
                </Table.Td>
                <Table.Td>
                  <Badge variant="dot" color={status.color}>
                    {status.label}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </DataTable>
    );
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={3} mb={4}>
        Recent imports
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Every import and dry run in this workspace, newest first. Click one to see its full report.
      </Text>
      {body}
      {openId && <ImportReportModal id={openId} onClose={() => setOpenId(null)} />}
    </Paper>
  );
}

export function ImportReportModal({ id, onClose }: { id: string; onClose: () => void }) {
  const report = useQuery({
    queryKey: [...IMPORTS_KEY, id],
    queryFn: ({ signal }) => ok(client.GET("/api/imports/{id}", { params: { path: { id } }, signal })),
  });
  const data = report.data;
  const navigate = useNavigate();
  const { isLeadOrAdmin } = usePermissions();
  const title = data
    ? `${data.dryRun ? "Dry run" : "Import"} of ${data.fileName ?? "a file"} · ${formatDateTime(data.createdAt)}`
    : "Import report";
  return (
    <Modal opened onClose={onClose} title={title} size="xl">
      {report.isPending ? (
        <DetailSkeleton />
      ) : report.isError ? (
        <ErrorAlert error={report.error} onRetry={() => report.refetch()} />
      ) : data ? (
        <Stack>
          {data.status === "running" && (
            <Alert color="blue">This import is still running; its counts grow as rows are read.</Alert>
          )}
          {data.status === "interrupted" && !data.dryRun && (
            <Alert color="orange" title="This import did not finish" data-testid="interrupted-import">
              <Stack gap="xs" align="flex-start">
                <Text size="sm">
                  {isLeadOrAdmin
                    ? `Run ${data.fileName ?? "the file"} again to import the rest. Nothing is added twice: the ${formatNumber(data.inserted + data.updated)} rows already imported are matched and updated.`
                    : `A team lead or an admin can run ${data.fileName ?? "the file"} again to import the rest; nothing is added twice.`}
                </Text>
                {isLeadOrAdmin && (
                  <Button
                    size="sm"
                    leftSection={<IconRefresh size={16} />}
                    onClick={() => {
                      onClose();
                      navigate(
                        `/settings/import?entity=${data.entity}&again=${encodeURIComponent(data.fileName ?? "")}`,
                      );
                      window.scrollTo({ top: 0 });
                    }}
                  >
                    Run again
                  </Button>
                )}
              </Stack>
            </Alert>
          )}
          <ImportReportView report={data} />
        </Stack>
      ) : null}
    </Modal>
  );
}
