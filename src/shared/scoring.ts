// Scoring models: the lead definition both teams agree on. A model version holds fit rules (on contact and
// account attributes), engagement rules (on touches, with caps and decay), the grade matrix and the MQL
// condition. Versions move draft -> approved -> active -> retired; approval needs a sales lead and a
// marketing lead.
import { z } from "zod";
import { AGREEMENT_STATUSES, type AgreementStatus, agreementVersionFields } from "./agreements.js";
import { idSchema, listSchema, timestamp } from "./common.js";
import { LIFECYCLE_STAGES, TOUCH_TYPES } from "./domain.js";

export const SCORING_MODEL_STATUSES = AGREEMENT_STATUSES;
export type ScoringModelStatus = AgreementStatus;

/** Attributes a fit rule can test; custom properties are `contact.properties.<key>` / `account.properties.<key>`. */
export const FIT_FIELDS = [
  "contact.title",
  "contact.seniority",
  "contact.department",
  "contact.persona",
  "contact.country",
  "contact.region",
  "contact.email_domain",
  "contact.free_mail",
  "contact.source",
  "contact.source_campaign",
  "contact.lead_status",
  "contact.created_at",
  "account.industry",
  "account.employees",
  "account.annual_revenue",
  "account.country",
  "account.region",
  "account.segment",
] as const;
export type FitField = (typeof FIT_FIELDS)[number];

export const FIT_FIELD_LABELS: Record<FitField, string> = {
  "contact.title": "Job title",
  "contact.seniority": "Seniority",
  "contact.department": "Department",
  "contact.persona": "Persona",
  "contact.country": "Contact country",
  "contact.region": "Contact region",
  "contact.email_domain": "Email domain",
  "contact.free_mail": "Uses a free-mail address",
  "contact.source": "Lead source",
  "contact.source_campaign": "Source campaign",
  "contact.lead_status": "Lead status",
  "contact.created_at": "Contact created",
  "account.industry": "Industry",
  "account.employees": "Employees",
  "account.annual_revenue": "Annual revenue",
  "account.country": "Account country",
  "account.region": "Account region",
  "account.segment": "Segment",
};

export const NUMERIC_FIT_FIELDS: readonly string[] = ["account.employees", "account.annual_revenue"];
/** Fields holding a date: tested with "is between dates". */
export const DATE_FIT_FIELDS: readonly string[] = ["contact.created_at"];

export const CONDITION_OPERATORS = [
  "in",
  "not_in",
  "contains",
  "matches",
  "between",
  "date_between",
  "is_set",
  "is_not_set",
] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

export const OPERATOR_LABELS: Record<ConditionOperator, string> = {
  in: "is one of",
  not_in: "is none of",
  contains: "contains",
  matches: "matches pattern",
  between: "is between",
  date_between: "is between dates",
  is_set: "is set",
  is_not_set: "is not set",
};

const customProperty = /^(contact|account)\.properties\.[A-Za-z0-9_][A-Za-z0-9_ .-]{0,63}$/;

const fieldSchema = z
  .string()
  .refine((v) => (FIT_FIELDS as readonly string[]).includes(v) || customProperty.test(v), {
    message: `must be one of ${FIT_FIELDS.join(", ")} or contact.properties.<key> / account.properties.<key>`,
  });

function validPattern(pattern: string) {
  try {
    new RegExp(pattern, "i");
    return true;
  } catch {
    return false;
  }
}

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "must be a date like 2026-01-31" })
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), { message: "is not a real date" });

/** One test on a value; what `values`, `pattern`, `min`/`max` mean depends on the operator. */
const conditionShape = {
  operator: z.enum(CONDITION_OPERATORS),
  values: z.array(z.string().trim().min(1).max(200)).max(100).optional(),
  pattern: z
    .string()
    .min(1)
    .max(200)
    .refine(validPattern, { message: "is not a valid regular expression" })
    .optional(),
  min: z.number().finite().nullish(),
  max: z.number().finite().nullish(),
  /** For "date_between": the first and last day that match (YYYY-MM-DD, either may be open). */
  from: isoDay.nullish(),
  to: isoDay.nullish(),
};

