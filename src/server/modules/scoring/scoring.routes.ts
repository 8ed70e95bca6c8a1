import { and, eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { errorSchema, idParams } from "../../../shared/common.js";
import { jobSchema } from "../../../shared/jobs.js";
import {
  accountScoreListSchema,
  activationSchema,
  backtestRequestSchema,
  calibrationRequestSchema,
  createDraftVersionSchema,
  createScoringModelSchema,
  diffQuerySchema,
  distributionSchema,
  explanationListSchema,
  ruleCountsBodySchema,
  ruleCountsSchema,
  scoreHistoryQuerySchema,
  scoreHistorySchema,
  scoringDiffSchema,
  scoringModelListSchema,
  scoringModelSchema,
  scoringVersionSchema,
  updateScoringVersionSchema,
  versionParams,
} from "../../../shared/scoring.js";
import type { Db } from "../../db/client.js";
import { accountScores, accounts, contacts, scoringModels } from "../../db/schema/index.js";
import { LEADS, MEMBER } from "../../lib/access.js";
import { csvStream } from "../../lib/csv-stream.js";
import { findRecord } from "../../lib/records.js";
import { startJob } from "../jobs/jobs.service.js";
import { backtest } from "./backtest.service.js";
import { calibrateScoringModel, checkCalibrationRequest } from "./calibration.service.js";
import {
  activeVersions,
  countRuleMatches,
  explainScore,
  SCORES_CSV_COLUMNS,
  scoreDistribution,
  scoreHistory,
  scoresExport,
} from "./scores.service.js";
import {
  activateScoringVersion,
  approveScoringVersion,
  createDraftVersion,
  createScoringModel,
  diffScoringVersions,
  findLiveVersion,
  findModel,
  getScoringModel,
  getScoringVersion,
  listScoringModels,
  loadVersion,
  retireScoringVersion,
  updateScoringVersion,
  withdrawApproval,
} from "./scoring-models.service.js";

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };

