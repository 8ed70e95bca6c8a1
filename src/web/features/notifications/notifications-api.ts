// The inbox (your own notifications, the bell's unread count) and webhooks (admins): queries and mutations.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import type { z } from "zod";
import {
  type createWebhookSchema,
  NOTIFICATION_KIND_LABELS,
  NOTIFICATION_KINDS,
  type updateWebhookSchema,
} from "../../../shared/notifications";
import { client, ok } from "../../lib/api";

export const NOTIFICATIONS_KEY = ["notifications"] as const;
export const WEBHOOKS_KEY = ["webhooks"] as const;
/** How often the bell asks for new notifications. */
const BELL_REFRESH_MS = 15_000;

export const KIND_OPTIONS = NOTIFICATION_KINDS.map((value) => ({
  value,
  label: NOTIFICATION_KIND_LABELS[value] ?? value,
}));

export const kindLabel = (kind: string) => NOTIFICATION_KIND_LABELS[kind] ?? kind;

export const KIND_COLORS: Record<string, string> = {
  "mql.assigned": "grape",
  "lead.reassigned": "indigo",
  "lead.queued": "blue",
  "sla.warning": "yellow",
  "sla.breached": "red",
  "sla.escalated": "red",
  "webhook.test": "gray",
};

export function useUnreadCount() {
  return useQuery({
    queryKey: [...NOTIFICATIONS_KEY, "unread-count"],
    queryFn: ({ signal }) => ok(client.GET("/api/notifications/unread-count", { signal })),
    refetchInterval: BELL_REFRESH_MS,
    refetchIntervalInBackground: false,
    staleTime: 5_000,
  });
}

export function useInbox(unreadOnly: boolean) {
  const query = useInfiniteQuery({
    queryKey: [...NOTIFICATIONS_KEY, "list", { unreadOnly }],
    queryFn: ({ pageParam, signal }) =>
      ok(
        client.GET("/api/notifications", {
          params: { query: { unread: unreadOnly ? "true" : undefined, cursor: pageParam, limit: 30 } },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: BELL_REFRESH_MS,
  });
  const items = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  return { ...query, items };
}

function useRefreshInbox() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY });
}

export function useMarkRead() {
  const refresh = useRefreshInbox();
  return useMutation({
    mutationFn: (id: string) => ok(client.POST("/api/notifications/{id}/read", { params: { path: { id } } })),
    onSuccess: refresh,
  });
}

export function useMarkAllRead() {
  const refresh = useRefreshInbox();
  return useMutation({
    mutationFn: () => ok(client.POST("/api/notifications/read-all")),
    onSuccess: refresh,
  });
}

/** A webhook as its form sends it (all of it, creating or editing). */
export type WebhookInput = z.input<typeof createWebhookSchema>;
/** A change to some fields of a webhook (e.g. switching it off). */
export type WebhookChange = z.input<typeof updateWebhookSchema>;

export function useWebhooks(enabled: boolean) {
  return useQuery({
    queryKey: WEBHOOKS_KEY,
    queryFn: ({ signal }) => ok(client.GET("/api/webhooks", { signal })),
    enabled,
  });
}

/** The webhook form: creates a webhook, or saves all of an existing one's fields. */
export function useSaveWebhook(id?: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: WebhookInput) =>
      id
        ? ok(client.PATCH("/api/webhooks/{id}", { params: { path: { id } }, body: input }))
        : ok(client.POST("/api/webhooks", { body: input })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: WEBHOOKS_KEY }),
  });
}

/** Changes some fields of an existing webhook. */
export function useUpdateWebhook(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: WebhookChange) =>
      ok(client.PATCH("/api/webhooks/{id}", { params: { path: { id } }, body: change })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: WEBHOOKS_KEY }),
  });
}

export function useDeleteWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => ok(client.DELETE("/api/webhooks/{id}", { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: WEBHOOKS_KEY }),
  });
}

export function useSendTest(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => ok(client.POST("/api/webhooks/{id}/test", { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...WEBHOOKS_KEY, id, "deliveries"] }),
  });
}

/** Due within this long: the log keeps checking until it has gone out. */
const SOON_MS = 60_000;

/** A webhook's delivery log; checks again every few seconds while a delivery is about to go out. */
export function useDeliveries(id: string) {
  const query = useInfiniteQuery({
    queryKey: [...WEBHOOKS_KEY, id, "deliveries"],
    queryFn: ({ pageParam, signal }) =>
      ok(
        client.GET("/api/webhooks/{id}/deliveries", {
          params: { path: { id }, query: { cursor: pageParam, limit: 10 } },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: (q) =>
      q.state.data?.pages.some((p) =>
        p.items.some((d) => d.status === "pending" && Date.parse(d.nextAttemptAt) - Date.now() < SOON_MS),
      )
        ? 2_000
        : false,
  });
  const items = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  return { ...query, items };
}
