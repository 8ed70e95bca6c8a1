// A contact's live score in a table cell: combined score and grade per live model, or why there is none.
import { Badge, Group, Skeleton, Stack, Text, Tooltip } from "@mantine/core";
import { useContactScores } from "../scoring/scoring-api";
import { formatScore, gradeMeaning } from "../scoring/scoring-format";

export function LiveScore({ contactId }: { contactId: string }) {
  const scores = useContactScores(contactId);
  if (scores.isPending) return <Skeleton h={20} w={72} aria-label="Loading score" />;
  if (scores.isError)
    return (
      <Text size="xs" c="dimmed">
        Score unavailable
      </Text>
    );
  if (scores.data.items.length === 0)
    return (
      <Tooltip label="No scoring model is live yet: once both teams approve one, every lead gets a score">
        <Text size="xs" c="dimmed">
          No live model
        </Text>
      </Tooltip>
    );
  return (
    <Stack gap={2}>
      {scores.data.items.map((s) => (
        <Tooltip
          key={s.modelId}
          label={`${s.modelName}: fit ${formatScore(s.fit)} + engagement ${formatScore(s.engagement)}. Grade ${s.grade}: ${gradeMeaning(s.grade)}`}
          multiline
          w={260}
        >
          <div data-testid="queue-score">
            <Group gap={6} wrap="nowrap">
              <Text size="sm" fw={700} ff="monospace">
                {formatScore(s.combined)}
              </Text>
              <Badge size="sm" variant="outline" color="indigo">
                {s.grade}
              </Badge>
            </Group>
            <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
              {gradeMeaning(s.grade)}
            </Text>
          </div>
        </Tooltip>
      ))}
    </Stack>
  );
}
