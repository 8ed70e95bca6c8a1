// The rules of one version: fit rules, engagement rules, how fast engagement fades, grades and the MQL
// condition. Editable for drafts (leads and admins), read as plain sentences otherwise. Each rule shows how
// many contacts it matches right now, counted on the unsaved rules as they are edited.
import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Loader,
  MultiSelect,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import type { ComponentType, ReactNode } from "react";
import { TOUCH_TYPES } from "../../../shared/domain";
import type {
  EngagementRule,
  FitCondition,
  FitRule,
  ScoringDefinition,
  TouchCondition,
} from "../../../shared/scoring";
import { formatNumber, TOUCH_TYPE_LABELS } from "../../lib/format";
import { FitConditionEditor, TouchConditionEditor } from "./condition-editor";
import type { RuleCounts } from "./scoring-api";
import {
  describeCap,
  describeFitCondition,
  describeHalfLife,
  describeMqlAlternative,
  describeTouchCondition,
  formatPoints,
  touchTypeLabel,
} from "./scoring-format";

/** Errors keyed by their path inside the definition, e.g. "fitRules.0.points". */
export type DefinitionErrors = Record<string, string>;

interface EditorProps {
  definition: ScoringDefinition;
  onChange: (definition: ScoringDefinition) => void;
  readOnly: boolean;
  errors: DefinitionErrors;
  counts: RuleCounts | undefined;
  countsState: "idle" | "loading" | "stale" | "error";
}

/** A number input's value: NaN while empty, so validation says "is required" instead of guessing 0. */
function toNumber(value: number | string): number {
  if (value === "") return Number.NaN;
  return typeof value === "number" ? value : Number(value);
}
function toNullable(value: number | string): number | null {
  if (value === "") return null;
  const n = typeof value === "number" ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}
const shown = (n: number | null | undefined) => (n == null || Number.isNaN(n) ? "" : n);

/** A rule id no other rule uses: "rule-4". */
function freshId(definition: ScoringDefinition, prefix: string): string {
  const used = new Set([...definition.fitRules, ...definition.engagementRules].map((r) => r.id));
  for (let i = 1; ; i++) if (!used.has(`${prefix}-${i}`)) return `${prefix}-${i}`;
}

function replaceAt<T>(items: T[], index: number, item: T): T[] {
  return items.map((x, i) => (i === index ? item : x));
}

function PartHeader({
  title,
  description,
  actions,
}: {
  title: string;
  description: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <Group justify="space-between" align="flex-end" wrap="wrap" gap="xs">
      <div style={{ flex: 1, minWidth: 240 }}>
        <Title order={4}>{title}</Title>
        <Text size="sm" c="dimmed">
          {description}
        </Text>
      </div>
      {actions}
    </Group>
  );
}

function CountBadge({
  kind,
  id,
  counts,
  state,
}: {
  kind: "fit" | "engagement";
  id: string;
  counts: RuleCounts | undefined;
  state: EditorProps["countsState"];
}) {
  const count = counts?.rules.find((r) => r.kind === kind && r.id === id)?.contacts;
  if (state === "loading" && count === undefined) return <Loader size="xs" aria-label="Counting contacts" />;
  if (count === undefined)
    return (
      <Tooltip
        label={
          state === "error" ? "Could not count contacts" : "Fix this rule to count the contacts it matches"
        }
      >
        <Text size="sm" c="dimmed">
          —
        </Text>
      </Tooltip>
    );
  const total = counts?.contacts ?? 0;
  const what =
    kind === "fit"
      ? "Contacts this rule matches right now"
      : "Contacts with at least one touch this rule counts";
  return (
    <Tooltip label={`${what}, of ${formatNumber(total)} contacts${state === "stale" ? " (updating…)" : ""}`}>
      <Badge
        variant="light"
        tt="none"
        color={count === 0 ? "gray" : "indigo"}
        style={{ opacity: state === "stale" ? 0.6 : 1 }}
        data-testid={`rule-count-${id}`}
      >
        {formatNumber(count)} {count === 1 ? "contact" : "contacts"}
      </Badge>
    </Tooltip>
  );
}

