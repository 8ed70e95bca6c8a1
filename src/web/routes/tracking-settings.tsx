// Settings → Tracking: write keys (admins), the snippet to install, and how tracked event names become
// touch types (leads and admins change it; everyone reads it).
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  List,
  Modal,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconCheck, IconCopy, IconKey, IconPlus, IconRoute } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { MARKETING_TOUCH_TYPES, SALES_TOUCH_TYPES } from "../../shared/domain";
import { createApiKeySchema, updateEventMappingSchema } from "../../shared/tracking";
import { KeyStatus, RevokeKeyButton, RevokeKeyModal } from "../features/api-keys/key-parts";
import { DataTable } from "../features/common/list";
import { PageHeader } from "../features/common/page-header";
import { EmptyBlock, ErrorAlert, TableSkeleton } from "../features/common/query-states";
import { GuardedButton } from "../features/common/record-actions";
import { usePermissions } from "../features/session/session";
import { api, errorMessage } from "../lib/api";
import { formatDate, fromNow, label, TOUCH_TYPE_LABELS } from "../lib/format";
import { applyApiError, zodErrors } from "../lib/forms";

interface WriteKey {
  id: string;
  name: string;
  kind: "ingest";
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
interface CreatedWriteKey extends WriteKey {
  key: string;
}
interface EventMapping {
  eventName: string;
  touchType: string;
  isDefault: boolean;
}

const WRITE_KEYS_KEY = ["write-keys"];
const EVENT_MAPPING_KEY = ["event-mapping"];
const KEY_PLACEHOLDER = "YOUR_WRITE_KEY";

function origin(): string {
  return window.location.origin;
}

export function snippetFor(key: string): string {
  return `<script async src="${origin()}/t.js" data-write-key="${key}"></script>`;
}

/** Touch types for a Select, grouped by the team whose touch it is. */
const TOUCH_TYPE_OPTIONS = [
  {
    group: "Marketing",
    items: MARKETING_TOUCH_TYPES.map((value) => ({ value, label: label(TOUCH_TYPE_LABELS, value) })),
  },
  {
    group: "Sales",
    items: SALES_TOUCH_TYPES.map((value) => ({ value, label: label(TOUCH_TYPE_LABELS, value) })),
  },
];

function Section({
  title,
  description,
  actions,
  children,
  testId,
}: {
  title: string;
  description: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  testId: string;
}) {
  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-label={title} data-testid={testId}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
          <Stack gap={4} style={{ flex: 1, minWidth: 260 }}>
            <Title order={3}>{title}</Title>
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          </Stack>
          {actions}
        </Group>
        {children}
      </Stack>
    </Paper>
  );
}

