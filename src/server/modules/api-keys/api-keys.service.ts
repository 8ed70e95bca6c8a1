// Workspace API keys: ingest (the tracking write key), read and full. Created by admins, shown once,
// stored as a sha-256 hash, revocable, with their last use. A key carries its workspace id, so finding
// it is one indexed lookup inside one tenant. Neither a key nor its hash is ever logged or audited.
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import { API_KEY_KIND_NAMES, type ApiKeyKind } from "../../../shared/api-keys.js";
import type { MemberRole, Team } from "../../../shared/domain.js";
import type { Db } from "../../db/client.js";
import { apiKeys, members } from "../../db/schema/index.js";
import type { Caller } from "../../lib/access.js";
import { AppError, notFound } from "../../lib/errors.js";
import { newId } from "../../lib/ids.js";
import { toJson } from "../../lib/serialize.js";
import { recordAudit } from "../audit/audit.service.js";

export const KEY_PREFIX = "lsk_";
/** Characters of a key shown in lists and the audit log ("lsk_" and 8 random characters). */
const SHOWN_LENGTH = KEY_PREFIX.length + 8;
const hashKey = (key: string) => createHash("sha256").update(key).digest("hex");

type KeyRow = typeof apiKeys.$inferSelect;
const present = ({ secretHash: _hash, workspaceId: _ws, createdBy: _by, ...key }: KeyRow) => toJson(key);

/**
 * `lsk_<8 random>_<workspace id, 32 hex><24 random>`: the random start tells keys apart in lists; the
 * workspace id lets a lookup stay inside one tenant. (Keys made before had no random start:
 * `lsk_<workspace hex><random>`; they still work.)
 */
function newKey(workspaceId: string) {
  const shown = randomBytes(6).toString("base64url");
  const secret = randomBytes(24).toString("base64url");
  return `${KEY_PREFIX}${shown}_${workspaceId.replaceAll("-", "")}${secret}`;
}

/** The workspace id inside a key, or undefined for anything that is not one of our keys. */
function workspaceOfKey(key: string): string | undefined {
  if (!key.startsWith(KEY_PREFIX) || key.length < KEY_PREFIX.length + 40 || key.length > 200) return;
  const start = key[SHOWN_LENGTH] === "_" ? SHOWN_LENGTH + 1 : KEY_PREFIX.length;
  const hex = key.slice(start, start + 32);
  if (!/^[0-9a-f]{32}$/.test(hex)) return;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

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

export interface ResolvedKey {
  id: string;
  workspaceId: string;
  kind: ApiKeyKind;
  name: string;
  /** The member who created the key: a key acts for them (what it writes is recorded as theirs). */
  memberId: string | null;
  userId: string | null;
  team: Team | null;
  role: MemberRole | null;
  checkedAt: number;
}

/** A key is looked up once per 30 s per process (ingest is hot); revoking forgets it at once here. */
const CACHE_MS = 30_000;
const CACHE_MAX = 10_000;
const keyCache = new Map<string, ResolvedKey>();
/** Last use is written at most once a minute per key, not once per request. */
const LAST_USED_EVERY_MS = 60_000;
const lastUsedWritten = new Map<string, number>();

export function forgetApiKeys() {
  keyCache.clear();
}

/** The key behind a secret; 401 for anything unknown or revoked. Records its last use. */
export async function resolveApiKey(
  db: Db,
  key: string | undefined,
  refusal = "Unknown or revoked API key",
): Promise<ResolvedKey> {
  const workspaceId = key ? workspaceOfKey(key) : undefined;
  if (!key || !workspaceId) throw invalidKey(refusal);
  const hash = hashKey(key);
  let resolved = keyCache.get(hash);
  if (!resolved || Date.now() - resolved.checkedAt >= CACHE_MS) {
    const [row] = await db
      .select({
        id: apiKeys.id,
        kind: apiKeys.kind,
        name: apiKeys.name,
        memberId: apiKeys.createdBy,
        userId: members.userId,
        team: members.team,
        role: members.role,
      })
      .from(apiKeys)
      // Only a creator still in the workspace: a removed creator's key finds no member (and is refused).
      .leftJoin(
        members,
        and(
          eq(members.workspaceId, apiKeys.workspaceId),
          eq(members.id, apiKeys.createdBy),
          isNull(members.removedAt),
        ),
      )
      .where(
        and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.secretHash, hash), isNull(apiKeys.revokedAt)),
      );
    if (!row) {
      keyCache.delete(hash);
      throw invalidKey(refusal);
    }
    resolved = { ...row, workspaceId, checkedAt: Date.now() };
    if (keyCache.size >= CACHE_MAX) keyCache.clear();
    keyCache.set(hash, resolved);
  }
  await recordUse(db, resolved);
  return resolved;
}

async function recordUse(db: Db, key: ResolvedKey) {
  const now = Date.now();
  const last = lastUsedWritten.get(key.id);
  if (last !== undefined && now - last < LAST_USED_EVERY_MS) return;
  if (lastUsedWritten.size >= CACHE_MAX) lastUsedWritten.clear();
  lastUsedWritten.set(key.id, now);
  await db
    .update(apiKeys)
    .set({ lastUsedAt: new Date(now) })
    .where(and(eq(apiKeys.workspaceId, key.workspaceId), eq(apiKeys.id, key.id)));
}

function invalidKey(message: string) {
  return new AppError(401, "unauthorized", message);
}
