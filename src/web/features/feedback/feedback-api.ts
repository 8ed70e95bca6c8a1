// Sales' answer to an MQL (accept or reject with a reason) and the roll-up marketing reads: queries,
// mutations, and who may decide (the server enforces the same rule).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { Contact } from "../../../shared/contacts";
import {
  DEFAULT_REJECTION_REASONS,
  type decisionSummarySchema,
  type rejectLeadSchema,
} from "../../../shared/feedback";
import type { Member } from "../../../shared/workspaces";
import { client, isApiError, ok } from "../../lib/api";

export const FEEDBACK_KEY = ["feedback"] as const;

export type RejectInput = z.input<typeof rejectLeadSchema>;
export type RejectOutcome = NonNullable<RejectInput["outcome"]>;
export type RejectReason = RejectInput["reason"];
export type DecisionSummaryItem = z.infer<typeof decisionSummarySchema>["items"][number];

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
      ok(client.GET("/api/contacts/{id}/decisions", { params: { path: { id: contactId } }, signal })),
  });
}

export function useDecisionSummary(by: "campaign" | "source", since: string | null) {
  return useQuery({
    queryKey: [...FEEDBACK_KEY, "summary", by, since],
    queryFn: ({ signal }) =>
      ok(
        client.GET("/api/feedback/decisions", {
          params: { query: { by, since: since || undefined } },
          signal,
        }),
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
    mutationFn: (comment: string) =>
      ok(
        client.POST("/api/contacts/{id}/accept", { params: { path: { id: contactId } }, body: { comment } }),
      ),
    onSuccess: refresh,
    onError: (error) => isApiError(error, 409) && refresh(),
  });
}

/** Accepts every chosen MQL in one request (all or none). */
export function useAcceptLeads() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (contactIds: string[]) => ok(client.POST("/api/feedback/accept", { body: { contactIds } })),
    onSuccess: refresh,
  });
}

export function useRejectLead(contactId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: RejectInput) =>
      ok(client.POST("/api/contacts/{id}/reject", { params: { path: { id: contactId } }, body: input })),
    onSuccess: refresh,
    onError: (error) => isApiError(error, 409) && refresh(),
  });
}
