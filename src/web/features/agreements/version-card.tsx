// One version in an agreement's list of versions: a card to open it, with its number, status and note; the
// feature adds who signed it and when it was in effect.
import { Group, Paper, Text, UnstyledButton } from "@mantine/core";
import type { ReactNode } from "react";

export function VersionCard({
  version,
  badge,
  selected,
  onOpen,
  label,
  testId,
  w,
  children,
}: {
  version: { version: number; note: string };
  badge: ReactNode;
  selected: boolean;
  onOpen: () => void;
  /** The button's accessible name: "Version 2, draft". */
  label: string;
  testId: string;
  w: number;
  children: ReactNode;
}) {
  return (
    <UnstyledButton
      onClick={onOpen}
      w={w}
      style={{ flexShrink: 0 }}
      aria-current={selected ? "true" : undefined}
      aria-label={label}
      data-testid={testId}
    >
      <Paper
        withBorder
        p="xs"
        radius="md"
        h="100%"
        bg={selected ? "indigo.0" : undefined}
        style={{ borderColor: selected ? "var(--mantine-color-indigo-4)" : undefined }}
      >
        <Group justify="space-between" wrap="nowrap" gap={4}>
          <Text size="sm" fw={700}>
            Version {version.version}
          </Text>
          {badge}
        </Group>
        {version.note && (
          <Text size="xs" c="dimmed" lineClamp={2}>
            {version.note}
          </Text>
        )}
        {children}
      </Paper>
    </UnstyledButton>
  );
}
