// Team → Recognition wall: public appreciation, visible to the whole workspace. Kudos to a member or a pod,
// optionally about a deal, a campaign or a play; kudos across the sales-marketing line are counted and highlighted.
// A digest of the week goes to everyone every Monday (in-app, and by email when SMTP is configured).
import {
  Button,
  Grid,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { IconHeartHandshake } from "@tabler/icons-react";
import { useState } from "react";
import { createKudosSchema } from "../../shared/recognition";
import { usePlays } from "../features/abm/abm-api";
import { Figure } from "../features/cockpit/tile";
import { PageHeader } from "../features/common/page-header";
import { EmptyBlock, ErrorAlert, PageLoader } from "../features/common/query-states";
import { MemberSelect, RecordSelect } from "../features/common/records";
import { useGiveKudos, useRemovePost, useWall } from "../features/recognition/wall-api";
import { WallPostCard } from "../features/recognition/wall-post";
import { useSession } from "../features/session/session";
import { errorMessage } from "../lib/api";
import { applyApiError, zodErrors } from "../lib/forms";

export function WallPage() {
  const [crossTeam, setCrossTeam] = useState(false);
  const wall = useWall(crossTeam);
  const remove = useRemovePost();
  const { member } = useSession();
  const posts = wall.data?.pages.flatMap((p) => p.items) ?? [];
  const week = wall.data?.pages[0]?.week;
  return (
    <>
      <PageHeader
        title="Recognition wall"
        description="Public appreciation motivates more than money. Thank a colleague or a pod, especially across the sales-marketing line; everyone sees it, and a digest of the week goes to everyone on Mondays."
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>
          <Stack gap="lg">
            <KudosForm />
            <Paper withBorder p="md" radius="md">
              <Group gap="xl">
                <Figure
                  value={week?.kudos ?? "—"}
                  caption="kudos in the last 7 days"
                  testId="wall-week-kudos"
                />
                <Figure
                  value={week?.crossTeam ?? "—"}
                  caption="of them across teams"
                  testId="wall-week-cross"
                />
              </Group>
            </Paper>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>
          <Stack gap="sm">
            <Group justify="space-between">
              <Title order={3} size="h4">
                The wall
              </Title>
              <SegmentedControl
                size="xs"
                value={crossTeam ? "cross" : "all"}
                onChange={(v) => setCrossTeam(v === "cross")}
                data={[
                  { value: "all", label: "Everything" },
                  { value: "cross", label: "Across teams" },
                ]}
              />
            </Group>
            {wall.isPending ? (
              <PageLoader label="Loading the wall…" />
            ) : wall.isError ? (
              <ErrorAlert error={wall.error} onRetry={() => wall.refetch()} />
            ) : posts.length === 0 ? (
              <EmptyBlock
                icon={<IconHeartHandshake size={28} />}
                title={crossTeam ? "No kudos across teams yet" : "Nothing on the wall yet"}
                description="Be the first: thank someone for a great lead, a fast follow-up or a campaign that worked."
              />
            ) : (
              <>
                {posts.map((post) => (
                  <WallPostCard
                    key={post.id}
                    post={post}
                    onRemove={
                      post.kind === "kudos" && (post.from?.memberId === member.id || member.role === "admin")
                        ? () =>
                            remove.mutate(post.id, {
                              onError: (e) => notifications.show({ color: "red", message: errorMessage(e) }),
                            })
                        : undefined
                    }
                  />
                ))}
                {wall.hasNextPage && (
                  <Button
                    variant="default"
                    onClick={() => wall.fetchNextPage()}
                    loading={wall.isFetchingNextPage}
                  >
                    Show older posts
                  </Button>
                )}
              </>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}

interface KudosValues {
  to: "member" | "pod";
  toMemberId: string | null;
  toPodId: string | null;
  message: string;
  opportunityId: string | null;
  campaignId: string | null;
  playId: string | null;
}

function KudosForm() {
  const give = useGiveKudos();
  const plays = usePlays();
  const form = useForm<KudosValues>({
    initialValues: {
      to: "member",
      toMemberId: null,
      toPodId: null,
      message: "",
      opportunityId: null,
      campaignId: null,
      playId: null,
    },
  });
  const v = form.getValues();
  /** A record picker bound to a field of the form (the pickers take value and onChange only). */
  const pick = (field: "toMemberId" | "toPodId" | "opportunityId" | "campaignId" | "playId") => ({
    value: v[field],
    onChange: (value: string | null) => form.setFieldValue(field, value),
    error: form.errors[field],
  });
  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      component="form"
      data-testid="kudos-form"
      onSubmit={form.onSubmit((values) => {
        const body = {
          toMemberId: values.to === "member" ? (values.toMemberId ?? undefined) : undefined,
          toPodId: values.to === "pod" ? (values.toPodId ?? undefined) : undefined,
          message: values.message.trim(),
          opportunityId: values.opportunityId ?? undefined,
          campaignId: values.campaignId ?? undefined,
          playId: values.playId ?? undefined,
        };
        const errors = zodErrors(createKudosSchema, body);
        if (Object.keys(errors).length) {
          form.setErrors(errors);
          return;
        }
        give.mutate(body, {
          onSuccess: (post) => {
            notifications.show({
              color: "green",
              message: `Kudos to ${post.to?.name ?? "them"} are on the wall`,
            });
            form.reset();
          },
          onError: (error) => {
            const message = applyApiError(form, error);
            if (message) form.setFieldError("message", message);
          },
        });
      })}
    >
      <Stack gap="sm">
        <Title order={3} size="h4">
          Give kudos
        </Title>
        <SegmentedControl
          size="xs"
          data={[
            { value: "member", label: "To a member" },
            { value: "pod", label: "To a pod" },
          ]}
          {...form.getInputProps("to")}
        />
        {v.to === "member" ? (
          <MemberSelect label="Who" placeholder="Pick a colleague" {...pick("toMemberId")} />
        ) : (
          <RecordSelect resource="pods" label="Which pod" placeholder="Pick a pod" {...pick("toPodId")} />
        )}
        <Textarea
          label="What for"
          placeholder="e.g. Called every webinar lead within the hour"
          autosize
          minRows={3}
          {...form.getInputProps("message")}
        />
        <RecordSelect
          resource="opportunities"
          label="About a deal (optional)"
          clearable
          {...pick("opportunityId")}
        />
        <RecordSelect
          resource="campaigns"
          label="About a campaign (optional)"
          clearable
          {...pick("campaignId")}
        />
        <Select
          label="About a play (optional)"
          placeholder={plays.isPending ? "Loading plays…" : "Pick a play"}
          searchable
          clearable
          data={(plays.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
          nothingFoundMessage="No play matches"
          {...pick("playId")}
        />
        <Text size="xs" c="dimmed">
          Everyone in the workspace sees it; the recipients are told.
        </Text>
        <Button type="submit" loading={give.isPending}>
          Post kudos
        </Button>
      </Stack>
    </Paper>
  );
}
