// The messaging guide from the API: every persona's guide at a glance, one persona's guide, saving it,
// writing and approving responses to objections.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { updateMessagingGuideSchema, writeObjectionResponseSchema } from "../../../shared/library";
import { client, ok } from "../../lib/api";
import { OBJECTIONS_KEY } from "../asks/asks-api";

export const MESSAGING_KEY = ["messaging"] as const;

export function useMessagingOverview() {
  return useQuery({
    queryKey: [...MESSAGING_KEY, "overview"],
    queryFn: ({ signal }) => ok(client.GET("/api/messaging", { signal })),
  });
}

export function useMessagingGuide(personaId: string) {
  return useQuery({
    queryKey: [...MESSAGING_KEY, "guide", personaId],
    queryFn: ({ signal }) =>
      ok(client.GET("/api/messaging/{id}", { params: { path: { id: personaId } }, signal })),
  });
}

function useRefresh() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: MESSAGING_KEY });
    void queryClient.invalidateQueries({ queryKey: OBJECTIONS_KEY });
  };
}

export function useSaveGuide(personaId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: z.input<typeof updateMessagingGuideSchema>) =>
      ok(client.PUT("/api/messaging/{id}", { params: { path: { id: personaId } }, body })),
    onSuccess: refresh,
  });
}

export function useWriteResponse(personaId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: z.input<typeof writeObjectionResponseSchema>) =>
      ok(client.POST("/api/messaging/{id}/responses", { params: { path: { id: personaId } }, body })),
    onSuccess: refresh,
  });
}

export function useApproveResponse() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (id: string) =>
      ok(client.POST("/api/objection-responses/{id}/approve", { params: { path: { id } } })),
    onSuccess: refresh,
  });
}
