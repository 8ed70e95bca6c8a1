// One post of the recognition wall: who thanked whom for what, cross-team kudos highlighted, celebrations of
// shared wins in green.
import { ActionIcon, Anchor, Badge, Group, Paper, Stack, Text, Tooltip } from "@mantine/core";
import { IconConfetti, IconHeartHandshake, IconTrash } from "@tabler/icons-react";
import { Link } from "react-router";
import type { WallPost } from "../../../shared/recognition";
import { formatDate, fromNow, TEAM_COLORS, TEAM_LABELS } from "../../lib/format";

export function WallPostCard({
  post,
  onRemove,
  compact,
}: {
  post: WallPost;
  onRemove?: () => void;
  compact?: boolean;
}) {
  if (post.kind === "celebration")
    return (
      <Paper withBorder p={compact ? "xs" : "sm"} radius="md" bg="green.0" data-testid="wall-post">
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <IconConfetti size={20} color="var(--mantine-color-green-7)" aria-hidden />
          <Stack gap={2}>
            <Text size="sm" fw={700} c="green.9">
              Everybody won
            </Text>
            <Text size="sm" lineClamp={compact ? 3 : undefined}>
              {post.message}
            </Text>
            <Text size="xs" c="dimmed">
              {fromNow(post.createdAt)}
            </Text>
          </Stack>
        </Group>
      </Paper>
    );
  return (
    <Paper
      withBorder
      p={compact ? "xs" : "sm"}
      radius="md"
      style={post.crossTeam ? { borderColor: "var(--mantine-color-grape-4)", borderWidth: 2 } : undefined}
      data-testid="wall-post"
    >
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap={6} wrap="wrap">
            <Text size="sm" fw={700}>
              {post.from?.name ?? "Someone"}
            </Text>
            {post.from && (
              <Badge size="xs" variant="light" color={TEAM_COLORS[post.from.team]}>
                {TEAM_LABELS[post.from.team]}
              </Badge>
            )}
            <Text size="sm" c="dimmed">
              to
            </Text>
            <Text size="sm" fw={700}>
              {post.to?.kind === "pod" && !/^pod\b/i.test(post.to.name)
                ? `pod ${post.to.name}`
                : (post.to?.name ?? "someone")}
            </Text>
            {post.to?.team && (
              <Badge size="xs" variant="light" color={TEAM_COLORS[post.to.team]}>
                {TEAM_LABELS[post.to.team]}
              </Badge>
            )}
            {post.crossTeam && (
              <Tooltip label="Kudos across the sales-marketing line">
                <Badge size="xs" color="grape" leftSection={<IconHeartHandshake size={12} />}>
                  Across teams
                </Badge>
              </Tooltip>
            )}
          </Group>
          <Text size="sm" lineClamp={compact ? 3 : undefined}>
            {post.message}
          </Text>
          <Text size="xs" c="dimmed">
            {fromNow(post.createdAt)}
            {post.opportunity && (
              <>
                {" · deal "}
                <Anchor component={Link} to={`/opportunities/${post.opportunity.id}`} size="xs">
                  {post.opportunity.name}
                </Anchor>
              </>
            )}
            {post.campaign && (
              <>
                {" · campaign "}
                <Anchor component={Link} to={`/campaigns/${post.campaign.id}`} size="xs">
                  {post.campaign.name}
                </Anchor>
              </>
            )}
            {post.play && (
              <>
                {" · play "}
                <Anchor component={Link} to={`/plays/${post.play.id}`} size="xs">
                  {post.play.name}
                </Anchor>
                {post.play.runStartDate && ` (run started ${formatDate(post.play.runStartDate)})`}
              </>
            )}
          </Text>
        </Stack>
        {onRemove && (
          <ActionIcon variant="subtle" color="gray" aria-label="Take off the wall" onClick={onRemove}>
            <IconTrash size={14} />
          </ActionIcon>
        )}
      </Group>
    </Paper>
  );
}
