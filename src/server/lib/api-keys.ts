// Bearer API keys as the server checks them: the key format (it carries its workspace id), its hash, and
// resolving a presented key to its workspace and creator, cached. In lib because authenticating a request
// (access.ts) and the tracking endpoints need it; creating, listing and revoking keys is modules/api-keys.
import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { ApiKeyKind } from "../../shared/api-keys.js";
import type { MemberRole, Team } from "../../shared/domain.js";
import type { Db } from "../db/client.js";
import { apiKeys, members } from "../db/schema/index.js";
import { AppError } from "./errors.js";

export const KEY_PREFIX = "lsk_";
/** Characters of a key shown in lists and the audit log ("lsk_" and 8 random characters). */
export const SHOWN_LENGTH = KEY_PREFIX.length + 8;
export const hashKey = (key: string) => createHash("sha256").update(key).digest("hex");

/**
 * `lsk_<8 random>_<workspace id, 32 hex><24 random>`: the random start tells keys apart in lists; the
 * workspace id lets a lookup stay inside one tenant. (Keys made before had no random start:
 * `lsk_<workspace hex><random>`; they still work.)
 */
export function newKey(workspaceId: string) {
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
