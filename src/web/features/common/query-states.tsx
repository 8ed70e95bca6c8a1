// Loading, error and empty states, so every page says what is going on.
import { Alert, Button, Center, EmptyState, Group, Loader, Skeleton, Stack, Text } from "@mantine/core";
import { IconAlertTriangle, IconInbox } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { errorMessage, isApiError } from "../../lib/api";

export function ErrorAlert({
  error,
  onRetry,
  title,
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
}) {
  const notFound = isApiError(error, 404);
  return (
    <Alert
      color={notFound ? "yellow" : "red"}
      icon={<IconAlertTriangle size={18} />}
      title={title ?? (notFound ? "Not found" : "Could not load this")}
      role="alert"
    >
      <Stack gap="xs">
        <Text size="sm">{errorMessage(error)}</Text>
        {onRetry && !notFound && (
          <Group>
            <Button size="xs" variant="white" color="red" onClick={onRetry}>
              Retry
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}

export function PageLoader({ label = "Loading…" }: { label?: string }) {
  return (
    <Center py="xl" aria-live="polite">
      <Group gap="sm">
        <Loader size="sm" />
        <Text c="dimmed" size="sm">
          {label}
        </Text>
      </Group>
    </Center>
  );
}

export function TableSkeleton({ rows = 6 }: { rows?: number }) {
  return (
    <Stack gap="xs" aria-label="Loading" aria-busy="true">
      <Skeleton height={32} />
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
        <Skeleton key={i} height={24} opacity={1 - i * 0.12} />
      ))}
    </Stack>
  );
}

export function DetailSkeleton() {
  return (
    <Stack gap="md" aria-label="Loading" aria-busy="true">
      <Skeleton height={36} width="40%" />
      <Skeleton height={18} width="60%" />
      <Skeleton height={160} />
      <Skeleton height={220} />
    </Stack>
  );
}

export function EmptyBlock({
  title,
  description,
  action,
  icon,
}: {
  title: string;
  description?: ReactNode;
  action?: ReactNode;
  icon?: ReactNode;
}) {
  return (
    <EmptyState
      py="xl"
      title={title}
      description={description}
      icon={icon ?? <IconInbox size={28} />}
      variant="light"
    >
      {action && <EmptyState.Actions>{action}</EmptyState.Actions>}
    </EmptyState>
  );
}
