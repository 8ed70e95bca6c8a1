// Planning a recurring joint meeting: cadence, weekday, time (the workspace's time zone), duration and
// attendees, with at least one member of sales and one of marketing.
import { MultiSelect, NumberInput, Select, SimpleGrid, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import {
  createMeetingSeriesSchema,
  MEETING_CADENCE_LABELS,
  MEETING_CADENCES,
  WEEKDAY_LABELS,
} from "../../../shared/rituals";
import { TEAM_LABELS } from "../../lib/format";
import { applyApiError, zodErrors } from "../../lib/forms";
import { FormModal } from "../common/record-actions";
import { useMembers } from "../common/records";
import { useSession } from "../session/session";
import { type MeetingSeries, type SeriesInput, usePlanMeeting } from "./meetings-api";

interface Values {
  title: string;
  cadence: string;
  weekday: string;
  startTime: string;
  durationMinutes: number | string;
  startsOn: string;
  attendeeIds: string[];
}

const toPayload = (v: Values): SeriesInput => ({
  title: v.title.trim(),
  cadence: v.cadence as SeriesInput["cadence"],
  weekday: Number(v.weekday),
  startTime: v.startTime,
  durationMinutes: Number(v.durationMinutes),
  startsOn: v.startsOn || undefined,
  attendeeIds: v.attendeeIds,
});

export function PlanMeetingModal({
  onClose,
  onPlanned,
}: {
  onClose: () => void;
  onPlanned: (s: MeetingSeries) => void;
}) {
  const { workspace } = useSession();
  const { members } = useMembers();
  const plan = usePlanMeeting();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: {
      title: "Smarketing weekly",
      cadence: "weekly",
      weekday: "1",
      startTime: "09:30",
      durationMinutes: 45,
      startsOn: "",
      attendeeIds: [],
    },
    validate: (values) => zodErrors(createMeetingSeriesSchema, toPayload(values)),
  });
  const submit = () => {
    setFormError(null);
    plan.mutate(toPayload(form.getValues()), {
      onSuccess: (created) => {
        notifications.show({ color: "green", message: `Planned “${created.title}”: ${created.schedule}.` });
        onPlanned(created);
      },
      onError: (error) => setFormError(applyApiError(form, error)),
    });
  };
  return (
    <FormModal
      opened
      onClose={onClose}
      title="Plan a joint meeting"
      form={form}
      onSubmit={submit}
      submitting={plan.isPending}
      formError={formError}
      submitLabel="Plan meeting"
    >
      <TextInput label="Title" required data-autofocus {...form.getInputProps("title")} />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Select
          label="How often"
          required
          allowDeselect={false}
          data={MEETING_CADENCES.map((c) => ({ value: c, label: MEETING_CADENCE_LABELS[c] }))}
          {...form.getInputProps("cadence")}
        />
        <Select
          label="Weekday"
          required
          allowDeselect={false}
          data={WEEKDAY_LABELS.map((label, i) => ({ value: String(i + 1), label }))}
          {...form.getInputProps("weekday")}
        />
        <TextInput
          type="time"
          label="Starts at"
          description={`In the workspace's time zone (${workspace.timeZone})`}
          required
          {...form.getInputProps("startTime")}
        />
        <NumberInput
          label="Minutes"
          min={15}
          max={480}
          step={15}
          required
          {...form.getInputProps("durationMinutes")}
        />
      </SimpleGrid>
      <TextInput
        type="date"
        label="First meeting on or after"
        description="Empty: from today"
        {...form.getInputProps("startsOn")}
      />
      <MultiSelect
        label="Attendees"
        description="At least one member of sales and one of marketing"
        required
        searchable
        data={members.map((m) => ({ value: m.id, label: `${m.name} (${TEAM_LABELS[m.team] ?? m.team})` }))}
        {...form.getInputProps("attendeeIds")}
      />
    </FormModal>
  );
}
