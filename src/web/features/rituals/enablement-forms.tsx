// Scheduling an enablement session (training, shadowing, job rotation), marking it done with each
// participant's rating and comment, and feedback given after it is done.
import {
  Group,
  MultiSelect,
  Rating,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { type UseFormReturnType, useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { TEAMS } from "../../../shared/domain";
import { createEnablementSchema, ENABLEMENT_KIND_LABELS, ENABLEMENT_KINDS } from "../../../shared/rituals";
import { TEAM_LABELS } from "../../lib/format";
import { applyApiError, zodErrors } from "../../lib/forms";
import { FormModal } from "../common/record-actions";
import { useMembers } from "../common/records";
import {
  type EnablementInput,
  type EnablementSession,
  useCompleteEnablement,
  useGiveEnablementFeedback,
  useScheduleEnablement,
} from "./enablement-api";

interface Values {
  kind: string;
  title: string;
  description: string;
  hostTeam: string;
  hostMemberId: string | null;
  scheduledOn: string;
  endsOn: string;
  participantIds: string[];
}

const toPayload = (v: Values): EnablementInput => ({
  kind: v.kind as EnablementInput["kind"],
  title: v.title.trim(),
  description: v.description.trim(),
  hostTeam: v.hostTeam as EnablementInput["hostTeam"],
  hostMemberId: v.hostMemberId,
  scheduledOn: v.scheduledOn,
  endsOn: v.endsOn || null,
  participantIds: v.participantIds,
});

const HINTS: Record<string, string> = {
  training: "A team teaches its process to the other (how leads are scored, how a deal is qualified).",
  shadowing: "A marketer joins sales calls, or a seller sits in campaign planning.",
  rotation: "A member works in the other team for some days.",
};

export function ScheduleEnablementModal({ onClose }: { onClose: () => void }) {
  const { members } = useMembers();
  const schedule = useScheduleEnablement();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: {
      kind: "shadowing",
      title: "",
      description: "",
      hostTeam: "sales",
      hostMemberId: null,
      scheduledOn: "",
      endsOn: "",
      participantIds: [],
    },
    validate: (values) => zodErrors(createEnablementSchema, toPayload(values)),
  });
  const values = form.getValues();
  const hostTeam = values.hostTeam;
  const submit = () => {
    setFormError(null);
    schedule.mutate(toPayload(form.getValues()), {
      onSuccess: (s) => {
        notifications.show({ color: "green", message: `Scheduled “${s.title}”.` });
        onClose();
      },
      onError: (error) => setFormError(applyApiError(form, error)),
    });
  };
  return (
    <FormModal
      opened
      onClose={onClose}
      title="Schedule enablement"
      form={form}
      onSubmit={submit}
      submitting={schedule.isPending}
      formError={formError}
      submitLabel="Schedule"
    >
      <Select
        label="Kind"
        required
        allowDeselect={false}
        description={HINTS[values.kind]}
        data={ENABLEMENT_KINDS.map((k) => ({ value: k, label: ENABLEMENT_KIND_LABELS[k] }))}
        {...form.getInputProps("kind")}
      />
      <TextInput label="Title" required data-autofocus {...form.getInputProps("title")} />
      <Textarea label="What it covers" autosize minRows={2} {...form.getInputProps("description")} />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Select
          label="Host team"
          description="The team that teaches or hosts"
          required
          allowDeselect={false}
          data={TEAMS.map((t) => ({ value: t, label: TEAM_LABELS[t] ?? t }))}
          {...form.getInputProps("hostTeam")}
        />
        <Select
          label="Host"
          clearable
          searchable
          placeholder="Anyone of the team"
          data={members.filter((m) => m.team === hostTeam).map((m) => ({ value: m.id, label: m.name }))}
          {...form.getInputProps("hostMemberId")}
        />
        <TextInput type="date" label="On" required {...form.getInputProps("scheduledOn")} />
        <TextInput
          type="date"
          label="Until"
          description="Rotations: the last day"
          {...form.getInputProps("endsOn")}
        />
      </SimpleGrid>
      <MultiSelect
        label="Participants"
        description="From another team than the host team"
        required
        searchable
        data={members
          .filter((m) => m.team !== hostTeam)
          .map((m) => ({ value: m.id, label: `${m.name} (${TEAM_LABELS[m.team] ?? m.team})` }))}
        {...form.getInputProps("participantIds")}
      />
    </FormModal>
  );
}

