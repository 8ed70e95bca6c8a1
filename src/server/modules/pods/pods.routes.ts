import type { FastifyInstance } from "fastify";
import { createPodSchema, podListQuerySchema, podSchema, updatePodSchema } from "../../../shared/team.js";
import type { Db } from "../../db/client.js";
import { LEADS } from "../../lib/access.js";
import { registerRecordRoutes } from "../../lib/record-routes.js";
import { createPod, getPod, listPods, setPodArchived, updatePod } from "./pods.service.js";

export function registerPodRoutes(app: FastifyInstance, db: Db) {
  registerRecordRoutes(app, {
    path: "/api/pods",
    tag: "Pods",
    noun: "pod",
    schemas: { list: podListQuerySchema, create: createPodSchema, update: updatePodSchema, item: podSchema },
    service: {
      list: (caller, query) => listPods(db, caller, query),
      get: (caller, id) => getPod(db, caller, id),
      create: (caller, input) => createPod(db, caller, input),
      update: (caller, id, input) => updatePod(db, caller, id, input),
      setArchived: (caller, id, archived) => setPodArchived(db, caller, id, archived),
    },
    write: LEADS,
  });
}
