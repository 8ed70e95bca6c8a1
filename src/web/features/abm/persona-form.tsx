import { Grid, MultiSelect, TagsInput, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { SENIORITIES } from "../../../shared/domain";
import { createPersonaSchema, type Persona } from "../../../shared/team";
import { options, SENIORITY_LABELS } from "../../lib/format";
import { applyApiError, zodErrors } from "../../lib/forms";
import { FormModal, useSaveRecord } from "../common/record-actions";
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
  const form = useForm<Values>({
    initialValues: toValues(persona, defaults),
    validate: (values) => zodErrors(createPersonaSchema, toPayload(values)),
  });
  const [formError, setFormError] = useState<string | null>(null);
  const save = useSaveRecord<Persona>("personas", persona?.id);
  const submit = () => {
    setFormError(null);
    save.mutate(toPayload(form.getValues()), {
      onSuccess: (saved) => {
        notifications.show({
          color: "green",
          message: persona ? "Persona saved." : `Persona ${saved.name} created.`,
        });
        onClose();
        onSaved?.(saved);
      },
      onError: (error) =>
        setFormError(
          applyApiError(form, error, { field: "name", message: "A persona with this name already exists" }),
        ),
    });
  };
  return (
    <FormModal
      opened
      onClose={onClose}
      title={persona ? `Edit ${persona.name}` : "New persona"}
      form={form}
      onSubmit={submit}
      submitting={save.isPending}
      formError={formError}
      submitLabel={persona ? "Save persona" : "Create persona"}
    >
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
