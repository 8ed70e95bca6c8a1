// "Calibrate from past results": the user says what a good outcome is and which contacts to hold out;
// a background job fits points to every field, property and touch count and saves them as a new draft,
// which needs both teams' approval like any other. The report compares the draft with the live version
// and the starter model on the same holdout.
import { BarChart, LineChart } from "@mantine/charts";
import {
  Alert,
  Button,
  Group,
  Modal,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Table,
  TagsInput,
  Text,
  TextInput,
} from "@mantine/core";
import { IconArrowRight, IconWand } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { LIFECYCLE_STAGE_LABELS, LIFECYCLE_STAGES, type LifecycleStage } from "../../../shared/domain";
import type { CalibrationReport, CalibrationRequest } from "../../../shared/scoring";
import { errorMessage, isApiError } from "../../lib/api";
import { formatNumber } from "../../lib/format";
import { GuardedButton } from "../common/record-actions";
import { useJob } from "../jobs/job-api";
import { JobProgress } from "../jobs/job-progress";
import { usePropertyDefinitions } from "../properties/properties";
import { SCORING_KEY, useScoringPermissions, useStartCalibration } from "./scoring-api";
import { formatPoints } from "./scoring-format";

function aucWords(auc: number): string {
  if (auc >= 0.8) return "ranks good outcomes above bad ones very well";
  if (auc >= 0.7) return "ranks good outcomes above bad ones well";
  if (auc >= 0.6) return "ranks good outcomes above bad ones somewhat";
  return "barely better than a coin toss";
}

type OutcomeKind = CalibrationRequest["outcome"]["kind"];

function CalibrationForm({
  onStart,
  pending,
}: {
  onStart: (r: CalibrationRequest) => void;
  pending: boolean;
}) {
  const [outcome, setOutcome] = useState<OutcomeKind>("won_opportunity");
  const [stage, setStage] = useState<LifecycleStage>("customer");
  const [property, setProperty] = useState<string | null>(null);
  const [positiveValues, setPositiveValues] = useState<string[]>(["true"]);
  const [holdout, setHoldout] = useState<"random" | "date">("random");
  const [share, setShare] = useState<number>(30);
  const [seed, setSeed] = useState("lockstep");
  const [createdFrom, setCreatedFrom] = useState("");
  const [minSupport, setMinSupport] = useState<number>(20);
  const properties = usePropertyDefinitions("contacts");
  const submit = () =>
    onStart({
      outcome:
        outcome === "won_opportunity"
          ? { kind: "won_opportunity" }
          : outcome === "stage"
            ? { kind: "stage", stage }
            : { kind: "property", property: property ?? "", positiveValues },
      holdout:
        holdout === "random" ? { kind: "random", share: share / 100, seed } : { kind: "date", createdFrom },
      minSupport,
    });
  return (
    <Stack gap="sm">
      <Text size="sm">
        Lockstep learns from contacts whose outcome is known how many points each field, property and touch
        count is worth, checks the result on contacts it did not learn from, and saves it as a new draft
        version: nothing changes until a sales lead and a marketing lead approve it.
      </Text>
      <Select
        label="A good outcome is"
        data={[
          { value: "won_opportunity", label: "Won a deal or became a customer" },
          { value: "stage", label: "Reached a stage" },
          { value: "property", label: "A contact property has a value" },
        ]}
        value={outcome}
        onChange={(v) => v && setOutcome(v as OutcomeKind)}
        allowDeselect={false}
      />
      {outcome === "stage" && (
        <Select
          label="Stage"
          data={LIFECYCLE_STAGES.map((s) => ({ value: s, label: LIFECYCLE_STAGE_LABELS[s] }))}
          value={stage}
          onChange={(v) => v && setStage(v as LifecycleStage)}
          allowDeselect={false}
        />
      )}
      {outcome === "property" && (
        <Group grow align="flex-start">
          <Select
            label="Property"
            placeholder={properties.data?.length ? "Pick a contact property" : "No contact properties yet"}
            data={(properties.data ?? []).map((p) => ({ value: p.apiName, label: p.label }))}
            value={property}
            onChange={setProperty}
            searchable
          />
          <TagsInput
            label="Good when it is"
            value={positiveValues}
            onChange={setPositiveValues}
            description="Other values count as bad outcomes; empty values are left out"
          />
        </Group>
      )}
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          Hold out to check the result
        </Text>
        <SegmentedControl
          value={holdout}
          onChange={(v) => setHoldout(v as "random" | "date")}
          data={[
            { value: "random", label: "A random share" },
            { value: "date", label: "Contacts created from a date" },
          ]}
        />
      </Stack>
      {holdout === "random" ? (
        <Group grow>
          <NumberInput
            label="Share held out"
            suffix="%"
            min={10}
            max={50}
            value={share}
            onChange={(v) => setShare(Number(v) || 30)}
          />
          <TextInput
            label="Seed"
            description="The same seed holds out the same contacts"
            value={seed}
            onChange={(e) => setSeed(e.currentTarget.value)}
          />
        </Group>
      ) : (
        <TextInput
          type="date"
          label="Held out: contacts created on or after"
          value={createdFrom}
          onChange={(e) => setCreatedFrom(e.currentTarget.value)}
        />
      )}
      <NumberInput
        label="Minimum contacts per rule"
        description="A value, band or touch count becomes a rule only when this many contacts have it"
        min={5}
        value={minSupport}
        onChange={(v) => setMinSupport(Number(v) || 20)}
        w={260}
      />
      <Group justify="flex-end">
        <Button leftSection={<IconWand size={16} />} onClick={submit} loading={pending}>
          Calibrate
        </Button>
      </Group>
    </Stack>
  );
}

