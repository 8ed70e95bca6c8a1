// Sales logs what a prospect pushed back with, in their words, with the persona and stage it came up at.
import { Alert, Button, Group, Paper, SimpleGrid, Stack, Text, Textarea, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { createObjectionSchema } from "../../../shared/feedback";
import { applyApiError, zodErrors } from "../../lib/forms";
import { RecordSelect } from "../common/records";
import { PersonaSelect, StageSelect } from "./ask-fields";
import { type ObjectionInput, useRecordObjection } from "./asks-api";

const EMPTY: ObjectionInput = { text: "", personaId: null, stage: null, contactId: null };

export function ObjectionForm() {
  const record = useRecordObjection();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<ObjectionInput>({
    initialValues: EMPTY,
    validate: (values) => zodErrors(createObjectionSchema, values),
  });
  const submit = (values: ObjectionInput) => {
    setFormError(null);
    record.mutate(
      { ...values, text: values.text.trim() },
      {
        onSuccess: () => {
          notifications.show({
            color: "green",
            message: "Objection logged. Marketing sees it in the counts by persona.",
          });
          form.reset();
        },
        onError: (error) => setFormError(applyApiError(form, error)),
      },
    );
  };
  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-label="Log an objection">
      <form noValidate onSubmit={form.onSubmit(submit)}>
        <Stack gap="sm">
          <Stack gap={2}>
            <Title order={3}>Log an objection</Title>
            <Text size="sm" c="dimmed">
              Heard a “too expensive” or “we already use X” on a call? Write it down as the prospect said it.
            </Text>
          </Stack>
          {formError && (
            <Alert color="red" role="alert" title="Not logged">
              {formError}
            </Alert>
          )}
          <Textarea
            label="What did the prospect say?"
            placeholder="e.g. “We already use HubSpot for this”"
            required
            autosize
            minRows={2}
            maxRows={6}
            {...form.getInputProps("text")}
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <PersonaSelect placeholder="Who said it" {...form.getInputProps("personaId")} />
            <StageSelect placeholder="Where in the funnel" {...form.getInputProps("stage")} />
            <RecordSelect
              resource="contacts"
              label="Contact (optional)"
              placeholder="Search contacts"
              value={form.getValues().contactId ?? null}
              onChange={(value) => form.setFieldValue("contactId", value)}
              error={form.errors.contactId}
            />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button type="submit" leftSection={<IconPlus size={16} />} loading={record.isPending}>
              Log objection
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
