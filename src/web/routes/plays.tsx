// Plays: coordinated outreach by both teams across channels. A play is a template of steps (who does what,
// on which day, with which asset); starting it on target accounts gives both teams dated tasks; its results
// are measured against comparable accounts not in the play.
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconPlayerPlay, IconPlus, IconRoute, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { PLAY_CHANNEL_LABELS, PLAY_CHANNELS, type PlayChannel, type PlayRun } from "../../shared/abm";
import {
  useCreatePlay,
  usePlay,
  usePlayRuns,
  usePlays,
  useStartPlay,
  useTargetAccounts,
  useTargetLists,
} from "../features/abm/abm-api";
import { TaskTable } from "../features/abm/abm-ui";
import { TeamBadge } from "../features/common/badges";
import { Section, Stat } from "../features/common/detail";
import { DataTable } from "../features/common/list";
import { PageHeader } from "../features/common/page-header";
import { DetailSkeleton, EmptyBlock, ErrorAlert, TableSkeleton } from "../features/common/query-states";
import { MemberName, MemberSelect } from "../features/common/records";
import { useSession } from "../features/session/session";
import { errorMessage, isApiError } from "../lib/api";
import { formatDate, formatMoney, formatNumber, label } from "../lib/format";

const channelOptions = PLAY_CHANNELS.map((c) => ({ value: c, label: PLAY_CHANNEL_LABELS[c] }));
const teamOptions = [
  { value: "marketing", label: "Marketing" },
  { value: "sales", label: "Sales" },
];

