// Attribution from the API, under the report filters of the URL and the attribution options (milestone,
// model, campaign or channel, lookback window, half-life), which the URL keeps too.
import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import {
  ATTRIBUTION_BREAKDOWNS,
  ATTRIBUTION_MILESTONES,
  ATTRIBUTION_MODELS,
  type AttributionBreakdown,
  type AttributionMilestone,
  type AttributionModel,
  DEFAULT_HALF_LIFE_DAYS,
  DEFAULT_LOOKBACK_DAYS,
} from "../../../shared/attribution";
import { client, ok, toQueryString } from "../../lib/api";
import { useUrlFilters } from "../common/list";
import { type ReportQuery, reportQuery } from "../reports/report-filters";

export const ATTRIBUTION_KEY = ["attribution"] as const;

export interface AttributionOptions {
  milestone: AttributionMilestone;
  model: AttributionModel;
  by: AttributionBreakdown;
  lookbackDays: number;
  halfLifeDays: number;
}

const OPTION_KEYS = ["milestone", "model", "by", "lookbackDays", "halfLifeDays"] as const;
const DEFAULTS = {
  milestone: "closed_won",
  model: "linear",
  by: "campaign",
  lookbackDays: String(DEFAULT_LOOKBACK_DAYS),
  halfLifeDays: String(DEFAULT_HALF_LIFE_DAYS),
};

const pick = <T extends string>(values: readonly T[], value: string, fallback: T): T =>
  (values as readonly string[]).includes(value) ? (value as T) : fallback;

/** The attribution options of the URL (defaults left out of it), and a setter. */
export function useAttributionOptions() {
  const [values, set] = useUrlFilters(OPTION_KEYS, DEFAULTS);
  const number = (value: string, fallback: number) => {
    const n = Number(value);
    return Number.isFinite(n) && n > 0 ? n : fallback;
  };
  const options: AttributionOptions = {
    milestone: pick(ATTRIBUTION_MILESTONES, values.milestone, "closed_won"),
    model: pick(ATTRIBUTION_MODELS, values.model, "linear"),
    by: pick(ATTRIBUTION_BREAKDOWNS, values.by, "campaign"),
    lookbackDays: number(values.lookbackDays, DEFAULT_LOOKBACK_DAYS),
    halfLifeDays: number(values.halfLifeDays, DEFAULT_HALF_LIFE_DAYS),
  };
  return { options, set } as const;
}

export function useAttribution(query: ReportQuery, options: AttributionOptions) {
  return useQuery({
    queryKey: [...ATTRIBUTION_KEY, "report", query, options],
    queryFn: ({ signal }) =>
      ok(
        client.GET("/api/reports/attribution", {
          params: { query: { ...reportQuery(query), ...options } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function usePerformance(query: ReportQuery, options: AttributionOptions) {
  const { milestone: _milestone, ...rest } = options;
  return useQuery({
    queryKey: [...ATTRIBUTION_KEY, "performance", query, rest],
    queryFn: ({ signal }) =>
      ok(
        client.GET("/api/reports/attribution/performance", {
          params: { query: { ...reportQuery(query), ...rest } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

const PAGE = 50;

export function useJourney(
  opportunityId: string | null,
  query: ReportQuery,
  options: AttributionOptions,
  milestone: "closed_won" | "opportunity_created" | undefined,
) {
  const { milestone: _m, ...rest } = options;
  return useInfiniteQuery({
    queryKey: [...ATTRIBUTION_KEY, "journey", opportunityId, query, rest, milestone],
    enabled: opportunityId !== null,
    queryFn: ({ pageParam, signal }) =>
      ok(
        client.GET("/api/reports/attribution/opportunities/{id}", {
          params: {
            path: { id: opportunityId as string },
            query: { ...reportQuery(query), ...rest, milestone, offset: pageParam, limit: PAGE },
          },
          signal,
        }),
      ),
    initialPageParam: 0,
    getNextPageParam: (last, pages) => {
      const loaded = pages.reduce((n, p) => n + p.touches.length, 0);
      return loaded < last.total ? loaded : undefined;
    },
  });
}

export function useCampaignDeals(campaignId: string | null, query: ReportQuery, options: AttributionOptions) {
  return useInfiniteQuery({
    queryKey: [...ATTRIBUTION_KEY, "deals", campaignId, query, options],
    enabled: campaignId !== null,
    queryFn: ({ pageParam, signal }) =>
      ok(
        client.GET("/api/reports/attribution/campaigns/{id}/deals", {
          params: {
            path: { id: campaignId as string },
            query: { ...reportQuery(query), ...options, by: "campaign", offset: pageParam, limit: 25 },
          },
          signal,
        }),
      ),
    initialPageParam: 0,
    getNextPageParam: (last, pages) => {
      const loaded = pages.reduce((n, p) => n + p.items.length, 0);
      return loaded < last.total ? loaded : undefined;
    },
  });
}

export function useCampaignResults(campaignId: string, query: ReportQuery, model: AttributionModel) {
  return useQuery({
    queryKey: [...ATTRIBUTION_KEY, "campaign-results", campaignId, query, model],
    queryFn: ({ signal }) =>
      ok(
        client.GET("/api/campaigns/{id}/results", {
          params: { path: { id: campaignId }, query: { ...reportQuery(query), model } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** A CSV export's address under the same filters and options. */
export function attributionExportUrl(
  what: "attribution.csv" | "attribution/performance.csv",
  query: ReportQuery,
  options: Partial<AttributionOptions>,
) {
  return `/api/reports/${what}${toQueryString({ ...query, ...options })}`;
}
