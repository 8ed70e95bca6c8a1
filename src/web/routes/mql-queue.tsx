// "My MQL queue": the leads marketing handed to me that wait for my answer, longest-waiting first, with their
// live score; accept or reject each one inline. Sales leads and admins can look at every MQL, unassigned too.
import {
  Anchor,
  Box,
  Button,
  Checkbox,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Tooltip,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconInbox } from "@tabler/icons-react";
import dayjs from "dayjs";
import { useState } from "react";
import { Link } from "react-router";
import type { Contact } from "../../shared/contacts";
import { DataTable, ListBody, SortableTh, useInfiniteList, useUrlFilters } from "../features/common/list";
import { PageHeader } from "../features/common/page-header";
import { EmptyBlock } from "../features/common/query-states";
import { MemberName, RecordLink } from "../features/common/records";
import { DecisionButtons } from "../features/feedback/decision-actions";
import { seesAllMqls, useAcceptLeads } from "../features/feedback/feedback-api";
import { ListedScore } from "../features/feedback/listed-score";
import { GlossaryText } from "../features/glossary/glossary-term";
import { useSession } from "../features/session/session";
import { AnswerCountdown } from "../features/sla-clocks/clock-badge";
import { useAnswerClocks } from "../features/sla-clocks/clocks-api";
import { RoutingQueue } from "../features/sla-clocks/routing-queue";
import { client, errorMessage, ok } from "../lib/api";
import { formatDateTime, formatNumber, sourceLabel } from "../lib/format";

const KEYS = ["view", "sort", "order"] as const;
const DEFAULTS = { view: "mine", sort: "lifecycleStageChangedAt", order: "asc" };

export function MqlQueuePage() {
  const { member } = useSession();
  const [f, set] = useUrlFilters(KEYS, DEFAULTS);
  const canSeeAll = seesAllMqls(member);
  const all = canSeeAll && f.view === "all";
  const list = useInfiniteList(
    "contacts",
    (query, signal) => ok(client.GET("/api/contacts", { params: { query }, signal })),
    {
      lifecycleStage: "mql",
      ownerMemberId: all ? undefined : member.id,
      sort: f.sort,
      order: f.order,
      limit: 25,
    },
  );
  const [selected, setSelected] = useState<string[]>([]);
  const toggle = (id: string) =>
    setSelected((current) => (current.includes(id) ? current.filter((x) => x !== id) : [...current, id]));
  const sortProps = {
    sort: f.sort,
    order: f.order,
    onSort: (sort: string, order: string) => set({ sort, order }),
  };

  return (
    <>
      <PageHeader
        title={<GlossaryText text="My MQL queue" />}
        description={
          <GlossaryText text="Leads marketing handed over that wait for a sales answer, longest-waiting first. The SLA clock shows the business time left to answer. Accept the ones you will work; reject the others with a reason so marketing can improve the campaign." />
        }
        actions={
          canSeeAll && (
            <SegmentedControl
              aria-label="Whose MQLs"
              value={all ? "all" : "mine"}
              onChange={(view) => set({ view })}
              data={[
                { value: "mine", label: "Mine" },
                { value: "all", label: "All MQLs, unassigned too" },
              ]}
            />
          )
        }
      />
      {canSeeAll && <RoutingQueue />}
      <Paper withBorder p="md" radius="md">
        <AcceptSelected selected={selected} onDone={() => setSelected([])} />
        <ListBody
          list={list}
          noun="MQL"
          filtered={false}
          onClearFilters={() => undefined}
          empty={
            <QueueEmpty all={all} onShowAll={canSeeAll && !all ? () => set({ view: "all" }) : undefined} />
          }
        >
          {(items) => (
            <QueueTable
              items={items}
              all={all}
              selected={selected}
              onSelect={setSelected}
              onToggle={toggle}
              sortProps={sortProps}
            />
          )}
        </ListBody>
      </Paper>
    </>
  );
}

