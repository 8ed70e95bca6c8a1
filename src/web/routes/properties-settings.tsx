// Settings → Properties: the custom properties of contacts, accounts and opportunities. Every member sees them;
// team leads and admins add, edit and archive them (archiving keeps the values already recorded).
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Table,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Tooltip,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { IconArchive, IconForms, IconPencil, IconPlus } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import {
  createPropertySchema,
  PROPERTY_OBJECT_TYPES,
  PROPERTY_TYPE_LABELS,
  PROPERTY_TYPES,
  type Property,
  type PropertyObjectType,
  type PropertyType,
  updatePropertySchema,
} from "../../shared/properties";
import { DataTable } from "../features/common/list";
import { PageHeader } from "../features/common/page-header";
import { EmptyBlock, ErrorAlert, TableSkeleton } from "../features/common/query-states";
import { FormModal } from "../features/common/record-actions";
import { PROPERTIES_KEY, usePropertyDefinitions } from "../features/properties/properties";
import { usePermissions } from "../features/session/session";
import { client, errorMessage, ok } from "../lib/api";
import { applyApiError, zodErrors } from "../lib/forms";

const OBJECT_LABELS: Record<PropertyObjectType, string> = {
  contacts: "Contacts",
  accounts: "Accounts",
  opportunities: "Opportunities",
};
const ONE_RECORD: Record<PropertyObjectType, string> = {
  contacts: "contact",
  accounts: "account",
  opportunities: "opportunity",
};

const listed = (type: PropertyType) => type === "one_of" || type === "many_of";

interface FormValues {
  label: string;
  apiName: string;
  type: PropertyType;
  description: string;
  options: string[];
}
const optionsOf = (v: FormValues) => (listed(v.type) ? v.options : []);
/** Editing changes the label, description and (for lists) the options; the API name and type stay. */
const editPayload = (v: FormValues) => ({
  label: v.label,
  description: v.description,
  ...(listed(v.type) ? { options: v.options } : {}),
});

