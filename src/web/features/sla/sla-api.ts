// The SLA on the web: the queries and mutations the SLA page shares, and who may do what (the server enforces
// the same rules: leads and admins draft, edit and put in force; a sales lead and a marketing lead sign).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type {
  ComplianceReport,
  SlaTerms,
  SlaVersion,
  slaOverviewSchema,
  speedToLeadSchema,
} from "../../../shared/sla";
import { client, ok } from "../../lib/api";
import type { ApprovingTeam } from "../agreements/agreement";
import { useSession } from "../session/session";

export const SLA_KEY = ["sla"] as const;
const REPORTS_KEY = [...SLA_KEY, "reports"] as const;

export type SlaOverview = z.infer<typeof slaOverviewSchema>;
export type SpeedToLead = z.infer<typeof speedToLeadSchema>;
export type GroupBy = ComplianceReport["by"];

export function useSlaOverview() {
  return useQuery({
    queryKey: SLA_KEY,
    queryFn: ({ signal }) => ok(client.GET("/api/sla", { signal })),
  });
}

/** A period is [from, to): `to` is the day after the last day shown. */
export function useSlaCompliance(from: string, to: string, by: GroupBy, enabled = true) {
  return useQuery({
    queryKey: [...REPORTS_KEY, "compliance", from, to, by],
    queryFn: ({ signal }) =>
      ok(client.GET("/api/reports/sla-compliance", { params: { query: { from, to, by } }, signal })),
    enabled: enabled && from < to,
    placeholderData: (previous) => previous,
  });
}

export function useSpeedToLead(from: string, to: string, enabled = true) {
  return useQuery({
    queryKey: [...REPORTS_KEY, "speed-to-lead", from, to],
    queryFn: ({ signal }) =>
      ok(client.GET("/api/reports/speed-to-lead", { params: { query: { from, to } }, signal })),
    enabled: enabled && from < to,
    placeholderData: (previous) => previous,
  });
}

/** Puts a changed version into the overview right away, then refreshes everything SLA (reports included). */
function useRefresh() {
  const queryClient = useQueryClient();
  return (saved: SlaVersion) => {
    queryClient.setQueryData<SlaOverview>(SLA_KEY, (old) => {
      if (!old) return old;
      const versions = old.versions.some((v) => v.id === saved.id)
        ? old.versions.map((v) => (v.id === saved.id ? saved : v))
        : [saved, ...old.versions];
      return { ...old, versions };
    });
    void queryClient.invalidateQueries({ queryKey: SLA_KEY });
  };
}

export function useStartSlaDraft() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (payload: { fromVersion?: number; note?: string }) =>
      ok(client.POST("/api/sla/versions", { body: payload })),
    onSuccess: refresh,
  });
}

export function useSaveSlaDraft(version: number) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (payload: { terms: SlaTerms; note?: string }) =>
      ok(client.PUT("/api/sla/versions/{version}", { params: { path: { version } }, body: payload })),
    onSuccess: refresh,
  });
}

export type SlaAction = "approve" | "withdraw" | "activate";

export function useSlaAction(version: number) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (action: SlaAction) => {
      const params = { path: { version } };
      if (action === "approve") return ok(client.POST("/api/sla/versions/{version}/approval", { params }));
      if (action === "withdraw") return ok(client.DELETE("/api/sla/versions/{version}/approval", { params }));
      return ok(client.POST("/api/sla/versions/{version}/activate", { params }));
    },
    onSuccess: refresh,
  });
}

/** What the signed-in member may do with the SLA. */
export function useSlaPermissions() {
  const { member } = useSession();
  const isLead = member.role === "lead" || member.role === "admin";
  const signingTeam: ApprovingTeam | null =
    isLead && (member.team === "sales" || member.team === "marketing") ? member.team : null;
  return {
    memberId: member.id,
    /** Draft, edit drafts, put a signed version in force. */
    canEdit: isLead,
    /** The team this member signs for, when they may sign at all. */
    signingTeam,
    editHint: "Only team leads and admins can draft or change the SLA",
    signHint: isLead
      ? "Only a lead of the sales team or of the marketing team can sign the SLA"
      : "Only a sales lead or a marketing lead can sign the SLA",
  };
}
