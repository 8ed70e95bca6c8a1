// Accepting an invitation: preview without a session, then sign in or sign up, then join.
import { Alert, Button, Group, Stack, Text } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useSearchParams } from "react-router";
import { AuthLayout } from "../features/auth/auth-layout";
import { ErrorAlert, PageLoader } from "../features/common/query-states";
import { useMe } from "../features/session/session";
import { client, errorMessage, ok, setWorkspaceId } from "../lib/api";
import { label, ROLE_LABELS, TEAM_LABELS } from "../lib/format";

export function InvitePage() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe();
  const preview = useQuery({
    queryKey: ["invitation-preview", token],
    queryFn: ({ signal }) =>
      ok(client.GET("/api/invitations/preview", { params: { query: { token } }, signal })),
    enabled: token.length > 0,
    retry: false,
  });
  const accept = useMutation({
    mutationFn: () => ok(client.POST("/api/invitations/accept", { body: { token } })),
    // The answer is the joined workspace: open it.
    onSuccess: (joined) => {
      setWorkspaceId(joined.id);
      queryClient.clear();
      navigate("/", { replace: true });
    },
  });

  if (!token) {
    return (
      <AuthLayout title="Invitation">
        <Alert color="red">This link has no invitation token. Ask whoever invited you for a new link.</Alert>
      </AuthLayout>
    );
  }
  if (preview.isPending) return <PageLoader label="Opening your invitation…" />;
  if (preview.isError) {
    return (
      <AuthLayout title="Invitation">
        <ErrorAlert
          error={preview.error}
          title="This invitation cannot be used"
          onRetry={() => preview.refetch()}
        />
        <Text size="sm" c="dimmed" mt="md">
          It may have expired or been revoked. Ask an admin of the workspace for a new one.
        </Text>
      </AuthLayout>
    );
  }

  const invite = preview.data;
  const here = `/invite?token=${encodeURIComponent(token)}`;
  const signedIn = me.isSuccess;
  const emailMismatch = signedIn && me.data.user.email.toLowerCase() !== invite.email.toLowerCase();
  return (
    <AuthLayout
      title={`Join ${invite.workspaceName}`}
      subtitle={
        <>
          You are invited as {label(ROLE_LABELS, invite.role).toLowerCase()} of the{" "}
          {label(TEAM_LABELS, invite.team).toLowerCase()} team ({invite.email}).
        </>
      }
    >
      <Stack>
        {accept.isError && (
          <Alert color="red" role="alert">
            {errorMessage(accept.error)}
          </Alert>
        )}
        {signedIn ? (
          <>
            {emailMismatch && (
              <Alert color="yellow">
                You are signed in as {me.data.user.email}, but the invitation is for {invite.email}.
              </Alert>
            )}
            <Button onClick={() => accept.mutate()} loading={accept.isPending} fullWidth>
              Accept and join {invite.workspaceName}
            </Button>
          </>
        ) : (
          <Group grow>
            <Button
              component={Link}
              to={`/sign-up?next=${encodeURIComponent(here)}&email=${encodeURIComponent(invite.email)}`}
            >
              Create an account
            </Button>
            <Button
              variant="default"
              component={Link}
              to={`/sign-in?next=${encodeURIComponent(here)}&email=${encodeURIComponent(invite.email)}`}
            >
              Sign in
            </Button>
          </Group>
        )}
      </Stack>
    </AuthLayout>
  );
}
