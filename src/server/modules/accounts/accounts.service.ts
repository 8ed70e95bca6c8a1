// Accounts: the companies being sold to. Domain is unique per workspace (409 on a duplicate).
import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { accountListQuerySchema } from "../../../shared/accounts.js";
import type { Db } from "../../db/client.js";
import { accounts } from "../../db/schema/index.js";
import { recordStore } from "../../lib/records.js";
import { propertyConditions, propertySort } from "../properties/properties.service.js";

export function accountStore(db: Db) {
  return recordStore(db, accounts, {
    noun: "Account",
    sortColumns: { name: accounts.name, createdAt: accounts.createdAt, updatedAt: accounts.updatedAt },
    searchColumn: accounts.searchText,
    sortBy: async (query: z.output<typeof accountListQuerySchema>, workspaceId) => {
      const sort = await propertySort(db, workspaceId, "accounts", query.sortProperty, accounts.properties);
      return sort && { ...sort, key: (row) => sort.key((row as typeof accounts.$inferSelect).properties) };
    },
    filters: async (query: z.output<typeof accountListQuerySchema>, workspaceId) => [
      ...(await propertyConditions(db, workspaceId, "accounts", query, accounts.properties)),
      query.industry ? eq(accounts.industry, query.industry) : undefined,
      query.segmentId ? eq(accounts.segmentId, query.segmentId) : undefined,
      query.podId ? eq(accounts.podId, query.podId) : undefined,
      query.ownerMemberId ? eq(accounts.ownerMemberId, query.ownerMemberId) : undefined,
    ],
  });
}
