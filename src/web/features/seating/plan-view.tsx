// A seating plan drawn as its floor: every table or row a card with its seats in order (who sits there, their
// team and pod, fixed seats marked), and what the plan achieves: the share of neighbour pairs across teams
// with its counts and the best any plan could do, and how whole the pods sit.
import {
  Badge,
  Box,
  Card,
  Group,
  List,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from "@mantine/core";
import { IconArmchair, IconPin, IconUsersGroup } from "@tabler/icons-react";
import { formatDateTime, label, TEAM_COLORS, TEAM_LABELS } from "../../lib/format";
import { TeamBadge } from "../common/badges";
import { AREA_KIND_LABELS } from "./floor-form";
import type { Plan, PlanArea, PlanSeat } from "./seating-api";

const percent = (part: number, whole: number) => `${Math.round((part / whole) * 100)}%`;

/** "9 of 12 neighbour pairs are cross-team (75%)". */
export function shareText(cross: number, pairs: number): string {
  if (pairs === 0) return "Nobody sits next to anyone: there are no neighbour pairs.";
  return `${cross} of ${pairs} neighbour ${pairs === 1 ? "pair is" : "pairs are"} cross-team (${percent(cross, pairs)})`;
}

function teamSizes(teams: Plan["teams"]): string {
  const parts = (["sales", "marketing", "revenue"] as const)
    .filter((t) => teams[t] > 0 || t !== "revenue")
    .map((t) => `${teams[t]} in ${label(TEAM_LABELS, t).toLowerCase()}`);
  return parts.join(", ");
}

function Seat({ place }: { place: PlanSeat }) {
  const color = place.team ? (TEAM_COLORS[place.team] ?? "gray") : "gray";
  return (
    <Box
      component="li"
      data-testid="seat"
      data-team={place.team ?? "empty"}
      py={6}
      px="xs"
      style={{
        listStyle: "none",
        borderLeft: `4px solid var(--mantine-color-${place.memberId ? color : "gray"}-${place.memberId ? 5 : 2})`,
        borderRadius: 4,
        background: place.memberId ? `var(--mantine-color-${color}-light)` : undefined,
      }}
    >
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Text size="xs" c="dimmed" w={48} pt={2} style={{ flexShrink: 0 }}>
          Seat {place.seat}
        </Text>
        {place.memberId ? (
          <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
            <Text size="sm" fw={600}>
              {place.name}
            </Text>
            <Group gap={6}>
              {place.team && <TeamBadge value={place.team} size="xs" />}
              <Text size="xs" c="dimmed">
                {place.podName ? podLabel(place.podName) : "No pod"}
              </Text>
              {place.fixed && (
                <Badge variant="outline" color="dark" size="xs" leftSection={<IconPin size={10} />}>
                  Fixed seat
                </Badge>
              )}
            </Group>
          </Stack>
        ) : (
          <Text size="sm" c="dimmed" fs="italic">
            Empty seat
          </Text>
        )}
      </Group>
    </Box>
  );
}

/** One table or row with its seats in order; `pairs` shows its cross-team neighbours when given. */
export function AreaCard({
  area,
  pairs,
}: {
  area: Pick<PlanArea, "label" | "kind" | "seats" | "places">;
  pairs?: { neighbourPairs: number; crossTeamPairs: number };
}) {
  const seated = area.places.filter((p) => p.memberId).length;
  return (
    <Card withBorder radius="md" padding="sm" component="section" aria-label={area.label} data-print-card>
      <Group justify="space-between" align="flex-start" mb="xs" wrap="nowrap">
        <div>
          <Title order={4}>{area.label}</Title>
          <Text size="xs" c="dimmed">
            {AREA_KIND_LABELS[area.kind]} · {seated} of {area.seats} seats taken
            {area.kind === "table" && area.seats >= 3 && ` · seat ${area.seats} sits beside seat 1`}
          </Text>
          {pairs && (
            <Text
              size="xs"
              fw={600}
              c={
                pairs.neighbourPairs > 0 && pairs.crossTeamPairs === pairs.neighbourPairs ? "teal" : undefined
              }
            >
              {pairs.neighbourPairs === 0
                ? "No neighbour pairs here"
                : `${pairs.crossTeamPairs} of ${pairs.neighbourPairs} neighbour ${pairs.neighbourPairs === 1 ? "pair" : "pairs"} cross-team`}
            </Text>
          )}
        </div>
      </Group>
      <Stack component="ol" gap={4} p={0} m={0}>
        {area.places.map((place) => (
          <Seat key={place.seat} place={place} />
        ))}
      </Stack>
    </Card>
  );
}

export function FloorCards({
  areas,
}: {
  areas: (Pick<PlanArea, "label" | "kind" | "seats" | "places"> &
    Partial<Pick<PlanArea, "neighbourPairs" | "crossTeamPairs">>)[];
}) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, xl: 3 }} spacing="md" data-testid="floor-plan">
      {areas.map((area) => (
        <AreaCard
          key={area.label}
          area={area}
          pairs={
            area.neighbourPairs === undefined || area.crossTeamPairs === undefined
              ? undefined
              : { neighbourPairs: area.neighbourPairs, crossTeamPairs: area.crossTeamPairs }
          }
        />
      ))}
    </SimpleGrid>
  );
}

