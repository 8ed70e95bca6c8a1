// The column mapping: each CSV column next to an example value and what it fills in Lockstep: one of the
// record's fields, a custom property the workspace has, or a property the import creates (its type guessed
// from the data, changeable), proposed automatically and changeable per column ("Ignore this column" too).
import { Alert, Badge, Button, Group, Select, Stack, Table, Text, TextInput } from "@mantine/core";
import { IconAlertTriangle, IconCheck, IconSparkles } from "@tabler/icons-react";
import { apiNameOf, PropertyTypeGuesser } from "../../../shared/import-values";
import {
  IMPORT_FIELDS,
  IMPORT_IDENTIFIERS,
  type ImportEntity,
  propertyObjectOf,
  propertyOfTarget,
  propertyTarget,
} from "../../../shared/imports";
import {
  PROPERTY_TYPE_LABELS,
  PROPERTY_TYPES,
  type Property,
  type PropertyType,
} from "../../../shared/properties";
import type { CsvHead } from "../../lib/csv";
import { ENTITY_INFO } from "./entities";

const IGNORE = "__ignore__";
/** The mapping value of a column that creates a property (its definition is in NewColumns). */
export const NEW_PROPERTY = "__new_property__";

export type Mapping = Record<string, string | null>;

/** A property a column creates: as the import will define it, and where its type came from. */
export interface NewColumn {
  label: string;
  apiName: string;
  type: PropertyType;
  /** sample: guessed from the first rows; dry run: from the whole file; you: chosen by hand. */
  source: "sample" | "dry run" | "you";
}
export type NewColumns = Record<string, NewColumn>;

/** The target each column fills, a created property's being "property.<api_name>". */
export function effectiveTargets(mapping: Mapping, newColumns: NewColumns): string[] {
  return Object.entries(mapping).flatMap(([header, field]) => {
    if (field === NEW_PROPERTY) {
      const created = newColumns[header];
      return created ? [propertyTarget(created.apiName)] : [];
    }
    return field === null ? [] : [field];
  });
}

/** Required fields no column is mapped to, fields two columns are mapped to, and a missing match key. */
export function mappingProblems(
  entity: ImportEntity,
  mapping: Mapping,
  newColumns: NewColumns = {},
  matchBy = "",
) {
  const targets = effectiveTargets(mapping, newColumns);
  const missing = IMPORT_FIELDS[entity].filter((f) => f.required && !targets.includes(f.key));
  const doubled = [...new Set(targets.filter((f, i) => targets.indexOf(f) !== i))];
  const group = IMPORT_IDENTIFIERS[entity];
  const unidentified =
    group !== undefined &&
    !group.fields.some((f) => targets.includes(f)) &&
    !(matchBy && targets.includes(matchBy));
  return { missing, doubled, unidentified };
}

/** Headers that appear more than once in the file. */
export function repeatedHeaders(headers: string[]): string[] {
  return [...new Set(headers.filter((h, i) => headers.indexOf(h) !== i))];
}

/** A new property for a column: named after it, its type guessed from the column's cells in the sample. */
export function newColumnFor(head: CsvHead, header: string): NewColumn {
  const index = head.headers.indexOf(header);
  const guesser = new PropertyTypeGuesser();
  head.sample.forEach((row, i) => {
    guesser.add(row[index] ?? "", i + 2);
  });
  return {
    label: header.trim().slice(0, 100) || `Column ${index + 1}`,
    apiName: apiNameOf(header, `column_${index + 1}`),
    type: guesser.result().type,
    source: "sample",
  };
}

export function RequiredFields({
  entity,
  mapping,
  newColumns = {},
  matchBy = "",
}: {
  entity: ImportEntity;
  mapping: Mapping;
  newColumns?: NewColumns;
  matchBy?: string;
}) {
  const required = IMPORT_FIELDS[entity].filter((f) => f.required);
  const { missing, unidentified } = mappingProblems(entity, mapping, newColumns, matchBy);
  const group = IMPORT_IDENTIFIERS[entity];
  const info = ENTITY_INFO[entity];
  const columnOf = (key: string) =>
    Object.entries(mapping).find(
      ([h, f]) => f === key || (f === NEW_PROPERTY && propertyTarget(newColumns[h]?.apiName ?? "") === key),
    )?.[0];
  const badges = required.map((field) => ({
    key: field.key,
    label: field.label,
    column: columnOf(field.key),
  }));
  if (group) {
    const key = [matchBy, ...group.fields].find((k) => k && columnOf(k) !== undefined);
    badges.push({ key: "identifier", label: group.label, column: key ? columnOf(key) : undefined });
  }
  return (
    <>
      <Group gap="xs" data-testid="required-fields">
        <Text size="sm" fw={600}>
          Needed for every {info.one}:
        </Text>
        {badges.map((badge) =>
          badge.column !== undefined ? (
            <Badge
              key={badge.key}
              color="green"
              variant="light"
              tt="none"
              size="lg"
              leftSection={<IconCheck size={14} />}
            >
              {badge.label}: from column "{badge.column || "(no name)"}"
            </Badge>
          ) : (
            <Badge
              key={badge.key}
              color="red"
              variant="light"
              tt="none"
              size="lg"
              leftSection={<IconAlertTriangle size={14} />}
            >
              {badge.label}: no column chosen
            </Badge>
          ),
        )}
      </Group>
      {(missing.length > 0 || unidentified) && (
        <Alert color="orange" icon={<IconAlertTriangle size={18} />} title="A required field has no column">
          Pick the column that holds{" "}
          {[...missing.map((f) => f.label), ...(unidentified && group ? [group.label] : [])].join(" and ")} in
          the table below. Lockstep needs it for every {info.one}, so the file cannot be imported without it.
        </Alert>
      )}
    </>
  );
}

