// A webhook's delivery log: every call Lockstep made, whether it arrived, and why not.
import { Badge, Button, Center, Code, Table, Text, Tooltip } from "@mantine/core";
import { IconSend } from "@tabler/icons-react";
import type { Delivery } from "../../../shared/notifications";
import { formatDateTime, fromNow } from "../../lib/format";
import { DataTable } from "../common/list";
import { EmptyBlock, ErrorAlert, TableSkeleton } from "../common/query-states";
import { kindLabel, useDeliveries } from "./notifications-api";

function DeliveryStatus({ d }: { d: Delivery }) {
  if (d.status === "sent")
    return (
      <Tooltip label={`Arrived ${formatDateTime(d.deliveredAt)}`}>
        <Badge color="green" variant="light">
          Sent
        </Badge>
      </Tooltip>
    );
  if (d.status === "failed")
    return (
      <Badge color="red" variant="light">
        Failed
      </Badge>
    );
  if (d.attempts === 0)
    return (
      <Badge color="blue" variant="light">
        Sending…
      </Badge>
    );
  return (
    <Tooltip label={`Next try ${formatDateTime(d.nextAttemptAt)}`}>
      <Badge color="yellow" variant="light">
        Retrying {fromNow(d.nextAttemptAt)}
      </Badge>
    </Tooltip>
  );
}

export function DeliveryLog({ webhookId }: { webhookId: string }) {
  const log = useDeliveries(webhookId);
  if (log.isPending) return <TableSkeleton rows={2} />;
  if (log.isError)
    return (
      <ErrorAlert
        error={log.error}
        onRetry={() => log.refetch()}
        title="The delivery log could not be loaded"
      />
    );
  if (log.items.length === 0)
    return (
      <EmptyBlock
        icon={<IconSend size={28} />}
        title="Nothing sent yet"
        description="Every call to this webhook shows up here with its result. Send a test to try it."
      />
    );
  return (
    <>
      <DataTable minWidth={760}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>Event</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Attempts</Table.Th>
            <Table.Th>Response</Table.Th>
            <Table.Th>Last error</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {log.items.map((d) => (
            <Table.Tr key={d.id} data-testid="delivery-row" data-status={d.status}>
              <Table.Td>
                <Tooltip label={formatDateTime(d.createdAt)}>
                  <Text size="sm">{fromNow(d.createdAt)}</Text>
                </Tooltip>
              </Table.Td>
              <Table.Td>{kindLabel(d.kind)}</Table.Td>
              <Table.Td>
                <DeliveryStatus d={d} />
              </Table.Td>
              <Table.Td data-testid="delivery-attempts">{d.attempts}</Table.Td>
              <Table.Td data-testid="delivery-response">
                {d.responseStatus === null ? (
                  "—"
                ) : (
                  <Code color={d.responseStatus < 300 ? "green.1" : "red.1"}>{d.responseStatus}</Code>
                )}
              </Table.Td>
              <Table.Td>
                {d.lastError ? (
                  <Text
                    size="xs"
                    c={d.status === "sent" ? "dimmed" : "red.8"}
                    lineClamp={2}
                    title={d.lastError}
                  >
                    {d.status === "sent" ? `Earlier try: ${d.lastError}` : d.lastError}
                  </Text>
                ) : (
                  <Text size="xs" c="dimmed">
                    —
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </DataTable>
      {log.hasNextPage && (
        <Center>
          <Button
            variant="default"
            size="xs"
            loading={log.isFetchingNextPage}
            onClick={() => log.fetchNextPage()}
          >
            Older deliveries
          </Button>
        </Center>
      )}
    </>
  );
}
