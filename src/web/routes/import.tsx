// Settings → Import: pick what to import and a CSV file, check the proposed column mapping, run a dry
// run, import, and read the report; recent imports below.
import {
  Alert,
  Box,
  Button,
  FileInput,
  Group,
  Paper,
  Progress,
  SegmentedControl,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconFileSpreadsheet, IconFlask, IconUpload } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useMemo, useRef, useState } from "react";
import { useSearchParams } from "react-router";
import { autoMapHeaders, IMPORT_ENTITIES, type ImportEntity, type ImportReport } from "../../shared/imports";
import { PageHeader } from "../features/common/page-header";
import { ErrorAlert } from "../features/common/query-states";
import { countOf, ENTITY_INFO } from "../features/imports/entities";
import { IMPORTS_KEY, ImportReportView, RecentImports } from "../features/imports/import-report";
import {
  type Mapping,
  MappingTable,
  mappingProblems,
  RequiredFields,
  repeatedHeaders,
} from "../features/imports/mapping-table";
import { UploadCancelled, uploadImport } from "../features/imports/upload";
import { usePermissions } from "../features/session/session";
import { type CsvHead, CsvReadError, readCsvHead } from "../lib/csv";
import { formatNumber } from "../lib/format";

// Lists entities in the order people usually import them: companies first, then people and deals.
const ORDER: ImportEntity[] = ["contacts", "accounts", "opportunities", "campaigns", "touches"];

