// Looking up records by id: names for links, members for owners, and searchable selects backed by the list API.
import { Anchor, MultiSelect, Select, type SelectProps, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { type ReactNode, useMemo, useState } from "react";
import { Link } from "react-router";
import type { Member } from "../../../shared/workspaces";
import { client, ok, type QueryValue } from "../../lib/api";
import type { paths } from "../../lib/api-schema";
import { label as labelOf, TEAM_LABELS } from "../../lib/format";

export type Resource =
  | "accounts"
  | "contacts"
  | "campaigns"
  | "opportunities"
  | "personas"
  | "segments"
  | "pods";

/** A record type's list endpoint and its record's endpoint; every one exists in the generated paths. */
export type ListPath<R extends Resource = Resource> = `/api/${R}` & keyof paths;
export type RecordPath<R extends Resource = Resource> = `/api/${R}/{id}` & keyof paths;

/** A record as `GET /api/<resource>/{id}` answers it: `RecordOf<"contacts">` is a contact. */
export type RecordOf<R extends Resource> =
  paths[RecordPath<R>]["get"]["responses"][200]["content"]["application/json"];

/** The path of one record of a type. Generic code names a record type at run time, so the template is
 * widened to every record type's path (each one checked against the generated paths) and the answer
 * narrowed back to the type asked for with RecordOf. */
export const recordPath = <R extends Resource>(resource: R) => `/api/${resource}/{id}` as RecordPath;
export const listPath = <R extends Resource>(resource: R) => `/api/${resource}` as ListPath;

type Named = RecordOf<Resource> & { email?: string | null; domain?: string | null };

export function useRecord<R extends Resource>(resource: R, id: string | null | undefined) {
  return useQuery({
    queryKey: [resource, "detail", id],
    queryFn: ({ signal }) =>
      ok(client.GET(recordPath(resource), { params: { path: { id: id ?? "" } }, signal })) as Promise<
        RecordOf<R>
      >,
    enabled: Boolean(id),
  });
}

/** A link to a record showing its name, e.g. the account of a contact; fetched only when not given. */
export function RecordLink({
  resource,
  id,
  name,
  fallback = "—",
}: {
  resource: Resource;
  id: string | null;
  /** The name when the caller has it already (useRecordNames); null while the caller is still loading it. */
  name?: string | null;
  fallback?: string;
}) {
  const { data, isError } = useRecord(resource, name === undefined ? id : null);
  if (id && name !== undefined)
    return (
      <Anchor component={Link} to={`/${resource}/${id}`} size="sm">
        {name ?? "…"}
      </Anchor>
    );
  if (!id)
    return (
      <Text span c="dimmed">
        {fallback}
      </Text>
    );
  if (isError)
    return (
      <Text span c="dimmed">
        (unavailable)
      </Text>
    );
  return (
    <Anchor component={Link} to={`/${resource}/${id}`} size="sm">
      {data?.name || (data ? "(no name)" : "…")}
    </Anchor>
  );
}

/**
 * Names of the records of a small type (pods, segments, personas), one request for a whole list page
 * instead of one per row. A workspace has a few dozen of these; any beyond the first 200 are looked up
 * one by one by RecordLink.
 */
export function useRecordNames(resource: "pods" | "segments" | "personas") {
  const query = useQuery({
    queryKey: [resource, "names"],
    queryFn: ({ signal }) =>
      ok(client.GET(listPath(resource), { params: { query: { limit: 200 } }, signal })),
    staleTime: 60_000,
  });
  const names = useMemo(() => new Map((query.data?.items ?? []).map((r) => [r.id, r.name])), [query.data]);
  /** The name; null while the names load; undefined when not among them (RecordLink then fetches it). */
  return (id: string | null): string | null | undefined =>
    query.isPending ? null : id ? names.get(id) : undefined;
}

/** All members of the workspace (for owners and pod membership); workspaces are small enough for one page. */
export function useMembers() {
  const query = useQuery({
    queryKey: ["members", "all"],
    queryFn: ({ signal }) => ok(client.GET("/api/members", { params: { query: { limit: 200 } }, signal })),
    staleTime: 60_000,
  });
  const byId = useMemo(() => new Map((query.data?.items ?? []).map((m) => [m.id, m])), [query.data]);
  return { ...query, members: query.data?.items ?? [], byId };
}

export function MemberName({
  id,
  fallback = "Unassigned",
}: {
  id: string | null | undefined;
  fallback?: string;
}) {
  const { byId } = useMembers();
  if (!id)
    return (
      <Text span size="sm" c="dimmed">
        {fallback}
      </Text>
    );
  const member = byId.get(id);
  return (
    <Text span size="sm" style={{ whiteSpace: "nowrap" }}>
      {member ? member.name : "…"}
    </Text>
  );
}

function memberOptions(members: Member[]) {
  return members.map((m) => ({ value: m.id, label: `${m.name} (${labelOf(TEAM_LABELS, m.team)})` }));
}

type BaseSelectProps = Omit<SelectProps, "data" | "value" | "onChange">;

export function MemberSelect({
  value,
  onChange,
  ...props
}: BaseSelectProps & { value: string | null; onChange: (value: string | null) => void }) {
  const { members, isLoading } = useMembers();
  return (
    <Select
      searchable
      clearable
      data={memberOptions(members)}
      value={value}
      onChange={(v) => onChange(v)}
      nothingFoundMessage={isLoading ? "Loading…" : "No member matches"}
      {...props}
    />
  );
}

export function MemberMultiSelect({
  value,
  onChange,
  label,
  error,
  description,
}: {
  value: string[];
  onChange: (value: string[]) => void;
  label: string;
  error?: ReactNode;
  description?: ReactNode;
}) {
  const { members, isLoading } = useMembers();
  return (
    <MultiSelect
      searchable
      clearable
      label={label}
      description={description}
      data={memberOptions(members)}
      value={value}
      onChange={onChange}
      error={error}
      nothingFoundMessage={isLoading ? "Loading…" : "No member matches"}
    />
  );
}

function itemLabel(item: Named): string {
  const name = item.name || item.email || "(no name)";
  const extra = item.domain ?? (item.name && item.email ? item.email : null);
  return extra ? `${name} · ${extra}` : name;
}

/** A searchable select whose options come from `GET /api/<resource>?q=`. */
export function RecordSelect({
  resource,
  value,
  onChange,
  params,
  ...props
}: BaseSelectProps & {
  resource: Resource;
  value: string | null;
  onChange: (value: string | null) => void;
  params?: Record<string, QueryValue>;
}) {
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search, 250);
  const selected = useRecord(resource, value);
  const selectedLabel = selected.data ? itemLabel(selected.data) : "";
  const q = debounced === selectedLabel ? "" : debounced;
  const list = useQuery({
    queryKey: [resource, "options", q, params],
    queryFn: ({ signal }) =>
      ok(
        client.GET(listPath(resource), {
          params: { query: { q: q || undefined, limit: 20, ...params } },
          signal,
        }),
      ),
    staleTime: 15_000,
  });
  const data = useMemo(() => {
    const items = list.data?.items ?? [];
    const opts = items.map((item) => ({ value: item.id, label: itemLabel(item) }));
    if (selected.data && value && !opts.some((o) => o.value === value)) {
      opts.unshift({ value, label: selectedLabel });
    }
    return opts;
  }, [list.data, selected.data, value, selectedLabel]);

  return (
    <Select
      searchable
      clearable
      data={data}
      value={value}
      onChange={(v) => onChange(v)}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={list.isFetching ? "Searching…" : "Nothing found: try another name"}
      {...props}
    />
  );
}
