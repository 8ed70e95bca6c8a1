import type { FastifyInstance } from "fastify";
import {
  accountListQuerySchema,
  accountSchema,
  createAccountSchema,
  updateAccountSchema,
} from "../../../shared/accounts.js";
import type { Db } from "../../db/client.js";
import { registerRecordRoutes, serviceFromStore } from "../../lib/record-routes.js";
import { accountStore } from "./accounts.service.js";

export function registerAccountRoutes(app: FastifyInstance, db: Db) {
  registerRecordRoutes(app, {
    path: "/api/accounts",
    tag: "Accounts",
    noun: "account",
    schemas: {
      list: accountListQuerySchema,
      create: createAccountSchema,
      update: updateAccountSchema,
      item: accountSchema,
    },
    service: serviceFromStore(accountStore(db)),
  });
}