function Step({ n, title, children }: { n: number; title: string; children: ReactNode }) {
  return (
    <Stack gap="sm">
      <Title order={4}>
        {n}. {title}
      </Title>
      {children}
    </Stack>
  );
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${formatNumber(Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

interface Running {
  dryRun: boolean;
  progress: number;
}

export function ImportPage() {
  const { isLeadOrAdmin } = usePermissions();
  return (
    <>
      <PageHeader
        title="Import"
        description="Bring contacts, accounts, opportunities, campaigns and touches into Lockstep from a CSV file, such as a HubSpot or Salesforce export. Check the file with a dry run first: nothing is written until you press Import."
      />
      <Stack gap="lg">
        {isLeadOrAdmin ? (
          <ImportForm />
        ) : (
          <Alert color="gray" title="Only team leads and admins can import">
            Importing changes records both teams rely on, so it is limited to team leads and admins. You can
            still read the reports of recent imports below.
          </Alert>
        )}
        <RecentImports />
      </Stack>
    </>
  );
}

function ImportForm() {
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const wanted = params.get("entity");
  const entity: ImportEntity = IMPORT_ENTITIES.includes(wanted as ImportEntity)
    ? (wanted as ImportEntity)
    : "contacts";
  const info = ENTITY_INFO[entity];
  // "Run again" on an interrupted import: the file it was importing, to choose again.
  const again = params.get("again");

  const [file, setFile] = useState<File | null>(null);
  const [head, setHead] = useState<CsvHead | null>(null);
  const [headError, setHeadError] = useState<string | null>(null);
  const [mapping, setMapping] = useState<Mapping>({});
  const [running, setRunning] = useState<Running | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<{ error: unknown; dryRun: boolean } | null>(null);
  const abortRef = useRef<AbortController | null>(null);
  const readToken = useRef(0);

  const auto = useMemo(() => (head ? autoMapHeaders(entity, head.headers) : {}), [entity, head]);
  const { missing, doubled } = mappingProblems(entity, mapping);
  const repeated = head ? repeatedHeaders(head.headers) : [];
  const done = report !== null && !report.dryRun;
  const ready = Boolean(file && head) && missing.length === 0 && doubled.length === 0 && !running;

  const resetResult = () => {
    setReport(null);
    setError(null);
  };

  const chooseEntity = (next: string) => {
    const value = next as ImportEntity;
    setParams(
      (prev) => {
        const p = new URLSearchParams(prev);
        p.set("entity", value);
        return p;
      },
      { replace: true },
    );
    if (head) setMapping(autoMapHeaders(value, head.headers));
    resetResult();
  };

  const chooseFile = async (next: File | null) => {
    const token = ++readToken.current;
    setFile(next);
    setHead(null);
    setHeadError(null);
    setMapping({});
    resetResult();
    if (!next) return;
    try {
      const read = await readCsvHead(next);
      if (token !== readToken.current) return;
      setHead(read);
      setMapping(autoMapHeaders(entity, read.headers));
    } catch (e) {
      if (token !== readToken.current) return;
      setHeadError(e instanceof CsvReadError ? e.message : "The file could not be read. Choose it again.");
    }
  };

  const changeColumn = (header: string, field: string | null) => {
    setMapping((m) => ({ ...m, [header]: field }));
    resetResult();
  };

  const start = async (dryRun: boolean) => {
    if (!file || !head) return;
    const controller = new AbortController();
    abortRef.current = controller;
    const overrides = Object.fromEntries(Object.entries(mapping).filter(([h, f]) => (auto[h] ?? null) !== f));
    setError(null);
    if (!dryRun) setReport(null);
    setRunning({ dryRun, progress: 0 });
    try {
      const result = await uploadImport({
        entity,
        file,
        dryRun,
        mapping: overrides,
        signal: controller.signal,
        onProgress: (progress) => setRunning((r) => (r ? { ...r, progress } : r)),
      });
      setReport(result);
      if (!dryRun) {
        // New and updated records (and accounts created for contacts) show up on every list.
        void queryClient.invalidateQueries();
        notifications.show({
          color: result.rejected > 0 ? "orange" : "green",
          message: `${info.label} imported: ${formatNumber(result.inserted)} new, ${formatNumber(
            result.updated,
          )} updated, ${formatNumber(result.rejected)} rejected.`,
        });
      }
    } catch (e) {
      if (e instanceof UploadCancelled) {
        notifications.show({
          color: "gray",
          message: dryRun
            ? "Dry run cancelled."
            : "Import cancelled. Rows read before you cancelled may already be imported: see Recent imports.",
        });
      } else setError({ error: e, dryRun });
    } finally {
      setRunning(null);
      abortRef.current = null;
      void queryClient.invalidateQueries({ queryKey: IMPORTS_KEY });
    }
  };

  const startOver = () => {
    void chooseFile(null);
  };

  const percent = Math.round((running?.progress ?? 0) * 100);
  const progressText = running
    ? running.progress < 1
      ? `${running.dryRun ? "Checking" : "Importing"} ${file?.name ?? "the file"}… ${percent}%`
      : running.dryRun
        ? "Checking the last rows…"
        : "Saving the last rows…"
    : "";

  return (
    <Paper withBorder p="lg" radius="md">
      <Stack gap="xl">
        <Step n={1} title="What are you importing?">
          <SegmentedControl
            aria-label="What to import"
            value={entity}
            onChange={chooseEntity}
            disabled={Boolean(running)}
            data={ORDER.map((e) => ({ value: e, label: ENTITY_INFO[e].label }))}
            w={{ base: "100%", md: "auto" }}
            style={{ alignSelf: "flex-start" }}
          />
          <Text size="sm" c="dimmed" data-testid="matching-rule">
            {info.matching}
          </Text>
        </Step>

        <Step n={2} title="Choose the CSV file">
          {again !== null && !head && (
            <Alert color="orange" icon={<IconAlertTriangle size={18} />} data-testid="run-again">
              Choose {again ? <strong>{again}</strong> : "the file"} again and import it to finish the
              interrupted import. Rows it already imported are matched and updated, not added twice.
            </Alert>
          )}
          <FileInput
            label="CSV file"
            description="Comma-separated, with a header row naming the columns. HubSpot and Salesforce exports work as they are."
            placeholder="Choose a .csv file"
            accept=".csv,text/csv,text/plain"
            leftSection={<IconFileSpreadsheet size={18} />}
            value={file}
            onChange={(f) => void chooseFile(f)}
            clearable
            disabled={Boolean(running)}
            maw={520}
            error={headError}
          />
          {file && head && (
            <Text size="sm" c="dimmed">
              {file.name} · {formatSize(file.size)} · {head.headers.length} columns
            </Text>
          )}
        </Step>

        {head && (
          <Step n={3} title="Check the columns">
            <Text size="sm" c="dimmed">
              Lockstep recognised the columns below from their names. Change any that are wrong, or ignore
              columns you do not need. Ignored columns are not imported.
            </Text>
            <RequiredFields entity={entity} mapping={mapping} />
            {repeated.length > 0 && (
              <Alert color="orange" icon={<IconAlertTriangle size={18} />}>
                Your file has more than one column named {repeated.map((h) => `"${h}"`).join(", ")}. Rename
                them in the file so each column has its own name, then choose it again.
              </Alert>
            )}
            <MappingTable
              entity={entity}
              head={head}
              mapping={mapping}
              auto={auto}
              onChange={changeColumn}
              disabled={Boolean(running) || done}
            />
          </Step>
        )}

        {head && (
          <Step n={4} title={done ? "Done" : "Check, then import"}>
            {!done && (
              <Text size="sm" c="dimmed">
                The dry run reads the whole file and shows what would happen, writing nothing. Import then
                adds new {info.many} and updates the ones Lockstep already has. Rows with a problem are
                reported and skipped; all other rows are kept.
              </Text>
            )}
            {!done && (
              <Group gap="sm">
                <Button
                  variant="default"
                  leftSection={<IconFlask size={16} />}
                  onClick={() => void start(true)}
                  disabled={!ready}
                  loading={running?.dryRun === true}
                >
                  Check file (dry run)
                </Button>
                <Button
                  leftSection={<IconUpload size={16} />}
                  onClick={() => void start(false)}
                  disabled={!ready}
                  loading={running?.dryRun === false}
                >
                  Import
                </Button>
                {report?.dryRun && !running && (
                  <Text size="sm" c="dimmed">
                    Looks right? Import adds {countOf(entity, report.inserted)} and updates{" "}
                    {formatNumber(report.updated)} already in Lockstep.
                  </Text>
                )}
              </Group>
            )}
            {running && (
              <Box maw={520} aria-live="polite">
                <Group justify="space-between" mb={4}>
                  <Text size="sm">{progressText}</Text>
                  <Button
                    variant="subtle"
                    color="gray"
                    size="compact-sm"
                    onClick={() => abortRef.current?.abort()}
                  >
                    Cancel
                  </Button>
                </Group>
                <Progress
                  value={running.progress < 1 ? percent : 100}
                  animated={running.progress >= 1}
                  striped={running.progress >= 1}
                  aria-label="Import progress"
                />
              </Box>
            )}
            {error && (
              <ErrorAlert
                error={error.error}
                title={error.dryRun ? "The file could not be checked" : "The file could not be imported"}
              />
            )}
            {report && !running && (
              <Paper withBorder p="md" radius="md" bg={report.dryRun ? "gray.0" : undefined}>
                <ImportReportView report={report} />
              </Paper>
            )}
            {done && (
              <Group>
                <Button variant="default" onClick={startOver}>
                  Import another file
                </Button>
              </Group>
            )}
          </Step>
        )}
      </Stack>
    </Paper>
  );
}
