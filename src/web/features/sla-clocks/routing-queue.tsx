// The routing queue, for sales leads and admins: MQLs nobody owns yet (no pod covers them, or every rep of
// the pod is at capacity), oldest first, a page at a time with the total, with the reason, and a way to give
// each one, or every selected one at once, to a rep by hand.
import { Alert, Anchor, Button, Checkbox, Group, Paper, Select, Stack, Table, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconRoute } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "react-router";
import { errorMessage } from "../../lib/api";
import { formatNumber, fromNow } from "../../lib/format";
import { useMembers } from "../common/records";
import { type RoutingQueueItem, useAssignLead, useAssignLeads, useRoutingQueue } from "./clocks-api";

export function RoutingQueue() {
  const queue = useRoutingQueue(true);
  const [selected, setSelected] = useState<string[]>([]);
  const items = queue.data?.pages.flatMap((page) => page.items) ?? [];
  const total = queue.data?.pages[0]?.total ?? items.length;
  if (items.length === 0) return null;
  const allShown = items.every((item) => selected.includes(item.contactId));
  const toggle = (id: string) =>
    setSelected((current) => (current.includes(id) ? current.filter((x) => x !== id) : [...current, id]));
  return (
    <Paper withBorder p="md" radius="md" mb="md" data-testid="routing-queue">
      <Stack gap="sm">
        <Group gap={8}>
          <IconRoute size={18} />
          <Text fw={600}>Waiting for an owner ({formatNumber(total)})</Text>
        </Group>
        <Alert color="yellow" variant="light" p="xs">
          Routing could not give these MQLs to a rep. Their SLA clocks have not started for a rep yet: the
          wait counts as system delay. Give them to a rep, or add reps or territories to a{" "}
          <Anchor component={Link} to="/pods" inherit>
            pod
          </Anchor>
          ; they are routed automatically as soon as a rep has room.
        </Alert>
        <BulkAssign selected={selected} onDone={() => setSelected([])} />
        <Table verticalSpacing={6} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={36}>
                <Checkbox
                  aria-label="Select every lead shown"
                  checked={allShown}
                  indeterminate={!allShown && selected.length > 0}
                  onChange={() => setSelected(allShown ? [] : items.map((item) => item.contactId))}
                />
              </Table.Th>
              <Table.Th>Lead</Table.Th>
              <Table.Th>MQL since</Table.Th>
              <Table.Th>Why it waits</Table.Th>
              <Table.Th>Give to</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((item) => (
              <QueueRow
                key={item.contactId}
                item={item}
                selected={selected.includes(item.contactId)}
                onToggle={() => toggle(item.contactId)}
              />
            ))}
          </Table.Tbody>
        </Table>
        {queue.hasNextPage && (
          <Group justify="center" gap="sm">
            <Text size="sm" c="dimmed">
              {formatNumber(items.length)} of {formatNumber(total)} shown
            </Text>
            <Button
              variant="default"
              size="xs"
              loading={queue.isFetchingNextPage}
              onClick={() => queue.fetchNextPage()}
            >
              Load more
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

/** Gives every selected lead to one rep in one request. */
/** Gives every selected lead to one rep in one request. */
function BulkAssign({ selected, onDone }: { selected: string[]; onDone: () => void }) {
  const assign = useAssignLeads();
  if (selected.length === 0) return null;
  return (
    <Group gap="sm" data-testid="bulk-assign">
      <Text size="sm" fw={600}>
        {formatNumber(selected.length)} selected
      </Text>
      <RepPicker
        label="Rep for the selected leads"
        button="Assign selected"
        pending={assign.isPending}
        onAssign={(memberId, repName) =>
          assign.mutate(
            { contactIds: selected, memberId },
            {
              onSuccess: ({ assigned }) => {
                notifications.show({
                  color: "green",
                  message: `${formatNumber(assigned)} ${assigned === 1 ? "lead" : "leads"} given to ${repName}`,
                });
                onDone();
              },
              onError: notAssigned,
            },
          )
        }
      />
    </Group>
  );
}

const notAssigned = (error: unknown) =>
  notifications.show({ color: "red", title: "Not assigned", message: errorMessage(error) });

/** A sales rep to pick and the button that gives them the lead(s). */
function RepPicker({
  label,
  button,
  pending,
  onAssign,
}: {
  label: string;
  button: string;
  pending: boolean;
  onAssign: (memberId: string, repName: string) => void;
}) {
  const reps = useSalesReps();
  const [memberId, setMemberId] = useState<string | null>(null);
  return (
    <Group gap={6} wrap="nowrap">
      <Select
        size="xs"
        w={190}
        placeholder="Choose a rep"
        aria-label={label}
        data={reps}
        value={memberId}
        onChange={setMemberId}
        searchable
      />
      <Button
        size="xs"
        disabled={!memberId}
        loading={pending}
        onClick={() => memberId && onAssign(memberId, reps.find((r) => r.value === memberId)?.label ?? "")}
      >
        {button}
      </Button>
    </Group>
  );
}

function useSalesReps() {
  const { members } = useMembers();
  return members.filter((m) => m.team === "sales").map((m) => ({ value: m.id, label: m.name }));
}

function QueueRow({
  item,
  selected,
  onToggle,
}: {
  item: RoutingQueueItem;
  selected: boolean;
  onToggle: () => void;
}) {
  const assign = useAssignLead();
  return (
    <Table.Tr>
      <Table.Td>
        <Checkbox
          aria-label={`Select ${item.name || item.email || "this lead"}`}
          checked={selected}
          onChange={onToggle}
        />
      </Table.Td>
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
        <RepPicker
          label={`Rep for ${item.name || item.email}`}
          button="Assign"
          pending={assign.isPending}
          onAssign={(memberId) =>
            assign.mutate(
              { contactId: item.contactId, memberId },
              {
                onSuccess: (a) => notifications.show({ color: "green", message: a.reason }),
                onError: notAssigned,
              },
            )
          }
        />
      </Table.Td>
    </Table.Tr>
  );
}
