// One scoring model: its versions, and for the chosen version the rules, the joint approval, the backtest and
// what changed; for the model, how the live version's scores spread over contacts.
import { Badge, Group, Paper, ScrollArea, Stack, Tabs, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import {
  IconChartBar,
  IconCheck,
  IconClock,
  IconCopy,
  IconGitCompare,
  IconHistory,
  IconListDetails,
} from "@tabler/icons-react";
import { useCallback, useState } from "react";
import { useParams, useSearchParams } from "react-router";
import type { ScoringModel, ScoringVersionSummary } from "../../shared/scoring";
import { APPROVING_TEAMS } from "../features/agreements/agreement";
import { VersionCard } from "../features/agreements/version-card";
import { ExportCsvButton } from "../features/common/export-button";
import { PageHeader } from "../features/common/page-header";
import { DetailSkeleton, ErrorAlert } from "../features/common/query-states";
import { GuardedButton } from "../features/common/record-actions";
import { ApprovalPanel } from "../features/scoring/approval-panel";
import { BacktestPanel } from "../features/scoring/backtest-panel";
import { CalibrateButton } from "../features/scoring/calibration";
import { DiffView } from "../features/scoring/diff-view";
import { DistributionPanel } from "../features/scoring/distribution-panel";
import {
  useNewDraft,
  useScoringModel,
  useScoringPermissions,
  useScoringVersion,
} from "../features/scoring/scoring-api";
import { StatusBadge, teamLabel } from "../features/scoring/scoring-format";
import { VersionEditor } from "../features/scoring/version-editor";
import { errorMessage } from "../lib/api";
import { formatDate } from "../lib/format";

const TABS = ["rules", "backtest", "changes", "live"] as const;
type Tab = (typeof TABS)[number];

/** The version to open when none is chosen: the newest one, where the current work is. */
function defaultVersion(model: ScoringModel): number {
  return model.latestVersion;
}

export function ScoringModelPage() {
  const { id = "" } = useParams();
  const [search, setSearch] = useSearchParams();
  const model = useScoringModel(id);
  const [dirty, setDirty] = useState(false);
  const [months, setMonths] = useState(6);
  const { canEdit, editHint } = useScoringPermissions();
  const newDraft = useNewDraft(id);

  const requested = Number(search.get("version"));
  const selected = model.data?.versions.some((v) => v.version === requested)
    ? requested
    : model.data
      ? defaultVersion(model.data)
      : null;
  const tabParam = search.get("tab");
  const tab: Tab = (TABS as readonly string[]).includes(tabParam ?? "") ? (tabParam as Tab) : "rules";
  const version = useScoringVersion(id, selected);

  const open = useCallback(
    (next: number) => {
      if (dirty && !window.confirm("Leave this version? Your unsaved changes to its rules will be lost."))
        return;
      setDirty(false);
      setSearch(
        (prev) => {
          const params = new URLSearchParams(prev);
          params.set("version", String(next));
          return params;
        },
        { replace: false },
      );
    },
    [dirty, setSearch],
  );
  const setTab = (next: string | null) =>
    setSearch(
      (prev) => {
        const params = new URLSearchParams(prev);
        if (!next || next === "rules") params.delete("tab");
        else params.set("tab", next);
        return params;
      },
      { replace: true },
    );

  if (model.isPending) return <DetailSkeleton />;
  if (model.isError) return <ErrorAlert error={model.error} onRetry={() => model.refetch()} />;
  const m = model.data;
  const versions = [...m.versions].sort((a, b) => b.version - a.version);
  const hasOpenDraft = versions.some((v) => v.status === "draft" || v.status === "approved");

  const startDraft = () =>
    newDraft.mutate(
      {},
      {
        onSuccess: (draft) => {
          notifications.show({
            color: "green",
            message: `Version ${draft.version} started from version ${m.latestVersion}.`,
          });
          open(draft.version);
        },
        onError: (error) =>
          notifications.show({ color: "red", title: "No draft started", message: errorMessage(error) }),
      },
    );

  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Scoring", to: "/scoring" }]}
        title={m.name}
        badges={
          m.activeVersion !== null ? (
            <Badge color="green" variant="light" size="lg" data-testid="live-version">
              Live: version {m.activeVersion}
            </Badge>
          ) : (
            <Badge color="gray" variant="light" size="lg" data-testid="live-version">
              Not live yet
            </Badge>
          )
        }
        description={
          m.description ||
          "Fit points for who a contact is, engagement points for what they do, and the score at which a lead goes to sales."
        }
        actions={
          <>
            <ExportCsvButton
              resource="scores"
              params={{}}
              noun="score"
              download={{
                href: `/api/scoring-models/${m.id}/scores.csv`,
                label: "Export scores",
                tooltip:
                  "Downloads every contact's stored score under this model: fit, engagement, total, grade, whether it meets the MQL condition, and the version",
              }}
            />
            <CalibrateButton modelId={m.id} onOpenVersion={open} />
            {!hasOpenDraft && (
              <GuardedButton
                allowed={canEdit}
                hint={editHint}
                variant="default"
                leftSection={<IconCopy size={16} />}
                onClick={startDraft}
                loading={newDraft.isPending}
              >
                New draft
              </GuardedButton>
            )}
          </>
        }
      />
      <Stack gap="md">
        <Paper withBorder p="sm" radius="md" component="nav" aria-label="Versions">
          <Group gap={6} mb="xs">
            <IconHistory size={16} />
            <Title order={3} size="h5">
              Versions
            </Title>
            <Text size="xs" c="dimmed">
              newest first; pick one to see its rules, approvals and backtest
            </Text>
          </Group>
          <ScrollArea type="auto" offsetScrollbars>
            <Group gap="xs" wrap="nowrap" align="stretch">
              {versions.map((v) => (
                <VersionCard
                  key={v.id}
                  version={v}
                  badge={<StatusBadge status={v.status} size="sm" />}
                  selected={v.version === selected}
                  onOpen={() => open(v.version)}
                  label={`Version ${v.version}, ${v.status}`}
                  testId="version-item"
                  w={230}
                >
                  <ApprovalChips version={v} />
                  {v.activatedAt && (
                    <Text size="xs" c="dimmed" mt={2}>
                      {v.status === "active" ? "Live since" : "Was live from"} {formatDate(v.activatedAt)}
                      {v.activatedByName ? ` · by ${v.activatedByName}` : ""}
                      {v.retiredAt ? ` to ${formatDate(v.retiredAt)}` : ""}
                    </Text>
                  )}
                </VersionCard>
              ))}
            </Group>
          </ScrollArea>
        </Paper>
        {selected === null || version.isPending ? (
          <DetailSkeleton />
        ) : version.isError ? (
          <ErrorAlert error={version.error} onRetry={() => version.refetch()} />
        ) : (
          <>
            <ApprovalPanel
              key={version.data.id}
              modelId={m.id}
              version={version.data}
              liveVersion={m.activeVersion}
              dirty={dirty}
            />
            <Paper withBorder p="md" radius="md">
              <Tabs value={tab} onChange={setTab} keepMounted={false}>
                <Tabs.List mb="md">
                  <Tabs.Tab value="rules" leftSection={<IconListDetails size={16} />}>
                    Rules
                  </Tabs.Tab>
                  <Tabs.Tab value="backtest" leftSection={<IconChartBar size={16} />}>
                    Backtest
                  </Tabs.Tab>
                  <Tabs.Tab value="changes" leftSection={<IconGitCompare size={16} />}>
                    What changed
                  </Tabs.Tab>
                  <Tabs.Tab value="live" leftSection={<IconChartBar size={16} />}>
                    Live scores
                  </Tabs.Tab>
                </Tabs.List>
                <Tabs.Panel value="rules">
                  <VersionEditor
                    key={version.data.id}
                    modelId={m.id}
                    version={version.data}
                    onDirtyChange={setDirty}
                    onOpenVersion={open}
                  />
                </Tabs.Panel>
                <Tabs.Panel value="backtest">
                  <BacktestPanel
                    modelId={m.id}
                    version={version.data.version}
                    months={months}
                    onMonthsChange={setMonths}
                  />
                </Tabs.Panel>
                <Tabs.Panel value="changes">
                  <DiffView modelId={m.id} version={version.data.version} />
                </Tabs.Panel>
                <Tabs.Panel value="live">
                  <DistributionPanel modelId={m.id} live={m.activeVersion} />
                </Tabs.Panel>
              </Tabs>
            </Paper>
          </>
        )}
      </Stack>
    </>
  );
}

function ApprovalChips({ version }: { version: ScoringVersionSummary }) {
  return (
    <Group gap={8} mt={4}>
      {APPROVING_TEAMS.map((team) => {
        const a = version.approvals.find((x) => x.team === team);
        return (
          <Group key={team} gap={2} wrap="nowrap" title={a ? `Approved by ${a.name}` : `No ${team} approval`}>
            {a ? (
              <IconCheck size={12} color="var(--mantine-color-green-7)" />
            ) : (
              <IconClock size={12} color="var(--mantine-color-gray-5)" />
            )}
            <Text size="xs" c={a ? "green.8" : "dimmed"}>
              {teamLabel(team)}
            </Text>
          </Group>
        );
      })}
    </Group>
  );
}
