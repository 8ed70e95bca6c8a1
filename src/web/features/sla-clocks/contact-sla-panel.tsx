// The contact page's SLA panel: who got the lead and why (routing, the account owner, a manager's hand, a
// breach), and each commitment's clock: running (with its countdown), paused outside business hours, met or
// breached, with the system's delay (waiting for an owner) told apart from the rep's.
import { Group, Paper, Skeleton, Stack, Text, Timeline } from "@mantine/core";
import { IconClockHour4, IconRoute } from "@tabler/icons-react";
import dayjs from "dayjs";
import type { AssignmentKind, LeadAssignment, SlaClock } from "../../../shared/sla";
import { formatDateTime } from "../../lib/format";
import { ErrorAlert } from "../common/query-states";
import { ClockBadge } from "./clock-badge";
import { formatBusinessDuration } from "./clock-format";
import { useContactSla } from "./clocks-api";

const ASSIGNMENT_LABELS: Record<AssignmentKind, string> = {
  routed: "Routed",
  account_owner: "Given to the account owner",
  kept_owner: "Kept by its owner",
  queued: "Waiting in the routing queue",
  manual: "Assigned by hand",
  reassigned: "Reassigned after a breach",
};

export function ContactSlaPanel({ contactId }: { contactId: string }) {
  const sla = useContactSla(contactId);
  if (sla.isPending) return <Skeleton h={120} aria-label="Loading SLA clocks" />;
  if (sla.isError) return <ErrorAlert error={sla.error} onRetry={() => sla.refetch()} />;
  const { clocks, assignments } = sla.data;
  if (clocks.length === 0 && assignments.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No SLA clock yet. When this contact becomes an MQL it is routed to a rep and, if an SLA is in force, a
        clock starts for each sales commitment.
      </Text>
    );
  return (
    <Stack gap="md">
      {clocks.length > 0 && <Clocks clocks={clocks} fetchedAt={sla.dataUpdatedAt} />}
      {assignments.length > 0 && <Assignments items={assignments} />}
    </Stack>
  );
}

const shortTime = (value: string | null) => (value ? dayjs(value).format("ddd D MMM, HH:mm") : "");

function Clocks({ clocks, fetchedAt }: { clocks: SlaClock[]; fetchedAt: number }) {
  return (
    <Stack gap="xs" data-testid="sla-clocks">
      {clocks.map((k) => (
        <Paper key={k.id} withBorder radius="sm" p="xs">
          <Group justify="space-between" gap="xs" wrap="wrap">
            <div>
              <Text size="sm" fw={600}>
                {k.label}
              </Text>
              <Text size="xs" c="dimmed">
                {k.allowed}
                {k.commitment === "attempts" ? ` · ${k.progress} of ${k.target} done` : ""} · SLA v
                {k.slaVersion}
              </Text>
            </div>
            <ClockBadge clock={k} fetchedAt={fetchedAt} />
          </Group>
          <Text size="xs" mt={4}>
            {[
              `MQL ${shortTime(k.startedAt)}`,
              k.memberName
                ? `owner ${k.memberName}${k.ownerSince !== k.startedAt ? ` since ${shortTime(k.ownerSince)}` : ""}`
                : null,
              k.dueAt ? `due ${shortTime(k.dueAt)}` : null,
              k.completedAt ? `done ${shortTime(k.completedAt)}` : null,
            ]
              .filter(Boolean)
              .join(" · ")}
          </Text>
          {k.breachedAt && (
            <Text size="xs" c="red">
              Breached {shortTime(k.breachedAt)}
            </Text>
          )}
          {k.systemDelayMs > 0 && (
            <Text size="xs" c="dimmed">
              Waited {formatBusinessDuration(k.systemDelayMs)} for an owner (system delay, not the rep's)
            </Text>
          )}
        </Paper>
      ))}
    </Stack>
  );
}

function Assignments({ items }: { items: LeadAssignment[] }) {
  return (
    <Stack gap={6}>
      <Group gap={6}>
        <IconRoute size={16} />
        <Text size="sm" fw={600}>
          Routing
        </Text>
      </Group>
      <Timeline active={items.length - 1} bulletSize={18} lineWidth={2}>
        {items.map((a) => (
          <Timeline.Item
            key={a.id}
            bullet={<IconClockHour4 size={12} />}
            title={
              <Text size="sm" fw={600}>
                {ASSIGNMENT_LABELS[a.kind]}
                {a.memberName ? `: ${a.memberName}` : ""}
              </Text>
            }
          >
            <Text size="xs">{a.reason}</Text>
            <Text size="xs" c="dimmed">
              {formatDateTime(a.assignedAt)}
              {a.assignedByName ? ` · by ${a.assignedByName}` : ""}
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
    </Stack>
  );
}
