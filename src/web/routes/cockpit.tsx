// The cockpit: the home page both teams land on. This month's MQLs and sales' answers, both sides of the SLA
// with the clocks at risk, the hottest leads waiting for an answer, what sales fed back, and what needs me.
// Every number is the number of the page its tile links to (the server computes them with the same functions).
import { Anchor, Grid, Group, List, Progress, Stack, Table, Text } from "@mantine/core";
import { Link } from "react-router";
import type { Cockpit } from "../../shared/cockpit";
import { LIFECYCLE_STAGE_LABELS } from "../../shared/domain";
import { DEFAULT_REJECTION_REASONS } from "../../shared/feedback";
import { FUNNEL_STAGES } from "../../shared/reports";
import { SLA_COMMITMENT_LABELS, tooFewToJudge } from "../../shared/sla";
import { RevenueByCampaignTile } from "../features/attribution/revenue-tile";
import { useCockpit } from "../features/cockpit/cockpit-api";
import { Figure, Tile } from "../features/cockpit/tile";
import { PageHeader } from "../features/common/page-header";
import { EmptyBlock, ErrorAlert, PageLoader } from "../features/common/query-states";
import { RevenueTeamTiles } from "../features/goals/revenue-tiles";
import { useSession } from "../features/session/session";
import { complianceColor, formatPercent } from "../features/sla/calendar-text";
import { formatDateTime, formatNumber, fromNow } from "../lib/format";

const REASONS: Record<string, string> = Object.fromEntries(
  DEFAULT_REJECTION_REASONS.map((r) => [r.code, r.label]),
);

export function CockpitPage() {
  const cockpit = useCockpit();
  const { member } = useSession();
  if (cockpit.isPending) return <PageLoader label="Loading the cockpit…" />;
  if (cockpit.isError) return <ErrorAlert error={cockpit.error} onRetry={() => cockpit.refetch()} />;
  const c = cockpit.data;
  return (
    <>
      <PageHeader
        title="Cockpit"
        description={`How the revenue team is doing in ${c.period.label}, and what needs you, ${member.name}.`}
      />
      <RevenueTeamTiles />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 6, xl: 4 }}>
          <MqlsTile c={c} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6, xl: 4 }}>
          <SlaTile c={c} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6, xl: 4 }}>
          <NeedsMeTile c={c} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6, xl: 6 }}>
          <HotLeadsTile c={c} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6, xl: 3 }}>
          <AtRiskTile c={c} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6, xl: 3 }}>
          <FeedbackTile c={c} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6, xl: 6 }}>
          <FunnelTile c={c} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6, xl: 6 }}>
          <RevenueByCampaignTile period={c.period} />
        </Grid.Col>
      </Grid>
    </>
  );
}

/** "50% accepted" or, under the minimum sample, the counts with "too few to judge (2 of 20)". */
function Rate({ value, decided, judged, minimum, word }: RateProps) {
  if (value === null) return <Text size="sm">No answers yet</Text>;
  return (
    <Text size="sm">
      <Text span fw={700}>
        {formatPercent(value)}
      </Text>{" "}
      {word}
      {!judged && (
        <Text span c="dimmed" size="sm">
          {" "}
          ({tooFewToJudge(decided, minimum)})
        </Text>
      )}
    </Text>
  );
}
interface RateProps {
  value: number | null;
  decided: number;
  judged: boolean;
  minimum: number;
  word: string;
}

function MqlsTile({ c }: { c: Cockpit }) {
  const { mqls } = c;
  const decided = mqls.accepted + mqls.rejected;
  return (
    <Tile
      title={`MQLs in ${c.period.label}`}
      link={{ to: `/reports/lead-feedback?since=${c.period.from}`, label: "Lead feedback" }}
      testId="tile-mqls"
    >
      <Group gap="xl" align="flex-end">
        <Figure
          value={formatNumber(mqls.entered)}
          caption={
            mqls.committed === null
              ? "became MQLs (no SLA in force)"
              : `became MQLs, of ${formatNumber(mqls.committed)} committed`
          }
          testId="cockpit-mqls-entered"
        />
        <Figure
          value={formatNumber(decided)}
          caption={`MQLs sales decided on this month: ${mqls.accepted} accepted, ${mqls.rejected} rejected`}
          testId="cockpit-mqls-decided"
        />
      </Group>
      <Rate
        value={mqls.acceptanceRate}
        decided={decided}
        judged={mqls.judged}
        minimum={mqls.minimumSample}
        word="accepted"
      />
    </Tile>
  );
}

