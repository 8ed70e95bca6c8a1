// Goals → a target's plan: the reverse funnel. From the revenue target, the average won deal and the funnel's
// measured conversion rates back to the won deals, opportunities, SQLs, SALs, MQLs and leads the period
// needs, each step's calculation shown; what-ifs on every input; the pace the funnel runs at now; and the
// numbers proposed as SLA commitments for both leads to sign.
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Grid,
  Group,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconCheck } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { type Plan, type PlanQuery, type PlanStepKey, periodBounds } from "../../shared/goals";
import { tooFewToJudge } from "../../shared/sla";
import { PageHeader } from "../features/common/page-header";
import { ErrorAlert, PageLoader } from "../features/common/query-states";
import { periodLabel } from "../features/goals/goal-view";
import { usePlan, usePropose } from "../features/goals/goals-api";
import { usePermissions } from "../features/session/session";
import { formatPercent } from "../features/sla/calendar-text";
import { errorMessage, isApiError } from "../lib/api";
import { formatDate, formatMoney, formatNumber, stageLabel } from "../lib/format";

const STEP_LABELS: Record<PlanStepKey, string> = {
  opportunityToWon: "Opportunity → won",
  sqlToOpportunity: "SQL → opportunity",
  salToSql: "SAL → SQL",
  mqlToSal: "MQL → SAL",
  leadToMql: "Lead → MQL",
};

