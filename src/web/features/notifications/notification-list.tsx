// One notification in the inbox: unread ones stand out; clicking marks it read and opens what it is about.
import { Badge, Box, Group, Stack, Text, ThemeIcon, Tooltip, UnstyledButton } from "@mantine/core";
import {
  IconAlarm,
  IconAlertTriangle,
  IconArrowsExchange,
  IconBell,
  IconClockExclamation,
  IconStack2,
  IconUserPlus,
  IconWebhook,
} from "@tabler/icons-react";
import type { ReactNode } from "react";
import type { Notification } from "../../../shared/notifications";
import { formatDateTime, fromNow } from "../../lib/format";
import { KIND_COLORS, kindLabel } from "./notifications-api";

const KIND_ICONS: Record<string, ReactNode> = {
  "mql.assigned": <IconUserPlus size={18} />,
  "lead.reassigned": <IconArrowsExchange size={18} />,
  "lead.queued": <IconStack2 size={18} />,
  "sla.warning": <IconClockExclamation size={18} />,
  "sla.breached": <IconAlarm size={18} />,
  "sla.escalated": <IconAlertTriangle size={18} />,
  "webhook.test": <IconWebhook size={18} />,
};

export function NotificationRow({
  notification: n,
  onOpen,
}: {
  notification: Notification;
  onOpen: (n: Notification) => void;
}) {
  const unread = n.readAt === null;
  const color = KIND_COLORS[n.kind] ?? "gray";
  return (
    <UnstyledButton
      onClick={() => onOpen(n)}
      data-testid="notification-row"
      data-unread={unread ? "true" : "false"}
      aria-label={`${unread ? "Unread: " : ""}${n.title}`}
      w="100%"
      px="md"
      py="sm"
      bg={unread ? "indigo.0" : undefined}
      style={{
        borderLeft: `4px solid ${unread ? "var(--mantine-color-indigo-6)" : "transparent"}`,
        borderBottom: "1px solid var(--mantine-color-gray-2)",
      }}
    >
      <Group wrap="nowrap" align="flex-start" gap="md">
        <ThemeIcon variant="light" color={color} radius="xl" size="lg">
          {KIND_ICONS[n.kind] ?? <IconBell size={18} />}
        </ThemeIcon>
        <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
          <Group gap="xs" wrap="wrap">
            <Text size="sm" fw={unread ? 700 : 500} c={unread ? undefined : "dark.3"}>
              {n.title}
            </Text>
            <Badge size="xs" variant="light" color={color}>
              {kindLabel(n.kind)}
            </Badge>
          </Group>
          {n.body && (
            <Text size="sm" c="dimmed" lineClamp={2}>
              {n.body}
            </Text>
          )}
          {n.link && (
            <Text size="xs" c="indigo.7">
              Open →
            </Text>
          )}
        </Stack>
        <Stack gap={4} align="flex-end" style={{ flexShrink: 0 }}>
          <Tooltip label={formatDateTime(n.createdAt)}>
            <Text size="xs" c="dimmed">
              {fromNow(n.createdAt)}
            </Text>
          </Tooltip>
          {unread && (
            <Box
              aria-hidden
              w={10}
              h={10}
              bg="indigo.6"
              style={{ borderRadius: "50%" }}
              title="Unread"
              data-testid="unread-dot"
            />
          )}
        </Stack>
      </Group>
    </UnstyledButton>
  );
}
