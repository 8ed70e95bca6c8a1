import { createSegmentSchema, type Segment } from "../../../shared/team";
import { numberOrNull } from "../../lib/forms";
import { FormModal } from "../common/record-actions";
import { type FormField, RecordFields, useRecordForm } from "../common/record-form";

interface Values {
  name: string;
  description: string;
  industries: string[];
  minEmployees: number | string;
  maxEmployees: number | string;
  regions: string[];
  podId: string | null;
}

function toValues(s?: Segment, defaults?: { podId?: string }): Values {
  return {
    name: s?.name ?? "",
    description: s?.description ?? "",
    industries: s?.industries ?? [],
    minEmployees: s?.minEmployees ?? "",
    maxEmployees: s?.maxEmployees ?? "",
    regions: s?.regions ?? [],
    podId: s?.podId ?? defaults?.podId ?? null,
  };
}

const toPayload = (v: Values) => ({
  ...v,
  name: v.name.trim(),
  description: v.description.trim(),
  minEmployees: numberOrNull(v.minEmployees),
  maxEmployees: numberOrNull(v.maxEmployees),
});

const SEGMENT_FIELDS: FormField<Values>[] = [
  {
    name: "name",
    label: "Segment name",
    kind: "text",
    placeholder: "e.g. Mid-market SaaS in EMEA",
    required: true,
  },
  { name: "podId", label: "Owning pod", kind: "record", resource: "pods", placeholder: "Search pods" },
  { name: "description", label: "Description", kind: "textarea", span: 12 },
  { name: "industries", label: "Industries", kind: "tags", description: "Press Enter after each" },
  { name: "regions", label: "Regions", kind: "tags", description: "Press Enter after each, e.g. EMEA" },
  { name: "minEmployees", label: "Employees from", kind: "number", whole: true, span: [6, 6] },
  { name: "maxEmployees", label: "Employees up to", kind: "number", whole: true, span: [6, 6] },
];

export function SegmentFormModal({
  onClose,
  segment,
  defaults,
  onSaved,
}: {
  onClose: () => void;
  segment?: Segment;
  defaults?: { podId?: string };
  onSaved?: (s: Segment) => void;
}) {
  const { form, modalProps } = useRecordForm({
    resource: "segments",
    noun: "segment",
    record: segment,
    initialValues: toValues(segment, defaults),
    toPayload,
    schema: createSegmentSchema,
    conflict: { field: "name", message: "A segment with this name already exists" },
    onClose,
    onSaved,
  });
  return (
    <FormModal {...modalProps}>
      <RecordFields form={form} fields={SEGMENT_FIELDS} />
    </FormModal>
  );
}
