// Scoring models on the web: the queries and mutations every scoring screen shares, and who may do what.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  Backtest,
  Explanation,
  RuleDiff,
  ScoringDefinition,
  ScoringModel,
  ScoringVersion,
} from "../../../shared/scoring";
import { api } from "../../lib/api";
import { useSession } from "../session/session";

export const SCORING_KEY = ["scoring-models"] as const;
const modelKey = (id: string) => [...SCORING_KEY, id] as const;
const versionKey = (id: string, version: number) => [...modelKey(id), "versions", version] as const;

export interface RuleCounts {
  contacts: number;
  rules: { id: string; kind: "fit" | "engagement"; contacts: number }[];
}

export interface Distribution {
  version: number | null;
  contacts: number;
  mqls: number;
  buckets: { from: number; to: number; contacts: number }[];
  grades: { grade: string; contacts: number }[];
}

export interface VersionDiff {
  from: number;
  to: number;
  changes: RuleDiff[];
}

export interface Activation {
  version: ScoringVersion;
  scored: number;
  crossed: number;
}

export interface Calibration {
  version: ScoringVersion;
  trainCount: number;
  holdoutCount: number;
  positives: number;
  auc: number;
  baselineAuc: number;
  liftByDecile: { decile: number; contacts: number; positives: number; lift: number }[];
}

export interface AccountScore {
  modelId: string;
  modelName: string;
  fit: number;
  engagement: number;
  combined: number;
  engagedContacts: number;
  scoredAt: string;
}

export interface ScoreHistoryPoint {
  at: string;
  fit: number;
  engagement: number;
  combined: number;
}

export function useScoringModels() {
  return useQuery({
    queryKey: SCORING_KEY,
    queryFn: ({ signal }) => api.get<{ items: ScoringModel[] }>("/api/scoring-models", undefined, signal),
  });
}

export function useScoringModel(id: string) {
  return useQuery({
    queryKey: modelKey(id),
    queryFn: ({ signal }) => api.get<ScoringModel>(`/api/scoring-models/${id}`, undefined, signal),
    enabled: Boolean(id),
  });
}

export function useScoringVersion(id: string, version: number | null) {
  return useQuery({
    queryKey: versionKey(id, version ?? 0),
    queryFn: ({ signal }) =>
      api.get<ScoringVersion>(`/api/scoring-models/${id}/versions/${version}`, undefined, signal),
    enabled: Boolean(id) && version !== null,
  });
}

export function useVersionDiff(id: string, version: number, enabled: boolean) {
  return useQuery({
    queryKey: [...versionKey(id, version), "diff"],
    queryFn: ({ signal }) =>
      api.get<VersionDiff>(`/api/scoring-models/${id}/versions/${version}/diff`, undefined, signal),
    enabled: enabled && version > 1,
  });
}

export function useBacktest(id: string, version: number, months: number) {
  return useQuery({
    queryKey: [...versionKey(id, version), "backtest", months],
    queryFn: ({ signal }) =>
      api.get<Backtest>(`/api/scoring-models/${id}/versions/${version}/backtest`, { months }, signal),
    staleTime: 60_000,
  });
}

export function useDistribution(id: string, enabled = true) {
  return useQuery({
    queryKey: [...modelKey(id), "distribution"],
    queryFn: ({ signal }) =>
      api.get<Distribution>(`/api/scoring-models/${id}/distribution`, undefined, signal),
    enabled,
  });
}

/** How many contacts each rule of a (possibly unsaved) definition matches; null skips the request. */
export function useRuleCounts(definition: ScoringDefinition | null) {
  const body = definition ? JSON.stringify(definition) : "";
  return useQuery({
    queryKey: ["scoring", "rule-counts", body],
    queryFn: () => api.post<RuleCounts>("/api/scoring/rule-counts", { definition }),
    enabled: definition !== null,
    staleTime: 30_000,
    placeholderData: (previous) => previous,
  });
}

export function useContactScores(contactId: string) {
  return useQuery({
    queryKey: ["contacts", "detail", contactId, "scores"],
    queryFn: ({ signal }) =>
      api.get<{ items: Explanation[] }>(`/api/contacts/${contactId}/scores`, undefined, signal),
  });
}

export function useScoreHistory(contactId: string, modelId: string, days: number) {
  return useQuery({
    queryKey: ["contacts", "detail", contactId, "score-history", modelId, days],
    queryFn: ({ signal }) =>
      api.get<{ points: ScoreHistoryPoint[] }>(
        `/api/contacts/${contactId}/score-history`,
        { modelId, days },
        signal,
      ),
  });
}

export function useAccountScores(accountId: string) {
  return useQuery({
    queryKey: ["accounts", "detail", accountId, "scores"],
    queryFn: ({ signal }) =>
      api.get<{ items: AccountScore[] }>(`/api/accounts/${accountId}/scores`, undefined, signal),
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
      api.put<ScoringVersion>(`/api/scoring-models/${id}/versions/${version}`, payload),
    onSuccess: (saved) => refresh(saved),
  });
}

export function useNewDraft(id: string) {
  const refresh = useRefreshModel(id);
  return useMutation({
    mutationFn: (payload: { from?: number; note?: string }) =>
      api.post<ScoringVersion>(`/api/scoring-models/${id}/versions`, payload),
    onSuccess: (saved) => refresh(saved),
  });
}

export function useApproval(id: string, version: number) {
  const refresh = useRefreshModel(id);
  return useMutation({
    mutationFn: (action: "approve" | "withdraw") =>
      action === "approve"
        ? api.post<ScoringVersion>(`/api/scoring-models/${id}/versions/${version}/approval`)
        : api.delete<ScoringVersion>(`/api/scoring-models/${id}/versions/${version}/approval`),
    onSuccess: (saved) => refresh(saved),
  });
}

export function useActivate(id: string, version: number) {
  const queryClient = useQueryClient();
  const refresh = useRefreshModel(id);
  return useMutation({
    mutationFn: () => api.post<Activation>(`/api/scoring-models/${id}/versions/${version}/activate`),
    onSuccess: (result) => {
      refresh(result.version);
      // Every contact and account was rescored.
      void queryClient.invalidateQueries({ queryKey: ["contacts"] });
      void queryClient.invalidateQueries({ queryKey: ["accounts"] });
    },
  });
}

export function useCalibrate(id: string) {
  const refresh = useRefreshModel(id);
  return useMutation({
    mutationFn: () => api.post<Calibration>(`/api/scoring-models/${id}/calibrate`),
    onSuccess: (result) => refresh(result.version),
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
