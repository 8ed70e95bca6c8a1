// "Make a plan": who to seat (by default every sales and marketing member; members with a fixed seat always
// sit), then the mixer makes and stores the plan. The API's errors (more people than seats) land on the list.
import { Button, Group, MultiSelect, Text } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { ApiError, errorMessage } from "../../lib/api";
import { label, TEAM_LABELS } from "../../lib/format";
import { sentence } from "../../lib/forms";
import { FormModal } from "../common/record-actions";
import { shareText } from "./plan-view";
import { type Floor, type Plan, useGeneratePlan, useSeatableMembers } from "./seating-api";

export function MakePlanModal({
  floor,
  onClose,
  onMade,
}: {
  floor: Floor;
  onClose: () => void;
  onMade: (plan: Plan) => void;
}) {
  const members = useSeatableMembers();
  const generate = useGeneratePlan(floor.id);
  const [formError, setFormError] = useState<string | null>(null);
  const everyone = members.data?.items ?? [];
  const defaults = everyone.filter((m) => m.team === "sales" || m.team === "marketing").map((m) => m.id);
  const form = useForm<{ memberIds: string[] }>({ initialValues: { memberIds: [] } });
  const [touched, setTouched] = useState(false);
  // Until the member list arrives (or the person edits it) the choice is "the default".
  const chosen = touched ? form.values.memberIds : defaults;
  const fixedIds = new Set(floor.fixedSeats.map((f) => f.memberId));
  const seated = new Set([...chosen, ...fixedIds]).size;
  const isDefault = chosen.length === defaults.length && chosen.every((id) => defaults.includes(id));

  const submit = () => {
    setFormError(null);
    if (chosen.length === 0 && fixedIds.size === 0) {
      form.setFieldError("memberIds", "Pick at least one person to seat");
      return;
    }
    generate.mutate(isDefault ? {} : { memberIds: chosen }, {
      onSuccess: (plan) => {
        notifications.show({
          color: "green",
          title: "Plan made",
          message: `${plan.memberCount} people seated. ${shareText(plan.crossTeamPairs, plan.neighbourPairs)}.`,
        });
        onMade(plan);
      },
      onError: (error) => {
        if (error instanceof ApiError && error.status === 400) {
          const issue = error.fieldIssues.find((i) => i.path.startsWith("memberIds"));
          if (issue) {
            const index = /^memberIds\.(\d+)$/.exec(issue.path)?.[1];
            const who = index === undefined ? null : everyone.find((m) => m.id === chosen[Number(index)]);
            form.setFieldError("memberIds", sentence(`${who ? `${who.name}: ` : ""}${issue.message}`));
            return;
          }
        }
        setFormError(errorMessage(error));
      },
    });
  };

  return (
    <FormModal
      opened
      onClose={onClose}
      title={`Make a plan for ${floor.name}`}
      form={form}
      onSubmit={submit}
      submitting={generate.isPending}
      formError={formError}
      submitLabel="Make the plan"
    >
      <Text size="sm">
        The mixer keeps each pod together, puts people next to someone from the other team as often as it can
        and leaves fixed seats as they are. The same people on the same floor always get the same plan; every
        plan is kept, so you can compare it with earlier ones.
      </Text>
      <MultiSelect
        label="Who to seat"
        description={
          isDefault
            ? "Every sales and marketing member (the default)."
            : "Your own choice of people. Members with a fixed seat are always seated."
        }
        placeholder={members.isPending ? "Loading members…" : "Pick people"}
        searchable
        clearable
        disabled={members.isPending}
        data={(["sales", "marketing", "revenue"] as const)
          .map((team) => ({
            group: label(TEAM_LABELS, team),
            items: everyone
              .filter((m) => m.team === team)
              .map((m) => ({
                value: m.id,
                label: `${m.name}${m.podName ? ` (${m.podName})` : ""}${fixedIds.has(m.id) ? ", fixed seat" : ""}`,
              })),
          }))
          .filter((g) => g.items.length > 0)}
        value={chosen}
        error={form.errors.memberIds}
        onChange={(ids) => {
          setTouched(true);
          form.setFieldValue("memberIds", ids);
          form.clearFieldError("memberIds");
        }}
      />
      {members.isError && (
        <Text size="xs" c="red">
          Members could not be loaded: {errorMessage(members.error)}
        </Text>
      )}
      <Group justify="space-between">
        <Text size="sm" c={seated > floor.seatCount ? "red" : "dimmed"} data-testid="seat-count">
          {seated} {seated === 1 ? "person" : "people"} for {floor.seatCount} seats
          {seated > floor.seatCount ? `: ${seated - floor.seatCount} seats missing` : ""}
        </Text>
        {!isDefault && (
          <Button
            variant="subtle"
            size="xs"
            onClick={() => {
              setTouched(false);
              form.clearFieldError("memberIds");
            }}
          >
            Back to every sales and marketing member
          </Button>
        )}
      </Group>
    </FormModal>
  );
}
