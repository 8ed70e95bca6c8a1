// A meeting's agenda: each number as the report it comes from shows it, with a link to that report for the
// same period, so the meeting discusses the numbers both teams already see.
import { Anchor, Badge, Group, List, Paper, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { formatDate, formatDateTime, formatMoney } from "../../lib/format";
import type { Agenda } from "./meetings-api";

const pct = (n: number | null) => (n === null ? "–" : `${Math.round(n * 1000) / 10}%`);
const signed = (n: number) => (n > 0 ? `+${n}` : `${n}`);

/** The day before an ISO day (the SLA page takes an inclusive "until"). */
function dayBefore(day: string) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

function Block({
  title,
  to,
  linkLabel,
  children,
}: {
  title: string;
  to: string;
  linkLabel: string;
  children: ReactNode;
}) {
  return (
    <Paper withBorder radius="md" p="md">
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Title order={4}>{title}</Title>
        <Anchor component={Link} to={to} size="sm">
          {linkLabel}
        </Anchor>
      </Group>
      {children}
    </Paper>
  );
}

const None = ({ children }: { children: ReactNode }) => (
  <Text size="sm" c="dimmed">
    {children}
  </Text>
);

export function AgendaView({ agenda }: { agenda: Agenda }) {
  const p = agenda.period;
  const m = agenda.sla.marketing;
  return (
    <Stack gap="md" data-testid="agenda">
      <Text size="sm" c="dimmed">
        {agenda.state === "frozen"
          ? `As it stood when the meeting was held (${formatDateTime(agenda.computedAt)}).`
          : "Live from the reports."}{" "}
        Period: {formatDate(p.from)} to {formatDate(dayBefore(p.to))}, compared with{" "}
        {formatDate(p.previousFrom)} to {formatDate(dayBefore(p.previousTo))}.
      </Text>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <Block
          title="SLA compliance"
          to={`/sla?period=custom&from=${p.from}&until=${dayBefore(p.to)}&by=team`}
          linkLabel="Open the SLA report"
        >
          {agenda.sla.slaVersion === null && <None>No SLA is in force: nothing to hold either side to.</None>}
          <Text size="sm" fw={600} mt={4}>
            Sales
          </Text>
          {agenda.sla.sales.length === 0 ? (
            <None>No SLA clocks started in the period.</None>
          ) : (
            <Table striped fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Commitment</Table.Th>
                  <Table.Th ta="right">Met</Table.Th>
                  <Table.Th ta="right">Breached</Table.Th>
                  <Table.Th ta="right">Compliance</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {agenda.sla.sales.map((c) => (
                  <Table.Tr key={c.commitment}>
                    <Table.Td>{c.label}</Table.Td>
                    <Table.Td ta="right">{c.met}</Table.Td>
                    <Table.Td ta="right">{c.breached}</Table.Td>
                    <Table.Td ta="right">
                      {pct(c.compliance)}
                      {!c.judged && c.compliance !== null && (
                        <Text span size="xs" c="dimmed">
                          {" "}
                          (too few to judge)
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <Text size="sm" fw={600} mt="sm">
            Marketing
          </Text>
          <List size="sm" spacing={2}>
            <List.Item>
              MQLs delivered: <b>{m.mqlsDelivered}</b>
              {m.mqlsCommitted !== null && ` of ${m.mqlsCommitted} committed`}
            </List.Item>
            <List.Item>
              Pipeline created: <b>{formatMoney(m.pipelineCreated)}</b>
              {m.pipelineCommitted !== null && ` of ${formatMoney(m.pipelineCommitted)} committed`}
            </List.Item>
            <List.Item>
              Rejection rate: <b>{pct(m.rejectionRate)}</b>
              {m.maxRejectionRate !== null && ` (limit ${pct(m.maxRejectionRate)})`}: {m.accepted} accepted,{" "}
              {m.rejected} rejected
            </List.Item>
          </List>
        </Block>

        <Block
          title="Funnel change"
          to={`/reports/funnel?from=${p.from}&to=${p.to}`}
          linkLabel="Open the funnel"
        >
          <Table striped fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Entered stage</Table.Th>
                <Table.Th ta="right">This period</Table.Th>
                <Table.Th ta="right">Period before</Table.Th>
                <Table.Th ta="right">Change</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {agenda.funnel.map((f) => (
                <Table.Tr key={f.stage}>
                  <Table.Td>{f.label}</Table.Td>
                  <Table.Td ta="right">{f.current}</Table.Td>
                  <Table.Td ta="right">{f.previous}</Table.Td>
                  <Table.Td ta="right" c={f.change > 0 ? "teal" : f.change < 0 ? "red" : undefined}>
                    {signed(f.change)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Block>

        <Block
          title="Top reject reasons"
          to={`/reports/lead-feedback?by=source&since=${p.from}`}
          linkLabel="Open lead feedback"
        >
          <Text size="sm" mb={4}>
            {agenda.rejectReasons.accepted} accepted, {agenda.rejectReasons.rejected} rejected in the period.
          </Text>
          {agenda.rejectReasons.reasons.length === 0 ? (
            <None>No MQL was rejected in the period.</None>
          ) : (
            <List size="sm" spacing={2}>
              {agenda.rejectReasons.reasons.map((r) => (
                <List.Item key={r.reason}>
                  {r.label}: <b>{r.count}</b>
                </List.Item>
              ))}
            </List>
          )}
        </Block>

        <Block title="New objections" to="/reports/objections" linkLabel="Open the objection log">
          {agenda.objections.length === 0 ? (
            <None>No objection was logged in the period.</None>
          ) : (
            <List size="sm" spacing={4}>
              {agenda.objections.map((o) => (
                <List.Item key={`${o.personaName}|${o.text}`}>
                  “{o.text}”{" "}
                  <Text span c="dimmed" size="sm">
                    ({o.personaName})
                  </Text>
                  : <b>{o.count}</b> in the period, {o.totalCount} in all{" "}
                  {o.answered ? (
                    <Badge size="xs" color="teal" variant="light">
                      approved response
                    </Badge>
                  ) : (
                    <Badge size="xs" color="orange" variant="light">
                      no approved response
                    </Badge>
                  )}
                </List.Item>
              ))}
            </List>
          )}
        </Block>

        <Block
          title={`Goal progress (${agenda.goals.label})`}
          to={`/goals?period=${agenda.goals.period}`}
          linkLabel="Open goals"
        >
          {agenda.goals.items.length === 0 ? (
            <None>No goals of the revenue team or a team for this period.</None>
          ) : (
            <Table striped fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Goal</Table.Th>
                  <Table.Th ta="right">Actual</Table.Th>
                  <Table.Th ta="right">Target</Table.Th>
                  <Table.Th ta="right">Progress</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {agenda.goals.items.map((g) => {
                  const value = (n: number) =>
                    g.unit === "money"
                      ? formatMoney(n)
                      : g.unit === "share"
                        ? pct(n)
                        : String(Math.round(n * 100) / 100);
                  return (
                    <Table.Tr key={g.id}>
                      <Table.Td>{g.title}</Table.Td>
                      <Table.Td ta="right">{value(g.actual)}</Table.Td>
                      <Table.Td ta="right">{value(g.target)}</Table.Td>
                      <Table.Td ta="right">
                        {pct(g.share)}{" "}
                        {g.hit && (
                          <Badge size="xs" color="teal">
                            hit
                          </Badge>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          )}
        </Block>

        <Block title="Open content requests" to="/content-requests" linkLabel="Open content requests">
          {agenda.contentRequests.length === 0 ? (
            <None>No content request is open.</None>
          ) : (
            <List size="sm" spacing={2}>
              {agenda.contentRequests.map((r) => (
                <List.Item key={r.id}>
                  {r.title}{" "}
                  <Badge size="xs" variant="light" color={r.status === "new" ? "blue" : "yellow"}>
                    {r.status === "new" ? "new" : "in progress"}
                  </Badge>
                  {r.dueDate && (
                    <Text span size="xs" c="dimmed">
                      {" "}
                      due {formatDate(r.dueDate)}
                    </Text>
                  )}
                </List.Item>
              ))}
            </List>
          )}
        </Block>
      </SimpleGrid>
      <Paper withBorder radius="md" p="md">
        <Title order={4} mb="xs">
          Carried over
        </Title>
        {agenda.carriedOver.length === 0 ? (
          <None>Nothing open from earlier meetings.</None>
        ) : (
          <List size="sm" spacing={2} data-testid="carried-over">
            {agenda.carriedOver.map((i) => (
              <List.Item key={i.id}>
                {i.text}{" "}
                <Text span size="xs" c="dimmed">
                  ({i.ownerName}, due {formatDate(i.dueDate)}; agreed {formatDate(i.occurrenceDate)})
                </Text>
              </List.Item>
            ))}
          </List>
        )}
      </Paper>
    </Stack>
  );
}
