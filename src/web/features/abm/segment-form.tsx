import { createSegmentSchema, type Segment } from "../../../shared/team";
import { numberOrNull } from "../../lib/forms";
import { recordFormModal } from "../common/record-form";

interface Values {
  name: string;
  description: string;
  industries: string[];
  minEmployees: number | string;
  maxEmployees: number | string;
  regions: string[];
  podId: string | null;
}

export const SegmentFormModal = recordFormModal<Values, Segment>({
  resource: "segments",
  noun: "segment",
  blank: () => ({
    name: "",
    description: "",
    industries: [],
    minEmployees: "",
    maxEmployees: "",
    regions: [],
    podId: null,
  }),
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
});
