// The create / edit modal of every record type: the shared zod schema checks the form before it is sent,
// the API's field errors and duplicates land on their fields, "Saved" / "Created" read the same everywhere,
// and the fields are declared (name, label, kind, width) and laid out on one grid.
import { Grid, MultiSelect, NumberInput, Select, TagsInput, Textarea, TextInput } from "@mantine/core";
import { type UseFormReturnType, useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { type ReactNode, useState } from "react";
import type { z } from "zod";
import type { Account } from "../../../shared/accounts";
import type { Campaign } from "../../../shared/campaigns";
import type { Contact } from "../../../shared/contacts";
import type { Opportunity } from "../../../shared/opportunities";
import type { Persona, Pod, Segment } from "../../../shared/team";
import { applyApiError, type ConflictHint, zodErrors } from "../../lib/forms";
import { FormModal, useSaveRecord } from "./record-actions";
import { MemberMultiSelect, MemberSelect, RecordSelect, type Resource } from "./records";

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

/**
 * Blank values whose type a literal cannot say, so that a form's blank values declare its value types:
 * nothing picked yet (a record, a member, a choice), an empty number input, an empty list.
 */
export const unset = {
  pick: null as string | null,
  number: (value: number | "" = "") => value as number | string,
  list: <T = string>(): T[] => [],
  /** A record's custom-property values, by API name (PropertyInputs edits them). */
  properties: (): Record<string, unknown> => ({}),
};

/** The props of every record type's create / edit modal. */
// biome-ignore lint/suspicious/noExplicitAny: Mantine forms take any object of values
export interface RecordFormProps<T, V extends Record<string, any> = Record<string, any>> {
  /** The record being edited; none when creating. */
  record?: T;
  /** Prefilled values for a new record, e.g. the account a contact is added from. */
  defaults?: Partial<V>;
  onClose: () => void;
  onSaved?: (saved: T) => void;
}

/** What a record type's modal declares; `recordFormModal` makes the modal. */
// biome-ignore lint/suspicious/noExplicitAny: Mantine forms take any object of values
export type RecordFormConfig<V extends Record<string, any>, T> = Omit<
  RecordFormSpec<V, T>,
  "resource" | "noun" | "record" | "initialValues" | "onClose" | "onSaved"
> & {
  /**
   * A new record's values. Editing, each takes the record's own value of the same name where it has
   * one (and `defaults` where given); `fromRecord` gives those that are not copied one to one.
   */
  blank: () => V;
  fromRecord?: (record: T) => Partial<V>;
  fields: FormField<V>[];
  /** Inputs after the declared fields, for what a declaration cannot say. */
  extra?: (form: UseFormReturnType<V>) => ReactNode;
  size?: string;
};

// biome-ignore lint/suspicious/noExplicitAny: Mantine forms take any object of values
function initialValues<V extends Record<string, any>, T>(
  config: RecordFormConfig<V, T>,
  record?: T,
  defaults?: Partial<V>,
): V {
  const blank = config.blank();
  const own = (record ?? {}) as Record<string, unknown>;
  const values = { ...blank };
  for (const key of Object.keys(blank) as (keyof V & string)[]) {
    values[key] = (own[key] ?? defaults?.[key] ?? blank[key]) as V[typeof key];
  }
  return record && config.fromRecord ? { ...values, ...config.fromRecord(record) } : values;
}

/** The record types that have a create / edit form, by their resource. */
interface FormRecords {
  accounts: Account;
  campaigns: Campaign;
  contacts: Contact;
  opportunities: Opportunity;
  personas: Persona;
  pods: Pod;
  segments: Segment;
}

/**
 * A record type's create / edit modal from its declaration (fields, blank values, payload, schema,
 * notices): `recordFormModal("personas", "persona", { fields, blank, ... })`. The form's value types are
 * those of its blank values.
 */
// biome-ignore lint/suspicious/noExplicitAny: Mantine forms take any object of values
export function recordFormModal<R extends keyof FormRecords, V extends Record<string, any>>(
  resource: R,
  noun: string,
  config: RecordFormConfig<V, FormRecords[R]>,
) {
  type T = FormRecords[R];
  return function RecordFormModal({ record, defaults, onClose, onSaved }: RecordFormProps<T, V>) {
    const { form, modalProps } = useRecordForm<V, T>({
      ...config,
      resource,
      noun,
      record,
      initialValues: initialValues(config, record, defaults),
      onClose,
      onSaved,
    });
    return (
      <FormModal {...modalProps} size={config.size}>
        <RecordFields form={form} fields={config.fields}>
          {config.extra?.(form)}
        </RecordFields>
      </FormModal>
    );
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

type Options = { value: string; label: string }[];

/** How a field is edited. */
type FieldKind =
  | { kind: "text"; type?: "email" | "tel" | "date"; maxLength?: number }
  | { kind: "textarea"; rows?: number }
  | { kind: "number"; money?: boolean; whole?: boolean }
  | { kind: "choice"; options: Options; clearable?: boolean; searchable?: boolean }
  | { kind: "choices"; options: Options }
  | { kind: "tags"; clearable?: boolean }
  | { kind: "record"; resource: Resource }
  | { kind: "member" }
  | { kind: "members" };

/** One field of a record form. `span`: twelfths of the row on wider screens, or [phones, wider]. */
// biome-ignore lint/suspicious/noExplicitAny: Mantine forms take any object of values
export type FormField<V extends Record<string, any>> = FieldKind & {
  name: keyof V & string;
  label: string;
  span?: number | [number, number];
  required?: boolean;
  placeholder?: string;
  description?: string;
};

/** The declared fields on a grid, the first one focused; `children` adds fields a declaration cannot say. */
// biome-ignore lint/suspicious/noExplicitAny: Mantine forms take any object of values
export function RecordFields<V extends Record<string, any>>({
  form,
  fields,
  children,
}: {
  form: UseFormReturnType<V>;
  fields: FormField<V>[];
  children?: ReactNode;
}) {
  return (
    <Grid>
      {fields.map((field, i) => {
        const [base, sm] = Array.isArray(field.span) ? field.span : [12, field.span ?? 6];
        return (
          <Grid.Col key={field.name} span={{ base: Math.min(base, 12), sm }}>
            <FieldInput form={form} field={field} autoFocus={i === 0} />
          </Grid.Col>
        );
      })}
      {children && <Grid.Col span={12}>{children}</Grid.Col>}
    </Grid>
  );
}

// biome-ignore lint/suspicious/noExplicitAny: Mantine forms take any object of values
function FieldInput<V extends Record<string, any>>({
  form,
  field,
  autoFocus,
}: {
  form: UseFormReturnType<V>;
  field: FormField<V>;
  autoFocus: boolean;
}) {
  const common = {
    label: field.label,
    required: field.required,
    placeholder: field.placeholder,
    description: field.description,
    "data-autofocus": autoFocus || undefined,
  };
  switch (field.kind) {
    case "text":
      return (
        <TextInput
          {...common}
          type={field.type}
          maxLength={field.maxLength}
          {...form.getInputProps(field.name)}
        />
      );
    case "textarea":
      return <Textarea {...common} autosize minRows={field.rows ?? 2} {...form.getInputProps(field.name)} />;
    case "number":
      return (
        <NumberInput
          {...common}
          min={0}
          prefix={field.money ? "$" : undefined}
          allowDecimal={!field.whole}
          thousandSeparator=","
          {...form.getInputProps(field.name)}
        />
      );
    case "choice":
      return (
        <Select
          {...common}
          data={field.options}
          clearable={field.clearable}
          allowDeselect={field.clearable ?? false}
          searchable={field.searchable}
          {...form.getInputProps(field.name)}
        />
      );
    case "choices":
      return <MultiSelect {...common} data={field.options} {...form.getInputProps(field.name)} />;
    case "tags":
      return <TagsInput {...common} clearable={field.clearable} {...form.getInputProps(field.name)} />;
    case "record":
      return <RecordSelect {...common} resource={field.resource} {...idField(form, field.name)} />;
    case "member":
      return <MemberSelect {...common} {...idField(form, field.name)} />;
    case "members":
      return (
        <MemberMultiSelect
          label={field.label}
          description={field.description}
          value={form.values[field.name]}
          onChange={(ids) => form.setFieldValue(field.name, ids as V[typeof field.name])}
          error={form.errors[field.name]}
        />
      );
  }
}