const TYPE_OPTIONS = PROPERTY_TYPES.map((t) => ({ value: t, label: PROPERTY_TYPE_LABELS[t] }));

const SOURCE_WORDS: Record<NewColumn["source"], string> = {
  sample: "guessed from the first rows; the dry run checks the whole file",
  "dry run": "guessed by the dry run from the whole file",
  you: "chosen by you",
};

export function MappingTable({
  entity,
  head,
  mapping,
  auto,
  properties,
  newColumns,
  onChange,
  onNewColumnChange,
  disabled,
}: {
  entity: ImportEntity;
  head: CsvHead;
  mapping: Mapping;
  /** The automatic proposal, to tell "recognised" from "chosen by you". */
  auto: Mapping;
  /** The workspace's live properties of this record type (none for campaigns and touches). */
  properties: Property[];
  newColumns: NewColumns;
  onChange: (header: string, field: string | null) => void;
  onNewColumnChange: (header: string, column: NewColumn) => void;
  disabled?: boolean;
}) {
  const fields = IMPORT_FIELDS[entity];
  const withProperties = propertyObjectOf(entity) !== null;
  const data = [
    { group: "Skip", items: [{ value: IGNORE, label: "Ignore this column" }] },
    {
      group: "Lockstep fields",
      items: fields.map((f) => ({ value: f.key, label: f.required ? `${f.label} (required)` : f.label })),
    },
    ...(withProperties
      ? [
          {
            group: "Custom properties",
            items: [
              ...properties.map((p) => ({
                value: propertyTarget(p.apiName),
                label: `${p.label} (property)`,
              })),
              { value: NEW_PROPERTY, label: "Create a property…" },
            ],
          },
        ]
      : []),
  ];
  const { doubled } = mappingProblems(entity, mapping, newColumns);
  const targetOf = (header: string) => {
    const field = mapping[header] ?? null;
    return field === NEW_PROPERTY ? propertyTarget(newColumns[header]?.apiName ?? "") : field;
  };
  const ignored = head.headers.filter((h) => (mapping[h] ?? null) === null);
  return (
    <Stack gap="xs">
      {withProperties && ignored.length > 0 && !disabled && (
        <Group gap="sm">
          <Button
            variant="light"
            size="xs"
            leftSection={<IconSparkles size={14} />}
            onClick={() => {
              for (const header of ignored) onChange(header, NEW_PROPERTY);
            }}
          >
            Keep every column: create properties for the {ignored.length} ignored{" "}
            {ignored.length === 1 ? "column" : "columns"}
          </Button>
          <Text size="xs" c="dimmed">
            Each gets a property named after it, its type guessed from the data. Check the types before you
            import.
          </Text>
        </Group>
      )}
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing={6} withTableBorder striped data-testid="column-mapping">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Column in your file</Table.Th>
              <Table.Th>Example from the first row</Table.Th>
              <Table.Th w={300}>Lockstep field</Table.Th>
              <Table.Th w={170} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {head.headers.map((header, index) => {
              const field = mapping[header] ?? null;
              const target = targetOf(header);
              const example = head.sample[0]?.[index] ?? "";
              const others = head.headers.filter(
                (h, i) => i !== index && h !== header && target !== null && targetOf(h) === target,
              );
              const error =
                target !== null && doubled.includes(target)
                  ? `Also chosen for "${others[0] ?? header}": pick one column`
                  : undefined;
              const name = header || `(column ${index + 1} has no name)`;
              const created = field === NEW_PROPERTY ? newColumns[header] : undefined;
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
                    {created && (
                      <Stack gap={4} mt={6} data-testid="new-property">
                        <Group gap={6} wrap="nowrap">
                          <TextInput
                            aria-label={`Label of the new property for column ${name}`}
                            size="xs"
                            value={created.label}
                            onChange={(e) =>
                              onNewColumnChange(header, { ...created, label: e.currentTarget.value })
                            }
                            disabled={disabled}
                            style={{ flex: 1 }}
                          />
                          <Select
                            aria-label={`Type of the new property for column ${name}`}
                            size="xs"
                            w={150}
                            data={TYPE_OPTIONS}
                            value={created.type}
                            allowDeselect={false}
                            onChange={(value) =>
                              value &&
                              onNewColumnChange(header, {
                                ...created,
                                type: value as PropertyType,
                                source: "you",
                              })
                            }
                            disabled={disabled}
                          />
                        </Group>
                        <Text size="xs" c="dimmed">
                          property.{created.apiName} · {PROPERTY_TYPE_LABELS[created.type]},{" "}
                          {SOURCE_WORDS[created.source]}
                        </Text>
                      </Stack>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {field === null ? (
                      <Text size="xs" c="dimmed">
                        Not imported
                      </Text>
                    ) : field === NEW_PROPERTY ? (
                      <Badge variant="light" color="teal" size="sm">
                        New property
                      </Badge>
                    ) : field === auto[header] ? (
                      <Badge variant="light" color="gray" size="sm">
                        {propertyOfTarget(field) ? "Property" : "Recognised"}
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
    </Stack>
  );
}
