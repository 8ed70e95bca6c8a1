// Team → Goals: the revenue team's target for a period and what it needs, every goal with its progress and
// forecast (counted from the records), rolled up member -> pod -> team -> revenue team, and the shared wins
// that are celebrated only when both teams hit every linked goal.
import {
  ActionIcon,
  Anchor,
  Button,
  Group,
  Menu,
  NumberInput,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import {
  IconChevronLeft,
  IconChevronRight,
  IconDots,
  IconPlus,
  IconTarget,
  IconTrash,
} from "@tabler/icons-react";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { type Goal, type PeriodKind, periodBounds } from "../../shared/goals";
import { PageHeader } from "../features/common/page-header";
import { EmptyBlock, ErrorAlert, PageLoader } from "../features/common/query-states";
import { GoalFormModal, SharedWinFormModal } from "../features/goals/goal-forms";
import {
  CelebrationBanner,
  currentPeriodOf,
  ForecastCategories,
  formatValue,
  GoalProgressBar,
  periodLabel,
  SharedWinView,
  shiftPeriod,
} from "../features/goals/goal-view";
import {
  useDeleteGoal,
  useDeleteSharedWin,
  useGoals,
  useSetTarget,
  useSharedWins,
  useTargets,
} from "../features/goals/goals-api";
import { usePermissions } from "../features/session/session";
import { errorMessage } from "../lib/api";
import { formatMoney } from "../lib/format";
import { applyApiError, numberOrNull } from "../lib/forms";

const LEVELS: { kind: Goal["ownerKind"]; title: string; hint: string }[] = [
  { kind: "revenue", title: "Revenue team", hint: "The whole workspace's numbers" },
  { kind: "team", title: "Teams", hint: "A team answers for the revenue team's number on its metric" },
  {
    kind: "pod",
    title: "Pods",
    hint: "The pod's contacts (as routing decides) and its members' deals and touches",
  },
  {
    kind: "member",
    title: "Members",
    hint: "What each member owns, and for marketers what their campaigns sourced",
  },
];

export function GoalsPage() {
  const [params, setParams] = useSearchParams();
  const period =
    params.get("period") && periodBounds(params.get("period") ?? "")
      ? (params.get("period") as string)
      : currentPeriodOf("quarter");
  const kind = periodBounds(period)?.kind ?? "quarter";
  const setPeriod = (p: string) => setParams({ period: p }, { replace: true });
  const goals = useGoals(period);
  const wins = useSharedWins(period);
  const { isLeadOrAdmin } = usePermissions();
  const [creating, setCreating] = useState<"goal" | "win" | null>(null);

  return (
    <>
      <PageHeader
        title="Goals"
        description="One revenue team, one target. Progress is counted from the records, never typed in, with a forecast for the period's end."
        actions={
          <Group gap="xs">
            <SegmentedControl
              size="xs"
              value={kind}
              onChange={(k) => setPeriod(currentPeriodOf(k as PeriodKind))}
              data={[
                { value: "month", label: "Month" },
                { value: "quarter", label: "Quarter" },
                { value: "year", label: "Year" },
              ]}
            />
            <ActionIcon
              variant="default"
              aria-label="Previous period"
              onClick={() => setPeriod(shiftPeriod(period, -1))}
            >
              <IconChevronLeft size={16} />
            </ActionIcon>
            <Text fw={600} w={110} ta="center" data-testid="goals-period">
              {periodLabel(period)}
            </Text>
            <ActionIcon
              variant="default"
              aria-label="Next period"
              onClick={() => setPeriod(shiftPeriod(period, 1))}
            >
              <IconChevronRight size={16} />
            </ActionIcon>
          </Group>
        }
      />
      <Stack gap="lg">
        <TargetCard
          period={period}
          revenueGoal={goals.data?.items.find((g) => g.ownerKind === "revenue" && g.metric === "revenue_won")}
        />
        {wins.data?.items
          .filter((w) => w.state === "celebrated")
          .map((w) => (
            <CelebrationBanner key={w.id} win={w} />
          ))}
        <Paper withBorder p="md" radius="md">
          <Group justify="space-between" mb="sm">
            <Title order={3} size="h4">
              Goals for {periodLabel(period)}
            </Title>
            {isLeadOrAdmin && (
              <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setCreating("goal")}>
                New goal
              </Button>
            )}
          </Group>
          {goals.isPending ? (
            <PageLoader label="Counting progress…" />
          ) : goals.isError ? (
            <ErrorAlert error={goals.error} onRetry={() => goals.refetch()} />
          ) : goals.data.items.length === 0 ? (
            <EmptyBlock
              icon={<IconTarget size={28} />}
              title={`No goals for ${periodLabel(period)} yet`}
              description={
                isLeadOrAdmin
                  ? "Set goals for the revenue team, each team, each pod and each member: MQLs, pipeline, revenue, SLA compliance..."
                  : "Team leads set goals for the revenue team, each team, pod and member."
              }
            />
          ) : (
            <GoalLevels goals={goals.data.items} canEdit={isLeadOrAdmin} />
          )}
        </Paper>
        <Paper withBorder p="md" radius="md">
          <Group justify="space-between" mb="sm">
            <Stack gap={0}>
              <Title order={3} size="h4">
                Shared wins
              </Title>
              <Text size="sm" c="dimmed">
                Everybody must win or there's no party: a shared win is celebrated only when every linked goal
                of both teams is hit.
              </Text>
            </Stack>
            {isLeadOrAdmin && (
              <Button
                size="xs"
                variant="light"
                onClick={() => setCreating("win")}
                disabled={!goals.data?.items.length}
              >
                Link goals into a shared win
              </Button>
            )}
          </Group>
          {wins.isPending ? (
            <PageLoader />
          ) : wins.isError ? (
            <ErrorAlert error={wins.error} onRetry={() => wins.refetch()} />
          ) : wins.data.items.length === 0 ? (
            <Text size="sm" c="dimmed">
              No shared win for {periodLabel(period)} yet.
            </Text>
          ) : (
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              {wins.data.items.map((w) => (
                <Paper key={w.id} withBorder p="sm" radius="md">
                  <Group justify="flex-end" mb={-8}>
                    {isLeadOrAdmin && <RemoveWin id={w.id} />}
                  </Group>
                  <SharedWinView win={w} />
                </Paper>
              ))}
            </SimpleGrid>
          )}
        </Paper>
      </Stack>
      {creating === "goal" && <GoalFormModal period={period} onClose={() => setCreating(null)} />}
      {creating === "win" && goals.data && (
        <SharedWinFormModal period={period} goals={goals.data.items} onClose={() => setCreating(null)} />
      )}
    </>
  );
}

