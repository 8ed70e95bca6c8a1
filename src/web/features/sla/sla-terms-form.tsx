// The editor of an SLA draft's terms, for a team lead: field by field (business calendar, sales' and
// marketing's commitments), saved with errors on the fields they concern. (Read as sentences: terms-view.)
import {
  Alert,
  Autocomplete,
  Button,
  Checkbox,
  Fieldset,
  Group,
  List,
  NumberInput,
  type NumberInputProps,
  Pill,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconDeviceFloppy, IconPlus } from "@tabler/icons-react";
import { useEffect, useMemo, useState } from "react";
import { type SlaTerms, type SlaVersion, slaTermsSchema } from "../../../shared/sla";
import { ApiError, errorMessage } from "../../lib/api";
import { formatDate } from "../../lib/format";
import { numberOrNull, sentence } from "../../lib/forms";
import { WEEKDAYS } from "./calendar-text";
import { useSaveSlaDraft } from "./sla-api";
import { TEAM_SIDES, teamBorder } from "./terms-view";

interface Values {
  note: string;
  timeZone: string;
  workingDays: string[];
  start: string;
  end: string;
  holidays: string[];
  acceptWithinHours: number | string;
  firstTouchWithinHours: number | string;
  attempts: number | string;
  attemptsWithinDays: number | string;
  warnAtPercent: number | string;
  reassignOnBreach: boolean;
  acceptedPerMonth: number | string;
  opportunitiesPerMonth: number | string;
  mqlsPerMonth: number | string;
  pipelinePerQuarter: number | string;
  maxRejectionPercent: number | string;
  minimumSample: number | string;
}

type Field = keyof Values;

/** What each field is called on screen, for the list of problems next to the form. */
const FIELD_LABELS: Record<Field, string> = {
  note: "Note",
  timeZone: "Time zone",
  workingDays: "Working days",
  start: "Business day starts",
  end: "Business day ends",
  holidays: "Holidays",
  acceptWithinHours: "Sales: accept or reject within",
  firstTouchWithinHours: "Sales: first touch within",
  attempts: "Sales: number of attempts",
  attemptsWithinDays: "Sales: attempts within",
  warnAtPercent: "Sales: warn the owner at",
  reassignOnBreach: "Sales: reassign on breach",
  acceptedPerMonth: "Sales: MQLs accepted per month",
  opportunitiesPerMonth: "Sales: opportunities per month",
  mqlsPerMonth: "Marketing: MQLs per month",
  pipelinePerQuarter: "Marketing: pipeline per quarter",
  maxRejectionPercent: "Marketing: maximum rejection rate",
  minimumSample: "Both: minimum sample before a verdict",
};

const NUMBER_FIELDS: Field[] = [
  "acceptWithinHours",
  "firstTouchWithinHours",
  "attempts",
  "attemptsWithinDays",
  "warnAtPercent",
  "mqlsPerMonth",
  "pipelinePerQuarter",
  "maxRejectionPercent",
  "minimumSample",
];

// Every IANA zone this browser knows, UTC first.
const TIME_ZONES = (() => {
  try {
    return ["UTC", ...Intl.supportedValuesOf("timeZone").filter((z) => z !== "UTC")];
  } catch {
    return ["UTC", "Europe/London", "Europe/Berlin", "America/New_York", "America/Los_Angeles"];
  }
})();

