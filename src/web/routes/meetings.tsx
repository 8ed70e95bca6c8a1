// Joint meetings: the recurring smarketing meetings (series), each with its next meeting and the ones held;
// and one meeting: its agenda from the live reports (frozen once held), attendance, notes, action items,
// the calendar invite and the Markdown export.
import {
  Anchor,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import {
  IconCalendarEvent,
  IconCalendarPlus,
  IconCheck,
  IconFileDownload,
  IconPlus,
} from "@tabler/icons-react";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { PageHeader } from "../features/common/page-header";
import { DetailSkeleton, EmptyBlock, ErrorAlert, TableSkeleton } from "../features/common/query-states";
import { AgendaView } from "../features/rituals/agenda";
import { PlanMeetingModal } from "../features/rituals/meeting-form";
import { ActionItems, Attendance, Notes, useCanKeepRecord } from "../features/rituals/meeting-record";
import {
  type MeetingSeries,
  useAgenda,
  useEndSeries,
  useHoldMeeting,
  useMeetingSeries,
  useOccurrence,
  usePastMeetings,
} from "../features/rituals/meetings-api";
import { usePermissions } from "../features/session/session";
import { errorMessage } from "../lib/api";
import { downloadFile } from "../lib/download";
import { formatDate } from "../lib/format";

const when = (startsAt: string, timeZone: string) =>
  new Intl.DateTimeFormat("en-GB", {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone,
  }).format(new Date(startsAt));

function PastMeetings({ seriesId }: { seriesId: string }) {
  const past = usePastMeetings(seriesId);
  const items = (past.data?.pages ?? []).flatMap((p) => p.items).filter((o) => o.status === "held");
  if (past.isPending) return <TableSkeleton rows={2} />;
  if (past.isError) return <ErrorAlert error={past.error} onRetry={() => past.refetch()} />;
  if (items.length === 0)
    return (
      <Text size="sm" c="dimmed">
        None held yet.
      </Text>
    );
  return (
    <Stack gap={4}>
      {items.map((o) => (
        <Group key={o.id} gap="xs">
          <Anchor component={Link} to={`/meetings/${o.id}`} size="sm">
            {formatDate(o.date)}
          </Anchor>
          <Text size="xs" c="dimmed">
            {o.present} present, {o.absent} absent · {o.actionItemCount} action items ({o.openActionItemCount}{" "}
            open)
          </Text>
        </Group>
      ))}
      {past.hasNextPage && (
        <Button
          variant="subtle"
          size="xs"
          onClick={() => past.fetchNextPage()}
          loading={past.isFetchingNextPage}
        >
          Show earlier meetings
        </Button>
      )}
    </Stack>
  );
}

function SeriesCard({ series }: { series: MeetingSeries }) {
  const { isLeadOrAdmin } = usePermissions();
  const end = useEndSeries();
  const teams = new Set(series.attendees.map((a) => a.team));
  return (
    <Card withBorder radius="md" padding="md" data-testid="meeting-series">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={2}>
          <Title order={4}>{series.title}</Title>
          <Text size="sm" c="dimmed">
            {series.schedule}
          </Text>
          <Text size="sm">
            {series.attendees.length} attendees: {series.attendees.map((a) => a.name).join(", ")}
          </Text>
          {!(teams.has("sales") && teams.has("marketing")) && (
            <Text size="xs" c="orange">
              Both teams should be there.
            </Text>
          )}
        </Stack>
        {isLeadOrAdmin && (
          <Button
            variant="subtle"
            color="red"
            size="xs"
            loading={end.isPending}
            onClick={() => {
              if (window.confirm(`End “${series.title}”? Its held meetings stay on record.`))
                end.mutate(series.id, {
                  onError: (e) =>
                    notifications.show({ color: "red", title: "Not ended", message: errorMessage(e) }),
                });
            }}
          >
            End series
          </Button>
        )}
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }} mt="md" spacing="md">
        <Paper withBorder p="sm" radius="md">
          <Text size="xs" tt="uppercase" c="dimmed" fw={700}>
            Next meeting
          </Text>
          {series.next ? (
            <Group justify="space-between" mt={4}>
              <Text fw={600}>{when(series.next.startsAt, series.timeZone)}</Text>
              <Button
                component={Link}
                to={`/meetings/${series.next.id}`}
                size="xs"
                leftSection={<IconCalendarEvent size={16} />}
              >
                Open agenda
              </Button>
            </Group>
          ) : (
            <Text size="sm" c="dimmed">
              None planned.
            </Text>
          )}
        </Paper>
        <Paper withBorder p="sm" radius="md">
          <Text size="xs" tt="uppercase" c="dimmed" fw={700} mb={4}>
            Held
          </Text>
          <PastMeetings seriesId={series.id} />
        </Paper>
      </SimpleGrid>
    </Card>
  );
}

