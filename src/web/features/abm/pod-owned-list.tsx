// What a pod owns and team leads define (personas, segments): their lists declare their own columns, and
// the pod column and filter, the last update, name order, "Show archived" and the leads-only "New …" are
// the same for all of them; their forms start with the same name, owning pod and description.
import type { ComponentType } from "react";
import { formatDate } from "../../lib/format";
import type { FormField } from "../common/record-form";
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

/** The first fields of a pod-owned record's form: its name (unique), the owning pod and a description. */
export function podOwnedFields<V extends { name: string; description: string; podId: string | null }>(
  noun: string,
  namePlaceholder: string,
): FormField<V>[] {
  const label = `${noun.charAt(0).toUpperCase()}${noun.slice(1)} name`;
  return [
    { name: "name", label, kind: "text", placeholder: namePlaceholder, required: true },
    { name: "podId", label: "Owning pod", kind: "record", resource: "pods", placeholder: "Search pods" },
    { name: "description", label: "Description", kind: "textarea", span: 12 },
  ];
}

/** A second record of the type with the same name: said on the name field. */
export const nameConflict = (noun: string) => ({
  field: "name",
  message: `A ${noun} with this name already exists`,
});
