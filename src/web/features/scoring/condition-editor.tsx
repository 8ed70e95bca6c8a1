// One condition of a rule: which attribute (fit) or touch detail (engagement), how it is tested and against
// what. Changing the field or the test keeps only the operands that still make sense.
import {
  ActionIcon,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  TagsInput,
  TextInput,
  Tooltip,
} from "@mantine/core";
import { IconX } from "@tabler/icons-react";
import {
  CONDITION_OPERATORS,
  type ConditionOperator,
  DATE_FIT_FIELDS,
  FIT_FIELD_LABELS,
  FIT_FIELDS,
  type FitCondition,
  NUMERIC_FIT_FIELDS,
  OPERATOR_LABELS,
  TOUCH_CONDITION_FIELDS,
  type TouchCondition,
} from "../../../shared/scoring";
import { fitValueOptions, TOUCH_FIELD_LABELS, touchValueOptions } from "./scoring-format";

type Operands = Pick<FitCondition, "operator" | "values" | "pattern" | "min" | "max" | "from" | "to">;
type Errors = (key: string) => string | undefined;

/** Keeps the operands the operator uses and starts the ones it needs. */
export function withOperator<T extends Operands>(condition: T, operator: ConditionOperator): T {
  const { values, pattern, min, max, from, to, ...rest } = condition;
  const next = { ...rest, operator } as T;
  if (operator === "in" || operator === "not_in" || operator === "contains") next.values = values ?? [];
  if (operator === "matches") next.pattern = pattern ?? "";
  if (operator === "between") {
    next.min = min ?? null;
    next.max = max ?? null;
  }
  if (operator === "date_between") {
    next.from = from ?? null;
    next.to = to ?? null;
  }
  return next;
}

const CUSTOM_CONTACT = "custom:contact";
const CUSTOM_ACCOUNT = "custom:account";

const FIT_FIELD_OPTIONS = [
  {
    group: "Contact",
    items: [
      ...FIT_FIELDS.filter((f) => f.startsWith("contact.")).map((f) => ({
        value: f,
        label: FIT_FIELD_LABELS[f],
      })),
      { value: CUSTOM_CONTACT, label: "Custom contact property…" },
    ],
  },
  {
    group: "Account",
    items: [
      ...FIT_FIELDS.filter((f) => f.startsWith("account.")).map((f) => ({
        value: f,
        label: FIT_FIELD_LABELS[f],
      })),
      { value: CUSTOM_ACCOUNT, label: "Custom account property…" },
    ],
  },
];

function operatorOptions(operators: readonly ConditionOperator[]) {
  return operators.map((o) => ({ value: o, label: OPERATOR_LABELS[o] }));
}

