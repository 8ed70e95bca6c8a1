// Personas: buyer profiles both teams target. Leads and admins define them.
import { eq, sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import {
  createPersonaSchema,
  personaListQuerySchema,
  personaSchema,
  updatePersonaSchema,
} from "../../../shared/team.js";
import type { Db } from "../../db/client.js";
import { personas } from "../../db/schema/index.js";
import { LEADS } from "../../lib/access.js";
import { auditedChanges } from "../../lib/audited-records.js";
import { registerRecordRoutes, serviceFromStore } from "../../lib/record-routes.js";
import { escapeLike, recordStore } from "../../lib/records.js";

export function registerPersonaRoutes(app: FastifyInstance, db: Db) {
  const store = recordStore(db, personas, {
    noun: "Persona",
    sortColumns: { name: personas.name, createdAt: personas.createdAt, updatedAt: personas.updatedAt },
    filters: (query: typeof personaListQuerySchema._zod.output) => [
      query.q ? sql`${personas.name} ilike ${`%${escapeLike(query.q)}%`}` : undefined,
      query.podId ? eq(personas.podId, query.podId) : undefined,
    ],
  });
  registerRecordRoutes(app, {
    path: "/api/personas",
    tag: "Personas",
    noun: "persona",
    schemas: {
      list: personaListQuerySchema,
      create: createPersonaSchema,
      update: updatePersonaSchema,
      item: personaSchema,
    },
    // A target list both teams work from: every change goes into the audit log.
    service: auditedChanges(db, personas, serviceFromStore(store), {
      entityType: "persona",
      noun: "Persona",
    }),
    write: LEADS,
  });
}
