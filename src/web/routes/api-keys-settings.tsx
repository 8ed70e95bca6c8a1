// Settings → API keys (admins): every key of the workspace with what it may do in plain words, its first
// characters, when it was made and last used; a new key is shown once to copy; revoking asks first.
import { Anchor, Badge, Code, Group, Radio, Stack, Text } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useState } from "react";
import {
  API_KEY_KIND_DESCRIPTIONS,
  API_KEY_KINDS,
  type ApiKeyKind,
  createApiKeyBodySchema,
} from "../../shared/api-keys";
import { KeyList, NewKeyButton, NewKeyModal, useKeys } from "../features/api-keys/key-parts";
import { PageHeader } from "../features/common/page-header";
import { usePermissions } from "../features/session/session";
import { zodErrors } from "../lib/forms";

const KIND_LABELS: Record<ApiKeyKind, string> = {
  read: "Read only",
  full: "Full access",
  ingest: "Tracking (write key)",
};
const KIND_COLORS: Record<ApiKeyKind, string> = { read: "blue", full: "orange", ingest: "grape" };

export function ApiKeysSettingsPage() {
  const { isAdmin } = usePermissions();
  const [creating, setCreating] = useState(false);
  const list = useKeys(
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
        actions={<NewKeyButton noun="API key" onClick={() => setCreating(true)} />}
      />
      <KeyList
        adminNotice={{
          title: "Only admins manage API keys",
          text: "An API key can read or change your workspace's data without anyone signing in, so only admins can see, create and revoke them.",
        }}
        noun="API key"
        list={list}
        rowTestId="api-key-row"
        minWidth={900}
        empty={{
          title: "No API keys yet",
          description:
            "Create a read-only key for reporting, or a full-access key for an integration that writes back.",
        }}
        extraColumn={{
          header: "What it may do",
          cell: (k) => (
            <Stack gap={2}>
              <Badge color={KIND_COLORS[k.kind]} variant="light" w="fit-content">
                {KIND_LABELS[k.kind]}
              </Badge>
              <Text size="xs" c="dimmed">
                {API_KEY_KIND_DESCRIPTIONS[k.kind]}
              </Text>
            </Stack>
          ),
        }}
        revokeWarning="Scripts and tools using this key are refused from now on (within 30 seconds on every server). What they already did stays. A revoked key cannot be turned back on: create a new one to replace it."
      />
      {creating && <NewApiKeyModal onClose={() => setCreating(false)} />}
    </>
  );
}

function NewApiKeyModal({ onClose }: { onClose: () => void }) {
  const form = useForm<{ name: string; kind: ApiKeyKind }>({
    initialValues: { name: "", kind: "read" },
    validate: (values) => zodErrors(createApiKeyBodySchema, values),
  });
  return (
    <NewKeyModal
      noun="API key"
      nameHint="Who or what will use it, e.g. “BI export” or “CRM sync”"
      path="/api/api-keys"
      form={form}
      keyTestId="new-api-key"
      onClose={onClose}
      afterKey={(created) => (
        <>
          <Text size="sm" c="dimmed">
            {API_KEY_KIND_DESCRIPTIONS[created.kind]}
          </Text>
          {created.kind === "ingest" ? (
            <Text size="sm">
              Use it as the write key of the website snippet or of Segment/RudderStack (Settings → Tracking).
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
      )}
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
