// Account-based marketing: segments' live numbers, target-account lists (changed by proposals a sales lead
// and a marketing lead both sign, the agreement shape of agreements.ts), account journeys (stage, score,
// spikes), buying committees, and plays run on accounts as dated tasks for both teams.
import { z } from "zod";
import { agreementVersionFields } from "./agreements.js";
import { idSchema, isoDate, timestamp } from "./common.js";

// --- Target-account lists -------------------------------------------------------------------------------

/** 1:1 (one account, bespoke), 1:few (a cluster, tailored), 1:many (programmatic). */
export const TARGET_TIERS = ["one_to_one", "one_to_few", "one_to_many"] as const;
export type TargetTier = (typeof TARGET_TIERS)[number];
export const TARGET_TIER_LABELS: Record<TargetTier, string> = {
  one_to_one: "1:1",
  one_to_few: "1:few",
  one_to_many: "1:many",
};

export const CHANGE_ACTIONS = ["add", "remove", "change_tier"] as const;
export type ChangeAction = (typeof CHANGE_ACTIONS)[number];

export const targetListChangeItemSchema = z
  .object({
    accountId: idSchema,
    action: z.enum(CHANGE_ACTIONS),
    /** The tier to add at or change to; not for removals. */
    tier: z.enum(TARGET_TIERS).nullish(),
  })
  .refine((i) => i.action === "remove" || i.tier != null, {
    message: "is required to add an account or change its tier",
    path: ["tier"],
  });
export type TargetListChangeItem = { accountId: string; action: ChangeAction; tier?: TargetTier | null };

export const createTargetListSchema = z.object({
  name: z.string().trim().min(1, "is required").max(120),
  description: z.string().trim().max(2000).default(""),
  podId: idSchema.nullish(),
});
export const updateTargetListSchema = createTargetListSchema.partial().extend({
  description: z.string().trim().max(2000).optional(),
});

export const proposeTargetListChangeSchema = z.object({
  items: z
    .array(targetListChangeItemSchema)
    .min(1, "must name at least one account")
    .max(200)
    .refine(
      (items) => new Set(items.map((i) => i.accountId)).size === items.length,
      "names an account twice",
    ),
  reason: z.string().trim().min(1, "is required: say why").max(4000),
});

/** What the proposer (and the signers) saw about an account: the data behind the change. */
export const proposalEvidenceSchema = z.object({
  fit: z.number().nullable(),
  engagement: z.number().nullable(),
  stage: z.string().nullable(),
  pipeline: z.number(),
  revenue: z.number(),
  openOpportunities: z.number(),
});
export type ProposalEvidence = z.infer<typeof proposalEvidenceSchema>;

export const targetListChangeSchema = z.object({
  ...agreementVersionFields,
  listId: idSchema,
  reason: z.string(),
  items: z.array(
    z.object({
      accountId: idSchema,
      accountName: z.string(),
      action: z.enum(CHANGE_ACTIONS),
      tier: z.enum(TARGET_TIERS).nullable(),
      /** The tier it had on the list when proposed (null: not on it). */
      fromTier: z.enum(TARGET_TIERS).nullable(),
      evidence: proposalEvidenceSchema.nullable(),
    }),
  ),
  retiredByName: z.string().nullable(),
});
export type TargetListChange = z.infer<typeof targetListChangeSchema>;

