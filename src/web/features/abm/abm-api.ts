// ABM on the web: the queries and mutations of target-account lists (and their jointly approved changes),
// the journey thresholds, segments' numbers, an account's journey, committee and timeline, plays, runs and
// tasks. The server enforces who may do what; the hooks only refresh what a change affects.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type {
  createPlaySchema,
  proposeTargetListChangeSchema,
  TargetTier,
  updateAbmSettingsSchema,
} from "../../../shared/abm";
import { client, ok } from "../../lib/api";

export const ABM_KEY = ["abm"] as const;

function useRefreshAbm() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ABM_KEY });
}

export const useTargetLists = (archived = false) =>
  useQuery({
    queryKey: [...ABM_KEY, "lists", archived],
    queryFn: ({ signal }) =>
      ok(
        client.GET("/api/target-lists", {
          params: { query: { archived: archived ? "true" : undefined } },
          signal,
        }),
      ),
  });

export const useTargetList = (id: string) =>
  useQuery({
    queryKey: [...ABM_KEY, "list", id],
    queryFn: ({ signal }) => ok(client.GET("/api/target-lists/{id}", { params: { path: { id } }, signal })),
  });

export const useTargetAccounts = (
  id: string | null,
  query: { tier?: TargetTier; q?: string; offset: number; limit: number },
) =>
  useQuery({
    queryKey: [...ABM_KEY, "list", id, "accounts", query],
    queryFn: ({ signal }) =>
      ok(
        client.GET("/api/target-lists/{id}/accounts", {
          params: { path: { id: id as string }, query },
          signal,
        }),
      ),
    enabled: id != null,
    placeholderData: keepPreviousData,
  });

export const useListChanges = (id: string) =>
  useQuery({
    queryKey: [...ABM_KEY, "list", id, "versions"],
    queryFn: ({ signal }) =>
      ok(client.GET("/api/target-lists/{id}/versions", { params: { path: { id } }, signal })),
  });

export const useListHistory = (id: string) =>
  useQuery({
    queryKey: [...ABM_KEY, "list", id, "history"],
    queryFn: ({ signal }) =>
      ok(client.GET("/api/target-lists/{id}/history", { params: { path: { id } }, signal })),
  });

export function useCreateTargetList() {
  const refresh = useRefreshAbm();
  return useMutation({
    mutationFn: (body: { name: string; description?: string; podId?: string | null }) =>
      ok(client.POST("/api/target-lists", { body: { description: "", ...body } })),
    onSuccess: refresh,
  });
}

export function usePropose(listId: string) {
  const refresh = useRefreshAbm();
  return useMutation({
    mutationFn: (body: z.input<typeof proposeTargetListChangeSchema>) =>
      ok(client.POST("/api/target-lists/{id}/versions", { params: { path: { id: listId } }, body })),
    onSuccess: refresh,
  });
}

export type ChangeAction = "approve" | "withdraw" | "retire";

export function useChangeAction(listId: string) {
  const refresh = useRefreshAbm();
  return useMutation({
    mutationFn: ({ version, action }: { version: number; action: ChangeAction }) => {
      const params = { path: { id: listId, version } };
      if (action === "approve")
        return ok(client.POST("/api/target-lists/{id}/versions/{version}/approval", { params }));
      if (action === "withdraw")
        return ok(client.DELETE("/api/target-lists/{id}/versions/{version}/approval", { params }));
      return ok(client.POST("/api/target-lists/{id}/versions/{version}/retire", { params }));
    },
    onSuccess: refresh,
  });
}

export const useAbmSettings = () =>
  useQuery({
    queryKey: [...ABM_KEY, "settings"],
    queryFn: ({ signal }) => ok(client.GET("/api/abm/settings", { signal })),
  });

export function useSaveAbmSettings() {
  const refresh = useRefreshAbm();
  return useMutation({
    mutationFn: (body: z.input<typeof updateAbmSettingsSchema>) =>
      ok(client.PUT("/api/abm/settings", { body })),
    onSuccess: refresh,
  });
}

