// Alignment health: the index with its signals and trend, and the monthly pulse (anonymous). No route returns
// a single answer or who gave which: only counts, and averages of ended months with at least three answers.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { alignmentSchema, pulseAnswerSchema, pulseRoundSchema } from "../../../shared/alignment.js";
import { errorSchema } from "../../../shared/common.js";
import type { Db } from "../../db/client.js";
import { MEMBER } from "../../lib/access.js";
import { alignmentHealth, answerPulse, pulseRound } from "./alignment.service.js";

const tags = ["Alignment"];
const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 409: errorSchema };

export function registerAlignmentRoutes(app: FastifyInstance, db: Db) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    "/api/alignment",
    {
      schema: {
        tags,
        summary:
          "The alignment index by month (the last six): SLA compliance of both teams, acceptance rate, rejection-to-campaign-change time, cross-team kudos and the pulse, with the weakest signal named",
        response: { 200: alignmentSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => alignmentHealth(db, request.caller),
  );
  r.get(
    "/api/alignment/pulse",
    {
      schema: {
        tags,
        summary: "This month's pulse: its statements, how many answered, and whether you did (never what)",
        response: { 200: pulseRoundSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => pulseRound(db, request.caller),
  );
  r.post(
    "/api/alignment/pulse",
    {
      schema: {
        tags,
        summary: "Answer this month's pulse anonymously (once a month; stored apart from who answered)",
        body: pulseAnswerSchema,
        response: { 200: pulseRoundSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => answerPulse(db, request.caller, request.body),
  );
}
