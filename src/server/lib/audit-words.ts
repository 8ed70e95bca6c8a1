// Words for audit summaries: sentences a manager reads ("Ada Admin made Rey Rep a sales team lead").
import { LIFECYCLE_STAGE_LABELS, type LifecycleStage } from "../../shared/domain.js";

const ROLE_WORDS: Record<string, string> = { member: "member", lead: "team lead", admin: "admin" };

/** "a sales team lead", "an admin" (admins act for the whole workspace, so no team). */
export function roleWords(team: string, role: string): string {
  if (role === "admin") return `an admin (${team} team)`;
  return `a ${team} ${ROLE_WORDS[role] ?? role}`;
}

export const roleName = (role: string) => ROLE_WORDS[role] ?? role;

export const stageName = (stage: string | null | undefined) =>
  stage ? (LIFECYCLE_STAGE_LABELS[stage as LifecycleStage] ?? stage) : "no stage";

/** "name, mission and time zone" */
export function listWords(words: string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

/** Only the keys whose values differ: { before, after } with just those keys, or null when nothing changed. */
export function changedFields<T extends Record<string, unknown>>(
  before: T,
  after: Partial<T>,
): { before: Partial<T>; after: Partial<T>; keys: (keyof T & string)[] } | null {
  const keys = (Object.keys(after) as (keyof T & string)[]).filter(
    (k) => after[k] !== undefined && JSON.stringify(after[k]) !== JSON.stringify(before[k]),
  );
  if (keys.length === 0) return null;
  return {
    before: Object.fromEntries(keys.map((k) => [k, before[k] ?? null])) as Partial<T>,
    after: Object.fromEntries(keys.map((k) => [k, after[k] ?? null])) as Partial<T>,
    keys,
  };
}

/** Record types whose names are personal data: their summaries name no one (the log cannot be erased). */
const PERSONAL_RECORDS = new Set(["contact"]);

/** "Ada Admin archived the account Acme" / "Ada Admin restored a contact"; null when nothing changed. */
export function archiveEntry(
  actorName: string,
  entityType: string,
  record: { id: string; name?: string | null },
  before: Date | null,
  after: Date | null,
) {
  if ((before === null) === (after === null)) return null;
  const archived = after !== null;
  const noun = entityType.replace(/_/g, " ");
  const article = /^[aeiou]/.test(noun) ? "an" : "a";
  const what =
    PERSONAL_RECORDS.has(entityType) || !record.name ? `${article} ${noun}` : `the ${noun} ${record.name}`;
  return {
    action: archived ? "record.archived" : "record.restored",
    entityType,
    entityId: record.id,
    summary: `${actorName} ${archived ? "archived" : "restored"} ${what}`,
    before: { archivedAt: before?.toISOString() ?? null },
    after: { archivedAt: after?.toISOString() ?? null },
  };
}
