// One version's rules with their editing state: unsaved changes, live match counts, save with errors on the
// right fields, and for frozen versions the way forward (a new draft).
import { Alert, Button, Group, List, Paper, Stack, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconCopy, IconDeviceFloppy, IconLock } from "@tabler/icons-react";
import { useEffect, useMemo, useRef, useState } from "react";
import type { ScoringDefinition, ScoringVersion } from "../../../shared/scoring";
import { errorMessage } from "../../lib/api";
import { GuardedButton } from "../common/record-actions";
import { describeErrorPath, errorsFromApi, validateDefinition } from "./definition-errors";
import { type DefinitionErrors, RulesEditor } from "./rules-editor";
import { useNewDraft, useRuleCounts, useSaveVersion, useScoringPermissions } from "./scoring-api";

export function VersionEditor({
  modelId,
  version,
  onDirtyChange,
  onOpenVersion,
}: {
  modelId: string;
  version: ScoringVersion;
  onDirtyChange: (dirty: boolean) => void;
  onOpenVersion: (version: number) => void;
}) {
  const { canEdit, editHint } = useScoringPermissions();
  const frozen = version.status === "active" || version.status === "retired";
  const readOnly = frozen || !canEdit;
  const [definition, setDefinition] = useState<ScoringDefinition>(version.definition);
  const [note, setNote] = useState(version.note);
  const [errors, setErrors] = useState<DefinitionErrors>({});
  const save = useSaveVersion(modelId, version.version);
  const newDraft = useNewDraft(modelId);

  // A different version, or the same one saved or approved elsewhere: start from what the server has.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new server copy resets the editor
  useEffect(() => {
    setDefinition(version.definition);
    setNote(version.note);
    setErrors({});
  }, [version.id, version.updatedAt]);

  const dirty = useMemo(
    () => JSON.stringify(definition) !== JSON.stringify(version.definition) || note !== version.note,
    [definition, note, version.definition, version.note],
  );
  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);

  // Counts follow the edits after a pause; while the rules do not validate, the last valid ones are counted.
  const [settled] = useDebouncedValue(definition, 500);
  const lastValid = useRef<ScoringDefinition>(version.definition);
  const settledValid = useMemo(() => Object.keys(validateDefinition(settled)).length === 0, [settled]);
  if (settledValid) lastValid.current = settled;
  const counts = useRuleCounts(settledValid ? settled : lastValid.current);
  const countsState = counts.isError
    ? "error"
    : counts.isFetching || settled !== definition
      ? counts.data
        ? "stale"
        : "loading"
      : "idle";

  const change = (next: ScoringDefinition) => {
    setDefinition(next);
    if (Object.keys(errors).length) setErrors(validateDefinition(next));
  };

  const onSave = () => {
    const found = validateDefinition(definition);
    setErrors(found);
    if (Object.keys(found).length) {
      notifications.show({
        color: "red",
        title: "Not saved",
        message: "Some rules need fixing: see the fields marked in red.",
      });
      return;
    }
    const hadApprovals = version.approvals.length > 0;
    save.mutate(
      { definition, note: note.trim() },
      {
        onSuccess: (saved) => {
          notifications.show({
            color: "green",
            title: `Version ${saved.version} saved`,
            message: hadApprovals
              ? "The earlier approvals were cleared: both teams approve the changed rules again."
              : "Both a sales lead and a marketing lead need to approve it before it can go live.",
          });
        },
        onError: (error) => {
          const placed = errorsFromApi(error);
          setErrors(placed);
          notifications.show({
            color: "red",
            title: "Not saved",
            message: Object.keys(placed).length
              ? "Some rules need fixing: see the fields marked in red."
              : errorMessage(error),
          });
        },
      },
    );
  };

  const startDraft = () =>
    newDraft.mutate(
      { from: version.version },
      {
        onSuccess: (draft) => {
          notifications.show({
            color: "green",
            message: `Version ${draft.version} started from version ${version.version}. Edit it, then ask both teams to approve.`,
          });
          onOpenVersion(draft.version);
        },
        onError: (error) =>
          notifications.show({ color: "red", title: "No draft started", message: errorMessage(error) }),
      },
    );

  const errorList = Object.entries(errors);

  return (
    <Stack gap="md">
      {frozen ? (
        <Alert
          color="gray"
          icon={<IconLock size={18} />}
          title={`Version ${version.version} can no longer change`}
        >
          <Stack gap="xs">
            <Text size="sm">
              {version.status === "active"
                ? "This is the live version: both teams agreed to it, so its rules stay exactly as approved."
                : "This version was retired and stays as a record of what was agreed."}{" "}
              To change the rules, start a new draft from it; the live version keeps scoring until the new one
              is approved and activated.
            </Text>
            <Group>
              <GuardedButton
                allowed={canEdit}
                hint={editHint}
                leftSection={<IconCopy size={16} />}
                onClick={startDraft}
                loading={newDraft.isPending}
              >
                Start a new draft from this version
              </GuardedButton>
            </Group>
          </Stack>
        </Alert>
      ) : !canEdit ? (
        <Alert color="gray" icon={<IconLock size={18} />}>
          {editHint}. You can read the rules, the backtest and the changes, and talk to your team lead about
          them.
        </Alert>
      ) : (
        <Paper
          withBorder
          p="sm"
          radius="md"
          pos="sticky"
          top={64}
          style={{ zIndex: 5 }}
          bg={dirty ? "yellow.0" : undefined}
          aria-label="Save changes"
          component="section"
        >
          <Group justify="space-between" wrap="wrap" gap="sm" align="flex-end">
            <TextInput
              label="Note for this version"
              description="What changed and why, for the people approving it"
              placeholder="e.g. Webinars are worth more; pricing page views capped at 3"
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              maxLength={500}
              style={{ flex: 1, minWidth: 260 }}
            />
            <Group gap="xs">
              {dirty && (
                <Text size="sm" c="yellow.9" fw={600}>
                  Unsaved changes
                </Text>
              )}
              <Button
                variant="default"
                disabled={!dirty || save.isPending}
                onClick={() => {
                  setDefinition(version.definition);
                  setNote(version.note);
                  setErrors({});
                }}
              >
                Discard
              </Button>
              <Button
                leftSection={<IconDeviceFloppy size={16} />}
                onClick={onSave}
                loading={save.isPending}
                disabled={!dirty}
              >
                Save version {version.version}
              </Button>
            </Group>
          </Group>
          {version.status === "approved" && (
            <Text size="sm" c="orange.8" mt="xs">
              Both teams approved this version. Saving a change sends it back to draft and clears their
              approvals.
            </Text>
          )}
        </Paper>
      )}
      {errorList.length > 0 && (
        <Alert
          color="red"
          icon={<IconAlertTriangle size={18} />}
          title="Fix these before saving"
          role="alert"
        >
          <List size="sm" spacing={2}>
            {errorList.slice(0, 8).map(([path, message]) => (
              <List.Item key={path}>
                {describeErrorPath(path, definition)}: {message}
              </List.Item>
            ))}
            {errorList.length > 8 && <List.Item>…and {errorList.length - 8} more</List.Item>}
          </List>
        </Alert>
      )}
      <RulesEditor
        definition={definition}
        onChange={change}
        readOnly={readOnly}
        errors={errors}
        counts={counts.data}
        countsState={countsState}
      />
    </Stack>
  );
}