function CalibrationResult({ report }: { report: CalibrationReport }) {
  return (
    <Stack gap="sm" data-testid="calibration-result">
      <Text size="sm">
        Good outcome: {report.outcome}. Learned from {formatNumber(report.trainCount)} contacts (
        {formatNumber(report.trainPositives)} good) and checked on {formatNumber(report.holdoutCount)} held
        out ({formatNumber(report.holdoutPositives)} good): {report.holdout}.
      </Text>
      <Table withTableBorder data-testid="calibration-comparison">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Scored by Lockstep, same holdout</Table.Th>
            <Table.Th ta="right">AUC</Table.Th>
            <Table.Th ta="right">Top-decile lift</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.comparison.map((row) => (
            <Table.Tr key={row.name}>
              <Table.Td>{row.name}</Table.Td>
              <Table.Td ta="right">
                {row.auc == null ? "—" : row.auc.toFixed(3)}
                {row.auc != null && (
                  <Text span size="xs" c="dimmed">
                    {" "}
                    ({aucWords(row.auc)})
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right">
                {row.topDecileLift == null ? "—" : `${row.topDecileLift.toFixed(1)}x`}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed">
        AUC is the chance that a contact with a good outcome scores higher than one without (0.5 is a coin
        toss, 1 is perfect).{" "}
        {report.comparison[0].auc == null &&
          `No verdict: the holdout needs at least ${report.minimumSample} contacts of each outcome.`}
      </Text>
      {report.liftByDecile.length > 0 && (
        <Group grow align="flex-start">
          <Paper withBorder p="sm" radius="md">
            <Text size="sm" fw={600}>
              Lift by decile
            </Text>
            <BarChart
              h={160}
              data={report.liftByDecile.map((d) => ({
                decile: `${d.decile}`,
                lift: Number(d.lift.toFixed(2)),
              }))}
              dataKey="decile"
              series={[{ name: "lift", label: "Lift", color: "teal.6" }]}
              xAxisLabel="Decile (1 = highest scores)"
              referenceLines={[{ y: 1, label: "average", color: "gray.6" }]}
              tickLine="y"
              aria-label="Lift by decile"
            />
          </Paper>
          <Paper withBorder p="sm" radius="md">
            <Text size="sm" fw={600}>
              Predicted vs seen
            </Text>
            <LineChart
              h={160}
              data={report.calibrationCurve.map((d) => ({
                decile: `${d.decile}`,
                predicted: Math.round(d.predicted * 1000) / 10,
                seen: Math.round(d.observed * 1000) / 10,
              }))}
              dataKey="decile"
              unit="%"
              series={[
                { name: "predicted", label: "Predicted", color: "indigo.6" },
                { name: "seen", label: "Seen", color: "orange.6" },
              ]}
              xAxisLabel="Decile"
              aria-label="Calibration curve"
            />
          </Paper>
        </Group>
      )}
      <Paper withBorder p="sm" radius="md">
        <Text size="sm" fw={600}>
          Strongest rules ({report.fitRules} fit and {report.engagementRules} engagement rules kept of{" "}
          {report.candidates} candidates; {report.pointsToDoubleOdds} points double the odds)
        </Text>
        <Table fz="sm" verticalSpacing={2}>
          <Table.Tbody>
            {report.topRules.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{r.label}</Table.Td>
                <Table.Td c="dimmed">{r.kind}</Table.Td>
                <Table.Td ta="right">{formatNumber(r.support)} contacts</Table.Td>
                <Table.Td ta="right" ff="monospace">
                  {formatPoints(r.points)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text size="xs" c="dimmed" mt={4}>
          Lockstep's own scores of the {formatNumber(report.reproduction.contacts)} held-out contacts under
          the new rules differ from the fitted points by at most {report.reproduction.maxDifference}.
        </Text>
      </Paper>
    </Stack>
  );
}

export function CalibrateButton({
  modelId,
  onOpenVersion,
}: {
  modelId: string;
  onOpenVersion: (version: number) => void;
}) {
  const { canEdit, editHint } = useScoringPermissions();
  const [open, setOpen] = useState(false);
  const start = useStartCalibration(modelId);
  const job = useJob(start.data?.id ?? null);
  const current = job.data ?? start.data;
  const report = current?.status === "succeeded" ? (current.result as CalibrationReport) : null;
  const queryClient = useQueryClient();
  // The new draft shows in the model's versions as soon as the job has saved it.
  const savedVersion = report?.version;
  useEffect(() => {
    if (savedVersion) void queryClient.invalidateQueries({ queryKey: SCORING_KEY });
  }, [savedVersion, queryClient]);
  const close = () => {
    setOpen(false);
    start.reset();
  };
  return (
    <>
      <GuardedButton
        allowed={canEdit}
        hint={editHint}
        variant="light"
        leftSection={<IconWand size={16} />}
        onClick={() => setOpen(true)}
      >
        Calibrate from past results
      </GuardedButton>
      <Modal opened={open} onClose={close} title="Calibrate from past results" size="xl">
        <Stack gap="sm">
          {!current && (
            <>
              {start.isError && (
                <Alert
                  color={isApiError(start.error, 400) ? "yellow" : "red"}
                  title="Calibration could not start"
                  role="alert"
                  data-testid="calibration-error"
                >
                  {errorMessage(start.error)}
                </Alert>
              )}
              <CalibrationForm onStart={(r) => start.mutate(r)} pending={start.isPending} />
            </>
          )}
          {current && current.status !== "succeeded" && <JobProgress job={current} what="Calibration" />}
          {current && current.status !== "succeeded" && current.status !== "running" && (
            <Group justify="flex-end">
              <Button variant="default" onClick={() => start.reset()}>
                Change the settings
              </Button>
            </Group>
          )}
          {report && (
            <>
              <CalibrationResult report={report} />
              <Alert color="blue" title={`Saved as draft version ${report.version}`}>
                It needs the approval of a sales lead and a marketing lead, like any change to the lead
                definition. Check its backtest before approving.
              </Alert>
              <Group justify="flex-end">
                <Button variant="default" onClick={close}>
                  Close
                </Button>
                <Button
                  rightSection={<IconArrowRight size={16} />}
                  onClick={() => {
                    onOpenVersion(report.version);
                    close();
                  }}
                >
                  Open version {report.version}
                </Button>
              </Group>
            </>
          )}
        </Stack>
      </Modal>
    </>
  );
}
