// The scoring worker: high-volume writers (tracking ingestion) queue the contacts they touched in their own
// transaction; the worker drains the queue in batches within milliseconds and rescores them, so a burst of
// events costs one rescore per batch rather than one per request, and a crash loses nothing (the queue
// rows are removed in the rescoring transaction). Contacts that cross the MQL condition move stage and are
// handed off (routed, clocks started) in that same transaction, as the worker's own visible steps. Runs in
// every server process; workers share the queue through FOR UPDATE SKIP LOCKED.
import { sql } from "drizzle-orm";
import { type Db, queryPrepared, queryRows } from "../../db/client.js";
import { uuidArray } from "../../lib/ids.js";
import { handOff } from "../handoff/handoff.service.js";
import { activeVersions, moveMqlCrossings, rescoreContacts } from "./scores.service.js";

const BATCH = 2_000;
const IDLE_POLL_MS = 1_000;
const POKE_DELAY_MS = 15;

/** Queues contacts for rescoring (nothing when the workspace has no live model); poke the worker after commit. */
export async function queueRescore(db: Db, workspaceId: string, contactIds: Iterable<string>) {
  const ids = [...new Set(contactIds)];
  if (ids.length === 0 || (await activeVersions(db, workspaceId)).length === 0) return;
  await queryPrepared(
    db,
    "score_queue_add",
    sql`insert into score_queue (workspace_id, contact_id)
        select ${workspaceId}, id from unnest(${uuidArray(ids)}) as id`,
  );
}

/** Rescores up to `limit` queued contacts in one transaction; returns how many were taken. */
export async function drainScoreQueue(db: Db, limit = BATCH): Promise<number> {
  return db.transaction(async (tx) => {
    const t = tx;
    const claimed = await queryRows<{ workspace_id: string; contact_id: string }>(
      t,
      sql`delete from score_queue where id in (
            select id from score_queue order by id limit ${limit} for update skip locked
          )
          returning workspace_id, contact_id`,
    );
    const byWorkspace = new Map<string, Set<string>>();
    for (const row of claimed) {
      const list = byWorkspace.get(row.workspace_id) ?? new Set<string>();
      list.add(row.contact_id);
      byWorkspace.set(row.workspace_id, list);
    }
    const at = new Date();
    for (const [workspaceId, ids] of byWorkspace) {
      const crossings = await rescoreContacts(t, workspaceId, ids, at);
      const moved = await moveMqlCrossings(t, workspaceId, crossings, at);
      await handOff(t, workspaceId, moved, at);
    }
    return claimed.length;
  });
}

let poke: (() => void) | null = null;

/** Asks this process's worker to drain soon (after the caller's transaction has committed). */
export function pokeScoreWorker() {
  poke?.();
}

/** Starts draining: right after pokes, and every second in case another process queued work. */
export function startScoreWorker(db: Db, onError: (error: unknown) => void) {
  let timer: NodeJS.Timeout | null = null;
  let dueAt = 0;
  let running: Promise<void> | null = null;
  let stopped = false;
  const schedule = (delay: number) => {
    if (stopped || (timer && dueAt <= Date.now() + delay)) return;
    if (timer) clearTimeout(timer);
    dueAt = Date.now() + delay;
    timer = setTimeout(() => {
      timer = null;
      running ??= run().finally(() => {
        running = null;
      });
    }, delay);
  };
  const run = async () => {
    try {
      while (!stopped && (await drainScoreQueue(db)) === BATCH) {
        // A full batch: more is waiting.
      }
    } catch (error) {
      onError(error);
    }
    schedule(IDLE_POLL_MS);
  };
  poke = () => schedule(POKE_DELAY_MS);
  schedule(POKE_DELAY_MS);
  // On shutdown, finish what is queued here (another process or the next start would otherwise do it).
  return async () => {
    stopped = true;
    poke = null;
    if (timer) clearTimeout(timer);
    await running;
    try {
      while ((await drainScoreQueue(db)) > 0) {
        // until empty
      }
    } catch (error) {
      onError(error);
    }
  };
}
