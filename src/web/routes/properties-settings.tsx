// Settings → Properties: the custom properties of contacts, accounts and opportunities. Every member sees them;
// team leads and admins add, edit and archive them (archiving keeps the values already recorded).
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Table,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Tooltip,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import {
  IconArchive,
  IconArchiveOff,
  IconBolt,
  IconEraser,
  IconForms,
  IconPencil,
  IconPlus,
} from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
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
  indexed: boolean;
}
const optionsOf = (v: FormValues) => (listed(v.type) ? v.options : []);
/** Several-of-a-list properties are not sorted by, so they are never indexed. */
const indexedOf = (v: FormValues) => v.indexed && v.type !== "many_of";
/** Editing changes the label, description, (for lists) the options and the index; the API name and type stay. */
const editPayload = (v: FormValues) => ({
  label: v.label,
  description: v.description,
  indexed: indexedOf(v),
  ...(listed(v.type) ? { options: v.options } : {}),
});

export function PropertiesSettingsPage() {
  const { isLeadOrAdmin, leadOnlyHint } = usePermissions();
  const [objectType, setObjectType] = useState<PropertyObjectType>("contacts");
  const [editing, setEditing] = useState<Property | "new" | null>(null);
  const [showArchived, setShowArchived] = useState(false);
  const live = usePropertyDefinitions(objectType);
  const archived = useQuery({
    queryKey: [...PROPERTIES_KEY, objectType, "archived"],
    queryFn: ({ signal }) =>
      ok(
        client.GET("/api/properties", {
          params: { query: { objectType, archived: "true", limit: 200 } },
          signal,
        }),
      ),
    select: (page) => page.items,
    enabled: showArchived,
  });
  const definitions = showArchived ? archived : live;
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
        <Group justify="space-between">
          <SegmentedControl
            aria-label="Record type"
            value={objectType}
            onChange={(v) => setObjectType(v as PropertyObjectType)}
            data={PROPERTY_OBJECT_TYPES.map((t) => ({ value: t, label: OBJECT_LABELS[t] }))}
            w="fit-content"
          />
          <Switch
            label="Show archived"
            checked={showArchived}
            onChange={(e) => setShowArchived(e.currentTarget.checked)}
          />
        </Group>
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
          ) : items.length === 0 && showArchived ? (
            <EmptyBlock
              icon={<IconArchive size={28} />}
              title={`No archived properties on ${OBJECT_LABELS[objectType].toLowerCase()}`}
              description="Archived properties keep their values on the records until an admin purges them."
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
                  <Table.Th w={showArchived ? 120 : 90} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((p) =>
                  p.archivedAt ? (
                    <PropertyRow key={p.id} p={p} actions={<ArchivedActions p={p} />} />
                  ) : (
                    <PropertyRow
                      key={p.id}
                      p={p}
                      actions={<LiveActions p={p} onEdit={() => setEditing(p)} />}
                    />
                  ),
                )}
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

function PropertyRow({ p, actions }: { p: Property; actions: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Td>
        <Group gap={6}>
          <Text size="sm" fw={500}>
            {p.label}
          </Text>
          {p.indexed && !p.archivedAt && (
            <Tooltip label="Indexed: lists sort by it through an index of its own">
              <Badge variant="light" color="indigo" size="xs" leftSection={<IconBolt size={10} />}>
                Indexed
              </Badge>
            </Tooltip>
          )}
        </Group>
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
      <Table.Td>{actions}</Table.Td>
    </Table.Tr>
  );
}

function LiveActions({ p, onEdit }: { p: Property; onEdit: () => void }) {
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
  );
}

/** An archived property: restore it (leads and admins), or purge its values from every record (admins). */
function ArchivedActions({ p }: { p: Property }) {
  const { isLeadOrAdmin, isAdmin, leadOnlyHint } = usePermissions();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const records = OBJECT_LABELS[p.objectType].toLowerCase();
  const restore = useMutation({
    mutationFn: () => ok(client.POST("/api/properties/{id}/restore", { params: { path: { id: p.id } } })),
    onSuccess: () => {
      notifications.show({ color: "green", message: `“${p.label}” restored.` });
      void queryClient.invalidateQueries({ queryKey: PROPERTIES_KEY });
    },
    onError: (error) =>
      notifications.show({ color: "red", title: "Not restored", message: errorMessage(error) }),
  });
  const purge = useMutation({
    mutationFn: () => ok(client.POST("/api/properties/{id}/purge", { params: { path: { id: p.id } } })),
    onSuccess: (result) => {
      setConfirming(false);
      notifications.show({
        color: "green",
        message: `Values of “${p.label}” purged from ${result.purged} ${result.purged === 1 ? ONE_RECORD[p.objectType] : records}.`,
      });
      void queryClient.invalidateQueries();
    },
    onError: (error) =>
      notifications.show({ color: "red", title: "Values not purged", message: errorMessage(error) }),
  });
  return (
    <>
      <Group gap={4} wrap="nowrap">
        <Tooltip label={isLeadOrAdmin ? `Restore ${p.label}` : leadOnlyHint}>
          <ActionIcon
            variant="subtle"
            aria-label={`Restore ${p.label}`}
            disabled={!isLeadOrAdmin}
            loading={restore.isPending}
            onClick={() => restore.mutate()}
          >
            <IconArchiveOff size={16} />
          </ActionIcon>
        </Tooltip>
        <Tooltip label={isAdmin ? `Purge the values of ${p.label}` : "Only admins purge values"}>
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={`Purge values of ${p.label}`}
            disabled={!isAdmin}
            onClick={() => setConfirming(true)}
          >
            <IconEraser size={16} />
          </ActionIcon>
        </Tooltip>
      </Group>
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={`Purge the values of “${p.label}”?`}
      >
        <Stack>
          <Text size="sm">
            This removes {p.label} ({p.apiName}) from every {ONE_RECORD[p.objectType]} that still has a value.
            The definition stays archived. This cannot be undone, and the audit log records it.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button color="red" loading={purge.isPending} onClick={() => purge.mutate()}>
              Purge values
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
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
      indexed: property?.indexed ?? false,
    },
    validate: (values) =>
      property
        ? zodErrors(updatePropertySchema, editPayload(values))
        : zodErrors(createPropertySchema, {
            ...values,
            objectType,
            options: optionsOf(values),
            indexed: indexedOf(values),
          }),
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
        : ok(
            client.POST("/api/properties", {
              body: { ...v, objectType, options: optionsOf(v), indexed: indexedOf(v) },
            }),
          ),
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
      {form.values.type !== "many_of" && (
        <Switch
          label="Index for sorting"
          description="Lists sort by this property through an index of its own: worth it for large lists sorted by it often"
          {...form.getInputProps("indexed", { type: "checkbox" })}
        />
      )}
    </FormModal>
  );
}