export const useSegmentNumbers = () =>
  useQuery({
    queryKey: [...ABM_KEY, "segment-numbers"],
    queryFn: ({ signal }) => ok(client.GET("/api/abm/segment-numbers", { signal })),
  });

export const useSegmentAccounts = (id: string, offset: number, limit: number) =>
  useQuery({
    queryKey: [...ABM_KEY, "segment", id, offset, limit],
    queryFn: ({ signal }) =>
      ok(
        client.GET("/api/segments/{id}/accounts", {
          params: { path: { id }, query: { offset, limit } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });

export const useAccountJourney = (id: string) =>
  useQuery({
    queryKey: [...ABM_KEY, "account", id, "journey"],
    queryFn: ({ signal }) =>
      ok(client.GET("/api/accounts/{id}/journey", { params: { path: { id } }, signal })),
  });

export const useCommittee = (id: string) =>
  useQuery({
    queryKey: [...ABM_KEY, "account", id, "committee"],
    queryFn: ({ signal }) =>
      ok(client.GET("/api/accounts/{id}/committee", { params: { path: { id } }, signal })),
  });

export const useAccountTimeline = (
  id: string,
  team: "marketing" | "sales" | undefined,
  cursor: string | undefined,
) =>
  useQuery({
    queryKey: [...ABM_KEY, "account", id, "timeline", team, cursor],
    queryFn: ({ signal }) =>
      ok(
        client.GET("/api/accounts/{id}/timeline", {
          params: { path: { id }, query: { team, cursor, limit: 20 } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });

export const usePlays = (archived = false) =>
  useQuery({
    queryKey: [...ABM_KEY, "plays", archived],
    queryFn: ({ signal }) =>
      ok(
        client.GET("/api/plays", { params: { query: { archived: archived ? "true" : undefined } }, signal }),
      ),
  });

export const usePlay = (id: string) =>
  useQuery({
    queryKey: [...ABM_KEY, "play", id],
    queryFn: ({ signal }) => ok(client.GET("/api/plays/{id}", { params: { path: { id } }, signal })),
  });

export function useCreatePlay() {
  const refresh = useRefreshAbm();
  return useMutation({
    mutationFn: (body: z.input<typeof createPlaySchema>) => ok(client.POST("/api/plays", { body })),
    onSuccess: refresh,
  });
}

export function useStartPlay(playId: string) {
  const refresh = useRefreshAbm();
  return useMutation({
    mutationFn: (body: { accountIds: string[]; startDate?: string }) =>
      ok(client.POST("/api/plays/{id}/runs", { params: { path: { id: playId } }, body })),
    onSuccess: refresh,
  });
}

export const usePlayRuns = (query: { playId?: string; accountId?: string }) =>
  useQuery({
    queryKey: [...ABM_KEY, "runs", query],
    queryFn: ({ signal }) => ok(client.GET("/api/play-runs", { params: { query }, signal })),
  });

export type TaskQuery = {
  runId?: string;
  playId?: string;
  accountId?: string;
  status?: "open" | "done" | "skipped" | "overdue";
  offset: number;
  limit: number;
};

export const usePlayTasks = (query: TaskQuery) =>
  useQuery({
    queryKey: [...ABM_KEY, "tasks", query],
    queryFn: ({ signal }) => ok(client.GET("/api/play-tasks", { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });

export function useFinishTask() {
  const refresh = useRefreshAbm();
  return useMutation({
    mutationFn: ({ id, skip, text }: { id: string; skip: boolean; text: string }) =>
      skip
        ? ok(client.POST("/api/play-tasks/{id}/skip", { params: { path: { id } }, body: { reason: text } }))
        : ok(
            client.POST("/api/play-tasks/{id}/complete", { params: { path: { id } }, body: { note: text } }),
          ),
    onSuccess: refresh,
  });
}