function toValues(version: SlaVersion): Values {
  const { calendar, sales, marketing, minimumSample } = version.terms;
  return {
    note: version.note,
    timeZone: calendar.timeZone,
    workingDays: calendar.workingDays.map(String),
    start: calendar.start,
    end: calendar.end,
    holidays: [...calendar.holidays].sort(),
    acceptWithinHours: sales.acceptWithinHours,
    firstTouchWithinHours: sales.firstTouchWithinHours,
    attempts: sales.attempts,
    attemptsWithinDays: sales.attemptsWithinDays,
    warnAtPercent: sales.warnAtPercent,
    reassignOnBreach: sales.reassignOnBreach,
    acceptedPerMonth: sales.acceptedPerMonth ?? "",
    opportunitiesPerMonth: sales.opportunitiesPerMonth ?? "",
    mqlsPerMonth: marketing.mqlsPerMonth,
    pipelinePerQuarter: marketing.pipelinePerQuarter,
    // 0.3 -> 30 (rounded so that 0.07 does not show as 7.000000000000001)
    maxRejectionPercent: Math.round(marketing.maxRejectionRate * 100_000) / 1000,
    minimumSample,
  };
}

const num = (v: number | string) => numberOrNull(v) ?? Number.NaN;

function toTerms(v: Values): SlaTerms {
  const percent = numberOrNull(v.maxRejectionPercent);
  return {
    calendar: {
      timeZone: v.timeZone.trim(),
      workingDays: v.workingDays.map(Number).sort((a, b) => a - b),
      start: v.start.trim(),
      end: v.end.trim(),
      holidays: [...v.holidays].sort(),
    },
    sales: {
      acceptWithinHours: num(v.acceptWithinHours),
      firstTouchWithinHours: num(v.firstTouchWithinHours),
      attempts: num(v.attempts),
      attemptsWithinDays: num(v.attemptsWithinDays),
      warnAtPercent: num(v.warnAtPercent),
      reassignOnBreach: v.reassignOnBreach,
      // Optional goals (derived from the revenue target): left out when empty.
      ...(numberOrNull(v.acceptedPerMonth) === null ? {} : { acceptedPerMonth: num(v.acceptedPerMonth) }),
      ...(numberOrNull(v.opportunitiesPerMonth) === null
        ? {}
        : { opportunitiesPerMonth: num(v.opportunitiesPerMonth) }),
    },
    marketing: {
      mqlsPerMonth: num(v.mqlsPerMonth),
      pipelinePerQuarter: num(v.pipelinePerQuarter),
      maxRejectionRate: percent === null ? Number.NaN : Math.round(percent * 1000) / 100_000,
    },
    minimumSample: num(v.minimumSample),
  };
}

/** "terms.sales.acceptWithinHours" (or "sales.acceptWithinHours", "calendar.holidays.2") -> the form field. */
function fieldOf(path: string): Field | null {
  const parts = path.split(".").filter((p) => p !== "terms" && p !== "body");
  if (parts[0] === "note") return "note";
  const key = parts[1] as string | undefined;
  if (parts[0] === "marketing" && key === "maxRejectionRate") return "maxRejectionPercent";
  if (parts[0] === "minimumSample") return "minimumSample";
  if (key && key in FIELD_LABELS) return key as Field;
  return null;
}

/** The schema's message starts with the field's code name ("acceptWithinHours must be…"): drop it. */
function cleanMessage(field: Field, message: string): string {
  if (field === "maxRejectionPercent") return "Must be a percentage between 0% and 100%";
  const code = field === "note" ? "note" : field;
  const text = message.startsWith(`${code} `) ? message.slice(code.length + 1) : message;
  return sentence(text);
}

type Problems = { errors: Partial<Record<Field, string>>; other: string[] };

function placeIssues(issues: { path: string; message: string }[]): Problems {
  const errors: Partial<Record<Field, string>> = {};
  const other: string[] = [];
  for (const issue of issues) {
    const field = fieldOf(issue.path);
    if (!field) other.push(issue.path ? `${issue.path}: ${issue.message}` : issue.message);
    else errors[field] ??= cleanMessage(field, issue.message);
  }
  return { errors, other };
}

