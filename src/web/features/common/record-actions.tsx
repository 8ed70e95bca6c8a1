// Saving, archiving and restoring records, with the role rules shown rather than hit.
import { Alert, Button, Group, Modal, Stack, Text, Tooltip } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconArchive, IconArrowBackUp, IconEdit } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { client, errorMessage, ok } from "../../lib/api";
import { listPath, type RecordOf, type RecordPath, type Resource, recordPath } from "./records";

/**
 * Create (POST) or update (PATCH) a record, then refresh everything cached about that kind of record.
 * The payload is what the form's shared zod schema has already checked (useRecordForm); T is the record
 * type the form edits (RecordOf its resource).
 */
export function useSaveRecord<T extends { id: string }>(resource: Resource, id?: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (payload: object) => {
      const saved: RecordOf<Resource> = id
        ? await ok(client.PATCH(recordPath(resource), { params: { path: { id } }, body: payload }))
        : await ok(client.POST(listPath(resource), { body: payload }));
      return saved as unknown as T;
    },
    onSuccess: (saved) => {
      queryClient.setQueryData([resource, "detail", saved.id], saved);
      void queryClient.invalidateQueries({ queryKey: [resource] });
    },
  });
}

export function ArchiveButton({
  resource,
  record,
  noun,
  allowed,
  onDone,
}: {
  resource: Resource;
  record: { id: string; archivedAt: string | null; name?: string };
  noun: string;
  allowed: boolean;
  onDone?: () => void;
}) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const archived = Boolean(record.archivedAt);
  const mutation = useMutation({
    mutationFn: () =>
      archived
        ? ok(
            client.POST(`/api/${resource}/{id}/restore` as `${RecordPath}/restore`, {
              params: { path: { id: record.id } },
            }),
          )
        : ok(client.DELETE(recordPath(resource), { params: { path: { id: record.id } } })),
    onSuccess: () => {
      setConfirming(false);
      void queryClient.invalidateQueries({ queryKey: [resource] });
      notifications.show({
        color: "green",
        message: archived
          ? `The ${noun} is restored.`
          : `The ${noun} is archived. You can restore it any time.`,
      });
      onDone?.();
    },
    onError: (error) => {
      notifications.show({
        color: "red",
        title: `Could not ${archived ? "restore" : "archive"}`,
        message: errorMessage(error),
      });
    },
  });

  const button = (
    <Button
      variant="default"
      color={archived ? "blue" : "red"}
      leftSection={archived ? <IconArrowBackUp size={16} /> : <IconArchive size={16} />}
      disabled={!allowed}
      loading={mutation.isPending}
      onClick={() => (archived ? mutation.mutate() : setConfirming(true))}
    >
      {archived ? "Restore" : "Archive"}
    </Button>
  );

  return (
    <>
      {allowed ? (
        button
      ) : (
        <Tooltip label="Only team leads and admins can archive or restore">
          <span>{button}</span>
        </Tooltip>
      )}
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={`Archive this ${noun}?`}>
        <Stack>
          <Text size="sm">
            {record.name ? <strong>{record.name}</strong> : `This ${noun}`} will disappear from lists for both
            teams. Nothing is deleted: you can find it under "Show archived" and restore it.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button color="red" loading={mutation.isPending} onClick={() => mutation.mutate()}>
              Archive
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/** A form in a modal: the form's own validation first, then any error the API answers. */
export function FormModal({
  opened,
  onClose,
  title,
  form,
  onSubmit,
  submitting,
  formError,
  submitLabel,
  children,
  size = "lg",
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  // biome-ignore lint/suspicious/noExplicitAny: works for every form's values
  form: UseFormReturnType<any, any>;
  onSubmit: () => void;
  submitting: boolean;
  formError: string | null;
  submitLabel: string;
  children: ReactNode;
  size?: string;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} size={size} closeOnClickOutside={false}>
      <form onSubmit={form.onSubmit(() => onSubmit())} noValidate>
        <Stack gap="sm">
          {formError && (
            <Alert color="red" icon={<IconAlertTriangle size={18} />} role="alert" title="Not saved">
              {formError}
            </Alert>
          )}
          {children}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={submitting}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** A button that stays visible but disabled, with the reason, when the member's role does not allow it. */
export function GuardedButton({
  allowed,
  hint,
  ...props
}: React.ComponentProps<typeof Button<"button">> & { allowed: boolean; hint: string }) {
  if (allowed) return <Button {...props} />;
  return (
    <Tooltip label={hint}>
      <span>
        <Button {...props} disabled />
      </span>
    </Tooltip>
  );
}

/** "Edit" and "Archive" (or "Restore") on a record's page; archiving is for leads and admins. */
export function RecordPageActions({
  resource,
  record,
  noun,
  onEdit,
  isLeadOrAdmin,
  editHint,
}: {
  resource: Resource;
  record: { id: string; archivedAt: string | null; name?: string };
  noun: string;
  onEdit: () => void;
  isLeadOrAdmin: boolean;
  /** Given for record types only leads and admins may edit: why the button is off for others. */
  editHint?: string;
}) {
  return (
    <>
      <GuardedButton
        allowed={editHint === undefined || isLeadOrAdmin}
        hint={editHint ?? ""}
        variant="default"
        leftSection={<IconEdit size={16} />}
        onClick={onEdit}
      >
        Edit
      </GuardedButton>
      <ArchiveButton resource={resource} record={record} noun={noun} allowed={isLeadOrAdmin} />
    </>
  );
}
