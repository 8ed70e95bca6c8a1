// Enablement: each team learns the other's work through training, shadowing and job rotation. The list of
// sessions (filters, pages), scheduling, marking done with feedback, and coverage per member and team.
import {
  Badge,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconCheck, IconPlus, IconSchool, IconStar, IconX } from "@tabler/icons-react";
import { useState } from "react";
import {
  ENABLEMENT_KIND_LABELS,
  ENABLEMENT_KINDS,
  ENABLEMENT_STATUSES,
  type EnablementKind,
  type EnablementStatus,
} from "../../shared/rituals";
import { TeamBadge } from "../features/common/badges";
import { DataTable, useUrlFilters } from "../features/common/list";
import { PageHeader } from "../features/common/page-header";
import { EmptyBlock, ErrorAlert, TableSkeleton } from "../features/common/query-states";
import {
  type EnablementSession,
  useCancelEnablement,
  useCoverage,
  useEnablementSessions,
} from "../features/rituals/enablement-api";
import {
  CompleteEnablementModal,
  EnablementFeedbackModal,
  ScheduleEnablementModal,
} from "../features/rituals/enablement-forms";
import { useSession } from "../features/session/session";
import { errorMessage } from "../lib/api";
import { formatDate, TEAM_LABELS } from "../lib/format";

const STATUS_COLORS: Record<EnablementStatus, string> = {
  scheduled: "blue",
  done: "teal",
  cancelled: "gray",
};

/** The participants whose feedback the member may give: their own; a lead's or an admin's, everyone's. */
function feedbackFor(s: EnablementSession, member: { id: string; role: string }) {
  if (member.role !== "member") return s.participants.map((p) => p.memberId);
  return s.participants.some((p) => p.memberId === member.id) ? [member.id] : [];
}

