// Sales' answer to an MQL (accept or reject with a reason) and the roll-up marketing reads: queries,
// mutations, and who may decide (the server enforces the same rule).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Contact } from "../../../shared/contacts";
import { DEFAULT_REJECTION_REASONS, type LeadDecision } from "../../../shared/feedback";
import type { Member } from "../../../shared/workspaces";
import { api, isApiError } from "../../lib/api";

export const FEEDBACK_KEY = ["feedback"] as const;

export type RejectOutcome = "recycled" | "disqualified";

export interface RejectInput {
  reason: string;
  comment: string;
  outcome: RejectOutcome;
}

export interface DecisionSummaryItem {
  key: string | null;
  label: string;
  accepted: number;
  rejected: number;
  acceptanceRate: number | null;
  reasons: { reason: string; label: string; count: number }[];
}

export const REASON_OPTIONS = DEFAULT_REJECTION_REASONS.map((r) => ({ value: r.code, label: r.label }));

/** Reasons about who the lead is (not about timing or data): they teach the scoring model's fit rules. */
export const FIT_REASON_LABELS = DEFAULT_REJECTION_REASONS.filter((r) => r.fitRelated).map((r) => r.label);

export const OUTCOME_TEXT: Record<string, string> = {
  sal: "Accepted: now a sales-accepted lead (SAL)",
  recycled: "Back to marketing's nurture (recycled)",
  disqualified: "Disqualified",
};

/** Accept or reject an MQL: its owner, a lead of the sales team, or an admin. */
export function canDecide(member: Member, contact: Pick<Contact, "ownerMemberId">): boolean {
  return (
    contact.ownerMemberId === member.id ||
    member.role === "admin" ||
    (member.team === "sales" && member.role === "lead")
  );
}

/** Sees every MQL of the workspace in the queue, assigned or not. */
export function seesAllMqls(member: Member): boolean {
  return member.role === "admin" || (member.team === "sales" && member.role === "lead");
}

export const DECIDE_HINT = "Only the lead's owner, a sales team lead or an admin can accept or reject an MQL";

export function useDecisions(contactId: string) {
  return useQuery({
    queryKey: ["contacts", "decisions", contactId],
    queryFn: ({ signal }) =>
      api.get<{ items: LeadDecision[] }>(`/api/contacts/${contactId}/decisions`, undefined, signal),
  });
}

export function useDecisionSummary(by: "campaign" | "source", since: string | null) {
  return useQuery({
    queryKey: [...FEEDBACK_KEY, "summary", by, since],
    queryFn: ({ signal }) =>
      api.get<{ items: DecisionSummaryItem[] }>(
        "/api/feedback/decisions",
        { by, since: since || undefined },
        signal,
      ),
  });
}

/** After a decision the contact's stage, history, queue and the roll-up all change. */
function useRefresh() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: ["contacts"] });
    void queryClient.invalidateQueries({ queryKey: FEEDBACK_KEY });
  };
}

export function useAcceptLead(contactId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (comment: string) => api.post<LeadDecision>(`/api/contacts/${contactId}/accept`, { comment }),
    onSuccess: refresh,
    onError: (error) => isApiError(error, 409) && refresh(),
  });
}

export function useRejectLead(contactId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: RejectInput) => api.post<LeadDecision>(`/api/contacts/${contactId}/reject`, input),
    onSuccess: refresh,
    onError: (error) => isApiError(error, 409) && refresh(),
  });
}
