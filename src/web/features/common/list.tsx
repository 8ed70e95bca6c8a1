// The pieces every list page shares: URL-kept filters, cursor pagination, search, sort and "Show archived".
import { Button, Center, Group, Switch, Table, Text, TextInput, UnstyledButton } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconArrowDown, IconArrowsSort, IconArrowUp, IconSearch } from "@tabler/icons-react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { type ReactNode, useEffect, useMemo, useState } from "react";
import { useSearchParams } from "react-router";
import type { Page } from "../../../shared/common";

import { EmptyBlock, ErrorAlert, TableSkeleton } from "./query-states";

/** List filters kept in the address bar, so a filtered list can be shared and the back button works. */
export function useUrlFilters<K extends string>(
  keys: readonly K[],
  defaults: Partial<Record<K, string>> = {},
) {
  const [searchParams, setSearchParams] = useSearchParams();
  const values = {} as Record<K, string>;
  for (const key of keys) values[key] = searchParams.get(key) ?? defaults[key] ?? "";
  const set = (patch: Partial<Record<K, string | null>>) => {
    setSearchParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(patch) as [string, string | null | undefined][]) {
          if (value === null || value === undefined || value === "" || value === defaults[key as K]) {
            next.delete(key);
          } else next.set(key, value);
        }
        return next;
      },
      { replace: true },
    );
  };
  return [values, set] as const;
}

/**
 * A list endpoint's query as a list builds it: its filters (address-bar text), cursor and page size. The
 * endpoint's own query type checks the names and values a page writes itself; values from the address
 * bar are checked by the server (a 400 names the bad one).
 */
export type ListQuery = Record<string, string | number | undefined>;

/**
 * Where a list's pages come from: the page's typed call to its list endpoint, which also types the items:
 *   (query, signal) => ok(client.GET("/api/contacts", { params: { query }, signal }))
 */
export type FetchPage<T> = (query: ListQuery, signal: AbortSignal) => Promise<Page<T>>;

/**
 * A cursor-paginated list: pass nextCursor back as cursor to get the next page. `key` is the record type
 * ("contacts"), the first part of the query key, so invalidating a record type refreshes its lists.
 */
export function useInfiniteList<T>(key: string, fetchPage: FetchPage<T>, params: ListQuery, enabled = true) {
  const query = useInfiniteQuery({
    queryKey: [key, "list", params],
    queryFn: ({ pageParam, signal }) => fetchPage({ ...params, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
  const items = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  return { ...query, items };
}

/** A search box that updates the list after the user pauses typing. */
export function SearchBox({
  value,
  onChange,
  placeholder,
  label = "Search",
  width = 280,
  withIcon = true,
}: {
  value: string;
  onChange: (value: string) => void;
  placeholder: string;
  label?: string;
  width?: number;
  withIcon?: boolean;
}) {
  const [text, setText] = useState(value);
  const [debounced] = useDebouncedValue(text, 300);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a settled search text should reach the list
  useEffect(() => {
    if (debounced !== value) onChange(debounced);
  }, [debounced]);
  useEffect(() => {
    setText((current) => (current === value ? current : value));
  }, [value]);
  return (
    <TextInput
      aria-label={label}
      placeholder={placeholder}
      leftSection={withIcon ? <IconSearch size={16} /> : undefined}
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      w={{ base: "100%", sm: width }}
      type="search"
    />
  );
}

export function ListToolbar({
  search,
  children,
  archived,
  onArchivedChange,
}: {
  search: ReactNode;
  children?: ReactNode;
  archived?: boolean;
  onArchivedChange?: (archived: boolean) => void;
}) {
  return (
    <Group gap="sm" mb="md" align="flex-end" wrap="wrap">
      {search}
      {children}
      {onArchivedChange && (
        <Switch
          label="Show archived"
          checked={archived ?? false}
          onChange={(e) => onArchivedChange(e.currentTarget.checked)}
          mb={8}
        />
      )}
    </Group>
  );
}

export function SortableTh({
  label,
  sortKey,
  sort,
  order,
  onSort,
}: {
  label: string;
  sortKey: string;
  sort: string;
  order: string;
  onSort: (sort: string, order: "asc" | "desc") => void;
}) {
  const active = sort === sortKey;
  const Icon = !active ? IconArrowsSort : order === "asc" ? IconArrowUp : IconArrowDown;
  return (
    <Table.Th aria-sort={active ? (order === "asc" ? "ascending" : "descending") : "none"}>
      <UnstyledButton
        onClick={() => onSort(sortKey, active && order === "asc" ? "desc" : "asc")}
        aria-label={`Sort by ${label.toLowerCase()}`}
        style={{ display: "inline-flex", alignItems: "center", gap: 4, fontWeight: 600 }}
      >
        {label}
        <Icon size={14} opacity={active ? 1 : 0.4} />
      </UnstyledButton>
    </Table.Th>
  );
}

export function LoadMore({
  hasNextPage,
  isFetchingNextPage,
  fetchNextPage,
  count,
  total,
  noun,
}: {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
  count: number;
  /** The list's true size, where the API counts it. */
  total?: number | null;
  noun: string;
}) {
  return (
    <Center mt="md">
      {hasNextPage ? (
        <Group gap="sm">
          {total != null && (
            <Text size="sm" c="dimmed">
              {count.toLocaleString()} of {total.toLocaleString()} {plural(noun)} shown
            </Text>
          )}
          <Button variant="default" loading={isFetchingNextPage} onClick={() => fetchNextPage()}>
            Load more
          </Button>
        </Group>
      ) : (
        <Text size="sm" c="dimmed">
          {count === 1 ? `1 ${noun}` : `${count} ${plural(noun)}`} shown · end of list
        </Text>
      )}
    </Center>
  );
}

/** "opportunity" -> "opportunities", "contact" -> "contacts". */
export function plural(noun: string): string {
  return /[^aeiou]y$/.test(noun) ? `${noun.slice(0, -1)}ies` : `${noun}s`;
}

/** A scrollable table with a sticky header, the same on every list page. */
export function DataTable({ children, minWidth = 720 }: { children: ReactNode; minWidth?: number }) {
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table striped highlightOnHover verticalSpacing="xs">
        {children}
      </Table>
    </Table.ScrollContainer>
  );
}

/** Loading, error, empty and the table with "Load more": the body of every list page. */
export function ListBody<T>({
  list,
  noun,
  total,
  filtered,
  empty,
  onClearFilters,
  children,
}: {
  list: ReturnType<typeof useInfiniteList<T>>;
  noun: string;
  total?: number | null;
  filtered: boolean;
  empty: ReactNode;
  onClearFilters: () => void;
  children: (items: T[]) => ReactNode;
}) {
  if (list.isPending) return <TableSkeleton />;
  if (list.isError) return <ErrorAlert error={list.error} onRetry={() => list.refetch()} />;
  if (list.items.length === 0) {
    if (!filtered) return <>{empty}</>;
    return (
      <EmptyBlock
        title={`No ${plural(noun)} match`}
        description="Try another search or clear the filters."
        action={
          <Button variant="default" onClick={onClearFilters}>
            Clear filters
          </Button>
        }
      />
    );
  }
  return (
    <>
      {children(list.items)}
      <LoadMore
        hasNextPage={list.hasNextPage}
        isFetchingNextPage={list.isFetchingNextPage}
        fetchNextPage={list.fetchNextPage}
        count={list.items.length}
        total={total}
        noun={noun}
      />
    </>
  );
}
