// A segment's criteria on the workspace's own account properties: a value to equal, a range of numbers or
// dates, or any of a list; shown in words and edited by leads.
import { Badge, Button, Group, Select, Stack, TagsInput, Text, TextInput } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { PropertyCriterion, Segment } from "../../../shared/team";
import { client, ok } from "../../lib/api";
import { InlineEditFooter, Section } from "../common/detail";
import { useSession } from "../session/session";

type Operator = "is" | "between" | "anyOf";
interface Row {
  key: string;
  op: Operator;
  value: string;
  min: string;
  max: string;
  values: string[];
}
interface PropertyInfo {
  apiName: string;
  label: string;
  type: string;
  options: string[];
}

const OPERATOR_LABELS: Record<Operator, string> = { is: "is", between: "is between", anyOf: "is any of" };

/** The operators a property's type allows: ranges for numbers and dates, lists for text and list properties. */
function operatorsOf(type: string | undefined): Operator[] {
  if (type === "number" || type === "date") return ["is", "between"];
  if (type === "text" || type === "one_of") return ["is", "anyOf"];
  if (type === "many_of") return ["anyOf"];
  return ["is"];
}

function rowOf(key: string, criterion: unknown): Row {
  const row: Row = { key, op: "is", value: "", min: "", max: "", values: [] };
  if (criterion !== null && typeof criterion === "object") {
    if ("anyOf" in criterion)
      return { ...row, op: "anyOf", values: (criterion.anyOf as unknown[]).map(String) };
    const { min, max } = criterion as { min?: unknown; max?: unknown };
    return {
      ...row,
      op: "between",
      min: min == null ? "" : String(min),
      max: max == null ? "" : String(max),
    };
  }
  return { ...row, value: String(criterion) };
}

/** The criterion a row asks for, typed as its property (numbers as numbers, yes/no as booleans). */
function criterionOf(row: Row, type: string | undefined): PropertyCriterion {
  const typed = (text: string): string | number | boolean => {
    if (type === "number" && text.trim() !== "" && Number.isFinite(Number(text))) return Number(text);
    if (type === "boolean") return text === "true" || text === "yes";
    return text.trim();
  };
  if (row.op === "anyOf") return { anyOf: row.values.map((v) => v.trim()) };
  // A bound the API cannot read (not a number) is sent as typed, and refused naming the property.
  const bound = (text: string) =>
    text.trim() === ""
      ? null
      : type === "number" && Number.isFinite(Number(text))
        ? Number(text)
        : text.trim();
  if (row.op === "between") return { min: bound(row.min), max: bound(row.max) };
  return typed(row.value);
}

/** A criterion in words: "Seats between 10 and 100", "Renewal from 2026-01-01", "Edition is any of pro, enterprise". */
export function describeCriterion(label: string, criterion: unknown): string {
  if (criterion !== null && typeof criterion === "object") {
    if ("anyOf" in criterion) return `${label} is any of ${(criterion.anyOf as unknown[]).join(", ")}`;
    const { min, max } = criterion as { min?: unknown; max?: unknown };
    if (min != null && max != null) return `${label} between ${min} and ${max}`;
    return min != null ? `${label} from ${min}` : `${label} up to ${max}`;
  }
  if (typeof criterion === "boolean") return `${label}: ${criterion ? "yes" : "no"}`;
  return `${label} is ${criterion}`;
}