function SessionRow({
  s,
  onDone,
  onFeedback,
}: {
  s: EnablementSession;
  onDone: () => void;
  onFeedback: (participantIds: string[]) => void;
}) {
  const { member } = useSession();
  const cancel = useCancelEnablement();
  const mayClose =
    member.role !== "member" ||
    s.createdBy === member.id ||
    s.hostMemberId === member.id ||
    s.participants.some((p) => p.memberId === member.id);
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={600}>
          {s.title}
        </Text>
        <Text size="xs" c="dimmed">
          {ENABLEMENT_KIND_LABELS[s.kind]} · hosted by {s.hostName ?? TEAM_LABELS[s.hostTeam] ?? s.hostTeam}
        </Text>
      </Table.Td>
      <Table.Td>
        {formatDate(s.scheduledOn)}
        {s.endsOn && s.endsOn !== s.scheduledOn && ` – ${formatDate(s.endsOn)}`}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{s.participants.map((p) => p.name).join(", ")}</Text>
      </Table.Td>
      <Table.Td>
        <Badge color={STATUS_COLORS[s.status]} variant="light">
          {s.status}
        </Badge>
      </Table.Td>
      <Table.Td>
        {s.averageRating !== null ? (
          <Text
            size="sm"
            title={s.participants.map((p) => `${p.name}: ${p.rating ?? "–"} ${p.comment}`).join("\n")}
          >
            {s.averageRating} / 5
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            –
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {s.status === "scheduled" && mayClose && (
          <Group gap={4} wrap="nowrap">
            <Button size="xs" variant="light" leftSection={<IconCheck size={14} />} onClick={onDone}>
              Mark done
            </Button>
            <Button
              size="xs"
              variant="subtle"
              color="gray"
              leftSection={<IconX size={14} />}
              loading={cancel.isPending}
              onClick={() =>
                cancel.mutate(s.id, {
                  onError: (e) =>
                    notifications.show({ color: "red", title: "Not cancelled", message: errorMessage(e) }),
                })
              }
            >
              Cancel
            </Button>
          </Group>
        )}
        {s.status === "done" && feedbackFor(s, member).length > 0 && (
          <Button
            size="xs"
            variant="subtle"
            leftSection={<IconStar size={14} />}
            onClick={() => onFeedback(feedbackFor(s, member))}
          >
            {member.role === "member" ? "My feedback" : "Feedback"}
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function Sessions({ onSchedule }: { onSchedule: () => void }) {
  const [f, set] = useUrlFilters(["kind", "status"] as const);
  const kind = (ENABLEMENT_KINDS as readonly string[]).includes(f.kind)
    ? (f.kind as EnablementKind)
    : undefined;
  const status = (ENABLEMENT_STATUSES as readonly string[]).includes(f.status)
    ? (f.status as EnablementStatus)
    : undefined;
  const list = useEnablementSessions({ kind, status });
  const [completing, setCompleting] = useState<EnablementSession | null>(null);
  const [rating, setRating] = useState<{ session: EnablementSession; participantIds: string[] } | null>(null);
  const items = (list.data?.pages ?? []).flatMap((p) => p.items);
  const total = list.data?.pages[0]?.total;
  return (
    <Stack gap="sm">
      <Group gap="sm">
        <Select
          aria-label="Kind"
          placeholder="All kinds"
          clearable
          data={ENABLEMENT_KINDS.map((k) => ({ value: k, label: ENABLEMENT_KIND_LABELS[k] }))}
          value={kind ?? null}
          onChange={(v) => set({ kind: v })}
          w={180}
        />
        <Select
          aria-label="Status"
          placeholder="Any status"
          clearable
          data={ENABLEMENT_STATUSES.map((s) => ({ value: s, label: s }))}
          value={status ?? null}
          onChange={(v) => set({ status: v })}
          w={160}
        />
        {total !== undefined && (
          <Text size="sm" c="dimmed">
            {total} sessions
          </Text>
        )}
      </Group>
      {list.isPending ? (
        <TableSkeleton />
      ) : list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => list.refetch()} title="Sessions could not be loaded" />
      ) : items.length === 0 ? (
        <Paper withBorder radius="md" p="lg">
          <EmptyBlock
            icon={<IconSchool size={28} />}
            title={kind || status ? "No sessions match" : "No enablement yet"}
            description="Schedule a training, a shadowing or a job rotation so each team learns how the other works."
            action={
              <Button leftSection={<IconPlus size={16} />} onClick={onSchedule}>
                Schedule
              </Button>
            }
          />
        </Paper>
      ) : (
        <DataTable>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Session</Table.Th>
              <Table.Th>When</Table.Th>
              <Table.Th>Participants</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Rating</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((s) => (
              <SessionRow
                key={s.id}
                s={s}
                onDone={() => setCompleting(s)}
                onFeedback={(participantIds) => setRating({ session: s, participantIds })}
              />
            ))}
          </Table.Tbody>
        </DataTable>
      )}
      {list.hasNextPage && (
        <Button variant="default" onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>
          Load more
        </Button>
      )}
      {completing && <CompleteEnablementModal session={completing} onClose={() => setCompleting(null)} />}
      {rating && (
        <EnablementFeedbackModal
          session={rating.session}
          participantIds={rating.participantIds}
          onClose={() => setRating(null)}
        />
      )}
    </Stack>
  );
}

const mark = (n: number) =>
  n > 0 ? (
    <Text span c="teal" fw={600}>
      ✓ {n}
    </Text>
  ) : (
    <Text span c="dimmed">
      –
    </Text>
  );

function CoverageTable() {
  const [months, setMonths] = useState("12");
  const coverage = useCoverage(Number(months));
  return (
    <Stack gap="sm">
      <Group gap="sm">
        <Text size="sm">Done in the last</Text>
        <SegmentedControl
          size="xs"
          value={months}
          onChange={setMonths}
          data={[
            { value: "3", label: "3 months" },
            { value: "6", label: "6 months" },
            { value: "12", label: "12 months" },
          ]}
        />
      </Group>
      {coverage.isPending ? (
        <TableSkeleton />
      ) : coverage.isError ? (
        <ErrorAlert
          error={coverage.error}
          onRetry={() => coverage.refetch()}
          title="Coverage could not be loaded"
        />
      ) : (
        <>
          <Group gap="md" align="stretch">
            {coverage.data.teams.map((t) => (
              <Paper key={t.team} withBorder radius="md" p="sm" miw={220}>
                <Title order={5}>{TEAM_LABELS[t.team] ?? t.team}</Title>
                <Text size="sm">
                  Training {t.covered.training}/{t.members} · Shadowing {t.covered.shadowing}/{t.members} ·
                  Rotation {t.covered.rotation}/{t.members}
                </Text>
                <Text size="xs" c="dimmed">
                  {t.complete} of {t.members} have done all three
                </Text>
              </Paper>
            ))}
          </Group>
          <DataTable minWidth={600}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Member</Table.Th>
                <Table.Th>Team</Table.Th>
                <Table.Th>Training</Table.Th>
                <Table.Th>Shadowing</Table.Th>
                <Table.Th>Job rotation</Table.Th>
                <Table.Th>Hosted</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody data-testid="coverage">
              {coverage.data.members.map((m) => (
                <Table.Tr key={m.memberId}>
                  <Table.Td>
                    {m.name}{" "}
                    {m.complete && (
                      <Badge size="xs" color="teal">
                        all three
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <TeamBadge value={m.team} size="sm" />
                  </Table.Td>
                  <Table.Td>{mark(m.done.training)}</Table.Td>
                  <Table.Td>{mark(m.done.shadowing)}</Table.Td>
                  <Table.Td>{mark(m.done.rotation)}</Table.Td>
                  <Table.Td>{m.hosted || "–"}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </DataTable>
        </>
      )}
    </Stack>
  );
}

export function EnablementPage() {
  const [scheduling, setScheduling] = useState(false);
  const [tab, setTab] = useState<string | null>("sessions");
  return (
    <>
      <PageHeader
        title="Enablement"
        description="Each team learns the other's work: training (a team teaching its process), shadowing (a marketer on sales calls, a seller in campaign planning) and job rotation. Scheduled, done, with feedback, and who is covered."
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setScheduling(true)}>
            Schedule
          </Button>
        }
      />
      <Tabs value={tab} onChange={setTab}>
        <Tabs.List mb="md">
          <Tabs.Tab value="sessions">Sessions</Tabs.Tab>
          <Tabs.Tab value="coverage">Coverage</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="sessions">
          <Sessions onSchedule={() => setScheduling(true)} />
        </Tabs.Panel>
        <Tabs.Panel value="coverage">{tab === "coverage" && <CoverageTable />}</Tabs.Panel>
      </Tabs>
      {scheduling && <ScheduleEnablementModal onClose={() => setScheduling(false)} />}
    </>
  );
}
