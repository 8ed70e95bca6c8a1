// CSRF protection for cookie sessions. A forged request rides on the victim's browser and its cookie, so:
// every unsafe request (POST, PUT, PATCH, DELETE) that carries a cookie and no API key must come from one
// of our own pages, whatever its path: the path is judged by the route it matched, never by the raw URL
// (Fastify decodes "/%61pi/..." to "/api/...", so a prefix test on request.url could be dodged). Browsers say where a request comes from: Origin on every cross-origin
// request and on every same-origin POST/PUT/PATCH/DELETE (Referer as a fallback), and Sec-Fetch-Site on
// every request (all current browsers). The rule:
//   - Origin (else Referer) present: its host must be the host the request was sent to, the host of
//     LOCKSTEP_URL, or one of LOCKSTEP_ALLOWED_HOSTS (a bare "*" there does not count);
//   - neither present: refused when Sec-Fetch-Site says the request came from another site; allowed
//     when there is no Sec-Fetch-Site either, which only non-browser clients (curl, scripts, tests)
//     do, and they cannot be tricked into sending someone else's cookie.
// API keys (Authorization: Bearer) and the routes of the tracking API (/v1/*, keys only) are exempt: a browser never
// attaches those on its own. Session cookies are also SameSite=Lax (better-auth), a second line.
import type { FastifyInstance, FastifyRequest } from "fastify";
import { bearerToken } from "./access.js";
import { AppError } from "./errors.js";

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export interface CsrfOptions {
  /** The public base URL (LOCKSTEP_URL); its host is always allowed. */
  publicUrl?: string | null;
  /** Further host names or patterns ("*.example.com", "app.example.com:8443") pages may be served from. */
  allowedHosts?: string[];
}

export function csrfOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): CsrfOptions {
  return {
    publicUrl: env.LOCKSTEP_URL?.trim() || null,
    allowedHosts: (env.LOCKSTEP_ALLOWED_HOSTS ?? "")
      .split(",")
      .map((h) => h.trim())
      .filter(Boolean),
  };
}

function hostOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:"
      ? parsed.host.toLowerCase()
      : undefined;
  } catch {
    return undefined;
  }
}

function patternMatcher(pattern: string): ((host: string) => boolean) | undefined {
  const p = pattern.toLowerCase();
  if (p === "*") return undefined;
  if (!p.includes("*")) return (host) => host === p || host.split(":")[0] === p;
  const re = new RegExp(
    `^${p
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join("[^.]*")}(:\\d+)?$`,
  );
  return (host) => re.test(host);
}

export function registerCsrfProtection(app: FastifyInstance, options: CsrfOptions = {}) {
  const publicHost = options.publicUrl ? hostOf(options.publicUrl) : undefined;
  const matchers = (options.allowedHosts ?? [])
    .map(patternMatcher)
    .filter((m): m is (host: string) => boolean => m !== undefined);
  // URL.host drops a default port (":80", ":443"); a Host header may still carry it.
  const ownHost = (request: FastifyRequest) => (request.host ?? "").toLowerCase().replace(/:(80|443)$/, "");
  const allowed = (request: FastifyRequest, host: string) =>
    host === ownHost(request) || host === publicHost || matchers.some((m) => m(host));

  app.addHook("onRequest", async (request) => {
    if (!UNSAFE.has(request.method) || isTrackingRoute(request)) return;
    if (!request.headers.cookie || bearerToken(request) !== undefined) return;
    const source = request.headers.origin ?? request.headers.referer;
    if (source !== undefined) {
      const host = hostOf(source);
      if (host && allowed(request, host)) return;
      throw refusal(`this request came from ${host ?? "an unknown page"}, not from Lockstep's own pages`);
    }
    const site = request.headers["sec-fetch-site"];
    if (site === undefined || site === "same-origin" || site === "none") return;
    throw refusal("this request came from another site");
  });
}

/** The tracking API (/v1/*) is keys only; judged by the matched route pattern, not the raw URL. */
function isTrackingRoute(request: FastifyRequest) {
  return request.routeOptions.url?.startsWith("/v1/") === true;
}

function refusal(why: string) {
  return new AppError(
    403,
    "csrf",
    `Refused to protect your session: ${why}. Use Lockstep's web app, or call the API with an API key (Authorization: Bearer).`,
  );
}
