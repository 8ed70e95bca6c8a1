// A lead's SLA clocks and assignment history, the routing queue, and assigning a lead by hand.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { LeadAssignment, SlaClock } from "../../../shared/sla";
import { api } from "../../lib/api";

export interface RoutingQueueItem {
  contactId: string;
  name: string;
  email: string | null;
  accountName: string | null;
  mqlAt: string;
  reason: string;
}

/** Refetched every minute so countdowns stay honest across openings, closings and breaches. */
export function useContactSla(contactId: string) {
  return useQuery({
    queryKey: ["contacts", "sla", contactId],
    queryFn: ({ signal }) =>
      api.get<{ clocks: SlaClock[]; assignments: LeadAssignment[] }>(
        `/api/contacts/${contactId}/sla`,
        undefined,
        signal,
      ),
    refetchInterval: 60_000,
  });
}

export function useRoutingQueue(enabled: boolean) {
  return useQuery({
    queryKey: ["routing", "queue"],
    queryFn: ({ signal }) => api.get<{ items: RoutingQueueItem[] }>("/api/routing/queue", undefined, signal),
    enabled,
    refetchInterval: 30_000,
  });
}

export function useAssignLead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ contactId, memberId }: { contactId: string; memberId: string }) =>
      api.post<LeadAssignment>(`/api/contacts/${contactId}/assign`, { memberId }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["routing"] });
      void queryClient.invalidateQueries({ queryKey: ["contacts"] });
    },
  });
}
