// Library → Messaging guide: per persona, the value proposition and pains both teams speak to, proof points
// backed by library assets, and the objections sales hears with the approved response; objections nobody has
// answered yet come first, the most frequent at the top.
import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Tooltip,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconCheck, IconMessages, IconPlus, IconTrash } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { ASSET_KIND_LABELS, type MessagingGuide } from "../../shared/library";
import { Section } from "../features/common/detail";
import { DataTable } from "../features/common/list";
import { PageHeader } from "../features/common/page-header";
import { DetailSkeleton, EmptyBlock, ErrorAlert, TableSkeleton } from "../features/common/query-states";
import { ASSETS_KEY } from "../features/library/library-api";
import {
  useApproveResponse,
  useMessagingGuide,
  useMessagingOverview,
  useSaveGuide,
  useWriteResponse,
} from "../features/library/messaging-api";
import { useSession } from "../features/session/session";
import { client, errorMessage, ok } from "../lib/api";
import { formatDate, fromNow } from "../lib/format";

/** Keys for proof-point rows being edited (crypto.randomUUID needs a secure context). */
let rowCounter = 0;
const nextRowKey = () => `row-${++rowCounter}`;

export function MessagingOverviewPage() {
  const overview = useMessagingOverview();
  return (
    <>
      <PageHeader
        title="Messaging guide"
        description="One story for every persona, told the same way by marketing and sales: the value proposition, the pains, the proof, and the approved answer to each objection sales hears."
      />
      {overview.isPending ? (
        <TableSkeleton rows={4} />
      ) : overview.isError ? (
        <ErrorAlert error={overview.error} onRetry={() => overview.refetch()} />
      ) : overview.data.items.length === 0 ? (
        <Paper withBorder radius="md" p="lg">
          <EmptyBlock
            icon={<IconMessages size={28} />}
            title="No personas yet"
            description="A messaging guide is written per persona. Add your buyer personas first."
            action={
              <Button component={Link} to="/personas" variant="default">
                Go to personas
              </Button>
            }
          />
        </Paper>
      ) : (
        <DataTable minWidth={720}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Persona</Table.Th>
              <Table.Th>Value proposition</Table.Th>
              <Table.Th ta="right">Pains</Table.Th>
              <Table.Th ta="right">Proof points</Table.Th>
              <Table.Th ta="right">Approved answers</Table.Th>
              <Table.Th ta="right">Objections waiting</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {overview.data.items.map((p) => (
              <Table.Tr key={p.personaId}>
                <Table.Td>
                  <Anchor component={Link} to={`/library/messaging/${p.personaId}`} fw={600} size="sm">
                    {p.personaName}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  {p.hasValueProposition ? (
                    <Badge color="green" variant="light">
                      Written
                    </Badge>
                  ) : (
                    <Badge color="gray" variant="light">
                      Missing
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td ta="right">{p.pains}</Table.Td>
                <Table.Td ta="right">{p.proofPoints}</Table.Td>
                <Table.Td ta="right">{p.approvedResponses}</Table.Td>
                <Table.Td ta="right">
                  {p.unanswered > 0 ? (
                    <Badge color="orange">{p.unanswered}</Badge>
                  ) : (
                    <Text c="dimmed" size="sm">
                      0
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </DataTable>
      )}
    </>
  );
}

export function MessagingGuidePage() {
  const { id = "" } = useParams();
  const guide = useMessagingGuide(id);
  if (guide.isPending) return <DetailSkeleton />;
  if (guide.isError)
    return (
      <ErrorAlert error={guide.error} onRetry={() => guide.refetch()} title="The guide could not be loaded" />
    );
  const g = guide.data;
  return (
    <>
      <PageHeader
        title={`Messaging guide: ${g.personaName}`}
        breadcrumbs={[{ label: "Messaging guide", to: "/library/messaging" }]}
        description={
          g.updatedAt
            ? `Last edited ${fromNow(g.updatedAt)} by ${g.updatedByName ?? "a former member"}.`
            : "Not written yet."
        }
      />
      <Stack gap="lg">
        <GuideForm guide={g} />
        <Objections guide={g} />
      </Stack>
    </>
  );
}

function useAssetOptions(q: string) {
  return useQuery({
    queryKey: [...ASSETS_KEY, "options", q],
    queryFn: ({ signal }) =>
      ok(client.GET("/api/assets", { params: { query: { q: q || undefined, limit: 30 } }, signal })),
  });
}

function AssetPicker({
  value,
  label,
  onChange,
  initialLabel,
  error,
}: {
  value: string | null;
  label: string;
  onChange: (id: string | null) => void;
  initialLabel?: string;
  error?: string;
}) {
  const [search, setSearch] = useState("");
  const options = useAssetOptions(search);
  const data = (options.data?.items ?? []).map((a) => ({
    value: a.id,
    label: `${a.title} · ${ASSET_KIND_LABELS[a.kind]}`,
  }));
  if (value && initialLabel && !data.some((d) => d.value === value))
    data.unshift({ value, label: initialLabel });
  return (
    <Select
      label={label}
      placeholder="Search the library"
      searchable
      clearable
      data={data}
      value={value}
      onChange={onChange}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      nothingFoundMessage={options.isFetching ? "Searching…" : "No asset matches"}
      error={error}
    />
  );
}

function GuideForm({ guide }: { guide: MessagingGuide }) {
  const save = useSaveGuide(guide.personaId);
  const [valueProposition, setValueProposition] = useState(guide.valueProposition);
  const [pains, setPains] = useState(guide.pains);
  const [proof, setProof] = useState(
    guide.proofPoints.map((p) => ({
      rowKey: nextRowKey(),
      assetId: p.assetId as string | null,
      claim: p.claim,
      title: p.title,
    })),
  );
  const [error, setError] = useState<string | null>(null);
  return (
    <Section
      title="The story"
      description="What this persona gets from us, the pains we solve, and the assets that prove it."
      actions={
        <Button
          loading={save.isPending}
          onClick={() => {
            setError(null);
            save.mutate(
              {
                valueProposition,
                pains,
                proofPoints: proof
                  .filter((p) => p.assetId)
                  .map((p) => ({ assetId: p.assetId as string, claim: p.claim })),
              },
              {
                onSuccess: () => notifications.show({ color: "green", message: "Guide saved." }),
                onError: (e) => setError(errorMessage(e)),
              },
            );
          }}
        >
          Save guide
        </Button>
      }
    >
      <Textarea
        label="Value proposition"
        autosize
        minRows={2}
        value={valueProposition}
        onChange={(e) => setValueProposition(e.currentTarget.value)}
      />
      <TagsInput label="Pains" placeholder="Type a pain and press Enter" value={pains} onChange={setPains} />
      <Stack gap="xs">
        <Text size="sm" fw={500}>
          Proof points
        </Text>
        {proof.length === 0 && (
          <Text size="sm" c="dimmed">
            No proof yet: link a customer story, a case study or a statistic from the library.
          </Text>
        )}
        {proof.map((p, i) => (
          <SimpleGrid key={p.rowKey} cols={{ base: 1, sm: 2 }} spacing="xs">
            <TextInput
              label="Claim"
              placeholder="Forecast error down 40%"
              value={p.claim}
              onChange={(e) => {
                const claim = e.currentTarget.value;
                setProof((all) => all.map((x, j) => (j === i ? { ...x, claim } : x)));
              }}
            />
            <Group gap="xs" align="flex-end" wrap="nowrap">
              <div style={{ flex: 1 }}>
                <AssetPicker
                  label="Backed by"
                  value={p.assetId}
                  initialLabel={p.title}
                  onChange={(assetId) =>
                    setProof((all) => all.map((x, j) => (j === i ? { ...x, assetId } : x)))
                  }
                />
              </div>
              <Tooltip label="Remove this proof point">
                <ActionIcon
                  variant="subtle"
                  color="red"
                  size="lg"
                  aria-label="Remove proof point"
                  onClick={() => setProof((all) => all.filter((_, j) => j !== i))}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Tooltip>
            </Group>
          </SimpleGrid>
        ))}
        <Group>
          <Button
            variant="default"
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() =>
              setProof((all) => [...all, { rowKey: nextRowKey(), assetId: null, claim: "", title: "" }])
            }
          >
            Add proof point
          </Button>
        </Group>
      </Stack>
      {error && (
        <Text c="red" size="sm" role="alert">
          {error}
        </Text>
      )}
    </Section>
  );
}

function Objections({ guide }: { guide: MessagingGuide }) {
  const { member } = useSession();
  const approve = useApproveResponse();
  const [writing, setWriting] = useState<MessagingGuide["objections"][number] | "new" | null>(null);
  const canApprove = member.role === "lead" || member.role === "admin";
  return (
    <Section
      title="Objections and approved answers"
      description="What sales hears from this persona (counted from the objection log). Objections without an approved answer come first, the most frequent at the top; a team lead approves each answer."
      actions={
        <Button
          variant="default"
          size="xs"
          leftSection={<IconPlus size={14} />}
          onClick={() => setWriting("new")}
        >
          Answer an objection
        </Button>
      }
    >
      {guide.objections.length === 0 ? (
        <EmptyBlock
          icon={<IconMessages size={28} />}
          title="No objections yet"
          description="When sales logs an objection for this persona it shows here, waiting for an answer."
        />
      ) : (
        <DataTable minWidth={760}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Objection</Table.Th>
              <Table.Th ta="right">Heard</Table.Th>
              <Table.Th>Answer</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody data-testid="guide-objections">
            {guide.objections.map((o) => (
              <Table.Tr key={o.objection}>
                <Table.Td fw={500}>{o.objection}</Table.Td>
                <Table.Td ta="right">
                  <Tooltip
                    label={o.lastHeardAt ? `Last heard ${formatDate(o.lastHeardAt)}` : "Not heard yet"}
                  >
                    <span>{o.heard}</span>
                  </Tooltip>
                </Table.Td>
                <Table.Td maw={420}>
                  {o.response ? (
                    <Stack gap={2}>
                      <Group gap={6}>
                        <Badge size="xs" color={o.response.status === "approved" ? "green" : "yellow"}>
                          {o.response.status === "approved"
                            ? `Approved by ${o.response.approvedByName ?? "a former lead"}`
                            : "Draft: waiting for a lead"}
                        </Badge>
                      </Group>
                      <Text size="sm">{o.response.response}</Text>
                      {o.response.assetId && (
                        <Anchor component={Link} to={`/library/assets/${o.response.assetId}`} size="xs">
                          {o.response.assetTitle}
                        </Anchor>
                      )}
                    </Stack>
                  ) : (
                    <Badge color="orange" variant="light">
                      No answer yet
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" justify="flex-end" wrap="nowrap">
                    <Button size="xs" variant="default" onClick={() => setWriting(o)}>
                      {o.response ? "Rewrite" : "Answer"}
                    </Button>
                    {o.response?.status === "draft" && canApprove && (
                      <Button
                        size="xs"
                        leftSection={<IconCheck size={14} />}
                        loading={approve.isPending && approve.variables === o.response.id}
                        onClick={() =>
                          o.response &&
                          approve.mutate(o.response.id, {
                            onError: (e) => notifications.show({ color: "red", message: errorMessage(e) }),
                          })
                        }
                      >
                        Approve
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </DataTable>
      )}
      {writing && (
        <ResponseModal
          personaId={guide.personaId}
          objection={writing === "new" ? null : writing}
          onClose={() => setWriting(null)}
        />
      )}
    </Section>
  );
}

function ResponseModal({
  personaId,
  objection,
  onClose,
}: {
  personaId: string;
  objection: MessagingGuide["objections"][number] | null;
  onClose: () => void;
}) {
  const write = useWriteResponse(personaId);
  const [text, setText] = useState(objection?.objection ?? "");
  const [response, setResponse] = useState(objection?.response?.response ?? "");
  const [assetId, setAssetId] = useState<string | null>(objection?.response?.assetId ?? null);
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal
      opened
      onClose={onClose}
      title={objection ? `Answer “${objection.objection}”` : "Answer an objection"}
      size="lg"
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          write.mutate(
            { objection: text, response, assetId },
            {
              onSuccess: () => {
                notifications.show({
                  color: "green",
                  message: "Answer saved: a team lead approves it next.",
                });
                onClose();
              },
              onError: (err) => setError(errorMessage(err)),
            },
          );
        }}
      >
        <Stack gap="sm">
          {!objection && (
            <TextInput
              label="Objection"
              placeholder="It's too expensive"
              required
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
            />
          )}
          <Textarea
            label="Answer"
            required
            autosize
            minRows={3}
            value={response}
            onChange={(e) => setResponse(e.currentTarget.value)}
            data-autofocus
          />
          <AssetPicker
            label="Backed by (optional)"
            value={assetId}
            initialLabel={objection?.response?.assetTitle ?? undefined}
            onChange={setAssetId}
          />
          {objection?.response?.status === "approved" && (
            <Text size="xs" c="orange">
              Changing an approved answer makes it a draft again until a team lead approves it.
            </Text>
          )}
          {error && (
            <Text c="red" size="sm" role="alert">
              {error}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={write.isPending}>
              Save answer
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
