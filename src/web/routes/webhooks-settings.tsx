// Settings → Webhooks (admins): send Lockstep's alerts (MQLs assigned, SLA warnings and breaches...) to Slack
// or to any tool, check them with a test, and see every delivery with its result.
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  Paper,
  Stack,
  Switch,
  Text,
  Title,
  Tooltip,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import {
  IconBrandSlack,
  IconCheck,
  IconCode,
  IconCopy,
  IconEye,
  IconEyeOff,
  IconPencil,
  IconPlus,
  IconSend,
  IconTrash,
  IconWebhook,
} from "@tabler/icons-react";
import { useState } from "react";
import type { Webhook } from "../../shared/notifications";
import { PageHeader } from "../features/common/page-header";
import { EmptyBlock, ErrorAlert, TableSkeleton } from "../features/common/query-states";
import { DeliveryLog } from "../features/notifications/delivery-log";
import {
  kindLabel,
  useDeleteWebhook,
  useSendTest,
  useUpdateWebhook,
  useWebhooks,
} from "../features/notifications/notifications-api";
import { WebhookFormModal } from "../features/notifications/webhook-form";
import { usePermissions } from "../features/session/session";
import { errorMessage } from "../lib/api";

export function WebhooksSettingsPage() {
  const { isAdmin } = usePermissions();
  const hooks = useWebhooks(isAdmin);
  const [editing, setEditing] = useState<Webhook | "new" | null>(null);
  const items = hooks.data?.items ?? [];
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Send Lockstep's alerts to the tools your teams already watch: a Slack channel for SLA breaches, or your own systems for new MQL assignments. Every event also lands in the inbox of the people it concerns."
        actions={
          isAdmin && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing("new")}>
              Add webhook
            </Button>
          )
        }
      />
      {!isAdmin ? (
        <Alert color="gray" title="Only admins manage webhooks">
          Webhooks send your workspace's events to other systems, so only admins can see and change them. Your
          own alerts are always in your inbox (the bell at the top).
        </Alert>
      ) : hooks.isPending ? (
        <Paper withBorder p="lg" radius="md">
          <TableSkeleton rows={3} />
        </Paper>
      ) : hooks.isError ? (
        <ErrorAlert
          error={hooks.error}
          onRetry={() => hooks.refetch()}
          title="Webhooks could not be loaded"
        />
      ) : items.length === 0 ? (
        <Paper withBorder p="lg" radius="md">
          <EmptyBlock
            icon={<IconWebhook size={28} />}
            title="No webhooks yet"
            description="Add one to post SLA breaches to a Slack channel, or to send every event to your CRM, Zapier or your own service."
            action={
              <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing("new")}>
                Add webhook
              </Button>
            }
          />
        </Paper>
      ) : (
        <Stack gap="lg">
          {items.map((hook) => (
            <WebhookCard key={hook.id} hook={hook} onEdit={() => setEditing(hook)} />
          ))}
        </Stack>
      )}
      {editing && (
        <WebhookFormModal
          webhook={editing === "new" ? undefined : editing}
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}

function WebhookCard({ hook, onEdit }: { hook: Webhook; onEdit: () => void }) {
  const toggle = useUpdateWebhook(hook.id);
  const test = useSendTest(hook.id);
  const [deleting, setDeleting] = useState(false);
  const remove = useDeleteWebhook();
  const setActive = (active: boolean) =>
    toggle.mutate(
      { active },
      {
        onSuccess: () =>
          notifications.show({
            color: "green",
            message: active
              ? `“${hook.name}” is on.`
              : `“${hook.name}” is off: events are no longer sent to it.`,
          }),
        onError: (error) =>
          notifications.show({ color: "red", title: "Not changed", message: errorMessage(error) }),
      },
    );
  const sendTest = () =>
    test.mutate(undefined, {
      onSuccess: () =>
        notifications.show({
          color: "blue",
          message: `Test sent to “${hook.name}”. Its result appears in the delivery log below.`,
        }),
      onError: (error) =>
        notifications.show({ color: "red", title: "Test not sent", message: errorMessage(error) }),
    });

  return (
    <Paper
      withBorder
      p="lg"
      radius="md"
      component="section"
      aria-label={`Webhook ${hook.name}`}
      data-testid="webhook-card"
    >
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
          <Stack gap={4} style={{ flex: 1, minWidth: 260 }}>
            <Group gap="xs">
              <Title order={3}>{hook.name}</Title>
              <Badge
                variant="light"
                color={hook.format === "slack" ? "grape" : "blue"}
                leftSection={hook.format === "slack" ? <IconBrandSlack size={12} /> : <IconCode size={12} />}
              >
                {hook.format === "slack" ? "Slack" : "JSON"}
              </Badge>
              <Badge variant="light" color={hook.active ? "green" : "gray"} data-testid="webhook-status">
                {hook.active ? "On" : "Off"}
              </Badge>
            </Group>
            <Text size="sm" c="dimmed" style={{ wordBreak: "break-all" }}>
              {hook.url}
            </Text>
          </Stack>
          <Group gap="xs">
            <Switch
              label="On"
              checked={hook.active}
              disabled={toggle.isPending}
              onChange={(e) => setActive(e.currentTarget.checked)}
              aria-label={`Send events to ${hook.name}`}
            />
            <Button
              variant="light"
              leftSection={<IconSend size={16} />}
              onClick={sendTest}
              loading={test.isPending}
            >
              Send test
            </Button>
            <Button variant="default" leftSection={<IconPencil size={16} />} onClick={onEdit}>
              Edit
            </Button>
            <Tooltip label="Delete this webhook">
              <ActionIcon
                variant="subtle"
                color="red"
                size="lg"
                aria-label={`Delete webhook ${hook.name}`}
                onClick={() => setDeleting(true)}
              >
                <IconTrash size={18} />
              </ActionIcon>
            </Tooltip>
          </Group>
        </Group>

        <Group gap="xs">
          <Text size="sm" fw={600}>
            Sends:
          </Text>
          {hook.events.length === 0 ? (
            <Badge variant="outline" color="gray">
              All events
            </Badge>
          ) : (
            hook.events.map((kind) => (
              <Badge key={kind} variant="outline" color="gray">
                {kindLabel(kind)}
              </Badge>
            ))
          )}
        </Group>

        {hook.format === "json" && <SecretField secret={hook.secret} />}

        <Stack gap="xs">
          <Text size="sm" fw={600}>
            Delivery log
          </Text>
          <DeliveryLog webhookId={hook.id} />
        </Stack>
      </Stack>
      <Modal opened={deleting} onClose={() => setDeleting(false)} title={`Delete webhook “${hook.name}”?`}>
        <Stack>
          <Text size="sm">
            Lockstep stops sending events to <Code>{hook.url}</Code> at once, and its delivery log is deleted
            with it. To pause it instead, turn it off.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDeleting(false)}>
              Cancel
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              onClick={() =>
                remove.mutate(hook.id, {
                  onSuccess: () => {
                    setDeleting(false);
                    notifications.show({ color: "green", message: `Webhook “${hook.name}” deleted.` });
                  },
                  onError: (error) =>
                    notifications.show({ color: "red", title: "Not deleted", message: errorMessage(error) }),
                })
              }
            >
              Delete webhook
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}

function SecretField({ secret }: { secret: string }) {
  const [shown, setShown] = useState(false);
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        Signing secret
      </Text>
      <Text size="xs" c="dimmed">
        Give it to whoever builds the receiver: every call carries an <Code>X-Lockstep-Signature</Code> header
        made with it, so they can check the call really comes from Lockstep.
      </Text>
      <Group gap="xs" wrap="nowrap">
        <Code data-testid="webhook-secret" style={{ flex: 1, minWidth: 0, wordBreak: "break-all" }}>
          {shown ? secret : `${secret.slice(0, 10)}${"•".repeat(24)}`}
        </Code>
        <Button
          variant="default"
          size="xs"
          leftSection={shown ? <IconEyeOff size={14} /> : <IconEye size={14} />}
          onClick={() => setShown((s) => !s)}
        >
          {shown ? "Hide" : "Show"}
        </Button>
        <CopyButton value={secret}>
          {({ copied, copy }) => (
            <Button
              size="xs"
              variant={copied ? "filled" : "light"}
              color={copied ? "teal" : undefined}
              leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
              onClick={copy}
            >
              {copied ? "Copied" : "Copy secret"}
            </Button>
          )}
        </CopyButton>
      </Group>
    </Stack>
  );
}
