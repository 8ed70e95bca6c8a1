// The one list page every record type uses: a page declares its filters, columns, sort, "New …" form and
// empty state; this module owns the rest (filters kept in the address bar, keyset pages as the API gives
// them, the true total, CSV export of the current filters, loading / error / empty states).
import { Anchor, Badge, Group, Paper, Select, Table, Text, TextInput } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { type ComponentType, type ReactNode, useState } from "react";
import { Link, useNavigate } from "react-router";
import type { ImportEntity } from "../../../shared/imports";
import { formatNumber } from "../../lib/format";
import { ImportCsvLink } from "../imports/import-link";
import { usePermissions } from "../session/session";
import { ArchivedBadge } from "./badges";
import { ExportCsvButton } from "./export-button";
import {
  DataTable,
  type FetchPage,
  ListBody,
  type ListQuery,
  ListToolbar,
  plural,
  SearchBox,
  SortableTh,
  useInfiniteList,
  useUrlFilters,
} from "./list";
import { PageHeader } from "./page-header";
import { EmptyBlock } from "./query-states";
import { GuardedButton } from "./record-actions";
import { MemberSelect, RecordSelect, type Resource } from "./records";

interface FilterBase {
  /** The query parameter, as the list endpoint names it. */
  key: string;
  /** The control's accessible name (and its visible label with `labels="visible"`). */
  label: string;
  placeholder?: string;
  width: number;
}

/** A list filter: a fixed choice, a record of another type, a member, free text or a date. */
export type ListFilter = FilterBase &
  (
    | { kind: "choice"; options: { value: string; label: string }[]; searchable?: boolean }
    | { kind: "record"; resource: Resource }
    | { kind: "member" }
    | { kind: "text" }
    | { kind: "date" }
  );

/** A filter picking one of fixed values, e.g. `choice("stage", "Stage", "Any stage", 160, options)`. */
export function choice(
  key: string,
  label: string,
  placeholder: string,
  width: number,
  options: { value: string; label: string }[],
): ListFilter {
  return { key, kind: "choice", label, placeholder, width, options };
}

/** A filter picking a record of another type: `recordFilter("segments", "Segment", 180)` sets segmentId. */
export function recordFilter(resource: Resource, label: string, width: number): ListFilter {
  const key = `${resource.slice(0, -1)}Id`;
  return { key, kind: "record", resource, label, placeholder: `Any ${label.toLowerCase()}`, width };
}

/** The filters the record lists share. */
export const FILTERS = {
  account: recordFilter("accounts", "Account", 190),
  persona: recordFilter("personas", "Persona", 170),
  pod: recordFilter("pods", "Pod", 180),
  segment: recordFilter("segments", "Segment", 180),
  owner: { key: "ownerMemberId", kind: "member", label: "Owner", placeholder: "Any owner", width: 180 },
} satisfies Record<string, ListFilter>;

export interface ListColumn<T> {
  /** The header text; empty for a column of buttons. */
  header: ReactNode;
  /** Makes the header a sort button; the value is the list endpoint's sort key. */
  sortKey?: string;
  align?: "right";
  nowrap?: boolean;
  cell?: (item: T) => ReactNode;
}

/** A custom property a list can sort by: its column (shown while the list is sorted by it). */
export interface PropertySortOption<T> {
  apiName: string;
  label: string;
  column: ListColumn<T>;
}

/** A column's sort key when it sorts by a custom property (the list's `sortProperty`). */
const PROPERTY_SORT = "property:";

