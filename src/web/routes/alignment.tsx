// Team → Alignment health: fix the cause, not the symptom. The alignment index (0-100) by month from the data
// (both sides' SLA, acceptance, how fast a rejection changes a campaign, kudos across teams) and the anonymous
// pulse survey; the weakest signal named; the pulse form (once a month, nobody sees who answered what).
import { LineChart } from "@mantine/charts";
import {
  Alert,
  Badge,
  Button,
  Grid,
  Group,
  Paper,
  Progress,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconLock } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { PULSE_MIN_ANSWERS, PULSE_STATEMENTS, type PulseAnswer, type PulseKey } from "../../shared/alignment";
import { PageHeader } from "../features/common/page-header";
import { ErrorAlert, PageLoader } from "../features/common/query-states";
import { client, errorMessage, ok } from "../lib/api";

const KEY = ["alignment"] as const;

function useAlignment() {
  return useQuery({ queryKey: KEY, queryFn: ({ signal }) => ok(client.GET("/api/alignment", { signal })) });
}

function usePulse() {
  return useQuery({
    queryKey: [...KEY, "pulse"],
    queryFn: ({ signal }) => ok(client.GET("/api/alignment/pulse", { signal })),
  });
}

const scoreColor = (s: number | null) =>
  s === null ? "gray" : s >= 0.75 ? "green" : s >= 0.5 ? "yellow" : "red";

