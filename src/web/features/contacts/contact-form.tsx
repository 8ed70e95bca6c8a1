import { type Contact, createContactSchema } from "../../../shared/contacts";
import { LIFECYCLE_STAGES, SENIORITIES } from "../../../shared/domain";
import { options, SENIORITY_LABELS, stageLabel } from "../../lib/format";
import { textOrNull } from "../../lib/forms";
import { recordFormModal } from "../common/record-form";

interface Values {
  firstName: string;
  lastName: string;
  email: string;
  title: string;
  seniority: string | null;
  department: string;
  phone: string;
  country: string;
  region: string;
  accountId: string | null;
  personaId: string | null;
  ownerMemberId: string | null;
  lifecycleStage: string;
  leadStatus: string;
  source: string;
  sourceCampaignId: string | null;
}

export const ContactFormModal = recordFormModal<Values, Contact>({
  resource: "contacts",
  noun: "contact",
  blank: () => ({
    firstName: "",
    lastName: "",
    email: "",
    title: "",
    seniority: null,
    department: "",
    phone: "",
    country: "",
    region: "",
    accountId: null,
    personaId: null,
    ownerMemberId: null,
    lifecycleStage: "lead",
    leadStatus: "",
    source: "",
    sourceCampaignId: null,
  }),
  toPayload: (v) => ({
    firstName: v.firstName.trim(),
    lastName: v.lastName.trim(),
    email: textOrNull(v.email),
    title: textOrNull(v.title),
    seniority: v.seniority,
    department: textOrNull(v.department),
    phone: textOrNull(v.phone),
    country: textOrNull(v.country),
    region: textOrNull(v.region),
    accountId: v.accountId,
    personaId: v.personaId,
    ownerMemberId: v.ownerMemberId,
    lifecycleStage: v.lifecycleStage,
    leadStatus: textOrNull(v.leadStatus),
    source: textOrNull(v.source),
    sourceCampaignId: v.sourceCampaignId,
  }),
  schema: createContactSchema,
  conflict: { field: "email", message: "A contact with this email already exists" },
  createdMessage: (saved) => `${saved.name || saved.email || "Contact"} added.`,
  recordName: (c) => c.name || c.email || "",
  fields: [
    { name: "firstName", label: "First name", kind: "text" },
    { name: "lastName", label: "Last name", kind: "text" },
    {
      name: "email",
      label: "Email",
      kind: "text",
      type: "email",
      description: "Needed unless a name is given",
    },
    { name: "phone", label: "Phone", kind: "text", type: "tel" },
    { name: "title", label: "Job title", kind: "text", placeholder: "e.g. VP Marketing" },
    {
      name: "seniority",
      label: "Seniority",
      kind: "choice",
      options: options(SENIORITIES, SENIORITY_LABELS),
      clearable: true,
      span: [6, 3],
    },
    { name: "department", label: "Department", kind: "text", span: [6, 3] },
    {
      name: "accountId",
      label: "Account",
      kind: "record",
      resource: "accounts",
      placeholder: "Search accounts",
    },
    {
      name: "personaId",
      label: "Persona",
      kind: "record",
      resource: "personas",
      placeholder: "Search personas",
    },
    {
      name: "lifecycleStage",
      label: "Lifecycle stage",
      kind: "choice",
      options: LIFECYCLE_STAGES.map((s) => ({ value: s, label: stageLabel(s) })),
    },
    { name: "ownerMemberId", label: "Owner", kind: "member", placeholder: "Pick a member" },
    { name: "country", label: "Country", kind: "text", span: [6, 3] },
    { name: "region", label: "Region", kind: "text", span: [6, 3] },
    { name: "source", label: "Source", kind: "text", placeholder: "e.g. webinar", span: [6, 3] },
    { name: "leadStatus", label: "Lead status", kind: "text", placeholder: "e.g. working", span: [6, 3] },
    {
      name: "sourceCampaignId",
      label: "Source campaign",
      kind: "record",
      resource: "campaigns",
      placeholder: "Search campaigns",
      span: 12,
    },
  ],
});
