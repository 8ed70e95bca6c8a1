// Builds the Fastify app (no listen): API, OpenAPI docs, sign-in and the built web app.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import { fromNodeHeaders } from "better-auth/node";
import Fastify, { type FastifyServerOptions } from "fastify";
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import { registerApiComponents } from "../shared/api-components.js";
import { healthSchema } from "../shared/common.js";
import type { Db } from "./db/client.js";
import { forgetSessions, PUBLIC, registerAccessControl } from "./lib/access.js";
import { type AuthOptions, createAuth } from "./lib/auth.js";
import { csrfOptionsFromEnv, registerCsrfProtection } from "./lib/csrf.js";
import { AppError, handleError, handleFrameworkError, serializeError } from "./lib/errors.js";
import { registerInputGuard } from "./lib/input-guard.js";
import { type Limits, limitsFromEnv } from "./lib/limits.js";
import { createLimiter, registerRateLimiting } from "./lib/rate-limits.js";
import { registerSecurityHeaders } from "./lib/security-headers.js";
import { registerAbmRoutes } from "./modules/abm/abm.routes.js";
import { registerAccountRoutes } from "./modules/accounts/accounts.routes.js";
import { registerAlignmentRoutes } from "./modules/alignment/alignment.routes.js";
import { registerApiKeyRoutes } from "./modules/api-keys/api-keys.routes.js";
import { registerAttributionRoutes } from "./modules/attribution/attribution.routes.js";
import { registerAuditRoutes } from "./modules/audit/audit.routes.js";
import { registerCampaignRoutes } from "./modules/campaigns/campaigns.routes.js";
import { registerCockpitRoutes } from "./modules/cockpit/cockpit.routes.js";
import { registerContactRoutes } from "./modules/contacts/contacts.routes.js";
import { registerFeedbackRoutes } from "./modules/feedback/feedback.routes.js";
import { registerGlossaryRoutes } from "./modules/glossary/glossary.routes.js";
import { registerGoalRoutes } from "./modules/goals/goals.routes.js";
import { startGoalsWorker } from "./modules/goals/goals-sweep.js";
import { startSlaWorker } from "./modules/handoff/sla-sweep.js";
import { registerImportRoutes } from "./modules/imports/imports.routes.js";
import { registerJobRoutes } from "./modules/jobs/jobs.routes.js";
import { registerLibraryRoutes, registerMessagingRoutes } from "./modules/library/library.routes.js";
import { startDeliveryWorker } from "./modules/notifications/deliveries.js";
import { registerNotificationRoutes } from "./modules/notifications/notifications.routes.js";
import { registerOpportunityRoutes } from "./modules/opportunities/opportunities.routes.js";
import { registerPersonaRoutes } from "./modules/personas/personas.routes.js";
import { registerPodRoutes } from "./modules/pods/pods.routes.js";
import { registerPropertyRoutes } from "./modules/properties/properties.routes.js";
import { registerRecognitionRoutes } from "./modules/recognition/recognition.routes.js";
import { registerReportRoutes } from "./modules/reports/reports.routes.js";
import { registerEnablementRoutes } from "./modules/rituals/enablement.routes.js";
import { registerMeetingRoutes } from "./modules/rituals/meetings.routes.js";
import { registerRoutingRoutes } from "./modules/routing/routing.routes.js";
import { startScoreWorker } from "./modules/scoring/score-queue.js";
import { registerScoringRoutes } from "./modules/scoring/scoring.routes.js";
import { registerSearchRoutes } from "./modules/search/search.routes.js";
import { registerSeatingRoutes } from "./modules/seating/seating.routes.js";
import { registerSegmentRoutes } from "./modules/segments/segments.routes.js";
import { registerSlaRoutes } from "./modules/sla/sla.routes.js";
import { registerTrackingRoutes } from "./modules/tracking/tracking.routes.js";
import { registerWorkspaceRoutes } from "./modules/workspaces/workspaces.routes.js";