/** The month's funnel: contacts entering each stage this month (Reports → Funnel, "Entered in the period"). */
function FunnelTile({ c }: { c: Cockpit }) {
  const { entered, newToFunnel } = c.funnel;
  const widest = Math.max(1, ...FUNNEL_STAGES.map((s) => entered[s]));
  return (
    <Tile
      title={`Funnel in ${c.period.label}`}
      link={{ to: `/reports/funnel?from=${c.period.from}&to=${c.period.to}`, label: "Funnel report" }}
      testId="tile-funnel"
    >
      <Text size="sm" c="dimmed">
        Contacts entering each stage this month (one contact counts in every stage it entered);{" "}
        {formatNumber(newToFunnel)} were new to the funnel.
      </Text>
      <Stack gap={6}>
        {FUNNEL_STAGES.map((stage) => (
          <Group key={stage} gap="sm" wrap="nowrap" data-testid={`cockpit-funnel-${stage}`}>
            <Text size="sm" w={110}>
              {stage === "customer" ? "Won (customer)" : LIFECYCLE_STAGE_LABELS[stage]}
            </Text>
            <Progress
              value={(entered[stage] / widest) * 100}
              size="lg"
              style={{ flex: 1 }}
              aria-hidden
              color={stage === "customer" ? "green" : "indigo"}
            />
            <Text size="sm" fw={600} w={56} ta="right">
              {formatNumber(entered[stage])}
            </Text>
          </Group>
        ))}
      </Stack>
    </Tile>
  );
}

function SlaTile({ c }: { c: Cockpit }) {
  const { sla, mqls } = c;
  if (sla.version === null)
    return (
      <Tile title="The SLA, both sides" link={{ to: "/sla", label: "SLA" }} testId="tile-sla">
        <Text size="sm" c="dimmed">
          No SLA is in force yet: once a sales lead and a marketing lead sign one, both teams' commitments
          show here.
        </Text>
      </Tile>
    );
  const m = sla.marketing;
  const decided = mqls.accepted + mqls.rejected;
  const over =
    m.rejectionJudged &&
    m.rejectionRate !== null &&
    m.maxRejectionRate !== null &&
    m.rejectionRate > m.maxRejectionRate;
  return (
    <Tile
      title={`The SLA, both sides (version ${sla.version})`}
      link={{ to: "/sla", label: "SLA" }}
      testId="tile-sla"
    >
      <Stack gap={6}>
        <Text size="xs" fw={700} c="dimmed" tt="uppercase">
          Sales
        </Text>
        {sla.sales.map((s) => (
          <Judged
            key={s.commitment}
            label={SLA_COMMITMENT_LABELS[s.commitment]}
            text={s.compliance === null ? "No result yet" : `${formatPercent(s.compliance)} met`}
            color={s.compliance !== null && s.judged ? complianceColor(s.compliance) : null}
            tooFew={
              s.compliance !== null && !s.judged
                ? tooFewToJudge(s.met + s.breached, mqls.minimumSample)
                : null
            }
          />
        ))}
        <Text size="xs" fw={700} c="dimmed" tt="uppercase" mt={4}>
          Marketing
        </Text>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Text size="sm">MQLs delivered</Text>
          <Text size="sm" fw={700}>
            {formatNumber(m.mqlsDelivered)} of{" "}
            {m.mqlsCommitted === null ? "—" : formatNumber(m.mqlsCommitted)}
          </Text>
        </Group>
        <Judged
          label={`Rejection rate (limit ${formatPercent(m.maxRejectionRate, 1)})`}
          text={
            m.rejectionRate === null
              ? "No answers yet"
              : `${formatPercent(m.rejectionRate)}${m.rejectionJudged ? (over ? ", above the limit" : ", within the limit") : ""}`
          }
          color={m.rejectionJudged ? (over ? "red" : "green") : null}
          tooFew={
            m.rejectionRate !== null && !m.rejectionJudged ? tooFewToJudge(decided, mqls.minimumSample) : null
          }
        />
      </Stack>
    </Tile>
  );
}

/** A commitment and its result: coloured only when judged, otherwise with "too few to judge (2 of 20)". */
function Judged({
  label,
  text,
  color,
  tooFew,
}: {
  label: string;
  text: string;
  color: string | null;
  tooFew: string | null;
}) {
  return (
    <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
      <Text size="sm">{label}</Text>
      <Stack gap={0} align="flex-end">
        <Text size="sm" fw={700} c={color ? `${color}.8` : undefined} style={{ whiteSpace: "nowrap" }}>
          {text}
        </Text>
        {tooFew && (
          <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
            {tooFew}
          </Text>
        )}
      </Stack>
    </Group>
  );
}

function NeedsMeTile({ c }: { c: Cockpit }) {
  return (
    <Tile title="What needs me" testId="tile-mine">
      <Group gap="xl">
        <Anchor component={Link} to="/queue" underline="never">
          <Figure value={formatNumber(c.mine.queue)} caption="MQLs in my queue" testId="cockpit-my-queue" />
        </Anchor>
        <Anchor component={Link} to="/inbox" underline="never">
          <Figure value={formatNumber(c.mine.unread)} caption="unread in my inbox" testId="cockpit-unread" />
        </Anchor>
        <Anchor component={Link} to="/content-requests" underline="never">
          <Figure value={formatNumber(c.feedback.contentRequests.open)} caption="content requests open" />
        </Anchor>
      </Group>
    </Tile>
  );
}

