// Every version of the SLA, newest first, and the chosen one in full: its signatures, and its terms (an editor
// for a draft and a team lead; sentences otherwise), with the way to a new draft from the version in force.
import { Alert, Group, Paper, ScrollArea, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconCopy, IconHistory, IconLock } from "@tabler/icons-react";
import { useState } from "react";
import { errorMessage } from "../../lib/api";
import { formatDate } from "../../lib/format";
import { VersionCard } from "../agreements/version-card";
import { GuardedButton } from "../common/record-actions";
import { SignaturePanel } from "./signature-panel";
import { type SlaOverview, useSlaPermissions, useStartSlaDraft } from "./sla-api";
import { SignatureChips, SlaStatusBadge } from "./sla-status";
import { SlaTermsForm } from "./sla-terms-form";
import { TermsView } from "./terms-view";

/** The version to open when none is chosen: an open draft, else the one in force, else the newest. */
export function defaultSlaVersion(overview: SlaOverview): number | null {
  const open = overview.versions.find((v) => v.status === "draft" || v.status === "approved");
  return open?.version ?? overview.active?.version ?? overview.versions[0]?.version ?? null;
}

export function useStartDraft(onOpen: (version: number) => void) {
  const start = useStartSlaDraft();
  const run = (fromVersion?: number) =>
    start.mutate(fromVersion === undefined ? {} : { fromVersion }, {
      onSuccess: (draft) => {
        notifications.show({
          color: "green",
          title: `Version ${draft.version} started`,
          message:
            fromVersion === undefined
              ? "It starts from common terms: change them to what your teams agree, save, and ask both leads to sign."
              : `It starts from version ${fromVersion}'s terms. The version in force stays in force until this one is signed and put in force.`,
        });
        onOpen(draft.version);
      },
      onError: (error) =>
        notifications.show({ color: "red", title: "No draft started", message: errorMessage(error) }),
    });
  return { run, isPending: start.isPending };
}

export function SlaVersions({
  overview,
  selected,
  onOpen,
}: {
  overview: SlaOverview;
  selected: number | null;
  onOpen: (version: number) => void;
}) {
  const { canEdit, editHint } = useSlaPermissions();
  const [dirty, setDirty] = useState(false);
  const startDraft = useStartDraft(onOpen);
  const version = overview.versions.find((v) => v.version === selected) ?? null;
  const openDraft = overview.versions.find((v) => v.status === "draft" || v.status === "approved");
  const editable = version !== null && (version.status === "draft" || version.status === "approved");

  const open = (next: number) => {
    if (next === selected) return;
    if (dirty && !window.confirm("Leave this draft? Your unsaved changes to its terms will be lost.")) return;
    setDirty(false);
    onOpen(next);
  };

  return (
    <Stack gap="md" id="versions">
      <Paper withBorder p="md" radius="md" component="section" aria-label="Versions">
        <Group justify="space-between" wrap="wrap" gap="xs" mb="xs">
          <div>
            <Group gap={6}>
              <IconHistory size={18} aria-hidden />
              <Title order={3} size="h4">
                Versions
              </Title>
            </Group>
            <Text size="sm" c="dimmed">
              Every version stays on record. A change starts as a draft and takes effect when a sales lead and
              a marketing lead have signed it and a lead puts it in force.
            </Text>
          </div>
          {overview.active && !openDraft && (
            <GuardedButton
              allowed={canEdit}
              hint={editHint}
              variant="default"
              leftSection={<IconCopy size={16} />}
              loading={startDraft.isPending}
              onClick={() => startDraft.run(overview.active?.version)}
            >
              Start a new draft
            </GuardedButton>
          )}
        </Group>
        <ScrollArea type="auto" offsetScrollbars>
          <Group gap="xs" wrap="nowrap" align="stretch">
            {overview.versions.map((v) => (
              <VersionCard
                key={v.id}
                version={v}
                badge={<SlaStatusBadge status={v.status} size="sm" />}
                selected={v.version === selected}
                onOpen={() => open(v.version)}
                label={`Version ${v.version}, ${v.status === "active" ? "in force" : v.status}`}
                testId="sla-version-item"
                w={250}
              >
                <SignatureChips version={v} />
                <Text size="xs" c="dimmed" mt={2}>
                  {v.status === "active"
                    ? `In force since ${formatDate(v.activatedAt)}`
                    : v.status === "retired"
                      ? `In force ${formatDate(v.activatedAt)} – ${formatDate(v.retiredAt)}`
                      : `Drafted ${formatDate(v.createdAt)}${v.createdByName ? ` by ${v.createdByName}` : ""}`}
                </Text>
              </VersionCard>
            ))}
          </Group>
        </ScrollArea>
      </Paper>

      {version && (
        <>
          <SignaturePanel
            key={`sign-${version.id}`}
            version={version}
            activeVersion={overview.active?.version ?? null}
            dirty={dirty}
          />
          <Paper
            withBorder
            p="md"
            radius="md"
            component="section"
            aria-label={`Terms of version ${version.version}`}
          >
            <Stack gap="sm">
              <div>
                <Title order={3} size="h4">
                  Terms of version {version.version}
                </Title>
                {version.note && (
                  <Text size="sm" c="dimmed">
                    Note: {version.note}
                  </Text>
                )}
              </div>
              {editable && canEdit ? (
                <SlaTermsForm
                  key={`${version.id}:${JSON.stringify(version.terms)}:${version.note}`}
                  version={version}
                  onDirtyChange={setDirty}
                />
              ) : (
                <>
                  {editable ? (
                    <Alert color="gray" icon={<IconLock size={18} />} py="xs">
                      {editHint}. You can read the terms and talk to your team lead about them.
                    </Alert>
                  ) : (
                    <Alert color="gray" icon={<IconLock size={18} />} py="xs">
                      {version.status === "active"
                        ? "The version in force stays exactly as both teams signed it."
                        : "This version was retired and stays as a record of what was agreed."}{" "}
                      {openDraft
                        ? `Changes go into version ${openDraft.version}, the open draft.`
                        : "To change the terms, start a new draft; this version stays in force until the new one is signed and put in force."}
                    </Alert>
                  )}
                  <TermsView terms={version.terms} />
                </>
              )}
              {version.status === "retired" && !openDraft && (
                <Group>
                  <GuardedButton
                    allowed={canEdit}
                    hint={editHint}
                    variant="light"
                    leftSection={<IconCopy size={16} />}
                    loading={startDraft.isPending}
                    onClick={() => startDraft.run(version.version)}
                  >
                    Start a new draft from version {version.version}
                  </GuardedButton>
                </Group>
              )}
            </Stack>
          </Paper>
        </>
      )}
    </Stack>
  );
}
