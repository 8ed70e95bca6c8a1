import { SENIORITIES } from "../../../shared/domain";
import { createPersonaSchema } from "../../../shared/team";
import { options, SENIORITY_LABELS } from "../../lib/format";
import { recordFormModal, unset } from "../common/record-form";

export const PersonaFormModal = recordFormModal("personas", "persona", {
  toPayload: (v) => ({ ...v, name: v.name.trim(), description: v.description.trim() }),
  schema: createPersonaSchema,
  conflict: { field: "name", message: "A persona with this name already exists" },
  fields: [
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
  ],
  blank: () => ({
    name: "",
    description: "",
    titlePatterns: unset.list(),
    seniorities: unset.list(),
    departments: unset.list(),
    pains: "",
    objections: "",
    podId: unset.pick,
  }),
});
