// One tile of the cockpit: a question, its answer, and the page that explains it. New capabilities (revenue
// against target, the funnel, the recognition wall) add tiles; the page's grid takes any number.
import { Anchor, Group, Paper, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { GlossaryText } from "../glossary/glossary-term";

export function Tile({
  title,
  link,
  testId,
  children,
}: {
  title: string;
  link?: { to: string; label: string };
  testId: string;
  children: ReactNode;
}) {
  return (
    <Paper withBorder radius="md" p="md" h="100%" data-testid={testId} component="section" aria-label={title}>
      <Stack gap="sm" h="100%">
        <Group justify="space-between" align="baseline" wrap="nowrap" gap="xs">
          <Title order={3} size="h5">
            <GlossaryText text={title} />
          </Title>
          {link && (
            <Anchor component={Link} to={link.to} size="sm" style={{ whiteSpace: "nowrap" }}>
              {link.label}
            </Anchor>
          )}
        </Group>
        {children}
      </Stack>
    </Paper>
  );
}

/** A big number with what it counts, e.g. "12" over "MQLs this month". */
export function Figure({
  value,
  caption,
  testId,
}: {
  value: ReactNode;
  caption: ReactNode;
  testId?: string;
}) {
  return (
    <Stack gap={0}>
      <Text fw={700} fz={28} lh={1.1} data-testid={testId}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {caption}
      </Text>
    </Stack>
  );
}
