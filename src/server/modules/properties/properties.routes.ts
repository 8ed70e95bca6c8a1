// Custom properties: definitions per record type. Any member reads them (forms and lists need them); team
// leads and admins define, edit and archive them, admins purge an archived one's values, and every change goes
// into the audit log. A definition marked indexed gets an expression index once its change has committed.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { errorSchema, idParams } from "../../../shared/common.js";
import {
  createPropertySchema,
  propertyListQuerySchema,
  propertySchema,
  purgeResultSchema,
  updatePropertySchema,
} from "../../../shared/properties.js";
import type { Db } from "../../db/client.js";
import { propertyDefinitions } from "../../db/schema/index.js";
import { ADMINS, LEADS } from "../../lib/access.js";
import { auditedChanges } from "../../lib/audited-records.js";
import { badRequest } from "../../lib/errors.js";
import { registerRecordRoutes, serviceFromStore } from "../../lib/record-routes.js";
import { findRecord } from "../../lib/records.js";
import { propertyStore, purgePropertyValues, syncPropertyIndexes } from "./properties.service.js";

export function registerPropertyRoutes(app: FastifyInstance, db: Db) {
  const audited = auditedChanges(db, propertyDefinitions, serviceFromStore(propertyStore(db)), {
    entityType: "property",
    noun: "Property",
    nameField: "label",
  });
  /** Runs a change, then brings the expression indexes in line with it (outside its transaction). */
  const thenIndex = async <T>(change: Promise<T>) => {
    const result = await change;
    await syncPropertyIndexes(db);
    return result;
  };
  registerRecordRoutes(app, {
    path: "/api/properties",
    tag: "Properties",
    noun: "property",
    schemas: {
      list: propertyListQuerySchema,
      create: createPropertySchema,
      update: updatePropertySchema,
      item: propertySchema,
    },
    service: {
      ...audited,
      create: (caller, input) => thenIndex(audited.create(caller, input)),
      update: async (caller, id, input) => {
        const { indexed } = input as { indexed?: boolean };
        if (indexed) {
          const current = await findRecord(db, propertyDefinitions, caller.workspaceId, id, "Property");
          if (current.type === "many_of")
            throw badRequest(
              "a several-of-a-list property is not sorted by; its filter uses the properties index already",
              "indexed",
            );
        }
        return thenIndex(audited.update(caller, id, input));
      },
      setArchived: (caller, id, archived) => thenIndex(audited.setArchived(caller, id, archived)),
    },
    write: LEADS,
  });
  app.withTypeProvider<ZodTypeProvider>().post(
    "/api/properties/:id/purge",
    {
      schema: {
        tags: ["Properties"],
        summary: "Purge an archived property's values",
        description:
          "Removes the values of an archived property from every record of its type (one statement; audited). " +
          "409 while the property is live, or when a live property has taken its API name since.",
        params: idParams,
        response: {
          200: purgeResultSchema,
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
          404: errorSchema,
          409: errorSchema,
        },
      },
      config: { access: { ...ADMINS, action: "purge the values of a property" } },
    },
    (request) => purgePropertyValues(db, request.caller, request.params.id),
  );
}
