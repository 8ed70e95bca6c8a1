import { Grid, NumberInput, TagsInput, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { createSegmentSchema, type Segment } from "../../../shared/team";
import { applyApiError, numberOrNull, zodErrors } from "../../lib/forms";
import { FormModal, useSaveRecord } from "../common/record-actions";
import { RecordSelect } from "../common/records";

interface Values {
  name: string;
  description: string;
  industries: string[];
  minEmployees: number | string;
  maxEmployees: number | string;
  regions: string[];
  podId: string | null;
}

function toValues(s?: Segment, defaults?: { podId?: string }): Values {
  return {
    name: s?.name ?? "",
    description: s?.description ?? "",
    industries: s?.industries ?? [],
    minEmployees: s?.minEmployees ?? "",
    maxEmployees: s?.maxEmployees ?? "",
    regions: s?.regions ?? [],
    podId: s?.podId ?? defaults?.podId ?? null,
  };
}

const toPayload = (v: Values) => ({
  ...v,
  name: v.name.trim(),
  description: v.description.trim(),
  minEmployees: numberOrNull(v.minEmployees),
  maxEmployees: numberOrNull(v.maxEmployees),
});

export function SegmentFormModal({
  onClose,
  segment,
  defaults,
  onSaved,
}: {
  onClose: () => void;
  segment?: Segment;
  defaults?: { podId?: string };
  onSaved?: (s: Segment) => void;
}) {
  const form = useForm<Values>({
    initialValues: toValues(segment, defaults),
    validate: (values) => zodErrors(createSegmentSchema, toPayload(values)),
  });
  const [formError, setFormError] = useState<string | null>(null);
  const save = useSaveRecord<Segment>("segments", segment?.id);
  const submit = () => {
    setFormError(null);
    save.mutate(toPayload(form.getValues()), {
      onSuccess: (saved) => {
        notifications.show({
          color: "green",
          message: segment ? "Segment saved." : `Segment ${saved.name} created.`,
        });
        onClose();
        onSaved?.(saved);
      },
      onError: (error) =>
        setFormError(
          applyApiError(form, error, { field: "name", message: "A segment with this name already exists" }),
        ),
    });
  };
  return (
    <FormModal
      opened
      onClose={onClose}
      title={segment ? `Edit ${segment.name}` : "New segment"}
      form={form}
      onSubmit={submit}
      submitting={save.isPending}
      formError={formError}
      submitLabel={segment ? "Save segment" : "Create segment"}
    >
      <Grid>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <TextInput
            label="Segment name"
            placeholder="e.g. Mid-market SaaS in EMEA"
            required
            data-autofocus
            {...form.getInputProps("name")}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <RecordSelect
            resource="pods"
            label="Owning pod"
            placeholder="Search pods"
            value={form.values.podId}
            onChange={(v) => form.setFieldValue("podId", v)}
            error={form.errors.podId}
          />
        </Grid.Col>
        <Grid.Col span={12}>
          <Textarea label="Description" autosize minRows={2} {...form.getInputProps("description")} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <TagsInput
            label="Industries"
            description="Press Enter after each"
            {...form.getInputProps("industries")}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <TagsInput
            label="Regions"
            description="Press Enter after each, e.g. EMEA"
            {...form.getInputProps("regions")}
          />
        </Grid.Col>
        <Grid.Col span={6}>
          <NumberInput
            label="Employees from"
            min={0}
            allowDecimal={false}
            thousandSeparator=","
            {...form.getInputProps("minEmployees")}
          />
        </Grid.Col>
        <Grid.Col span={6}>
          <NumberInput
            label="Employees up to"
            min={0}
            allowDecimal={false}
            thousandSeparator=","
            {...form.getInputProps("maxEmployees")}
          />
        </Grid.Col>
      </Grid>
    </FormModal>
  );
}
