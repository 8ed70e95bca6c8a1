// The recognition wall from the API: pages of posts (newest first), giving kudos, taking a post down.
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { createKudosSchema } from "../../../shared/recognition";
import { client, ok } from "../../lib/api";
import { GOALS_KEY } from "../goals/goals-api";

export const WALL_KEY = ["wall"] as const;

export function useWall(crossTeam: boolean) {
  return useInfiniteQuery({
    queryKey: [...WALL_KEY, crossTeam],
    queryFn: ({ pageParam, signal }) =>
      ok(
        client.GET("/api/wall", {
          params: { query: { cursor: pageParam, limit: 20, crossTeam: crossTeam ? "true" : undefined } },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

function useRefresh() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: WALL_KEY });
    // The cockpit's wall tile lives with the goals.
    void queryClient.invalidateQueries({ queryKey: GOALS_KEY });
  };
}

export function useGiveKudos() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: z.input<typeof createKudosSchema>) => ok(client.POST("/api/wall/kudos", { body })),
    onSuccess: refresh,
  });
}

export function useRemovePost() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (id: string) => ok(client.DELETE("/api/wall/{id}", { params: { path: { id } } })),
    onSuccess: refresh,
  });
}
