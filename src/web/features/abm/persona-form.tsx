import { SENIORITIES } from "../../../shared/domain";
import { createPersonaSchema, type Persona } from "../../../shared/team";
import { options, SENIORITY_LABELS } from "../../lib/format";
import { FormModal } from "../common/record-actions";
import { type FormField, RecordFields, useRecordForm } from "../common/record-form";

interface Values {
  name: string;
  description: string;
  titlePatterns: string[];
  seniorities: string[];
  departments: string[];
  pains: string;
  objections: string;
  podId: string | null;
}

function toValues(p?: Persona, defaults?: { podId?: string }): Values {
  return {
    name: p?.name ?? "",
    description: p?.description ?? "",
    titlePatterns: p?.titlePatterns ?? [],
    seniorities: p?.seniorities ?? [],
    departments: p?.departments ?? [],
    pains: p?.pains ?? "",
    objections: p?.objections ?? "",
    podId: p?.podId ?? defaults?.podId ?? null,
  };
}

const toPayload = (v: Values) => ({ ...v, name: v.name.trim(), description: v.description.trim() });

const PERSONA_FIELDS: FormField<Values>[] = [
  {
    name: "name",
    label: "Persona name",
    kind: "text",
    placeholder: "e.g. Hands-on IT manager",
    required: true,
  },
  { name: "podId", label: "Owning pod", kind: "record", resource: "pods", placeholder: "Search pods" },
  { name: "description", label: "Description", kind: "textarea", span: 12 },
  {
    name: "titlePatterns",
    label: "Job title patterns",
    kind: "tags",
    description: "Press Enter after each, e.g. IT Manager, Head of IT",
  },
  { name: "departments", label: "Departments", kind: "tags", description: "Press Enter after each" },
  {
    name: "seniorities",
    label: "Seniorities",
    kind: "choices",
    options: options(SENIORITIES, SENIORITY_LABELS),
    span: 12,
  },
  { name: "pains", label: "Pains", kind: "textarea", rows: 3, description: "What keeps them up at night" },
  {
    name: "objections",
    label: "Objections",
    kind: "textarea",
    rows: 3,
    description: "What they push back with",
  },
];

export function PersonaFormModal({
  onClose,
  persona,
  defaults,
  onSaved,
}: {
  onClose: () => void;
  persona?: Persona;
  defaults?: { podId?: string };
  onSaved?: (p: Persona) => void;
}) {
  const { form, modalProps } = useRecordForm({
    resource: "personas",
    noun: "persona",
    record: persona,
    initialValues: toValues(persona, defaults),
    toPayload,
    schema: createPersonaSchema,
    conflict: { field: "name", message: "A persona with this name already exists" },
    onClose,
    onSaved,
  });
  return (
    <FormModal {...modalProps}>
      <RecordFields form={form} fields={PERSONA_FIELDS} />
    </FormModal>
  );
}