type FeedbackValues = { feedback: { memberId: string; name: string; rating: number; comment: string }[] };

/** Each participant's rating (1 to 5 stars) and comment, as Mark done and later feedback ask for them. */
function ParticipantRatings({ form }: { form: UseFormReturnType<FeedbackValues> }) {
  return form.getValues().feedback.map((f, i) => (
    <Stack key={f.memberId} gap={4}>
      <Group justify="space-between">
        <Text fw={600} size="sm">
          {f.name}
        </Text>
        <Rating aria-label={`Rating of ${f.name}`} {...form.getInputProps(`feedback.${i}.rating`)} />
      </Group>
      <TextInput
        aria-label={`Comment of ${f.name}`}
        placeholder="What they took away"
        {...form.getInputProps(`feedback.${i}.comment`)}
      />
    </Stack>
  ));
}

export function CompleteEnablementModal({
  session,
  onClose,
}: {
  session: EnablementSession;
  onClose: () => void;
}) {
  const complete = useCompleteEnablement();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<FeedbackValues>({
    initialValues: {
      feedback: session.participants.map((p) => ({
        memberId: p.memberId,
        name: p.name,
        rating: 0,
        comment: "",
      })),
    },
  });
  const submit = () => {
    setFormError(null);
    const feedback = form
      .getValues()
      .feedback.filter((f) => f.rating > 0)
      .map(({ memberId, rating, comment }) => ({ memberId, rating, comment: comment.trim() }));
    complete.mutate(
      { id: session.id, feedback },
      {
        onSuccess: () => {
          notifications.show({ color: "green", message: `“${session.title}” is done.` });
          onClose();
        },
        onError: (error) => setFormError(applyApiError(form, error)),
      },
    );
  };
  return (
    <FormModal
      opened
      onClose={onClose}
      title={`Mark done: ${session.title}`}
      form={form}
      onSubmit={submit}
      submitting={complete.isPending}
      formError={formError}
      submitLabel="Mark done"
    >
      <Text size="sm" c="dimmed">
        How useful was it, for each participant (1 to 5)? Leave a rating empty if they give it later.
      </Text>
      <ParticipantRatings form={form} />
    </FormModal>
  );
}

/**
 * Feedback on a done session, given later: a participant rates it for themselves; a lead or an admin records
 * any participant's. Only the rows whose rating or comment changed are sent.
 */
export function EnablementFeedbackModal({
  session,
  participantIds,
  onClose,
}: {
  session: EnablementSession;
  /** The participants the caller may give feedback for. */
  participantIds: string[];
  onClose: () => void;
}) {
  const give = useGiveEnablementFeedback();
  const [formError, setFormError] = useState<string | null>(null);
  const rows = session.participants.filter((p) => participantIds.includes(p.memberId));
  const form = useForm<FeedbackValues>({
    initialValues: {
      feedback: rows.map((p) => ({
        memberId: p.memberId,
        name: p.name,
        rating: p.rating ?? 0,
        comment: p.comment,
      })),
    },
  });
  const submit = async () => {
    setFormError(null);
    const changed = form.getValues().feedback.filter((f) => {
      const before = rows.find((p) => p.memberId === f.memberId);
      return (
        f.rating > 0 && (f.rating !== (before?.rating ?? 0) || f.comment.trim() !== (before?.comment ?? ""))
      );
    });
    if (changed.length === 0) {
      setFormError("Give a rating (1 to 5) first: feedback without a rating is not kept.");
      return;
    }
    try {
      for (const f of changed)
        await give.mutateAsync({
          id: session.id,
          memberId: f.memberId,
          rating: f.rating,
          comment: f.comment.trim(),
        });
      notifications.show({ color: "green", message: `Feedback on “${session.title}” saved.` });
      onClose();
    } catch (error) {
      setFormError(applyApiError(form, error));
    }
  };
  return (
    <FormModal
      opened
      onClose={onClose}
      title={`Feedback: ${session.title}`}
      form={form}
      onSubmit={submit}
      submitting={give.isPending}
      formError={formError}
      submitLabel="Save feedback"
    >
      <Text size="sm" c="dimmed">
        How useful was it (1 to 5), and what was taken away?
      </Text>
      <ParticipantRatings form={form} />
    </FormModal>
  );
}
