// "New model": a name and what it is for; version 1 starts from the starter rules, ready to edit.
import { Text, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router";
import { type CreateScoringModel, createScoringModelSchema } from "../../../shared/scoring";
import { client, ok } from "../../lib/api";
import { applyApiError, zodErrors } from "../../lib/forms";
import { FormModal } from "../common/record-actions";
import { SCORING_KEY } from "./scoring-api";

export function CreateModelModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { name: "", description: "" },
    validate: (v) => zodErrors(createScoringModelSchema, v),
  });
  const create = useMutation({
    mutationFn: (payload: CreateScoringModel) => ok(client.POST("/api/scoring-models", { body: payload })),
    onSuccess: (model) => {
      void queryClient.invalidateQueries({ queryKey: SCORING_KEY });
      notifications.show({
        color: "green",
        message: `“${model.name}” created. Version 1 starts from the starter rules: adjust them, then ask both teams to approve.`,
      });
      form.reset();
      onClose();
      navigate(`/scoring/${model.id}`);
    },
    onError: (error) => setFormError(applyApiError(form, error)),
  });
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title="New scoring model"
      form={form}
      onSubmit={() => {
        setFormError(null);
        create.mutate(form.getValues());
      }}
      submitting={create.isPending}
      formError={formError}
      submitLabel="Create model"
      size="md"
    >
      <TextInput
        label="Name"
        placeholder="e.g. Inbound leads"
        data-autofocus
        withAsterisk
        {...form.getInputProps("name")}
      />
      <Textarea
        label="What it is for"
        placeholder="e.g. Decides when an inbound lead is ready for sales."
        autosize
        minRows={2}
        {...form.getInputProps("description")}
      />
      <Text size="sm" c="dimmed">
        Version 1 starts as a draft with starter rules (seniority, company size, pricing page, forms,
        webinars, emails) that you can change. It goes live only after a sales lead and a marketing lead
        approve it.
      </Text>
    </FormModal>
  );
}
