// A lead's score in a queue cell, as the list carries it: the live model's combined score (stored at the lead's
// last rescore) and its grade, or why there is none. The contact's page explains it rule by rule.
import { Badge, Group, Text, Tooltip } from "@mantine/core";
import { formatScore, gradeMeaning } from "../scoring/scoring-format";

export function ListedScore({ score, grade }: { score: number | null; grade: string | null }) {
  if (score === null || !grade)
    return (
      <Tooltip label="Not scored: no scoring model is live yet, or the lead has not been scored since it went live">
        <Text size="xs" c="dimmed">
          Not scored
        </Text>
      </Tooltip>
    );
  return (
    <Tooltip label={`Grade ${grade}: ${gradeMeaning(grade)}. Open the lead to see why.`} multiline w={260}>
      <div data-testid="queue-score">
        <Group gap={6} wrap="nowrap">
          <Text size="sm" fw={700} ff="monospace">
            {formatScore(score)}
          </Text>
          <Badge size="sm" variant="outline" color="indigo">
            {grade}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
          {gradeMeaning(grade)}
        </Text>
      </div>
    </Tooltip>
  );
}
