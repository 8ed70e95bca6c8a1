// The forms of the goals page: a goal for the revenue team, a team, a pod or a member; goals of both teams
// linked into a shared win. The shared schemas check them in the browser; the API's field errors land on the
// fields.
import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Select,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useQuery } from "@tanstack/react-query";
import {
  createGoalSchema,
  GOAL_METRIC_LABELS,
  GOAL_METRIC_UNITS,
  GOAL_METRICS,
  GOAL_OWNER_KINDS,
  type Goal,
  type GoalMetric,
  type GoalOwnerKind,
  OWNER_KIND_LABELS,
} from "../../../shared/goals";
import { client, ok } from "../../lib/api";
import { TEAM_LABELS } from "../../lib/format";
import { applyApiError, numberOrNull, zodErrors } from "../../lib/forms";
import { useMembers } from "../common/records";
import { METRIC_HINTS, periodLabel, SideBadge } from "./goal-view";
import { useCreateGoal, useCreateSharedWin } from "./goals-api";

interface GoalValues {
  ownerKind: GoalOwnerKind;
  team: string;
  podId: string;
  memberId: string;
  metric: GoalMetric;
  target: number | string;
  name: string;
}

export function GoalFormModal({ period, onClose }: { period: string; onClose: () => void }) {
  const create = useCreateGoal();
  const { members } = useMembers();
  const form = useForm<GoalValues>({
    initialValues: {
      ownerKind: "team",
      team: "marketing",
      podId: "",
      memberId: "",
      metric: "mqls",
      target: "",
      name: "",
    },
  });
  const v = form.getValues();
  const unit = GOAL_METRIC_UNITS[v.metric];
  const payload = (values: GoalValues) => {
    const target = numberOrNull(values.target);
    return {
      period,
      ownerKind: values.ownerKind,
      team: values.ownerKind === "team" ? values.team : undefined,
      podId: values.ownerKind === "pod" ? values.podId || undefined : undefined,
      memberId: values.ownerKind === "member" ? values.memberId || undefined : undefined,
      metric: values.metric,
      // A share is typed as a percentage.
      target:
        target === null ? Number.NaN : GOAL_METRIC_UNITS[values.metric] === "share" ? target / 100 : target,
      name: values.name.trim(),
    };
  };
  return (
    <Modal opened onClose={onClose} title={`New goal for ${periodLabel(period)}`} size="md">
      <form
        onSubmit={form.onSubmit((values) => {
          const body = payload(values);
          const errors = zodErrors(createGoalSchema, body);
          if (Object.keys(errors).length) {
            form.setErrors(errors);
            return;
          }
          create.mutate(body as never, {
            onSuccess: (goal) => {
              notifications.show({ color: "green", message: `Goal set: ${goal.title}` });
              onClose();
            },
            onError: (error) => {
              const message = applyApiError(form, error, {
                field: "metric",
                message: "This owner already has a goal on this metric for this period",
              });
              if (message) form.setFieldError("name", message);
            },
          });
        })}
      >
        <Stack gap="sm">
          <Select
            label="Whose goal"
            data={GOAL_OWNER_KINDS.map((k) => ({ value: k, label: OWNER_KIND_LABELS[k] }))}
            allowDeselect={false}
            {...form.getInputProps("ownerKind")}
          />
          {v.ownerKind === "team" && (
            <Select
              label="Team"
              data={["marketing", "sales", "revenue"].map((t) => ({ value: t, label: TEAM_LABELS[t] }))}
              allowDeselect={false}
              {...form.getInputProps("team")}
            />
          )}
          {v.ownerKind === "pod" && (
            <PodSelect
              value={v.podId}
              onChange={(value) => form.setFieldValue("podId", value ?? "")}
              error={form.errors.podId as string | undefined}
            />
          )}
          {v.ownerKind === "member" && (
            <Select
              label="Member"
              searchable
              data={members.map((m) => ({ value: m.id, label: `${m.name} (${TEAM_LABELS[m.team]})` }))}
              {...form.getInputProps("memberId")}
            />
          )}
          <Select
            label="Metric"
            description={METRIC_HINTS[v.metric]}
            data={GOAL_METRICS.map((m) => ({ value: m, label: GOAL_METRIC_LABELS[m] }))}
            allowDeselect={false}
            {...form.getInputProps("metric")}
          />
          <NumberInput
            label="Target"
            description={
              unit === "share"
                ? "A percentage, e.g. 90"
                : unit === "money"
                  ? "An amount in USD"
                  : "A whole number"
            }
            prefix={unit === "money" ? "$" : undefined}
            suffix={unit === "share" ? "%" : undefined}
            thousandSeparator=","
            min={0}
            {...form.getInputProps("target")}
          />
          <TextInput
            label="Name (optional)"
            placeholder={GOAL_METRIC_LABELS[v.metric]}
            {...form.getInputProps("name")}
          />
          <Text size="xs" c="dimmed">
            Progress is counted from the records, never typed in: {METRIC_HINTS[v.metric].toLowerCase()}.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Set goal
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function PodSelect(props: { value: string; onChange: (v: string | null) => void; error?: string }) {
  const pods = usePods();
  return (
    <Select
      label="Pod"
      searchable
      data={pods}
      value={props.value || null}
      onChange={(value) => props.onChange(value ?? "")}
      error={props.error}
    />
  );
}

function usePods() {
  const query = useQuery({
    queryKey: ["pods", "options"],
    queryFn: ({ signal }) => ok(client.GET("/api/pods", { params: { query: { limit: 200 } }, signal })),
    staleTime: 60_000,
  });
  return (query.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }));
}

