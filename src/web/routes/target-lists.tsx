// Target accounts: the lists both teams agree to go after. Anyone proposes a change with a reason (the
// accounts' fit, engagement and deals are shown with it); a sales lead and a marketing lead both approve
// before it takes effect; the history keeps every change. The journey thresholds live here too.
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  NumberInput,
  Pagination,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconCheck, IconClock, IconPlus, IconTargetArrow } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import {
  type AbmSettings,
  JOURNEY_STAGE_LABELS,
  TARGET_TIER_LABELS,
  TARGET_TIERS,
  type TargetListChange,
  type TargetTier,
} from "../../shared/abm";
import {
  useAbmSettings,
  useChangeAction,
  useCreateTargetList,
  useListChanges,
  useListHistory,
  usePropose,
  useSaveAbmSettings,
  useTargetAccounts,
  useTargetList,
  useTargetLists,
} from "../features/abm/abm-api";
import { JourneyStageBadge, TierBadge } from "../features/abm/abm-ui";
import { Section, Stat } from "../features/common/detail";
import { DataTable } from "../features/common/list";
import { PageHeader } from "../features/common/page-header";
import { DetailSkeleton, EmptyBlock, ErrorAlert, TableSkeleton } from "../features/common/query-states";
import { RecordSelect } from "../features/common/records";
import { useSession } from "../features/session/session";
import { errorMessage, isApiError } from "../lib/api";
import { formatDate, formatDateTime, formatMoney, formatNumber, label, TEAM_LABELS } from "../lib/format";

const tierOptions = TARGET_TIERS.map((t) => ({ value: t, label: TARGET_TIER_LABELS[t] }));
const score = (n: number | null | undefined) => (n == null ? "—" : formatNumber(Math.round(n * 10) / 10));

function useLeadship() {
  const { member } = useSession();
  const isLead = member.role === "lead" || member.role === "admin";
  return {
    memberId: member.id,
    isLead,
    signingTeam: isLead && (member.team === "sales" || member.team === "marketing") ? member.team : null,
  };
}

