// The product's domain vocabulary (see PRODUCT.md), shared by the database schema, the API and the web app.
export const TEAMS = ["marketing", "sales", "revenue"] as const;
export type Team = (typeof TEAMS)[number];

export const MEMBER_ROLES = ["member", "lead", "admin"] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const LIFECYCLE_STAGES = [
  "subscriber",
  "lead",
  "mql",
  "sal",
  "sql",
  "opportunity",
  "customer",
  "recycled",
  "disqualified",
] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export const LIFECYCLE_STAGE_LABELS: Record<LifecycleStage, string> = {
  subscriber: "Subscriber",
  lead: "Lead",
  mql: "MQL",
  sal: "SAL (accepted)",
  sql: "SQL",
  opportunity: "Opportunity",
  customer: "Customer",
  recycled: "Recycled",
  disqualified: "Disqualified",
};

export const STAGE_CHANGE_CAUSES = ["rule", "member", "import", "api", "seed"] as const;
export type StageChangeCause = (typeof STAGE_CHANGE_CAUSES)[number];

export const CHANNELS = [
  "email",
  "paid_search",
  "paid_social",
  "organic_search",
  "social",
  "webinar",
  "event",
  "content",
  "direct",
  "referral",
  "outbound",
  "partner",
] as const;
export type Channel = (typeof CHANNELS)[number];

export const CAMPAIGN_STATUSES = ["planned", "active", "completed"] as const;

export const MARKETING_TOUCH_TYPES = [
  "page_view",
  "email_open",
  "email_click",
  "form_submit",
  "ad_click",
  "webinar",
  "event",
  "content_download",
  "demo_request",
  "custom",
] as const;
export const SALES_TOUCH_TYPES = [
  "call",
  "meeting",
  "sales_email",
  "social_message",
  "content_shared",
] as const;
export const TOUCH_TYPES = [...MARKETING_TOUCH_TYPES, ...SALES_TOUCH_TYPES] as const;
export type TouchType = (typeof TOUCH_TYPES)[number];

/** Which team a touch belongs to, so both teams' touches share one timeline yet stay tellable apart. */
export function teamOfTouch(type: string): "marketing" | "sales" {
  return (SALES_TOUCH_TYPES as readonly string[]).includes(type) ? "sales" : "marketing";
}

export const OPPORTUNITY_STAGES = [
  "discovery",
  "qualification",
  "proposal",
  "negotiation",
  "closed_won",
  "closed_lost",
] as const;
export type OpportunityStage = (typeof OPPORTUNITY_STAGES)[number];
/** A deal's open stages, in the order a deal goes through them. */
export const OPEN_DEAL_STAGES = ["discovery", "qualification", "proposal", "negotiation"] as const;
export type OpenDealStage = (typeof OPEN_DEAL_STAGES)[number];

/** Why a deal's stage changed: created so, an edit, an import, the demo seed, or the history's backfill. */
export const DEAL_STAGE_CAUSES = ["created", "edit", "import", "seed", "backfill"] as const;
export type DealStageCause = (typeof DEAL_STAGE_CAUSES)[number];

export const OPPORTUNITY_CONTACT_ROLES = [
  "decision_maker",
  "economic_buyer",
  "champion",
  "influencer",
  "user",
  "other",
] as const;

export const SENIORITIES = ["c_level", "vp", "director", "manager", "individual_contributor"] as const;
