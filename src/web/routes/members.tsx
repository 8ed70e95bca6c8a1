import {
  ActionIcon,
  Button,
  Group,
  Modal,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  Tooltip,
  VisuallyHidden,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconTrash, IconUserPlus, IconUsers } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { z } from "zod";
import { MEMBER_ROLES, TEAMS } from "../../shared/domain";
import type { Member, updateMemberSchema } from "../../shared/workspaces";
import { RoleBadge, TeamBadge } from "../features/common/badges";
import { choice, type ListColumn, RecordListPage } from "../features/common/record-list";
import { InviteModal } from "../features/members/invite-modal";
import { ME_KEY, usePermissions, useSession } from "../features/session/session";
import { client, errorMessage, ok } from "../lib/api";
import { formatDate, options, ROLE_LABELS, TEAM_LABELS } from "../lib/format";

export function MembersPage() {
  const [inviting, setInviting] = useState(false);
  const { isAdmin } = usePermissions();
  const inviteButton = isAdmin ? (
    <Button leftSection={<IconUserPlus size={16} />} onClick={() => setInviting(true)}>
      Invite people
    </Button>
  ) : null;
  const columns: ListColumn<Member>[] = [
    { header: "Name" },
    { header: "Title" },
    { header: "Team" },
    { header: "Role" },
    {
      header: (
        <Tooltip
          multiline
          w={260}
          label="The most open MQLs lead routing gives this person at once. Inside a pod, new MQLs are shared in proportion to capacity."
        >
          <span>MQL capacity</span>
        </Tooltip>
      ),
    },
    { header: "Joined" },
    ...(isAdmin ? [{ header: <VisuallyHidden>Actions</VisuallyHidden> }] : []),
  ];
  return (
    <>
      <RecordListPage<Member>
        resource="members"
        fetchPage={(query, signal) => ok(client.GET("/api/members", { params: { query }, signal }))}
        noun="member"
        description={
          isAdmin
            ? "Everyone in the revenue team. As an admin you can change teams and roles and invite people."
            : "Everyone in the revenue team, with their team and role."
        }
        search="Search by name or email"
        filters={[
          choice("team", "Team", "Any team", 150, options(TEAMS, TEAM_LABELS)),
          choice("role", "Role", "Any role", 150, options(MEMBER_ROLES, ROLE_LABELS)),
        ]}
        columns={columns}
        row={(m) => <MemberRow key={m.id} member={m} editable={isAdmin} />}
        minWidth={860}
        actions={inviteButton}
        exportCsv={false}
        empty={{
          icon: <IconUsers size={28} />,
          description: "Invite your sales and marketing colleagues.",
          action: inviteButton,
        }}
      />
      {inviting && <InviteModal onClose={() => setInviting(false)} />}
    </>
  );
}

function MemberRow({ member, editable }: { member: Member; editable: boolean }) {
  const queryClient = useQueryClient();
  const { member: me } = useSession();
  const [removing, setRemoving] = useState(false);
  const isMe = member.id === me.id;
  const update = useMutation({
    mutationFn: (patch: z.input<typeof updateMemberSchema>) =>
      ok(client.PATCH("/api/members/{id}", { params: { path: { id: member.id } }, body: patch })),
    onSuccess: () => {
      notifications.show({ color: "green", message: `${member.name} updated.` });
      void queryClient.invalidateQueries({ queryKey: ["members"] });
      if (isMe) void queryClient.invalidateQueries({ queryKey: ME_KEY });
    },
    onError: (error) =>
      notifications.show({ color: "red", title: "Not changed", message: errorMessage(error) }),
  });
  const remove = useMutation({
    mutationFn: () => ok(client.DELETE("/api/members/{id}", { params: { path: { id: member.id } } })),
    onSuccess: () => {
      setRemoving(false);
      notifications.show({ color: "green", message: `${member.name} removed from the workspace.` });
      void queryClient.invalidateQueries({ queryKey: ["members"] });
    },
    onError: (error) =>
      notifications.show({ color: "red", title: "Not removed", message: errorMessage(error) }),
  });

  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={600}>
          {member.name}{" "}
          {isMe && (
            <Text span size="xs" c="dimmed">
              (you)
            </Text>
          )}
        </Text>
        <Text size="xs" c="dimmed">
          {member.email}
        </Text>
      </Table.Td>
      <Table.Td>{member.title ?? "—"}</Table.Td>
      <Table.Td>
        {editable ? (
          <Select
            aria-label={`Team of ${member.name}`}
            size="xs"
            w={130}
            allowDeselect={false}
            data={options(TEAMS, TEAM_LABELS)}
            value={member.team}
            onChange={(value) => {
              const team = TEAMS.find((t) => t === value);
              if (team && team !== member.team) update.mutate({ team });
            }}
            disabled={update.isPending}
          />
        ) : (
          <TeamBadge value={member.team} />
        )}
      </Table.Td>
      <Table.Td>
        {editable ? (
          <Select
            aria-label={`Role of ${member.name}`}
            size="xs"
            w={130}
            allowDeselect={false}
            data={options(MEMBER_ROLES, ROLE_LABELS)}
            value={member.role}
            onChange={(value) => {
              const role = MEMBER_ROLES.find((r) => r === value);
              if (role && role !== member.role) update.mutate({ role });
            }}
            disabled={update.isPending}
          />
        ) : (
          <RoleBadge value={member.role} />
        )}
      </Table.Td>
      <Table.Td>
        {editable && member.team === "sales" ? (
          <NumberInput
            aria-label={`MQL capacity of ${member.name}`}
            size="xs"
            w={90}
            min={0}
            max={10000}
            allowDecimal={false}
            defaultValue={member.mqlCapacity}
            onBlur={(event) => {
              const value = Number(event.currentTarget.value);
              if (Number.isInteger(value) && value !== member.mqlCapacity)
                update.mutate({ mqlCapacity: value });
            }}
            disabled={update.isPending}
          />
        ) : (
          <Text size="sm">{member.team === "sales" ? member.mqlCapacity : "—"}</Text>
        )}
      </Table.Td>
      <Table.Td>{formatDate(member.createdAt)}</Table.Td>
      {editable && (
        <Table.Td>
          <Tooltip label={isMe ? "You cannot remove yourself" : `Remove ${member.name}`}>
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={`Remove ${member.name}`}
              disabled={isMe}
              onClick={() => setRemoving(true)}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
          <Modal opened={removing} onClose={() => setRemoving(false)} title={`Remove ${member.name}?`}>
            <Stack>
              <Text size="sm">
                {member.name} loses access to this workspace. The records they own stay; reassign them when
                you can.
              </Text>
              <Group justify="flex-end">
                <Button variant="default" onClick={() => setRemoving(false)}>
                  Cancel
                </Button>
                <Button color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
                  Remove
                </Button>
              </Group>
            </Stack>
          </Modal>
        </Table.Td>
      )}
    </Table.Tr>
  );
}