export interface AppOptions {
  db: Db;
  auth?: AuthOptions;
  logger?: FastifyServerOptions["logger"];
  /** Directory of the built web app; defaults to dist/web when it exists. */
  webRoot?: string | null;
  /** Run the scoring worker that drains the score queue (default true). */
  scoreWorker?: boolean;
  /** Run the SLA sweep every second: warnings, breaches, the routing queue (default true). */
  slaWorker?: boolean;
  /** Run the delivery worker that sends queued emails and webhook calls (default true). */
  deliveryWorker?: boolean;
  /** Run the goals sweep: shared wins' celebrations every minute, the wall's weekly digest (default true). */
  goalsWorker?: boolean;
  /** Rates, sizes and timeouts; fields left out come from the environment (limitsFromEnv). */
  limits?: Partial<Limits>;
}

/**
 * Never log a credential: API keys and write keys travel in Authorization, sessions in Cookie; a failed
 * query's parameters are left out of logged errors (serializeError).
 */
const REDACT = ["req.headers.authorization", "req.headers.cookie", 'res.headers["set-cookie"]'];

function withRedaction(logger: FastifyServerOptions["logger"]): FastifyServerOptions["logger"] {
  if (!logger) return false;
  const options = logger === true ? {} : (logger as Record<string, unknown>);
  const redact = options.redact;
  const paths = Array.isArray(redact) ? redact : ((redact as { paths?: string[] } | undefined)?.paths ?? []);
  // Errors lose everything but type, message, code and stack: no query parameters (secrets, personal data).
  return {
    ...options,
    redact: [...new Set([...paths, ...REDACT])],
    serializers: { ...(options.serializers as object | undefined), err: serializeError },
  } as FastifyServerOptions["logger"];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Proxies on this machine or a private network: what LOCKSTEP_TRUST_PROXY=true trusts. */
const PRIVATE_PROXIES = ["loopback", "linklocal", "uniquelocal"];

/**
 * LOCKSTEP_TRUST_PROXY as Fastify's trustProxy. Trusting every hop would let a client write its own
 * address into X-Forwarded-For and dodge per-address limits, so only these forms are accepted:
 *   - unset, "", "false" or "0": no proxy, the socket address is the client;
 *   - addresses and CIDR ranges of the proxies ("10.0.0.0/8,127.0.0.1"; also "loopback", "linklocal",
 *     "uniquelocal"): X-Forwarded-For is read back from the socket only while the hop is one of them;
 *   - "true": proxies on this machine or a private network (loopback, 10/8, 172.16/12, 192.168/16,
 *     169.254/16, fc00::/7, fe80::/10) - never an address on the internet;
 *   - a hop count ("1", "2"): that many proxies in front, whatever their addresses. Only for servers
 *     that cannot be reached except through those proxies (a direct client could name itself).
 */
export function trustProxyFromEnv(
  value: string | undefined,
): false | string[] | ((address: string, hop: number) => boolean) {
  const text = value?.trim().toLowerCase() ?? "";
  if (text === "" || text === "false" || text === "0") return false;
  if (text === "true") return PRIVATE_PROXIES;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return (_address, hop) => hop < hops;
  }
  const list = text
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of list)
    if (!PRIVATE_PROXIES.includes(entry) && !/^[0-9a-f:.]+(\/\d{1,3})?$/.test(entry))
      throw new Error(
        `LOCKSTEP_TRUST_PROXY: "${entry}" is not a hop count, an address or a CIDR range (e.g. 1, or 10.0.0.0/8,127.0.0.1)`,
      );
  return list;
}

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const defaultWebRoot = path.join(projectRoot, "dist/web");

