import type { FastifyInstance } from "fastify";
import {
  accountListQuerySchema,
  accountSchema,
  createAccountSchema,
  updateAccountSchema,
} from "../../../shared/accounts.js";
import type { Db } from "../../db/client.js";
import { registerRecordRoutes, serviceFromStore } from "../../lib/record-routes.js";
import { handOff } from "../handoff/handoff.service.js";
import { checkPropertyValues, propertyExportColumns } from "../properties/properties.service.js";
import { moveMqlCrossings, rescoreAccounts } from "../scoring/scores.service.js";
import { accountStore } from "./accounts.service.js";

export function registerAccountRoutes(app: FastifyInstance, db: Db) {
  const service = serviceFromStore(accountStore(db));
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
    service: {
      ...service,
      create: async (caller, input) => {
        await checkPropertyValues(db, caller.workspaceId, "accounts", input.properties);
        return service.create(caller, input);
      },
      // An account's attributes are part of its contacts' fit: rescore them at once.
      update: async (caller, id, input) => {
        await checkPropertyValues(db, caller.workspaceId, "accounts", input.properties);
        const account = await service.update(caller, id, input);
        const at = new Date();
        const crossings = await rescoreAccounts(db, caller.workspaceId, [id], at);
        await handOff(
          db,
          caller.workspaceId,
          await moveMqlCrossings(db, caller.workspaceId, crossings, at),
          at,
        );
        return account;
      },
    },
    exportColumns: (caller) => propertyExportColumns(db, caller.workspaceId, "accounts"),
  });
}
