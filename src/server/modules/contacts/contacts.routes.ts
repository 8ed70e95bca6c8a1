import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { eraseContactSchema, erasedContactSchema, personalDataExportSchema } from "../../../shared/audit.js";
import { errorSchema, idParams, pageSchema } from "../../../shared/common.js";
import {
  contactListQuerySchema,
  contactSchema,
  createContactSchema,
  logTouchSchema,
  stageHistorySchema,
  timelineQuerySchema,
  touchSchema,
  updateContactSchema,
} from "../../../shared/contacts.js";
import type { Db } from "../../db/client.js";
import { ADMINS, MEMBER } from "../../lib/access.js";
import { registerRecordRoutes, serviceFromStore } from "../../lib/record-routes.js";
import { propertyExportColumns } from "../properties/properties.service.js";
import {
  contactStore,
  createContact,
  listContacts,
  listStageHistory,
  listTimeline,
  logTouch,
  updateContact,
} from "./contacts.service.js";
import { eraseContact, exportPersonalData } from "./personal-data.service.js";

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };

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
      list: (caller, query) => listContacts(db, caller, query),
      create: (caller, input) => createContact(db, caller, input),
      update: (caller, id, input) => updateContact(db, caller, id, input),
    },
    exportColumns: (caller) => propertyExportColumns(db, caller.workspaceId, "contacts"),
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
        response: { 200: stageHistorySchema, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => listStageHistory(db, request.caller, request.params.id),
  );

  r.get(
    "/api/contacts/:id/personal-data",
    {
      schema: {
        tags,
        summary: "Everything Lockstep holds about one contact, as a JSON file (an access request)",
        params: idParams,
        response: { 200: personalDataExportSchema, ...errors },
      },
      config: { access: { ...ADMINS, action: "export a contact's personal data" } },
    },
    async (request, reply) => {
      const document = await exportPersonalData(db, request.caller, request.params.id);
      reply.header(
        "content-disposition",
        `attachment; filename="contact-${request.params.id}-personal-data.json"`,
      );
      return document;
    },
  );
  r.post(
    "/api/contacts/:id/erase",
    {
      schema: {
        tags,
        summary:
          "Erase a contact's personal data (an erasure request); confirm with their email, or ERASE when they have none",
        params: idParams,
        body: eraseContactSchema,
        response: { 200: erasedContactSchema, ...errors },
      },
      config: { access: { ...ADMINS, action: "erase a contact's personal data" } },
    },
    (request) => eraseContact(db, request.caller, request.params.id, request.body.confirm),
  );
}
