import { ActionIcon, Button, Group, Select, Stack, Text } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import dayjs from "dayjs";
import { OPPORTUNITY_CONTACT_ROLES, OPPORTUNITY_STAGES } from "../../../shared/domain";
import { createOpportunitySchema } from "../../../shared/opportunities";
import { CONTACT_ROLE_LABELS, OPPORTUNITY_STAGE_LABELS, options } from "../../lib/format";
import { numberOrNull, textOrNull, zodErrors } from "../../lib/forms";
import { recordFormModal, unset } from "../common/record-form";
import { RecordSelect } from "../common/records";
import { PropertyInputs } from "../properties/properties";

type ContactRole = { contactId: string | null; role: string };
const blankValues = () => ({
  name: "",
  accountId: unset.pick,
  amount: unset.number(),
  currency: "USD",
  stage: "discovery",
  closeDate: dayjs().add(30, "day").format("YYYY-MM-DD"),
  ownerMemberId: unset.pick,
  sourceCampaignId: unset.pick,
  contacts: unset.list<ContactRole>(),
  properties: unset.properties(),
});
type Values = ReturnType<typeof blankValues>;

function toPayload(v: Values) {
  return {
    name: v.name.trim(),
    accountId: v.accountId ?? "",
    amount: numberOrNull(v.amount) ?? Number.NaN,
    currency: textOrNull(v.currency) ?? "USD",
    stage: v.stage,
    closeDate: v.closeDate,
    ownerMemberId: v.ownerMemberId,
    sourceCampaignId: v.sourceCampaignId,
    contacts: v.contacts.filter((c) => c.contactId).map((c) => ({ contactId: c.contactId, role: c.role })),
    properties: v.properties,
  };
}

function validate(values: Values) {
  const errors = zodErrors(createOpportunitySchema, toPayload(values));
  if (!values.accountId) errors.accountId = "Pick the account this deal is with";
  if (numberOrNull(values.amount) === null) errors.amount = "Enter the deal amount";
  if (!values.closeDate) errors.closeDate = "Pick the expected close date";
  return errors;
}

export const OpportunityFormModal = recordFormModal("opportunities", "opportunity", {
  blank: blankValues,
  fromRecord: (o) => ({ contacts: o.contacts.map((c) => ({ contactId: c.contactId, role: c.role })) }),
  toPayload,
  validate,
  createdMessage: (saved) => `${saved.name} created.`,
  fields: [
    {
      name: "name",
      label: "Deal name",
      kind: "text",
      placeholder: "e.g. Acme – annual plan",
      required: true,
      span: 12,
    },
    {
      name: "accountId",
      label: "Account",
      kind: "record",
      resource: "accounts",
      placeholder: "Search accounts",
      required: true,
    },
    { name: "amount", label: "Amount", kind: "number", required: true, span: [8, 4] },
    { name: "currency", label: "Currency", kind: "text", maxLength: 3, span: [4, 2] },
    {
      name: "stage",
      label: "Stage",
      kind: "choice",
      options: options(OPPORTUNITY_STAGES, OPPORTUNITY_STAGE_LABELS),
    },
    { name: "closeDate", label: "Close date", kind: "text", type: "date", required: true },
    { name: "ownerMemberId", label: "Owner", kind: "member", placeholder: "Pick a member" },
    {
      name: "sourceCampaignId",
      label: "Source campaign",
      kind: "record",
      resource: "campaigns",
      placeholder: "Search campaigns",
    },
  ],
  extra: (form) => (
    <Stack gap="sm">
      <ContactRoles form={form} />
      <PropertyInputs objectType="opportunities" form={form} />
    </Stack>
  ),
});

/** The buying committee: which contacts take part in the deal, and in what role. */
function ContactRoles({ form }: { form: UseFormReturnType<Values> }) {
  return (
    <Stack gap="xs">
      <Text size="sm" fw={500}>
        Contact roles (buying committee)
      </Text>
      {form.values.contacts.length === 0 && (
        <Text size="sm" c="dimmed">
          No contacts yet: add who decides, who pays and who champions the deal.
        </Text>
      )}
      {form.values.contacts.map((c, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place
        <Group key={index} gap="xs" align="flex-end" wrap="nowrap">
          <RecordSelect
            resource="contacts"
            aria-label={`Contact ${index + 1}`}
            placeholder="Search contacts"
            params={form.values.accountId ? { accountId: form.values.accountId } : undefined}
            value={c.contactId}
            onChange={(v) => form.setFieldValue(`contacts.${index}.contactId`, v)}
            style={{ flex: 1 }}
          />
          <Select
            aria-label={`Role of contact ${index + 1}`}
            allowDeselect={false}
            data={options(OPPORTUNITY_CONTACT_ROLES, CONTACT_ROLE_LABELS)}
            w={170}
            {...form.getInputProps(`contacts.${index}.role`)}
          />
          <ActionIcon
            variant="subtle"
            color="red"
            size="lg"
            aria-label={`Remove contact ${index + 1}`}
            onClick={() => form.removeListItem("contacts", index)}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      {form.errors.contacts && (
        <Text size="xs" c="red">
          {form.errors.contacts}
        </Text>
      )}
      <Group>
        <Button
          variant="light"
          size="xs"
          leftSection={<IconPlus size={14} />}
          onClick={() => form.insertListItem("contacts", { contactId: null, role: "decision_maker" })}
        >
          Add contact role
        </Button>
      </Group>
    </Stack>
  );
}
