// The recognition wall: kudos from any member to a member or a pod, visible to the whole workspace, with the
// cross-team ones counted and highlighted; shared wins post their celebration here too.
import { z } from "zod";
import { idSchema, pageSchema, timestamp } from "./common.js";
import { TEAMS } from "./domain.js";

export const createKudosSchema = z
  .object({
    toMemberId: idSchema.optional(),
    toPodId: idSchema.optional(),
    message: z
      .string()
      .trim()
      .min(1, { message: "message is required: say what they did" })
      .max(1000, { message: "message can be at most 1000 characters" }),
    opportunityId: idSchema.optional().describe("The deal it is about"),
    campaignId: idSchema.optional().describe("The campaign it is about"),
    playId: idSchema.optional().describe("The play it is about"),
    playRunId: idSchema.optional().describe("The run of a play it is about (names its play)"),
  })
  .superRefine((k, ctx) => {
    if (!k.toMemberId && !k.toPodId)
      ctx.addIssue({ code: "custom", path: ["toMemberId"], message: "name a member or a pod (toPodId)" });
    if (k.toMemberId && k.toPodId)
      ctx.addIssue({ code: "custom", path: ["toPodId"], message: "kudos go to a member or a pod, not both" });
  });

export const wallQuerySchema = z.object({
  cursor: z.string().max(500).optional().describe("nextCursor from the previous page"),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  crossTeam: z
    .enum(["true", "false"], { message: "crossTeam must be true or false" })
    .optional()
    .transform((v) => (v === undefined ? undefined : v === "true"))
    .describe("true: only kudos across teams"),
});

export const wallPostSchema = z.object({
  id: idSchema,
  kind: z.enum(["kudos", "celebration"]),
  from: z.object({ memberId: idSchema, name: z.string(), team: z.enum(TEAMS) }).nullable(),
  to: z
    .object({
      kind: z.enum(["member", "pod"]),
      id: idSchema,
      name: z.string(),
      team: z.enum(TEAMS).nullable(),
    })
    .nullable(),
  message: z.string(),
  opportunity: z.object({ id: idSchema, name: z.string() }).nullable(),
  campaign: z.object({ id: idSchema, name: z.string() }).nullable(),
  /** The play it is about, and the run when it names one (the run's start date). */
  play: z
    .object({
      id: idSchema,
      name: z.string(),
      runId: idSchema.nullable(),
      runStartDate: z.string().nullable(),
    })
    .nullable(),
  sharedWinId: idSchema.nullable(),
  crossTeam: z.boolean(),
  createdAt: timestamp,
});
export type WallPost = z.infer<typeof wallPostSchema>;

export const wallPageSchema = pageSchema(wallPostSchema).extend({
  /** Kudos in the last 7 days, and how many of them crossed teams. */
  week: z.object({ kudos: z.number().int(), crossTeam: z.number().int() }),
});
export type WallPage = z.infer<typeof wallPageSchema>;
