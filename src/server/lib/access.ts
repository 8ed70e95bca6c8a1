// Who may call a route: every route declares its access in `config.access`; one hook enforces it,
// resolving the caller's session and their membership in the workspace they act in, or the workspace
// API key sent as `Authorization: Bearer lsk_...` (read keys: GET routes; full keys: what an admin may
// call, except managing keys, members and invitations; ingest keys: only the tracking API under /v1).

import { fromNodeHeaders } from "better-auth/node";
import { and, asc, eq, isNull } from "drizzle-orm";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ApiKeyKind } from "../../shared/api-keys.js";
import type { MemberRole, Team } from "../../shared/domain.js";
import type { Db } from "../db/client.js";
import { members } from "../db/schema/index.js";
import { forgetApiKeys, resolveApiKey } from "./api-keys.js";
import type { Auth } from "./auth.js";
import { AppError, forbidden, unauthorized } from "./errors.js";

export type Access =
  | { kind: "public" }
  /** Signed in; no workspace needed (creating a workspace, accepting an invitation). */
  | { kind: "user" }
  /** A member of the workspace; roles narrow it further. */
  | { kind: "member"; roles?: readonly MemberRole[]; action?: string };

export interface Caller {
  userId: string;
  name: string;
  email: string;
  /** Set for member routes. */
  workspaceId: string;
  memberId: string;
  team: Team;
  role: MemberRole;
  /**
   * Set when an API key calls: the caller is then "API key <name>", acting as an admin of the key's
   * workspace on behalf of the member who created the key (memberId, team and userId are theirs).
   */
  apiKey?: { id: string; kind: ApiKeyKind; name: string };
}

declare module "fastify" {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    caller: Caller;
  }
}

export const PUBLIC: Access = { kind: "public" };
export const SIGNED_IN: Access = { kind: "user" };
export const MEMBER: Access = { kind: "member" };
export const LEADS: Access = { kind: "member", roles: ["lead", "admin"] };
export const ADMINS: Access = { kind: "member", roles: ["admin"] };

/** better-auth's own endpoints (it guards them itself) and the API docs UI. */
const PUBLIC_PREFIXES = ["/api/auth/", "/api/docs"];

export const WORKSPACE_HEADER = "x-workspace-id";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const ROLE_WORDS: Record<string, string> = {
  "lead,admin": "team leads and admins",
  admin: "admins",
};

export function registerAccessControl(app: FastifyInstance, db: Db, auth: Auth) {
  app.decorateRequest("caller", null as unknown as Caller);
  // Checked on request, before the body is parsed or validated: anonymous callers learn nothing.
  app.addHook("onRequest", async (request) => {
    const access = request.routeOptions.config?.access;
    const route = request.routeOptions.url;
    const key = bearerToken(request);
    // Unknown paths (404 handler), the web app and static files need no session; every other /api
    // route must declare its access, so a forgotten declaration fails loudly instead of opening up.
    if (!access) {
      if (route?.startsWith("/api/") && !PUBLIC_PREFIXES.some((p) => route.startsWith(p))) {
        throw new AppError(500, "internal", `route ${route} declares no access`);
      }
      if (key !== undefined && route?.startsWith("/api/auth/"))
        throw forbidden("API keys cannot sign in, sign up or manage sessions: they are not people");
      return;
    }
    if (access.kind === "public") return;
    if (key !== undefined) {
      request.caller = await keyCaller(db, request, access, key);
      checkRole(access, request.caller);
      return;
    }
    const session = await findSession(auth, request);
    if (!session) throw unauthorized();
    const caller = {
      userId: session.user.id,
      name: session.user.name,
      email: session.user.email,
    } as Caller;
    request.caller = caller;
    if (access.kind === "user") return;
    const membership = await findMembership(db, caller.userId, request);
    Object.assign(caller, membership);
    checkRole(access, caller);
  });
}

function checkRole(access: Access, caller: Caller) {
  if (access.kind === "member" && access.roles && !access.roles.includes(caller.role)) {
    const who = ROLE_WORDS[access.roles.join(",")] ?? access.roles.join(" or ");
    throw forbidden(`Only ${who} can ${access.action ?? "do this"}`);
  }
}

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** The token of an `Authorization: Bearer <token>` header, if one was sent. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header || !/^bearer\b/i.test(header)) return undefined;
  return BEARER.exec(header)?.[1] ?? "";
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** Routes no key may call: keys could otherwise mint keys, or add and promote people. */
const KEYS_REFUSED = ["/api/api-keys", "/api/write-keys", "/api/invitations"];
const KEY_KIND_WORDS: Record<ApiKeyKind, string> = {
  ingest: "ingest",
  read: "read-only",
  full: "full-access",
};

