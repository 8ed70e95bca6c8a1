import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Tooltip,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { IconMail, IconUserPlus, IconX } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { z } from "zod";
import { updateWorkspaceSchema } from "../../shared/workspaces";
import { RoleBadge, TeamBadge } from "../features/common/badges";
import { DataTable } from "../features/common/list";
import { PageHeader } from "../features/common/page-header";
import { EmptyBlock, ErrorAlert, TableSkeleton } from "../features/common/query-states";
import { InviteModal } from "../features/members/invite-modal";
import { ME_KEY, usePermissions, useSession } from "../features/session/session";
import { timeZones } from "../features/workspace/time-zones";
import { client, errorMessage, ok } from "../lib/api";
import { formatDate, fromNow } from "../lib/format";
import { applyApiError, zodErrors } from "../lib/forms";

export function WorkspaceSettingsPage() {
  const { workspace } = useSession();
  const { isAdmin } = usePermissions();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { name: workspace.name, mission: workspace.mission, timeZone: workspace.timeZone },
    validate: (values) => zodErrors(updateWorkspaceSchema, values),
  });
  const save = useMutation({
    mutationFn: (payload: z.input<typeof updateWorkspaceSchema>) =>
      ok(client.PATCH("/api/workspace", { body: payload })),
    onSuccess: (saved) => {
      notifications.show({
        color: "green",
        message: "Workspace saved. The mission is updated on every page.",
      });
      form.setInitialValues({ name: saved.name, mission: saved.mission, timeZone: saved.timeZone });
      form.resetDirty({ name: saved.name, mission: saved.mission, timeZone: saved.timeZone });
      void queryClient.invalidateQueries({ queryKey: ME_KEY });
    },
    onError: (error) => setFormError(applyApiError(form, error)),
  });

  return (
    <>
      <PageHeader
        title="Workspace & mission"
        description="The mission is the one sentence both teams work toward. Lockstep shows it on every page."
      />
      <Paper withBorder p="lg" radius="md" maw={720}>
        <form
          noValidate
          onSubmit={form.onSubmit((values) => {
            setFormError(null);
            save.mutate(values);
          })}
        >
          <Stack>
            {!isAdmin && (
              <Alert color="gray" title="Read only">
                Only admins can change the workspace. Ask an admin if the mission needs an update.
              </Alert>
            )}
            {formError && (
              <Alert color="red" role="alert">
                {formError}
              </Alert>
            )}
            <TextInput label="Workspace name" required disabled={!isAdmin} {...form.getInputProps("name")} />
            <Textarea
              label="Mission"
              description="Shared by sales and marketing, e.g. a revenue goal both sides own"
              autosize
              minRows={3}
              disabled={!isAdmin}
              {...form.getInputProps("mission")}
            />
            <Select
              label="Time zone"
              description="Used for business hours, SLA clocks and reports"
              searchable
              allowDeselect={false}
              data={timeZones()}
              disabled={!isAdmin}
              {...form.getInputProps("timeZone")}
            />
            {isAdmin && (
              <Group justify="flex-end">
                <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
                  Save changes
                </Button>
              </Group>
            )}
          </Stack>
        </form>
      </Paper>
    </>
  );
}

const STATUS_COLORS: Record<string, string> = {
  pending: "blue",
  accepted: "green",
  revoked: "gray",
  expired: "orange",
};

export function InvitationsPage() {
  const { isAdmin } = usePermissions();
  const queryClient = useQueryClient();
  const [inviting, setInviting] = useState(false);
  const invitations = useQuery({
    queryKey: ["invitations"],
    queryFn: ({ signal }) => ok(client.GET("/api/invitations", { signal })),
    enabled: isAdmin,
  });
  const revoke = useMutation({
    mutationFn: (id: string) => ok(client.DELETE("/api/invitations/{id}", { params: { path: { id } } })),
    onSuccess: () => {
      notifications.show({ color: "green", message: "Invitation revoked. Its link no longer works." });
      void queryClient.invalidateQueries({ queryKey: ["invitations"] });
    },
    onError: (error) =>
      notifications.show({ color: "red", title: "Not revoked", message: errorMessage(error) }),
  });
  const inviteButton = (
    <Button leftSection={<IconUserPlus size={16} />} onClick={() => setInviting(true)}>
      Invite people
    </Button>
  );

  if (!isAdmin) {
    return (
      <>
        <PageHeader title="Invitations" />
        <Alert color="gray">Only admins can see and send invitations.</Alert>
      </>
    );
  }
  const items = invitations.data?.items ?? [];
  return (
    <>
      <PageHeader
        title="Invitations"
        description="Bring sales and marketing colleagues into the workspace. Each link works once."
        actions={inviteButton}
      />
      <Paper withBorder p="md" radius="md">
        {invitations.isPending ? (
          <TableSkeleton rows={3} />
        ) : invitations.isError ? (
          <ErrorAlert error={invitations.error} onRetry={() => invitations.refetch()} />
        ) : items.length === 0 ? (
          <EmptyBlock
            icon={<IconMail size={28} />}
            title="No invitations yet"
            description="Invite the people on both teams who work the same customers."
            action={inviteButton}
          />
        ) : (
          <DataTable minWidth={700}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Email</Table.Th>
                <Table.Th>Team</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Sent</Table.Th>
                <Table.Th>Expires</Table.Th>
                <Table.Th aria-label="Actions" />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((inv) => (
                <Table.Tr key={inv.id}>
                  <Table.Td>{inv.email}</Table.Td>
                  <Table.Td>
                    <TeamBadge value={inv.team} />
                  </Table.Td>
                  <Table.Td>
                    <RoleBadge value={inv.role} />
                  </Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLORS[inv.status] ?? "gray"} variant="light">
                      {inv.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{formatDate(inv.createdAt)}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{inv.status === "pending" ? fromNow(inv.expiresAt) : "—"}</Text>
                  </Table.Td>
                  <Table.Td>
                    {inv.status === "pending" && (
                      <Tooltip label="Revoke this invitation">
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={`Revoke invitation for ${inv.email}`}
                          loading={revoke.isPending && revoke.variables === inv.id}
                          onClick={() => revoke.mutate(inv.id)}
                        >
                          <IconX size={16} />
                        </ActionIcon>
                      </Tooltip>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </DataTable>
        )}
      </Paper>
      {inviting && <InviteModal onClose={() => setInviting(false)} />}
    </>
  );
}
