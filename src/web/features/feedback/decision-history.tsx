// On the contact page: the prompt to decide while the contact is an MQL, and every decision sales made on it.
import { Alert, Badge, Group, Paper, Stack, Text, Tooltip } from "@mantine/core";
import { IconUserQuestion } from "@tabler/icons-react";
import dayjs from "dayjs";
import type { Contact } from "../../../shared/contacts";
import { formatDateTime, fromNow } from "../../lib/format";
import { ErrorAlert, TableSkeleton } from "../common/query-states";
import { MemberName, useMembers } from "../common/records";
import { useSession } from "../session/session";
import { DecisionButtons } from "./decision-actions";
import { canDecide, DECIDE_HINT, OUTCOME_TEXT, useDecisions } from "./feedback-api";

/** Shown while the contact is an MQL: sales owes marketing an answer. */
export function MqlDecisionPrompt({ contact }: { contact: Contact }) {
  const { member } = useSession();
  const { byId } = useMembers();
  if (contact.lifecycleStage !== "mql") return null;
  const allowed = canDecide(member, contact);
  return (
    <Alert
      color="grape"
      variant="light"
      icon={<IconUserQuestion size={20} />}
      title="This MQL is waiting for sales"
      mb="md"
      aria-label="Accept or reject this MQL"
      data-testid="mql-decision"
    >
      <Group justify="space-between" align="center" gap="sm" wrap="wrap">
        <Stack gap={2} style={{ flex: 1, minWidth: 260 }}>
          <Text size="sm">
            Marketing handed this lead to sales as a marketing-qualified lead (MQL). Accept it to work it as a
            sales-accepted lead (SAL), or reject it with a reason so marketing learns which campaigns bring
            leads sales wants.
          </Text>
          <Text size="xs" c="dimmed">
            MQL for {dayjs(contact.lifecycleStageChangedAt).fromNow(true)} · Owner:{" "}
            {contact.ownerMemberId ? (byId.get(contact.ownerMemberId)?.name ?? "…") : "unassigned"}
            {allowed ? "" : ` · ${DECIDE_HINT}.`}
          </Text>
        </Stack>
        <DecisionButtons contact={contact} />
      </Group>
    </Alert>
  );
}

/** Every accept/reject on this contact, newest first. */
export function DecisionHistory({ contactId }: { contactId: string }) {
  const query = useDecisions(contactId);
  if (query.isPending) return <TableSkeleton rows={2} />;
  if (query.isError) return <ErrorAlert error={query.error} onRetry={() => query.refetch()} />;
  const items = query.data.items;
  if (items.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No decision yet: sales has not accepted or rejected this lead as an MQL.
      </Text>
    );
  return (
    <Stack gap="xs" aria-label="Sales decisions">
      {items.map((d) => (
        <Paper key={d.id} withBorder p="xs" radius="md" data-testid="lead-decision">
          <Group gap="xs" wrap="wrap">
            <Badge color={d.decision === "accepted" ? "teal" : "red"} variant="light">
              {d.decision === "accepted" ? "Accepted" : "Rejected"}
            </Badge>
            {d.reasonLabel && (
              <Text size="sm" fw={600}>
                {d.reasonLabel}
              </Text>
            )}
          </Group>
          <Text size="sm" mt={4}>
            {OUTCOME_TEXT[d.outcome] ?? d.outcome}
          </Text>
          {d.comment && (
            <Text size="sm" mt={2} fs="italic">
              “{d.comment}”
            </Text>
          )}
          <Text size="xs" c="dimmed" mt={4}>
            {d.memberName || <MemberName id={d.memberId} />} ·{" "}
            <Tooltip label={formatDateTime(d.decidedAt)}>
              <span>{fromNow(d.decidedAt)}</span>
            </Tooltip>
          </Text>
        </Paper>
      ))}
    </Stack>
  );
}
