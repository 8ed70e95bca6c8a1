// A lead's SLA clocks and assignment history, the routing queue, and assigning a lead by hand.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { routingQueueItemSchema } from "../../../shared/sla";
import { client, ok } from "../../lib/api";

export type RoutingQueueItem = z.infer<typeof routingQueueItemSchema>;

/** Refetched every minute so countdowns stay honest across openings, closings and breaches. */
export function useContactSla(contactId: string) {
  return useQuery({
    queryKey: ["contacts", "sla", contactId],
    queryFn: ({ signal }) =>
      ok(client.GET("/api/contacts/{id}/sla", { params: { path: { id: contactId } }, signal })),
    refetchInterval: 60_000,
  });
}

export function useRoutingQueue(enabled: boolean) {
  return useQuery({
    queryKey: ["routing", "queue"],
    queryFn: ({ signal }) => ok(client.GET("/api/routing/queue", { signal })),
    enabled,
    refetchInterval: 30_000,
  });
}

export function useAssignLead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ contactId, memberId }: { contactId: string; memberId: string }) =>
      ok(
        client.POST("/api/contacts/{id}/assign", { params: { path: { id: contactId } }, body: { memberId } }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["routing"] });
      void queryClient.invalidateQueries({ queryKey: ["contacts"] });
    },
  });
}