export function AlignmentPage() {
  const health = useAlignment();
  return (
    <>
      <PageHeader
        title="Alignment health"
        description="How well sales and marketing work as one team, from the data both teams share and an anonymous monthly pulse. Fix the weakest signal's cause, not its symptom."
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          {health.isPending ? (
            <PageLoader label="Reading the signals…" />
          ) : health.isError ? (
            <ErrorAlert error={health.error} onRetry={() => health.refetch()} />
          ) : (
            <Stack gap="lg">
              <Paper withBorder p="md" radius="md">
                <Group justify="space-between" align="flex-start">
                  <Stack gap={0}>
                    <Text size="xs" fw={700} c="dimmed" tt="uppercase">
                      Alignment index, {health.data.current.label} so far
                    </Text>
                    <Text fz={36} fw={700} lh={1.1} data-testid="alignment-index">
                      {health.data.current.index === null ? "—" : health.data.current.index}
                    </Text>
                    <Text size="xs" c="dimmed">
                      of 100: the average of the signals with enough cases to judge
                    </Text>
                  </Stack>
                  {health.data.weakest && (
                    <Alert
                      color="orange"
                      icon={<IconAlertTriangle size={18} />}
                      title="Weakest signal"
                      maw={360}
                      data-testid="weakest-signal"
                    >
                      {health.data.weakest.label}: {Math.round(health.data.weakest.score * 100)} of 100
                      {health.data.weakest.month !== health.data.current.month ? " (last month)" : ""}. Start
                      there.
                    </Alert>
                  )}
                </Group>
                <LineChart
                  mt="md"
                  h={220}
                  data={health.data.months.map((m) => ({ month: m.label, index: m.index }))}
                  dataKey="month"
                  series={[{ name: "index", label: "Alignment index", color: "indigo.6" }]}
                  yAxisProps={{ domain: [0, 100] }}
                  connectNulls
                  curveType="linear"
                />
              </Paper>
              <Paper withBorder p="md" radius="md">
                <Title order={3} size="h4" mb="xs">
                  The signals this month
                </Title>
                <Table verticalSpacing={6} fz="sm">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Signal</Table.Th>
                      <Table.Th w={220}>Score</Table.Th>
                      <Table.Th>What it is made of</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {health.data.current.signals.map((s) => (
                      <Table.Tr key={s.key} data-testid={`signal-${s.key}`}>
                        <Table.Td fw={600}>{s.label}</Table.Td>
                        <Table.Td>
                          {s.score === null ? (
                            <Text size="sm" c="dimmed">
                              —
                            </Text>
                          ) : (
                            <Group gap={6} wrap="nowrap">
                              <Progress
                                value={s.score * 100}
                                color={s.judged ? scoreColor(s.score) : "gray"}
                                w={80}
                              />
                              <Text size="sm">{Math.round(s.score * 100)}</Text>
                              {!s.judged && (
                                <Badge size="xs" variant="outline" color="gray">
                                  not counted
                                </Badge>
                              )}
                            </Group>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <Text size="xs">{s.detail}</Text>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
                <Text size="xs" c="dimmed" mt="xs">
                  A rate counts once it has {health.data.minimumSample} cases (the SLA's minimum sample); the
                  pulse once its month has ended with at least {PULSE_MIN_ANSWERS} answers.
                </Text>
              </Paper>
              {health.data.pulse && (
                <Paper withBorder p="md" radius="md" data-testid="pulse-results">
                  <Title order={3} size="h4" mb="xs">
                    Pulse, {health.data.pulse.label} ({health.data.pulse.answers} answers)
                  </Title>
                  <Stack gap={6}>
                    {health.data.pulse.statements.map((s) => (
                      <Group key={s.key} justify="space-between" wrap="nowrap">
                        <Text size="sm">{s.text}</Text>
                        <Group gap={6} wrap="nowrap">
                          <Progress
                            value={((s.average - 1) / 4) * 100}
                            w={120}
                            color={scoreColor((s.average - 1) / 4)}
                          />
                          <Text size="sm" fw={600} w={40} ta="right">
                            {s.average.toFixed(1)}
                          </Text>
                        </Group>
                      </Group>
                    ))}
                  </Stack>
                </Paper>
              )}
            </Stack>
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <PulseForm />
        </Grid.Col>
      </Grid>
    </>
  );
}

function PulseForm() {
  const pulse = usePulse();
  const queryClient = useQueryClient();
  const [answer, setAnswer] = useState<Partial<PulseAnswer>>({});
  const send = useMutation({
    mutationFn: (body: PulseAnswer) => ok(client.POST("/api/alignment/pulse", { body })),
    onSuccess: () => {
      notifications.show({ color: "green", message: "Thank you: your answer is in, without your name" });
      void queryClient.invalidateQueries({ queryKey: KEY });
    },
    onError: (e) => notifications.show({ color: "red", message: errorMessage(e) }),
  });
  const complete = PULSE_STATEMENTS.every((s) => answer[s.key] !== undefined);
  return (
    <Paper withBorder p="md" radius="md" data-testid="pulse-form">
      <Group gap="xs" mb="xs">
        <IconLock size={16} aria-hidden />
        <Title order={3} size="h4">
          This month's pulse
        </Title>
      </Group>
      {pulse.isPending ? (
        <PageLoader />
      ) : pulse.isError ? (
        <ErrorAlert error={pulse.error} onRetry={() => pulse.refetch()} />
      ) : pulse.data.answered ? (
        <Text size="sm">
          You answered {pulse.data.label}'s pulse: thank you. {pulse.data.answers} answer
          {pulse.data.answers === 1 ? "" : "s"} so far; results show when the month ends, with at least{" "}
          {PULSE_MIN_ANSWERS} answers.
        </Text>
      ) : (
        <Stack gap="sm">
          <Text size="xs" c="dimmed">
            Anonymous: your answer is stored apart from your name and shown only as an average of a whole
            month with at least {PULSE_MIN_ANSWERS} answers. 1 = not at all, 5 = fully.
          </Text>
          {PULSE_STATEMENTS.map((s) => (
            <Stack key={s.key} gap={4}>
              <Text size="sm" fw={500}>
                {s.text}
              </Text>
              <SegmentedControl
                fullWidth
                size="xs"
                data={["1", "2", "3", "4", "5"]}
                value={answer[s.key as PulseKey] ? String(answer[s.key as PulseKey]) : ""}
                onChange={(v) => setAnswer({ ...answer, [s.key]: Number(v) })}
                aria-label={s.text}
              />
            </Stack>
          ))}
          <Button
            disabled={!complete}
            loading={send.isPending}
            onClick={() => send.mutate(answer as PulseAnswer)}
          >
            Send anonymously
          </Button>
          <Text size="xs" c="dimmed">
            {pulse.data.answers} answer{pulse.data.answers === 1 ? "" : "s"} this month so far.
          </Text>
        </Stack>
      )}
    </Paper>
  );
}