function checkOperands(
  c: {
    operator: ConditionOperator;
    values?: string[];
    pattern?: string;
    min?: number | null;
    max?: number | null;
    from?: string | null;
    to?: string | null;
  },
  ctx: z.RefinementCtx,
) {
  if ((c.operator === "in" || c.operator === "not_in" || c.operator === "contains") && !c.values?.length)
    ctx.addIssue({
      code: "custom",
      path: ["values"],
      message: `needs at least one value for "${c.operator}"`,
    });
  if (c.operator === "matches" && !c.pattern)
    ctx.addIssue({ code: "custom", path: ["pattern"], message: 'is required for "matches"' });
  if (c.operator === "between") {
    if (c.min == null && c.max == null)
      ctx.addIssue({ code: "custom", path: ["min"], message: 'needs min or max for "between"' });
    if (c.min != null && c.max != null && c.min > c.max)
      ctx.addIssue({ code: "custom", path: ["max"], message: "must not be below min" });
  }
  if (c.operator === "date_between") {
    if (c.from == null && c.to == null)
      ctx.addIssue({ code: "custom", path: ["from"], message: 'needs a from or to date for "date_between"' });
    if (c.from != null && c.to != null && c.from > c.to)
      ctx.addIssue({ code: "custom", path: ["to"], message: "must not be before from" });
  }
}

export const fitConditionSchema = z
  .object({ field: fieldSchema, ...conditionShape })
  .superRefine((c, ctx) => {
    const builtIn = (FIT_FIELDS as readonly string[]).includes(c.field);
    if (c.operator === "date_between" && builtIn && !DATE_FIT_FIELDS.includes(c.field))
      ctx.addIssue({
        code: "custom",
        path: ["operator"],
        message: `"is between dates" needs a date field (${DATE_FIT_FIELDS.join(", ")} or a date property)`,
      });
    checkOperands(c, ctx);
  });
export type FitCondition = z.infer<typeof fitConditionSchema>;

const ruleId = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, { message: "must be 1-40 lower-case letters, digits, - or _" });

const points = z.number().int().min(-1000).max(1000);

export const fitRuleSchema = z.object({
  id: ruleId,
  label: z.string().trim().min(1).max(120),
  points,
  /** All must hold. */
  conditions: z.array(fitConditionSchema).min(1).max(5),
});
export type FitRule = z.infer<typeof fitRuleSchema>;

/** "event" is a custom event's name as sent to the tracking API (touches of type custom). */
export const TOUCH_CONDITION_FIELDS = ["type", "event", "channel", "campaign", "team", "property"] as const;
export type TouchConditionField = (typeof TOUCH_CONDITION_FIELDS)[number];

export const touchConditionSchema = z
  .object({
    field: z.enum(TOUCH_CONDITION_FIELDS),
    /** For field "property": the key inside the touch's properties (e.g. "path"). */
    property: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/, { message: "must be a property key like path" })
      .optional(),
    ...conditionShape,
  })
  .superRefine((c, ctx) => {
    if (c.field === "property" && !c.property)
      ctx.addIssue({ code: "custom", path: ["property"], message: 'is required for field "property"' });
    if (c.operator === "between" || c.operator === "date_between")
      ctx.addIssue({
        code: "custom",
        path: ["operator"],
        message: `${c.operator} is for numeric and date attributes only`,
      });
    checkOperands(c, ctx);
  });
export type TouchCondition = z.infer<typeof touchConditionSchema>;

