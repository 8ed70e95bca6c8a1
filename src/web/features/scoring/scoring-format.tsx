// How scoring words, rules and numbers read on screen: one place, so the editor, the diff and the contact
// explanation describe a rule the same way.
import { SENIORITIES, TOUCH_TYPES } from "../../../shared/domain";
import {
  type EngagementRule,
  FIT_FIELD_LABELS,
  type FitCondition,
  type FitField,
  OPERATOR_LABELS,
  type TouchCondition,
} from "../../../shared/scoring";
import { CHANNEL_LABELS, label, SENIORITY_LABELS, TEAM_LABELS, TOUCH_TYPE_LABELS } from "../../lib/format";
import {
  AgreementStatusBadge,
  type AgreementStatusBadgeProps,
  type StatusWords,
} from "../agreements/agreement";

const STATUS_LABELS: StatusWords = {
  draft: "Draft",
  approved: "Approved",
  active: "Live",
  retired: "Retired",
};
const STATUS_HINTS: StatusWords = {
  draft: "Being worked on; needs a sales lead and a marketing lead to approve it",
  approved: "Both teams approved it; a lead can make it live",
  active: "Live: every contact is scored with it",
  retired: "No longer used; kept for history",
};

export function StatusBadge(props: AgreementStatusBadgeProps) {
  return <AgreementStatusBadge labels={STATUS_LABELS} hints={STATUS_HINTS} {...props} />;
}

export const TOUCH_FIELD_LABELS: Record<TouchCondition["field"], string> = {
  type: "Touch type",
  event: "Custom event name",
  channel: "Channel",
  campaign: "Campaign name",
  team: "Team",
  property: "Touch property",
};

/** "20" -> "+20", "-15" stays, decimals only when there are any. */
export function formatPoints(value: number): string {
  const text = formatScore(value);
  return value > 0 ? `+${text}` : text;
}

export function formatScore(value: number): string {
  if (!Number.isFinite(value)) return "—";
  return (Math.round(value * 10) / 10).toLocaleString("en-US", { maximumFractionDigits: 1 });
}

export function formatPercent(value: number): string {
  if (!Number.isFinite(value)) return "—";
  return `${(value * 100).toLocaleString("en-US", { maximumFractionDigits: 1 })}%`;
}

export function fitFieldLabel(field: string): string {
  if (field.startsWith("contact.properties.")) return `Contact's “${field.slice(19)}”`;
  if (field.startsWith("account.properties.")) return `Account's “${field.slice(19)}”`;
  return FIT_FIELD_LABELS[field as FitField] ?? field;
}

/** Suggested values for a field, shown as options in the editor (free text is allowed too). */
export function fitValueOptions(field: string): { value: string; label: string }[] {
  if (field === "contact.seniority")
    return SENIORITIES.map((value) => ({ value, label: SENIORITY_LABELS[value] ?? value }));
  return [];
}

export function touchValueOptions(field: TouchCondition["field"]): { value: string; label: string }[] {
  if (field === "type")
    return TOUCH_TYPES.map((value) => ({ value, label: TOUCH_TYPE_LABELS[value] ?? value }));
  if (field === "team") return ["marketing", "sales"].map((value) => ({ value, label: TEAM_LABELS[value] }));
  if (field === "channel")
    return Object.entries(CHANNEL_LABELS).map(([value, text]) => ({ value, label: text }));
  return [];
}

function valueLabel(options: { value: string; label: string }[], value: string) {
  return options.find((o) => o.value === value)?.label ?? value;
}

function operands(
  c: {
    operator: FitCondition["operator"];
    values?: string[];
    pattern?: string;
    min?: number | null;
    max?: number | null;
  },
  options: { value: string; label: string }[],
): string {
  switch (c.operator) {
    case "in":
    case "not_in":
    case "contains":
      return (c.values ?? []).map((v) => valueLabel(options, v)).join(", ");
    case "matches":
      return `/${c.pattern ?? ""}/`;
    case "between":
      if (c.min != null && c.max != null) return `${c.min.toLocaleString()} and ${c.max.toLocaleString()}`;
      if (c.min != null) return `at least ${c.min.toLocaleString()}`;
      return `at most ${(c.max ?? 0).toLocaleString()}`;
    default:
      return "";
  }
}

