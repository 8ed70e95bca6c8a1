// Library → Glossary: the words both teams use and what they mean here (what an MQL is, what "accepted"
// means...). The version in force with a search over its terms; a change is a draft anyone may propose and
// edit, and it goes into force when a sales lead and a marketing lead have both approved it; every version
// stays in the history. Terms are linked wherever they appear in Lockstep (features/glossary/glossary-term).
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  ScrollArea,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconBook2, IconHistory, IconLock, IconPencil, IconSearch } from "@tabler/icons-react";
import { useEffect, useMemo, useState } from "react";
import type { GlossaryOverview, GlossaryTerm, GlossaryVersion } from "../../shared/glossary";
import { VersionCard } from "../features/agreements/version-card";
import { useUrlFilters } from "../features/common/list";
import { PageHeader } from "../features/common/page-header";
import { DetailSkeleton, EmptyBlock, ErrorAlert } from "../features/common/query-states";
import { useGlossary, useProposeGlossary } from "../features/glossary/glossary-api";
import { GlossaryApproval, GlossaryStatusBadge } from "../features/glossary/glossary-approval";
import { GlossaryEditor } from "../features/glossary/glossary-editor";
import { SynonymBadges } from "../features/glossary/glossary-term";
import { errorMessage } from "../lib/api";
import { formatDate } from "../lib/format";

const KEYS = ["q", "term", "version"] as const;
const DESCRIPTION =
  "The words both teams use, and what they mean here. Anyone may propose a change; it takes effect when a sales lead and a marketing lead have both approved it. Terms are linked wherever they appear in Lockstep.";

const isOpen = (v: GlossaryVersion) => v.status === "draft" || v.status === "approved";

function matches(term: GlossaryTerm, q: string) {
  const needle = q.trim().toLowerCase();
  if (!needle) return true;
  return [term.term, term.definition, ...term.alsoCalled].some((w) => w.toLowerCase().includes(needle));
}

function usePropose(onOpen: (version: number) => void) {
  const propose = useProposeGlossary();
  const run = (fromVersion?: number) =>
    propose.mutate(fromVersion === undefined ? {} : { fromVersion }, {
      onSuccess: (draft) => {
        notifications.show({
          color: "green",
          title: `Version ${draft.version} proposed`,
          message: "Change the terms, save, and ask a sales lead and a marketing lead to approve it.",
        });
        onOpen(draft.version);
      },
      onError: (error) =>
        notifications.show({ color: "red", title: "No draft started", message: errorMessage(error) }),
    });
  return { run, isPending: propose.isPending };
}

