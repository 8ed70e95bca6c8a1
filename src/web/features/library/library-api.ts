// The insights library from the API: pages of assets, one asset, its use and influence on won deals, who it
// was shared with, the gap grid; adding, editing, archiving, uploading and sharing.
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import type { z } from "zod";
import type { Asset, createAssetSchema, shareAssetSchema, updateAssetSchema } from "../../../shared/library";
import { ApiError, client, getWorkspaceId, ok } from "../../lib/api";
import { CONTENT_REQUESTS_KEY } from "../asks/asks-api";

export const ASSETS_KEY = ["assets"] as const;

export interface AssetFilters {
  q?: string;
  kind?: Asset["kind"];
  personaId?: string;
  funnelStage?: NonNullable<Asset["funnelStage"]>;
  archived?: "true";
}

export function useAssets(filters: AssetFilters) {
  const query = useInfiniteQuery({
    queryKey: [...ASSETS_KEY, "list", filters],
    queryFn: ({ pageParam, signal }) =>
      ok(
        client.GET("/api/assets", {
          params: { query: { ...filters, cursor: pageParam, limit: 25 } },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  return { ...query, items, total: query.data?.pages[0]?.total ?? null };
}

export function useAsset(id: string) {
  return useQuery({
    queryKey: [...ASSETS_KEY, "one", id],
    queryFn: ({ signal }) => ok(client.GET("/api/assets/{id}", { params: { path: { id } }, signal })),
  });
}

export function useAssetUsage(id: string) {
  return useQuery({
    queryKey: [...ASSETS_KEY, "usage", id],
    queryFn: ({ signal }) => ok(client.GET("/api/assets/{id}/usage", { params: { path: { id } }, signal })),
  });
}

export function useAssetShares(id: string) {
  const query = useInfiniteQuery({
    queryKey: [...ASSETS_KEY, "shares", id],
    queryFn: ({ pageParam, signal }) =>
      ok(
        client.GET("/api/assets/{id}/shares", {
          params: { path: { id }, query: { cursor: pageParam, limit: 20 } },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  return { ...query, items: query.data?.pages.flatMap((p) => p.items) ?? [] };
}

export function useAssetGaps() {
  return useQuery({
    queryKey: [...ASSETS_KEY, "gaps"],
    queryFn: ({ signal }) => ok(client.GET("/api/assets/gaps", { signal })),
  });
}

function useRefresh() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ASSETS_KEY });
}

export type AssetInput = z.input<typeof createAssetSchema>;

/** Uploads the asset's file as the raw request body with its type (the typed client speaks JSON). */
export async function uploadAssetFile(id: string, file: File): Promise<Asset> {
  const headers: Record<string, string> = { "Content-Type": file.type || "application/octet-stream" };
  const workspaceId = getWorkspaceId();
  if (workspaceId) headers["X-Workspace-Id"] = workspaceId;
  const response = await fetch(`/api/assets/${id}/file?name=${encodeURIComponent(file.name)}`, {
    method: "PUT",
    credentials: "same-origin",
    headers,
    body: file,
  });
  const body = (await response.json().catch(() => null)) as
    | (Asset & { error?: { code: string; message: string; details?: unknown } })
    | null;
  if (!response.ok)
    throw new ApiError(
      response.status,
      body?.error?.code ?? "upload_failed",
      body?.error?.message ??
        (response.status === 413
          ? "The file is larger than 10 MB"
          : `The upload failed (${response.status})`),
      body?.error?.details,
    );
  return body as Asset;
}

export function useCreateAsset() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async ({ input, file }: { input: AssetInput; file: File | null }) => {
      const asset = await ok(client.POST("/api/assets", { body: input }));
      return file ? uploadAssetFile(asset.id, file) : asset;
    },
    onSettled: refresh,
  });
}

export function useUpdateAsset(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (change: z.input<typeof updateAssetSchema>) =>
      ok(client.PATCH("/api/assets/{id}", { params: { path: { id } }, body: change })),
    onSuccess: refresh,
  });
}

export function useUploadAssetFile(id: string) {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (file: File) => uploadAssetFile(id, file), onSuccess: refresh });
}

export function useArchiveAsset(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (archived: boolean) =>
      ok(
        archived
          ? client.POST("/api/assets/{id}/archive", { params: { path: { id } } })
          : client.POST("/api/assets/{id}/restore", { params: { path: { id } } }),
      ),
    onSuccess: refresh,
  });
}

export function useShareAsset(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: z.input<typeof shareAssetSchema>) =>
      ok(client.POST("/api/assets/{id}/shares", { params: { path: { id } }, body })),
    onSuccess: refresh,
  });
}

/** Links a library asset to a content request: the request is delivered. */
export function useFulfilRequest(requestId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (assetId: string) =>
      ok(
        client.PATCH("/api/content-requests/{id}", {
          params: { path: { id: requestId } },
          body: { assetId },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: CONTENT_REQUESTS_KEY }),
  });
}

/** Fetches the uploaded file with the workspace header and saves it under its own name. */
export async function downloadAssetFile(asset: Asset) {
  const headers: Record<string, string> = {};
  const workspaceId = getWorkspaceId();
  if (workspaceId) headers["X-Workspace-Id"] = workspaceId;
  const response = await fetch(`/api/assets/${asset.id}/file`, { credentials: "same-origin", headers });
  if (!response.ok) throw new Error(`The download failed (${response.status}).`);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = asset.file?.name ?? "asset";
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
