// Joint meetings: series, meetings, agendas, attendance, notes and action items. Queries and mutations; the
// invite and Markdown downloads.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type {
  Agenda,
  createActionItemSchema,
  createMeetingSeriesSchema,
  MeetingSeries,
  Occurrence,
  updateActionItemSchema,
} from "../../../shared/rituals";
import { client, ok } from "../../lib/api";

export type { Agenda, MeetingSeries, Occurrence };
export const MEETINGS_KEY = ["meetings"] as const;

export function useMeetingSeries() {
  return useQuery({
    queryKey: [...MEETINGS_KEY, "series"],
    queryFn: ({ signal }) => ok(client.GET("/api/meetings", { signal })),
  });
}

export function usePastMeetings(seriesId: string) {
  return useInfiniteQuery({
    queryKey: [...MEETINGS_KEY, "occurrences", seriesId],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ signal, pageParam }) =>
      ok(
        client.GET("/api/meetings/{id}/occurrences", {
          params: { path: { id: seriesId }, query: { limit: 5, cursor: pageParam } },
          signal,
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useOccurrence(id: string) {
  return useQuery({
    queryKey: [...MEETINGS_KEY, "occurrence", id],
    queryFn: ({ signal }) =>
      ok(client.GET("/api/meeting-occurrences/{id}", { params: { path: { id } }, signal })),
  });
}

export function useAgenda(id: string) {
  return useQuery({
    queryKey: [...MEETINGS_KEY, "agenda", id],
    queryFn: ({ signal }) =>
      ok(client.GET("/api/meeting-occurrences/{id}/agenda", { params: { path: { id } }, signal })),
  });
}

export type SeriesInput = z.input<typeof createMeetingSeriesSchema>;

export function usePlanMeeting() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SeriesInput) => ok(client.POST("/api/meetings", { body: input })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: MEETINGS_KEY }),
  });
}

export function useEndSeries() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => ok(client.DELETE("/api/meetings/{id}", { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: MEETINGS_KEY }),
  });
}

/** Every change to a meeting's record refreshes the meeting, its agenda and the series list. */
function useRecordMutation<I, O>(run: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: MEETINGS_KEY }),
  });
}

export function useHoldMeeting(id: string) {
  return useRecordMutation(() =>
    ok(client.POST("/api/meeting-occurrences/{id}/hold", { params: { path: { id } } })),
  );
}

export function useSetAttendance(id: string) {
  return useRecordMutation((presentMemberIds: string[]) =>
    ok(
      client.PUT("/api/meeting-occurrences/{id}/attendance", {
        params: { path: { id } },
        body: { presentMemberIds },
      }),
    ),
  );
}

export function useSetNotes(id: string) {
  return useRecordMutation((notes: string) =>
    ok(client.PUT("/api/meeting-occurrences/{id}/notes", { params: { path: { id } }, body: { notes } })),
  );
}

export function useAddActionItem(occurrenceId: string) {
  return useRecordMutation((input: z.input<typeof createActionItemSchema>) =>
    ok(
      client.POST("/api/meeting-occurrences/{id}/action-items", {
        params: { path: { id: occurrenceId } },
        body: input,
      }),
    ),
  );
}

export function useUpdateActionItem() {
  return useRecordMutation(({ id, ...change }: { id: string } & z.input<typeof updateActionItemSchema>) =>
    ok(client.PATCH("/api/action-items/{id}", { params: { path: { id } }, body: change })),
  );
}