function nullableNumber(value: number | string): number | null {
  if (value === "" || value === null) return null;
  const n = typeof value === "number" ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

/** The values, pattern or range the operator tests against. */
function OperandInputs({
  condition,
  onChange,
  options,
  closedSet,
  name,
  error,
}: {
  condition: Operands;
  onChange: (patch: Partial<Operands>) => void;
  options: { value: string; label: string }[];
  /** Only the listed values make sense (seniority, touch type, team). */
  closedSet: boolean;
  name: string;
  error: Errors;
}) {
  switch (condition.operator) {
    case "in":
    case "not_in":
    case "contains": {
      const common = {
        "aria-label": `${name}: values`,
        placeholder: condition.values?.length ? undefined : closedSet ? "Pick values" : "Type a value, Enter",
        value: condition.values ?? [],
        onChange: (values: string[]) => onChange({ values }),
        error: error("values"),
        style: { flex: 1, minWidth: 160 },
        size: "xs" as const,
      };
      return closedSet ? (
        <MultiSelect {...common} data={options} searchable />
      ) : (
        <TagsInput {...common} data={options.map((o) => o.value)} splitChars={[","]} acceptValueOnBlur />
      );
    }
    case "matches":
      return (
        <TextInput
          aria-label={`${name}: pattern`}
          placeholder="e.g. ^(vp|head) of"
          value={condition.pattern ?? ""}
          onChange={(e) => onChange({ pattern: e.currentTarget.value })}
          error={error("pattern")}
          size="xs"
          style={{ flex: 1, minWidth: 160 }}
        />
      );
    case "between":
      return (
        <Group gap={4} wrap="nowrap" style={{ flex: 1 }}>
          <NumberInput
            aria-label={`${name}: from`}
            placeholder="from"
            value={condition.min ?? ""}
            onChange={(v) => onChange({ min: nullableNumber(v) })}
            error={error("min")}
            size="xs"
            thousandSeparator=","
            w={110}
          />
          <NumberInput
            aria-label={`${name}: to`}
            placeholder="to"
            value={condition.max ?? ""}
            onChange={(v) => onChange({ max: nullableNumber(v) })}
            error={error("max")}
            size="xs"
            thousandSeparator=","
            w={110}
          />
        </Group>
      );
    case "date_between":
      return (
        <Group gap={4} wrap="nowrap" style={{ flex: 1 }}>
          <TextInput
            type="date"
            aria-label={`${name}: from date`}
            value={condition.from ?? ""}
            onChange={(e) => onChange({ from: e.currentTarget.value || null })}
            error={error("from")}
            size="xs"
            w={140}
          />
          <TextInput
            type="date"
            aria-label={`${name}: to date`}
            value={condition.to ?? ""}
            onChange={(e) => onChange({ to: e.currentTarget.value || null })}
            error={error("to")}
            size="xs"
            w={140}
          />
        </Group>
      );
    default:
      return null;
  }
}

function RemoveCondition({
  name,
  onRemove,
  disabled,
}: {
  name: string;
  onRemove: () => void;
  disabled: boolean;
}) {
  return (
    <Tooltip label={disabled ? "A rule needs at least one condition" : "Remove this condition"}>
      <ActionIcon
        variant="subtle"
        color="gray"
        aria-label={`Remove ${name}`}
        onClick={onRemove}
        disabled={disabled}
        size="sm"
        mt={4}
      >
        <IconX size={14} />
      </ActionIcon>
    </Tooltip>
  );
}

export function FitConditionEditor({
  condition,
  onChange,
  onRemove,
  canRemove,
  name,
  error,
}: {
  condition: FitCondition;
  onChange: (condition: FitCondition) => void;
  onRemove: () => void;
  canRemove: boolean;
  /** "Director or above, condition 1": prefixes every input's accessible name. */
  name: string;
  error: Errors;
}) {
  const custom = condition.field.startsWith("contact.properties.")
    ? CUSTOM_CONTACT
    : condition.field.startsWith("account.properties.")
      ? CUSTOM_ACCOUNT
      : null;
  const customKey = custom ? condition.field.split(".").slice(2).join(".") : "";
  const numeric = NUMERIC_FIT_FIELDS.includes(condition.field);
  const date = DATE_FIT_FIELDS.includes(condition.field);
  // A custom property may hold a number or a date: every test is offered.
  const operators = CONDITION_OPERATORS.filter(
    (o) =>
      custom ||
      (o === "between"
        ? numeric
        : o === "date_between"
          ? date
          : !date || o === "is_set" || o === "is_not_set"),
  );

  const changeField = (value: string | null) => {
    if (!value) return;
    const field =
      value === CUSTOM_CONTACT
        ? "contact.properties."
        : value === CUSTOM_ACCOUNT
          ? "account.properties."
          : value;
    const operator: ConditionOperator = NUMERIC_FIT_FIELDS.includes(field)
      ? "between"
      : DATE_FIT_FIELDS.includes(field)
        ? "date_between"
        : field === "contact.free_mail"
          ? "is_set"
          : condition.operator === "between" || condition.operator === "date_between"
            ? "in"
            : condition.operator;
    onChange(withOperator({ field, operator }, operator));
  };

  return (
    <Group gap={6} align="flex-start" wrap="wrap">
      <Select
        aria-label={`${name}: attribute`}
        data={FIT_FIELD_OPTIONS}
        value={custom ?? condition.field}
        onChange={changeField}
        allowDeselect={false}
        searchable
        size="xs"
        w={190}
        error={custom ? undefined : error("field")}
      />
      {custom && (
        <TextInput
          aria-label={`${name}: property key`}
          placeholder="property key"
          value={customKey}
          onChange={(e) =>
            onChange({
              ...condition,
              field: `${custom === CUSTOM_CONTACT ? "contact" : "account"}.properties.${e.currentTarget.value}`,
            })
          }
          error={error("field") ? "Needs a property key" : undefined}
          size="xs"
          w={130}
        />
      )}
      <Select
        aria-label={`${name}: test`}
        data={operatorOptions(operators)}
        value={condition.operator}
        onChange={(v) => v && onChange(withOperator(condition, v as ConditionOperator))}
        allowDeselect={false}
        size="xs"
        w={125}
        error={error("operator")}
      />
      <OperandInputs
        condition={condition}
        onChange={(patch) => onChange({ ...condition, ...patch })}
        options={fitValueOptions(condition.field)}
        closedSet={condition.field === "contact.seniority"}
        name={name}
        error={error}
      />
      <RemoveCondition name={name} onRemove={onRemove} disabled={!canRemove} />
    </Group>
  );
}

export function TouchConditionEditor({
  condition,
  onChange,
  onRemove,
  canRemove,
  name,
  error,
}: {
  condition: TouchCondition;
  onChange: (condition: TouchCondition) => void;
  onRemove: () => void;
  canRemove: boolean;
  name: string;
  error: Errors;
}) {
  const changeField = (value: string | null) => {
    if (!value) return;
    const field = value as TouchCondition["field"];
    const operator: ConditionOperator = field === "property" ? "contains" : "in";
    const next: TouchCondition = withOperator({ field, operator }, operator);
    if (field === "property") next.property = condition.property ?? "path";
    onChange(next);
  };
  const options = touchValueOptions(condition.field);
  return (
    <Group gap={6} align="flex-start" wrap="wrap">
      <Select
        aria-label={`${name}: touch detail`}
        data={TOUCH_CONDITION_FIELDS.map((f) => ({ value: f, label: TOUCH_FIELD_LABELS[f] }))}
        value={condition.field}
        onChange={changeField}
        allowDeselect={false}
        size="xs"
        w={130}
        error={error("field")}
      />
      {condition.field === "property" && (
        <TextInput
          aria-label={`${name}: property key`}
          placeholder="e.g. path"
          value={condition.property ?? ""}
          onChange={(e) => onChange({ ...condition, property: e.currentTarget.value })}
          error={error("property")}
          size="xs"
          w={100}
        />
      )}
      <Select
        aria-label={`${name}: test`}
        data={operatorOptions(CONDITION_OPERATORS.filter((o) => o !== "between" && o !== "date_between"))}
        value={condition.operator}
        onChange={(v) => v && onChange(withOperator(condition, v as ConditionOperator))}
        allowDeselect={false}
        size="xs"
        w={125}
        error={error("operator")}
      />
      <OperandInputs
        condition={condition}
        onChange={(patch) => onChange({ ...condition, ...patch })}
        options={options}
        closedSet={condition.field === "type" || condition.field === "team"}
        name={name}
        error={error}
      />
      <RemoveCondition name={name} onRemove={onRemove} disabled={!canRemove} />
    </Group>
  );
}
