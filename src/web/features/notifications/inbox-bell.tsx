// The bell in the header: how many notifications wait for you, one click to the inbox.
import { ActionIcon, Indicator, Tooltip } from "@mantine/core";
import { IconBell } from "@tabler/icons-react";
import { Link } from "react-router";
import { useUnreadCount } from "./notifications-api";

export function InboxBell() {
  const count = useUnreadCount();
  const unread = count.data?.unread ?? 0;
  const label = unread === 0 ? "Inbox: nothing new" : `Inbox: ${unread} unread`;
  return (
    <Tooltip label={label}>
      <Indicator
        label={unread > 99 ? "99+" : unread}
        size={18}
        offset={4}
        color="red"
        disabled={unread === 0}
        data-testid="inbox-bell"
      >
        <ActionIcon component={Link} to="/inbox" variant="subtle" color="gray" size="lg" aria-label={label}>
          <IconBell size={20} />
        </ActionIcon>
      </Indicator>
    </Tooltip>
  );
}