/** One page of the queue: names, scores and answer clocks come with the page, not one request per row. */
function QueueTable({
  items,
  all,
  selected,
  onSelect,
  onToggle,
  sortProps,
}: {
  items: Contact[];
  all: boolean;
  selected: string[];
  onSelect: (ids: string[]) => void;
  onToggle: (id: string) => void;
  sortProps: { sort: string; order: string; onSort: (sort: string, order: string) => void };
}) {
  const clocks = useAnswerClocks(items.map((c) => c.id));
  return (
    <DataTable minWidth={all ? 1120 : 1000}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={36}>
            <Checkbox
              aria-label="Select every MQL shown"
              checked={items.length > 0 && items.every((c) => selected.includes(c.id))}
              indeterminate={selected.length > 0 && !items.every((c) => selected.includes(c.id))}
              onChange={() =>
                onSelect(items.every((c) => selected.includes(c.id)) ? [] : items.map((c) => c.id))
              }
            />
          </Table.Th>
          <SortableTh label="Name" sortKey="name" {...sortProps} />
          <Table.Th>Source / campaign</Table.Th>
          <SortableTh label="Waiting" sortKey="lifecycleStageChangedAt" {...sortProps} />
          <Table.Th>Answer due (SLA)</Table.Th>
          <Table.Th>Live score</Table.Th>
          {all && <Table.Th>Owner</Table.Th>}
          <Table.Th>Decision</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((c) => (
          <Table.Tr key={c.id} data-testid="mql-row">
            <Table.Td>
              <Checkbox
                aria-label={`Select ${c.name || c.email || "this MQL"}`}
                checked={selected.includes(c.id)}
                onChange={() => onToggle(c.id)}
              />
            </Table.Td>
            <Table.Td>
              <Anchor component={Link} to={`/contacts/${c.id}`} fw={600} size="sm">
                {c.name || c.email || "(no name)"}
              </Anchor>
              <Text size="xs" c="dimmed">
                {c.title ? `${c.title}, ` : ""}
                {c.accountId ? (
                  <Anchor component={Link} to={`/accounts/${c.accountId}`} inherit>
                    {c.accountName || "(no name)"}
                  </Anchor>
                ) : (
                  "no account"
                )}
              </Text>
            </Table.Td>
            <Table.Td>
              <Stack gap={0} miw={150}>
                <Text size="sm">{c.source ? sourceLabel(c.source) : "No source"}</Text>
                {c.sourceCampaignId && (
                  <RecordLink
                    resource="campaigns"
                    id={c.sourceCampaignId}
                    name={c.sourceCampaignName ?? null}
                  />
                )}
              </Stack>
            </Table.Td>
            <Table.Td>
              <Tooltip label={`MQL since ${formatDateTime(c.lifecycleStageChangedAt)}`}>
                <Text size="sm" style={{ whiteSpace: "nowrap" }}>
                  {dayjs(c.lifecycleStageChangedAt).fromNow(true)}
                </Text>
              </Tooltip>
            </Table.Td>
            <Table.Td>
              <Box miw={110}>
                <AnswerCountdown clocks={clocks} contactId={c.id} />
              </Box>
            </Table.Td>
            <Table.Td>
              <ListedScore score={c.score ?? null} grade={c.grade ?? null} />
            </Table.Td>
            {all && (
              <Table.Td>
                <MemberName id={c.ownerMemberId} />
              </Table.Td>
            )}
            <Table.Td>
              <DecisionButtons contact={c} compact />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </DataTable>
  );
}

function QueueEmpty({ all, onShowAll }: { all: boolean; onShowAll?: () => void }) {
  return (
    <EmptyBlock
      icon={<IconInbox size={28} />}
      title={all ? "No MQL is waiting" : "No MQL is waiting for you"}
      description={
        <>
          An MQL (marketing-qualified lead) is a lead that meets the lead definition both teams agreed on in
          the{" "}
          <Anchor component={Link} to="/scoring" inherit>
            scoring model
          </Anchor>
          , or that marketing marked as one. It shows up here when it is assigned to you, until you accept it
          (it becomes a SAL, a sales-accepted lead) or reject it with a reason that goes back to marketing.
        </>
      }
      action={
        onShowAll && (
          <Button variant="default" onClick={onShowAll}>
            Show all MQLs, unassigned too
          </Button>
        )
      }
    />
  );
}

/** Accepts every selected MQL at once (each by the same rules as one; one refusal refuses all). */
function AcceptSelected({ selected, onDone }: { selected: string[]; onDone: () => void }) {
  const accept = useAcceptLeads();
  if (selected.length === 0) return null;
  return (
    <Group gap="sm" mb="sm" data-testid="bulk-accept">
      <Text size="sm" fw={600}>
        {formatNumber(selected.length)} selected
      </Text>
      <Button
        size="xs"
        color="teal"
        loading={accept.isPending}
        onClick={() =>
          accept.mutate(selected, {
            onSuccess: ({ accepted }) => {
              notifications.show({
                color: "green",
                message: `${formatNumber(accepted)} ${accepted === 1 ? "MQL" : "MQLs"} accepted`,
              });
              onDone();
            },
            onError: (error) =>
              notifications.show({ color: "red", title: "Not accepted", message: errorMessage(error) }),
          })
        }
      >
        Accept selected
      </Button>
    </Group>
  );
}
