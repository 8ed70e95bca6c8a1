// The inbox (your own notifications, the bell's unread count) and webhooks (admins): queries and mutations.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import type { Page } from "../../../shared/common";
import {
  type Delivery,
  NOTIFICATION_KIND_LABELS,
  NOTIFICATION_KINDS,
  type Notification,
  type Webhook,
  type WebhookFormat,
} from "../../../shared/notifications";
import { api } from "../../lib/api";

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
    queryFn: ({ signal }) =>
      api.get<{ unread: number }>("/api/notifications/unread-count", undefined, signal),
    refetchInterval: BELL_REFRESH_MS,
    refetchIntervalInBackground: false,
    staleTime: 5_000,
  });
}

export function useInbox(unreadOnly: boolean) {
  const query = useInfiniteQuery({
    queryKey: [...NOTIFICATIONS_KEY, "list", { unreadOnly }],
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<Notification>>(
        "/api/notifications",
        { unread: unreadOnly ? "true" : undefined, cursor: pageParam, limit: 30 },
        signal,
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
    mutationFn: (id: string) => api.post<Notification>(`/api/notifications/${id}/read`),
    onSuccess: refresh,
  });
}

export function useMarkAllRead() {
  const refresh = useRefreshInbox();
  return useMutation({
    mutationFn: () => api.post<{ marked: number }>("/api/notifications/read-all"),
    onSuccess: refresh,
  });
}

export interface WebhookInput {
  name: string;
  url: string;
  format: WebhookFormat;
  events: string[];
  active: boolean;
}

export function useWebhooks(enabled: boolean) {
  return useQuery({
    queryKey: WEBHOOKS_KEY,
    queryFn: ({ signal }) => api.get<{ items: Webhook[] }>("/api/webhooks", undefined, signal),
    enabled,
  });
}

export function useSaveWebhook(id?: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Partial<WebhookInput>) =>
      id ? api.patch<Webhook>(`/api/webhooks/${id}`, input) : api.post<Webhook>("/api/webhooks", input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: WEBHOOKS_KEY }),
  });
}

export function useDeleteWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete<Webhook>(`/api/webhooks/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: WEBHOOKS_KEY }),
  });
}

export function useSendTest(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<Delivery>(`/api/webhooks/${id}/test`),
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
      api.get<Page<Delivery>>(`/api/webhooks/${id}/deliveries`, { cursor: pageParam, limit: 10 }, signal),
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