function CopyField({ value, what, testId }: { value: string; what: string; testId: string }) {
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

export function TrackingSettingsPage() {
  return (
    <>
      <PageHeader
        title="Tracking"
        description="Bring your website's and tools' engagement into Lockstep as it happens. Every visit, form and tracked event becomes a touch on the contact's timeline, where both teams see it and lead scores use it."
      />
      <Stack gap="lg">
        <WriteKeysSection />
        <InstallSection />
        <EventMappingSection />
      </Stack>
    </>
  );
}

// ---- Write keys ----

function WriteKeysSection() {
  const { isAdmin, adminOnlyHint } = usePermissions();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<WriteKey | null>(null);
  const keys = useQuery({
    queryKey: WRITE_KEYS_KEY,
    queryFn: ({ signal }) => api.get<{ items: WriteKey[] }>("/api/write-keys", undefined, signal),
    enabled: isAdmin,
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.delete<WriteKey>(`/api/write-keys/${id}`),
    onSuccess: (key) => {
      setRevoking(null);
      notifications.show({
        color: "green",
        message: `Write key “${key.name}” revoked. Anything still sending with it is now refused.`,
      });
      void queryClient.invalidateQueries({ queryKey: WRITE_KEYS_KEY });
    },
    onError: (error) =>
      notifications.show({ color: "red", title: "Not revoked", message: errorMessage(error) }),
  });
  const newButton = (
    <GuardedButton
      allowed={isAdmin}
      hint={adminOnlyHint}
      leftSection={<IconPlus size={16} />}
      onClick={() => setCreating(true)}
    >
      New write key
    </GuardedButton>
  );
  const items = keys.data?.items ?? [];

  return (
    <Section
      title="Write keys"
      testId="write-keys"
      description="A write key lets your website, app or Segment/RudderStack send engagement to this workspace. Make one per site or tool, so you can turn one off without touching the others."
      actions={newButton}
    >
      {!isAdmin ? (
        <Alert color="gray" title="Only admins manage write keys">
          Write keys let outside systems add data to your workspace, so only admins can see, create and revoke
          them. Ask an admin for a key when you install the snippet.
        </Alert>
      ) : keys.isPending ? (
        <TableSkeleton rows={2} />
      ) : keys.isError ? (
        <ErrorAlert
          error={keys.error}
          onRetry={() => keys.refetch()}
          title="Write keys could not be loaded"
        />
      ) : items.length === 0 ? (
        <EmptyBlock
          icon={<IconKey size={28} />}
          title="No write keys yet"
          description="Create one to install the snippet on your website or to connect Segment or RudderStack."
        />
      ) : (
        <DataTable minWidth={720}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Key</Table.Th>
              <Table.Th>Created</Table.Th>
              <Table.Th>Last used</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th aria-label="Actions" />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((k) => (
              <Table.Tr key={k.id} data-testid="write-key-row">
                <Table.Td fw={500}>{k.name}</Table.Td>
                <Table.Td>
                  <Code>{k.prefix}…</Code>
                </Table.Td>
                <Table.Td>{formatDate(k.createdAt)}</Table.Td>
                <Table.Td>{k.lastUsedAt ? fromNow(k.lastUsedAt) : "never"}</Table.Td>
                <Table.Td>
                  <KeyStatus revokedAt={k.revokedAt} />
                </Table.Td>
                <Table.Td>
                  {!k.revokedAt && (
                    <RevokeKeyButton label={`Revoke write key ${k.name}`} onClick={() => setRevoking(k)} />
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </DataTable>
      )}
      {creating && <NewWriteKeyModal onClose={() => setCreating(false)} />}
      <RevokeKeyModal
        opened={revoking !== null}
        title={`Revoke write key “${revoking?.name ?? ""}”?`}
        loading={revoke.isPending}
        onCancel={() => setRevoking(null)}
        onConfirm={() => revoking && revoke.mutate(revoking.id)}
      >
        Websites and tools sending with this key stop being accepted within 30 seconds. Touches already
        received stay in Lockstep. A revoked key cannot be turned back on: create a new one to replace it.
      </RevokeKeyModal>
    </Section>
  );
}

function NewWriteKeyModal({ onClose }: { onClose: () => void }) {
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<CreatedWriteKey | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { name: "" },
    validate: (values) => zodErrors(createApiKeySchema, values),
  });
  const create = useMutation({
    mutationFn: (values: { name: string }) => api.post<CreatedWriteKey>("/api/write-keys", values),
    onSuccess: (key) => {
      setCreated(key);
      void queryClient.invalidateQueries({ queryKey: WRITE_KEYS_KEY });
    },
    onError: (error) => setFormError(applyApiError(form, error)),
  });

  return (
    <Modal
      opened
      onClose={onClose}
      title={created ? `Write key “${created.name}” created` : "New write key"}
      size="lg"
      closeOnClickOutside={!created}
    >
      {created ? (
        <Stack>
          <Alert color="yellow" icon={<IconAlertTriangle size={18} />} title="Copy the key now">
            This is the only time Lockstep shows the full key: it is stored scrambled and cannot be shown
            again. If you lose it, revoke it and create a new one.
          </Alert>
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              Write key
            </Text>
            <CopyField value={created.key} what="key" testId="new-write-key" />
          </Stack>
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              Snippet for your website
            </Text>
            <Text size="sm" c="dimmed">
              Paste it into the &lt;head&gt; of every page, or add it in your tag manager. It already contains
              this key.
            </Text>
            <CopyField value={snippetFor(created.key)} what="snippet" testId="new-write-key-snippet" />
          </Stack>
          <SegmentHint writeKey={created.key} />
          <Group justify="flex-end">
            <Button onClick={onClose}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form
          noValidate
          onSubmit={form.onSubmit((values) => {
            setFormError(null);
            create.mutate(values);
          })}
        >
          <Stack>
            {formError && (
              <Alert color="red" role="alert">
                {formError}
              </Alert>
            )}
            <TextInput
              label="Key name"
              description="Where it will be used, e.g. “Website” or “Product app (Segment)”"
              required
              data-autofocus
              {...form.getInputProps("name")}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending}>
                Create write key
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

function SegmentHint({ writeKey }: { writeKey: string }) {
  return (
    <Alert color="indigo" variant="light" title="Already using Segment or RudderStack?">
      <Stack gap={6}>
        <Text size="sm">
          Keep your existing tracking. Ask your developer to point the client's host (Segment's{" "}
          <Code>host</Code>, RudderStack's data plane URL) at <Code>{origin()}</Code> and to use this key as
          the write key. Lockstep understands the same identify, track, page and group calls.
        </Text>
        <Text size="xs" c="dimmed">
          For your developer, with Segment's Node.js client:
        </Text>
        <Code block style={{ whiteSpace: "pre-wrap", wordBreak: "break-all" }}>
          {`new Analytics({ writeKey: "${writeKey}", host: "${origin()}" })`}
        </Code>
      </Stack>
    </Alert>
  );
}

// ---- Install ----

function InstallSection() {
  return (
    <Section
      title="Install the snippet"
      testId="install-snippet"
      description="For a website with no tracking yet: one line in the page, no developer work beyond pasting it."
    >
      <List size="sm" spacing={4}>
        <List.Item>
          Every page visit is recorded as a <strong>page view</strong>, with the campaign from the link's{" "}
          <Code>utm_campaign</Code>.
        </List.Item>
        <List.Item>
          A form with an email field, when sent, creates or updates the <strong>contact</strong> and adds a{" "}
          <strong>Form submitted</strong> touch. The visits they made before, while still anonymous, are added
          to their timeline.
        </List.Item>
      </List>
      <Stack gap={4}>
        <Text size="sm" fw={600}>
          Snippet
        </Text>
        <Text size="sm" c="dimmed">
          Paste it into the &lt;head&gt; of every page and replace <Code>{KEY_PLACEHOLDER}</Code> with a write
          key (creating a key gives you the snippet with the key already filled in).
        </Text>
        <CopyField value={snippetFor(KEY_PLACEHOLDER)} what="snippet" testId="snippet-template" />
      </Stack>
      <Text size="sm" c="dimmed">
        Developers sending events from a server or app can use the Segment-compatible API at{" "}
        <Code>{origin()}/v1</Code>; see the{" "}
        <Anchor href="/api/docs" target="_blank" rel="noreferrer">
          API docs
        </Anchor>
        .
      </Text>
    </Section>
  );
}

// ---- Event mapping ----

function EventMappingSection() {
  const { isLeadOrAdmin, leadOnlyHint } = usePermissions();
  const queryClient = useQueryClient();
  const mapping = useQuery({
    queryKey: EVENT_MAPPING_KEY,
    queryFn: ({ signal }) => api.get<{ items: EventMapping[] }>("/api/event-mapping", undefined, signal),
  });
  const save = useMutation({
    mutationFn: (row: { eventName: string; touchType: string }) =>
      api.put<EventMapping>("/api/event-mapping", row),
    onSuccess: (row) => {
      notifications.show({
        color: "green",
        message: `“${row.eventName}” now becomes a ${label(TOUCH_TYPE_LABELS, row.touchType)} touch.`,
      });
      void queryClient.invalidateQueries({ queryKey: EVENT_MAPPING_KEY });
    },
    onError: (error) =>
      notifications.show({ color: "red", title: "Mapping not saved", message: errorMessage(error) }),
  });
  const items = [...(mapping.data?.items ?? [])].sort((a, b) => a.eventName.localeCompare(b.eventName));

  return (
    <Section
      title="Event mapping"
      testId="event-mapping"
      description={
        <>
          Decides which kind of touch each tracked event becomes, so scores, reports and attribution count it
          right. Events not listed here are still kept, as <strong>Other activity</strong> touches with their
          event name.
        </>
      }
    >
      {!isLeadOrAdmin && (
        <Alert color="gray" title="Read only">
          Team leads and admins can change the mapping, because it changes how both teams' numbers are
          counted.
        </Alert>
      )}
      {mapping.isPending ? (
        <TableSkeleton rows={5} />
      ) : mapping.isError ? (
        <ErrorAlert
          error={mapping.error}
          onRetry={() => mapping.refetch()}
          title="The event mapping could not be loaded"
        />
      ) : items.length === 0 ? (
        <EmptyBlock
          icon={<IconRoute size={28} />}
          title="No events mapped"
          description="Every tracked event is kept as an Other activity touch until you map it."
        />
      ) : (
        <DataTable minWidth={560}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Event name</Table.Th>
              <Table.Th>Becomes this touch</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((row) => (
              <Table.Tr key={row.eventName} data-testid="event-mapping-row">
                <Table.Td>
                  <Group gap="xs">
                    <Text size="sm" fw={500}>
                      {row.eventName}
                    </Text>
                    {row.isDefault && (
                      <Tooltip label="Lockstep's standard mapping for this event">
                        <Badge color="gray" variant="light" size="sm">
                          default
                        </Badge>
                      </Tooltip>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  {isLeadOrAdmin ? (
                    <Select
                      aria-label={`Touch type for ${row.eventName}`}
                      data={TOUCH_TYPE_OPTIONS}
                      value={row.touchType}
                      allowDeselect={false}
                      maw={260}
                      size="sm"
                      disabled={save.isPending && save.variables?.eventName === row.eventName}
                      onChange={(value) => {
                        if (value && value !== row.touchType)
                          save.mutate({ eventName: row.eventName, touchType: value });
                      }}
                    />
                  ) : (
                    <Text size="sm">{label(TOUCH_TYPE_LABELS, row.touchType)}</Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </DataTable>
      )}
      <AddMappingForm allowed={isLeadOrAdmin} hint={leadOnlyHint} />
    </Section>
  );
}

function AddMappingForm({ allowed, hint }: { allowed: boolean; hint: string }) {
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { eventName: "", touchType: "" },
    validate: (values) => {
      const errors = zodErrors(updateEventMappingSchema, values);
      if (errors.touchType) errors.touchType = "Choose what the event counts as";
      return errors;
    },
  });
  const add = useMutation({
    mutationFn: (values: { eventName: string; touchType: string }) =>
      api.put<EventMapping>("/api/event-mapping", values),
    onSuccess: (row) => {
      notifications.show({
        color: "green",
        message: `“${row.eventName}” now becomes a ${label(TOUCH_TYPE_LABELS, row.touchType)} touch.`,
      });
      form.reset();
      void queryClient.invalidateQueries({ queryKey: EVENT_MAPPING_KEY });
    },
    onError: (error) => {
      const message = applyApiError(form, error);
      if (message) notifications.show({ color: "red", title: "Mapping not saved", message });
    },
  });

  return (
    <form
      noValidate
      aria-label="Add a mapping"
      onSubmit={form.onSubmit((values) => add.mutate({ ...values, eventName: values.eventName.trim() }))}
    >
      <Stack gap="xs">
        <Text size="sm" fw={600}>
          Add a mapping
        </Text>
        <Group align="flex-start" gap="sm" wrap="wrap">
          <TextInput
            label="Event name"
            placeholder="e.g. Trial Started"
            description="Exactly as your site or tool sends it"
            w={280}
            disabled={!allowed}
            {...form.getInputProps("eventName")}
          />
          <Select
            label="Touch type"
            placeholder="Choose a touch type"
            description="What the event counts as"
            data={TOUCH_TYPE_OPTIONS}
            w={260}
            disabled={!allowed}
            {...form.getInputProps("touchType")}
          />
          <GuardedButton
            allowed={allowed}
            hint={hint}
            type="submit"
            mt={45}
            leftSection={<IconPlus size={16} />}
            loading={add.isPending}
          >
            Add mapping
          </GuardedButton>
        </Group>
      </Stack>
    </form>
  );
}
