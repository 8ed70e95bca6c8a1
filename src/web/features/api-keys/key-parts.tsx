// Pieces both key pages share (API keys, tracking write keys): loading, creating and revoking keys, a key's
// status, its revoke button and confirmation, and the "copy it now" modal that shows a new key once.
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconCheck, IconCopy, IconKey, IconPlus, IconX } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import type { z } from "zod";
import type { apiKeySchema, createdApiKeySchema } from "../../../shared/tracking";
import { client, errorMessage, ok } from "../../lib/api";
import type { paths } from "../../lib/api-schema";
import { formatDate, formatDateTime, fromNow } from "../../lib/format";
import { applyApiError } from "../../lib/forms";
import { DataTable, plural } from "../common/list";
import { EmptyBlock, ErrorAlert, TableSkeleton } from "../common/query-states";
import { GuardedButton } from "../common/record-actions";
import { usePermissions } from "../session/session";

/** A key as both endpoints list it (an ingest API key is a write key). */
export type ApiKey = z.infer<typeof apiKeySchema>;
/** A key just created: with the full key, the only time the API gives it out. */
export type CreatedKey = z.infer<typeof createdApiKeySchema>;

/** The two endpoints that list, create and revoke keys. */
export type KeysPath = "/api/api-keys" | "/api/write-keys";
/** What creating a key at an endpoint takes (a write key only a name, an API key its kind too). */
export type NewKeyBody<P extends KeysPath> = paths[P]["post"]["requestBody"]["content"]["application/json"];

// An ingest API key is also a write key, so both lists refresh whichever page changed a key.
const KEY_LISTS = [["api-keys"], ["write-keys"]];

/** The keys behind one endpoint ("/api/api-keys", "/api/write-keys") and revoking one, with its notice. */
export function useKeys(path: KeysPath, enabled: boolean, revokedNotice: (key: ApiKey) => string) {
  const queryClient = useQueryClient();
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const keys = useQuery({
    queryKey: [path],
    queryFn: ({ signal }) => ok(client.GET(path, { signal })),
    enabled,
  });
  const revoke = useMutation({
    mutationFn: (id: string) => ok(client.DELETE(`${path}/{id}` as const, { params: { path: { id } } })),
    onSuccess: (key) => {
      setRevoking(null);
      notifications.show({ color: "green", message: revokedNotice(key) });
      for (const queryKey of [[path], ...KEY_LISTS]) void queryClient.invalidateQueries({ queryKey });
    },
    onError: (error) =>
      notifications.show({ color: "red", title: "Not revoked", message: errorMessage(error) }),
  });
  return { keys, items: keys.data?.items ?? [], revoke, revoking, setRevoking };
}

/** Creates a key at an endpoint; the answer holds the full key, the only time the API gives it out. */
export function useCreateKey<P extends KeysPath>(path: P, form: UseFormReturnType<NewKeyBody<P>>) {
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (values: NewKeyBody<P>) => ok(client.POST(path as KeysPath, { body: values })),
    onSuccess: (key) => {
      setCreated(key);
      for (const queryKey of [[path], ...KEY_LISTS]) void queryClient.invalidateQueries({ queryKey });
    },
    onError: (error) => setFormError(applyApiError(form, error)),
  });
  const submit = form.onSubmit((values) => {
    setFormError(null);
    create.mutate(values);
  });
  return { created, formError, submit, submitting: create.isPending };
}

/** A value to copy in one click (a key, a snippet). */
export function CopyField({ value, what, testId }: { value: string; what: string; testId: string }) {
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Code
        block
        data-testid={testId}
        style={{ whiteSpace: "pre-wrap", wordBreak: "break-all", flex: 1, minWidth: 0 }}
      >
        {value}
      </Code>
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Button
            variant={copied ? "filled" : "light"}
            color={copied ? "teal" : undefined}
            leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
            onClick={copy}
            style={{ flexShrink: 0 }}
          >
            {copied ? "Copied" : `Copy ${what}`}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
}

/**
 * "New API key" / "New write key": the name (and any more fields), then the created key shown once to
 * copy, with what to do with it.
 */
