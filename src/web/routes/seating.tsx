// Seating (Team → Seating): the seating-plan mixer. The floors (tables and rows, fixed seats); one floor with
// its plans: the chosen plan drawn as the floor (who sits where, team and pod, fixed seats), the share of
// neighbour pairs across teams and the best possible, how whole the pods sit; earlier plans by date; a
// printable view. Team leads and admins edit floors and make plans; everyone reads. `?floor=` and `?plan=`
// keep the floor and plan on screen in the address, so a plan can be linked and reloaded.
import {
  Anchor,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconArchive, IconArmchair, IconEdit, IconPlus, IconPrinter, IconWand } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { PageHeader } from "../features/common/page-header";
import { DetailSkeleton, EmptyBlock, ErrorAlert, TableSkeleton } from "../features/common/query-states";
import { GuardedButton } from "../features/common/record-actions";
import { FloorFormModal } from "../features/seating/floor-form";
import { MakePlanModal } from "../features/seating/plan-form";
import { FloorCards, PlanView, shareText } from "../features/seating/plan-view";
import {
  type Floor,
  type PlanArea,
  type PlanSummary,
  useArchiveFloor,
  useFloor,
  useFloors,
  usePlan,
  usePlans,
  useSeatableMembers,
} from "../features/seating/seating-api";
import "../features/seating/seating-print.css";
import { usePermissions } from "../features/session/session";
import { errorMessage } from "../lib/api";
import { formatDate, formatDateTime } from "../lib/format";

const WHAT_IT_DOES =
  "Sales and marketing work better as one team when they sit together. Describe a floor (its tables and rows and how many seats each has, and anyone with a fixed seat), and the mixer seats your people: each pod stays together, and as many neighbours as possible come from the other team. The same people on the same floor always get the same plan, and every plan can be printed.";

function areaSummary(areas: Floor["areas"]): string {
  const tables = areas.filter((a) => a.kind === "table").length;
  const rows = areas.length - tables;
  const parts = [];
  if (tables > 0) parts.push(`${tables} ${tables === 1 ? "table" : "tables"}`);
  if (rows > 0) parts.push(`${rows} ${rows === 1 ? "row" : "rows"}`);
  return parts.join(" and ");
}

export function SeatingPage() {
  const [params, setParams] = useSearchParams();
  const floorId = params.get("floor");
  const planId = params.get("plan");
  const open = (floor: string | null, plan: string | null = null) => {
    const next = new URLSearchParams();
    if (floor) next.set("floor", floor);
    if (plan) next.set("plan", plan);
    setParams(next);
  };
  return (
    <div data-seating-page>
      {floorId ? (
        <FloorPage floorId={floorId} planId={planId} open={open} />
      ) : (
        <FloorList onOpen={(id) => open(id)} />
      )}
    </div>
  );
}

function FloorList({ onOpen }: { onOpen: (id: string) => void }) {
  const floors = useFloors();
  const { isLeadOrAdmin, leadOnlyHint } = usePermissions();
  const [adding, setAdding] = useState(false);
  const items = floors.data?.items ?? [];
  const newButton = (
    <GuardedButton
      allowed={isLeadOrAdmin}
      hint={leadOnlyHint}
      leftSection={<IconPlus size={16} />}
      onClick={() => setAdding(true)}
    >
      New floor
    </GuardedButton>
  );
  return (
    <>
      <PageHeader
        title="Seating"
        description="Mix the teams on the floor: pods sit together, neighbours come from the other team."
        actions={items.length > 0 ? newButton : undefined}
      />
      {floors.isPending ? (
        <TableSkeleton rows={3} />
      ) : floors.isError ? (
        <ErrorAlert
          error={floors.error}
          onRetry={() => floors.refetch()}
          title="Floors could not be loaded"
        />
      ) : items.length === 0 ? (
        <Paper withBorder radius="md" p="lg">
          <EmptyBlock
            icon={<IconArmchair size={28} />}
            title="No floors yet"
            description={
              <>
                {WHAT_IT_DOES}
                <br />
                {isLeadOrAdmin
                  ? "Start with a floor: name it and add its tables and rows."
                  : "A team lead or admin adds the floor; its plans show here for everyone."}
              </>
            }
            action={newButton}
          />
        </Paper>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
          {(floors.data.total ?? items.length) > items.length && (
            <Text size="sm" c="dimmed" style={{ gridColumn: "1 / -1" }}>
              The first {items.length} of {floors.data.total} floors, by name.
            </Text>
          )}
          {items.map((floor) => (
            <Card key={floor.id} withBorder radius="md" padding="md" data-testid="floor-card">
              <Stack gap={4} style={{ flex: 1 }}>
                <Title order={4}>{floor.name}</Title>
                <Text size="sm">
                  {areaSummary(floor.areas)} · {floor.seatCount} seats
                  {floor.fixedSeats.length > 0 &&
                    ` · ${floor.fixedSeats.length} fixed ${floor.fixedSeats.length === 1 ? "seat" : "seats"}`}
                </Text>
                <Text size="sm" c="dimmed">
                  {floor.planCount === 0
                    ? "No plan yet"
                    : `${floor.planCount} ${floor.planCount === 1 ? "plan" : "plans"}, the last on ${formatDate(floor.lastPlanAt)}`}
                </Text>
              </Stack>
              <Group mt="sm">
                <Button
                  size="xs"
                  variant="light"
                  onClick={() => onOpen(floor.id)}
                  aria-label={`Open ${floor.name}`}
                >
                  Open
                </Button>
              </Group>
            </Card>
          ))}
        </SimpleGrid>
      )}
      {adding && (
        <FloorFormModal
          onClose={() => setAdding(false)}
          onSaved={(saved) => {
            setAdding(false);
            onOpen(saved.id);
          }}
        />
      )}
    </>
  );
}

