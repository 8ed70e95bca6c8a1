// Fixtures shared by the routing and SLA tests: an agreement in force, extra sales reps, pods, MQLs at a
// chosen moment.
import { randomBytes } from "node:crypto";
import { type SlaTerms, STARTER_SLA_TERMS } from "../../shared/sla.js";
import type { Database } from "../db/client.js";
import { members, users } from "../db/schema/index.js";
import { newId } from "../lib/ids.js";
import { handOff } from "../modules/handoff/handoff.service.js";
import { moveStage } from "../modules/lifecycle/lifecycle.service.js";
import {
  activateSlaVersion,
  approveSlaVersion,
  createSlaDraft,
  updateSlaDraft,
} from "../modules/sla/sla-agreement.service.js";
import type { Cast } from "./harness.js";

export const NEW_YORK_TERMS: SlaTerms = {
  calendar: {
    timeZone: "America/New_York",
    workingDays: [1, 2, 3, 4, 5],
    start: "09:00",
    end: "17:00",
    holidays: ["2026-11-26"],
  },
  sales: {
    acceptWithinHours: 4,
    firstTouchWithinHours: 8,
    attempts: 3,
    attemptsWithinDays: 2,
    warnAtPercent: 75,
    reassignOnBreach: false,
  },
  marketing: { mqlsPerMonth: 10, pipelinePerQuarter: 90_000, maxRejectionRate: 0.25 },
  minimumSample: 20,
};

/** Drafts, signs (both teams) and activates an agreement with `terms`. */
export async function agreeSla(db: Database["db"], cast: Cast, terms: SlaTerms = STARTER_SLA_TERMS) {
  const draft = await createSlaDraft(db, cast.salesLead, { note: "" });
  await updateSlaDraft(db, cast.salesLead, draft.version, { terms });
  await approveSlaVersion(db, cast.salesLead, draft.version);
  await approveSlaVersion(db, cast.marketingLead, draft.version);
  return activateSlaVersion(db, cast.salesLead, draft.version, new Date("2026-01-01T00:00:00Z"));
}

/** A sales rep (member of the sales team) with a routing capacity. */
export async function addRep(database: Database, workspaceId: string, name: string, mqlCapacity = 25) {
  const userId = newId();
  await database.db.insert(users).values({
    id: userId,
    name,
    email: `${name.toLowerCase().replace(/\W+/g, ".")}.${randomBytes(3).toString("hex")}@example.test`,
  });
  const id = newId();
  await database.db
    .insert(members)
    .values({ workspaceId, id, userId, team: "sales", role: "member", mqlCapacity });
  return id;
}

/** Moves contacts to MQL at `at`, as the scoring model would (routing and clocks follow). */
export async function becomeMql(db: Database["db"], workspaceId: string, contactIds: string[], at: Date) {
  const moved = await moveStage(
    db,
    workspaceId,
    { contacts: contactIds, toStage: "mql" },
    { cause: "rule", detail: "test" },
    { at },
  );
  await handOff(db, workspaceId, moved, at);
  return moved.map((m) => m.contactId);
}
