// ABM routes: target-account lists and their jointly approved changes (the agreement verbs of
// agreements.ts), journey thresholds, segments' live numbers, an account's journey, committee and timeline,
// plays, runs and tasks. Thin: each calls one service function.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  abmSettingsSchema,
  accountJourneySchema,
  accountTimelineQuerySchema,
  accountTimelineSchema,
  committeeSchema,
  completeTaskSchema,
  createPlaySchema,
  createTargetListSchema,
  playListQuerySchema,
  playRunQuerySchema,
  playRunSchema,
  playSchema,
  playTaskPageSchema,
  playTaskQuerySchema,
  playTaskSchema,
  proposeTargetListChangeSchema,
  segmentNumbersSchema,
  skipTaskSchema,
  startPlaySchema,
  targetAccountPageSchema,
  targetAccountQuerySchema,
  targetListChangeSchema,
  targetListChangesQuerySchema,
  targetListHistorySchema,
  targetListSchema,
  updateAbmSettingsSchema,
  updatePlaySchema,
  updateTargetListSchema,
} from "../../../shared/abm.js";
import { agreementVersionParams } from "../../../shared/agreements.js";
import { errorSchema, idParams, listSchema } from "../../../shared/common.js";
import type { Db } from "../../db/client.js";
import { segments } from "../../db/schema/index.js";
import { LEADS, MEMBER } from "../../lib/access.js";
import { findRecord } from "../../lib/records.js";
import {
  accountCommittee,
  accountJourney,
  accountTimeline,
  getAbmSettings,
  segmentAccounts,
  segmentNumbers,
  updateAbmSettings,
} from "./accounts-abm.service.js";
import {
  createPlay,
  finishTask,
  getPlay,
  getRun,
  listPlays,
  listRuns,
  listTasks,
  startPlay,
  updatePlay,
} from "./plays.service.js";
import {
  approveChange,
  createTargetList,
  getChange,
  getTargetList,
  listChanges,
  listHistory,
  listTargetLists,
  proposeChange,
  retireChange,
  targetAccounts,
  updateTargetList,
  withdrawApproval,
} from "./target-lists.service.js";

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };
const versionParams = idParams.extend(agreementVersionParams.shape);
const archivedQuery = z.object({
  archived: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true"),
});
const segmentAccountsSchema = z.object({
  items: z.array(
    z.object({
      accountId: z.string(),
      name: z.string(),
      domain: z.string().nullable(),
      industry: z.string().nullable(),
      employees: z.number().nullable(),
      stage: z.string().nullable(),
      fit: z.number().nullable(),
      engagement: z.number().nullable(),
      pipeline: z.number(),
      revenue: z.number(),
    }),
  ),
  total: z.number().int(),
});
const pageQuery = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export function registerAbmRoutes(app: FastifyInstance, db: Db) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["ABM"];

  // --- Target-account lists ---
  r.get(
    "/api/target-lists",
    {
      schema: {
        tags,
        summary: "Target-account lists, with accounts by tier, waiting proposals, pipeline and revenue",
        querystring: archivedQuery,
        response: { 200: listSchema(targetListSchema), ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => listTargetLists(db, request.caller.workspaceId, request.query.archived),
  );
  r.post(
    "/api/target-lists",
    {
      schema: {
        tags,
        summary: "Create a target-account list (empty: accounts join through approved proposals)",
        body: createTargetListSchema,
        response: { 201: targetListSchema, ...errors },
      },
      config: { access: LEADS },
    },
    async (request, reply) => reply.code(201).send(await createTargetList(db, request.caller, request.body)),
  );
  r.get(
    "/api/target-lists/:id",
    {
      schema: {
        tags,
        summary: "One target-account list",
        params: idParams,
        response: { 200: targetListSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => getTargetList(db, request.caller.workspaceId, request.params.id),
  );
  r.patch(
    "/api/target-lists/:id",
    {
      schema: {
        tags,
        summary:
          "Rename, describe, give to a pod, archive or restore a list (its accounts change only by proposals)",
        params: idParams,
        body: updateTargetListSchema.extend({ archived: z.boolean().optional() }),
        response: { 200: targetListSchema, ...errors },
      },
      config: { access: LEADS },
    },
    (request) => updateTargetList(db, request.caller, request.params.id, request.body),
  );
  r.get(
    "/api/target-lists/:id/accounts",
    {
      schema: {
        tags,
        summary: "The accounts on a list now: tier, journey stage, score, pipeline and revenue (paged)",
        params: idParams,
        querystring: targetAccountQuerySchema,
        response: { 200: targetAccountPageSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => targetAccounts(db, request.caller.workspaceId, request.params.id, request.query),
  );
  r.get(
    "/api/target-lists/:id/history",
    {
      schema: {
        tags,
        summary: "Every change that took effect on the list, account by account, newest first",
        params: idParams,
        response: { 200: targetListHistorySchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => listHistory(db, request.caller.workspaceId, request.params.id),
  );
  r.get(
    "/api/target-lists/:id/versions",
    {
      schema: {
        tags,
        summary: "Proposed changes to the list (agreement versions): waiting, in effect or withdrawn",
        params: idParams,
        querystring: targetListChangesQuerySchema,
        response: { 200: listSchema(targetListChangeSchema), ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => listChanges(db, request.caller.workspaceId, request.params.id, request.query.status),
  );
  r.post(
    "/api/target-lists/:id/versions",
    {
      schema: {
        tags,
        summary:
          "Propose adding, removing or re-tiering accounts, with a reason (the accounts' fit, engagement and deals are kept with it); it takes effect when a sales lead and a marketing lead approve",
        params: idParams,
        body: proposeTargetListChangeSchema,
        response: { 201: targetListChangeSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    async (request, reply) =>
      reply.code(201).send(await proposeChange(db, request.caller, request.params.id, request.body)),
  );
  r.get(
    "/api/target-lists/:id/versions/:version",
    {
      schema: {
        tags,
        summary: "One proposed change",
        params: versionParams,
        response: { 200: targetListChangeSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => getChange(db, request.caller.workspaceId, request.params.id, request.params.version),
  );
  const versionAction = (
    method: "POST" | "DELETE",
    path: string,
    summary: string,
    run: typeof approveChange,
    access = LEADS,
  ) =>
    r.route({
      method,
      url: `/api/target-lists/:id/versions/:version/${path}`,
      schema: { tags, summary, params: versionParams, response: { 200: targetListChangeSchema, ...errors } },
      config: { access },
      handler: (request) => run(db, request.caller, request.params.id, request.params.version),
    });
  versionAction(
    "POST",
    "approval",
    "Approve a proposed change for your team; with both teams' approval it takes effect at once",
    approveChange,
  );
  versionAction("DELETE", "approval", "Withdraw your approval", withdrawApproval);
  versionAction(
    "POST",
    "retire",
    "Withdraw a proposal still waiting (whoever proposed it, a lead or an admin)",
    retireChange,
    MEMBER,
  );

  // --- Journey thresholds, segments, accounts ---
  r.get(
    "/api/abm/settings",
    {
      schema: {
        tags,
        summary: "The account journey's thresholds, spike rule, committee window and the model it reads",
        response: { 200: abmSettingsSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => getAbmSettings(db, request.caller.workspaceId),
  );
  r.put(
    "/api/abm/settings",
    {
      schema: {
        tags,
        summary: "Change the journey's thresholds (every account's stage is recomputed at once; audited)",
        body: updateAbmSettingsSchema,
        response: { 200: abmSettingsSchema, ...errors },
      },
      config: { access: LEADS },
    },
    (request) => updateAbmSettings(db, request.caller, request.body),
  );
  r.get(
    "/api/abm/segment-numbers",
    {
      schema: {
        tags,
        summary:
          "Every segment's accounts now (matching its criteria), target accounts, pipeline and revenue",
        response: { 200: segmentNumbersSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => segmentNumbers(db, request.caller.workspaceId),
  );
  r.get(
    "/api/segments/:id/accounts",
    {
      schema: {
        tags,
        summary: "The accounts in a segment now (set by hand or matching its criteria), most pipeline first",
        params: idParams,
        querystring: pageQuery,
        response: { 200: segmentAccountsSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    async (request) => {
      await findRecord(db, segments, request.caller.workspaceId, request.params.id, "Segment");
      return segmentAccounts(db, request.caller.workspaceId, request.params.id, request.query);
    },
  );
  r.get(
    "/api/accounts/:id/journey",
    {
      schema: {
        tags,
        summary:
          "The account's journey: stage, fit, engagement, spike, lists, segments, deals, stage and score history",
        params: idParams,
        response: { 200: accountJourneySchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => accountJourney(db, request.caller.workspaceId, request.params.id),
  );
  r.get(
    "/api/accounts/:id/committee",
    {
      schema: {
        tags,
        summary: "The account's buying committee: expected personas known, engaged or missing",
        params: idParams,
        response: { 200: committeeSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => accountCommittee(db, request.caller.workspaceId, request.params.id),
  );
  r.get(
    "/api/accounts/:id/timeline",
    {
      schema: {
        tags,
        summary: "Both teams' touches at the account, across all its contacts, newest first (paged)",
        params: idParams,
        querystring: accountTimelineQuerySchema,
        response: { 200: accountTimelineSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => accountTimeline(db, request.caller.workspaceId, request.params.id, request.query),
  );

  // --- Plays ---
  r.get(
    "/api/plays",
    {
      schema: {
        tags,
        summary: "Play templates with their steps, runs, accounts in play and open tasks",
        querystring: playListQuerySchema,
        response: { 200: listSchema(playSchema), ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => listPlays(db, request.caller.workspaceId, request.query.archived),
  );
  r.post(
    "/api/plays",
    {
      schema: {
        tags,
        summary:
          "Create a play: steps across channels, each owned by marketing, sales or a member, on a day offset",
        body: createPlaySchema,
        response: { 201: playSchema, ...errors },
      },
      config: { access: LEADS },
    },
    async (request, reply) => reply.code(201).send(await createPlay(db, request.caller, request.body)),
  );
  r.get(
    "/api/plays/:id",
    {
      schema: { tags, summary: "One play", params: idParams, response: { 200: playSchema, ...errors } },
      config: { access: MEMBER },
    },
    (request) => getPlay(db, request.caller.workspaceId, request.params.id),
  );
  r.patch(
    "/api/plays/:id",
    {
      schema: {
        tags,
        summary: "Edit a play (runs already started keep their steps), archive or restore it",
        params: idParams,
        body: updatePlaySchema,
        response: { 200: playSchema, ...errors },
      },
      config: { access: LEADS },
    },
    (request) => updatePlay(db, request.caller, request.params.id, request.body),
  );
  r.post(
    "/api/plays/:id/runs",
    {
      schema: {
        tags,
        summary: "Start the play on target accounts: a dated task per step and account, for both teams",
        params: idParams,
        body: startPlaySchema,
        response: { 201: playRunSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    async (request, reply) =>
      reply.code(201).send(await startPlay(db, request.caller, request.params.id, request.body)),
  );
  r.get(
    "/api/play-runs",
    {
      schema: {
        tags,
        summary: "Runs of a play or on an account, newest first, with their results",
        querystring: playRunQuerySchema,
        response: { 200: listSchema(playRunSchema), ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => listRuns(db, request.caller.workspaceId, request.query),
  );
  r.get(
    "/api/play-runs/:id",
    {
      schema: {
        tags,
        summary:
          "One run and its results: engagement lift against comparable accounts, meetings, opportunities, pipeline, tasks",
        params: idParams,
        response: { 200: playRunSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => getRun(db, request.caller.workspaceId, request.params.id),
  );
  r.get(
    "/api/play-tasks",
    {
      schema: {
        tags,
        summary:
          "Play tasks by run, play, account, owner, team or status (overdue: open past its day), by due date",
        querystring: playTaskQuerySchema,
        response: { 200: playTaskPageSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => listTasks(db, request.caller.workspaceId, request.query),
  );
  r.post(
    "/api/play-tasks/:id/complete",
    {
      schema: {
        tags,
        summary: "Mark a task done (its owner, the owning team when no one is named, or a lead)",
        params: idParams,
        body: completeTaskSchema,
        response: { 200: playTaskSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) =>
      finishTask(db, request.caller, request.params.id, { status: "done", note: request.body.note }),
  );
  r.post(
    "/api/play-tasks/:id/skip",
    {
      schema: {
        tags,
        summary: "Skip a task, saying why (its owner, the owning team when no one is named, or a lead)",
        params: idParams,
        body: skipTaskSchema,
        response: { 200: playTaskSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) =>
      finishTask(db, request.caller, request.params.id, { status: "skipped", note: request.body.reason }),
  );
}
