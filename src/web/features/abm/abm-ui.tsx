// Pieces the ABM pages share: stage and tier badges, and the task table both teams work from (complete, or
// skip with a reason), on a play's page and on an account's.
import { Anchor, Badge, Button, Group, Modal, Pagination, Stack, Table, Text, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { Link } from "react-router";
import {
  JOURNEY_STAGE_LABELS,
  PLAY_CHANNEL_LABELS,
  type PlayTask,
  TARGET_TIER_LABELS,
} from "../../../shared/abm";
import { errorMessage } from "../../lib/api";
import { formatDate, label, TEAM_LABELS } from "../../lib/format";
import { TeamBadge } from "../common/badges";
import { DataTable } from "../common/list";
import { EmptyBlock, ErrorAlert, TableSkeleton } from "../common/query-states";
import { type TaskQuery, useFinishTask, usePlayTasks } from "./abm-api";

const STAGE_COLORS: Record<string, string> = {
  target: "gray",
  aware: "blue",
  engaged: "cyan",
  mqa: "grape",
  opportunity: "orange",
  customer: "green",
};

export function JourneyStageBadge({ stage }: { stage: string | null }) {
  if (!stage) return <Text c="dimmed">Not scored</Text>;
  return (
    <Badge color={STAGE_COLORS[stage] ?? "gray"} variant="light" data-testid="journey-stage">
      {label(JOURNEY_STAGE_LABELS, stage)}
    </Badge>
  );
}

export function TierBadge({ tier }: { tier: string | null }) {
  if (!tier) return null;
  return (
    <Badge variant="outline" color="indigo">
      {label(TARGET_TIER_LABELS, tier)}
    </Badge>
  );
}

const TASK_STATUS: Record<string, { label: string; color: string }> = {
  open: { label: "To do", color: "blue" },
  overdue: { label: "Overdue", color: "red" },
  done: { label: "Done", color: "green" },
  skipped: { label: "Skipped", color: "gray" },
};

/** A page of play tasks (due date first) with the actions: done, or skip saying why. */
export function TaskTable({
  query,
  showAccount = true,
  showPlay = false,
  empty,
}: {
  query: Omit<TaskQuery, "offset" | "limit">;
  showAccount?: boolean;
  showPlay?: boolean;
  empty: { title: string; description: string };
}) {
  const limit = 25;
  const [page, setPage] = useState(1);
  const tasks = usePlayTasks({ ...query, offset: (page - 1) * limit, limit });
  const [skipping, setSkipping] = useState<PlayTask | null>(null);
  const finish = useFinishTask();
  const done = (task: PlayTask) =>
    finish.mutate(
      { id: task.id, skip: false, text: "" },
      {
        onSuccess: () =>
          notifications.show({ color: "green", message: `Done: ${task.title} (${task.accountName})` }),
        onError: (e) =>
          notifications.show({ color: "red", title: "Not marked done", message: errorMessage(e) }),
      },
    );
  if (tasks.isPending) return <TableSkeleton rows={3} />;
  if (tasks.isError) return <ErrorAlert error={tasks.error} onRetry={() => tasks.refetch()} />;
  if (tasks.data.total === 0) return <EmptyBlock title={empty.title} description={empty.description} />;
  return (
    <Stack gap="xs">
      <DataTable minWidth={760}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Due</Table.Th>
            <Table.Th>Step</Table.Th>
            {showAccount && <Table.Th>Account</Table.Th>}
            {showPlay && <Table.Th>Play</Table.Th>}
            <Table.Th>Owner</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tasks.data.items.map((task) => (
            <Table.Tr key={task.id} data-testid="play-task">
              <Table.Td>{formatDate(task.dueDate)}</Table.Td>
              <Table.Td>
                <Text size="sm" fw={600}>
                  {task.title}
                </Text>
                <Text size="xs" c="dimmed">
                  {label(PLAY_CHANNEL_LABELS, task.channel)}
                  {task.asset ? ` · ${task.asset}` : ""}
                </Text>
              </Table.Td>
              {showAccount && (
                <Table.Td>
                  <Anchor component={Link} to={`/accounts/${task.accountId}`} size="sm">
                    {task.accountName}
                  </Anchor>
                </Table.Td>
              )}
              {showPlay && (
                <Table.Td>
                  <Anchor component={Link} to={`/plays/${task.playId}`} size="sm">
                    {task.playName}
                  </Anchor>
                </Table.Td>
              )}
              <Table.Td>
                <Text size="sm">
                  {task.ownerName ?? `Anyone in ${label(TEAM_LABELS, task.ownerTeam).toLowerCase()}`}
                </Text>
                <TeamBadge value={task.ownerTeam} size="xs" />
              </Table.Td>
              <Table.Td>
                <Badge color={TASK_STATUS[task.status].color} variant="light">
                  {TASK_STATUS[task.status].label}
                </Badge>
                {task.status === "skipped" || (task.status === "done" && task.note) ? (
                  <Text size="xs" c="dimmed">
                    {task.note}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>
                {(task.status === "open" || task.status === "overdue") && (
                  <Group gap={4} wrap="nowrap" justify="flex-end">
                    <Button size="compact-xs" onClick={() => done(task)} loading={finish.isPending}>
                      Done
                    </Button>
                    <Button size="compact-xs" variant="default" onClick={() => setSkipping(task)}>
                      Skip
                    </Button>
                  </Group>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </DataTable>
      {tasks.data.total > limit && (
        <Group justify="flex-end">
          <Pagination size="sm" total={Math.ceil(tasks.data.total / limit)} value={page} onChange={setPage} />
        </Group>
      )}
      {skipping && <SkipModal task={skipping} onClose={() => setSkipping(null)} />}
    </Stack>
  );
}

function SkipModal({ task, onClose }: { task: PlayTask; onClose: () => void }) {
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const finish = useFinishTask();
  const submit = () => {
    if (!reason.trim()) return setError("Say why, so the other team knows");
    finish.mutate(
      { id: task.id, skip: true, text: reason },
      { onSuccess: onClose, onError: (e) => setError(errorMessage(e)) },
    );
  };
  return (
    <Modal opened onClose={onClose} title={`Skip “${task.title}” for ${task.accountName}`}>
      <Stack>
        <Textarea
          label="Why skip it?"
          placeholder="e.g. The champion left the company"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={error}
          autosize
          minRows={2}
          data-autofocus
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} loading={finish.isPending}>
            Skip task
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
