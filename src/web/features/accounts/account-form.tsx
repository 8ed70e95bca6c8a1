import { Grid, NumberInput, TextInput } from "@mantine/core";
import { type Account, createAccountSchema } from "../../../shared/accounts";
import { numberOrNull, textOrNull } from "../../lib/forms";
import { FormModal } from "../common/record-actions";
import { idField, useRecordForm } from "../common/record-form";
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
  const { form, modalProps } = useRecordForm({
    resource: "accounts",
    noun: "account",
    record: account,
    initialValues: toValues(account),
    toPayload,
    schema: createAccountSchema,
    conflict: { field: "domain", message: "An account with this domain already exists" },
    onClose,
    onSaved,
  });
  return (
    <FormModal {...modalProps}>
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
            {...idField(form, "segmentId")}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 4 }}>
          <RecordSelect resource="pods" label="Pod" placeholder="Search pods" {...idField(form, "podId")} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 4 }}>
          <MemberSelect label="Owner" placeholder="Pick a member" {...idField(form, "ownerMemberId")} />
        </Grid.Col>
      </Grid>
    </FormModal>
  );
}
