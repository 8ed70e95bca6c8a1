// Rate limits (@fastify/rate-limit's in-memory counters, per process): sign-in attempts per client address,
// and tracking requests per key and per address. Over the limit: 429 `rate_limited` with Retry-After.
import fastifyRateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "./errors.js";

export async function registerRateLimiting(app: FastifyInstance) {
  // No global limit: each limit below is applied where it belongs.
  await app.register(fastifyRateLimit, { global: false });
}

export type Limiter = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * A check to call from a hook: counts the request under `key(request)` (the client address by default)
 * and refuses it once `max` requests came in the current minute. `what` names what is limited, for the
 * message ("sign-in attempts from this address").
 */
export function createLimiter(
  app: FastifyInstance,
  options: { max: number; what: string; key?: (request: FastifyRequest) => string },
): Limiter {
  if (options.max <= 0) return async () => {};
  const check = app.createRateLimit({
    max: options.max,
    timeWindow: 60_000,
    ...(options.key ? { keyGenerator: options.key } : {}),
  });
  return async (request, reply) => {
    const result = await check(request);
    if (result.isAllowed || !result.isExceeded) return;
    const seconds = Math.max(1, result.ttlInSeconds);
    reply.header("retry-after", String(seconds));
    throw new AppError(
      429,
      "rate_limited",
      `Too many ${options.what}: at most ${options.max} a minute. Try again in ${seconds} s.`,
    );
  };
}