export function TargetListsPage() {
  const lists = useTargetLists();
  const { isLead } = useLeadship();
  const [creating, setCreating] = useState(false);
  const create = (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
      New target list
    </Button>
  );
  return (
    <>
      <PageHeader
        title="Target accounts"
        description="The accounts sales and marketing agreed to go after together, by tier. A change takes effect only when a sales lead and a marketing lead both approve it."
        actions={isLead ? create : undefined}
      />
      <Stack gap="md">
        {lists.isPending ? (
          <TableSkeleton rows={3} />
        ) : lists.isError ? (
          <ErrorAlert error={lists.error} onRetry={() => lists.refetch()} />
        ) : lists.data.items.length === 0 ? (
          <Paper withBorder radius="md">
            <EmptyBlock
              icon={<IconTargetArrow size={28} />}
              title="No target-account list yet"
              description={
                isLead
                  ? "Create a list, then propose accounts for it: both teams approve before they count."
                  : "A team lead creates the list; then anyone can propose accounts for it."
              }
              action={isLead ? create : undefined}
            />
          </Paper>
        ) : (
          <Paper withBorder radius="md" p="md">
            <DataTable minWidth={760}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>List</Table.Th>
                  <Table.Th ta="right">Accounts</Table.Th>
                  <Table.Th>By tier</Table.Th>
                  <Table.Th>Waiting for approval</Table.Th>
                  <Table.Th ta="right">Pipeline</Table.Th>
                  <Table.Th ta="right">Revenue</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {lists.data.items.map((l) => (
                  <Table.Tr key={l.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/target-accounts/${l.id}`} fw={600} size="sm">
                        {l.name}
                      </Anchor>
                      {l.description && (
                        <Text size="xs" c="dimmed" lineClamp={1}>
                          {l.description}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td ta="right">{formatNumber(l.accounts)}</Table.Td>
                    <Table.Td>
                      {TARGET_TIERS.map((t) => `${TARGET_TIER_LABELS[t]} ${l.byTier[t] ?? 0}`).join(" · ")}
                    </Table.Td>
                    <Table.Td>
                      {l.pendingChanges > 0 ? (
                        <Badge color="yellow" variant="light">
                          {l.pendingChanges} proposal{l.pendingChanges === 1 ? "" : "s"}
                        </Badge>
                      ) : (
                        <Text size="sm" c="dimmed">
                          None
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td ta="right">{formatMoney(l.pipeline)}</Table.Td>
                    <Table.Td ta="right">{formatMoney(l.revenue)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </DataTable>
          </Paper>
        )}
        <JourneySettings />
      </Stack>
      {creating && <NewListModal onClose={() => setCreating(false)} />}
    </>
  );
}

function NewListModal({ onClose }: { onClose: () => void }) {
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [error, setError] = useState<string | null>(null);
  const create = useCreateTargetList();
  const navigate = useNavigate();
  const submit = () =>
    create.mutate(
      { name: name.trim(), description: description.trim() },
      {
        onSuccess: (list) => navigate(`/target-accounts/${list.id}`),
        onError: (e) => setError(isApiError(e) ? (e.fieldIssues[0]?.message ?? e.message) : errorMessage(e)),
      },
    );
  return (
    <Modal opened onClose={onClose} title="New target-account list">
      <Stack>
        <TextInput
          label="Name"
          placeholder="e.g. FY27 strategic accounts"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={error}
          required
          data-autofocus
        />
        <Textarea
          label="Description"
          placeholder="Who belongs here and why"
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} loading={create.isPending} disabled={!name.trim()}>
            Create list
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function JourneySettings() {
  const settings = useAbmSettings();
  const { isLead } = useLeadship();
  const [editing, setEditing] = useState(false);
  return (
    <Section
      title="Account journey"
      description="How an account moves from target to customer. Fit and engagement are the account scores of the live scoring model; deals decide the last two stages."
      actions={
        isLead && settings.data ? (
          <Button size="xs" variant="light" onClick={() => setEditing(true)}>
            Change thresholds
          </Button>
        ) : undefined
      }
    >
      {settings.isPending ? (
        <TableSkeleton rows={2} />
      ) : settings.isError ? (
        <ErrorAlert error={settings.error} onRetry={() => settings.refetch()} />
      ) : (
        <>
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>
            <Stat
              label={JOURNEY_STAGE_LABELS.aware}
              value={`≥ ${score(settings.data.awareEngagement)}`}
              hint="engagement"
            />
            <Stat
              label={JOURNEY_STAGE_LABELS.engaged}
              value={`≥ ${score(settings.data.engagedEngagement)}`}
              hint="engagement"
            />
            <Stat
              label="Marketing-qualified"
              value={`${score(settings.data.mqaFit)} / ${score(settings.data.mqaEngagement)}`}
              hint="fit and engagement at least"
            />
            <Stat label="Opportunity" value="Open deal" hint="any open opportunity" />
            <Stat label="Customer" value="Won deal" hint="any won opportunity" />
            <Stat
              label="Spike"
              value={`${settings.data.spikeMultiplier}×`}
              hint={`the 4-week weekly average, and ${settings.data.spikeMinTouches}+ touches in 7 days`}
            />
          </SimpleGrid>
          <Text size="xs" c="dimmed">
            Scores from {settings.data.modelName ?? "no live scoring model yet"}. A committee member counts as
            engaged with a touch in the last {settings.data.committeeDays} days. A spike tells the account's
            pod.
          </Text>
        </>
      )}
      {editing && settings.data && (
        <SettingsModal settings={settings.data} onClose={() => setEditing(false)} />
      )}
    </Section>
  );
}

function SettingsModal({ settings, onClose }: { settings: AbmSettings; onClose: () => void }) {
  const [values, setValues] = useState(settings);
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const save = useSaveAbmSettings();
  const set = (key: keyof AbmSettings) => (v: string | number) =>
    setValues((old) => ({ ...old, [key]: typeof v === "number" ? v : Number(v) }));
  const fieldError = (key: string) => (error?.field === key ? error.message : undefined);
  const submit = () => {
    const { modelName: _, ...body } = values;
    save.mutate(body, {
      onSuccess: onClose,
      onError: (e) =>
        setError(
          isApiError(e) && e.fieldIssues[0]
            ? { field: e.fieldIssues[0].path, message: e.fieldIssues[0].message }
            : { message: errorMessage(e) },
        ),
    });
  };
  const field = (key: keyof AbmSettings, text: string, min = 0) => (
    <NumberInput
      label={text}
      min={min}
      value={values[key] as number}
      onChange={set(key)}
      error={fieldError(key)}
    />
  );
  return (
    <Modal opened onClose={onClose} title="Account journey thresholds" size="lg">
      <Stack>
        <SimpleGrid cols={2}>
          {field("awareEngagement", "Aware at engagement")}
          {field("engagedEngagement", "Engaged at engagement")}
          {field("mqaFit", "MQA: fit at least", -100_000)}
          {field("mqaEngagement", "MQA: engagement at least")}
          {field("spikeMultiplier", "Spike: times the weekly average", 1)}
          {field("spikeMinTouches", "Spike: touches this week at least", 1)}
          {field("committeeDays", "Committee engaged within (days)", 1)}
        </SimpleGrid>
        {error && !error.field && <Alert color="red">{error.message}</Alert>}
        <Text size="xs" c="dimmed">
          Saving puts every account in its stage under the new thresholds at once; the change is in the audit
          log.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} loading={save.isPending}>
            Save thresholds
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

// --- One list ---------------------------------------------------------------------------------------------

export function TargetListDetailPage() {
  const { id = "" } = useParams();
  const list = useTargetList(id);
  const [proposing, setProposing] = useState(false);
  if (list.isPending) return <DetailSkeleton />;
  if (list.isError) return <ErrorAlert error={list.error} onRetry={() => list.refetch()} />;
  const l = list.data;
  return (
    <>
      <PageHeader
        title={l.name}
        description={l.description || "A target-account list both teams agreed on."}
        breadcrumbs={[{ label: "Target accounts", to: "/target-accounts" }]}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setProposing(true)}>
            Propose a change
          </Button>
        }
      />
      <Stack gap="md">
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          <Stat label="Accounts" value={formatNumber(l.accounts)} testId="list-accounts" />
          <Stat
            label="By tier"
            value={TARGET_TIERS.map((t) => l.byTier[t] ?? 0).join(" / ")}
            hint="1:1 / 1:few / 1:many"
          />
          <Stat label="Pipeline" value={formatMoney(l.pipeline)} hint="every deal of these accounts" />
          <Stat label="Revenue" value={formatMoney(l.revenue)} hint="won deals" />
        </SimpleGrid>
        <Proposals listId={id} />
        <ListAccounts listId={id} />
        <History listId={id} />
      </Stack>
      {proposing && <ProposeModal listId={id} onClose={() => setProposing(false)} />}
    </>
  );
}

function Proposals({ listId }: { listId: string }) {
  const changes = useListChanges(listId);
  const waiting = changes.data?.items.filter((c) => c.status === "draft") ?? [];
  return (
    <Section
      title="Proposals waiting for approval"
      description="A change counts once a sales lead and a marketing lead have both approved it."
    >
      {changes.isPending ? (
        <TableSkeleton rows={2} />
      ) : changes.isError ? (
        <ErrorAlert error={changes.error} onRetry={() => changes.refetch()} />
      ) : waiting.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing waiting. Propose a change to add, remove or re-tier accounts.
        </Text>
      ) : (
        waiting.map((c) => <ProposalCard key={c.id} listId={listId} change={c} />)
      )}
    </Section>
  );
}

const ACTION_WORDS: Record<string, string> = { add: "Add", remove: "Remove", change_tier: "Change tier" };

function ProposalCard({ listId, change }: { listId: string; change: TargetListChange }) {
  const { memberId, signingTeam, isLead } = useLeadship();
  const action = useChangeAction(listId);
  const signedByMe = change.approvals.some((a) => a.memberId === memberId);
  const myTeamSigned = signingTeam != null && change.approvals.some((a) => a.team === signingTeam);
  const run = (kind: "approve" | "withdraw" | "retire") =>
    action.mutate(
      { version: change.version, action: kind },
      {
        onSuccess: (c) =>
          notifications.show({
            color: "green",
            message:
              c.status === "active"
                ? "Both teams approved: the list has changed"
                : kind === "approve"
                  ? "Approved for your team; waiting for the other team"
                  : kind === "retire"
                    ? "Proposal withdrawn"
                    : "Approval withdrawn",
          }),
        onError: (e) => notifications.show({ color: "red", title: "Not done", message: errorMessage(e) }),
      },
    );
  return (
    <Paper withBorder radius="md" p="md" data-testid="proposal">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <div>
            <Text fw={700}>
              Proposal {change.version} by {change.createdByName ?? "a former member"}
            </Text>
            <Text size="sm">“{change.reason}”</Text>
            <Text size="xs" c="dimmed">
              {formatDateTime(change.createdAt)}
            </Text>
          </div>
          <Group gap="xs">
            {(["sales", "marketing"] as const).map((team) => {
              const a = change.approvals.find((s) => s.team === team);
              return (
                <Badge
                  key={team}
                  color={a ? "green" : "gray"}
                  variant="light"
                  leftSection={a ? <IconCheck size={12} /> : <IconClock size={12} />}
                  data-testid={`approval-${team}`}
                >
                  {label(TEAM_LABELS, team)}: {a ? a.name : "waiting"}
                </Badge>
              );
            })}
          </Group>
        </Group>
        <DataTable minWidth={700}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Change</Table.Th>
              <Table.Th>Account</Table.Th>
              <Table.Th>Tier</Table.Th>
              <Table.Th>Stage</Table.Th>
              <Table.Th ta="right">Fit</Table.Th>
              <Table.Th ta="right">Engagement</Table.Th>
              <Table.Th ta="right">Pipeline</Table.Th>
              <Table.Th ta="right">Open deals</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {change.items.map((i) => (
              <Table.Tr key={i.accountId}>
                <Table.Td>{ACTION_WORDS[i.action]}</Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/accounts/${i.accountId}`} size="sm">
                    {i.accountName}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  {i.fromTier && i.tier ? (
                    <>
                      <TierBadge tier={i.fromTier} /> → <TierBadge tier={i.tier} />
                    </>
                  ) : (
                    <TierBadge tier={i.tier ?? i.fromTier} />
                  )}
                </Table.Td>
                <Table.Td>
                  <JourneyStageBadge stage={i.evidence?.stage ?? null} />
                </Table.Td>
                <Table.Td ta="right">{score(i.evidence?.fit)}</Table.Td>
                <Table.Td ta="right">{score(i.evidence?.engagement)}</Table.Td>
                <Table.Td ta="right">{formatMoney(i.evidence?.pipeline ?? 0)}</Table.Td>
                <Table.Td ta="right">{formatNumber(i.evidence?.openOpportunities ?? 0)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </DataTable>
        <Group gap="xs">
          {signingTeam && !signedByMe && (
            <Button
              size="xs"
              onClick={() => run("approve")}
              loading={action.isPending}
              disabled={myTeamSigned}
            >
              Approve for {label(TEAM_LABELS, signingTeam)}
            </Button>
          )}
          {signedByMe && (
            <Button size="xs" variant="default" onClick={() => run("withdraw")} loading={action.isPending}>
              Withdraw my approval
            </Button>
          )}
          {isLead && (
            <Button
              size="xs"
              variant="subtle"
              color="red"
              onClick={() => run("retire")}
              loading={action.isPending}
            >
              Withdraw proposal
            </Button>
          )}
          {!signingTeam && (
            <Text size="xs" c="dimmed">
              A sales lead and a marketing lead approve proposals.
            </Text>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

function ProposeModal({ listId, onClose }: { listId: string; onClose: () => void }) {
  const [accountId, setAccountId] = useState<string | null>(null);
  const [act, setAct] = useState<"add" | "remove" | "change_tier">("add");
  const [tier, setTier] = useState<TargetTier | null>("one_to_few");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const propose = usePropose(listId);
  const submit = () => {
    if (!accountId) return setError({ field: "items.0.accountId", message: "Pick an account" });
    propose.mutate(
      { items: [{ accountId, action: act, tier: act === "remove" ? null : tier }], reason },
      {
        onSuccess: () => {
          notifications.show({
            color: "green",
            message: "Proposed: a sales lead and a marketing lead will approve it",
          });
          onClose();
        },
        onError: (e) =>
          setError(
            isApiError(e) && e.fieldIssues[0]
              ? { field: e.fieldIssues[0].path, message: e.fieldIssues[0].message }
              : { message: errorMessage(e) },
          ),
      },
    );
  };
  const fieldError = (f: string) => (error?.field === f ? error.message : undefined);
  return (
    <Modal opened onClose={onClose} title="Propose a change to the list" size="lg">
      <Stack>
        <SegmentedControl
          value={act}
          onChange={(v) => setAct(v as typeof act)}
          data={[
            { value: "add", label: "Add an account" },
            { value: "change_tier", label: "Change its tier" },
            { value: "remove", label: "Remove it" },
          ]}
        />
        <RecordSelect
          resource="accounts"
          label="Account"
          placeholder="Search accounts"
          value={accountId}
          onChange={setAccountId}
          error={fieldError("items.0.accountId")}
        />
        {act !== "remove" && (
          <Select
            label="Tier"
            description="1:1 bespoke, 1:few tailored to a cluster, 1:many programmatic"
            data={tierOptions}
            value={tier}
            onChange={(v) => setTier(v as TargetTier | null)}
            error={fieldError("items.0.tier")}
          />
        )}
        <Textarea
          label="Why?"
          placeholder="e.g. Fits our ICP and three of their people attended the webinar"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={fieldError("reason")}
          autosize
          minRows={2}
        />
        <Text size="xs" c="dimmed">
          The account's fit, engagement and deals are kept with your proposal, so both leads decide on the
          same data.
        </Text>
        {error && !error.field && <Alert color="red">{error.message}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} loading={propose.isPending}>
            Propose
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function ListAccounts({ listId }: { listId: string }) {
  const limit = 25;
  const [page, setPage] = useState(1);
  const [tier, setTier] = useState<TargetTier | undefined>(undefined);
  const accounts = useTargetAccounts(listId, { tier, offset: (page - 1) * limit, limit });
  return (
    <Section
      title="Accounts on the list"
      description="Most engaged first within each tier, with where each is in its journey."
      actions={
        <Select
          size="xs"
          placeholder="All tiers"
          clearable
          data={tierOptions}
          value={tier ?? null}
          onChange={(v) => {
            setTier((v as TargetTier | null) ?? undefined);
            setPage(1);
          }}
          aria-label="Tier"
          w={140}
        />
      }
    >
      {accounts.isPending ? (
        <TableSkeleton rows={4} />
      ) : accounts.isError ? (
        <ErrorAlert error={accounts.error} onRetry={() => accounts.refetch()} />
      ) : accounts.data.total === 0 ? (
        <EmptyBlock
          title={tier ? "No account at this tier" : "No accounts yet"}
          description="Propose accounts: they join once both teams approve."
        />
      ) : (
        <>
          <DataTable minWidth={760}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Account</Table.Th>
                <Table.Th>Tier</Table.Th>
                <Table.Th>Stage</Table.Th>
                <Table.Th ta="right">Fit</Table.Th>
                <Table.Th ta="right">Engagement</Table.Th>
                <Table.Th ta="right">Pipeline</Table.Th>
                <Table.Th ta="right">Revenue</Table.Th>
                <Table.Th>On the list since</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {accounts.data.items.map((a) => (
                <Table.Tr key={a.accountId} data-testid="target-account">
                  <Table.Td>
                    <Anchor component={Link} to={`/accounts/${a.accountId}`} size="sm" fw={600}>
                      {a.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <TierBadge tier={a.tier} />
                  </Table.Td>
                  <Table.Td>
                    <JourneyStageBadge stage={a.stage} />
                  </Table.Td>
                  <Table.Td ta="right">{score(a.fit)}</Table.Td>
                  <Table.Td ta="right">{score(a.engagement)}</Table.Td>
                  <Table.Td ta="right">{formatMoney(a.pipeline)}</Table.Td>
                  <Table.Td ta="right">{formatMoney(a.revenue)}</Table.Td>
                  <Table.Td>{formatDate(a.addedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </DataTable>
          {accounts.data.total > limit && (
            <Group justify="flex-end">
              <Pagination
                size="sm"
                total={Math.ceil(accounts.data.total / limit)}
                value={page}
                onChange={setPage}
              />
            </Group>
          )}
        </>
      )}
    </Section>
  );
}

const HISTORY_WORDS: Record<string, string> = {
  added: "Added",
  removed: "Removed",
  tier_changed: "Tier changed",
};

function History({ listId }: { listId: string }) {
  const history = useListHistory(listId);
  return (
    <Section
      title="History"
      description="Every change that took effect, with the reason both teams approved."
    >
      {history.isPending ? (
        <TableSkeleton rows={2} />
      ) : history.isError ? (
        <ErrorAlert error={history.error} onRetry={() => history.refetch()} />
      ) : history.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          No change has taken effect yet.
        </Text>
      ) : (
        <DataTable minWidth={700}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Account</Table.Th>
              <Table.Th>Change</Table.Th>
              <Table.Th>Why</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {history.data.items.map((h) => (
              <Table.Tr key={`${h.version}-${h.accountId}`}>
                <Table.Td>{formatDateTime(h.at)}</Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/accounts/${h.accountId}`} size="sm">
                    {h.accountName}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    <Text size="sm">{HISTORY_WORDS[h.action]}</Text>
                    {h.fromTier && h.action !== "added" && <TierBadge tier={h.fromTier} />}
                    {h.action === "tier_changed" && "→"}
                    {h.tier && <TierBadge tier={h.tier} />}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{h.reason}</Text>
                  <Text size="xs" c="dimmed">
                    Proposal {h.version}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </DataTable>
      )}
    </Section>
  );
}