function Measure({
  icon,
  title,
  children,
}: {
  icon: React.ReactNode;
  title: string;
  children: React.ReactNode;
}) {
  return (
    <Paper withBorder radius="md" p="sm" data-print-card>
      <Group gap="sm" align="flex-start" wrap="nowrap">
        <ThemeIcon variant="light" size="lg" radius="md">
          {icon}
        </ThemeIcon>
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Text size="xs" tt="uppercase" c="dimmed" fw={700}>
            {title}
          </Text>
          {children}
        </Stack>
      </Group>
    </Paper>
  );
}

export function PlanView({ plan }: { plan: Plan }) {
  const below = plan.crossTeamBound - plan.crossTeamPairs;
  return (
    <Stack gap="md" data-testid="plan">
      <Text size="sm" c="dimmed">
        Plan made {formatDateTime(plan.createdAt)}
        {plan.createdByName ? ` by ${plan.createdByName}` : ""}: {plan.memberCount}{" "}
        {plan.memberCount === 1 ? "person" : "people"} ({teamSizes(plan.teams)}) in {plan.seatCount} seats.
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Measure icon={<IconArmchair size={20} />} title="Neighbours across teams">
          <Text fw={700} data-testid="cross-team-share">
            {shareText(plan.crossTeamPairs, plan.neighbourPairs)}
          </Text>
          {plan.neighbourPairs > 0 && (
            <Text size="sm" c="dimmed" data-testid="cross-team-bound">
              Best possible with these team sizes: {plan.crossTeamBound} of {plan.neighbourPairs} (
              {percent(plan.crossTeamBound, plan.neighbourPairs)}).{" "}
              {below <= 0
                ? "This plan reaches it."
                : `This plan is ${below} ${below === 1 ? "pair" : "pairs"} short of it: fixed seats and keeping pods together can hold a plan below the best possible.`}
            </Text>
          )}
        </Measure>
        <Measure icon={<IconUsersGroup size={20} />} title="Pods kept together">
          {plan.podMembers === 0 ? (
            <Text size="sm">Nobody seated belongs to a pod.</Text>
          ) : (
            <>
              <Text fw={700} data-testid="pod-cohesion">
                {plan.podMembersAtMainArea} of {plan.podMembers} pod members sit at their pod's main table (
                {percent(plan.podMembersAtMainArea, plan.podMembers)})
              </Text>
              <List size="sm" spacing={0}>
                {plan.pods.map((pod) => (
                  <List.Item key={pod.podId}>
                    {pod.name}: {pod.atMainArea} of {pod.members} at {pod.mainArea}
                    {pod.areas.length > 1
                      ? `, the others at ${pod.areas.filter((a) => a !== pod.mainArea).join(", ")}`
                      : ""}
                  </List.Item>
                ))}
              </List>
            </>
          )}
        </Measure>
      </SimpleGrid>
      <FloorCards areas={plan.areas} />
    </Stack>
  );
}

/** "Pod North" for a pod named North; a name that already says pod ("Pod Atlas") stays as it is. */
const podLabel = (name: string) => (/^pod\b/i.test(name) ? name : `Pod ${name}`);
