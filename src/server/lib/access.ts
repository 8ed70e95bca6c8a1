// Who may call a route: every route declares its access in `config.access`; one hook enforces it,
// resolving the caller's session and their membership in the workspace they act in.

import { fromNodeHeaders } from "better-auth/node";
import { and, asc, eq, isNull } from "drizzle-orm";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { MemberRole, Team } from "../../shared/domain.js";
import type { Db } from "../db/client.js";
import { members } from "../db/schema/index.js";
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
    // Unknown paths (404 handler), the web app and static files need no session; every other /api
    // route must declare its access, so a forgotten declaration fails loudly instead of opening up.
    if (!access) {
      if (route?.startsWith("/api/") && !PUBLIC_PREFIXES.some((p) => route.startsWith(p))) {
        throw new AppError(500, "internal", `route ${route} declares no access`);
      }
      return;
    }
    if (access.kind === "public") return;
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
    if (access.roles && !access.roles.includes(caller.role)) {
      const who = ROLE_WORDS[access.roles.join(",")] ?? access.roles.join(" or ");
      throw forbidden(`Only ${who} can ${access.action ?? "do this"}`);
    }
  });
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
