import type { FastifyInstance } from "fastify";
import {
  createOpportunitySchema,
  opportunityListQuerySchema,
  opportunitySchema,
  updateOpportunitySchema,
} from "../../../shared/opportunities.js";
import type { Db } from "../../db/client.js";
import { registerRecordRoutes } from "../../lib/record-routes.js";
import { propertyExportColumns } from "../properties/properties.service.js";
import {
  createOpportunity,
  getOpportunity,
  listOpportunities,
  setOpportunityArchived,
  updateOpportunity,
} from "./opportunities.service.js";

export function registerOpportunityRoutes(app: FastifyInstance, db: Db) {
  registerRecordRoutes(app, {
    path: "/api/opportunities",
    tag: "Opportunities",
    noun: "opportunity",
    schemas: {
      list: opportunityListQuerySchema,
      create: createOpportunitySchema,
      update: updateOpportunitySchema,
      item: opportunitySchema,
    },
    service: {
      list: (caller, query) => listOpportunities(db, caller, query),
      get: (caller, id) => getOpportunity(db, caller, id),
      create: (caller, input) => createOpportunity(db, caller, input),
      update: (caller, id, input) => updateOpportunity(db, caller, id, input),
      setArchived: (caller, id, archived) => setOpportunityArchived(db, caller, id, archived),
    },
    exportColumns: (caller) => propertyExportColumns(db, caller.workspaceId, "opportunities"),
  });
}
