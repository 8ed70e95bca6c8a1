// Workspace API keys: ingest (the tracking write key), read and full. Created by admins, shown once,
// stored as a sha-256 hash, revocable, with their last use. A key carries its workspace id, so finding
// it is one indexed lookup inside one tenant. Neither a key nor its hash is ever logged or audited.
import { and, desc, eq, isNull } from "drizzle-orm";
import { API_KEY_KIND_NAMES, type ApiKeyKind } from "../../../shared/api-keys.js";
import type { Db } from "../../db/client.js";
import { apiKeys } from "../../db/schema/index.js";
import type { Caller } from "../../lib/access.js";
import { forgetApiKeys, hashKey, newKey, SHOWN_LENGTH } from "../../lib/api-keys.js";
import { recordAudit } from "../../lib/audit.js";
import { notFound } from "../../lib/errors.js";
import { newId } from "../../lib/ids.js";
import { toJson } from "../../lib/serialize.js";

type KeyRow = typeof apiKeys.$inferSelect;
const present = ({ secretHash: _hash, workspaceId: _ws, createdBy: _by, ...key }: KeyRow) => toJson(key);

const describe = (kind: ApiKeyKind) => `${API_KEY_KIND_NAMES[kind]} API key`;

export async function createApiKey(db: Db, caller: Caller, input: { name: string; kind: ApiKeyKind }) {
  const key = newKey(caller.workspaceId);
  const prefix = key.slice(0, SHOWN_LENGTH);
  const row = await db.transaction(async (tx) => {
    const t = tx;
    const [inserted] = await t
      .insert(apiKeys)
      .values({
        workspaceId: caller.workspaceId,
        id: newId(),
        name: input.name,
        kind: input.kind,
        secretHash: hashKey(key),
        prefix,
        createdBy: caller.memberId,
      })
      .returning();
    await recordAudit(t, caller.workspaceId, caller, {
      action: "api_key.created",
      entityType: "api_key",
      entityId: inserted.id,
      summary: `${caller.name} created the ${describe(input.kind)} '${input.name}' (${prefix}…)`,
      after: { name: input.name, kind: input.kind, prefix },
    });
    return inserted;
  });
  return { ...present(row), key };
}

/** Every key of the workspace (or of one kind), newest first; never the key or its hash. */
export async function listApiKeys(db: Db, caller: Caller, kind?: ApiKeyKind) {
  const rows = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.workspaceId, caller.workspaceId), kind ? eq(apiKeys.kind, kind) : undefined))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
  return { items: rows.map(present) };
}

/** Revokes a key for good (a revoked key cannot be turned back on); 404 for unknown or revoked ids. */
export async function revokeApiKey(db: Db, caller: Caller, id: string, kind?: ApiKeyKind) {
  const row = await db.transaction(async (tx) => {
    const t = tx;
    const [revoked] = await t
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(apiKeys.workspaceId, caller.workspaceId),
          eq(apiKeys.id, id),
          isNull(apiKeys.revokedAt),
          kind ? eq(apiKeys.kind, kind) : undefined,
        ),
      )
      .returning();
    if (!revoked) throw notFound(kind === "ingest" ? "Write key" : "API key");
    await recordAudit(t, caller.workspaceId, caller, {
      action: "api_key.revoked",
      entityType: "api_key",
      entityId: revoked.id,
      summary: `${caller.name} revoked the ${describe(revoked.kind)} '${revoked.name}' (${revoked.prefix}…)`,
      before: { name: revoked.name, kind: revoked.kind, prefix: revoked.prefix },
    });
    return revoked;
  });
  forgetApiKeys();
  return present(row);
}
