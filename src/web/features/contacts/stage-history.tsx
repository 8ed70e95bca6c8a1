import { Group, Text, Timeline, Tooltip } from "@mantine/core";
import { IconArrowRight } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { client, ok } from "../../lib/api";
import { CAUSE_LABELS, formatDateTime, fromNow, label, STAGE_COLORS } from "../../lib/format";
import { StageBadge } from "../common/badges";
import { EmptyBlock, ErrorAlert, TableSkeleton } from "../common/query-states";

/** Every lifecycle stage change with its time and cause, oldest first. */
export function StageHistory({ contactId }: { contactId: string }) {
  const query = useQuery({
    queryKey: ["contacts", "stage-history", contactId],
    queryFn: ({ signal }) =>
      ok(client.GET("/api/contacts/{id}/stage-history", { params: { path: { id: contactId } }, signal })),
  });
  if (query.isPending) return <TableSkeleton rows={3} />;
  if (query.isError) return <ErrorAlert error={query.error} onRetry={() => query.refetch()} />;
  const changes = query.data.items;
  if (changes.length === 0) return <EmptyBlock title="No stage changes recorded yet" />;
  return (
    <Timeline active={changes.length - 1} bulletSize={14} lineWidth={2} aria-label="Stage history">
      {changes.map((c) => (
        <Timeline.Item
          key={c.id}
          color={STAGE_COLORS[c.toStage] ?? "gray"}
          data-testid="stage-change"
          title={
            <Group gap={6} wrap="wrap">
              {c.fromStage ? (
                <>
                  <StageBadge value={c.fromStage} size="sm" />
                  <IconArrowRight size={14} aria-label="to" />
                </>
              ) : (
                <Text size="xs" c="dimmed">
                  Created as
                </Text>
              )}
              <StageBadge value={c.toStage} size="sm" />
            </Group>
          }
        >
          <Text size="xs" c="dimmed">
            <Tooltip label={formatDateTime(c.changedAt)}>
              <span>{fromNow(c.changedAt)}</span>
            </Tooltip>
            {" · "}
            {label(CAUSE_LABELS, c.cause)}
            {c.memberName ? ` (${c.memberName})` : ""}
          </Text>
          {c.causeDetail && (
            <Text size="xs" mt={2}>
              {c.causeDetail}
            </Text>
          )}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
