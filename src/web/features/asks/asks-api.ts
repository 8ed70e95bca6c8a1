// What sales hears and needs, for marketing: objections (logged by sales, counted per persona) and content
// requests (asked by sales, moved new -> in progress -> delivered -> used by marketing). Queries and mutations.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import type { z } from "zod";
import { LIFECYCLE_STAGE_LABELS, type LifecycleStage } from "../../../shared/domain";
import type {
  CONTENT_REQUEST_STATUSES,
  contentRequestSchema,
  createContentRequestSchema,
  createObjectionSchema,
  objectionSchema,
  objectionSummarySchema,
  updateContentRequestSchema,
} from "../../../shared/feedback";
import { client, isApiError, ok } from "../../lib/api";

export type Objection = z.infer<typeof objectionSchema>;
export type ObjectionSummaryItem = z.infer<typeof objectionSummarySchema>["items"][number];
export type ContentRequest = z.infer<typeof contentRequestSchema>;
export type ContentRequestStatus = (typeof CONTENT_REQUEST_STATUSES)[number];

export const OBJECTIONS_KEY = ["objections"] as const;
export const CONTENT_REQUESTS_KEY = ["content-requests"] as const;

/** The funnel stages where sales hears objections and needs content. */
const ASK_STAGES: LifecycleStage[] = ["lead", "mql", "sal", "sql", "opportunity", "customer"];
export const STAGE_OPTIONS = ASK_STAGES.map((value) => ({ value, label: LIFECYCLE_STAGE_LABELS[value] }));
export const stageName = (stage: string | null) =>
  stage ? (LIFECYCLE_STAGE_LABELS[stage as LifecycleStage] ?? stage) : null;

export const STATUS_LABELS: Record<ContentRequestStatus, string> = {
  new: "New",
  in_progress: "In progress",
  delivered: "Delivered",
  used: "Used",
};
export const STATUS_COLORS: Record<ContentRequestStatus, string> = {
  new: "blue",
  in_progress: "yellow",
  delivered: "teal",
  used: "green",
};
export const STATUS_HINTS: Record<ContentRequestStatus, string> = {
  new: "Asked by sales, not picked up yet",
  in_progress: "Marketing is making it",
  delivered: "Ready for sales to use",
  used: "Sales used it with a prospect",
};

/** The next step of a request, with the words on its button. */
export const NEXT_STEP: Record<ContentRequestStatus, { to: ContentRequestStatus; action: string } | null> = {
  new: { to: "in_progress", action: "Start working" },
  in_progress: { to: "delivered", action: "Mark delivered" },
  delivered: { to: "used", action: "Mark used" },
  used: null,
};

export function usePersonas() {
  const query = useQuery({
    queryKey: ["personas", "all"],
    queryFn: ({ signal }) => ok(client.GET("/api/personas", { params: { query: { limit: 200 } }, signal })),
    staleTime: 60_000,
  });
  const options = useMemo(
    () => (query.data?.items ?? []).map((p) => ({ value: p.id, label: p.name })),
    [query.data],
  );
  const byId = useMemo(() => new Map((query.data?.items ?? []).map((p) => [p.id, p])), [query.data]);
  return { ...query, options, byId };
}

export function useObjections(personaId: string | null) {
  return useQuery({
    queryKey: [...OBJECTIONS_KEY, "list", personaId],
    queryFn: ({ signal }) =>
      ok(client.GET("/api/objections", { params: { query: { personaId: personaId ?? undefined } }, signal })),
  });
}

export function useObjectionSummary() {
  return useQuery({
    queryKey: [...OBJECTIONS_KEY, "summary"],
    queryFn: ({ signal }) => ok(client.GET("/api/objections/summary", { signal })),
  });
}

export type ObjectionInput = z.input<typeof createObjectionSchema>;

export function useRecordObjection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ObjectionInput) => ok(client.POST("/api/objections", { body: input })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: OBJECTIONS_KEY }),
  });
}

export function useContentRequests() {
  return useQuery({
    queryKey: [...CONTENT_REQUESTS_KEY, "list"],
    queryFn: ({ signal }) => ok(client.GET("/api/content-requests", { signal })),
  });
}

export type ContentRequestInput = z.input<typeof createContentRequestSchema>;

export function useCreateContentRequest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ContentRequestInput) => ok(client.POST("/api/content-requests", { body: input })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: CONTENT_REQUESTS_KEY }),
  });
}

export type ContentRequestChange = z.input<typeof updateContentRequestSchema>;

export function useUpdateContentRequest(id: string) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: CONTENT_REQUESTS_KEY });
  return useMutation({
    mutationFn: (change: ContentRequestChange) =>
      ok(client.PATCH("/api/content-requests/{id}", { params: { path: { id } }, body: change })),
    onSuccess: refresh,
    // Someone else moved it first: show where it really is now.
    onError: (error) => {
      if (isApiError(error, 409) || isApiError(error, 404)) void refresh();
    },
  });
}
