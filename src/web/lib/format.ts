// How numbers, dates and the product's words are shown: one place, so both teams read the same thing.
import dayjs from "dayjs";
import relativeTime from "dayjs/plugin/relativeTime";
import { LIFECYCLE_STAGE_LABELS, type LifecycleStage } from "../../shared/domain";

dayjs.extend(relativeTime);

const moneyFormats = new Map<string, Intl.NumberFormat>();

export function formatMoney(amount: number | null | undefined, currency = "USD"): string {
  if (amount === null || amount === undefined) return "—";
  let format = moneyFormats.get(currency);
  if (!format) {
    try {
      format = new Intl.NumberFormat("en-US", { style: "currency", currency, maximumFractionDigits: 0 });
    } catch {
      format = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
    }
    moneyFormats.set(currency, format);
  }
  return format.format(amount);
}

const numberFormat = new Intl.NumberFormat("en-US");
export function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : numberFormat.format(value);
}

export function formatDate(value: string | null | undefined): string {
  return value ? dayjs(value).format("D MMM YYYY") : "—";
}

export function formatDateTime(value: string | null | undefined): string {
  return value ? dayjs(value).format("D MMM YYYY, HH:mm") : "—";
}

export function fromNow(value: string | null | undefined): string {
  return value ? dayjs(value).fromNow() : "—";
}

/** "paid_social" -> "Paid social", for values that have no label of their own. */
export function humanize(value: string | null | undefined): string {
  if (!value) return "—";
  const text = value.replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function stageLabel(stage: string): string {
  return LIFECYCLE_STAGE_LABELS[stage as LifecycleStage] ?? humanize(stage);
}

export const STAGE_COLORS: Record<string, string> = {
  subscriber: "gray",
  lead: "blue",
  mql: "grape",
  sal: "violet",
  sql: "indigo",
  opportunity: "orange",
  customer: "green",
  recycled: "yellow",
  disqualified: "red",
};

export const TEAM_LABELS: Record<string, string> = {
  marketing: "Marketing",
  sales: "Sales",
  revenue: "Revenue",
};
export const TEAM_COLORS: Record<string, string> = { marketing: "grape", sales: "teal", revenue: "blue" };

export const ROLE_LABELS: Record<string, string> = { member: "Member", lead: "Team lead", admin: "Admin" };

export const CHANNEL_LABELS: Record<string, string> = {
  email: "Email",
  paid_search: "Paid search",
  paid_social: "Paid social",
  organic_search: "Organic search",
  social: "Social",
  webinar: "Webinar",
  event: "Event",
  content: "Content",
  direct: "Direct",
  referral: "Referral",
  outbound: "Outbound (sales)",
  partner: "Partner",
};

export const CAMPAIGN_STATUS_LABELS: Record<string, string> = {
  planned: "Planned",
  active: "Active",
  completed: "Completed",
};
export const CAMPAIGN_STATUS_COLORS: Record<string, string> = {
  planned: "gray",
  active: "green",
  completed: "blue",
};

export const OPPORTUNITY_STAGE_LABELS: Record<string, string> = {
  discovery: "Discovery",
  qualification: "Qualification",
  proposal: "Proposal",
  negotiation: "Negotiation",
  closed_won: "Closed won",
  closed_lost: "Closed lost",
};
export const OUTCOME_LABELS: Record<string, string> = { open: "Open", won: "Won", lost: "Lost" };
export const OUTCOME_COLORS: Record<string, string> = { open: "blue", won: "green", lost: "red" };

export const CONTACT_ROLE_LABELS: Record<string, string> = {
  decision_maker: "Decision maker",
  economic_buyer: "Economic buyer",
  champion: "Champion",
  influencer: "Influencer",
  user: "User",
  other: "Other",
};

export const SENIORITY_LABELS: Record<string, string> = {
  c_level: "C-level",
  vp: "VP",
  director: "Director",
  manager: "Manager",
  individual_contributor: "Individual contributor",
};

export const TOUCH_TYPE_LABELS: Record<string, string> = {
  page_view: "Page view",
  email_open: "Email opened",
  email_click: "Email link clicked",
  form_submit: "Form submitted",
  ad_click: "Ad clicked",
  webinar: "Webinar",
  event: "Event",
  content_download: "Content downloaded",
  demo_request: "Demo requested",
  custom: "Other activity",
  call: "Call",
  meeting: "Meeting",
  sales_email: "Sales email",
  social_message: "Social message",
  content_shared: "Content shared",
};

export const CAUSE_LABELS: Record<string, string> = {
  rule: "Automatic rule",
  member: "Changed by a teammate",
  import: "Import",
  api: "API",
  seed: "Demo data",
};

/** A contact's source is free text, often a channel key such as "paid_search". */
export function sourceLabel(source: string | null | undefined): string {
  if (!source) return "—";
  return CHANNEL_LABELS[source] ?? source;
}

export function label(map: Record<string, string>, value: string | null | undefined): string {
  if (!value) return "—";
  return map[value] ?? humanize(value);
}

/** Select options from a list of values and a label map. */
export function options(values: readonly string[], map: Record<string, string>) {
  return values.map((value) => ({ value, label: map[value] ?? humanize(value) }));
}