/** The floor before any plan: its tables and rows with the fixed seats in place. */
function FloorPreview({ floor }: { floor: Floor }) {
  const members = useSeatableMembers();
  const byId = new Map((members.data?.items ?? []).map((m) => [m.id, m]));
  const areas: Pick<PlanArea, "label" | "kind" | "seats" | "places">[] = floor.areas.map((area) => ({
    ...area,
    places: Array.from({ length: area.seats }, (_, i) => {
      const fixed = floor.fixedSeats.find(
        (f) => f.area.trim().toLowerCase() === area.label.trim().toLowerCase() && f.seat === i + 1,
      );
      const m = fixed ? byId.get(fixed.memberId) : undefined;
      return {
        seat: i + 1,
        memberId: fixed?.memberId ?? null,
        name: fixed?.name ?? null,
        team: m?.team ?? null,
        podId: m?.podId ?? null,
        podName: m?.podName ?? null,
        fixed: Boolean(fixed),
      };
    }),
  }));
  return <FloorCards areas={areas} />;
}

function FloorPage({
  floorId,
  planId,
  open,
}: {
  floorId: string;
  planId: string | null;
  open: (floor: string | null, plan?: string | null) => void;
}) {
  const floor = useFloor(floorId);
  const plans = usePlans(floorId);
  const { isLeadOrAdmin, leadOnlyHint } = usePermissions();
  const archive = useArchiveFloor();
  const [editing, setEditing] = useState(false);
  const [planning, setPlanning] = useState(false);
  const planList = (plans.data?.pages ?? []).flatMap((p) => p.items);
  const shownId = planId ?? planList[0]?.id ?? null;
  const plan = usePlan(shownId);

  if (floor.isPending) return <DetailSkeleton />;
  if (floor.isError)
    return (
      <Stack>
        <Anchor component={Link} to="/seating" size="sm">
          ← All floors
        </Anchor>
        <ErrorAlert
          error={floor.error}
          onRetry={() => floor.refetch()}
          title="This floor could not be loaded"
        />
      </Stack>
    );
  const f = floor.data;
  const archived = f.archivedAt !== null;
  const fixedText = f.fixedSeats.map((s) => `${s.name} (${s.area}, seat ${s.seat})`).join("; ");
  return (
    <>
      <PageHeader
        title={f.name}
        breadcrumbs={[{ label: "Seating", to: "/seating" }]}
        badges={archived ? <Badge color="gray">Archived</Badge> : undefined}
        description={`${areaSummary(f.areas)}, ${f.seatCount} seats${fixedText ? `. Fixed seats: ${fixedText}` : ""}.`}
        actions={
          <Group gap="xs" data-print-hide>
            {plan.data && (
              <Button
                variant="default"
                leftSection={<IconPrinter size={16} />}
                onClick={() => window.print()}
              >
                Print
              </Button>
            )}
            <GuardedButton
              allowed={isLeadOrAdmin}
              hint={leadOnlyHint}
              variant="default"
              leftSection={<IconEdit size={16} />}
              onClick={() => setEditing(true)}
            >
              Edit floor
            </GuardedButton>
            <GuardedButton
              allowed={isLeadOrAdmin && !archived}
              hint={archived ? "Archived floors get no new plans" : leadOnlyHint}
              leftSection={<IconWand size={16} />}
              onClick={() => setPlanning(true)}
            >
              Make a plan
            </GuardedButton>
            {isLeadOrAdmin && !archived && (
              <Button
                variant="subtle"
                color="red"
                leftSection={<IconArchive size={16} />}
                loading={archive.isPending}
                onClick={() => {
                  if (!window.confirm(`Archive “${f.name}”? Its plans stay on record.`)) return;
                  archive.mutate(f.id, {
                    onSuccess: () => {
                      notifications.show({ color: "green", message: `${f.name} archived.` });
                      open(null);
                    },
                    onError: (e) =>
                      notifications.show({ color: "red", title: "Not archived", message: errorMessage(e) }),
                  });
                }}
              >
                Archive
              </Button>
            )}
          </Group>
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 9 }}>
          {plans.isPending || (shownId !== null && plan.isPending) ? (
            <DetailSkeleton />
          ) : plans.isError ? (
            <ErrorAlert
              error={plans.error}
              onRetry={() => plans.refetch()}
              title="Plans could not be loaded"
            />
          ) : plan.isError ? (
            <ErrorAlert
              error={plan.error}
              onRetry={() => plan.refetch()}
              title="This plan could not be loaded"
            />
          ) : plan.data ? (
            <PlanView plan={plan.data} />
          ) : (
            <Stack gap="md">
              <Paper withBorder radius="md" p="md">
                <EmptyBlock
                  icon={<IconArmchair size={28} />}
                  title="No plan for this floor yet"
                  description={
                    isLeadOrAdmin
                      ? "Make a plan: the mixer seats every sales and marketing member (or the people you pick), keeps pods together and puts people next to the other team."
                      : "A team lead or admin makes the plan; it shows here for everyone."
                  }
                />
              </Paper>
              <Text size="sm" fw={600}>
                The floor as it is now{f.fixedSeats.length > 0 ? ", with its fixed seats" : ""}
              </Text>
              <FloorPreview floor={f} />
            </Stack>
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 3 }} data-print-hide>
          <PlanHistory
            plans={planList}
            shownId={shownId}
            onShow={(id) => open(floorId, id)}
            more={plans.hasNextPage ? () => plans.fetchNextPage() : null}
            loadingMore={plans.isFetchingNextPage}
          />
        </Grid.Col>
      </Grid>
      {editing && (
        <FloorFormModal floor={f} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />
      )}
      {planning && (
        <MakePlanModal
          floor={f}
          onClose={() => setPlanning(false)}
          onMade={(made) => {
            setPlanning(false);
            open(floorId, made.id);
          }}
        />
      )}
    </>
  );
}

