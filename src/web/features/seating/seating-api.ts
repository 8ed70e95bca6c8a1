// The seating-plan mixer: floors (tables and rows, fixed seats), who may be seated, and the plans generated
// for a floor. Queries and mutations over the typed client; every write refreshes the floors and plans.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type {
  createFloorSchema,
  Floor,
  generatePlanSchema,
  Plan,
  PlanArea,
  PlanSeat,
  PlanSummary,
  SeatableMember,
} from "../../../shared/seating";
import { client, ok } from "../../lib/api";

export type { Floor, Plan, PlanArea, PlanSeat, PlanSummary, SeatableMember };
export type FloorInput = z.input<typeof createFloorSchema>;
export type PlanInput = z.input<typeof generatePlanSchema>;
export const SEATING_KEY = ["seating"] as const;

/** The workspace's floors (not archived), by name; a floor plan rarely has more than a handful. */
export function useFloors() {
  return useQuery({
    queryKey: [...SEATING_KEY, "floors"],
    queryFn: ({ signal }) =>
      ok(client.GET("/api/seating/floors", { params: { query: { sort: "name", limit: 100 } }, signal })),
  });
}

export function useFloor(id: string | null) {
  return useQuery({
    queryKey: [...SEATING_KEY, "floor", id],
    enabled: id !== null,
    queryFn: ({ signal }) =>
      ok(client.GET("/api/seating/floors/{id}", { params: { path: { id: id ?? "" } }, signal })),
  });
}

/** Who may be seated: every member with their team and the pod they sit with. */
export function useSeatableMembers() {
  return useQuery({
    queryKey: [...SEATING_KEY, "members"],
    queryFn: ({ signal }) => ok(client.GET("/api/seating/members", { signal })),
    staleTime: 30_000,
  });
}

/** A floor's plans, newest first, five at a time. */
export function usePlans(floorId: string) {
  return useInfiniteQuery({
    queryKey: [...SEATING_KEY, "plans", floorId],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ signal, pageParam }) =>
      ok(
        client.GET("/api/seating/floors/{id}/plans", {
          params: { path: { id: floorId }, query: { limit: 5, cursor: pageParam } },
          signal,
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function usePlan(id: string | null) {
  return useQuery({
    queryKey: [...SEATING_KEY, "plan", id],
    enabled: id !== null,
    queryFn: ({ signal }) =>
      ok(client.GET("/api/seating/plans/{id}", { params: { path: { id: id ?? "" } }, signal })),
  });
}

function useSeatingMutation<I, O>(run: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: SEATING_KEY }),
  });
}

export function useCreateFloor() {
  return useSeatingMutation((input: FloorInput) => ok(client.POST("/api/seating/floors", { body: input })));
}

export function useUpdateFloor(id: string) {
  return useSeatingMutation((input: FloorInput) =>
    ok(client.PATCH("/api/seating/floors/{id}", { params: { path: { id } }, body: input })),
  );
}

export function useArchiveFloor() {
  return useSeatingMutation((id: string) =>
    ok(client.DELETE("/api/seating/floors/{id}", { params: { path: { id } } })),
  );
}

export function useGeneratePlan(floorId: string) {
  return useSeatingMutation((input: PlanInput) =>
    ok(client.POST("/api/seating/floors/{id}/plans", { params: { path: { id: floorId } }, body: input })),
  );
}
