// Background jobs: work too heavy for a request (calibration, backtests) runs here with progress, a
// heartbeat and cancel. status: running -> succeeded | failed | cancelled, or interrupted when the process
// running it stopped sending heartbeats.
import {
  foreignKey,
  index,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import type { JobStatus } from "../../../shared/jobs.js";
import { tenantKey } from "./columns.js";
import { members, workspaces } from "./workspaces.js";

export const jobs = pgTable(
  "jobs",
  {
    ...tenantKey,
    /** What runs: "calibration", "backtest". */
    kind: text("kind").notNull(),
    /** The record the job works on (a scoring model), for listing a record's jobs. */
    subjectId: uuid("subject_id"),
    status: text("status").$type<JobStatus>().notNull(),
    /** 0 to 1. */
    progress: real("progress").notNull().default(0),
    /** What the job is doing now, in words ("Reading contacts 20,000 of 100,000"). */
    step: text("step").notNull().default(""),
    input: jsonb("input").$type<unknown>().notNull(),
    result: jsonb("result").$type<unknown>(),
    error: text("error"),
    memberId: uuid("member_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }).notNull().defaultNow(),
    cancelRequestedAt: timestamp("cancel_requested_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("jobs_subject_idx").on(t.workspaceId, t.subjectId, t.createdAt),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }),
    foreignKey({ columns: [t.workspaceId, t.memberId], foreignColumns: [members.workspaceId, members.id] }),
  ],
);