function PointsInput({
  value,
  onChange,
  name,
  error,
  perTouch,
}: {
  value: number;
  onChange: (value: number) => void;
  name: string;
  error?: string;
  perTouch?: boolean;
}) {
  return (
    <NumberInput
      aria-label={`Points for ${name}`}
      value={shown(value)}
      onChange={(v) => onChange(toNumber(v))}
      error={error}
      allowDecimal={false}
      min={-1000}
      max={1000}
      w={perTouch ? 100 : 90}
      size="xs"
      description={perTouch ? "per touch" : undefined}
      inputWrapperOrder={["label", "input", "description", "error"]}
    />
  );
}

function PointsBadge({ points, perTouch }: { points: number; perTouch?: boolean }) {
  return (
    <Text size="sm" fw={700} c={points < 0 ? "red.7" : "teal.8"} style={{ whiteSpace: "nowrap" }}>
      {formatPoints(points)}
      {perTouch && (
        <Text span size="xs" c="dimmed" fw={400} display="block">
          per touch
        </Text>
      )}
    </Text>
  );
}

export function RulesEditor(props: EditorProps) {
  return (
    <Stack gap="lg">
      <FitRules {...props} />
      <EngagementRules {...props} />
      <DecayGroups {...props} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Grades {...props} />
        <MqlCondition {...props} />
      </SimpleGrid>
    </Stack>
  );
}

// ---- Fit and engagement rules: one table and one row, each kind naming its own conditions and columns ----

type Errors = (key: string) => string | undefined;

interface RuleShape<C> {
  id: string;
  label: string;
  points: number;
  conditions: C[];
}

/** What differs between fit and engagement rules; everything else is the same row. */
interface RuleKind<C, R extends RuleShape<C>> {
  kind: "fit" | "engagement";
  /** "fit rule": names rows and inputs ("Label of fit rule 1", "Points for fit rule 2"). */
  noun: string;
  labelPlaceholder: string;
  perTouch?: boolean;
  describeCondition: (condition: C) => string;
  ConditionEditor: ComponentType<{
    condition: C;
    onChange: (condition: C) => void;
    onRemove: () => void;
    canRemove: boolean;
    name: string;
    error: Errors;
  }>;
  /** The condition "and…" adds. */
  nextCondition: C;
  /** More columns between points and the count (engagement: cap and fading). */
  columns?: { header: string; w: number }[];
  cells?: (rule: R, update: (patch: Partial<R>) => void, name: string, err: Errors) => ReactNode;
}

