// A content request fulfilled from the library: pick the asset that answers it (the request is delivered),
// and the card links to it.
import { Anchor, Button, Group, Modal, Select, Stack, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconBooks } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { ASSET_KIND_LABELS } from "../../../shared/library";
import { client, errorMessage, ok } from "../../lib/api";
import { ASSETS_KEY, useFulfilRequest } from "./library-api";

/** The linked asset on a request's card, or the button to link one. */
export function RequestAsset({
  request,
}: {
  request: { id: string; title: string; assetId: string | null; assetTitle: string | null };
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      {request.assetId ? (
        <Group gap={4} wrap="nowrap">
          <IconBooks size={12} />
          <Anchor component={Link} to={`/library/assets/${request.assetId}`} size="xs">
            {request.assetTitle}
          </Anchor>
        </Group>
      ) : (
        <Button
          size="xs"
          variant="subtle"
          leftSection={<IconBooks size={14} />}
          onClick={() => setOpen(true)}
        >
          Link a library asset
        </Button>
      )}
      {open && <LinkAssetModal request={request} onClose={() => setOpen(false)} />}
    </>
  );
}

function LinkAssetModal({
  request,
  onClose,
}: {
  request: { id: string; title: string };
  onClose: () => void;
}) {
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search, 250);
  const [assetId, setAssetId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fulfil = useFulfilRequest(request.id);
  const options = useQuery({
    queryKey: [...ASSETS_KEY, "options", q],
    queryFn: ({ signal }) =>
      ok(client.GET("/api/assets", { params: { query: { q: q || undefined, limit: 20 } }, signal })),
  });
  const data = (options.data?.items ?? []).map((a) => ({
    value: a.id,
    label: `${a.title} · ${ASSET_KIND_LABELS[a.kind]}`,
  }));
  return (
    <Modal opened onClose={onClose} title={`Fulfil “${request.title}”`}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!assetId) {
            setError("Choose the asset that answers this request");
            return;
          }
          fulfil.mutate(assetId, {
            onSuccess: (saved) => {
              notifications.show({
                color: "green",
                message: `“${saved.title}” is delivered with ${saved.assetTitle}.`,
              });
              onClose();
            },
            onError: (e) => setError(errorMessage(e)),
          });
        }}
      >
        <Stack gap="sm">
          <Select
            label="Library asset"
            placeholder="Search the library"
            searchable
            data={data}
            value={assetId}
            onChange={(v) => {
              setAssetId(v);
              setError(null);
            }}
            searchValue={search}
            onSearchChange={setSearch}
            filter={({ options: all }) => all}
            nothingFoundMessage={
              options.isFetching ? "Searching…" : "No asset matches: add it to the library first"
            }
            error={error}
            data-autofocus
          />
          <Text size="xs" c="dimmed">
            Linking the asset delivers the request; sales finds it in the library with its persona and stage.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={fulfil.isPending}>
              Link and deliver
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
