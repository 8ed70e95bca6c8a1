import { ActionIcon, Button, Grid, Group, NumberInput, Select, Stack, Text, TextInput } from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import dayjs from "dayjs";
import { OPPORTUNITY_CONTACT_ROLES, OPPORTUNITY_STAGES } from "../../../shared/domain";
import { createOpportunitySchema, type Opportunity } from "../../../shared/opportunities";
import { CONTACT_ROLE_LABELS, OPPORTUNITY_STAGE_LABELS, options } from "../../lib/format";
import { numberOrNull, textOrNull, zodErrors } from "../../lib/forms";
import { FormModal } from "../common/record-actions";
import { idField, useRecordForm } from "../common/record-form";
import { MemberSelect, RecordSelect } from "../common/records";

interface Values {
  name: string;
  accountId: string | null;
  amount: number | string;
  currency: string;
  stage: string;
  closeDate: string;
  ownerMemberId: string | null;
  sourceCampaignId: string | null;
  contacts: { contactId: string | null; role: string }[];
}

function toValues(o?: Opportunity, defaults?: { accountId?: string }): Values {
  return {
    name: o?.name ?? "",
    accountId: o?.accountId ?? defaults?.accountId ?? null,
    amount: o?.amount ?? "",
    currency: o?.currency ?? "USD",
    stage: o?.stage ?? "discovery",
    closeDate: o?.closeDate ?? dayjs().add(30, "day").format("YYYY-MM-DD"),
    ownerMemberId: o?.ownerMemberId ?? null,
    sourceCampaignId: o?.sourceCampaignId ?? null,
    contacts: o?.contacts.map((c) => ({ contactId: c.contactId, role: c.role })) ?? [],
  };
}

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
  };
}

function validate(values: Values) {
  const errors = zodErrors(createOpportunitySchema, toPayload(values));
  if (!values.accountId) errors.accountId = "Pick the account this deal is with";
  if (numberOrNull(values.amount) === null) errors.amount = "Enter the deal amount";
  if (!values.closeDate) errors.closeDate = "Pick the expected close date";
  return errors;
}

export function OpportunityFormModal({
  onClose,
  opportunity,
  defaults,
  onSaved,
}: {
  onClose: () => void;
  opportunity?: Opportunity;
  defaults?: { accountId?: string };
  onSaved?: (o: Opportunity) => void;
}) {
  const { form, modalProps } = useRecordForm({
    resource: "opportunities",
    noun: "opportunity",
    record: opportunity,
    initialValues: toValues(opportunity, defaults),
    toPayload,
    validate,
    createdMessage: (saved) => `${saved.name} created.`,
    onClose,
    onSaved,
  });
  return (
    <FormModal {...modalProps}>
      <Grid>
        <Grid.Col span={12}>
          <TextInput
            label="Deal name"
            required
            data-autofocus
            placeholder="e.g. Acme – annual plan"
            {...form.getInputProps("name")}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <RecordSelect
            resource="accounts"
            label="Account"
            required
            placeholder="Search accounts"
            {...idField(form, "accountId")}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 8, sm: 4 }}>
          <NumberInput
            label="Amount"
            required
            min={0}
            thousandSeparator=","
            {...form.getInputProps("amount")}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 4, sm: 2 }}>
          <TextInput label="Currency" maxLength={3} {...form.getInputProps("currency")} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <Select
            label="Stage"
            allowDeselect={false}
            data={options(OPPORTUNITY_STAGES, OPPORTUNITY_STAGE_LABELS)}
            {...form.getInputProps("stage")}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <TextInput label="Close date" type="date" required {...form.getInputProps("closeDate")} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <MemberSelect label="Owner" placeholder="Pick a member" {...idField(form, "ownerMemberId")} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <RecordSelect
            resource="campaigns"
            label="Source campaign"
            placeholder="Search campaigns"
            {...idField(form, "sourceCampaignId")}
          />
        </Grid.Col>
        <Grid.Col span={12}>
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
        </Grid.Col>
      </Grid>
    </FormModal>
  );
}
