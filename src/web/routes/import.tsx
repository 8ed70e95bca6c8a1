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
  Select,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconFileSpreadsheet, IconFlask, IconUpload } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useMemo, useRef, useState } from "react";
import { useSearchParams } from "react-router";
import { apiNameOf } from "../../shared/import-values";
import {
  autoMapHeaders,
  IMPORT_ENTITIES,
  type ImportEntity,
  type ImportReport,
  type NewPropertySpec,
  type OutcomeEffect,
  propertyObjectOf,
  propertyOfTarget,
  propertyTarget,
} from "../../shared/imports";
import type { Property } from "../../shared/properties";
import { PageHeader } from "../features/common/page-header";
import { ErrorAlert } from "../features/common/query-states";
import { countOf, ENTITY_INFO } from "../features/imports/entities";
import { IMPORTS_KEY, ImportReportView, RecentImports } from "../features/imports/import-report";
import {
  effectiveTargets,
  type Mapping,
  MappingTable,
  mappingProblems,
  NEW_PROPERTY,
  type NewColumn,
  type NewColumns,
  newColumnFor,
  RequiredFields,
  repeatedHeaders,
} from "../features/imports/mapping-table";
import { UploadCancelled, uploadImport } from "../features/imports/upload";
import { propertyDefinitionsQuery, usePropertyDefinitions } from "../features/properties/properties";
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
  const [newColumns, setNewColumns] = useState<NewColumns>({});
  const [matchBy, setMatchBy] = useState("");
  const [outcomeSets, setOutcomeSets] = useState<OutcomeEffect>("stage");
  const [running, setRunning] = useState<Running | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<{ error: unknown; dryRun: boolean } | null>(null);
  const abortRef = useRef<AbortController | null>(null);
  const readToken = useRef(0);

  const objectType = propertyObjectOf(entity);
  const definitions = usePropertyDefinitions(objectType ?? "contacts", objectType !== null);
  const properties = useMemo(
    () => (objectType ? (definitions.data ?? []) : []),
    [objectType, definitions.data],
  );
  const auto = useMemo(
    () => (head ? autoMapHeaders(entity, head.headers, properties) : {}),
    [entity, head, properties],
  );
  const { missing, doubled, unidentified } = mappingProblems(entity, mapping, newColumns, matchBy);
  const repeated = head ? repeatedHeaders(head.headers) : [];
  const done = report !== null && !report.dryRun;
  const ready =
    Boolean(file && head) && missing.length === 0 && doubled.length === 0 && !unidentified && !running;

  /** The automatic mapping of a header row, with the record type's properties loaded first. */
  const mappingFor = async (next: ImportEntity, headers: string[]) => {
    const type = propertyObjectOf(next);
    const defs = type ? (await queryClient.fetchQuery(propertyDefinitionsQuery(type))).items : [];
    return autoMapHeaders(next, headers, defs);
  };

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
    setNewColumns({});
    setMatchBy("");
    if (head) void mappingFor(value, head.headers).then(setMapping);
    resetResult();
  };

  const chooseFile = async (next: File | null) => {
    const token = ++readToken.current;
    setFile(next);
    setHead(null);
    setHeadError(null);
    setMapping({});
    setNewColumns({});
    setMatchBy("");
    resetResult();
    if (!next) return;
    try {
      // The first rows give examples and a first guess of each new property's type.
      const read = await readCsvHead(next, 200);
      const proposed = await mappingFor(entity, read.headers);
      if (token !== readToken.current) return;
      setHead(read);
      setMapping(proposed);
    } catch (e) {
      if (token !== readToken.current) return;
      setHeadError(e instanceof CsvReadError ? e.message : "The file could not be read. Choose it again.");
    }
  };

  const changeColumn = (header: string, field: string | null) => {
    setMapping((m) => ({ ...m, [header]: field }));
    if (field === NEW_PROPERTY && head)
      setNewColumns((c) => (c[header] ? c : { ...c, [header]: newColumnFor(head, header) }));
    resetResult();
  };

  const changeNewColumn = (header: string, column: NewColumn) => {
    setNewColumns((c) => ({ ...c, [header]: column }));
    resetResult();
  };

  /** What the request says about new properties: a dry run leaves out guessed types (the server guesses). */
  const newPropertySpecs = (dryRun: boolean) =>
    Object.fromEntries(
      Object.entries(mapping).flatMap(([header, field]): [string, NewPropertySpec][] => {
        const column = newColumns[header];
        if (field !== NEW_PROPERTY || !column) return [];
        const spec: NewPropertySpec = {};
        if (!dryRun || column.source === "you") spec.type = column.type;
        if (column.label !== header) spec.label = column.label;
        if (column.apiName !== apiNameOf(header)) spec.apiName = column.apiName;
        return [[header, spec]];
      }),
    );

  const start = async (dryRun: boolean) => {
    if (!file || !head) return;
    const controller = new AbortController();
    abortRef.current = controller;
    const overrides = Object.fromEntries(
      Object.entries(mapping).filter(([h, f]) => f !== NEW_PROPERTY && (auto[h] ?? null) !== f),
    );
    setError(null);
    if (!dryRun) setReport(null);
    setRunning({ dryRun, progress: 0 });
    try {
      const result = await uploadImport({
        entity,
        file,
        dryRun,
        mapping: overrides,
        newProperties: newPropertySpecs(dryRun),
        matchBy: entity === "contacts" ? matchBy : undefined,
        outcomeSets:
          entity === "contacts" && effectiveTargets(mapping, newColumns).includes("outcome")
            ? outcomeSets
            : undefined,
        signal: controller.signal,
        onProgress: (progress) => setRunning((r) => (r ? { ...r, progress } : r)),
      });
      setReport(result);
      // The dry run read the whole file: its guesses replace those made from the first rows.
      if (dryRun)
        setNewColumns((columns) => {
          const next = { ...columns };
          for (const guessed of result.details.newProperties ?? []) {
            const column = next[guessed.column];
            if (column && column.source !== "you")
              next[guessed.column] = { ...column, type: guessed.type, source: "dry run" };
          }
          return next;
        });
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
            <RequiredFields entity={entity} mapping={mapping} newColumns={newColumns} matchBy={matchBy} />
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
              properties={properties}
              newColumns={newColumns}
              onChange={changeColumn}
              onNewColumnChange={changeNewColumn}
              disabled={Boolean(running) || done}
            />
            {entity === "contacts" && (
              <ContactOptions
                mapping={mapping}
                newColumns={newColumns}
                properties={properties}
                matchBy={matchBy}
                onMatchBy={(value) => {
                  setMatchBy(value);
                  resetResult();
                }}
                outcomeSets={outcomeSets}
                onOutcomeSets={(value) => {
                  setOutcomeSets(value);
                  resetResult();
                }}
                disabled={Boolean(running) || done}
              />
            )}
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

/** Contacts: what finds a stored contact, and what an outcome column does. */
function ContactOptions({
  mapping,
  newColumns,
  properties,
  matchBy,
  onMatchBy,
  outcomeSets,
  onOutcomeSets,
  disabled,
}: {
  mapping: Mapping;
  newColumns: NewColumns;
  properties: Property[];
  matchBy: string;
  onMatchBy: (value: string) => void;
  outcomeSets: OutcomeEffect;
  onOutcomeSets: (value: OutcomeEffect) => void;
  disabled: boolean;
}) {
  const targets = effectiveTargets(mapping, newColumns);
  // Properties that can name one contact: text and numbers (and one of a list), mapped to a column.
  const keyProperties = targets.flatMap((target) => {
    const apiName = propertyOfTarget(target);
    if (!apiName) return [];
    const existing = properties.find((p) => p.apiName === apiName);
    const created = Object.values(newColumns).find((c) => c.apiName === apiName);
    const type = existing?.type ?? created?.type;
    if (!type || !["text", "number", "one_of"].includes(type)) return [];
    return [{ value: propertyTarget(apiName), label: `${existing?.label ?? created?.label} (property)` }];
  });
  const matchOptions = [
    { value: "", label: "Email, else record ID" },
    ...(targets.includes("email") ? [{ value: "email", label: "Email" }] : []),
    ...(targets.includes("externalId") ? [{ value: "externalId", label: "Record ID" }] : []),
    ...keyProperties,
  ];
  return (
    <Group gap="lg" align="flex-end">
      <Select
        label="Find contacts already in Lockstep by"
        description="A file without emails finds its contacts by their record ID, or by a property whose values are unique"
        data={matchOptions}
        value={matchOptions.some((o) => o.value === matchBy) ? matchBy : ""}
        onChange={(value) => onMatchBy(value ?? "")}
        allowDeselect={false}
        disabled={disabled}
        w={340}
      />
      {targets.includes("outcome") && (
        <Select
          label="The outcome column sets"
          description="Converted or won, or not"
          data={[
            { value: "stage", label: "The contact's stage (converted: customer)" },
            { value: "deal", label: "A won or lost deal per contact" },
          ]}
          value={outcomeSets}
          onChange={(value) => value && onOutcomeSets(value as OutcomeEffect)}
          allowDeselect={false}
          disabled={disabled}
          w={320}
        />
      )}
    </Group>
  );
}
