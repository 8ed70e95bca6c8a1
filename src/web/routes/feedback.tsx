// "Lead feedback": what sales said about the MQLs each campaign (or source) produced: how many were accepted,
// the acceptance rate, and why the others were rejected. Marketing reads it to fix campaigns, not to argue.
import { Anchor, Button, Group, Input, Paper, SegmentedControl, Stack, Text, TextInput } from "@mantine/core";
import { IconMessageCheck } from "@tabler/icons-react";
import { Link } from "react-router";
import { useUrlFilters } from "../features/common/list";
import { PageHeader } from "../features/common/page-header";
import { EmptyBlock, ErrorAlert, TableSkeleton } from "../features/common/query-states";
import { FIT_REASON_LABELS, useDecisionSummary } from "../features/feedback/feedback-api";
import { AcceptanceChart, FeedbackTable, FeedbackTotals } from "../features/feedback/feedback-summary";
import { GlossaryText } from "../features/glossary/glossary-term";
import { formatDate } from "../lib/format";

const KEYS = ["by", "since"] as const;
/** "since=all" in the address asks for every decision ever made. */
const ALL_TIME = "all";

/** The first day of this month, in the viewer's calendar: the page opens on this month's decisions. */
function thisMonthStart(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-01`;
}

export function FeedbackPage() {
  const monthStart = thisMonthStart();
  const [f, set] = useUrlFilters(KEYS, { by: "campaign", since: monthStart });
  const by = f.by === "source" ? "source" : "campaign";
  const since = f.since !== ALL_TIME && /^\d{4}-\d{2}-\d{2}$/.test(f.since) ? f.since : null;
  const summary = useDecisionSummary(by, since);
  const noun = by === "campaign" ? "campaign" : "source";

  return (
    <>
      <PageHeader
        title="Lead feedback"
        description={
          <GlossaryText text="Sales' answer to every MQL, counted for the campaign or source that brought the lead: how many sales accepted, and why it rejected the others." />
        }
      />
      <Stack gap="md">
        <Paper withBorder p="md" radius="md">
          <Group gap="md" align="flex-end" wrap="wrap">
            <Stack gap={2}>
              <Input.Label id="feedback-by-label">Group by</Input.Label>
              <SegmentedControl
                aria-labelledby="feedback-by-label"
                value={by}
                onChange={(value) => set({ by: value })}
                data={[
                  { value: "campaign", label: "Campaign" },
                  { value: "source", label: "Source" },
                ]}
              />
            </Stack>
            <TextInput
              type="date"
              label="Decided since"
              value={since ?? ""}
              onChange={(e) => set({ since: e.currentTarget.value || ALL_TIME })}
              w={180}
            />
            {since !== monthStart && (
              <Button variant="subtle" onClick={() => set({ since: null })}>
                This month
              </Button>
            )}
            {since !== null && (
              <Button variant="subtle" onClick={() => set({ since: ALL_TIME })}>
                All time
              </Button>
            )}
            <Text size="sm" c="dimmed" data-testid="feedback-period">
              {since ? `Decisions made since ${formatDate(since)}` : "Every decision ever made"}
            </Text>
          </Group>
        </Paper>
        {summary.isPending ? (
          <Paper withBorder p="md" radius="md">
            <TableSkeleton rows={4} />
          </Paper>
        ) : summary.isError ? (
          <ErrorAlert error={summary.error} onRetry={() => summary.refetch()} />
        ) : summary.data.items.length === 0 ? (
          <Paper withBorder p="md" radius="md">
            <EmptyBlock
              icon={<IconMessageCheck size={28} />}
              title={since ? `No decisions since ${formatDate(since)}` : "No feedback from sales yet"}
              description={
                since ? (
                  "Pick an earlier date or show all time."
                ) : (
                  <>
                    Each time sales accepts or rejects an MQL in{" "}
                    <Anchor component={Link} to="/queue" inherit>
                      My MQL queue
                    </Anchor>{" "}
                    or on a contact, it is counted here for the {noun} that brought the lead, with the reason.
                  </>
                )
              }
            />
          </Paper>
        ) : (
          <>
            <FeedbackTotals items={summary.data.items} />

            <Paper withBorder p="md" radius="md">
              <Text size="sm" fw={600}>
                Acceptance rate per {noun}
              </Text>
              <Text size="xs" c="dimmed" mb="xs">
                <GlossaryText
                  text={`Of the MQLs each ${noun} brought that sales decided on, the share sales accepted.`}
                />
              </Text>
              <AcceptanceChart items={summary.data.items} noun={noun} />
            </Paper>
            <Paper withBorder p="md" radius="md">
              <Text size="sm" fw={600}>
                <GlossaryText text="Accepted, rejected and why" />
              </Text>
              <Text size="xs" c="dimmed" mb="xs">
                Fit reasons ({FIT_REASON_LABELS.join(", ")}) say the lead definition lets the wrong people
                through; the scoring model learns from them.
              </Text>
              <FeedbackTable items={summary.data.items} by={by} />
            </Paper>
          </>
        )}
      </Stack>
    </>
  );
}