/** When sales owes the lead an answer: overdue in red once the clock has run out; "no SLA clock" without one. */
function AnswerDue({ dueAt }: { dueAt: string | null }) {
  if (!dueAt)
    return (
      <Text span c="dimmed" size="sm">
        No SLA clock
      </Text>
    );
  if (new Date(dueAt).getTime() < Date.now())
    return (
      <Text span c="red.7" size="sm" fw={600}>
        overdue {fromNow(dueAt).replace(/ ago$/, "")}
      </Text>
    );
  return <>{fromNow(dueAt)}</>;
}

function HotLeadsTile({ c }: { c: Cockpit }) {
  const { hotLeads } = c;
  return (
    <Tile
      title={`Hottest leads waiting for an answer (${formatNumber(hotLeads.waiting)})`}
      link={{ to: "/contacts?lifecycleStage=mql", label: "All MQLs" }}
      testId="tile-hot-leads"
    >
      {hotLeads.items.length === 0 ? (
        <EmptyBlock title="No MQL is waiting" description="Every MQL has been accepted or rejected." />
      ) : (
        <Table verticalSpacing={4} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Lead</Table.Th>
              <Table.Th ta="right">Score</Table.Th>
              <Table.Th>Owner</Table.Th>
              <Table.Th>Answer due</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {hotLeads.items.map((lead) => (
              <Table.Tr key={lead.contactId}>
                <Table.Td>
                  <Anchor component={Link} to={`/contacts/${lead.contactId}`} size="sm" fw={600}>
                    {lead.name}
                  </Anchor>
                  {lead.accountName && (
                    <Text size="xs" c="dimmed">
                      {lead.accountName}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td ta="right">
                  {lead.score === null
                    ? "—"
                    : `${formatNumber(Math.round(lead.score))}${lead.grade ? ` (${lead.grade})` : ""}`}
                </Table.Td>
                <Table.Td>
                  {lead.ownerName ?? (
                    <Text span c="dimmed" size="sm">
                      No owner yet
                    </Text>
                  )}
                </Table.Td>
                <Table.Td title={formatDateTime(lead.dueAt)}>
                  <AnswerDue dueAt={lead.dueAt} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Tile>
  );
}

function AtRiskTile({ c }: { c: Cockpit }) {
  const { atRisk } = c.sla;
  return (
    <Tile
      title={`SLA clocks at risk (${formatNumber(atRisk.count)})`}
      link={{ to: "/sla", label: "SLA" }}
      testId="tile-at-risk"
    >
      {atRisk.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          No clock has passed its warning time.
        </Text>
      ) : (
        <List spacing={4} size="sm" listStyleType="none">
          {atRisk.items.map((k) => (
            <List.Item key={k.clockId}>
              <Anchor component={Link} to={`/contacts/${k.contactId}`} size="sm">
                {k.contactName}
              </Anchor>{" "}
              <Text span size="sm" c="dimmed">
                {SLA_COMMITMENT_LABELS[k.commitment].toLowerCase()}, {k.memberName ?? "no owner"}, due{" "}
                {fromNow(k.dueAt)}
              </Text>
            </List.Item>
          ))}
        </List>
      )}
    </Tile>
  );
}

function FeedbackTile({ c }: { c: Cockpit }) {
  const { rejections, objections } = c.feedback;
  return (
    <Tile
      title="What sales fed back"
      link={{ to: "/reports/objections", label: "Objections" }}
      testId="tile-feedback"
    >
      {rejections.length === 0 && objections.length === 0 ? (
        <Text size="sm" c="dimmed">
          No rejection or objection yet.
        </Text>
      ) : (
        <Stack gap={6}>
          {rejections.slice(0, 3).map((r) => (
            <Text size="sm" key={`${r.contactId}-${r.decidedAt}`}>
              <Anchor component={Link} to={`/contacts/${r.contactId}`} size="sm">
                {r.contactName}
              </Anchor>{" "}
              rejected: <b>{r.reason ? (REASONS[r.reason] ?? r.reason) : "no reason"}</b>
              {r.comment && <Text span c="dimmed" size="sm">{` “${r.comment}”`}</Text>}
            </Text>
          ))}
          {objections.slice(0, 3).map((o) => (
            <Text size="sm" key={o.id}>
              Objection: “{o.text}”{" "}
              <Text span c="dimmed" size="sm">
                {o.memberName ?? ""}, {fromNow(o.heardAt)}
              </Text>
            </Text>
          ))}
        </Stack>
      )}
    </Tile>
  );
}
