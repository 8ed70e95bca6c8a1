// The cockpit: the home page both teams land on. One answer with a tile per question a revenue team asks
// every morning; each number is computed by the same function as the page its tile links to.
import { z } from "zod";
import { idSchema, timestamp } from "./common.js";
import { funnelCountsSchema } from "./reports.js";
import { SLA_COMMITMENTS } from "./sla.js";

export const cockpitQuerySchema = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: "month must look like 2026-12" })
    .optional()
    .describe("The month the period tiles cover (default: this month in the workspace's time zone)"),
});

const salesCommitmentTileSchema = z.object({
  commitment: z.enum(SLA_COMMITMENTS),
  label: z.string(),
  met: z.number().int(),
  breached: z.number().int(),
  open: z.number().int(),
  compliance: z.number().nullable(),
  judged: z.boolean(),
});

export const cockpitSchema = z.object({
  mission: z.string(),
  period: z.object({ from: z.string(), to: z.string(), label: z.string() }),
  /** MQLs that entered the stage in the period (the one definition) and sales' answers in the period. */
  mqls: z.object({
    entered: z.number().int(),
    committed: z.number().nullable(),
    accepted: z.number().int(),
    rejected: z.number().int(),
    acceptanceRate: z.number().nullable(),
    judged: z.boolean(),
    minimumSample: z.number().int(),
  }),
  sla: z.object({
    version: z.number().int().nullable(),
    sales: z.array(salesCommitmentTileSchema),
    marketing: z.object({
      mqlsDelivered: z.number().int(),
      mqlsCommitted: z.number().nullable(),
      rejectionRate: z.number().nullable(),
      maxRejectionRate: z.number().nullable(),
      rejectionJudged: z.boolean(),
    }),
    /** Running clocks past their warning time: the next answers sales owes. */
    atRisk: z.object({
      count: z.number().int(),
      items: z.array(
        z.object({
          clockId: idSchema,
          contactId: idSchema,
          contactName: z.string(),
          commitment: z.enum(SLA_COMMITMENTS),
          memberName: z.string().nullable(),
          dueAt: timestamp,
        }),
      ),
    }),
  }),
  /**
   * The month's funnel (Reports → Funnel for the same dates): contacts entering each stage in the month
   * (the MQL tile's count is its `mql`), and how many entered the funnel for the first time.
   */
  funnel: z.object({ entered: funnelCountsSchema, newToFunnel: z.number().int() }),
  /** MQLs still waiting for sales to accept or reject them, highest score first. */
  hotLeads: z.object({
    waiting: z.number().int(),
    modelName: z.string().nullable(),
    items: z.array(
      z.object({
        contactId: idSchema,
        name: z.string(),
        accountName: z.string().nullable(),
        score: z.number().nullable(),
        grade: z.string().nullable(),
        ownerName: z.string().nullable(),
        mqlSince: timestamp,
        dueAt: timestamp.nullable(),
      }),
    ),
  }),
  feedback: z.object({
    rejections: z.array(
      z.object({
        contactId: idSchema,
        contactName: z.string(),
        reason: z.string().nullable(),
        comment: z.string(),
        memberName: z.string().nullable(),
        decidedAt: timestamp,
      }),
    ),
    objections: z.array(
      z.object({ id: idSchema, text: z.string(), memberName: z.string().nullable(), heardAt: timestamp }),
    ),
    contentRequests: z.object({
      open: z.number().int(),
      items: z.array(z.object({ id: idSchema, title: z.string(), status: z.string(), createdAt: timestamp })),
    }),
  }),
  /** What needs the signed-in member: their MQLs (the My queue page) and unread notifications. */
  mine: z.object({ queue: z.number().int(), unread: z.number().int() }),
});
export type Cockpit = z.infer<typeof cockpitSchema>;
