// Settings → API keys (admins): every key of the workspace with what it may do in plain words, its first
// characters, when it was made and last used; a new key is shown once to copy; revoking asks first.
import { Alert, Anchor, Badge, Code, Group, Radio, Stack, Table, Text, Tooltip } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconKey, IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import {
  API_KEY_KIND_DESCRIPTIONS,
  API_KEY_KINDS,
  type ApiKeyKind,
  createApiKeyBodySchema,
} from "../../shared/api-keys";
import {
  KeyStatus,
  NewKeyModal,
  RevokeKeyButton,
  RevokeKeyModal,
  useCreateKey,
  useKeys,
} from "../features/api-keys/key-parts";
import { DataTable } from "../features/common/list";
import { PageHeader } from "../features/common/page-header";
import { EmptyBlock, ErrorAlert, TableSkeleton } from "../features/common/query-states";
import { GuardedButton } from "../features/common/record-actions";
import { usePermissions } from "../features/session/session";
import { formatDate, formatDateTime, fromNow } from "../lib/format";
import { zodErrors } from "../lib/forms";

interface ApiKey {
  id: string;
  name: string;
  kind: ApiKeyKind;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
interface CreatedApiKey extends ApiKey {
  key: string;
}

const KIND_LABELS: Record<ApiKeyKind, string> = {
  read: "Read only",
  full: "Full access",
  ingest: "Tracking (write key)",
};
const KIND_COLORS: Record<ApiKeyKind, string> = { read: "blue", full: "orange", ingest: "grape" };

export function ApiKeysSettingsPage() {
  const { isAdmin, adminOnlyHint } = usePermissions();
  const [creating, setCreating] = useState(false);
  const { keys, items, revoke, revoking, setRevoking } = useKeys<ApiKey>(
    "/api/api-keys",
    isAdmin,
    (key) => `API key “${key.name}” revoked. Anything still using it is now refused.`,
  );

  return (
    <>
      <PageHeader
        title="API keys"
        description={
          <>
            Let your own scripts, BI tools and integrations use Lockstep's API without a person's password.
            Each key belongs to this workspace and is sent as <Code>Authorization: Bearer &lt;key&gt;</Code>{" "}
            (see the{" "}
            <Anchor href="/api/docs" target="_blank" rel="noreferrer" size="sm">
              API docs
            </Anchor>
            ).
          </>
        }
        actions={
          <GuardedButton
            allowed={isAdmin}
            hint={adminOnlyHint}
            leftSection={<IconPlus size={16} />}
            onClick={() => setCreating(true)}
          >
            New API key
          </GuardedButton>
        }
      />
      {!isAdmin ? (
        <Alert color="gray" title="Only admins manage API keys">
          An API key can read or change your workspace's data without anyone signing in, so only admins can
          see, create and revoke them.
        </Alert>
      ) : keys.isPending ? (
        <TableSkeleton rows={3} />
      ) : keys.isError ? (
        <ErrorAlert error={keys.error} onRetry={() => keys.refetch()} title="API keys could not be loaded" />
      ) : items.length === 0 ? (
        <EmptyBlock
          icon={<IconKey size={28} />}
          title="No API keys yet"
          description="Create a read-only key for reporting, or a full-access key for an integration that writes back."
        />
      ) : (
        <DataTable minWidth={900}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>What it may do</Table.Th>
              <Table.Th>Key</Table.Th>
              <Table.Th>Created</Table.Th>
              <Table.Th>Last used</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th aria-label="Actions" />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((k) => (
              <Table.Tr key={k.id} data-testid="api-key-row" c={k.revokedAt ? "dimmed" : undefined}>
                <Table.Td fw={500}>{k.name}</Table.Td>
                <Table.Td maw={360}>
                  <Stack gap={2}>
                    <Badge color={KIND_COLORS[k.kind]} variant="light" w="fit-content">
                      {KIND_LABELS[k.kind]}
                    </Badge>
                    <Text size="xs" c="dimmed">
                      {API_KEY_KIND_DESCRIPTIONS[k.kind]}
                    </Text>
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <Code>{k.prefix}…</Code>
                </Table.Td>
                <Table.Td>{formatDate(k.createdAt)}</Table.Td>
                <Table.Td>
                  {k.lastUsedAt ? (
                    <Tooltip label={formatDateTime(k.lastUsedAt)}>
                      <span>{fromNow(k.lastUsedAt)}</span>
                    </Tooltip>
                  ) : (
                    "never"
                  )}
                </Table.Td>
                <Table.Td>
                  <KeyStatus revokedAt={k.revokedAt} />
                </Table.Td>
                <Table.Td>
                  {!k.revokedAt && (
                    <RevokeKeyButton label={`Revoke API key ${k.name}`} onClick={() => setRevoking(k)} />
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </DataTable>
      )}
      {creating && <NewApiKeyModal onClose={() => setCreating(false)} />}
      <RevokeKeyModal
        opened={revoking !== null}
        title={`Revoke API key “${revoking?.name ?? ""}”?`}
        loading={revoke.isPending}
        onCancel={() => setRevoking(null)}
        onConfirm={() => revoking && revoke.mutate(revoking.id)}
      >
        Scripts and tools using this key are refused from now on (within 30 seconds on every server). What
        they already did stays. A revoked key cannot be turned back on: create a new one to replace it.
      </RevokeKeyModal>
    </>
  );
}

function NewApiKeyModal({ onClose }: { onClose: () => void }) {
  const form = useForm<{ name: string; kind: ApiKeyKind }>({
    initialValues: { name: "", kind: "read" },
    validate: (values) => zodErrors(createApiKeyBodySchema, values),
  });
  const { created, formError, submit, submitting } = useCreateKey<CreatedApiKey, typeof form.values>(
    "/api/api-keys",
    form,
  );
  return (
    <NewKeyModal
      noun="API key"
      nameHint="Who or what will use it, e.g. “BI export” or “CRM sync”"
      form={form}
      createdKey={created?.key ?? null}
      createdName={created?.name ?? ""}
      submit={submit}
      submitting={submitting}
      formError={formError}
      keyTestId="new-api-key"
      onClose={onClose}
      afterKey={
        created && (
          <>
            <Text size="sm" c="dimmed">
              {API_KEY_KIND_DESCRIPTIONS[created.kind]}
            </Text>
            {created.kind === "ingest" ? (
              <Text size="sm">
                Use it as the write key of the website snippet or of Segment/RudderStack (Settings →
                Tracking).
              </Text>
            ) : (
              <Stack gap={4}>
                <Text size="sm" fw={600}>
                  Try it
                </Text>
                <Code block style={{ whiteSpace: "pre-wrap", wordBreak: "break-all" }}>
                  {`curl -H "Authorization: Bearer ${created.key}" ${window.location.origin}/api/contacts`}
                </Code>
              </Stack>
            )}
          </>
        )
      }
      fields={
        <Radio.Group label="What may it do?" required {...form.getInputProps("kind")}>
          <Stack gap="xs" mt="xs">
            {API_KEY_KINDS.map((kind) => (
              <Radio.Card key={kind} value={kind} p="sm" radius="md" aria-label={KIND_LABELS[kind]}>
                <Group wrap="nowrap" align="flex-start">
                  <Radio.Indicator />
                  <Stack gap={2}>
                    <Text fw={600} size="sm">
                      {KIND_LABELS[kind]}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {API_KEY_KIND_DESCRIPTIONS[kind]}
                    </Text>
                  </Stack>
                </Group>
              </Radio.Card>
            ))}
          </Stack>
        </Radio.Group>
      }
    />
  );
}
