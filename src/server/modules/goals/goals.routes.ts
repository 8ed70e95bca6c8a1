// The shared revenue target and its reverse funnel, goals with their progress, and shared wins. Every member
// reads them (both teams see the same numbers); team leads and admins set them (audited).
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { errorSchema, idParams, okSchema } from "../../../shared/common.js";
import {
  createGoalSchema,
  createSharedWinSchema,
  goalListSchema,
  goalSchema,
  periodParams,
  periodQuerySchema,
  planQuerySchema,
  planSchema,
  proposeSchema,
  revenueTargetListSchema,
  revenueTargetSchema,
  setTargetSchema,
  sharedWinListSchema,
  sharedWinSchema,
  updateGoalSchema,
  updateSharedWinSchema,
} from "../../../shared/goals.js";
import { slaVersionSchema } from "../../../shared/sla.js";
import type { Db } from "../../db/client.js";
import { LEADS, MEMBER } from "../../lib/access.js";
import { archiveGoal, createGoal, getGoal, listGoals, updateGoal } from "./goals.service.js";
import { periodOf } from "./periods.js";
import {
  archiveSharedWin,
  createSharedWin,
  getSharedWin,
  listSharedWins,
  updateSharedWin,
} from "./shared-wins.service.js";
import { deleteTarget, listTargets, proposeCommitments, setTarget, targetPlan } from "./targets.service.js";

const tags = ["Goals"];
const errors = {
  400: errorSchema,
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
  409: errorSchema,
};

export function registerGoalRoutes(app: FastifyInstance, db: Db) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    "/api/targets",
    {
      schema: {
        tags,
        summary: "The revenue team's targets, one per period (month, quarter or year), latest first",
        response: { 200: revenueTargetListSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => listTargets(db, request.caller),
  );
  r.put(
    "/api/targets/:period",
    {
      schema: {
        tags,
        summary: "Set the revenue target of a period (2026-07, 2026-Q3 or 2026); audited",
        params: periodParams,
        body: setTargetSchema,
        response: { 200: revenueTargetSchema, ...errors },
      },
      config: { access: LEADS },
    },
    (request) => setTarget(db, request.caller, request.params.period, request.body),
  );
  r.delete(
    "/api/targets/:period",
    {
      schema: {
        tags,
        summary: "Remove a period's revenue target; audited",
        params: periodParams,
        response: { 200: okSchema, ...errors },
      },
      config: { access: LEADS },
    },
    (request) => deleteTarget(db, request.caller, request.params.period),
  );
  r.get(
    "/api/targets/:period/plan",
    {
      schema: {
        tags,
        summary:
          "The reverse funnel: what each stage needs to reach the period's target, from the average won deal and the funnel's measured conversion rates, with the calculation and what-if inputs",
        params: periodParams,
        querystring: planQuerySchema,
        response: { 200: planSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => targetPlan(db, request.caller, request.params.period, request.query),
  );
  r.post(
    "/api/targets/:period/propose",
    {
      schema: {
        tags,
        summary:
          "Propose the plan's numbers as SLA commitments (marketing's MQLs and pipeline, sales' accepted MQLs and opportunities) in a draft both leads sign",
        params: periodParams,
        body: proposeSchema,
        response: { 200: slaVersionSchema, ...errors },
      },
      config: { access: LEADS },
    },
    (request) => proposeCommitments(db, request.caller, request.params.period, request.body),
  );

  r.get(
    "/api/goals",
    {
      schema: {
        tags,
        summary:
          "A period's goals (revenue team, teams, pods, members) with progress from the records, forecast and roll-up",
        querystring: periodQuerySchema,
        response: { 200: goalListSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => listGoals(db, request.caller, request.query.period),
  );
  r.get(
    "/api/goals/:id",
    {
      schema: {
        tags,
        summary: "One goal with its progress",
        params: idParams,
        response: { 200: goalSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => getGoal(db, request.caller, request.params.id),
  );
  r.post(
    "/api/goals",
    {
      schema: {
        tags,
        summary: "Set a goal for the revenue team, a team, a pod or a member; audited",
        body: createGoalSchema,
        response: { 200: goalSchema, ...errors },
      },
      config: { access: LEADS },
    },
    (request) => createGoal(db, request.caller, request.body),
  );
  r.patch(
    "/api/goals/:id",
    {
      schema: {
        tags,
        summary: "Change a goal's target or name; audited",
        params: idParams,
        body: updateGoalSchema,
        response: { 200: goalSchema, ...errors },
      },
      config: { access: LEADS },
    },
    (request) => updateGoal(db, request.caller, request.params.id, request.body),
  );
  r.delete(
    "/api/goals/:id",
    {
      schema: {
        tags,
        summary: "Remove a goal (not while it is part of a shared win); audited",
        params: idParams,
        response: { 200: okSchema, ...errors },
      },
      config: { access: LEADS },
    },
    (request) => archiveGoal(db, request.caller, request.params.id),
  );

  r.get(
    "/api/shared-wins",
    {
      schema: {
        tags,
        summary: "A period's shared wins: celebrated, half way (waiting for the other goals) or open",
        querystring: periodQuerySchema,
        response: { 200: sharedWinListSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    async (request) =>
      listSharedWins(
        db,
        request.caller,
        await periodOf(db, request.caller.workspaceId, request.query.period, new Date()),
      ),
  );
  r.get(
    "/api/shared-wins/:id",
    {
      schema: {
        tags,
        summary: "One shared win and its goals",
        params: idParams,
        response: { 200: sharedWinSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => getSharedWin(db, request.caller, request.params.id),
  );
  r.post(
    "/api/shared-wins",
    {
      schema: {
        tags,
        summary:
          "Link goals of both teams into a shared win: celebrated only when every one of them is hit; audited",
        body: createSharedWinSchema,
        response: { 200: sharedWinSchema, ...errors },
      },
      config: { access: LEADS },
    },
    (request) => createSharedWin(db, request.caller, request.body),
  );
  r.patch(
    "/api/shared-wins/:id",
    {
      schema: {
        tags,
        summary: "Rename a shared win or change its goals (until it is celebrated); audited",
        params: idParams,
        body: updateSharedWinSchema,
        response: { 200: sharedWinSchema, ...errors },
      },
      config: { access: LEADS },
    },
    (request) => updateSharedWin(db, request.caller, request.params.id, request.body),
  );
  r.delete(
    "/api/shared-wins/:id",
    {
      schema: {
        tags,
        summary: "Remove a shared win (its goals stay); audited",
        params: idParams,
        response: { 200: okSchema, ...errors },
      },
      config: { access: LEADS },
    },
    (request) => archiveSharedWin(db, request.caller, request.params.id),
  );
}