export interface RecordListProps<T extends { id: string }> {
  /** The list endpoint under /api ("contacts" lists GET /api/contacts and exports /api/contacts/export). */
  resource: string;
  /** "contact": for counts, empty states and the export tooltip. */
  noun: string;
  /** The page title; the plural of the noun ("Contacts") when not given. */
  title?: string;
  description: ReactNode;
  /** The search box's placeholder ("Search contacts" when not given); false: no search. */
  search?: string | false;
  filters?: ListFilter[];
  /** Filters with a label above each (where the page has room) rather than only a placeholder. */
  labels?: "visible" | "hidden";
  defaultSort?: { sort: string; order: "asc" | "desc" };
  /** Adds "Show archived", for record types that can be archived. */
  archivable?: boolean;
  /** Custom properties the list can sort by (`sortProperty`): a "Sort by property" choice and their column. */
  sortProperties?: PropertySortOption<T>[];
  columns: ListColumn<T>[];
  /** A whole row, for rows whose cells hold state of their own (inline edits, an expandable detail). */
  row?: (item: T) => ReactNode;
  minWidth?: number;
  empty: {
    icon: ReactNode;
    /** "No contacts yet" when not given. */
    title?: string;
    description: string;
    action?: ReactNode;
    importEntity?: ImportEntity;
  };
  /** "New contact": the button and the form it opens; the saved record's page opens after. */
  create?: {
    /** "New contact" when not given. */
    label?: string;
    /** Only team leads and admins may create this record type (the button says why to others). */
    leadsOnly?: boolean;
    /** The record type's modal (see recordFormModal). */
    form: ComponentType<{ onClose: () => void; onSaved: (record: { id: string }) => void }>;
  };
  /** More header actions (after "Export CSV" and before "New …"). */
  actions?: ReactNode;
  /** false: no export; a function: the page's own export of the current filters. */
  exportCsv?: boolean | ((query: ListQuery, filtered: boolean) => ReactNode);
  /**
   * Where the pages come from: the typed call to the list endpoint, e.g.
   * `(query, signal) => ok(client.GET("/api/contacts", { params: { query }, signal }))`.
   */
  fetchPage: FetchPage<T>;
  enabled?: boolean;
}

const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

const LIST_KEYS = ["q", "sort", "order", "archived"];
const PAGE_SIZE = 50;

