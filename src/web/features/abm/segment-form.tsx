import { createSegmentSchema } from "../../../shared/team";
import { numberOrNull } from "../../lib/forms";
import { recordFormModal, unset } from "../common/record-form";
import { nameConflict, podOwnedFields } from "./pod-owned-list";

export const SegmentFormModal = recordFormModal("segments", "segment", {
  toPayload: (v) => ({
    ...v,
    name: v.name.trim(),
    description: v.description.trim(),
    minEmployees: numberOrNull(v.minEmployees),
    maxEmployees: numberOrNull(v.maxEmployees),
    minAnnualRevenue: numberOrNull(v.minAnnualRevenue),
    maxAnnualRevenue: numberOrNull(v.maxAnnualRevenue),
  }),
  schema: createSegmentSchema,
  conflict: nameConflict("segment"),
  fields: [
    ...podOwnedFields("segment", "e.g. Mid-market SaaS in EMEA"),
    { name: "industries", label: "Industries", kind: "tags", description: "Press Enter after each" },
    { name: "regions", label: "Regions", kind: "tags", description: "Press Enter after each, e.g. EMEA" },
    { name: "minEmployees", label: "Employees from", kind: "number", whole: true, span: [6, 6] },
    { name: "maxEmployees", label: "Employees up to", kind: "number", whole: true, span: [6, 6] },
    { name: "minAnnualRevenue", label: "Annual revenue from", kind: "number", money: true, span: [6, 6] },
    { name: "maxAnnualRevenue", label: "Annual revenue up to", kind: "number", money: true, span: [6, 6] },
  ],
  blank: () => ({
    name: "",
    description: "",
    industries: unset.list(),
    minEmployees: unset.number(),
    maxEmployees: unset.number(),
    minAnnualRevenue: unset.number(),
    maxAnnualRevenue: unset.number(),
    regions: unset.list(),
    podId: unset.pick,
  }),
});