export const engagementRuleSchema = z
  .object({
    id: ruleId,
    label: z.string().trim().min(1).max(120),
    /** Points per matching touch, before decay. */
    points,
    /** All must hold. */
    conditions: z.array(touchConditionSchema).min(1).max(5),
    /** The rule counts at most this many touches' worth of points (max times x points). */
    maxTimes: z.number().int().min(1).max(10_000).nullish(),
    /** ... or at most this many points in all. */
    maxPoints: z.number().int().min(1).max(100_000).nullish(),
    /** Only touches from the last N days count. */
    withinDays: z.number().int().min(1).max(3650).nullish(),
    /**
     * A count rule: the rule adds its points once (no decay, no cap) when at least this many matching
     * touches happened (within `withinDays` when set), e.g. 5+ page views in 30 days.
     */
    minCount: z.number().int().min(1).max(100_000).nullish(),
    /** Decay group; its half-life applies. */
    group: ruleId.default("default"),
  })
  .superRefine((r, ctx) => {
    if (r.maxTimes != null && r.maxPoints != null)
      ctx.addIssue({ code: "custom", path: ["maxPoints"], message: "set max times or max points, not both" });
    if (r.minCount != null && (r.maxTimes != null || r.maxPoints != null))
      ctx.addIssue({
        code: "custom",
        path: ["minCount"],
        message: "a count rule adds its points once: it takes no max times or max points",
      });
  });
export type EngagementRule = z.infer<typeof engagementRuleSchema>;

export const decayGroupSchema = z.object({
  id: ruleId,
  /** Half-life in days; null means no decay. */
  halfLifeDays: z.number().min(1).max(3650).nullable(),
});

export const mqlConditionSchema = z.object({
  /** The contact is an MQL when any alternative holds; an alternative's thresholds must all hold. */
  anyOf: z
    .array(
      z
        .object({
          fit: z.number().nullish(),
          engagement: z.number().nullish(),
          combined: z.number().nullish(),
        })
        .refine((a) => a.fit != null || a.engagement != null || a.combined != null, {
          message: "needs at least one threshold (fit, engagement or combined)",
        }),
    )
    .max(5),
  /** A touch of one of these types makes the contact an MQL at once (direct hand-off). */
  handoffTouchTypes: z.array(z.enum(TOUCH_TYPES)).max(20).default([]),
});
export type MqlCondition = z.infer<typeof mqlConditionSchema>;

/** Grade letters need fit >= the threshold (A, B, C; below C is D); engagement 1-3 likewise (below is 4). */
export const gradeThresholdsSchema = z
  .object({
    fit: z.tuple([z.number(), z.number(), z.number()]),
    engagement: z.tuple([z.number(), z.number(), z.number()]),
  })
  .refine((g) => g.fit[0] >= g.fit[1] && g.fit[1] >= g.fit[2], {
    path: ["fit"],
    message: "must go down from A to C",
  })
  .refine((g) => g.engagement[0] >= g.engagement[1] && g.engagement[1] >= g.engagement[2], {
    path: ["engagement"],
    message: "must go down from 1 to 3",
  });

export const scoringDefinitionSchema = z
  .object({
    fitRules: z.array(fitRuleSchema).max(100),
    engagementRules: z.array(engagementRuleSchema).max(100),
    decayGroups: z.array(decayGroupSchema).min(1).max(10),
    grades: gradeThresholdsSchema,
    mql: mqlConditionSchema,
  })
  .superRefine((d, ctx) => {
    const ids = new Set<string>();
    [...d.fitRules, ...d.engagementRules].forEach((r, i) => {
      if (ids.has(r.id)) {
        const fit = i < d.fitRules.length;
        ctx.addIssue({
          code: "custom",
          path: [fit ? "fitRules" : "engagementRules", fit ? i : i - d.fitRules.length, "id"],
          message: `"${r.id}" is used by another rule`,
        });
      }
      ids.add(r.id);
    });
    const groups = new Set(d.decayGroups.map((g) => g.id));
    d.engagementRules.forEach((r, i) => {
      if (!groups.has(r.group))
        ctx.addIssue({
          code: "custom",
          path: ["engagementRules", i, "group"],
          message: `no decay group "${r.group}"`,
        });
    });
  });
export type ScoringDefinition = z.infer<typeof scoringDefinitionSchema>;

export const scoringVersionSummarySchema = z.object({
  ...agreementVersionFields,
  updatedAt: timestamp,
});
export type ScoringVersionSummary = z.infer<typeof scoringVersionSummarySchema>;

