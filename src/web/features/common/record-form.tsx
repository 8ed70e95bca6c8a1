// The create / edit modal of every record type: the shared zod schema checks the form before it is sent,
// the API's field errors and duplicates land on their fields, and "Saved" / "Created" read the same everywhere.
import { type UseFormReturnType, useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import type { z } from "zod";
import { applyApiError, type ConflictHint, zodErrors } from "../../lib/forms";
import { useSaveRecord } from "./record-actions";
import type { Resource } from "./records";

export interface RecordFormSpec<V, T> {
  resource: Resource;
  /** "account": in the title, the button and the notice. */
  noun: string;
  /** The record being edited; none when creating. */
  record?: T;
  initialValues: V;
  /** What the API receives; the schema checks it before it is sent. */
  toPayload: (values: V) => object;
  schema?: z.ZodType;
  /** Checks the schema cannot make, merged over its errors. */
  validate?: (values: V) => Record<string, string>;
  /** The field a duplicate (409) is about, with words a person understands. */
  conflict?: ConflictHint;
  /** The notice after creating, when "Account Acme created." does not fit. */
  createdMessage?: (saved: T) => string;
  /** The record's name in "Edit …", when it is not `name`. */
  recordName?: (record: T) => string;
  onClose: () => void;
  onSaved?: (saved: T) => void;
}

const capitalised = (noun: string) => noun.charAt(0).toUpperCase() + noun.slice(1);

/** A record's form and the props of its FormModal (title, submit label, saving, errors). */
// biome-ignore lint/suspicious/noExplicitAny: Mantine forms take any object of values
export function useRecordForm<V extends Record<string, any>, T extends { id: string; name: string }>(
  spec: RecordFormSpec<V, T>,
) {
  const { record, noun, toPayload, onClose } = spec;
  const form: UseFormReturnType<V> = useForm<V>({
    initialValues: spec.initialValues,
    validate: (values) => ({
      ...(spec.schema ? zodErrors(spec.schema, toPayload(values)) : {}),
      ...spec.validate?.(values),
    }),
  });
  const [formError, setFormError] = useState<string | null>(null);
  const save = useSaveRecord<T>(spec.resource, record?.id);

  const onSubmit = () => {
    setFormError(null);
    save.mutate(toPayload(form.getValues()), {
      onSuccess: (saved) => {
        notifications.show({
          color: "green",
          message: record
            ? `${capitalised(noun)} saved.`
            : (spec.createdMessage?.(saved) ?? `${capitalised(noun)} ${saved.name} created.`),
        });
        onClose();
        spec.onSaved?.(saved);
      },
      onError: (error) => setFormError(applyApiError(form, error, spec.conflict)),
    });
  };

  return {
    form,
    modalProps: {
      opened: true,
      onClose,
      title: record ? `Edit ${spec.recordName?.(record) ?? record.name}` : `New ${noun}`,
      form,
      onSubmit,
      submitting: save.isPending,
      formError,
      submitLabel: record ? `Save ${noun}` : `Create ${noun}`,
    },
  };
}

/** A record or member select bound to a form field holding an id (or null). */
// biome-ignore lint/suspicious/noExplicitAny: Mantine forms take any object of values
export function idField<V extends Record<string, any>>(form: UseFormReturnType<V>, field: keyof V & string) {
  return {
    value: (form.values[field] as string | null) ?? null,
    onChange: (id: string | null) => form.setFieldValue(field, id as V[typeof field]),
    error: form.errors[field],
  };
}
