// Enablement: training, shadowing and job rotation sessions, their feedback and coverage. Queries and mutations.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type {
  Coverage,
  completeEnablementSchema,
  createEnablementSchema,
  EnablementKind,
  EnablementSession,
  EnablementStatus,
  enablementFeedbackSchema,
} from "../../../shared/rituals";
import { client, ok } from "../../lib/api";

export type { Coverage, EnablementSession };
export const ENABLEMENT_KEY = ["enablement"] as const;

export function useEnablementSessions(filters: { kind?: EnablementKind; status?: EnablementStatus }) {
  return useInfiniteQuery({
    queryKey: [...ENABLEMENT_KEY, "list", filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ signal, pageParam }) =>
      ok(
        client.GET("/api/enablement", {
          params: { query: { ...filters, cursor: pageParam, limit: 25 } },
          signal,
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useCoverage(months: number) {
  return useQuery({
    queryKey: [...ENABLEMENT_KEY, "coverage", months],
    queryFn: ({ signal }) =>
      ok(client.GET("/api/enablement/coverage", { params: { query: { months } }, signal })),
  });
}

function useEnablementMutation<I, O>(run: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ENABLEMENT_KEY }),
  });
}

export type EnablementInput = z.input<typeof createEnablementSchema>;

export function useScheduleEnablement() {
  return useEnablementMutation((input: EnablementInput) =>
    ok(client.POST("/api/enablement", { body: input })),
  );
}

export function useCompleteEnablement() {
  return useEnablementMutation(({ id, ...body }: { id: string } & z.input<typeof completeEnablementSchema>) =>
    ok(client.POST("/api/enablement/{id}/complete", { params: { path: { id } }, body })),
  );
}

export function useCancelEnablement() {
  return useEnablementMutation((id: string) =>
    ok(client.POST("/api/enablement/{id}/cancel", { params: { path: { id } } })),
  );
}

export function useGiveEnablementFeedback() {
  return useEnablementMutation(({ id, ...body }: { id: string } & z.input<typeof enablementFeedbackSchema>) =>
    ok(client.PUT("/api/enablement/{id}/feedback", { params: { path: { id } }, body })),
  );
}
