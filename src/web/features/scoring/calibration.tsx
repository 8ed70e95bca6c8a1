// "Suggest points from past results": fits the rules' points to won vs lost contacts and saves them as a new
// draft, which needs both teams' approval like any other.
import { BarChart } from "@mantine/charts";
import { Alert, Button, Group, Modal, Paper, SimpleGrid, Stack, Text } from "@mantine/core";
import { IconAlertTriangle, IconArrowRight, IconWand } from "@tabler/icons-react";
import { useState } from "react";
import { errorMessage, isApiError } from "../../lib/api";
import { formatNumber } from "../../lib/format";
import { GuardedButton } from "../common/record-actions";
import { useCalibrate, useScoringPermissions } from "./scoring-api";

function aucWords(auc: number): string {
  if (auc >= 0.8) return "ranks won contacts above lost ones very well";
  if (auc >= 0.7) return "ranks won contacts above lost ones well";
  if (auc >= 0.6) return "ranks won contacts above lost ones somewhat";
  return "barely better than a coin toss";
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
  const calibrate = useCalibrate(modelId);
  const result = calibrate.data;
  const close = () => {
    setOpen(false);
    calibrate.reset();
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
        Suggest points from past results
      </GuardedButton>
      <Modal opened={open} onClose={close} title="Suggest points from past results" size="lg">
        <Stack gap="sm">
          {!result && (
            <>
              <Text size="sm">
                Lockstep looks at contacts whose deals were won and those that were lost or disqualified, and
                suggests how many points each attribute and behaviour is worth. The suggestion is saved as a
                new draft version: nothing changes until a sales lead and a marketing lead approve it and it
                is activated.
              </Text>
              {calibrate.isError && (
                <Alert
                  color={isApiError(calibrate.error, 400) ? "yellow" : "red"}
                  icon={<IconAlertTriangle size={18} />}
                  title={isApiError(calibrate.error, 400) ? "Not enough past results yet" : "No suggestion"}
                  role="alert"
                  data-testid="calibration-error"
                >
                  {errorMessage(calibrate.error)}
                </Alert>
              )}
              <Group justify="flex-end">
                <Button variant="default" onClick={close}>
                  Cancel
                </Button>
                <Button
                  leftSection={<IconWand size={16} />}
                  onClick={() => calibrate.mutate()}
                  loading={calibrate.isPending}
                >
                  {calibrate.isError ? "Try again" : "Suggest points"}
                </Button>
              </Group>
            </>
          )}
          {result && (
            <Stack gap="sm" data-testid="calibration-result">
              <Text size="sm">
                Learned from {formatNumber(result.trainCount)} contacts and checked on{" "}
                {formatNumber(result.holdoutCount)} others it had not seen ({formatNumber(result.positives)}{" "}
                won in all).
              </Text>
              <SimpleGrid cols={2}>
                <Paper withBorder p="sm" radius="md">
                  <Text size="xs" c="dimmed" fw={600} tt="uppercase">
                    Suggested points
                  </Text>
                  <Text size="xl" fw={700}>
                    {result.auc.toFixed(2)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {aucWords(result.auc)}
                  </Text>
                </Paper>
                <Paper withBorder p="sm" radius="md">
                  <Text size="xs" c="dimmed" fw={600} tt="uppercase">
                    Current version
                  </Text>
                  <Text size="xl" fw={700}>
                    {result.baselineAuc.toFixed(2)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {aucWords(result.baselineAuc)}
                  </Text>
                </Paper>
              </SimpleGrid>
              <Text size="xs" c="dimmed">
                The number is the chance that a won contact scores higher than a lost one (0.5 is a coin toss,
                1 is perfect).
              </Text>
              <Paper withBorder p="sm" radius="md">
                <Text size="sm" fw={600}>
                  Lift by decile
                </Text>
                <Text size="xs" c="dimmed" mb="xs">
                  Contacts split into ten equal groups by the suggested score, best first. A lift of 3 means
                  that group wins three times as often as average.
                </Text>
                <BarChart
                  h={180}
                  data={result.liftByDecile.map((d) => ({
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
              <Alert color="blue" title={`Saved as draft version ${result.version.version}`}>
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
                    onOpenVersion(result.version.version);
                    close();
                  }}
                >
                  Open version {result.version.version}
                </Button>
              </Group>
            </Stack>
          )}
        </Stack>
      </Modal>
    </>
  );
}
