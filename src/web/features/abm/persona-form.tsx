import { SENIORITIES } from "../../../shared/domain";
import { createPersonaSchema } from "../../../shared/team";
import { options, SENIORITY_LABELS } from "../../lib/format";
import { recordFormModal, unset } from "../common/record-form";
import { nameConflict, podOwnedFields } from "./pod-owned-list";

export const PersonaFormModal = recordFormModal("personas", "persona", {
  toPayload: (v) => ({ ...v, name: v.name.trim(), description: v.description.trim() }),
  schema: createPersonaSchema,
  conflict: nameConflict("persona"),
  fields: [
    ...podOwnedFields("persona", "e.g. Hands-on IT manager"),
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