export function registerScoringRoutes(app: FastifyInstance, db: Db) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["Scoring"];

  r.get(
    "/api/scoring-models",
    {
      schema: {
        tags,
        summary: "Scoring models with their versions and approvals",
        response: { 200: scoringModelListSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    async (request) => ({ items: await listScoringModels(db, request.caller) }),
  );
  r.post(
    "/api/scoring-models",
    {
      schema: {
        tags,
        summary: "Create a scoring model (its version 1 is a draft)",
        body: createScoringModelSchema,
        response: { 201: scoringModelSchema, ...errors },
      },
      config: { access: LEADS },
    },
    async (request, reply) =>
      reply.status(201).send(await createScoringModel(db, request.caller, request.body)),
  );
  r.get(
    "/api/scoring-models/:id",
    {
      schema: {
        tags,
        summary: "A scoring model",
        params: idParams,
        response: { 200: scoringModelSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => getScoringModel(db, request.caller, request.params.id),
  );
  r.post(
    "/api/scoring-models/:id/versions",
    {
      schema: {
        tags,
        summary: "Start a new draft version from an earlier one (default: the latest)",
        params: idParams,
        body: createDraftVersionSchema,
        response: { 201: scoringVersionSchema, ...errors },
      },
      config: { access: LEADS },
    },
    async (request, reply) =>
      reply.status(201).send(await createDraftVersion(db, request.caller, request.params.id, request.body)),
  );
  r.get(
    "/api/scoring-models/:id/versions/:version",
    {
      schema: {
        tags,
        summary: "One version: its rules, status and approvals",
        params: versionParams,
        response: { 200: scoringVersionSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => getScoringVersion(db, request.caller, request.params.id, request.params.version),
  );
  r.put(
    "/api/scoring-models/:id/versions/:version",
    {
      schema: {
        tags,
        summary: "Edit a draft or approved version (it returns to draft and loses its approvals)",
        params: versionParams,
        body: updateScoringVersionSchema,
        response: { 200: scoringVersionSchema, ...errors },
      },
      config: { access: LEADS },
    },
    (request) =>
      updateScoringVersion(db, request.caller, request.params.id, request.params.version, request.body),
  );
  r.post(
    "/api/scoring-models/:id/versions/:version/approval",
    {
      schema: {
        tags,
        summary: "Approve a draft for your team (a sales lead and a marketing lead are both needed)",
        params: versionParams,
        response: { 200: scoringVersionSchema, ...errors },
      },
      config: { access: LEADS },
    },
    (request) => approveScoringVersion(db, request.caller, request.params.id, request.params.version),
  );
  r.delete(
    "/api/scoring-models/:id/versions/:version/approval",
    {
      schema: {
        tags,
        summary: "Withdraw your approval",
        params: versionParams,
        response: { 200: scoringVersionSchema, ...errors },
      },
      config: { access: LEADS },
    },
    (request) => withdrawApproval(db, request.caller, request.params.id, request.params.version),
  );
  r.post(
    "/api/scoring-models/:id/versions/:version/activate",
    {
      schema: {
        tags,
        summary: "Make an approved version live and rescore every contact",
        params: versionParams,
        response: {
          200: activationSchema,
          ...errors,
        },
      },
      config: { access: LEADS },
    },
    (request) => activateScoringVersion(db, request.caller, request.params.id, request.params.version),
  );
  r.post(
    "/api/scoring-models/:id/versions/:version/retire",
    {
      schema: {
        tags,
        summary: "Take the live version off (the model stops scoring)",
        params: versionParams,
        response: { 200: scoringVersionSchema, ...errors },
      },
      config: { access: LEADS },
    },
    (request) => retireScoringVersion(db, request.caller, request.params.id, request.params.version),
  );
  r.get(
    "/api/scoring-models/:id/versions/:version/diff",
    {
      schema: {
        tags,
        summary: "Rule-by-rule changes from another version (default: the one before)",
        params: versionParams,
        querystring: diffQuerySchema,
        response: {
          200: scoringDiffSchema,
          ...errors,
        },
      },
      config: { access: MEMBER },
    },
    (request) =>
      diffScoringVersions(
        db,
        request.caller,
        request.params.id,
        request.params.version,
        request.query.against ?? Math.max(1, request.params.version - 1),
      ),
  );
  r.post(
    "/api/scoring-models/:id/versions/:version/backtests",
    {
      schema: {
        tags,
        summary:
          "Start a backtest job: replay a version over the last N months, side by side with the live version (the job's result is the backtest)",
        params: versionParams,
        body: backtestRequestSchema,
        response: { 202: jobSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    async (request, reply) => {
      const { workspaceId } = request.caller;
      const candidate = await loadVersion(db, workspaceId, request.params.id, request.params.version);
      const live = await findLiveVersion(db, workspaceId, request.params.id);
      const job = await startJob(
        db,
        request.caller,
        {
          kind: "backtest",
          subjectId: request.params.id,
          input: { version: candidate.version, ...request.body },
        },
        async (ctx) => {
          await ctx.checkpoint(0.1, `Replaying version ${candidate.version}`);
          return backtest(
            db,
            workspaceId,
            candidate,
            live && live.id !== candidate.id ? live : null,
            request.body,
          );
        },
      );
      return reply.status(202).send(job);
    },
  );
  r.post(
    "/api/scoring-models/:id/calibrations",
    {
      schema: {
        tags,
        summary:
          "Start a calibration job: fit points to past outcomes and save them as a new draft version (the job's result is the calibration report)",
        params: idParams,
        body: calibrationRequestSchema,
        response: { 202: jobSchema, ...errors },
      },
      config: { access: LEADS },
    },
    async (request, reply) => {
      const modelId = request.params.id;
      await checkCalibrationRequest(db, request.caller, modelId, request.body);
      const job = await startJob(
        db,
        request.caller,
        { kind: "calibration", subjectId: modelId, input: request.body, step: "Reading contacts" },
        (ctx) => calibrateScoringModel(db, request.caller, modelId, request.body, ctx),
      );
      return reply.status(202).send(job);
    },
  );
  r.get(
    "/api/scoring-models/:id/distribution",
    {
      schema: {
        tags,
        summary: "How the live version's combined scores and grades spread over contacts",
        params: idParams,
        response: { 200: distributionSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    async (request) => {
      const live = await findLiveVersion(db, request.caller.workspaceId, request.params.id);
      const distribution = await scoreDistribution(db, request.caller.workspaceId, request.params.id);
      return { version: live?.version ?? null, ...distribution };
    },
  );
  // Untyped on purpose: it answers a CSV stream, not a JSON body the response schemas describe.
  app.get(
    "/api/scoring-models/:id/scores.csv",
    {
      schema: {
        tags,
        summary:
          "Every contact's stored score under this model as CSV: fit, engagement, total, grade, MQL, model version",
        params: idParams,
        produces: ["text/csv"],
        response: { ...errors },
      },
      config: { access: MEMBER },
    },
    async (request, reply) => {
      const { workspaceId } = request.caller;
      const { id } = request.params as { id: string };
      const model = await findModel(db, workspaceId, id);
      const live = await findLiveVersion(db, workspaceId, id);
      const rows = await scoresExport(db, workspaceId, model, live?.version ?? null);
      const slug =
        model.name
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, "-")
          .replace(/^-|-$/g, "") || "model";
      reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="scores-${slug}.csv"`);
      return reply.send(
        csvStream(
          rows,
          { header: true, columns: [...SCORES_CSV_COLUMNS], cast: { boolean: (value) => String(value) } },
          (error) => request.log.error({ err: error }, "scores export failed"),
        ),
      );
    },
  );
  r.post(
    "/api/scoring/rule-counts",
    {
      schema: {
        tags,
        summary: "How many contacts each rule of a (possibly unsaved) definition matches",
        body: ruleCountsBodySchema,
        response: { 200: ruleCountsSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => countRuleMatches(db, request.caller.workspaceId, request.body.definition),
  );
  r.get(
    "/api/contacts/:id/scores",
    {
      schema: {
        tags,
        summary: "The contact's score under each live model, with every rule and touch behind it",
        params: idParams,
        response: { 200: explanationListSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    async (request) => {
      const { workspaceId } = request.caller;
      await findRecord(db, contacts, workspaceId, request.params.id, "Contact");
      const at = new Date();
      const items = [];
      for (const version of await activeVersions(db, workspaceId))
        items.push(await explainScore(db, workspaceId, version, request.params.id, at));
      return { items };
    },
  );
  r.get(
    "/api/contacts/:id/score-history",
    {
      schema: {
        tags,
        summary: "The contact's score under a live model over time",
        params: idParams,
        querystring: scoreHistoryQuerySchema,
        response: { 200: scoreHistorySchema, ...errors },
      },
      config: { access: MEMBER },
    },
    async (request) => {
      const { workspaceId } = request.caller;
      await findRecord(db, contacts, workspaceId, request.params.id, "Contact");
      const live = request.query.modelId
        ? await findLiveVersion(db, workspaceId, request.query.modelId)
        : ((await activeVersions(db, workspaceId))[0] ?? null);
      if (!live) return { points: [] };
      return scoreHistory(db, workspaceId, live, request.params.id, { days: request.query.days });
    },
  );
  r.get(
    "/api/accounts/:id/scores",
    {
      schema: {
        tags,
        summary: "The account's fit and rolled-up engagement under each live model",
        params: idParams,
        response: {
          200: accountScoreListSchema,
          ...errors,
        },
      },
      config: { access: MEMBER },
    },
    async (request) => {
      const { workspaceId } = request.caller;
      await findRecord(db, accounts, workspaceId, request.params.id, "Account");
      const rows = await db
        .select({
          modelId: accountScores.modelId,
          modelName: scoringModels.name,
          fit: accountScores.fit,
          engagement: accountScores.engagement,
          combined: accountScores.combined,
          engagedContacts: accountScores.engagedContacts,
          scoredAt: accountScores.scoredAt,
        })
        .from(accountScores)
        .innerJoin(
          scoringModels,
          and(
            eq(scoringModels.workspaceId, accountScores.workspaceId),
            eq(scoringModels.id, accountScores.modelId),
          ),
        )
        .where(
          and(eq(accountScores.workspaceId, workspaceId), eq(accountScores.accountId, request.params.id)),
        )
        .orderBy(scoringModels.name);
      return { items: rows.map((row) => ({ ...row, scoredAt: row.scoredAt.toISOString() })) };
    },
  );
}
