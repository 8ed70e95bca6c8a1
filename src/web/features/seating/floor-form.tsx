// Adding or editing a floor: its name, its tables and rows in floor order (label, round table or row, seats),
// and fixed seats (a member who always sits in one seat). The shared schema checks the form in the browser;
// the API checks the seats themselves (a seat beyond its table, two members on one seat) and its errors land
// on the field they name.
import { ActionIcon, Button, Group, NumberInput, Select, Stack, Text, TextInput } from "@mantine/core";
import { type UseFormReturnType, useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { createFloorSchema, MAX_AREA_SEATS, type SeatingAreaKind } from "../../../shared/seating";
import { ApiError, errorMessage } from "../../lib/api";
import { label, TEAM_LABELS } from "../../lib/format";
import { sentence, zodErrors } from "../../lib/forms";
import { FormModal } from "../common/record-actions";
import {
  type Floor,
  type FloorInput,
  useCreateFloor,
  useSeatableMembers,
  useUpdateFloor,
} from "./seating-api";

interface AreaValues {
  label: string;
  kind: SeatingAreaKind;
  seats: number | string;
}
interface FixedSeatValues {
  memberId: string | null;
  area: string | null;
  seat: number | string;
}
interface Values {
  name: string;
  areas: AreaValues[];
  fixedSeats: FixedSeatValues[];
}

export const AREA_KIND_LABELS: Record<SeatingAreaKind, string> = { table: "Round table", row: "Row" };

const toPayload = (v: Values): FloorInput => ({
  name: v.name.trim(),
  areas: v.areas.map((a) => ({
    label: a.label.trim(),
    kind: a.kind,
    seats: a.seats === "" ? Number.NaN : Number(a.seats),
  })),
  // Every row is sent, blank or not, so the API's `fixedSeats.N` names the row on screen.
  fixedSeats: v.fixedSeats.map((f) => ({
    memberId: f.memberId ?? "",
    area: f.area ?? "",
    seat: f.seat === "" ? Number.NaN : Number(f.seat),
  })),
});

function validate(values: Values): Record<string, string> {
  const errors = zodErrors(createFloorSchema, toPayload(values));
  values.areas.forEach((a, i) => {
    if (a.seats === "") errors[`areas.${i}.seats`] = "Enter how many seats it has";
  });
  values.fixedSeats.forEach((f, i) => {
    if (!f.memberId) errors[`fixedSeats.${i}.memberId`] = "Pick who sits here";
    if (!f.area) errors[`fixedSeats.${i}.area`] = "Pick a table or row";
    if (f.seat === "") errors[`fixedSeats.${i}.seat`] = "Enter the seat number";
  });
  return errors;
}

/** A label not used yet on the floor: "Table 3", "Row 2". */
function nextLabel(areas: AreaValues[], kind: SeatingAreaKind): string {
  const word = kind === "table" ? "Table" : "Row";
  const taken = new Set(areas.map((a) => a.label.trim().toLowerCase()));
  let n = areas.filter((a) => a.kind === kind).length + 1;
  while (taken.has(`${word} ${n}`.toLowerCase())) n++;
  return `${word} ${n}`;
}

const FIELD = /^(name|areas\.\d+\.(label|kind|seats)|fixedSeats\.\d+\.(memberId|area|seat))$/;

/**
 * Puts the API's 400 on the fields it names: `fixedSeats.1` (two members on one seat) goes on that row's seat
 * number, `areas` (too many seats in all) under the tables. Returns what is left for the alert above the form.
 */
function applyFloorError(form: UseFormReturnType<Values>, error: unknown): string | null {
  if (!(error instanceof ApiError) || error.status !== 400 || error.fieldIssues.length === 0)
    return errorMessage(error);
  let unplaced: string | null = null;
  for (const issue of error.fieldIssues) {
    const message = sentence(issue.message);
    if (FIELD.test(issue.path)) form.setFieldError(issue.path, message);
    else if (/^fixedSeats\.\d+$/.test(issue.path)) form.setFieldError(`${issue.path}.seat`, message);
    else if (issue.path === "areas" || issue.path === "fixedSeats") form.setFieldError(issue.path, message);
    else unplaced = error.message;
  }
  return unplaced;
}

export function FloorFormModal({
  floor,
  onClose,
  onSaved,
}: {
  /** The floor to edit; a new floor when absent. */
  floor?: Floor;
  onClose: () => void;
  onSaved: (saved: Floor) => void;
}) {
  const members = useSeatableMembers();
  const create = useCreateFloor();
  const update = useUpdateFloor(floor?.id ?? "");
  const save = floor ? update : create;
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: floor
      ? {
          name: floor.name,
          areas: floor.areas.map((a) => ({ ...a })),
          fixedSeats: floor.fixedSeats.map((f) => ({ memberId: f.memberId, area: f.area, seat: f.seat })),
        }
      : { name: "", areas: [{ label: "Table 1", kind: "table", seats: 6 }], fixedSeats: [] },
    validate,
  });
  const { areas, fixedSeats } = form.values;
  const areaOptions = [...new Set(areas.map((a) => a.label.trim()).filter(Boolean))];
  const memberOptions = (members.data?.items ?? []).map((m) => ({
    value: m.id,
    label: `${m.name} (${label(TEAM_LABELS, m.team)}${m.podName ? `, ${m.podName}` : ""})`,
  }));
  // A fixed seat whose member has left the workspace still shows, by the name the floor kept.
  for (const f of floor?.fixedSeats ?? [])
    if (!memberOptions.some((o) => o.value === f.memberId))
      memberOptions.push({ value: f.memberId, label: `${f.name} (no longer a member)` });
  const seatTotal = areas.reduce((n, a) => n + (Number(a.seats) || 0), 0);

  const renameArea = (index: number, value: string) => {
    const before = areas[index].label.trim();
    form.setFieldValue(`areas.${index}.label`, value);
    // Fixed seats follow their table when it is renamed.
    fixedSeats.forEach((f, i) => {
      if (before && f.area === before) form.setFieldValue(`fixedSeats.${i}.area`, value.trim() || null);
    });
  };
  const removeArea = (index: number) => {
    const gone = areas[index].label.trim();
    fixedSeats.forEach((f, i) => {
      if (f.area === gone) form.setFieldValue(`fixedSeats.${i}.area`, null);
    });
    form.removeListItem("areas", index);
  };
  const submit = () => {
    setFormError(null);
    save.mutate(toPayload(form.getValues()), {
      onSuccess: (saved) => {
        notifications.show({
          color: "green",
          message: floor ? `${saved.name} saved.` : `${saved.name} added.`,
        });
        onSaved(saved);
      },
      onError: (error) => setFormError(applyFloorError(form, error)),
    });
  };

  return (
    <FormModal
      opened
      onClose={onClose}
      title={floor ? `Edit ${floor.name}` : "New floor"}
      form={form}
      onSubmit={submit}
      submitting={save.isPending}
      formError={formError}
      submitLabel={floor ? "Save floor" : "Add floor"}
      size="xl"
    >
      <TextInput
        label="Floor name"
        placeholder="e.g. Berlin office, 3rd floor"
        required
        data-autofocus
        {...form.getInputProps("name")}
      />
      <Stack gap="xs">
        <div>
          <Text size="sm" fw={500}>
            Tables and rows, in floor order
          </Text>
          <Text size="xs" c="dimmed">
            At a round table the last seat sits beside the first; in a row the two ends have one neighbour
            each. {areas.length} {areas.length === 1 ? "place" : "places"}, {seatTotal} seats in all.
          </Text>
        </div>
        <Group gap="xs" wrap="nowrap" aria-hidden>
          <Text size="xs" c="dimmed" style={{ flex: 1 }}>
            Name
          </Text>
          <Text size="xs" c="dimmed" w={150}>
            Kind
          </Text>
          <Text size="xs" c="dimmed" w={110}>
            Seats
          </Text>
          <div style={{ width: 34 }} />
        </Group>
        {areas.map((_, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place
          <Group key={index} gap="xs" align="flex-start" wrap="nowrap" data-testid="floor-area">
            <TextInput
              aria-label={`Name of table or row ${index + 1}`}
              placeholder="Table 1"
              style={{ flex: 1 }}
              {...form.getInputProps(`areas.${index}.label`)}
              onChange={(e) => renameArea(index, e.currentTarget.value)}
            />
            <Select
              aria-label={`Kind of table or row ${index + 1}`}
              allowDeselect={false}
              w={150}
              data={(["table", "row"] as const).map((k) => ({ value: k, label: AREA_KIND_LABELS[k] }))}
              {...form.getInputProps(`areas.${index}.kind`)}
            />
            <NumberInput
              aria-label={`Seats at table or row ${index + 1}`}
              min={1}
              max={MAX_AREA_SEATS}
              allowDecimal={false}
              w={110}
              {...form.getInputProps(`areas.${index}.seats`)}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              size="lg"
              mt={2}
              aria-label={`Remove table or row ${index + 1}`}
              disabled={areas.length === 1}
              onClick={() => removeArea(index)}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ))}
        {form.errors.areas && (
          <Text size="xs" c="red" role="alert">
            {form.errors.areas}
          </Text>
        )}
        <Group gap="xs">
          <Button
            variant="light"
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() =>
              form.insertListItem("areas", { label: nextLabel(areas, "table"), kind: "table", seats: 6 })
            }
          >
            Add table
          </Button>
          <Button
            variant="light"
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() =>
              form.insertListItem("areas", { label: nextLabel(areas, "row"), kind: "row", seats: 4 })
            }
          >
            Add row
          </Button>
        </Group>
      </Stack>
      <Stack gap="xs">
        <div>
          <Text size="sm" fw={500}>
            Fixed seats
          </Text>
          <Text size="xs" c="dimmed">
            Someone who always sits in one seat (near the door, by the window...). They are in every plan of
            this floor and never move; the mixer seats everyone else around them.
          </Text>
        </div>
        {fixedSeats.length === 0 && (
          <Text size="sm" c="dimmed">
            No fixed seats: the mixer may put anyone anywhere.
          </Text>
        )}
        {fixedSeats.length > 0 && (
          <Group gap="xs" wrap="nowrap" aria-hidden>
            <Text size="xs" c="dimmed" style={{ flex: 1 }}>
              Member
            </Text>
            <Text size="xs" c="dimmed" w={180}>
              Table or row
            </Text>
            <Text size="xs" c="dimmed" w={110}>
              Seat number
            </Text>
            <div style={{ width: 34 }} />
          </Group>
        )}
        {fixedSeats.map((_, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place
          <Group key={index} gap="xs" align="flex-start" wrap="nowrap" data-testid="fixed-seat">
            <Select
              aria-label={`Fixed seat ${index + 1}: member`}
              placeholder={members.isPending ? "Loading members…" : "Who sits here"}
              searchable
              allowDeselect={false}
              data={memberOptions}
              style={{ flex: 1 }}
              {...form.getInputProps(`fixedSeats.${index}.memberId`)}
            />
            <Select
              aria-label={`Fixed seat ${index + 1}: table or row`}
              placeholder="Table or row"
              allowDeselect={false}
              data={areaOptions}
              w={180}
              {...form.getInputProps(`fixedSeats.${index}.area`)}
            />
            <NumberInput
              aria-label={`Fixed seat ${index + 1}: seat number`}
              placeholder="Seat"
              min={1}
              max={MAX_AREA_SEATS}
              allowDecimal={false}
              w={110}
              {...form.getInputProps(`fixedSeats.${index}.seat`)}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              size="lg"
              mt={2}
              aria-label={`Remove fixed seat ${index + 1}`}
              onClick={() => form.removeListItem("fixedSeats", index)}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ))}
        {form.errors.fixedSeats && (
          <Text size="xs" c="red" role="alert">
            {form.errors.fixedSeats}
          </Text>
        )}
        {members.isError && (
          <Text size="xs" c="red">
            Members could not be loaded: {errorMessage(members.error)}
          </Text>
        )}
        <Group>
          <Button
            variant="light"
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() =>
              form.insertListItem("fixedSeats", { memberId: null, area: areaOptions[0] ?? null, seat: 1 })
            }
          >
            Add fixed seat
          </Button>
        </Group>
      </Stack>
    </FormModal>
  );
}
