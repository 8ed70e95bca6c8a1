// Scoring models on the web: the queries and mutations every scoring screen shares, and who may do what.
import { skipToken, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { Job } from "../../../shared/jobs";
import type {
  activationSchema,
  Backtest,
  CalibrationRequest,
  ruleCountsSchema,
  ScoringDefinition,
  ScoringVersion,
} from "../../../shared/scoring";
import { client, ok, okAs } from "../../lib/api";
import { useJob } from "../jobs/job-api";
import { useSession } from "../session/session";

export const SCORING_KEY = ["scoring-models"] as const;
const modelKey = (id: string) => [...SCORING_KEY, id] as const;
const versionKey = (id: string, version: number) => [...modelKey(id), "versions", version] as const;

export type RuleCounts = z.infer<typeof ruleCountsSchema>;
export type Activation = z.infer<typeof activationSchema>;

export function useScoringModels() {
  return useQuery({
    queryKey: SCORING_KEY,
    queryFn: ({ signal }) => ok(client.GET("/api/scoring-models", { signal })),
  });
}

export function useScoringModel(id: string) {
  return useQuery({
    queryKey: modelKey(id),
    queryFn: ({ signal }) => ok(client.GET("/api/scoring-models/{id}", { params: { path: { id } }, signal })),
    enabled: Boolean(id),
  });
}

export function useScoringVersion(id: string, version: number | null) {
  return useQuery({
    queryKey: versionKey(id, version ?? 0),
    queryFn: ({ signal }) =>
      okAs<ScoringVersion>(
        client.GET("/api/scoring-models/{id}/versions/{version}", {
          params: { path: { id, version: version ?? 0 } },
          signal,
        }),
      ),
    enabled: Boolean(id) && version !== null,
  });
}

export function useVersionDiff(id: string, version: number, enabled: boolean) {
  return useQuery({
    queryKey: [...versionKey(id, version), "diff"],
    queryFn: ({ signal }) =>
      ok(
        client.GET("/api/scoring-models/{id}/versions/{version}/diff", {
          params: { path: { id, version } },
          signal,
        }),
      ),
    enabled: enabled && version > 1,
  });
}

/**
 * A backtest runs as a job: starting one per (version, months) and following it until it ends. The
 * answer looks like a query's: pending while the job runs, the backtest once it succeeded.
 */
export function useBacktest(id: string, version: number, months: number) {
  const start = useQuery({
    queryKey: [...versionKey(id, version), "backtest-job", months],
    queryFn: () =>
      okAs<Job>(
        client.POST("/api/scoring-models/{id}/versions/{version}/backtests", {
          params: { path: { id, version } },
          body: { months },
        }),
      ),
    staleTime: 60_000,
  });
  const job = useJob(start.data?.id ?? null);
  const current = job.data ?? start.data;
  return {
    job: current,
    data: current?.status === "succeeded" ? (current.result as Backtest) : undefined,
    error: start.error ?? job.error,
    isError: start.isError || job.isError,
    restart: () => start.refetch(),
  };
}

export function useDistribution(id: string, enabled = true) {
  return useQuery({
    queryKey: [...modelKey(id), "distribution"],
    queryFn: ({ signal }) =>
      ok(client.GET("/api/scoring-models/{id}/distribution", { params: { path: { id } }, signal })),
    enabled,
  });
}

/** How many contacts each rule of a (possibly unsaved) definition matches; null skips the request. */
export function useRuleCounts(definition: ScoringDefinition | null) {
  const body = definition ? JSON.stringify(definition) : "";
  return useQuery({
    queryKey: ["scoring", "rule-counts", body],
    queryFn: definition
      ? () => ok(client.POST("/api/scoring/rule-counts", { body: { definition } }))
      : skipToken,
    staleTime: 30_000,
    placeholderData: (previous) => previous,
  });
}

export function useContactScores(contactId: string) {
  return useQuery({
    queryKey: ["contacts", "detail", contactId, "scores"],
    queryFn: ({ signal }) =>
      ok(client.GET("/api/contacts/{id}/scores", { params: { path: { id: contactId } }, signal })),
  });
}

export function useScoreHistory(contactId: string, modelId: string, days: number) {
  return useQuery({
    queryKey: ["contacts", "detail", contactId, "score-history", modelId, days],
    queryFn: ({ signal }) =>
      ok(
        client.GET("/api/contacts/{id}/score-history", {
          params: { path: { id: contactId }, query: { modelId, days } },
          signal,
        }),
      ),
  });
}

export function useAccountScores(accountId: string) {
  return useQuery({
    queryKey: ["accounts", "detail", accountId, "scores"],
    queryFn: ({ signal }) =>
      ok(client.GET("/api/accounts/{id}/scores", { params: { path: { id: accountId } }, signal })),
  });
}

/** Refreshes a model after a change to one of its versions (the list shows statuses and approvals too). */
function useRefreshModel(id: string) {
  const queryClient = useQueryClient();
  return (saved?: ScoringVersion) => {
    if (saved) queryClient.setQueryData(versionKey(id, saved.version), saved);
    void queryClient.invalidateQueries({ queryKey: SCORING_KEY });
  };
}

export function useSaveVersion(id: string, version: number) {
  const refresh = useRefreshModel(id);
  return useMutation({
    mutationFn: (payload: { definition: ScoringDefinition; note?: string }) =>
      okAs<ScoringVersion>(
        client.PUT("/api/scoring-models/{id}/versions/{version}", {
          params: { path: { id, version } },
          body: payload,
        }),
      ),
    onSuccess: (saved) => refresh(saved),
  });
}

export function useNewDraft(id: string) {
  const refresh = useRefreshModel(id);
  return useMutation({
    mutationFn: (payload: { from?: number; note?: string }) =>
      okAs<ScoringVersion>(
        client.POST("/api/scoring-models/{id}/versions", { params: { path: { id } }, body: payload }),
      ),
    onSuccess: (saved) => refresh(saved),
  });
}

export function useApproval(id: string, version: number) {
  const refresh = useRefreshModel(id);
  return useMutation({
    mutationFn: (action: "approve" | "withdraw") =>
      action === "approve"
        ? okAs<ScoringVersion>(
            client.POST("/api/scoring-models/{id}/versions/{version}/approval", {
              params: { path: { id, version } },
            }),
          )
        : okAs<ScoringVersion>(
            client.DELETE("/api/scoring-models/{id}/versions/{version}/approval", {
              params: { path: { id, version } },
            }),
          ),
    onSuccess: (saved) => refresh(saved),
  });
}

export function useActivate(id: string, version: number) {
  const queryClient = useQueryClient();
  const refresh = useRefreshModel(id);
  return useMutation({
    mutationFn: () =>
      okAs<Activation>(
        client.POST("/api/scoring-models/{id}/versions/{version}/activate", {
          params: { path: { id, version } },
        }),
      ),
    onSuccess: (result) => {
      refresh(result.version);
      // Every contact and account was rescored.
      void queryClient.invalidateQueries({ queryKey: ["contacts"] });
      void queryClient.invalidateQueries({ queryKey: ["accounts"] });
    },
  });
}

/** Starts a calibration job; follow it with useJob. */
export function useStartCalibration(id: string) {
  return useMutation({
    mutationFn: (request: CalibrationRequest) =>
      okAs<Job>(
        client.POST("/api/scoring-models/{id}/calibrations", { params: { path: { id } }, body: request }),
      ),
  });
}

/** What the signed-in member may do with scoring models; the server enforces the same rules. */
export function useScoringPermissions() {
  const { member } = useSession();
  const isLead = member.role === "lead" || member.role === "admin";
  const approvingTeam =
    isLead && (member.team === "sales" || member.team === "marketing") ? member.team : null;
  return {
    memberId: member.id,
    team: member.team,
    /** Create models, edit drafts, start drafts, activate, calibrate. */
    canEdit: isLead,
    /** The team this member approves for, when they may approve at all. */
    approvingTeam,
    editHint: "Only team leads and admins can change scoring models",
    approveHint: isLead
      ? "Only a lead of the sales team or of the marketing team can approve a scoring model"
      : "Only team leads can approve a scoring model",
  };
}
