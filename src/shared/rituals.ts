// The team rituals: joint smarketing meetings (a recurring series, its occurrences with attendance, an agenda
// built from the live reports, notes and action items carried until done) and enablement (training,
// shadowing and job rotation across the teams, with feedback and coverage per member and team).
import { z } from "zod";
import { idSchema, isoDate, pageSchema, timestamp } from "./common.js";
import { TEAMS } from "./domain.js";
import { CONTENT_REQUEST_STATUSES } from "./feedback.js";
import { GOAL_METRICS } from "./goals.js";
import { FUNNEL_STAGES } from "./reports.js";
import { SLA_COMMITMENTS } from "./sla.js";

// ---------------------------------------------------------------------------------------------------------
// Meeting series and occurrences.

export const MEETING_CADENCES = ["weekly", "biweekly", "monthly"] as const;
export type MeetingCadence = (typeof MEETING_CADENCES)[number];
export const MEETING_CADENCE_LABELS: Record<MeetingCadence, string> = {
  weekly: "Every week",
  biweekly: "Every other week",
  monthly: "Every month (same weekday and week)",
};
/** ISO weekdays, 1 = Monday. */
export const WEEKDAY_LABELS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

export const createMeetingSeriesSchema = z.object({
  title: z.string().trim().min(1, { message: "is required" }).max(200),
  cadence: z.enum(MEETING_CADENCES, { message: `must be one of ${MEETING_CADENCES.join(", ")}` }),
  weekday: z
    .number({ message: "must be a weekday number, 1 (Monday) to 7 (Sunday)" })
    .int({ message: "must be a weekday number, 1 (Monday) to 7 (Sunday)" })
    .min(1, { message: "must be a weekday number, 1 (Monday) to 7 (Sunday)" })
    .max(7, { message: "must be a weekday number, 1 (Monday) to 7 (Sunday)" }),
  startTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: "must be a time like 09:30 (24 hours)" }),
  durationMinutes: z
    .number({ message: "must be a number of minutes" })
    .int({ message: "must be whole minutes" })
    .min(15, { message: "must be at least 15 minutes" })
    .max(480, { message: "can be at most 8 hours" }),
  /** The first meeting is on the first such weekday on or after this day (default: today). */
  startsOn: isoDate.optional(),
  attendeeIds: z
    .array(idSchema)
    .min(2, { message: "needs at least one member of sales and one of marketing" })
    .max(100, { message: "can hold at most 100 members" }),
});
export type CreateMeetingSeries = z.output<typeof createMeetingSeriesSchema>;

export const meetingMemberSchema = z.object({
  memberId: idSchema,
  name: z.string(),
  email: z.string(),
  team: z.enum(TEAMS),
});
export type MeetingMember = z.infer<typeof meetingMemberSchema>;

export const occurrenceSummarySchema = z.object({
  id: idSchema,
  seriesId: idSchema,
  date: z.string(),
  startsAt: timestamp,
  /** scheduled until marked held. */
  status: z.enum(["scheduled", "held"]),
  heldAt: timestamp.nullable(),
  present: z.number().int(),
  absent: z.number().int(),
  actionItemCount: z.number().int(),
  openActionItemCount: z.number().int(),
});
export type OccurrenceSummary = z.infer<typeof occurrenceSummarySchema>;

export const meetingSeriesSchema = z.object({
  id: idSchema,
  title: z.string(),
  cadence: z.enum(MEETING_CADENCES),
  weekday: z.number().int(),
  startTime: z.string(),
  durationMinutes: z.number().int(),
  timeZone: z.string(),
  firstDate: z.string(),
  /** "Every week on Monday at 09:30 (Europe/Berlin), 45 minutes". */
  schedule: z.string(),
  attendees: z.array(meetingMemberSchema),
  /** The next meeting not yet held (the one the agenda is being built for). */
  next: occurrenceSummarySchema.nullable(),
  lastHeld: occurrenceSummarySchema.nullable(),
  createdAt: timestamp,
});
export type MeetingSeries = z.infer<typeof meetingSeriesSchema>;
export const meetingSeriesListSchema = z.object({ items: z.array(meetingSeriesSchema) });