export async function buildApp(options: AppOptions) {
  const limits: Limits = { ...limitsFromEnv(), ...options.limits };
  // Turning better-auth's throttling off (tests, LOCKSTEP_AUTH_RATE_LIMIT=false) turns ours off too,
  // unless a limit is given here.
  if (options.auth?.rateLimit === false && options.limits?.signInPerMinute === undefined)
    limits.signInPerMinute = 0;
  const app = Fastify({
    logger: withRedaction(options.logger),
    trustProxy: trustProxyFromEnv(process.env.LOCKSTEP_TRUST_PROXY),
    bodyLimit: limits.bodyBytes,
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.idleTimeoutMs,
    frameworkErrors: handleFrameworkError,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  registerInputGuard(app);

  await registerSecurityHeaders(app, { production: process.env.NODE_ENV === "production" });
  await registerRateLimiting(app);
  registerCsrfProtection(app, csrfOptionsFromEnv());

  registerApiComponents();
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: "Lockstep API",
        version: "0.1.0",
        description:
          "One revenue team: records, agreements and reports for sales and marketing. Sign in with " +
          "POST /api/auth/sign-in/email; send X-Workspace-Id to act in a workspace other than your first.",
      },
    },
    transform: jsonSchemaTransform,
    // The schemas named in src/shared/api-components.ts become components the routes refer to.
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/api/docs" });
  app.get("/api/openapi.json", { schema: { hide: true }, config: { access: PUBLIC } }, () => app.swagger());

  const auth = createAuth(options.db, options.auth);
  registerAccessControl(app, options.db, auth);

  // Sign-in guessing is held per client address, before better-auth is asked (which throttles too).
  const signInLimit = createLimiter(app, {
    max: limits.signInPerMinute,
    what: "sign-in attempts from this address",
  });
  // better-auth speaks Fetch Request/Response; bridge it for its /api/auth/* endpoints.
  app.route({
    method: ["GET", "POST"],
    url: "/api/auth/*",
    schema: { hide: true },
    async onRequest(request, reply) {
      // Judge the path better-auth will act on: it normalises "/api/auth/./sign-in/email", so a test
      // on the raw URL could be dodged. A path that is not already in normal form is refused outright.
      const raw = request.url.split("?")[0];
      const pathname = new URL(raw, "http://localhost").pathname;
      if (pathname !== raw || raw.includes("%") || raw.includes("//") || !pathname.startsWith("/api/auth/"))
        throw new AppError(400, "bad_request", "Send sign-in requests to a plain /api/auth/... path");
      if (request.method === "POST" && pathname.startsWith("/api/auth/sign-in/"))
        await signInLimit(request, reply);
    },
    async handler(request, reply) {
      // better-auth reads JSON (or form) objects; anything else (a CSV stream, a bare string) is refused
      // here rather than serialised into nonsense.
      const body = request.body;
      if (request.method !== "GET" && body != null && !isPlainObject(body))
        throw new AppError(
          415,
          "unsupported_media_type",
          "Send a JSON object (content-type application/json) to /api/auth endpoints",
        );
      const url = new URL(request.url, `http://${request.headers.host ?? "localhost"}`);
      if (url.pathname.endsWith("/sign-out")) forgetSessions();
      // Sign-in throttling is per client address: hand better-auth the address Fastify saw
      // (honouring X-Forwarded-For only from trusted proxies, see trustProxyFromEnv), not a header the
      // client chose.
      const headers = fromNodeHeaders(request.headers);
      headers.set("x-forwarded-for", request.ip);
      if (body != null) headers.set("content-type", "application/json");
      const response = await auth.handler(
        new Request(url, {
          method: request.method,
          headers,
          body: request.method === "GET" || body == null ? undefined : JSON.stringify(body),
        }),
      );
      reply.status(response.status);
      response.headers.forEach((value, key) => {
        if (key !== "set-cookie") reply.header(key, value);
      });
      const cookies = response.headers.getSetCookie();
      if (cookies.length) reply.header("set-cookie", cookies);
      return reply.send(response.body ? Buffer.from(await response.arrayBuffer()) : null);
    },
  });

  app.get(
    "/api/health",
    {
      schema: {
        tags: ["System"],
        summary: "Liveness and database check",
        response: { 200: healthSchema },
      },
      config: { access: PUBLIC },
    },
    async () => {
      await options.db.execute("select 1");
      return { ok: true as const };
    },
  );

  registerWorkspaceRoutes(app, options.db);
  registerCockpitRoutes(app, options.db);
  registerAttributionRoutes(app, options.db);
  registerReportRoutes(app, options.db);
  registerSearchRoutes(app, options.db);
  registerAuditRoutes(app, options.db);
  registerAccountRoutes(app, options.db);
  registerContactRoutes(app, options.db);
  registerCampaignRoutes(app, options.db);
  registerOpportunityRoutes(app, options.db);
  registerPersonaRoutes(app, options.db);
  registerPropertyRoutes(app, options.db);
  registerSegmentRoutes(app, options.db);
  registerAbmRoutes(app, options.db);
  registerPodRoutes(app, options.db);
  registerImportRoutes(app, options.db, limits.importBytes);
  registerTrackingRoutes(app, options.db, limits);
  registerApiKeyRoutes(app, options.db);
  registerScoringRoutes(app, options.db);
  registerJobRoutes(app, options.db);
  if (options.scoreWorker !== false) {
    let stop: (() => Promise<void>) | null = null;
    app.addHook("onReady", async () => {
      stop = startScoreWorker(options.db, (error) => app.log.error({ err: error }, "scoring worker failed"));
    });
    app.addHook("onClose", async () => {
      await stop?.();
    });
  }
  registerFeedbackRoutes(app, options.db);
  registerSlaRoutes(app, options.db);
  registerRoutingRoutes(app, options.db);
  if (options.slaWorker !== false) {
    let stop: (() => Promise<void>) | null = null;
    app.addHook("onReady", async () => {
      stop = startSlaWorker(options.db, (error) => app.log.error({ err: error }, "SLA sweep failed"));
    });
    app.addHook("onClose", async () => {
      await stop?.();
    });
  }
  registerNotificationRoutes(app, options.db);
  registerGoalRoutes(app, options.db);
  registerRecognitionRoutes(app, options.db);
  registerLibraryRoutes(app, options.db);
  registerMessagingRoutes(app, options.db);
  registerGlossaryRoutes(app, options.db);
  registerAlignmentRoutes(app, options.db);
  registerSeatingRoutes(app, options.db);
  registerMeetingRoutes(app, options.db);
  registerEnablementRoutes(app, options.db);
  if (options.goalsWorker !== false) {
    let stop: (() => Promise<void>) | null = null;
    app.addHook("onReady", async () => {
      stop = startGoalsWorker(options.db, (error) => app.log.error({ err: error }, "goals sweep failed"));
    });
    app.addHook("onClose", async () => {
      await stop?.();
    });
  }
  if (options.deliveryWorker !== false) {
    let stop: (() => Promise<void>) | null = null;
    app.addHook("onReady", async () => {
      stop = startDeliveryWorker(options.db, (error) =>
        app.log.error({ err: error }, "notification delivery worker failed"),
      );
    });
    app.addHook("onClose", async () => {
      await stop?.();
    });
  }

  const webRoot = options.webRoot === undefined ? defaultWebRoot : options.webRoot;
  if (webRoot && existsSync(path.join(webRoot, "index.html"))) {
    await app.register(fastifyStatic, { root: webRoot, wildcard: true });
    // Client-side routes (/contacts/123) get the app shell; unknown /api paths and missing files
    // (an asset of an older build) stay 404s.
    app.setNotFoundHandler((request, reply) => {
      const pathname = request.url.split("?")[0];
      if (request.method === "GET" && !pathname.startsWith("/api/") && !/\.[a-z0-9]+$/i.test(pathname)) {
        return reply.sendFile("index.html");
      }
      return reply.status(404).send({
        error: { code: "not_found", message: `No route ${request.method} ${request.url.split("?")[0]}` },
      });
    });
  } else {
    app.setNotFoundHandler((request, reply) =>
      reply.status(404).send({
        error: { code: "not_found", message: `No route ${request.method} ${request.url.split("?")[0]}` },
      }),
    );
  }
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
