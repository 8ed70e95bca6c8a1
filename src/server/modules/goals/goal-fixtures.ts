// Fixtures for the goals tests: contacts moved through the funnel at chosen moments (the one writer), and
// deals with an owner, a stage and dates.
import type { LifecycleStage, OpportunityStage } from "../../../shared/domain.js";
import type { Db } from "../../db/client.js";
import { accounts, contacts, opportunities, opportunityStageChanges } from "../../db/schema/index.js";
import { newId } from "../../lib/ids.js";
import { moveStage } from "../lifecycle/lifecycle.service.js";

/** A contact created without history, then moved through `moves` ([stage, ISO time]). */
export async function person(
  db: Db,
  workspaceId: string,
  moves: [LifecycleStage, string][],
  extra: { ownerMemberId?: string; sourceCampaignId?: string } = {},
) {
  const id = newId();
  await db.insert(contacts).values({
    workspaceId,
    id,
    firstName: "Pat",
    lastName: id.slice(-6),
    email: `pat.${id.slice(-12)}@example.test`,
    ownerMemberId: extra.ownerMemberId ?? null,
    sourceCampaignId: extra.sourceCampaignId ?? null,
  });
  for (const [stage, at] of moves)
    await moveStage(
      db,
      workspaceId,
      { contacts: [id], toStage: stage },
      { cause: "member", detail: "test", explicit: true },
      { at: new Date(at) },
    );
  return id;
}

/** `count` contacts with the same moves. */
export async function people(db: Db, workspaceId: string, count: number, moves: [LifecycleStage, string][]) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(await person(db, workspaceId, moves));
  return ids;
}

/** ISO time `days` after `start` (a date-time). */
export const plusDays = (start: string, days: number) =>
  new Date(new Date(start).getTime() + days * 86_400_000).toISOString();

let account: { workspaceId: string; id: string } | null = null;

/** A deal of a fresh or the last account of the workspace. */
export async function deal(
  db: Db,
  workspaceId: string,
  d: {
    amount: number;
    stage: OpportunityStage;
    closeDate: string;
    closedAt?: string;
    createdAt?: string;
    ownerMemberId?: string | null;
    sourceCampaignId?: string | null;
    /** The deal's way through the stages ([stage, ISO time]), written to the deal-stage history. */
    history?: [OpportunityStage, string][];
  },
) {
  if (account?.workspaceId !== workspaceId) {
    account = { workspaceId, id: newId() };
    await db
      .insert(accounts)
      .values({ workspaceId, id: account.id, name: `Account ${account.id.slice(-4)}` });
  }
  const id = newId();
  await db.insert(opportunities).values({
    workspaceId,
    id,
    name: `Deal ${d.amount}`,
    accountId: account.id,
    amount: d.amount,
    stage: d.stage,
    closeDate: d.closeDate,
    closedAt: d.closedAt ? new Date(d.closedAt) : null,
    createdAt: d.createdAt ? new Date(d.createdAt) : undefined,
    ownerMemberId: d.ownerMemberId ?? null,
    sourceCampaignId: d.sourceCampaignId ?? null,
  });
  let from: OpportunityStage | null = null;
  for (const [stage, at] of d.history ?? []) {
    await db.insert(opportunityStageChanges).values({
      workspaceId,
      id: newId(),
      opportunityId: id,
      fromStage: from,
      toStage: stage,
      changedAt: new Date(at),
      cause: "seed",
    });
    from = stage;
  }
  return id;
}

/** Forgets the cached account (the test wipes workspaces between tests). */
export function forgetAccount() {
  account = null;
}
