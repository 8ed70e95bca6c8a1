// How each attribution model reads to a manager: its colour in the charts and its rule in one sentence.
import type { AttributionMilestone, AttributionModel } from "../../../shared/attribution";

export const MODEL_COLORS: Record<AttributionModel, string> = {
  first_touch: "blue.6",
  last_touch: "cyan.6",
  linear: "teal.6",
  u_shaped: "green.7",
  w_shaped: "lime.8",
  full_path: "yellow.7",
  time_decay: "orange.6",
  markov: "grape.6",
  shapley: "pink.6",
};

export const MODEL_RULES: Record<AttributionModel, string> = {
  first_touch: "All the credit goes to the first touch in the window.",
  last_touch: "All the credit goes to the last touch before the milestone.",
  linear: "Every touch gets an equal share, repeats included.",
  u_shaped:
    "40% to the first touch, 40% to the touch that created the lead, 20% shared by the touches between them.",
  w_shaped:
    "30% each to the first touch, the lead-creation touch and the opportunity-creation touch; 10% shared by the touches between.",
  full_path:
    "22.5% each to the first, lead-creation, opportunity-creation and closing touches; 10% shared by the rest.",
  time_decay: "Recent touches count more: a touch's weight halves with every half-life before the milestone.",
  markov:
    "How many conversions would be lost without a campaign or channel (its removal effect in a Markov chain of all journeys, lost ones included), shared out over every conversion.",
  shapley:
    "Each campaign or channel's fair share of the conversions of the coalitions it joins (Shapley value); on a journey, each distinct campaign or channel gets an equal part.",
};

export const MILESTONE_NOUNS: Record<
  AttributionMilestone,
  { one: string; many: string; amount: string | null }
> = {
  contact_created: { one: "contact created", many: "contacts created", amount: null },
  mql: { one: "MQL", many: "MQLs", amount: null },
  sql: { one: "SQL", many: "SQLs", amount: null },
  opportunity_created: { one: "opportunity created", many: "opportunities created", amount: "pipeline" },
  closed_won: { one: "won deal", many: "won deals", amount: "revenue" },
};

export const POSITION_LABELS: Record<string, string> = {
  first: "First touch",
  lead_creation: "Created the lead",
  opportunity_creation: "Created the opportunity",
  close: "Closed the deal",
};

export const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;
export const fraction = (value: number) => (Math.round(value * 100) / 100).toLocaleString("en-US");

const roiFormat = new Intl.NumberFormat("en-US", { style: "percent", maximumFractionDigits: 0 });
/** ROI as "1,250%": (revenue − cost) / cost. */
export const roiText = (roi: number | null) => (roi === null ? "–" : roiFormat.format(roi));