function PlanHistory({
  plans,
  shownId,
  onShow,
  more,
  loadingMore,
}: {
  plans: PlanSummary[];
  shownId: string | null;
  onShow: (id: string) => void;
  more: (() => void) | null;
  loadingMore: boolean;
}) {
  return (
    <Paper withBorder radius="md" p="sm" data-testid="plan-history">
      <Text size="xs" tt="uppercase" c="dimmed" fw={700} mb="xs">
        Plans of this floor
      </Text>
      {plans.length === 0 ? (
        <Text size="sm" c="dimmed">
          None yet.
        </Text>
      ) : (
        <Stack gap="xs">
          {plans.map((p) => (
            <Stack key={p.id} gap={0}>
              {p.id === shownId ? (
                <Text size="sm" fw={700}>
                  {formatDateTime(p.createdAt)} (shown)
                </Text>
              ) : (
                <Anchor component="button" type="button" size="sm" ta="left" onClick={() => onShow(p.id)}>
                  {formatDateTime(p.createdAt)}
                </Anchor>
              )}
              <Text size="xs" c="dimmed">
                {p.memberCount} people{p.createdByName ? `, by ${p.createdByName}` : ""}.{" "}
                {p.neighbourPairs > 0
                  ? `${p.crossTeamPairs} of ${p.neighbourPairs} pairs cross-team`
                  : shareText(p.crossTeamPairs, p.neighbourPairs)}
              </Text>
            </Stack>
          ))}
          {more && (
            <Button variant="subtle" size="xs" onClick={more} loading={loadingMore}>
              Show earlier plans
            </Button>
          )}
        </Stack>
      )}
    </Paper>
  );
}
