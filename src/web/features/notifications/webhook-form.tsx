// Add or change a webhook: where it goes, in which format, which events.
import { MultiSelect, Radio, Stack, Switch, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { createWebhookSchema, type Webhook, type WebhookFormat } from "../../../shared/notifications";
import { applyApiError, zodErrors } from "../../lib/forms";
import { FormModal } from "../common/record-actions";
import { KIND_OPTIONS, useSaveWebhook, type WebhookInput } from "./notifications-api";

/** The form holds every field, the defaults the API would apply already filled in. */
type Values = Required<WebhookInput>;

const toPayload = (v: Values): Values => ({ ...v, name: v.name.trim(), url: v.url.trim() });

export function WebhookFormModal({ webhook, onClose }: { webhook?: Webhook; onClose: () => void }) {
  const form = useForm<Values>({
    initialValues: {
      name: webhook?.name ?? "",
      url: webhook?.url ?? "",
      format: webhook?.format ?? "json",
      events: webhook?.events ?? [],
      active: webhook?.active ?? true,
    },
    validate: (values) => zodErrors(createWebhookSchema, toPayload(values)),
  });
  const [formError, setFormError] = useState<string | null>(null);
  const save = useSaveWebhook(webhook?.id);
  const submit = () => {
    setFormError(null);
    save.mutate(toPayload(form.getValues()), {
      onSuccess: (saved) => {
        notifications.show({
          color: "green",
          message: webhook
            ? `Webhook “${saved.name}” saved.`
            : `Webhook “${saved.name}” added. Send a test to check that it arrives.`,
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
      title={webhook ? `Edit webhook “${webhook.name}”` : "Add a webhook"}
      form={form}
      onSubmit={submit}
      submitting={save.isPending}
      formError={formError}
      submitLabel={webhook ? "Save webhook" : "Add webhook"}
    >
      <TextInput
        label="Name"
        description="Who receives it, e.g. “Slack #revenue-alerts” or “CRM sync”"
        required
        data-autofocus
        {...form.getInputProps("name")}
      />
      <TextInput
        label="URL"
        description="The address Lockstep sends each event to (https:// recommended)"
        placeholder="https://hooks.slack.com/services/…"
        required
        {...form.getInputProps("url")}
      />
      <Radio.Group
        label="Format"
        value={form.getValues().format}
        onChange={(value) => form.setFieldValue("format", value as WebhookFormat)}
      >
        <Stack gap="xs" mt={6}>
          <Radio
            value="slack"
            label="Slack message"
            description="For a Slack incoming webhook: each event arrives as a message in the channel."
          />
          <Radio
            value="json"
            label="JSON event (for developers, Zapier, Make…)"
            description="The event with all its data, signed so the receiver can check it came from Lockstep."
          />
        </Stack>
      </Radio.Group>
      <MultiSelect
        label="Events"
        description="Leave empty to send every event"
        placeholder={form.getValues().events.length ? undefined : "All events"}
        data={KIND_OPTIONS}
        clearable
        {...form.getInputProps("events")}
      />
      <Switch
        label="On: send events to this webhook"
        {...form.getInputProps("active", { type: "checkbox" })}
      />
      {!webhook && (
        <Text size="xs" c="dimmed">
          Lockstep makes a signing secret for the webhook; you will find it on the webhook after adding it.
        </Text>
      )}
    </FormModal>
  );
}
