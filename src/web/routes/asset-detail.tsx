// One asset of the insights library: what it is and for whom, its link or file, "Mark shared with a contact"
// (a touch on the contact's timeline), who it was shared with, and its influence on won deals: the won deals
// of the reports' period whose journey (the attribution report's) holds a share of it.
import {
  Anchor,
  Badge,
  Button,
  FileButton,
  Group,
  Modal,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import {
  IconArchive,
  IconDownload,
  IconExternalLink,
  IconRestore,
  IconShare,
  IconUpload,
} from "@tabler/icons-react";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { ASSET_KIND_LABELS, type Asset, LIBRARY_STAGE_LABELS } from "../../shared/library";
import { Field, FieldGrid, Section, Stat } from "../features/common/detail";
import { DataTable, LoadMore } from "../features/common/list";
import { PageHeader } from "../features/common/page-header";
import { DetailSkeleton, EmptyBlock, ErrorAlert, TableSkeleton } from "../features/common/query-states";
import { RecordSelect } from "../features/common/records";
import { ACCEPTED_FILES, fileProblem } from "../features/library/asset-form";
import {
  downloadAssetFile,
  useArchiveAsset,
  useAsset,
  useAssetShares,
  useAssetUsage,
  useShareAsset,
  useUploadAssetFile,
} from "../features/library/library-api";
import { errorMessage } from "../lib/api";
import { formatDate, formatDateTime, formatMoney } from "../lib/format";

const count = (n: number, noun: string) => `${n} ${n === 1 ? noun : `${noun}s`}`;

export function AssetDetailPage() {
  const { id = "" } = useParams();
  const asset = useAsset(id);
  const [sharing, setSharing] = useState(false);
  if (asset.isPending) return <DetailSkeleton />;
  if (asset.isError)
    return (
      <ErrorAlert error={asset.error} onRetry={() => asset.refetch()} title="The asset could not be loaded" />
    );
  const a = asset.data;
  return (
    <>
      <PageHeader
        title={a.title}
        breadcrumbs={[{ label: "Insights library", to: "/library" }]}
        badges={
          <Group gap={4}>
            <Badge variant="light">{ASSET_KIND_LABELS[a.kind]}</Badge>
            {a.archivedAt && <Badge color="gray">Archived</Badge>}
          </Group>
        }
        description={a.summary || undefined}
        actions={
          <Group gap="sm">
            <Button
              leftSection={<IconShare size={16} />}
              onClick={() => setSharing(true)}
              disabled={!!a.archivedAt}
            >
              Mark shared with a contact
            </Button>
            <ArchiveToggle asset={a} />
          </Group>
        }
      />
      <Stack gap="lg">
        <Section title="About this asset" actions={<OpenAsset asset={a} />}>
          <FieldGrid cols={4}>
            <Field label="Persona">{a.personaName ?? "Any persona"}</Field>
            <Field label="Funnel stage">
              {a.funnelStage ? LIBRARY_STAGE_LABELS[a.funnelStage] : "Any stage"}
            </Field>
            <Field label="Industry">{a.industry}</Field>
            <Field label="Owner">{a.ownerName}</Field>
            {a.kind === "statistic" && <Field label="Source">{a.source}</Field>}
            {a.kind === "statistic" && <Field label="Published">{formatDate(a.sourceDate)}</Field>}
            <Field label="Tags">{a.tags.length ? a.tags.join(", ") : null}</Field>
            <Field label="File">
              {a.file ? `${a.file.name} (${Math.max(1, Math.round(a.file.size / 1024))} KB)` : null}
            </Field>
          </FieldGrid>
        </Section>
        <Influence id={a.id} />
        <Shares id={a.id} onShare={a.archivedAt ? undefined : () => setSharing(true)} />
      </Stack>
      {sharing && <ShareModal asset={a} onClose={() => setSharing(false)} />}
    </>
  );
}

function OpenAsset({ asset }: { asset: Asset }) {
  const upload = useUploadAssetFile(asset.id);
  const [busy, setBusy] = useState(false);
  const onFile = (file: File | null) => {
    if (!file) return;
    const problem = fileProblem(file);
    if (problem) {
      notifications.show({
        color: "red",
        title: "This file cannot be uploaded",
        message: `The file ${problem}.`,
      });
      return;
    }
    upload.mutate(file, {
      onSuccess: () => notifications.show({ color: "green", message: `${file.name} uploaded.` }),
      onError: (error) =>
        notifications.show({ color: "red", title: "Upload failed", message: errorMessage(error) }),
    });
  };
  return (
    <Group gap="xs">
      {asset.url && (
        <Button
          component="a"
          href={asset.url}
          target="_blank"
          rel="noreferrer"
          variant="default"
          size="xs"
          leftSection={<IconExternalLink size={14} />}
        >
          Open link
        </Button>
      )}
      {asset.file && (
        <Button
          variant="default"
          size="xs"
          loading={busy}
          leftSection={<IconDownload size={14} />}
          onClick={async () => {
            setBusy(true);
            try {
              await downloadAssetFile(asset);
            } catch (error) {
              notifications.show({ color: "red", title: "Download failed", message: errorMessage(error) });
            } finally {
              setBusy(false);
            }
          }}
        >
          Download
        </Button>
      )}
      <FileButton onChange={onFile} accept={ACCEPTED_FILES}>
        {(props) => (
          <Button
            {...props}
            variant="default"
            size="xs"
            loading={upload.isPending}
            leftSection={<IconUpload size={14} />}
          >
            {asset.file ? "Replace file" : "Upload file"}
          </Button>
        )}
      </FileButton>
    </Group>
  );
}

function ArchiveToggle({ asset }: { asset: Asset }) {
  const archive = useArchiveAsset(asset.id);
  const archived = Boolean(asset.archivedAt);
  return (
    <Button
      variant="default"
      loading={archive.isPending}
      leftSection={archived ? <IconRestore size={16} /> : <IconArchive size={16} />}
      onClick={() =>
        archive.mutate(!archived, {
          onError: (error) => notifications.show({ color: "red", message: errorMessage(error) }),
        })
      }
    >
      {archived ? "Restore" : "Archive"}
    </Button>
  );
}

function Influence({ id }: { id: string }) {
  const usage = useAssetUsage(id);
  return (
    <Section
      title="Use and influence on won deals"
      description={
        usage.data
          ? `${formatDate(usage.data.period.from)} to ${formatDate(usage.data.period.to)}, as the reports: a won deal counts when a share of this asset is in its journey (the touches of its contacts in the ${usage.data.lookbackDays} days before the win).`
          : undefined
      }
    >
      {usage.isPending ? (
        <TableSkeleton rows={2} />
      ) : usage.isError ? (
        <ErrorAlert error={usage.error} onRetry={() => usage.refetch()} />
      ) : (
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
            <Stat
              label="Times shared"
              value={usage.data.shares}
              testId="usage-shares"
              hint={`with ${count(usage.data.contacts, "contact")} by ${count(usage.data.members, "member")}`}
            />
            <Stat
              label="Won deals influenced"
              value={usage.data.influence.wonDeals}
              testId="usage-won"
              hint={`of ${usage.data.influence.allWonDeals} won in the period`}
            />
            <Stat
              label="Their revenue"
              value={formatMoney(usage.data.influence.revenue)}
              hint={`of ${formatMoney(usage.data.influence.allRevenue)} won`}
            />
            <Stat
              label="Share of won revenue"
              value={
                usage.data.influence.allRevenue > 0
                  ? `${Math.round((usage.data.influence.revenue / usage.data.influence.allRevenue) * 100)}%`
                  : "—"
              }
            />
          </SimpleGrid>
          {usage.data.influence.deals.length > 0 && (
            <DataTable minWidth={560}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Won deal</Table.Th>
                  <Table.Th ta="right">Amount</Table.Th>
                  <Table.Th>Won on</Table.Th>
                  <Table.Th>Shared on</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {usage.data.influence.deals.map((d) => (
                  <Table.Tr key={d.opportunityId}>
                    <Table.Td>
                      <Anchor component={Link} to={`/opportunities/${d.opportunityId}`} size="sm">
                        {d.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td ta="right">{formatMoney(d.amount)}</Table.Td>
                    <Table.Td>{formatDate(d.closedAt)}</Table.Td>
                    <Table.Td>{formatDate(d.sharedAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </DataTable>
          )}
        </Stack>
      )}
    </Section>
  );
}

function Shares({ id, onShare }: { id: string; onShare?: () => void }) {
  const shares = useAssetShares(id);
  return (
    <Section
      title="Shared with"
      description="Every time sales marked this asset shared with a contact, newest first."
    >
      {shares.isPending ? (
        <TableSkeleton rows={3} />
      ) : shares.isError ? (
        <ErrorAlert error={shares.error} onRetry={() => shares.refetch()} />
      ) : shares.items.length === 0 ? (
        <EmptyBlock
          icon={<IconShare size={28} />}
          title="Not shared yet"
          description="When you send this asset to a prospect, mark it here: it goes on the contact's timeline and counts toward the asset's influence."
          action={
            onShare && (
              <Button variant="default" onClick={onShare}>
                Mark shared with a contact
              </Button>
            )
          }
        />
      ) : (
        <>
          <DataTable minWidth={520}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Contact</Table.Th>
                <Table.Th>Shared by</Table.Th>
                <Table.Th>When</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody data-testid="asset-share-list">
              {shares.items.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/contacts/${s.contactId}`} size="sm">
                      {s.contactName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{s.memberName}</Table.Td>
                  <Table.Td>{formatDateTime(s.sharedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </DataTable>
          <LoadMore
            hasNextPage={shares.hasNextPage}
            isFetchingNextPage={shares.isFetchingNextPage}
            fetchNextPage={shares.fetchNextPage}
            count={shares.items.length}
            noun="share"
          />
        </>
      )}
    </Section>
  );
}

function ShareModal({ asset, onClose }: { asset: Asset; onClose: () => void }) {
  const share = useShareAsset(asset.id);
  const [contactId, setContactId] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal opened onClose={onClose} title={`Mark “${asset.title}” shared`}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!contactId) {
            setError("Choose the contact you shared it with");
            return;
          }
          share.mutate(
            { contactId, note },
            {
              onSuccess: (saved) => {
                notifications.show({
                  color: "green",
                  message: `Shared with ${saved.contactName}: it is on their timeline.`,
                });
                onClose();
              },
              onError: (e) => setError(errorMessage(e)),
            },
          );
        }}
      >
        <Stack gap="sm">
          <RecordSelect
            resource="contacts"
            label="Contact"
            placeholder="Search by name or email"
            value={contactId}
            onChange={(v) => {
              setContactId(v);
              setError(null);
            }}
            error={error}
            data-autofocus
          />
          <Textarea
            label="Note"
            placeholder="Sent after the demo…"
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
          <Text size="xs" c="dimmed">
            A “Content shared” touch goes on the contact's timeline, now, in your name.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={share.isPending}>
              Mark shared
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