export function NewKeyModal<P extends KeysPath>({
  noun,
  nameHint,
  path,
  form,
  keyLabel,
  keyTestId,
  afterKey,
  fields,
  onClose,
}: {
  /** "API key", "write key". */
  noun: string;
  nameHint: string;
  /** The endpoint that creates the key ("/api/api-keys"). */
  path: P;
  form: UseFormReturnType<NewKeyBody<P>>;
  keyLabel?: string;
  keyTestId: string;
  /** What to do with the new key. */
  afterKey: (created: CreatedKey) => ReactNode;
  /** Fields after the name. */
  fields?: ReactNode;
  onClose: () => void;
}) {
  const { created, formError, submit, submitting } = useCreateKey(path, form);
  const createdKey = created?.key ?? null;
  return (
    <Modal
      opened
      onClose={onClose}
      title={
        createdKey
          ? `${noun.charAt(0).toUpperCase()}${noun.slice(1)} “${created?.name ?? ""}” created`
          : `New ${noun}`
      }
      size="lg"
      closeOnClickOutside={!createdKey}
    >
      {createdKey ? (
        <Stack>
          <Alert color="yellow" icon={<IconAlertTriangle size={18} />} title="Copy the key now">
            This is the only time Lockstep shows the full key: it is stored scrambled and cannot be shown
            again. If you lose it, revoke it and create a new one.
          </Alert>
          <Stack gap={4}>
            {keyLabel && (
              <Text size="sm" fw={600}>
                {keyLabel}
              </Text>
            )}
            <CopyField value={createdKey} what="key" testId={keyTestId} />
          </Stack>
          {created && afterKey(created)}
          <Group justify="flex-end">
            <Button onClick={onClose}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form noValidate onSubmit={submit}>
          <Stack>
            {formError && (
              <Alert color="red" role="alert">
                {formError}
              </Alert>
            )}
            <TextInput
              label="Key name"
              description={nameHint}
              required
              data-autofocus
              {...form.getInputProps("name")}
            />
            {fields}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={submitting}>
                Create {noun}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

/** "New API key" / "New write key": for admins; others see why not. */
export function NewKeyButton({ noun, onClick }: { noun: string; onClick: () => void }) {
  const { isAdmin, adminOnlyHint } = usePermissions();
  return (
    <GuardedButton
      allowed={isAdmin}
      hint={adminOnlyHint}
      leftSection={<IconPlus size={16} />}
      onClick={onClick}
    >
      New {noun}
    </GuardedButton>
  );
}

export function KeyStatus({ revokedAt }: { revokedAt: string | null }) {
  return revokedAt ? (
    <Tooltip label={`Revoked ${formatDateTime(revokedAt)}`}>
      <Badge color="gray" variant="light">
        Revoked
      </Badge>
    </Tooltip>
  ) : (
    <Badge color="green" variant="light">
      Active
    </Badge>
  );
}

export function RevokeKeyButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Tooltip label="Revoke this key">
      <ActionIcon variant="subtle" color="red" aria-label={label} onClick={onClick}>
        <IconX size={16} />
      </ActionIcon>
    </Tooltip>
  );
}

export function RevokeKeyModal({
  title,
  children,
  opened,
  loading,
  onCancel,
  onConfirm,
}: {
  title: string;
  children: ReactNode;
  opened: boolean;
  loading: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onCancel} title={title}>
      <Stack>
        <Text size="sm">{children}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button color="red" loading={loading} onClick={onConfirm}>
            Revoke key
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The keys of one kind: loading, error, empty, a row per key, and revoking one after a warning. */
export function KeyList({
  adminNotice,
  noun,
  list,
  rowTestId,
  empty,
  extraColumn,
  revokeWarning,
  minWidth,
}: {
  /** Shown instead of the list to members who are not admins: why only admins manage these keys. */
  adminNotice: { title: string; text: ReactNode };
  /** "API key", "write key". */
  noun: string;
  list: ReturnType<typeof useKeys>;
  rowTestId: string;
  empty: { title: string; description: string };
  /** A column after the name, e.g. what the key may do. */
  extraColumn?: { header: string; cell: (key: ApiKey) => ReactNode };
  /** What revoking stops, in the confirmation. */
  revokeWarning: ReactNode;
  minWidth: number;
}) {
  const { isAdmin } = usePermissions();
  const { keys, items, revoke, revoking, setRevoking } = list;
  if (!isAdmin)
    return (
      <Alert color="gray" title={adminNotice.title}>
        {adminNotice.text}
      </Alert>
    );
  const revokeModal = (
    <RevokeKeyModal
      opened={revoking !== null}
      title={`Revoke ${noun} “${revoking?.name ?? ""}”?`}
      loading={revoke.isPending}
      onCancel={() => setRevoking(null)}
      onConfirm={() => revoking && revoke.mutate(revoking.id)}
    >
      {revokeWarning}
    </RevokeKeyModal>
  );
  if (keys.isPending) return <TableSkeleton rows={3} />;
  if (keys.isError)
    return (
      <ErrorAlert
        error={keys.error}
        onRetry={() => keys.refetch()}
        title={`${plural(capitalise(noun))} could not be loaded`}
      />
    );
  if (items.length === 0) return <EmptyBlock icon={<IconKey size={28} />} {...empty} />;
  return (
    <>
      <DataTable minWidth={minWidth}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            {extraColumn && <Table.Th>{extraColumn.header}</Table.Th>}
            <Table.Th>Key</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th>Last used</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th aria-label="Actions" />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((k) => (
            <Table.Tr key={k.id} data-testid={rowTestId} c={k.revokedAt ? "dimmed" : undefined}>
              <Table.Td fw={500}>{k.name}</Table.Td>
              {extraColumn && <Table.Td maw={360}>{extraColumn.cell(k)}</Table.Td>}
              <Table.Td>
                <Code>{k.prefix}…</Code>
              </Table.Td>
              <Table.Td>{formatDate(k.createdAt)}</Table.Td>
              <Table.Td>
                {k.lastUsedAt ? (
                  <Tooltip label={formatDateTime(k.lastUsedAt)}>
                    <span>{fromNow(k.lastUsedAt)}</span>
                  </Tooltip>
                ) : (
                  "never"
                )}
              </Table.Td>
              <Table.Td>
                <KeyStatus revokedAt={k.revokedAt} />
              </Table.Td>
              <Table.Td>
                {!k.revokedAt && (
                  <RevokeKeyButton label={`Revoke ${noun} ${k.name}`} onClick={() => setRevoking(k)} />
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </DataTable>
      {revokeModal}
    </>
  );
}

const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
