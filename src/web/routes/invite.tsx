// Accepting an invitation: preview without a session, then sign in or sign up, then join.
import { Alert, Button, Group, Stack, Text } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useSearchParams } from "react-router";
import type { Me } from "../../shared/workspaces";
import { AuthLayout } from "../features/auth/auth-layout";
import { ErrorAlert, PageLoader } from "../features/common/query-states";
import { useMe } from "../features/session/session";
import { api, errorMessage, setWorkspaceId } from "../lib/api";
import { label, ROLE_LABELS, TEAM_LABELS } from "../lib/format";

interface Preview {
  workspaceName: string;
  email: string;
  team: string;
  role: string;
}

export function InvitePage() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe();
  const preview = useQuery({
    queryKey: ["invitation-preview", token],
    queryFn: () => api.get<Preview>("/api/invitations/preview", { token }),
    enabled: token.length > 0,
    retry: false,
  });
  const accept = useMutation({
    mutationFn: () => api.post<Record<string, unknown>>("/api/invitations/accept", { token }),
    onSuccess: async (result) => {
      const id = pickWorkspaceId(result);
      if (id) setWorkspaceId(id);
      else {
        // No id in the answer: find the joined workspace by name among the user's workspaces.
        setWorkspaceId(null);
        const fresh = await api.get<Me>("/api/me");
        const joined = fresh.workspaces.find((w) => w.name === preview.data?.workspaceName);
        if (joined) setWorkspaceId(joined.id);
      }
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

function pickWorkspaceId(result: Record<string, unknown> | null): string | null {
  if (!result) return null;
  if (typeof result.workspaceId === "string") return result.workspaceId;
  const ws = result.workspace as { id?: unknown } | undefined;
  if (ws && typeof ws.id === "string") return ws.id;
  const member = result.member as { workspaceId?: unknown } | undefined;
  if (member && typeof member.workspaceId === "string") return member.workspaceId;
  // The API answers with the joined workspace itself.
  if (typeof result.id === "string" && typeof result.mission === "string") return result.id;
  return null;
}