/** A part of the editor listing one kind of rule: what it is for, "Add … rule", and a row per rule. */
function RuleSection<C, R extends RuleShape<C>>({
  type,
  rules,
  set,
  onAdd,
  readOnly,
  errors,
  counts,
  countsState,
  title,
  description,
  header,
  emptyText,
  minWidth,
}: {
  type: RuleKind<C, R>;
  rules: R[];
  set: (rules: R[]) => void;
  onAdd: () => void;
  title: string;
  description: string;
  header: string;
  emptyText: string;
  minWidth: number;
} & Pick<EditorProps, "readOnly" | "errors" | "counts" | "countsState">) {
  const extra = type.columns ?? [];
  return (
    <Stack gap="xs" component="section" aria-label={`${capitalise(type.kind)} rules`}>
      <PartHeader
        title={title}
        description={description}
        actions={
          !readOnly && (
            <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={onAdd}>
              Add {type.noun}
            </Button>
          )
        }
      />
      <Table.ScrollContainer minWidth={minWidth}>
        <Table verticalSpacing="xs" withTableBorder striped={readOnly}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{header}</Table.Th>
              <Table.Th w={110}>Points</Table.Th>
              {extra.map((c) => (
                <Table.Th key={c.header} w={c.w}>
                  {c.header}
                </Table.Th>
              ))}
              <Table.Th w={120}>Matches now</Table.Th>
              {!readOnly && <Table.Th w={40} aria-label="Remove" />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rules.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={4 + extra.length}>
                  <Text size="sm" c="dimmed">
                    {emptyText}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
            {rules.map((rule, i) => (
              <RuleRow
                key={rule.id}
                type={type}
                rule={rule}
                index={i}
                readOnly={readOnly}
                err={(key) => errors[`${type.kind}Rules.${i}.${key}`]}
                update={(patch) => set(replaceAt(rules, i, { ...rule, ...patch }))}
                remove={() => set(rules.filter((_, k) => k !== i))}
                counts={counts}
                countsState={countsState}
              />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

function RuleRow<C, R extends RuleShape<C>>({
  type,
  rule,
  index,
  readOnly,
  err,
  update,
  remove,
  counts,
  countsState,
}: {
  type: RuleKind<C, R>;
  rule: R;
  index: number;
  err: Errors;
  update: (patch: Partial<R>) => void;
  remove: () => void;
} & Pick<EditorProps, "readOnly" | "counts" | "countsState">) {
  const name = rule.label || `${type.noun} ${index + 1}`;
  const { ConditionEditor } = type;
  const setConditions = (conditions: C[]) => update({ conditions } as Partial<R>);
  return (
    <Table.Tr data-testid={`${type.kind}-rule-row`}>
      <Table.Td>
        <Stack gap={6}>
          {readOnly ? (
            <Text size="sm" fw={600}>
              {rule.label}
            </Text>
          ) : (
            <TextInput
              aria-label={`Label of ${type.noun} ${index + 1}`}
              placeholder={type.labelPlaceholder}
              value={rule.label}
              onChange={(e) => update({ label: e.currentTarget.value } as Partial<R>)}
              error={err("label") ?? err("id")}
              size="xs"
            />
          )}
          {readOnly ? (
            <Text size="sm" c="dimmed">
              {rule.conditions.map(type.describeCondition).join(" and ")}
            </Text>
          ) : (
            <Stack gap={4}>
              {rule.conditions.map((condition, j) => (
                <ConditionEditor
                  // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no id of their own
                  key={j}
                  condition={condition}
                  name={`${name}, condition ${j + 1}`}
                  onChange={(c) => setConditions(replaceAt(rule.conditions, j, c))}
                  onRemove={() => setConditions(rule.conditions.filter((_, k) => k !== j))}
                  canRemove={rule.conditions.length > 1}
                  error={(key) => err(`conditions.${j}.${key}`)}
                />
              ))}
              {rule.conditions.length < 5 && (
                <Button
                  size="compact-xs"
                  variant="subtle"
                  leftSection={<IconPlus size={12} />}
                  w="fit-content"
                  onClick={() => setConditions([...rule.conditions, type.nextCondition])}
                >
                  and…
                </Button>
              )}
              {err("conditions") && (
                <Text size="xs" c="red">
                  {err("conditions")}
                </Text>
              )}
            </Stack>
          )}
        </Stack>
      </Table.Td>
      <Table.Td>
        {readOnly ? (
          <PointsBadge points={rule.points} perTouch={type.perTouch} />
        ) : (
          <PointsInput
            value={rule.points}
            onChange={(points) => update({ points } as Partial<R>)}
            name={name}
            error={err("points")}
            perTouch={type.perTouch}
          />
        )}
      </Table.Td>
      {type.cells?.(rule, update, name, err)}
      <Table.Td>
        <CountBadge kind={type.kind} id={rule.id} counts={counts} state={countsState} />
      </Table.Td>
      {!readOnly && (
        <Table.Td>
          <RemoveRule name={name} onRemove={remove} />
        </Table.Td>
      )}
    </Table.Tr>
  );
}

function RemoveRule({ name, onRemove }: { name: string; onRemove: () => void }) {
  return (
    <Tooltip label="Remove this rule">
      <ActionIcon variant="subtle" color="red" aria-label={`Remove ${name}`} onClick={onRemove}>
        <IconTrash size={16} />
      </ActionIcon>
    </Tooltip>
  );
}

// ---- Fit ----

const FIT: RuleKind<FitCondition, FitRule> = {
  kind: "fit",
  noun: "fit rule",
  labelPlaceholder: "e.g. Director or above",
  describeCondition: describeFitCondition,
  ConditionEditor: FitConditionEditor,
  nextCondition: { field: "account.industry", operator: "in", values: [] },
};

function FitRules({ definition, onChange, ...props }: EditorProps) {
  const rules = definition.fitRules;
  const set = (fitRules: FitRule[]) => onChange({ ...definition, fitRules });
  const add = () =>
    set([
      ...rules,
      {
        id: freshId(definition, "fit"),
        label: "",
        points: 10,
        conditions: [{ field: "contact.seniority", operator: "in", values: [] }],
      },
    ]);
  return (
    <RuleSection
      type={FIT}
      rules={rules}
      set={set}
      onAdd={add}
      title="Fit: who the contact is"
      description="Points for attributes of the person and their company. A rule counts once when all its conditions hold; negative points mark a poor fit."
      header="Rule: when all its conditions hold"
      emptyText="No fit rules: every contact gets 0 fit points."
      minWidth={760}
      {...props}
    />
  );
}

// ---- Engagement ----

type CapKind = "none" | "times" | "points" | "count";

function capKind(rule: EngagementRule): CapKind {
  if (rule.minCount != null) return "count";
  if (rule.maxTimes != null) return "times";
  if (rule.maxPoints != null) return "points";
  return "none";
}

function EngagementRules({ definition, onChange, ...props }: EditorProps) {
  const { readOnly } = props;
  const rules = definition.engagementRules;
  const set = (engagementRules: EngagementRule[]) => onChange({ ...definition, engagementRules });
  const groups = definition.decayGroups;
  const groupOptions = groups.map((g) => ({
    value: g.id,
    label: `${g.id} (${g.halfLifeDays == null ? "never fades" : `${g.halfLifeDays} days`})`,
  }));
  const add = () =>
    set([
      ...rules,
      {
        id: freshId(definition, "engagement"),
        label: "",
        points: 5,
        conditions: [{ field: "type", operator: "in", values: [] }],
        maxTimes: 3,
        group: groups[0]?.id ?? "default",
      },
    ]);
  const type: RuleKind<TouchCondition, EngagementRule> = {
    kind: "engagement",
    noun: "engagement rule",
    labelPlaceholder: "e.g. Viewed the pricing page",
    perTouch: true,
    describeCondition: describeTouchCondition,
    ConditionEditor: TouchConditionEditor,
    nextCondition: { field: "property", property: "path", operator: "contains", values: [] },
    columns: [
      { header: "Cap", w: 190 },
      { header: "Fades / window", w: 170 },
    ],
    cells: (rule, update, name, err) => {
      const halfLife = groups.find((g) => g.id === rule.group)?.halfLifeDays;
      const cap = capKind(rule);
      return (
        <>
          <Table.Td>
            {readOnly ? (
              <Text size="sm">{describeCap(rule)}</Text>
            ) : (
              <Stack gap={4}>
                <SegmentedControl
                  size="xs"
                  aria-label={`Cap of ${name}`}
                  value={cap}
                  onChange={(v) =>
                    update({
                      maxTimes: v === "times" ? (rule.maxTimes ?? 3) : null,
                      maxPoints: v === "points" ? (rule.maxPoints ?? 20) : null,
                      minCount: v === "count" ? (rule.minCount ?? 5) : null,
                    })
                  }
                  data={[
                    { value: "none", label: "None" },
                    { value: "times", label: "Times" },
                    { value: "points", label: "Points" },
                    { value: "count", label: "At N+" },
                  ]}
                />
                {cap === "count" && (
                  <Tooltip label="The rule adds its points once, when at least this many matching touches happened (in the window when one is set); no fading">
                    <NumberInput
                      aria-label={`Minimum touches for ${name}`}
                      leftSection={
                        <Text size="xs" c="dimmed" pl={4}>
                          at
                        </Text>
                      }
                      leftSectionWidth={26}
                      rightSection={
                        <Text size="xs" c="dimmed" pr={6}>
                          + touches
                        </Text>
                      }
                      rightSectionWidth={64}
                      value={shown(rule.minCount)}
                      onChange={(v) => update({ minCount: toNumber(v) })}
                      error={err("minCount")}
                      allowDecimal={false}
                      min={1}
                      size="xs"
                    />
                  </Tooltip>
                )}
                {(cap === "times" || cap === "points") && (
                  <NumberInput
                    aria-label={cap === "times" ? `Max times for ${name}` : `Max points for ${name}`}
                    leftSection={
                      <Text size="xs" c="dimmed" pl={4}>
                        max
                      </Text>
                    }
                    leftSectionWidth={36}
                    rightSection={
                      <Text size="xs" c="dimmed" pr={6}>
                        {cap === "times" ? "touches" : "pts"}
                      </Text>
                    }
                    rightSectionWidth={cap === "times" ? 56 : 30}
                    value={shown(cap === "times" ? rule.maxTimes : rule.maxPoints)}
                    onChange={(v) =>
                      update(cap === "times" ? { maxTimes: toNumber(v) } : { maxPoints: toNumber(v) })
                    }
                    error={err(cap === "times" ? "maxTimes" : "maxPoints")}
                    allowDecimal={false}
                    min={1}
                    size="xs"
                  />
                )}
              </Stack>
            )}
          </Table.Td>
          <Table.Td>
            {readOnly ? (
              <Text size="sm">
                {describeHalfLife(halfLife)}
                {rule.withinDays != null && `; only the last ${rule.withinDays} days count`}
              </Text>
            ) : (
              <Stack gap={4}>
                <Select
                  aria-label={`Decay group of ${name}`}
                  data={groupOptions}
                  value={rule.group}
                  onChange={(v) => v && update({ group: v })}
                  allowDeselect={false}
                  error={err("group")}
                  size="xs"
                />
                <Tooltip label="Only touches from the last N days count; empty means all time">
                  <NumberInput
                    aria-label={`Only the last days for ${name}`}
                    placeholder="all time"
                    leftSection={
                      rule.withinDays != null ? (
                        <Text size="xs" c="dimmed" pl={4}>
                          last
                        </Text>
                      ) : null
                    }
                    leftSectionWidth={34}
                    rightSection={
                      rule.withinDays != null ? (
                        <Text size="xs" c="dimmed" pr={6}>
                          days
                        </Text>
                      ) : null
                    }
                    rightSectionWidth={40}
                    value={shown(rule.withinDays)}
                    onChange={(v) => update({ withinDays: toNullable(v) })}
                    error={err("withinDays")}
                    allowDecimal={false}
                    min={1}
                    size="xs"
                  />
                </Tooltip>
              </Stack>
            )}
          </Table.Td>
        </>
      );
    },
  };
  return (
    <RuleSection
      type={type}
      rules={rules}
      set={set}
      onAdd={add}
      title="Engagement: what the contact does"
      description="Points for each touch that matches (page views, forms, webinars, emails…). A cap stops one behaviour from dominating; older touches fade by their decay group's half-life."
      header="Rule: touches that count (all conditions must hold)"
      emptyText="No engagement rules: every contact gets 0 engagement points."
      minWidth={980}
      {...props}
    />
  );
}

// ---- Decay groups ----

function DecayGroups({ definition, onChange, readOnly, errors }: EditorProps) {
  const groups = definition.decayGroups;
  const used = new Set(definition.engagementRules.map((r) => r.group));
  const rename = (index: number, id: string) => {
    const old = groups[index].id;
    onChange({
      ...definition,
      decayGroups: replaceAt(groups, index, { ...groups[index], id }),
      // Rules follow their group when it is renamed.
      engagementRules: definition.engagementRules.map((r) => (r.group === old ? { ...r, group: id } : r)),
    });
  };
  const add = () => {
    const ids = new Set(groups.map((g) => g.id));
    let n = 1;
    while (ids.has(`group-${n}`)) n++;
    onChange({ ...definition, decayGroups: [...groups, { id: `group-${n}`, halfLifeDays: 90 }] });
  };
  return (
    <Stack gap="xs" component="section" aria-label="Decay groups">
      <PartHeader
        title="How fast engagement fades"
        description="Each engagement rule belongs to a decay group. A touch's points halve every half-life: with 30 days, a 10-point webinar is worth 5 after a month and 2.5 after two. Leave the half-life empty for points that never fade."
        actions={
          !readOnly &&
          groups.length < 10 && (
            <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={add}>
              Add decay group
            </Button>
          )
        }
      />
      {errors.decayGroups && (
        <Text size="sm" c="red">
          {errors.decayGroups}
        </Text>
      )}
      <Group gap="sm" align="flex-start">
        {groups.map((g, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a group's name changes as it is typed
          <Paper key={i} withBorder p="xs" radius="md" miw={220}>
            {readOnly ? (
              <Text size="sm">
                <Text span fw={600}>
                  {g.id}
                </Text>
                : {describeHalfLife(g.halfLifeDays)}
              </Text>
            ) : (
              <Group gap={6} align="flex-start" wrap="nowrap">
                <TextInput
                  aria-label={`Name of decay group ${i + 1}`}
                  value={g.id}
                  onChange={(e) => rename(i, e.currentTarget.value)}
                  error={errors[`decayGroups.${i}.id`]}
                  size="xs"
                  w={110}
                />
                <NumberInput
                  aria-label={`Half-life in days of ${g.id}`}
                  placeholder="never fades"
                  value={shown(g.halfLifeDays)}
                  onChange={(v) =>
                    onChange({
                      ...definition,
                      decayGroups: replaceAt(groups, i, { ...g, halfLifeDays: toNullable(v) }),
                    })
                  }
                  rightSection={
                    <Text size="xs" c="dimmed" pr={6}>
                      days
                    </Text>
                  }
                  rightSectionWidth={40}
                  error={errors[`decayGroups.${i}.halfLifeDays`]}
                  min={1}
                  size="xs"
                  w={130}
                />
                <Tooltip
                  label={
                    used.has(g.id)
                      ? "Rules use this group"
                      : groups.length === 1
                        ? "One group is needed"
                        : "Remove this group"
                  }
                >
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`Remove decay group ${g.id}`}
                    disabled={used.has(g.id) || groups.length === 1}
                    onClick={() => onChange({ ...definition, decayGroups: groups.filter((_, k) => k !== i) })}
                    mt={2}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Tooltip>
              </Group>
            )}
          </Paper>
        ))}
      </Group>
    </Stack>
  );
}

// ---- Grades ----

function Grades({ definition, onChange, readOnly, errors }: EditorProps) {
  const { grades } = definition;
  const setGrade = (axis: "fit" | "engagement", index: number, value: number) => {
    const next = [...grades[axis]] as [number, number, number];
    next[index] = value;
    onChange({ ...definition, grades: { ...grades, [axis]: next } });
  };
  const row = (axis: "fit" | "engagement", names: string[], lowest: string) => (
    <Stack gap={4}>
      <Group gap="xs" align="flex-start" wrap="wrap">
        {names.map((n, i) =>
          readOnly ? (
            <Badge key={n} variant="outline" color="gray" size="lg" tt="none">
              {n}: {axis} ≥ {grades[axis][i]}
            </Badge>
          ) : (
            <NumberInput
              key={n}
              label={`${n} from`}
              aria-label={`${axis === "fit" ? "Fit" : "Engagement"} grade ${n} from`}
              value={shown(grades[axis][i])}
              onChange={(v) => setGrade(axis, i, toNumber(v))}
              error={errors[`grades.${axis}.${i}`]}
              size="xs"
              w={90}
            />
          ),
        )}
        <Text size="sm" c="dimmed" mt={readOnly ? 4 : 26}>
          below: {lowest}
        </Text>
      </Group>
      {errors[`grades.${axis}`] && (
        <Text size="xs" c="red">
          {errors[`grades.${axis}`]}
        </Text>
      )}
    </Stack>
  );
  return (
    <Stack gap="xs" component="section" aria-label="Grades">
      <PartHeader
        title="Grades"
        description="A grade such as B2 tells both teams at a glance how well a contact fits (A best to D) and how engaged they are (1 most to 4)."
      />
      <Text size="sm" fw={600}>
        Fit
      </Text>
      {row("fit", ["A", "B", "C"], "D")}
      <Text size="sm" fw={600}>
        Engagement
      </Text>
      {row("engagement", ["1", "2", "3"], "4")}
    </Stack>
  );
}

// ---- MQL ----

type Alternative = ScoringDefinition["mql"]["anyOf"][number];

function MqlCondition({ definition, onChange, readOnly, errors }: EditorProps) {
  const { mql } = definition;
  const setAlternatives = (anyOf: Alternative[]) => onChange({ ...definition, mql: { ...mql, anyOf } });
  const thresholds = [
    ["fit", "Fit"],
    ["engagement", "Engagement"],
    ["combined", "Combined"],
  ] as const;
  return (
    <Stack gap="xs" component="section" aria-label="MQL condition">
      <PartHeader
        title="When a lead becomes an MQL"
        description="The moment marketing hands a lead to sales. A contact is a marketing-qualified lead when any one of these holds; leave a threshold empty when it does not matter."
      />
      {mql.anyOf.length === 0 && (
        <Text size="sm" c="dimmed">
          No score thresholds: only hand-off touches make MQLs.
        </Text>
      )}
      {mql.anyOf.map((alt, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: alternatives have no id of their own
        <Stack key={i} gap={4}>
          {i > 0 && (
            <Text size="xs" fw={700} c="dimmed" tt="uppercase">
              or
            </Text>
          )}
          {readOnly ? (
            <Text size="sm">{describeMqlAlternative(alt)}</Text>
          ) : (
            <Paper withBorder p="xs" radius="md">
              <Group justify="space-between" wrap="nowrap" mb={4}>
                <Text size="xs" fw={600} c="dimmed">
                  Way {i + 1}: all of these at least
                </Text>
                <Tooltip label="Remove this way to become an MQL">
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    size="sm"
                    aria-label={`Remove MQL way ${i + 1}`}
                    onClick={() => setAlternatives(mql.anyOf.filter((_, k) => k !== i))}
                  >
                    <IconTrash size={14} />
                  </ActionIcon>
                </Tooltip>
              </Group>
              <SimpleGrid cols={3} spacing="xs">
                {thresholds.map(([key, text]) => (
                  <NumberInput
                    key={key}
                    label={text}
                    aria-label={`${text} at least (way ${i + 1})`}
                    placeholder="any"
                    value={shown(alt[key])}
                    onChange={(v) =>
                      setAlternatives(replaceAt(mql.anyOf, i, { ...alt, [key]: toNullable(v) }))
                    }
                    size="xs"
                  />
                ))}
              </SimpleGrid>
              {errors[`mql.anyOf.${i}`] && (
                <Text size="xs" c="red" mt={4}>
                  {errors[`mql.anyOf.${i}`]}
                </Text>
              )}
            </Paper>
          )}
        </Stack>
      ))}
      {!readOnly && mql.anyOf.length < 5 && (
        <Button
          size="xs"
          variant="subtle"
          leftSection={<IconPlus size={14} />}
          w="fit-content"
          onClick={() => setAlternatives([...mql.anyOf, { combined: 50 }])}
        >
          Add another way
        </Button>
      )}
      {readOnly ? (
        <Text size="sm">
          <Text span fw={600}>
            Direct hand-off:{" "}
          </Text>
          {mql.handoffTouchTypes.length
            ? `a ${mql.handoffTouchTypes.map((t) => touchTypeLabel(t).toLowerCase()).join(" or ")} touch makes the contact an MQL at once`
            : "none"}
        </Text>
      ) : (
        <MultiSelect
          label="Direct hand-off touches"
          description="A touch of these types makes the contact an MQL at once, whatever the score."
          data={TOUCH_TYPES.map((t) => ({ value: t, label: TOUCH_TYPE_LABELS[t] ?? t }))}
          value={mql.handoffTouchTypes}
          onChange={(v) =>
            onChange({ ...definition, mql: { ...mql, handoffTouchTypes: v as typeof mql.handoffTouchTypes } })
          }
          error={errors["mql.handoffTouchTypes"]}
          searchable
          size="xs"
        />
      )}
    </Stack>
  );
}
