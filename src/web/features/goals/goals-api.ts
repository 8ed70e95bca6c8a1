// Targets, the reverse funnel, goals and shared wins from the API; every number is computed by the server
// from the records (the web never counts).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CreateGoal, PlanQuery } from "../../../shared/goals";
import { client, ok } from "../../lib/api";

export const GOALS_KEY = ["goals"] as const;

export function useTargets() {
  return useQuery({
    queryKey: [...GOALS_KEY, "targets"],
    queryFn: ({ signal }) => ok(client.GET("/api/targets", { signal })),
  });
}

export function usePlan(period: string, whatIf: PlanQuery) {
  return useQuery({
    queryKey: [...GOALS_KEY, "plan", period, whatIf],
    queryFn: ({ signal }) =>
      ok(client.GET("/api/targets/{period}/plan", { params: { path: { period }, query: whatIf }, signal })),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useGoals(period: string) {
  return useQuery({
    queryKey: [...GOALS_KEY, "list", period],
    queryFn: ({ signal }) => ok(client.GET("/api/goals", { params: { query: { period } }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useSharedWins(period: string) {
  return useQuery({
    queryKey: [...GOALS_KEY, "wins", period],
    queryFn: ({ signal }) => ok(client.GET("/api/shared-wins", { params: { query: { period } }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useRevenueCockpit() {
  return useQuery({
    queryKey: [...GOALS_KEY, "cockpit"],
    queryFn: ({ signal }) => ok(client.GET("/api/cockpit/revenue-team", { signal })),
    refetchInterval: 60_000,
  });
}

/** Every change to targets, goals or wins refreshes all of them (progress, roll-ups and wins move together). */
function useGoalsMutation<A, R>(run: (args: A) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: GOALS_KEY }),
  });
}

export function useSetTarget() {
  return useGoalsMutation(({ period, amount, note }: { period: string; amount: number; note: string }) =>
    ok(client.PUT("/api/targets/{period}", { params: { path: { period } }, body: { amount, note } })),
  );
}

export function useDeleteTarget() {
  return useGoalsMutation((period: string) =>
    ok(client.DELETE("/api/targets/{period}", { params: { path: { period } } })),
  );
}

export function usePropose() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ period, whatIf }: { period: string; whatIf: Omit<PlanQuery, "amount"> }) =>
      ok(client.POST("/api/targets/{period}/propose", { params: { path: { period } }, body: whatIf })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["sla"] }),
  });
}

export function useCreateGoal() {
  return useGoalsMutation((body: CreateGoal) => ok(client.POST("/api/goals", { body })));
}

export function useUpdateGoal() {
  return useGoalsMutation(({ id, target }: { id: string; target: number }) =>
    ok(client.PATCH("/api/goals/{id}", { params: { path: { id } }, body: { target } })),
  );
}

export function useDeleteGoal() {
  return useGoalsMutation((id: string) => ok(client.DELETE("/api/goals/{id}", { params: { path: { id } } })));
}

export function useCreateSharedWin() {
  return useGoalsMutation((body: { name: string; goalIds: string[] }) =>
    ok(client.POST("/api/shared-wins", { body })),
  );
}

export function useDeleteSharedWin() {
  return useGoalsMutation((id: string) =>
    ok(client.DELETE("/api/shared-wins/{id}", { params: { path: { id } } })),
  );
}
