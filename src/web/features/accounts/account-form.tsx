import { Grid, NumberInput, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { type Account, createAccountSchema } from "../../../shared/accounts";
import { applyApiError, numberOrNull, textOrNull, zodErrors } from "../../lib/forms";
import { FormModal, useSaveRecord } from "../common/record-actions";
import { MemberSelect, RecordSelect } from "../common/records";

interface Values {
  name: string;
  domain: string;
  industry: string;
  employees: number | string;
  annualRevenue: number | string;
  country: string;
  region: string;
  segmentId: string | null;
  podId: string | null;
  ownerMemberId: string | null;
}

function toValues(a?: Account): Values {
  return {
    name: a?.name ?? "",
    domain: a?.domain ?? "",
    industry: a?.industry ?? "",
    employees: a?.employees ?? "",
    annualRevenue: a?.annualRevenue ?? "",
    country: a?.country ?? "",
    region: a?.region ?? "",
    segmentId: a?.segmentId ?? null,
    podId: a?.podId ?? null,
    ownerMemberId: a?.ownerMemberId ?? null,
  };
}

function toPayload(v: Values) {
  return {
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
  };
}

export function AccountFormModal({
  onClose,
  account,
  onSaved,
}: {
  onClose: () => void;
  account?: Account;
  onSaved?: (account: Account) => void;
}) {
  const form = useForm<Values>({
    initialValues: toValues(account),
    validate: (values) => zodErrors(createAccountSchema, toPayload(values)),
  });
  const [formError, setFormError] = useState<string | null>(null);
  const save = useSaveRecord<Account>("accounts", account?.id);

  const submit = () => {
    setFormError(null);
    save.mutate(toPayload(form.getValues()), {
      onSuccess: (saved) => {
        notifications.show({
          color: "green",
          message: account ? "Account saved." : `Account ${saved.name} created.`,
        });
        onClose();
        onSaved?.(saved);
      },
      onError: (error) =>
        setFormError(
          applyApiError(form, error, {
            field: "domain",
            message: "An account with this domain already exists",
          }),
        ),
    });
  };

  return (
    <FormModal
      opened
      onClose={onClose}
      title={account ? `Edit ${account.name}` : "New account"}
      form={form}
      onSubmit={submit}
      submitting={save.isPending}
      formError={formError}
      submitLabel={account ? "Save account" : "Create account"}
    >
      <Grid>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <TextInput label="Company name" required data-autofocus {...form.getInputProps("name")} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <TextInput
            label="Domain"
            placeholder="acme.com"
            description="One account per domain"
            {...form.getInputProps("domain")}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <TextInput label="Industry" placeholder="e.g. Software" {...form.getInputProps("industry")} />
        </Grid.Col>
        <Grid.Col span={{ base: 6, sm: 3 }}>
          <NumberInput
            label="Employees"
            min={0}
            allowDecimal={false}
            thousandSeparator=","
            {...form.getInputProps("employees")}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6, sm: 3 }}>
          <NumberInput
            label="Annual revenue"
            min={0}
            prefix="$"
            thousandSeparator=","
            {...form.getInputProps("annualRevenue")}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6 }}>
          <TextInput label="Country" {...form.getInputProps("country")} />
        </Grid.Col>
        <Grid.Col span={{ base: 6 }}>
          <TextInput label="Region" placeholder="e.g. EMEA" {...form.getInputProps("region")} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 4 }}>
          <RecordSelect
            resource="segments"
            label="Segment"
            placeholder="Search segments"
            value={form.values.segmentId}
            onChange={(v) => form.setFieldValue("segmentId", v)}
            error={form.errors.segmentId}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 4 }}>
          <RecordSelect
            resource="pods"
            label="Pod"
            placeholder="Search pods"
            value={form.values.podId}
            onChange={(v) => form.setFieldValue("podId", v)}
            error={form.errors.podId}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 4 }}>
          <MemberSelect
            label="Owner"
            placeholder="Pick a member"
            value={form.values.ownerMemberId}
            onChange={(v) => form.setFieldValue("ownerMemberId", v)}
            error={form.errors.ownerMemberId}
          />
        </Grid.Col>
      </Grid>
    </FormModal>
  );
}
