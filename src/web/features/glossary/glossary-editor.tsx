// The draft's editor: each term with its definition and the other words it goes by; add, remove, save. The
// server's refusals land on the field they name ("terms.2.alsoCalled.0").
import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Paper,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconDeviceFloppy, IconPlus, IconTrash } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import type { GlossaryTerm, GlossaryVersion } from "../../../shared/glossary";
import { errorMessage, isApiError } from "../../lib/api";
import { useSaveGlossaryDraft } from "./glossary-api";

type Row = GlossaryTerm & { key: number };
let nextKey = 1;
const toRows = (terms: GlossaryTerm[]): Row[] => terms.map((t) => ({ ...t, key: nextKey++ }));

export function GlossaryEditor({
  version,
  onDirtyChange,
}: {
  version: GlossaryVersion;
  onDirtyChange: (dirty: boolean) => void;
}) {
  const [rows, setRows] = useState<Row[]>(() => toRows(version.terms));
  const [note, setNote] = useState(version.note);
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [dirty, setDirty] = useState(false);
  const save = useSaveGlossaryDraft(version.version);

  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);

  const change = (key: number, patch: Partial<GlossaryTerm>) => {
    setRows((all) => all.map((r) => (r.key === key ? { ...r, ...patch } : r)));
    setDirty(true);
  };
  const remove = (key: number) => {
    setRows((all) => all.filter((r) => r.key !== key));
    setDirty(true);
  };
  const add = () => {
    setRows((all) => [...all, { key: nextKey++, term: "", definition: "", alsoCalled: [] }]);
    setDirty(true);
  };
  const submit = () => {
    setIssues({});
    save.mutate(
      { terms: rows.map(({ key: _key, ...term }) => term), note },
      {
        onSuccess: (saved) => {
          setDirty(false);
          notifications.show({
            color: "green",
            title: `Version ${saved.version} saved`,
            message: "Ask a sales lead and a marketing lead to approve it.",
          });
        },
        onError: (error) => {
          if (isApiError(error, 400))
            setIssues(
              Object.fromEntries(error.fieldIssues.map((i) => [i.path.replace(/^terms\./, ""), i.message])),
            );
          notifications.show({ color: "red", title: "Not saved", message: errorMessage(error) });
        },
      },
    );
  };
  const issue = (i: number, field: string) => issues[`${i}.${field}`];

  return (
    <Stack gap="sm" data-testid="glossary-editor">
      {rows.length === 0 && (
        <Alert color="gray" py="xs">
          No terms yet. Add the words your teams argue about first: MQL, accepted, rejected, SLA.
        </Alert>
      )}
      {rows.map((row, i) => (
        <Paper key={row.key} withBorder p="sm" radius="md" data-testid="glossary-edit-row">
          <Group align="flex-start" wrap="nowrap" gap="sm">
            <Stack gap="xs" style={{ flex: 1 }}>
              <Group grow align="flex-start">
                <TextInput
                  label="Term"
                  value={row.term}
                  onChange={(e) => change(row.key, { term: e.currentTarget.value })}
                  error={issue(i, "term")}
                  maxLength={60}
                />
                <TagsInput
                  label="Also called"
                  description="Other words for it; press Enter after each"
                  value={row.alsoCalled}
                  onChange={(alsoCalled) => change(row.key, { alsoCalled })}
                  error={Object.entries(issues).find(([k]) => k.startsWith(`${i}.alsoCalled`))?.[1]}
                />
              </Group>
              <Textarea
                label="Definition"
                autosize
                minRows={2}
                value={row.definition}
                onChange={(e) => change(row.key, { definition: e.currentTarget.value })}
                error={issue(i, "definition")}
                maxLength={2000}
              />
            </Stack>
            <ActionIcon
              variant="subtle"
              color="red"
              mt={28}
              aria-label={`Remove ${row.term || "this term"}`}
              onClick={() => remove(row.key)}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        </Paper>
      ))}
      <Group>
        <Button variant="default" leftSection={<IconPlus size={16} />} onClick={add}>
          Add a term
        </Button>
      </Group>
      <TextInput
        label="What changes and why"
        value={note}
        onChange={(e) => {
          setNote(e.currentTarget.value);
          setDirty(true);
        }}
        maxLength={2000}
      />
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {dirty ? "Unsaved changes. Saving clears the approvals given so far." : "Saved."}
        </Text>
        <Button
          leftSection={<IconDeviceFloppy size={16} />}
          onClick={submit}
          loading={save.isPending}
          disabled={!dirty}
        >
          Save draft
        </Button>
      </Group>
    </Stack>
  );
}
