import { Stack, TagsInput, Textarea, TextInput } from "@mantine/core";
import { createPodSchema, type Pod } from "../../../shared/team";
import { FormModal } from "../common/record-actions";
import { useRecordForm } from "../common/record-form";
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
  const { form, modalProps } = useRecordForm({
    resource: "pods",
    noun: "pod",
    record: pod,
    initialValues: {
      name: pod?.name ?? "",
      description: pod?.description ?? "",
      memberIds: pod?.members.map((m) => m.id) ?? [],
      territories: pod?.territories ?? [],
    },
    toPayload,
    schema: createPodSchema,
    conflict: { field: "name", message: "A pod with this name already exists" },
    onClose,
    onSaved,
  });
  return (
    <FormModal {...modalProps} size="md">
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
          {...form.getInputProps("territories")}
          clearable
        />
      </Stack>
    </FormModal>
  );
}
