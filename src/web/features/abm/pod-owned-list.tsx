// The lists of what a pod owns and team leads define (personas, segments): each declares its own columns;
// the pod column and filter, the last update, name order, "Show archived" and the leads-only "New …" are
// the same for all of them.
import type { ComponentType } from "react";
import { formatDate } from "../../lib/format";
import { FILTERS, type ListColumn, RecordListPage, type RecordListProps } from "../common/record-list";
import { RecordLink, useRecordNames } from "../common/records";

interface PodOwned {
  id: string;
  podId: string | null;
  updatedAt: string;
}

export function PodOwnedListPage<T extends PodOwned>({
  columns,
  form,
  ...props
}: Omit<RecordListProps<T>, "filters" | "defaultSort" | "archivable" | "create"> & {
  /** The record type's modal, for "New …" (team leads and admins only). */
  form: ComponentType<{ onClose: () => void; onSaved: (record: { id: string }) => void }>;
}) {
  const podName = useRecordNames("pods");
  const podColumns: ListColumn<T>[] = [
    { header: "Pod", cell: (r) => <RecordLink resource="pods" id={r.podId} name={podName(r.podId)} /> },
    { header: "Updated", sortKey: "updatedAt", cell: (r) => formatDate(r.updatedAt) },
  ];
  return (
    <RecordListPage<T>
      {...props}
      filters={[FILTERS.pod]}
      defaultSort={{ sort: "name", order: "asc" }}
      archivable
      columns={[...columns, ...podColumns]}
      create={{ leadsOnly: true, form }}
    />
  );
}
