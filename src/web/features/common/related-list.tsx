// Records of another type on a record's page (a persona's contacts, a segment's accounts): a section with
// loading, error, empty, the table declared as columns, and "Load more" while there are more.
import type { ReactNode } from "react";
import { Section } from "./detail";
import { type FetchPage, type ListQuery, LoadMore, useInfiniteList } from "./list";
import { EmptyBlock, ErrorAlert, TableSkeleton } from "./query-states";
import { type ListColumn, RecordTable } from "./record-list";

export function RelatedList<T extends { id: string }>({
  title,
  description,
  actions,
  resource,
  fetchPage,
  params,
  noun,
  columns,
  minWidth = 500,
  empty,
  children,
}: {
  title: string;
  description?: string;
  actions?: ReactNode;
  /** The record type listed and its filter, e.g. "contacts" with `{ personaId, limit: 25 }`. */
  resource: string;
  /** The typed call to the list endpoint (see FetchPage). */
  fetchPage: FetchPage<T>;
  params: ListQuery;
  /** "contact": for "Load more". */
  noun: string;
  columns: ListColumn<T>[];
  minWidth?: number;
  empty: { title: string; description?: string; action?: ReactNode };
  /** More in the section (a form it opens). */
  children?: ReactNode;
}) {
  const list = useInfiniteList(resource, fetchPage, params);
  return (
    <Section title={title} description={description} actions={actions}>
      {list.isPending ? (
        <TableSkeleton rows={3} />
      ) : list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => list.refetch()} />
      ) : list.items.length === 0 ? (
        <EmptyBlock {...empty} />
      ) : (
        <>
          <RecordTable columns={columns} items={list.items} minWidth={minWidth} />
          {list.hasNextPage && (
            <LoadMore
              hasNextPage
              isFetchingNextPage={list.isFetchingNextPage}
              fetchNextPage={list.fetchNextPage}
              count={list.items.length}
              noun={noun}
            />
          )}
        </>
      )}
      {children}
    </Section>
  );
}