export function TargetPlanPage() {
  const period = useParams().period ?? "";
  const valid = periodBounds(period) !== null;
  const [whatIf, setWhatIf] = useState<PlanQuery>({});
  const plan = usePlan(period, whatIf);
  const header = (
    <PageHeader
      title={`What ${periodLabel(period)} needs`}
      breadcrumbs={[{ label: "Goals", to: `/goals?period=${period}` }]}
      description="The reverse funnel: from the revenue target, the average won deal and the conversion rates measured in Reports → Funnel, back to what each stage needs. Change any input to see what the target then takes."
    />
  );
  if (!valid)
    return (
      <>
        {header}
        <ErrorAlert error={new Error(`${period} is not a month, quarter or year`)} />
      </>
    );
  if (plan.isPending)
    return (
      <>
        {header}
        <PageLoader label="Working back from the target…" />
      </>
    );
  if (plan.isError)
    return (
      <>
        {header}
        {isApiError(plan.error, 404) ? (
          <Alert color="yellow" title="No target for this period">
            Set the revenue target for {periodLabel(period)} on the{" "}
            <Anchor component={Link} to={`/goals?period=${period}`}>
              Goals
            </Anchor>{" "}
            page first.
          </Alert>
        ) : (
          <ErrorAlert error={plan.error} onRetry={() => plan.refetch()} />
        )}
      </>
    );
  const p = plan.data;
  return (
    <>
      {header}
      <Stack gap="lg">
        <Verdict plan={p} />
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, lg: 8 }}>
            <Paper withBorder p="md" radius="md">
              <Title order={3} size="h4" mb="xs">
                The calculation
              </Title>
              <Text size="sm" c="dimmed" mb="sm">
                {`${formatMoney(p.amount)} ${p.amountWhatIf ? "(what-if)" : "target"} for ${p.period.label}. Each stage needs the next stage's number divided by its conversion rate, rounded up. The rates are those of the contacts who entered the funnel ${formatDate(p.cohorts.from)} to ${formatDate(p.cohorts.to)} (old enough to have run their cycle; `}
                <Anchor
                  component={Link}
                  to={`/reports/funnel?from=${p.cohorts.from}&to=${p.cohorts.to}`}
                  size="sm"
                >
                  Reports → Funnel
                </Anchor>
                {`). "Now" is what entered each stage per month since ${formatDate(p.lookback.from)}: deals won, deals created for opportunities, and contacts for the other stages.`}
              </Text>
              <Text size="sm" c="dimmed" mb="sm" data-testid="contacts-per-opportunity">
                {p.contactsPerOpportunity.measured === null
                  ? "Won deals and opportunities are deals; SQLs and the stages before them are contacts. No deal was created since " +
                    `${formatDate(p.lookback.from)}, so each opportunity counts as one contact.`
                  : `Won deals and opportunities are deals; SQLs and the stages before them are contacts. Since ${formatDate(p.lookback.from)}, ${formatNumber(p.contactsPerOpportunity.contacts)} contacts entered the opportunity stage for ${formatNumber(p.contactsPerOpportunity.deals)} deals created: ${formatNumber(p.contactsPerOpportunity.used)} contacts per opportunity.`}
              </Text>
              <Table verticalSpacing={6} fz="sm" data-testid="plan-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Stage</Table.Th>
                    <Table.Th ta="right">Needed in {p.period.label}</Table.Th>
                    <Table.Th ta="right">Per month</Table.Th>
                    <Table.Th>How</Table.Th>
                    <Table.Th ta="right">Now per month</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {p.stages.map((s) => (
                    <Table.Tr key={s.stage} data-testid={`plan-${s.stage}`}>
                      <Table.Td fw={600}>{s.label}</Table.Td>
                      <Table.Td ta="right" fw={700}>
                        {formatNumber(s.needed)}
                      </Table.Td>
                      <Table.Td ta="right">{formatNumber(s.perMonth)}</Table.Td>
                      <Table.Td>
                        <Text size="xs">{s.calculation}</Text>
                      </Table.Td>
                      <Table.Td ta="right">
                        <Text
                          size="sm"
                          c={s.paceShare === null ? undefined : s.paceShare >= 1 ? "green.8" : "red.7"}
                        >
                          {formatNumber(s.pacePerMonth)}
                          {s.paceShare !== null && (
                            <Text span size="xs" c="dimmed">
                              {" "}
                              ({Math.round(s.paceShare * 100)}%)
                            </Text>
                          )}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              <SimpleGrid cols={{ base: 1, sm: 2 }} mt="md">
                <Text size="sm">
                  Pipeline to create: <b>{formatMoney(p.pipeline.needed)}</b>
                  <Text span size="xs" c="dimmed">
                    {" "}
                    (opportunities × average won deal; {formatMoney(p.pipeline.perQuarter)} a quarter)
                  </Text>
                </Text>
                <Text size="sm">
                  {p.mqlWindow ? (
                    <>
                      MQLs must arrive <b>{formatDate(p.mqlWindow.from)}</b> to{" "}
                      <b>{formatDate(p.mqlWindow.to)}</b>
                      <Text span size="xs" c="dimmed">
                        {" "}
                        ({formatNumber(p.cycleDays.used)} days from MQL to won
                        {p.cycleDays.whatIf ? ", what-if" : ", median"})
                      </Text>
                    </>
                  ) : (
                    "No cycle length measured yet: enter one to see when MQLs must arrive."
                  )}
                </Text>
              </SimpleGrid>
            </Paper>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <Stack gap="lg">
              <WhatIf plan={p} whatIf={whatIf} onChange={setWhatIf} />
              <Propose plan={p} whatIf={whatIf} />
            </Stack>
          </Grid.Col>
        </Grid>
      </Stack>
    </>
  );
}

function Verdict({ plan }: { plan: Plan }) {
  if (plan.verdict === "unknown")
    return (
      <Alert color="gray" icon={<IconAlertTriangle size={18} />} title="Not enough measured yet">
        A deal size or a conversion rate is missing: enter it as a what-if to complete the plan.
      </Alert>
    );
  if (plan.verdict === "on_pace")
    return (
      <Alert color="green" icon={<IconCheck size={18} />} title="On pace" data-testid="plan-verdict">
        Every stage is entering at least as many contacts a month as the target needs.
      </Alert>
    );
  const behind = plan.stages.find((s) => s.stage === plan.furthestBehind);
  return (
    <Alert
      color="orange"
      icon={<IconAlertTriangle size={18} />}
      title="Will we hit the target? Not at this pace"
      data-testid="plan-verdict"
    >
      {behind
        ? `Furthest behind: ${behind.label}, ${formatNumber(behind.pacePerMonth)} a month now against ${formatNumber(behind.perMonth)} needed (${Math.round((behind.paceShare ?? 0) * 100)}%).`
        : "Some stages enter fewer contacts a month than the target needs."}
    </Alert>
  );
}

/** Every input of the plan, with its measured value; a change recomputes the plan on the server. */
function WhatIf({
  plan,
  whatIf,
  onChange,
}: {
  plan: Plan;
  whatIf: PlanQuery;
  onChange: (q: PlanQuery) => void;
}) {
  const set = (key: keyof PlanQuery, value: number | string, scale = 1) => {
    const n = typeof value === "number" ? value : Number.parseFloat(value);
    const next = { ...whatIf };
    if (value === "" || !Number.isFinite(n) || n <= 0) delete next[key];
    else next[key] = n / scale;
    onChange(next);
  };
  return (
    <Paper withBorder p="md" radius="md" data-testid="what-if">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4">
          What if…
        </Title>
        <Button
          size="xs"
          variant="subtle"
          onClick={() => onChange({})}
          disabled={Object.keys(whatIf).length === 0}
        >
          Back to measured
        </Button>
      </Group>
      <Stack gap="xs">
        <NumberInput
          label="Revenue target"
          prefix="$"
          thousandSeparator=","
          placeholder={formatMoney(plan.target?.amount ?? null)}
          value={whatIf.amount ?? ""}
          onChange={(v) => set("amount", v)}
        />
        <NumberInput
          label="Average won deal"
          description={
            plan.dealSize.measured === null
              ? "No deal won in the lookback"
              : `Measured ${formatMoney(plan.dealSize.measured)} over ${plan.dealSize.deals} won deals`
          }
          prefix="$"
          thousandSeparator=","
          placeholder={formatMoney(plan.dealSize.measured)}
          value={whatIf.dealSize ?? ""}
          onChange={(v) => set("dealSize", v)}
        />
        <NumberInput
          label="Days from MQL to won"
          description={
            plan.cycleDays.measured === null
              ? "Not measured yet"
              : `Measured ${plan.cycleDays.measured} days (median time in each stage, added up)`
          }
          placeholder={plan.cycleDays.measured === null ? "" : String(plan.cycleDays.measured)}
          value={whatIf.cycleDays ?? ""}
          onChange={(v) => set("cycleDays", v)}
          min={0}
        />
        {plan.steps.map((s) => (
          <NumberInput
            key={s.key}
            label={STEP_LABELS[s.key]}
            suffix="%"
            min={0}
            max={100}
            decimalScale={1}
            data-testid={`what-if-${s.key}`}
            description={
              s.measured.rate === null
                ? "Not measured yet"
                : `Measured ${formatPercent(s.measured.rate, 1)} (${s.measured.converted} of ${s.measured.of})${s.measured.judged ? "" : `, ${tooFewToJudge(s.measured.of, plan.minimumSample)}`}`
            }
            placeholder={s.measured.rate === null ? "" : String(Math.round(s.measured.rate * 1000) / 10)}
            value={whatIf[s.key] === undefined ? "" : Math.round((whatIf[s.key] as number) * 1000) / 10}
            onChange={(v) => set(s.key, v, 100)}
            rightSection={s.whatIf ? <Badge size="xs">what-if</Badge> : undefined}
            rightSectionWidth={s.whatIf ? 70 : undefined}
          />
        ))}
      </Stack>
    </Paper>
  );
}

/** The plan's numbers as SLA commitments: a draft both leads sign, as every agreement. */
function Propose({ plan, whatIf }: { plan: Plan; whatIf: PlanQuery }) {
  const propose = usePropose();
  const { isLeadOrAdmin } = usePermissions();
  const [version, setVersion] = useState<number | null>(null);
  const c = plan.commitments;
  const { amount: _amount, ...rest } = whatIf;
  return (
    <Paper withBorder p="md" radius="md" data-testid="derived-commitments">
      <Title order={3} size="h4" mb="xs">
        Commitments for the SLA
      </Title>
      {!c ? (
        <Text size="sm" c="dimmed">
          Complete the plan to derive commitments.
        </Text>
      ) : (
        <Stack gap={6}>
          <Text size="xs" fw={700} c="dimmed" tt="uppercase">
            Marketing
          </Text>
          <Text size="sm" data-testid="commitment-mqls">
            Deliver <b>{formatNumber(c.mqlsPerMonth)}</b> MQLs a month
          </Text>
          <Text size="sm">
            Create <b>{formatMoney(c.pipelinePerQuarter)}</b> of pipeline a quarter
          </Text>
          <Text size="xs" fw={700} c="dimmed" tt="uppercase" mt={4}>
            Sales
          </Text>
          <Text size="sm">
            Accept <b>{formatNumber(c.acceptedPerMonth)}</b> MQLs a month ({stageLabel("sal")})
          </Text>
          <Text size="sm">
            Open <b>{formatNumber(c.opportunitiesPerMonth)}</b> opportunities a month
          </Text>
          {plan.amountWhatIf && (
            <Text size="xs" c="orange.8">
              The target amount is a what-if: save it as the target before proposing.
            </Text>
          )}
          {isLeadOrAdmin ? (
            <Button
              mt="xs"
              loading={propose.isPending}
              disabled={plan.amountWhatIf || !plan.target}
              onClick={() =>
                propose.mutate(
                  { period: plan.period.period, whatIf: rest },
                  {
                    onSuccess: (v) => {
                      setVersion(v.version);
                      notifications.show({
                        color: "green",
                        message: `Proposed in version ${v.version} of the SLA`,
                      });
                    },
                    onError: (e) => notifications.show({ color: "red", message: errorMessage(e) }),
                  },
                )
              }
            >
              Propose as SLA commitments
            </Button>
          ) : (
            <Text size="xs" c="dimmed">
              Team leads propose these in the SLA.
            </Text>
          )}
          {version !== null && (
            <Alert color="green" mt="xs" data-testid="proposed">
              Version {version} of the SLA now holds these numbers. They take effect once a sales lead and a
              marketing lead have both signed it.{" "}
              <Anchor component={Link} to="/sla">
                Open the SLA
              </Anchor>
            </Alert>
          )}
        </Stack>
      )}
    </Paper>
  );
}
