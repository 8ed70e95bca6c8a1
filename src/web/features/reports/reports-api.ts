// The funnel, velocity and stalled-lead reports from the API, under the filters of the URL.
import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { FunnelBreakdown, STALLED_STAGE_CHOICES } from "../../../shared/reports";

type StalledStage = (typeof STALLED_STAGE_CHOICES)[number];

import { client, ok, toQueryString } from "../../lib/api";
import { type ReportQuery, reportQuery } from "./report-filters";

export const REPORTS_KEY = ["reports"] as const;

export function useFunnel(query: ReportQuery, by: FunnelBreakdown | null, byProperty: string | null) {
  return useQuery({
    queryKey: [...REPORTS_KEY, "funnel", query, by, byProperty],
    queryFn: ({ signal }) =>
      ok(
        client.GET("/api/reports/funnel", {
          params: {
            query: { ...reportQuery(query), by: by ?? undefined, byProperty: byProperty ?? undefined },
          },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useVelocity(query: ReportQuery, stalledAfterDays: number) {
  return useQuery({
    queryKey: [...REPORTS_KEY, "velocity", query, stalledAfterDays],
    queryFn: ({ signal }) =>
      ok(
        client.GET("/api/reports/velocity", {
          params: { query: { ...reportQuery(query), stalledAfterDays } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useStalled(query: ReportQuery, stalledAfterDays: number, stage: string | null) {
  return useInfiniteQuery({
    queryKey: [...REPORTS_KEY, "stalled", query, stalledAfterDays, stage],
    queryFn: ({ pageParam, signal }) =>
      ok(
        client.GET("/api/reports/stalled", {
          params: {
            query: {
              ...reportQuery(query),
              stalledAfterDays,
              stage: (stage ?? undefined) as StalledStage | undefined,
              cursor: pageParam,
              limit: 25,
            },
          },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** The CSV export's address for a report under the same filters (and its own keys). */
export function reportExportUrl(
  report: "funnel" | "velocity" | "stalled",
  params: Record<string, string | number | undefined | null>,
) {
  return `/api/reports/${report}/export${toQueryString(params)}`;
}