function RemoveWin({ id }: { id: string }) {
  const remove = useDeleteSharedWin();
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label="Shared win actions">
          <IconDots size={16} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item
          color="red"
          leftSection={<IconTrash size={14} />}
          onClick={() =>
            remove.mutate(id, {
              onError: (e) => notifications.show({ color: "red", message: errorMessage(e) }),
            })
          }
        >
          Remove the shared win (its goals stay)
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

function GoalLevels({ goals, canEdit }: { goals: Goal[]; canEdit: boolean }) {
  const remove = useDeleteGoal();
  const byId = new Map(goals.map((g) => [g.id, g]));
  return (
    <Stack gap="lg">
      {LEVELS.map((level) => {
        const mine = goals.filter((g) => g.ownerKind === level.kind);
        if (mine.length === 0) return null;
        return (
          <Stack key={level.kind} gap="xs">
            <Group gap="xs" align="baseline">
              <Text size="xs" fw={700} c="dimmed" tt="uppercase">
                {level.title}
              </Text>
              <Text size="xs" c="dimmed">
                {level.hint}
              </Text>
            </Group>
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
              {mine.map((g) => {
                const parent = g.parentId ? byId.get(g.parentId) : undefined;
                return (
                  <Paper key={g.id} withBorder p="sm" radius="md">
                    <Group align="flex-start" wrap="nowrap" gap="xs">
                      <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
                        <GoalProgressBar goal={g} />
                        {g.metric === "revenue_won" && g.progress.categories && (
                          <ForecastCategories progress={g.progress} />
                        )}
                        {g.children.count > 0 && g.unit !== "share" && (
                          <Text size="xs" c="dimmed">
                            {`${g.children.count === 1 ? "1 goal rolls" : `${g.children.count} goals roll`} up into this one: their targets add up to ${formatValue(g.children.target, g.unit)} (${Math.round((g.children.target / g.target) * 100)}% of this target), their progress to ${formatValue(g.children.actual, g.unit)}`}
                          </Text>
                        )}
                        {parent && (
                          <Text size="xs" c="dimmed">
                            Rolls up into {parent.title}
                          </Text>
                        )}
                      </Stack>
                      {canEdit && (
                        <Menu position="bottom-end">
                          <Menu.Target>
                            <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${g.title}`}>
                              <IconDots size={16} />
                            </ActionIcon>
                          </Menu.Target>
                          <Menu.Dropdown>
                            <Menu.Item
                              color="red"
                              leftSection={<IconTrash size={14} />}
                              onClick={() =>
                                remove.mutate(g.id, {
                                  onError: (e) =>
                                    notifications.show({ color: "red", message: errorMessage(e) }),
                                })
                              }
                            >
                              Remove goal
                            </Menu.Item>
                          </Menu.Dropdown>
                        </Menu>
                      )}
                    </Group>
                  </Paper>
                );
              })}
            </SimpleGrid>
          </Stack>
        );
      })}
    </Stack>
  );
}

/** The period's revenue target: what it is, who set it, and the way to its reverse funnel. */
function TargetCard({ period, revenueGoal }: { period: string; revenueGoal: Goal | undefined }) {
  const targets = useTargets();
  const target = targets.data?.items.find((t) => t.period === period) ?? null;
  const { isLeadOrAdmin } = usePermissions();
  const [editing, setEditing] = useState(false);
  return (
    <Paper withBorder p="md" radius="md" data-testid="target-card">
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Text size="xs" fw={700} c="dimmed" tt="uppercase">
            Revenue target, {periodLabel(period)}
          </Text>
          {targets.isPending ? (
            <Text c="dimmed">Loading…</Text>
          ) : targets.isError ? (
            <ErrorAlert error={targets.error} onRetry={() => targets.refetch()} />
          ) : target ? (
            <>
              <Text fz={28} fw={700} lh={1.1} data-testid="target-amount">
                {formatMoney(target.amount)}
              </Text>
              <Text size="xs" c="dimmed">
                Set by {target.setByName ?? "a lead"}
                {target.note ? `: ${target.note}` : ""}
              </Text>
            </>
          ) : (
            <Text c="dimmed">No target for {periodLabel(period)} yet.</Text>
          )}
          {revenueGoal && target && (
            <Text size="sm" mt={4}>
              Won so far: <b>{formatMoney(revenueGoal.progress.actual)}</b>
              {revenueGoal.progress.forecast !== null && (
                <>
                  {" "}
                  · forecast <b>{formatMoney(revenueGoal.progress.forecast)}</b>
                </>
              )}
            </Text>
          )}
        </Stack>
        <Group gap="xs">
          {target && (
            <Button component={Link} to={`/goals/plan/${period}`} variant="light" size="sm">
              What each stage needs
            </Button>
          )}
          {isLeadOrAdmin && !editing && (
            <Button variant={target ? "default" : "filled"} size="sm" onClick={() => setEditing(true)}>
              {target ? "Change target" : "Set target"}
            </Button>
          )}
        </Group>
      </Group>
      {editing && (
        <TargetForm period={period} amount={target?.amount ?? null} onDone={() => setEditing(false)} />
      )}
      {!target && !isLeadOrAdmin && (
        <Text size="xs" c="dimmed" mt="xs">
          Team leads and admins set the revenue target; the{" "}
          <Anchor component={Link} to="/reports/funnel" size="xs">
            funnel
          </Anchor>{" "}
          then shows what each stage needs.
        </Text>
      )}
    </Paper>
  );
}

function TargetForm({
  period,
  amount,
  onDone,
}: {
  period: string;
  amount: number | null;
  onDone: () => void;
}) {
  const save = useSetTarget();
  const form = useForm({ initialValues: { amount: (amount ?? "") as number | string, note: "" } });
  return (
    <form
      onSubmit={form.onSubmit((values) => {
        const value = numberOrNull(values.amount);
        if (value === null || value <= 0) {
          form.setFieldError("amount", "Enter the revenue target, more than $0");
          return;
        }
        save.mutate(
          { period, amount: value, note: values.note.trim() },
          {
            onSuccess: () => {
              notifications.show({
                color: "green",
                message: `Revenue target for ${periodLabel(period)} set`,
              });
              onDone();
            },
            onError: (error) => {
              const message = applyApiError(form, error);
              if (message) form.setFieldError("amount", message);
            },
          },
        );
      })}
    >
      <Group mt="md" align="flex-end">
        <NumberInput
          label="Revenue target"
          prefix="$"
          thousandSeparator=","
          min={0}
          w={220}
          data-autofocus
          {...form.getInputProps("amount")}
        />
        <TextInput
          label="Note (optional)"
          placeholder="e.g. Board plan"
          w={260}
          {...form.getInputProps("note")}
        />
        <Button type="submit" loading={save.isPending}>
          Save target
        </Button>
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
      </Group>
    </form>
  );
}
