import { Paper, Progress, SimpleGrid, Stack, Text } from "@mantine/core";
import { IconSpeakerphone } from "@tabler/icons-react";
import type { Campaign } from "../../shared/campaigns";
import { CAMPAIGN_STATUSES, CHANNELS, TEAMS } from "../../shared/domain";
import { CampaignResults } from "../features/attribution/campaign-results";
import { CampaignFormModal } from "../features/campaigns/campaign-form";
import { CampaignStatusBadge, TeamBadge } from "../features/common/badges";
import { Field, FieldGrid, Section, Stat } from "../features/common/detail";
import { choice, type ListColumn, nameColumn, RecordListPage } from "../features/common/record-list";
import { RecordPage } from "../features/common/record-page";
import { MemberName } from "../features/common/records";
import { client, ok } from "../lib/api";
import {
  CAMPAIGN_STATUS_LABELS,
  CHANNEL_LABELS,
  formatDate,
  formatDateTime,
  formatMoney,
  label,
  options,
  TEAM_LABELS,
} from "../lib/format";

function dateRange(c: Campaign): string {
  if (!c.startsOn && !c.endsOn) return "No dates";
  return `${c.startsOn ? formatDate(c.startsOn) : "…"} – ${c.endsOn ? formatDate(c.endsOn) : "open"}`;
}

const CAMPAIGN_COLUMNS: ListColumn<Campaign>[] = [
  nameColumn("campaigns", "Campaign"),
  { header: "Channel", cell: (c) => label(CHANNEL_LABELS, c.channel) },
  { header: "Status", cell: (c) => <CampaignStatusBadge value={c.status} /> },
  { header: "Team", cell: (c) => <TeamBadge value={c.ownerTeam} /> },
  { header: "Dates", cell: dateRange },
  { header: "Budget", align: "right", cell: (c) => formatMoney(c.budget) },
  { header: "Cost", align: "right", cell: (c) => formatMoney(c.cost) },
  { header: "Owner", cell: (c) => <MemberName id={c.ownerMemberId} /> },
];

export function CampaignsPage() {
  return (
    <RecordListPage<Campaign>
      resource="campaigns"
      fetchPage={(query, signal) => ok(client.GET("/api/campaigns", { params: { query }, signal }))}
      noun="campaign"
      description="Initiatives of either team, with channel, dates, budget and cost."
      filters={[
        choice("channel", "Channel", "Any channel", 170, options(CHANNELS, CHANNEL_LABELS)),
        choice("status", "Status", "Any status", 140, options(CAMPAIGN_STATUSES, CAMPAIGN_STATUS_LABELS)),
        choice("ownerTeam", "Owning team", "Any team", 140, options(TEAMS, TEAM_LABELS)),
      ]}
      defaultSort={{ sort: "name", order: "asc" }}
      archivable
      columns={CAMPAIGN_COLUMNS}
      minWidth={900}
      create={{ form: CampaignFormModal }}
      empty={{
        icon: <IconSpeakerphone size={28} />,
        description:
          "Add webinars, ads, events and outbound pushes so touches and deals can be traced to them.",
        importEntity: "campaigns",
      }}
    />
  );
}

export function CampaignDetailPage() {
  return (
    <RecordPage<Campaign>
      resource="campaigns"
      noun="campaign"
      form={CampaignFormModal}
      badges={(c) => <CampaignStatusBadge value={c.status} size="lg" />}
      description={(c) =>
        `${label(CHANNEL_LABELS, c.channel)} · run by ${label(TEAM_LABELS, c.ownerTeam).toLowerCase()}`
      }
    >
      {(c) => <CampaignBody c={c} />}
    </RecordPage>
  );
}

function CampaignBody({ c }: { c: Campaign }) {
  const spent = c.budget > 0 ? Math.round((c.cost / c.budget) * 100) : null;
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Stat label="Budget" value={formatMoney(c.budget)} />
        <Stat
          label="Cost so far"
          value={formatMoney(c.cost)}
          hint={spent === null ? "No budget set" : `${spent}% of budget`}
        />
        <Stat
          label="Dates"
          value={
            <Text size="md" fw={700}>
              {dateRange(c)}
            </Text>
          }
        />
      </SimpleGrid>
      {spent !== null && (
        <Paper withBorder p="md" radius="md">
          <Text size="sm" mb={6}>
            Budget used
          </Text>
          <Progress
            value={Math.min(spent, 100)}
            color={spent > 100 ? "red" : "indigo"}
            size="lg"
            aria-label="Budget used"
          />
        </Paper>
      )}
      <Section title="Details">
        <FieldGrid cols={4}>
          <Field label="Channel">{label(CHANNEL_LABELS, c.channel)}</Field>
          <Field label="Owning team">
            <TeamBadge value={c.ownerTeam} />
          </Field>
          <Field label="Owner">
            <MemberName id={c.ownerMemberId} />
          </Field>
          <Field label="UTM campaign">{c.utmCampaign}</Field>
          <Field label="Created">{formatDateTime(c.createdAt)}</Field>
          <Field label="Updated">{formatDateTime(c.updatedAt)}</Field>
        </FieldGrid>
      </Section>
      <CampaignResults campaignId={c.id} />
    </Stack>
  );
}
