// Pieces both key pages share (API keys, tracking write keys): a key's status, its revoke button and the
// revoke confirmation.
import { ActionIcon, Badge, Button, Group, Modal, Stack, Text, Tooltip } from "@mantine/core";
import { IconX } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { formatDateTime } from "../../lib/format";

export function KeyStatus({ revokedAt }: { revokedAt: string | null }) {
  return revokedAt ? (
    <Tooltip label={`Revoked ${formatDateTime(revokedAt)}`}>
      <Badge color="gray" variant="light">
        Revoked
      </Badge>
    </Tooltip>
  ) : (
    <Badge color="green" variant="light">
      Active
    </Badge>
  );
}

export function RevokeKeyButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Tooltip label="Revoke this key">
      <ActionIcon variant="subtle" color="red" aria-label={label} onClick={onClick}>
        <IconX size={16} />
      </ActionIcon>
    </Tooltip>
  );
}

export function RevokeKeyModal({
  title,
  children,
  opened,
  loading,
  onCancel,
  onConfirm,
}: {
  title: string;
  children: ReactNode;
  opened: boolean;
  loading: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onCancel} title={title}>
      <Stack>
        <Text size="sm">{children}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button color="red" loading={loading} onClick={onConfirm}>
            Revoke key
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
