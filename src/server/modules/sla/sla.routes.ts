import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { agreementVersionParams } from "../../../shared/agreements.js";
import { errorSchema } from "../../../shared/common.js";
import {
  answerClockQuerySchema,
  answerClocksSchema,
  complianceQuerySchema,
  complianceReportSchema,
  createSlaDraftSchema,
  memberClockQuerySchema,
  slaClockPageSchema,
  slaOverviewSchema,
  slaVersionSchema,
  speedToLeadQuerySchema,
  speedToLeadSchema,
  updateSlaDraftSchema,
} from "../../../shared/sla.js";
import type { Db } from "../../db/client.js";
import { LEADS, MEMBER } from "../../lib/access.js";
import {
  activateSlaVersion,
  approveSlaVersion,
  createSlaDraft,
  getSlaOverview,
  getSlaVersion,
  updateSlaDraft,
  withdrawSlaApproval,
} from "./sla-agreement.service.js";
import { listAnswerClocks, listMemberClocks } from "./sla-clocks.service.js";
import { slaCompliance, speedToLead } from "./sla-reports.service.js";

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };
const versionParams = agreementVersionParams;

export function registerSlaRoutes(app: FastifyInstance, db: Db) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["SLA"];
  r.get(
    "/api/sla",
    {
      schema: {
        tags,
        summary: "The SLA in force and every version of it, newest first",
        response: { 200: slaOverviewSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => getSlaOverview(db, request.caller),
  );
  r.post(
    "/api/sla/versions",
    {
      schema: {
        tags,
        summary:
          "Start a new draft of the SLA (from the version in force, another version, or the starter terms)",
        body: createSlaDraftSchema,
        response: { 201: slaVersionSchema, ...errors },
      },
      config: { access: LEADS },
    },
    async (request, reply) => reply.status(201).send(await createSlaDraft(db, request.caller, request.body)),
  );
  r.get(
    "/api/sla/versions/:version",
    {
      schema: {
        tags,
        summary: "One SLA version",
        params: versionParams,
        response: { 200: slaVersionSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => getSlaVersion(db, request.caller, request.params.version),
  );
  r.put(
    "/api/sla/versions/:version",
    {
      schema: {
        tags,
        summary: "Change a draft's terms (clears its signatures)",
        params: versionParams,
        body: updateSlaDraftSchema,
        response: { 200: slaVersionSchema, ...errors },
      },
      config: { access: LEADS },
    },
    (request) => updateSlaDraft(db, request.caller, request.params.version, request.body),
  );
  // The agreement verbs every jointly approved agreement shares (src/shared/agreements.ts).
  const versionAction = (
    method: "POST" | "DELETE",
    path: string,
    summary: string,
    run: typeof approveSlaVersion,
    access = MEMBER,
  ) =>
    r.route({
      method,
      url: `/api/sla/versions/:version/${path}`,
      schema: { tags, summary, params: versionParams, response: { 200: slaVersionSchema, ...errors } },
      config: { access },
      handler: (request) => run(db, request.caller, request.params.version),
    });
  versionAction(
    "POST",
    "approval",
    "Sign a draft for your team (a sales lead and a marketing lead are both needed)",
    approveSlaVersion,
    LEADS,
  );
  versionAction("DELETE", "approval", "Withdraw your signature", withdrawSlaApproval, LEADS);
  versionAction(
    "POST",
    "activate",
    "Put a version signed by both teams in force (the previous one retires)",
    (db, caller, version) => activateSlaVersion(db, caller, version),
    LEADS,
  );

  r.get(
    "/api/sla/clocks",
    {
      schema: {
        tags,
        summary: "SLA clocks of one member's leads (yours by default), oldest first, paged",
        querystring: memberClockQuerySchema,
        response: {
          200: slaClockPageSchema,
          ...errors,
        },
      },
      config: { access: MEMBER },
    },
    (request) =>
      listMemberClocks(db, request.caller.workspaceId, {
        ...request.query,
        memberId: request.query.memberId ?? request.caller.memberId,
      }),
  );
  r.get(
    "/api/sla/answer-clocks",
    {
      schema: {
        tags,
        summary: "The latest accept-or-reject clock of each named contact (a queue page's, in one request)",
        querystring: answerClockQuerySchema,
        response: { 200: answerClocksSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => listAnswerClocks(db, request.caller.workspaceId, request.query.contactIds),
  );
  r.get(
    "/api/reports/sla-compliance",
    {
      schema: {
        tags: ["Reports"],
        summary:
          "Both teams' SLA commitments for a period: sales clocks by rep, pod, team or month; marketing's MQLs, pipeline and rejection rate",
        querystring: complianceQuerySchema,
        response: { 200: complianceReportSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => slaCompliance(db, request.caller, request.query),
  );
  r.get(
    "/api/reports/speed-to-lead",
    {
      schema: {
        tags: ["Reports"],
        summary:
          "Business time from MQL to first sales touch, as a distribution, split into system and rep delay",
        querystring: speedToLeadQuerySchema,
        response: { 200: speedToLeadSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => speedToLead(db, request.caller, request.query),
  );
}