/** The same checks as the API (the shared schema), plus the ones only a form has (empty number fields). */
function validate(values: Values): Partial<Record<Field, string>> {
  const result = slaTermsSchema.safeParse(toTerms(values));
  const { errors } = result.success
    ? { errors: {} as Partial<Record<Field, string>> }
    : placeIssues(
        result.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
      );
  for (const field of NUMBER_FIELDS)
    if (numberOrNull(values[field] as number | string) === null) errors[field] = "Enter a number";
  const percent = numberOrNull(values.maxRejectionPercent);
  if (percent !== null && (percent < 0 || percent > 100))
    errors.maxRejectionPercent = "Must be a percentage between 0% and 100%";
  if (values.note.length > 2000) errors.note = "Can be at most 2000 characters";
  return errors;
}

/** A number with its unit inside the field on the right ("business hours", "%"), without spin buttons. */
function NumberField({
  unit,
  unitWidth,
  ...props
}: NumberInputProps & { unit?: string; unitWidth?: number }) {
  return (
    <NumberInput
      hideControls
      rightSection={
        unit && (
          <Text size="xs" c="dimmed" pr={8} style={{ whiteSpace: "nowrap" }}>
            {unit}
          </Text>
        )
      }
      rightSectionWidth={unitWidth}
      rightSectionPointerEvents="none"
      {...props}
    />
  );
}

const HOURS = { min: 0, step: 0.5, decimalScale: 2, unit: "business hours", unitWidth: 110 };

/**
 * The editor of a draft. Keyed by the saved terms by its parent, so a save (here or by someone else) starts it
 * again from what the server has.
 */
