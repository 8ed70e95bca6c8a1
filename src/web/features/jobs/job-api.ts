// Background jobs on the web: follow a job until it ends (polling), and ask it to cancel.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Job } from "../../../shared/jobs";
import { client, okAs } from "../../lib/api";

export const jobKey = (id: string) => ["jobs", id] as const;

/** The job, polled every second while it runs; null id waits. */
export function useJob(id: string | null) {
  return useQuery({
    queryKey: jobKey(id ?? ""),
    queryFn: ({ signal }) =>
      okAs<Job>(client.GET("/api/jobs/{id}", { params: { path: { id: id ?? "" } }, signal })),
    enabled: Boolean(id),
    refetchInterval: (query) => (query.state.data?.status === "running" ? 1_000 : false),
  });
}

export function useCancelJob() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => okAs<Job>(client.POST("/api/jobs/{id}/cancel", { params: { path: { id } } })),
    onSuccess: (job) => queryClient.setQueryData(jobKey(job.id), job),
  });
}
