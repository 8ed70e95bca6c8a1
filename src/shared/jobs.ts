// Background jobs as the API shows them: what runs, how far it got, and its result or error.
import { z } from "zod";
import { idSchema, timestamp } from "./common.js";

export const JOB_STATUSES = ["running", "succeeded", "failed", "cancelled", "interrupted"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const jobSchema = z.object({
  id: z.string(),
  kind: z.string(),
  subjectId: z.string().nullable(),
  status: z.enum(JOB_STATUSES),
  /** 0 to 1. */
  progress: z.number(),
  /** What the job is doing now, in words. */
  step: z.string(),
  /** Set when the job succeeded; its shape depends on the kind (see the route that started it). */
  result: z.unknown().nullable(),
  error: z.string().nullable(),
  cancelRequested: z.boolean(),
  createdAt: timestamp,
  finishedAt: timestamp.nullable(),
});
export type Job = z.infer<typeof jobSchema>;

export const jobParams = z.object({ id: idSchema });
export const jobListQuerySchema = z.object({
  subjectId: idSchema.optional(),
  kind: z.string().trim().min(1).max(40).optional(),
});
export const jobListSchema = z.object({ items: z.array(jobSchema) });
