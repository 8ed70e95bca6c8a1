// The job runner: work too heavy for a request (calibration, backtests) starts here, answers at once with
// the job, and runs in the background of the process that started it. The job reports progress in words
// and a fraction, writes a heartbeat, and stops at its next checkpoint once someone asks it to cancel.
// A job whose process died (no heartbeat for JOB_STALE_MS) is shown as interrupted; start it again.
import { and, desc, eq, isNull, type SQL } from "drizzle-orm";
import type { Job } from "../../../shared/jobs.js";
import type { Db } from "../../db/client.js";
import { jobs } from "../../db/schema/index.js";
import type { Caller } from "../../lib/access.js";
import { AppError, conflict, forbidden, notFound } from "../../lib/errors.js";
import { newId } from "../../lib/ids.js";

export const JOB_HEARTBEAT_MS = 5_000;
/** A running job silent for this long is interrupted: many heartbeats, so a busy database never trips it. */
export const JOB_STALE_MS = 60_000;

/** Thrown at a checkpoint of a job someone asked to cancel; the runner records it as cancelled. */
export class JobCancelled extends Error {
  constructor() {
    super("cancelled");
  }
}

export interface JobContext {
  /**
   * Records how far the job got and gives the rest of the server a turn (the next event-loop tick):
   * call it between chunks of work. Throws JobCancelled when a cancel was requested.
   */
  checkpoint(progress: number, step: string): Promise<void>;
}

type JobRow = typeof jobs.$inferSelect;

function toJob(row: JobRow, now = Date.now()): Job {
  const stale = row.status === "running" && now - row.heartbeatAt.getTime() > JOB_STALE_MS;
  return {
    id: row.id,
    kind: row.kind,
    subjectId: row.subjectId,
    status: stale ? "interrupted" : row.status,
    progress: row.progress,
    step: stale ? "The process running this job stopped; start it again" : row.step,
    result: row.result ?? null,
    error: row.error,
    cancelRequested: row.cancelRequestedAt != null,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

const running = new Set<Promise<unknown>>();

/** Resolves when every job this process started has finished (tests, a graceful shutdown). */
export async function settleJobs() {
  while (running.size > 0) await Promise.allSettled([...running]);
}

/** Lets the server answer other requests (the next event-loop turn) in the middle of long work. */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Starts `work` as a job and returns the job at once (status running). The work's return value becomes
 * the job's result; an AppError's message (or "Unexpected error") its error.
 */
export async function startJob<T>(
  db: Db,
  caller: Caller,
  spec: { kind: string; subjectId?: string | null; input: unknown; step?: string },
  work: (ctx: JobContext) => Promise<T>,
): Promise<Job> {
  const id = newId();
  const where = and(eq(jobs.workspaceId, caller.workspaceId), eq(jobs.id, id));
  const [row] = await db
    .insert(jobs)
    .values({
      workspaceId: caller.workspaceId,
      id,
      kind: spec.kind,
      subjectId: spec.subjectId ?? null,
      status: "running",
      step: spec.step ?? "Starting",
      input: spec.input ?? {},
      memberId: caller.memberId,
    })
    .returning();

  let lastBeat = Date.now();
  const ctx: JobContext = {
    async checkpoint(progress, step) {
      await yieldToEventLoop();
      const [current] = await db
        .update(jobs)
        .set({ progress: Math.max(0, Math.min(1, progress)), step, heartbeatAt: new Date() })
        .where(where)
        .returning({ cancelRequestedAt: jobs.cancelRequestedAt });
      lastBeat = Date.now();
      if (current?.cancelRequestedAt) throw new JobCancelled();
    },
  };
  // Work between checkpoints can be long (one big query): the heartbeat keeps the job from looking dead.
  const beat = setInterval(() => {
    if (Date.now() - lastBeat < JOB_HEARTBEAT_MS) return;
    lastBeat = Date.now();
    db.update(jobs)
      .set({ heartbeatAt: new Date() })
      .where(and(where, eq(jobs.status, "running")))
      .catch(() => {});
  }, JOB_HEARTBEAT_MS);
  beat.unref();

  const finish = (values: Partial<JobRow>) =>
    db
      .update(jobs)
      .set({ ...values, finishedAt: new Date(), heartbeatAt: new Date() })
      .where(where);
  const task = (async () => {
    try {
      await yieldToEventLoop();
      const result = await work(ctx);
      await finish({ status: "succeeded", progress: 1, step: "Done", result: result ?? null });
    } catch (error) {
      if (error instanceof JobCancelled) await finish({ status: "cancelled", step: "Cancelled" });
      else {
        if (!(error instanceof AppError)) console.error(`Job ${spec.kind} ${id} failed`, error);
        const message = error instanceof AppError ? error.message : "Unexpected error; see the server log";
        await finish({ status: "failed", step: "Failed", error: message });
      }
    } finally {
      clearInterval(beat);
    }
  })().catch((error) => console.error(`Job ${id} could not record its end`, error));
  running.add(task);
  void task.finally(() => running.delete(task));
  return toJob(row);
}

async function findJob(db: Db, workspaceId: string, id: string) {
  const [row] = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.workspaceId, workspaceId), eq(jobs.id, id)));
  if (!row) throw notFound("job");
  return row;
}

export async function getJob(db: Db, caller: Caller, id: string): Promise<Job> {
  return toJob(await findJob(db, caller.workspaceId, id));
}

/** The newest jobs first (at most 20), optionally of one record or kind. */
export async function listJobs(db: Db, caller: Caller, query: { subjectId?: string; kind?: string }) {
  const conditions: SQL[] = [eq(jobs.workspaceId, caller.workspaceId)];
  if (query.subjectId) conditions.push(eq(jobs.subjectId, query.subjectId));
  if (query.kind) conditions.push(eq(jobs.kind, query.kind));
  const rows = await db
    .select()
    .from(jobs)
    .where(and(...conditions))
    .orderBy(desc(jobs.createdAt))
    .limit(20);
  const now = Date.now();
  return { items: rows.map((row) => toJob(row, now)) };
}

/** Asks a running job to stop at its next checkpoint. Its starter, a team lead or an admin may. */
export async function cancelJob(db: Db, caller: Caller, id: string): Promise<Job> {
  const row = await findJob(db, caller.workspaceId, id);
  if (row.memberId !== caller.memberId && caller.role !== "lead" && caller.role !== "admin")
    throw forbidden("Only the member who started this job, a team lead or an admin can cancel it");
  const job = toJob(row);
  if (job.status !== "running") throw conflict(`The job has already ended (${job.status})`, "status");
  const [updated] = await db
    .update(jobs)
    .set({ cancelRequestedAt: new Date() })
    .where(and(eq(jobs.workspaceId, caller.workspaceId), eq(jobs.id, id), isNull(jobs.cancelRequestedAt)))
    .returning();
  return toJob(updated ?? row);
}
