import { Anchor, Avatar, Badge, Group, List, Paper, SimpleGrid, Stack, Text, Tooltip } from "@mantine/core";
import { IconUsersGroup } from "@tabler/icons-react";
import { Link } from "react-router";
import type { Pod } from "../../shared/team";
import { Section, Stat } from "../features/common/detail";
import { type FetchPage, useInfiniteList } from "../features/common/list";
import { EmptyBlock, ErrorAlert } from "../features/common/query-states";
import { type ListColumn, nameColumn, RecordListPage } from "../features/common/record-list";
import { RecordPage } from "../features/common/record-page";
import { PodFormModal } from "../features/pods/pod-form";
import { client, ok } from "../lib/api";
import { TEAM_COLORS, TEAM_LABELS } from "../lib/format";

function teamCount(pod: Pod, team: string) {
  return pod.members.filter((m) => m.team === team).length;
}

function MemberMix({ pod }: { pod: Pod }) {
  const sales = teamCount(pod, "sales");
  const marketing = teamCount(pod, "marketing");
  const revenue = teamCount(pod, "revenue");
  if (pod.members.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No members yet
      </Text>
    );
  return (
    <Group gap={4}>
      {marketing > 0 && (
        <Badge color={TEAM_COLORS.marketing} variant="light">
          {marketing} marketing
        </Badge>
      )}
      {sales > 0 && (
        <Badge color={TEAM_COLORS.sales} variant="light">
          {sales} sales
        </Badge>
      )}
      {revenue > 0 && (
        <Badge color={TEAM_COLORS.revenue} variant="light">
          {revenue} revenue
        </Badge>
      )}
      {(sales === 0 || marketing === 0) && (
        <Tooltip label="A pod works best with both sales and marketing in it">
          <Badge color="yellow" variant="outline">
            {sales === 0 ? "no sales yet" : "no marketing yet"}
          </Badge>
        </Tooltip>
      )}
    </Group>
  );
}

const POD_COLUMNS: ListColumn<Pod>[] = [
  nameColumn("pods", "Pod", { detail: (p) => p.description }),
  { header: "Members", cell: (p) => <MemberMix pod={p} /> },
  { header: "Personas", align: "right", cell: (p) => p.personaCount },
  { header: "Segments", align: "right", cell: (p) => p.segmentCount },
  { header: "Accounts", align: "right", cell: (p) => p.accountCount },
];

export function PodsPage() {
  return (
    <RecordListPage<Pod>
      resource="pods"
      fetchPage={(query, signal) => ok(client.GET("/api/pods", { params: { query }, signal }))}
      noun="pod"
      description="Mixed teams of sales and marketing people who work the same personas, segments and accounts."
      filters={[{ key: "memberId", kind: "member", label: "Member", placeholder: "Any member", width: 200 }]}
      defaultSort={{ sort: "name", order: "asc" }}
      archivable
      columns={POD_COLUMNS}
      create={{ leadsOnly: true, form: PodFormModal }}
      empty={{
        icon: <IconUsersGroup size={28} />,
        description:
          "Put sales and marketing people in one pod per customer group, so they plan and win together.",
      }}
    />
  );
}

export function PodDetailPage() {
  return (
    <RecordPage<Pod> resource="pods" noun="pod" form={PodFormModal} leadsOnly>
      {(p) => <PodBody p={p} />}
    </RecordPage>
  );
}

function PodBody({ p }: { p: Pod }) {
  const teams = ["marketing", "sales", "revenue"].filter((t) => t !== "revenue" || teamCount(p, t) > 0);
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Stat
          label="Members"
          value={p.members.length}
          hint={`${teamCount(p, "marketing")} marketing · ${teamCount(p, "sales")} sales`}
        />
        <Stat label="Personas" value={p.personaCount} />
        <Stat label="Segments" value={p.segmentCount} />
        <Stat label="Accounts" value={p.accountCount} />
      </SimpleGrid>
      <Section
        title="Lead routing"
        description="New MQLs come to this pod when their account belongs to it, they are from one of its territories, or their persona or segment is the pod's. Inside the pod they are shared among its sales reps in proportion to each rep's MQL capacity (set on the Members page)."
      >
        <Text size="sm">
          {p.territories.length > 0
            ? `Territories: ${p.territories.join(", ")}`
            : "No territories: edit the pod to add regions or countries."}
        </Text>
      </Section>
      <Section
        title="Members by team"
        description="Sales and marketing in one pod, working the same customers."
      >
        {p.members.length === 0 ? (
          <EmptyBlock
            title="No members in this pod yet"
            description="Edit the pod to add sales and marketing people."
          />
        ) : (
          <SimpleGrid cols={{ base: 1, sm: teams.length }}>
            {teams.map((team) => {
              const members = p.members.filter((m) => m.team === team);
              return (
                <Paper key={team} withBorder p="sm" radius="md" aria-label={`${TEAM_LABELS[team]} members`}>
                  <Group justify="space-between" mb="xs">
                    <Badge color={TEAM_COLORS[team]} variant="light">
                      {TEAM_LABELS[team]}
                    </Badge>
                    <Text size="xs" c="dimmed">
                      {members.length}
                    </Text>
                  </Group>
                  {members.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      Nobody from {TEAM_LABELS[team].toLowerCase()} yet.
                    </Text>
                  ) : (
                    <Stack gap={6}>
                      {members.map((m) => (
                        <Group key={m.id} gap="xs">
                          <Avatar size="sm" radius="xl" color={TEAM_COLORS[team]}>
                            {m.name.slice(0, 1).toUpperCase()}
                          </Avatar>
                          <Text size="sm">{m.name}</Text>
                        </Group>
                      ))}
                    </Stack>
                  )}
                </Paper>
              );
            })}
          </SimpleGrid>
        )}
      </Section>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <PodItems
          title="Personas"
          resource="personas"
          podId={p.id}
          fetchPage={(query, signal) => ok(client.GET("/api/personas", { params: { query }, signal }))}
        />
        <PodItems
          title="Segments"
          resource="segments"
          podId={p.id}
          fetchPage={(query, signal) => ok(client.GET("/api/segments", { params: { query }, signal }))}
        />
        <PodItems
          title="Accounts"
          resource="accounts"
          podId={p.id}
          fetchPage={(query, signal) => ok(client.GET("/api/accounts", { params: { query }, signal }))}
        />
      </SimpleGrid>
    </Stack>
  );
}

function PodItems<T extends { id: string; name: string }>({
  title,
  resource,
  podId,
  fetchPage,
}: {
  title: string;
  resource: "personas" | "segments" | "accounts";
  podId: string;
  fetchPage: FetchPage<T>;
}) {
  const list = useInfiniteList(resource, fetchPage, { podId, limit: 8 });
  return (
    <Section title={title}>
      {list.isPending ? (
        <Text size="sm" c="dimmed">
          Loading…
        </Text>
      ) : list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => list.refetch()} />
      ) : list.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          None owned by this pod yet.
        </Text>
      ) : (
        <List size="sm" spacing={4}>
          {list.items.map((item) => (
            <List.Item key={item.id}>
              <Anchor component={Link} to={`/${resource}/${item.id}`} size="sm">
                {item.name}
              </Anchor>
            </List.Item>
          ))}
        </List>
      )}
      {list.hasNextPage && (
        <Anchor component={Link} to={`/${resource}?podId=${podId}`} size="sm">
          View all {title.toLowerCase()} of this pod
        </Anchor>
      )}
    </Section>
  );
}