export function RecordListPage<T extends { id: string }>(props: RecordListProps<T>) {
  const { resource, noun, filters = [], defaultSort, archivable = false, create } = props;
  const sortables = props.sortProperties ?? [];
  const keys = [
    ...LIST_KEYS,
    ...(sortables.length > 0 ? ["sortProperty"] : []),
    ...filters.map((filter) => filter.key),
  ];
  const [f, set] = useUrlFilters(keys, defaultSort ?? {});
  const [creating, setCreating] = useState(false);
  const CreateForm = create?.form;
  const navigate = useNavigate();
  const { isLeadOrAdmin, leadOnlyHint } = usePermissions();

  // The query the list and its export share: only what the page declares, so a stray address-bar
  // parameter never reaches the API.
  const query: ListQuery = {};
  for (const key of keys) query[key] = f[key] || undefined;
  if (!archivable) query.archived = undefined;
  const list = useInfiniteList(resource, props.fetchPage, { ...query, limit: PAGE_SIZE }, props.enabled);
  const filtered = Boolean(query.q || query.archived || filters.some((filter) => query[filter.key]));
  const clearFilters = () =>
    set(Object.fromEntries(["q", "archived", ...filters.map((filter) => filter.key)].map((k) => [k, null])));

  const newButton = create && (
    <GuardedButton
      allowed={!create.leadsOnly || isLeadOrAdmin}
      hint={leadOnlyHint}
      leftSection={<IconPlus size={16} />}
      onClick={() => setCreating(true)}
    >
      {create.label ?? `New ${noun}`}
    </GuardedButton>
  );
  const exportButton =
    props.exportCsv === false ? null : typeof props.exportCsv === "function" ? (
      props.exportCsv(query, filtered)
    ) : (
      <ExportCsvButton resource={resource} noun={noun} params={query} filtered={filtered} />
    );
  const emptyAction = props.empty.action ?? (
    <Group gap="sm" justify="center">
      {newButton}
      {props.empty.importEntity && <ImportCsvLink entity={props.empty.importEntity} />}
    </Group>
  );
  // Sorting by a custom property shows its column next to the name; a header's sort goes back to the fields.
  const sortedBy = sortables.find((p) => p.apiName === f.sortProperty);
  const sortProps = {
    sort: sortedBy ? `${PROPERTY_SORT}${sortedBy.apiName}` : f.sort,
    order: f.order,
    onSort: (sort: string, order: string) =>
      sort.startsWith(PROPERTY_SORT)
        ? set({ sortProperty: sort.slice(PROPERTY_SORT.length), order })
        : set({ sort, order, sortProperty: null }),
  };
  const columns = sortedBy
    ? [
        ...props.columns.slice(0, 1),
        { ...sortedBy.column, sortKey: `${PROPERTY_SORT}${sortedBy.apiName}` },
        ...props.columns.slice(1),
      ]
    : props.columns;
  const total = list.data?.pages[0]?.total;

  return (
    <>
      <PageHeader
        title={props.title ?? capitalise(plural(noun))}
        description={props.description}
        actions={
          <>
            {exportButton}
            {props.actions}
            {newButton}
          </>
        }
      />
      <Paper withBorder p="md" radius="md">
        <ListToolbar
          search={
            props.search !== false && (
              <SearchBox
                value={f.q}
                onChange={(q) => set({ q })}
                placeholder={props.search ?? `Search ${plural(noun)}`}
                label={`Search ${plural(noun)}`}
              />
            )
          }
          archived={f.archived === "true"}
          onArchivedChange={archivable ? (v) => set({ archived: v ? "true" : null }) : undefined}
        >
          {sortables.length > 0 && (
            <Select
              aria-label="Sort by property"
              placeholder="Sort by property"
              clearable
              searchable
              w={180}
              data={sortables.map((p) => ({ value: p.apiName, label: p.label }))}
              value={sortedBy?.apiName ?? null}
              onChange={(value) => set({ sortProperty: value })}
            />
          )}
          {filters.map((filter) => (
            <FilterControl
              key={filter.key}
              filter={filter}
              visibleLabel={props.labels === "visible"}
              value={f[filter.key]}
              onChange={(value) => set({ [filter.key]: value })}
            />
          ))}
          {total != null && (
            <Text size="sm" c="dimmed" ml="auto" mb={8} aria-live="polite" data-testid="list-total">
              {total === 1 ? `1 ${noun}` : `${formatNumber(total)} ${plural(noun)}`}
              {filtered ? " match" : ""}
            </Text>
          )}
        </ListToolbar>
        <ListBody
          list={list}
          noun={noun}
          total={total}
          filtered={filtered}
          onClearFilters={clearFilters}
          empty={
            <EmptyBlock
              icon={props.empty.icon}
              title={props.empty.title ?? `No ${plural(noun)} yet`}
              description={props.empty.description}
              action={emptyAction}
            />
          }
        >
          {(items) => (
            <RecordTable
              columns={columns}
              items={items}
              row={props.row}
              minWidth={props.minWidth ?? 760}
              sort={sortProps}
            />
          )}
        </ListBody>
      </Paper>
      {creating && CreateForm && (
        <CreateForm
          onClose={() => setCreating(false)}
          onSaved={(record) => navigate(`/${resource}/${record.id}`)}
        />
      )}
    </>
  );
}

