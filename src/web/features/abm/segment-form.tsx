import { createSegmentSchema } from "../../../shared/team";
import { numberOrNull } from "../../lib/forms";
import { recordFormModal, unset } from "../common/record-form";

export const SegmentFormModal = recordFormModal("segments", "segment", {
  toPayload: (v) => ({
    ...v,
    name: v.name.trim(),
    description: v.description.trim(),
    minEmployees: numberOrNull(v.minEmployees),
    maxEmployees: numberOrNull(v.maxEmployees),
  }),
  schema: createSegmentSchema,
  conflict: { field: "name", message: "A segment with this name already exists" },
  fields: [
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
  ],
  blank: () => ({
    name: "",
    description: "",
    industries: unset.list(),
    minEmployees: unset.number(),
    maxEmployees: unset.number(),
    regions: unset.list(),
    podId: unset.pick,
  }),
});
