// Inbox: what Lockstep tells you personally (MQLs assigned to you, SLA warnings and breaches, leads moved
// between reps), newest first. Opening one marks it read and takes you to the lead.
import { Button, Center, Paper, SegmentedControl, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconBellCheck, IconChecks } from "@tabler/icons-react";
import { useNavigate } from "react-router";
import type { Notification } from "../../shared/notifications";
import { useUrlFilters } from "../features/common/list";
import { PageHeader } from "../features/common/page-header";
import { EmptyBlock, ErrorAlert, TableSkeleton } from "../features/common/query-states";
import { NotificationRow } from "../features/notifications/notification-list";
import {
  useInbox,
  useMarkAllRead,
  useMarkRead,
  useUnreadCount,
} from "../features/notifications/notifications-api";
import { errorMessage } from "../lib/api";

const KEYS = ["show"] as const;

export function InboxPage() {
  const [f, set] = useUrlFilters(KEYS, { show: "all" });
  const unreadOnly = f.show === "unread";
  const inbox = useInbox(unreadOnly);
  const count = useUnreadCount();
  const unread = count.data?.unread ?? 0;
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const navigate = useNavigate();

  const open = (n: Notification) => {
    if (n.readAt === null) markRead.mutate(n.id);
    if (n.link) navigate(n.link);
  };
  const readAll = () =>
    markAll.mutate(undefined, {
      onSuccess: ({ marked }) =>
        notifications.show({
          color: "green",
          message: marked === 1 ? "1 notification marked read." : `${marked} notifications marked read.`,
        }),
      onError: (error) =>
        notifications.show({ color: "red", title: "Not marked read", message: errorMessage(error) }),
    });

  return (
    <>
      <PageHeader
        title="Inbox"
        description="What needs your attention: MQLs assigned to you, SLA clocks about to run out or breached, leads moved between reps. Click one to open the lead."
        actions={
          <Button
            variant="default"
            leftSection={<IconChecks size={16} />}
            onClick={readAll}
            loading={markAll.isPending}
            disabled={unread === 0}
          >
            Mark all read
          </Button>
        }
      />
      <Stack gap="md">
        <SegmentedControl
          aria-label="Show"
          w="fit-content"
          value={unreadOnly ? "unread" : "all"}
          onChange={(value) => set({ show: value })}
          data={[
            { value: "all", label: "All" },
            { value: "unread", label: unread ? `Unread (${unread})` : "Unread" },
          ]}
        />
        <Paper withBorder radius="md" style={{ overflow: "hidden" }}>
          {inbox.isPending ? (
            <Stack p="md">
              <TableSkeleton rows={4} />
            </Stack>
          ) : inbox.isError ? (
            <Stack p="md">
              <ErrorAlert
                error={inbox.error}
                onRetry={() => inbox.refetch()}
                title="Your inbox could not be loaded"
              />
            </Stack>
          ) : inbox.items.length === 0 ? (
            <EmptyBlock
              icon={<IconBellCheck size={28} />}
              title={unreadOnly ? "You're all caught up" : "Your inbox is empty"}
              description={
                unreadOnly
                  ? "Nothing unread. New MQLs and SLA alerts will show up here."
                  : "When an MQL is assigned to you, an SLA clock on one of your leads is about to run out or is breached, or a lead is moved to you, you will find it here, and the bell at the top counts what is new."
              }
            />
          ) : (
            <ul aria-label="Notifications" style={{ listStyle: "none", margin: 0, padding: 0 }}>
              {inbox.items.map((n) => (
                <li key={n.id}>
                  <NotificationRow notification={n} onOpen={open} />
                </li>
              ))}
            </ul>
          )}
        </Paper>
        {inbox.items.length > 0 && (
          <Center>
            {inbox.hasNextPage ? (
              <Button
                variant="default"
                loading={inbox.isFetchingNextPage}
                onClick={() => inbox.fetchNextPage()}
              >
                Load more
              </Button>
            ) : (
              <Text size="sm" c="dimmed">
                That's everything.
              </Text>
            )}
          </Center>
        )}
      </Stack>
    </>
  );
}