export const scoringVersionSchema = scoringVersionSummarySchema.extend({
  modelId: z.string(),
  definition: scoringDefinitionSchema,
});
export type ScoringVersion = z.infer<typeof scoringVersionSchema>;

export const scoringModelSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  podId: z.string().nullable(),
  createdAt: timestamp,
  activeVersion: z.number().int().nullable(),
  latestVersion: z.number().int(),
  latestStatus: z.enum(SCORING_MODEL_STATUSES),
  versions: z.array(scoringVersionSummarySchema),
});
export type ScoringModel = z.infer<typeof scoringModelSchema>;

export const createScoringModelSchema = z.object({
  name: z.string().trim().min(1, { message: "is required" }).max(120),
  description: z.string().trim().max(2000).default(""),
  podId: idSchema.nullish(),
  /** Defaults to the starter definition. */
  definition: scoringDefinitionSchema.optional(),
});
export type CreateScoringModel = z.infer<typeof createScoringModelSchema>;

export const updateScoringVersionSchema = z.object({
  definition: scoringDefinitionSchema,
  note: z.string().trim().max(500).optional(),
});

export const versionParams = z.object({ id: idSchema, version: z.coerce.number().int().min(1) });

export const ruleDiffSchema = z.object({
  kind: z.enum(["fit", "engagement", "decay", "grades", "mql"]),
  id: z.string(),
  change: z.enum(["added", "removed", "changed"]),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
});
export type RuleDiff = z.infer<typeof ruleDiffSchema>;

export const ruleCountsSchema = z.object({
  contacts: z.number().int(),
  rules: z.array(
    z.object({ id: z.string(), kind: z.enum(["fit", "engagement"]), contacts: z.number().int() }),
  ),
});

export const scoreSchema = z.object({
  modelId: z.string(),
  modelName: z.string(),
  version: z.number().int(),
  fit: z.number(),
  engagement: z.number(),
  combined: z.number(),
  grade: z.string(),
  mql: z.boolean(),
  scoredAt: timestamp,
});
export type Score = z.infer<typeof scoreSchema>;

export const explanationSchema = scoreSchema.extend({
  fitRules: z.array(
    z.object({ id: z.string(), label: z.string(), points: z.number(), matched: z.boolean() }),
  ),
  engagementRules: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      pointsPerTouch: z.number(),
      halfLifeDays: z.number().nullable(),
      /** A count rule's threshold (its points come once at this many touches); null for a points-per-touch rule. */
      minCount: z.number().int().nullable(),
      /** How many of the contact's touches match the rule. */
      matchingTouches: z.number().int(),
      /** Decayed sum of the rule's touches before its cap. */
      uncapped: z.number(),
      /** What the rule adds to the engagement score now (after decay and cap). */
      value: z.number(),
      capped: z.boolean(),
      touches: z.array(
        z.object({ id: z.string(), type: z.string(), occurredAt: timestamp, decayedPoints: z.number() }),
      ),
    }),
  ),
  mqlReasons: z.array(z.string()),
  /** For a contact that is not an MQL: what each way to MQL still lacks. */
  mqlMissing: z.array(z.string()),
});
export type Explanation = z.infer<typeof explanationSchema>;

export const backtestRequestSchema = z.object({
  months: z.number().int().min(1).max(24).default(6),
});

export const backtestMonthSchema = z.object({
  month: z.string(),
  mqls: z.number().int(),
  sal: z.number().int(),
  sql: z.number().int(),
  opportunity: z.number().int(),
  won: z.number().int(),
});

export const backtestSideSchema = z.object({
  version: z.number().int().nullable(),
  months: z.array(backtestMonthSchema),
  totals: backtestMonthSchema.omit({ month: true }),
  /** Of the contacts it flags as MQL, the share that were won; null when it flags none. */
  precision: z.number().nullable(),
  /** Of the won contacts, the share it flags as MQL; null when no contact was won. */
  recall: z.number().nullable(),
  wonContacts: z.number().int(),
});