export function SegmentPropertyCriteria({ segment }: { segment: Segment }) {
  const { member } = useSession();
  const isLead = member.role === "lead" || member.role === "admin";
  const [editing, setEditing] = useState(false);
  const [rows, setRows] = useState<Row[]>([]);
  const queryClient = useQueryClient();
  const properties = useQuery({
    queryKey: ["properties", "accounts", "segment-criteria"],
    queryFn: ({ signal }) =>
      ok(
        client.GET("/api/properties", { params: { query: { objectType: "accounts", limit: 200 } }, signal }),
      ),
  });
  const defined: PropertyInfo[] = properties.data?.items ?? [];
  const property = (key: string) => defined.find((p) => p.apiName === key);
  const labelOf = (key: string) => property(key)?.label ?? key;
  const update = (i: number, change: Partial<Row>) =>
    setRows((old) => old.map((r, j) => (j === i ? { ...r, ...change } : r)));
  const save = useMutation({
    mutationFn: () =>
      ok(
        client.PATCH("/api/segments/{id}", {
          params: { path: { id: segment.id } },
          body: {
            propertyFilters: Object.fromEntries(
              rows.filter((r) => r.key).map((r) => [r.key, criterionOf(r, property(r.key)?.type)]),
            ),
          },
        }),
      ),
    onSuccess: () => {
      setEditing(false);
      void queryClient.invalidateQueries();
    },
  });
  const start = () => {
    setRows(Object.entries(segment.propertyFilters).map(([key, criterion]) => rowOf(key, criterion)));
    save.reset();
    setEditing(true);
  };
  const entries = Object.entries(segment.propertyFilters);
  return (
    <Section
      title="Custom property criteria"
      description="Accounts must also meet these criteria on your own account properties: a value, a range of numbers or dates, or any of a list."
      actions={
        isLead && !editing ? (
          <Button size="xs" variant="light" onClick={start}>
            Edit criteria
          </Button>
        ) : undefined
      }
    >
      {editing ? (
        <Stack gap="xs">
          {rows.map((row, i) => {
            const p = property(row.key);
            const operators = operatorsOf(p?.type);
            const isDate = p?.type === "date";
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place and have no identity
              <Group key={i} gap="xs" align="flex-end" data-testid="criterion-row">
                <Select
                  label="Property"
                  placeholder={properties.isPending ? "Loading…" : "Pick a property"}
                  data={defined.map((d) => ({ value: d.apiName, label: d.label }))}
                  value={row.key || null}
                  onChange={(v) => {
                    const type = property(v ?? "")?.type;
                    update(i, { key: v ?? "", op: operatorsOf(type)[0] });
                  }}
                  w={200}
                />
                <Select
                  label="Condition"
                  data={operators.map((op) => ({ value: op, label: OPERATOR_LABELS[op] }))}
                  value={operators.includes(row.op) ? row.op : operators[0]}
                  onChange={(v) => update(i, { op: (v as Operator) ?? operators[0] })}
                  allowDeselect={false}
                  w={140}
                />
                {row.op === "between" ? (
                  <>
                    <TextInput
                      label="From"
                      placeholder={isDate ? "2026-01-31" : "no minimum"}
                      value={row.min}
                      onChange={(e) => update(i, { min: e.currentTarget.value })}
                      w={130}
                    />
                    <TextInput
                      label="To"
                      placeholder={isDate ? "2026-12-31" : "no maximum"}
                      value={row.max}
                      onChange={(e) => update(i, { max: e.currentTarget.value })}
                      w={130}
                    />
                  </>
                ) : row.op === "anyOf" ? (
                  <TagsInput
                    label="Values"
                    placeholder={p?.options.length ? "Pick values" : "Type a value, press Enter"}
                    data={p?.options ?? []}
                    value={row.values}
                    onChange={(values) => update(i, { values })}
                    w={280}
                  />
                ) : p?.type === "boolean" || p?.type === "one_of" ? (
                  <Select
                    label="Value"
                    data={
                      p.type === "boolean"
                        ? [
                            { value: "true", label: "Yes" },
                            { value: "false", label: "No" },
                          ]
                        : p.options
                    }
                    value={row.value || null}
                    onChange={(v) => update(i, { value: v ?? "" })}
                    w={200}
                  />
                ) : (
                  <TextInput
                    label="Value"
                    placeholder={isDate ? "2026-01-31" : undefined}
                    value={row.value}
                    onChange={(e) => update(i, { value: e.currentTarget.value })}
                    w={200}
                  />
                )}
                <Button
                  variant="subtle"
                  color="red"
                  size="xs"
                  onClick={() => setRows((old) => old.filter((_, j) => j !== i))}
                >
                  Remove
                </Button>
              </Group>
            );
          })}
          <Group>
            <Button size="xs" variant="light" onClick={() => setRows((old) => [...old, rowOf("", "")])}>
              Add a criterion
            </Button>
          </Group>
          <InlineEditFooter save={save} onCancel={() => setEditing(false)} label="Save criteria" />
        </Stack>
      ) : entries.length === 0 ? (
        <Text size="sm" c="dimmed">
          None: any value of your custom properties.
        </Text>
      ) : (
        <Group gap="xs">
          {entries.map(([key, criterion]) => (
            <Badge key={key} variant="outline" tt="none">
              {describeCriterion(labelOf(key), criterion)}
            </Badge>
          ))}
        </Group>
      )}
    </Section>
  );
}