export function describeFitCondition(c: FitCondition): string {
  if (c.field === "contact.free_mail")
    return c.operator === "is_not_set" ? "Uses a company email address" : "Uses a free-mail address";
  if (c.operator === "between" && (c.min == null || c.max == null))
    return `${fitFieldLabel(c.field)} is ${operands(c, [])}`;
  const rest = operands(c, fitValueOptions(c.field));
  return `${fitFieldLabel(c.field)} ${OPERATOR_LABELS[c.operator]}${rest ? ` ${rest}` : ""}`;
}

export function describeTouchCondition(c: TouchCondition): string {
  const field = c.field === "property" ? `Touch's “${c.property ?? ""}”` : TOUCH_FIELD_LABELS[c.field];
  const rest = operands(c, touchValueOptions(c.field));
  return `${field} ${OPERATOR_LABELS[c.operator]}${rest ? ` ${rest}` : ""}`;
}

/** "at most 3 touches (30 points)" / "at most 15 points" / "no cap". */
export function describeCap(
  rule: Pick<EngagementRule, "maxTimes" | "maxPoints" | "points" | "minCount">,
): string {
  if (rule.minCount != null)
    return `${formatPoints(rule.points)} once at ${rule.minCount}+ ${rule.minCount === 1 ? "touch" : "touches"}`;
  if (rule.maxTimes != null)
    return `counts at most ${rule.maxTimes} ${rule.maxTimes === 1 ? "touch" : "touches"} (${rule.maxTimes * Math.abs(rule.points)} points)`;
  if (rule.maxPoints != null) return `counts at most ${rule.maxPoints} points`;
  return "no cap";
}

export function describeHalfLife(days: number | null | undefined): string {
  if (days == null) return "points never fade";
  return `points halve every ${formatScore(days)} ${days === 1 ? "day" : "days"}`;
}

export const FIT_GRADES = ["A", "B", "C", "D"] as const;
export const ENGAGEMENT_GRADES = ["1", "2", "3", "4"] as const;

/** "B2" -> "good fit, engaged". */
export function gradeMeaning(grade: string): string {
  const fit: Record<string, string> = {
    A: "best fit",
    B: "good fit",
    C: "some fit",
    D: "poor fit",
  };
  const engagement: Record<string, string> = {
    "1": "highly engaged",
    "2": "engaged",
    "3": "a little engaged",
    "4": "not engaged yet",
  };
  return `${fit[grade[0]] ?? grade[0]}, ${engagement[grade[1]] ?? grade[1]}`;
}

export function teamLabel(team: string): string {
  return label(TEAM_LABELS, team);
}

export function touchTypeLabel(type: string): string {
  return label(TOUCH_TYPE_LABELS, type);
}

/** One MQL alternative in words: "fit ≥ 15 and engagement ≥ 30". */
export function describeMqlAlternative(alt: {
  fit?: number | null;
  engagement?: number | null;
  combined?: number | null;
}): string {
  const parts: string[] = [];
  if (alt.fit != null) parts.push(`fit ≥ ${alt.fit}`);
  if (alt.engagement != null) parts.push(`engagement ≥ ${alt.engagement}`);
  if (alt.combined != null) parts.push(`combined ≥ ${alt.combined}`);
  return parts.join(" and ") || "(no threshold)";
}

/** The server's reason "fit 30 >= 20 and engagement 32.5 >= 20" in friendlier symbols. */
export function readableReason(reason: string): string {
  const handoff = /^hand-off touch \((.*)\)$/.exec(reason);
  if (handoff)
    return `Direct hand-off: a ${handoff[1]
      .split(", ")
      .map((t) => touchTypeLabel(t).toLowerCase())
      .join(" or ")} touch`;
  return reason.replace(/>=/g, "≥");
}