export function MeetingsPage() {
  const series = useMeetingSeries();
  const { isLeadOrAdmin, leadOnlyHint } = usePermissions();
  const [planning, setPlanning] = useState(false);
  const navigate = useNavigate();
  const items = series.data?.items ?? [];
  const planButton = (
    <Button
      leftSection={<IconPlus size={16} />}
      onClick={() => setPlanning(true)}
      disabled={!isLeadOrAdmin}
      title={isLeadOrAdmin ? undefined : leadOnlyHint}
    >
      Plan a meeting
    </Button>
  );
  return (
    <>
      <PageHeader
        title="Joint meetings"
        description="Sales and marketing meet on a rhythm. The agenda builds itself from the reports both teams see: SLA compliance of both sides, the funnel, reject reasons, new objections, goals and open content requests. Action items carry over until done."
        actions={planButton}
      />
      {series.isPending ? (
        <TableSkeleton rows={4} />
      ) : series.isError ? (
        <ErrorAlert
          error={series.error}
          onRetry={() => series.refetch()}
          title="Meetings could not be loaded"
        />
      ) : items.length === 0 ? (
        <Paper withBorder radius="md" p="lg">
          <EmptyBlock
            icon={<IconCalendarPlus size={28} />}
            title="No joint meetings yet"
            description={
              isLeadOrAdmin
                ? "Plan a recurring meeting with members of both teams; its agenda is ready before it starts."
                : "A team lead plans the recurring meeting of both teams; it shows here with its agenda."
            }
            action={isLeadOrAdmin ? planButton : undefined}
          />
        </Paper>
      ) : (
        <Stack gap="md">
          {items.map((s) => (
            <SeriesCard key={s.id} series={s} />
          ))}
        </Stack>
      )}
      {planning && (
        <PlanMeetingModal
          onClose={() => setPlanning(false)}
          onPlanned={(s) => {
            setPlanning(false);
            if (s.next) navigate(`/meetings/${s.next.id}`);
          }}
        />
      )}
    </>
  );
}

export function MeetingPage() {
  const { id = "" } = useParams();
  const meeting = useOccurrence(id);
  const agenda = useAgenda(id);
  const hold = useHoldMeeting(id);
  const canWrite = useCanKeepRecord();
  const [downloading, setDownloading] = useState<string | null>(null);
  if (meeting.isPending) return <DetailSkeleton />;
  if (meeting.isError)
    return (
      <ErrorAlert
        error={meeting.error}
        onRetry={() => meeting.refetch()}
        title="This meeting could not be loaded"
      />
    );
  const m = meeting.data;
  const download = async (kind: "invite.ics" | "agenda.md") => {
    setDownloading(kind);
    try {
      await downloadFile(`/api/meeting-occurrences/${id}/${kind}`);
    } catch (error) {
      notifications.show({ color: "red", title: "Download failed", message: errorMessage(error) });
    } finally {
      setDownloading(null);
    }
  };
  return (
    <>
      <PageHeader
        title={`${m.seriesTitle}: ${formatDate(m.date)}`}
        breadcrumbs={[{ label: "Joint meetings", to: "/meetings" }]}
        badges={
          m.status === "held" ? (
            <Badge color="teal">Held</Badge>
          ) : (
            <Badge color="blue" variant="light">
              Planned
            </Badge>
          )
        }
        description={`${when(m.startsAt, m.timeZone)} (${m.timeZone}), ${m.durationMinutes} minutes.`}
        actions={
          <>
            <Button
              variant="default"
              leftSection={<IconCalendarEvent size={16} />}
              loading={downloading === "invite.ics"}
              onClick={() => download("invite.ics")}
            >
              Calendar invite (.ics)
            </Button>
            <Button
              variant="default"
              leftSection={<IconFileDownload size={16} />}
              loading={downloading === "agenda.md"}
              onClick={() => download("agenda.md")}
            >
              Download agenda (Markdown)
            </Button>
            {m.status === "scheduled" && canWrite && (
              <Button
                leftSection={<IconCheck size={16} />}
                loading={hold.isPending}
                onClick={() =>
                  hold.mutate(undefined, {
                    onSuccess: () =>
                      notifications.show({
                        color: "green",
                        message:
                          "Marked held: the agenda is kept as it is now, and the next meeting is planned.",
                      }),
                    onError: (e) =>
                      notifications.show({
                        color: "red",
                        title: "Not marked held",
                        message: errorMessage(e),
                      }),
                  })
                }
              >
                Mark held
              </Button>
            )}
          </>
        }
      />
      <Group gap="md" mb="md">
        {m.previousId && (
          <Anchor component={Link} to={`/meetings/${m.previousId}`} size="sm">
            ← Previous meeting
          </Anchor>
        )}
        {m.nextId && (
          <Anchor component={Link} to={`/meetings/${m.nextId}`} size="sm">
            Next meeting →
          </Anchor>
        )}
      </Group>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="md">
            <Title order={3}>Agenda</Title>
            {agenda.isPending ? (
              <DetailSkeleton />
            ) : agenda.isError ? (
              <ErrorAlert
                error={agenda.error}
                onRetry={() => agenda.refetch()}
                title="The agenda could not be built"
              />
            ) : (
              <AgendaView agenda={agenda.data} />
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="md">
            <Attendance meeting={m} />
            <Notes meeting={m} />
            <ActionItems meeting={m} />
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}