/** A table of records, declared as columns; a column with a sortKey sorts the list when `sort` is given. */
export function RecordTable<T extends { id: string }>({
  columns,
  items,
  row,
  minWidth,
  sort,
  footer,
}: {
  columns: ListColumn<T>[];
  items: T[];
  /** A whole row, for rows whose cells hold state of their own. */
  row?: (item: T) => ReactNode;
  minWidth: number;
  sort?: { sort: string; order: string; onSort: (sort: string, order: string) => void };
  /** A table foot (a total). */
  footer?: ReactNode;
}) {
  return (
    <DataTable minWidth={minWidth}>
      <Table.Thead>
        <Table.Tr>
          {columns.map((column, i) =>
            sort && column.sortKey && typeof column.header === "string" ? (
              <SortableTh key={column.sortKey} label={column.header} sortKey={column.sortKey} {...sort} />
            ) : (
              // biome-ignore lint/suspicious/noArrayIndexKey: columns are declared once, in order
              <Table.Th key={i} ta={column.align}>
                {column.header}
              </Table.Th>
            ),
          )}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((item) =>
          row ? (
            row(item)
          ) : (
            <Table.Tr key={item.id}>
              {columns.map((column, i) => (
                <Table.Td
                  // biome-ignore lint/suspicious/noArrayIndexKey: columns are declared once, in order
                  key={i}
                  ta={column.align}
                  style={column.nowrap ? { whiteSpace: "nowrap" } : undefined}
                >
                  {column.cell?.(item)}
                </Table.Td>
              ))}
            </Table.Tr>
          ),
        )}
      </Table.Tbody>
      {footer && <Table.Tfoot>{footer}</Table.Tfoot>}
    </DataTable>
  );
}

function FilterControl({
  filter,
  visibleLabel,
  value,
  onChange,
}: {
  filter: ListFilter;
  visibleLabel: boolean;
  value: string;
  onChange: (value: string | null) => void;
}) {
  const labelProps = visibleLabel ? { label: filter.label } : { "aria-label": filter.label };
  const common = { ...labelProps, placeholder: filter.placeholder, w: filter.width };
  switch (filter.kind) {
    case "choice":
      return (
        <Select
          {...common}
          clearable
          searchable={filter.searchable}
          data={filter.options}
          value={value || null}
          onChange={onChange}
        />
      );
    case "record":
      return (
        <RecordSelect {...common} resource={filter.resource} value={value || null} onChange={onChange} />
      );
    case "member":
      return <MemberSelect {...common} value={value || null} onChange={onChange} />;
    case "date":
      return (
        <TextInput {...common} type="date" value={value} onChange={(e) => onChange(e.currentTarget.value)} />
      );
    case "text":
      return (
        <SearchBox
          value={value}
          onChange={onChange}
          placeholder={filter.placeholder ?? filter.label}
          label={filter.label}
          width={filter.width}
          withIcon={false}
        />
      );
  }
}

/** The first cell of a record row: the record's name linking to its page, "Archived", and a dimmed second line. */
export function RecordNameCell({
  to,
  name,
  archivedAt,
  detail,
}: {
  to: string;
  name: string;
  archivedAt?: string | null;
  detail?: string | null;
}) {
  return (
    <>
      <Anchor component={Link} to={to} fw={600} size="sm">
        {name}
      </Anchor>{" "}
      <ArchivedBadge archivedAt={archivedAt ?? null} />
      {detail && (
        <Text size="xs" c="dimmed" lineClamp={1}>
          {detail}
        </Text>
      )}
    </>
  );
}

/**
 * The first column of a record list: the record's name linking to its page, sorting by name, with
 * "Archived" and a dimmed second line (`detail`); `name` where a record's name can be empty.
 */
export function nameColumn<T extends { id: string; name: string; archivedAt: string | null }>(
  resource: Resource,
  header: string,
  show: { name?: (item: T) => string; detail?: (item: T) => string | null } = {},
): ListColumn<T> {
  return {
    header,
    sortKey: "name",
    cell: (item) => (
      <RecordNameCell
        to={`/${resource}/${item.id}`}
        name={show.name?.(item) ?? item.name}
        archivedAt={item.archivedAt}
        detail={show.detail?.(item)}
      />
    ),
  };
}

/** Short values as quiet badges (job titles, industries, regions), or a dimmed word when there are none. */
export function TagList({ values, empty = "—" }: { values: string[]; empty?: string }) {
  if (values.length === 0)
    return (
      <Text span size="sm" c="dimmed">
        {empty}
      </Text>
    );
  return (
    <Group gap={4}>
      {values.map((v) => (
        <Badge key={v} variant="default" size="sm" tt="none">
          {v}
        </Badge>
      ))}
    </Group>
  );
}