async function keyCaller(db: Db, request: FastifyRequest, access: Access, token: string): Promise<Caller> {
  const key = await resolveApiKey(db, token);
  const route = request.routeOptions.url ?? "";
  if (key.kind === "ingest")
    throw forbidden(
      "This is an ingest (write) key: it may only send tracking events to /v1/*. Create a read or full API key to call the API",
    );
  if (access.kind !== "member")
    throw forbidden("API keys act inside their own workspace; this route is for signed-in people");
  if (
    KEYS_REFUSED.some((p) => route === p || route.startsWith(`${p}/`)) ||
    (route.startsWith("/api/members") && !SAFE_METHODS.has(request.method))
  )
    throw forbidden(
      "API keys cannot manage API keys, members or invitations: sign in as an admin to do that",
    );
  if (key.kind === "read" && !SAFE_METHODS.has(request.method))
    throw forbidden(`This API key is ${KEY_KIND_WORDS[key.kind]}: it may only call GET routes`);
  // Webhooks carry their signing secrets: only a full key (or a signed-in admin) sees them.
  if (key.kind === "read" && (route === "/api/webhooks" || route.startsWith("/api/webhooks/")))
    throw forbidden("A read-only API key cannot see webhooks (they hold signing secrets): use a full key");
  const header = request.headers[WORKSPACE_HEADER];
  if (typeof header === "string" && header && header !== key.workspaceId)
    throw new AppError(404, "not_found", "Workspace not found");
  if (!key.memberId || !key.userId || !key.team || !key.role)
    throw forbidden("This API key has no creator in the workspace any more: create a new key");
  return {
    userId: key.userId,
    name: `API key ${key.name}`,
    email: "",
    workspaceId: key.workspaceId,
    memberId: key.memberId,
    team: key.team,
    // A key never does more than its creator may now: its kind limits it further (read: GET only).
    role: key.role,
    apiKey: { id: key.id, kind: key.kind, name: key.name },
  };
}

/**
 * better-auth's session check costs milliseconds of CPU per call (it dominated GET latency under
 * load), so the answer for a session cookie is reused for a few seconds. Signing out on this process
 * forgets it at once (forgetSessions); on other processes a signed-out cookie lives at most
 * SESSION_CACHE_MS longer.
 */
const SESSION_CACHE_MS = 5_000;
const SESSION_CACHE_MAX = 10_000;
type Session = Awaited<ReturnType<Auth["api"]["getSession"]>>;
const sessionCache = new Map<string, { session: Session; at: number }>();

export function forgetSessions() {
  sessionCache.clear();
}

async function findSession(auth: Auth, request: FastifyRequest): Promise<Session> {
  const cookie = request.headers.cookie;
  const key = cookie?.match(/(?:^|;\s*)((?:__Secure-)?better-auth\.session_token=[^;]+)/)?.[1];
  const cached = key ? sessionCache.get(key) : undefined;
  if (cached && Date.now() - cached.at < SESSION_CACHE_MS) return cached.session;
  const session = await auth.api.getSession({ headers: fromNodeHeaders(request.headers) });
  if (key && session) {
    if (sessionCache.size >= SESSION_CACHE_MAX) sessionCache.clear();
    sessionCache.set(key, { session, at: Date.now() });
  }
  return session;
}

/**
 * Memberships are reused for a few seconds too (same reason as sessions). Changes to members on
 * this process (role, removal, joining) forget them at once (forgetMemberships).
 */
const membershipCache = new Map<string, { row: Awaited<ReturnType<typeof queryMembership>>; at: number }>();

export function forgetMemberships() {
  membershipCache.clear();
  // Keys act with their creator's current membership: a role change or removal reaches them at once.
  forgetApiKeys();
}

async function findMembership(db: Db, userId: string, request: FastifyRequest) {
  const header = request.headers[WORKSPACE_HEADER];
  const wanted = typeof header === "string" && header ? header : undefined;
  const key = `${userId}|${wanted ?? ""}`;
  const cached = membershipCache.get(key);
  if (cached && Date.now() - cached.at < SESSION_CACHE_MS) return cached.row;
  const row = await queryMembership(db, userId, wanted);
  if (membershipCache.size >= SESSION_CACHE_MAX) membershipCache.clear();
  membershipCache.set(key, { row, at: Date.now() });
  return row;
}

async function queryMembership(db: Db, userId: string, wanted: string | undefined) {
  if (wanted && !UUID.test(wanted))
    throw new AppError(400, "invalid_input", `${WORKSPACE_HEADER}: must be a valid id`);
  const [row] = await db
    .select({
      workspaceId: members.workspaceId,
      memberId: members.id,
      team: members.team,
      role: members.role,
    })
    .from(members)
    .where(
      and(
        eq(members.userId, userId),
        isNull(members.removedAt),
        wanted ? eq(members.workspaceId, wanted) : undefined,
      ),
    )
    .orderBy(asc(members.createdAt))
    .limit(1);
  if (!row) {
    if (wanted) throw new AppError(404, "not_found", "Workspace not found");
    throw new AppError(
      403,
      "no_workspace",
      "You are not a member of any workspace yet: create one or accept an invitation",
    );
  }
  return row;
}
