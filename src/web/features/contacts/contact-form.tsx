import { Grid, Select, TextInput } from "@mantine/core";
import { type Contact, createContactSchema } from "../../../shared/contacts";
import { LIFECYCLE_STAGES, SENIORITIES } from "../../../shared/domain";
import { options, SENIORITY_LABELS, stageLabel } from "../../lib/format";
import { textOrNull } from "../../lib/forms";
import { FormModal } from "../common/record-actions";
import { idField, useRecordForm } from "../common/record-form";
import { MemberSelect, RecordSelect } from "../common/records";

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

function toValues(c?: Partial<Contact>): Values {
  return {
    firstName: c?.firstName ?? "",
    lastName: c?.lastName ?? "",
    email: c?.email ?? "",
    title: c?.title ?? "",
    seniority: c?.seniority ?? null,
    department: c?.department ?? "",
    phone: c?.phone ?? "",
    country: c?.country ?? "",
    region: c?.region ?? "",
    accountId: c?.accountId ?? null,
    personaId: c?.personaId ?? null,
    ownerMemberId: c?.ownerMemberId ?? null,
    lifecycleStage: c?.lifecycleStage ?? "lead",
    leadStatus: c?.leadStatus ?? "",
    source: c?.source ?? "",
    sourceCampaignId: c?.sourceCampaignId ?? null,
  };
}

function toPayload(v: Values) {
  return {
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
  };
}

export function ContactFormModal({
  onClose,
  contact,
  defaults,
  onSaved,
}: {
  onClose: () => void;
  contact?: Contact;
  /** Prefilled values for a new contact, e.g. the account it is added from. */
  defaults?: Partial<Contact>;
  onSaved?: (contact: Contact) => void;
}) {
  const { form, modalProps } = useRecordForm({
    resource: "contacts",
    noun: "contact",
    record: contact,
    initialValues: toValues(contact ?? defaults),
    toPayload,
    schema: createContactSchema,
    conflict: { field: "email", message: "A contact with this email already exists" },
    createdMessage: (saved) => `${saved.name || saved.email || "Contact"} added.`,
    recordName: (c) => c.name || c.email || "",
    onClose,
    onSaved,
  });
  return (
    <FormModal {...modalProps}>
      <Grid>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <TextInput label="First name" data-autofocus {...form.getInputProps("firstName")} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <TextInput label="Last name" {...form.getInputProps("lastName")} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <TextInput
            label="Email"
            type="email"
            description="Needed unless a name is given"
            {...form.getInputProps("email")}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <TextInput label="Phone" type="tel" {...form.getInputProps("phone")} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <TextInput label="Job title" placeholder="e.g. VP Marketing" {...form.getInputProps("title")} />
        </Grid.Col>
        <Grid.Col span={{ base: 6, sm: 3 }}>
          <Select
            label="Seniority"
            clearable
            data={options(SENIORITIES, SENIORITY_LABELS)}
            {...form.getInputProps("seniority")}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6, sm: 3 }}>
          <TextInput label="Department" {...form.getInputProps("department")} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <RecordSelect
            resource="accounts"
            label="Account"
            placeholder="Search accounts"
            {...idField(form, "accountId")}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <RecordSelect
            resource="personas"
            label="Persona"
            placeholder="Search personas"
            {...idField(form, "personaId")}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <Select
            label="Lifecycle stage"
            allowDeselect={false}
            data={LIFECYCLE_STAGES.map((s) => ({ value: s, label: stageLabel(s) }))}
            {...form.getInputProps("lifecycleStage")}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <MemberSelect label="Owner" placeholder="Pick a member" {...idField(form, "ownerMemberId")} />
        </Grid.Col>
        <Grid.Col span={{ base: 6, sm: 3 }}>
          <TextInput label="Country" {...form.getInputProps("country")} />
        </Grid.Col>
        <Grid.Col span={{ base: 6, sm: 3 }}>
          <TextInput label="Region" {...form.getInputProps("region")} />
        </Grid.Col>
        <Grid.Col span={{ base: 6, sm: 3 }}>
          <TextInput label="Source" placeholder="e.g. webinar" {...form.getInputProps("source")} />
        </Grid.Col>
        <Grid.Col span={{ base: 6, sm: 3 }}>
          <TextInput label="Lead status" placeholder="e.g. working" {...form.getInputProps("leadStatus")} />
        </Grid.Col>
        <Grid.Col span={12}>
          <RecordSelect
            resource="campaigns"
            label="Source campaign"
            placeholder="Search campaigns"
            {...idField(form, "sourceCampaignId")}
          />
        </Grid.Col>
      </Grid>
    </FormModal>
  );
}
