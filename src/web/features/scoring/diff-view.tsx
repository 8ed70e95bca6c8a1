// What changed from the version before, rule by rule, in sentences: what the approvers actually sign.
import { Badge, Group, List, Paper, Stack, Text, Title } from "@mantine/core";
import { IconGitCompare } from "@tabler/icons-react";
import type { EngagementRule, FitRule, RuleDiff, ScoringDefinition } from "../../../shared/scoring";
import { EmptyBlock, ErrorAlert, TableSkeleton } from "../common/query-states";
import { useVersionDiff } from "./scoring-api";
import {
  describeCap,
  describeFitCondition,
  describeHalfLife,
  describeMqlAlternative,
  describeTouchCondition,
  formatPoints,
  touchTypeLabel,
} from "./scoring-format";

const KIND_LABELS: Record<RuleDiff["kind"], string> = {
  fit: "Fit rule",
  engagement: "Engagement rule",
  decay: "Decay group",
  grades: "Grades",
  mql: "MQL condition",
};
const CHANGE_COLORS: Record<RuleDiff["change"], string> = { added: "green", removed: "red", changed: "blue" };
const CHANGE_LABELS: Record<RuleDiff["change"], string> = {
  added: "Added",
  removed: "Removed",
  changed: "Changed",
};

type Grades = ScoringDefinition["grades"];
type Mql = ScoringDefinition["mql"];
type Decay = ScoringDefinition["decayGroups"][number];

function fitLines(rule: FitRule): [string, string][] {
  return [
    ["Name", rule.label],
    ["When", rule.conditions.map(describeFitCondition).join(" and ")],
    ["Points", formatPoints(rule.points)],
  ];
}

function engagementLines(rule: EngagementRule): [string, string][] {
  return [
    ["Name", rule.label],
    ["Touches", rule.conditions.map(describeTouchCondition).join(" and ")],
    ["Points", `${formatPoints(rule.points)} per touch`],
    ["Cap", describeCap(rule)],
    ["Decay group", rule.group],
    ["Window", rule.withinDays != null ? `last ${rule.withinDays} days` : "any time"],
  ];
}

function linesOf(kind: RuleDiff["kind"], value: unknown): [string, string][] {
  if (value == null) return [];
  switch (kind) {
    case "fit":
      return fitLines(value as FitRule);
    case "engagement":
      return engagementLines(value as EngagementRule);
    case "decay": {
      const g = value as Decay;
      return [
        ["Name", g.id],
        ["Half-life", describeHalfLife(g.halfLifeDays)],
      ];
    }
    case "grades": {
      const g = value as Grades;
      return [
        ["Fit", `A ≥ ${g.fit[0]}, B ≥ ${g.fit[1]}, C ≥ ${g.fit[2]}`],
        ["Engagement", `1 ≥ ${g.engagement[0]}, 2 ≥ ${g.engagement[1]}, 3 ≥ ${g.engagement[2]}`],
      ];
    }
    case "mql": {
      const m = value as Mql;
      return [
        ["MQL when", m.anyOf.map(describeMqlAlternative).join(" or ") || "no score threshold"],
        ["Hand-off", m.handoffTouchTypes.map(touchTypeLabel).join(", ") || "none"],
      ];
    }
  }
}

function titleOf(change: RuleDiff): string {
  const value = (change.after ?? change.before) as { label?: string } | null;
  if (change.kind === "fit" || change.kind === "engagement") return value?.label || change.id;
  if (change.kind === "decay") return change.id;
  return "";
}

function ChangeCard({ change }: { change: RuleDiff }) {
  const before = linesOf(change.kind, change.before);
  const after = linesOf(change.kind, change.after);
  let items: { name: string; text: string }[];
  if (change.change === "changed") {
    const old = new Map(before);
    items = after
      .filter(([name, text]) => old.get(name) !== text)
      .map(([name, text]) => ({ name, text: `${old.get(name) ?? "—"} → ${text}` }));
  } else items = (after.length ? after : before).map(([name, text]) => ({ name, text }));
  return (
    <Paper withBorder p="sm" radius="md" data-testid="diff-change">
      <Group gap="xs" mb={4}>
        <Badge color={CHANGE_COLORS[change.change]} variant="light">
          {CHANGE_LABELS[change.change]}
        </Badge>
        <Text size="sm" fw={700}>
          {KIND_LABELS[change.kind]}
          {titleOf(change) ? ` “${titleOf(change)}”` : ""}
        </Text>
      </Group>
      <List size="sm" spacing={2}>
        {items.map((item) => (
          <List.Item key={item.name}>
            <Text span c="dimmed" size="sm">
              {item.name}:{" "}
            </Text>
            <Text span size="sm" td={change.change === "removed" ? "line-through" : undefined}>
              {item.text}
            </Text>
          </List.Item>
        ))}
      </List>
    </Paper>
  );
}

export function DiffView({ modelId, version }: { modelId: string; version: number }) {
  const diff = useVersionDiff(modelId, version, true);
  if (version <= 1)
    return (
      <EmptyBlock
        icon={<IconGitCompare size={28} />}
        title="The first version"
        description="Version 1 has nothing before it to compare with. Later versions show here what changed, rule by rule."
      />
    );
  if (diff.isPending) return <TableSkeleton rows={4} />;
  if (diff.isError) return <ErrorAlert error={diff.error} onRetry={() => diff.refetch()} />;
  const { changes, from, to } = diff.data;
  return (
    <Stack gap="sm" data-testid="diff">
      <div>
        <Title order={3} size="h4">
          What changed from version {from} to {to}
        </Title>
        <Text size="sm" c="dimmed">
          This is what both teams sign when they approve version {to}.
        </Text>
      </div>
      {changes.length === 0 ? (
        <Text size="sm" c="dimmed">
          No changes: the rules are the same as version {from}.
        </Text>
      ) : (
        changes.map((c) => <ChangeCard key={`${c.kind}:${c.id}`} change={c} />)
      )}
    </Stack>
  );
}
