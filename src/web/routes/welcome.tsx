// After sign-up: create the team's workspace (name, mission, time zone) or follow an invitation.
import { Alert, Anchor, Button, Select, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, Navigate, useNavigate } from "react-router";
import { TEAMS } from "../../shared/domain";
import { createWorkspaceSchema } from "../../shared/workspaces";
import { AuthLayout } from "../features/auth/auth-layout";
import { ErrorAlert, PageLoader } from "../features/common/query-states";
import { ME_KEY, useMe, useSignOut } from "../features/session/session";
import { browserTimeZone, timeZones } from "../features/workspace/time-zones";
import { client, isApiError, ok, setWorkspaceId } from "../lib/api";
import { options, TEAM_LABELS } from "../lib/format";
import { applyApiError, zodErrors } from "../lib/forms";

export function WelcomePage() {
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const signOut = useSignOut();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { name: "", mission: "", timeZone: browserTimeZone(), team: "revenue" },
    validate: (values) => zodErrors(createWorkspaceSchema, values),
  });

  if (me.isPending) return <PageLoader />;
  if (me.isError) {
    if (isApiError(me.error, 401)) return <Navigate to="/sign-in?next=%2Fwelcome" replace />;
    return <ErrorAlert error={me.error} onRetry={() => me.refetch()} />;
  }
  const hasWorkspace = Boolean(me.data.workspace);

  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      // The form has validated the values: parsing them gives the typed body (a team, not any text).
      const created = await ok(client.POST("/api/workspaces", { body: createWorkspaceSchema.parse(values) }));
      setWorkspaceId(created.id);
      await queryClient.resetQueries({ queryKey: ME_KEY });
      navigate("/", { replace: true });
    } catch (e) {
      setError(applyApiError(form, e));
    }
  });

  return (
    <AuthLayout
      title={hasWorkspace ? "Create another workspace" : "Create your workspace"}
      subtitle={
        <>
          Welcome, {me.data.user.name}. A workspace is your company: both teams work in it together. You will
          be its admin.
        </>
      }
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <TextInput label="Company or workspace name" required {...form.getInputProps("name")} />
          <Textarea
            label="Mission"
            description="One sentence both sales and marketing sign up to. It is shown on every page."
            placeholder="e.g. Grow revenue 40% this year as one team, from first touch to closed deal."
            autosize
            minRows={2}
            {...form.getInputProps("mission")}
          />
          <Select
            label="Time zone"
            description="Used for business hours and reports"
            searchable
            data={timeZones()}
            allowDeselect={false}
            {...form.getInputProps("timeZone")}
          />
          <Select
            label="Your team"
            data={options(TEAMS, { ...TEAM_LABELS, revenue: "Revenue (leadership, revenue operations)" })}
            allowDeselect={false}
            {...form.getInputProps("team")}
          />
          <Button type="submit" loading={form.submitting} fullWidth>
            Create workspace
          </Button>
          <Text size="sm" c="dimmed" ta="center">
            Joining a colleague's workspace instead? Open the invitation link they sent you.
          </Text>
          <Text size="sm" ta="center">
            {hasWorkspace ? (
              <Anchor component={Link} to="/">
                Back to your workspace
              </Anchor>
            ) : (
              <Anchor component="button" type="button" onClick={() => void signOut()}>
                Sign out
              </Anchor>
            )}
          </Text>
        </Stack>
      </form>
    </AuthLayout>
  );
}
