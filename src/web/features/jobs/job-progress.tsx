// A running job as a user sees it: what it is doing, how far it got, and a way to stop it.
import { Alert, Button, Group, Progress, Stack, Text } from "@mantine/core";
import { IconAlertTriangle, IconPlayerStop } from "@tabler/icons-react";
import type { Job } from "../../../shared/jobs";
import { errorMessage } from "../../lib/api";
import { useCancelJob } from "./job-api";

export function JobProgress({ job, what }: { job: Job; what: string }) {
  const cancel = useCancelJob();
  if (job.status === "running")
    return (
      <Stack gap={6} data-testid="job-progress" aria-live="polite">
        <Group justify="space-between" wrap="nowrap">
          <Text size="sm">
            {job.cancelRequested ? "Stopping…" : job.step} ({Math.round(job.progress * 100)}%)
          </Text>
          <Button
            size="xs"
            variant="default"
            color="red"
            leftSection={<IconPlayerStop size={14} />}
            onClick={() => cancel.mutate(job.id)}
            loading={cancel.isPending}
            disabled={job.cancelRequested}
          >
            Cancel
          </Button>
        </Group>
        <Progress value={job.progress * 100} animated aria-label={`${what} progress`} />
        <Text size="xs" c="dimmed">
          This runs in the background: you can leave this page and the rest of Lockstep keeps working.
        </Text>
        {cancel.isError && (
          <Text size="xs" c="red">
            {errorMessage(cancel.error)}
          </Text>
        )}
      </Stack>
    );
  if (job.status === "succeeded") return null;
  const title =
    job.status === "cancelled"
      ? `${what} cancelled`
      : job.status === "interrupted"
        ? `${what} interrupted`
        : `${what} failed`;
  return (
    <Alert
      color={job.status === "failed" ? "red" : "yellow"}
      icon={<IconAlertTriangle size={18} />}
      title={title}
      role="alert"
      data-testid="job-ended"
    >
      {job.error ?? job.step}
    </Alert>
  );
}