export function PlaysPage() {
  const plays = usePlays();
  const { member } = useSession();
  const isLead = member.role === "lead" || member.role === "admin";
  const [creating, setCreating] = useState(false);
  const create = (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
      New play
    </Button>
  );
  return (
    <>
      <PageHeader
        title="Plays"
        description="Coordinated outreach to target accounts: each step is owned by marketing, sales or a named person, on a set day."
        actions={isLead ? create : undefined}
      />
      {plays.isPending ? (
        <TableSkeleton rows={3} />
      ) : plays.isError ? (
        <ErrorAlert error={plays.error} onRetry={() => plays.refetch()} />
      ) : plays.data.items.length === 0 ? (
        <Paper withBorder radius="md">
          <EmptyBlock
            icon={<IconRoute size={28} />}
            title="No plays yet"
            description="A play lines up ads, emails, calls and events across both teams for the same accounts."
            action={isLead ? create : undefined}
          />
        </Paper>
      ) : (
        <Paper withBorder radius="md" p="md">
          <DataTable minWidth={700}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Play</Table.Th>
                <Table.Th>Steps</Table.Th>
                <Table.Th ta="right">Runs</Table.Th>
                <Table.Th ta="right">Accounts in play</Table.Th>
                <Table.Th ta="right">Open tasks</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {plays.data.items.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/plays/${p.id}`} fw={600} size="sm">
                      {p.name}
                    </Anchor>
                    {p.description && (
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {p.description}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {p.steps.length} steps over {Math.max(...p.steps.map((s) => s.day)) + 1} days ·{" "}
                      {[...new Set(p.steps.map((s) => PLAY_CHANNEL_LABELS[s.channel]))].join(", ")}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">{formatNumber(p.runs)}</Table.Td>
                  <Table.Td ta="right">{formatNumber(p.accountsInPlay)}</Table.Td>
                  <Table.Td ta="right">{formatNumber(p.openTasks)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </DataTable>
        </Paper>
      )}
      {creating && <NewPlayModal onClose={() => setCreating(false)} />}
    </>
  );
}

interface StepDraft {
  key: number;
  title: string;
  channel: PlayChannel;
  ownerTeam: "marketing" | "sales";
  ownerMemberId: string | null;
  day: number;
  asset: string;
}

function NewPlayModal({ onClose }: { onClose: () => void }) {
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [steps, setSteps] = useState<StepDraft[]>([
    { key: 1, title: "", channel: "ad", ownerTeam: "marketing", ownerMemberId: null, day: 0, asset: "" },
    { key: 2, title: "", channel: "call", ownerTeam: "sales", ownerMemberId: null, day: 3, asset: "" },
  ]);
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const create = useCreatePlay();
  const navigate = useNavigate();
  const update = (key: number, patch: Partial<StepDraft>) =>
    setSteps((old) => old.map((s) => (s.key === key ? { ...s, ...patch } : s)));
  const fieldError = (f: string) => (error?.field === f ? error.message : undefined);
  const submit = () =>
    create.mutate(
      {
        name: name.trim(),
        description: description.trim(),
        steps: steps.map(({ key: _, ...s }) => ({ ...s, title: s.title.trim(), asset: s.asset.trim() })),
      },
      {
        onSuccess: (play) => navigate(`/plays/${play.id}`),
        onError: (e) =>
          setError(
            isApiError(e) && e.fieldIssues[0]
              ? { field: e.fieldIssues[0].path, message: e.fieldIssues[0].message }
              : { message: errorMessage(e) },
          ),
      },
    );
  return (
    <Modal opened onClose={onClose} title="New play" size="xl">
      <Stack>
        <TextInput
          label="Name"
          placeholder="e.g. Land the buying committee"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldError("name")}
          required
        />
        <Textarea
          label="Description"
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
        />
        <Text fw={600} size="sm">
          Steps
        </Text>
        {steps.map((s, i) => (
          <Paper key={s.key} withBorder p="xs" radius="md">
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
              <TextInput
                label={`Step ${i + 1}`}
                placeholder="e.g. Call the champion"
                value={s.title}
                onChange={(e) => update(s.key, { title: e.currentTarget.value })}
                error={fieldError(`steps.${i}.title`)}
              />
              <Select
                label="Channel"
                data={channelOptions}
                value={s.channel}
                onChange={(v) => v && update(s.key, { channel: v as PlayChannel })}
              />
              <NumberInput
                label="Day"
                description="after the start"
                min={0}
                max={365}
                value={s.day}
                onChange={(v) => update(s.key, { day: Number(v) || 0 })}
                error={fieldError(`steps.${i}.day`)}
              />
              <Select
                label="Owned by"
                data={teamOptions}
                value={s.ownerTeam}
                onChange={(v) => v && update(s.key, { ownerTeam: v as "marketing" | "sales" })}
              />
              <MemberSelect
                label="Named owner"
                placeholder="The team (sales: the account's owner)"
                value={s.ownerMemberId}
                onChange={(v) => update(s.key, { ownerMemberId: v })}
                error={fieldError(`steps.${i}.ownerMemberId`)}
              />
              <Group gap="xs" align="flex-end" wrap="nowrap">
                <TextInput
                  label="Asset"
                  placeholder="e.g. ROI study"
                  value={s.asset}
                  onChange={(e) => update(s.key, { asset: e.currentTarget.value })}
                  style={{ flex: 1 }}
                />
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={`Remove step ${i + 1}`}
                  disabled={steps.length === 1}
                  onClick={() => setSteps((old) => old.filter((x) => x.key !== s.key))}
                  mb={4}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            </SimpleGrid>
          </Paper>
        ))}
        <Group>
          <Button
            variant="light"
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() =>
              setSteps((old) => [
                ...old,
                {
                  key: Math.max(0, ...old.map((s) => s.key)) + 1,
                  title: "",
                  channel: "email",
                  ownerTeam: "marketing",
                  ownerMemberId: null,
                  day: (old.at(-1)?.day ?? 0) + 2,
                  asset: "",
                },
              ])
            }
          >
            Add a step
          </Button>
        </Group>
        {error && (!error.field || error.field === "steps") && <Alert color="red">{error.message}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} loading={create.isPending}>
            Create play
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function PlayDetailPage() {
  const { id = "" } = useParams();
  const play = usePlay(id);
  const [starting, setStarting] = useState(false);
  if (play.isPending) return <DetailSkeleton />;
  if (play.isError) return <ErrorAlert error={play.error} onRetry={() => play.refetch()} />;
  const p = play.data;
  return (
    <>
      <PageHeader
        title={p.name}
        description={p.description || "A coordinated play of both teams."}
        breadcrumbs={[{ label: "Plays", to: "/plays" }]}
        actions={
          <Button leftSection={<IconPlayerPlay size={16} />} onClick={() => setStarting(true)}>
            Start on accounts
          </Button>
        }
      />
      <Stack gap="md">
        <Section title="Steps" description="Who does what, on which day after the start, with which asset.">
          <DataTable minWidth={640}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Day</Table.Th>
                <Table.Th>Step</Table.Th>
                <Table.Th>Channel</Table.Th>
                <Table.Th>Owner</Table.Th>
                <Table.Th>Asset</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {p.steps.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>Day {s.day}</Table.Td>
                  <Table.Td>{s.title}</Table.Td>
                  <Table.Td>{label(PLAY_CHANNEL_LABELS, s.channel)}</Table.Td>
                  <Table.Td>
                    <Group gap={6}>
                      <TeamBadge value={s.ownerTeam} />
                      {s.ownerMemberId ? (
                        <MemberName id={s.ownerMemberId} />
                      ) : (
                        <Text size="sm" c="dimmed">
                          {s.ownerTeam === "sales" ? "the account's owner" : "the team"}
                        </Text>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>{s.asset || "—"}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </DataTable>
        </Section>
        <Runs playId={id} />
        <Section title="Tasks" description="Every task of this play, due first. Done, or skip it saying why.">
          <TaskTable
            query={{ playId: id }}
            empty={{
              title: "No tasks yet",
              description: "Start the play on target accounts to create them.",
            }}
          />
        </Section>
      </Stack>
      {starting && <StartModal playId={id} onClose={() => setStarting(false)} />}
    </>
  );
}

function Runs({ playId }: { playId: string }) {
  const runs = usePlayRuns({ playId });
  return (
    <Section
      title="Results"
      description="Touches per account since the start against as many days before, for the accounts in the play and comparable target accounts (same tier) not in it."
    >
      {runs.isPending ? (
        <TableSkeleton rows={2} />
      ) : runs.isError ? (
        <ErrorAlert error={runs.error} onRetry={() => runs.refetch()} />
      ) : runs.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          Not started yet.
        </Text>
      ) : (
        runs.data.items.map((run) => <RunResults key={run.id} run={run} />)
      )}
    </Section>
  );
}

function RunResults({ run }: { run: PlayRun }) {
  const r = run.results;
  const lift = r.lift == null ? "—" : `${r.lift > 0 ? "+" : ""}${formatNumber(r.lift)}`;
  return (
    <Paper withBorder radius="md" p="md" data-testid="play-run">
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={600}>
            Started {formatDate(run.startDate)} by {run.startedByName ?? "a former member"} on{" "}
            {run.accounts.map((a, i) => (
              <span key={a.id}>
                {i > 0 && ", "}
                <Anchor component={Link} to={`/accounts/${a.id}`}>
                  {a.name}
                </Anchor>
              </span>
            ))}
          </Text>
          <Badge variant="light">Ends {formatDate(run.endDate)}</Badge>
        </Group>
        <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>
          <Stat
            label="Engagement lift"
            value={lift}
            hint={
              r.lift == null
                ? "no comparable accounts yet"
                : `touches per account vs ${r.comparisonAccounts} comparable account${r.comparisonAccounts === 1 ? "" : "s"}`
            }
          />
          <Stat
            label="In the play"
            value={`${formatNumber(r.inPlay.before)} → ${formatNumber(r.inPlay.after)}`}
            hint={`touches per account, ${r.days} days before and since`}
          />
          <Stat label="Meetings" value={formatNumber(r.meetings)} />
          <Stat label="Opportunities" value={formatNumber(r.opportunities)} hint="created since the start" />
          <Stat label="Pipeline" value={formatMoney(r.pipeline)} />
          <Stat
            label="Tasks"
            value={`${r.tasks.done} done`}
            hint={`${r.tasks.open} to do · ${r.tasks.overdue} overdue · ${r.tasks.skipped} skipped`}
          />
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}

function StartModal({ playId, onClose }: { playId: string; onClose: () => void }) {
  const lists = useTargetLists();
  const [listId, setListId] = useState<string | null>(null);
  const chosenList = listId ?? lists.data?.items[0]?.id ?? null;
  const accounts = useTargetAccounts(chosenList, { offset: 0, limit: 200 });
  const [accountIds, setAccountIds] = useState<string[]>([]);
  const [startDate, setStartDate] = useState(new Date().toISOString().slice(0, 10));
  const [error, setError] = useState<string | null>(null);
  const start = useStartPlay(playId);
  const submit = () =>
    start.mutate(
      { accountIds, startDate },
      {
        onSuccess: (run) => {
          notifications.show({
            color: "green",
            message: `Started on ${run.accounts.length} account${run.accounts.length === 1 ? "" : "s"}: tasks are on both teams' lists`,
          });
          onClose();
        },
        onError: (e) => setError(errorMessage(e)),
      },
    );
  return (
    <Modal opened onClose={onClose} title="Start the play on target accounts" size="lg">
      <Stack>
        {lists.data?.items.length === 0 ? (
          <Alert color="yellow">
            No target-account list yet: plays run on accounts both teams agreed on.{" "}
            <Anchor component={Link} to="/target-accounts">
              Go to Target accounts
            </Anchor>
          </Alert>
        ) : (
          <>
            <Select
              label="Target-account list"
              data={(lists.data?.items ?? []).map((l) => ({ value: l.id, label: l.name }))}
              value={chosenList}
              onChange={(v) => {
                setListId(v);
                setAccountIds([]);
              }}
            />
            <MultiSelect
              label="Accounts"
              placeholder={accounts.isPending ? "Loading…" : "Pick accounts"}
              searchable
              data={(accounts.data?.items ?? []).map((a) => ({ value: a.accountId, label: a.name }))}
              value={accountIds}
              onChange={setAccountIds}
              nothingFoundMessage="No account on this list matches"
            />
            <TextInput
              label="Start on"
              type="date"
              value={startDate}
              onChange={(e) => setStartDate(e.currentTarget.value)}
              description="Day 0: every step is due this many days after it"
            />
          </>
        )}
        {error && <Alert color="red">{error}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} loading={start.isPending} disabled={accountIds.length === 0}>
            Start play
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
