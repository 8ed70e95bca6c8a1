// The glossary on the web: one query for the whole app (every linked term reads it; loaded once and kept for
// minutes), the mutations of the glossary page, and who may do what (the server enforces the same: anyone
// proposes and edits a draft, a sales lead and a marketing lead approve).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { GlossaryOverview, GlossaryTerm, GlossaryVersion } from "../../../shared/glossary";
import { client, ok } from "../../lib/api";
import type { ApprovingTeam } from "../agreements/agreement";
import { useSession } from "../session/session";

export const GLOSSARY_KEY = ["glossary"] as const;

export function useGlossary() {
  return useQuery({
    queryKey: GLOSSARY_KEY,
    queryFn: ({ signal }) => ok(client.GET("/api/glossary", { signal })),
    staleTime: 5 * 60_000,
  });
}

/** Puts a changed version into the overview right away (the tooltips follow), then refreshes it. */
function useRefresh() {
  const queryClient = useQueryClient();
  return (saved: GlossaryVersion) => {
    queryClient.setQueryData<GlossaryOverview>(GLOSSARY_KEY, (old) => {
      if (!old) return old;
      const versions = (
        old.versions.some((v) => v.id === saved.id)
          ? old.versions.map((v) => (v.id === saved.id ? saved : v))
          : [saved, ...old.versions]
      ).map((v) =>
        saved.status === "active" && v.id !== saved.id && v.status === "active"
          ? { ...v, status: "retired" as const }
          : v,
      );
      return { active: saved.status === "active" ? saved : old.active, versions };
    });
    void queryClient.invalidateQueries({ queryKey: GLOSSARY_KEY });
  };
}

export function useProposeGlossary() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (payload: { fromVersion?: number; note?: string }) =>
      ok(client.POST("/api/glossary/versions", { body: payload })),
    onSuccess: refresh,
  });
}

export function useSaveGlossaryDraft(version: number) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (payload: { terms: GlossaryTerm[]; note?: string }) =>
      ok(client.PUT("/api/glossary/versions/{version}", { params: { path: { version } }, body: payload })),
    onSuccess: refresh,
  });
}

export type GlossaryAction = "approve" | "withdraw" | "activate";

export function useGlossaryAction(version: number) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (action: GlossaryAction) => {
      const params = { path: { version } };
      if (action === "approve")
        return ok(client.POST("/api/glossary/versions/{version}/approval", { params }));
      if (action === "withdraw")
        return ok(client.DELETE("/api/glossary/versions/{version}/approval", { params }));
      return ok(client.POST("/api/glossary/versions/{version}/activate", { params }));
    },
    onSuccess: refresh,
  });
}

/** What the signed-in member may do with the glossary. */
export function useGlossaryPermissions() {
  const { member } = useSession();
  const isLead = member.role === "lead" || member.role === "admin";
  const signingTeam: ApprovingTeam | null =
    isLead && (member.team === "sales" || member.team === "marketing") ? member.team : null;
  return {
    memberId: member.id,
    signingTeam,
    signHint: "Only a sales lead or a marketing lead can approve the glossary",
  };
}
