// The hand-off from marketing to sales: what follows a lifecycle move. A new MQL is routed to a rep (or
// waits in the routing queue), its SLA clocks start and people are told; a lead that moves on past MQL
// meets its accept clock; one that moves back or out closes its clocks. Callers run it as their own,
// named step right after moveStage, so every side effect of a move is visible where the move is made.
// The SLA sweep (sla-sweep.ts) keeps the hand-off going afterwards: warnings, breaches, the routing queue.
import type { Db } from "../../db/client.js";
import type { StageMove } from "../lifecycle/lifecycle.service.js";
import { routeMqls } from "../routing/routing.service.js";
import { clocksAfterStageMove } from "../sla/sla-clocks.service.js";

/**
 * Hands off what `moved` (moveStage's answer) means for sales, in the caller's transaction (an MQL never
 * exists without its clocks, even if the process dies right after). `routeNewMqls: false` is for imports:
 * a file records history, it does not hand leads over, so its MQLs are not routed (the routing queue and
 * an edit by hand still can); the clocks of leads it moves on still close.
 */
export async function handOff(
  db: Db,
  workspaceId: string,
  moved: StageMove[],
  at: Date,
  options: { routeNewMqls?: boolean } = {},
) {
  const byStage = new Map<StageMove["toStage"], string[]>();
  for (const move of moved) {
    // A contact created just now has no clocks to close.
    if (move.fromStage === null && move.toStage !== "mql") continue;
    const ids = byStage.get(move.toStage);
    if (ids) ids.push(move.contactId);
    else byStage.set(move.toStage, [move.contactId]);
  }
  for (const [toStage, contactIds] of byStage) {
    if (toStage !== "mql") await clocksAfterStageMove(db, workspaceId, contactIds, toStage, at);
    else if (options.routeNewMqls !== false) await routeMqls(db, workspaceId, contactIds, at);
  }
}
