// Record types whose every change is audited (the target lists both teams agree on: personas, segments):
// create and update run in a transaction with their audit entry; archive/restore are audited for every
// record type by the record store itself.
import type { Db } from "../db/client.js";
import { recordAudit } from "./audit.js";
import { changedFields, listWords } from "./audit-words.js";
import type { RecordService } from "./record-routes.js";
import { definedOnly, findRecord, insertRecord, type RecordTable, updateRecord } from "./records.js";
import { type Jsonified, toJson } from "./serialize.js";

const BOOKKEEPING = new Set(["workspaceId", "id", "createdAt", "updatedAt", "archivedAt", "searchText"]);

/** The row without bookkeeping columns, dates as ISO text: what the log keeps as "after". */
function content(row: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(toJson(row)).filter(([key, value]) => !BOOKKEEPING.has(key) && value !== undefined),
  );
}

/** "titlePatterns" -> "title patterns" */
const words = (key: string) => key.replace(/([A-Z])/g, " $1").toLowerCase();

export function auditedChanges<T extends RecordTable>(
  db: Db,
  table: T,
  base: RecordService<never, object, object, Jsonified<T["$inferSelect"]>>,
  /** nameField: the column that names a record in the log's sentences ("name" unless said). */
  spec: { entityType: string; noun: string; nameField?: string },
): RecordService<never, object, object, Jsonified<T["$inferSelect"]>> {
  const { entityType, noun } = spec;
  const label = noun.toLowerCase();
  const nameField = spec.nameField ?? "name";
  return {
    ...base,
    create: (caller, input) =>
      db.transaction(async (tx) => {
        const t = tx;
        const row = await insertRecord(t, table, caller.workspaceId, input);
        const after = content(row);
        await recordAudit(t, caller.workspaceId, caller, {
          action: `${entityType}.created`,
          entityType,
          entityId: (row as { id: string }).id,
          summary: `${caller.name} created the ${label} ${String(after[nameField] ?? "")}`.trim(),
          after,
        });
        return toJson(row);
      }),
    update: (caller, id, input) =>
      db.transaction(async (tx) => {
        const t = tx;
        const current = content(await findRecord(t, table, caller.workspaceId, id, noun));
        const row = await updateRecord(t, table, caller.workspaceId, id, definedOnly(input), noun);
        const changed = changedFields(current, content(row));
        if (changed)
          await recordAudit(t, caller.workspaceId, caller, {
            action: `${entityType}.updated`,
            entityType,
            entityId: id,
            summary:
              `${caller.name} changed the ${listWords(changed.keys.map(words))} of the ${label} ${String(current[nameField] ?? "")}`.trim(),
            before: changed.before,
            after: changed.after,
          });
        return toJson(row);
      }),
  };
}
