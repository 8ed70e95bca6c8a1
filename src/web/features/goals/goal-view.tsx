// How a goal reads: its owner and metric, progress against target as a bar, the forecast for the period's
// end, and for revenue the forecast categories; a shared win's state ("half way: waiting for ...").
import { Alert, Badge, Group, Progress, Stack, Text, Tooltip } from "@mantine/core";
import { IconConfetti, IconUsersGroup } from "@tabler/icons-react";
import {
  FORECAST_CATEGORY_LABELS,
  type Goal,
  type GoalMetric,
  type GoalProgress,
  type PeriodKind,
  periodBounds,
  periodContaining,
  type SharedWin,
} from "../../../shared/goals";
import {
  formatMoney,
  formatNumber,
  OPPORTUNITY_STAGE_LABELS,
  TEAM_COLORS,
  TEAM_LABELS,
} from "../../lib/format";
import { formatPercent } from "../sla/calendar-text";

type Unit = Goal["unit"];

/** An amount, a count or a share, as the metric's unit says. */
export function formatValue(value: number | null | undefined, unit: Unit): string {
  if (value === null || value === undefined) return "—";
  if (unit === "money") return formatMoney(value);
  if (unit === "share") return formatPercent(value, 1);
  return formatNumber(Math.round(value));
}

/** The colour of progress: green when hit, otherwise by how the forecast compares with the target. */
export function progressColor(p: GoalProgress, target: number): string {
  if (p.hit) return "green";
  if (p.forecast === null) return "indigo";
  return p.forecast >= target ? "teal" : p.forecast >= target * 0.8 ? "yellow" : "red";
}

/** "On track: forecast $120,000" / "Behind: forecast $70,000 of $100,000" */
export function forecastWords(p: GoalProgress, target: number, unit: Unit): string {
  if (p.hit) return "Hit";
  if (p.forecast === null) return "No forecast yet: the period has not started";
  if (unit === "share") return `Now ${formatValue(p.forecast, unit)} (target ${formatValue(target, unit)})`;
  return `${p.forecast >= target ? "On track" : "Behind"}: forecast ${formatValue(p.forecast, unit)} by the period's end`;
}

export function GoalProgressBar({ goal, compact }: { goal: Goal; compact?: boolean }) {
  const p = goal.progress;
  const title = (
    <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
      <Text size="sm" fw={600} truncate="end" title={goal.title}>
        {goal.title}
      </Text>
      {goal.sharedWinId && (
        <Tooltip label="Part of a shared win: celebrated only when every linked goal of both teams is hit">
          <IconUsersGroup size={16} aria-label="Part of a shared win" style={{ flexShrink: 0 }} />
        </Tooltip>
      )}
    </Group>
  );
  const figures = (
    <Group gap={6} wrap="nowrap">
      <Text size="sm" style={{ whiteSpace: "nowrap" }}>
        <Text span fw={700}>
          {formatValue(p.actual, goal.unit)}
        </Text>{" "}
        of {formatValue(goal.target, goal.unit)}
      </Text>
      {p.hit && (
        <Badge color="green" size="sm">
          Hit
        </Badge>
      )}
    </Group>
  );
  return (
    <Stack gap={4} data-testid={`goal-${goal.id}`}>
      {compact ? (
        <>
          {title}
          {figures}
        </>
      ) : (
        <Group justify="space-between" wrap="nowrap" gap="xs" align="baseline">
          {title}
          {figures}
        </Group>
      )}
      <Progress
        value={Math.min(100, p.share * 100)}
        color={progressColor(p, goal.target)}
        size={compact ? "sm" : "md"}
        aria-label={`${goal.title}: ${Math.round(p.share * 100)}% of target`}
      />
      {!compact && (
        <Text size="xs" c="dimmed">
          {forecastWords(p, goal.target, goal.unit)}
          {goal.unit === "share" && !p.judged && p.of !== null && ` · too few to judge yet (${p.of} decided)`}
          {goal.unit !== "share" && p.weighted !== null && p.runRate !== null && !p.hit
            ? ` · at the run rate ${formatValue(p.runRate, goal.unit)}`
            : ""}
        </Text>
      )}
    </Stack>
  );
}

/** Revenue's forecast categories, as revenue teams use them, and how the open deals were weighted. */
export function ForecastCategories({ progress }: { progress: GoalProgress }) {
  if (!progress.categories) return null;
  return (
    <Stack gap={4}>
      <ForecastCategoryFigures categories={progress.categories} />
      <StageWeighting progress={progress} />
    </Stack>
  );
}