/** Links goals of both teams into a shared win: celebrated only when every one of them is hit. */
export function SharedWinFormModal({
  period,
  goals,
  onClose,
}: {
  period: string;
  goals: Goal[];
  onClose: () => void;
}) {
  const create = useCreateSharedWin();
  const free = goals.filter((g) => !g.sharedWinId);
  const form = useForm({ initialValues: { name: "", goalIds: [] as string[] } });
  const chosen = free.filter((g) => form.getValues().goalIds.includes(g.id));
  const bothSides = chosen.some((g) => g.side === "marketing") && chosen.some((g) => g.side === "sales");
  return (
    <Modal opened onClose={onClose} title={`Link goals into a shared win (${periodLabel(period)})`} size="lg">
      <form
        onSubmit={form.onSubmit((values) =>
          create.mutate(values, {
            onSuccess: (win) => {
              notifications.show({ color: "green", message: `${win.name}: ${win.summary}` });
              onClose();
            },
            onError: (error) => {
              const message = applyApiError(form, error);
              if (message) form.setFieldError("goalIds", message);
            },
          }),
        )}
      >
        <Stack gap="sm">
          <Text size="sm">
            Everybody must win or there's no party: the celebration (a banner on the cockpit, a post on the
            wall and a notification to everyone) fires only when every goal you link here is hit. Link goals
            of both teams.
          </Text>
          <TextInput label="Name" placeholder="e.g. Q3 together" required {...form.getInputProps("name")} />
          {free.length < 2 ? (
            <Alert color="yellow">
              Set goals for both teams first; goals already in a shared win cannot be linked again.
            </Alert>
          ) : (
            <Checkbox.Group label="Goals" {...form.getInputProps("goalIds")}>
              <Stack gap={6} mt={6}>
                {free.map((g) => (
                  <Group key={g.id} gap="xs">
                    <Checkbox value={g.id} label={g.title} />
                    <SideBadge side={g.side} />
                  </Group>
                ))}
              </Stack>
            </Checkbox.Group>
          )}
          {chosen.length > 0 && !bothSides && (
            <Text size="xs" c="orange.8">
              Pick at least one goal of the marketing side and one of the sales side.
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!bothSides}>
              Link goals
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
