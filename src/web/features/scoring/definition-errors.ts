// Validation of a definition in the browser (the shared schema) and of the API's answer, both as errors keyed
// by their path inside the definition ("fitRules.0.points"), in words a manager reads.
import { type ScoringDefinition, scoringDefinitionSchema } from "../../../shared/scoring";
import { ApiError } from "../../lib/api";
import { sentence } from "../../lib/forms";
import type { DefinitionErrors } from "./rules-editor";

/** zod's wording -> ours. */
export function friendlyMessage(message: string): string {
  if (/received NaN|received null|is required|received undefined/.test(message)) return "Is required";
  if (/expected string to have >=1 characters/.test(message)) return "Is required";
  let m = /expected number to be >=(-?[\d.]+)/.exec(message);
  if (m) return `Must be at least ${m[1]}`;
  m = /expected number to be <=(-?[\d.]+)/.exec(message);
  if (m) return `Must be at most ${m[1]}`;
  if (/expected int/.test(message)) return "Must be a whole number";
  m = /expected array to have <=(\d+)/.exec(message);
  if (m) return `At most ${m[1]}`;
  m = /expected string to have <=(\d+)/.exec(message);
  if (m) return `At most ${m[1]} characters`;
  return sentence(message);
}

export function validateDefinition(definition: ScoringDefinition): DefinitionErrors {
  const result = scoringDefinitionSchema.safeParse(definition);
  if (result.success) return {};
  const errors: DefinitionErrors = {};
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join(".");
    if (!(path in errors)) errors[path] = friendlyMessage(issue.message);
  }
  return errors;
}

/** The API's 400 details ("definition.fitRules.0.points") as editor errors; empty for other errors. */
export function errorsFromApi(error: unknown): DefinitionErrors {
  if (!(error instanceof ApiError) || error.status !== 400) return {};
  const errors: DefinitionErrors = {};
  for (const issue of error.fieldIssues) {
    const path = issue.path.replace(/^definition\.?/, "");
    if (!(path in errors)) errors[path] = friendlyMessage(issue.message);
  }
  return errors;
}

/** "fitRules.0.conditions.1.values" -> "Fit rule “Director or above”, condition 2, values". */
export function describeErrorPath(path: string, definition: ScoringDefinition): string {
  const parts = path.split(".");
  const words: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const next = Number(parts[i + 1]);
    if (part === "fitRules" && Number.isInteger(next)) {
      words.push(`Fit rule “${definition.fitRules[next]?.label || next + 1}”`);
      i++;
    } else if (part === "engagementRules" && Number.isInteger(next)) {
      words.push(`Engagement rule “${definition.engagementRules[next]?.label || next + 1}”`);
      i++;
    } else if (part === "decayGroups" && Number.isInteger(next)) {
      words.push(`Decay group ${next + 1}`);
      i++;
    } else if (part === "conditions" && Number.isInteger(next)) {
      words.push(`condition ${next + 1}`);
      i++;
    } else if (part === "anyOf" && Number.isInteger(next)) {
      words.push(`way ${next + 1}`);
      i++;
    } else if (part === "mql") words.push("MQL condition");
    else if (part === "grades") words.push("Grades");
    else if (part === "id") words.push("name");
    else if (part === "maxTimes") words.push("max times");
    else if (part === "maxPoints") words.push("max points");
    else if (part === "withinDays") words.push("within days");
    else if (part === "halfLifeDays") words.push("half-life");
    else if (part === "handoffTouchTypes") words.push("hand-off touches");
    else if (part === "group") words.push("decay group");
    else words.push(part);
  }
  return words.join(", ") || "Rules";
}
