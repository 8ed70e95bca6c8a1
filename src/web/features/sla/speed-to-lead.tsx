// "Speed to lead": business time from becoming an MQL to the first sales touch for the period's MQLs, as a
// distribution, with the median and the 90th percentile, split into the wait for an owner (system) and the
// owner's own time (rep).
import { BarChart } from "@mantine/charts";
import { Group, Paper, Progress, SimpleGrid, Skeleton, Stack, Text, Title, Tooltip } from "@mantine/core";
import { IconBolt } from "@tabler/icons-react";
import { formatNumber } from "../../lib/format";
import { Stat } from "../common/detail";
import { EmptyBlock, ErrorAlert } from "../common/query-states";
import { formatBusinessMinutes, type Period } from "./calendar-text";
import { useSpeedToLead } from "./sla-api";

export function SpeedToLeadSection({
  period,
  firstTouchHours,
}: {
  period: Period;
  /** The first-touch commitment in force, in business hours, to compare against. */
  firstTouchHours: number | null;
}) {
  const speed = useSpeedToLead(period.from, period.to);

  let body: React.ReactNode;
  if (speed.isPending)
    body = (
      <Stack gap="sm" aria-busy="true" aria-label="Loading">
        <SimpleGrid cols={{ base: 2, md: 4 }}>
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} height={84} />
          ))}
        </SimpleGrid>
        <Skeleton height={220} />
      </Stack>
    );
  else if (speed.isError) body = <ErrorAlert error={speed.error} onRetry={() => speed.refetch()} />;
  else {
    const s = speed.data;
    const total = s.touched + s.untouched;
    if (total === 0)
      body = (
        <EmptyBlock
          icon={<IconBolt size={28} />}
          title="No MQLs to measure in this period yet"
          description="Each MQL's time to its first sales touch (a call, email, message or meeting) is counted in business hours and shows here."
        />
      );
    else {
      const system = s.medianSystemMinutes ?? 0;
      const rep = s.medianRepMinutes ?? 0;
      const split = system + rep;
      const target = firstTouchHours === null ? null : firstTouchHours * 60;
      body = (
        <Stack gap="md">
          <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
            <Stat
              label="Median"
              value={<span data-testid="speed-median">{formatBusinessMinutes(s.medianMinutes)}</span>}
              hint="Half of the MQLs got their first touch faster (business time)"
            />
            <Stat
              label="90th percentile"
              value={formatBusinessMinutes(s.p90Minutes)}
              hint="9 in 10 MQLs were touched within this"
            />
            <Stat
              label="Touched"
              value={formatNumber(s.touched)}
              hint={
                target === null
                  ? "MQLs with a first touch"
                  : `Commitment: within ${formatBusinessMinutes(target)}`
              }
            />
            <Stat
              label="Not touched yet"
              value={formatNumber(s.untouched)}
              hint="MQLs still waiting for a first touch"
            />
          </SimpleGrid>
          <div>
            <Text size="sm" fw={600}>
              MQLs by time to first touch
            </Text>
            <Text size="xs" c="dimmed" mb="xs">
              Business time only: nights, days off and holidays do not count.
            </Text>
            {s.touched === 0 ? (
              <Text size="sm" c="dimmed">
                None of this period's MQLs has had a first touch yet.
              </Text>
            ) : (
              <BarChart
                h={240}
                data={s.buckets.map((b) => ({ label: b.label, count: b.count }))}
                dataKey="label"
                series={[{ name: "count", label: "MQLs", color: "indigo.6" }]}
                valueFormatter={(value) => formatNumber(value)}
                withBarValueLabel
                maxBarWidth={56}
                gridAxis="y"
                aria-label="MQLs by time to first touch"
              />
            )}
          </div>
          {s.medianMinutes !== null && (
            <div data-testid="speed-split">
              <Text size="sm" fw={600}>
                Where the time goes (medians)
              </Text>
              <Text size="xs" c="dimmed" mb={6}>
                Waiting for an owner is the system's delay (the lead sat in the routing queue with no rep);
                with the rep is the time from getting the lead to touching it.
              </Text>
              {split > 0 ? (
                <Progress.Root size={22}>
                  <Tooltip label={`Waiting for an owner: ${formatBusinessMinutes(system)}`}>
                    <Progress.Section value={(system / split) * 100} color="orange.5">
                      <Progress.Label>Waiting for an owner</Progress.Label>
                    </Progress.Section>
                  </Tooltip>
                  <Tooltip label={`With the rep: ${formatBusinessMinutes(rep)}`}>
                    <Progress.Section value={(rep / split) * 100} color="indigo.5">
                      <Progress.Label>With the rep</Progress.Label>
                    </Progress.Section>
                  </Tooltip>
                </Progress.Root>
              ) : null}
              <Group gap="lg" mt={6}>
                <Text size="sm">
                  <Text span fw={700} c="orange.8">
                    {formatBusinessMinutes(s.medianSystemMinutes)}
                  </Text>{" "}
                  waiting for an owner (system)
                </Text>
                <Text size="sm">
                  <Text span fw={700} c="indigo.8">
                    {formatBusinessMinutes(s.medianRepMinutes)}
                  </Text>{" "}
                  with the rep
                </Text>
              </Group>
            </div>
          )}
        </Stack>
      );
    }
  }

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label="Speed to lead">
      <Stack gap="sm">
        <div>
          <Group gap="xs">
            <IconBolt size={18} aria-hidden />
            <Title order={3} size="h4">
              Speed to lead
            </Title>
          </Group>
          <Text size="sm" c="dimmed">
            How fast sales first touched the MQLs of {period.label}, in business time.
          </Text>
        </div>
        {body}
      </Stack>
    </Paper>
  );
}
