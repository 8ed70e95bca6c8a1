// The tracking settings' calls to the API: the write keys (through the shared key hooks) and the event
// mapping that decides which touch type each tracked event becomes.
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { updateEventMappingSchema } from "../../../shared/tracking";
import { client, errorMessage, ok } from "../../lib/api";
import { label, TOUCH_TYPE_LABELS } from "../../lib/format";
import { useKeys } from "../api-keys/key-parts";

export const WRITE_KEYS_PATH = "/api/write-keys";

const EVENT_MAPPING_KEY = ["event-mapping"];

export function useWriteKeys(enabled: boolean) {
  return useKeys(
    WRITE_KEYS_PATH,
    enabled,
    (key) => `Write key “${key.name}” revoked. Anything still sending with it is now refused.`,
  );
}

/** The mapping, sorted by event name so a row stays where it was after a change. */
export function useEventMapping() {
  const query = useQuery({
    queryKey: EVENT_MAPPING_KEY,
    queryFn: ({ signal }) => ok(client.GET("/api/event-mapping", { signal })),
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
    mutationFn: (row: z.input<typeof updateEventMappingSchema>) =>
      ok(client.PUT("/api/event-mapping", { body: row })),
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
