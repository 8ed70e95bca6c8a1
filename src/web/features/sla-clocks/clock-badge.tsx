// One SLA clock as a badge that counts down (every 30 s; the server's figure is refetched every minute).
import { Badge, Skeleton, Text, Tooltip } from "@mantine/core";
import { useEffect, useState } from "react";
import type { SlaClock } from "../../../shared/sla";
import { describeClock } from "./clock-format";
import type { useAnswerClocks } from "./clocks-api";

function useElapsed(since: number) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return Math.max(0, now - since);
}

export function ClockBadge({ clock, fetchedAt }: { clock: SlaClock; fetchedAt: number }) {
  const elapsed = useElapsed(fetchedAt);
  const { text, tone, hint } = describeClock(clock, elapsed);
  return (
    <Tooltip label={hint} multiline w={280}>
      <Badge
        color={tone}
        variant={tone === "blue" ? "light" : "filled"}
        data-testid={`clock-${clock.commitment}`}
      >
        {text}
      </Badge>
    </Tooltip>
  );
}

/** The accept clock of a lead in a queue row (the one that matters while the lead waits for an answer). */
export function AcceptCountdown({ clocks, fetchedAt }: { clocks: SlaClock[]; fetchedAt: number }) {
  const accept = clocks.filter((k) => k.commitment === "accept").at(-1);
  if (!accept)
    return (
      <Tooltip label="No SLA was in force when this lead became an MQL">
        <Text size="xs" c="dimmed">
          No SLA clock
        </Text>
      </Tooltip>
    );
  return <ClockBadge clock={accept} fetchedAt={fetchedAt} />;
}

/** A queue row's countdown: the lead's latest accept clock, from its page's answer clocks. */
export function AnswerCountdown({
  clocks,
  contactId,
}: {
  clocks: ReturnType<typeof useAnswerClocks>;
  contactId: string;
}) {
  if (clocks.isPending) return <Skeleton h={20} w={90} aria-label="Loading SLA clock" />;
  if (clocks.isError)
    return (
      <Text size="xs" c="dimmed">
        Clock unavailable
      </Text>
    );
  return (
    <AcceptCountdown
      clocks={clocks.data.items.filter((k) => k.contactId === contactId)}
      fetchedAt={clocks.dataUpdatedAt}
    />
  );
}
