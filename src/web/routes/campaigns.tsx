import {
  Anchor,
  Button,
  Group,
  Paper,
  Progress,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
} from "@mantine/core";
import { IconEdit, IconPlus, IconSpeakerphone } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import type { Campaign } from "../../shared/campaigns";
import { CAMPAIGN_STATUSES, CHANNELS, TEAMS } from "../../shared/domain";
import { CampaignFormModal } from "../features/campaigns/campaign-form";
import { ArchivedBadge, CampaignStatusBadge, TeamBadge } from "../features/common/badges";
import { Field, FieldGrid, Section, Stat } from "../features/common/detail";
import { ExportCsvButton } from "../features/common/export-button";
import {
  DataTable,
  ListBody,
  ListToolbar,
  SearchBox,
  SortableTh,
  useInfiniteList,
  useUrlFilters,
} from "../features/common/list";
import { PageHeader } from "../features/common/page-header";
import { DetailSkeleton, EmptyBlock, ErrorAlert } from "../features/common/query-states";
import { ArchiveButton } from "../features/common/record-actions";
import { MemberName, useRecord } from "../features/common/records";
import { ImportCsvLink } from "../features/imports/import-link";
import { usePermissions } from "../features/session/session";
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

const KEYS = ["q", "sort", "order", "archived", "channel", "status", "ownerTeam"] as const;
const DEFAULTS = { sort: "name", order: "asc" };

function dateRange(c: Campaign): string {
  if (!c.startsOn && !c.endsOn) return "No dates";
  return `${c.startsOn ? formatDate(c.startsOn) : "…"} – ${c.endsOn ? formatDate(c.endsOn) : "open"}`;
}

export function CampaignsPage() {
  const [f, set] = useUrlFilters(KEYS, DEFAULTS);
  const [creating, setCreating] = useState(false);
  const navigate = useNavigate();
  const list = useInfiniteList<Campaign>("campaigns", { ...f, archived: f.archived || undefined, limit: 50 });
  const filtered = Boolean(f.q || f.channel || f.status || f.ownerTeam || f.archived);
  const sortProps = {
    sort: f.sort,
    order: f.order,
    onSort: (sort: string, order: string) => set({ sort, order }),
  };
  const newButton = (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
      New campaign
    </Button>
  );
  return (
    <>
      <PageHeader
        title="Campaigns"
        description="Initiatives of either team, with channel, dates, budget and cost."
        actions={
          <>
            <ExportCsvButton
              resource="campaigns"
              noun="campaign"
              params={{ ...f, archived: f.archived || undefined }}
              filtered={filtered}
            />
            {newButton}
          </>
        }
      />
      <Paper withBorder p="md" radius="md">
        <ListToolbar
          search={
            <SearchBox
              value={f.q}
              onChange={(q) => set({ q })}
              placeholder="Search campaigns"
              label="Search campaigns"
            />
          }
          archived={f.archived === "true"}
          onArchivedChange={(v) => set({ archived: v ? "true" : null })}
        >
          <Select
            aria-label="Channel"
            placeholder="Any channel"
            clearable
            data={options(CHANNELS, CHANNEL_LABELS)}
            value={f.channel || null}
            onChange={(v) => set({ channel: v })}
            w={170}
          />
          <Select
            aria-label="Status"
            placeholder="Any status"
            clearable
            data={options(CAMPAIGN_STATUSES, CAMPAIGN_STATUS_LABELS)}
            value={f.status || null}
            onChange={(v) => set({ status: v })}
            w={140}
          />
          <Select
            aria-label="Owning team"
            placeholder="Any team"
            clearable
            data={options(TEAMS, TEAM_LABELS)}
            value={f.ownerTeam || null}
            onChange={(v) => set({ ownerTeam: v })}
            w={140}
          />
        </ListToolbar>
        <ListBody
          list={list}
          noun="campaign"
          filtered={filtered}
          onClearFilters={() =>
            set({ q: null, channel: null, status: null, ownerTeam: null, archived: null })
          }
          empty={
            <EmptyBlock
              icon={<IconSpeakerphone size={28} />}
              title="No campaigns yet"
              description="Add webinars, ads, events and outbound pushes so touches and deals can be traced to them."
              action={
                <Group gap="sm" justify="center">
                  {newButton}
                  <ImportCsvLink entity="campaigns" />
                </Group>
              }
            />
          }
        >
          {(items) => (
            <DataTable minWidth={900}>
              <Table.Thead>
                <Table.Tr>
                  <SortableTh label="Campaign" sortKey="name" {...sortProps} />
                  <Table.Th>Channel</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Team</Table.Th>
                  <Table.Th>Dates</Table.Th>
                  <Table.Th ta="right">Budget</Table.Th>
                  <Table.Th ta="right">Cost</Table.Th>
                  <Table.Th>Owner</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/campaigns/${c.id}`} fw={600} size="sm">
                        {c.name}
                      </Anchor>{" "}
                      <ArchivedBadge archivedAt={c.archivedAt} />
                    </Table.Td>
                    <Table.Td>{label(CHANNEL_LABELS, c.channel)}</Table.Td>
                    <Table.Td>
                      <CampaignStatusBadge value={c.status} />
                    </Table.Td>
                    <Table.Td>
                      <TeamBadge value={c.ownerTeam} />
                    </Table.Td>
                    <Table.Td>{dateRange(c)}</Table.Td>
                    <Table.Td ta="right">{formatMoney(c.budget)}</Table.Td>
                    <Table.Td ta="right">{formatMoney(c.cost)}</Table.Td>
                    <Table.Td>
                      <MemberName id={c.ownerMemberId} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </DataTable>
          )}
        </ListBody>
      </Paper>
      {creating && (
        <CampaignFormModal
          onClose={() => setCreating(false)}
          onSaved={(c) => navigate(`/campaigns/${c.id}`)}
        />
      )}
    </>
  );
}

export function CampaignDetailPage() {
  const { id = "" } = useParams();
  const campaign = useRecord<Campaign>("campaigns", id);
  const { isLeadOrAdmin } = usePermissions();
  const [editing, setEditing] = useState(false);
  if (campaign.isPending) return <DetailSkeleton />;
  if (campaign.isError) return <ErrorAlert error={campaign.error} onRetry={() => campaign.refetch()} />;
  const c = campaign.data;
  const spent = c.budget > 0 ? Math.round((c.cost / c.budget) * 100) : null;
  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Campaigns", to: "/campaigns" }]}
        title={c.name}
        badges={
          <>
            <CampaignStatusBadge value={c.status} size="lg" />
            <ArchivedBadge archivedAt={c.archivedAt} />
          </>
        }
        description={`${label(CHANNEL_LABELS, c.channel)} · run by ${label(TEAM_LABELS, c.ownerTeam).toLowerCase()}`}
        actions={
          <>
            <Button variant="default" leftSection={<IconEdit size={16} />} onClick={() => setEditing(true)}>
              Edit
            </Button>
            <ArchiveButton resource="campaigns" record={c} noun="campaign" allowed={isLeadOrAdmin} />
          </>
        }
      />
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
      </Stack>
      {editing && <CampaignFormModal campaign={c} onClose={() => setEditing(false)} />}
    </>
  );
}
