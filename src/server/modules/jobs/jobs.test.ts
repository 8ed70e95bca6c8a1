// The job runner: a job answers at once, reports progress, stops at its next checkpoint when cancelled
// (by its starter or a lead, not by another member), shows as interrupted when its process went silent,
// and stays inside its workspace.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { jobs } from "../../db/schema/index.js";
import type { Caller } from "../../lib/access.js";
import { badRequest } from "../../lib/errors.js";
import { joinWorkspace, setupTestApp, type TestMember } from "../../testing/harness.js";
import { JOB_STALE_MS, settleJobs, startJob } from "./jobs.service.js";

const t = setupTestApp();

const callerOf = (m: TestMember): Caller =>
  ({
    userId: m.userId,
    name: m.name,
    email: m.email,
    workspaceId: m.workspaceId,
    memberId: m.memberId,
    team: m.team,
    role: m.role,
  }) as Caller;

/** A job whose work waits for the test to let it go, then reaches one checkpoint. */
function gatedJob(member: TestMember, outcome: () => Promise<unknown> = async () => ({ answer: 42 })) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const started = startJob(
    t.database.db,
    callerOf(member),
    { kind: "test", input: { n: 1 } },
    async (ctx) => {
      await gate;
      await ctx.checkpoint(0.5, "Half way");
      return outcome();
    },
  );
  return { started, release };
}

describe("jobs", () => {
  it("answers at once, then holds the result", async () => {
    const { started, release } = gatedJob(t.cast.marketingLead);
    const job = await started;
    expect(job).toMatchObject({ kind: "test", status: "running", progress: 0, result: null });
    const running = await t.as(t.cast.rep).get(`/api/jobs/${job.id}`);
    expect(running.json()).toMatchObject({ status: "running" });
    release();
    await settleJobs();
    const done = await t.as(t.cast.rep).get(`/api/jobs/${job.id}`);
    expect(done.json()).toMatchObject({
      status: "succeeded",
      progress: 1,
      result: { answer: 42 },
      error: null,
    });
    expect(done.json().finishedAt).not.toBeNull();
    const list = await t.as(t.cast.rep).get("/api/jobs?kind=test");
    expect(list.json().items.map((j: { id: string }) => j.id)).toEqual([job.id]);
  });

  it("stops at the next checkpoint when its starter or a lead cancels, not when another member asks", async () => {
    const { started, release } = gatedJob(t.cast.rep);
    const job = await started;
    // Another plain member of the same workspace may watch the job but not stop it.
    const marketer = await joinWorkspace(
      t.database,
      t.users.outsider,
      t.cast.rep.workspaceId,
      "marketing",
      "member",
    );
    expect((await t.as(marketer).get(`/api/jobs/${job.id}`)).statusCode).toBe(200);
    const stranger = await t.as(marketer).post(`/api/jobs/${job.id}/cancel`);
    expect(stranger.statusCode).toBe(403);
    const outsider = await t.as(t.cast.outsider).post(`/api/jobs/${job.id}/cancel`);
    expect(outsider.statusCode).toBe(404);
    const cancel = await t.as(t.cast.rep).post(`/api/jobs/${job.id}/cancel`);
    expect(cancel.statusCode).toBe(200);
    expect(cancel.json()).toMatchObject({ status: "running", cancelRequested: true });
    release();
    await settleJobs();
    const ended = (await t.as(t.cast.rep).get(`/api/jobs/${job.id}`)).json();
    expect(ended).toMatchObject({ status: "cancelled", result: null });
    const again = await t.as(t.cast.salesLead).post(`/api/jobs/${job.id}/cancel`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain("already ended (cancelled)");
  });

  it("records a refusal as the job's error and an unexpected failure without its details", async () => {
    const refused = gatedJob(t.cast.salesLead, async () => {
      throw badRequest("Calibration needs at least 10 contacts with each outcome");
    });
    const broken = gatedJob(t.cast.salesLead, async () => {
      throw new Error("secret internals");
    });
    const [a, b] = [await refused.started, await broken.started];
    refused.release();
    broken.release();
    await settleJobs();
    expect((await t.as(t.cast.rep).get(`/api/jobs/${a.id}`)).json()).toMatchObject({
      status: "failed",
      error: "Calibration needs at least 10 contacts with each outcome",
    });
    const failed = (await t.as(t.cast.rep).get(`/api/jobs/${b.id}`)).json();
    expect(failed.status).toBe("failed");
    expect(failed.error).not.toContain("secret");
  });

  it("shows a running job whose process went silent as interrupted", async () => {
    const { started, release } = gatedJob(t.cast.admin);
    const job = await started;
    await t.database.db
      .update(jobs)
      .set({ heartbeatAt: new Date(Date.now() - JOB_STALE_MS - 1000) })
      .where(and(eq(jobs.workspaceId, t.cast.admin.workspaceId), eq(jobs.id, job.id)));
    const seen = (await t.as(t.cast.admin).get(`/api/jobs/${job.id}`)).json();
    expect(seen).toMatchObject({ status: "interrupted" });
    expect(seen.step).toContain("start it again");
    release();
    await settleJobs();
  });

  it("refuses a malformed id with a 400 naming it", async () => {
    const response = await t.as(t.cast.rep).get("/api/jobs/not-an-id");
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain("id");
  });
});
