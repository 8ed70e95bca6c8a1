// Segments: ideal-customer-profile slices of accounts (industry, size, region). Leads and admins define them;
// every change is audited.
import { eq, sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import {
  createSegmentSchema,
  segmentListQuerySchema,
  segmentSchema,
  updateSegmentSchema,
} from "../../../shared/team.js";
import type { Db } from "../../db/client.js";
import { segments } from "../../db/schema/index.js";
import { LEADS } from "../../lib/access.js";
import { auditedChanges } from "../../lib/audited-records.js";
import { type RecordService, registerRecordRoutes, serviceFromStore } from "../../lib/record-routes.js";
import { escapeLike, recordStore } from "../../lib/records.js";
import { checkSegmentCriteria } from "../abm/accounts-abm.service.js";

/** Custom-property criteria and committee personas must exist in the workspace (400 naming the field). */
function checkedCriteria<S extends RecordService<never, object, object, unknown>>(db: Db, service: S): S {
  type Criteria = { propertyFilters?: Record<string, unknown>; committeePersonaIds?: string[] };
  return {
    ...service,
    create: async (caller, input) => {
      await checkSegmentCriteria(db, caller.workspaceId, input as Criteria);
      return service.create(caller, input);
    },
    update: async (caller, id, input) => {
      await checkSegmentCriteria(db, caller.workspaceId, input as Criteria);
      return service.update(caller, id, input);
    },
  };
}

export function registerSegmentRoutes(app: FastifyInstance, db: Db) {
  const store = recordStore(db, segments, {
    noun: "Segment",
    sortColumns: { name: segments.name, createdAt: segments.createdAt, updatedAt: segments.updatedAt },
    filters: (query: typeof segmentListQuerySchema._zod.output) => [
      query.q ? sql`${segments.name} ilike ${`%${escapeLike(query.q)}%`}` : undefined,
      query.podId ? eq(segments.podId, query.podId) : undefined,
    ],
  });
  registerRecordRoutes(app, {
    path: "/api/segments",
    tag: "Segments",
    noun: "segment",
    schemas: {
      list: segmentListQuerySchema,
      create: createSegmentSchema,
      update: updateSegmentSchema,
      item: segmentSchema,
    },
    // A target list both teams work from: every change goes into the audit log.
    service: checkedCriteria(
      db,
      auditedChanges(db, segments, serviceFromStore(store), { entityType: "segment", noun: "Segment" }),
    ),
    write: LEADS,
  });
}
