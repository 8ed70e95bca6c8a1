import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { errorSchema, idParams, pageSchema } from "../../../shared/common.js";
import {
  contactListQuerySchema,
  contactSchema,
  createContactSchema,
  logTouchSchema,
  stageChangeSchema,
  timelineQuerySchema,
  touchSchema,
  updateContactSchema,
} from "../../../shared/contacts.js";
import type { Db } from "../../db/client.js";
import { MEMBER } from "../../lib/access.js";
import { registerRecordRoutes, serviceFromStore } from "../../lib/record-routes.js";
import {
  contactStore,
  createContact,
  listStageHistory,
  listTimeline,
  logTouch,
  updateContact,
} from "./contacts.service.js";

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema };

export function registerContactRoutes(app: FastifyInstance, db: Db) {
  registerRecordRoutes(app, {
    path: "/api/contacts",
    tag: "Contacts",
    noun: "contact",
    schemas: {
      list: contactListQuerySchema,
      create: createContactSchema,
      update: updateContactSchema,
      item: contactSchema,
    },
    service: {
      ...serviceFromStore(contactStore(db)),
      create: (caller, input) => createContact(db, caller, input),
      update: (caller, id, input) => updateContact(db, caller, id, input),
    },
  });

  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["Contacts"];
  r.get(
    "/api/contacts/:id/timeline",
    {
      schema: {
        tags,
        summary: "Both teams' touches on a contact, newest first",
        params: idParams,
        querystring: timelineQuerySchema,
        response: { 200: pageSchema(touchSchema), ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => listTimeline(db, request.caller, request.params.id, request.query),
  );
  r.post(
    "/api/contacts/:id/touches",
    {
      schema: {
        tags,
        summary: "Log a touch (a call, meeting, email...) on a contact",
        params: idParams,
        body: logTouchSchema,
        response: { 201: touchSchema, ...errors },
      },
      config: { access: MEMBER },
    },
    async (request, reply) =>
      reply.status(201).send(await logTouch(db, request.caller, request.params.id, request.body)),
  );
  r.get(
    "/api/contacts/:id/stage-history",
    {
      schema: {
        tags,
        summary: "Every lifecycle stage change of a contact, oldest first",
        params: idParams,
        response: { 200: z.object({ items: z.array(stageChangeSchema) }), ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => listStageHistory(db, request.caller, request.params.id),
  );
}
