// One timeline with both teams' touches: marketing and sales see the same history of a contact.
import {
  Badge,
  Box,
  Button,
  Center,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  ThemeIcon,
  Timeline,
  Tooltip,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import {
  IconAd,
  IconBolt,
  IconCalendarEvent,
  IconClick,
  IconDownload,
  IconEye,
  IconForms,
  IconHandClick,
  IconMail,
  IconMailOpened,
  IconMessage,
  IconPhone,
  IconPresentation,
  IconShare,
  IconUsers,
} from "@tabler/icons-react";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import dayjs from "dayjs";
import { type ReactNode, useState } from "react";
import { logTouchSchema, type Touch } from "../../../shared/contacts";
import { SALES_TOUCH_TYPES } from "../../../shared/domain";
import { client, ok } from "../../lib/api";
import {
  CHANNEL_LABELS,
  formatDateTime,
  fromNow,
  label,
  options,
  TEAM_COLORS,
  TEAM_LABELS,
  TOUCH_TYPE_LABELS,
} from "../../lib/format";
import { applyApiError, zodErrors } from "../../lib/forms";
import { EmptyBlock, ErrorAlert, TableSkeleton } from "../common/query-states";

const TOUCH_ICONS: Record<string, ReactNode> = {
  page_view: <IconEye size={14} />,
  email_open: <IconMailOpened size={14} />,
  email_click: <IconClick size={14} />,
  form_submit: <IconForms size={14} />,
  ad_click: <IconAd size={14} />,
  webinar: <IconPresentation size={14} />,
  event: <IconCalendarEvent size={14} />,
  content_download: <IconDownload size={14} />,
  demo_request: <IconHandClick size={14} />,
  custom: <IconBolt size={14} />,
  call: <IconPhone size={14} />,
  meeting: <IconUsers size={14} />,
  sales_email: <IconMail size={14} />,
  social_message: <IconMessage size={14} />,
  content_shared: <IconShare size={14} />,
};

type TeamFilter = "all" | "marketing" | "sales";

export function timelineKey(contactId: string) {
  return ["contacts", "timeline", contactId] as const;
}

export function ContactTimeline({ contactId }: { contactId: string }) {
  const [team, setTeam] = useState<TeamFilter>("all");
  const query = useInfiniteQuery({
    queryKey: [...timelineKey(contactId), team],
    queryFn: ({ pageParam, signal }) =>
      ok(
        client.GET("/api/contacts/{id}/timeline", {
          params: {
            path: { id: contactId },
            query: { team: team === "all" ? undefined : team, cursor: pageParam, limit: 25 },
          },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const touches = query.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <SegmentedControl
          aria-label="Show touches of"
          value={team}
          onChange={(v) => setTeam(v as TeamFilter)}
          data={[
            { value: "all", label: "Both teams" },
            { value: "marketing", label: "Marketing" },
            { value: "sales", label: "Sales" },
          ]}
          size="xs"
        />
        <Group gap="xs">
          <Badge color={TEAM_COLORS.marketing} variant="dot">
            Marketing
          </Badge>
          <Badge color={TEAM_COLORS.sales} variant="dot">
            Sales
          </Badge>
        </Group>
      </Group>
      {query.isPending ? (
        <TableSkeleton rows={4} />
      ) : query.isError ? (
        <ErrorAlert error={query.error} onRetry={() => query.refetch()} />
      ) : touches.length === 0 ? (
        <EmptyBlock
          title={team === "all" ? "No touches yet" : `No ${TEAM_LABELS[team].toLowerCase()} touches yet`}
          description="Calls, meetings, emails, page views and webinars of both teams show up here, newest first."
        />
      ) : (
        <>
          <Timeline bulletSize={26} lineWidth={2} aria-label="Timeline of touches">
            {touches.map((t) => (
              <Timeline.Item
                key={t.id}
                bullet={
                  <ThemeIcon size={26} radius="xl" color={TEAM_COLORS[t.team] ?? "gray"} variant="light">
                    {TOUCH_ICONS[t.type] ?? <IconBolt size={14} />}
                  </ThemeIcon>
                }
                title={
                  <Group gap={6} wrap="wrap">
                    <Text fw={600} size="sm">
                      {label(TOUCH_TYPE_LABELS, t.type)}
                    </Text>
                    <Badge size="xs" variant="light" color={TEAM_COLORS[t.team] ?? "gray"}>
                      {label(TEAM_LABELS, t.team)}
                    </Badge>
                  </Group>
                }
                data-testid="touch"
              >
                <TouchBody touch={t} />
              </Timeline.Item>
            ))}
          </Timeline>
          {query.hasNextPage && (
            <Center>
              <Button
                variant="default"
                size="xs"
                loading={query.isFetchingNextPage}
                onClick={() => query.fetchNextPage()}
              >
                Load older touches
              </Button>
            </Center>
          )}
        </>
      )}
    </Stack>
  );
}

function TouchBody({ touch }: { touch: Touch }) {
  const note = typeof touch.properties.note === "string" ? touch.properties.note : null;
  const meta = [
    touch.memberName ? `by ${touch.memberName}` : null,
    touch.campaignName ? `campaign ${touch.campaignName}` : null,
    touch.channel ? label(CHANNEL_LABELS, touch.channel) : null,
  ].filter(Boolean);
  return (
    <Box>
      {note && (
        <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
          {note}
        </Text>
      )}
      <Text size="xs" c="dimmed" mt={2}>
        <Tooltip label={formatDateTime(touch.occurredAt)}>
          <span>{fromNow(touch.occurredAt)}</span>
        </Tooltip>
        {meta.length > 0 && ` · ${meta.join(" · ")}`}
      </Text>
    </Box>
  );
}

interface LogValues {
  type: (typeof SALES_TOUCH_TYPES)[number];
  note: string;
  occurredAt: string;
}

/** Sales logs what it did (a call, a meeting...) so marketing sees it on the same timeline. */
export function LogTouchForm({ contactId }: { contactId: string }) {
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const toPayload = (v: LogValues) => ({
    type: v.type,
    note: v.note.trim() || undefined,
    occurredAt: v.occurredAt ? dayjs(v.occurredAt).toISOString() : undefined,
  });
  const form = useForm<LogValues>({
    initialValues: { type: "call", note: "", occurredAt: "" },
    validate: (v) => {
      const errors = zodErrors(logTouchSchema, toPayload(v));
      if (v.occurredAt && dayjs(v.occurredAt).isAfter(dayjs().add(5, "minute"))) {
        errors.occurredAt = "Cannot be in the future";
      }
      return errors;
    },
  });
  const log = useMutation({
    mutationFn: (payload: ReturnType<typeof toPayload>) =>
      ok(client.POST("/api/contacts/{id}/touches", { params: { path: { id: contactId } }, body: payload })),
    onSuccess: (touch) => {
      notifications.show({ color: "green", message: `${label(TOUCH_TYPE_LABELS, touch.type)} logged.` });
      form.reset();
      void queryClient.invalidateQueries({ queryKey: timelineKey(contactId) });
      void queryClient.invalidateQueries({ queryKey: ["contacts", "stage-history", contactId] });
      void queryClient.invalidateQueries({ queryKey: ["contacts", "detail", contactId] });
    },
    onError: (error) => setFormError(applyApiError(form, error)),
  });

  return (
    <form
      onSubmit={form.onSubmit((values) => {
        setFormError(null);
        log.mutate(toPayload(values));
      })}
      noValidate
      aria-label="Log a touch"
    >
      <Stack gap="xs">
        {formError && (
          <Text c="red" size="sm" role="alert">
            {formError}
          </Text>
        )}
        <Group grow align="flex-start" wrap="wrap">
          <Select
            label="Touch type"
            allowDeselect={false}
            data={options(SALES_TOUCH_TYPES, TOUCH_TYPE_LABELS)}
            {...form.getInputProps("type")}
          />
          <TextInput
            label="When"
            description="Leave empty for now"
            type="datetime-local"
            max={dayjs().format("YYYY-MM-DDTHH:mm")}
            {...form.getInputProps("occurredAt")}
          />
        </Group>
        <Textarea
          label="Note"
          placeholder="What happened? e.g. Discussed pricing; wants a demo for the team next week."
          autosize
          minRows={2}
          maxRows={6}
          {...form.getInputProps("note")}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={log.isPending}>
            Log touch
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
