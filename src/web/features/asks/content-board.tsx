// The content request board: one column per status; each card moves forward one step at a time.
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconArrowRight, IconCalendar, IconExternalLink } from "@tabler/icons-react";
import dayjs from "dayjs";
import { useState } from "react";
import { CONTENT_REQUEST_STATUSES } from "../../../shared/feedback";
import { errorMessage, isApiError } from "../../lib/api";
import { formatDate, fromNow } from "../../lib/format";
import { useMembers } from "../common/records";
import { RequestAsset } from "../library/link-asset";
import { useSession } from "../session/session";
import {
  type ContentRequest,
  type ContentRequestStatus,
  NEXT_STEP,
  STATUS_COLORS,
  STATUS_HINTS,
  STATUS_LABELS,
  stageName,
  usePersonas,
  useUpdateContentRequest,
} from "./asks-api";

export function ContentBoard({ items }: { items: ContentRequest[] }) {
  // Kept here, not on the card: a refused move refreshes the board and the card may change column.
  const [errors, setErrors] = useState<Record<string, string | null>>({});
  const setError = (id: string) => (message: string | null) => setErrors((e) => ({ ...e, [id]: message }));
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="md" verticalSpacing="md">
      {CONTENT_REQUEST_STATUSES.map((status) => {
        const column = items.filter((r) => r.status === status);
        return (
          <Paper
            key={status}
            withBorder
            radius="md"
            p="sm"
            bg="gray.1"
            component="section"
            aria-label={STATUS_LABELS[status]}
            data-testid={`column-${status}`}
          >
            <Stack gap="sm">
              <Stack gap={0}>
                <Group justify="space-between">
                  <Title order={4}>{STATUS_LABELS[status]}</Title>
                  <Badge color={STATUS_COLORS[status]} variant="light" data-testid="column-count">
                    {column.length}
                  </Badge>
                </Group>
                <Text size="xs" c="dimmed">
                  {STATUS_HINTS[status]}
                </Text>
              </Stack>
              {column.length === 0 ? (
                <Text size="sm" c="dimmed" ta="center" py="md">
                  Nothing here
                </Text>
              ) : (
                column.map((request) => (
                  <RequestCard
                    key={request.id}
                    request={request}
                    error={errors[request.id] ?? null}
                    setError={setError(request.id)}
                  />
                ))
              )}
            </Stack>
          </Paper>
        );
      })}
    </SimpleGrid>
  );
}

