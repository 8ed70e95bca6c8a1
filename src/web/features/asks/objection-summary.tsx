// What marketing reads: the same objection counted per persona, those without an approved answer in the
// messaging guide first (flagged), then the most frequent, and the latest ones.
import {
  Badge,
  Group,
  Paper,
  Progress,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from "@mantine/core";
import { IconAlertTriangle, IconCircleCheck, IconMessageReport } from "@tabler/icons-react";
import { useMemo, useState } from "react";
import { Link } from "react-router";
import { formatDate, formatDateTime, fromNow } from "../../lib/format";
import { DataTable } from "../common/list";
import { EmptyBlock, ErrorAlert, TableSkeleton } from "../common/query-states";
import { RecordLink } from "../common/records";
import {
  type ObjectionSummaryItem,
  stageName,
  useObjectionSummary,
  useObjections,
  usePersonas,
} from "./asks-api";

interface PersonaGroup {
  key: string;
  personaName: string;
  total: number;
  unanswered: number;
  items: ObjectionSummaryItem[];
}

function groupByPersona(items: ObjectionSummaryItem[]): PersonaGroup[] {
  const groups = new Map<string, PersonaGroup>();
  for (const item of items) {
    const key = item.personaId ?? "none";
    const group = groups.get(key) ?? {
      key,
      personaName: item.personaName,
      total: 0,
      unanswered: 0,
      items: [],
    };
    group.total += item.count;
    if (!item.answered) group.unanswered += 1;
    group.items.push(item);
    groups.set(key, group);
  }
  // Personas with the most objections first; "No persona" last.
  return [...groups.values()].sort(
    (a, b) => Number(a.key === "none") - Number(b.key === "none") || b.total - a.total,
  );
}

export function ObjectionSummary() {
  const summary = useObjectionSummary();
  const groups = useMemo(() => groupByPersona(summary.data?.items ?? []), [summary.data]);
  const max = Math.max(1, ...(summary.data?.items ?? []).map((i) => i.count));
  return (
    <Stack gap="sm" component="section" aria-label="Most frequent objections by persona">
      <Stack gap={2}>
        <Title order={3}>Most frequent, by persona</Title>
        <Text size="sm" c="dimmed">
          The same objection (case and spacing aside) counted for each persona. Those without an approved
          answer in the persona's messaging guide come first: answer them there, and in content and battle
          cards.
        </Text>
      </Stack>
      {summary.isPending ? (
        <Paper withBorder p="md" radius="md">
          <TableSkeleton rows={3} />
        </Paper>
      ) : summary.isError ? (
        <ErrorAlert
          error={summary.error}
          onRetry={() => summary.refetch()}
          title="The counts could not be loaded"
        />
      ) : groups.length === 0 ? (
        <Paper withBorder p="md" radius="md">
          <EmptyBlock
            icon={<IconMessageReport size={28} />}
            title="No objections logged yet"
            description="When sales logs what prospects push back with, the most frequent ones show up here per persona."
          />
        </Paper>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          {groups.map((group) => (
            <Paper
              key={group.key}
              withBorder
              p="md"
              radius="md"
              data-testid="objection-group"
              aria-label={`Objections from ${group.personaName}`}
              component="section"
            >
              <Group justify="space-between" mb="sm">
                <Text fw={700}>{group.personaName}</Text>
                <Group gap={6}>
                  {group.unanswered > 0 && (
                    <Badge variant="light" color="orange" data-testid="objection-group-unanswered">
                      {group.unanswered} unanswered
                    </Badge>
                  )}
                  <Badge variant="light" color="gray">
                    {group.total === 1 ? "1 objection" : `${group.total} objections`}
                  </Badge>
                </Group>
              </Group>
              <Stack gap="sm">
                {group.items.map((item) => (
                  <Stack
                    gap={4}
                    key={`${item.text}-${item.lastHeardAt}`}
                    data-testid="objection-count"
                    data-answered={item.answered}
                  >
                    <Group justify="space-between" wrap="nowrap" align="flex-start" gap="sm">
                      <Stack gap={2} style={{ flex: 1 }}>
                        <Text size="sm">“{item.text}”</Text>
                        <AnswerMarker item={item} />
                      </Stack>
                      <Tooltip label={`Last heard ${formatDateTime(item.lastHeardAt)}`}>
                        <Badge color="indigo" variant="filled" data-testid="objection-frequency">
                          {item.count}×
                        </Badge>
                      </Tooltip>
                    </Group>
                    <Progress value={(item.count / max) * 100} size="sm" color="indigo" aria-hidden />
                  </Stack>
                ))}
              </Stack>
            </Paper>
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}

/** Whether the persona's messaging guide has an approved answer to the objection, with the way to it. */
function AnswerMarker({ item }: { item: ObjectionSummaryItem }) {
  const guide = item.personaId ? `/library/messaging/${item.personaId}` : null;
  if (item.answered)
    return (
      <Group gap={4} wrap="nowrap">
        <Badge
          color="green"
          variant="light"
          size="sm"
          leftSection={<IconCircleCheck size={12} />}
          data-testid="objection-answered"
        >
          Answered
        </Badge>
        {guide && (
          <Text size="xs" component={Link} to={guide} c="indigo">
            See the approved answer
          </Text>
        )}
      </Group>
    );
  return (
    <Group gap={4} wrap="nowrap">
      <Badge
        color="orange"
        variant="light"
        size="sm"
        leftSection={<IconAlertTriangle size={12} />}
        data-testid="objection-unanswered"
      >
        No approved answer
      </Badge>
      {guide ? (
        <Text size="xs" component={Link} to={guide} c="indigo">
          Answer it in the messaging guide
        </Text>
      ) : (
        <Text size="xs" c="dimmed">
          Log it with a persona to answer it in a guide
        </Text>
      )}
    </Group>
  );
}

export function RecentObjections() {
  const [personaId, setPersonaId] = useState<string | null>(null);
  const personas = usePersonas();
  const list = useObjections(personaId);
  const items = list.data?.items ?? [];
  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-label="Recent objections">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end" wrap="wrap">
          <Stack gap={2}>
            <Title order={3}>Recent objections</Title>
            <Text size="sm" c="dimmed">
              Newest first, with who heard them and on which lead.
            </Text>
          </Stack>
          <Select
            label="Persona"
            placeholder="All personas"
            data={personas.options}
            value={personaId}
            onChange={setPersonaId}
            clearable
            w={240}
          />
        </Group>
        {list.isPending ? (
          <TableSkeleton rows={4} />
        ) : list.isError ? (
          <ErrorAlert error={list.error} onRetry={() => list.refetch()} />
        ) : items.length === 0 ? (
          <EmptyBlock
            icon={<IconMessageReport size={28} />}
            title={personaId ? "No objections from this persona" : "Nothing logged yet"}
            description={personaId ? "Choose another persona or show all." : "Log the first objection above."}
          />
        ) : (
          <DataTable minWidth={760}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Heard</Table.Th>
                <Table.Th>Objection</Table.Th>
                <Table.Th>Persona</Table.Th>
                <Table.Th>Stage</Table.Th>
                <Table.Th>Contact</Table.Th>
                <Table.Th>Heard by</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((o) => (
                <Table.Tr key={o.id} data-testid="objection-row">
                  <Table.Td>
                    <Tooltip label={formatDate(o.heardAt)}>
                      <Text size="sm" style={{ whiteSpace: "nowrap" }}>
                        {fromNow(o.heardAt)}
                      </Text>
                    </Tooltip>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">“{o.text}”</Text>
                  </Table.Td>
                  <Table.Td>{o.personaName ?? <Text c="dimmed">—</Text>}</Table.Td>
                  <Table.Td>{stageName(o.stage) ?? <Text c="dimmed">—</Text>}</Table.Td>
                  <Table.Td>
                    <RecordLink resource="contacts" id={o.contactId} />
                  </Table.Td>
                  <Table.Td>{o.memberName}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </DataTable>
        )}
      </Stack>
    </Paper>
  );
}
