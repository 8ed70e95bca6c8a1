// The column mapping: each CSV column next to an example value and the Lockstep field it fills,
// proposed automatically and changeable per column (including "Ignore this column").
import { Alert, Badge, Group, Select, Table, Text } from "@mantine/core";
import { IconAlertTriangle, IconCheck } from "@tabler/icons-react";
import { IMPORT_FIELDS, type ImportEntity } from "../../../shared/imports";
import type { CsvHead } from "../../lib/csv";
import { ENTITY_INFO } from "./entities";

const IGNORE = "__ignore__";

export type Mapping = Record<string, string | null>;

/** Required fields no column is mapped to, and fields two columns are mapped to. */
export function mappingProblems(entity: ImportEntity, mapping: Mapping) {
  const targets = Object.values(mapping).filter((f): f is string => f !== null);
  const missing = IMPORT_FIELDS[entity].filter((f) => f.required && !targets.includes(f.key));
  const doubled = [...new Set(targets.filter((f, i) => targets.indexOf(f) !== i))];
  return { missing, doubled };
}

/** Headers that appear more than once in the file. */
export function repeatedHeaders(headers: string[]): string[] {
  return [...new Set(headers.filter((h, i) => headers.indexOf(h) !== i))];
}

export function RequiredFields({ entity, mapping }: { entity: ImportEntity; mapping: Mapping }) {
  const required = IMPORT_FIELDS[entity].filter((f) => f.required);
  const { missing } = mappingProblems(entity, mapping);
  const info = ENTITY_INFO[entity];
  return (
    <>
      <Group gap="xs" data-testid="required-fields">
        <Text size="sm" fw={600}>
          Needed for every {info.one}:
        </Text>
        {required.map((field) => {
          const column = Object.entries(mapping).find(([, f]) => f === field.key)?.[0];
          return column !== undefined ? (
            <Badge
              key={field.key}
              color="green"
              variant="light"
              tt="none"
              size="lg"
              leftSection={<IconCheck size={14} />}
            >
              {field.label}: from column "{column || "(no name)"}"
            </Badge>
          ) : (
            <Badge
              key={field.key}
              color="red"
              variant="light"
              tt="none"
              size="lg"
              leftSection={<IconAlertTriangle size={14} />}
            >
              {field.label}: no column chosen
            </Badge>
          );
        })}
      </Group>
      {missing.length > 0 && (
        <Alert color="orange" icon={<IconAlertTriangle size={18} />} title="A required field has no column">
          Pick the column that holds {missing.map((f) => f.label).join(" and ")} in the table below. Lockstep
          needs it for every {info.one}, so the file cannot be imported without it.
        </Alert>
      )}
    </>
  );
}

export function MappingTable({
  entity,
  head,
  mapping,
  auto,
  onChange,
  disabled,
}: {
  entity: ImportEntity;
  head: CsvHead;
  mapping: Mapping;
  /** The automatic proposal, to tell "recognised" from "chosen by you". */
  auto: Mapping;
  onChange: (header: string, field: string | null) => void;
  disabled?: boolean;
}) {
  const fields = IMPORT_FIELDS[entity];
  const data = [
    { value: IGNORE, label: "Ignore this column" },
    ...fields.map((f) => ({ value: f.key, label: f.required ? `${f.label} (required)` : f.label })),
  ];
  const { doubled } = mappingProblems(entity, mapping);
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing={6} withTableBorder striped data-testid="column-mapping">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Column in your file</Table.Th>
            <Table.Th>Example from the first row</Table.Th>
            <Table.Th w={280}>Lockstep field</Table.Th>
            <Table.Th w={170} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {head.headers.map((header, index) => {
            const field = mapping[header] ?? null;
            const example = head.sample[0]?.[index] ?? "";
            const others = head.headers.filter(
              (h, i) => i !== index && h !== header && field !== null && mapping[h] === field,
            );
            const error =
              field !== null && doubled.includes(field)
                ? `Also chosen for "${others[0] ?? header}": pick one column`
                : undefined;
            const name = header || `(column ${index + 1} has no name)`;
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: two columns may share a header; the position tells them apart
              <Table.Tr key={`${index}-${header}`} data-testid="mapping-row">
                <Table.Td fw={600}>{name}</Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed" truncate="end" maw={300} title={example}>
                    {example || "—"}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Select
                    aria-label={`Lockstep field for column ${name}`}
                    data={data}
                    value={field ?? IGNORE}
                    onChange={(value) => onChange(header, !value || value === IGNORE ? null : value)}
                    allowDeselect={false}
                    searchable
                    disabled={disabled}
                    error={error}
                    size="sm"
                  />
                </Table.Td>
                <Table.Td>
                  {field === null ? (
                    <Text size="xs" c="dimmed">
                      Not imported
                    </Text>
                  ) : field === auto[header] ? (
                    <Badge variant="light" color="gray" size="sm">
                      Recognised
                    </Badge>
                  ) : (
                    <Badge variant="light" color="indigo" size="sm">
                      Chosen by you
                    </Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
