// The report filters in the web app: one bar every report page shows, kept in the address bar so a view can
// be shared (copy the URL) and the back button works. The keys are the API's (`reportFiltersSchema`), so a
// page passes them to its report and its CSV export as they are; the server checks them (a 400 names the
// bad one) and answers with the period it used, which the bar shows when the dates are left empty.
import { Button, Group, Paper, Select, Stack, Text, TextInput } from "@mantine/core";
import { IconFilterOff } from "@tabler/icons-react";
import { useMemo } from "react";
import { CHANNELS } from "../../../shared/domain";
import {
  type ReportFilters as Filters,
  REPORT_FILTER_KEYS,
  type ReportPeriod,
} from "../../../shared/reports";
import { CHANNEL_LABELS, formatDate, options } from "../../lib/format";
import { useUrlFilters } from "../common/list";
import { RecordSelect } from "../common/records";
import { usePropertyDefinitions } from "../properties/properties";

export type ReportFilterKey = (typeof REPORT_FILTER_KEYS)[number];
/** The filters as the URL holds them: only the keys set, as text (ready for a query string). */
export type ReportQuery = Partial<Record<ReportFilterKey, string>>;

/**
 * The report filters of the current URL, and a setter that writes them back (clearing a filter removes
 * its key). `query` holds only the keys set: pass it to a report call or an export link as it is.
 */
export function useReportFilters() {
  const [values, set] = useUrlFilters(REPORT_FILTER_KEYS);
  const query = useMemo(() => {
    const q: ReportQuery = {};
    for (const key of REPORT_FILTER_KEYS) if (values[key]) q[key] = values[key];
    return q;
  }, [values]);
  return { values, query, set } as const;
}

/** The filters' query as the typed client wants it (the server checks the values). */
export function reportQuery(query: ReportQuery): Partial<Filters> {
  return query as Partial<Filters>;
}

/** "1 Oct 2025 to 31 Mar 2026": the period a report covered (its `to` is exclusive: the day before is shown). */
export function periodText(period: ReportPeriod): string {
  const last = new Date(`${period.to}T00:00:00Z`);
  last.setUTCDate(last.getUTCDate() - 1);
  return `${formatDate(period.from)} to ${formatDate(last.toISOString().slice(0, 10))}`;
}

/**
 * The filter bar: period (from, to), pod, persona, segment, channel, source campaign and one contact
 * property with its value. `period` is what the last answer covered: shown as the dates' placeholders.
 */
export function ReportFilterBar({
  period,
  what = "contacts",
}: {
  period?: ReportPeriod | null;
  /** What the period applies to, in the hint under the dates ("contacts entering the funnel"). */
  what?: string;
}) {
  const { values, query, set } = useReportFilters();
  const properties = usePropertyDefinitions("contacts");
  const property = (properties.data ?? []).find((p) => p.apiName === values.propertyKey);
  const anySet = Object.keys(query).length > 0;
  const lastDay = period
    ? new Date(Date.parse(`${period.to}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)
    : "";

  const valueInput = () => {
    const common = {
      label: "Value",
      w: 160,
      disabled: !values.propertyKey,
      "data-testid": "report-filter-property-value",
    };
    if (
      property &&
      (property.type === "one_of" || property.type === "many_of" || property.type === "boolean")
    ) {
      const data =
        property.type === "boolean"
          ? [
              { value: "true", label: "Yes" },
              { value: "false", label: "No" },
            ]
          : property.options.map((o) => ({ value: o, label: o }));
      return (
        <Select
          {...common}
          data={data}
          clearable
          value={values.propertyValue || null}
          onChange={(v) => set({ propertyValue: v })}
        />
      );
    }
    return (
      <TextInput
        {...common}
        type={property?.type === "date" ? "date" : "text"}
        placeholder={property ? property.label : "Pick a property"}
        value={values.propertyValue}
        onChange={(e) => set({ propertyValue: e.currentTarget.value })}
      />
    );
  };

  return (
    <Paper withBorder p="sm" radius="md" mb="md" component="section" aria-label="Report filters">
      <Stack gap={6}>
        <Group gap="sm" align="flex-end" wrap="wrap">
          <TextInput
            label="From"
            type="date"
            w={150}
            value={values.from || (period?.from ?? "")}
            onChange={(e) => set({ from: e.currentTarget.value })}
            data-testid="report-filter-from"
          />
          <TextInput
            label="Until (inclusive)"
            type="date"
            w={150}
            value={values.to ? dayBefore(values.to) : lastDay}
            onChange={(e) => set({ to: e.currentTarget.value ? dayAfter(e.currentTarget.value) : null })}
            data-testid="report-filter-to"
          />
          <RecordSelect
            resource="pods"
            label="Pod"
            placeholder="All pods"
            w={170}
            value={values.podId || null}
            onChange={(v) => set({ podId: v })}
            data-testid="report-filter-pod"
          />
          <RecordSelect
            resource="personas"
            label="Persona"
            placeholder="All personas"
            w={170}
            value={values.personaId || null}
            onChange={(v) => set({ personaId: v })}
            data-testid="report-filter-persona"
          />
          <RecordSelect
            resource="segments"
            label="Segment"
            placeholder="All segments"
            w={170}
            value={values.segmentId || null}
            onChange={(v) => set({ segmentId: v })}
            data-testid="report-filter-segment"
          />
          <Select
            label="Channel"
            placeholder="All channels"
            w={160}
            clearable
            data={options(CHANNELS, CHANNEL_LABELS)}
            value={values.channel || null}
            onChange={(v) => set({ channel: v })}
            data-testid="report-filter-channel"
          />
          <RecordSelect
            resource="campaigns"
            label="Source campaign"
            placeholder="All campaigns"
            w={200}
            value={values.campaignId || null}
            onChange={(v) => set({ campaignId: v })}
            data-testid="report-filter-campaign"
          />
          <Select
            label="Contact property"
            placeholder={properties.data?.length === 0 ? "None defined" : "Any"}
            w={170}
            clearable
            searchable
            disabled={properties.data?.length === 0}
            data={(properties.data ?? []).map((p) => ({ value: p.apiName, label: p.label }))}
            value={values.propertyKey || null}
            onChange={(v) => set({ propertyKey: v, propertyValue: null })}
            data-testid="report-filter-property"
          />
          {valueInput()}
          {anySet && (
            <Button
              variant="subtle"
              leftSection={<IconFilterOff size={16} />}
              onClick={() => set(Object.fromEntries(REPORT_FILTER_KEYS.map((k) => [k, null])))}
            >
              Clear filters
            </Button>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          {period
            ? `Showing ${what} from ${periodText(period)} (${period.timeZone} time)${values.from || values.to ? "" : ": the last 6 months, the default"}.`
            : `The period applies to ${what}; by default the last 6 months.`}
        </Text>
      </Stack>
    </Paper>
  );
}

const shift = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** The URL keeps `to` exclusive (as the API); the bar shows the last day included. */
const dayBefore = (day: string) => shift(day, -1);
const dayAfter = (day: string) => shift(day, 1);
