// The parts of Settings → Tracking: write keys (admins), the snippet to install, and how tracked event names
// become touch types (leads and admins change it; everyone reads it).
import {
  Alert,
  Anchor,
  Badge,
  Code,
  Group,
  List,
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
import { IconPlus, IconRoute } from "@tabler/icons-react";
import { type ReactNode, useState } from "react";
import { MARKETING_TOUCH_TYPES, SALES_TOUCH_TYPES, TOUCH_TYPES } from "../../../shared/domain";
import { createApiKeySchema, updateEventMappingSchema } from "../../../shared/tracking";
import { label, TOUCH_TYPE_LABELS } from "../../lib/format";
import { applyApiError, zodErrors } from "../../lib/forms";
import { CopyField, KeyList, NewKeyButton, NewKeyModal } from "../api-keys/key-parts";
import { DataTable } from "../common/list";
import { EmptyBlock, ErrorAlert, TableSkeleton } from "../common/query-states";
import { GuardedButton } from "../common/record-actions";
import { usePermissions } from "../session/session";
import { useEventMapping, useSaveEventMapping, useWriteKeys, WRITE_KEYS_PATH } from "./tracking-api";

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

// ---- Write keys ----

export function WriteKeysSection() {
  const { isAdmin } = usePermissions();
  const [creating, setCreating] = useState(false);
  const list = useWriteKeys(isAdmin);
  return (
    <Section
      title="Write keys"
      testId="write-keys"
      description="A write key lets your website, app or Segment/RudderStack send engagement to this workspace. Make one per site or tool, so you can turn one off without touching the others."
      actions={<NewKeyButton noun="write key" onClick={() => setCreating(true)} />}
    >
      <KeyList
        adminNotice={{
          title: "Only admins manage write keys",
          text: "Write keys let outside systems add data to your workspace, so only admins can see, create and revoke them. Ask an admin for a key when you install the snippet.",
        }}
        noun="write key"
        list={list}
        rowTestId="write-key-row"
        minWidth={720}
        empty={{
          title: "No write keys yet",
          description:
            "Create one to install the snippet on your website or to connect Segment or RudderStack.",
        }}
        revokeWarning="Websites and tools sending with this key stop being accepted within 30 seconds. Touches already received stay in Lockstep. A revoked key cannot be turned back on: create a new one to replace it."
      />
      {creating && <NewWriteKeyModal onClose={() => setCreating(false)} />}
    </Section>
  );
}

function NewWriteKeyModal({ onClose }: { onClose: () => void }) {
  const form = useForm({
    initialValues: { name: "" },
    validate: (values) => zodErrors(createApiKeySchema, values),
  });
  return (
    <NewKeyModal
      noun="write key"
      nameHint="Where it will be used, e.g. “Website” or “Product app (Segment)”"
      path={WRITE_KEYS_PATH}
      form={form}
      keyLabel="Write key"
      keyTestId="new-write-key"
      onClose={onClose}
      afterKey={(created) => (
        <>
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
        </>
      )}
    />
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

export function InstallSection() {
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

export function EventMappingSection() {
  const { isLeadOrAdmin, leadOnlyHint } = usePermissions();
  const mapping = useEventMapping();
  const save = useSaveEventMapping();
  const items = mapping.items;

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
                        const touchType = TOUCH_TYPES.find((type) => type === value);
                        if (touchType && touchType !== row.touchType)
                          save.mutate({ eventName: row.eventName, touchType });
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
  const form = useForm({
    initialValues: { eventName: "", touchType: "" },
    validate: (values) => {
      const errors = zodErrors(updateEventMappingSchema, values);
      if (errors.touchType) errors.touchType = "Choose what the event counts as";
      return errors;
    },
  });
  const add = useSaveEventMapping({
    onSaved: () => form.reset(),
    onError: (error) => {
      const message = applyApiError(form, error);
      if (message) notifications.show({ color: "red", title: "Mapping not saved", message });
    },
  });

  return (
    <form
      noValidate
      aria-label="Add a mapping"
      onSubmit={form.onSubmit((values) =>
        // Validation has passed, so parsing gives the checked mapping (a touch type, a trimmed name).
        add.mutate(updateEventMappingSchema.parse(values)),
      )}
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
