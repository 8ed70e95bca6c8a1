// The routing queue, for sales leads and admins: MQLs nobody owns yet (no pod covers them, or every rep of
// the pod is at capacity), oldest first, with the reason, and a way to give each one to a rep by hand.
import { Alert, Anchor, Button, Group, Paper, Select, Stack, Table, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconRoute } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "react-router";
import { errorMessage } from "../../lib/api";
import { fromNow } from "../../lib/format";
import { useMembers } from "../common/records";
import { type RoutingQueueItem, useAssignLead, useRoutingQueue } from "./clocks-api";

export function RoutingQueue() {
  const queue = useRoutingQueue(true);
  if (!queue.data || queue.data.items.length === 0) return null;
  return (
    <Paper withBorder p="md" radius="md" mb="md" data-testid="routing-queue">
      <Stack gap="sm">
        <Group gap={8}>
          <IconRoute size={18} />
          <Text fw={600}>Waiting for an owner ({queue.data.items.length})</Text>
        </Group>
        <Alert color="yellow" variant="light" p="xs">
          Routing could not give these MQLs to a rep. Their SLA clocks have not started for a rep yet: the
          wait counts as system delay. Give each to a rep, or add reps or territories to a{" "}
          <Anchor component={Link} to="/pods" inherit>
            pod
          </Anchor>
          ; they are routed automatically as soon as a rep has room.
        </Alert>
        <Table verticalSpacing={6} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Lead</Table.Th>
              <Table.Th>MQL since</Table.Th>
              <Table.Th>Why it waits</Table.Th>
              <Table.Th>Give to</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {queue.data.items.map((item) => (
              <QueueRow key={item.contactId} item={item} />
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Paper>
  );
}

function QueueRow({ item }: { item: RoutingQueueItem }) {
  const { members } = useMembers();
  const [memberId, setMemberId] = useState<string | null>(null);
  const assign = useAssignLead();
  const reps = members.filter((m) => m.team === "sales");
  return (
    <Table.Tr>
      <Table.Td>
        <Anchor component={Link} to={`/contacts/${item.contactId}`} size="sm" fw={600}>
          {item.name || item.email || "(no name)"}
        </Anchor>
        {item.accountName && (
          <Text size="xs" c="dimmed">
            {item.accountName}
          </Text>
        )}
      </Table.Td>
      <Table.Td>{fromNow(item.mqlAt)}</Table.Td>
      <Table.Td>
        <Text size="xs">{item.reason}</Text>
      </Table.Td>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          <Select
            size="xs"
            w={180}
            placeholder="Choose a rep"
            aria-label={`Rep for ${item.name || item.email}`}
            data={reps.map((m) => ({ value: m.id, label: m.name }))}
            value={memberId}
            onChange={setMemberId}
            searchable
          />
          <Button
            size="xs"
            disabled={!memberId}
            loading={assign.isPending}
            onClick={() =>
              memberId &&
              assign.mutate(
                { contactId: item.contactId, memberId },
                {
                  onSuccess: (a) => notifications.show({ color: "green", message: a.reason }),
                  onError: (error) =>
                    notifications.show({ color: "red", title: "Not assigned", message: errorMessage(error) }),
                },
              )
            }
          >
            Assign
          </Button>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}
