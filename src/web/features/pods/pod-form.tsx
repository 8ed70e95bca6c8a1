import { Stack, TagsInput, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { createPodSchema, type Pod } from "../../../shared/team";
import { applyApiError, zodErrors } from "../../lib/forms";
import { FormModal, useSaveRecord } from "../common/record-actions";
import { MemberMultiSelect } from "../common/records";

interface Values {
  name: string;
  description: string;
  memberIds: string[];
  territories: string[];
}

const toPayload = (v: Values) => ({
  name: v.name.trim(),
  description: v.description.trim(),
  memberIds: v.memberIds,
  territories: v.territories.map((t) => t.trim()).filter(Boolean),
});

export function PodFormModal({
  onClose,
  pod,
  onSaved,
}: {
  onClose: () => void;
  pod?: Pod;
  onSaved?: (p: Pod) => void;
}) {
  const form = useForm<Values>({
    initialValues: {
      name: pod?.name ?? "",
      description: pod?.description ?? "",
      memberIds: pod?.members.map((m) => m.id) ?? [],
      territories: pod?.territories ?? [],
    },
    validate: (values) => zodErrors(createPodSchema, toPayload(values)),
  });
  const [formError, setFormError] = useState<string | null>(null);
  const save = useSaveRecord<Pod>("pods", pod?.id);
  const submit = () => {
    setFormError(null);
    save.mutate(toPayload(form.getValues()), {
      onSuccess: (saved) => {
        notifications.show({ color: "green", message: pod ? "Pod saved." : `Pod ${saved.name} created.` });
        onClose();
        onSaved?.(saved);
      },
      onError: (error) =>
        setFormError(
          applyApiError(form, error, { field: "name", message: "A pod with this name already exists" }),
        ),
    });
  };
  return (
    <FormModal
      opened
      onClose={onClose}
      title={pod ? `Edit ${pod.name}` : "New pod"}
      form={form}
      onSubmit={submit}
      submitting={save.isPending}
      formError={formError}
      submitLabel={pod ? "Save pod" : "Create pod"}
      size="md"
    >
      <Stack gap="sm">
        <TextInput
          label="Pod name"
          placeholder="e.g. Pod North – mid-market"
          required
          data-autofocus
          {...form.getInputProps("name")}
        />
        <Textarea
          label="Description"
          description="Which customers this pod works"
          autosize
          minRows={2}
          {...form.getInputProps("description")}
        />
        <MemberMultiSelect
          label="Members"
          description="Mix sales and marketing: the pod works the same customers together"
          value={form.values.memberIds}
          onChange={(v) => form.setFieldValue("memberIds", v)}
          error={form.errors.memberIds}
        />
        <TagsInput
          label="Territories"
          description="Regions or countries, as written on contacts and accounts (e.g. EMEA, Germany). New MQLs from there are routed to this pod's sales reps."
          placeholder="Type and press Enter"
          value={form.values.territories}
          onChange={(v) => form.setFieldValue("territories", v)}
          error={form.errors.territories}
          clearable
        />
      </Stack>
    </FormModal>
  );
}
