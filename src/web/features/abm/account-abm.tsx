// The account page's ABM sections: the journey (stage, score, spike, lists and segments, stage and score
// history), the buying committee map, the plays running on it with their tasks, and one timeline of both
// teams' touches across all its contacts.
import {
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  ThemeIcon,
} from "@mantine/core";
import { IconAlertTriangle, IconCheck, IconFlame, IconQuestionMark } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "react-router";
import { JOURNEY_STAGE_LABELS, JOURNEY_STAGES } from "../../../shared/abm";
import {
  formatDate,
  formatDateTime,
  formatMoney,
  formatNumber,
  fromNow,
  label,
  TOUCH_TYPE_LABELS,
} from "../../lib/format";
import { TeamBadge } from "../common/badges";
import { Section, Stat } from "../common/detail";
import { DataTable } from "../common/list";
import { EmptyBlock, ErrorAlert, TableSkeleton } from "../common/query-states";
import { useAccountJourney, useAccountTimeline, useCommittee, usePlayRuns } from "./abm-api";
import { JourneyStageBadge, TaskTable, TierBadge } from "./abm-ui";

const score = (n: number) => formatNumber(Math.round(n * 10) / 10);

export function AccountJourneySection({ accountId }: { accountId: string }) {
  const journey = useAccountJourney(accountId);
  return (
    <Section
      title="Account journey"
      description="Where this account is, from target to customer, read from its score and deals."
    >
      {journey.isPending ? (
        <TableSkeleton rows={2} />
      ) : journey.isError ? (
        <ErrorAlert error={journey.error} onRetry={() => journey.refetch()} />
      ) : (
        <Stack gap="sm">
          <Group gap="xs">
            {JOURNEY_STAGES.map((s) => (
              <Badge
                key={s}
                variant={s === journey.data.stage ? "filled" : "outline"}
                color={s === journey.data.stage ? "indigo" : "gray"}
                data-testid={s === journey.data.stage ? "journey-stage" : undefined}
              >
                {JOURNEY_STAGE_LABELS[s]}
              </Badge>
            ))}
          </Group>
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            <Stat
              label="Fit / engagement"
              value={`${score(journey.data.fit)} / ${score(journey.data.engagement)}`}
              hint={journey.data.modelName ? `under ${journey.data.modelName}` : "no live scoring model yet"}
            />
            <Stat
              label="Touches this week"
              value={formatNumber(journey.data.touchesThisWeek)}
              hint={
                journey.data.spiking ? (
                  <Group gap={4} data-testid="spiking">
                    <IconFlame size={12} color="orange" /> spiking: the 4 weeks before averaged{" "}
                    {score(journey.data.weeklyBaseline)} a week
                  </Group>
                ) : (
                  `weekly average of the 4 weeks before: ${score(journey.data.weeklyBaseline)}${
                    journey.data.spikeAt ? `; last spike ${fromNow(journey.data.spikeAt)}` : ""
                  }`
                )
              }
            />
            <Stat
              label="Pipeline"
              value={formatMoney(journey.data.pipeline)}
              hint="every deal of this account"
            />
            <Stat label="Revenue" value={formatMoney(journey.data.revenue)} hint="won deals" />
          </SimpleGrid>
          <Group gap="xs">
            <Text size="sm" c="dimmed">
              Target lists:
            </Text>
            {journey.data.targetLists.length === 0 ? (
              <Text size="sm">
                not on one yet:{" "}
                <Anchor component={Link} to="/target-accounts" size="sm">
                  propose it
                </Anchor>
              </Text>
            ) : (
              journey.data.targetLists.map((l) => (
                <Group key={l.listId} gap={4}>
                  <Anchor component={Link} to={`/target-accounts/${l.listId}`} size="sm">
                    {l.name}
                  </Anchor>
                  <TierBadge tier={l.tier} />
                </Group>
              ))
            )}
            <Text size="sm" c="dimmed" ml="md">
              Segments:
            </Text>
            <Text size="sm">{journey.data.segments.map((s) => s.name).join(", ") || "none matches"}</Text>
          </Group>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <div>
              <Text size="sm" fw={600}>
                Stage history
              </Text>
              {journey.data.stageHistory.length === 0 ? (
                <Text size="sm" c="dimmed">
                  No stage yet.
                </Text>
              ) : (
                <DataTable minWidth={320}>
                  <Table.Tbody>
                    {journey.data.stageHistory.slice(0, 8).map((h) => (
                      <Table.Tr key={`${h.changedAt}-${h.toStage}`}>
                        <Table.Td>{formatDateTime(h.changedAt)}</Table.Td>
                        <Table.Td>
                          {h.fromStage ? `${label(JOURNEY_STAGE_LABELS, h.fromStage)} → ` : ""}
                          <JourneyStageBadge stage={h.toStage} />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </DataTable>
              )}
            </div>
            <div>
              <Text size="sm" fw={600}>
                Score history
              </Text>
              {journey.data.scoreHistory.length === 0 ? (
                <Text size="sm" c="dimmed">
                  Not scored yet.
                </Text>
              ) : (
                <DataTable minWidth={320}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Day</Table.Th>
                      <Table.Th ta="right">Fit</Table.Th>
                      <Table.Th ta="right">Engagement</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {journey.data.scoreHistory
                      .slice(-8)
                      .reverse()
                      .map((d) => (
                        <Table.Tr key={d.day}>
                          <Table.Td>{formatDate(d.day)}</Table.Td>
                          <Table.Td ta="right">{score(d.fit)}</Table.Td>
                          <Table.Td ta="right">{score(d.engagement)}</Table.Td>
                        </Table.Tr>
                      ))}
                  </Table.Tbody>
                </DataTable>
              )}
            </div>
          </SimpleGrid>
        </Stack>
      )}
    </Section>
  );
}

const ROLE_LOOK = {
  engaged: { color: "green", icon: <IconCheck size={16} />, text: "Engaged" },
  known: { color: "yellow", icon: <IconAlertTriangle size={16} />, text: "Known, not engaged" },
  missing: { color: "red", icon: <IconQuestionMark size={16} />, text: "Missing" },
} as const;

export function CommitteeMap({ accountId }: { accountId: string }) {
  const committee = useCommittee(accountId);
  return (
    <Section
      title="Buying committee"
      description="The people the segment expects on the buying committee, and whether we reach them."
    >
      {committee.isPending ? (
        <TableSkeleton rows={2} />
      ) : committee.isError ? (
        <ErrorAlert error={committee.error} onRetry={() => committee.refetch()} />
      ) : committee.data.roles.length === 0 ? (
        <EmptyBlock
          title="No buying committee expected"
          description={
            committee.data.segments.length === 0
              ? "This account is in no segment. Segments name the personas of their buying committee."
              : "Name the committee's personas on the segment's page."
          }
        />
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          {committee.data.roles.map((role) => {
            const look = ROLE_LOOK[role.status];
            return (
              <Paper key={role.personaId} withBorder radius="md" p="sm" data-testid="committee-role">
                <Group gap="sm" wrap="nowrap" align="flex-start">
                  <ThemeIcon color={look.color} variant="light" radius="xl">
                    {look.icon}
                  </ThemeIcon>
                  <Stack gap={2}>
                    <Text fw={700} size="sm">
                      {role.persona}
                    </Text>
                    <Text size="xs" c={look.color}>
                      {role.gap ?? look.text}
                    </Text>
                    {role.contacts.map((c) => (
                      <Text key={c.id} size="xs">
                        <Anchor component={Link} to={`/contacts/${c.id}`} size="xs">
                          {c.name || "(no name)"}
                        </Anchor>
                        {c.title ? `, ${c.title}` : ""} ·{" "}
                        {c.lastTouchAt ? `last touch ${fromNow(c.lastTouchAt)}` : "never touched"}
                      </Text>
                    ))}
                  </Stack>
                </Group>
              </Paper>
            );
          })}
        </SimpleGrid>
      )}
      {committee.data && committee.data.roles.length > 0 && (
        <Text size="xs" c="dimmed">
          Engaged: a touch in the last {committee.data.days} days. {committee.data.others} other contact
          {committee.data.others === 1 ? "" : "s"} at the account.
        </Text>
      )}
    </Section>
  );
}

export function AccountPlays({ accountId }: { accountId: string }) {
  const runs = usePlayRuns({ accountId });
  return (
    <Section
      title="Plays and tasks"
      description="The plays running on this account, and both teams' tasks for it."
      actions={
        <Button component={Link} to="/plays" size="xs" variant="light">
          All plays
        </Button>
      }
    >
      {runs.data && runs.data.items.length > 0 && (
        <Group gap="xs">
          {runs.data.items.map((r) => (
            <Badge key={r.id} variant="light" color="indigo">
              <Anchor component={Link} to={`/plays/${r.playId}`} size="xs">
                {r.playName}
              </Anchor>{" "}
              · {formatDate(r.startDate)} to {formatDate(r.endDate)}
            </Badge>
          ))}
        </Group>
      )}
      <TaskTable
        query={{ accountId }}
        showAccount={false}
        showPlay
        empty={{ title: "No play on this account", description: "Start a play on it from the Plays page." }}
      />
    </Section>
  );
}

export function AccountTimeline({ accountId }: { accountId: string }) {
  const [team, setTeam] = useState<"all" | "marketing" | "sales">("all");
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors.at(-1);
  const timeline = useAccountTimeline(accountId, team === "all" ? undefined : team, cursor);
  return (
    <Section
      title="Timeline"
      description="Every touch of both teams with anyone at this account, newest first."
      actions={
        <SegmentedControl
          size="xs"
          value={team}
          onChange={(v) => {
            setTeam(v as typeof team);
            setCursors([undefined]);
          }}
          data={[
            { value: "all", label: "Both teams" },
            { value: "marketing", label: "Marketing" },
            { value: "sales", label: "Sales" },
          ]}
        />
      }
    >
      {timeline.isPending ? (
        <TableSkeleton rows={4} />
      ) : timeline.isError ? (
        <ErrorAlert error={timeline.error} onRetry={() => timeline.refetch()} />
      ) : timeline.data.items.length === 0 ? (
        <EmptyBlock
          title="No touches yet"
          description="Touches of either team with this account's people show here."
        />
      ) : (
        <>
          <DataTable minWidth={680}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Team</Table.Th>
                <Table.Th>Touch</Table.Th>
                <Table.Th>Who</Table.Th>
                <Table.Th>Campaign / by</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {timeline.data.items.map((t) => (
                <Table.Tr key={t.id} data-testid="account-touch">
                  <Table.Td>{formatDateTime(t.occurredAt)}</Table.Td>
                  <Table.Td>
                    <TeamBadge value={t.team} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{label(TOUCH_TYPE_LABELS, t.type)}</Text>
                    {t.note && (
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {t.note}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {t.contactId ? (
                      <Anchor component={Link} to={`/contacts/${t.contactId}`} size="sm">
                        {t.contactName || "(no name)"}
                      </Anchor>
                    ) : (
                      <Text size="sm" c="dimmed">
                        The account
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{t.campaignName ?? t.memberName ?? "—"}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </DataTable>
          <Group justify="flex-end" gap="xs">
            {cursors.length > 1 && (
              <Button size="xs" variant="default" onClick={() => setCursors((c) => c.slice(0, -1))}>
                Newer
              </Button>
            )}
            {timeline.data.nextCursor && (
              <Button
                size="xs"
                variant="default"
                onClick={() => setCursors((c) => [...c, timeline.data.nextCursor ?? undefined])}
              >
                Older
              </Button>
            )}
          </Group>
        </>
      )}
    </Section>
  );
}
