// Custom properties: definitions per record type. Any member reads them (forms and lists need them); team
// leads and admins define, edit and archive them, and every change goes into the audit log.
import type { FastifyInstance } from "fastify";
import {
  createPropertySchema,
  propertyListQuerySchema,
  propertySchema,
  updatePropertySchema,
} from "../../../shared/properties.js";
import type { Db } from "../../db/client.js";
import { propertyDefinitions } from "../../db/schema/index.js";
import { LEADS } from "../../lib/access.js";
import { auditedChanges } from "../../lib/audited-records.js";
import { registerRecordRoutes, serviceFromStore } from "../../lib/record-routes.js";
import { propertyStore } from "./properties.service.js";

export function registerPropertyRoutes(app: FastifyInstance, db: Db) {
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
    service: auditedChanges(db, propertyDefinitions, serviceFromStore(propertyStore(db)), {
      entityType: "property",
      noun: "Property",
      nameField: "label",
    }),
    write: LEADS,
  });
}
