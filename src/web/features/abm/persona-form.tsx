import { Grid, MultiSelect, TagsInput, Textarea, TextInput } from "@mantine/core";
import { SENIORITIES } from "../../../shared/domain";
import { createPersonaSchema, type Persona } from "../../../shared/team";
import { options, SENIORITY_LABELS } from "../../lib/format";
import { FormModal } from "../common/record-actions";
import { idField, useRecordForm } from "../common/record-form";
import { RecordSelect } from "../common/records";

interface Values {
  name: string;
  description: string;
  titlePatterns: string[];
  seniorities: string[];
  departments: string[];
  pains: string;
  objections: string;
  podId: string | null;
}

function toValues(p?: Persona, defaults?: { podId?: string }): Values {
  return {
    name: p?.name ?? "",
    description: p?.description ?? "",
    titlePatterns: p?.titlePatterns ?? [],
    seniorities: p?.seniorities ?? [],
    departments: p?.departments ?? [],
    pains: p?.pains ?? "",
    objections: p?.objections ?? "",
    podId: p?.podId ?? defaults?.podId ?? null,
  };
}

const toPayload = (v: Values) => ({ ...v, name: v.name.trim(), description: v.description.trim() });

export function PersonaFormModal({
  onClose,
  persona,
  defaults,
  onSaved,
}: {
  onClose: () => void;
  persona?: Persona;
  defaults?: { podId?: string };
  onSaved?: (p: Persona) => void;
}) {
  const { form, modalProps } = useRecordForm({
    resource: "personas",
    noun: "persona",
    record: persona,
    initialValues: toValues(persona, defaults),
    toPayload,
    schema: createPersonaSchema,
    conflict: { field: "name", message: "A persona with this name already exists" },
    onClose,
    onSaved,
  });
  return (
    <FormModal {...modalProps}>
      <Grid>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <TextInput
            label="Persona name"
            placeholder="e.g. Hands-on IT manager"
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
            label="Job title patterns"
            description="Press Enter after each, e.g. IT Manager, Head of IT"
            {...form.getInputProps("titlePatterns")}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <TagsInput
            label="Departments"
            description="Press Enter after each"
            {...form.getInputProps("departments")}
          />
        </Grid.Col>
        <Grid.Col span={12}>
          <MultiSelect
            label="Seniorities"
            data={options(SENIORITIES, SENIORITY_LABELS)}
            {...form.getInputProps("seniorities")}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <Textarea
            label="Pains"
            description="What keeps them up at night"
            autosize
            minRows={3}
            {...form.getInputProps("pains")}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <Textarea
            label="Objections"
            description="What they push back with"
            autosize
            minRows={3}
            {...form.getInputProps("objections")}
          />
        </Grid.Col>
      </Grid>
    </FormModal>
  );
}
