// A contact's personal data (admins): download everything Lockstep holds about the person (an access
// request), or erase them (an erasure request) after typing their email to confirm.
import { Alert, Button, Group, List, Menu, Modal, Stack, Text, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconChevronDown, IconDownload, IconEraser, IconShieldLock } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Contact } from "../../../shared/contacts";
import { client, errorMessage, ok } from "../../lib/api";
import { fileNameOf, saveBlob } from "../../lib/download";
import { usePermissions } from "../session/session";

/** Saves the export as a file: read as a blob (not parsed), under the name the server gives it. */
async function downloadPersonalData(contactId: string) {
  const { data, response } = await client.GET("/api/contacts/{id}/personal-data", {
    params: { path: { id: contactId } },
    parseAs: "blob",
  });
  // A refusal has already thrown its ApiError (lib/api middleware), so the file is there.
  saveBlob(data as Blob, fileNameOf(response, `contact-${contactId}-personal-data.json`));
}

function EraseModal({ contact, onClose }: { contact: Contact; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [confirm, setConfirm] = useState("");
  const expected = contact.email ?? "ERASE";
  const matches = contact.email
    ? confirm.trim().toLowerCase() === contact.email.toLowerCase()
    : confirm.trim() === "ERASE";
  const erase = useMutation({
    mutationFn: () =>
      ok(
        client.POST("/api/contacts/{id}/erase", { params: { path: { id: contact.id } }, body: { confirm } }),
      ),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: ["contacts"] });
      notifications.show({
        color: "green",
        title: "Personal data erased",
        message: `Removed ${result.erasedFields.length} personal fields, ${result.identitiesDeleted} tracking identities; anonymised ${result.touchesAnonymised} touches. Reports are unchanged.`,
      });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title="Erase this person's personal data" size="lg">
      <Stack gap="sm">
        <Alert color="red" title="This cannot be undone">
          Use it for an erasure request from the person. Lockstep keeps the contact as “Erased contact” so
          that every count, stage, decision and score stays as it was.
        </Alert>
        <List size="sm" spacing={4}>
          <List.Item>
            Email, name, phone, title, custom properties and the source-system id are removed.
          </List.Item>
          <List.Item>
            Tracking identities are deleted; touches keep only their type, time, channel and campaign.
          </List.Item>
          <List.Item>
            Comments on sales' decisions are cleared; the name and email are removed from notifications and
            routing notes.
          </List.Item>
          <List.Item>The audit log records that it happened, without the erased values.</List.Item>
        </List>
        <TextInput
          label={contact.email ? "Type the contact's email address to confirm" : "Type ERASE to confirm"}
          description={contact.email ? expected : "This contact has no email address."}
          value={confirm}
          onChange={(e) => setConfirm(e.currentTarget.value)}
          data-autofocus
          autoComplete="off"
        />
        {erase.isError && (
          <Text c="red" size="sm" role="alert">
            {errorMessage(erase.error)}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            color="red"
            leftSection={<IconEraser size={16} />}
            disabled={!matches}
            loading={erase.isPending}
            onClick={() => erase.mutate()}
          >
            Erase personal data
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Shown to admins only: personal-data requests are theirs to handle. */
export function PersonalDataMenu({ contact }: { contact: Contact }) {
  const { isAdmin } = usePermissions();
  const [erasing, setErasing] = useState(false);
  if (!isAdmin) return null;
  const erased = typeof contact.properties?.erasedAt === "string";
  const exportAll = () =>
    downloadPersonalData(contact.id).catch((error: unknown) =>
      notifications.show({ color: "red", title: "Export failed", message: errorMessage(error) }),
    );
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button
            variant="default"
            leftSection={<IconShieldLock size={16} />}
            rightSection={<IconChevronDown size={14} />}
          >
            Personal data
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconDownload size={16} />} onClick={() => void exportAll()}>
            Export everything (JSON)
          </Menu.Item>
          <Menu.Item
            color="red"
            leftSection={<IconEraser size={16} />}
            disabled={erased}
            onClick={() => setErasing(true)}
          >
            {erased ? "Already erased" : "Erase this person…"}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {erasing && <EraseModal contact={contact} onClose={() => setErasing(false)} />}
    </>
  );
}