export function PropertiesSettingsPage() {
  const { isLeadOrAdmin, leadOnlyHint } = usePermissions();
  const [objectType, setObjectType] = useState<PropertyObjectType>("contacts");
  const [editing, setEditing] = useState<Property | "new" | null>(null);
  const definitions = usePropertyDefinitions(objectType);
  const items = definitions.data ?? [];
  const addButton = (
    <Tooltip label={leadOnlyHint} disabled={isLeadOrAdmin}>
      <Button
        leftSection={<IconPlus size={16} />}
        disabled={!isLeadOrAdmin}
        onClick={() => setEditing("new")}
      >
        New property
      </Button>
    </Tooltip>
  );
  return (
    <>
      <PageHeader
        title="Properties"
        description="Fields your workspace adds to contacts, accounts and opportunities: shown on their pages, edited in their forms, filterable in lists and the API, and exported with them."
        actions={addButton}
      />
      <Stack gap="md">
        <SegmentedControl
          aria-label="Record type"
          value={objectType}
          onChange={(v) => setObjectType(v as PropertyObjectType)}
          data={PROPERTY_OBJECT_TYPES.map((t) => ({ value: t, label: OBJECT_LABELS[t] }))}
          w="fit-content"
        />
        {!isLeadOrAdmin && (
          <Alert color="gray" title="Read only">
            Team leads and admins define properties. You fill them in on each record.
          </Alert>
        )}
        <Paper withBorder p="lg" radius="md">
          {definitions.isPending ? (
            <TableSkeleton rows={3} />
          ) : definitions.isError ? (
            <ErrorAlert
              error={definitions.error}
              onRetry={() => definitions.refetch()}
              title="Properties could not be loaded"
            />
          ) : items.length === 0 ? (
            <EmptyBlock
              icon={<IconForms size={28} />}
              title={`No properties on ${OBJECT_LABELS[objectType].toLowerCase()} yet`}
              description={`Add one for what your teams track on every ${ONE_RECORD[objectType]}: a tier, a renewal date, the channels that worked.`}
              action={addButton}
            />
          ) : (
            <DataTable minWidth={760}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Label</Table.Th>
                  <Table.Th>API name</Table.Th>
                  <Table.Th>Type</Table.Th>
                  <Table.Th>Options</Table.Th>
                  <Table.Th w={90} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((p) => (
                  <PropertyRow key={p.id} p={p} onEdit={() => setEditing(p)} />
                ))}
              </Table.Tbody>
            </DataTable>
          )}
        </Paper>
      </Stack>
      {editing && (
        <PropertyFormModal
          objectType={objectType}
          property={editing === "new" ? undefined : editing}
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}

function PropertyRow({ p, onEdit }: { p: Property; onEdit: () => void }) {
  const { isLeadOrAdmin, leadOnlyHint } = usePermissions();
  const queryClient = useQueryClient();
  const archive = useMutation({
    mutationFn: () => ok(client.DELETE("/api/properties/{id}", { params: { path: { id: p.id } } })),
    onSuccess: () => {
      notifications.show({
        color: "green",
        message: `“${p.label}” archived. Values already recorded are kept.`,
      });
      void queryClient.invalidateQueries({ queryKey: PROPERTIES_KEY });
    },
    onError: (error) =>
      notifications.show({ color: "red", title: "Not archived", message: errorMessage(error) }),
  });
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={500}>
          {p.label}
        </Text>
        {p.description && (
          <Text size="xs" c="dimmed">
            {p.description}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm" ff="monospace">
          {p.apiName}
        </Text>
      </Table.Td>
      <Table.Td>{PROPERTY_TYPE_LABELS[p.type]}</Table.Td>
      <Table.Td>
        <Group gap={4}>
          {p.options.map((o) => (
            <Badge key={o} variant="light" color="gray" size="sm">
              {o}
            </Badge>
          ))}
        </Group>
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          <Tooltip label={isLeadOrAdmin ? `Edit ${p.label}` : leadOnlyHint}>
            <ActionIcon
              variant="subtle"
              aria-label={`Edit ${p.label}`}
              disabled={!isLeadOrAdmin}
              onClick={onEdit}
            >
              <IconPencil size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label={isLeadOrAdmin ? `Archive ${p.label} (its values are kept)` : leadOnlyHint}>
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={`Archive ${p.label}`}
              disabled={!isLeadOrAdmin}
              loading={archive.isPending}
              onClick={() => archive.mutate()}
            >
              <IconArchive size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

/** "Renewal date" -> "renewal_date": the API name suggested while it is not typed by hand. */
function apiNameOf(label: string) {
  return label
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^[^a-z]+|_+$/g, "")
    .slice(0, 63);
}

function PropertyFormModal({
  objectType,
  property,
  onClose,
}: {
  objectType: PropertyObjectType;
  property?: Property;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const [nameTouched, setNameTouched] = useState(Boolean(property));
  const form = useForm<FormValues>({
    initialValues: {
      label: property?.label ?? "",
      apiName: property?.apiName ?? "",
      type: property?.type ?? "text",
      description: property?.description ?? "",
      options: property?.options ?? [],
    },
    validate: (values) =>
      property
        ? zodErrors(updatePropertySchema, editPayload(values))
        : zodErrors(createPropertySchema, { ...values, objectType, options: optionsOf(values) }),
  });
  const save = useMutation({
    mutationFn: (v: FormValues) =>
      property
        ? ok(
            client.PATCH("/api/properties/{id}", {
              params: { path: { id: property.id } },
              body: editPayload(v),
            }),
          )
        : ok(client.POST("/api/properties", { body: { ...v, objectType, options: optionsOf(v) } })),
    onSuccess: (saved) => {
      notifications.show({
        color: "green",
        message: property ? `“${saved.label}” saved.` : `“${saved.label}” added to ${objectType}.`,
      });
      void queryClient.invalidateQueries({ queryKey: PROPERTIES_KEY });
      onClose();
    },
    onError: (error) =>
      setFormError(
        applyApiError(form, error, {
          field: "apiName",
          message: "A property with this API name already exists here",
        }),
      ),
  });
  return (
    <FormModal
      opened
      onClose={onClose}
      title={property ? `Edit ${property.label}` : `New ${ONE_RECORD[objectType]} property`}
      form={form}
      onSubmit={() => {
        setFormError(null);
        save.mutate(form.getValues());
      }}
      submitting={save.isPending}
      formError={formError}
      submitLabel={property ? "Save property" : "Create property"}
      size="md"
    >
      <TextInput
        label="Label"
        required
        data-autofocus
        placeholder="e.g. Renewal date"
        {...form.getInputProps("label")}
        onChange={(e) => {
          const label = e.currentTarget.value;
          form.setFieldValue("label", label);
          if (!nameTouched) form.setFieldValue("apiName", apiNameOf(label));
        }}
      />
      <TextInput
        label="API name"
        required
        disabled={Boolean(property)}
        description={
          property
            ? "Fixed once created: records and integrations use it."
            : "The key in the API and the CSV export: lower case, digits and _"
        }
        {...form.getInputProps("apiName")}
        onChange={(e) => {
          setNameTouched(true);
          form.setFieldValue("apiName", e.currentTarget.value);
        }}
      />
      <Select
        label="Type"
        required
        allowDeselect={false}
        disabled={Boolean(property)}
        data={PROPERTY_TYPES.map((t) => ({ value: t, label: PROPERTY_TYPE_LABELS[t] }))}
        {...form.getInputProps("type")}
      />
      {listed(form.values.type) && (
        <TagsInput
          label="Options"
          required
          description="Press Enter after each"
          {...form.getInputProps("options")}
        />
      )}
      <Textarea label="Description" autosize minRows={2} {...form.getInputProps("description")} />
    </FormModal>
  );
}