export const backtestSchema = z.object({
  months: z.number().int(),
  candidate: backtestSideSchema,
  active: backtestSideSchema.nullable(),
});
export type Backtest = z.infer<typeof backtestSchema>;

export const distributionSchema = z.object({
  version: z.number().int().nullable(),
  contacts: z.number().int(),
  mqls: z.number().int(),
  buckets: z.array(z.object({ from: z.number(), to: z.number(), contacts: z.number().int() })),
  grades: z.array(z.object({ grade: z.string(), contacts: z.number().int() })),
});

export const scoreHistorySchema = z.object({
  points: z.array(z.object({ at: timestamp, fit: z.number(), engagement: z.number(), combined: z.number() })),
});

/** What counts as a good outcome for calibration. */
export const calibrationOutcomeSchema = z.discriminatedUnion("kind", [
  /** On a closed-won deal or at stage customer; against contacts on lost deals, disqualified or rejected for fit. */
  z.object({ kind: z.literal("won_opportunity") }),
  /** Reached this stage (by the stage history); against every other contact. */
  z.object({ kind: z.literal("stage"), stage: z.enum(LIFECYCLE_STAGES) }),
  /** A contact property holds one of these values; against contacts where it holds another. */
  z.object({
    kind: z.literal("property"),
    property: z.string().trim().min(1, { message: "is required" }).max(64),
    positiveValues: z
      .array(z.string().trim().min(1).max(200))
      .min(1, { message: "needs at least one value" })
      .max(20),
  }),
]);
export type CalibrationOutcome = z.infer<typeof calibrationOutcomeSchema>;

/** Which labelled contacts are held out to judge the result: a seeded share, or those created from a date. */
export const calibrationHoldoutSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("random"),
    share: z.number().min(0.1).max(0.5).default(0.3),
    seed: z.string().trim().min(1).max(40).default("lockstep"),
  }),
  z.object({ kind: z.literal("date"), createdFrom: isoDay }),
]);
export type CalibrationHoldout = z.infer<typeof calibrationHoldoutSchema>;

export const calibrationRequestSchema = z.object({
  outcome: calibrationOutcomeSchema.default({ kind: "won_opportunity" }),
  holdout: calibrationHoldoutSchema.default({ kind: "random", share: 0.3, seed: "lockstep" }),
  /** A category level, number band or touch count becomes a candidate rule only with this many contacts. */
  minSupport: z.number().int().min(5).max(10_000).default(20),
});
export type CalibrationRequest = z.infer<typeof calibrationRequestSchema>;

const modelComparison = z.object({
  name: z.string(),
  version: z.number().int().nullable(),
  /** Holdout ROC AUC of the model's Lockstep scores; null below the minimum sample (or no such model). */
  auc: z.number().nullable(),
  /** Positive rate of the top decile over the holdout's rate. */
  topDecileLift: z.number().nullable(),
});

/** A calibration job's result. */
export const calibrationReportSchema = z.object({
  modelId: z.string(),
  /** The draft version holding the calibrated rules. */
  version: z.number().int(),
  outcome: z.string(),
  holdout: z.string(),
  labelled: z.number().int(),
  positives: z.number().int(),
  trainCount: z.number().int(),
  trainPositives: z.number().int(),
  holdoutCount: z.number().int(),
  holdoutPositives: z.number().int(),
  /** No AUC verdict with fewer positives or negatives than this in the holdout. */
  minimumSample: z.number().int(),
  candidates: z.number().int(),
  fitRules: z.number().int(),
  engagementRules: z.number().int(),
  /** Points that double the odds of the outcome. */
  pointsToDoubleOdds: z.number(),
  /** The same holdout, scored by Lockstep: the calibrated draft, the live version and the starter model. */
  comparison: z.array(modelComparison),
  liftByDecile: z.array(
    z.object({
      decile: z.number().int(),
      contacts: z.number().int(),
      positives: z.number(),
      lift: z.number(),
    }),
  ),
  /** Per decile of the calibrated score: the predicted and the observed outcome rate. */
  calibrationCurve: z.array(
    z.object({
      decile: z.number().int(),
      contacts: z.number().int(),
      predicted: z.number(),
      observed: z.number(),
    }),
  ),
  /** Lockstep's scores of the holdout under the draft against the fitted points: they must agree. */
  reproduction: z.object({ contacts: z.number().int(), maxDifference: z.number() }),
  topRules: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      kind: z.enum(["fit", "engagement"]),
      points: z.number(),
      support: z.number().int(),
    }),
  ),
});
export type CalibrationReport = z.infer<typeof calibrationReportSchema>;

