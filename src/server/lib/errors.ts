// The one error shape of the API: { error: { code, message, details? } } with the right status.
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from "fastify-type-provider-zod";

export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new AppError(404, "not_found", `${what} not found`);
export const forbidden = (message: string) => new AppError(403, "forbidden", message);
export const unauthorized = () => new AppError(401, "unauthorized", "Sign in first");
export const conflict = (message: string, field?: string) =>
  new AppError(409, "conflict", message, field ? [{ path: field, message }] : undefined);
export const badRequest = (message: string, field?: string) =>
  new AppError(
    400,
    "invalid_input",
    field ? `${field}: ${message}` : message,
    field ? [{ path: field, message }] : undefined,
  );

/** Unique constraints users can hit, in the words a user understands. */
const UNIQUE_MESSAGES: Record<string, { field: string; message: string }> = {
  accounts_workspace_domain_key: { field: "domain", message: "An account with this domain already exists" },
  contacts_workspace_email_key: { field: "email", message: "A contact with this email already exists" },
  campaigns_workspace_utm_key: {
    field: "utmCampaign",
    message: "A campaign with this utm_campaign already exists",
  },
  ...Object.fromEntries(
    ["accounts", "campaigns", "contacts", "opportunities", "touches"].map((table) => [
      `${table}_workspace_external_key`,
      {
        field: "externalId",
        message: "Another record already has this id from the source system (Record ID)",
      },
    ]),
  ),
  property_definitions_api_name_key: {
    field: "apiName",
    message: "A property with this API name already exists on this record type",
  },
  members_workspace_user_key: {
    field: "userId",
    message: "This person is already a member of the workspace",
  },
};

/**
 * Errors the database raises for values a caller sent (the input guard and the schemas catch most of
 * them first; these keep anything that slips through a clear 400 instead of a 500).
 */
const INPUT_ERRORS: Record<string, string> = {
  // character_not_in_repertoire: "invalid byte sequence for encoding UTF8: 0x00" (NUL in text).
  "22021": "contains a character that cannot be stored (such as \\u0000)",
  // untranslatable_character: "unsupported Unicode escape sequence" (\u0000 in jsonb).
  "22P05": "contains a character that cannot be stored (such as \\u0000)",
  "22001": "is too long",
  "22003": "has a number out of range",
  "2201B": "is not a valid regular expression",
  "22025": "has an invalid escape sequence",
  // program_limit_exceeded (a value too big for an index) and statement_too_complex (stack depth).
  "54000": "is too large to store",
  "54001": "is too large or nested too deeply",
};

interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
  cause?: unknown;
}

function findPgError(error: unknown): PgError | undefined {
  let current = error as PgError | undefined;
  for (let depth = 0; current && depth < 5; depth++) {
    if (typeof current.code === "string" && /^[0-9A-Z]{5}$/.test(current.code)) return current;
    current = current.cause as PgError | undefined;
  }
  return undefined;
}

/** The PostgreSQL error code (SQLSTATE) of an error or of one it was caused by, e.g. "23505". */
export function pgErrorCode(error: unknown): string | undefined {
  return findPgError(error)?.code;
}

const camelCase = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Turns a database error a user caused into an AppError; undefined when it is our bug. */
export function fromDatabaseError(error: unknown): AppError | undefined {
  const pgError = findPgError(error);
  if (!pgError) return undefined;
  if (pgError.code === "23505") {
    const known = pgError.constraint ? UNIQUE_MESSAGES[pgError.constraint] : undefined;
    return conflict(known?.message ?? "This record already exists", known?.field);
  }
  if (pgError.code === "23503") {
    // Composite keys (workspace_id, x_id): the failing column names the field.
    const column = /Key \(workspace_id, (\w+)\)/.exec(pgError.detail ?? "")?.[1];
    const field = column ? camelCase(column) : undefined;
    return badRequest("refers to a record that does not exist in this workspace", field);
  }
  if (pgError.code === "22P02" || pgError.code === "22007" || pgError.code === "22008") {
    return badRequest("has an invalid value");
  }
  const known = INPUT_ERRORS[pgError.code ?? ""];
  return known ? badRequest(known) : undefined;
}

/**
 * An error as it may be logged. A failed query (Drizzle's DrizzleQueryError) carries its parameters -
 * webhook secrets, key hashes, personal data - in `params` and in its message and stack ("params: ...");
 * only the query text and the database's code and message are kept. Every error down the cause chain is
 * reduced to type, message, code and stack, so no other property of it reaches the log either.
 * Used as the logger's `err` serializer.
 */
export function serializeError(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error)) return error;
  const e = error as Error & { code?: unknown; query?: unknown; params?: unknown; statusCode?: unknown };
  const withParams = "params" in e;
  const strip = (text: string | undefined) =>
    text === undefined || !withParams ? text : text.replace(/\nparams: [\s\S]*?(?=\n {4}at |$)/, "");
  const out: Record<string, unknown> = {
    type: e.name,
    message: strip(e.message),
    stack: strip(e.stack),
  };
  if (typeof e.code === "string" || typeof e.code === "number") out.code = e.code;
  if (typeof e.statusCode === "number") out.statusCode = e.statusCode;
  if (withParams && typeof e.query === "string") out.query = e.query;
  if (e.cause !== undefined && depth < 5) out.cause = serializeError(e.cause, depth + 1);
  return out;
}

export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    return reply.status(error.statusCode).send({
      error: { code: error.code, message: error.message, details: error.details },
    });
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const details = error.validation.map((issue) => ({
      path: issue.instancePath.replace(/^\//, "").replaceAll("/", ".") || error.validationContext || "",
      message: issue.message ?? "is invalid",
    }));
    const first = details[0];
    return reply.status(400).send({
      error: {
        code: "invalid_input",
        message: first ? `${first.path}: ${first.message}` : "Invalid input",
        details,
      },
    });
  }
  const fromDb = fromDatabaseError(error);
  if (fromDb) return handleError(fromDb as unknown as FastifyError, request, reply);
  if (isResponseSerializationError(error)) {
    request.log.error({ err: error, issues: error.cause.issues }, "response did not match its schema");
    return reply.status(500).send({ error: { code: "internal", message: "Internal error" } });
  }
  const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
  if (status >= 500) {
    request.log.error({ err: error }, "request failed");
    return reply.status(status).send({ error: { code: "internal", message: "Internal error" } });
  }
  // Fastify's own 4xx: malformed JSON, body too large, unsupported media type...
  const code = error.code === "FST_ERR_CTP_BODY_TOO_LARGE" ? "payload_too_large" : "bad_request";
  return reply.status(status).send({ error: { code, message: error.message } });
}

/**
 * Fastify's own errors from before a route is found, in the same error shape: a URL with malformed
 * percent-encoding (/api/contacts/%ED%A0%80) and a path parameter over maxParamLength (100
 * characters). Pass it as the `frameworkErrors` option of Fastify().
 */
export function handleFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error.code === "FST_ERR_BAD_URL") {
    return reply.status(400).send({
      error: { code: "bad_request", message: "The URL is not valid: it has malformed percent-encoding" },
    });
  }
  if (error.code === "FST_ERR_MAX_PARAM_LENGTH") {
    return reply.status(414).send({
      error: { code: "uri_too_long", message: "A part of the URL path is too long (100 characters at most)" },
    });
  }
  return handleError(error, request, reply);
}
