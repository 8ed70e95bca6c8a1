// A lead's SLA clocks and assignment history, the routing queue, and assigning a lead by hand.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
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

/** The accept-or-reject clocks of a page of contacts, in one request (refreshed every minute). */
export function useAnswerClocks(contactIds: string[]) {
  return useQuery({
    queryKey: ["contacts", "sla", "answer", contactIds.join(",")],
    queryFn: ({ signal }) =>
      ok(
        client.GET("/api/sla/answer-clocks", {
          params: { query: { contactIds: contactIds.join(",") } },
          signal,
        }),
      ),
    enabled: contactIds.length > 0,
    refetchInterval: 60_000,
  });
}

/** The routing queue a page at a time (oldest first); the first page carries the total. */
export function useRoutingQueue(enabled: boolean) {
  return useInfiniteQuery({
    queryKey: ["routing", "queue"],
    queryFn: ({ signal, pageParam }) =>
      ok(client.GET("/api/routing/queue", { params: { query: { cursor: pageParam, limit: 25 } }, signal })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled,
    refetchInterval: 30_000,
  });
}

/** Gives the chosen waiting MQLs to one member in one request (all or none). */
export function useAssignLeads() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { contactIds: string[]; memberId: string }) =>
      ok(client.POST("/api/routing/assign", { body })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["routing"] });
      void queryClient.invalidateQueries({ queryKey: ["contacts"] });
    },
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
