// Form helpers: the shared zod schemas validate in the browser, and the API's field errors land on the fields.
import type { UseFormReturnType } from "@mantine/form";
import type { z } from "zod";
import { ApiError, errorMessage } from "./api";

/** "is required" -> "Is required": schema messages are written to follow a field name. */
export function sentence(message: string): string {
  return message ? message.charAt(0).toUpperCase() + message.slice(1) : message;
}

/** Runs a shared zod schema on what the form would send and returns Mantine form errors keyed by field. */
export function zodErrors(schema: z.ZodType, payload: unknown): Record<string, string> {
  const result = schema.safeParse(payload);
  if (result.success) return {};
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join(".") || "form";
    if (!errors[path]) errors[path] = sentence(issue.message);
  }
  return errors;
}

/** Text input value -> the API's "null when empty". */
export function textOrNull(value: string | null | undefined): string | null {
  const trimmed = (value ?? "").trim();
  return trimmed ? trimmed : null;
}

/** NumberInput value (number or "") -> number or null. */
export function numberOrNull(value: number | string | null | undefined): number | null {
  if (value === "" || value === null || value === undefined) return null;
  const n = typeof value === "number" ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

export interface ConflictHint {
  /** The field a 409 duplicate is about, e.g. "email" or "domain". */
  field: string;
  /** A message a person understands, e.g. "A contact with this email already exists". */
  message: string;
}

/**
 * Puts an API error onto a form: 400 details on their fields, a 409 on the duplicate field.
 * Returns the message to show above the form (null when every problem sits on a field).
 */
// biome-ignore lint/suspicious/noExplicitAny: works for every form's values
export function applyApiError(form: UseFormReturnType<any, any>, error: unknown, conflict?: ConflictHint) {
  if (!(error instanceof ApiError)) return errorMessage(error);
  if (error.status === 400) {
    const issues = error.fieldIssues;
    const known = new Set(Object.keys(form.getValues()));
    let unplaced = false;
    for (const issue of issues) {
      const root = issue.path.split(".")[0];
      // A custom property's error goes on its own input (properties.<api_name>), other errors on their field.
      const field = root === "properties" ? issue.path : root;
      if (issue.path && known.has(root)) form.setFieldError(field, sentence(issue.message));
      else unplaced = true;
    }
    if (issues.length === 0 || unplaced) return error.message;
    return null;
  }
  if (error.status === 409) {
    if (conflict) {
      form.setFieldError(conflict.field, conflict.message);
      return error.message === conflict.message ? null : error.message;
    }
    return error.message;
  }
  return error.message;
}
