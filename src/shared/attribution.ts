// Attribution: which campaigns and channels earn the credit for a milestone (a contact created, an MQL, an
// SQL, an opportunity created, a deal won), under every model side by side. docs/reports.md ("Attribution")
// defines each model and its edge rules.
export const ATTRIBUTION_MODELS = [
  "first_touch",
  "last_touch",
  "linear",
  "u_shaped",
  "w_shaped",
  "full_path",
  "time_decay",
  "markov",
  "shapley",
] as const;
export type AttributionModel = (typeof ATTRIBUTION_MODELS)[number];

export const ATTRIBUTION_MODEL_LABELS: Record<AttributionModel, string> = {
  first_touch: "First touch",
  last_touch: "Last touch",
  linear: "Linear",
  u_shaped: "U-shaped",
  w_shaped: "W-shaped",
  full_path: "Full path",
  time_decay: "Time decay",
  markov: "Data-driven (Markov)",
  shapley: "Data-driven (Shapley)",
};

export const ATTRIBUTION_MILESTONES = [
  "contact_created",
  "mql",
  "sql",
  "opportunity_created",
  "closed_won",
] as const;
export type AttributionMilestone = (typeof ATTRIBUTION_MILESTONES)[number];

export const ATTRIBUTION_MILESTONE_LABELS: Record<AttributionMilestone, string> = {
  contact_created: "Contact created",
  mql: "MQL",
  sql: "SQL",
  opportunity_created: "Opportunity created",
  closed_won: "Closed won",
};