/** A sensible first definition: what a new model starts from. */
export const STARTER_DEFINITION: ScoringDefinition = {
  fitRules: [
    {
      id: "senior-buyer",
      label: "Director or above",
      points: 20,
      conditions: [{ field: "contact.seniority", operator: "in", values: ["c_level", "vp", "director"] }],
    },
    {
      id: "mid-market",
      label: "200-5,000 employees",
      points: 15,
      conditions: [{ field: "account.employees", operator: "between", min: 200, max: 5000 }],
    },
    {
      id: "free-mail",
      label: "Free-mail address",
      points: -15,
      conditions: [{ field: "contact.free_mail", operator: "is_set" }],
    },
  ],
  engagementRules: [
    {
      id: "pricing-page",
      label: "Viewed the pricing page",
      points: 10,
      conditions: [
        { field: "type", operator: "in", values: ["page_view"] },
        { field: "property", property: "path", operator: "contains", values: ["/pricing"] },
      ],
      maxTimes: 3,
      group: "default",
    },
    {
      id: "form-submit",
      label: "Submitted a form",
      points: 15,
      conditions: [{ field: "type", operator: "in", values: ["form_submit", "content_download"] }],
      maxTimes: 4,
      group: "default",
    },
    {
      id: "webinar",
      label: "Attended a webinar or event",
      points: 10,
      conditions: [{ field: "type", operator: "in", values: ["webinar", "event"] }],
      maxTimes: 3,
      group: "default",
    },
    {
      id: "email-click",
      label: "Clicked an email",
      points: 3,
      conditions: [{ field: "type", operator: "in", values: ["email_click"] }],
      maxPoints: 15,
      group: "default",
    },
    {
      id: "page-views",
      label: "Any page view",
      points: 1,
      conditions: [{ field: "type", operator: "in", values: ["page_view"] }],
      maxPoints: 10,
      group: "default",
    },
  ],
  decayGroups: [{ id: "default", halfLifeDays: 30 }],
  grades: { fit: [30, 15, 0], engagement: [40, 20, 5] },
  mql: { anyOf: [{ fit: 15, engagement: 30 }, { combined: 70 }], handoffTouchTypes: ["demo_request"] },
};

export const scoringModelListSchema = listSchema(scoringModelSchema);
export const createDraftVersionSchema = z.object({
  from: z.number().int().min(1).optional(),
  note: z.string().trim().max(500).optional(),
});
/** What activating a version did: the version, and how many contacts it scored and made MQLs. */
export const activationSchema = z.object({
  version: scoringVersionSchema,
  scored: z.number().int(),
  crossed: z.number().int(),
});
export const diffQuerySchema = z.object({ against: z.coerce.number().int().min(1).optional() });
export const scoringDiffSchema = z.object({
  from: z.number().int(),
  to: z.number().int(),
  changes: z.array(ruleDiffSchema),
});
export const ruleCountsBodySchema = z.object({ definition: scoringDefinitionSchema });
export const explanationListSchema = listSchema(explanationSchema);
export const scoreHistoryQuerySchema = z.object({
  modelId: idSchema.optional().describe("A live model; default: the first live model by name"),
  days: z.coerce.number().int().min(7).max(730).default(180),
});
export const accountScoreSchema = z.object({
  modelId: z.string(),
  modelName: z.string(),
  fit: z.number(),
  engagement: z.number(),
  combined: z.number(),
  engagedContacts: z.number().int(),
  scoredAt: timestamp,
});
export const accountScoreListSchema = listSchema(accountScoreSchema);
