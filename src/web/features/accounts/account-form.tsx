import { createAccountSchema } from "../../../shared/accounts";
import { numberOrNull, textOrNull } from "../../lib/forms";
import { recordFormModal, unset } from "../common/record-form";
import { PropertyInputs } from "../properties/properties";

export const AccountFormModal = recordFormModal("accounts", "account", {
  toPayload: (v) => ({
    name: v.name.trim(),
    domain: textOrNull(v.domain),
    industry: textOrNull(v.industry),
    employees: numberOrNull(v.employees),
    annualRevenue: numberOrNull(v.annualRevenue),
    country: textOrNull(v.country),
    region: textOrNull(v.region),
    segmentId: v.segmentId,
    podId: v.podId,
    ownerMemberId: v.ownerMemberId,
    properties: v.properties,
  }),
  schema: createAccountSchema,
  conflict: { field: "domain", message: "An account with this domain already exists" },
  fields: [
    { name: "name", label: "Company name", kind: "text", required: true },
    {
      name: "domain",
      label: "Domain",
      kind: "text",
      placeholder: "acme.com",
      description: "One account per domain",
    },
    { name: "industry", label: "Industry", kind: "text", placeholder: "e.g. Software" },
    { name: "employees", label: "Employees", kind: "number", whole: true, span: [6, 3] },
    { name: "annualRevenue", label: "Annual revenue", kind: "number", money: true, span: [6, 3] },
    { name: "country", label: "Country", kind: "text", span: [6, 6] },
    { name: "region", label: "Region", kind: "text", placeholder: "e.g. EMEA", span: [6, 6] },
    {
      name: "segmentId",
      label: "Segment",
      kind: "record",
      resource: "segments",
      placeholder: "Search segments",
      span: 4,
    },
    { name: "podId", label: "Pod", kind: "record", resource: "pods", placeholder: "Search pods", span: 4 },
    { name: "ownerMemberId", label: "Owner", kind: "member", placeholder: "Pick a member", span: 4 },
  ],
  blank: () => ({
    name: "",
    domain: "",
    industry: "",
    employees: unset.number(),
    annualRevenue: unset.number(),
    country: "",
    region: "",
    segmentId: unset.pick,
    podId: unset.pick,
    ownerMemberId: unset.pick,
    properties: unset.properties(),
  }),
  extra: (form) => <PropertyInputs objectType="accounts" form={form} />,
});
