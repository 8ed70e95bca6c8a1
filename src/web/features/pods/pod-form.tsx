import { createPodSchema, type Pod } from "../../../shared/team";
import { FormModal } from "../common/record-actions";
import { type FormField, RecordFields, useRecordForm } from "../common/record-form";

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

const POD_FIELDS: FormField<Values>[] = [
  {
    name: "name",
    label: "Pod name",
    kind: "text",
    placeholder: "e.g. Pod North – mid-market",
    required: true,
    span: 12,
  },
  {
    name: "description",
    label: "Description",
    kind: "textarea",
    description: "Which customers this pod works",
    span: 12,
  },
  {
    name: "memberIds",
    label: "Members",
    kind: "members",
    description: "Mix sales and marketing: the pod works the same customers together",
    span: 12,
  },
  {
    name: "territories",
    label: "Territories",
    kind: "tags",
    description:
      "Regions or countries, as written on contacts and accounts (e.g. EMEA, Germany). New MQLs from there are routed to this pod's sales reps.",
    placeholder: "Type and press Enter",
    clearable: true,
    span: 12,
  },
];

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
      <RecordFields form={form} fields={POD_FIELDS} />
    </FormModal>
  );
}
