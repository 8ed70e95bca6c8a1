// The tracking settings' calls to the API: the write keys (through the shared key hooks) and the event
// mapping that decides which touch type each tracked event becomes.
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, errorMessage } from "../../lib/api";
import { label, TOUCH_TYPE_LABELS } from "../../lib/format";
import { useKeys } from "../api-keys/key-parts";

export const WRITE_KEYS_PATH = "/api/write-keys";

export interface WriteKey {
  id: string;
  name: string;
  kind: "ingest";
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
export interface CreatedWriteKey extends WriteKey {
  key: string;
}
export interface EventMapping {
  eventName: string;
  touchType: string;
  isDefault: boolean;
}

const EVENT_MAPPING_KEY = ["event-mapping"];

export function useWriteKeys(enabled: boolean) {
  return useKeys<WriteKey>(
    WRITE_KEYS_PATH,
    enabled,
    (key) => `Write key “${key.name}” revoked. Anything still sending with it is now refused.`,
  );
}

/** The mapping, sorted by event name so a row stays where it was after a change. */
export function useEventMapping() {
  const query = useQuery({
    queryKey: EVENT_MAPPING_KEY,
    queryFn: ({ signal }) => api.get<{ items: EventMapping[] }>("/api/event-mapping", undefined, signal),
  });
  const items = [...(query.data?.items ?? [])].sort((a, b) => a.eventName.localeCompare(b.eventName));
  return { ...query, items };
}

/** Maps an event name to a touch type (new or changed); says so in a notice. */
export function useSaveEventMapping(
  options: { onSaved?: () => void; onError?: (error: unknown) => void } = {},
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (row: { eventName: string; touchType: string }) =>
      api.put<EventMapping>("/api/event-mapping", row),
    onSuccess: (row) => {
      notifications.show({
        color: "green",
        message: `“${row.eventName}” now becomes a ${label(TOUCH_TYPE_LABELS, row.touchType)} touch.`,
      });
      options.onSaved?.();
      void queryClient.invalidateQueries({ queryKey: EVENT_MAPPING_KEY });
    },
    onError:
      options.onError ??
      ((error) =>
        notifications.show({ color: "red", title: "Mapping not saved", message: errorMessage(error) })),
  });
}