export function GlossaryPage() {
  const glossary = useGlossary();
  const [f, set] = useUrlFilters(KEYS);
  const openVersion = (version: number) => {
    set({ version: String(version) });
    setTimeout(
      () => document.getElementById("glossary-versions")?.scrollIntoView({ behavior: "smooth" }),
      50,
    );
  };
  const propose = usePropose(openVersion);

  const header = (data?: GlossaryOverview) => (
    <PageHeader
      title="Glossary"
      description={DESCRIPTION}
      badges={
        data &&
        (data.active ? (
          <Badge color="green" variant="light" size="lg" data-testid="glossary-live-badge">
            Version {data.active.version} in force
          </Badge>
        ) : (
          <Badge color="gray" variant="light" size="lg" data-testid="glossary-live-badge">
            No glossary in force
          </Badge>
        ))
      }
      actions={
        data &&
        data.versions.length > 0 &&
        !data.versions.some(isOpen) && (
          <Button
            leftSection={<IconPencil size={16} />}
            loading={propose.isPending}
            onClick={() => propose.run()}
          >
            Propose a change
          </Button>
        )
      }
    />
  );

  if (glossary.isPending)
    return (
      <>
        {header()}
        <DetailSkeleton />
      </>
    );
  if (glossary.isError)
    return (
      <>
        {header()}
        <ErrorAlert error={glossary.error} onRetry={() => glossary.refetch()} />
      </>
    );

  const data = glossary.data;
  const draft = data.versions.find(isOpen);
  const requested = Number(f.version);
  const selected =
    data.versions.find((v) => v.version === requested) ?? draft ?? data.active ?? data.versions[0] ?? null;

  return (
    <>
      {header(data)}
      <Stack gap="md">
        {data.versions.length === 0 ? (
          <Paper withBorder p="md" radius="md">
            <EmptyBlock
              icon={<IconBook2 size={28} />}
              title="No glossary yet"
              description="Write down what your words mean here (an MQL, a SAL, accepted, rejected, recycled...) so that sales and marketing argue about leads, not about words. Anyone may propose the first version; a sales lead and a marketing lead approve it."
              action={
                <Button
                  leftSection={<IconPencil size={16} />}
                  loading={propose.isPending}
                  onClick={() => propose.run()}
                >
                  Propose the first glossary
                </Button>
              }
            />
          </Paper>
        ) : (
          <>
            {draft && (
              <Alert color="blue" icon={<IconPencil size={18} />} py="xs" data-testid="glossary-open-draft">
                <Text size="sm">
                  Version {draft.version} is a proposed change
                  {draft.missingApprovals.length
                    ? `, waiting for the approval of ${draft.missingApprovals.map((t) => `a ${t} lead`).join(" and ")}`
                    : ""}
                  . {data.active ? `Version ${data.active.version} stays in force until then. ` : ""}
                  <Anchor
                    component="button"
                    type="button"
                    size="sm"
                    onClick={() => openVersion(draft.version)}
                  >
                    Open version {draft.version}
                  </Anchor>
                </Text>
              </Alert>
            )}
            {data.active && (
              <TermsInForce
                version={data.active}
                q={f.q}
                highlight={f.term}
                onSearch={(q) => set({ q, term: null })}
              />
            )}
            <Versions overview={data} selected={selected} onOpen={openVersion} propose={propose} />
          </>
        )}
      </Stack>
    </>
  );
}

/** Terms as a list; the terms in force (`anchored`) carry the `#term-<name>` anchors the app's links open. */
function TermList({
  terms,
  highlight,
  anchored = false,
}: {
  terms: GlossaryTerm[];
  highlight?: string;
  anchored?: boolean;
}) {
  return (
    <Stack gap={0}>
      {terms.map((t) => {
        const lit = highlight ? t.term.toLowerCase() === highlight.toLowerCase() : false;
        return (
          <Stack
            key={t.term}
            gap={4}
            py="sm"
            px="xs"
            id={anchored ? `term-${t.term}` : undefined}
            data-testid="glossary-entry"
            bg={lit ? "yellow.0" : undefined}
            style={{ borderBottom: "1px solid var(--mantine-color-gray-2)" }}
          >
            <Group gap="xs">
              <Text fw={700}>{t.term}</Text>
              {t.alsoCalled.length > 0 && (
                <>
                  <Text size="xs" c="dimmed">
                    also called
                  </Text>
                  <SynonymBadges words={t.alsoCalled} />
                </>
              )}
            </Group>
            <Text size="sm" style={{ whiteSpace: "pre-line" }}>
              {t.definition}
            </Text>
          </Stack>
        );
      })}
    </Stack>
  );
}

function TermsInForce({
  version,
  q,
  highlight,
  onSearch,
}: {
  version: GlossaryVersion;
  q: string;
  highlight: string;
  onSearch: (q: string) => void;
}) {
  const [text, setText] = useState(q);
  const shown = useMemo(
    () => [...version.terms].sort((a, b) => a.term.localeCompare(b.term)).filter((t) => matches(t, text)),
    [version.terms, text],
  );
  useEffect(() => {
    if (highlight) document.getElementById(`term-${highlight}`)?.scrollIntoView({ block: "center" });
  }, [highlight]);
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label="Terms in force">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <div>
            <Title order={3} size="h4">
              Terms in force
            </Title>
            <Text size="sm" c="dimmed">
              Version {version.version}, in force since {formatDate(version.activatedAt)}
              {version.approvals.length > 0 &&
                `, approved by ${version.approvals.map((a) => `${a.name} (${a.team})`).join(" and ")}`}
              .
            </Text>
          </div>
          <TextInput
            aria-label="Search the glossary"
            placeholder="Search terms and definitions"
            leftSection={<IconSearch size={16} />}
            value={text}
            onChange={(e) => {
              setText(e.currentTarget.value);
              onSearch(e.currentTarget.value);
            }}
            w={300}
          />
        </Group>
        {shown.length === 0 ? (
          <Text size="sm" c="dimmed" py="md" ta="center">
            {version.terms.length === 0
              ? "This version defines no terms."
              : `No term or definition mentions “${text}”. Propose a change to add it.`}
          </Text>
        ) : (
          <TermList terms={shown} highlight={highlight} anchored />
        )}
      </Stack>
    </Paper>
  );
}

