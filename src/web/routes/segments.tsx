import { Anchor, Stack } from "@mantine/core";
import { IconChartPie } from "@tabler/icons-react";
import { Link } from "react-router";
import type { Account } from "../../shared/accounts";
import type { Segment } from "../../shared/team";
import { PodOwnedListPage } from "../features/abm/pod-owned-list";
import { SegmentFormModal } from "../features/abm/segment-form";
import { Field, FieldGrid, Section } from "../features/common/detail";
import { type ListColumn, nameColumn, TagList } from "../features/common/record-list";
import { RecordPage } from "../features/common/record-page";
import { RecordLink } from "../features/common/records";
import { RelatedList } from "../features/common/related-list";
import { client, ok } from "../lib/api";
import { formatNumber } from "../lib/format";

function employeeRange(s: Segment): string {
  if (s.minEmployees == null && s.maxEmployees == null) return "Any size";
  if (s.maxEmployees == null) return `${formatNumber(s.minEmployees)}+ employees`;
  if (s.minEmployees == null) return `Up to ${formatNumber(s.maxEmployees)} employees`;
  return `${formatNumber(s.minEmployees)}–${formatNumber(s.maxEmployees)} employees`;
}

const SEGMENT_COLUMNS: ListColumn<Segment>[] = [
  nameColumn("segments", "Segment"),
  { header: "Industries", cell: (s) => <TagList values={s.industries} empty="Any industry" /> },
  { header: "Company size", cell: employeeRange },
  { header: "Regions", cell: (s) => <TagList values={s.regions} empty="Anywhere" /> },
];

export function SegmentsPage() {
  return (
    <PodOwnedListPage<Segment>
      resource="segments"
      fetchPage={(query, signal) => ok(client.GET("/api/segments", { params: { query }, signal }))}
      noun="segment"
      description="Slices of your ideal customer profile (industry, size, region) that both teams target."
      columns={SEGMENT_COLUMNS}
      form={SegmentFormModal}
      empty={{
        icon: <IconChartPie size={28} />,
        description: "Define which companies you go after, so marketing and sales aim at the same accounts.",
      }}
    />
  );
}

export function SegmentDetailPage() {
  return (
    <RecordPage<Segment> resource="segments" noun="segment" form={SegmentFormModal} leadsOnly>
      {(s) => (
        <Stack gap="md">
          <Section title="Who is in this segment">
            <FieldGrid cols={4}>
              <Field label="Industries">
                <TagList values={s.industries} empty="Any industry" />
              </Field>
              <Field label="Company size">{employeeRange(s)}</Field>
              <Field label="Regions">
                <TagList values={s.regions} empty="Anywhere" />
              </Field>
              <Field label="Owning pod">
                <RecordLink resource="pods" id={s.podId} fallback="No pod" />
              </Field>
            </FieldGrid>
          </Section>
          <RelatedList<Account>
            title="Accounts in this segment"
            resource="accounts"
            fetchPage={(query, signal) => ok(client.GET("/api/accounts", { params: { query }, signal }))}
            params={{ segmentId: s.id, limit: 25 }}
            noun="account"
            columns={ACCOUNT_COLUMNS}
            empty={{
              title: "No accounts in this segment yet",
              description: "Set the segment on an account's page.",
            }}
          />
        </Stack>
      )}
    </RecordPage>
  );
}

const ACCOUNT_COLUMNS: ListColumn<Account>[] = [
  {
    header: "Account",
    cell: (a) => (
      <Anchor component={Link} to={`/accounts/${a.id}`} size="sm">
        {a.name}
      </Anchor>
    ),
  },
  { header: "Industry", cell: (a) => a.industry ?? "—" },
  { header: "Employees", align: "right", cell: (a) => formatNumber(a.employees) },
  { header: "Region", cell: (a) => a.region ?? "—" },
];
