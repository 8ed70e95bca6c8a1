// A meeting's record: who was there, the notes (Markdown) and the action items with owners and due dates.
// Members of sales and marketing, leads and admins keep it; everyone else reads it.
import {
  Alert,
  Button,
  Checkbox,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconPlus } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { errorMessage } from "../../lib/api";
import { formatDate, formatDateTime } from "../../lib/format";
import { TeamBadge } from "../common/badges";
import { useMembers } from "../common/records";
import { useSession } from "../session/session";
import {
  type Occurrence,
  useAddActionItem,
  useSetAttendance,
  useSetNotes,
  useUpdateActionItem,
} from "./meetings-api";

/** Members of sales or marketing, leads and admins keep a meeting's record (the server checks it too). */
export function useCanKeepRecord() {
  const { member } = useSession();
  return member.role !== "member" || member.team === "sales" || member.team === "marketing";
}

const failed = (title: string) => (error: unknown) =>
  notifications.show({ color: "red", title, message: errorMessage(error) });

export function Attendance({ meeting }: { meeting: Occurrence }) {
  const canWrite = useCanKeepRecord();
  const save = useSetAttendance(meeting.id);
  const present = meeting.attendance.filter((a) => a.present).map((a) => a.memberId);
  const toggle = (memberId: string, on: boolean) =>
    save.mutate(on ? [...present, memberId] : present.filter((m) => m !== memberId), {
      onError: failed("Attendance not saved"),
    });
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={4} mb="xs">
        Attendance
      </Title>
      <Stack gap={6}>
        {meeting.attendance.map((a) => (
          <Group key={a.memberId} gap="xs" wrap="nowrap">
            <Checkbox
              label={a.name}
              checked={a.present === true}
              disabled={!canWrite || save.isPending}
              onChange={(e) => toggle(a.memberId, e.currentTarget.checked)}
            />
            <TeamBadge value={a.team} size="xs" />
            {a.present === false && (
              <Text size="xs" c="dimmed">
                absent
              </Text>
            )}
            {!a.invited && (
              <Text size="xs" c="dimmed">
                guest
              </Text>
            )}
          </Group>
        ))}
      </Stack>
      {meeting.attendance.every((a) => a.present === null) && (
        <Text size="xs" c="dimmed" mt="xs">
          Not recorded yet: tick who is there.
        </Text>
      )}
    </Paper>
  );
}

export function Notes({ meeting }: { meeting: Occurrence }) {
  const canWrite = useCanKeepRecord();
  const save = useSetNotes(meeting.id);
  const [text, setText] = useState(meeting.notes);
  useEffect(() => setText(meeting.notes), [meeting.notes]);
  const changed = text !== meeting.notes;
  return (
    <Paper withBorder radius="md" p="md">
      <Group justify="space-between" mb="xs">
        <Title order={4}>Notes</Title>
        {meeting.notesUpdatedAt && (
          <Text size="xs" c="dimmed">
            Saved {formatDateTime(meeting.notesUpdatedAt)} by{" "}
            {meeting.notesUpdatedByName ?? "a former member"}
          </Text>
        )}
      </Group>
      <Textarea
        aria-label="Notes"
        placeholder={canWrite ? "What was discussed and decided (Markdown)" : "No notes yet."}
        autosize
        minRows={5}
        maxRows={20}
        value={text}
        readOnly={!canWrite}
        onChange={(e) => setText(e.currentTarget.value)}
        error={save.isError ? errorMessage(save.error) : undefined}
      />
      {canWrite && (
        <Group justify="flex-end" mt="xs">
          <Button
            size="xs"
            disabled={!changed}
            loading={save.isPending}
            onClick={() =>
              save.mutate(text, {
                onSuccess: () => notifications.show({ color: "green", message: "Notes saved" }),
              })
            }
          >
            Save notes
          </Button>
        </Group>
      )}
    </Paper>
  );
}

export function ActionItems({ meeting }: { meeting: Occurrence }) {
  const canWrite = useCanKeepRecord();
  const { members } = useMembers();
  const add = useAddActionItem(meeting.id);
  const update = useUpdateActionItem();
  const [text, setText] = useState("");
  const [owner, setOwner] = useState<string | null>(null);
  const [due, setDue] = useState("");
  const [error, setError] = useState<string | null>(null);
  const submit = () => {
    setError(null);
    if (!text.trim() || !owner || !due) {
      setError("An action item needs what, who and by when.");
      return;
    }
    add.mutate(
      { text: text.trim(), ownerMemberId: owner, dueDate: due },
      {
        onSuccess: () => {
          setText("");
          setOwner(null);
          setDue("");
        },
        onError: (e) => setError(errorMessage(e)),
      },
    );
  };
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={4} mb="xs">
        Action items
      </Title>
      {meeting.actionItems.length === 0 ? (
        <Text size="sm" c="dimmed">
          No action items yet. Open ones are carried to the next meeting's agenda until done.
        </Text>
      ) : (
        <Table fz="sm" data-testid="action-items">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={40}>Done</Table.Th>
              <Table.Th>What</Table.Th>
              <Table.Th>Owner</Table.Th>
              <Table.Th>Due</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {meeting.actionItems.map((i) => (
              <Table.Tr key={i.id}>
                <Table.Td>
                  <Checkbox
                    aria-label={`Done: ${i.text}`}
                    checked={i.done}
                    disabled={!canWrite}
                    onChange={(e) =>
                      update.mutate(
                        { id: i.id, done: e.currentTarget.checked },
                        { onError: failed("Action item not saved") },
                      )
                    }
                  />
                </Table.Td>
                <Table.Td td={i.done ? "line-through" : undefined}>{i.text}</Table.Td>
                <Table.Td>{i.ownerName}</Table.Td>
                <Table.Td>{formatDate(i.dueDate)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {canWrite && (
        <Stack gap="xs" mt="sm">
          {error && (
            <Alert color="red" role="alert" p="xs">
              {error}
            </Alert>
          )}
          <Group align="flex-end" gap="xs" wrap="wrap">
            <TextInput
              label="New action item"
              placeholder="What is to be done"
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              style={{ flex: 1, minWidth: 200 }}
            />
            <Select
              label="Owner"
              placeholder="Who"
              searchable
              data={members.map((m) => ({ value: m.id, label: m.name }))}
              value={owner}
              onChange={setOwner}
              w={180}
            />
            <TextInput
              type="date"
              label="Due"
              value={due}
              onChange={(e) => setDue(e.currentTarget.value)}
              w={160}
            />
            <Button leftSection={<IconPlus size={16} />} onClick={submit} loading={add.isPending}>
              Add
            </Button>
          </Group>
        </Stack>
      )}
    </Paper>
  );
}