export const occurrenceListQuerySchema = z.object({
  cursor: z.string().max(500).optional().describe("nextCursor from the previous page"),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const occurrencePageSchema = pageSchema(occurrenceSummarySchema);

export const actionItemSchema = z.object({
  id: idSchema,
  occurrenceId: idSchema,
  /** The day of the meeting that agreed it. */
  occurrenceDate: z.string(),
  text: z.string(),
  ownerMemberId: idSchema,
  ownerName: z.string(),
  dueDate: z.string(),
  done: z.boolean(),
  doneAt: timestamp.nullable(),
});
export type ActionItem = z.infer<typeof actionItemSchema>;

export const occurrenceSchema = occurrenceSummarySchema.extend({
  seriesTitle: z.string(),
  durationMinutes: z.number().int(),
  timeZone: z.string(),
  attendance: z.array(meetingMemberSchema.extend({ present: z.boolean().nullable(), invited: z.boolean() })),
  notes: z.string(),
  notesUpdatedAt: timestamp.nullable(),
  notesUpdatedByName: z.string().nullable(),
  actionItems: z.array(actionItemSchema),
  previousId: idSchema.nullable(),
  nextId: idSchema.nullable(),
});
export type Occurrence = z.infer<typeof occurrenceSchema>;

export const attendanceSchema = z.object({
  presentMemberIds: z
    .array(idSchema)
    .max(200)
    .describe("Who was there; the other attendees of the series are recorded absent"),
});

export const notesSchema = z.object({
  notes: z.string().max(20_000, { message: "can be at most 20,000 characters" }),
});

const actionText = z.string().trim().min(1, { message: "is required" }).max(500);
export const createActionItemSchema = z.object({
  text: actionText,
  ownerMemberId: idSchema,
  dueDate: isoDate,
});
export const updateActionItemSchema = z.object({
  text: actionText.optional(),
  ownerMemberId: idSchema.optional(),
  dueDate: isoDate.optional(),
  done: z.boolean().optional(),
});

// ---------------------------------------------------------------------------------------------------------
// The agenda: each number read from the report that shows it, for the period since the last meeting.

const commitmentSchema = z.object({
  commitment: z.enum(SLA_COMMITMENTS),
  label: z.string(),
  met: z.number().int(),
  breached: z.number().int(),
  open: z.number().int(),
  compliance: z.number().nullable(),
  judged: z.boolean(),
});

export const agendaSchema = z.object({
  occurrenceId: idSchema,
  /** live: computed now from the reports; frozen: as it stood when the meeting was held. */
  state: z.enum(["live", "frozen"]),
  computedAt: timestamp,
  /** The period since the last meeting (workspace days, `to` exclusive) and the one before, as long. */
  period: z.object({
    from: z.string(),
    to: z.string(),
    previousFrom: z.string(),
    previousTo: z.string(),
    timeZone: z.string(),
  }),
  sla: z.object({
    slaVersion: z.number().int().nullable(),
    sales: z.array(commitmentSchema),
    marketing: z.object({
      mqlsDelivered: z.number().int(),
      mqlsCommitted: z.number().nullable(),
      pipelineCreated: z.number(),
      pipelineCommitted: z.number().nullable(),
      accepted: z.number().int(),
      rejected: z.number().int(),
      rejectionRate: z.number().nullable(),
      maxRejectionRate: z.number().nullable(),
    }),
  }),
  funnel: z.array(
    z.object({
      stage: z.enum(FUNNEL_STAGES),
      label: z.string(),
      /** Contacts entering the stage in the period, and in the period before. */
      current: z.number().int(),
      previous: z.number().int(),
      change: z.number().int(),
    }),
  ),
  rejectReasons: z.object({
    accepted: z.number().int(),
    rejected: z.number().int(),
    reasons: z.array(z.object({ reason: z.string(), label: z.string(), count: z.number().int() })),
  }),
  objections: z.array(
    z.object({
      personaName: z.string(),
      text: z.string(),
      /** Heard in the period. */
      count: z.number().int(),
      /** Heard ever, and whether the messaging guide has an approved response. */
      totalCount: z.number().int(),
      answered: z.boolean(),
    }),
  ),
  goals: z.object({
    period: z.string(),
    label: z.string(),
    items: z.array(
      z.object({
        id: idSchema,
        title: z.string(),
        metric: z.enum(GOAL_METRICS),
        unit: z.enum(["money", "count", "share"]),
        target: z.number(),
        actual: z.number(),
        share: z.number(),
        hit: z.boolean(),
      }),
    ),
  }),
  contentRequests: z.array(
    z.object({
      id: idSchema,
      title: z.string(),
      status: z.enum(CONTENT_REQUEST_STATUSES),
      dueDate: z.string().nullable(),
    }),
  ),
  /** Open action items of earlier meetings of the series. */
  carriedOver: z.array(actionItemSchema),
});
export type Agenda = z.infer<typeof agendaSchema>;

// ---------------------------------------------------------------------------------------------------------
// Enablement.

export const ENABLEMENT_KINDS = ["training", "shadowing", "rotation"] as const;
export type EnablementKind = (typeof ENABLEMENT_KINDS)[number];
export const ENABLEMENT_KIND_LABELS: Record<EnablementKind, string> = {
  training: "Training",
  shadowing: "Shadowing",
  rotation: "Job rotation",
};
export const ENABLEMENT_STATUSES = ["scheduled", "done", "cancelled"] as const;
export type EnablementStatus = (typeof ENABLEMENT_STATUSES)[number];

export const createEnablementSchema = z
  .object({
    kind: z.enum(ENABLEMENT_KINDS, { message: `must be one of ${ENABLEMENT_KINDS.join(", ")}` }),
    title: z.string().trim().min(1, { message: "is required" }).max(200),
    description: z.string().trim().max(4000).default(""),
    hostTeam: z.enum(TEAMS, { message: `must be one of ${TEAMS.join(", ")}` }),
    hostMemberId: idSchema.nullish(),
    scheduledOn: isoDate,
    endsOn: isoDate.nullish(),
    participantIds: z
      .array(idSchema)
      .min(1, { message: "needs at least one participant" })
      .max(50, { message: "can hold at most 50 participants" }),
  })
  .refine((s) => !s.endsOn || s.endsOn >= s.scheduledOn, {
    path: ["endsOn"],
    message: "must not be before scheduledOn",
  });

export const enablementFeedbackSchema = z.object({
  memberId: idSchema.optional().describe("The participant (default: you)"),
  rating: z
    .number({ message: "must be a rating from 1 to 5" })
    .int({ message: "must be a rating from 1 to 5" })
    .min(1, { message: "must be a rating from 1 to 5" })
    .max(5, { message: "must be a rating from 1 to 5" }),
  comment: z.string().trim().max(2000).default(""),
});

export const completeEnablementSchema = z.object({
  feedback: z
    .array(enablementFeedbackSchema.extend({ memberId: idSchema }))
    .max(50)
    .default([]),
});

export const enablementParticipantSchema = z.object({
  memberId: idSchema,
  name: z.string(),
  team: z.enum(TEAMS),
  rating: z.number().int().nullable(),
  comment: z.string(),
  feedbackAt: timestamp.nullable(),
});

export const enablementSessionSchema = z.object({
  id: idSchema,
  kind: z.enum(ENABLEMENT_KINDS),
  title: z.string(),
  description: z.string(),
  hostTeam: z.enum(TEAMS),
  hostMemberId: idSchema.nullable(),
  hostName: z.string().nullable(),
  scheduledOn: z.string(),
  endsOn: z.string().nullable(),
  status: z.enum(ENABLEMENT_STATUSES),
  doneAt: timestamp.nullable(),
  participants: z.array(enablementParticipantSchema),
  /** The participants' average rating, once any gave one. */
  averageRating: z.number().nullable(),
  createdBy: idSchema,
  createdAt: timestamp,
});
export type EnablementSession = z.infer<typeof enablementSessionSchema>;

export const enablementListQuerySchema = z.object({
  kind: z.enum(ENABLEMENT_KINDS).optional(),
  status: z.enum(ENABLEMENT_STATUSES).optional(),
  memberId: idSchema.optional().describe("Sessions this member hosts or takes part in"),
  cursor: z.string().max(500).optional().describe("nextCursor from the previous page"),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export const enablementPageSchema = pageSchema(enablementSessionSchema);

export const coverageQuerySchema = z.object({
  months: z.coerce
    .number({ message: "must be a number of months" })
    .int({ message: "must be a whole number of months" })
    .min(1, { message: "must be at least 1" })
    .max(36, { message: "can be at most 36" })
    .default(12),
});

const kindCounts = z.object({
  training: z.number().int(),
  shadowing: z.number().int(),
  rotation: z.number().int(),
});
export const coverageSchema = z.object({
  months: z.number().int(),
  /** The window's first day (workspace time): done sessions scheduled on or after it count. */
  since: z.string(),
  members: z.array(
    z.object({
      memberId: idSchema,
      name: z.string(),
      team: z.enum(TEAMS),
      /** Done sessions taken part in, per kind. */
      done: kindCounts,
      hosted: z.number().int(),
      /** At least one of every kind. */
      complete: z.boolean(),
    }),
  ),
  teams: z.array(
    z.object({
      team: z.enum(TEAMS),
      members: z.number().int(),
      /** Members with at least one done session of the kind. */
      covered: kindCounts,
      complete: z.number().int(),
    }),
  ),
});
export type Coverage = z.infer<typeof coverageSchema>;