/** "Weighted by each stage's win rate ...: Discovery 60% (3 of 5 won) × $20,000 = $12,000 · ..." */
function StageWeighting({ progress }: { progress: GoalProgress }) {
  const stages = (progress.stageRates ?? []).filter((s) => s.openDeals > 0);
  if (stages.length === 0) return null;
  const parts = stages.map((s) =>
    s.rate === null
      ? `${OPPORTUNITY_STAGE_LABELS[s.stage]}: no closed deal has reached it yet (${formatMoney(s.openAmount)} not weighted)`
      : `${OPPORTUNITY_STAGE_LABELS[s.stage]} ${formatPercent(s.rate)} (${s.won} of ${s.of} won) × ${formatMoney(s.openAmount)} = ${formatMoney(s.weighted ?? 0)}`,
  );
  return (
    <Text size="xs" c="dimmed" data-testid="stage-weighting">
      Open deals weighted by their stage's win rate (deals closed in the last 12 months): {parts.join(" · ")}
      {progress.weighted === null
        ? ". The forecast uses the run rate until every stage has a measured rate."
        : "."}
    </Text>
  );
}

function ForecastCategoryFigures({ categories }: { categories: NonNullable<GoalProgress["categories"]> }) {
  return (
    <Group gap="lg" wrap="wrap">
      {categories.map((c) => (
        <Stack key={c.category} gap={0}>
          <Text size="xs" c="dimmed">
            {FORECAST_CATEGORY_LABELS[c.category]}
          </Text>
          <Text size="sm" fw={600}>
            {formatMoney(c.amount)}
          </Text>
          <Text size="xs" c="dimmed">
            {c.deals} deal{c.deals === 1 ? "" : "s"}
          </Text>
        </Stack>
      ))}
    </Group>
  );
}

export function SideBadge({ side }: { side: Goal["side"] }) {
  if (!side) return null;
  return (
    <Badge size="xs" variant="light" color={TEAM_COLORS[side]}>
      {TEAM_LABELS[side]}
    </Badge>
  );
}

const STATE_COLORS: Record<SharedWin["state"], string> = {
  celebrated: "green",
  half_way: "yellow",
  open: "gray",
};
const STATE_LABELS: Record<SharedWin["state"], string> = {
  celebrated: "Everybody won",
  half_way: "Half way",
  open: "No party yet",
};

export function SharedWinView({ win }: { win: SharedWin }) {
  return (
    <Stack gap={6} data-testid={`shared-win-${win.id}`}>
      <Group justify="space-between" wrap="nowrap">
        <Text fw={700}>{win.name}</Text>
        <Badge color={STATE_COLORS[win.state]}>{STATE_LABELS[win.state]}</Badge>
      </Group>
      <Text size="sm" data-testid="shared-win-summary">
        {win.summary}
      </Text>
      <Stack gap={2}>
        {win.goals.map((g) => (
          <Group key={g.id} gap="xs" wrap="nowrap">
            <Text size="sm" c={g.hit ? "green.8" : undefined}>
              {g.hit ? "✓" : "○"}
            </Text>
            <Text size="sm">{g.title}</Text>
            <SideBadge side={g.side} />
            <Text size="xs" c="dimmed">
              {Math.round(g.share * 100)}%
            </Text>
          </Group>
        ))}
      </Stack>
    </Stack>
  );
}

/** The celebration banner: only when every linked goal of both teams is hit. */
export function CelebrationBanner({ win }: { win: SharedWin }) {
  return (
    <Alert
      color="green"
      variant="filled"
      icon={<IconConfetti size={22} />}
      title={`Everybody won: ${win.name}`}
      data-testid="celebration-banner"
    >
      Every linked goal of both teams is hit ({win.goals.map((g) => g.title).join("; ")}). Thank each other on
      the wall!
    </Alert>
  );
}

/** The period a page shows, and its neighbours: "2026-Q3" -> "2026-Q2" / "2026-Q4". */
export function shiftPeriod(period: string, by: number): string {
  const b = periodBounds(period);
  if (!b) return period;
  const [y, m] = b.from.split("-").map(Number);
  const step = b.kind === "month" ? 1 : b.kind === "quarter" ? 3 : 12;
  const months = y * 12 + (m - 1) + by * step;
  const day = `${Math.floor(months / 12)}-${String((months % 12) + 1).padStart(2, "0")}-01`;
  return periodContaining(day, b.kind);
}

export function currentPeriodOf(kind: PeriodKind): string {
  const d = new Date();
  const day = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-01`;
  return periodContaining(day, kind);
}

export function periodLabel(period: string): string {
  return periodBounds(period)?.label ?? period;
}

export const METRIC_HINTS: Record<GoalMetric, string> = {
  revenue_won: "Deals won in the period",
  pipeline_created: "Amounts of deals created in the period",
  mqls: "Contacts becoming MQLs in the period",
  sals: "MQLs accepted by sales in the period",
  sqls: "Contacts becoming SQLs in the period",
  sla_compliance: "SLA clocks met of those decided (a share, e.g. 90%)",
  acceptance_rate: "MQLs accepted of those answered (a share, e.g. 70%)",
  touches: "Touches logged in the period",
};