function Versions({
  overview,
  selected,
  onOpen,
  propose,
}: {
  overview: GlossaryOverview;
  selected: GlossaryVersion | null;
  onOpen: (version: number) => void;
  propose: { run: (fromVersion?: number) => void; isPending: boolean };
}) {
  const [dirty, setDirty] = useState(false);
  const open = (next: number) => {
    if (next === selected?.version) return;
    if (dirty && !window.confirm("Leave this draft? Your unsaved changes will be lost.")) return;
    setDirty(false);
    onOpen(next);
  };
  const draft = overview.versions.find(isOpen);
  return (
    <Stack gap="md" id="glossary-versions">
      <Paper withBorder p="md" radius="md" component="section" aria-label="Versions">
        <Group gap={6} mb={4}>
          <IconHistory size={18} aria-hidden />
          <Title order={3} size="h4">
            Versions
          </Title>
        </Group>
        <Text size="sm" c="dimmed" mb="xs">
          Every version stays on record: who proposed it, who approved it, when it was in force.
        </Text>
        <ScrollArea type="auto" offsetScrollbars>
          <Group gap="xs" wrap="nowrap" align="stretch">
            {overview.versions.map((v) => (
              <VersionCard
                key={v.id}
                version={v}
                badge={<GlossaryStatusBadge status={v.status} size="sm" />}
                selected={v.version === selected?.version}
                onOpen={() => open(v.version)}
                label={`Version ${v.version}, ${v.status === "active" ? "in force" : v.status}`}
                testId="glossary-version-item"
                w={230}
              >
                <Text size="xs" c="dimmed" mt={2}>
                  {v.terms.length} {v.terms.length === 1 ? "term" : "terms"} ·{" "}
                  {v.status === "active"
                    ? `in force since ${formatDate(v.activatedAt)}`
                    : v.status === "retired"
                      ? `in force ${formatDate(v.activatedAt)} – ${formatDate(v.retiredAt)}`
                      : `proposed ${formatDate(v.createdAt)}${v.createdByName ? ` by ${v.createdByName}` : ""}`}
                </Text>
              </VersionCard>
            ))}
          </Group>
        </ScrollArea>
      </Paper>
      {selected && (
        <>
          <GlossaryApproval
            key={`approve-${selected.id}`}
            version={selected}
            activeVersion={overview.active?.version ?? null}
            dirty={dirty}
          />
          <Paper
            withBorder
            p="md"
            radius="md"
            component="section"
            aria-label={`Terms of version ${selected.version}`}
          >
            <Stack gap="sm">
              <div>
                <Title order={3} size="h4">
                  Terms of version {selected.version}
                </Title>
                {selected.note && (
                  <Text size="sm" c="dimmed">
                    Note: {selected.note}
                  </Text>
                )}
              </div>
              {isOpen(selected) ? (
                <GlossaryEditor
                  key={`${selected.id}:${JSON.stringify(selected.terms)}:${selected.note}`}
                  version={selected}
                  onDirtyChange={setDirty}
                />
              ) : (
                <>
                  <Alert color="gray" icon={<IconLock size={18} />} py="xs">
                    {selected.status === "active"
                      ? "The version in force stays exactly as both teams approved it."
                      : "This version was retired and stays as a record of what was agreed."}{" "}
                    {draft
                      ? `Changes go into version ${draft.version}, the proposed change.`
                      : "To change a definition, propose a change."}
                  </Alert>
                  <TermList terms={selected.terms} />
                  {!draft && (
                    <Group>
                      <Button
                        variant="light"
                        leftSection={<IconPencil size={16} />}
                        loading={propose.isPending}
                        onClick={() => propose.run(selected.version)}
                      >
                        Propose a change from version {selected.version}
                      </Button>
                    </Group>
                  )}
                </>
              )}
            </Stack>
          </Paper>
        </>
      )}
    </Stack>
  );
}
