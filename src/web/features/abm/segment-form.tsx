import { Grid, NumberInput, TagsInput, Textarea, TextInput } from "@mantine/core";
import { createSegmentSchema, type Segment } from "../../../shared/team";
import { numberOrNull } from "../../lib/forms";
import { FormModal } from "../common/record-actions";
import { idField, useRecordForm } from "../common/record-form";
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
  const { form, modalProps } = useRecordForm({
    resource: "segments",
    noun: "segment",
    record: segment,
    initialValues: toValues(segment, defaults),
    toPayload,
    schema: createSegmentSchema,
    conflict: { field: "name", message: "A segment with this name already exists" },
    onClose,
    onSaved,
  });
  return (
    <FormModal {...modalProps}>
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
            {...idField(form, "podId")}
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
