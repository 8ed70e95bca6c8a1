// The recognition wall: everyone reads it and gives kudos; the author or an admin takes a post down.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { errorSchema, idParams, okSchema } from "../../../shared/common.js";
import {
  createKudosSchema,
  wallPageSchema,
  wallPostSchema,
  wallQuerySchema,
} from "../../../shared/recognition.js";
import type { Db } from "../../db/client.js";
import { MEMBER } from "../../lib/access.js";
import { giveKudos, listWall, removePost } from "./wall.service.js";

const tags = ["Recognition"];
const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema };

export function registerRecognitionRoutes(app: FastifyInstance, db: Db) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    "/api/wall",
    {
      schema: {
        tags,
        summary:
          "The recognition wall, newest first in pages, with the last 7 days' kudos and how many crossed teams",
        querystring: wallQuerySchema,
        response: { 200: wallPageSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => listWall(db, request.caller, request.query),
  );
  r.post(
    "/api/wall/kudos",
    {
      schema: {
        tags,
        summary:
          "Give kudos to a member or a pod, optionally about a deal or a campaign; the recipients are told",
        body: createKudosSchema,
        response: { 200: wallPostSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => giveKudos(db, request.caller, request.body),
  );
  r.delete(
    "/api/wall/:id",
    {
      schema: {
        tags,
        summary: "Take a post off the wall (its author or an admin); audited",
        params: idParams,
        response: { 200: okSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => removePost(db, request.caller, request.params.id),
  );
}