function RequestCard({
  request: r,
  error,
  setError,
}: {
  request: ContentRequest;
  error: string | null;
  setError: (message: string | null) => void;
}) {
  const { member } = useSession();
  const personas = usePersonas();
  const { byId: members } = useMembers();
  const nameOf = (id: string) => members.get(id)?.name ?? "…";
  const update = useUpdateContentRequest(r.id);
  const [delivering, setDelivering] = useState(false);
  const next = NEXT_STEP[r.status];
  const overdue =
    r.dueDate !== null &&
    r.status !== "used" &&
    r.status !== "delivered" &&
    dayjs(r.dueDate).isBefore(dayjs(), "day");

  const move = (to: ContentRequestStatus, assetUrl?: string | null) => {
    setError(null);
    update.mutate(
      {
        status: to,
        // Whoever starts it is the one making it, unless someone already is.
        ...(to === "in_progress" && !r.assigneeMemberId ? { assigneeMemberId: member.id } : {}),
        ...(assetUrl !== undefined ? { assetUrl } : {}),
      },
      {
        onSuccess: (saved) => {
          setDelivering(false);
          notifications.show({
            color: "green",
            message: `“${saved.title}” is now ${STATUS_LABELS[saved.status].toLowerCase()}.`,
          });
        },
        onError: (e) => {
          const message = moveErrorMessage(e);
          setError(message);
          if (!isApiError(e, 400)) setDelivering(false);
          notifications.show({ color: "red", title: `Could not move “${r.title}”`, message });
        },
      },
    );
  };

  return (
    <Paper withBorder radius="md" p="sm" shadow="xs" data-testid="request-card" aria-label={r.title}>
      <Stack gap={6}>
        <Text fw={600} size="sm">
          {r.title}
        </Text>
        {r.need && (
          <Text size="xs" c="dimmed" lineClamp={3}>
            {r.need}
          </Text>
        )}
        <Group gap={4}>
          {r.personaId && (
            <Badge size="xs" variant="light" color="grape">
              {personas.byId.get(r.personaId)?.name ?? "Persona"}
            </Badge>
          )}
          {r.stage && (
            <Badge size="xs" variant="light" color="gray">
              {stageName(r.stage)}
            </Badge>
          )}
          {r.dueDate && (
            <Tooltip label={overdue ? "Past its due date" : "Needed by"}>
              <Badge
                size="xs"
                variant={overdue ? "filled" : "outline"}
                color={overdue ? "red" : "gray"}
                leftSection={<IconCalendar size={10} />}
              >
                {formatDate(r.dueDate)}
              </Badge>
            </Tooltip>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          Asked by {nameOf(r.requestedBy)} {fromNow(r.createdAt)}
          {r.assigneeMemberId && ` · made by ${nameOf(r.assigneeMemberId)}`}
        </Text>
        {r.assetUrl && (
          <Anchor href={r.assetUrl} target="_blank" rel="noreferrer" size="xs">
            <Group gap={4} wrap="nowrap">
              <IconExternalLink size={12} /> Open the asset
            </Group>
          </Anchor>
        )}
        <RequestAsset request={r} />
        {error && (
          <Alert
            color="red"
            p="xs"
            icon={<IconAlertTriangle size={16} />}
            role="alert"
            data-testid="move-error"
          >
            <Text size="xs">{error}</Text>
          </Alert>
        )}
        {next && (
          <Button
            size="xs"
            variant="light"
            rightSection={<IconArrowRight size={14} />}
            loading={update.isPending}
            onClick={() => (next.to === "delivered" ? setDelivering(true) : move(next.to))}
            aria-label={`${next.action}: ${r.title}`}
          >
            {next.action}
          </Button>
        )}
      </Stack>
      {delivering && (
        <DeliverModal
          title={r.title}
          initialUrl={r.assetUrl ?? ""}
          pending={update.isPending}
          error={error}
          onClose={() => {
            setDelivering(false);
            setError(null);
          }}
          onDeliver={(url) => move("delivered", url)}
        />
      )}
    </Paper>
  );
}

/** The API's answer in the board's words. */
function moveErrorMessage(error: unknown): string {
  if (isApiError(error, 409))
    return `${errorMessage(error).replaceAll("in_progress", "in progress")}: someone moved it first. The board now shows where it is.`;
  if (isApiError(error, 400) && error.fieldIssues.some((i) => i.path === "assetUrl"))
    return "The link must be a full web address, starting with https://";
  if (isApiError(error, 404)) return "This request no longer exists.";
  return errorMessage(error);
}

function DeliverModal({
  title,
  initialUrl,
  pending,
  error,
  onClose,
  onDeliver,
}: {
  title: string;
  initialUrl: string;
  pending: boolean;
  error: string | null;
  onClose: () => void;
  onDeliver: (url: string | null) => void;
}) {
  const [url, setUrl] = useState(initialUrl);
  return (
    <Modal opened onClose={onClose} title={`Deliver “${title}”`}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          onDeliver(url.trim() || null);
        }}
      >
        <Stack>
          <Text size="sm">
            It moves to Delivered, where sales looks for it. Add where to find the asset, so nobody has to
            ask.
          </Text>
          <TextInput
            label="Link to the asset (optional)"
            placeholder="https://drive.example.com/roi-calculator"
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
            error={error}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={pending}>
              Mark delivered
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
