// Refuses input the database cannot store as it was sent, before any route sees it: PostgreSQL text
// and jsonb cannot hold the NUL character (\u0000), a lone UTF-16 surrogate half would be stored as
// U+FFFD (not what was sent), and JSON nested thousands of levels deep overflows the stack when it is
// serialized for the database. One preValidation hook checks every JSON body, query string and path
// parameter and answers 400 naming the field, in the API's one error shape.
import type { FastifyInstance, FastifyRequest } from "fastify";
import { AppError } from "./errors.js";

/** Deepest nesting of arrays and objects accepted in a body (tracking properties, custom fields). */
export const MAX_INPUT_DEPTH = 64;

export interface InputProblem {
  /** Dotted path of the field ("properties.plan", "batch.3.traits"); "" for the whole input. */
  path: string;
  message: string;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a string cannot be stored as sent, or undefined when it can. */
export function textProblem(text: string): string | undefined {
  if (text.includes("\u0000")) return "must not contain the NUL character (\\u0000)";
  if (LONE_SURROGATE.test(text)) return "must be valid Unicode text (it has a lone surrogate half)";
  return undefined;
}

const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

/** Streams (CSV uploads), buffers and dates are not JSON containers; their routes check them. */
const isContainer = (value: object) =>
  !Buffer.isBuffer(value) &&
  !ArrayBuffer.isView(value) &&
  !(value instanceof Date) &&
  typeof (value as { pipe?: unknown }).pipe !== "function";

/**
 * The first problem in a parsed JSON value (strings, object keys, nesting depth), or undefined.
 * Walks without recursion, so hostile nesting cannot overflow the stack here.
 */
export function findInputProblem(value: unknown, maxDepth = MAX_INPUT_DEPTH): InputProblem | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: "", depth: 0 }];
  while (stack.length > 0) {
    const { value: current, path, depth } = stack.pop()!;
    if (typeof current === "string") {
      const message = textProblem(current);
      if (message) return { path, message };
      continue;
    }
    if (current === null || typeof current !== "object" || !isContainer(current)) continue;
    if (depth >= maxDepth) return { path, message: `is nested more than ${maxDepth} levels deep` };
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--)
        stack.push({ value: current[i], path: join(path, i), depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(current);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      const message = textProblem(key);
      if (message) return { path: join(path, key), message: `field name ${message}` };
      stack.push({
        value: (current as Record<string, unknown>)[key],
        path: join(path, key),
        depth: depth + 1,
      });
    }
  }
  return undefined;
}

function refuse(problem: InputProblem, where: string): AppError {
  const path = problem.path || where;
  return new AppError(400, "invalid_input", `${path}: ${problem.message}`, [
    { path, message: problem.message },
  ]);
}

/** Checks one request's path parameters, query string and body; throws a 400 for the first problem. */
export function checkRequestInput(
  request: Pick<FastifyRequest, "params" | "query" | "body">,
  options: { body?: boolean } = {},
) {
  for (const [where, value, maxDepth] of [
    ["params", request.params, 2],
    ["query", request.query, 3],
    ["body", options.body === false ? undefined : request.body, MAX_INPUT_DEPTH],
  ] as const) {
    if (value === undefined || value === null) continue;
    const problem = findInputProblem(value, maxDepth);
    if (problem) throw refuse(problem, where);
  }
}

const REGISTERED = "lockstepInputGuard";

/** Registers the check on every route of `app` (before validation); registering twice is harmless. */
export function registerInputGuard(app: FastifyInstance) {
  if (app.hasDecorator(REGISTERED)) return;
  app.decorate(REGISTERED, true);
  app.addHook("preValidation", async (request) => {
    // The tracking API checks each event of a batch on its own (ingest.service.ts): one bad event is
    // rejected with its index while the batch's good events are kept, as Segment clients expect.
    checkRequestInput(request, { body: !request.routeOptions.url?.startsWith("/v1/") });
  });
}
