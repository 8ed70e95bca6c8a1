// The page of one record, for every record type: the record named in the address (`/personas/:id`) or
// what to show until it is there, the head (back to the list, name, badges, description, Edit, Archive),
// the edit form "Edit" opens, and the body the record type declares.
import { type ComponentType, type ReactNode, useState } from "react";
import { useParams } from "react-router";
import { usePermissions } from "../session/session";
import { ArchivedBadge } from "./badges";
import { PageHeader } from "./page-header";
import { DetailSkeleton, ErrorAlert } from "./query-states";
import { RecordPageActions } from "./record-actions";
import { type Resource, useRecord } from "./records";

interface PageRecord {
  id: string;
  name: string;
  archivedAt: string | null;
  description?: string | null;
}

export interface RecordPageProps<T extends PageRecord> {
  resource: Resource;
  /** "persona": in the archive confirmation and its notices. */
  noun: string;
  /** The record type's modal (see recordFormModal), opened by "Edit". */
  form: ComponentType<{ record: T; onClose: () => void }>;
  /** Only team leads and admins may edit this record type (archiving is always theirs). */
  leadsOnly?: boolean;
  /** The title, when it is not the record's name. */
  title?: (record: T) => string;
  /** Badges before "Archived". */
  badges?: (record: T) => ReactNode;
  /** Under the title; the record's description (or "No description yet.") when not given. */
  description?: (record: T) => ReactNode;
  /** The record type's own actions, before "Edit". */
  actions?: (record: T) => ReactNode;
  /** Actions after "Archive" (a menu of rarer ones). */
  trailingActions?: (record: T) => ReactNode;
  /** The body; `edit` opens the edit form (for an empty state that asks to fill something in). */
  children: (record: T, edit: () => void) => ReactNode;
}

export function RecordPage<T extends PageRecord>(props: RecordPageProps<T>) {
  const { id = "" } = useParams();
  const query = useRecord(props.resource, id);
  const record = query.data as T | undefined;
  const { isLeadOrAdmin, leadOnlyHint } = usePermissions();
  const [editing, setEditing] = useState(false);

  if (!record) {
    return query.isError ? (
      <ErrorAlert error={query.error} onRetry={() => query.refetch()} />
    ) : (
      <DetailSkeleton />
    );
  }
  const title = props.title?.(record) ?? record.name;
  const EditForm = props.form;
  const edit = () => setEditing(true);
  return (
    <>
      <PageHeader
        breadcrumbs={[
          {
            label: props.resource.charAt(0).toUpperCase() + props.resource.slice(1),
            to: `/${props.resource}`,
          },
        ]}
        title={title}
        badges={
          <>
            {props.badges?.(record)}
            <ArchivedBadge archivedAt={record.archivedAt} />
          </>
        }
        description={props.description?.(record) ?? (record.description || "No description yet.")}
        actions={
          <>
            {props.actions?.(record)}
            <RecordPageActions
              resource={props.resource}
              record={{ ...record, name: title }}
              noun={props.noun}
              onEdit={edit}
              isLeadOrAdmin={isLeadOrAdmin}
              editHint={props.leadsOnly ? leadOnlyHint : undefined}
            />
            {props.trailingActions?.(record)}
          </>
        }
      />
      {props.children(record, edit)}
      {editing && <EditForm record={record} onClose={() => setEditing(false)} />}
    </>
  );
}
