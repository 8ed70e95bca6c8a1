// Custom properties in the web app: the definitions of a record type, their typed inputs in the record forms
// (bound to `properties.<api_name>`, so the API's field errors land on them) and their values on detail pages.
import { Group, MultiSelect, NumberInput, Select, SimpleGrid, Switch, Text, TextInput } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import { useQuery } from "@tanstack/react-query";
import type { Property, PropertyObjectType } from "../../../shared/properties";
import { client, ok } from "../../lib/api";
import { Field, FieldGrid, Section } from "../common/detail";
import type { ListFilter, PropertySortOption } from "../common/record-list";

export const PROPERTIES_KEY = ["properties"] as const;

/** The query of a record type's live definitions (at most 200, the list's page size), for useQuery or fetchQuery. */
export function propertyDefinitionsQuery(objectType: PropertyObjectType) {
  return {
    queryKey: [...PROPERTIES_KEY, objectType],
    queryFn: ({ signal }: { signal?: AbortSignal }) =>
      ok(client.GET("/api/properties", { params: { query: { objectType, limit: 200 } }, signal })),
    staleTime: 60_000,
  };
}

/** The live definitions of one record type, in label order (at most 200, the list's page size). */
export function usePropertyDefinitions(objectType: PropertyObjectType, enabled = true) {
  return useQuery({
    ...propertyDefinitionsQuery(objectType),
    select: (page) => page.items,
    enabled,
  });
}

/** One list filter per property (`property.<api_name>=value`, as the list API takes it). */
export function usePropertyFilters(objectType: PropertyObjectType): ListFilter[] {
  const definitions = usePropertyDefinitions(objectType);
  return (definitions.data ?? []).map((p): ListFilter => {
    const base = { key: `property.${p.apiName}`, label: p.label, placeholder: p.label, width: 150 };
    if (p.type === "one_of" || p.type === "many_of")
      return { ...base, kind: "choice", options: p.options.map((o) => ({ value: o, label: o })) };
    if (p.type === "boolean")
      return {
        ...base,
        kind: "choice",
        options: [
          { value: "true", label: `${p.label}: yes` },
          { value: "false", label: `${p.label}: no` },
        ],
      };
    return { ...base, kind: p.type === "date" ? "date" : "text" };
  });
}

/**
 * The properties a record list can sort by (all but several-of-a-list ones), each with the column the list shows
 * while sorted by it.
 */
export function usePropertySorts<T extends { properties?: Record<string, unknown> | null }>(
  objectType: PropertyObjectType,
): PropertySortOption<T>[] {
  const definitions = usePropertyDefinitions(objectType);
  return (definitions.data ?? [])
    .filter((p) => p.type !== "many_of")
    .map((p) => ({
      apiName: p.apiName,
      label: p.label,
      column: {
        header: p.label,
        nowrap: true,
        cell: (item: T) =>
          propertyText(p, item.properties?.[p.apiName]) ?? (
            <Text span c="dimmed">
              —
            </Text>
          ),
      },
    }));
}

/** A value as a person reads it. */
export function propertyText(p: Property, value: unknown): string | null {
  if (value === null || value === undefined || value === "") return null;
  if (p.type === "boolean") return value === true ? "Yes" : value === false ? "No" : String(value);
  if (Array.isArray(value)) return value.length ? value.map(String).join(", ") : null;
  if (typeof value === "number") return value.toLocaleString();
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** The record's custom properties with their labels; nothing when the workspace has defined none. */
export function PropertyValues({
  objectType,
  values,
}: {
  objectType: PropertyObjectType;
  values: Record<string, unknown>;
}) {
  const definitions = usePropertyDefinitions(objectType);
  const list = definitions.data ?? [];
  if (list.length === 0) return null;
  return (
    <Section title="Properties" description="Fields your workspace added (Settings → Properties).">
      <FieldGrid cols={2}>
        {list.map((p) => (
          <Field key={p.id} label={p.label}>
            <Text size="sm" data-testid={`property-${p.apiName}`}>
              {propertyText(p, values[p.apiName])}
            </Text>
          </Field>
        ))}
      </FieldGrid>
    </Section>
  );
}

/** The record form's inputs of its custom properties, one typed input each (values go to `properties`). */
// biome-ignore lint/suspicious/noExplicitAny: Mantine forms take any object of values
export function PropertyInputs<V extends { properties: Record<string, unknown> } & Record<string, any>>({
  objectType,
  form,
}: {
  objectType: PropertyObjectType;
  form: UseFormReturnType<V>;
}) {
  const definitions = usePropertyDefinitions(objectType);
  const list = definitions.data ?? [];
  if (list.length === 0) return null;
  return (
    <>
      <Group mt="sm" mb={4}>
        <Text fw={600} size="sm">
          Properties
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {list.map((p) => (
          <PropertyInput key={p.id} p={p} form={form} />
        ))}
      </SimpleGrid>
    </>
  );
}

// biome-ignore lint/suspicious/noExplicitAny: Mantine forms take any object of values
function PropertyInput<V extends { properties: Record<string, unknown> } & Record<string, any>>({
  p,
  form,
}: {
  p: Property;
  form: UseFormReturnType<V>;
}) {
  const path = `properties.${p.apiName}`;
  const value = form.values.properties?.[p.apiName];
  // Empty inputs clear the value (null); everything else is stored as its type.
  const set = (next: unknown) => form.setFieldValue(path as never, next as never);
  const common = {
    label: p.label,
    description: p.description || undefined,
    error: form.errors[path],
    "data-property": p.apiName,
  };
  const options = p.options.map((o) => ({ value: o, label: o }));
  switch (p.type) {
    case "text":
      return (
        <TextInput
          {...common}
          maxLength={2000}
          value={typeof value === "string" ? value : ""}
          onChange={(e) => set(e.currentTarget.value === "" ? null : e.currentTarget.value)}
        />
      );
    case "number":
      return (
        <NumberInput
          {...common}
          thousandSeparator=","
          value={typeof value === "number" ? value : ""}
          onChange={(v) => set(typeof v === "number" ? v : v === "" ? null : Number(v))}
        />
      );
    case "date":
      return (
        <TextInput
          {...common}
          type="date"
          value={typeof value === "string" ? value : ""}
          onChange={(e) => set(e.currentTarget.value || null)}
        />
      );
    case "boolean":
      return (
        <Switch {...common} mt="lg" checked={value === true} onChange={(e) => set(e.currentTarget.checked)} />
      );
    case "one_of":
      return (
        <Select
          {...common}
          data={options}
          clearable
          value={typeof value === "string" ? value : null}
          onChange={(v) => set(v)}
        />
      );
    case "many_of":
      return (
        <MultiSelect
          {...common}
          data={options}
          value={Array.isArray(value) ? value.map(String) : []}
          onChange={(v) => set(v.length ? v : null)}
        />
      );
  }
}
