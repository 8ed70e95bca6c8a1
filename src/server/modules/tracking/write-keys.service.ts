// Workspace API keys for tracking (Segment-style write keys): created by admins, shown once,
// stored hashed, revocable. The key carries its workspace id so a lookup stays inside one tenant.
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { apiKeys } from "../../db/schema/index.js";
import type { Caller } from "../../lib/access.js";
import { notFound, unauthorized } from "../../lib/errors.js";
import { newId } from "../../lib/ids.js";
import { toJson } from "../../lib/serialize.js";

const PREFIX = "lsk_";
const hashKey = (key: string) => createHash("sha256").update(key).digest("hex");
const present = ({
  secretHash: _hash,
  workspaceId: _ws,
  createdBy: _by,
  ...key
}: typeof apiKeys.$inferSelect) => toJson(key);

export async function createWriteKey(db: Db, caller: Caller, name: string) {
  const key = `${PREFIX}${caller.workspaceId.replaceAll("-", "")}${randomBytes(18).toString("base64url")}`;
  const [row] = await db
    .insert(apiKeys)
    .values({
      workspaceId: caller.workspaceId,
      id: newId(),
      name,
      kind: "ingest",
      secretHash: hashKey(key),
      prefix: key.slice(0, PREFIX.length + 6),
      createdBy: caller.memberId,
    })
    .returning();
  return { ...present(row), key };
}

export async function listWriteKeys(db: Db, caller: Caller) {
  const rows = await db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.workspaceId, caller.workspaceId))
    .orderBy(desc(apiKeys.createdAt));
  return { items: rows.map(present) };
}

export async function revokeWriteKey(db: Db, caller: Caller, id: string) {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.workspaceId, caller.workspaceId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning();
  if (!row) throw notFound("Key");
  keyCache.clear();
  return present(row);
}

const CACHE_MS = 30_000;
const keyCache = new Map<string, { workspaceId: string; keyId: string; checkedAt: number }>();

/** The workspace a write key belongs to; 401 for unknown or revoked keys. Cached briefly (ingest is hot). */
export async function resolveWriteKey(db: Db, key: string | undefined) {
  if (!key?.startsWith(PREFIX) || key.length < PREFIX.length + 40) throw invalidKey();
  const hash = hashKey(key);
  const cached = keyCache.get(hash);
  if (cached && Date.now() - cached.checkedAt < CACHE_MS) return cached;
  const hex = key.slice(PREFIX.length, PREFIX.length + 32);
  const workspaceId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  if (!/^[0-9a-f-]{36}$/.test(workspaceId)) throw invalidKey();
  const [row] = await db
    .update(apiKeys)
    .set({ lastUsedAt: new Date() })
    .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.secretHash, hash), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  if (!row) throw invalidKey();
  const resolved = { workspaceId, keyId: row.id, checkedAt: Date.now() };
  keyCache.set(hash, resolved);
  return resolved;
}

function invalidKey() {
  const error = unauthorized();
  error.message = "Unknown or revoked write key: send it as the HTTP Basic user (as Segment does)";
  return error;
}
