// The cockpit's revenue-team tiles (one call): the celebration banner when everybody won, revenue against the
// target with its forecast, goals (a member's own first), the shared win's state, pods side by side for
// leaders, and the recognition wall. Each links to the page that computes the same numbers.
import { Grid, Group, Paper, Progress, SimpleGrid, Stack, Text } from "@mantine/core";
import { formatMoney } from "../../lib/format";
import { Figure, Tile } from "../cockpit/tile";
import { ErrorAlert } from "../common/query-states";
import { WallPostCard } from "../recognition/wall-post";
import {
  CelebrationBanner,
  ForecastCategories,
  GoalProgressBar,
  progressColor,
  SharedWinView,
} from "./goal-view";
import { useRevenueCockpit } from "./goals-api";

export function RevenueTeamTiles() {
  const cockpit = useRevenueCockpit();
  if (cockpit.isPending)
    return (
      <Text size="sm" c="dimmed" mb="md">
        Loading revenue and goals…
      </Text>
    );
  if (cockpit.isError)
    return (
      <Stack mb="md">
        <ErrorAlert
          error={cockpit.error}
          onRetry={() => cockpit.refetch()}
          title="Could not load revenue and goals"
        />
      </Stack>
    );
  const c = cockpit.data;
  const period = c.period;
  return (
    <Stack gap="md" mb="md">
      {c.celebration && <CelebrationBanner win={c.celebration} />}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 6, xl: 4 }}>
          <Tile
            title={c.revenue ? `Revenue vs target, ${c.revenue.target.label}` : "Revenue vs target"}
            link={
              c.revenue
                ? { to: `/goals/plan/${c.revenue.target.period}`, label: "What it needs" }
                : { to: "/goals", label: "Goals" }
            }
            testId="tile-revenue"
          >
            {c.revenue ? (
              <Stack gap="xs">
                <Group gap="xl" align="flex-end">
                  <Figure
                    value={formatMoney(c.revenue.progress.actual)}
                    caption={`won of ${formatMoney(c.revenue.target.amount)}`}
                    testId="cockpit-revenue-won"
                  />
                  <Figure
                    value={formatMoney(c.revenue.progress.forecast)}
                    caption={
                      c.revenue.progress.weighted !== null
                        ? "forecast: won + open deals × the measured win rate"
                        : "forecast at the current run rate"
                    }
                    testId="cockpit-revenue-forecast"
                  />
                </Group>
                <Progress
                  value={Math.min(100, c.revenue.progress.share * 100)}
                  color={progressColor(c.revenue.progress, c.revenue.target.amount)}
                  size="lg"
                  aria-label={`${Math.round(c.revenue.progress.share * 100)}% of the target won`}
                />
                <ForecastCategories progress={c.revenue.progress} />
              </Stack>
            ) : (
              <Text size="sm" c="dimmed">
                No revenue target covers today. Team leads set one on the Goals page; the reverse funnel then
                shows what each stage needs.
              </Text>
            )}
          </Tile>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6, xl: 4 }}>
          <Tile
            title={c.view === "member" ? `My goals, ${period.label}` : `Goals, ${period.label}`}
            link={{
              to: `/goals?period=${period.period}`,
              label: `${c.goalCount.hit} of ${c.goalCount.total} hit`,
            }}
            testId="tile-goals"
          >
            {c.goals.length === 0 ? (
              <Text size="sm" c="dimmed">
                No goals for {period.label} yet.
              </Text>
            ) : (
              <Stack gap="sm">
                {c.goals.map((g) => (
                  <GoalProgressBar key={g.id} goal={g} compact />
                ))}
              </Stack>
            )}
          </Tile>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6, xl: 4 }}>
          <Tile
            title={`Recognition wall (${c.wall.week.kudos} kudos this week, ${c.wall.week.crossTeam} across teams)`}
            link={{ to: "/wall", label: "Give kudos" }}
            testId="tile-wall"
          >
            {c.wall.items.length === 0 ? (
              <Text size="sm" c="dimmed">
                Nothing on the wall yet. Thank someone on the other team.
              </Text>
            ) : (
              <Stack gap={6}>
                {c.wall.items.slice(0, 3).map((p) => (
                  <WallPostCard key={p.id} post={p} compact />
                ))}
              </Stack>
            )}
          </Tile>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6, xl: 4 }}>
          <Tile
            title="Shared win"
            link={{ to: `/goals?period=${period.period}`, label: "Goals" }}
            testId="tile-shared-win"
          >
            {c.sharedWins.length === 0 ? (
              <Text size="sm" c="dimmed">
                No shared win yet: link goals of both teams so that only everybody winning is celebrated.
              </Text>
            ) : (
              <Stack gap="md">
                {c.sharedWins.slice(0, 2).map((w) => (
                  <SharedWinView key={w.id} win={w} />
                ))}
              </Stack>
            )}
          </Tile>
        </Grid.Col>
        {c.pods.length > 0 && (
          <Grid.Col span={{ base: 12, xl: 8 }}>
            <Tile
              title={`Pods side by side, ${period.label}`}
              link={{ to: "/pods", label: "Pods" }}
              testId="tile-pods"
            >
              <SimpleGrid cols={{ base: 1, sm: Math.min(3, c.pods.length) }} spacing="md">
                {c.pods.map((pod) => (
                  <Paper key={pod.podId} withBorder p="xs" radius="md" data-testid="pod-column">
                    <Text fw={700} size="sm" mb={6}>
                      {pod.name}
                    </Text>
                    <Stack gap="xs">
                      {pod.goals.map((g) => (
                        <GoalProgressBar
                          key={g.id}
                          goal={{ ...g, title: g.name || g.title.replace(`${pod.name}: `, "") }}
                          compact
                        />
                      ))}
                    </Stack>
                  </Paper>
                ))}
              </SimpleGrid>
            </Tile>
          </Grid.Col>
        )}
      </Grid>
    </Stack>
  );
}
