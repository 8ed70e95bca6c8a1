// Security headers on every answer (@fastify/helmet): a Content-Security-Policy the built web app and the
// API docs work under (scripts and everything else from our own origin only; inline styles allowed because
// Mantine writes its CSS variables in <style> tags), no framing, no MIME sniffing, a referrer policy that
// keeps the Origin header on our own requests (the CSRF check reads it), and HSTS in production only (a
// laptop on plain http must not be told to insist on https).
import fastifyHelmet from "@fastify/helmet";
import type { FastifyInstance } from "fastify";

export async function registerSecurityHeaders(app: FastifyInstance, options: { production: boolean }) {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "script-src-attr": ["'none'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        ...(options.production ? { "upgrade-insecure-requests": [] } : {}),
      },
    },
    frameguard: { action: "deny" },
    // "no-referrer" (helmet's default) would make browsers send `Origin: null` on our own POSTs.
    referrerPolicy: { policy: "strict-origin-when-cross-origin" },
    hsts: options.production ? { maxAge: 180 * 24 * 60 * 60, includeSubDomains: true } : false,
    // Same-site by default; the tracking snippet and /v1 answer other sites (set on those routes).
    crossOriginResourcePolicy: { policy: "same-origin" },
    crossOriginEmbedderPolicy: false,
  });
}
