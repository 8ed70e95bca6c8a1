// Sales asks marketing for an asset: what, why, for which persona and stage, by when.
import { SimpleGrid, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { createContentRequestSchema } from "../../../shared/feedback";
import { applyApiError, textOrNull, zodErrors } from "../../lib/forms";
import { FormModal } from "../common/record-actions";
import { PersonaSelect, StageSelect } from "./ask-fields";
import { type ContentRequestInput, useCreateContentRequest } from "./asks-api";

interface Values {
  title: string;
  need: string;
  personaId: string | null;
  stage: string | null;
  dueDate: string;
}

const toPayload = (v: Values): ContentRequestInput => ({
  title: v.title.trim(),
  need: v.need.trim(),
  personaId: v.personaId,
  stage: v.stage,
  dueDate: textOrNull(v.dueDate),
});

export function ContentRequestFormModal({ onClose }: { onClose: () => void }) {
  const create = useCreateContentRequest();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: { title: "", need: "", personaId: null, stage: null, dueDate: "" },
    validate: (values) => zodErrors(createContentRequestSchema, toPayload(values)),
  });
  const submit = () => {
    setFormError(null);
    create.mutate(toPayload(form.getValues()), {
      onSuccess: (created) => {
        notifications.show({
          color: "green",
          message: `Requested “${created.title}”. Marketing sees it under New.`,
        });
        onClose();
      },
      onError: (error) => setFormError(applyApiError(form, error)),
    });
  };
  return (
    <FormModal
      opened
      onClose={onClose}
      title="Request content"
      form={form}
      onSubmit={submit}
      submitting={create.isPending}
      formError={formError}
      submitLabel="Send request"
    >
      <TextInput
        label="What do you need?"
        description="The asset, e.g. “ROI calculator for CFOs” or “Case study in logistics”"
        required
        data-autofocus
        {...form.getInputProps("title")}
      />
      <Textarea
        label="Why / what the prospect asks"
        description="What it must answer, so marketing makes the right thing"
        autosize
        minRows={3}
        maxRows={8}
        {...form.getInputProps("need")}
      />
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <PersonaSelect placeholder="For whom" {...form.getInputProps("personaId")} />
        <StageSelect placeholder="Funnel stage" {...form.getInputProps("stage")} />
        <TextInput type="date" label="Needed by" {...form.getInputProps("dueDate")} />
      </SimpleGrid>
    </FormModal>
  );
}
