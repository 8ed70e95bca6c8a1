// Before and after of an audit entry, readable: each changed field on one line (nested settings by their
// path, e.g. "sales › accept within hours"), with the raw JSON one click away.
import { Box, Button, Code, Group, SimpleGrid, Table, Text } from "@mantine/core";
import { IconBraces } from "@tabler/icons-react";
import { useState } from "react";
import { ROLE_LABELS, stageLabel, TEAM_LABELS } from "../../lib/format";

type Flat = Map<string, unknown>;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Objects become dotted paths; arrays of plain values stay one value; arrays of objects go by position. */
function flatten(value: unknown, prefix = "", out: Flat = new Map()): Flat {
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0 && prefix) out.set(prefix, {});
    for (const key of keys) flatten(value[key], prefix ? `${prefix}.${key}` : key, out);
  } else if (Array.isArray(value) && value.some((v) => typeof v === "object" && v !== null)) {
    if (value.length === 0 && prefix) out.set(prefix, []);
    value.forEach((v, i) => {
      flatten(v, `${prefix}.${i + 1}`, out);
    });
  } else if (prefix) {
    out.set(prefix, value);
  }
  return out;
}

/** "acceptWithinHours" -> "accept within hours"; path parts joined with ›. */
export function fieldLabel(path: string): string {
  return path
    .split(".")
    .map((part) => (/^\d+$/.test(part) ? `#${part}` : part.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase()))
    .join(" › ");
}

/** Words the app uses for stages, roles and teams, where a field holds one. */
function wordFor(field: string, value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const key = field.split(".").at(-1) ?? "";
  if (key === "lifecycleStage") return stageLabel(value);
  if (key === "role") return ROLE_LABELS[value];
  if (key === "team") return TEAM_LABELS[value];
  return undefined;
}

export function formatField(field: string, value: unknown): string {
  return wordFor(field, value) ?? formatValue(value);
}

export function formatValue(value: unknown): string {
  if (value === undefined) return "—";
  if (value === null) return "none";
  if (typeof value === "string") return value === "" ? "(empty)" : value;
  if (Array.isArray(value))
    return value.length === 0 ? "(none)" : value.map((v) => formatValue(v)).join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export interface Change {
  field: string;
  before: unknown;
  after: unknown;
}

/** The fields that differ between before and after (all of them when one side is missing). */
export function diffEntries(before: unknown, after: unknown): Change[] {
  const b = flatten(before);
  const a = flatten(after);
  const keys = [...new Set([...b.keys(), ...a.keys()])];
  return keys
    .filter((k) => JSON.stringify(b.get(k)) !== JSON.stringify(a.get(k)))
    .map((k) => ({ field: k, before: b.get(k), after: a.get(k) }));
}

export function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  const [raw, setRaw] = useState(false);
  const changes = diffEntries(before, after);
  const hasData = before !== null || after !== null;
  if (!hasData)
    return (
      <Text size="sm" c="dimmed">
        No before or after recorded for this change.
      </Text>
    );
  return (
    <Box>
      {changes.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing differs between before and after.
        </Text>
      ) : (
        <Table withTableBorder withColumnBorders fz="sm" data-testid="audit-diff">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="30%">Field</Table.Th>
              <Table.Th>Before</Table.Th>
              <Table.Th>After</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {changes.slice(0, 60).map((c) => (
              <Table.Tr key={c.field}>
                <Table.Td>{fieldLabel(c.field)}</Table.Td>
                <Table.Td c={c.before === undefined ? "dimmed" : "red.8"} style={{ wordBreak: "break-word" }}>
                  {formatField(c.field, c.before)}
                </Table.Td>
                <Table.Td
                  c={c.after === undefined ? "dimmed" : "green.9"}
                  style={{ wordBreak: "break-word" }}
                >
                  {formatField(c.field, c.after)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {changes.length > 60 && (
        <Text size="xs" c="dimmed" mt={4}>
          {changes.length - 60} more changes: see the JSON.
        </Text>
      )}
      <Group mt="xs">
        <Button
          size="compact-xs"
          variant="subtle"
          leftSection={<IconBraces size={14} />}
          onClick={() => setRaw((v) => !v)}
        >
          {raw ? "Hide JSON" : "Show JSON"}
        </Button>
      </Group>
      {raw && (
        <SimpleGrid cols={{ base: 1, md: 2 }} mt="xs">
          <Box>
            <Text size="xs" fw={600} mb={4}>
              Before
            </Text>
            <Code block>{JSON.stringify(before, null, 2)}</Code>
          </Box>
          <Box>
            <Text size="xs" fw={600} mb={4}>
              After
            </Text>
            <Code block>{JSON.stringify(after, null, 2)}</Code>
          </Box>
        </SimpleGrid>
      )}
    </Box>
  );
}