export function SlaTermsForm({
  version,
  onDirtyChange,
}: {
  version: SlaVersion;
  onDirtyChange: (dirty: boolean) => void;
}) {
  const initial = useMemo(() => toValues(version), [version]);
  const form = useForm<Values>({ initialValues: initial, validate });
  const [formError, setFormError] = useState<{ title: string; lines: string[] } | null>(null);
  const [holiday, setHoliday] = useState("");
  const [holidayError, setHolidayError] = useState<string | null>(null);
  const save = useSaveSlaDraft(version.version);

  const dirty = JSON.stringify(form.values) !== JSON.stringify(initial);
  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);
  useEffect(() => () => onDirtyChange(false), [onDirtyChange]);

  const problems = Object.entries(form.errors).filter(([, message]) => Boolean(message)) as [Field, string][];

  const addHoliday = () => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(holiday)) {
      setHolidayError("Pick a date first");
      return;
    }
    if (form.values.holidays.includes(holiday)) {
      setHolidayError(`${formatDate(holiday)} is already listed`);
      return;
    }
    form.setFieldValue("holidays", [...form.values.holidays, holiday].sort());
    form.clearFieldError("holidays");
    setHoliday("");
    setHolidayError(null);
  };

  const submit = (values: Values) => {
    setFormError(null);
    const hadSignatures = version.approvals.length > 0;
    save.mutate(
      { terms: toTerms(values), note: values.note.trim() },
      {
        onSuccess: (saved) =>
          notifications.show({
            color: "green",
            title: `Version ${saved.version} saved`,
            message: hadSignatures
              ? "The changed terms need both signatures again: the earlier ones were cleared."
              : "Next: a sales lead and a marketing lead sign it.",
          }),
        onError: (error) => {
          if (error instanceof ApiError && error.status === 400 && error.fieldIssues.length > 0) {
            const placed = placeIssues(error.fieldIssues);
            form.setErrors(placed.errors);
            setFormError(
              placed.other.length
                ? { title: "The API refused these terms", lines: placed.other }
                : { title: "Not saved: fix the fields marked in red", lines: [] },
            );
          } else setFormError({ title: "Not saved", lines: [errorMessage(error)] });
        },
      },
    );
  };

  const onInvalid = () => setFormError({ title: "Not saved: fix the fields marked in red", lines: [] });

  return (
    <form
      onSubmit={form.onSubmit(submit, onInvalid)}
      noValidate
      aria-label={`Terms of version ${version.version}`}
    >
      <Stack gap="md">
        {dirty && version.approvals.length > 0 && (
          <Alert color="yellow" icon={<IconAlertTriangle size={18} />} py="xs">
            Saving changed terms clears the signatures already given (
            {version.approvals.map((a) => `${a.name} for ${a.team}`).join(", ")}): both teams sign the new
            terms again.
          </Alert>
        )}
        <Fieldset legend="Business calendar: when SLA clocks run">
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
              <Autocomplete
                label="Time zone"
                description="Where the business day is counted (IANA name)"
                placeholder="e.g. America/New_York"
                data={TIME_ZONES}
                limit={30}
                maxDropdownHeight={260}
                {...form.getInputProps("timeZone")}
              />
              <TextInput
                label="Business day starts"
                description="24-hour clock, e.g. 09:00"
                placeholder="09:00"
                maxLength={5}
                {...form.getInputProps("start")}
              />
              <TextInput
                label="Business day ends"
                description="e.g. 17:00 (24:00 = midnight)"
                placeholder="17:00"
                maxLength={5}
                {...form.getInputProps("end")}
              />
            </SimpleGrid>
            <Checkbox.Group
              label="Working days"
              description="SLA clocks pause on the other days"
              {...form.getInputProps("workingDays")}
            >
              <Group gap="md" mt={6}>
                {WEEKDAYS.map((d) => (
                  <Checkbox key={d.value} value={String(d.value)} label={d.short} aria-label={d.long} />
                ))}
              </Group>
            </Checkbox.Group>
            <Stack gap={4}>
              <Group gap="xs" align="flex-end">
                <TextInput
                  type="date"
                  label="Holidays"
                  description="Days off: clocks pause all day"
                  value={holiday}
                  onChange={(e) => {
                    setHoliday(e.currentTarget.value);
                    setHolidayError(null);
                  }}
                  onKeyDown={(e) => {
                    if (e.key === "Enter") {
                      e.preventDefault();
                      addHoliday();
                    }
                  }}
                  error={holidayError ?? form.errors.holidays}
                  w={220}
                  aria-label="Holiday date"
                />
                <Button
                  variant="default"
                  leftSection={<IconPlus size={14} />}
                  onClick={addHoliday}
                  mb={holidayError || form.errors.holidays ? 22 : 0}
                >
                  Add holiday
                </Button>
              </Group>
              {form.values.holidays.length === 0 ? (
                <Text size="sm" c="dimmed">
                  No holidays listed.
                </Text>
              ) : (
                <Group gap={6} aria-label="Holidays listed">
                  {form.values.holidays.map((day) => (
                    <Pill
                      key={day}
                      withRemoveButton
                      onRemove={() =>
                        form.setFieldValue(
                          "holidays",
                          form.values.holidays.filter((h) => h !== day),
                        )
                      }
                      removeButtonProps={{ "aria-label": `Remove holiday ${formatDate(day)}` }}
                    >
                      {formatDate(day)}
                    </Pill>
                  ))}
                </Group>
              )}
            </Stack>
          </Stack>
        </Fieldset>

        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <Fieldset legend={TEAM_SIDES.sales.title} style={teamBorder("sales")}>
            <Stack gap="sm">
              <NumberField
                label="Accept or reject each MQL within"
                {...HOURS}
                {...form.getInputProps("acceptWithinHours")}
              />
              <NumberField
                label="First touch within"
                description="A call, email, message or meeting"
                {...HOURS}
                {...form.getInputProps("firstTouchWithinHours")}
              />
              <Group grow align="flex-start" gap="sm">
                <NumberField
                  label="At least"
                  min={1}
                  allowDecimal={false}
                  unit="attempts"
                  unitWidth={80}
                  {...form.getInputProps("attempts")}
                />
                <NumberField
                  label="Attempts within"
                  min={1}
                  allowDecimal={false}
                  unit="business days"
                  unitWidth={105}
                  {...form.getInputProps("attemptsWithinDays")}
                />
              </Group>
              <NumberField
                label="Warn the owner when this much of the time is used"
                min={1}
                max={99}
                allowDecimal={false}
                unit="%"
                unitWidth={32}
                {...form.getInputProps("warnAtPercent")}
              />
              <Group grow align="flex-start" gap="sm">
                <NumberField
                  label="MQLs accepted per month"
                  description="Optional; proposed from the revenue target"
                  min={0}
                  allowDecimal={false}
                  thousandSeparator=","
                  {...form.getInputProps("acceptedPerMonth")}
                />
                <NumberField
                  label="Opportunities per month"
                  description="Optional; proposed from the revenue target"
                  min={0}
                  allowDecimal={false}
                  thousandSeparator=","
                  {...form.getInputProps("opportunitiesPerMonth")}
                />
              </Group>
              <Switch
                label="Reassign on breach"
                description="When an MQL is not accepted or rejected in time, hand it to another rep of the pod"
                {...form.getInputProps("reassignOnBreach", { type: "checkbox" })}
              />
            </Stack>
          </Fieldset>
          <Fieldset legend={TEAM_SIDES.marketing.title} style={teamBorder("marketing")}>
            <Stack gap="sm">
              <NumberField
                label="MQLs delivered per month"
                min={0}
                allowDecimal={false}
                thousandSeparator=","
                unit="MQLs"
                unitWidth={56}
                {...form.getInputProps("mqlsPerMonth")}
              />
              <NumberField
                label="Pipeline created per quarter"
                description="Amount of new opportunities"
                min={0}
                prefix="$"
                thousandSeparator=","
                decimalScale={0}
                {...form.getInputProps("pipelinePerQuarter")}
              />
              <NumberField
                label="Maximum rejection rate"
                description="The most MQLs sales may reject, as a share of those it decided on"
                min={0}
                max={100}
                decimalScale={1}
                unit="%"
                unitWidth={32}
                {...form.getInputProps("maxRejectionPercent")}
              />
            </Stack>
          </Fieldset>
        </SimpleGrid>

        <NumberField
          label="Minimum sample before a verdict"
          description="Rates over fewer decided cases (clocks met or breached, MQLs accepted or rejected) show their counts but are not judged"
          min={1}
          max={10_000}
          allowDecimal={false}
          unit="decided"
          unitWidth={72}
          maw={420}
          {...form.getInputProps("minimumSample")}
        />

        <TextInput
          label="Note for this version"
          description="What changed and why, for the leads who sign it"
          placeholder="e.g. Faster acceptance now that the pods are staffed"
          maxLength={2000}
          {...form.getInputProps("note")}
        />

        {formError && (problems.length > 0 || formError.lines.length > 0) && (
          <Alert
            color="red"
            icon={<IconAlertTriangle size={18} />}
            title={formError.title}
            role="alert"
            data-testid="sla-form-error"
          >
            {(problems.length > 0 || formError.lines.length > 0) && (
              <List size="sm" spacing={2}>
                {problems.map(([field, message]) => (
                  <List.Item key={field}>
                    <Text span fw={600} size="sm">
                      {FIELD_LABELS[field]}:
                    </Text>{" "}
                    {message.charAt(0).toLowerCase() + message.slice(1)}
                  </List.Item>
                ))}
                {formError.lines.map((line) => (
                  <List.Item key={line}>{line}</List.Item>
                ))}
              </List>
            )}
          </Alert>
        )}

        <Group justify="flex-end" gap="xs">
          {dirty && (
            <Text size="sm" c="yellow.9" fw={600}>
              Unsaved changes
            </Text>
          )}
          <Button
            variant="default"
            disabled={!dirty || save.isPending}
            onClick={() => {
              form.setValues(initial);
              form.clearErrors();
              setFormError(null);
            }}
          >
            Discard
          </Button>
          <Button
            type="submit"
            leftSection={<IconDeviceFloppy size={16} />}
            loading={save.isPending}
            disabled={!dirty}
          >
            Save version {version.version}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