export const targetListSchema = z.object({
  id: idSchema,
  name: z.string(),
  description: z.string(),
  podId: z.string().nullable(),
  accounts: z.number().int(),
  byTier: z.record(z.enum(TARGET_TIERS), z.number().int()),
  pendingChanges: z.number().int(),
  pipeline: z.number(),
  revenue: z.number(),
  archivedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type TargetList = z.infer<typeof targetListSchema>;

export const JOURNEY_STAGES = ["target", "aware", "engaged", "mqa", "opportunity", "customer"] as const;
export type AccountJourneyStage = (typeof JOURNEY_STAGES)[number];
export const JOURNEY_STAGE_LABELS: Record<AccountJourneyStage, string> = {
  target: "Target",
  aware: "Aware",
  engaged: "Engaged",
  mqa: "Marketing-qualified account",
  opportunity: "Opportunity",
  customer: "Customer",
};

export const targetAccountSchema = z.object({
  accountId: idSchema,
  name: z.string(),
  domain: z.string().nullable(),
  tier: z.enum(TARGET_TIERS),
  addedAt: timestamp,
  stage: z.enum(JOURNEY_STAGES).nullable(),
  fit: z.number().nullable(),
  engagement: z.number().nullable(),
  pipeline: z.number(),
  revenue: z.number(),
});
export const targetAccountPageSchema = z.object({
  items: z.array(targetAccountSchema),
  total: z.number().int(),
});
export const targetAccountQuerySchema = z.object({
  tier: z.enum(TARGET_TIERS).optional(),
  q: z.string().trim().max(200).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const targetListHistorySchema = z.object({
  items: z.array(
    z.object({
      at: timestamp,
      accountId: idSchema,
      accountName: z.string(),
      action: z.enum(["added", "removed", "tier_changed"]),
      tier: z.enum(TARGET_TIERS).nullable(),
      fromTier: z.enum(TARGET_TIERS).nullable(),
      version: z.number().int(),
      reason: z.string(),
    }),
  ),
});

export const targetListChangesQuerySchema = z.object({
  status: z.enum(["draft", "active", "retired"]).optional(),
});

// --- Journey settings, account journey ------------------------------------------------------------------

export const abmSettingsSchema = z.object({
  /** The scoring model whose account scores the journey reads; null: the first live model by name. */
  modelId: idSchema.nullable(),
  modelName: z.string().nullable().optional(),
  awareEngagement: z.number().min(0).max(100_000),
  engagedEngagement: z.number().min(0).max(100_000),
  mqaFit: z.number().min(-100_000).max(100_000),
  mqaEngagement: z.number().min(0).max(100_000),
  /** A spike: this week's touches at least this many times the weekly average of the 4 weeks before. */
  spikeMultiplier: z.number().min(1).max(100),
  /** ... and at least this many touches this week. */
  spikeMinTouches: z.number().int().min(1).max(10_000),
  /** A committee member counts as engaged with a touch in this many days. */
  committeeDays: z.number().int().min(1).max(365),
});
export type AbmSettings = z.infer<typeof abmSettingsSchema>;
export const updateAbmSettingsSchema = abmSettingsSchema
  .omit({ modelName: true })
  .partial()
  .refine(
    (s) =>
      s.awareEngagement == null || s.engagedEngagement == null || s.awareEngagement <= s.engagedEngagement,
    { message: "must not be below the aware threshold", path: ["engagedEngagement"] },
  );
export const DEFAULT_ABM_SETTINGS: Omit<AbmSettings, "modelName"> = {
  modelId: null,
  awareEngagement: 1,
  engagedEngagement: 20,
  mqaFit: 20,
  mqaEngagement: 40,
  spikeMultiplier: 2,
  spikeMinTouches: 5,
  committeeDays: 30,
};

export const accountJourneySchema = z.object({
  accountId: idSchema,
  modelId: z.string().nullable(),
  modelName: z.string().nullable(),
  stage: z.enum(JOURNEY_STAGES),
  fit: z.number(),
  engagement: z.number(),
  since: timestamp.nullable(),
  /** When the account's pod was last told of a spike. */
  spikeAt: timestamp.nullable(),
  /** Whether the last 7 days spike against the 4 weeks before now (the rule the notification uses). */
  spiking: z.boolean(),
  /** Touches in the last 7 days and the weekly average of the 28 days before. */
  touchesThisWeek: z.number().int(),
  weeklyBaseline: z.number(),
  targetLists: z.array(z.object({ listId: idSchema, name: z.string(), tier: z.enum(TARGET_TIERS) })),
  segments: z.array(z.object({ id: idSchema, name: z.string() })),
  pipeline: z.number(),
  revenue: z.number(),
  stageHistory: z.array(
    z.object({
      fromStage: z.enum(JOURNEY_STAGES).nullable(),
      toStage: z.enum(JOURNEY_STAGES),
      fit: z.number(),
      engagement: z.number(),
      changedAt: timestamp,
    }),
  ),
  scoreHistory: z.array(z.object({ day: isoDate, fit: z.number(), engagement: z.number() })),
  settings: abmSettingsSchema,
});
export type AccountJourney = z.infer<typeof accountJourneySchema>;

export const accountTimelineQuerySchema = z.object({
  team: z.enum(["marketing", "sales"]).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const accountTimelineSchema = z.object({
  items: z.array(
    z.object({
      id: idSchema,
      type: z.string(),
      team: z.enum(["marketing", "sales", "revenue"]),
      channel: z.string().nullable(),
      occurredAt: timestamp,
      contactId: z.string().nullable(),
      contactName: z.string().nullable(),
      campaignName: z.string().nullable(),
      memberName: z.string().nullable(),
      note: z.string().nullable(),
    }),
  ),
  nextCursor: z.string().nullable(),
});

// --- Buying committee -----------------------------------------------------------------------------------

export const committeeSchema = z.object({
  accountId: idSchema,
  /** The segments whose expected committee applies (the account's own segment, else those it matches). */
  segments: z.array(z.object({ id: idSchema, name: z.string() })),
  days: z.number().int(),
  roles: z.array(
    z.object({
      personaId: idSchema,
      persona: z.string(),
      status: z.enum(["engaged", "known", "missing"]),
      contacts: z.array(
        z.object({
          id: idSchema,
          name: z.string(),
          title: z.string().nullable(),
          lastTouchAt: timestamp.nullable(),
          engaged: z.boolean(),
        }),
      ),
      /** What is missing, in words: "No Economic buyer engaged in 30 days". */
      gap: z.string().nullable(),
    }),
  ),
  /** Contacts at the account whose persona the committee does not expect (or who have none). */
  others: z.number().int(),
});
export type Committee = z.infer<typeof committeeSchema>;

// --- Segments' live numbers ------------------------------------------------------------------------------

export const segmentNumbersSchema = z.object({
  items: z.array(
    z.object({
      segmentId: idSchema,
      accounts: z.number().int(),
      targetAccounts: z.number().int(),
      pipeline: z.number(),
      revenue: z.number(),
      openOpportunities: z.number().int(),
    }),
  ),
});

// --- Plays -----------------------------------------------------------------------------------------------

export const PLAY_CHANNELS = [
  "ad",
  "email",
  "content",
  "video",
  "call",
  "social_message",
  "event",
  "direct_mail",
] as const;
export type PlayChannel = (typeof PLAY_CHANNELS)[number];
export const PLAY_CHANNEL_LABELS: Record<PlayChannel, string> = {
  ad: "Digital ad",
  email: "Email",
  content: "Content",
  video: "Video",
  call: "Call",
  social_message: "Social message",
  event: "Event",
  direct_mail: "Direct mail",
};

export const playStepSchema = z.object({
  /** Stable within the play; generated when absent. */
  id: z
    .string()
    .trim()
    .regex(/^[a-z0-9-]{1,40}$/, "must be lower-case letters, digits and dashes")
    .optional(),
  title: z.string().trim().min(1, "is required").max(200),
  channel: z.enum(PLAY_CHANNELS),
  ownerTeam: z.enum(["marketing", "sales"]),
  /** A named member does it (of the owner team); null: the team (sales: the account's owner when in sales). */
  ownerMemberId: idSchema.nullish(),
  /** Days after the run's start. */
  day: z.number().int().min(0).max(365),
  asset: z.string().trim().max(500).default(""),
});
export type PlayStep = {
  id: string;
  title: string;
  channel: PlayChannel;
  ownerTeam: "marketing" | "sales";
  ownerMemberId?: string | null;
  day: number;
  asset: string;
};

const stepsSchema = z
  .array(playStepSchema)
  .min(1, "must have at least one step")
  .max(50)
  .refine((steps) => {
    const ids = steps.map((s) => s.id).filter(Boolean);
    return new Set(ids).size === ids.length;
  }, "gives two steps the same id");

export const createPlaySchema = z.object({
  name: z.string().trim().min(1, "is required").max(120),
  description: z.string().trim().max(2000).default(""),
  steps: stepsSchema,
});
export const updatePlaySchema = z.object({
  name: z.string().trim().min(1, "is required").max(120).optional(),
  description: z.string().trim().max(2000).optional(),
  steps: stepsSchema.optional(),
  archived: z.boolean().optional(),
});

export const playSchema = z.object({
  id: idSchema,
  name: z.string(),
  description: z.string(),
  steps: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      channel: z.enum(PLAY_CHANNELS),
      ownerTeam: z.enum(["marketing", "sales"]),
      ownerMemberId: z.string().nullable(),
      day: z.number().int(),
      asset: z.string(),
    }),
  ),
  runs: z.number().int(),
  accountsInPlay: z.number().int(),
  openTasks: z.number().int(),
  archivedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Play = z.infer<typeof playSchema>;
export const playListQuerySchema = z.object({
  archived: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true"),
});

export const startPlaySchema = z.object({
  accountIds: z
    .array(idSchema)
    .min(1, "must name at least one account")
    .max(500)
    .refine((ids) => new Set(ids).size === ids.length, "names an account twice"),
  startDate: isoDate.optional().describe("Day 0 of the play; default today (UTC)"),
});

export const TASK_STATUSES = ["open", "done", "skipped", "overdue"] as const;

export const playTaskSchema = z.object({
  id: idSchema,
  runId: idSchema,
  playId: idSchema,
  playName: z.string(),
  accountId: idSchema,
  accountName: z.string(),
  stepId: z.string(),
  title: z.string(),
  channel: z.enum(PLAY_CHANNELS),
  asset: z.string(),
  ownerTeam: z.enum(["marketing", "sales", "revenue"]),
  ownerMemberId: z.string().nullable(),
  ownerName: z.string().nullable(),
  dueDate: isoDate,
  /** open, done, skipped; overdue is an open task past its due date. */
  status: z.enum(TASK_STATUSES),
  doneAt: timestamp.nullable(),
  doneByName: z.string().nullable(),
  note: z.string(),
});
export type PlayTask = z.infer<typeof playTaskSchema>;
export const playTaskQuerySchema = z.object({
  runId: idSchema.optional(),
  playId: idSchema.optional(),
  accountId: idSchema.optional(),
  ownerMemberId: idSchema.optional(),
  ownerTeam: z.enum(["marketing", "sales"]).optional(),
  status: z.enum(TASK_STATUSES).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const playTaskPageSchema = z.object({ items: z.array(playTaskSchema), total: z.number().int() });
export const completeTaskSchema = z.object({ note: z.string().trim().max(2000).default("") });
export const skipTaskSchema = z.object({
  reason: z.string().trim().min(1, "is required: say why").max(2000),
});

export const playResultsSchema = z.object({
  accounts: z.number().int(),
  comparisonAccounts: z.number().int(),
  /** Days compared: from the start to the end of the play (or today), and as many days before the start. */
  days: z.number().int(),
  /** Touches per account in the window before the start and since it, for the play's and comparable accounts. */
  inPlay: z.object({ before: z.number(), after: z.number() }),
  comparison: z.object({ before: z.number(), after: z.number() }),
  /** Difference in differences: the play accounts' change minus the comparable accounts' change. */
  lift: z.number().nullable(),
  meetings: z.number().int(),
  opportunities: z.number().int(),
  pipeline: z.number(),
  tasks: z.object({
    open: z.number().int(),
    done: z.number().int(),
    skipped: z.number().int(),
    overdue: z.number().int(),
  }),
});
export type PlayResults = z.infer<typeof playResultsSchema>;

export const playRunSchema = z.object({
  id: idSchema,
  playId: idSchema,
  playName: z.string(),
  startDate: isoDate,
  endDate: isoDate,
  startedAt: timestamp,
  startedByName: z.string().nullable(),
  accounts: z.array(z.object({ id: idSchema, name: z.string() })),
  results: playResultsSchema,
});
export type PlayRun = z.infer<typeof playRunSchema>;
export const playRunQuerySchema = z.object({
  playId: idSchema.optional(),
  accountId: idSchema.optional(),
});
