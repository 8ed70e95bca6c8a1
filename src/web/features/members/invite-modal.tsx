import { Alert, Button, Code, CopyButton, Group, Modal, Select, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconCheck, IconCopy } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { z } from "zod";
import { MEMBER_ROLES, TEAMS } from "../../../shared/domain";
import { type createdInvitationSchema, createInvitationSchema } from "../../../shared/workspaces";
import { client, ok } from "../../lib/api";
import { label, options, ROLE_LABELS, TEAM_LABELS } from "../../lib/format";
import { applyApiError, zodErrors } from "../../lib/forms";

function absolute(url: string): string {
  try {
    return new URL(url, window.location.origin).toString();
  } catch {
    return url;
  }
}

/** Invite a colleague; the accept link is shown once, to copy and send. */
export function InviteModal({ onClose }: { onClose: () => void }) {
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<z.infer<typeof createdInvitationSchema> | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { email: "", team: "sales", role: "member" },
    validate: (values) => zodErrors(createInvitationSchema, values),
  });
  const invite = useMutation({
    // The form has validated the values: parsing them gives the typed body (a team and role, not any text).
    mutationFn: (values: typeof form.values) =>
      ok(client.POST("/api/invitations", { body: createInvitationSchema.parse(values) })),
    onSuccess: (result) => {
      setCreated(result);
      void queryClient.invalidateQueries({ queryKey: ["invitations"] });
    },
    onError: (error) =>
      setFormError(
        applyApiError(form, error, {
          field: "email",
          message: "This person is already a member or already has a pending invitation",
        }),
      ),
  });

  return (
    <Modal opened onClose={onClose} title={created ? "Invitation ready" : "Invite a colleague"} size="md">
      {created ? (
        <Stack>
          <Text size="sm">
            Send this link to <strong>{created.email}</strong>. They join as{" "}
            {label(ROLE_LABELS, created.role).toLowerCase()} of the{" "}
            {label(TEAM_LABELS, created.team).toLowerCase()} team.
          </Text>
          <Alert color="yellow" title="Copy it now">
            For security the link is shown only once.
          </Alert>
          <Code block data-testid="accept-link" style={{ whiteSpace: "pre-wrap", wordBreak: "break-all" }}>
            {absolute(created.acceptUrl)}
          </Code>
          <Group justify="flex-end">
            <CopyButton value={absolute(created.acceptUrl)}>
              {({ copied, copy }) => (
                <Button
                  variant={copied ? "filled" : "light"}
                  color={copied ? "teal" : undefined}
                  leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                  onClick={copy}
                >
                  {copied ? "Copied" : "Copy link"}
                </Button>
              )}
            </CopyButton>
            <Button
              variant="default"
              onClick={() => {
                setCreated(null);
                form.reset();
              }}
            >
              Invite another
            </Button>
            <Button onClick={onClose}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form
          noValidate
          onSubmit={form.onSubmit((values) => {
            setFormError(null);
            invite.mutate({ ...values, email: values.email.trim() });
          })}
        >
          <Stack>
            {formError && (
              <Alert color="red" role="alert">
                {formError}
              </Alert>
            )}
            <TextInput label="Email" type="email" required data-autofocus {...form.getInputProps("email")} />
            <Group grow>
              <Select
                label="Team"
                allowDeselect={false}
                data={options(TEAMS, TEAM_LABELS)}
                {...form.getInputProps("team")}
              />
              <Select
                label="Role"
                allowDeselect={false}
                data={options(MEMBER_ROLES, ROLE_LABELS)}
                {...form.getInputProps("role")}
              />
            </Group>
            <Text size="xs" c="dimmed">
              Team leads can approve agreements and archive records; admins also manage members and settings.
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={invite.isPending}>
                Create invitation
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
